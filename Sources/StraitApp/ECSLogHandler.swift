// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Foundation
public import Logging
import StraitCore
import Synchronization

/// A swift-log handler that writes one JSON object per line with Elastic Common Schema field names.
///
/// Each line has `@timestamp`, `log.level`, `message`, `log.logger`, `ecs.version`,
/// `service.name` and the metadata, whose keys are already ECS names (`event.action`,
/// `http.request.id`, `trace.id`, `http.response.status_code`, …). Integer metadata is written as a
/// JSON number. Only `main` installs it (`LoggingSystem.bootstrap`); libraries take a `Logger`.
public struct ECSLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let serviceName: String
    let output: LineWriter

    /// Serialises writes of whole lines to one file descriptor.
    public final class LineWriter: Sendable {
        private let lock = Mutex(())
        private let handle: FileHandle

        public init(handle: FileHandle) {
            self.handle = handle
        }

        /// Standard output.
        public static let standardOutput = LineWriter(handle: .standardOutput)

        func write(_ line: String) {
            lock.withLock { _ in handle.write(Data(line.utf8)) }
        }
    }

    public init(label: String, serviceName: String = "strait", output: LineWriter = .standardOutput) {
        self.label = label
        self.serviceName = serviceName
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        output.write(Self.render(level: event.level, message: "\(event.message)", label: label, service: serviceName, metadata: merged))
    }

    /// One JSON line (with its newline).
    public static func render(level: Logger.Level, message: String, label: String, service: String, metadata: Logger.Metadata) -> String {
        var line = "{\"@timestamp\":\"\(Timestamp.format(epochMilliseconds: Int64(Date().timeIntervalSince1970 * 1000)))\""
        line += ",\"log.level\":\"\(level.rawValue)\",\"message\":\(quote(message)),\"log.logger\":\(quote(label))"
        line += ",\"ecs.version\":\"8.11.0\",\"service.name\":\(quote(service))"
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            line += ",\(quote(key)):\(json(value))"
        }
        return line + "}\n"
    }

    private static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let s):
            return quote(s)
        case .stringConvertible(let c):
            if c is any BinaryInteger { return c.description }
            return quote(c.description)
        case .array(let items):
            return "[" + items.map(json).joined(separator: ",") + "]"
        case .dictionary(let map):
            return "{" + map.keys.sorted().map { "\(quote($0)):\(json(map[$0]!))" }.joined(separator: ",") + "}"
        }
    }

    private static func quote(_ string: String) -> String {
        "\"" + escape(string) + "\""
    }

    private static func escape(_ string: String) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

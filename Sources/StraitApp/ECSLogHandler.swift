// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Foundation
import Dispatch
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

    /// Writes whole lines to one file descriptor, in order, without holding up the caller.
    ///
    /// Lines at `info` and below are appended to a buffer under a short lock and written in
    /// batches: when the buffer passes 32 KiB, and every 100 ms by a timer. Lines at `notice` and
    /// above are written at once, with everything buffered before them. So a request never waits
    /// for a `write(2)` held by another thread. A crash can lose at most the last 100 ms of
    /// `info` lines; `flush()` is called on shutdown.
    public final class LineWriter: Sendable {
        private let buffer = Mutex<[UInt8]>([])
        private let writeLock = Mutex(())
        private let descriptor: Int32
        // Dispatch sources are thread-safe; the timer is only cancelled in deinit.
        nonisolated(unsafe) private let timer: any DispatchSourceTimer

        /// Writes to `descriptor` (which it does not close).
        public init(descriptor: Int32) {
            self.descriptor = descriptor
            let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "strait.log.flush"))
            self.timer = timer
            timer.schedule(deadline: .now() + .milliseconds(100), repeating: .milliseconds(100))
            timer.setEventHandler { [weak self] in self?.flush() }
            timer.resume()
        }

        deinit {
            timer.cancel()
        }

        /// Standard output.
        public static let standardOutput = LineWriter(descriptor: 1)

        func write(_ bytes: [UInt8], immediately: Bool) {
            let full = buffer.withLock { buffer -> Bool in
                buffer.append(contentsOf: bytes)
                return buffer.count >= 32 * 1024
            }
            if immediately || full { flush() }
        }

        /// Writes everything buffered.
        public func flush() {
            writeLock.withLock { _ in
                let pending = buffer.withLock { buffer -> [UInt8] in
                    let pending = buffer
                    buffer.removeAll(keepingCapacity: true)
                    return pending
                }
                guard !pending.isEmpty else { return }
                pending.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let written = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                        if written < 0 {
                            if errno == EINTR { continue }
                            return  // Nowhere to report a failed log write; drop the batch.
                        }
                        offset += written
                    }
                }
            }
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
        output.write(
            Self.render(level: event.level, message: "\(event.message)", label: label, service: serviceName, metadata: merged),
            immediately: event.level >= .notice
        )
    }

    /// One JSON line (with its newline), as UTF-8.
    public static func render(level: Logger.Level, message: String, label: String, service: String, metadata: Logger.Metadata) -> [UInt8] {
        var line = "{\"@timestamp\":\""
        line.reserveCapacity(512)
        line += Timestamp.format(epochMilliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        line += "\",\"log.level\":\""
        line += level.rawValue
        line += "\",\"message\":"
        line += quote(message)
        line += ",\"log.logger\":"
        line += quote(label)
        line += ",\"ecs.version\":\"8.11.0\",\"service.name\":"
        line += quote(service)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line += ","
            line += quote(key)
            line += ":"
            line += json(value)
        }
        line += "}\n"
        return Array(line.utf8)
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
        JSONText.quoted(string)
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// A small RFC 4180 reader: comma-separated fields, optional double quotes with `""` inside,
/// CRLF or LF line ends, blank lines skipped. Works on bytes; fields come out as strings.
public struct CSVReader: Sequence, IteratorProtocol {
    let bytes: [UInt8]
    var position = 0
    /// The line number where the row last returned starts (1-based).
    public private(set) var line = 0
    var nextLine = 1

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte order mark is not part of the first field.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    public mutating func next() -> [String]? {
        while position < bytes.count {
            line = nextLine
            var fields: [String] = []
            var quotedField: [UInt8] = []
            var quoted = false
            var inQuotes = false
            var start = position
            var ended = false
            while position < bytes.count {
                let byte = bytes[position]
                if inQuotes {
                    if byte == 0x22 {
                        if position + 1 < bytes.count && bytes[position + 1] == 0x22 {
                            quotedField.append(0x22)
                            position += 2
                        } else {
                            inQuotes = false
                            position += 1
                        }
                        continue
                    }
                    if byte == 0x0A { nextLine += 1 }
                    quotedField.append(byte)
                    position += 1
                    continue
                }
                if byte == 0x22 && position == start {
                    inQuotes = true
                    quoted = true
                    position += 1
                    continue
                }
                if byte == 0x2C || byte == 0x0A || byte == 0x0D {
                    fields.append(quoted ? String(decoding: quotedField, as: UTF8.self) : String(decoding: bytes[start..<position], as: UTF8.self))
                    quotedField.removeAll(keepingCapacity: true)
                    quoted = false
                    position += 1
                    start = position
                    if byte != 0x2C {
                        if byte == 0x0D && position < bytes.count && bytes[position] == 0x0A { position += 1 }
                        nextLine += 1
                        ended = true
                        break
                    }
                    continue
                }
                if quoted { quotedField.append(byte) }
                position += 1
            }
            if !ended {
                // The last line without a line end.
                fields.append(quoted ? String(decoding: quotedField, as: UTF8.self) : String(decoding: bytes[start..<position], as: UTF8.self))
            }
            if fields.count == 1 && fields[0].isEmpty { continue }  // a blank line
            return fields
        }
        return nil
    }

    /// A field quoted for CSV output when it needs to be.
    public static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

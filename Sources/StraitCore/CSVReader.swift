// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// A small RFC 4180 reader: comma-separated fields, optional double quotes with `""` inside (a
/// quoted field may span lines), CRLF or LF line ends, blank lines skipped. Works on bytes; fields
/// come out as strings. It never stops on bad input: a quote left open, or text after a closing
/// quote, is read as well as it can be and noted in ``problem`` for callers that refuse such files.
public struct CSVReader: Sequence, IteratorProtocol {
    let bytes: [UInt8]
    var position = 0
    /// The line number where the row last returned starts (1-based).
    public private(set) var line = 0
    var nextLine = 1
    /// Whether spaces and tabs around unquoted fields, and between a closing quote and the next
    /// comma, are dropped (OFAC's files write `-0- ,`).
    public let trimsWhitespace: Bool
    /// The first malformed place met so far: its line and what is wrong.
    public private(set) var problem: (line: Int, reason: String)?

    public init(_ bytes: [UInt8], trimsWhitespace: Bool = false) {
        self.bytes = bytes
        self.trimsWhitespace = trimsWhitespace
        // A UTF-8 byte order mark is not part of the first field.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// An unquoted field's text, trimmed when asked.
    private func unquoted(_ range: Range<Int>) -> String {
        var lower = range.lowerBound
        var upper = range.upperBound
        if trimsWhitespace {
            while lower < upper, Self.isBlank(bytes[lower]) { lower += 1 }
            while upper > lower, Self.isBlank(bytes[upper - 1]) { upper -= 1 }
        }
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    private mutating func note(_ line: Int, _ reason: String) {
        if problem == nil { problem = (line, reason) }
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
            var quoteLine = nextLine
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
                if byte == 0x22 && !quoted && (position == start || trimsWhitespace && bytes[start..<position].allSatisfy(Self.isBlank)) {
                    inQuotes = true
                    quoted = true
                    quoteLine = nextLine
                    position += 1
                    continue
                }
                if byte == 0x2C || byte == 0x0A || byte == 0x0D {
                    fields.append(quoted ? String(decoding: quotedField, as: UTF8.self) : unquoted(start..<position))
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
                if quoted && !(trimsWhitespace && Self.isBlank(byte)) {
                    note(nextLine, "text after a closing quote")
                    quotedField.append(byte)
                }
                position += 1
            }
            if inQuotes { note(quoteLine, "unterminated quoted field") }
            if !ended {
                // The last line without a line end.
                fields.append(quoted ? String(decoding: quotedField, as: UTF8.self) : unquoted(start..<position))
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

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// A CSV reader (RFC 4180: comma-separated, `"`-quoted fields with `""` escapes, fields may span
/// lines) over UTF-8 bytes, keeping the line each record starts on. Whitespace around unquoted
/// fields and between a closing quote and the comma is dropped (OFAC writes `-0- ,`). A trailing
/// DOS end-of-file mark (0x1A) is ignored.
struct CSVReader {
    struct Record {
        /// 1-based line the record starts on.
        var line: Int
        var fields: [String]
    }

    /// All records; blank lines are skipped.
    static func records(_ bytes: [UInt8], file: String) throws(ListImportError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var i = 0
        let n = bytes.count
        var quotedField = false
        var atFieldStart = true

        func trimmed(_ f: [UInt8], quoted: Bool) -> String {
            if quoted { return String(decoding: f, as: UTF8.self) }
            var lo = 0
            var hi = f.count
            while lo < hi, f[lo] == 0x20 || f[lo] == 0x09 { lo += 1 }
            while hi > lo, f[hi - 1] == 0x20 || f[hi - 1] == 0x09 { hi -= 1 }
            return String(decoding: f[lo..<hi], as: UTF8.self)
        }

        func endRecord() {
            fields.append(trimmed(field, quoted: quotedField))
            let blank = fields.count == 1 && fields[0].isEmpty && !quotedField
            let eof = fields.count == 1 && fields[0] == "\u{1A}"
            if !blank && !eof { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = []
            quotedField = false
            atFieldStart = true
        }

        while i < n {
            let b = bytes[i]
            if atFieldStart && b == 0x22 {
                // Quoted field.
                quotedField = true
                atFieldStart = false
                let startLine = line
                i += 1
                var closed = false
                while i < n {
                    let c = bytes[i]
                    if c == 0x22 {
                        if i + 1 < n && bytes[i + 1] == 0x22 {
                            field.append(0x22)
                            i += 2
                            continue
                        }
                        i += 1
                        closed = true
                        break
                    }
                    if c == 0x0A { line += 1 }
                    field.append(c)
                    i += 1
                }
                if !closed { throw ListImportError(.malformedCSV, file: file, line: startLine, "unterminated quoted field") }
                // Skip spaces up to the delimiter.
                while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
                if i < n, bytes[i] != 0x2C, bytes[i] != 0x0A, bytes[i] != 0x0D {
                    throw ListImportError(.malformedCSV, file: file, line: line, "text after a closing quote")
                }
                continue
            }
            switch b {
            case 0x2C:
                fields.append(trimmed(field, quoted: quotedField))
                field = []
                quotedField = false
                atFieldStart = true
            case 0x0D:
                break
            case 0x0A:
                endRecord()
                line += 1
                recordLine = line
            case 0x20 where atFieldStart, 0x09 where atFieldStart:
                break
            default:
                atFieldStart = false
                field.append(b)
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty || quotedField { endRecord() }
        return records
    }
}

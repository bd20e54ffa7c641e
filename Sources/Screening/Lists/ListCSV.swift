// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import StraitCore

/// The importers' CSV: StraitCore's reader with whitespace around fields dropped (OFAC writes
/// `-0- ,`), the line each record starts on, a trailing DOS end-of-file mark (0x1A) ignored, and a
/// malformed file refused with the place of its first problem.
enum ListCSV {
    struct Record {
        /// 1-based line the record starts on.
        var line: Int
        var fields: [String]
    }

    /// All records; blank lines are skipped.
    static func records(_ bytes: [UInt8], file: String) throws(ListImportError) -> [Record] {
        var reader = CSVReader(bytes, trimsWhitespace: true)
        var records: [Record] = []
        while let fields = reader.next() {
            if fields == ["\u{1A}"] { continue }
            records.append(Record(line: reader.line, fields: fields))
        }
        if let problem = reader.problem { throw ListImportError(.malformedCSV, file: file, line: problem.line, problem.reason) }
        return records
    }
}

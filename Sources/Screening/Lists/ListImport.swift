// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Foundation

/// Why a list could not be imported. ``code`` is stable (logs, API errors); ``file`` and ``line``
/// say where when known.
public struct ListImportError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// A file could not be read.
        case unreadable = "list.unreadable"
        /// The file is empty.
        case empty = "list.empty"
        /// The file is readable but is not the format it was imported as.
        case wrongFormat = "list.wrong_format"
        /// A CSV header lacks a required column.
        case missingColumn = "list.missing_column"
        /// CSV syntax error (e.g. an unterminated quoted field).
        case malformedCSV = "list.malformed_csv"
        /// XML syntax error (including a truncated document).
        case malformedXML = "list.malformed_xml"
        /// JSON syntax or structure error.
        case malformedJSON = "list.malformed_json"
        /// A date in a generic list is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
        case invalidDate = "list.invalid_date"
        /// A value in a generic list is not one the layout allows (e.g. an unknown `type`).
        case invalidValue = "list.invalid_value"
    }

    public var code: Code
    /// The file name (last path component, or the name given to in-memory data).
    public var file: String?
    /// 1-based line number in ``file`` (for JSON: 1-based record index).
    public var line: Int?
    public var message: String

    public init(_ code: Code, file: String? = nil, line: Int? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        var at = file ?? ""
        if let line { at += at.isEmpty ? "line \(line)" : ":\(line)" }
        return "\(code.rawValue)\(at.isEmpty ? "" : " at \(at)"): \(message)"
    }
}

/// What an import did: counts, rows it skipped and country names it could not resolve.
public struct ListImportReport: Sendable, Hashable {
    /// A row or record left out of the list, and why.
    public struct Skipped: Sendable, Hashable {
        public var file: String
        /// 1-based line (CSV) or record index (JSON, XML entries).
        public var line: Int
        public var reason: String
        public init(file: String, line: Int, reason: String) {
            self.file = file
            self.line = line
            self.reason = reason
        }
    }

    public var source: String
    public var entitiesByKind: [ListEntity.Kind: Int] = [:]
    /// All names, primaries included.
    public var names = 0
    /// Names that are not primary (strong and weak aliases, original-script spellings).
    public var aliases = 0
    /// Of ``aliases``, the weak ones.
    public var weakAliases = 0
    public var birthDatesParsed = 0
    /// Birth-date texts that could not be read, as the list wrote them.
    public var birthDatesUnparsed: [String] = []
    public var identifiers = 0
    /// Country names (nationality, document issuer, address) not in the country table, with how often each occurred.
    public var unresolvedCountries: [String: Int] = [:]
    public var skipped: [Skipped] = []

    public init(source: String) { self.source = source }

    /// Total entities.
    public var entities: Int { entitiesByKind.values.reduce(0, +) }
    /// Total occurrences of unresolved country names.
    public var unresolvedCountryOccurrences: Int { unresolvedCountries.values.reduce(0, +) }

    mutating func count(_ entity: ListEntity) {
        entitiesByKind[entity.kind, default: 0] += 1
        names += entity.names.count
        for name in entity.names where name.quality != .primary {
            aliases += 1
            if name.quality == .weak { weakAliases += 1 }
        }
        birthDatesParsed += entity.birthDates.count
        identifiers += entity.identifiers.count
    }

    mutating func skip(_ file: String, _ line: Int, _ reason: String) {
        skipped.append(Skipped(file: file, line: line, reason: reason))
    }

    /// Resolves a country name through ``CountryTable``, recording it when it does not resolve.
    mutating func country(_ name: String?) -> String? {
        guard let name = name?.trimmed, !name.isEmpty, !CountryTable.isPlaceholder(name) else {
            return nil
        }
        if let code = CountryTable.alpha2(name) { return code }
        unresolvedCountries[name, default: 0] += 1
        return nil
    }
}

/// A list as imported with the report of its import.
public struct ListImport: Sendable {
    public var list: ScreeningList
    public var report: ListImportReport
    public init(list: ScreeningList, report: ListImportReport) {
        self.list = list
        self.report = report
    }
}

/// Imports sanctions and PEP lists into ``ScreeningList``: OFAC SDN (CSV), the UN Security Council
/// consolidated list (XML), the EU consolidated financial sanctions list (XML), and generic CSV and
/// JSON lists (layouts in `docs/screening.md`, "Lists"). No I/O beyond reading the given files.
public enum ListImporter {
    /// Reads the OFAC SDN files `sdn.csv`, and `alt.csv` and `add.csv` when present, from a directory.
    public static func ofacSDN(directory: URL) throws(ListImportError) -> ListImport {
        let sdn = try read(directory.appendingPathComponent("sdn.csv"))
        let alt = try readIfPresent(directory.appendingPathComponent("alt.csv"))
        let add = try readIfPresent(directory.appendingPathComponent("add.csv"))
        return try OFACSDNParser.parse(sdn: sdn, alt: alt, add: add)
    }

    /// Parses OFAC SDN CSV data: `sdn` (main records), and optionally `alt` (aliases) and `add` (addresses).
    public static func ofacSDN(sdn: Data, alt: Data? = nil, add: Data? = nil) throws(ListImportError) -> ListImport {
        try OFACSDNParser.parse(sdn: sdn, alt: alt, add: add)
    }

    /// Parses the UN Security Council consolidated list XML.
    public static func unConsolidated(xml: Data) throws(ListImportError) -> ListImport {
        try UNConsolidatedParser.parse(xml)
    }

    /// Parses the EU consolidated financial sanctions list XML (`export`/`sanctionEntity`).
    public static func euConsolidated(xml: Data) throws(ListImportError) -> ListImport {
        try EUConsolidatedParser.parse(xml)
    }

    /// Parses a generic CSV list (header row naming the columns); `name` becomes the list's source.
    public static func generic(csv: Data, name: String) throws(ListImportError) -> ListImport {
        try GenericListParser.parseCSV(csv, source: name)
    }

    /// Parses a generic JSON list (an array of objects); `name` becomes the list's source.
    public static func generic(json: Data, name: String) throws(ListImportError) -> ListImport {
        try GenericListParser.parseJSON(json, source: name)
    }

    static func read(_ url: URL) throws(ListImportError) -> Data {
        do { return try Data(contentsOf: url) } catch {
            throw ListImportError(.unreadable, file: url.lastPathComponent, "cannot read \(url.path): \(error.localizedDescription)")
        }
    }

    static func readIfPresent(_ url: URL) throws(ListImportError) -> Data? {
        FileManager.default.fileExists(atPath: url.path) ? try read(url) : nil
    }
}

// MARK: - Shared helpers

extension StringProtocol {
    /// Without leading and trailing whitespace (Foundation's `trimmingCharacters` is slow on Linux).
    var trimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }

    /// Trimmed, or nil when empty.
    var nonEmpty: String? {
        let t = trimmed
        return t.isEmpty ? nil : t
    }
}

/// Text of a file as UTF-8 bytes: UTF-8 as is (BOM removed), anything else read as ISO 8859-1
/// (older OFAC files are Latin-1).
func utf8Bytes(_ data: Data) -> [UInt8] {
    var bytes = [UInt8](data)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    if String(validating: bytes, as: UTF8.self) != nil { return bytes }
    var text = String.UnicodeScalarView()
    text.append(contentsOf: bytes.map { Unicode.Scalar($0) })
    return Array(String(text).utf8)
}

/// Dates of the generic layouts and of ISO-dated lists: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, and a range `YYYY..YYYY`.
func parseISOPartialDate(_ text: String) -> PartialDate? {
    let t = text.trimmed
    if let range = t.range(of: "..") {
        guard let a = parseISOPartialDate(String(t[..<range.lowerBound])), let b = parseISOPartialDate(String(t[range.upperBound...])),
            a.toYear == nil, b.toYear == nil, b.year >= a.year
        else { return nil }
        return a.year == b.year ? a : PartialDate(year: a.year, toYear: b.year)
    }
    let parts = t.split(separator: "-", omittingEmptySubsequences: false)
    guard (1...3).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]), year > 0 else { return nil }
    var month: Int?
    var day: Int?
    if parts.count >= 2 {
        guard parts[1].count == 2, let m = Int(parts[1]), (1...12).contains(m) else { return nil }
        month = m
    }
    if parts.count == 3 {
        guard parts[2].count == 2, let d = Int(parts[2]), (1...daysIn(month: month!, year: year)).contains(d) else { return nil }
        day = d
    }
    return PartialDate(year: year, month: month, day: day)
}

func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

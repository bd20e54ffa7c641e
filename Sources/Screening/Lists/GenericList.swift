// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// Generic lists (own watchlists, PEP exports) in two layouts with the same fields:
///
/// CSV — a header row names the columns, in any order, case-insensitively:
/// `id` and `name` (required), `type` (`person`, `organization`, `vessel`, `aircraft`, `unknown`;
/// also `individual`, `organisation`, `entity`, `company`; empty = `unknown`), `aliases` and
/// `weak_aliases` (`;`-separated), `birth_date` (`;`-separated `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or
/// `YYYY..YYYY`), `nationality` (`;`-separated alpha-2 codes or country names), `programs`
/// (`;`-separated), `identifiers` (`;`-separated `TYPE:NUMBER` or `TYPE:NUMBER:CC`), `remarks`.
/// Other columns are ignored.
///
/// JSON — an array of objects with the same keys; the `;`-separated fields are arrays of strings
/// (a single string is accepted), `identifiers` is an array of `{"type", "number", "country"}`.
///
/// Rows with an empty `id` or `name` are skipped (and reported); a malformed date, type or
/// identifier is an error.
enum GenericListParser {
    struct Record {
        var id: String?
        var name: String?
        var type: String?
        var aliases: [String] = []
        var weakAliases: [String] = []
        var birthDates: [String] = []
        var nationalities: [String] = []
        var programs: [String] = []
        var identifiers: [ListIdentifier] = []
        var remarks: String?
    }

    static let required = ["id", "name"]

    static func parseCSV(_ data: Data, source: String) throws(ListImportError) -> ListImport {
        let file = "\(source).csv"
        let rows = try ListCSV.records(utf8Bytes(data), file: file)
        guard let header = rows.first else { throw ListImportError(.empty, file: file, "no header row") }
        let columns = header.fields.map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
        for column in required where !columns.contains(column) {
            throw ListImportError(.missingColumn, file: file, line: header.line, "the header has no `\(column)` column (found: \(columns.joined(separator: ",")))")
        }
        var report = ListImportReport(source: source)
        var entities: [ListEntity] = []
        var seen: Set<String> = []
        for row in rows.dropFirst() {
            guard row.fields.count == columns.count else {
                throw ListImportError(.malformedCSV, file: file, line: row.line, "\(row.fields.count) fields, the header has \(columns.count)")
            }
            var record = Record()
            func list(_ value: String) -> [String] { value.split(separator: ";").compactMap { String($0).nonEmpty } }
            for (column, value) in zip(columns, row.fields) {
                switch column {
                case "id": record.id = value.nonEmpty
                case "name": record.name = value.nonEmpty
                case "type": record.type = value.nonEmpty
                case "aliases": record.aliases = list(value)
                case "weak_aliases": record.weakAliases = list(value)
                case "birth_date": record.birthDates = list(value)
                case "nationality": record.nationalities = list(value)
                case "programs": record.programs = list(value)
                case "remarks": record.remarks = value.nonEmpty
                case "identifiers":
                    for item in list(value) {
                        let parts = item.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
                        guard parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                            throw ListImportError(.invalidValue, file: file, line: row.line, "identifier `\(item)` is not TYPE:NUMBER[:CC]")
                        }
                        record.identifiers.append(ListIdentifier(type: parts[0], number: parts[1], country: parts.count == 3 ? parts[2].nonEmpty : nil))
                    }
                default: break
                }
            }
            if let entity = try entity(record, source: source, file: file, line: row.line, seen: &seen, report: &report) { entities.append(entity) }
        }
        return ListImport(list: ScreeningList(source: source, version: "fnv1a64:" + fnv1a([data]), entities: entities), report: report)
    }

    static func parseJSON(_ data: Data, source: String) throws(ListImportError) -> ListImport {
        let file = "\(source).json"
        guard !data.isEmpty else { throw ListImportError(.empty, file: file, "no data") }
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: data) } catch {
            throw ListImportError(.malformedJSON, file: file, "not JSON: \(error.localizedDescription)")
        }
        guard let array = parsed as? [Any] else { throw ListImportError(.wrongFormat, file: file, "the top level is not an array") }
        var report = ListImportReport(source: source)
        var entities: [ListEntity] = []
        var seen: Set<String> = []
        for (n, item) in array.enumerated() {
            let index = n + 1
            guard let object = item as? [String: Any] else { throw ListImportError(.malformedJSON, file: file, line: index, "record \(index) is not an object") }
            func string(_ key: String) throws(ListImportError) -> String? {
                guard let v = object[key], !(v is NSNull) else { return nil }
                if let s = v as? String { return s.nonEmpty }
                if let number = v as? NSNumber, key == "id" { return number.stringValue }
                throw ListImportError(.malformedJSON, file: file, line: index, "`\(key)` is not a string")
            }
            func strings(_ key: String) throws(ListImportError) -> [String] {
                guard let v = object[key], !(v is NSNull) else { return [] }
                if let s = v as? String { return s.nonEmpty.map { [$0] } ?? [] }
                if let a = v as? [Any] {
                    var out: [String] = []
                    for e in a {
                        guard let s = e as? String else { throw ListImportError(.malformedJSON, file: file, line: index, "`\(key)` has a non-string element") }
                        if let s = s.nonEmpty { out.append(s) }
                    }
                    return out
                }
                throw ListImportError(.malformedJSON, file: file, line: index, "`\(key)` is not a string or an array of strings")
            }
            var record = Record()
            record.id = try string("id")
            record.name = try string("name")
            record.type = try string("type")
            record.aliases = try strings("aliases")
            record.weakAliases = try strings("weak_aliases")
            record.birthDates = try strings("birth_date")
            record.nationalities = try strings("nationality")
            record.programs = try strings("programs")
            record.remarks = try string("remarks")
            if let ids = object["identifiers"], !(ids is NSNull) {
                guard let a = ids as? [Any] else { throw ListImportError(.malformedJSON, file: file, line: index, "`identifiers` is not an array") }
                for e in a {
                    guard let o = e as? [String: Any], let type = (o["type"] as? String)?.nonEmpty, let number = (o["number"] as? String)?.nonEmpty else {
                        throw ListImportError(.invalidValue, file: file, line: index, "an identifier lacks `type` or `number`")
                    }
                    record.identifiers.append(ListIdentifier(type: type, number: number, country: (o["country"] as? String)?.nonEmpty))
                }
            }
            if let entity = try entity(record, source: source, file: file, line: index, seen: &seen, report: &report) { entities.append(entity) }
        }
        return ListImport(list: ScreeningList(source: source, version: "fnv1a64:" + fnv1a([data]), entities: entities), report: report)
    }

    static func entity(
        _ record: Record, source: String, file: String, line: Int, seen: inout Set<String>, report: inout ListImportReport
    ) throws(ListImportError) -> ListEntity? {
        guard let id = record.id else {
            report.skip(file, line, "empty id")
            return nil
        }
        guard let name = record.name else {
            report.skip(file, line, "empty name")
            return nil
        }
        guard seen.insert(id).inserted else {
            report.skip(file, line, "duplicate id \(id)")
            return nil
        }
        let kind: ListEntity.Kind
        switch record.type?.lowercased() {
        case nil, "unknown": kind = .unknown
        case "person", "individual": kind = .person
        case "organization", "organisation", "entity", "company": kind = .organization
        case "vessel": kind = .vessel
        case "aircraft": kind = .aircraft
        case let other?: throw ListImportError(.invalidValue, file: file, line: line, "unknown type `\(other)`")
        }
        var entity = ListEntity(id: id, list: source, kind: kind, names: [ListName(name, quality: .primary, script: ScriptDetector.detect(name))])
        for alias in record.aliases { OFACSDNParser.add(ListName(alias, quality: .alias, script: ScriptDetector.detect(alias)), to: &entity) }
        for alias in record.weakAliases { OFACSDNParser.add(ListName(alias, quality: .weak, script: ScriptDetector.detect(alias)), to: &entity) }
        for text in record.birthDates {
            guard let date = parseISOPartialDate(text) else {
                throw ListImportError(.invalidDate, file: file, line: line, "birth date `\(text)` is not YYYY, YYYY-MM, YYYY-MM-DD or YYYY..YYYY")
            }
            if !entity.birthDates.contains(date) { entity.birthDates.append(date) }
        }
        for nationality in record.nationalities {
            if let code = report.country(nationality), !entity.nationalities.contains(code) { entity.nationalities.append(code) }
        }
        entity.identifiers = record.identifiers.map { identifier in
            var resolved = identifier
            resolved.country = identifier.country.flatMap { report.country($0) }
            return resolved
        }
        entity.programs = record.programs
        entity.remarks = record.remarks
        report.count(entity)
        return entity
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// The OFAC SDN list in its CSV layout: `sdn.csv` (one row per entry), `alt.csv` (aliases),
/// `add.csv` (addresses). No header rows; `-0-` means empty. Strong aliases come from `alt.csv`;
/// weak ones are the quoted `a.k.a. '…'` facts in the Remarks field of `sdn.csv`.
enum OFACSDNParser {
    static let source = "ofac-sdn"

    static func parse(sdn: Data, alt: Data?, add: Data?) throws(ListImportError) -> ListImport {
        var report = ListImportReport(source: source)
        let rows = try ListCSV.records(utf8Bytes(sdn), file: "sdn.csv")
        guard !rows.isEmpty else { throw ListImportError(.empty, file: "sdn.csv", "no records") }

        var entities: [ListEntity] = []
        var index: [String: Int] = [:]
        for (n, row) in rows.enumerated() {
            if n == 0, row.fields.first?.lowercased() == "ent_num" { continue }
            guard row.fields.count == 12, Int(row.fields[0]) != nil else {
                if entities.isEmpty {
                    throw ListImportError(
                        .wrongFormat, file: "sdn.csv", line: row.line,
                        "not an OFAC sdn.csv row (expected 12 columns starting with a numeric ent_num, found \(row.fields.count))")
                }
                report.skip("sdn.csv", row.line, "expected 12 columns with a numeric ent_num, found \(row.fields.count)")
                continue
            }
            let f = row.fields.map(value)
            let id = f[0]!
            guard index[id] == nil else {
                report.skip("sdn.csv", row.line, "duplicate ent_num \(id)")
                continue
            }
            guard let name = f[1] else {
                report.skip("sdn.csv", row.line, "no SDN_Name")
                continue
            }
            let kind: ListEntity.Kind
            switch f[2]?.lowercased() {
            case nil: kind = .organization
            case "individual": kind = .person
            case "vessel": kind = .vessel
            case "aircraft": kind = .aircraft
            default: kind = .unknown
            }
            var entity = ListEntity(id: id, list: source, kind: kind, names: [ListName(name, quality: .primary, script: ScriptDetector.detect(name))])
            entity.programs = programs(f[3])
            if let callSign = f[5] { entity.identifiers.append(ListIdentifier(type: "Call Sign", number: callSign)) }
            entity.remarks = f[11]
            if let remarks = f[11] { apply(remarks: remarks, to: &entity, report: &report) }
            index[id] = entities.count
            entities.append(entity)
        }

        if let alt {
            for (line, f, i) in try linkedRows(alt, file: "alt.csv", columns: 5, index: index, report: &report) {
                guard let name = f[3] else {
                    report.skip("alt.csv", line, "no alt_name")
                    continue
                }
                let weak = f[4]?.lowercased().contains("weak") == true
                OFACSDNParser.add(ListName(name, quality: weak ? .weak : .alias, script: ScriptDetector.detect(name)), to: &entities[i])
            }
        }

        if let add {
            for (_, f, i) in try linkedRows(add, file: "add.csv", columns: 6, index: index, report: &report) {
                if f[2] == nil && f[3] == nil && f[4] == nil { continue }
                entities[i].addresses.append(ListAddress(street: f[2], city: f[3], countryName: f[4], country: report.country(f[4])))
            }
        }

        for entity in entities { report.count(entity) }
        let version = "fnv1a64:" + fnv1a([sdn, alt ?? Data(), add ?? Data()])
        return ListImport(list: ScreeningList(source: source, version: version, entities: entities), report: report)
    }

    /// The rows of `alt.csv` or `add.csv` that belong to an entity of `sdn.csv`: their line, their
    /// values (``value(_:)``) and the entity's position. A first row that is neither such a row nor a
    /// header means the file is not of that layout; later bad rows are skipped into the report.
    static func linkedRows(
        _ data: Data, file: String, columns: Int, index: [String: Int], report: inout ListImportReport
    ) throws(ListImportError) -> [(line: Int, values: [String?], entity: Int)] {
        let rows = try ListCSV.records(utf8Bytes(data), file: file)
        var linked: [(line: Int, values: [String?], entity: Int)] = []
        for row in rows {
            guard row.fields.count == columns, Int(row.fields[0]) != nil else {
                if row.line == rows.first?.line, row.fields.first?.lowercased() != "ent_num" {
                    throw ListImportError(.wrongFormat, file: file, line: row.line, "not an OFAC \(file) row (expected \(columns) columns)")
                }
                report.skip(file, row.line, "expected \(columns) columns with a numeric ent_num, found \(row.fields.count)")
                continue
            }
            let values = row.fields.map(value)
            guard let position = index[values[0]!] else {
                report.skip(file, row.line, "ent_num \(values[0]!) is not in sdn.csv")
                continue
            }
            linked.append((row.line, values, position))
        }
        return linked
    }

    /// A field's value: nil for empty and `-0-`.
    static func value(_ field: String) -> String? {
        let t = field.trimmed
        return t.isEmpty || t == "-0-" ? nil : t
    }

    /// `SDGT] [IRGC` (the CSV keeps the inner brackets of `[SDGT] [IRGC]`) → `["SDGT", "IRGC"]`.
    static func programs(_ field: String?) -> [String] {
        guard let field else { return [] }
        return field.split(whereSeparator: { $0 == "[" || $0 == "]" }).compactMap { String($0).nonEmpty }
    }

    static func add(_ name: ListName, to entity: inout ListEntity) {
        guard !entity.names.contains(where: { $0.value == name.value }) else { return }
        entity.names.append(name)
    }

    // MARK: Remarks

    /// Reads the `;`-separated facts of the Remarks field: dates of birth, nationality and
    /// citizenship, identifiers, weak aliases. Other facts stay in ``ListEntity/remarks`` only.
    static func apply(remarks: String, to entity: inout ListEntity, report: inout ListImportReport) {
        var text = remarks
        if text.hasSuffix(".") { text.removeLast() }
        for raw in text.split(separator: ";") {
            var fact = raw.trimmed
            if fact.hasPrefix("alt. ") || fact.hasPrefix("Alt. ") { fact = fact.dropFirst(5).trimmed }
            guard !fact.isEmpty else { continue }
            if fact.hasPrefix("DOB ") {
                let dateText = String(fact.dropFirst(4))
                if let date = parseDate(dateText) {
                    if !entity.birthDates.contains(date) { entity.birthDates.append(date) }
                } else {
                    report.birthDatesUnparsed.append(dateText)
                }
            } else if let country = fact.dropPrefix("nationality ") ?? fact.dropPrefix("citizen ") {
                if let code = report.country(String(country)), !entity.nationalities.contains(code) { entity.nationalities.append(code) }
            } else if fact.hasPrefix("a.k.a. ") || fact.hasPrefix("f.k.a. ") || fact.hasPrefix("n.k.a. ") {
                let body = fact.dropFirst(7)
                guard let open = body.firstIndex(of: "'"), let close = body.lastIndex(of: "'"), open < close,
                    let name = String(body[body.index(after: open)..<close]).nonEmpty
                else { continue }
                add(ListName(name, quality: .weak, script: ScriptDetector.detect(name)), to: &entity)
            } else if let identifier = identifier(fact, report: &report) {
                if !entity.identifiers.contains(identifier) { entity.identifiers.append(identifier) }
            }
        }
    }

    /// Identifier types recognised by their exact prefix, longest first (each with the space that follows it).
    static let identifierPrefixes: [String] = [
        "Aircraft Construction Number (also called L/N or S/N or F/N)", "Aircraft Manufacturer's Serial Number (MSN)",
        "Aircraft Mode S Transponder Code", "Aircraft Tail Number", "Passport", "Diplomatic Passport", "National ID No.",
        "Tax ID No.", "SWIFT/BIC", "MMSI", "IMO", "Cedula No.", "NIT #", "R.F.C. #", "R.F.C.", "RFC", "C.U.R.P. #", "C.U.R.P.", "RUC #",
        "RIF #", "D.N.I.", "C.U.I.T.", "C.U.I.P.", "I.F.E.", "V.A.T. Number", "SSN", "D-U-N-S Number", "Credencial electoral",
        "RTN", "Registration ID", "Registration Number", "Identification Number", "Business Registration Document #",
        "Business Registration Number", "Company Number", "UK Company Number", "Public Registration Number",
        "Commercial Registry Number", "Folio Mercantil No.", "Matricula Mercantil No", "Driver's License No.", "Personal ID Card",
        "Electoral Registry No.", "Trade License No.", "Residency Number", "Birth Certificate Number", "Kenyan ID No.",
        "Legal Entity Number", "Travel Document Number", "Certificate of Incorporation Number", "US FEIN", "Immigration No.",
        "Cartilla de Servicio Militar Nacional", "Stateless Person ID Card", "Refugee ID Card", "Citizen's Card Number",
    ].sorted { $0.count > $1.count }.map { $0 + " " }

    /// Words an identifier type ends with, for types not in ``identifierPrefixes``.
    static let identifierSuffixes = ["No.", "No", "#", "Number", "ID", "Card"]
    static let notIdentifiers = ["Phone", "Telephone", "Fax", "Email", "Website", "Linked", "Additional", "Executive", "Gender"]

    /// An identifier fact: `TYPE NUMBER`, optionally followed by `(Country)` and `issued …`/`expires …`.
    static func identifier(_ fact: String, report: inout ListImportReport) -> ListIdentifier? {
        var type: String
        var rest: Substring
        if let r = fact.dropPrefix("Vessel Registration Identification ") {
            let parts = r.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            type = String(parts[0])
            rest = parts[1]
        } else if let r = fact.dropPrefix("Digital Currency Address - ") {
            let parts = r.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            type = "Digital Currency Address - \(parts[0])"
            rest = parts[1]
        } else if let prefix = identifierPrefixes.first(where: { fact.utf8.starts(with: $0.utf8) }) {
            type = String(prefix.dropLast())
            rest = fact.dropFirst(prefix.count)
        } else {
            // `Words … No. 12345`: the type is the text before the first word with a digit.
            let words = fact.split(separator: " ")
            guard let k = words.firstIndex(where: { $0.contains(where: \.isNumber) }), k > 0 else { return nil }
            let prefix = words[..<k].joined(separator: " ")
            guard identifierSuffixes.contains(where: { prefix.hasSuffix(" " + $0) || prefix == $0 }),
                !notIdentifiers.contains(where: { prefix.contains($0) }), prefix.first?.isUppercase == true
            else { return nil }
            type = prefix
            rest = fact.dropFirst(prefix.count + 1)
        }
        type = type.trimmed
        var number = rest
        var country: String?
        if let open = rest.range(of: " (") ?? (rest.hasPrefix("(") ? rest.startIndex..<rest.index(after: rest.startIndex) : nil),
            let close = rest[open.upperBound...].firstIndex(of: ")")
        {
            number = rest[..<open.lowerBound]
            country = report.country(String(rest[open.upperBound..<close]))
        } else {
            for stop in [", issued", " issued ", ", expires", " expires "] {
                if let r = number.range(of: stop) { number = number[..<r.lowerBound] }
            }
        }
        while let last = number.last, last == "," || last.isWhitespace { number.removeLast() }
        guard let n = number.nonEmpty else { return nil }
        return ListIdentifier(type: type, number: n, country: country)
    }

    // MARK: Dates

    static let months = ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12]

    /// `12 Jan 1960`, `Jan 1960`, `1960`, `circa …`, `1960 to 1962`, `01 Jan 1960 to 31 Dec 1962`, `circa 1971-1973`.
    static func parseDate(_ text: String) -> PartialDate? {
        var t = text.trimmed
        var approximate = false
        if let r = t.dropPrefix("circa ") {
            approximate = true
            t = String(r)
        }
        var result: PartialDate?
        if let to = t.range(of: " to ") ?? yearDash(t) {
            guard let a = simpleDate(String(t[..<to.lowerBound])), let b = simpleDate(String(t[to.upperBound...])), b.year >= a.year else {
                return nil
            }
            if a.year == b.year {
                result = PartialDate(year: a.year, month: a.month == b.month ? a.month : nil, day: a.month == b.month && a.day == b.day ? a.day : nil)
            } else {
                result = PartialDate(year: a.year, toYear: b.year)
            }
            result?.approximate = approximate
        } else if let d = simpleDate(t) {
            result = d
            if approximate {
                result!.approximate = true
                if d.month == nil {
                    result!.year = d.year - 1
                    result!.toYear = d.year + 1
                }
            }
        }
        return result
    }

    /// `1971-1973`.
    private static func yearDash(_ t: String) -> Range<String.Index>? {
        guard t.count == 9, let r = t.range(of: "-"), Int(t[..<r.lowerBound]) != nil, Int(t[r.upperBound...]) != nil else { return nil }
        return r
    }

    /// `DD Mon YYYY`, `Mon YYYY`, `YYYY`.
    static func simpleDate(_ text: String) -> PartialDate? {
        let words = text.split(separator: " ")
        guard let last = words.last, last.count == 4, let year = Int(last), year > 1800 else { return nil }
        switch words.count {
        case 1: return PartialDate(year: year)
        case 2:
            guard let m = months[words[0].prefix(3).lowercased()] else { return nil }
            return PartialDate(year: year, month: m)
        case 3:
            guard let d = Int(words[0]), let m = months[words[1].prefix(3).lowercased()], (1...daysIn(month: m, year: year)).contains(d) else {
                return nil
            }
            return PartialDate(year: year, month: m, day: d)
        default: return nil
        }
    }
}

extension String {
    /// The rest after `prefix`, or nil when it does not start with it.
    func dropPrefix(_ prefix: String) -> Substring? {
        hasPrefix(prefix) ? dropFirst(prefix.count) : nil
    }
}

/// FNV-1a 64-bit over several byte strings (each followed by a separator), in hex: a cheap version
/// tag for lists that state none.
func fnv1a(_ parts: [Data]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for part in parts {
        for byte in part {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        hash ^= 0xff
        hash &*= 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}

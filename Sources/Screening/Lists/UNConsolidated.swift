// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// The UN Security Council consolidated list XML: `CONSOLIDATED_LIST` (attribute `dateGenerated`)
/// with `INDIVIDUALS/INDIVIDUAL` and `ENTITIES/ENTITY`.
enum UNConsolidatedParser {
    static let source = "un-consolidated"

    static func parse(_ data: Data) throws(ListImportError) -> ListImport {
        let file = "UN consolidated XML"
        let root = try XMLElement.parseList(data, file: file, root: "CONSOLIDATED_LIST")
        var report = ListImportReport(source: source)
        var entities: [ListEntity] = []
        var seen: Set<String> = []
        var record = 0
        for group in root.children {
            let (tag, kind, aliasTag, addressTag): (String, ListEntity.Kind, String, String)
            switch group.name {
            case "INDIVIDUALS": (tag, kind, aliasTag, addressTag) = ("INDIVIDUAL", .person, "INDIVIDUAL_ALIAS", "INDIVIDUAL_ADDRESS")
            case "ENTITIES": (tag, kind, aliasTag, addressTag) = ("ENTITY", .organization, "ENTITY_ALIAS", "ENTITY_ADDRESS")
            default: continue
            }
            for element in group.all(tag) {
                record += 1
                guard let id = element.text("DATAID") else {
                    report.skip(file, record, "\(tag) without DATAID")
                    continue
                }
                guard seen.insert(id).inserted else {
                    report.skip(file, record, "duplicate DATAID \(id)")
                    continue
                }
                let parts = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"].compactMap { element.text($0) }
                guard !parts.isEmpty else {
                    report.skip(file, record, "\(tag) \(id) has no name")
                    continue
                }
                let primary = parts.joined(separator: " ")
                var entity = ListEntity(id: id, list: source, kind: kind, names: [ListName(primary, quality: .primary, script: ScriptDetector.detect(primary))])
                for original in element.all("NAME_ORIGINAL_SCRIPT") {
                    if let name = original.text.nonEmpty { OFACSDNParser.add(ListName(name, quality: .alias, script: ScriptDetector.detect(name)), to: &entity) }
                }
                for alias in element.all(aliasTag) {
                    guard let name = alias.text("ALIAS_NAME") else { continue }
                    // QUALITY: `Good` and `a.k.a.`/`f.k.a.` are strong, `Low` is weak; empty is taken as strong.
                    let weak = alias.text("QUALITY")?.lowercased() == "low"
                    OFACSDNParser.add(ListName(name, quality: weak ? .weak : .alias, script: ScriptDetector.detect(name)), to: &entity)
                }
                for dob in element.all("INDIVIDUAL_DATE_OF_BIRTH") {
                    switch birthDate(dob) {
                    case .date(let date): if !entity.birthDates.contains(date) { entity.birthDates.append(date) }
                    case .unparsed(let text): report.birthDatesUnparsed.append(text)
                    case .none: break
                    }
                }
                for nationality in element.all("NATIONALITY") {
                    for value in nationality.all("VALUE") {
                        if let code = report.country(value.text), !entity.nationalities.contains(code) { entity.nationalities.append(code) }
                    }
                }
                for document in element.all("INDIVIDUAL_DOCUMENT") {
                    guard let number = document.text("NUMBER") else { continue }
                    let type = document.text("TYPE_OF_DOCUMENT") ?? document.text("TYPE_OF_DOCUMENT2") ?? "Document"
                    let country = report.country(document.text("ISSUING_COUNTRY") ?? document.text("COUNTRY_OF_ISSUE"))
                    entity.identifiers.append(ListIdentifier(type: type, number: number, country: country))
                }
                for address in element.all(addressTag) {
                    let street = address.text("STREET")
                    let city = [address.text("CITY"), address.text("STATE_PROVINCE"), address.text("ZIP_CODE")].compactMap { $0 }.joined(separator: " ").nonEmpty
                    let countryName = address.text("COUNTRY")
                    if street == nil && city == nil && countryName == nil { continue }
                    entity.addresses.append(ListAddress(street: street, city: city, countryName: countryName, country: report.country(countryName)))
                }
                if let program = element.text("UN_LIST_TYPE") { entity.programs = [program] }
                entity.remarks = element.text("COMMENTS1")
                report.count(entity)
                entities.append(entity)
            }
        }
        if record == 0 { throw ListImportError(.wrongFormat, file: file, "no INDIVIDUAL or ENTITY elements") }
        let version = root.attribute("dateGenerated") ?? "fnv1a64:" + fnv1a([data])
        return ListImport(list: ScreeningList(source: source, version: version, entities: entities), report: report)
    }

    enum BirthDate {
        case date(PartialDate)
        case unparsed(String)
    }

    /// `TYPE_OF_DATE` `EXACT` (with `DATE` or `YEAR`), `APPROXIMATELY` (a year becomes year ± 1),
    /// `BETWEEN` (`FROM_YEAR`…`TO_YEAR`). An element with no date and no note is not a date; one
    /// with only a `NOTE`, or whose values do not read, is reported as unparsed.
    static func birthDate(_ element: XMLElement) -> BirthDate? {
        let type = element.text("TYPE_OF_DATE")?.uppercased() ?? "EXACT"
        let dateText = element.text("DATE")
        let yearText = element.text("YEAR")
        let from = element.text("FROM_YEAR")
        let to = element.text("TO_YEAR")
        if dateText == nil && yearText == nil && from == nil && to == nil {
            // Only a NOTE (e.g. `Nov. 1973`, `30-35 years old`): kept as unparsed text.
            return element.text("NOTE").map { .unparsed("\(type) NOTE \($0)") }
        }
        let raw = [type, dateText, yearText, from, to].compactMap { $0 }.joined(separator: " ")
        if let from, let to {
            guard let a = Int(from), let b = Int(to), b >= a else { return .unparsed(raw) }
            return .date(PartialDate(year: a, toYear: a == b ? nil : b, approximate: type == "APPROXIMATELY"))
        }
        // UN dates are ISO (`1966-01-01`); some generators append a time or zone.
        guard var date = (dateText.map { String($0.prefix(10)) }).flatMap(parseISOPartialDate) ?? yearText.flatMap(parseISOPartialDate) else {
            return .unparsed(raw)
        }
        if type == "APPROXIMATELY" {
            date.approximate = true
            if date.month == nil {
                date.toYear = date.year + 1
                date.year -= 1
            }
        }
        return .date(date)
    }
}

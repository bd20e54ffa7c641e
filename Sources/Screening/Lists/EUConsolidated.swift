// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// The EU consolidated financial sanctions list XML (the Financial Sanctions Files' export):
/// root `export` (attribute `generationDate`) with `sanctionEntity` elements carrying
/// `subjectType` (`code` `person`/`enterprise`), `nameAlias` (`wholeName`, `firstName`,
/// `middleName`, `lastName`, `nameLanguage`, `strong`), `birthdate` (`birthdate`, `year`,
/// `monthOfYear`, `dayOfMonth`, `circa`, `yearRangeFrom`/`yearRangeTo`), `citizenship`
/// (`countryIso2Code`, `countryDescription`), `identification` (`identificationTypeDescription`
/// or `identificationTypeCode`, `number`, `countryIso2Code`), `address` and `regulation`
/// (`programme`). Element names are matched without namespace prefixes.
enum EUConsolidatedParser {
    static let source = "eu-consolidated"

    static func parse(_ data: Data) throws(ListImportError) -> ListImport {
        let file = "EU consolidated XML"
        let root = try XMLElement.parseList(data, file: file, root: "export")
        var report = ListImportReport(source: source)
        var entities: [ListEntity] = []
        var seen: Set<String> = []
        let elements = root.all("sanctionEntity")
        guard !elements.isEmpty else { throw ListImportError(.wrongFormat, file: file, "no sanctionEntity elements") }
        for (n, element) in elements.enumerated() {
            let record = n + 1
            guard let id = element.attribute("logicalId") ?? element.attribute("euReferenceNumber") else {
                report.skip(file, record, "sanctionEntity without logicalId")
                continue
            }
            guard seen.insert(id).inserted else {
                report.skip(file, record, "duplicate logicalId \(id)")
                continue
            }
            let kind: ListEntity.Kind
            switch element.first("subjectType")?.attribute("code")?.lowercased() {
            case "person": kind = .person
            case "enterprise": kind = .organization
            default: kind = .unknown
            }
            var names: [ListName] = []
            for alias in element.all("nameAlias") {
                let whole = alias.attribute("wholeName")
                    ?? [alias.attribute("firstName"), alias.attribute("middleName"), alias.attribute("lastName")].compactMap { $0 }.joined(separator: " ").nonEmpty
                guard let name = whole, !names.contains(where: { $0.value == name }) else { continue }
                let weak = alias.attribute("strong")?.lowercased() == "false"
                let quality: ListName.Quality = names.isEmpty ? .primary : (weak ? .weak : .alias)
                names.append(ListName(name, quality: quality, script: ScriptDetector.detect(name)))
            }
            guard !names.isEmpty else {
                report.skip(file, record, "sanctionEntity \(id) has no name")
                continue
            }
            var entity = ListEntity(id: id, list: source, kind: kind, names: names)
            for birth in element.all("birthdate") {
                switch birthDate(birth) {
                case .date(let date): if !entity.birthDates.contains(date) { entity.birthDates.append(date) }
                case .unparsed(let text): report.birthDatesUnparsed.append(text)
                case .none: break
                }
            }
            for citizenship in element.all("citizenship") {
                if let code = country(citizenship, &report), !entity.nationalities.contains(code) { entity.nationalities.append(code) }
            }
            for identification in element.all("identification") {
                guard let number = identification.attribute("number") ?? identification.attribute("latinNumber") else { continue }
                let type = identification.attribute("identificationTypeDescription") ?? identification.attribute("identificationTypeCode") ?? "Document"
                entity.identifiers.append(ListIdentifier(type: type, number: number, country: country(identification, &report)))
            }
            for address in element.all("address") {
                let street = address.attribute("street")
                let city = [address.attribute("city"), address.attribute("zipCode")].compactMap { $0 }.joined(separator: " ").nonEmpty
                let countryName = address.attribute("countryDescription")
                let code = country(address, &report)
                if street == nil && city == nil && code == nil && countryName == nil { continue }
                entity.addresses.append(ListAddress(street: street, city: city, countryName: countryName, country: code))
            }
            for regulation in element.all("regulation") {
                if let programme = regulation.attribute("programme"), !entity.programs.contains(programme) { entity.programs.append(programme) }
            }
            entity.remarks = element.all("remark").compactMap { $0.text.nonEmpty }.joined(separator: "\n").nonEmpty
            report.count(entity)
            entities.append(entity)
        }
        let version = root.attribute("generationDate") ?? "fnv1a64:" + fnv1a([data])
        return ListImport(list: ScreeningList(source: source, version: version, entities: entities), report: report)
    }

    /// `countryIso2Code` when it is a known code (`00` is "unknown"), else `countryDescription` through the table.
    static func country(_ element: XMLElement, _ report: inout ListImportReport) -> String? {
        if let iso = element.attribute("countryIso2Code")?.uppercased(), CountryTable.codes.contains(iso) { return iso }
        return report.country(element.attribute("countryDescription"))
    }

    static func birthDate(_ element: XMLElement) -> UNConsolidatedParser.BirthDate? {
        let circa = element.attribute("circa")?.lowercased() == "true"
        if let from = element.attribute("yearRangeFrom"), let to = element.attribute("yearRangeTo") {
            guard let a = Int(from), let b = Int(to), b >= a else { return .unparsed("\(from)..\(to)") }
            return .date(PartialDate(year: a, toYear: a == b ? nil : b, approximate: circa))
        }
        var date: PartialDate?
        if let full = element.attribute("birthdate") {
            guard let d = parseISOPartialDate(String(full.prefix(10))) else { return .unparsed(full) }
            date = d
        } else if let yearText = element.attribute("year") {
            guard let year = Int(yearText) else { return .unparsed(yearText) }
            let month = element.attribute("monthOfYear").flatMap { Int($0) }
            let day = month == nil ? nil : element.attribute("dayOfMonth").flatMap { Int($0) }
            guard month.map({ (1...12).contains($0) }) ?? true, day.map({ (1...31).contains($0) }) ?? true else {
                return .unparsed("\(yearText)-\(month ?? 0)-\(day ?? 0)")
            }
            date = PartialDate(year: year, month: month, day: day)
        }
        guard var d = date else { return nil }
        if circa {
            d.approximate = true
            if d.month == nil {
                d.toYear = d.year + 1
                d.year -= 1
            }
        }
        return .date(d)
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Foundation

extension ListImporter {
    /// Parses the OFAC SDN list in its advanced XML layout (`SDN_ADVANCED.XML`, the "Advanced
    /// Sanctions List Standard"). Entity ids are the parties' `FixedRef`s, the same numbers as the
    /// CSV layout's `ent_num`, and the list's source is `ofac-sdn` like the CSV import's, so the two
    /// layouts of one publication import to (nearly) the same list.
    public static func ofacAdvanced(xml: Data) throws(ListImportError) -> ListImport {
        try OFACAdvancedParser.parse(xml)
    }
}

/// The OFAC advanced XML layout: root `Sanctions` (namespace
/// `https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML`, older
/// files `http://www.un.org/sanctions/1.0`; element names are matched without namespace) with
/// `DateOfIssue`, `ReferenceValueSets` (id → text tables), `Locations`, `IDRegDocuments`,
/// `DistinctParties` and `SanctionsEntries`.
///
/// Every id the document uses is resolved through its reference set, and the meaning is taken
/// from the set's text (`Last Name`, `Birthdate`, `A.K.A.`, …), never from the number: OFAC's ids
/// are stable in practice but not promised. An id that is in no set is an `invalidValue` error.
enum OFACAdvancedParser {
    static let file = "SDN_ADVANCED.XML"

    static func parse(_ data: Data) throws(ListImportError) -> ListImport {
        let root = try XMLElement.parseList(data, file: file, root: "Sanctions", format: "OFAC advanced XML")
        guard let sets = root.first("ReferenceValueSets") else {
            throw ListImportError(
                .wrongFormat, file: file, line: root.line, "<Sanctions> has no <ReferenceValueSets>: not the OFAC advanced XML layout")
        }
        var reader = Reader(references: References(sets), root: root)
        let entities = try reader.read()
        var report = reader.report
        for entity in entities { report.count(entity) }
        let version = issueDate(root) ?? "fnv1a64:" + fnv1a([data])
        return ListImport(list: ScreeningList(source: OFACSDNParser.source, version: version, entities: entities), report: report)
    }

    /// `DateOfIssue` as `YYYY-MM-DD` (or as much of it as is given).
    static func issueDate(_ root: XMLElement) -> String? {
        guard let issue = root.first("DateOfIssue"), let point = DatePoint(issue) else { return nil }
        return point.iso
    }

    // MARK: Reference value sets

    /// The `ReferenceValueSets`: for each value element name (`AliasType`, `Country`, …) its
    /// values by `ID`.
    struct References {
        var values: [String: [String: XMLElement]] = [:]

        init(_ sets: XMLElement) {
            for set in sets.children {
                for value in set.children {
                    guard let id = value.attribute("ID") else { continue }
                    values[value.name, default: [:]][id] = value
                }
            }
        }

        /// The value `id` of the set whose elements are named `kind`; `attribute` and `element`
        /// say where the reference was made, for the error.
        func value(_ kind: String, _ id: String, attribute: String, in element: XMLElement, party: String?) throws(ListImportError) -> XMLElement {
            if let value = values[kind]?[id] { return value }
            let at = party.map { " (DistinctParty \($0))" } ?? ""
            throw ListImportError(
                .invalidValue, file: OFACAdvancedParser.file, line: element.line == 0 ? nil : element.line,
                "\(attribute) \(id) of <\(element.name)>\(at) is not in \(kind)Values")
        }

        /// The text of value `id`, whitespace collapsed (the file wraps some long values).
        func text(_ kind: String, _ id: String, attribute: String, in element: XMLElement, party: String?) throws(ListImportError) -> String {
            collapse(try value(kind, id, attribute: attribute, in: element, party: party).text) ?? ""
        }
    }

    // MARK: Reading

    /// One pass over the document; holds the report so country names can be recorded as they are met.
    struct Reader {
        let references: References
        let root: XMLElement
        var report = ListImportReport(source: OFACSDNParser.source)
        var locations: [String: XMLElement] = [:]

        init(references: References, root: XMLElement) {
            self.references = references
            self.root = root
            for location in root.first("Locations")?.all("Location") ?? [] {
                if let id = location.attribute("ID") { locations[id] = location }
            }
        }

        mutating func read() throws(ListImportError) -> [ListEntity] {
            let parties = root.first("DistinctParties")?.all("DistinctParty") ?? []
            guard !parties.isEmpty else {
                throw ListImportError(.wrongFormat, file: OFACAdvancedParser.file, line: root.line, "no DistinctParties/DistinctParty elements")
            }
            var entities: [ListEntity] = []
            var seen: Set<String> = []
            var byProfile: [String: Int] = [:]
            var byIdentity: [String: Int] = [:]
            for (n, party) in parties.enumerated() {
                let record = n + 1
                guard let profile = party.first("Profile") else {
                    report.skip(OFACAdvancedParser.file, record, "DistinctParty without Profile")
                    continue
                }
                guard let id = party.attribute("FixedRef") ?? profile.attribute("ID") else {
                    report.skip(OFACAdvancedParser.file, record, "DistinctParty without FixedRef")
                    continue
                }
                guard seen.insert(id).inserted else {
                    report.skip(OFACAdvancedParser.file, record, "duplicate FixedRef \(id)")
                    continue
                }
                guard var entity = try entity(id: id, party: party, profile: profile) else {
                    report.skip(OFACAdvancedParser.file, record, "DistinctParty \(id) has no name")
                    continue
                }
                if let comment = collapse(party.first("Comment")?.text ?? "") {
                    entity.remarks = [comment, entity.remarks].compactMap { $0 }.joined(separator: "; ")
                }
                let position = entities.count
                for profile in party.all("Profile") {
                    if let profileID = profile.attribute("ID") { byProfile[profileID] = position }
                    for identity in profile.all("Identity") {
                        if let identityID = identity.attribute("ID") { byIdentity[identityID] = position }
                    }
                }
                entities.append(entity)
            }

            for document in root.first("IDRegDocuments")?.all("IDRegDocument") ?? [] {
                guard let identityID = document.attribute("IdentityID") else { continue }
                guard let position = byIdentity[identityID] else {
                    throw ListImportError(
                        .invalidValue, file: OFACAdvancedParser.file, line: document.line,
                        "IdentityID \(identityID) of <IDRegDocument> is not the identity of any DistinctParty")
                }
                if let identifier = try identifier(document, party: entities[position].id),
                    !entities[position].identifiers.contains(identifier)
                {
                    entities[position].identifiers.append(identifier)
                }
            }

            for entry in root.first("SanctionsEntries")?.all("SanctionsEntry") ?? [] {
                guard let profileID = entry.attribute("ProfileID") else { continue }
                guard let position = byProfile[profileID] else {
                    throw ListImportError(
                        .invalidValue, file: OFACAdvancedParser.file, line: entry.line,
                        "ProfileID \(profileID) of <SanctionsEntry> is not the profile of any DistinctParty")
                }
                for measure in entry.all("SanctionsMeasure") {
                    guard let typeID = measure.attribute("SanctionsTypeID") else { continue }
                    let type = try references.text("SanctionsType", typeID, attribute: "SanctionsTypeID", in: measure, party: entities[position].id)
                    guard type.lowercased() == "program", let program = collapse(measure.first("Comment")?.text ?? "") else { continue }
                    if !entities[position].programs.contains(program) { entities[position].programs.append(program) }
                }
            }
            return entities
        }

        // MARK: Parties

        mutating func entity(id: String, party: XMLElement, profile: XMLElement) throws(ListImportError) -> ListEntity? {
            let kind = try self.kind(profile, party: id)
            var names: [ListName] = []
            for profile in party.all("Profile") {
                for identity in profile.all("Identity") {
                    try self.names(identity, party: id, into: &names)
                }
            }
            guard !names.isEmpty else { return nil }
            // The primary name first; when the list marks none, the first name stands in.
            if let p = names.firstIndex(where: { $0.quality == .primary }) {
                names.insert(names.remove(at: p), at: 0)
            } else {
                names[0].quality = .primary
            }
            var entity = ListEntity(id: id, list: OFACSDNParser.source, kind: kind, names: names)
            var facts: [String] = []
            for feature in profile.all("Feature") {
                try apply(feature, to: &entity, facts: &facts)
            }
            entity.remarks = facts.isEmpty ? nil : facts.joined(separator: "; ")
            return entity
        }

        /// `PartySubType` `Vessel`/`Aircraft`; otherwise (OFAC's individuals and entities have the
        /// sub type `Unknown`) the sub type's `PartyType`: `Individual` → person, `Entity` → organization.
        func kind(_ profile: XMLElement, party: String) throws(ListImportError) -> ListEntity.Kind {
            guard let subTypeID = profile.attribute("PartySubTypeID") else { return .unknown }
            let subType = try references.value("PartySubType", subTypeID, attribute: "PartySubTypeID", in: profile, party: party)
            if let kind = Self.kind(named: collapse(subType.text)) { return kind }
            guard let typeID = subType.attribute("PartyTypeID") else { return .unknown }
            let type = try references.text("PartyType", typeID, attribute: "PartyTypeID", in: subType, party: party)
            return Self.kind(named: type) ?? .unknown
        }

        static func kind(named name: String?) -> ListEntity.Kind? {
            switch name?.lowercased() {
            case "individual": .person
            case "entity": .organization
            case "vessel": .vessel
            case "aircraft": .aircraft
            default: nil
            }
        }

        // MARK: Names

        /// Alias types: `Name` (the primary alias), `A.K.A.`, `F.K.A.`, `N.K.A.`. `Primary="true"`
        /// makes the alias's first Latin-script name the primary name; `LowQuality="true"` makes an
        /// alias weak; other aliases (f.k.a. and n.k.a. included) are strong. Every documented name of an alias (original-script
        /// spellings too) is a name.
        func names(_ identity: XMLElement, party: String, into names: inout [ListName]) throws(ListImportError) {
            var groups: [String: String] = [:]
            for master in identity.first("NamePartGroups")?.all("MasterNamePartGroup") ?? [] {
                for group in master.all("NamePartGroup") {
                    guard let groupID = group.attribute("ID"), let typeID = group.attribute("NamePartTypeID") else { continue }
                    groups[groupID] = try references.text("NamePartType", typeID, attribute: "NamePartTypeID", in: group, party: party)
                }
            }
            for alias in identity.all("Alias") {
                // Every alias type is a name; the quality comes from Primary and LowQuality, and a
                // `Name` alias without a Primary attribute counts as primary.
                var type: String?
                if let typeID = alias.attribute("AliasTypeID") {
                    type = try references.text("AliasType", typeID, attribute: "AliasTypeID", in: alias, party: party).lowercased()
                }
                let primary = alias.attribute("Primary").map { $0.lowercased() == "true" } ?? (type == "name")
                let low = alias.attribute("LowQuality")?.lowercased() == "true"
                for documented in alias.all("DocumentedName") {
                    guard let named = try name(documented, groups: groups, party: party) else { continue }
                    let (value, scriptID) = named
                    var script = ScriptDetector.detect(value)
                    if script == nil, let scriptID {
                        script = try references.value("Script", scriptID, attribute: "ScriptID", in: documented, party: party).attribute("ScriptCode")
                    }
                    let quality: ListName.Quality
                    if primary && (script == "Latn" || script == nil) && !names.contains(where: { $0.quality == .primary }) {
                        quality = .primary
                    } else {
                        quality = low ? .weak : .alias
                    }
                    if let existing = names.firstIndex(where: { $0.value == value }) {
                        // The same spelling twice (e.g. as the name and as an a.k.a.): keep the stronger.
                        if rank(quality) > rank(names[existing].quality) { names[existing].quality = quality }
                        continue
                    }
                    names.append(ListName(value, quality: quality, script: script))
                }
            }
        }

        func rank(_ quality: ListName.Quality) -> Int {
            switch quality {
            case .primary: 2
            case .alias: 1
            case .weak: 0
            }
        }

        /// Name-part order for people, after the surname: OFAC's CSV writes `SURNAME, Given Middle`.
        static let givenOrder = ["first name", "middle name", "patronymic", "matronymic", "maiden name", "nickname"]

        /// A documented name from its parts. Latin-script names of people read like the CSV layout's
        /// `LAST, First Middle`; a name without a last name, or of other part types (entity, vessel,
        /// aircraft name), joins its parts in document order; so does a name in another script, as
        /// the list writes it.
        func name(_ documented: XMLElement, groups: [String: String], party: String) throws(ListImportError) -> (String, String?)? {
            var parts: [(type: String, value: String)] = []
            var scriptID: String?
            for part in documented.all("DocumentedNamePart") {
                for value in part.all("NamePartValue") {
                    guard let text = collapse(value.text) else { continue }
                    guard let groupID = value.attribute("NamePartGroupID") else {
                        parts.append(("", text))
                        continue
                    }
                    guard let type = groups[groupID] else {
                        throw ListImportError(
                            .invalidValue, file: OFACAdvancedParser.file, line: value.line,
                            "NamePartGroupID \(groupID) of <NamePartValue> (DistinctParty \(party)) is not in the identity's NamePartGroups")
                    }
                    if scriptID == nil { scriptID = value.attribute("ScriptID") }
                    parts.append((type.lowercased(), text))
                }
            }
            guard !parts.isEmpty else { return nil }
            let asWritten = parts.map(\.value).joined(separator: " ")
            let last = parts.filter { $0.type == "last name" }.map(\.value)
            let given = Self.givenOrder.flatMap { type in parts.filter { $0.type == type }.map(\.value) }
            let other = parts.filter { $0.type != "last name" && !Self.givenOrder.contains($0.type) }.map(\.value)
            guard !last.isEmpty, !given.isEmpty, ScriptDetector.detect(asWritten) == "Latn" else { return (asWritten, scriptID) }
            return ((other + last).joined(separator: " ") + ", " + given.joined(separator: " "), scriptID)
        }

        // MARK: Features

        /// Feature types that are identifiers, with the type the CSV layout gives them.
        static let identifierFeatures: [String: String] = [
            "vessel call sign": "Call Sign", "mmsi": "MMSI", "swift/bic": "SWIFT/BIC", "aircraft tail number": "Aircraft Tail Number",
            "aircraft manufacturer's serial number (msn)": "Aircraft Manufacturer's Serial Number (MSN)",
            "aircraft construction number (also called l/n or s/n or f/n)": "Aircraft Construction Number (also called L/N or S/N or F/N)",
            "aircraft mode s transponder code": "Aircraft Mode S Transponder Code", "previous aircraft tail number": "Previous Aircraft Tail Number",
        ]

        /// `Birthdate` → dates of birth; `Nationality Country`, `Citizenship Country` → nationalities;
        /// `Location` → addresses; identifier-like features (call sign, MMSI, aircraft numbers,
        /// SWIFT/BIC, digital currency addresses) → identifiers; everything else (place of birth,
        /// gender, vessel flag, type and owner, aircraft model, …) → a `Type value` fact for the remarks.
        mutating func apply(_ feature: XMLElement, to entity: inout ListEntity, facts: inout [String]) throws(ListImportError) {
            guard let typeID = feature.attribute("FeatureTypeID") else { return }
            let type = try references.text("FeatureType", typeID, attribute: "FeatureTypeID", in: feature, party: entity.id)
            let key = type.lowercased()
            for version in feature.all("FeatureVersion") {
                switch key {
                case "birthdate":
                    guard let period = version.first("DatePeriod") else {
                        if let text = try value(version, party: entity.id) { report.birthDatesUnparsed.append(text) }
                        continue
                    }
                    switch OFACAdvancedParser.date(period) {
                    case .date(let date): if !entity.birthDates.contains(date) { entity.birthDates.append(date) }
                    case .unparsed(let text): report.birthDatesUnparsed.append(text)
                    case nil: break
                    }
                case "nationality country", "citizenship country":
                    var codes: [String] = []
                    for place in version.all("VersionLocation") {
                        guard let locationID = place.attribute("LocationID") else { continue }
                        if let code = try address(locationID, at: place, party: entity.id).country { codes.append(code) }
                    }
                    if let text = try detailText(version, party: entity.id), let code = report.country(text) { codes.append(code) }
                    for code in codes where !entity.nationalities.contains(code) { entity.nationalities.append(code) }
                case "location":
                    for place in version.all("VersionLocation") {
                        guard let locationID = place.attribute("LocationID") else { continue }
                        let address = try self.address(locationID, at: place, party: entity.id)
                        if address != ListAddress(), !entity.addresses.contains(address) { entity.addresses.append(address) }
                    }
                default:
                    guard let text = try value(version, party: entity.id) else { continue }
                    if let identifierType = Self.identifierFeatures[key] ?? (key.hasPrefix("digital currency address - ") ? type : nil) {
                        let identifier = ListIdentifier(type: identifierType, number: text)
                        if !entity.identifiers.contains(identifier) { entity.identifiers.append(identifier) }
                    } else {
                        facts.append("\(key == "place of birth" ? "POB" : type) \(text)")
                    }
                }
            }
        }

        /// A feature version's value as text: its detail (text, or the referenced detail value), its
        /// location, its date.
        mutating func value(_ version: XMLElement, party: String) throws(ListImportError) -> String? {
            var parts: [String] = []
            if let text = try detailText(version, party: party) { parts.append(text) }
            for place in version.all("VersionLocation") {
                guard let locationID = place.attribute("LocationID") else { continue }
                let a = try address(locationID, at: place, party: party)
                if let text = [a.street, a.city, a.countryName].compactMap({ $0 }).joined(separator: ", ").nonEmpty { parts.append(text) }
            }
            if let period = version.first("DatePeriod") {
                switch OFACAdvancedParser.date(period) {
                case .date(let date): parts.append(OFACAdvancedParser.describe(date))
                case .unparsed(let text): parts.append(text)
                case nil: break
                }
            }
            return parts.joined(separator: ", ").nonEmpty
        }

        func detailText(_ version: XMLElement, party: String) throws(ListImportError) -> String? {
            var parts: [String] = []
            for detail in version.all("VersionDetail") {
                if let text = collapse(detail.text) {
                    parts.append(text)
                } else if let referenceID = detail.attribute("DetailReferenceID") {
                    parts.append(try references.text("DetailReference", referenceID, attribute: "DetailReferenceID", in: detail, party: party))
                }
            }
            return parts.joined(separator: ", ").nonEmpty
        }

        // MARK: Locations

        /// A `Location` as an address: `ADDRESS1`…`ADDRESS3` → street (joined with `, `); `CITY`,
        /// `STATE/PROVINCE`, `REGION` (joined with `, `) and `POSTAL CODE` (after a space) → city,
        /// as the CSV layout's add.csv writes them (`Miami, FL 33172`); `LocationCountry` → country
        /// (its `ISO2` when it is a known code, else the name through ``CountryTable``).
        mutating func address(_ locationID: String, at reference: XMLElement, party: String) throws(ListImportError) -> ListAddress {
            guard let location = locations[locationID] else {
                throw ListImportError(
                    .invalidValue, file: OFACAdvancedParser.file, line: reference.line,
                    "LocationID \(locationID) of <\(reference.name)> (DistinctParty \(party)) is not in Locations")
            }
            var parts: [String: [String]] = [:]
            for part in location.all("LocationPart") {
                guard let typeID = part.attribute("LocPartTypeID") else { continue }
                let type = try references.text("LocPartType", typeID, attribute: "LocPartTypeID", in: part, party: party).uppercased()
                let values = part.all("LocationPartValue")
                let chosen = values.first { $0.attribute("Primary")?.lowercased() == "true" } ?? values.first
                if let value = collapse(chosen?.text("Value") ?? "") { parts[type, default: []].append(value) }
            }
            let street = ["ADDRESS1", "ADDRESS2", "ADDRESS3"].flatMap { parts[$0] ?? [] }.joined(separator: ", ").nonEmpty
            let place = ["CITY", "STATE/PROVINCE", "REGION"].flatMap { parts[$0] ?? [] }.joined(separator: ", ")
            let city = [place, (parts["POSTAL CODE"] ?? []).joined(separator: " ")].joined(separator: " ").nonEmpty
            var countryName: String?
            var code: String?
            if let reference = location.first("LocationCountry"), let countryID = reference.attribute("CountryID") {
                let country = try references.value("Country", countryID, attribute: "CountryID", in: reference, party: party)
                countryName = collapse(country.text)
                if let iso = country.attribute("ISO2")?.uppercased(), CountryTable.codes.contains(iso) {
                    code = iso
                } else {
                    code = report.country(countryName)
                }
            }
            return ListAddress(street: street, city: city, countryName: countryName, country: code)
        }

        // MARK: Identity documents

        /// An `IDRegDocument`: its type's text, `IDRegistrationNo`, and `IssuedBy-CountryID`.
        /// `Vessel Registration Identification` with `IMO 9312341` becomes type `IMO`, number `9312341`
        /// (as the CSV import reads the same fact).
        mutating func identifier(_ document: XMLElement, party: String) throws(ListImportError) -> ListIdentifier? {
            guard let typeID = document.attribute("IDRegDocTypeID") else { return nil }
            var type = try references.text("IDRegDocType", typeID, attribute: "IDRegDocTypeID", in: document, party: party)
            guard var number = collapse(document.first("IDRegistrationNo")?.text ?? "") else { return nil }
            if type.lowercased() == "vessel registration identification" {
                let words = number.split(separator: " ", maxSplits: 1)
                if words.count == 2 {
                    type = String(words[0])
                    number = String(words[1])
                }
            }
            var country: String?
            if let countryID = document.attribute("IssuedBy-CountryID") {
                let value = try references.value("Country", countryID, attribute: "IssuedBy-CountryID", in: document, party: party)
                if let iso = value.attribute("ISO2")?.uppercased(), CountryTable.codes.contains(iso) {
                    country = iso
                } else {
                    country = report.country(collapse(value.text))
                }
            }
            return ListIdentifier(type: type, number: number, country: country)
        }
    }

    // MARK: Dates

    /// A `Year`/`Month`/`Day` triple (`From`, `To`, `Date`, `DateOfIssue`); month and day may be missing.
    struct DatePoint: Equatable {
        var year: Int
        var month: Int?
        var day: Int?

        init?(_ element: XMLElement?) {
            guard let element, let yearText = element.text("Year") else { return nil }
            guard let year = Int(yearText) else { return nil }
            self.year = year
            month = element.text("Month").flatMap { Int($0) }
            day = month == nil ? nil : element.text("Day").flatMap { Int($0) }
        }

        var valid: Bool {
            guard year > 0 else { return false }
            guard let month else { return true }
            guard (1...12).contains(month) else { return false }
            return day.map { (1...daysIn(month: month, year: year)).contains($0) } ?? true
        }

        var iso: String { OFACAdvancedParser.iso(year: year, month: month, day: day) }

        static func <= (a: DatePoint, b: DatePoint) -> Bool {
            (a.year, a.month ?? 1, a.day ?? 1) <= (b.year, b.month ?? 1, b.day ?? 1)
        }
    }

    /// A `DatePeriod` as a partial date. The period runs from `Start/From` to `End/To` (each
    /// falling back to the other bound of its boundary, an absent end to the start); its precision
    /// is read from its span the way the CSV import reads `DOB … to …`: one day is that date; days
    /// of one month are the month; of one year, the year; across years, a range of years.
    /// `Approximate="true"` on either boundary sets ``PartialDate/approximate``, and an approximate
    /// single year becomes year − 1 … year + 1 (OFAC `circa 1960`).
    static func date(_ period: XMLElement) -> UNConsolidatedParser.BirthDate? {
        let start = period.first("Start")
        let end = period.first("End")
        guard let a = DatePoint(start?.first("From")) ?? DatePoint(start?.first("To")) ?? DatePoint(end?.first("From")) else {
            let raw = [start, end].compactMap { $0 }.flatMap { $0.children }.flatMap { $0.children }.compactMap { collapse($0.text) }
            return raw.isEmpty ? nil : .unparsed(raw.joined(separator: " "))
        }
        let b = DatePoint(end?.first("To")) ?? DatePoint(end?.first("From")) ?? a
        guard a.valid, b.valid, a <= b else { return .unparsed("\(a.iso)..\(b.iso)") }
        var date: PartialDate
        if a.year != b.year {
            date = PartialDate(year: a.year, toYear: b.year)
        } else if a.month == b.month {
            date = PartialDate(year: a.year, month: a.month, day: a.day == b.day ? a.day : nil)
        } else {
            date = PartialDate(year: a.year)
        }
        if start?.attribute("Approximate")?.lowercased() == "true" || end?.attribute("Approximate")?.lowercased() == "true" {
            date.approximate = true
            if date.month == nil && date.toYear == nil {
                date.toYear = date.year + 1
                date.year -= 1
            }
        }
        return .date(date)
    }

    /// `1995`, `1995-05`, `1995-05-01`, `1990..1992`, with `circa ` when approximate.
    static func describe(_ date: PartialDate) -> String {
        var text = iso(year: date.year, month: date.month, day: date.day)
        if let to = date.toYear { text += "..\(to)" }
        return date.approximate ? "circa " + text : text
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    static func iso(year: Int, month: Int?, day: Int?) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = pad(year, 4)
        if let month { text += "-" + pad(month, 2) }
        if let day { text += "-" + pad(day, 2) }
        return text
    }
}

/// Trimmed text with runs of whitespace collapsed to one space; nil when empty.
private func collapse(_ text: String) -> String? {
    let t = text.trimmed
    guard !t.isEmpty else { return nil }
    return t.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

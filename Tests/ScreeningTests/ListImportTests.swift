// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
@testable import Screening
import StraitTestSupport
import Testing

/// The sanctions files in ../shared (read-only), next to the repository.
enum SanctionsData {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/sanctions")
    static var available: Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent("sdn.csv").path) }

    static func data(_ path: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(path)) }

    /// The ent_num of every sdn.csv row, read independently of the importer: sdn.csv has no header
    /// and no quoted line breaks, so each line starting with a digit is one row.
    static func entNums(_ path: String) throws -> [String] {
        let text = String(decoding: try data(path), as: UTF8.self)
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).compactMap { line in
            guard let first = line.first, first.isNumber else { return nil }
            return String(line.prefix { $0 != "," })
        }
    }

    static func occurrences(of needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }
}

@Suite("List import: OFAC SDN", .enabled(if: SanctionsData.available))
struct OFACImportTests {
    /// Parsed once, on a thread of its own (seconds in a debug build; a lazily initialised static
    /// would block the cooperative pool's threads while it runs).
    static let sdn2019 = Task { try await OwnThread.run { try ListImporter.ofacSDN(directory: SanctionsData.directory) } }

    func list() async throws -> ListImport { try await Self.sdn2019.value }

    func entity(_ id: String) async throws -> ListEntity {
        let entities = try await list().list.entities
        return try #require(entities.first { $0.id == id })
    }

    @Test func entityCountEqualsTheRowsOfSdnCsv() async throws {
        let imported = try await list()
        let rows = try SanctionsData.entNums("sdn.csv")
        #expect(rows.count > 7000)
        #expect(imported.list.entities.count == rows.count)
        #expect(Set(imported.list.entities.map(\.id)) == Set(rows))
        #expect(imported.report.skipped.isEmpty)
        #expect(imported.report.entities == rows.count)
        #expect(imported.list.source == "ofac-sdn")
        print("OFAC 2019: \(imported.report.entitiesByKind), aliases \(imported.report.aliases) (weak \(imported.report.weakAliases))")
        print("OFAC 2019 unresolved country names: \(imported.report.unresolvedCountries.count) (\(imported.report.unresolvedCountryOccurrences) occurrences)")
    }

    @Test func aerocaribbean() async throws {
        let e = try await entity("36")
        #expect(e.kind == .organization)
        #expect(e.primaryName == "AEROCARIBBEAN AIRLINES")
        #expect(e.programs == ["CUBA"])
        #expect(e.names.contains(ListName("AERO-CARIBBEAN", quality: .alias, script: "Latn")))
        #expect(e.addresses.contains { $0.country == "CU" && $0.countryName == "Cuba" && $0.city == "Havana" })
    }

    @Test func weakAliasesComeFromRemarks() async throws {
        let e = try await entity("306")  // BANCO NACIONAL DE CUBA; remarks "a.k.a. 'BNC'."
        #expect(e.names.first { $0.value == "BNC" }?.quality == .weak)
        #expect(e.names.first { $0.value == "NATIONAL BANK OF CUBA" }?.quality == .alias)
    }

    @Test func individualsKeepTheListsNameOrderAndDates() async throws {
        let abbas = try await entity("2674")
        #expect(abbas.kind == .person)
        #expect(abbas.primaryName == "ABBAS, Abu")
        #expect(abbas.birthDates == [PartialDate(year: 1948, month: 12, day: 10)])
        #expect(abbas.programs == ["SDT"])
        // `DOB circa 1951`: year ± 1, approximate.
        #expect(try await entity("7782").birthDates == [PartialDate(year: 1950, toYear: 1952, approximate: true)])
        // `DOB 1943 to 1944`.
        #expect(try await entity("15497").birthDates.contains(PartialDate(year: 1943, toYear: 1944)))
        // `DOB Sep 1938`.
        #expect(try await entity("6862").birthDates == [PartialDate(year: 1938, month: 9)])
        #expect(try await list().report.birthDatesUnparsed.isEmpty)
    }

    @Test func kindsAndProgramsAndIdentifiers() async throws {
        let all = try await list().list.entities
        #expect(Set(all.map(\.kind)) == [.person, .organization, .vessel, .aircraft])
        #expect(!all.contains { $0.programs.isEmpty })
        #expect(!all.contains { $0.programs.contains { $0.contains("[") || $0.contains("]") } })
        let passports = all.flatMap(\.identifiers).filter { $0.type == "Passport" }
        #expect(passports.count > 500)
        #expect(passports.filter { $0.country != nil }.count > passports.count / 2)
        #expect(all.flatMap(\.identifiers).contains { $0.type == "IMO" })
        #expect(all.contains { $0.nationalities.contains("IR") })
    }

    @Test func diffBetween2019And2021MatchesTheSetDifferenceOfEntNums() async throws {
        let old = try await list().list
        let new = try await OwnThread.run { try ListImporter.ofacSDN(directory: SanctionsData.directory.appendingPathComponent("ofac-2021")) }
        let oldIDs = Set(try SanctionsData.entNums("sdn.csv"))
        let newIDs = Set(try SanctionsData.entNums("ofac-2021/sdn.csv"))
        #expect(new.list.entities.count == newIDs.count)
        let diff = ListDiff.diff(old, new.list)
        #expect(diff.added.count == newIDs.subtracting(oldIDs).count)
        #expect(diff.removed.count == oldIDs.subtracting(newIDs).count)
        #expect(Set(diff.added.map(\.id)) == newIDs.subtracting(oldIDs))
        #expect(diff.changed.count + diff.unchanged == oldIDs.intersection(newIDs).count)
        #expect(!diff.changed.isEmpty)
        #expect(ListDiff.diff(old, old).isEmpty)
        print("OFAC 2019→2021: \(diff.summary)")
    }
}

@Suite("List import: UN consolidated", .enabled(if: SanctionsData.available))
struct UNImportTests {
    static let un = Task { try await OwnThread.run { try ListImporter.unConsolidated(xml: try SanctionsData.data("UN_consolidated.xml")) } }

    func list() async throws -> ListImport { try await Self.un.value }
    func entity(_ id: String) async throws -> ListEntity {
        let entities = try await list().list.entities
        return try #require(entities.first { $0.id == id })
    }

    @Test func countsMatchTheTags() async throws {
        let text = String(decoding: try SanctionsData.data("UN_consolidated.xml"), as: UTF8.self)
        let individuals = SanctionsData.occurrences(of: "<INDIVIDUAL>", in: text)
        let entities = SanctionsData.occurrences(of: "<ENTITY>", in: text)
        let imported = try await list()
        #expect(individuals > 0 && entities > 0)
        #expect(imported.report.entitiesByKind[.person] == individuals)
        #expect(imported.report.entitiesByKind[.organization] == entities)
        #expect(imported.list.version == "2026-02-27T00:00:09.554Z")
        print("UN: \(imported.report.entitiesByKind), aliases \(imported.report.aliases) (weak \(imported.report.weakAliases))")
        print("UN unresolved country names: \(imported.report.unresolvedCountries)")
    }

    @Test func originalScriptNamesAreDetected() async throws {
        let saddam = try await entity("6908048")
        #expect(saddam.primaryName == "SADDAM HUSSEIN AL-TIKRITI")
        #expect(saddam.names.contains(ListName("صدام حسين التكريتي", quality: .alias, script: "Arab")))
        #expect(saddam.nationalities == ["IQ"])
        #expect(ScriptDetector.detect("Иванов Иван") == "Cyrl")
        #expect(ScriptDetector.detect("金正恩") == "Hani")
        #expect(ScriptDetector.detect("김정은") == "Hang")
        #expect(ScriptDetector.detect("12-34") == nil)
    }

    @Test func everyKindOfDateOfBirth() async throws {
        #expect(try await entity("6907993").birthDates == [PartialDate(year: 1971)])  // EXACT, YEAR
        #expect(try await entity("6907998").birthDates == [PartialDate(year: 1978, month: 4, day: 28)])  // EXACT, DATE
        #expect(try await entity("6908006").birthDates.contains(PartialDate(year: 1965, toYear: 1967, approximate: true)))  // APPROXIMATELY, YEAR
        #expect(try await entity("6908021").birthDates == [PartialDate(year: 1973, toYear: 1974)])  // BETWEEN
        // A date of birth given only as a note is reported, not guessed.
        #expect(try await entity("6907996").birthDates.isEmpty)
        #expect(try await list().report.birthDatesUnparsed.contains { $0.contains("Nov. 1973") })
    }

    @Test func aliasQualities() async throws {
        let all = try await list().list.entities
        #expect(all.flatMap(\.names).contains { $0.quality == .weak })  // QUALITY Low
        #expect(all.allSatisfy { $0.names.first?.quality == .primary && $0.names.dropFirst().allSatisfy { $0.quality != .primary } })
        #expect(all.allSatisfy { !$0.programs.isEmpty })
    }

    @Test func truncatedXMLIsAnError() async throws {
        let data = try SanctionsData.data("UN_consolidated.xml")
        let error = #expect(throws: ListImportError.self) { try ListImporter.unConsolidated(xml: data.prefix(data.count / 2)) }
        #expect(error?.code == .malformedXML)
        #expect(error?.line != nil)
    }
}

@Suite("List import: formats, errors, diff")
struct ListFormatTests {
    static let euSample = """
        <?xml version="1.0" encoding="UTF-8"?>
        <export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2024-05-02T10:00:00.000+02:00" globalFileId="1">
          <sanctionEntity designationDetails="" unitedNationId="" euReferenceNumber="EU.1.1" logicalId="101">
            <regulation regulationType="regulation" publicationDate="2014-03-17" programme="UKR" logicalId="1"/>
            <subjectType code="person" classificationCode="P"/>
            <nameAlias firstName="Ivan" middleName="Petrovich" lastName="Sidorov" wholeName="Ivan Petrovich Sidorov" gender="M" nameLanguage="" strong="true" logicalId="11"/>
            <nameAlias firstName="" middleName="" lastName="" wholeName="Иван Петрович Сидоров" nameLanguage="RU" strong="true" logicalId="12"/>
            <nameAlias wholeName="Vanya" strong="false" logicalId="13"/>
            <citizenship countryIso2Code="RU" countryDescription="RUSSIAN FEDERATION" logicalId="14"/>
            <birthdate circa="false" birthdate="1961-02-03" dayOfMonth="3" monthOfYear="2" year="1961" city="Moscow" countryIso2Code="RU" logicalId="15"/>
            <birthdate circa="true" year="1962" logicalId="16"/>
            <identification number="1234567" identificationTypeCode="passport" identificationTypeDescription="National passport" countryIso2Code="RU" logicalId="17"/>
            <address city="Moscow" street="Tverskaya 1" zipCode="125009" countryIso2Code="RU" countryDescription="RUSSIAN FEDERATION" logicalId="18"/>
            <remark>Hand-written sample.</remark>
          </sanctionEntity>
          <sanctionEntity euReferenceNumber="EU.2.2" logicalId="202">
            <regulation programme="SYR" logicalId="2"/>
            <subjectType code="enterprise" classificationCode="E"/>
            <nameAlias wholeName="Example Trading LLC" strong="true" logicalId="21"/>
            <citizenship countryIso2Code="00" countryDescription="UNKNOWN" logicalId="22"/>
          </sanctionEntity>
        </export>
        """

    @Test func euSanctionEntities() async throws {
        let imported = try ListImporter.euConsolidated(xml: Data(Self.euSample.utf8))
        #expect(imported.list.version == "2024-05-02T10:00:00.000+02:00")
        #expect(imported.list.entities.count == 2)
        let ivan = imported.list.entities[0]
        #expect(ivan.id == "101")
        #expect(ivan.kind == .person)
        #expect(ivan.names == [
            ListName("Ivan Petrovich Sidorov", quality: .primary, script: "Latn"), ListName("Иван Петрович Сидоров", quality: .alias, script: "Cyrl"),
            ListName("Vanya", quality: .weak, script: "Latn"),
        ])
        #expect(ivan.birthDates == [PartialDate(year: 1961, month: 2, day: 3), PartialDate(year: 1961, toYear: 1963, approximate: true)])
        #expect(ivan.nationalities == ["RU"])
        #expect(ivan.identifiers == [ListIdentifier(type: "National passport", number: "1234567", country: "RU")])
        #expect(ivan.programs == ["UKR"])
        #expect(ivan.addresses.first?.country == "RU")
        let company = imported.list.entities[1]
        #expect(company.kind == .organization)
        #expect(company.nationalities.isEmpty)
        #expect(imported.report.unresolvedCountries.isEmpty)
    }

    static let genericCSV = """
        id,name,type,aliases,weak_aliases,birth_date,nationality,programs,identifiers,remarks,extra
        p1,"DOE, John",person,Johnny Doe;J. Doe,JD,1970-05-17;1971,"US;Korea, North",PEP,Passport:X123:US,"a note, with comma",ignored
        o1,Acme Holdings,organization,,,,,SANCTIONED,,,
        ,No Id,person,,,,,,,,
        v1,SEA STAR,vessel,,,,Atlantis,,IMO:9999999,,
        """

    @Test func genericCSV() async throws {
        let imported = try ListImporter.generic(csv: Data(Self.genericCSV.utf8), name: "own-watchlist")
        #expect(imported.list.source == "own-watchlist")
        #expect(imported.list.entities.map(\.id) == ["p1", "o1", "v1"])
        let john = imported.list.entities[0]
        #expect(john.kind == .person)
        #expect(john.names.map(\.value) == ["DOE, John", "Johnny Doe", "J. Doe", "JD"])
        #expect(john.names.map(\.quality) == [.primary, .alias, .alias, .weak])
        #expect(john.birthDates == [PartialDate(year: 1970, month: 5, day: 17), PartialDate(year: 1971)])
        #expect(john.nationalities == ["US", "KP"])
        #expect(john.identifiers == [ListIdentifier(type: "Passport", number: "X123", country: "US")])
        #expect(john.remarks == "a note, with comma")
        #expect(imported.report.skipped.map(\.line) == [4])
        #expect(imported.report.unresolvedCountries == ["Atlantis": 1])
        #expect(imported.list.entities[2].kind == .vessel)
    }

    static let genericJSON = """
        [
          {"id": "p1", "name": "DOE, John", "type": "person", "aliases": ["Johnny Doe"], "weak_aliases": "JD",
           "birth_date": ["1970-05", "1960..1962"], "nationality": ["Iran (Islamic Republic of)", "GB"], "programs": ["PEP"],
           "identifiers": [{"type": "National ID No.", "number": "AB-1", "country": "Iran"}]},
          {"id": 7, "name": "Acme", "type": "company"}
        ]
        """

    @Test func genericJSON() async throws {
        let imported = try ListImporter.generic(json: Data(Self.genericJSON.utf8), name: "pep")
        let john = imported.list.entities[0]
        #expect(john.names.map(\.quality) == [.primary, .alias, .weak])
        #expect(john.birthDates == [PartialDate(year: 1970, month: 5), PartialDate(year: 1960, toYear: 1962)])
        #expect(john.nationalities == ["IR", "GB"])
        #expect(john.identifiers == [ListIdentifier(type: "National ID No.", number: "AB-1", country: "IR")])
        #expect(imported.list.entities[1].id == "7")
        #expect(imported.list.entities[1].kind == .organization)
    }

    func error(_ body: () throws -> ListImport) -> ListImportError? {
        #expect(throws: ListImportError.self) { _ = try body() }
    }

    @Test func errorsHaveStableCodesAndPlaces() async throws {
        // A generic CSV without a `name` column.
        let missing = error { try ListImporter.generic(csv: Data("id,full_name\n1,Doe\n".utf8), name: "w") }
        #expect(missing?.code == .missingColumn)
        #expect(missing?.line == 1)
        // A bad date, with its line.
        let badDate = error { try ListImporter.generic(csv: Data("id,name,birth_date\n1,Doe,1970-01-01\n2,Roe,12/01/1970\n".utf8), name: "w") }
        #expect(badDate?.code == .invalidDate)
        #expect(badDate?.line == 3)
        let badDay = error { try ListImporter.generic(json: Data(#"[{"id":"1","name":"Doe","birth_date":"1970-02-30"}]"#.utf8), name: "w") }
        #expect(badDay?.code == .invalidDate)
        #expect(badDay?.line == 1)
        #expect(error { try ListImporter.generic(csv: Data("id,name,type\n1,Doe,robot\n".utf8), name: "w") }?.code == .invalidValue)
        // A row with the wrong number of fields.
        #expect(error { try ListImporter.generic(csv: Data("id,name\n1,Doe,extra\n".utf8), name: "w") }?.code == .malformedCSV)
        #expect(error { try ListImporter.generic(csv: Data("id,name\n1,\"Doe\n".utf8), name: "w") }?.code == .malformedCSV)
        // A generic CSV passed as an SDN file: wrong columns.
        let sdn = error { try ListImporter.ofacSDN(sdn: Data(Self.genericCSV.utf8)) }
        #expect(sdn?.code == .wrongFormat)
        #expect(sdn?.file == "sdn.csv")
        #expect(sdn?.line == 1)
        #expect(error { try ListImporter.ofacSDN(sdn: Data()) }?.code == .empty)
        // XML of another list, JSON that is not an array, truncated XML.
        #expect(error { try ListImporter.unConsolidated(xml: Data(Self.euSample.utf8)) }?.code == .wrongFormat)
        #expect(error { try ListImporter.euConsolidated(xml: Data("<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>".utf8)) }?.code == .wrongFormat)
        #expect(error { try ListImporter.euConsolidated(xml: Data(Self.euSample.utf8).prefix(600)) }?.code == .malformedXML)
        #expect(error { try ListImporter.generic(json: Data(#"{"id":"1"}"#.utf8), name: "w") }?.code == .wrongFormat)
        #expect(error { try ListImporter.generic(json: Data("[{".utf8), name: "w") }?.code == .malformedJSON)
        #expect(ListImportError.Code.invalidDate.rawValue == "list.invalid_date")
    }

    @Test func sdnRowsFromMemory() async throws {
        let sdn = """
            10,"DOE, John","individual","SDGT] [IRGC",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 01 Jan 1960 to 31 Dec 1962; alt. DOB circa Mar 1965; nationality Korea, North; Passport A123 (Iran) expires 2020; a.k.a. 'JD'."
            11,"SEA STAR",vessel,"IRAN",-0- ,"9XYZ","Oil Tanker",-0- ,-0- ,"Iran",-0- ,"Vessel Registration Identification IMO 9187629; MMSI 422000000."
            \u{1A}
            """
        let alt = "10,1,\"aka\",\"DOE, Johnny\",-0- \n99,2,\"aka\",\"NOBODY\",-0- \n"
        let imported = try ListImporter.ofacSDN(sdn: Data(sdn.utf8), alt: Data(alt.utf8))
        let john = imported.list.entities[0]
        #expect(john.programs == ["SDGT", "IRGC"])
        #expect(john.birthDates == [PartialDate(year: 1960, toYear: 1962), PartialDate(year: 1965, month: 3, approximate: true)])
        #expect(john.nationalities == ["KP"])
        #expect(john.identifiers == [ListIdentifier(type: "Passport", number: "A123", country: "IR")])
        #expect(john.names.map(\.quality) == [.primary, .weak, .alias])
        let ship = imported.list.entities[1]
        #expect(ship.kind == .vessel)
        #expect(Set(ship.identifiers) == [
            ListIdentifier(type: "Call Sign", number: "9XYZ"), ListIdentifier(type: "IMO", number: "9187629"), ListIdentifier(type: "MMSI", number: "422000000"),
        ])
        #expect(imported.report.skipped == [ListImportReport.Skipped(file: "alt.csv", line: 2, reason: "ent_num 99 is not in sdn.csv")])
    }

    @Test func countryTable() {
        for (name, code) in [
            ("Iran", "IR"), ("Russia", "RU"), ("Korea, North", "KP"), ("Burma", "MM"), ("Congo, Democratic Republic of the", "CD"),
            ("Democratic People's Republic of Korea", "KP"), ("Türkiye", "TR"), ("Cote d Ivoire", "CI"), ("possibly Palestinian", "PS"),
            ("United Kingdom of Great Britain and Northern Ireland", "GB"), ("Viet Nam", "VN"), ("DE", "DE"), ("The Gambia", "GM"),
        ] {
            #expect(CountryTable.alpha2(name) == code, "\(name)")
        }
        #expect(CountryTable.alpha2("na") == nil)
        #expect(CountryTable.alpha2("former Soviet Union") == nil)
        #expect(CountryTable.codes.count >= 249)
    }

    @Test func diffReportsFieldChanges() {
        let a = ListEntity(id: "1", list: "x", kind: .person, names: [ListName("A", quality: .primary)], programs: ["P"])
        var a2 = a
        a2.names.append(ListName("B", quality: .alias))
        a2.programs = ["P", "Q"]
        let b = ListEntity(id: "2", list: "x", kind: .organization, names: [ListName("C", quality: .primary)])
        let c = ListEntity(id: "3", list: "x", kind: .organization, names: [ListName("D", quality: .primary)])
        let diff = ListDiff.diff(ScreeningList(source: "x", version: "1", entities: [a, b]), ScreeningList(source: "x", version: "2", entities: [c, a2]))
        #expect(diff.added.map(\.id) == ["3"])
        #expect(diff.removed.map(\.id) == ["2"])
        #expect(diff.changed.map(\.fields) == [[.names, .programs]])
        #expect(diff.summary == "+1 −1 ~1 (names 1, programs 1)")
    }

    @Test func partialDateDecodesWithoutTheNewField() async throws {
        let date = try JSONDecoder().decode(PartialDate.self, from: Data(#"{"year":1960,"toYear":1962}"#.utf8))
        #expect(date == PartialDate(year: 1960, toYear: 1962))
        let entity = try JSONDecoder().decode(
            ListEntity.self, from: Data(#"{"id":"1","list":"x","kind":"person","names":[{"value":"A","quality":"primary"}]}"#.utf8))
        #expect(entity.addresses.isEmpty && entity.birthDates.isEmpty)
    }
}

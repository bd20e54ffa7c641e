// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
@testable import Screening
import StraitTestSupport
import Testing

/// The hand-written sample of the OFAC advanced XML layout in `Fixtures/` (invented parties), and
/// the same parties in the CSV layout.
enum OFACAdvancedSample {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/sdn_advanced_sample.xml")

    static func xml() throws -> Data { try Data(contentsOf: url) }
    static func text() throws -> String { String(decoding: try xml(), as: UTF8.self) }

    static func importXML(_ text: String) throws(ListImportError) -> ListImport { try ListImporter.ofacAdvanced(xml: Data(text.utf8)) }

    /// The fixture's parties as OFAC writes them in sdn.csv / alt.csv / add.csv.
    static let sdnCSV = """
        90101,"AL-QARIBI, Samir Hadi","individual","SDGT] [IRAQ3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 12 Apr 1968; alt. DOB 1966 to 1969; POB Mosul, Iraq; nationality Iraq; citizen Syria; Gender Male; Passport P4417023 (Iraq); National ID No. 00196804127 (Iraq); a.k.a. 'ABU HADI'."
        90102,"NORTHGATE MARITIME TRADING LLC",-0- ,"IRAN",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Registration Number 77310045 (United Arab Emirates)."
        90103,"SEA LANTERN","vessel","IRAN",-0- ,"3FXY7","Crude Oil Tanker",-0- ,-0- ,"Panama",-0- ,"Vessel Registration Identification IMO 9312341; MMSI 352001234; f.k.a. 'OCEAN LANTERN'."
        90104,"EP-QXA","aircraft","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Aircraft Manufacture Date 1995; Aircraft Model Boeing 747-422; Aircraft Manufacturer's Serial Number (MSN) 28871; Aircraft Tail Number EP-QXA; Linked To: NORTHGATE MARITIME TRADING LLC."
        90105,"KIM, Chol Ho","individual","DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB circa 1975; alt. DOB Sep 1977; nationality Korea, North; Passport 836410077."
        90106,"BLUE HARBOUR HOLDING LLC",-0- ,"UKRAINE-EO13685",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. 'BLUE HARBOR'."
        90107,"REYES MONTOYA, Julio Cesar","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 03 Nov 1970; citizen Colombia; Cedula No. 16789012 (Colombia)."

        """
    static let altCSV = """
        90101,1,"aka","QARIBI, Samir",-0-
        90102,2,"fka","NORTHGATE SHIPPING SERVICES FZE",-0-
        90102,3,"aka","NMT",-0-
        90102,4,"nka","NMT GLOBAL LOGISTICS LLC",-0-
        90107,5,"aka","REYES, Julio",-0-

        """
    static let addCSV = """
        90101,11,-0- ,"Damascus","Syria",-0-
        90102,12,"Office 1204, Al Shafar Tower 1, Barsha Heights","Dubai","United Arab Emirates",-0-
        90102,13,"Calle 50, Edificio Torre Marina, Piso 19","Panama City","Panama",-0-
        90106,14,"12 Primorsky Boulevard","Sevastopol","Region: Crimea",-0-
        90107,15,"8800 NW 36 Street, Suite 410","Miami, FL 33178","United States",-0-

        """
}

@Suite("List import: OFAC SDN advanced XML")
struct OFACAdvancedTests {
    func sample() throws -> ListImport { try ListImporter.ofacAdvanced(xml: OFACAdvancedSample.xml()) }

    func entity(_ id: String) throws -> ListEntity {
        try #require(try sample().list.entities.first { $0.id == id })
    }

    @Test func listAndReport() throws {
        let imported = try sample()
        #expect(imported.list.source == "ofac-sdn")
        #expect(imported.list.version == "2024-03-15")
        #expect(imported.list.entities.map(\.id) == ["90101", "90102", "90103", "90104", "90105", "90106", "90107"])
        #expect(imported.list.entities.allSatisfy { $0.list == "ofac-sdn" })
        let report = imported.report
        #expect(report.source == "ofac-sdn")
        #expect(report.entitiesByKind == [.person: 3, .organization: 2, .vessel: 1, .aircraft: 1])
        #expect(report.names == 16)
        #expect(report.aliases == 9)
        #expect(report.weakAliases == 3)
        #expect(report.birthDatesParsed == 5)
        #expect(report.birthDatesUnparsed.isEmpty)
        #expect(report.identifiers == 10)
        #expect(report.unresolvedCountries == ["Region: Crimea": 1])
        #expect(report.skipped.isEmpty)
    }

    /// Name parts in the order First, Middle, Last become `LAST, First Middle` (as in sdn.csv);
    /// the Arabic-script spelling of the primary alias is a strong alias with its script; a
    /// LowQuality a.k.a. is weak; exact and ranged dates of birth; nationality and citizenship;
    /// documents with their issuing countries; an address from a location; unmapped facts in remarks.
    @Test func individual() throws {
        let e = try entity("90101")
        let expected = ListEntity(
            id: "90101", list: "ofac-sdn", kind: .person,
            names: [
                ListName("AL-QARIBI, Samir Hadi", quality: .primary, script: "Latn"),
                ListName("سمير هادي القريبي", quality: .alias, script: "Arab"),
                ListName("QARIBI, Samir", quality: .alias, script: "Latn"),
                ListName("ABU HADI", quality: .weak, script: "Latn"),
            ],
            birthDates: [PartialDate(year: 1968, month: 4, day: 12), PartialDate(year: 1966, toYear: 1969)],
            nationalities: ["IQ", "SY"],
            identifiers: [
                ListIdentifier(type: "Passport", number: "P4417023", country: "IQ"),
                ListIdentifier(type: "National ID No.", number: "00196804127", country: "IQ"),
            ],
            programs: ["SDGT", "IRAQ3"],
            remarks: "POB Mosul, Iraq; Gender Male",
            addresses: [ListAddress(city: "Damascus", countryName: "Syria", country: "SY")])
        #expect(e == expected)
    }

    @Test func entityWithAddressesAndFormerNames() throws {
        let e = try entity("90102")
        let expected = ListEntity(
            id: "90102", list: "ofac-sdn", kind: .organization,
            names: [
                ListName("NORTHGATE MARITIME TRADING LLC", quality: .primary, script: "Latn"),
                ListName("NORTHGATE SHIPPING SERVICES FZE", quality: .alias, script: "Latn"),
                ListName("NMT", quality: .alias, script: "Latn"),
                ListName("NMT GLOBAL LOGISTICS LLC", quality: .alias, script: "Latn"),
            ],
            identifiers: [ListIdentifier(type: "Registration Number", number: "77310045", country: "AE")],
            programs: ["IRAN"],
            addresses: [
                ListAddress(street: "Office 1204, Al Shafar Tower 1, Barsha Heights", city: "Dubai", countryName: "United Arab Emirates", country: "AE"),
                ListAddress(street: "Calle 50, Edificio Torre Marina, Piso 19", city: "Panama City", countryName: "Panama", country: "PA"),
            ])
        #expect(e == expected)
    }

    /// Call sign and MMSI features and the IMO number (a `Vessel Registration Identification`
    /// document) are identifiers; flag and type have no field and stay in the remarks.
    @Test func vessel() throws {
        let e = try entity("90103")
        let expected = ListEntity(
            id: "90103", list: "ofac-sdn", kind: .vessel,
            names: [ListName("SEA LANTERN", quality: .primary, script: "Latn"), ListName("OCEAN LANTERN", quality: .weak, script: "Latn")],
            identifiers: [
                ListIdentifier(type: "Call Sign", number: "3FXY7"),
                ListIdentifier(type: "MMSI", number: "352001234"),
                ListIdentifier(type: "IMO", number: "9312341"),
            ],
            programs: ["IRAN"],
            remarks: "VESSEL TYPE Crude Oil Tanker; Vessel Flag Panama")
        #expect(e == expected)
    }

    @Test func aircraft() throws {
        let e = try entity("90104")
        let expected = ListEntity(
            id: "90104", list: "ofac-sdn", kind: .aircraft,
            names: [ListName("EP-QXA", quality: .primary, script: "Latn")],
            identifiers: [
                ListIdentifier(type: "Aircraft Manufacturer's Serial Number (MSN)", number: "28871"),
                ListIdentifier(type: "Aircraft Tail Number", number: "EP-QXA"),
            ],
            programs: ["SDGT"],
            remarks: "Aircraft Model Boeing 747-422; Aircraft Manufacture Date 1995")
        #expect(e == expected)
    }

    /// An approximate year is year ± 1 (like sdn.csv's `circa 1975`); a period of one month is
    /// that month; a country without `ISO2` resolves by its name.
    @Test func approximateAndMonthDates() throws {
        let e = try entity("90105")
        let expected = ListEntity(
            id: "90105", list: "ofac-sdn", kind: .person,
            names: [ListName("KIM, Chol Ho", quality: .primary, script: "Latn")],
            birthDates: [PartialDate(year: 1974, toYear: 1976, approximate: true), PartialDate(year: 1977, month: 9)],
            nationalities: ["KP"],
            identifiers: [ListIdentifier(type: "Passport", number: "836410077")],
            programs: ["DPRK3"])
        #expect(e == expected)
    }

    @Test func unresolvedCountryIsKeptAsWritten() throws {
        let e = try entity("90106")
        #expect(e.kind == .organization)
        #expect(e.names == [ListName("BLUE HARBOUR HOLDING LLC", quality: .primary, script: "Latn"), ListName("BLUE HARBOR", quality: .weak, script: "Latn")])
        #expect(e.addresses == [ListAddress(street: "12 Primorsky Boulevard", city: "Sevastopol", countryName: "Region: Crimea", country: nil)])
        #expect(e.programs == ["UKRAINE-EO13685"])
    }

    /// The primary alias comes second in the document but first in the names; city, state and
    /// postal code read like add.csv's `Miami, FL 33178`; a citizenship given as text.
    @Test func primaryFirstAndFullAddress() throws {
        let e = try entity("90107")
        let expected = ListEntity(
            id: "90107", list: "ofac-sdn", kind: .person,
            names: [ListName("REYES MONTOYA, Julio Cesar", quality: .primary, script: "Latn"), ListName("REYES, Julio", quality: .alias, script: "Latn")],
            birthDates: [PartialDate(year: 1970, month: 11, day: 3)],
            nationalities: ["CO"],
            identifiers: [ListIdentifier(type: "Cedula No.", number: "16789012", country: "CO")],
            programs: ["SDNTK"],
            addresses: [ListAddress(street: "8800 NW 36 Street, Suite 410", city: "Miami, FL 33178", countryName: "United States", country: "US")])
        #expect(e == expected)
    }

    // MARK: Layout variants

    @Test(arguments: ["http://www.un.org/sanctions/1.0", ""])
    func otherNamespaces(_ namespace: String) throws {
        let base = try sample().list.entities
        let text = try OFACAdvancedSample.text()
        let current = "xmlns=\"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML\""
        #expect(text.contains(current))
        let other = try OFACAdvancedSample.importXML(text.replacingOccurrences(of: current, with: namespace.isEmpty ? "" : "xmlns=\"\(namespace)\""))
        #expect(other.list.entities == base)
    }

    @Test func prefixedElementNames() throws {
        let base = try sample().list.entities
        // `<ofac:Sanctions xmlns:ofac="…">` with every element prefixed reads the same.
        var text = try OFACAdvancedSample.text()
        text = text.replacingOccurrences(of: "xmlns=\"https://", with: "xmlns:ofac=\"https://")
        text = text.replacingOccurrences(of: "</", with: "</ofac:")
        text = text.replacingOccurrences(of: #"<([A-Za-z])"#, with: "<ofac:$1", options: .regularExpression)
        let other = try OFACAdvancedSample.importXML(text)
        #expect(other.list.entities == base)
    }

    /// Meanings come from the reference sets' texts, not their numbers: renumbering and swapping
    /// ids consistently changes nothing.
    @Test func referenceIdsAreResolvedByText() throws {
        let base = try sample().list.entities
        var text = try OFACAdvancedSample.text()
        let swaps: [(String, String)] = [
            ("AliasType ID=\"1400\"", "AliasType ID=\"1401\""), ("AliasTypeID=\"1400\"", "AliasTypeID=\"1401\""),
            ("PartySubType ID=\"1\"", "PartySubType ID=\"4\""), ("PartySubTypeID=\"1\"", "PartySubTypeID=\"4\""),
            ("FeatureType ID=\"8\"", "FeatureType ID=\"10\""), ("FeatureTypeID=\"8\"", "FeatureTypeID=\"10\""),
            ("NamePartType ID=\"1520\"", "NamePartType ID=\"1521\""), ("NamePartTypeID=\"1520\"", "NamePartTypeID=\"1521\""),
            ("Country ID=\"11082\"", "Country ID=\"11208\""), ("CountryID=\"11082\"", "CountryID=\"11208\""),
        ]
        for (n, (a, b)) in swaps.enumerated() {
            text = text.replacingOccurrences(of: a, with: "#\(n)#")
            text = text.replacingOccurrences(of: b, with: a)
            text = text.replacingOccurrences(of: "#\(n)#", with: b)
        }
        text = text.replacingOccurrences(of: "SanctionsType ID=\"1\"", with: "SanctionsType ID=\"77\"")
        text = text.replacingOccurrences(of: "SanctionsTypeID=\"1\"", with: "SanctionsTypeID=\"77\"")
        let renumbered = try OFACAdvancedSample.importXML(text)
        #expect(renumbered.list.entities == base)
    }

    @Test func duplicatePartyIsSkippedAndReported() throws {
        let text = try OFACAdvancedSample.text()
        let start = try #require(text.range(of: "<DistinctParty FixedRef=\"90106\">"))
        let end = try #require(text.range(of: "</DistinctParty>", range: start.upperBound..<text.endIndex))
        let party = String(text[start.lowerBound..<end.upperBound]).replacingOccurrences(of: "BLUE HARBOUR HOLDING LLC", with: "OTHER NAME")
        let imported = try OFACAdvancedSample.importXML(text.replacingOccurrences(of: "</DistinctParties>", with: party + "</DistinctParties>"))
        #expect(imported.list.entities.count == 7)
        #expect(imported.list.entities.first { $0.id == "90106" }?.primaryName == "BLUE HARBOUR HOLDING LLC")
        #expect(imported.report.skipped.map(\.reason) == ["duplicate FixedRef 90106"])
        #expect(imported.report.skipped.first?.line == 8)
    }

    /// The published file is far larger than 10 MB, libxml2's limit for one push of input; the
    /// reader feeds the parser in chunks.
    @Test func documentsOverTenMegabytes() async throws {
        let base = try sample().list.entities
        // Building and parsing 15 MB takes a while: on its own thread, off the cooperative pool.
        let (size, imported) = try await OwnThread.run {
            let text = try OFACAdvancedSample.text()
            let padding = String(repeating: " ", count: 1_000_000) + "\n"
            let large = text.replacingOccurrences(of: "<Location ID=", with: padding + "<Location ID=")
                .replacingOccurrences(of: "<DistinctParty FixedRef=", with: padding + "<DistinctParty FixedRef=")
            return (large.utf8.count, try OFACAdvancedSample.importXML(large).list.entities)
        }
        #expect(size > 15_000_000)
        #expect(imported == base)
    }

    // MARK: Errors

    @Test func wrongRoot() throws {
        let error = try #require(throws: ListImportError.self) {
            try OFACAdvancedSample.importXML("<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>")
        }
        #expect(error.code == .wrongFormat)
        #expect(error.message.contains("<CONSOLIDATED_LIST>"))
        // The UN and EU lists are not this layout either.
        #expect(throws: ListImportError.self) { try OFACAdvancedSample.importXML("<export><sanctionEntity logicalId=\"1\"/></export>") }
    }

    @Test func sanctionsRootWithoutTheLayout() throws {
        let noSets = try #require(throws: ListImportError.self) {
            try OFACAdvancedSample.importXML("<Sanctions xmlns=\"http://www.un.org/sanctions/1.0\"><DistinctParties/></Sanctions>")
        }
        #expect(noSets.code == .wrongFormat)
        let noParties = try #require(throws: ListImportError.self) { try OFACAdvancedSample.importXML("<Sanctions><ReferenceValueSets/></Sanctions>") }
        #expect(noParties.code == .wrongFormat)
        #expect(noParties.message.contains("DistinctParty"))
    }

    @Test func emptyAndTruncated() throws {
        let empty = try #require(throws: ListImportError.self) { try ListImporter.ofacAdvanced(xml: Data()) }
        #expect(empty.code == .empty)
        let text = try OFACAdvancedSample.text()
        let truncated = try #require(throws: ListImportError.self) { try OFACAdvancedSample.importXML(String(text.prefix(text.count / 2))) }
        #expect(truncated.code == .malformedXML)
        #expect(truncated.line != nil)
        let garbage = try #require(throws: ListImportError.self) { try OFACAdvancedSample.importXML("ent_num,SDN_Name\n36,\"AEROCARIBBEAN AIRLINES\"\n") }
        #expect(garbage.code == .malformedXML)
    }

    /// A reference to an id no set or section has is an `invalidValue` naming the attribute, the
    /// id and the party, at the line of the referring element.
    @Test(arguments: [
        ("AliasTypeID=\"1401\" Primary=\"false\" LowQuality=\"true\"", "AliasTypeID=\"9999\" Primary=\"false\" LowQuality=\"true\"", "AliasTypeID 9999", "90103"),
        ("FeatureTypeID=\"224\"", "FeatureTypeID=\"225\"", "FeatureTypeID 225", "90101"),
        ("PartySubTypeID=\"2\"", "PartySubTypeID=\"5\"", "PartySubTypeID 5", "90104"),
        ("<VersionLocation LocationID=\"30601\"/>", "<VersionLocation LocationID=\"30699\"/>", "LocationID 30699", "90106"),
        ("<NamePartGroup ID=\"60109\" NamePartTypeID=\"1520\"/>", "<NamePartGroup ID=\"60110\" NamePartTypeID=\"1520\"/>", "NamePartGroupID 60109", "90101"),
        ("IssuedBy-CountryID=\"11044\"", "IssuedBy-CountryID=\"1\"", "IssuedBy-CountryID 1", "90107"),
        ("DetailReferenceID=\"702\"", "DetailReferenceID=\"703\"", "DetailReferenceID 703", "90103"),
        ("IdentityID=\"50701\" IssuedBy", "IdentityID=\"50799\" IssuedBy", "IdentityID 50799", ""),
        ("ProfileID=\"90107\"", "ProfileID=\"90199\"", "ProfileID 90199", ""),
        ("SanctionsTypeID=\"1\"><Comment>DPRK3", "SanctionsTypeID=\"2\"><Comment>DPRK3", "SanctionsTypeID 2", "90105"),
    ])
    func unknownReference(_ original: String, _ replacement: String, _ mention: String, _ party: String) throws {
        let text = try OFACAdvancedSample.text()
        #expect(text.contains(original))
        let error = try #require(throws: ListImportError.self) {
            try OFACAdvancedSample.importXML(text.replacingOccurrences(of: original, with: replacement))
        }
        #expect(error.code == .invalidValue)
        #expect(error.message.contains(mention))
        if !party.isEmpty { #expect(error.message.contains("DistinctParty \(party)")) }
        #expect(error.file == "SDN_ADVANCED.XML")
        #expect((error.line ?? 0) > 1)
    }

    // MARK: The CSV layout of the same parties

    /// Both layouts give the same ids, kinds, names, dates, nationalities, identifiers, programmes
    /// and addresses; the one difference is the Arabic-script name, which only the XML carries.
    @Test func agreesWithTheCSVLayout() throws {
        let xml = try sample()
        let csv = try ListImporter.ofacSDN(
            sdn: Data(OFACAdvancedSample.sdnCSV.utf8), alt: Data(OFACAdvancedSample.altCSV.utf8), add: Data(OFACAdvancedSample.addCSV.utf8))
        #expect(csv.list.entities.map(\.id) == xml.list.entities.map(\.id))
        #expect(csv.list.entities.map(\.primaryName) == xml.list.entities.map(\.primaryName))
        let diff = ListDiff.diff(csv.list, xml.list)
        #expect(diff.added.isEmpty)
        #expect(diff.removed.isEmpty)
        #expect(diff.unchanged == 6)
        #expect(diff.changed.map(\.id) == ["90101"])
        let change = try #require(diff.changed.first)
        #expect(change.fields == [.names])
        #expect(Set(change.new.names).subtracting(change.old.names) == [ListName("سمير هادي القريبي", quality: .alias, script: "Arab")])
        #expect(Set(change.old.names).isSubset(of: Set(change.new.names)))
        #expect(csv.report.unresolvedCountries == xml.report.unresolvedCountries)
        #expect(csv.report.weakAliases == xml.report.weakAliases)
        #expect(csv.report.identifiers == xml.report.identifiers)
    }
}

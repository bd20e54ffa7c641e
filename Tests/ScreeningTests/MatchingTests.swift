// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
@testable import Screening
import StraitTestSupport
import Testing

@Suite("Name matching: normalisation")
struct NameNormalizationTests {
    @Test func caseDiacriticsAndPunctuation() {
        #expect(NameNormalizer.tokens("José MÜLLER-Lüdenscheidt") == ["jose", "muller", "ludenscheidt"])
        #expect(NameNormalizer.tokens("Straße Łódź Øresund Æther") == ["strasse", "lodz", "oresund", "aether"])
        #expect(NameNormalizer.tokens("Sa'id O’Neil") == ["said", "oneil"])
        #expect(NameNormalizer.tokens("(IRGC)-QODS FORCE") == ["irgc", "qods", "force"])
    }

    @Test func invisibleCharactersAndFullWidth() {
        #expect(NameNormalizer.tokens("FA\u{200B}YAD, So\u{200C}bhi Mah\u{2060}moud\u{FEFF}") == ["fayad", "sobhi", "mahmoud"])
        #expect(NameNormalizer.tokens("Mü\u{00AD}ller") == ["muller"])
        #expect(NameNormalizer.tokens("ＭＵＨＡＭＭＡＤ　ＡＬＩ") == ["muhammad", "ali"])
    }

    @Test func homoglyphsInLatinNames() {
        // Cyrillic А, Е, О, Р, С, Т, Ѕ and Greek Ρ mixed into Latin names.
        #expect(NameNormalizer.tokens("FIТСН РАRЕNТЕ, Jоѕе") == ["fitch", "parente", "jose"])
        #expect(NameNormalizer.tokens("ΡАВLО ЕЅСОВАR") == ["pablo", "escobar"])
        // A name entirely in Cyrillic is transliterated, not read as look-alikes.
        #expect(NameNormalizer.tokens("СОРОКА") == ["soroka"])
    }

    @Test func titlesAreRemoved() {
        #expect(NameNormalizer.tokens("Sheikh Haji Dr. Abdul-Rahman Jr.") == ["abdul", "rahman"])
        #expect(NameNormalizer.tokens("Mr ZAWAHIRI") == ["zawahiri"])
        // A title alone is kept rather than leaving nothing.
        #expect(NameNormalizer.tokens("Sheikh") == ["sheikh"])
    }

    @Test func dottedInitialismsAndDigits() {
        #expect(NameNormalizer.tokens("BANCO S.A. DE C.V.") == ["banco", "sa", "de", "cv"])
        #expect(NameNormalizer.tokens("PETROCHEMICAL (U.K.) LIMITED") == ["petrochemical", "uk", "limited"])
        #expect(NameNormalizer.tokens("KALA PENSI0N AB5") == ["kala", "pension", "abs"])
        #expect(NameNormalizer.tokens("PARQUEADERO 25-13") == ["parqueadero", "25", "13"])
    }

    @Test func rolesOfTokens() {
        let tokens = NameNormalizer.normalize("AL-ZAWAHIRI TRADING CO LTD K.")
        #expect(tokens.map(\.role) == [.particle, .regular, .regular, .legalForm, .legalForm, .initial])
    }

    @Test func transliteration() {
        #expect(NameNormalizer.tokens("Владимир Путин") == ["vladimir", "putin"])
        #expect(NameNormalizer.tokens("习近平") == ["xi", "jin", "ping"])
        #expect(NameNormalizer.tokens("محمد بن سلمان") == ["mhmd", "bn", "slman"])
        #expect(NameNormalizer.tokens("김정은") == ["kim", "jong", "un"])
        #expect(NameNormalizer.tokens("Αλέξης Τσίπρας") == ["alexis", "tsipras"])
        #expect(NameNormalizer.tokens("علي حسن المجيد") == ["ali", "hsn", "al", "mjid"])
        #expect(NameNormalizer.tokens("Хусейн Щукин") == ["khusein", "shchukin"])
    }

    @Test func phoneticKeys() {
        func key(_ s: String) -> String { String(decoding: PhoneticKey.key(Array(s.utf8)), as: UTF8.self) }
        #expect(key("mohammed") == key("muhammad"))
        #expect(key("mohammed") == key("mhmd"))
        #expect(key("kassim") == key("qasim"))
        #expect(key("omairi") == key("omr"))
        #expect(key("sheikh") == key("shaykh"))
        #expect(key("continente") == key("kontinente"))
        #expect(key("garcia") != key("marcia"))
    }

    @Test func stringSimilarities() {
        func jw(_ a: String, _ b: String) -> Double { StringSimilarity.jaroWinkler(Array(a.utf8), Array(b.utf8)) }
        func dl(_ a: String, _ b: String) -> Double { StringSimilarity.damerauLevenshtein(Array(a.utf8), Array(b.utf8)) }
        // Published reference values: MARTHA/MARHTA 0.961, DIXON/DICKSONX 0.813, DWAYNE/DUANE 0.840.
        #expect(abs(jw("martha", "marhta") - 0.961) < 0.001)
        #expect(abs(jw("dixon", "dicksonx") - 0.813) < 0.001)
        #expect(abs(jw("dwayne", "duane") - 0.840) < 0.001)
        #expect(jw("abc", "xyz") == 0)
        #expect(dl("gipsy", "gpisy") == 1)
        #expect(dl("flaw", "lawn") == 2)
        #expect(dl("kitten", "sitting") == 2.5)  // k→s, e→i (a transliteration pair: half), +g
        #expect(dl("ca", "abc") == 3)  // optimal string alignment, not unrestricted Damerau
        #expect(dl("anbia", "anbla") == 0.5)  // i/l: an OCR confusion costs half
    }
}

@Suite("Name matching: screening")
struct ScreeningMatchTests {
    static let entities: [ListEntity] = [
        ListEntity(
            id: "1", list: "test", kind: .person, names: [ListName("PUTIN, Vladimir Vladimirovich", quality: .primary)],
            birthDates: [PartialDate(year: 1952, month: 10, day: 7)], nationalities: ["RU"]),
        ListEntity(id: "2", list: "test", kind: .person, names: [ListName("XI, Jinping", quality: .primary)]),
        ListEntity(id: "3", list: "test", kind: .person, names: [ListName("BIN SALMAN, Mohammed", quality: .primary)]),
        ListEntity(id: "4", list: "test", kind: .person, names: [ListName("KIM, Jong Un", quality: .primary)]),
        ListEntity(id: "5", list: "test", kind: .person, names: [ListName("TSIPRAS, Alexis", quality: .primary)]),
        ListEntity(id: "6", list: "test", kind: .organization, names: [ListName("ACME TRADING COMPANY LIMITED", quality: .primary)]),
        ListEntity(
            id: "7", list: "test", kind: .person,
            names: [ListName("AL-ZAWAHIRI, Ayman", quality: .primary), ListName("ABU MUHAMMAD", quality: .weak)],
            birthDates: [PartialDate(year: 1951, month: 6, day: 19)], nationalities: ["EG"],
            identifiers: [ListIdentifier(type: "Passport", number: "1084010")]),
        ListEntity(id: "8", list: "test", kind: .person, names: [ListName("BIN LADEN, Usama", quality: .primary)]),
        ListEntity(
            id: "9", list: "test", kind: .person, names: [ListName("SOKOLOV, Ivan", quality: .primary)],
            birthDates: [PartialDate(year: 1960, toYear: 1962)]),
        ListEntity(id: "10", list: "test", kind: .organization, names: [ListName("BANCO DEL ORIENTE, S.A. DE C.V.", quality: .primary)]),
    ]
    static let index = ScreeningIndex(entities: entities)

    func top(_ query: ScreeningQuery, in index: ScreeningIndex = ScreeningMatchTests.index) -> ScreeningMatch? {
        index.screen(query).first
    }

    @Test(arguments: [
        ("Владимир Путин", "1"), ("ПУТИН Владимир Владимирович", "1"), ("习近平", "2"), ("محمد بن سلمان", "3"), ("김정은", "4"),
        ("Αλέξης Τσίπρας", "5"), ("أسامة بن لادن", "8"),
    ])
    func crossScript(_ name: String, _ id: String) {
        let match = top(ScreeningQuery(name: name))
        #expect(match?.entityId == id, "\(name) → \(String(describing: match))")
    }

    @Test(arguments: [
        ("Ayman al-Zawahiri", "7"), ("ZAWAHIRI, Ayman", "7"), ("ALZAWAHIRI Ayman", "7"), ("Dr. Ayman Zawahiry", "7"),
        ("AYMAN AL ZAWAHIRI", "7"), ("Vladimir V. Putin", "1"), ("Jinping Xi", "2"), ("Xi Jin Ping", "2"), ("MOHAMMAD BIN SALMAN", "3"),
        ("Mhmd bn Slmn", "3"), ("Osama bin Laden", "8"),
    ])
    func latinVariants(_ name: String, _ id: String) {
        let match = top(ScreeningQuery(name: name))
        #expect(match?.entityId == id, "\(name) → \(String(describing: match))")
    }

    @Test func organisationSuffixes() {
        for name in ["Acme Trading Co. Ltd", "ACME TRADING COMPANY", "Acme Trading Limited", "ACME TRADING LLC", "Acme Trading GmbH"] {
            #expect(top(ScreeningQuery(name: name, type: .organization))?.entityId == "6", "\(name)")
        }
        #expect(top(ScreeningQuery(name: "BANCO DEL ORIENTE SA DE CV"))?.entityId == "10")
        #expect(top(ScreeningQuery(name: "Banco del Oriente"))?.entityId == "10")
        // Legal forms alone are no name.
        #expect(Self.index.screen(ScreeningQuery(name: "S.A. DE C.V.")).isEmpty)
        #expect(Self.index.screen(ScreeningQuery(name: "Trading Co Ltd")).isEmpty)
    }

    @Test func unrelatedNamesDoNotMatch() {
        for name in ["John Smith", "Maria Garcia Lopez", "Acme Plumbing Services", "Vladimir Nabokov", "Ivan Petrov", "Kim Novak"] {
            #expect(Self.index.screen(ScreeningQuery(name: name)).isEmpty, "\(name)")
        }
    }

    @Test func birthDateAndNationalityRaiseAndLowerTheScore() throws {
        var config = MatchingConfiguration()
        config.threshold = 0.3
        let index = ScreeningIndex(entities: Self.entities, configuration: config)
        let name = "Ayman Zawahiry"
        let plain = try #require(top(ScreeningQuery(name: name), in: index))
        let exact = try #require(top(ScreeningQuery(name: name, birthYear: 1951, month: 6, day: 19, nationality: "EG"), in: index))
        let year = try #require(top(ScreeningQuery(name: name, birthYear: 1951), in: index))
        let wrong = try #require(top(ScreeningQuery(name: name, birthYear: 1975, nationality: "FR"), in: index))
        let wrongDay = try #require(top(ScreeningQuery(name: name, birthYear: 1951, month: 6, day: 20), in: index))
        #expect(exact.score > year.score && year.score > plain.score && plain.score > wrongDay.score && plain.score > wrong.score)
        #expect(exact.explanation.signals.map(\.kind) == [.birthDateExact, .nationalityMatch])
        #expect(year.explanation.signals.map(\.kind) == [.birthDateYear])
        #expect(wrong.explanation.signals.map(\.kind) == [.birthDateMismatch, .nationalityMismatch])
        #expect(wrong.explanation.signals.allSatisfy { $0.adjustment < 0 })
        #expect(wrongDay.explanation.signals.map(\.kind) == [.birthDateMismatch])
        // A year inside a listed range.
        let ranged = try #require(top(ScreeningQuery(name: "Ivan Sokolov", birthYear: 1961), in: index))
        #expect(ranged.explanation.signals.map(\.kind) == [.birthDateRange])
        let outside = try #require(top(ScreeningQuery(name: "Ivan Sokolov", birthYear: 1970), in: index))
        #expect(outside.explanation.signals.map(\.kind) == [.birthDateMismatch] && outside.score < ranged.score)
        // The default threshold drops a good name match whose birth date and nationality disagree.
        #expect(Self.index.screen(ScreeningQuery(name: "Ayman Zawahiri", birthYear: 1975, nationality: "FR")).isEmpty)
    }

    @Test func typeMismatchIdentifierAndWeakAlias() throws {
        var config = MatchingConfiguration()
        config.threshold = 0.3
        let index = ScreeningIndex(entities: Self.entities, configuration: config)
        let person = try #require(top(ScreeningQuery(name: "Ayman Zawahiri", type: .person), in: index))
        let organization = try #require(top(ScreeningQuery(name: "Ayman Zawahiri", type: .organization), in: index))
        #expect(organization.score < person.score)
        #expect(organization.explanation.signals.map(\.kind) == [.typeMismatch])
        // An equal identifier (punctuation ignored) lifts a weak name match over the threshold.
        #expect(Self.index.screen(ScreeningQuery(name: "A. Zawahiry")).isEmpty)
        let byID = try #require(Self.index.screen(ScreeningQuery(name: "A. Zawahiry", idNumber: "10-84010")).first)
        #expect(byID.entityId == "7" && byID.explanation.signals.map(\.kind) == [.identifierMatch])
        // A weak alias matches with less weight and says so.
        let weak = try #require(top(ScreeningQuery(name: "Abu Muhammad"), in: index))
        #expect(weak.entityId == "7" && weak.nameQuality == .weak && weak.score < 1)
        #expect(weak.explanation.signals.map(\.kind) == [.weakAlias])
    }

    @Test func explanationContents() throws {
        var config = MatchingConfiguration()
        config.threshold = 0.5
        let lenient = ScreeningIndex(entities: Self.entities, configuration: config)
        // An extra word that matches nothing costs enough to fall under the default threshold.
        #expect(Self.index.screen(ScreeningQuery(name: "Mr. AYMAN AL ZAWAHIRY Hassan")).isEmpty)
        let match = try #require(top(ScreeningQuery(name: "Mr. AYMAN AL ZAWAHIRY Hassan"), in: lenient))
        #expect(match.entityId == "7" && match.matchedName == "AL-ZAWAHIRI, Ayman" && match.list == "test")
        let pairs = Dictionary(uniqueKeysWithValues: match.explanation.tokenPairs.map { ($0.query, $0) })
        #expect(pairs["ayman"]?.name == "ayman" && pairs["ayman"]?.kind == .exact && pairs["ayman"]?.similarity == 1)
        #expect(pairs["zawahiry"]?.name == "zawahiri" && pairs["zawahiry"]?.kind == .fuzzy)
        #expect((pairs["zawahiry"]?.similarity ?? 0) > 0.85 && (pairs["zawahiry"]?.similarity ?? 1) < 1)
        #expect(match.explanation.unmatchedQueryTokens == ["hassan"])
        #expect(match.explanation.unmatchedNameTokens.isEmpty)
        #expect(match.score == match.explanation.nameScore && match.score < 1)
        // Initials, joined words and phonetic matches are named as such.
        let initials = try #require(top(ScreeningQuery(name: "V. V. PUTIN")))
        #expect(initials.explanation.tokenPairs.contains { $0.kind == .initial && $0.query == "v" })
        let joined = try #require(top(ScreeningQuery(name: "XI Jin Ping")))
        #expect(joined.explanation.tokenPairs.contains { $0.kind == .joined && $0.name == "jinping" })
        // `mhmd` is a spelling of `mohammed` in the table of variants (it was a phonetic match before the table).
        let variant = try #require(top(ScreeningQuery(name: "Mhmd bin Salman")))
        #expect(variant.explanation.tokenPairs.contains { $0.kind == .variant && $0.query == "mhmd" })
    }

    @Test func blockingFindsTheRightNameAmongThousands() {
        // 5,000 generated names from syllables, plus the sample list.
        let syllables = ["ka", "ri", "mo", "sa", "le", "tu", "ne", "vo", "da", "mi", "ro", "za", "po", "li", "ga", "shi", "an", "el", "or", "um"]
        var seed: UInt64 = 42
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33)
        }
        func word() -> String { (0..<(2 + next() % 2)).map { _ in syllables[next() % syllables.count] }.joined() }
        var entities = Self.entities
        for i in 0..<5_000 {
            entities.append(ListEntity(id: "g\(i)", list: "gen", kind: .person, names: [ListName("\(word().uppercased()), \(word()) \(word())", quality: .primary)]))
        }
        let index = ScreeningIndex(entities: entities)
        #expect(index.nameCount >= 5_000)
        for probe in [17, 999, 2_500, 4_321] {
            let name = entities[Self.entities.count + probe].names[0].value
            let matches = index.screen(ScreeningQuery(name: name))
            #expect(matches.first?.entityId == "g\(probe)" && matches.first?.score == 1, "\(name)")
            // A typo and reordering still find it.
            let tokens = NameNormalizer.tokens(name)
            var typo = Array(tokens[1].utf8)
            typo[typo.count / 2] = typo[typo.count / 2] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
            let reordered = "\(String(decoding: typo, as: UTF8.self)) \(tokens[2]) \(tokens[0])"
            #expect(index.screen(ScreeningQuery(name: reordered)).contains { $0.entityId == "g\(probe)" }, "\(reordered)")
        }
        #expect(index.screen(ScreeningQuery(name: "Ayman al-Zawahiri")).first?.entityId == "7")
    }
}

/// The screening benchmark in ../shared (cases derived from the 2021 OFAC SDN list) against an index
/// of the whole SDN list with its aliases.
@Suite("Name matching: benchmark")
struct ScreeningBenchmarkTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/sanctions")
    static var available: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("screening-cases.json").path)
            && FileManager.default.fileExists(atPath: directory.appendingPathComponent("ofac-2021/sdn.csv").path)
    }

    /// A minimal CSV reader (quoted fields, doubled quotes).
    static func csv(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false, afterQuote = false
        for c in text.unicodeScalars {
            if quoted {
                if c == "\"" { quoted = false; afterQuote = true } else { field.unicodeScalars.append(c) }
                continue
            }
            if c == "\"" {
                if afterQuote { field.unicodeScalars.append("\"") }
                quoted = true
                afterQuote = false
                continue
            }
            afterQuote = false
            if c == "," {
                row.append(field)
                field = ""
            } else if c == "\n" || c == "\r" {
                if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
                row = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    static func sdnEntities() throws -> [ListEntity] {
        let sdn = csv(try String(contentsOf: directory.appendingPathComponent("ofac-2021/sdn.csv"), encoding: .utf8))
        let alt = csv(try String(contentsOf: directory.appendingPathComponent("ofac-2021/alt.csv"), encoding: .utf8))
        var order: [String] = [], byID: [String: ListEntity] = [:]
        for r in sdn where r.count >= 3 {
            let id = r[0].trimmingCharacters(in: .whitespaces)
            let type = r[2].trimmingCharacters(in: .whitespaces).lowercased()
            let kind: ListEntity.Kind = type == "individual" ? .person : type == "vessel" ? .vessel : type == "aircraft" ? .aircraft : .organization
            byID[id] = ListEntity(id: id, list: "ofac-sdn", kind: kind, names: [ListName(r[1], quality: .primary)])
            order.append(id)
        }
        for r in alt where r.count >= 4 {
            byID[r[0].trimmingCharacters(in: .whitespaces)]?.names.append(ListName(r[3], quality: r[2].lowercased().contains("weak") ? .weak : .alias))
        }
        return order.compactMap { byID[$0] }
    }

    @Test(.enabled(if: ScreeningBenchmarkTests.available, "../shared/data/sanctions (screening-cases.json, ofac-2021/sdn.csv, alt.csv) is absent"))
    func recallAndFalsePositives() async throws {
        let (table, recall, falsePositiveRate, names) = try await OwnThread.run {
            let index = ScreeningIndex(entities: try Self.sdnEntities())
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.directory.appendingPathComponent("screening-cases.json")))
            let cases = try #require((json as? [String: Any])?["cases"] as? [[String: Any]])
            var perClass: [String: (cases: Int, detected: Int, negative: Bool)] = [:]
            var positives = 0, found = 0, negatives = 0, falsePositives = 0
            // Every other case: the debug build is slow, and the suite shares two cores with timing-
            // sensitive tests. (The figures in the closing notes are from all cases, in release.)
            for (position, c) in cases.enumerated() where position % 2 == 0 {
                guard let query = c["query"] as? String, let perturbation = c["perturbation"] as? String else { continue }
                let expected = c["expected_entity_id"] as? String
                let matches = index.screen(ScreeningQuery(name: query))
                var row = perClass[perturbation] ?? (0, 0, expected == nil)
                row.cases += 1
                if let expected {
                    positives += 1
                    if matches.contains(where: { $0.entityId == expected }) { found += 1; row.detected += 1 }
                } else {
                    negatives += 1
                    if !matches.isEmpty { falsePositives += 1; row.detected += 1 }
                }
                perClass[perturbation] = row
            }
            var table = "| class | kind | cases | matched above threshold |\n|---|---|---:|---:|\n"
            for (name, row) in perClass.sorted(by: { $0.key < $1.key }) {
                table += "| \(name) | \(row.negative ? "negative" : "positive") | \(row.cases) | \(String(format: "%.1f%%", 100 * Double(row.detected) / Double(row.cases))) |\n"
            }
            return (table, Double(found) / Double(positives), Double(falsePositives) / Double(negatives), index.nameCount)
        }
        print("Screening benchmark (every other case), \(names) SDN names:\n\(table)recall \(String(format: "%.2f%%", 100 * recall)), false-positive rate \(String(format: "%.2f%%", 100 * falsePositiveRate))")
        // Measured with the defaults: recall 95.9%, false positives 3.4% (40% of them are
        // queries whose every word is in another listed name). The bounds leave margin.
        #expect(recall >= 0.93)
        #expect(falsePositiveRate <= 0.06)
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
@testable import Screening
import StraitTestSupport
import Testing

@Suite("Name matching: pairwise")
struct NameMatcherTests {
    let matcher = NameMatcher()

    @Test(arguments: [
        ("Владимир Путин", "PUTIN, Vladimir Vladimirovich"), ("ПУТИН Владимир Владимирович", "PUTIN, Vladimir Vladimirovich"),
        ("习近平", "XI, Jinping"), ("习近平", "XI Jin-ping"), ("김정은", "KIM, Jong Un"), ("Αλέξης Τσίπρας", "TSIPRAS, Alexis"),
        ("علي حسن المجيد التكريتي", "ALI HASSAN AL-MAJID AL-TIKRITI"), ("أسامة بن لادن", "BIN LADEN, Usama"), ("محمد بن سلمان", "BIN SALMAN, Mohammed"),
        ("Mohammed bin Salman", "Muhammad bin Salman"), ("Хусейн Щукин", "Khuseyn Shchukin"),
    ])
    func crossScriptPairsMatch(_ a: String, _ b: String) {
        let result = matcher.compare(a, b, type: .person)
        #expect(result.isMatch, "\(a) ~ \(b): \(result.score)")
        #expect(result.type == .person)
        #expect(result.explanation.nameScore == result.score && result.explanation.signals.isEmpty)
    }

    @Test(arguments: [
        ("Владимир Путин", "Vladimir Nabokov"), ("习近平", "LI, Keqiang"), ("김정은", "KIM, Yo Jong"), ("John Smith", "Jane Smythe-Jones"),
        ("ACME TRADING LLC", "ACME PLUMBING SERVICES"), ("علي حسن المجيد", "Hassan Rouhani"),
    ])
    func differentNamesDoNot(_ a: String, _ b: String) {
        let result = matcher.compare(a, b)
        #expect(!result.isMatch, "\(a) ~ \(b): \(result.score)")
        #expect(result.score >= 0 && result.score <= 1)
    }

    /// Names written in another script, or romanised by another convention: every word aligns, so
    /// the pair scores at least the threshold (`compareEitherWay`, as `strait screen compare` does).
    @Test(arguments: [
        ("Mohammed Ali", "Muhammad Ali"), ("Mohamad Hosein", "Muhammad Husayn"), ("Mhmd Abdallah", "Mohammed Abdullah"),
        ("Abdul Rahman Yasin", "Abd al-Rahman Yasin"), ("عبد الرحمن", "Abdurrahman"), ("نور الدين", "Nureddin"), ("Yusuf Khalil", "Youssef Halil"),
        ("Sergei Aleksandrovich", "Sergey Alexandrovich"), ("Mikhail Khodorkovsky", "Mihail Hodorkovski"), ("Хусейн", "Hussein"),
        ("Hsi Chin-p'ing", "Xi Jinping"), ("Mao Tse-tung", "Mao Zedong"), ("毛泽东", "Mao Tse-tung"), ("Liu Shao-ch'i", "Liu Shaoqi"),
        ("이재명", "Lee Jae-myung"), ("박정희", "Park Chung-hee"), ("Rhee Syngman", "Lee Seung-man"), ("Choe Son Hui", "Choi Sun-hee"),
        ("Kim Jong Un", "Gim Jeong-eun"), ("장성택", "Jang Song Thaek"), ("Γιάνης Βαρουφάκης", "Yanis Varoufakis"), ("Μητσοτάκης", "Mitsotakis"),
        ("صدام حسين التكريتي", "SADDAM HUSSEIN AL-TIKRITI"), ("معمر القذافي", "Muammar Gaddafi"), ("جمال عبد الناصر", "Gamal Abdel Nasser"),
        ("Putin Vladimir", "Vladimir Putin"), ("George Walker Bush", "George Bush"),
    ])
    func variantsAndRomanisationsMatch(_ a: String, _ b: String) {
        let result = matcher.compareEitherWay(a, b, type: .person)
        #expect(result.isMatch, "\(a) ~ \(b): \(result.score) \(result.explanation.tokenPairs)")
    }

    /// Near misses: a shared surname or given name, names whose skeletons agree but whose sounds do
    /// not, different syllables.
    @Test(arguments: [
        ("Kim Jong Un", "Kim Jong Il"), ("Kim Jong Un", "Pak Jong Un"), ("Li Peng", "Li Bing"), ("Omar Hassan", "Amir Hassan"),
        ("Mao Zedong", "Mao Zemin"), ("Владимир Путин", "Vladimir Petrov"), ("Максим Горький", "Maxim Georgiou"), ("حسن نصر الله", "Hassan Nasser"),
        ("Kim Il Sung", "Kim Jong Il"), ("Abdul Rahman", "Abdul Rashid"), ("CHANG Ssu", "HAN, Chang-su"), ("FAROOQ CIRE", "AL-SURI, Faruq"),
        ("Park Geun-hye", "Park Chung-hee"), ("Mohammed bin Salman", "Mohammed bin Zayed"),
    ])
    func nearMissesDoNot(_ a: String, _ b: String) {
        let result = matcher.compareEitherWay(a, b)
        #expect(!result.isMatch, "\(a) ~ \(b): \(result.score) \(result.explanation.tokenPairs)")
    }

    /// The new kinds say why two differently spelled words paired.
    @Test func variantAndTransliterationKinds() {
        let pairs = matcher.compare("Mhmd Khusein", "Muhammad Hussein").explanation.tokenPairs
        #expect(pairs.contains { $0.query == "mhmd" && $0.name == "muhammad" && $0.kind == .variant && $0.similarity == 0.95 })
        #expect(pairs.contains { $0.query == "khusein" && $0.name == "hussein" && $0.kind == .variant })
        let korean = matcher.compare("Yoon Suk-yeol", "윤석열").explanation.tokenPairs
        #expect(korean.contains { $0.query == "suk" && $0.name == "sok" && $0.kind == .transliteration && $0.similarity >= 0.83 && $0.similarity <= 0.92 })
        let wadeGiles = matcher.compare("Hsi Chin-p'ing", "习近平").explanation.tokenPairs
        #expect(wadeGiles.contains { $0.query == "hsi" && $0.name == "xi" && $0.kind == .variant })
        #expect(NameVariants.skeleton(Array("mohammed".utf8)) == NameVariants.skeleton(Array("muhammad".utf8)))
        #expect(NameVariants.readings(Array("tung".utf8)).contains(Array("dong".utf8)))
        #expect(NameVariants.alignment(Array("marina".utf8), Array("moreno".utf8)) < NameComparator.transliterationMinimum)
    }

    @Test func explanationAndThreshold() {
        let result = matcher.compare("Ayman al-Zawahiry", "AL-ZAWAHIRI, Ayman")
        #expect(result.isMatch && result.score < 1)
        #expect(result.explanation.tokenPairs.contains { $0.query == "zawahiry" && $0.name == "zawahiri" && $0.kind == .fuzzy })
        var strict = MatchingConfiguration()
        strict.threshold = 0.99
        let strictResult = NameMatcher(configuration: strict).compare("Ayman al-Zawahiry", "AL-ZAWAHIRI, Ayman")
        #expect(strictResult.score == result.score && !strictResult.isMatch)
        // Either way: a shorter form of a name matches whichever side it is on.
        let long = "BIN LADIN, Usama bin Muhammad bin Awad", short = "BIN LADIN, Usama"
        #expect(matcher.compareEitherWay(long, short).score == matcher.compare(short, long).score)
        #expect(matcher.compareEitherWay(long, short).score >= matcher.compare(long, short).score)
        #expect(matcher.compare("", "Usama").score == 0)
    }

    @Test func codableWithCamelCaseKeys() throws {
        let result = matcher.compare("Vladimir V. Putin", "PUTIN, Vladimir Vladimirovich", type: .person)
        let data = try JSONEncoder().encode(result)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["score", "isMatch", "type", "explanation"])
        let explanation = try #require(object["explanation"] as? [String: Any])
        #expect(Set(explanation.keys) == ["nameScore", "tokenPairs", "unmatchedQueryTokens", "unmatchedNameTokens", "signals"])
        let pair = try #require((explanation["tokenPairs"] as? [[String: Any]])?.first)
        #expect(Set(pair.keys) == ["query", "name", "similarity", "kind"])
        #expect(try JSONDecoder().decode(PairComparison.self, from: data) == result)

        let index = ScreeningIndex(entities: ScreeningMatchTests.entities)
        let match = try #require(index.screen(ScreeningQuery(name: "Ayman Zawahiri", birthYear: 1951, nationality: "EG")).first)
        let matchData = try JSONEncoder().encode(match)
        let matchObject = try #require(try JSONSerialization.jsonObject(with: matchData) as? [String: Any])
        #expect(Set(matchObject.keys) == ["entityId", "list", "matchedName", "nameQuality", "score", "explanation"])
        let signal = try #require(((matchObject["explanation"] as? [String: Any])?["signals"] as? [[String: Any]])?.first)
        #expect(Set(signal.keys) == ["kind", "adjustment", "detail"] && signal["kind"] as? String == "birth_date_year")
        #expect(try JSONDecoder().decode(ScreeningMatch.self, from: matchData) == match)
    }

    /// The pairwise score is the index's name score for the same two names: a few hundred SDN
    /// aliases screened against the whole list, each match compared with `NameMatcher`.
    @Test(.enabled(if: ScreeningBenchmarkTests.available, "../shared/data/sanctions is absent"))
    func agreesWithTheIndexOnRealPairs() async throws {
        let (compared, disagreements) = try await OwnThread.run {
            let entities = try ScreeningBenchmarkTests.sdnEntities()
            let index = ScreeningIndex(entities: entities)
            let matcher = NameMatcher()
            var compared = 0
            var disagreements: [String] = []
            for entity in entities where entity.names.count >= 2 {
                if compared >= 300 { break }
                for alias in entity.names.dropFirst().prefix(2) {
                    for match in index.screen(ScreeningQuery(name: alias.value)).prefix(3) {
                        var score = matcher.compare(alias.value, match.matchedName).score
                        if match.nameQuality == .weak { score *= index.configuration.weakAliasFactor }
                        compared += 1
                        if score != match.explanation.nameScore {
                            disagreements.append("\(alias.value) ~ \(match.matchedName): \(score) vs \(match.explanation.nameScore)")
                        }
                    }
                }
            }
            return (compared, disagreements)
        }
        #expect(compared >= 300)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }
}

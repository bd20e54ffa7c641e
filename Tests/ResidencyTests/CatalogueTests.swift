// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Residency
import Testing

@Suite("Jurisdiction catalogue")
struct CatalogueTests {
    @Test("the shipped catalogue parses, validates and cites a source and a date for every rule")
    func bundled() throws {
        let catalogue = try JurisdictionCatalogue.bundled()
        #expect(catalogue.version == "2026.11.1" && catalogue.published == "2026-11-27")
        #expect(catalogue.jurisdictions.first { $0.code == "EU" }?.countries.count == 30)
        #expect(catalogue.rules.count >= 17)
        for rule in catalogue.rules {
            #expect(!rule.source.isEmpty && rule.effective.count == 10, "\(rule.id)")
        }
        let japan = try #require(catalogue.rules.first { $0.id == "eu.adequacy.jp" })
        #expect(japan.outcome == .allow && japan.to == ["JP"] && japan.source.contains("2019/419"))
        let fallback = try #require(catalogue.rules.first { $0.id == "eu.default" })
        #expect(fallback.outcome == .requireMechanism && fallback.mechanisms.contains("bcr"))
        let concern = try #require(catalogue.jurisdictions.first { $0.code == "US-COC" })
        #expect(Set(concern.countries) == ["CN", "HK", "MO", "CU", "IR", "KP", "RU", "VE"])
        #expect(catalogue.rules.filter(\.coversTokens).map(\.id) == ["us.doj.countries-of-concern"])
    }

    static func document(rules: String, jurisdictions: String = #"[{"code":"EU","name":"EU","countries":["DE","FR"]},{"code":"JP","name":"Japan","countries":["JP"]}]"#) -> [UInt8] {
        Array(#"{"version":"t","published":"2026-01-01","jurisdictions":\#(jurisdictions),"rules":\#(rules)}"#.utf8)
    }

    static let rule = #"{"id":"r1","from":"EU","to":["JP"],"categories":["*"],"outcome":"allow","summary":"s","source":"x","effective":"2019-01-23"}"#

    @Test("bad files are refused with the place at fault", arguments: [
        (#"[{"id":"r1","from":"XX","to":["JP"],"outcome":"allow","summary":"s","source":"x","effective":"2019-01-23"}]"#, "rules[0].from"),
        (#"[{"id":"r1","from":"EU","to":["ZZ"],"outcome":"allow","summary":"s","source":"x","effective":"2019-01-23"}]"#, "rules[0].to"),
        (#"[{"id":"r1","from":"EU","to":["JP"],"outcome":"maybe","summary":"s","source":"x","effective":"2019-01-23"}]"#, "rules[0].outcome"),
        (#"[{"id":"r1","from":"EU","to":["JP"],"outcome":"allow","summary":"s","source":"x","effective":"2019-13-01"}]"#, "rules[0].effective"),
        (#"[{"id":"r1","from":"EU","to":["JP"],"categories":["secrets"],"outcome":"allow","summary":"s","source":"x","effective":"2019-01-23"}]"#, "rules[0].categories"),
        (#"[{"id":"r1","from":"EU","to":["JP"],"outcome":"require_mechanism","summary":"s","source":"x","effective":"2019-01-23"}]"#, "rules[0].mechanisms"),
        (#"[{"id":"r1","from":"EU","to":["JP"],"outcome":"allow","summary":"s","effective":"2019-01-23"}]"#, "rules[0].source"),
        ("[\(rule),\(rule)]", "rules[1].id"),
        (#"[{"id":"r1","from":"EU","to":["JP"],"outcome":"allow","summary":"s","source":"x","effective":"2019-01-23","expires":"2018-01-01"}]"#, "rules[0].expires"),
        (#"[{"id":"r1","from":"EU","to":["JP"],"outcome":"allow","summary":"s","source":"x","effective":"2019-01-23","covers_tokens":"true"}]"#, "rules[0].covers_tokens"),
    ])
    func refused(rules: String, path: String) {
        #expect(throws: CatalogueError.self) { try JurisdictionCatalogue.parse(Self.document(rules: rules)) }
        do {
            _ = try JurisdictionCatalogue.parse(Self.document(rules: rules))
        } catch {
            #expect(error.path == path, "\(error)")
        }
    }

    @Test("an organisation's file overrides and extends; a new version's diff names what changed")
    func mergeAndDiff() throws {
        let shipped = try JurisdictionCatalogue.bundled()
        // An adequacy decision withdrawn, and a rule of the organisation's own.
        let overlay = try JurisdictionCatalogue.parse(
            Array(
                #"""
                {"version":"acme.1","published":"2026-11-28","jurisdictions":[],"rules":[
                 {"id":"eu.adequacy.gb","from":"EU","to":["GB"],"categories":["*"],"outcome":"require_mechanism",
                  "mechanisms":["scc-2021/914"],"summary":"Adequacy withdrawn (test).","source":"test","effective":"2026-11-28"},
                 {"id":"acme.no-cards-to-jp","from":"EU","to":["JP"],"categories":["card"],"outcome":"allow_tokenised_only",
                  "summary":"Acme keeps card numbers in the EU.","source":"Acme policy 7","effective":"2026-01-01"}]}
                """#.utf8
            ),
            standalone: false
        )
        let merged = try shipped.merged(with: overlay)
        #expect(merged.rules.count == shipped.rules.count + 1)
        #expect(merged.rules.first { $0.id == "eu.adequacy.gb" }?.outcome == .requireMechanism)
        let diff = merged.diff(from: shipped)
        #expect(diff.added.map(\.id) == ["acme.no-cards-to-jp"])
        #expect(diff.removed.isEmpty)
        #expect(diff.changed.map(\.after.id) == ["eu.adequacy.gb"])
        #expect(diff.changed.first?.fields == ["outcome", "mechanisms", "summary", "source", "effective"])
        #expect(diff.lines.contains { $0.hasPrefix("~ eu.adequacy.gb: outcome") && $0.contains("(allow → require_mechanism)") })
        #expect(shipped.diff(from: shipped).isEmpty)
    }
}

@Suite("Transfer decisions")
struct TransferPolicyTests {
    static let policy: TransferPolicy = {
        let shipped = try! JurisdictionCatalogue.bundled()
        let overlay = try! JurisdictionCatalogue.parse(
            Array(
                #"""
                {"version":"acme.1","published":"2026-11-28","jurisdictions":[],"rules":[
                 {"id":"acme.cards-tokenised-to-jp","from":"EU","to":["JP"],"categories":["card"],"outcome":"allow_tokenised_only",
                  "summary":"Acme keeps card numbers in the EU.","source":"Acme policy 7","effective":"2026-01-01"}]}
                """#.utf8
            ),
            standalone: false
        )
        return TransferPolicy(catalogue: try! shipped.merged(with: overlay))
    }()

    @Test("inside the EEA and to an adequate country: allowed, citing the rule")
    func adequate() {
        let inside = Self.policy.decide(TransferRequest(from: "EU", to: "FR", categories: [.identity], date: "2026-11-27"))
        #expect(inside.outcome == .allow && inside.categories.first?.ruleID == "eu.internal")
        let japan = Self.policy.decide(TransferRequest(from: "EU", to: "JP", categories: [.identity, .transaction], date: "2026-11-27"))
        #expect(japan.outcome == .allow)
        #expect(japan.categories.allSatisfy { $0.ruleID == "eu.adequacy.jp" && $0.source?.contains("2019/419") == true })
    }

    @Test("the most specific rule wins: a category rule of the organisation narrows an adequacy decision")
    func specificity() {
        let decision = Self.policy.decide(TransferRequest(from: "EU", to: "JP", categories: [.card, .identity], date: "2026-11-27"))
        #expect(decision.outcome == .allowTokenisedOnly)
        #expect(decision.categories.first { $0.category == .card }?.ruleID == "acme.cards-tokenised-to-jp")
        #expect(decision.categories.first { $0.category == .identity }?.ruleID == "eu.adequacy.jp")
    }

    @Test("elsewhere a mechanism is needed: denied without one, allowed with one; the US needs DPF, SCCs or BCRs")
    func mechanisms() {
        let bare = Self.policy.decide(TransferRequest(from: "EU", to: "SG", categories: [.identity], date: "2026-11-27"))
        #expect(bare.outcome == .deny && bare.categories.first?.ruleID == "eu.default")
        #expect(bare.categories.first?.reason.contains("scc-2021/914-module-1") == true)
        let scc = Self.policy.decide(TransferRequest(from: "EU", to: "SG", categories: [.identity], mechanisms: ["scc-2021/914-module-2"], date: "2026-11-27"))
        #expect(scc.outcome == .allow)
        let us = Self.policy.decide(TransferRequest(from: "EU", to: "US", categories: [.contact], date: "2026-11-27"))
        #expect(us.outcome == .deny && us.categories.first?.ruleID == "eu.adequacy.us-dpf")
        let certified = Self.policy.decide(
            TransferRequest(from: "EU", to: "US", categories: [.contact], mechanisms: ["us-dpf-certified-recipient"], date: "2026-11-27")
        )
        #expect(certified.outcome == .allow)
    }

    @Test("dates and unknown origins: before a decision took effect, and from a jurisdiction without rules, it fails closed")
    func failClosed() {
        let early = Self.policy.decide(TransferRequest(from: "EU", to: "KR", categories: [.identity], date: "2021-07-01"))  // before the Korea decision (2021-12-17)
        #expect(early.outcome == .deny && early.categories.first?.ruleID == "eu.default")
        let unknown = Self.policy.decide(TransferRequest(from: "JP", to: "SG", categories: [.card], date: "2026-11-27"))
        #expect(unknown.outcome == .deny && unknown.categories.first?.ruleID == nil)
        #expect(unknown.categories.first?.reason.contains("no rule") == true)
    }
}

@Suite("Transfer decisions: United Kingdom")
struct UKTransferTests {
    static let policy = TransferPolicy(catalogue: try! JurisdictionCatalogue.bundled())

    @Test("UK to the EEA, Gibraltar and Korea: adequate; to the US only for certified recipients; elsewhere the IDTA or the Addendum")
    func unitedKingdom() {
        for country in ["DE", "IE", "GI", "JP", "KR"] {
            let decision = Self.policy.decide(TransferRequest(from: "GB", to: country, categories: [.identity], date: "2026-11-27"))
            #expect(decision.outcome == .allow, "\(country): \(decision)")
        }
        let us = Self.policy.decide(TransferRequest(from: "GB", to: "US", categories: [.identity], date: "2026-11-27"))
        #expect(us.outcome == .deny && us.categories.first?.ruleID == "uk.adequacy.us-extension")
        let idta = Self.policy.decide(TransferRequest(from: "GB", to: "IN", categories: [.bankAccount], mechanisms: ["uk-idta"], date: "2026-11-27"))
        #expect(idta.outcome == .allow && idta.categories.first?.ruleID == "uk.default")
        let eu = Self.policy.decide(TransferRequest(from: "GB", to: "FR", categories: [.card], date: "2026-11-27"))
        #expect(eu.categories.first?.ruleID == "uk.adequacy.transitional")
    }
}

@Suite("Transfer decisions: India, Hong Kong, Singapore")
struct AsiaTransferTests {
    static let policy = TransferPolicy(catalogue: try! JurisdictionCatalogue.bundled())

    @Test("India's payment data stays home unless processed abroad and returned within 24 hours; other categories have no rule")
    func india() {
        let abroad = Self.policy.decide(TransferRequest(from: "IN", to: "SG", categories: [.card, .transaction], date: "2026-11-27"))
        #expect(abroad.outcome == .deny)
        #expect(abroad.categories.allSatisfy { $0.ruleID == "in.rbi.payment-data" && $0.source?.contains("2785") == true })
        let transient = Self.policy.decide(
            TransferRequest(from: "IN", to: "SG", categories: [.card], mechanisms: ["in-rbi-processing-abroad-deleted-within-24h"], date: "2026-11-27")
        )
        #expect(transient.outcome == .allow)
        #expect(Self.policy.decide(TransferRequest(from: "IN", to: "IN", categories: [.card], date: "2026-11-27")).outcome == .allow)
        let behavioural = Self.policy.decide(TransferRequest(from: "IN", to: "SG", categories: [.behavioural], date: "2026-11-27"))
        #expect(behavioural.outcome == .deny && behavioural.categories.first?.ruleID == nil, "fails closed where the catalogue is silent")
    }

    @Test("Hong Kong: no transfer restriction in force; Singapore: comparable protection required")
    func hongKongAndSingapore() {
        #expect(Self.policy.decide(TransferRequest(from: "HK", to: "US", categories: [.identity], date: "2026-11-27")).outcome == .allow)
        let bare = Self.policy.decide(TransferRequest(from: "SG", to: "US", categories: [.identity], date: "2026-11-27"))
        #expect(bare.outcome == .deny && bare.categories.first?.ruleID == "sg.pdpa.transfer")
        let contract = Self.policy.decide(
            TransferRequest(from: "SG", to: "US", categories: [.identity], mechanisms: ["sg-legally-enforceable-obligations"], date: "2026-11-27")
        )
        #expect(contract.outcome == .allow)
    }
}

@Suite("Tokens: transfers of tokens only")
struct TokenTransferTests {
    static let rules = #"""
        [{"id":"plain","from":"EU","to":["JP"],"categories":["*"],"outcome":"deny","summary":"Nothing goes to Japan.","source":"x","effective":"2020-01-01"},
         {"id":"tokens-too","from":"EU","to":["JP"],"categories":["national_id"],"outcome":"deny","summary":"Not even tokens.","source":"x","effective":"2020-01-01","covers_tokens":true},
         {"id":"tokens-only","from":"EU","to":["JP"],"categories":["contact"],"outcome":"allow_tokenised_only","summary":"Tokens only.","source":"x","effective":"2020-01-01","covers_tokens":true},
         {"id":"mechanism","from":"EU","to":["JP"],"categories":["bank_account"],"outcome":"require_mechanism","mechanisms":["m1"],"summary":"Needs m1.","source":"x","effective":"2020-01-01","covers_tokens":true},
         {"id":"explicit-false","from":"EU","to":["EU"],"categories":["*"],"outcome":"allow","summary":"Inside.","source":"x","effective":"2020-01-01","covers_tokens":false}]
        """#

    @Test("a tokenised request is judged only by rules covering tokens; with none it is allowed without a rule; a clear request by every rule")
    func semantics() throws {
        let catalogue = try JurisdictionCatalogue.parse(CatalogueTests.document(rules: Self.rules))
        #expect(catalogue.rules.map(\.coversTokens) == [false, true, true, true, false])
        let policy = TransferPolicy(catalogue: catalogue)
        func decide(_ category: DataCategory, tokenised: Bool, mechanisms: Set<String> = []) -> CategoryDecision? {
            policy.decide(TransferRequest(from: "EU", to: "JP", categories: [category], mechanisms: mechanisms, date: "2026-11-27", tokenised: tokenised))
                .categories.first
        }
        // Clear: every rule applies as before.
        #expect(decide(.identity, tokenised: false)?.ruleID == "plain" && decide(.identity, tokenised: false)?.outcome == .deny)
        #expect(decide(.nationalID, tokenised: false)?.ruleID == "tokens-too")
        #expect(decide(.contact, tokenised: false)?.outcome == .allowTokenisedOnly)
        // Tokens: the rule that does not cover tokens is skipped; only tokens leave.
        let identity = try #require(decide(.identity, tokenised: true))
        #expect(identity.outcome == .allow && identity.ruleID == nil && identity.source == nil)
        #expect(identity.reason.contains("Only tokens") && identity.reason.contains("home vault"), "\(identity.reason)")
        #expect(decide(.nationalID, tokenised: true)?.outcome == .deny && decide(.nationalID, tokenised: true)?.ruleID == "tokens-too")
        // A covering allow_tokenised_only rule is met by tokens.
        #expect(decide(.contact, tokenised: true)?.outcome == .allow && decide(.contact, tokenised: true)?.ruleID == "tokens-only")
        // A covering require_mechanism rule still needs its mechanism.
        #expect(decide(.bankAccount, tokenised: true)?.outcome == .deny && decide(.bankAccount, tokenised: true)?.ruleID == "mechanism")
        #expect(decide(.bankAccount, tokenised: true, mechanisms: ["m1"])?.outcome == .allow)
        // A request mixing categories takes the most restrictive.
        let mixed = policy.decide(TransferRequest(from: "EU", to: "JP", categories: [.identity, .nationalID], date: "2026-11-27", tokenised: true))
        #expect(mixed.outcome == .deny)
        // The tokenised default is false.
        #expect(TransferRequest(from: "EU", to: "JP", categories: [.identity], date: "2026-11-27").tokenised == false)
    }

    @Test("covers_tokens is strict: only true or false, refused with its path")
    func strict() {
        for bad in [#""yes""#, "1", "null", "[true]"] {
            let rules = #"[{"id":"r1","from":"EU","to":["JP"],"outcome":"allow","summary":"s","source":"x","effective":"2019-01-23","covers_tokens":"# + bad + "}]"
            do {
                _ = try JurisdictionCatalogue.parse(CatalogueTests.document(rules: rules))
                Issue.record("covers_tokens \(bad) was accepted")
            } catch {
                #expect(error.path == "rules[0].covers_tokens" && error.message.contains("true or false"), "\(error)")
            }
        }
    }

    @Test("a change of covers_tokens shows in the diff, and an added rule that covers tokens says so")
    func diff() throws {
        let before = try JurisdictionCatalogue.parse(CatalogueTests.document(rules: "[\(CatalogueTests.rule)]"))
        let after = try JurisdictionCatalogue.parse(
            CatalogueTests.document(
                rules: #"""
                    [{"id":"r1","from":"EU","to":["JP"],"categories":["*"],"outcome":"allow","summary":"s","source":"x","effective":"2019-01-23","covers_tokens":true},
                     {"id":"r2","from":"EU","to":["JP"],"categories":["card"],"outcome":"deny","summary":"t","source":"y","effective":"2019-01-23","covers_tokens":true}]
                    """#
            )
        )
        let diff = after.diff(from: before)
        #expect(diff.changed.map(\.after.id) == ["r1"])
        #expect(diff.changed.first?.fields == ["covers_tokens"])
        #expect(diff.lines.contains("~ r1: covers_tokens"), "\(diff.lines)")
        #expect(diff.lines.contains { $0.hasPrefix("+ r2: deny (covers tokens) — t") }, "\(diff.lines)")

        let shipped = try JurisdictionCatalogue.bundled()
        var loosened = shipped
        let index = try #require(loosened.rules.firstIndex { $0.id == "us.doj.countries-of-concern" })
        loosened.rules[index].coversTokens = false
        #expect(loosened.diff(from: shipped).changed.first?.fields == ["covers_tokens"])
    }
}

@Suite("Transfer decisions: Switzerland, China, Indonesia, United States, Russia, Vietnam")
struct Issue5TransferTests {
    static let policy = TransferPolicy(catalogue: try! JurisdictionCatalogue.bundled())
    static let today = "2026-11-27"

    static func decide(
        _ from: String, _ to: String, _ categories: Set<DataCategory>, _ mechanisms: Set<String> = [], on date: String = today, tokenised: Bool = false
    ) -> TransferDecision {
        policy.decide(TransferRequest(from: from, to: to, categories: categories, mechanisms: mechanisms, date: date, tokenised: tokenised))
    }

    static func rules(_ decision: TransferDecision) -> Set<String?> { Set(decision.categories.map(\.ruleID)) }

    @Test("Switzerland: Annex 1 states adequate; the US only with the Swiss-US DPF (from 2024-09-15), SCCs, BCRs or Art. 17; elsewhere safeguards")
    func switzerland() {
        for country in ["DE", "NO", "LI", "GB", "MC", "NZ", "CA", "GI"] {
            let decision = Self.decide("CH", country, [.identity, .bankAccount])
            #expect(decision.outcome == .allow && Self.rules(decision) == ["ch.adequacy"], "\(country): \(decision)")
        }
        let bare = Self.decide("CH", "US", [.identity])
        #expect(bare.outcome == .deny && bare.categories.first?.ruleID == "ch.adequacy.us-dpf")
        #expect(bare.categories.first?.reason.contains("ch-us-dpf") == true)
        let certified = Self.decide("CH", "US", [.identity], ["ch-us-dpf"])
        #expect(certified.outcome == .allow && certified.categories.first?.ruleID == "ch.adequacy.us-dpf")
        #expect(Self.decide("CH", "US", [.card], ["ch-scc"]).outcome == .allow)
        // Before the Federal Council listed the US, the DPF certification alone was not enough.
        let early = Self.decide("CH", "US", [.identity], ["ch-us-dpf"], on: "2024-09-14")
        #expect(early.outcome == .deny && early.categories.first?.ruleID == "ch.default")
        #expect(Self.decide("CH", "US", [.identity], ["ch-scc"], on: "2024-09-14").outcome == .allow)
        let singapore = Self.decide("CH", "SG", [.identity])
        #expect(singapore.outcome == .deny && singapore.categories.first?.ruleID == "ch.default")
        #expect(Self.decide("CH", "SG", [.identity], ["ch-art17-consent"]).outcome == .allow)
        #expect(Self.decide("CH", "CH", [.card]).categories.first?.ruleID == "ch.internal")
    }

    @Test("China: financial information stays onshore (tokens only); other personal information by declared mechanism; ID numbers are sensitive")
    func china() {
        let cards = Self.decide("CN", "SG", [.card, .bankAccount, .transaction], ["cn.security-assessment"])
        #expect(cards.outcome == .allowTokenisedOnly && Self.rules(cards) == ["cn.pfi.onshore"])
        #expect(cards.categories.allSatisfy { $0.source?.contains("[2011] No. 17") == true })
        let bare = Self.decide("CN", "SG", [.identity])
        #expect(bare.outcome == .deny && bare.categories.first?.ruleID == "cn.pipl.transfer")
        let contract = Self.decide("CN", "SG", [.identity], ["cn.standard-contract"])
        #expect(contract.outcome == .allow && contract.categories.first?.ruleID == "cn.pipl.transfer")
        #expect(Self.decide("CN", "SG", [.contact, .behavioural], ["cn.exemption-under-100k"]).outcome == .allow)
        // Sensitive: the small-volume exemption does not cover identity document numbers.
        let small = Self.decide("CN", "SG", [.nationalID], ["cn.exemption-under-100k"])
        #expect(small.outcome == .deny && small.categories.first?.ruleID == "cn.pipl.transfer.sensitive")
        #expect(Self.decide("CN", "SG", [.nationalID], ["cn.standard-contract"]).outcome == .allow)
        #expect(Self.decide("CN", "SG", [.nationalID], ["cn.exemption-contract"]).outcome == .allow)
        // Hong Kong is outside the mainland.
        #expect(Self.decide("CN", "HK", [.identity]).categories.first?.ruleID == "cn.pipl.transfer")
        // Before the 2024 Provisions there was no volume exemption.
        let before = Self.decide("CN", "SG", [.identity], ["cn.exemption-under-100k"], on: "2023-12-01")
        #expect(before.outcome == .deny && before.categories.first?.ruleID == "cn.pipl.transfer.before-2024")
        #expect(Self.decide("CN", "SG", [.identity], ["cn.standard-contract"], on: "2023-12-01").outcome == .allow)
        #expect(Self.decide("CN", "CN", [.card]).categories.first?.ruleID == "cn.internal")
        // Tokens of card numbers may leave: the values stay in the mainland vault.
        let tokens = Self.decide("CN", "SG", [.card], tokenised: true)
        #expect(tokens.outcome == .allow && tokens.categories.first?.ruleID == nil)
    }

    @Test("Indonesia: payment data is processed onshore (tokens only); other personal data under PDP Law Art. 56 from 2024-10-17")
    func indonesia() {
        let payment = Self.decide("ID", "SG", [.transaction, .card], ["id.pdp-binding-safeguards"])
        #expect(payment.outcome == .allowTokenisedOnly && Self.rules(payment) == ["id.bi.payment-processing"])
        #expect(payment.categories.allSatisfy { $0.source?.contains("22/23/PBI/2020") == true })
        #expect(Self.decide("ID", "ID", [.transaction]).categories.first?.ruleID == "id.internal")
        let bare = Self.decide("ID", "SG", [.identity])
        #expect(bare.outcome == .deny && bare.categories.first?.ruleID == "id.pdp.transfer")
        #expect(Self.decide("ID", "SG", [.identity], ["id.pdp-equivalent-protection"]).outcome == .allow)
        #expect(Self.decide("ID", "SG", [.identity], ["id.pdp-consent"]).outcome == .allow)
        // Before the end of the transition the catalogue has no general rule: it fails closed.
        let early = Self.decide("ID", "SG", [.identity], ["id.pdp-consent"], on: "2024-10-16")
        #expect(early.outcome == .deny && early.categories.first?.ruleID == nil)
        #expect(Self.decide("ID", "SG", [.transaction], tokenised: true).outcome == .allow)
    }

    @Test("United States: GLBA needs a basis for disclosure; the DOJ rule keeps sensitive data, tokens included, from countries of concern")
    func unitedStates() {
        let contract: Set<String> = ["us.glba-service-provider-contract"]
        for country in ["CN", "HK", "MO", "CU", "IR", "KP", "RU", "VE"] {
            for tokenised in [false, true] {
                let decision = Self.decide("US", country, [.nationalID], contract, tokenised: tokenised)
                #expect(decision.outcome == .deny && decision.categories.first?.ruleID == "us.doj.countries-of-concern", "\(country) \(tokenised)")
                #expect(decision.categories.first?.source?.contains("28 CFR Part 202") == true)
            }
        }
        let cards = Self.decide("US", "CN", [.card, .bankAccount, .transaction, .behavioural], contract, tokenised: true)
        #expect(cards.outcome == .deny && Self.rules(cards) == ["us.doj.countries-of-concern"])
        // Elsewhere tokens leave freely; clear values need a GLBA basis.
        let singaporeTokens = Self.decide("US", "SG", [.nationalID, .card], tokenised: true)
        #expect(singaporeTokens.outcome == .allow && Self.rules(singaporeTokens) == [nil])
        let singapore = Self.decide("US", "SG", [.nationalID])
        #expect(singapore.outcome == .deny && singapore.categories.first?.ruleID == "us.glba")
        #expect(Self.decide("US", "SG", [.nationalID], contract).outcome == .allow)
        // Names and contact details alone are not covered by the DOJ rule; public data is not GLBA data.
        #expect(Self.decide("US", "CN", [.identity], contract).categories.first?.ruleID == "us.glba")
        #expect(Self.decide("US", "CN", [.identity], tokenised: true).outcome == .allow)
        #expect(Self.decide("US", "CN", [.public]).categories.first?.ruleID == "us.glba.public")
        // The DOJ rule took effect on 2025-04-08.
        let before = Self.decide("US", "CN", [.nationalID], contract, on: "2025-04-07")
        #expect(before.outcome == .allow && before.categories.first?.ruleID == "us.glba")
        #expect(Self.decide("US", "US", [.nationalID]).categories.first?.ruleID == "us.internal")
    }

    @Test("Russia: collection into databases abroad is denied; a copy recorded in Russia goes abroad after notifying Roskomnadzor")
    func russia() {
        let abroad = Self.decide("RU", "DE", [.identity])
        #expect(abroad.outcome == .deny && abroad.categories.first?.ruleID == "ru.localisation")
        #expect(abroad.categories.first?.source?.contains("23-FZ") == true)
        #expect(abroad.categories.first?.reason.contains("ru.rkn-notification") == true)
        let notified = Self.decide("RU", "AE", [.identity, .card], ["ru.rkn-notification"])
        #expect(notified.outcome == .allow && Self.rules(notified) == ["ru.localisation"])
        let earlier = Self.decide("RU", "DE", [.identity], on: "2024-05-01")
        #expect(earlier.outcome == .deny && earlier.categories.first?.ruleID == "ru.localisation.before-23-fz")
        #expect(Self.decide("RU", "RU", [.identity]).categories.first?.ruleID == "ru.internal")
    }

    @Test("Vietnam: without the transfer impact assessment dossier denied, with it allowed; Decree 13 until 2025, the PDP Law from 2026")
    func vietnam() {
        let bare = Self.decide("VN", "SG", [.identity, .transaction])
        #expect(bare.outcome == .deny)
        #expect(bare.categories.first { $0.category == .identity }?.ruleID == "vn.decree53.storage")
        #expect(bare.categories.first { $0.category == .transaction }?.ruleID == "vn.transfer")
        let dossier = Self.decide("VN", "SG", [.identity, .transaction], ["vn.transfer-impact-dossier"])
        #expect(dossier.outcome == .allow)
        #expect(dossier.categories.allSatisfy { $0.source?.contains("91/2025/QH15") == true })
        let decree13 = Self.decide("VN", "SG", [.identity, .transaction], on: "2025-06-01")
        #expect(Self.rules(decree13) == ["vn.decree53.storage.before-pdpl", "vn.transfer.before-pdpl"])
        #expect(decree13.categories.allSatisfy { $0.source?.contains("13/2023/ND-CP") == true })
        #expect(Self.decide("VN", "SG", [.identity], ["vn.transfer-impact-dossier"], on: "2025-06-01").outcome == .allow)
        #expect(Self.decide("VN", "VN", [.identity]).categories.first?.ruleID == "vn.internal")
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Residency
import Testing

@Suite("Jurisdiction catalogue")
struct CatalogueTests {
    @Test("the shipped catalogue parses, validates and cites a source and a date for every rule")
    func bundled() throws {
        let catalogue = try JurisdictionCatalogue.bundled()
        #expect(catalogue.version == "2026.11.0")
        #expect(catalogue.jurisdictions.first { $0.code == "EU" }?.countries.count == 30)
        #expect(catalogue.rules.count >= 17)
        for rule in catalogue.rules {
            #expect(!rule.source.isEmpty && rule.effective.count == 10, "\(rule.id)")
        }
        let japan = try #require(catalogue.rules.first { $0.id == "eu.adequacy.jp" })
        #expect(japan.outcome == .allow && japan.to == ["JP"] && japan.source.contains("2019/419"))
        let fallback = try #require(catalogue.rules.first { $0.id == "eu.default" })
        #expect(fallback.outcome == .requireMechanism && fallback.mechanisms.contains("bcr"))
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

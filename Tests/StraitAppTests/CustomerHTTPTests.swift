// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Screening
import StraitApp
import StraitStore
import StraitHTTP
import Ledger
import Testing

/// Onboarding, screening, review, card binding and re-screening through the HTTP API of a real
/// node (SQLite file, vault, ledger) with small lists stored the way `strait lists import` stores them.
@Suite("Customers and screening over HTTP")
struct CustomerHTTPTests {
    static func entity(_ id: String, _ names: [String], born: Int? = nil, nationality: String? = nil, list: String = "test-sanctions") -> ListEntity {
        ListEntity(
            id: id, list: list, kind: .person, names: names.enumerated().map { ListName($1, quality: $0 == 0 ? .primary : .alias) },
            birthDates: born.map { [PartialDate(year: $0)] } ?? [], nationalities: nationality.map { [$0] } ?? [], programs: ["TEST"]
        )
    }

    /// Stores a list version as the CLI does.
    static func store(_ entities: [ListEntity], version: String, into store: any StraitStore, source: String = "test-sanctions") async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(entities)
        let list = StoredScreeningList(source: source, version: version, entities: data, entityCount: entities.count, importedAt: "2026-11-27T10:00:00Z", actor: "test")
        _ = try await store.storeScreeningList(list, entities: data)
    }

    static func application(id: String, name: String, original: String? = nil, born: String = "1975-03-14", nationality: String = "DE", residence: String = "DE", extra: String = "") -> String {
        let originalJSON = original.map { #","original":"\#($0)""# } ?? ""
        return """
            {"id":"\(id)","type":"person","name":{"latin":"\(name)"\(originalJSON)},"dateOfBirth":"\(born)","nationality":"\(nationality)",\
            "residence":"\(residence)","document":{"type":"passport","number":"C01X00T47","issuingCountry":"\(nationality)","expiryDate":"2031-06-30"},\
            "contact":{"email":"someone@example.com"},"purpose":"salary and savings"\(extra)}
            """
    }

    @Test("onboarding: refused without lists; a clean customer is active with a low rating, personal data only as tokens; a listed one is pending review with an alert and a case")
    func onboarding() async throws {
        let node = try await TestNode()
        let customers = try #require(node.node.customers)
        try await node.test { client in
            // No list imported yet: nobody can be screened, so nobody is onboarded.
            _ = try await customers.loadLists()
            let early = try await client.send(.post, "/v1/customers", json: Self.application(id: "c-0", name: "Maria Schmidt"))
            #expect(early.status == .serviceUnavailable && early.text.contains("no_screening_lists"), "\(early.text)")

            try await Self.store([Self.entity("E1", ["Viktor Petrovich BOUTOV", "Viktor Butov"], born: 1967, nationality: "RU")], version: "v1", into: node.node.store)
            #expect(try await customers.loadLists())
            let clean = try await client.send(.post, "/v1/customers", json: Self.application(id: "c-1", name: "Maria Schmidt", extra: #","products":["cross_border_payments"],"channel":"remote_verified""#))
            #expect(clean.status == .created, "\(clean.text)")
            let customer = try clean.json()
            #expect(customer["status"] as? String == "active")
            #expect((customer["rating"] as? [String: Any])?["level"] as? String == "low")
            // Personal data is in the vault: the customer row names tokens, never the values.
            #expect(!clean.text.contains("Maria") && !clean.text.contains("C01X00T47") && !clean.text.contains("someone@example.com"))
            let fields = try #require(customer["fields"] as? [String: String])
            #expect(fields["name.latin"]?.hasPrefix("tok_") == true && fields["document.number"] != nil && fields["contact.email"] != nil)
            // The vault gives the name back for its own region, with a purpose.
            let record = try #require(customer["record"] as? String)
            let opened = try await client.send(.get, "/v1/vault/records/\(record)?purpose=kyc-review")
            #expect(opened.status == .ok && opened.text.contains("Maria Schmidt"), "\(opened.text)")

            // A replay answers the stored customer; another body with the same id is a conflict.
            let replay = try await client.send(.post, "/v1/customers", json: Self.application(id: "c-1", name: "Maria Schmidt", extra: #","products":["cross_border_payments"],"channel":"remote_verified""#))
            #expect(replay.status == .created && replay.headers[.init("Idempotent-Replayed")!] == "true")
            let other = try await client.send(.post, "/v1/customers", json: Self.application(id: "c-1", name: "Maria Schmid"))
            #expect(other.status == .conflict && other.text.contains("idempotency_conflict"))

            // A listed person (name order and spelling changed) is held for review, with an alert in a case.
            let listed = try await client.send(.post, "/v1/customers", json: Self.application(id: "c-2", name: "BUTOV Viktor", born: "1967-05-02", nationality: "RU", residence: "CY"))
            #expect(listed.status == .created, "\(listed.text)")
            let held = try listed.json()
            #expect(held["status"] as? String == "pending_review")
            let hits = try #require(held["hits"] as? [[String: Any]])
            #expect(hits.count == 1 && hits.first?["entityId"] as? String == "E1" && hits.first?["state"] as? String == "pending")
            let alertID = try #require(hits.first?["alertId"] as? String)
            let alert = try await client.send(.get, "/v1/alerts/\(alertID)")
            #expect(alert.status == .ok && alert.text.contains("\"source\":\"screening\"") && alert.text.contains("\"party\":\"c-2\""), "\(alert.text)")
            let cases = try await client.send(.get, "/v1/cases?partyId=c-2")
            #expect(cases.text.contains("\"state\":\"open\""), "\(cases.text)")
            // The rating counts the unresolved hit.
            #expect(listed.text.contains("screening.pending"))
            // Metrics: onboardings by status, screening alerts, the listed entities in force.
            let metrics = try await client.send(.get, "/metrics", key: nil).text
            #expect(metrics.contains(#"strait_customers_onboarded_total{status="active"} 1"#), "\(metrics)")
            #expect(metrics.contains(#"strait_customers_onboarded_total{status="pending_review"} 1"#))
            #expect(metrics.contains(#"strait_monitor_alerts_total{source="screening",outcome="review"} 1"#) || metrics.contains(#"strait_monitor_alerts_total{outcome="review",source="screening"} 1"#))
            #expect(metrics.contains("strait_screening_list_entities 1"))
        }
    }

    @Test("bad applications get 422 naming every field; anonymous names, minors, expired documents and unknown countries are refused")
    func validation() async throws {
        let node = try await TestNode()
        let customers = try #require(node.node.customers)
        try await Self.store([Self.entity("E1", ["Someone Listed"])], version: "v1", into: node.node.store)
        _ = try await customers.loadLists()
        try await node.test { client in
            let anonymous = try await client.send(.post, "/v1/customers", json: #"{"type":"person","name":{"latin":"anonymous"},"residence":"XX","contact":{},"purpose":"x"}"#)
            #expect(anonymous.status == .unprocessableContent, "\(anonymous.text)")
            let issues = try #require((try anonymous.error())["details"] as? [[String: Any]])
            let named = Set(issues.compactMap { $0["field"] as? String })
            #expect(named.isSuperset(of: ["name.latin", "residence", "contact", "dateOfBirth", "document", "nationality", "purpose"]), "\(named)")
            #expect(issues.contains { $0["field"] as? String == "name.latin" && $0["code"] as? String == "anonymous" })

            let minor = try await client.send(.post, "/v1/customers", json: Self.application(id: "m", name: "Young Person", born: "2015-01-01"))
            #expect(minor.status == .unprocessableContent && minor.text.contains("underage"), "\(minor.text)")
            let expired = try await client.send(
                .post, "/v1/customers",
                json: Self.application(id: "e", name: "Some Body").replacingOccurrences(of: "2031-06-30", with: "2020-01-01")
            )
            #expect(expired.status == .unprocessableContent && expired.text.contains("expired"))
            let badID = try await client.send(
                .post, "/v1/customers",
                json: Self.application(id: "n", name: "Some Body", extra: #","nationalId":{"scheme":"cn.ric","number":"11010519491231002X"}"#)
            )
            #expect(badID.status == .unprocessableContent && badID.text.contains("national_id_mismatch"), "\(badID.text)")
            let notJSON = try await client.send(.post, "/v1/customers", json: "{not json")
            #expect(notJSON.status == .badRequest)
            let product = try await client.send(.post, "/v1/customers", json: Self.application(id: "p", name: "Some Body", extra: #","products":["moon_rockets"]"#))
            #expect(product.status == .unprocessableContent && product.text.contains("unknown_product"))
            // Listing answers (empty).
            let list = try await client.send(.get, "/v1/customers")
            #expect(list.status == .ok)
            // Nothing was stored by the refused requests.
            #expect(try await node.node.store.customerCount() == 0)
        }
    }

    @Test("review: clearing a false positive activates the customer; high risk waits for EDD; a confirmed hit rejects for good; versions are checked")
    func review() async throws {
        let node = try await TestNode()
        let customers = try #require(node.node.customers)
        try await Self.store([Self.entity("E7", ["Hassan Ali RAHIMI"])], version: "v1", into: node.node.store)
        _ = try await customers.loadLists()
        try await node.test { client in
            let held = try await client.send(.post, "/v1/customers", json: Self.application(id: "r-1", name: "RAHIMI Hassan Ali", born: "1990-07-01", nationality: "DE", residence: "DE"))
            #expect(try held.json()["status"] as? String == "pending_review", "\(held.text)")
            let noNote = try await client.send(.post, "/v1/customers/r-1/review", json: #"{"action":"clear","note":"","version":1}"#)
            #expect(noNote.status == .unprocessableContent && noNote.text.contains("note_required"), "\(noNote.text)")
            let stale = try await client.send(.post, "/v1/customers/r-1/review", json: #"{"action":"clear","note":"born 1990, listed person 1950","version":7}"#)
            #expect(stale.status == .conflict && stale.text.contains("version_conflict"))
            let cleared = try await client.send(.post, "/v1/customers/r-1/review", json: #"{"action":"clear","note":"born 1990, listed person 1950","version":1}"#)
            #expect(cleared.status == .ok, "\(cleared.text)")
            let after = try cleared.json()
            #expect(after["status"] as? String == "active" && after["version"] as? Int == 2)
            #expect(cleared.text.contains("\"state\":\"cleared\""))

            // A foreign PEP needs enhanced due diligence before the account is active.
            let pep = try await client.send(.post, "/v1/customers", json: Self.application(id: "r-2", name: "Clara Vogt", extra: #","pep":"foreign""#))
            let pepCustomer = try pep.json()
            #expect(pepCustomer["status"] as? String == "edd_required", "\(pep.text)")
            #expect(((pepCustomer["rating"] as? [String: Any])?["requiresEnhancedDueDiligence"] as? Bool) == true)
            let edd = try await client.send(.post, "/v1/customers/r-2/review", json: #"{"action":"complete_edd","note":"source of wealth documented; senior approval given"}"#)
            #expect(try edd.json()["status"] as? String == "active", "\(edd.text)")
            let again = try await client.send(.post, "/v1/customers/r-2/review", json: #"{"action":"complete_edd","note":"twice"}"#)
            #expect(again.status == .unprocessableContent && again.text.contains("edd_not_required"))

            // A confirmed match rejects, and a rejection is final.
            _ = try await client.send(.post, "/v1/customers", json: Self.application(id: "r-3", name: "Hassan Ali Rahimi", born: "1950-02-02", nationality: "TR", residence: "TR"))
            let confirmed = try await client.send(.post, "/v1/customers/r-3/review", json: #"{"action":"confirm","entityId":"E7","note":"same person: name, birth year, nationality"}"#)
            #expect(try confirmed.json()["status"] as? String == "rejected", "\(confirmed.text)")
            let reopen = try await client.send(.post, "/v1/customers/r-3/review", json: #"{"action":"clear","note":"mistake"}"#)
            #expect(reopen.status == .unprocessableContent && reopen.text.contains("customer_rejected"))
            let missing = try await client.send(.post, "/v1/customers/nobody/review", json: #"{"action":"reject","note":"not real"}"#)
            #expect(missing.status == .notFound)
            // Every change is in the ledger.
            let entries = try await node.node.store.auditEvents(from: 0, limit: 10_000)
            #expect(entries.filter { $0.type == .customerOnboarded }.count == 3)
            #expect(entries.filter { $0.type == .customerUpdated }.count == 3)
        }
    }

    @Test("cards: only a token is kept; the same card twice is a replay, another customer's card a conflict, a bad number 422")
    func cards() async throws {
        let node = try await TestNode()
        let customers = try #require(node.node.customers)
        try await Self.store([Self.entity("E1", ["Someone Listed"])], version: "v1", into: node.node.store)
        _ = try await customers.loadLists()
        try await node.test { client in
            _ = try await client.send(.post, "/v1/customers", json: Self.application(id: "k-1", name: "Anna Berg"))
            _ = try await client.send(.post, "/v1/customers", json: Self.application(id: "k-2", name: "Jonas Berg"))
            let bound = try await client.send(.post, "/v1/customers/k-1/cards", json: #"{"number":"5555 5555 5555 4444","expiry":"2030-01"}"#)
            #expect(bound.status == .created, "\(bound.text)")
            let card = try bound.json()
            #expect(card["brand"] as? String == "mastercard" && card["last4"] as? String == "4444")
            let token = try #require(card["token"] as? String)
            #expect(token != "5555555555554444" && token.count == 16)
            let shown = try await client.send(.get, "/v1/customers/k-1")
            #expect(!shown.text.contains("5555555555554444") && shown.text.contains(token))
            let twice = try await client.send(.post, "/v1/customers/k-1/cards", json: #"{"number":"5555555555554444"}"#)
            #expect(twice.status == .ok && twice.headers[.init("Idempotent-Replayed")!] == "true")
            let elsewhere = try await client.send(.post, "/v1/customers/k-2/cards", json: #"{"number":"5555555555554444"}"#)
            #expect(elsewhere.status == .conflict && elsewhere.text.contains("card_bound_elsewhere"))
            let luhn = try await client.send(.post, "/v1/customers/k-2/cards", json: #"{"number":"5555555555554445"}"#)
            #expect(luhn.status == .unprocessableContent && luhn.text.contains("invalid_card"))
            let old = try await client.send(.post, "/v1/customers/k-2/cards", json: #"{"number":"4111111111111111","expiry":"2020-01"}"#)
            #expect(old.status == .unprocessableContent && old.text.contains("expired"))
            let nobody = try await client.send(.post, "/v1/customers/nobody/cards", json: #"{"number":"4111111111111111"}"#)
            #expect(nobody.status == .notFound)
        }
    }

    @Test("POST /v1/screening: matches across scripts and spellings with the entity, list version, score and explanation; bad queries 422")
    func screening() async throws {
        let node = try await TestNode()
        let customers = try #require(node.node.customers)
        try await Self.store(
            [Self.entity("U1", ["Aleksandr Ivanovich PETROV"], born: 1961, nationality: "RU"), Self.entity("U2", ["Global Trading Company"])], version: "2026-11", into: node.node.store
        )
        _ = try await customers.loadLists()
        try await node.test { client in
            let cyrillic = try await client.send(.post, "/v1/screening", json: #"{"name":"Петров Александр Иванович","type":"person","dateOfBirth":"1961"}"#)
            #expect(cyrillic.status == .ok, "\(cyrillic.text)")
            let answer = try cyrillic.json()
            let matches = try #require(answer["matches"] as? [[String: Any]])
            #expect(matches.first?["entityId"] as? String == "U1", "\(cyrillic.text)")
            #expect(matches.first?["listVersion"] as? String == "2026-11" && (matches.first?["score"] as? Double ?? 0) >= 0.82)
            let explanation = try #require(matches.first?["explanation"] as? [String: Any])
            #expect(!((explanation["tokenPairs"] as? [Any]) ?? []).isEmpty && !((explanation["summary"] as? [Any]) ?? []).isEmpty)
            let none = try await client.send(.post, "/v1/screening", json: #"{"name":"Maria Schmidt"}"#)
            #expect(((try none.json()["matches"] as? [Any]) ?? [1]).isEmpty)
            let strict = try await client.send(.post, "/v1/screening", json: #"{"name":"Aleksandr Petrov","threshold":0.999}"#)
            #expect(((try strict.json()["matches"] as? [Any]) ?? [1]).isEmpty, "\(strict.text)")
            let bad = try await client.send(.post, "/v1/screening", json: #"{"type":"ship","dateOfBirth":"yesterday","nationality":"Mars","threshold":0.1}"#)
            #expect(bad.status == .unprocessableContent)
            let named = Set(((try bad.error())["details"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(named == ["name", "type", "dateOfBirth", "nationality", "threshold"], "\(named)")
        }
    }

    @Test("re-screening: a list update gives existing customers the new hits once, with alerts and cases, and is recorded in the ledger once per set of versions")
    func rescreening() async throws {
        let node = try await TestNode()
        let customers = try #require(node.node.customers)
        try await Self.store([Self.entity("E1", ["Someone Listed Before"])], version: "v1", into: node.node.store)
        _ = try await customers.loadLists()
        try await node.test { client in
            for (id, name) in [("s-1", "Omar Farouk Haddad"), ("s-2", "Lena Fischer"), ("s-3", "Pieter de Vries")] {
                let answer = try await client.send(.post, "/v1/customers", json: Self.application(id: id, name: name, born: "1980-01-01", nationality: "NL", residence: "NL"))
                #expect(try answer.json()["status"] as? String == "active", "\(answer.text)")
            }
            // (The node's list service may have recorded a run for v1 at start, before these customers: force one.)
            let first = try await customers.rescreenAll(force: true)
            #expect(first.customers == 3 && first.newHits == 0, "\(first)")
            // The list gains an entry naming one of them.
            try await Self.store(
                [Self.entity("E1", ["Someone Listed Before"]), Self.entity("E2", ["HADDAD, Omar Farouk"], born: 1980, nationality: "NL")], version: "v2", into: node.node.store
            )
            #expect(try await customers.loadLists())
            let second = try await customers.rescreenAll()
            #expect(second.customers == 3 && second.newHits == 1 && second.changedCustomers == 1 && !second.alreadyDone)
            let hit = try await client.send(.get, "/v1/customers/s-1")
            let changed = try hit.json()
            #expect(changed["status"] as? String == "pending_review" && changed["version"] as? Int == 2, "\(hit.text)")
            #expect(hit.text.contains("\"listVersion\":\"v2\"") && hit.text.contains("\"entityId\":\"E2\""))
            let alerts = try await client.send(.get, "/v1/alerts?source=screening&partyId=s-1")
            #expect((try alerts.json()["alerts"] as? [Any])?.count == 1)
            let untouched = try await client.send(.get, "/v1/customers/s-2")
            #expect(try untouched.json()["version"] as? Int == 1)
            // The same versions again: nothing to do; forced: nothing new.
            #expect(try await customers.rescreenAll().alreadyDone)
            let forced = try await customers.rescreenAll(force: true)
            #expect(forced.newHits == 0)
            let entries = try await node.node.store.auditEvents(from: 0, limit: 10_000)
            #expect(entries.filter { $0.type == .customersRescreened }.count >= 2)
            #expect(entries.filter { $0.type == .alertRaised }.count == 1)
        }
    }

    @Test("with screening.require_active_customer, only an active customer may pay: unknown payers and customers under review are blocked with the reason")
    func onlyActiveCustomersPay() async throws {
        let node = try await TestNode(environment: ["STRAIT_SCREENING_REQUIRE_ACTIVE_CUSTOMER": "true", "STRAIT_MONITOR_ENABLED": "false"])
        let customers = try #require(node.node.customers)
        try await Self.store([Self.entity("E9", ["Rustam KARIMOV"])], version: "v1", into: node.node.store)
        _ = try await customers.loadLists()
        try await node.test { client in
            let unknown = try await client.send(.post, "/v1/transactions", json: transactionJSON(id: "p-1"))
            #expect(unknown.status == .created && unknown.text.contains("\"decision\":\"block\"") && unknown.text.contains("customer_unknown"), "\(unknown.text)")
            _ = try await client.send(.post, "/v1/customers", json: Self.application(id: "cust-1", name: "Rustam Karimov", born: "1980-01-01", nationality: "DE", residence: "DE"))
            let held = try await client.send(.post, "/v1/transactions", json: transactionJSON(id: "p-2"))
            #expect(held.text.contains("\"decision\":\"block\"") && held.text.contains("customer_not_active") && held.text.contains("pending_review"), "\(held.text)")
            _ = try await client.send(.post, "/v1/customers/cust-1/review", json: #"{"action":"clear","note":"different person, checked documents"}"#)
            let paid = try await client.send(.post, "/v1/transactions", json: transactionJSON(id: "p-3"))
            #expect(paid.text.contains("\"decision\":\"allow\""), "\(paid.text)")
        }
    }

    @Test("a confirmed PEP match makes the customer a PEP who needs enhanced due diligence, not a rejected one")
    func pepMatch() async throws {
        let node = try await TestNode()
        let customers = try #require(node.node.customers)
        var pep = Self.entity("P1", ["Ingrid HALVORSEN"], nationality: "NO", list: "pep-nordic")
        pep.programs = ["PEP"]
        try await Self.store([pep], version: "2026-11", into: node.node.store, source: "pep-nordic")
        _ = try await customers.loadLists()
        try await node.test { client in
            let held = try await client.send(.post, "/v1/customers", json: Self.application(id: "pep-1", name: "Ingrid Halvorsen", born: "1968-02-02", nationality: "NO", residence: "NO"))
            #expect(try held.json()["status"] as? String == "pending_review", "\(held.text)")
            #expect(held.text.contains("\"category\":\"pep\""))
            let alerts = try await client.send(.get, "/v1/alerts?source=screening&partyId=pep-1")
            #expect(alerts.text.contains("pep-match") && alerts.text.contains("possible PEP match"), "\(alerts.text)")
            let confirmed = try await client.send(.post, "/v1/customers/pep-1/review", json: #"{"action":"confirm","entityId":"P1","note":"she is the listed deputy minister"}"#)
            let customer = try confirmed.json()
            #expect(customer["status"] as? String == "edd_required" && customer["pep"] as? String == "domestic", "\(confirmed.text)")
            let edd = try await client.send(.post, "/v1/customers/pep-1/review", json: #"{"action":"complete_edd","note":"source of wealth: public salary; senior approval"}"#)
            #expect(try edd.json()["status"] as? String == "active", "\(edd.text)")
        }
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
import Foundation
import GRDB
import Ledger
import Monitor
import StraitCore
import StraitStore
import StraitStoreSQLite
import Testing

func makeAlert(id: String, source: AlertSource = .transaction, sourceID: String, party: String, outcome: MonitorOutcome = .review, score: Double = 60, at: String, typologies: [String] = ["structuring"]) -> Alert {
    Alert(
        id: id, createdAt: at, occurredAt: at, source: source, sourceID: sourceID, party: party, account: "ACC-\(party)", counterparty: "ACC-X",
        outcome: outcome, score: score, scenarioVersion: "test-1",
        scenarios: [MatchedScenario(id: typologies.first ?? "s", description: "test scenario", score: score, evidence: ["9 payments just under 10,000"])],
        typologies: typologies
    )
}

@Suite("Alerts and cases (every store)")
struct CaseStoreTests {
    @Test("alerts group into one active case per customer, each change is a ledger entry, and the log verifies", arguments: StoreKind.available)
    func lifecycle(kind: StoreKind) async throws {
        try await kind.with { store in
            let first = try await store.raiseAlert(NewAlert(makeAlert(id: "alt_1", sourceID: "tx-1", party: "cust-1", at: "2026-11-27T01:00:00.000Z"), newCaseID: "case_a"))
            #expect(first.opened && !first.existing)
            #expect(first.case.id == "case_a" && first.case.state == .open && first.case.alertCount == 1 && first.case.version == 1)
            #expect(first.alert.caseID == "case_a")
            // case.opened then alert.raised.
            #expect(try await store.auditHead().size == 2)
            let entries = try await store.auditEvents(from: 0, limit: 10)
            #expect(entries.map(\.type) == [.caseOpened, .alertRaised])
            #expect(first.alert.auditIndex == 1)
            // The entry carries a digest of the stored alert, not its evidence text.
            #expect(entries[1].payload.contains(SHA256.hexDigest(first.alert.canonicalJSON)))
            #expect(!entries[1].payload.contains("just under"))

            let second = try await store.raiseAlert(NewAlert(makeAlert(id: "alt_2", sourceID: "tx-2", party: "cust-1", outcome: .block, score: 120, at: "2026-11-27T02:00:00.000Z"), newCaseID: "case_b"))
            #expect(!second.opened && second.case.id == "case_a" && second.case.alertCount == 2 && second.case.blocked && second.case.highestScore == 120)
            let other = try await store.raiseAlert(NewAlert(makeAlert(id: "alt_3", source: .login, sourceID: "login-9", party: "cust-2", at: "2026-11-27T03:00:00.000Z", typologies: ["impossible-travel"]), newCaseID: "case_c"))
            #expect(other.opened && other.case.id == "case_c")
            // The same event again is not a new alert.
            let again = try await store.raiseAlert(NewAlert(makeAlert(id: "alt_9", sourceID: "tx-2", party: "cust-1", at: "2026-11-27T04:00:00.000Z"), newCaseID: "case_d"))
            #expect(again.existing && again.alert.id == "alt_2" && again.case.id == "case_a")
            let size = try await store.auditHead().size
            #expect(size == 5)

            // The workflow: open → investigating → escalated → reported, with the checks in between.
            guard case .refused(let skip) = try await store.updateCase(id: "case_a", action: .transition(to: .reported, note: "STR-1"), actor: "key_a", at: "2026-11-27T05:00:00.000Z", expectedVersion: nil) else {
                Issue.record("open → reported must be refused"); return
            }
            #expect(skip.code == "invalid_transition")
            #expect(try await store.auditHead().size == size)
            guard case .updated(let assigned, let assignEvent) = try await store.updateCase(id: "case_a", action: .assign("alice"), actor: "key_a", at: "2026-11-27T05:00:00.000Z", expectedVersion: 2) else {
                Issue.record("assign must succeed"); return
            }
            #expect(assigned.assignee == "alice" && assigned.version == 3 && assignEvent.kind == .assigned && assignEvent.auditIndex == size)
            guard case .conflict(let current) = try await store.updateCase(id: "case_a", action: .note("stale"), actor: "key_b", at: "2026-11-27T05:01:00.000Z", expectedVersion: 2) else {
                Issue.record("a stale version must conflict"); return
            }
            #expect(current.version == 3)
            _ = try await store.updateCase(id: "case_a", action: .transition(to: .investigating, note: nil), actor: "key_a", at: "2026-11-27T06:00:00.000Z", expectedVersion: 3)
            _ = try await store.updateCase(id: "case_a", action: .note("Customer explained the split: payroll."), actor: "key_a", at: "2026-11-27T06:10:00.000Z", expectedVersion: nil)
            _ = try await store.updateCase(id: "case_a", action: .transition(to: .escalated, note: "MLRO to decide"), actor: "key_a", at: "2026-11-27T07:00:00.000Z", expectedVersion: nil)
            guard case .refused(let noNote) = try await store.updateCase(id: "case_a", action: .transition(to: .reported, note: "  "), actor: "key_m", at: "2026-11-27T08:00:00.000Z", expectedVersion: nil) else {
                Issue.record("reporting without a note must be refused"); return
            }
            #expect(noNote.code == "note_required")
            guard case .updated(let reported, _) = try await store.updateCase(id: "case_a", action: .transition(to: .reported, note: "STR filed, reference FIU-2026-0042"), actor: "key_m", at: "2026-11-27T08:00:00.000Z", expectedVersion: nil) else {
                Issue.record("escalated → reported must succeed"); return
            }
            #expect(reported.state == .reported && reported.resolution == "STR filed, reference FIU-2026-0042")
            guard case .refused(let final) = try await store.updateCase(id: "case_a", action: .assign("bob"), actor: "key_a", at: "2026-11-27T09:00:00.000Z", expectedVersion: nil) else {
                Issue.record("a reported case must not change"); return
            }
            #expect(final.code == "case_final")
            #expect(try await store.updateCase(id: "case_zz", action: .note("x"), actor: "key_a", at: "2026-11-27T09:00:00.000Z", expectedVersion: nil) == .notFound)

            // A new alert for cust-1 opens a new case: the reported one is final.
            let later = try await store.raiseAlert(NewAlert(makeAlert(id: "alt_4", sourceID: "tx-4", party: "cust-1", at: "2026-11-28T01:00:00.000Z"), newCaseID: "case_e"))
            #expect(later.opened && later.case.id == "case_e")
            // Closing cust-2's case, then reopening it, is fine; reopening a closed case while another is active is not.
            _ = try await store.updateCase(id: "case_c", action: .transition(to: .closed, note: "traveller, confirmed by phone"), actor: "key_a", at: "2026-11-28T02:00:00.000Z", expectedVersion: nil)
            let cust2 = try await store.raiseAlert(NewAlert(makeAlert(id: "alt_5", source: .login, sourceID: "login-10", party: "cust-2", at: "2026-11-28T03:00:00.000Z"), newCaseID: "case_f"))
            #expect(cust2.opened && cust2.case.id == "case_f")
            guard case .refused(let busy) = try await store.updateCase(id: "case_c", action: .transition(to: .investigating, note: "new facts"), actor: "key_a", at: "2026-11-28T04:00:00.000Z", expectedVersion: nil) else {
                Issue.record("reopening beside an active case must be refused"); return
            }
            #expect(busy.code == "another_active_case")

            // Reads: detail with alerts and history, filters, paging.
            let detail = try #require(try await store.caseDetail(id: "case_a", alertLimit: 10))
            #expect(detail.alerts.map(\.id) == ["alt_2", "alt_1"])
            #expect(detail.events.map(\.kind) == [.opened, .alert, .alert, .assigned, .state, .note, .state, .state])
            #expect(detail.events.last?.note == "STR filed, reference FIU-2026-0042")
            #expect(detail.events.allSatisfy { $0.auditIndex != nil })
            #expect(try await store.alerts(AlertQuery()).map(\.id) == ["alt_5", "alt_4", "alt_3", "alt_2", "alt_1"])
            #expect(try await store.alerts(AlertQuery(newestFirst: false)).map(\.id) == ["alt_1", "alt_2", "alt_3", "alt_4", "alt_5"])
            #expect(try await store.alerts(AlertQuery(party: "cust-1")).map(\.id) == ["alt_4", "alt_2", "alt_1"])
            #expect(try await store.alerts(AlertQuery(outcome: .block)).map(\.id) == ["alt_2"])
            #expect(try await store.alerts(AlertQuery(source: .login)).map(\.id) == ["alt_5", "alt_3"])
            #expect(try await store.alerts(AlertQuery(typology: "impossible-travel")).map(\.id) == ["alt_3"])
            #expect(try await store.alerts(AlertQuery(typology: "impossible")).isEmpty)
            #expect(try await store.alerts(AlertQuery(caseID: "case_a", since: "2026-11-27T01:30:00.000Z")).map(\.id) == ["alt_2"])
            #expect(try await store.alerts(AlertQuery(until: "2026-11-27T02:00:00.000Z")).map(\.id) == ["alt_1"])
            let page = try await store.alerts(AlertQuery(limit: 2))
            #expect(page.map(\.id) == ["alt_5", "alt_4"])
            #expect(try await store.alerts(AlertQuery(after: "alt_4", limit: 2)).map(\.id) == ["alt_3", "alt_2"])
            #expect(try await store.alert(id: "alt_3")?.party == "cust-2")
            #expect(try await store.alert(id: "alt_nope") == nil)
            #expect(try await store.cases(CaseQuery()).map(\.id) == ["case_f", "case_e", "case_c", "case_a"])
            #expect(try await store.cases(CaseQuery(states: [.open])).map(\.id) == ["case_f", "case_e"])
            #expect(try await store.cases(CaseQuery(states: [.reported, .closed], newestFirst: false)).map(\.id) == ["case_a", "case_c"])
            #expect(try await store.cases(CaseQuery(assignee: "alice")).map(\.id) == ["case_a"])
            #expect(try await store.cases(CaseQuery(unassigned: true, after: "case_f")).map(\.id) == ["case_e", "case_c"])
            #expect(try await store.cases(CaseQuery(party: "cust-2")).map(\.id) == ["case_f", "case_c"])
            #expect(try await store.caseDetail(id: "case_none", alertLimit: 5) == nil)

            let report = try await LedgerVerifier(pageSize: 16).verify(store)
            #expect(report.isValid, "\(String(describing: report.violations))")
        }
    }

    @Test("a payment and its alert are stored in one write; a replay stores neither again", arguments: StoreKind.available)
    func transactionWithAlert(kind: StoreKind) async throws {
        try await kind.with { store in
            var record = try makeRecord(id: "tx-a", outcome: .review)
            record.alert = NewAlert(makeAlert(id: "alt_tx", sourceID: "tx-a", party: "cust-1", at: "2026-11-27T01:00:00.000Z"), newCaseID: "case_tx")
            guard case .created(let stored) = try await store.record(record) else { Issue.record("must create"); return }
            let raised = try #require(stored.alert)
            #expect(raised.opened && raised.case.id == "case_tx" && raised.alert.auditIndex == 2)
            #expect(try await store.auditEvents(from: 0, limit: 5).map(\.type) == [.transactionDecided, .caseOpened, .alertRaised])
            guard case .existing(let replayed) = try await store.record(record) else { Issue.record("must replay"); return }
            #expect(replayed.alert == nil)
            #expect(try await store.alerts(AlertQuery()).count == 1)
            // Plain payments in the same batch as alerting ones (the PostgreSQL fast path is for batches without alerts).
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        var next = try makeRecord(id: "tx-b\(index)", outcome: index % 4 == 0 ? .review : .allow)
                        if index % 4 == 0 {
                            next.alert = NewAlert(makeAlert(id: "alt_b\(index)", sourceID: "tx-b\(index)", party: "cust-\(index % 8)", at: "2026-11-27T02:00:00.000Z"))
                        }
                        _ = try await store.record(next)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await store.transactionCount() == 41)
            #expect(try await store.alerts(AlertQuery(limit: 100)).count == 11)
            // cust-0 got alerts from tx-b0, tx-b8, … (one case); cust-4 from tx-b4, tx-b12, …
            let cases = try await store.cases(CaseQuery(limit: 100))
            #expect(Set(cases.map(\.party)) == ["cust-1", "cust-0", "cust-4"])
            #expect(cases.first { $0.party == "cust-0" }?.alertCount == 5)
            let report = try await LedgerVerifier(pageSize: 16).verify(store)
            #expect(report.isValid, "\(String(describing: report.violations))")
            #expect(report.verifiedTransactions == 41)
        }
    }
}

@Suite("Alerts and cases: tampering")
struct CaseTamperingTests {
    @Test("an edited alert, an edited case note or a deleted alert is found by the ledger verifier")
    func tampering() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/strait.sqlite"
        do {
            let store = try SQLiteStore(path: path)
            _ = try await store.raiseAlert(NewAlert(makeAlert(id: "alt_1", sourceID: "tx-1", party: "cust-1", at: "2026-11-27T01:00:00.000Z"), newCaseID: "case_a"))
            _ = try await store.raiseAlert(NewAlert(makeAlert(id: "alt_2", sourceID: "tx-2", party: "cust-2", at: "2026-11-27T01:00:00.000Z"), newCaseID: "case_b"))
            _ = try await store.updateCase(id: "case_a", action: .note("called the customer"), actor: "key_a", at: "2026-11-27T02:00:00.000Z", expectedVersion: nil)
            #expect(try await LedgerVerifier().verify(store).isValid)
            try store.close()
        }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "UPDATE monitor_alerts SET detail = replace(detail, 'just under', 'well over') WHERE id = 'alt_1'")
            try db.execute(sql: "UPDATE monitor_case_events SET detail = replace(detail, 'called the customer', 'no contact') WHERE detail LIKE '%called%'")
            try db.execute(sql: "DELETE FROM monitor_alerts WHERE id = 'alt_2'")
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        defer { try? store.close() }
        let report = try await LedgerVerifier().verify(store)
        #expect(report.violations.allSatisfy { $0.kind == .recordMismatch }, "\(report.violations)")
        let details = report.violations.map(\.detail).joined(separator: "\n")
        #expect(details.contains("alert alt_1 differs"), "\(details)")
        #expect(details.contains("case case_a history entry (note) differs"), "\(details)")
        #expect(details.contains("alt_2 recorded by this entry has no stored record"), "\(details)")
    }
}

@Suite("Screening lists (every store)")
struct ScreeningListStoreTests {
    @Test("a list version is stored once per content with its ledger entry; the newest per source is read back", arguments: StoreKind.available)
    func versions(kind: StoreKind) async throws {
        try await kind.with { store in
            let first = Data(#"[{"id":"1","names":["A"]}]"#.utf8)
            let version = StoredScreeningList(source: "ofac-sdn", version: "2019-01-01", entities: first, entityCount: 1, importedAt: "2026-11-27T01:00:00.000Z", actor: "key_a")
            let (stored, existing) = try await store.storeScreeningList(version, entities: first)
            #expect(!existing && stored.auditIndex == 0)
            let again = try await store.storeScreeningList(version, entities: first)
            #expect(again.existing && again.list.auditIndex == 0)
            let second = Data(#"[{"id":"1","names":["A"]},{"id":"2","names":["B"]}]"#.utf8)
            let newer = StoredScreeningList(source: "ofac-sdn", version: "2021-07-01", entities: second, entityCount: 2, importedAt: "2026-11-28T01:00:00.000Z", actor: "key_a")
            _ = try await store.storeScreeningList(newer, entities: second)
            let un = Data("[]".utf8)
            _ = try await store.storeScreeningList(StoredScreeningList(source: "un", version: "x", entities: un, entityCount: 0, importedAt: "2026-11-28T02:00:00.000Z", actor: "key_a"), entities: un)
            let latest = try #require(try await store.latestScreeningList(source: "ofac-sdn"))
            #expect(latest.list.version == "2021-07-01" && latest.entities == second && latest.list.entityCount == 2)
            #expect(try await store.latestScreeningList(source: "eu") == nil)
            #expect(try await store.screeningLists().map(\.version) == ["2019-01-01", "2021-07-01", "x"])
            let entries = try await store.auditEvents(from: 0, limit: 10)
            #expect(entries.map(\.type) == [.screeningListImported, .screeningListImported, .screeningListImported])
            #expect(entries[1].payload.contains(newer.digest) && entries[1].subject == "ofac-sdn")
            #expect(try await LedgerVerifier().verify(store).isValid)
        }
    }
}

@Suite("Customer store")
struct CustomerStoreTests {
    static func row(_ id: String, status: String = "active", version: Int = 1, detail: String = "{}") -> StoredCustomer {
        StoredCustomer(
            id: id, status: status, version: version, createdAt: "2026-11-27T01:00:00.000Z", updatedAt: "2026-11-27T01:0\(version):00.000Z",
            requestDigest: String(repeating: "a", count: 64), detail: detail
        )
    }

    @Test("customers: created once, updated at the expected version, cards held by one customer, alerts in the same write, pages by id and status", arguments: StoreKind.available)
    func customers(kind: StoreKind) async throws {
        try await kind.with { store in
            guard case .stored(let first, let none) = try await store.writeCustomer(CustomerWrite(kind: .create, customer: Self.row("c-2", detail: #"{"a":1}"#), actor: "key_a")) else {
                Issue.record("create failed")
                return
            }
            #expect(none.isEmpty && first.auditIndex == 0)
            let twice = try await store.writeCustomer(CustomerWrite(kind: .create, customer: Self.row("c-2", detail: #"{"a":2}"#), actor: "key_a"))
            #expect(twice == .existing(first))
            let alert = Alert(
                id: "alt_0000000000000001", createdAt: "2026-11-27T01:00:00.000Z", occurredAt: "2026-11-27T01:00:00.000Z", source: .screening,
                sourceID: "c-1/list/E1", party: "c-1", outcome: .review, score: 0.9, scenarioVersion: "list@v1", scenarios: [], typologies: ["screening-match"]
            )
            guard case .stored(_, let raised) = try await store.writeCustomer(
                CustomerWrite(kind: .create, customer: Self.row("c-1", status: "pending_review"), alerts: [NewAlert(alert)], actor: "key_a")
            ) else {
                Issue.record("create with alert failed")
                return
            }
            #expect(raised.count == 1 && raised[0].opened && raised[0].alert.caseID == raised[0].case.id)
            #expect(try await store.alerts(AlertQuery(party: "c-1")).map(\.id) == ["alt_0000000000000001"])

            let stale = try await store.writeCustomer(CustomerWrite(kind: .update(expectedVersion: 5), customer: Self.row("c-1", version: 6), actor: "key_b"))
            guard case .conflict(let current) = stale else {
                Issue.record("expected a conflict, got \(stale)")
                return
            }
            #expect(current.version == 1 && current.status == "pending_review")
            let missing = try await store.writeCustomer(CustomerWrite(kind: .update(expectedVersion: 1), customer: Self.row("nobody", version: 2), actor: "key_b"))
            #expect(missing == .notFound)
            guard case .stored(let updated, _) = try await store.writeCustomer(
                CustomerWrite(kind: .update(expectedVersion: 1), customer: Self.row("c-1", status: "active", version: 2, detail: #"{"b":1}"#), actor: "key_b", bindCard: "4111110000001111")
            ) else {
                Issue.record("update failed")
                return
            }
            #expect(updated.version == 2)
            #expect(try await store.customer(id: "c-1") == updated)
            let elsewhere = try await store.writeCustomer(
                CustomerWrite(kind: .update(expectedVersion: 1), customer: Self.row("c-2", version: 2), actor: "key_b", bindCard: "4111110000001111")
            )
            #expect(elsewhere == .cardHeldBy("c-1"))
            #expect(try await store.customer(id: "c-2")?.version == 1)

            _ = try await store.writeCustomer(CustomerWrite(kind: .create, customer: Self.row("c-3", status: "rejected"), actor: "key_a"))
            #expect(try await store.customers(after: nil, limit: 2, status: nil).map(\.id) == ["c-1", "c-2"])
            #expect(try await store.customers(after: "c-2", limit: 10, status: nil).map(\.id) == ["c-3"])
            #expect(try await store.customers(after: nil, limit: 10, status: "rejected").map(\.id) == ["c-3"])
            #expect(try await store.customerCount() == 3)

            let entries = try await store.auditEvents(from: 0, limit: 20)
            #expect(entries.map(\.type) == [.customerOnboarded, .customerOnboarded, .caseOpened, .alertRaised, .customerUpdated, .customerOnboarded])
            #expect(entries[4].payload.contains(updated.detailDigest) && entries[4].subject == "c-1")
            #expect(try await LedgerVerifier().verify(store).isValid)
        }
    }

    @Test("a re-screening run is recorded once per set of list versions", arguments: StoreKind.available)
    func runs(kind: StoreKind) async throws {
        try await kind.with { store in
            let versions = ["ofac-sdn": "2021-07-01", "un": "2026-02-27"]
            let fingerprint = ScreeningRunRecord.fingerprint(versions)
            #expect(fingerprint == ScreeningRunRecord.fingerprint(["un": "2026-02-27", "ofac-sdn": "2021-07-01"]))
            #expect(try await store.screeningRun(fingerprint: fingerprint) == nil)
            let run = ScreeningRunRecord(
                fingerprint: fingerprint, versions: versions, startedAt: "2026-11-27T01:00:00.000Z", finishedAt: "2026-11-27T01:01:00.000Z", customers: 100_000,
                newHits: 12, actor: "strait-screening"
            )
            let (stored, existing) = try await store.recordScreeningRun(run)
            #expect(!existing && stored.auditIndex == 0)
            #expect(try await store.recordScreeningRun(run).existing)
            #expect(try await store.screeningRun(fingerprint: fingerprint) == stored)
            let entries = try await store.auditEvents(from: 0, limit: 10)
            #expect(entries.map(\.type) == [.customersRescreened] && entries[0].payload.contains(#""newHits":12"#))
        }
    }
}

@Suite("Customers: tampering")
struct CustomerTamperingTests {
    @Test("an edited customer row, one rolled back to an older version, or a deleted one is found by the ledger verifier")
    func tampering() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/strait.sqlite"
        do {
            let store = try SQLiteStore(path: path)
            for id in ["c-1", "c-2", "c-3"] {
                _ = try await store.writeCustomer(CustomerWrite(kind: .create, customer: CustomerStoreTests.row(id, status: "pending_review", detail: #"{"status":"pending_review"}"#), actor: "k"))
            }
            _ = try await store.writeCustomer(
                CustomerWrite(kind: .update(expectedVersion: 1), customer: CustomerStoreTests.row("c-2", status: "active", version: 2, detail: #"{"status":"active"}"#), actor: "k")
            )
            #expect(try await LedgerVerifier().verify(store).isValid)
            try store.close()
        }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            // c-1 made active by hand; c-2 put back to its first version; c-3 removed.
            try db.execute(sql: #"UPDATE customers SET status = 'active', detail = '{"status":"active"}' WHERE id = 'c-1'"#)
            try db.execute(sql: "UPDATE customers SET version = 1, status = 'pending_review', detail = '{\"status\":\"pending_review\"}', audit_index = 1 WHERE id = 'c-2'")
            try db.execute(sql: "DELETE FROM customers WHERE id = 'c-3'")
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        defer { try? store.close() }
        let report = try await LedgerVerifier().verify(store)
        let details = report.violations.map(\.detail).joined(separator: "\n")
        #expect(report.violations.allSatisfy { $0.kind == .recordMismatch }, "\(report.violations)")
        #expect(details.contains("customer c-1 differs"), "\(details)")
        #expect(details.contains("customer c-2 is stored at an older version"), "\(details)")
        #expect(details.contains("customer c-3 recorded by this entry has no stored record"), "\(details)")
    }
}

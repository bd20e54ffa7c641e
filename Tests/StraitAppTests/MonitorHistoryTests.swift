// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Monitor
import StraitCore
import StraitHTTP
import StraitStore
import Testing

@Suite("Monitor's history: rebuild and follow")
struct MonitorHistoryTests {
    func instruction(_ id: String, day: Int, from: String = "ACC-1", to: String = "ACC-2", minor: Int64 = 10_000) throws -> PaymentInstruction {
        try PaymentInstructionDraft(
            id: id, timestamp: "2026-11-\(String(format: "%02d", day))T10:00:00Z",
            originator: .init(partyId: "cust-1", account: from, country: "DE"), beneficiary: .init(partyId: "cust-2", account: to, country: "DE"),
            amount: .init(minor: minor, currency: "EUR"), channel: "web"
        ).validate().get()
    }

    func store(_ store: InMemoryStore, _ instruction: PaymentInstruction) async throws {
        _ = try await store.record(NewTransactionRecord(instruction: instruction, decision: Decision(outcome: .allow, reasons: []), receivedAt: instruction.timestamp, actor: "key_test"))
    }

    func monitor(following: Bool = true) throws -> TransactionMonitor {
        TransactionMonitor(scenarios: try ScenarioSet(.defaults), region: "eu", following: following)
    }

    @Test("a rebuild learns the window and moves past older rows; the follower starts after it, learns other instances' events and skips its own")
    func rebuildAndFollow() async throws {
        let shared = InMemoryStore()
        for day in 1...6 { try await store(shared, try instruction("old-\(day)", day: day)) }
        for day in 10...15 { try await store(shared, try instruction("new-\(day)", day: day)) }
        let login = MonitoredLogin(id: "l1", time: 1_795_000_000, party: "cust-1", country: "FR", result: .success)
        _ = try await shared.recordMonitorEvent(
            StoredMonitorEvent(kind: .login, id: "l1", timeMillis: login.time * 1_000, party: "cust-1", detail: MonitorEventDetail.encode(login: login, decision: MonitorEngine(scenarios: try ScenarioSet(.defaults)).evaluate(login))),
            alert: nil
        )
        _ = try await shared.recordMonitorEvent(StoredMonitorEvent(kind: .kyc, id: "k1", timeMillis: 0, party: "cust-1", detail: "{not json"), alert: nil)

        let node = try monitor()
        // Nothing to follow before the rebuild placed it.
        #expect(try await node.follow(shared).transactions == 0)
        let since = Timestamp(rfc3339: "2026-11-10T00:00:00Z")!.epochMilliseconds
        let rebuilt = try await node.rebuild(from: shared, sinceMillis: since, pageSize: 4)
        #expect(rebuilt.transactions == 6, "only the payments of the window")
        #expect(rebuilt.logins == 1)
        #expect(rebuilt.kycOutcomes == 0)
        // The KYC row is outside the window (time 0): moved past, not read.
        #expect(rebuilt.unreadable == 0)
        #expect(try await node.follow(shared).transactions == 0, "the rebuild placed the follower after the history")

        // Another instance stores two payments; this one stores one itself (announced first).
        try await store(shared, try instruction("other-1", day: 16))
        let own = try instruction("own-1", day: 16)
        node.expect(.transaction(own.id.rawValue))
        try await store(shared, own)
        node.learn(own)
        try await store(shared, try instruction("other-2", day: 16))
        let followed = try await node.follow(shared)
        #expect(followed.transactions == 2, "the other instance's two payments, not its own again")
        #expect(try await node.follow(shared).transactions == 0)

        // A body that does not decode is counted, not fatal.
        let broken = try monitor()
        _ = try await broken.rebuild(from: shared, sinceMillis: .max)
        _ = try await shared.recordMonitorEvent(StoredMonitorEvent(kind: .kyc, id: "k2", timeMillis: 1_795_000_000_000, party: "cust-1", detail: "{not json"), alert: nil)
        #expect(try await broken.follow(shared).unreadable == 1)
    }

    @Test("with no history window a following instance learns nothing old, only what comes after")
    func noWindow() async throws {
        let shared = InMemoryStore()
        for day in 1...5 { try await store(shared, try instruction("old-\(day)", day: day)) }
        let node = try monitor()
        let rebuilt = try await node.rebuild(from: shared, sinceMillis: .max)
        #expect(rebuilt.transactions == 0 && rebuilt.logins == 0)
        try await store(shared, try instruction("later", day: 20))
        #expect(try await node.follow(shared).transactions == 1)
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Ledger
import StraitCore
import StraitStore
import StraitStoreSQLite
import StraitStorePostgres
import Testing

/// The storage kinds every conformance test runs against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case memory, sqlite, sqliteNormal, postgres

    var testDescription: String { rawValue }

    /// The kinds available here: PostgreSQL only when `POSTGRES_URL` is set.
    static var available: [StoreKind] {
        allCases.filter { $0 != .postgres || PostgresTestDatabase.url != nil }
    }

    /// Runs `body` with a fresh store of this kind, then removes it.
    func with(_ body: @Sendable (any StraitStore) async throws -> Void) async throws {
        switch self {
        case .memory:
            try await body(InMemoryStore())
        case .sqlite, .sqliteNormal:
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let store = try SQLiteStore(path: directory.path + "/strait.sqlite", options: .init(synchronous: self == .sqlite ? .full : .normal))
            defer { try? store.close() }
            try await body(store)
        case .postgres:
            try await PostgresTestDatabase.withStore { store in try await body(store) }
        }
    }
}

struct TemporaryDirectory: Sendable {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "strait-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

func makeRecord(id: String, minor: Int64 = 12_345, outcome: DecisionOutcome = .allow, actor: String = "key_test") throws -> NewTransactionRecord {
    let instruction = try PaymentInstructionDraft(
        id: id,
        timestamp: "2026-11-27T01:00:00Z",
        originator: .init(partyId: "cust-1", account: "DE89370400440532013000", country: "DE"),
        beneficiary: .init(partyId: "cust-2", account: "SG-001-2345", country: "SG"),
        amount: .init(minor: minor, currency: "EUR"),
        channel: "web"
    ).validate().get()
    let reasons = outcome == .allow ? [] : [DecisionReason(code: "test", rule: "test", message: "test reason")]
    return NewTransactionRecord(
        instruction: instruction,
        decision: Decision(outcome: outcome, reasons: reasons),
        receivedAt: Timestamp(epochMilliseconds: 1_795_741_200_000),
        actor: actor
    )
}

func makeKey(id: String, role: Role = .service, secret: String) -> APIKeyRecord {
    APIKeyRecord(
        id: id, role: role, label: "test", secretHash: SHA256Hex.of(secret), createdAt: "2026-11-27T01:00:00.000Z", createdBy: "bootstrap"
    )
}

enum SHA256Hex {
    static func of(_ text: String) -> String {
        // Any 64-hex value works as a stored hash; derive one deterministically from the text.
        var hasher = [UInt8](repeating: 0, count: 32)
        for (i, byte) in text.utf8.enumerated() { hasher[i % 32] = hasher[i % 32] &* 31 &+ byte }
        return Hex.encode(hasher)
    }
}

@Suite("Storage conformance (every implementation)")
struct StoreConformanceTests {
    @Test("a transaction is stored once with its audit entry", arguments: StoreKind.available)
    func recordOnce(kind: StoreKind) async throws {
        try await kind.with { store in
        let record = try makeRecord(id: "tx-1", outcome: .review)
        guard case .created(let created) = try await store.record(record) else {
            Issue.record("first record must create")
            return
        }
        #expect(created.auditIndex == 0)
        #expect(created.digest == record.digest)
        #expect(created.decision.outcome == .review)
        guard case .existing(let existing) = try await store.record(record) else {
            Issue.record("second record must return the existing one")
            return
        }
        #expect(existing == created)
        // A different body with the same id is not stored; the caller sees the stored digest.
        guard case .existing(let conflicting) = try await store.record(try makeRecord(id: "tx-1", minor: 99)) else {
            Issue.record("same id must not create")
            return
        }
        #expect(conflicting.digest != (try makeRecord(id: "tx-1", minor: 99)).digest)
        #expect(try await store.transactionCount() == 1)
        #expect(try await store.auditHead().size == 1)
        let read = try await store.transaction(id: try #require(TransactionID(rawValue: "tx-1")))
        #expect(read == created)
        #expect(try await store.transaction(id: try #require(TransactionID(rawValue: "tx-2"))) == nil)
        }
    }

    @Test("concurrent writers get one gap-free chain", arguments: StoreKind.available)
    func concurrentWriters(kind: StoreKind) async throws {
        try await kind.with { store in
        let count = 300
        let indexes = try await withThrowingTaskGroup(of: UInt64.self) { group in
            for i in 0..<count {
                group.addTask { try await store.record(try makeRecord(id: "tx-\(i)", minor: Int64(100 + i))).transaction.auditIndex }
            }
            var indexes: [UInt64] = []
            for try await index in group { indexes.append(index) }
            return indexes
        }
        #expect(indexes.sorted() == (0..<UInt64(count)).map { $0 })
        let report = try await LedgerVerifier(pageSize: 64).verify(store)
        #expect(report.isValid, "\(String(describing: report.violations))")
        #expect(report.verifiedEntries == UInt64(count))
        #expect(report.verifiedTransactions == count)
        }
    }

    @Test("the log verifies while it grows", arguments: StoreKind.available)
    func verifyWhileWriting(kind: StoreKind) async throws {
        try await kind.with { store in
        for i in 0..<200 { _ = try await store.record(try makeRecord(id: "before-\(i)")) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for i in 0..<300 { _ = try await store.record(try makeRecord(id: "during-\(i)")) }
            }
            group.addTask {
                for _ in 0..<5 {
                    let report = try await LedgerVerifier(pageSize: 50).verify(store)
                    #expect(report.isValid, "\(String(describing: report.violations))")
                }
            }
            try await group.waitForAll()
        }
        #expect(try await LedgerVerifier().verify(store).verifiedEntries == 500)
        }
    }

    @Test("the same id sent concurrently is stored once", arguments: StoreKind.available)
    func concurrentSameID(kind: StoreKind) async throws {
        try await kind.with { store in
        let record = try makeRecord(id: "tx-dup")
        let created = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    if case .created = try await store.record(record) { return true }
                    return false
                }
            }
            var created = 0
            for try await wasCreated in group where wasCreated { created += 1 }
            return created
        }
        #expect(created == 1)
        #expect(try await store.transactionCount() == 1)
        #expect(try await store.auditHead().size == 1)
        }
    }

    @Test("keys are stored hashed, found by hash, revoked with an audit entry", arguments: StoreKind.available)
    func keys(kind: StoreKind) async throws {
        try await kind.with { store in
        let admin = makeKey(id: "key_a", role: .admin, secret: "secret-a")
        let service = makeKey(id: "key_s", role: .service, secret: "secret-s")
        try await store.insertKey(admin)
        try await store.insertKey(service)
        #expect(try await store.key(secretHash: service.secretHash) == service)
        #expect(try await store.key(secretHash: SHA256Hex.of("nope")) == nil)
        #expect(try await store.keys().map(\.id) == ["key_a", "key_s"])
        await #expect(throws: StoreError.self) { try await store.insertKey(makeKey(id: "key_x", secret: "secret-s")) }
        let revoked = try await store.revokeKey(id: "key_s", actor: "key_a", at: "2026-11-27T02:00:00.000Z")
        #expect(revoked?.revokedAt == "2026-11-27T02:00:00.000Z")
        #expect(try await store.key(secretHash: service.secretHash)?.isActive == false)
        // Revoking again changes nothing and writes no audit entry.
        _ = try await store.revokeKey(id: "key_s", actor: "key_a", at: "2026-11-27T03:00:00.000Z")
        #expect(try await store.revokeKey(id: "key_none", actor: "key_a", at: "2026-11-27T03:00:00.000Z") == nil)
        let events = try await store.auditEvents(from: 0, limit: 10)
        #expect(events.map(\.type) == [.keyIssued, .keyIssued, .keyRevoked])
        #expect(events.allSatisfy { !$0.payload.contains("secret") && !$0.payload.contains(service.secretHash) })
        #expect(try await LedgerVerifier().verify(store).isValid)
        }
    }

    @Test("audit entries are paged in index order", arguments: StoreKind.available)
    func paging(kind: StoreKind) async throws {
        try await kind.with { store in
        for i in 0..<25 { _ = try await store.record(try makeRecord(id: "tx-\(i)")) }
        let page = try await store.auditEvents(from: 10, limit: 10)
        #expect(page.map(\.index) == Array(10..<20))
        #expect(try await store.auditEvents(from: 20, limit: 10).count == 5)
        #expect(try await store.auditEvents(from: 25, limit: 10).isEmpty)
        #expect(try await store.auditEvents(from: 0, limit: 0).isEmpty)
        let all = try await store.auditEvents(from: 0, limit: 100)
        let root = MerkleTree.root(leafHashes: all.map(\.leafHash))
        #expect(try await store.auditHead() == AuditHead(size: 25, rootHash: Hex.encode(root)))
        }
    }
}

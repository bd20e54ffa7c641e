// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import GRDB
import Ledger
import StraitCore
import StraitStore
import StraitStoreSQLite
import Testing

@Suite("SQLite store")
struct SQLiteStoreTests {
    @Test("acknowledged writes are there after reopening")
    func reopen() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/strait.sqlite"
        do {
            let store = try SQLiteStore(path: path)
            for i in 0..<20 { _ = try await store.record(try makeRecord(id: "tx-\(i)")) }
            try store.close()
        }
        let store = try SQLiteStore(path: path)
        defer { try? store.close() }
        #expect(try await store.transactionCount() == 20)
        #expect(try await store.auditHead().size == 20)
        // New writes continue the same log.
        let next: RecordOutcome
        do {
            next = try await store.record(try makeRecord(id: "tx-20"))
        } catch {
            Issue.record("\(String(reflecting: error))")
            throw error
        }
        #expect(next.transaction.auditIndex == 20)
        #expect(try await LedgerVerifier().verify(store).isValid)
    }

    @Test("migrations are named, applied once, and required")
    func migrations() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/strait.sqlite"
        #expect(throws: StoreError.self) { try SQLiteStore(path: path, options: .init(migrate: false)) }
        #expect(try SQLiteStore.migrate(path: path) == ["v1-foundation", "v2-merkle-log", "v3-residency", "v4-monitor-cases", "v5-screening-lists", "v6-customers"])
        #expect(try SQLiteStore.migrate(path: path) == [])
        let store = try SQLiteStore(path: path, options: .init(migrate: false))
        try await store.ping()
        try store.close()
    }

    @Test("a v1 hash-chain database migrates to the Merkle log without losing a row")
    func migrateFromHashChain() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/strait.sqlite"
        // A database as the foundation release left it: the v1 schema, three payments and a key.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: Self.v1Schema)
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v1-foundation')")
            let zero = String(repeating: "0", count: 64)
            try db.execute(
                sql: "INSERT INTO audit_events VALUES (0, '2026-11-27T01:00:00.000Z', 'key.issued', 'bootstrap', 'key_a', '{\"role\":\"admin\"}', ?, ?)",
                arguments: [zero, zero]
            )
            for i in 0..<3 {
                let record = try makeRecord(id: "tx-\(i)", outcome: i == 1 ? .review : .allow)
                let reasons = i == 1 ? "\"test\"" : ""
                try db.execute(
                    sql: "INSERT INTO audit_events VALUES (?, ?, 'transaction.decided', 'key_test', ?, ?, ?, ?)",
                    arguments: [
                        i + 1, record.receivedAt.text, "tx-\(i)",
                        "{\"decision\":\"\(record.decision.outcome.rawValue)\",\"digest\":\"\(record.digest)\",\"reasons\":[\(reasons)]}", zero, zero,
                    ]
                )
                try db.execute(
                    sql: """
                        INSERT INTO transactions (id, digest, body, decision, reasons, received_at, audit_index, occurred_at_ms,
                            originator_party, beneficiary_party, originator_country, beneficiary_country, amount_minor, currency)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'cust-1', 'cust-2', 'DE', 'SG', 12345, 'EUR')
                        """,
                    arguments: [
                        "tx-\(i)", record.digest, record.body, record.decision.outcome.rawValue, record.decision.reasons.jsonText,
                        record.receivedAt.text, i + 1, record.instruction.timestamp.epochMilliseconds,
                    ]
                )
            }
        }
        try queue.close()
        #expect(try SQLiteStore.migrate(path: path) == ["v2-merkle-log", "v3-residency", "v4-monitor-cases", "v5-screening-lists", "v6-customers"])
        let store = try SQLiteStore(path: path)
        defer { try? store.close() }
        #expect(try await store.transactionCount() == 3)
        #expect(try await store.auditHead().size == 4)
        let report = try await LedgerVerifier().verify(store)
        #expect(report.isValid, "\(report.violations)")
        #expect(report.verifiedTransactions == 3)
        let id = try #require(TransactionID(rawValue: "tx-1"))
        let migrated = try #require(try await store.transaction(id: id))
        #expect(migrated.salt?.count == 32)
        #expect(migrated.decision.outcome == .review)
        // The log continues after the migrated entries.
        #expect(try await store.record(try makeRecord(id: "tx-new")).transaction.auditIndex == 4)
        #expect(try await LedgerVerifier().verify(store).isValid)
    }

    /// The v1 schema as shipped (kept here to build an old database).
    static let v1Schema = """
        CREATE TABLE audit_events (
            idx INTEGER PRIMARY KEY CHECK (idx >= 0), ts TEXT NOT NULL,
            type TEXT NOT NULL CHECK (type IN ('transaction.decided', 'key.issued', 'key.revoked')),
            actor TEXT NOT NULL, subject TEXT NOT NULL, payload TEXT NOT NULL,
            prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64), hash TEXT NOT NULL CHECK (length(hash) = 64)
        );
        CREATE TABLE transactions (
            seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 128),
            digest TEXT NOT NULL CHECK (length(digest) = 64), body TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('allow', 'review', 'block')), reasons TEXT NOT NULL, received_at TEXT NOT NULL,
            audit_index INTEGER NOT NULL UNIQUE REFERENCES audit_events(idx), occurred_at_ms INTEGER NOT NULL,
            originator_party TEXT NOT NULL, beneficiary_party TEXT NOT NULL,
            originator_country TEXT NOT NULL CHECK (length(originator_country) = 2),
            beneficiary_country TEXT NOT NULL CHECK (length(beneficiary_country) = 2),
            amount_minor INTEGER NOT NULL CHECK (amount_minor > 0), currency TEXT NOT NULL CHECK (length(currency) = 3)
        );
        CREATE TABLE api_keys (
            id TEXT PRIMARY KEY NOT NULL, role TEXT NOT NULL CHECK (role IN ('service', 'analyst', 'auditor', 'admin')),
            label TEXT NOT NULL, secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
            created_at TEXT NOT NULL, created_by TEXT NOT NULL, revoked_at TEXT
        );
        """

    @Test("in a full tile: a moved entry is named as moved, a rewritten tile breaks the tree and the signed root")
    func tamperingFullTiles() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/strait.sqlite"
        do {
            let store = try SQLiteStore(path: path)
            _ = try await store.appendEvents((0..<300).map(LedgerStoreTests.annotation))
            _ = try await LedgerPublisher(store: store, origin: "test.strait.local/audit").publish(at: "t")
            #expect(try await LedgerVerifier().verify(store).isValid)
            try store.close()
        }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "UPDATE audit_events SET idx = 100000 WHERE idx = 20")
            try db.execute(sql: "UPDATE audit_events SET idx = 20 WHERE idx = 21")
            try db.execute(sql: "UPDATE audit_events SET idx = 21 WHERE idx = 100000")
        }
        var store = try SQLiteStore(path: path)
        var report = try await LedgerVerifier().verify(store)
        #expect(report.violations.map(\.index) == [20, 21], "\(report.violations)")
        #expect(report.violations.allSatisfy { $0.kind == .unexpectedIndex })
        try store.close()
        try await queue.write { db in
            try db.execute(sql: "UPDATE ledger_tiles SET hashes = zeroblob(length(hashes)) WHERE level = 0 AND idx = 0")
        }
        try queue.close()
        store = try SQLiteStore(path: path)
        defer { try? store.close() }
        report = try await LedgerVerifier().verify(store)
        let kinds = Set(report.violations.map(\.kind))
        #expect(kinds.contains(.treeMismatch) && kinds.contains(.checkpointMismatch), "\(report.violations.prefix(5))")
    }

    @Test("an unwritable path is a clear store error")
    func unwritable() {
        #expect(throws: StoreError.self) { try SQLiteStore(path: "/proc/strait/strait.sqlite") }
    }

    @Test("the database refuses rows that break its constraints")
    func constraints() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/strait.sqlite"
        try SQLiteStore(path: path).close()
        let queue = try DatabaseQueue(path: path)
        #expect(throws: (any Error).self) {
            try queue.write { db in
                try db.execute(sql: "INSERT INTO api_keys (id, role, label, secret_hash, created_at, created_by) VALUES ('k', 'root', 'l', ?, 't', 'b')", arguments: [String(repeating: "a", count: 64)])
            }
        }
        #expect(throws: (any Error).self) {
            try queue.write { db in
                try db.execute(sql: "INSERT INTO audit_events (idx, ts, type, actor, subject, payload) VALUES (-1, 't', 'x.y', 'a', 's', '{}')")
            }
        }
        #expect(throws: (any Error).self) {
            try queue.write { db in
                try db.execute(sql: "INSERT INTO ledger_tiles (level, idx, width, hashes) VALUES (0, 0, 0, x'00')")
            }
        }
        #expect(throws: (any Error).self) {
            try queue.write { db in
                try db.execute(sql: "INSERT INTO ledger_head (id, size, root) VALUES (2, 0, 'short')")
            }
        }
    }

    enum Tamper: String, CaseIterable, CustomTestStringConvertible {
        case alterPayload, deleteEntry, alterTransactionBody, alterDecision, insertTransaction, swapEntries, redirectTracedColumn, removeSalt
        var testDescription: String { rawValue }
    }

    @Test("tampering with stored rows is found and located", arguments: Tamper.allCases)
    func tampering(_ tamper: Tamper) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/strait.sqlite"
        do {
            let store = try SQLiteStore(path: path)
            for i in 0..<30 { _ = try await store.record(try makeRecord(id: "tx-\(i)", outcome: i % 3 == 0 ? .review : .allow)) }
            #expect(try await LedgerVerifier().verify(store).isValid)
            try store.close()
        }
        let queue = try DatabaseQueue(path: path)
        try await queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            switch tamper {
            case .alterPayload:
                try db.execute(sql: "UPDATE audit_events SET payload = replace(payload, 'allow', 'block') WHERE idx = 13")
            case .deleteEntry:
                try db.execute(sql: "DELETE FROM audit_events WHERE idx = 13")
            case .alterTransactionBody:
                try db.execute(sql: "UPDATE transactions SET body = replace(body, '12345', '99999') WHERE id = 'tx-13'")
            case .alterDecision:
                try db.execute(sql: "UPDATE transactions SET decision = 'allow', reasons = '[]' WHERE id = 'tx-12'")
            case .insertTransaction:
                try db.execute(
                    sql: """
                        INSERT INTO transactions SELECT NULL, 'tx-forged', digest, body, decision, reasons, received_at, 999, occurred_at_ms,
                        originator_party, beneficiary_party, originator_country, beneficiary_country, amount_minor, currency,
                        salt, originator_account, beneficiary_account FROM transactions WHERE id = 'tx-1'
                        """
                )
            case .redirectTracedColumn:
                // The body (and so the commitment) is intact, but a trace would follow the money elsewhere.
                try db.execute(sql: "UPDATE transactions SET beneficiary_account = 'XX-MULE-1' WHERE id = 'tx-13'")
            case .removeSalt:
                try db.execute(sql: "UPDATE transactions SET salt = NULL WHERE id = 'tx-13'")
            case .swapEntries:
                try db.execute(sql: "UPDATE audit_events SET idx = 100000 WHERE idx = 13")
                try db.execute(sql: "UPDATE audit_events SET idx = 13 WHERE idx = 14")
                try db.execute(sql: "UPDATE audit_events SET idx = 14 WHERE idx = 100000")
            }
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        defer { try? store.close() }
        let report = try await LedgerVerifier().verify(store)
        let violation = try #require(report.violations.first)
        switch tamper {
        case .alterPayload, .deleteEntry, .alterTransactionBody, .swapEntries, .redirectTracedColumn, .removeSalt:
            #expect(violation.index == 13, "\(violation)")
        case .alterDecision:
            #expect(violation.index == 12, "\(violation)")
        case .insertTransaction:
            #expect(violation.kind == .recordMismatch, "\(violation)")
        }
    }
}

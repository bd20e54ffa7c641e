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
        // New writes continue the same chain.
        let next = try await store.record(try makeRecord(id: "tx-20"))
        #expect(next.transaction.auditIndex == 20)
        #expect(try await AuditVerifier().verify(store).isValid)
    }

    @Test("migrations are named, applied once, and required")
    func migrations() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/strait.sqlite"
        #expect(throws: StoreError.self) { try SQLiteStore(path: path, options: .init(migrate: false)) }
        #expect(try SQLiteStore.migrate(path: path) == ["v1-foundation"])
        #expect(try SQLiteStore.migrate(path: path) == [])
        let store = try SQLiteStore(path: path, options: .init(migrate: false))
        try await store.ping()
        try store.close()
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
                try db.execute(sql: "INSERT INTO audit_events (idx, ts, type, actor, subject, payload, prev_hash, hash) VALUES (0, 't', 'x.y', 'a', 's', '{}', 'short', 'short')")
            }
        }
    }

    enum Tamper: String, CaseIterable, CustomTestStringConvertible {
        case alterPayload, deleteEntry, alterTransactionBody, alterDecision, insertTransaction, swapEntries
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
            #expect(try await AuditVerifier().verify(store).isValid)
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
                        originator_party, beneficiary_party, originator_country, beneficiary_country, amount_minor, currency
                        FROM transactions WHERE id = 'tx-1'
                        """
                )
            case .swapEntries:
                try db.execute(sql: "UPDATE audit_events SET idx = 100000 WHERE idx = 13")
                try db.execute(sql: "UPDATE audit_events SET idx = 13 WHERE idx = 14")
                try db.execute(sql: "UPDATE audit_events SET idx = 14 WHERE idx = 100000")
            }
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        defer { try? store.close() }
        let report = try await AuditVerifier().verify(store)
        let violation = try #require(report.violation)
        switch tamper {
        case .alterPayload, .deleteEntry, .alterTransactionBody, .swapEntries:
            #expect(violation.index == 13, "\(violation)")
        case .alterDecision:
            #expect(violation.index == 12, "\(violation)")
        case .insertTransaction:
            #expect(violation.kind == .recordMismatch, "\(violation)")
        }
    }
}

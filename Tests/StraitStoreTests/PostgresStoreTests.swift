// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Ledger
import StraitCore
import StraitStore
import PostgresNIO
@testable import StraitStorePostgres
import Testing

@Suite("PostgreSQL store", .enabled(if: PostgresTestDatabase.url != nil, Comment(rawValue: PostgresTestDatabase.skipMessage)))
struct PostgresStoreTests {
    @Test("two instances on one database keep one gap-free chain and store each id once")
    func twoInstances() async throws {
        let configuration = try await PostgresTestDatabase.freshConfiguration()
        let first = try PostgresStore(configuration: configuration, logger: PostgresTestDatabase.logger)
        let second = try PostgresStore(configuration: configuration, logger: PostgresTestDatabase.logger)
        try await PostgresTestDatabase.withRunning(first) {
            try await PostgresTestDatabase.withRunning(second) {
                // Both migrate at once: the advisory lock lets one apply and the other find it done.
                async let a = first.migrate()
                async let b = second.migrate()
                let applied = try await a + b
                #expect(applied == ["v1-foundation", "v2-merkle-log", "v3-residency", "v4-monitor-cases", "v5-screening-lists", "v6-customers"])

                let created = try await withThrowingTaskGroup(of: Int.self) { group in
                    for i in 0..<200 {
                        let store = i % 2 == 0 ? first : second
                        group.addTask {
                            if case .created = try await store.record(try makeRecord(id: "tx-\(i)")) { return 1 }
                            return 0
                        }
                        // The same id through the other instance at the same time.
                        let other = i % 2 == 0 ? second : first
                        group.addTask {
                            if case .created = try await other.record(try makeRecord(id: "tx-\(i)")) { return 1 }
                            return 0
                        }
                    }
                    var created = 0
                    for try await n in group { created += n }
                    return created
                }
                #expect(created == 200)
                #expect(try await first.transactionCount() == 200)
                let head = try await second.auditHead()
                #expect(head.size == 200)
                let report = try await LedgerVerifier(pageSize: 70).verify(first)
                #expect(report.isValid, "\(String(describing: report.violations))")

                // A key issued through one instance is found through the other.
                let key = makeKey(id: "key_shared", role: .analyst, secret: "shared-secret")
                try await first.insertKey(key)
                #expect(try await second.key(secretHash: key.secretHash) == key)
            }
        }
    }


    @Test("a v1 hash-chain schema migrates to the Merkle log without losing a row")
    func migrateFromHashChain() async throws {
        do {
            try await migrateFromHashChainBody()
        } catch {
            Issue.record("\(String(reflecting: error))")
        }
    }

    func migrateFromHashChainBody() async throws {
        let configuration = try await PostgresTestDatabase.freshConfiguration()
        let store = try PostgresStore(configuration: configuration, logger: PostgresTestDatabase.logger)
        try await PostgresTestDatabase.withRunning(store) {
            // The schema as the foundation release left it, with a key entry and two payments.
            try await store.execute(unsafeSQL: "CREATE TABLE strait_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            // The v1 statements exactly as shipped (they insert the head row themselves).
            for statement in PostgresStore.migrations[0].statements {
                try await store.execute(unsafeSQL: statement.sql)
            }
            try await store.execute(unsafeSQL: "INSERT INTO strait_migrations (name) VALUES ('v1-foundation')")
            let zero = String(repeating: "0", count: 64)
            try await store.execute(unsafeSQL: "INSERT INTO audit_events VALUES (0, '2026-11-27T01:00:00.000Z', 'key.issued', 'bootstrap', 'key_a', '{\"role\":\"admin\"}', '\(zero)', '\(zero)')")
            for i in 0..<2 {
                let record = try makeRecord(id: "tx-\(i)", outcome: i == 1 ? .review : .allow)
                let reasons = i == 1 ? "\"test\"" : ""
                let payload = "{\"decision\":\"\(record.decision.outcome.rawValue)\",\"digest\":\"\(record.digest)\",\"reasons\":[\(reasons)]}"
                try await store.execute(unsafeSQL: "INSERT INTO audit_events VALUES (\(i + 1), '\(record.receivedAt.text)', 'transaction.decided', 'key_test', 'tx-\(i)', '\(payload)', '\(zero)', '\(zero)')")
                let body = record.body.replacingOccurrences(of: "'", with: "''")
                try await store.execute(unsafeSQL: """
                    INSERT INTO transactions (id, digest, body, decision, reasons, received_at, audit_index, occurred_at_ms, originator_party,
                        beneficiary_party, originator_country, beneficiary_country, amount_minor, currency)
                    VALUES ('tx-\(i)', '\(record.digest)', '\(body)', '\(record.decision.outcome.rawValue)', '\(record.decision.reasons.jsonText)',
                        '\(record.receivedAt.text)', \(i + 1), \(record.instruction.timestamp.epochMilliseconds), 'cust-1', 'cust-2', 'DE', 'SG', 12345, 'EUR')
                    """)
            }
            try await store.execute(unsafeSQL: "UPDATE audit_head SET size = 3")
            #expect(try await store.migrate() == ["v2-merkle-log", "v3-residency", "v4-monitor-cases", "v5-screening-lists", "v6-customers"])
            #expect(try await store.transactionCount() == 2)
            #expect(try await store.auditHead().size == 3)
            let report = try await LedgerVerifier().verify(store)
            #expect(report.isValid, "\(report.violations)")
            #expect(report.verifiedTransactions == 2)
            #expect(try await store.record(try makeRecord(id: "tx-new")).transaction.auditIndex == 3)
            let transfers = try await store.transfers(account: "SG-001-2345", fromMillis: 0, toMillis: .max, limit: 10, auditIndexBelow: .max)
            #expect(transfers.map(\.id) == ["tx-0", "tx-1", "tx-new"])
            #expect(try await LedgerVerifier().verify(store).isValid)
        }
    }
}

@Suite("PostgreSQL store without a server")
struct PostgresOfflineTests {
    @Test("URLs are read with their parts and the password is never printed")
    func urls() throws {
        let configuration = try PostgresStoreConfiguration(url: "postgres://app:s%40cret@db.internal:6543/ledger?sslmode=require")
        #expect(configuration.host == "db.internal")
        #expect(configuration.port == 6543)
        #expect(configuration.username == "app")
        #expect(configuration.password == "s@cret")
        #expect(configuration.database == "ledger")
        #expect(configuration.tls == .require)
        #expect(!configuration.redactedURL.contains("s@cret"))
        #expect(throws: PostgresStoreConfiguration.URLError.self) { try PostgresStoreConfiguration(url: "mysql://x@y/z") }
        #expect(throws: PostgresStoreConfiguration.URLError.self) { try PostgresStoreConfiguration(url: "postgres://x@y/z?sslmode=maybe") }
    }

    @Test("an unreachable server is a fast store-unavailable error, not a hang")
    func unreachable() async throws {
        // Port 1 on loopback: nothing listens there.
        let store = try PostgresStore(
            configuration: .init(host: "127.0.0.1", port: 1, password: "x", tls: .disable, operationTimeout: .milliseconds(800)),
            logger: PostgresTestDatabase.logger
        )
        try await PostgresTestDatabase.withRunning(store) {
            let start = ContinuousClock.now
            await #expect(throws: StoreError.unavailable("")) { try await store.ping() }
            await #expect(throws: StoreError.unavailable("")) { try await store.record(try makeRecord(id: "tx-1")) }
            // Two 800 ms deadlines; the bound is loose because the whole suite shares two cores
            // (seen: 13 s while CPU-bound tests ran beside it). A hang would never end.
            #expect(ContinuousClock.now - start < .seconds(60))
        }
    }
}

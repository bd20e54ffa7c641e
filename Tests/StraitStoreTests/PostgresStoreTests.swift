// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Ledger
import StraitCore
import StraitStore
import StraitStorePostgres
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
                #expect(applied == ["v1-foundation", "v2-merkle-log"])

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

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Logging
import PostgresNIO
import StraitStore
import StraitStorePostgres

/// The PostgreSQL server the tests may use: `POSTGRES_URL`, e.g. postgres://postgres:postgres@127.0.0.1:5432/strait_test.
enum PostgresTestDatabase {
    static let url: String? = {
        let value = ProcessInfo.processInfo.environment["POSTGRES_URL"]
        return value?.isEmpty == false ? value : nil
    }()

    static let skipMessage = "POSTGRES_URL is not set: the PostgreSQL store tests are skipped (see README, Tests and CI)"

    static let logger = Logger(label: "test.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A configuration on a fresh, empty schema.
    static func freshConfiguration() async throws -> PostgresStoreConfiguration {
        guard let url else { throw StoreError.unavailable("POSTGRES_URL is not set") }
        var configuration = try PostgresStoreConfiguration(url: url, defaults: .init(tls: .disable))
        // These tests check what is stored, not how fast: the whole suite shares two cores, and a
        // CPU-bound test beside them can hold an operation past the 3 s default. The deadline itself
        // is tested on its own ("an unreachable server is a fast store-unavailable error").
        configuration.operationTimeout = .seconds(20)
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        // Create the schema with a throwaway store pointed at the default schema.
        let admin = try PostgresStore(configuration: configuration, logger: logger)
        try await withRunning(admin) {
            try await admin.execute(unsafeSQL: "CREATE SCHEMA \(schema)")
        }
        configuration.schema = schema
        return configuration
    }

    /// Runs `body` while `store`'s connection pool runs.
    static func withRunning<T: Sendable>(_ store: PostgresStore, _ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// A migrated store on a fresh schema, running for the duration of `body`.
    static func withStore<T: Sendable>(_ body: (PostgresStore) async throws -> T) async throws -> T {
        let configuration = try await freshConfiguration()
        let store = try PostgresStore(configuration: configuration, logger: logger)
        return try await withRunning(store) {
            try await store.migrate()
            return try await body(store)
        }
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Ledger
import Logging
import StraitStore
import StraitStorePostgres
import StraitStoreSQLite

/// `strait migrate`.
public enum StoreMigrations {
    /// Applies pending migrations to the configured store and returns their names.
    public static func migrate(config: StraitConfiguration) async throws -> [String] {
        if let postgres = config.postgres {
            let store = try PostgresStore(configuration: postgres, logger: Logger(label: "strait.migrate", factory: { _ in SwiftLogNoOpLogHandler() }))
            return try await withRunning(store) { try await store.migrate() }
        }
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        return try SQLiteStore.migrate(
            path: config.sqlitePath,
            options: .init(synchronous: config.sqliteSynchronous, busyTimeoutMilliseconds: config.sqliteBusyTimeoutMilliseconds)
        )
    }

    /// Where the configured store is, for messages (the PostgreSQL password is never shown).
    public static func describe(config: StraitConfiguration) -> String {
        config.postgres?.redactedURL ?? config.sqlitePath
    }
}

/// Runs `body` while `store`'s connection pool runs.
func withRunning<T: Sendable>(_ store: PostgresStore, _ body: () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await store.run() }
        defer { group.cancelAll() }
        return try await body()
    }
}

/// `strait ledger verify`: the result of checking a store's audit log.
public struct LedgerVerification: Sendable {
    public var verifiedEntries: UInt64
    public var verifiedTransactions: Int
    public var headHash: String
    public var violation: (index: UInt64, kind: String, detail: String)?

    /// Whether the configured store exists (the SQLite file, or a reachable PostgreSQL).
    public static func storeExists(config: StraitConfiguration) -> Bool {
        config.postgres != nil || FileManager.default.fileExists(atPath: config.sqlitePath)
    }

    /// Opens the configured store without migrating it and verifies its audit log.
    public static func run(config: StraitConfiguration) async throws -> LedgerVerification {
        if let postgres = config.postgres {
            let store = try PostgresStore(configuration: postgres, logger: Logger(label: "strait.verify", factory: { _ in SwiftLogNoOpLogHandler() }))
            return try await withRunning(store) { try await verify(store) }
        }
        let store = try SQLiteStore(
            path: config.sqlitePath,
            options: .init(synchronous: config.sqliteSynchronous, busyTimeoutMilliseconds: config.sqliteBusyTimeoutMilliseconds, migrate: false)
        )
        defer { try? store.close() }
        return try await verify(store)
    }

    private static func verify(_ store: some StraitStore) async throws -> LedgerVerification {
        let report = try await AuditVerifier().verify(store)
        let head = try await store.auditHead()
        return LedgerVerification(
            verifiedEntries: report.verifiedEntries,
            verifiedTransactions: report.verifiedTransactions,
            headHash: head.headHash,
            violation: report.violation.map { (index: $0.index, kind: $0.kind.rawValue, detail: $0.detail) }
        )
    }
}

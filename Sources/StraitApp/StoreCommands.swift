// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Ledger
import StraitStore
import StraitStoreSQLite

/// `strait migrate`.
public enum StoreMigrations {
    /// Applies pending migrations to the configured store and returns their names.
    public static func migrate(config: StraitConfiguration) throws -> [String] {
        try SQLiteStore.migrate(
            path: config.sqlitePath,
            options: .init(synchronous: config.sqliteSynchronous, busyTimeoutMilliseconds: config.sqliteBusyTimeoutMilliseconds)
        )
    }
}

/// `strait ledger verify`: the result of checking a store's audit log.
public struct LedgerVerification: Sendable {
    public var verifiedEntries: UInt64
    public var verifiedTransactions: Int
    public var headHash: String
    public var violation: (index: UInt64, kind: String, detail: String)?

    /// Opens the configured store without migrating it and verifies its audit log.
    public static func run(config: StraitConfiguration) async throws -> LedgerVerification {
        let store = try SQLiteStore(
            path: config.sqlitePath,
            options: .init(synchronous: config.sqliteSynchronous, busyTimeoutMilliseconds: config.sqliteBusyTimeoutMilliseconds, migrate: false)
        )
        defer { try? store.close() }
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

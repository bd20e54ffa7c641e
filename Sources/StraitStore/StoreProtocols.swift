// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Ledger
public import StraitCore

/// Stores decided payments together with their audit entries.
///
/// `record` is atomic and idempotent by transaction id: either the transaction, its decision and
/// its audit entry are all stored, or none is. When it returns, the write is as durable as the
/// implementation promises (see docs/storage.md).
public protocol TransactionStore: Sendable {
    /// Stores a decided payment and appends its audit entry, unless a payment with the same id exists.
    ///
    /// - Returns: `.created` with the stored record, or `.existing` with the record stored earlier.
    /// - Throws: ``StoreError`` if the store cannot complete the write; nothing is then stored.
    func record(_ transaction: NewTransactionRecord) async throws -> RecordOutcome
    /// The stored payment with this id, if any.
    func transaction(id: TransactionID) async throws -> StoredTransaction?
    /// How many payments are stored.
    func transactionCount() async throws -> Int
    /// How many stored payments point at an audit entry below `index`.
    func transactionCount(auditIndexBelow index: UInt64) async throws -> Int
    /// The audit indexes that stored payments point at, from `index` up, ascending, at most `limit`.
    func transactionAuditIndexes(from index: UInt64, limit: Int) async throws -> [UInt64]
}

/// Stores API keys (hashed) and audits their issuance and revocation.
public protocol APIKeyStore: Sendable {
    /// Stores a new key and appends a `key.issued` audit entry, atomically.
    func insertKey(_ key: APIKeyRecord) async throws
    /// The key whose secret hashes to `secretHash`, if any (revoked keys included).
    func key(secretHash: String) async throws -> APIKeyRecord?
    /// Every key, oldest first.
    func keys() async throws -> [APIKeyRecord]
    /// Marks a key revoked and appends a `key.revoked` audit entry, atomically.
    ///
    /// - Returns: the updated key, or `nil` if there is no such key. Revoking a revoked key returns it unchanged.
    func revokeKey(id: String, actor: String, at timestamp: String) async throws -> APIKeyRecord?
}

/// Reads the audit log.
public protocol AuditLogStore: Sendable {
    /// Up to `limit` consecutive entries starting at index `from`, in index order.
    func auditEvents(from: UInt64, limit: Int) async throws -> [AuditEvent]
    /// The current head of the log.
    func auditHead() async throws -> AuditHead
}

/// Everything a Strait node stores, behind one seam with an SQLite and (next) a PostgreSQL implementation.
public protocol StraitStore: TransactionStore, APIKeyStore, AuditLogStore {
    /// Succeeds when the store can serve reads and writes; used by `/readyz`.
    func ping() async throws
}

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

/// Reads payments as transfers between accounts, for fund-flow tracing.
///
/// Blocked payments moved no money and are never returned. Every answer is bounded by
/// `auditIndexBelow`, so a trace can be computed exactly against a checkpoint (the entries the
/// checkpoint covers); a transfer's ``TraceTransfer/sequence`` is its audit index.
public protocol TransferHistoryStore: Sendable {
    /// The payment with this id, if it is not blocked and its audit index is below the bound.
    func transfer(id: String, auditIndexBelow bound: UInt64) async throws -> TraceTransfer?
    /// Payments from or to `account` with `fromMillis <= time <= toMillis` and audit index below the
    /// bound, ordered by (time, audit index), the earliest `limit`.
    func transfers(account: String, fromMillis: Int64, toMillis: Int64, limit: Int, auditIndexBelow bound: UInt64) async throws -> [TraceTransfer]
}

/// A ``TransferSource`` over a store, bounded to the entries a checkpoint covers.
public struct CheckpointedTransfers: TransferSource {
    public let store: any TransferHistoryStore
    public let bound: UInt64

    public init(store: any TransferHistoryStore, checkpointSize: UInt64) {
        self.store = store
        self.bound = checkpointSize
    }

    public func transfer(id: String) async throws -> TraceTransfer? {
        try await store.transfer(id: id, auditIndexBelow: bound)
    }

    public func transfers(account: String, fromMillis: Int64, toMillis: Int64, limit: Int) async throws -> [TraceTransfer] {
        try await store.transfers(account: account, fromMillis: fromMillis, toMillis: toMillis, limit: limit, auditIndexBelow: bound)
    }
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

/// Reads the audit log and the tiles of its Merkle tree.
public protocol AuditLogStore: Sendable {
    /// Up to `limit` consecutive entries starting at index `from`, in index order.
    func auditEvents(from: UInt64, limit: Int) async throws -> [AuditEvent]
    /// The current head of the log: its size and Merkle root.
    func auditHead() async throws -> AuditHead
    /// The newest `config.changed` entry, if any.
    func lastConfigurationChange() async throws -> AuditEvent?
    /// Appends events that have no other record, atomically, and returns their indexes.
    func appendEvents(_ contents: [AuditEventContent]) async throws -> Range<UInt64>
    /// The stored tiles among `ids` (see ``Tile``); missing tiles are absent from the answer.
    func tiles(_ ids: Set<TileID>) async throws -> [TileID: Tile]
}

/// Stores the log's signing key, its signed checkpoints and the cosignatures witnesses returned.
public protocol CheckpointStore: Sendable {
    /// The log's signing key, creating it with `make` on first use. Several instances sharing a
    /// database get the same key: the first to commit wins and the others read it.
    func ledgerSigningKey(orCreate make: @Sendable () throws -> LedgerKeyRecord) async throws -> LedgerKeyRecord
    /// The log's signing key if one was created.
    func storedLedgerSigningKey() async throws -> LedgerKeyRecord?
    /// Stores a checkpoint unless one for the same size exists. Returns `false` if it existed.
    ///
    /// - Throws: ``StoreError/invalidRecord(_:file:line:)`` if its size is beyond the log.
    func addCheckpoint(_ checkpoint: StoredCheckpoint) async throws -> Bool
    /// The checkpoint of the largest size, if any.
    func latestCheckpoint() async throws -> StoredCheckpoint?
    /// The checkpoint for a tree size, if one was issued.
    func checkpoint(size: UInt64) async throws -> StoredCheckpoint?
    /// Stored checkpoints with size >= `fromSize`, ascending, at most `limit`.
    func checkpoints(fromSize: UInt64, limit: Int) async throws -> [StoredCheckpoint]
    /// Stores a witness's cosignature of the checkpoint of `size` (one per witness key; a newer one replaces it).
    func addCosignature(_ cosignature: StoredCosignature) async throws
    /// The cosignatures stored for the checkpoint of `size`.
    func cosignatures(size: UInt64) async throws -> [StoredCosignature]
    /// The last checkpoint this node, as a witness, cosigned for a log `origin`.
    func witnessedCheckpoint(origin: String) async throws -> WitnessedCheckpoint?
    /// Records `checkpoint` as the latest witnessed for its origin if the stored one still has
    /// `expectedSize` (nil: none stored). Returns `false` if another writer moved it first.
    func updateWitnessedCheckpoint(_ checkpoint: WitnessedCheckpoint, expectedSize: UInt64?) async throws -> Bool
}

/// Everything a Strait node stores, behind one seam with an SQLite and (next) a PostgreSQL implementation.
public protocol StraitStore: TransactionStore, APIKeyStore, AuditLogStore, CheckpointStore, TransferHistoryStore, VaultStore, CaseStore, MonitorHistoryStore, ScreeningListStore, CustomerStore {
    /// Succeeds when the store can serve reads and writes; used by `/readyz`.
    func ping() async throws
}

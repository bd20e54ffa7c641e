// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Foundation
public import Ledger
public import StraitCore
import Synchronization
import Vault

/// A ``StraitStore`` in memory: for tests and for trying Strait without a disk. Nothing survives the process.
public final class InMemoryStore: StraitStore {
    struct State {
        var book = CaseBook()
        var customerBook = CustomerBook()
        var screeningLists: [(StoredScreeningList, Data)] = []
        var transactions: [TransactionID: StoredTransaction] = [:]
        var transfers: [String: TraceTransfer] = [:]
        var keys: [String: APIKeyRecord] = [:]
        var keyOrder: [String] = []
        var events: [AuditEvent] = []
        var head = AuditHead.empty
        var appender = TileAppender()
        var tiles: [TileID: Tile] = [:]
        var signingKey: LedgerKeyRecord?
        var checkpoints: [UInt64: StoredCheckpoint] = [:]
        var cosignatures: [UInt64: [String: StoredCosignature]] = [:]
        var witnessed: [String: WitnessedCheckpoint] = [:]

        mutating func append(_ content: AuditEventContent) -> AuditEvent {
            append(PreparedLeaf(content))
        }

        mutating func append(_ leaf: PreparedLeaf) -> AuditEvent {
            let event = AuditEvent(index: UInt64(events.count), content: leaf.content)
            events.append(event)
            for tile in appender.append(leafHashes: [leaf.leafHash(index: event.index)]) { tiles[tile.id] = tile }
            head = AuditHead(size: appender.size, rootHash: Hex.encode(appender.root))
            return event
        }
    }

    let state = Mutex(State())

    struct VaultState {
        var keys: [WrappedKey] = []
        var entries: [String: VaultEntry] = [:]
        var records: [String: VaultRecord] = [:]
        var register: [TransferRecord] = []
    }

    let vault = Mutex(VaultState())

    public init() {}

    public func ping() async throws {}

    public func record(_ transaction: NewTransactionRecord) async throws -> RecordOutcome {
        state.withLock { state in
            let id = transaction.instruction.id
            if let existing = state.transactions[id] { return .existing(existing) }
            let event = state.append(transaction.auditLeaf)
            var stored = StoredTransaction(
                id: id,
                body: transaction.body,
                digest: transaction.digest,
                decision: transaction.decision,
                receivedAt: transaction.receivedAt.text,
                auditIndex: event.index,
                salt: transaction.salt
            )
            state.transactions[id] = stored
            stored.alert = transaction.alert.map { state.raise($0) }
            if transaction.decision.outcome != .block {
                let instruction = transaction.instruction
                state.transfers[id.rawValue] = TraceTransfer(
                    id: id.rawValue, from: instruction.originator.account.rawValue, to: instruction.beneficiary.account.rawValue,
                    amountMinor: instruction.amount.minor, currency: instruction.amount.currency.code,
                    timeMillis: instruction.timestamp.epochMilliseconds, sequence: Int64(event.index)
                )
            }
            return .created(stored)
        }
    }

    public func transaction(id: TransactionID) async throws -> StoredTransaction? {
        state.withLock { $0.transactions[id] }
    }

    public func transactionCount() async throws -> Int {
        state.withLock { $0.transactions.count }
    }

    public func transactionCount(auditIndexBelow index: UInt64) async throws -> Int {
        state.withLock { $0.transactions.values.filter { $0.auditIndex < index }.count }
    }

    public func transactionAuditIndexes(from index: UInt64, limit: Int) async throws -> [UInt64] {
        state.withLock { Array($0.transactions.values.map(\.auditIndex).filter { $0 >= index }.sorted().prefix(max(0, limit))) }
    }

    public func insertKey(_ key: APIKeyRecord) async throws {
        try state.withLock { state in
            guard state.keys[key.id] == nil, !state.keys.values.contains(where: { $0.secretHash == key.secretHash }) else {
                throw StoreError.invalidRecord("duplicate key id or secret")
            }
            state.keys[key.id] = key
            state.keyOrder.append(key.id)
            _ = state.append(.keyIssued(keyID: key.id, role: key.role.rawValue, actor: key.createdBy, at: key.createdAt))
        }
    }

    public func key(secretHash: String) async throws -> APIKeyRecord? {
        state.withLock { $0.keys.values.first { $0.secretHash == secretHash } }
    }

    public func keys() async throws -> [APIKeyRecord] {
        state.withLock { state in state.keyOrder.compactMap { state.keys[$0] } }
    }

    public func revokeKey(id: String, actor: String, at timestamp: String) async throws -> APIKeyRecord? {
        state.withLock { state in
            guard var key = state.keys[id] else { return nil }
            guard key.revokedAt == nil else { return key }
            key.revokedAt = timestamp
            state.keys[id] = key
            _ = state.append(.keyRevoked(keyID: id, actor: actor, at: timestamp))
            return key
        }
    }

    public func auditEvents(from: UInt64, limit: Int) async throws -> [AuditEvent] {
        state.withLock { state in
            guard from < UInt64(state.events.count), limit > 0 else { return [] }
            let start = Int(from)
            return Array(state.events[start..<min(state.events.count, start + limit)])
        }
    }

    public func auditHead() async throws -> AuditHead {
        state.withLock { $0.head }
    }

    public func lastConfigurationChange() async throws -> AuditEvent? {
        state.withLock { state in state.events.last { $0.type == .configChanged } }
    }

    public func appendEvents(_ contents: [AuditEventContent]) async throws -> Range<UInt64> {
        state.withLock { state in
            let start = state.head.size
            for content in contents { _ = state.append(PreparedLeaf(content)) }
            return start..<state.head.size
        }
    }

    public func tiles(_ ids: Set<TileID>) async throws -> [TileID: Tile] {
        state.withLock { state in state.tiles.filter { ids.contains($0.key) } }
    }

    // MARK: - CheckpointStore

    public func ledgerSigningKey(orCreate make: @Sendable () throws -> LedgerKeyRecord) async throws -> LedgerKeyRecord {
        try state.withLock { state in
            if let key = state.signingKey { return key }
            let key = try make()
            state.signingKey = key
            return key
        }
    }

    public func storedLedgerSigningKey() async throws -> LedgerKeyRecord? {
        state.withLock { $0.signingKey }
    }

    public func addCheckpoint(_ checkpoint: StoredCheckpoint) async throws -> Bool {
        try state.withLock { state in
            guard checkpoint.size <= state.head.size else { throw StoreError.invalidRecord("checkpoint beyond the log") }
            guard state.checkpoints[checkpoint.size] == nil else { return false }
            state.checkpoints[checkpoint.size] = checkpoint
            return true
        }
    }

    public func latestCheckpoint() async throws -> StoredCheckpoint? {
        state.withLock { state in state.checkpoints.max { $0.key < $1.key }?.value }
    }

    public func checkpoint(size: UInt64) async throws -> StoredCheckpoint? {
        state.withLock { $0.checkpoints[size] }
    }

    public func checkpoints(fromSize: UInt64, limit: Int) async throws -> [StoredCheckpoint] {
        state.withLock { state in
            Array(state.checkpoints.values.filter { $0.size >= fromSize }.sorted { $0.size < $1.size }.prefix(max(0, limit)))
        }
    }

    public func addCosignature(_ cosignature: StoredCosignature) async throws {
        state.withLock { state in
            state.cosignatures[cosignature.size, default: [:]][cosignature.witness + "+" + cosignature.keyID] = cosignature
        }
    }

    public func cosignatures(size: UInt64) async throws -> [StoredCosignature] {
        state.withLock { state in (state.cosignatures[size] ?? [:]).values.sorted { ($0.witness, $0.keyID) < ($1.witness, $1.keyID) } }
    }

    public func witnessedCheckpoint(origin: String) async throws -> WitnessedCheckpoint? {
        state.withLock { $0.witnessed[origin] }
    }

    public func updateWitnessedCheckpoint(_ checkpoint: WitnessedCheckpoint, expectedSize: UInt64?) async throws -> Bool {
        state.withLock { state in
            guard state.witnessed[checkpoint.origin]?.size == expectedSize else { return false }
            state.witnessed[checkpoint.origin] = checkpoint
            return true
        }
    }

    // MARK: - TransferHistoryStore

    public func transfer(id: String, auditIndexBelow bound: UInt64) async throws -> TraceTransfer? {
        state.withLock { state in state.transfers[id].flatMap { UInt64($0.sequence) < bound ? $0 : nil } }
    }

    public func transfers(account: String, fromMillis: Int64, toMillis: Int64, limit: Int, auditIndexBelow bound: UInt64) async throws -> [TraceTransfer] {
        state.withLock { state in
            let matching = state.transfers.values.filter {
                ($0.from == account || $0.to == account) && $0.timeMillis >= fromMillis && $0.timeMillis <= toMillis && UInt64($0.sequence) < bound
            }
            return Array(matching.sorted { ($0.timeMillis, $0.sequence) < ($1.timeMillis, $1.sequence) }.prefix(max(0, limit)))
        }
    }
}

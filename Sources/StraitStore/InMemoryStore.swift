// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Ledger
public import StraitCore
import Synchronization

/// A ``StraitStore`` in memory: for tests and for trying Strait without a disk. Nothing survives the process.
public final class InMemoryStore: StraitStore {
    private struct State {
        var transactions: [TransactionID: StoredTransaction] = [:]
        var keys: [String: APIKeyRecord] = [:]
        var keyOrder: [String] = []
        var events: [AuditEvent] = []
        var head = AuditHead.empty

        mutating func append(_ content: AuditEventContent) -> AuditEvent {
            let (event, newHead) = HashChain.append(content, after: head)
            events.append(event)
            head = newHead
            return event
        }
    }

    private let state = Mutex(State())

    public init() {}

    public func ping() async throws {}

    public func record(_ transaction: NewTransactionRecord) async throws -> RecordOutcome {
        state.withLock { state in
            let id = transaction.instruction.id
            if let existing = state.transactions[id] { return .existing(existing) }
            let event = state.append(
                .transactionDecided(
                    id: id,
                    digest: transaction.digest,
                    decision: transaction.decision,
                    actor: transaction.actor,
                    at: transaction.receivedAt.text
                )
            )
            let stored = StoredTransaction(
                id: id,
                body: transaction.body,
                digest: transaction.digest,
                decision: transaction.decision,
                receivedAt: transaction.receivedAt.text,
                auditIndex: event.index
            )
            state.transactions[id] = stored
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
}

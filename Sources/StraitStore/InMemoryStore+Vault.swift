// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Ledger
import StraitCore
import Synchronization
public import Vault

extension InMemoryStore {
    public func vaultKeys() async throws -> [WrappedKey] {
        vault.withLock { $0.keys.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) } }
    }

    public func addVaultKeys(_ keys: [WrappedKey]) async throws -> [WrappedKey] {
        vault.withLock { state in
            for key in keys where !state.keys.contains(where: { $0.purpose == key.purpose && $0.active }) { state.keys.append(key) }
            return state.keys.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        }
    }

    public func replaceVaultKeys(_ keys: [WrappedKey], event: AuditEventContent) async throws -> UInt64 {
        let range = try await appendEvents([event])
        vault.withLock { state in
            for key in keys {
                state.keys.removeAll { $0.id == key.id }
                state.keys.append(key)
            }
        }
        return range.lowerBound
    }

    public func storeVault(entries: [VaultEntry], record: VaultRecord?) async throws -> [VaultInsertOutcome] {
        try vault.withLock { state in
            if let record, state.records[record.id] != nil { throw StoreError.invalidRecord("record \(record.id) exists") }
            var outcomes: [VaultInsertOutcome] = []
            var staged = state.entries
            var taken: Set<String> = []
            for entry in entries {
                if let existing = staged[entry.token] {
                    if entry.kind != .random, existing.category == entry.category, existing.blindIndex == entry.blindIndex {
                        outcomes.append(.existing)
                    } else {
                        taken.insert(entry.token)
                    }
                } else if let index = entry.tokenAsCardIndex, staged.values.contains(where: { $0.category == "card" && $0.blindIndex == index }) {
                    taken.insert(entry.token)
                } else {
                    staged[entry.token] = entry
                    outcomes.append(.inserted)
                }
            }
            if !taken.isEmpty { throw VaultTokenConflict(tokens: taken) }
            state.entries = staged
            if let record { state.records[record.id] = record }
            return outcomes
        }
    }

    public func vaultEntries(tokens: [String]) async throws -> [String: VaultEntry] {
        vault.withLock { state in
            var found: [String: VaultEntry] = [:]
            for token in tokens { found[token] = state.entries[token] }
            return found
        }
    }

    public func vaultRecord(id: String) async throws -> (VaultRecord, [VaultEntry])? {
        vault.withLock { state in
            guard let record = state.records[id] else { return nil }
            return (record, state.entries.values.filter { $0.recordID == id }.sorted { ($0.path ?? "") < ($1.path ?? "") })
        }
    }

    public func vaultEntries(blindIndex: String, limit: Int) async throws -> [VaultEntry] {
        vault.withLock { state in
            Array(state.entries.values.filter { $0.blindIndex == blindIndex }.sorted { ($0.createdAt, $0.token) < ($1.createdAt, $1.token) }.prefix(limit))
        }
    }

    public func recordTransfer(_ transfer: TransferRecord) async throws -> TransferRecord {
        let range = try await appendEvents([transfer.auditContent])
        var stored = transfer
        stored.auditIndex = range.lowerBound
        vault.withLock { $0.register.append(stored) }
        return stored
    }

    public func transferRegister(_ query: TransferRegisterQuery) async throws -> [TransferRecord] {
        vault.withLock { state in
            var rows = state.register[...]
            if let after = query.after, let position = rows.firstIndex(where: { $0.id == after }) { rows = rows[(position + 1)...] }
            return Array(
                rows.filter { record in
                    (query.since.map { record.at >= $0 } ?? true) && (query.toRegion.map { record.toRegion == $0 } ?? true)
                        && (query.outcome.map { record.outcome == $0 } ?? true) && (query.recordID.map { record.recordID == $0 } ?? true)
                }.prefix(max(0, query.limit))
            )
        }
    }
}

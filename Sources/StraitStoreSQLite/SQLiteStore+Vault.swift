// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import GRDB
public import Ledger
import StraitCore
public import StraitStore
public import Vault

extension SQLiteStore {
    public func vaultKeys() async throws -> [WrappedKey] {
        try await read { db in try Self.vaultKeys(db) }
    }

    public func addVaultKeys(_ keys: [WrappedKey]) async throws -> [WrappedKey] {
        try await write { db in
            for key in keys {
                let exists = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM vault_keys WHERE purpose = ? AND active = 1)", arguments: [key.purpose.rawValue]
                ) ?? false
                if !exists { try Self.replaceVaultKeys([key], db: db) }
            }
            return try Self.vaultKeys(db)
        }
    }

    public func replaceVaultKeys(_ keys: [WrappedKey], event: AuditEventContent) async throws -> UInt64 {
        guard case .eventsAppended(let range) = try await submit(.replaceVaultKeys(keys, PreparedLeaf(event))) else {
            throw StoreError.corrupted("unexpected write output")
        }
        return range.lowerBound
    }

    public func storeVault(entries: [VaultEntry], record: VaultRecord?) async throws -> [VaultInsertOutcome] {
        guard case .vaultStored(let outcomes) = try await submit(.storeVault(entries: entries, record: record)) else {
            throw StoreError.corrupted("unexpected write output")
        }
        return outcomes
    }

    public func vaultEntries(tokens: [String]) async throws -> [String: VaultEntry] {
        try readNow { db in
            var found: [String: VaultEntry] = [:]
            let statement = try db.cachedStatement(sql: "SELECT * FROM vault_tokens WHERE token = ?")
            for token in tokens where found[token] == nil {
                if let row = try Row.fetchOne(statement, arguments: [token]) { found[token] = try Self.vaultEntry(row) }
            }
            return found
        }
    }

    public func vaultRecord(id: String) async throws -> (VaultRecord, [VaultEntry])? {
        try readNow { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM vault_records WHERE id = ?", arguments: [id]) else { return nil }
            let record = VaultRecord(
                id: row["id"], subject: row["subject"], jurisdiction: row["jurisdiction"], createdAt: row["created_at"], template: row["template"],
                mechanisms: (row["mechanisms"] as String).split(separator: " ").map(String.init)
            )
            let entries = try Row.fetchAll(db, sql: "SELECT * FROM vault_tokens WHERE record_id = ? ORDER BY path", arguments: [id])
                .map(Self.vaultEntry)
            return (record, entries)
        }
    }

    public func vaultEntries(blindIndex: String, limit: Int) async throws -> [VaultEntry] {
        try readNow { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM vault_tokens WHERE blind_index = ? ORDER BY created_at, token LIMIT ?"),
                arguments: [blindIndex, max(0, limit)]
            ).map(Self.vaultEntry)
        }
    }

    public func recordTransfer(_ transfer: TransferRecord) async throws -> TransferRecord {
        guard case .transferRecorded(let stored) = try await submit(.recordTransfer(transfer)) else {
            throw StoreError.corrupted("unexpected write output")
        }
        return stored
    }

    public func transferRegister(_ query: TransferRegisterQuery) async throws -> [TransferRecord] {
        try await read { db in
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let since = query.since { conditions.append("at >= ?"); arguments.append(since) }
            if let region = query.toRegion { conditions.append("to_region = ?"); arguments.append(region) }
            if let outcome = query.outcome { conditions.append("outcome = ?"); arguments.append(outcome) }
            if let record = query.recordID { conditions.append("record_id = ?"); arguments.append(record) }
            if let after = query.after {
                conditions.append("seq > COALESCE((SELECT seq FROM transfer_register WHERE id = ?), 0)")
                arguments.append(after)
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments.append(max(0, query.limit))
            return try Row.fetchAll(
                db, sql: "SELECT detail, audit_index FROM transfer_register \(filter) ORDER BY seq LIMIT ?",
                arguments: StatementArguments(arguments)
            ).map { row in try TransferRecord.decode(detail: row[0], auditIndex: row[1]) }
        }
    }

    // MARK: - On the writer

    static func storeVault(entries: [VaultEntry], record: VaultRecord?, db: Database) throws -> [VaultInsertOutcome] {
        if let record {
            try db.execute(
                sql: "INSERT INTO vault_records (id, subject, jurisdiction, created_at, template, mechanisms) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [record.id, record.subject, record.jurisdiction, record.createdAt, record.template, record.mechanisms.joined(separator: " ")]
            )
        }
        let existing = try db.cachedStatement(sql: "SELECT category, blind_index FROM vault_tokens WHERE token = ?")
        let cards = try db.cachedStatement(sql: "SELECT 1 FROM vault_tokens WHERE blind_index = ? AND category = 'card' LIMIT 1")
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO vault_tokens (token, kind, category, scheme, subject, record_id, path, ciphertext, blind_index, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        var outcomes: [VaultInsertOutcome] = []
        outcomes.reserveCapacity(entries.count)
        var taken: Set<String> = []
        for entry in entries {
            if entry.kind != .random, let row = try Row.fetchOne(existing, arguments: [entry.token]) {
                if row[0] == entry.category, row[1] == entry.blindIndex {
                    outcomes.append(.existing)
                } else {
                    taken.insert(entry.token)
                }
                continue
            }
            if let index = entry.tokenAsCardIndex, try Row.fetchOne(cards, arguments: [index]) != nil {
                taken.insert(entry.token)
                continue
            }
            guard taken.isEmpty else { continue }
            try insert.execute(arguments: [
                entry.token, entry.kind.rawValue, entry.category, entry.scheme, entry.subject, entry.recordID, entry.path,
                Data(entry.ciphertext), entry.blindIndex, entry.createdAt,
            ])
            outcomes.append(.inserted)
        }
        // The operation's savepoint rolls back what was inserted before the first conflict.
        if !taken.isEmpty { throw VaultTokenConflict(tokens: taken) }
        return outcomes
    }

    static func replaceVaultKeys(_ keys: [WrappedKey], db: Database) throws {
        // Deactivations first, so the partial unique index sees one active key per purpose at the end.
        for key in keys.sorted(by: { !$0.active && $1.active }) {
            try db.execute(
                sql: """
                    INSERT INTO vault_keys (id, purpose, master_key_id, sealed, created_at, active) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET master_key_id = excluded.master_key_id, sealed = excluded.sealed, active = excluded.active
                    """,
                arguments: [key.id, key.purpose.rawValue, key.masterKeyID, Data(key.sealed), key.createdAt, key.active ? 1 : 0]
            )
        }
    }

    static func vaultKeys(_ db: Database) throws -> [WrappedKey] {
        try Row.fetchAll(db, sql: "SELECT * FROM vault_keys ORDER BY created_at, id").map { row in
            guard let purpose = KeyPurpose(rawValue: row["purpose"]) else { throw StoreError.corrupted("vault key has an unknown purpose") }
            let sealed: Data = row["sealed"]
            return WrappedKey(
                id: row["id"], purpose: purpose, masterKeyID: row["master_key_id"], sealed: [UInt8](sealed), createdAt: row["created_at"],
                active: (row["active"] as Int64) == 1
            )
        }
    }

    static func vaultEntry(_ row: Row) throws -> VaultEntry {
        guard let kind = TokenKind(rawValue: row["kind"]) else { throw StoreError.corrupted("vault token has an unknown kind") }
        let ciphertext: Data = row["ciphertext"]
        return VaultEntry(
            token: row["token"], kind: kind, category: row["category"], scheme: row["scheme"], subject: row["subject"],
            recordID: row["record_id"], path: row["path"], ciphertext: [UInt8](ciphertext), blindIndex: row["blind_index"],
            createdAt: row["created_at"]
        )
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import GRDB
public import Ledger
import StraitCore
public import StraitStore

extension SQLiteStore {
    public func appendEvents(_ contents: [AuditEventContent]) async throws -> Range<UInt64> {
        guard case .eventsAppended(let range) = try await submit(.appendEvents(contents.map(PreparedLeaf.init))) else {
            throw StoreError.corrupted("unexpected write output")
        }
        return range
    }

    public func lastConfigurationChange() async throws -> AuditEvent? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM audit_events WHERE type = 'config.changed' ORDER BY idx DESC LIMIT 1"
            ).map(Self.auditEvent)
        }
    }

    public func tiles(_ ids: Set<TileID>) async throws -> [TileID: Tile] {
        try readNow { db in try Self.readTiles(ids, db: db) }
    }

    // MARK: - CheckpointStore

    public func ledgerSigningKey(orCreate make: @Sendable () throws -> LedgerKeyRecord) async throws -> LedgerKeyRecord {
        if let existing = try await read({ db in try Self.signingKey(db) }) { return existing }
        let candidate = try make()
        return try await write { db in
            // Another process may have created it since: the first committed key wins.
            try db.execute(
                sql: "INSERT INTO ledger_key (id, name, seed, created_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                arguments: [candidate.name, Data(candidate.seed), candidate.createdAt]
            )
            guard let stored = try Self.signingKey(db) else { throw StoreError.corrupted("the ledger key was not stored") }
            return stored
        }
    }

    public func storedLedgerSigningKey() async throws -> LedgerKeyRecord? {
        try await read { db in try Self.signingKey(db) }
    }

    private static func signingKey(_ db: Database) throws -> LedgerKeyRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT name, seed, created_at FROM ledger_key WHERE id = 1") else { return nil }
        let seed: Data = row[1]
        return LedgerKeyRecord(name: row[0], seed: [UInt8](seed), createdAt: row[2])
    }

    public func addCheckpoint(_ checkpoint: StoredCheckpoint) async throws -> Bool {
        try await write { db in
            let size = try Int64.fetchOne(db, sql: "SELECT size FROM ledger_head WHERE id = 1") ?? 0
            guard checkpoint.size <= UInt64(size) else {
                throw StoreError.invalidRecord("checkpoint size \(checkpoint.size) is beyond the log (\(size) entries)")
            }
            try db.execute(
                sql: "INSERT INTO checkpoints (size, root, note, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (size) DO NOTHING",
                arguments: [Int64(checkpoint.size), checkpoint.rootHash, checkpoint.note, checkpoint.createdAt]
            )
            return db.changesCount > 0
        }
    }

    public func latestCheckpoint() async throws -> StoredCheckpoint? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM checkpoints ORDER BY size DESC LIMIT 1").map(Self.checkpoint)
        }
    }

    public func checkpoint(size: UInt64) async throws -> StoredCheckpoint? {
        guard size <= UInt64(Int64.max) else { return nil }
        return try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM checkpoints WHERE size = ?", arguments: [Int64(size)]).map(Self.checkpoint)
        }
    }

    public func checkpoints(fromSize: UInt64, limit: Int) async throws -> [StoredCheckpoint] {
        guard fromSize <= UInt64(Int64.max), limit > 0 else { return [] }
        return try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM checkpoints WHERE size >= ? ORDER BY size LIMIT ?", arguments: [Int64(fromSize), limit]
            ).map(Self.checkpoint)
        }
    }

    private static func checkpoint(_ row: Row) throws -> StoredCheckpoint {
        let size: Int64 = row["size"]
        guard size >= 0 else { throw StoreError.corrupted("checkpoint row has a negative size") }
        return StoredCheckpoint(size: UInt64(size), rootHash: row["root"], note: row["note"], createdAt: row["created_at"])
    }

    public func addCosignature(_ cosignature: StoredCosignature) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO cosignatures (size, witness, key_id, line, received_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (size, witness, key_id) DO UPDATE SET line = excluded.line, received_at = excluded.received_at
                    """,
                arguments: [
                    Int64(clamping: cosignature.size), cosignature.witness, cosignature.keyID, cosignature.line, cosignature.receivedAt,
                ]
            )
        }
    }

    public func cosignatures(size: UInt64) async throws -> [StoredCosignature] {
        guard size <= UInt64(Int64.max) else { return [] }
        return try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM cosignatures WHERE size = ? ORDER BY witness, key_id", arguments: [Int64(size)]
            ).map { row in
                StoredCosignature(
                    size: size, witness: row["witness"], keyID: row["key_id"], line: row["line"], receivedAt: row["received_at"]
                )
            }
        }
    }

    public func witnessedCheckpoint(origin: String) async throws -> WitnessedCheckpoint? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM witnessed WHERE origin = ?", arguments: [origin]).map { row in
                let size: Int64 = row["size"]
                return WitnessedCheckpoint(origin: origin, size: UInt64(max(0, size)), rootHash: row["root"], updatedAt: row["updated_at"])
            }
        }
    }

    public func updateWitnessedCheckpoint(_ checkpoint: WitnessedCheckpoint, expectedSize: UInt64?) async throws -> Bool {
        try await write { db in
            let current = try Int64.fetchOne(db, sql: "SELECT size FROM witnessed WHERE origin = ?", arguments: [checkpoint.origin])
            guard current.map({ UInt64(max(0, $0)) }) == expectedSize else { return false }
            try db.execute(
                sql: """
                    INSERT INTO witnessed (origin, size, root, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (origin) DO UPDATE SET size = excluded.size, root = excluded.root, updated_at = excluded.updated_at
                    """,
                arguments: [checkpoint.origin, Int64(clamping: checkpoint.size), checkpoint.rootHash, checkpoint.updatedAt]
            )
            return true
        }
    }

    // MARK: - TransferHistoryStore

    public func transfer(id: String, auditIndexBelow bound: UInt64) async throws -> TraceTransfer? {
        let limit = Int64(clamping: bound)
        return try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT id, originator_account, beneficiary_account, amount_minor, currency, occurred_at_ms, audit_index
                    FROM transactions WHERE id = ? AND decision <> 'block' AND audit_index < ?
                    """,
                arguments: [id, limit]
            ).map(Self.transfer)
        }
    }

    public func transfers(account: String, fromMillis: Int64, toMillis: Int64, limit: Int, auditIndexBelow bound: UInt64) async throws -> [TraceTransfer] {
        let below = Int64(clamping: bound)
        return try await read { db in
            // Two index range scans (by originator account, by beneficiary account), merged; UNION drops
            // the second copy of a transfer from an account to itself.
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, originator_account, beneficiary_account, amount_minor, currency, occurred_at_ms, audit_index
                    FROM transactions WHERE originator_account = ?1 AND occurred_at_ms BETWEEN ?2 AND ?3
                        AND decision <> 'block' AND audit_index < ?4
                    UNION
                    SELECT id, originator_account, beneficiary_account, amount_minor, currency, occurred_at_ms, audit_index
                    FROM transactions WHERE beneficiary_account = ?1 AND occurred_at_ms BETWEEN ?2 AND ?3
                        AND decision <> 'block' AND audit_index < ?4
                    ORDER BY occurred_at_ms, audit_index LIMIT ?5
                    """,
                arguments: [account, fromMillis, toMillis, below, max(0, limit)]
            ).map(Self.transfer)
        }
    }

    private static func transfer(_ row: Row) -> TraceTransfer {
        TraceTransfer(
            id: row[0], from: row[1], to: row[2], amountMinor: row[3], currency: row[4], timeMillis: row[5], sequence: row[6]
        )
    }
}

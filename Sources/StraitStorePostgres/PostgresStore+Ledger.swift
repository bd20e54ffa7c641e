// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
public import Ledger
import Logging
import PostgresNIO
import StraitCore
public import StraitStore

/// A named schema migration: statements, then an optional conversion of existing data, in one transaction.
struct PostgresMigration: Sendable {
    var name: String
    var statements: [PostgresQuery]
    var convert: (@Sendable (PostgresConnection, Logger) async throws -> Void)?

    init(name: String, statements: [PostgresQuery], convert: (@Sendable (PostgresConnection, Logger) async throws -> Void)? = nil) {
        self.name = name
        self.statements = statements
        self.convert = convert
    }
}

extension PostgresStore {
    /// v2: existing payments get a salt and a commitment; the tree is built over every entry.
    @Sendable static func convertToMerkleLog(_ connection: PostgresConnection, logger: Logger) async throws {
        var payments: [(String, String, Int64)] = []
        for try await row in try await connection.query("SELECT id, body, audit_index FROM transactions", logger: logger)
            .decode((String, String, Int64).self)
        {
            payments.append(row)
        }
        for (id, body, index) in payments {
            let salt = Commitment.newSalt()
            let commitment = Commitment.commit(body, salt: salt)
            var payload = ""
            for try await value in try await connection.query("SELECT payload FROM audit_events WHERE idx = \(index)", logger: logger)
                .decode(String.self)
            {
                payload = value
            }
            guard let newPayload = AuditEventContent.recommittedV1Payload(payload, commitment: commitment) else {
                throw StoreError.migrationFailed("audit entry \(index) has an unexpected payload")
            }
            try await connection.query("UPDATE transactions SET salt = \(ByteBuffer(bytes: salt)) WHERE id = \(id)", logger: logger)
            try await connection.query("UPDATE audit_events SET payload = \(newPayload) WHERE idx = \(index)", logger: logger)
        }
        var appender = TileAppender()
        var leaves: [MerkleTree.Hash] = []
        let rows = try await connection.query("SELECT idx, ts, type, actor, subject, payload FROM audit_events ORDER BY idx", logger: logger)
        for try await row in rows.decode((Int64, String, String, String, String, String).self) {
            let event = try AuditEvent(columns: row.0, timestamp: row.1, type: row.2, actor: row.3, subject: row.4, payload: row.5)
            guard event.index == UInt64(leaves.count) else {
                throw StoreError.migrationFailed("audit entry \(event.index) is out of sequence; the log must be repaired first")
            }
            leaves.append(event.leafHash)
        }
        for (index, hash) in leaves.enumerated() {
            try await connection.query("UPDATE audit_events SET leaf_hash = \(ByteBuffer(bytes: hash)) WHERE idx = \(Int64(index))", logger: logger)
        }
        for tile in appender.append(leafHashes: leaves) where tile.isStored {
            try await connection.query(
                """
                INSERT INTO ledger_tiles (level, idx, width, hashes)
                VALUES (\(Int32(tile.id.level)), \(Int64(tile.id.index)), \(Int32(tile.width)), \(ByteBuffer(bytes: tile.bytes)))
                """,
                logger: logger
            )
        }
        let size = Int64(appender.size)
        try await connection.query("UPDATE audit_head SET size = \(size), root = \(Hex.encode(appender.root))", logger: logger)
    }

    public func appendEvents(_ contents: [AuditEventContent]) async throws -> Range<UInt64> {
        guard case .eventsAppended(let range) = try await submit(.appendEvents(contents.map(PreparedLeaf.init))) else {
            throw StoreError.corrupted("unexpected write output")
        }
        return range
    }

    public func lastConfigurationChange() async throws -> AuditEvent? {
        try await withDeadline {
            let rows = try await self.client.query(
                """
                SELECT idx, ts, type, actor, subject, payload FROM audit_events
                WHERE type = 'config.changed' ORDER BY idx DESC LIMIT 1
                """,
                logger: self.logger
            )
            for try await row in rows.decode((Int64, String, String, String, String, String).self) {
                return try AuditEvent(columns: row.0, timestamp: row.1, type: row.2, actor: row.3, subject: row.4, payload: row.5)
            }
            return nil
        }
    }

    public func tiles(_ ids: Set<TileID>) async throws -> [TileID: Tile] {
        try await withDeadline { try await Self.readTiles(ids, runner: self.client, logger: self.logger) }
    }

    // MARK: - CheckpointStore

    public func storedLedgerSigningKey() async throws -> LedgerKeyRecord? {
        try await withDeadline {
            let rows = try await self.client.query("SELECT name, seed, created_at FROM ledger_key", logger: self.logger)
            for try await (name, seed, createdAt) in rows.decode((String, ByteBuffer, String).self) {
                return LedgerKeyRecord(name: name, seed: Array(seed.readableBytesView), createdAt: createdAt)
            }
            return nil
        }
    }

    public func ledgerSigningKey(orCreate make: @Sendable () throws -> LedgerKeyRecord) async throws -> LedgerKeyRecord {
        if let existing = try await storedLedgerSigningKey() { return existing }
        let candidate = try make()
        // Several instances may start together: the first insert wins, the others read it.
        try await withDeadline {
            try await self.client.query(
                """
                INSERT INTO ledger_key (singleton, name, seed, created_at)
                VALUES (TRUE, \(candidate.name), \(ByteBuffer(bytes: candidate.seed)), \(candidate.createdAt))
                ON CONFLICT (singleton) DO NOTHING
                """,
                logger: self.logger
            )
        }
        guard let stored = try await storedLedgerSigningKey() else { throw StoreError.corrupted("the ledger key was not stored") }
        return stored
    }

    public func addCheckpoint(_ checkpoint: StoredCheckpoint) async throws -> Bool {
        let size = Int64(clamping: checkpoint.size)
        return try await withDeadline {
            var inserted = false
            let rows = try await self.client.query(
                """
                INSERT INTO checkpoints (size, root, note, created_at)
                SELECT \(size), \(checkpoint.rootHash), \(checkpoint.note), \(checkpoint.createdAt)
                FROM audit_head WHERE audit_head.size >= \(size)
                ON CONFLICT (size) DO NOTHING
                RETURNING size
                """,
                logger: self.logger
            )
            for try await _ in rows.decode(Int64.self) { inserted = true }
            if inserted { return true }
            let head = try await Self.readHead(self.client, logger: self.logger, lock: false)
            guard checkpoint.size <= head.size else {
                throw StoreError.invalidRecord("checkpoint size \(checkpoint.size) is beyond the log (\(head.size) entries)")
            }
            return false
        }
    }

    public func latestCheckpoint() async throws -> StoredCheckpoint? {
        try await fetchCheckpoints("SELECT size, root, note, created_at FROM checkpoints ORDER BY size DESC LIMIT 1").first
    }

    public func checkpoint(size: UInt64) async throws -> StoredCheckpoint? {
        guard size <= UInt64(Int64.max) else { return nil }
        return try await fetchCheckpoints("SELECT size, root, note, created_at FROM checkpoints WHERE size = \(Int64(size))").first
    }

    public func checkpoints(fromSize: UInt64, limit: Int) async throws -> [StoredCheckpoint] {
        guard fromSize <= UInt64(Int64.max), limit > 0 else { return [] }
        return try await fetchCheckpoints(
            "SELECT size, root, note, created_at FROM checkpoints WHERE size >= \(Int64(fromSize)) ORDER BY size LIMIT \(limit)"
        )
    }

    private func fetchCheckpoints(_ query: PostgresQuery) async throws -> [StoredCheckpoint] {
        try await withDeadline {
            var out: [StoredCheckpoint] = []
            for try await (size, root, note, createdAt) in try await self.client.query(query, logger: self.logger)
                .decode((Int64, String, String, String).self)
            {
                out.append(StoredCheckpoint(size: UInt64(max(0, size)), rootHash: root, note: note, createdAt: createdAt))
            }
            return out
        }
    }

    public func addCosignature(_ cosignature: StoredCosignature) async throws {
        let size = Int64(clamping: cosignature.size)
        try await withDeadline {
            try await self.client.query(
                """
                INSERT INTO cosignatures (size, witness, key_id, line, received_at)
                VALUES (\(size), \(cosignature.witness), \(cosignature.keyID), \(cosignature.line), \(cosignature.receivedAt))
                ON CONFLICT (size, witness, key_id) DO UPDATE SET line = excluded.line, received_at = excluded.received_at
                """,
                logger: self.logger
            )
        }
    }

    public func cosignatures(size: UInt64) async throws -> [StoredCosignature] {
        guard size <= UInt64(Int64.max) else { return [] }
        return try await withDeadline {
            var out: [StoredCosignature] = []
            let rows = try await self.client.query(
                "SELECT witness, key_id, line, received_at FROM cosignatures WHERE size = \(Int64(size)) ORDER BY witness, key_id",
                logger: self.logger
            )
            for try await (witness, keyID, line, receivedAt) in rows.decode((String, String, String, String).self) {
                out.append(StoredCosignature(size: size, witness: witness, keyID: keyID, line: line, receivedAt: receivedAt))
            }
            return out
        }
    }

    public func witnessedCheckpoint(origin: String) async throws -> WitnessedCheckpoint? {
        try await withDeadline {
            let rows = try await self.client.query(
                "SELECT size, root, updated_at FROM witnessed WHERE origin = \(origin)", logger: self.logger
            )
            for try await (size, root, updatedAt) in rows.decode((Int64, String, String).self) {
                return WitnessedCheckpoint(origin: origin, size: UInt64(max(0, size)), rootHash: root, updatedAt: updatedAt)
            }
            return nil
        }
    }

    public func updateWitnessedCheckpoint(_ checkpoint: WitnessedCheckpoint, expectedSize: UInt64?) async throws -> Bool {
        let size = Int64(clamping: checkpoint.size)
        return try await withDeadline {
            let rows: PostgresRowSequence
            if let expected = expectedSize.map({ Int64(clamping: $0) }) {
                rows = try await self.client.query(
                    """
                    UPDATE witnessed SET size = \(size), root = \(checkpoint.rootHash), updated_at = \(checkpoint.updatedAt)
                    WHERE origin = \(checkpoint.origin) AND size = \(expected) RETURNING size
                    """,
                    logger: self.logger
                )
            } else {
                rows = try await self.client.query(
                    """
                    INSERT INTO witnessed (origin, size, root, updated_at)
                    VALUES (\(checkpoint.origin), \(size), \(checkpoint.rootHash), \(checkpoint.updatedAt))
                    ON CONFLICT (origin) DO NOTHING RETURNING size
                    """,
                    logger: self.logger
                )
            }
            var updated = false
            for try await _ in rows.decode(Int64.self) { updated = true }
            return updated
        }
    }

    // MARK: - TransferHistoryStore

    public func transfer(id: String, auditIndexBelow bound: UInt64) async throws -> TraceTransfer? {
        let below = Int64(clamping: bound)
        return try await fetchTransfers(
            """
            SELECT id, originator_account, beneficiary_account, amount_minor, currency, occurred_at_ms, audit_index
            FROM transactions WHERE id = \(id) AND decision <> 'block' AND audit_index < \(below)
            """
        ).first
    }

    public func transfers(account: String, fromMillis: Int64, toMillis: Int64, limit: Int, auditIndexBelow bound: UInt64) async throws -> [TraceTransfer] {
        let below = Int64(clamping: bound)
        let count = max(0, limit)
        return try await fetchTransfers(
            """
            SELECT id, originator_account, beneficiary_account, amount_minor, currency, occurred_at_ms, audit_index
            FROM transactions WHERE originator_account = \(account) AND occurred_at_ms BETWEEN \(fromMillis) AND \(toMillis)
                AND decision <> 'block' AND audit_index < \(below)
            UNION
            SELECT id, originator_account, beneficiary_account, amount_minor, currency, occurred_at_ms, audit_index
            FROM transactions WHERE beneficiary_account = \(account) AND occurred_at_ms BETWEEN \(fromMillis) AND \(toMillis)
                AND decision <> 'block' AND audit_index < \(below)
            ORDER BY occurred_at_ms, audit_index LIMIT \(count)
            """
        )
    }

    private func fetchTransfers(_ query: PostgresQuery) async throws -> [TraceTransfer] {
        try await withDeadline {
            var out: [TraceTransfer] = []
            let rows = try await self.client.query(query, logger: self.logger)
            for try await (id, from, to, amount, currency, time, index) in rows.decode((String, String, String, Int64, String, Int64, Int64).self) {
                out.append(TraceTransfer(id: id, from: from, to: to, amountMinor: amount, currency: currency, timeMillis: time, sequence: index))
            }
            return out
        }
    }
}

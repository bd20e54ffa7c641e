// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
public import Ledger
import Logging
import PostgresNIO
import StraitCore
public import StraitStore
public import Vault

extension PostgresStore {
    private static let entryColumns = "token, kind, category, scheme, subject, record_id, path, ciphertext, blind_index, created_at"
    private typealias EntryRow = (String, String, String, String?, String?, String?, String?, ByteBuffer, String, String)

    public func vaultKeys() async throws -> [WrappedKey] {
        try await withDeadline {
            var keys: [WrappedKey] = []
            let rows = try await self.client.query(
                "SELECT id, purpose, master_key_id, sealed, created_at, active FROM vault_keys ORDER BY created_at, id", logger: self.logger
            )
            for try await (id, purpose, master, sealed, created, active) in rows.decode((String, String, String, ByteBuffer, String, Bool).self) {
                guard let purpose = KeyPurpose(rawValue: purpose) else { throw StoreError.corrupted("vault key has an unknown purpose") }
                keys.append(
                    WrappedKey(id: id, purpose: purpose, masterKeyID: master, sealed: Array(sealed.readableBytesView), createdAt: created, active: active)
                )
            }
            return keys
        }
    }

    public func addVaultKeys(_ keys: [WrappedKey]) async throws -> [WrappedKey] {
        try await withDeadline {
            for key in keys {
                // The partial unique index on active keys makes concurrent starters agree: the first insert wins.
                try await self.client.query(
                    """
                    INSERT INTO vault_keys (id, purpose, master_key_id, sealed, created_at, active)
                    SELECT \(key.id), \(key.purpose.rawValue), \(key.masterKeyID), \(ByteBuffer(bytes: key.sealed)), \(key.createdAt), \(key.active)
                    WHERE NOT EXISTS (SELECT 1 FROM vault_keys WHERE purpose = \(key.purpose.rawValue) AND active)
                    ON CONFLICT DO NOTHING
                    """,
                    logger: self.logger
                )
            }
        }
        return try await vaultKeys()
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
        try await withDeadline {
            var found: [String: VaultEntry] = [:]
            let rows = try await self.client.query(
                PostgresQuery(unsafeSQL: "SELECT \(Self.entryColumns) FROM vault_tokens WHERE token = ANY($1)", binds: Self.binds(tokens)),
                logger: self.logger
            )
            for try await row in rows.decode(EntryRow.self) {
                let entry = try Self.entry(row)
                found[entry.token] = entry
            }
            return found
        }
    }

    public func vaultRecord(id: String) async throws -> (VaultRecord, [VaultEntry])? {
        try await withDeadline {
            var record: VaultRecord?
            let rows = try await self.client.query(
                "SELECT id, subject, jurisdiction, created_at, template, mechanisms FROM vault_records WHERE id = \(id)", logger: self.logger
            )
            for try await (id, subject, jurisdiction, created, template, mechanisms) in rows.decode((String, String?, String, String, String, String).self) {
                record = VaultRecord(
                    id: id, subject: subject, jurisdiction: jurisdiction, createdAt: created, template: template,
                    mechanisms: mechanisms.split(separator: " ").map(String.init)
                )
            }
            guard let record else { return nil }
            var entries: [VaultEntry] = []
            let entryRows = try await self.client.query(
                PostgresQuery(unsafeSQL: "SELECT \(Self.entryColumns) FROM vault_tokens WHERE record_id = $1 ORDER BY path", binds: Self.binds(id)),
                logger: self.logger
            )
            for try await row in entryRows.decode(EntryRow.self) { entries.append(try Self.entry(row)) }
            return (record, entries)
        }
    }

    public func vaultEntries(blindIndex: String, limit: Int) async throws -> [VaultEntry] {
        try await withDeadline {
            var entries: [VaultEntry] = []
            let rows = try await self.client.query(
                PostgresQuery(
                    unsafeSQL: "SELECT \(Self.entryColumns) FROM vault_tokens WHERE blind_index = $1 ORDER BY created_at, token LIMIT \(max(0, limit))",
                    binds: Self.binds(blindIndex)
                ),
                logger: self.logger
            )
            for try await row in rows.decode(EntryRow.self) { entries.append(try Self.entry(row)) }
            return entries
        }
    }

    public func recordTransfer(_ transfer: TransferRecord) async throws -> TransferRecord {
        guard case .transferRecorded(let stored) = try await submit(.recordTransfer(transfer)) else {
            throw StoreError.corrupted("unexpected write output")
        }
        return stored
    }

    public func transferRegister(_ query: TransferRegisterQuery) async throws -> [TransferRecord] {
        var filter = PostgresFilter()
        if let since = query.since { filter.add("at >= ?", since) }
        if let region = query.toRegion { filter.add("to_region = ?", region) }
        if let outcome = query.outcome { filter.add("outcome = ?", outcome) }
        if let record = query.recordID { filter.add("record_id = ?", record) }
        if let after = query.after { filter.add("seq > COALESCE((SELECT seq FROM transfer_register WHERE id = ?), 0)", after) }
        let sql = "SELECT detail, audit_index FROM transfer_register \(filter.clause) ORDER BY seq LIMIT \(max(0, query.limit))"
        let bound = filter.binds
        return try await withDeadline {
            var records: [TransferRecord] = []
            let rows = try await self.client.query(PostgresQuery(unsafeSQL: sql, binds: bound), logger: self.logger)
            for try await (detail, index) in rows.decode((String, Int64).self) {
                records.append(try TransferRecord.decode(detail: detail, auditIndex: index))
            }
            return records
        }
    }

    // MARK: - In the group commit

    static func storeVault(entries: [VaultEntry], record: VaultRecord?, connection: PostgresConnection, logger: Logger) async throws
        -> [VaultInsertOutcome]
    {
        if let record {
            try await connection.query(
                """
                INSERT INTO vault_records (id, subject, jurisdiction, created_at, template, mechanisms)
                VALUES (\(record.id), \(record.subject), \(record.jurisdiction), \(record.createdAt), \(record.template),
                    \(record.mechanisms.joined(separator: " ")))
                """,
                logger: logger
            )
        }
        var existing: [String: (String, String)] = [:]
        let deterministic = entries.filter { $0.kind != .random }.map(\.token)
        if !deterministic.isEmpty {
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT token, category, blind_index FROM vault_tokens WHERE token = ANY($1)", binds: binds(deterministic)),
                logger: logger
            )
            for try await (token, category, index) in rows.decode((String, String, String).self) { existing[token] = (category, index) }
        }
        var cardIndexes: Set<String> = []
        let candidates = entries.compactMap(\.tokenAsCardIndex)
        if !candidates.isEmpty {
            let rows = try await connection.query(
                PostgresQuery(
                    unsafeSQL: "SELECT blind_index FROM vault_tokens WHERE blind_index = ANY($1) AND category = 'card'", binds: binds(candidates)
                ),
                logger: logger
            )
            for try await index in rows.decode(String.self) { cardIndexes.insert(index) }
        }
        var outcomes: [VaultInsertOutcome] = []
        var fresh: [VaultEntry] = []
        var taken: Set<String> = []
        for entry in entries {
            if let (category, index) = existing[entry.token] {
                if category == entry.category, index == entry.blindIndex { outcomes.append(.existing) } else { taken.insert(entry.token) }
            } else if let index = entry.tokenAsCardIndex, cardIndexes.contains(index) {
                taken.insert(entry.token)
            } else {
                outcomes.append(.inserted)
                fresh.append(entry)
            }
        }
        // Thrown inside the transaction: the record row is rolled back with it.
        if !taken.isEmpty { throw VaultTokenConflict(tokens: taken) }
        if !fresh.isEmpty {
            try await connection.query(
                """
                INSERT INTO vault_tokens (token, kind, category, scheme, subject, record_id, path, ciphertext, blind_index, created_at)
                SELECT t, k, c, NULLIF(s, ''), NULLIF(su, ''), NULLIF(r, ''), NULLIF(p, ''), x, b, a
                FROM unnest(\(fresh.map(\.token))::text[], \(fresh.map(\.kind.rawValue))::text[], \(fresh.map(\.category))::text[],
                    \(fresh.map { $0.scheme ?? "" })::text[], \(fresh.map { $0.subject ?? "" })::text[], \(fresh.map { $0.recordID ?? "" })::text[],
                    \(fresh.map { $0.path ?? "" })::text[], \(fresh.map { ByteBuffer(bytes: $0.ciphertext) })::bytea[], \(fresh.map(\.blindIndex))::text[],
                    \(fresh.map(\.createdAt))::text[]) AS v (t, k, c, s, su, r, p, x, b, a)
                """,
                logger: logger
            )
        }
        return outcomes
    }

    static func replaceVaultKeys(_ keys: [WrappedKey], connection: PostgresConnection, logger: Logger) async throws {
        for key in keys.sorted(by: { !$0.active && $1.active }) {
            try await connection.query(
                """
                INSERT INTO vault_keys (id, purpose, master_key_id, sealed, created_at, active)
                VALUES (\(key.id), \(key.purpose.rawValue), \(key.masterKeyID), \(ByteBuffer(bytes: key.sealed)), \(key.createdAt), \(key.active))
                ON CONFLICT (id) DO UPDATE SET master_key_id = excluded.master_key_id, sealed = excluded.sealed, active = excluded.active
                """,
                logger: logger
            )
        }
    }

    private static func binds(_ value: some PostgresNonThrowingEncodable & Sendable) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(value)
        return binds
    }

    private static func entry(_ row: EntryRow) throws -> VaultEntry {
        guard let kind = TokenKind(rawValue: row.1) else { throw StoreError.corrupted("vault token has an unknown kind") }
        return VaultEntry(
            token: row.0, kind: kind, category: row.2, scheme: row.3, subject: row.4, recordID: row.5, path: row.6,
            ciphertext: Array(row.7.readableBytesView), blindIndex: row.8, createdAt: row.9
        )
    }
}

/// The `WHERE` clause of a filtered read and its bound values: each condition is written with `?`
/// for its value, which becomes the next `$n`.
struct PostgresFilter {
    private(set) var conditions: [String] = []
    private(set) var binds = PostgresBindings()

    mutating func add(_ sql: String, _ value: String) {
        binds.append(value)
        conditions.append(sql.replacingOccurrences(of: "?", with: "$\(binds.count)"))
    }

    /// `column IN ($n, …)` over `values` (nothing when empty).
    mutating func any(_ column: String, _ values: [String]) {
        guard !values.isEmpty else { return }
        var placeholders: [String] = []
        for value in values {
            binds.append(value)
            placeholders.append("$\(binds.count)")
        }
        conditions.append("\(column) IN (\(placeholders.joined(separator: ", ")))")
    }

    /// A condition without a value.
    mutating func add(_ sql: String) { conditions.append(sql) }

    var clause: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }
}

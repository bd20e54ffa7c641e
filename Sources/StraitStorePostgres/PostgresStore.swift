// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
public import Ledger
public import Logging
import NIOSSL
import PostgresNIO
import Synchronization
public import ServiceLifecycle
public import StraitCore
public import StraitStore

/// The PostgreSQL store: several stateless Strait instances of one region over one database.
///
/// Everything that must be shared lives in the database. The audit log is sequenced there: each
/// write transaction locks the single row of `audit_head` (`SELECT … FOR UPDATE`), appends after it
/// and moves it, so the chain stays one gap-free sequence whichever instance writes. Concurrent
/// writes of one instance share a transaction (group commit), so the lock and the commit's fsync are
/// paid once per batch. Idempotency holds across instances: the existence check runs under the
/// lock, and `transactions.id` is unique.
///
/// Durability promise: a write is acknowledged after PostgreSQL committed it; with the server's
/// default `synchronous_commit = on` it survives a crash of Strait, of PostgreSQL and of the machine.
///
/// The store is a `Service`: run it in the node's `ServiceGroup` (it runs the connection pool) and
/// call ``migrate()`` before serving.
public final class PostgresStore: StraitStore, Service {
    let client: PostgresClient
    let configuration: PostgresStoreConfiguration
    let logger: Logger
    private let committer: AsyncGroupCommitter<WriteOperation, WriteOutput>
    /// The tree's edge after this instance's last batch (see ``TreeEdgeCache``).
    private let edgeCache = TreeEdgeCache()

    typealias WriteOperation = StoreWriteOperation
    typealias WriteOutput = StoreWriteOutput

    /// Creates the store; nothing connects until ``run()`` runs.
    ///
    /// - Throws: ``StoreError`` if the TLS configuration cannot be built.
    public init(configuration: PostgresStoreConfiguration, logger: Logger) throws {
        let tls: PostgresClient.Configuration.TLS
        switch configuration.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var clientConfiguration = PostgresClient.Configuration(
            host: configuration.host,
            port: configuration.port,
            username: configuration.username,
            password: configuration.password,
            database: configuration.database,
            tls: tls
        )
        clientConfiguration.options.maximumConnections = configuration.poolSize
        clientConfiguration.options.minimumConnections = 0
        clientConfiguration.options.connectTimeout = configuration.operationTimeout
        if let schema = configuration.schema {
            clientConfiguration.options.additionalStartupParameters = [("search_path", schema)]
        }
        self.client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        self.configuration = configuration
        self.logger = logger
        let client = self.client
        let timeout = configuration.operationTimeout
        let edge = self.edgeCache
        self.committer = AsyncGroupCommitter(maxBatch: 256) { operations in
            await Self.apply(operations, client: client, timeout: timeout, edge: edge, logger: logger)
        }
    }

    /// Runs the connection pool until the task is cancelled or the service group shuts down.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.client.run()
        }
    }

    // MARK: - Migrations

    /// The schema, as an append-only list of named migrations. Never edit one that has shipped.
    static let migrations: [PostgresMigration] = [
        PostgresMigration(
            name: "v1-foundation",
            statements: [
                """
                CREATE TABLE audit_events (
                    idx BIGINT PRIMARY KEY CHECK (idx >= 0),
                    ts TEXT NOT NULL,
                    type TEXT NOT NULL CHECK (type IN ('transaction.decided', 'key.issued', 'key.revoked')),
                    actor TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
                    hash TEXT NOT NULL CHECK (length(hash) = 64)
                )
                """,
                """
                CREATE TABLE audit_head (
                    singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
                    size BIGINT NOT NULL CHECK (size >= 0),
                    head_hash TEXT NOT NULL CHECK (length(head_hash) = 64)
                )
                """,
                "INSERT INTO audit_head (singleton, size, head_hash) VALUES (TRUE, 0, repeat('0', 64))",
                """
                CREATE TABLE transactions (
                    seq BIGSERIAL PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 128),
                    digest TEXT NOT NULL CHECK (length(digest) = 64),
                    body TEXT NOT NULL,
                    decision TEXT NOT NULL CHECK (decision IN ('allow', 'review', 'block')),
                    reasons TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    audit_index BIGINT NOT NULL UNIQUE REFERENCES audit_events(idx),
                    occurred_at_ms BIGINT NOT NULL,
                    originator_party TEXT NOT NULL,
                    beneficiary_party TEXT NOT NULL,
                    originator_country TEXT NOT NULL CHECK (length(originator_country) = 2),
                    beneficiary_country TEXT NOT NULL CHECK (length(beneficiary_country) = 2),
                    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
                    currency TEXT NOT NULL CHECK (length(currency) = 3)
                )
                """,
                """
                CREATE TABLE api_keys (
                    id TEXT PRIMARY KEY,
                    role TEXT NOT NULL CHECK (role IN ('service', 'analyst', 'auditor', 'admin')),
                    label TEXT NOT NULL,
                    secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    revoked_at TEXT
                )
                """,
            ]
        ),
        PostgresMigration(
            name: "v2-merkle-log",
            statements: [
                "ALTER TABLE audit_events DROP COLUMN prev_hash, DROP COLUMN hash",
                "ALTER TABLE audit_events ADD COLUMN leaf_hash BYTEA CHECK (leaf_hash IS NULL OR length(leaf_hash) = 32)",
                "ALTER TABLE audit_events DROP CONSTRAINT IF EXISTS audit_events_type_check",
                "CREATE INDEX audit_events_config ON audit_events (idx) WHERE type = 'config.changed'",
                "ALTER TABLE audit_head RENAME COLUMN head_hash TO root",
                """
                ALTER TABLE transactions
                    ADD COLUMN salt BYTEA CHECK (salt IS NULL OR length(salt) = 32),
                    ADD COLUMN originator_account TEXT NOT NULL DEFAULT '',
                    ADD COLUMN beneficiary_account TEXT NOT NULL DEFAULT ''
                """,
                """
                UPDATE transactions SET originator_account = body::jsonb #>> '{originator,account}',
                    beneficiary_account = body::jsonb #>> '{beneficiary,account}'
                """,
                "CREATE INDEX transactions_originator_account ON transactions (originator_account, occurred_at_ms)",
                "CREATE INDEX transactions_beneficiary_account ON transactions (beneficiary_account, occurred_at_ms)",
                """
                CREATE TABLE ledger_tiles (
                    level INTEGER NOT NULL CHECK (level >= 0),
                    idx BIGINT NOT NULL CHECK (idx >= 0),
                    width INTEGER NOT NULL CHECK (width BETWEEN 1 AND 256),
                    hashes BYTEA NOT NULL,
                    PRIMARY KEY (level, idx)
                )
                """,
                """
                CREATE TABLE ledger_key (
                    singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
                    name TEXT NOT NULL,
                    seed BYTEA NOT NULL CHECK (length(seed) = 32),
                    created_at TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE checkpoints (
                    size BIGINT PRIMARY KEY CHECK (size >= 0),
                    root TEXT NOT NULL CHECK (length(root) = 64),
                    note TEXT NOT NULL,
                    created_at TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE cosignatures (
                    size BIGINT NOT NULL CHECK (size >= 0),
                    witness TEXT NOT NULL,
                    key_id TEXT NOT NULL,
                    line TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    PRIMARY KEY (size, witness, key_id)
                )
                """,
                """
                CREATE TABLE witnessed (
                    origin TEXT PRIMARY KEY,
                    size BIGINT NOT NULL CHECK (size >= 0),
                    root TEXT NOT NULL CHECK (length(root) = 64),
                    updated_at TEXT NOT NULL
                )
                """,
            ],
            convert: PostgresStore.convertToMerkleLog
        ),
        PostgresMigration(
            name: "v3-residency",
            statements: [
                """
                CREATE TABLE vault_keys (
                    id TEXT PRIMARY KEY,
                    purpose TEXT NOT NULL CHECK (purpose IN ('data', 'index')),
                    master_key_id TEXT NOT NULL,
                    sealed BYTEA NOT NULL CHECK (length(sealed) = 60),
                    created_at TEXT NOT NULL,
                    active BOOLEAN NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX vault_keys_active ON vault_keys (purpose) WHERE active",
                """
                CREATE TABLE vault_records (
                    id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
                    subject TEXT,
                    jurisdiction TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    template TEXT NOT NULL,
                    mechanisms TEXT NOT NULL DEFAULT ''
                )
                """,
                """
                CREATE TABLE vault_tokens (
                    token TEXT PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('random', 'deterministic', 'card')),
                    category TEXT NOT NULL,
                    scheme TEXT,
                    subject TEXT,
                    record_id TEXT REFERENCES vault_records (id),
                    path TEXT,
                    ciphertext BYTEA NOT NULL CHECK (length(ciphertext) >= 30),
                    blind_index TEXT NOT NULL CHECK (length(blind_index) = 32),
                    created_at TEXT NOT NULL
                )
                """,
                "CREATE INDEX vault_tokens_blind_index ON vault_tokens (blind_index)",
                "CREATE INDEX vault_tokens_record ON vault_tokens (record_id) WHERE record_id IS NOT NULL",
                """
                CREATE TABLE transfer_register (
                    seq BIGSERIAL PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    at TEXT NOT NULL,
                    to_region TEXT NOT NULL,
                    record_id TEXT,
                    outcome TEXT NOT NULL CHECK (outcome IN ('allow', 'allow_tokenised_only', 'deny')),
                    audit_index BIGINT NOT NULL UNIQUE REFERENCES audit_events (idx),
                    detail TEXT NOT NULL
                )
                """,
                "CREATE INDEX transfer_register_at ON transfer_register (at)",
            ]
        ),
        PostgresMigration(
            name: "v4-monitor-cases",
            statements: [
                """
                CREATE TABLE monitor_cases (
                    seq BIGSERIAL PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    party TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('open', 'investigating', 'escalated', 'reported', 'closed')),
                    assignee TEXT,
                    opened_at TEXT NOT NULL,
                    version INTEGER NOT NULL CHECK (version >= 1),
                    detail TEXT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX monitor_cases_active ON monitor_cases (party) WHERE state IN ('open', 'investigating', 'escalated')",
                "CREATE INDEX monitor_cases_state ON monitor_cases (state, seq)",
                """
                CREATE TABLE monitor_alerts (
                    seq BIGSERIAL PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    case_id TEXT NOT NULL REFERENCES monitor_cases (id),
                    source TEXT NOT NULL CHECK (source IN ('transaction', 'login', 'screening')),
                    source_id TEXT NOT NULL,
                    party TEXT NOT NULL,
                    outcome TEXT NOT NULL CHECK (outcome IN ('review', 'block')),
                    typologies TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    audit_index BIGINT NOT NULL UNIQUE REFERENCES audit_events (idx),
                    detail TEXT NOT NULL,
                    UNIQUE (source, source_id)
                )
                """,
                "CREATE INDEX monitor_alerts_case ON monitor_alerts (case_id, seq)",
                "CREATE INDEX monitor_alerts_party ON monitor_alerts (party, seq)",
                """
                CREATE TABLE monitor_case_events (
                    seq BIGSERIAL PRIMARY KEY,
                    case_id TEXT NOT NULL REFERENCES monitor_cases (id),
                    audit_index BIGINT NOT NULL REFERENCES audit_events (idx),
                    detail TEXT NOT NULL
                )
                """,
                "CREATE INDEX monitor_case_events_case ON monitor_case_events (case_id, seq)",
                """
                CREATE TABLE monitor_events (
                    seq BIGSERIAL PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('login', 'kyc')),
                    id TEXT NOT NULL CHECK (length(id) BETWEEN 1 AND 256),
                    time_ms BIGINT NOT NULL,
                    party TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    UNIQUE (kind, id)
                )
                """,
            ]
        ),
        PostgresMigration(
            name: "v5-screening-lists",
            statements: [
                """
                CREATE TABLE screening_lists (
                    seq BIGSERIAL PRIMARY KEY,
                    source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 128),
                    version TEXT NOT NULL,
                    digest TEXT NOT NULL CHECK (length(digest) = 64),
                    imported_at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    entity_count INTEGER NOT NULL CHECK (entity_count >= 0),
                    audit_index BIGINT NOT NULL UNIQUE REFERENCES audit_events (idx),
                    entities BYTEA NOT NULL,
                    UNIQUE (source, digest)
                )
                """,
            ]
        ),
        PostgresMigration(
            name: "v6-customers",
            statements: [
                """
                CREATE TABLE customers (
                    id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
                    status TEXT NOT NULL CHECK (status IN ('pending_review', 'edd_required', 'active', 'rejected')),
                    version INTEGER NOT NULL CHECK (version >= 1),
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    request_digest TEXT NOT NULL CHECK (length(request_digest) = 64),
                    detail TEXT NOT NULL,
                    audit_index BIGINT NOT NULL UNIQUE REFERENCES audit_events (idx)
                )
                """,
                "CREATE INDEX customers_status ON customers (status, id)",
                """
                CREATE TABLE customer_cards (
                    token TEXT PRIMARY KEY,
                    customer_id TEXT NOT NULL REFERENCES customers (id)
                )
                """,
                """
                CREATE TABLE screening_runs (
                    fingerprint TEXT PRIMARY KEY CHECK (length(fingerprint) = 64),
                    versions TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT NOT NULL,
                    customers INTEGER NOT NULL CHECK (customers >= 0),
                    new_hits INTEGER NOT NULL CHECK (new_hits >= 0),
                    actor TEXT NOT NULL,
                    audit_index BIGINT NOT NULL UNIQUE REFERENCES audit_events (idx)
                )
                """,
            ]
        ),
    ]

    /// Applies pending migrations and returns their names. Safe to call from several instances at
    /// once: they queue on an advisory lock, and each migration commits with its record.
    ///
    /// - Throws: ``StoreError/migrationFailed(_:file:line:)`` or ``StoreError/unavailable(_:file:line:)``.
    @discardableResult
    public func migrate() async throws -> [String] {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                // An arbitrary constant: Strait's migration lock.
                try await connection.query("SELECT pg_advisory_xact_lock(7237701)", logger: logger)
                if let schema = self.configuration.schema {
                    // Validated as letters, digits and '_' by the configuration; quoted anyway.
                    let quoted = "\"" + schema.replacingOccurrences(of: "\"", with: "") + "\""
                    try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(quoted)"), logger: logger)
                }
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS strait_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                    logger: logger
                )
                var applied: Set<String> = []
                for try await name in try await connection.query("SELECT name FROM strait_migrations", logger: logger).decode(String.self) {
                    applied.insert(name)
                }
                var done: [String] = []
                for migration in Self.migrations where !applied.contains(migration.name) {
                    for statement in migration.statements {
                        try await connection.query(statement, logger: logger)
                    }
                    try await migration.convert?(connection, logger)
                    try await connection.query("INSERT INTO strait_migrations (name) VALUES (\(migration.name))", logger: logger)
                    done.append(migration.name)
                }
                return done
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.isConnectionFailure(error)
                ? StoreError.unavailable("\(String(reflecting: error))") : StoreError.migrationFailed("\(String(reflecting: error))")
        }
    }

    // MARK: - StraitStore

    public func ping() async throws {
        try await withDeadline {
            try await self.client.query("SELECT size FROM audit_head", logger: self.logger)
        }
    }

    public func record(_ transaction: NewTransactionRecord) async throws -> RecordOutcome {
        guard case .record(let outcome) = try await committer.submit(.transaction(transaction)) else {
            throw StoreError.corrupted("unexpected write output")
        }
        return outcome
    }

    public func transaction(id: TransactionID) async throws -> StoredTransaction? {
        try await withDeadline {
            let rows = try await self.client.query(
                "SELECT id, body, digest, decision, reasons, received_at, audit_index, salt FROM transactions WHERE id = \(id.rawValue)",
                logger: self.logger
            )
            for try await row in rows.decode(TransactionRow.self) {
                return try Self.storedTransaction(row)
            }
            return nil
        }
    }

    public func transactionCount() async throws -> Int {
        try await scalar("SELECT COUNT(*) FROM transactions")
    }

    public func transactionCount(auditIndexBelow index: UInt64) async throws -> Int {
        let bound = Int64(clamping: index)
        return try await scalar("SELECT COUNT(*) FROM transactions WHERE audit_index < \(bound)")
    }

    public func transactionAuditIndexes(from index: UInt64, limit: Int) async throws -> [UInt64] {
        let bound = Int64(clamping: index)
        let count = max(0, limit)
        return try await withDeadline {
            var indexes: [UInt64] = []
            let rows = try await self.client.query(
                "SELECT audit_index FROM transactions WHERE audit_index >= \(bound) ORDER BY audit_index LIMIT \(count)",
                logger: self.logger
            )
            for try await value in rows.decode(Int64.self) { indexes.append(UInt64(max(0, value))) }
            return indexes
        }
    }

    func submit(_ operation: WriteOperation) async throws -> WriteOutput {
        try await committer.submit(operation)
    }

    public func insertKey(_ key: APIKeyRecord) async throws {
        _ = try await committer.submit(.insertKey(key))
    }

    public func key(secretHash: String) async throws -> APIKeyRecord? {
        try await withDeadline {
            let rows = try await self.client.query(
                "SELECT id, role, label, secret_hash, created_at, created_by, revoked_at FROM api_keys WHERE secret_hash = \(secretHash)",
                logger: self.logger
            )
            for try await row in rows.decode((String, String, String, String, String, String, String?).self) {
                return try Self.apiKey(row)
            }
            return nil
        }
    }

    public func keys() async throws -> [APIKeyRecord] {
        try await withDeadline {
            var keys: [APIKeyRecord] = []
            let rows = try await self.client.query(
                "SELECT id, role, label, secret_hash, created_at, created_by, revoked_at FROM api_keys ORDER BY created_at, id",
                logger: self.logger
            )
            for try await row in rows.decode((String, String, String, String, String, String, String?).self) {
                keys.append(try Self.apiKey(row))
            }
            return keys
        }
    }

    public func revokeKey(id: String, actor: String, at timestamp: String) async throws -> APIKeyRecord? {
        guard case .keyRevoked(let key) = try await committer.submit(.revokeKey(id: id, actor: actor, at: timestamp)) else {
            throw StoreError.corrupted("unexpected write output")
        }
        return key
    }

    public func auditEvents(from: UInt64, limit: Int) async throws -> [AuditEvent] {
        guard limit > 0, from <= UInt64(Int64.max) else { return [] }
        let start = Int64(from)
        return try await withDeadline {
            var events: [AuditEvent] = []
            let rows = try await self.client.query(
                """
                SELECT idx, ts, type, actor, subject, payload FROM audit_events
                WHERE idx >= \(start) ORDER BY idx LIMIT \(limit)
                """,
                logger: self.logger
            )
            for try await row in rows.decode((Int64, String, String, String, String, String).self) {
                events.append(
                    try AuditEvent(columns: row.0, timestamp: row.1, type: row.2, actor: row.3, subject: row.4, payload: row.5)
                )
            }
            return events
        }
    }

    public func auditHead() async throws -> AuditHead {
        try await withDeadline {
            try await Self.readHead(self.client, logger: self.logger, lock: false)
        }
    }

    // MARK: - Writing

    private static func apply(
        _ operations: [WriteOperation], client: PostgresClient, timeout: Duration, edge: TreeEdgeCache, logger: Logger
    ) async -> [Result<WriteOutput, any Error>] {
        // Fast path: the whole batch in one transaction. If it fails for a reason other than the
        // connection, retry each operation in its own transaction, so that one bad operation fails alone.
        do {
            let outputs = try await deadline(timeout) {
                try await client.withTransaction(logger: logger) { connection in
                    let head = try await readHead(connection, logger: logger, lock: true)
                    var log = PendingLog(head: head)
                    if operations.allSatisfy({ if case .transaction(let record) = $0, record.alert == nil { true } else { false } }) {
                        return try await applyTransactions(operations, connection: connection, log: &log, edge: edge, logger: logger)
                    }
                    var outputs: [WriteOutput] = []
                    for operation in operations {
                        outputs.append(try await apply(operation, connection: connection, log: &log, logger: logger))
                    }
                    try await integrate(log, connection: connection, edge: edge, logger: logger)
                    return outputs
                }
            }
            return outputs.map { .success($0) }
        } catch {
            edge.clear()
            if operations.count == 1 || isConnectionFailure(error) {
                let failure = mapError(error)
                return operations.map { _ in .failure(failure) }
            }
        }
        var results: [Result<WriteOutput, any Error>] = []
        for operation in operations {
            do {
                let output = try await deadline(timeout) {
                    try await client.withTransaction(logger: logger) { connection in
                        var log = PendingLog(head: try await readHead(connection, logger: logger, lock: true))
                        let output = try await apply(operation, connection: connection, log: &log, logger: logger)
                        try await integrate(log, connection: connection, edge: edge, logger: logger)
                        return output
                    }
                }
                results.append(.success(output))
            } catch {
                edge.clear()
                results.append(.failure(mapError(error)))
            }
        }
        return results
    }

    /// The batch's leaves added to the tree: the changed tiles and the new head, ready to write.
    private struct Integration {
        var levels: [Int32] = []
        var indexes: [Int64] = []
        var widths: [Int32] = []
        var hashes: [ByteBuffer] = []
        var head: AuditHead
    }

    /// Adds the pending leaves to the tree (edge from the cache, or read under the head's lock).
    private static func integration(
        _ log: PendingLog, connection: PostgresConnection, edge: TreeEdgeCache, logger: Logger
    ) async throws -> Integration {
        var appender: TileAppender
        if let cached = edge.take(matching: log.head) {
            appender = cached
        } else {
            let stored = try await readTiles(
                Set(TileLayout.edgeTiles(size: log.head.size).map(\.id)), runner: connection, logger: logger, size: log.head.size
            )
            do {
                appender = try TileAppender(size: log.head.size, edgeTiles: stored)
            } catch {
                throw StoreError.corrupted("the log's tree cannot be continued: \(error)")
            }
        }
        var result = Integration(head: log.head)
        for tile in appender.append(leafHashes: log.leafHashes) where tile.isStored {
            result.levels.append(Int32(tile.id.level))
            result.indexes.append(Int64(tile.id.index))
            result.widths.append(Int32(tile.width))
            result.hashes.append(ByteBuffer(bytes: tile.bytes))
        }
        result.head = AuditHead(size: appender.size, rootHash: Hex.encode(appender.root))
        edge.keep(appender, head: result.head)
        return result
    }

    /// Writes the batch's tiles and head (for the sequential path; the fast path folds this into its statement).
    private static func integrate(_ log: PendingLog, connection: PostgresConnection, edge: TreeEdgeCache, logger: Logger) async throws {
        guard !log.leafHashes.isEmpty else { return }
        let tree = try await integration(log, connection: connection, edge: edge, logger: logger)
        let size = Int64(tree.head.size)
        try await connection.query(
            """
            WITH tiles AS (
                INSERT INTO ledger_tiles (level, idx, width, hashes)
                SELECT * FROM unnest(\(tree.levels)::integer[], \(tree.indexes)::bigint[], \(tree.widths)::integer[], \(tree.hashes)::bytea[])
                ON CONFLICT (level, idx) DO UPDATE SET width = excluded.width, hashes = excluded.hashes
                RETURNING idx
            )
            UPDATE audit_head SET size = \(size), root = \(tree.head.rootHash)
            """,
            logger: logger
        )
    }

    /// The stored tiles among `ids`, and the partial level-0 tile built from the leaf hashes of the
    /// entries below `size`.
    static func readTiles(
        _ ids: Set<TileID>, runner: some PostgresQueryRunner, logger: Logger, size: UInt64 = UInt64(Int64.max)
    ) async throws -> [TileID: Tile] {
        guard !ids.isEmpty else { return [:] }
        let list = Array(ids)
        let levels = list.map { Int32($0.level) }
        let indexes = list.map { Int64($0.index) }
        var tiles: [TileID: Tile] = [:]
        let rows = try await runner.runQuery(
            """
            SELECT t.level, t.idx, t.width, t.hashes FROM ledger_tiles t
            JOIN unnest(\(levels)::integer[], \(indexes)::bigint[]) AS wanted(level, idx) ON t.level = wanted.level AND t.idx = wanted.idx
            """,
            logger: logger
        )
        for try await (level, index, width, hashes) in rows.decode((Int32, Int64, Int32, ByteBuffer).self) {
            let id = TileID(level: Int(level), index: UInt64(max(0, index)))
            guard let tile = Tile(id: id, width: Int(width), bytes: Array(hashes.readableBytesView)) else {
                throw StoreError.corrupted("\(id) is damaged (width \(width), \(hashes.readableBytes) bytes)")
            }
            tiles[id] = tile
        }
        // The partial right edge of level 0 is not stored: build it from the entries' leaf hashes.
        for id in ids where id.level == 0 && tiles[id] == nil {
            let first = id.index.multipliedReportingOverflow(by: UInt64(Tile.width))
            guard !first.overflow, first.partialValue <= UInt64(Int64.max - 256) else { continue }
            let start = Int64(first.partialValue)
            let end = min(start + Int64(Tile.width), Int64(clamping: size))
            guard end > start else { continue }
            var rows: [(Int64, [UInt8]?)] = []
            let leaves = try await runner.runQuery(
                "SELECT idx, leaf_hash FROM audit_events WHERE idx >= \(start) AND idx < \(end) ORDER BY idx", logger: logger
            )
            for try await (index, hash) in leaves.decode((Int64, ByteBuffer?).self) {
                rows.append((index, hash.map { Array($0.readableBytesView) }))
            }
            if let tile = Tile.buildEdge(id: id, start: start, rows: rows) { tiles[id] = tile }
        }
        return tiles
    }

    /// A batch of transactions in a fixed number of round trips: one lookup of the ids already
    /// stored, (when this instance did not write the last batch) one read of the tree's edge, and one
    /// statement that inserts every entry and transaction, writes the tiles and moves the head.
    private static func applyTransactions(
        _ operations: [WriteOperation], connection: PostgresConnection, log: inout PendingLog, edge: TreeEdgeCache, logger: Logger
    ) async throws -> [WriteOutput] {
        let records = operations.compactMap { operation -> NewTransactionRecord? in
            if case .transaction(let record) = operation { return record }
            return nil
        }
        let ids = records.map(\.instruction.id.rawValue)
        var stored: [String: StoredTransaction] = [:]
        let rows = try await connection.query(
            "SELECT id, body, digest, decision, reasons, received_at, audit_index, salt FROM transactions WHERE id = ANY(\(ids))",
            logger: logger
        )
        for try await row in rows.decode(TransactionRow.self) {
            stored[row.0] = try storedTransaction(row)
        }
        var outputs: [WriteOutput] = []
        var events: [AuditEvent] = []
        var leafHashes: [ByteBuffer] = []
        var created: [(NewTransactionRecord, AuditEvent)] = []
        for record in records {
            let id = record.instruction.id.rawValue
            if let existing = stored[id] {
                outputs.append(.record(.existing(existing)))
                continue
            }
            let event = AuditEvent(index: log.nextIndex, content: record.auditLeaf.content)
            let leafHash = record.auditLeaf.leafHash(index: event.index)
            log.append(leafHash)
            events.append(event)
            leafHashes.append(ByteBuffer(bytes: leafHash))
            created.append((record, event))
            let transaction = StoredTransaction(
                id: record.instruction.id,
                body: record.body,
                digest: record.digest,
                decision: record.decision,
                receivedAt: record.receivedAt.text,
                auditIndex: event.index,
                salt: record.salt
            )
            stored[id] = transaction
            outputs.append(.record(.created(transaction)))
        }
        guard !events.isEmpty else { return outputs }
        let tree = try await integration(log, connection: connection, edge: edge, logger: logger)
        // Entries, transactions, tiles and the head move in one statement: one round trip for the whole batch.
        let indexes = events.map { Int64($0.index) }
        let instructions = created.map(\.0.instruction)
        let size = Int64(tree.head.size)
        try await connection.query(
            """
            WITH new_events AS (
                INSERT INTO audit_events (idx, ts, type, actor, subject, payload, leaf_hash)
                SELECT * FROM unnest(\(indexes)::bigint[], \(events.map(\.timestamp))::text[], \(events.map(\.type.rawValue))::text[],
                    \(events.map(\.actor))::text[], \(events.map(\.subject))::text[], \(events.map(\.payload))::text[], \(leafHashes)::bytea[])
                RETURNING idx
            ), new_transactions AS (
                INSERT INTO transactions (id, digest, body, decision, reasons, received_at, audit_index, occurred_at_ms,
                    originator_party, beneficiary_party, originator_country, beneficiary_country, amount_minor, currency,
                    salt, originator_account, beneficiary_account)
                SELECT * FROM unnest(\(instructions.map(\.id.rawValue))::text[], \(created.map(\.0.digest))::text[],
                    \(created.map(\.0.body))::text[], \(created.map(\.0.decision.outcome.rawValue))::text[],
                    \(created.map(\.0.decision.reasons.jsonText))::text[], \(created.map(\.0.receivedAt.text))::text[],
                    \(created.map { Int64($0.1.index) })::bigint[], \(instructions.map(\.timestamp.epochMilliseconds))::bigint[],
                    \(instructions.map(\.originator.partyID.rawValue))::text[], \(instructions.map(\.beneficiary.partyID.rawValue))::text[],
                    \(instructions.map(\.originator.country.rawValue))::text[], \(instructions.map(\.beneficiary.country.rawValue))::text[],
                    \(instructions.map(\.amount.minor))::bigint[], \(instructions.map(\.amount.currency.code))::text[],
                    \(created.map { ByteBuffer(bytes: $0.0.salt) })::bytea[], \(instructions.map(\.originator.account.rawValue))::text[],
                    \(instructions.map(\.beneficiary.account.rawValue))::text[])
                RETURNING seq
            ), tiles AS (
                INSERT INTO ledger_tiles (level, idx, width, hashes)
                SELECT * FROM unnest(\(tree.levels)::integer[], \(tree.indexes)::bigint[], \(tree.widths)::integer[], \(tree.hashes)::bytea[])
                ON CONFLICT (level, idx) DO UPDATE SET width = excluded.width, hashes = excluded.hashes
                RETURNING idx
            )
            UPDATE audit_head SET size = \(size), root = \(tree.head.rootHash)
            """,
            logger: logger
        )
        return outputs
    }

    static func readHead(_ client: some PostgresQueryRunner, logger: Logger, lock: Bool) async throws -> AuditHead {
        let query: PostgresQuery = lock ? "SELECT size, root FROM audit_head FOR UPDATE" : "SELECT size, root FROM audit_head"
        for try await (size, hash) in try await client.runQuery(query, logger: logger).decode((Int64, String).self) {
            return AuditHead(size: UInt64(max(0, size)), rootHash: hash)
        }
        throw StoreError.corrupted("audit_head has no row")
    }

    private static func apply(
        _ operation: WriteOperation, connection: PostgresConnection, log: inout PendingLog, logger: Logger
    ) async throws -> WriteOutput {
        switch operation {
        case .transaction(let record):
            let id = record.instruction.id.rawValue
            let existing = try await connection.query(
                "SELECT id, body, digest, decision, reasons, received_at, audit_index, salt FROM transactions WHERE id = \(id)",
                logger: logger
            )
            for try await row in existing.decode(TransactionRow.self) {
                return .record(.existing(try storedTransaction(row)))
            }
            let event = try await appendEvent(record.auditLeaf, connection: connection, log: &log, logger: logger)
            let instruction = record.instruction
            let index = Int64(event.index)
            let reasons = record.decision.reasons.jsonText
            let occurred = instruction.timestamp.epochMilliseconds
            try await connection.query(
                """
                INSERT INTO transactions (id, digest, body, decision, reasons, received_at, audit_index, occurred_at_ms,
                    originator_party, beneficiary_party, originator_country, beneficiary_country, amount_minor, currency,
                    salt, originator_account, beneficiary_account)
                VALUES (\(id), \(record.digest), \(record.body), \(record.decision.outcome.rawValue), \(reasons), \(record.receivedAt.text),
                    \(index), \(occurred), \(instruction.originator.partyID.rawValue), \(instruction.beneficiary.partyID.rawValue),
                    \(instruction.originator.country.rawValue), \(instruction.beneficiary.country.rawValue), \(instruction.amount.minor),
                    \(instruction.amount.currency.code), \(ByteBuffer(bytes: record.salt)), \(instruction.originator.account.rawValue),
                    \(instruction.beneficiary.account.rawValue))
                """,
                logger: logger
            )
            var alert: RaisedAlert?
            if let request = record.alert { alert = try await raiseAlert(request, connection: connection, log: &log, logger: logger) }
            return .record(
                .created(
                    StoredTransaction(
                        id: record.instruction.id,
                        body: record.body,
                        digest: record.digest,
                        decision: record.decision,
                        receivedAt: record.receivedAt.text,
                        auditIndex: event.index,
                        salt: record.salt,
                        alert: alert
                    )
                )
            )
        case .insertKey(let key):
            _ = try await appendEvent(
                PreparedLeaf(.keyIssued(keyID: key.id, role: key.role.rawValue, actor: key.createdBy, at: key.createdAt)),
                connection: connection,
                log: &log,
                logger: logger
            )
            try await connection.query(
                """
                INSERT INTO api_keys (id, role, label, secret_hash, created_at, created_by, revoked_at)
                VALUES (\(key.id), \(key.role.rawValue), \(key.label), \(key.secretHash), \(key.createdAt), \(key.createdBy), \(key.revokedAt))
                """,
                logger: logger
            )
            return .keyInserted
        case .revokeKey(let id, let actor, let timestamp):
            let rows = try await connection.query(
                "SELECT id, role, label, secret_hash, created_at, created_by, revoked_at FROM api_keys WHERE id = \(id)",
                logger: logger
            )
            var found: APIKeyRecord?
            for try await row in rows.decode((String, String, String, String, String, String, String?).self) {
                found = try apiKey(row)
            }
            guard var key = found else { return .keyRevoked(nil) }
            guard key.revokedAt == nil else { return .keyRevoked(key) }
            _ = try await appendEvent(PreparedLeaf(.keyRevoked(keyID: id, actor: actor, at: timestamp)), connection: connection, log: &log, logger: logger)
            try await connection.query("UPDATE api_keys SET revoked_at = \(timestamp) WHERE id = \(id)", logger: logger)
            key.revokedAt = timestamp
            return .keyRevoked(key)
        case .appendEvents(let contents):
            let start = log.nextIndex
            var events: [AuditEvent] = []
            var hashes: [ByteBuffer] = []
            for leaf in contents {
                let event = AuditEvent(index: log.nextIndex, content: leaf.content)
                let leafHash = leaf.leafHash(index: event.index)
                log.append(leafHash)
                events.append(event)
                hashes.append(ByteBuffer(bytes: leafHash))
            }
            if !events.isEmpty {
                try await connection.query(
                    """
                    INSERT INTO audit_events (idx, ts, type, actor, subject, payload, leaf_hash)
                    SELECT * FROM unnest(\(events.map { Int64($0.index) })::bigint[], \(events.map(\.timestamp))::text[],
                        \(events.map(\.type.rawValue))::text[], \(events.map(\.actor))::text[], \(events.map(\.subject))::text[],
                        \(events.map(\.payload))::text[], \(hashes)::bytea[])
                    """,
                    logger: logger
                )
            }
            return .eventsAppended(start..<log.nextIndex)
        case .storeVault(let entries, let record):
            return .vaultStored(try await storeVault(entries: entries, record: record, connection: connection, logger: logger))
        case .recordTransfer(let transfer):
            var stored = transfer
            let event = try await appendEvent(PreparedLeaf(transfer.auditContent), connection: connection, log: &log, logger: logger)
            stored.auditIndex = event.index
            try await connection.query(
                """
                INSERT INTO transfer_register (id, at, to_region, record_id, outcome, audit_index, detail)
                VALUES (\(transfer.id), \(transfer.at), \(transfer.toRegion), \(transfer.recordID), \(transfer.outcome), \(Int64(event.index)),
                    \(event.payload))
                """,
                logger: logger
            )
            return .transferRecorded(stored)
        case .replaceVaultKeys(let keys, let leaf):
            let event = try await appendEvent(leaf, connection: connection, log: &log, logger: logger)
            try await replaceVaultKeys(keys, connection: connection, logger: logger)
            return .eventsAppended(event.index..<event.index + 1)
        case .raiseAlert(let request):
            return .alertRaised(try await raiseAlert(request, connection: connection, log: &log, logger: logger))
        case .updateCase(let id, let action, let actor, let at, let expectedVersion):
            return .caseUpdated(
                try await updateCase(id: id, action: action, actor: actor, at: at, expectedVersion: expectedVersion, connection: connection, log: &log, logger: logger)
            )
        case .recordMonitorEvent(let event, let alert):
            return .monitorEventRecorded(try await recordMonitorEvent(event, alert: alert, connection: connection, log: &log, logger: logger))
        case .storeScreeningList(let list, let entities):
            let (stored, existing) = try await storeScreeningList(list, entities: entities, connection: connection, log: &log, logger: logger)
            return .screeningListStored(stored, existing: existing)
        case .writeCustomer(let write):
            return .customerWritten(try await writeCustomer(write, connection: connection, log: &log, logger: logger))
        case .recordScreeningRun(let run):
            let (stored, existing) = try await recordScreeningRun(run, connection: connection, log: &log, logger: logger)
            return .screeningRunRecorded(stored, existing: existing)
        }
    }

    static func appendEvent(
        _ leaf: PreparedLeaf, connection: PostgresConnection, log: inout PendingLog, logger: Logger
    ) async throws -> AuditEvent {
        let event = AuditEvent(index: log.nextIndex, content: leaf.content)
        let index = Int64(event.index)
        let leafHash = leaf.leafHash(index: event.index)
        try await connection.query(
            """
            INSERT INTO audit_events (idx, ts, type, actor, subject, payload, leaf_hash)
            VALUES (\(index), \(event.timestamp), \(event.type.rawValue), \(event.actor), \(event.subject), \(event.payload),
                \(ByteBuffer(bytes: leafHash)))
            """,
            logger: logger
        )
        log.append(leafHash)
        return event
    }

    // MARK: - Helpers

    private func scalar(_ query: PostgresQuery) async throws -> Int {
        try await withDeadline {
            for try await value in try await self.client.query(query, logger: self.logger).decode(Int64.self) {
                return Int(value)
            }
            return 0
        }
    }

    func withDeadline<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await Self.deadline(configuration.operationTimeout, body)
        } catch {
            throw Self.mapError(error)
        }
    }

    /// Runs `body`, failing with ``StoreError/unavailable(_:file:line:)`` if it takes longer than `timeout`.
    ///
    /// The caller is answered at the deadline even if `body` does not react to cancellation (a
    /// connection lease or a query to a server that stopped answering may not): `body` runs in its
    /// own task, is cancelled, and whatever it does later is ignored. A write abandoned this way may
    /// still commit; its caller was told "unavailable", and a retry with the same id is answered
    /// from the stored record.
    static func deadline<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let race = DeadlineRace<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.start(continuation)
                let work = Task {
                    do {
                        race.finish(.success(try await body()))
                    } catch {
                        race.finish(.failure(error))
                    }
                }
                let timer = Task {
                    try? await Task.sleep(for: timeout)
                    if race.finish(.failure(StoreError.unavailable("no answer from PostgreSQL within \(timeout)"))) {
                        work.cancel()
                    }
                }
                race.onFinish { work.cancel(); timer.cancel() }
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }

    static func isConnectionFailure(_ error: any Error) -> Bool {
        if let store = error as? StoreError { return store.code == .unavailable || store.code == .closed }
        guard let psql = error as? PSQLError else { return !(error is StoreError) }
        return psql.code != .server
    }

    static func mapError(_ error: any Error) -> any Error {
        if error is StoreError || error is VaultTokenConflict { return error }
        // An error thrown inside a transaction's closure (and rolled back cleanly) is that error.
        if let transaction = error as? PostgresTransactionError, let inner = transaction.closureError, transaction.rollbackError == nil {
            return mapError(inner)
        }
        // A constraint violation (SQLSTATE class 23) is the record's fault; anything else means the database is unavailable.
        if let psql = error as? PSQLError, psql.code == .server, psql.serverInfo?[.sqlState]?.hasPrefix("23") == true {
            return StoreError.invalidRecord("\(String(reflecting: psql))")
        }
        return StoreError.unavailable("\(String(reflecting: error))")
    }

    typealias TransactionRow = (String, String, String, String, String, String, Int64, ByteBuffer?)

    static func storedTransaction(_ row: TransactionRow) throws -> StoredTransaction {
        try StoredTransaction(
            columns: row.0, body: row.1, digest: row.2, decision: row.3, reasons: row.4, receivedAt: row.5, auditIndex: row.6,
            salt: row.7.map { Array($0.readableBytesView) }
        )
    }

    static func apiKey(_ row: (String, String, String, String, String, String, String?)) throws -> APIKeyRecord {
        try APIKeyRecord(
            columns: row.0, role: row.1, label: row.2, secretHash: row.3, createdAt: row.4, createdBy: row.5, revokedAt: row.6
        )
    }
}

/// Something that runs a query: a pooled client or one connection.
protocol PostgresQueryRunner {
    func runQuery(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence
}

extension PostgresClient: PostgresQueryRunner {
    func runQuery(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        try await self.query(query, logger: logger)
    }
}

extension PostgresConnection: PostgresQueryRunner {
    func runQuery(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        try await self.query(query, logger: logger)
    }
}

extension PostgresStore {
    /// Runs one statement given as text, for administration and tests (creating a schema).
    /// Never pass client input: the text is not bound.
    public func execute(unsafeSQL sql: String) async throws {
        try await withDeadline {
            try await self.client.query(PostgresQuery(unsafeSQL: sql), logger: self.logger)
        }
    }
}

/// The first of a body's result and its deadline wins; the other is ignored.
final class DeadlineRace<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var pending: Result<T, any Error>?
        var finished = false
        var cleanup: (@Sendable () -> Void)?
    }
    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<T, any Error>) {
        let early = state.withLock { state -> Result<T, any Error>? in
            if let pending = state.pending { return pending }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    /// Registers what to do once finished (cancel the loser).
    func onFinish(_ cleanup: @escaping @Sendable () -> Void) {
        let run = state.withLock { state -> Bool in
            if state.finished { return true }
            state.cleanup = cleanup
            return false
        }
        if run { cleanup() }
    }

    /// Delivers a result; returns whether it was the first.
    @discardableResult
    func finish(_ result: Result<T, any Error>) -> Bool {
        let (first, continuation, cleanup) = state.withLock { state -> (Bool, CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?) in
            guard !state.finished else { return (false, nil, nil) }
            state.finished = true
            let continuation = state.continuation
            state.continuation = nil
            if continuation == nil { state.pending = result }
            let cleanup = state.cleanup
            state.cleanup = nil
            return (true, continuation, cleanup)
        }
        continuation?.resume(with: result)
        cleanup?()
        return first
    }
}

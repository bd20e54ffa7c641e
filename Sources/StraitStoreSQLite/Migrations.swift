// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import GRDB
import Ledger
import StraitCore
import StraitStore

extension SQLiteStore {
    /// The schema, as an append-only list of named migrations. Never edit a migration that has shipped:
    /// add a new one.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation") { db in
            try db.execute(
                sql: """
                    CREATE TABLE audit_events (
                        idx INTEGER PRIMARY KEY CHECK (idx >= 0),
                        ts TEXT NOT NULL,
                        type TEXT NOT NULL CHECK (type IN ('transaction.decided', 'key.issued', 'key.revoked')),
                        actor TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
                        hash TEXT NOT NULL CHECK (length(hash) = 64)
                    );
                    CREATE TABLE transactions (
                        seq INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 128),
                        digest TEXT NOT NULL CHECK (length(digest) = 64),
                        body TEXT NOT NULL,
                        decision TEXT NOT NULL CHECK (decision IN ('allow', 'review', 'block')),
                        reasons TEXT NOT NULL,
                        received_at TEXT NOT NULL,
                        audit_index INTEGER NOT NULL UNIQUE REFERENCES audit_events(idx),
                        occurred_at_ms INTEGER NOT NULL,
                        originator_party TEXT NOT NULL,
                        beneficiary_party TEXT NOT NULL,
                        originator_country TEXT NOT NULL CHECK (length(originator_country) = 2),
                        beneficiary_country TEXT NOT NULL CHECK (length(beneficiary_country) = 2),
                        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
                        currency TEXT NOT NULL CHECK (length(currency) = 3)
                    );
                    CREATE TABLE api_keys (
                        id TEXT PRIMARY KEY NOT NULL,
                        role TEXT NOT NULL CHECK (role IN ('service', 'analyst', 'auditor', 'admin')),
                        label TEXT NOT NULL,
                        secret_hash TEXT NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
                        created_at TEXT NOT NULL,
                        created_by TEXT NOT NULL,
                        revoked_at TEXT
                    );
                    """
            )
        }
        migrator.registerMigration("v2-merkle-log") { db in
            // The hash chain becomes an RFC 9162 Merkle log: entries lose their chain hashes, the tree
            // is stored as tiles, the head keeps the size and the root. Existing entries are kept
            // and re-encoded as leaves; existing payments get a salt and a commitment.
            try db.execute(
                sql: """
                    CREATE TABLE audit_events_v2 (
                        idx INTEGER PRIMARY KEY CHECK (idx >= 0),
                        ts TEXT NOT NULL,
                        type TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        leaf_hash BLOB CHECK (leaf_hash IS NULL OR length(leaf_hash) = 32)
                    );
                    INSERT INTO audit_events_v2 (idx, ts, type, actor, subject, payload)
                        SELECT idx, ts, type, actor, subject, payload FROM audit_events ORDER BY idx;
                    DROP TABLE audit_events;
                    ALTER TABLE audit_events_v2 RENAME TO audit_events;
                    -- Only configuration entries are looked up by type: a partial index costs nothing on other writes.
                    CREATE INDEX audit_events_config ON audit_events (idx) WHERE type = 'config.changed';

                    ALTER TABLE transactions ADD COLUMN salt BLOB CHECK (salt IS NULL OR length(salt) = 32);
                    ALTER TABLE transactions ADD COLUMN originator_account TEXT NOT NULL DEFAULT '';
                    ALTER TABLE transactions ADD COLUMN beneficiary_account TEXT NOT NULL DEFAULT '';
                    UPDATE transactions SET
                        originator_account = json_extract(body, '$.originator.account'),
                        beneficiary_account = json_extract(body, '$.beneficiary.account');
                    CREATE INDEX transactions_originator_account ON transactions (originator_account, occurred_at_ms);
                    CREATE INDEX transactions_beneficiary_account ON transactions (beneficiary_account, occurred_at_ms);

                    CREATE TABLE ledger_tiles (
                        level INTEGER NOT NULL CHECK (level >= 0),
                        idx INTEGER NOT NULL CHECK (idx >= 0),
                        width INTEGER NOT NULL CHECK (width BETWEEN 1 AND 256),
                        hashes BLOB NOT NULL,
                        PRIMARY KEY (level, idx)
                    ) WITHOUT ROWID;
                    CREATE TABLE ledger_head (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        size INTEGER NOT NULL CHECK (size >= 0),
                        root TEXT NOT NULL CHECK (length(root) = 64)
                    );
                    CREATE TABLE ledger_key (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        name TEXT NOT NULL,
                        seed BLOB NOT NULL CHECK (length(seed) = 32),
                        created_at TEXT NOT NULL
                    );
                    CREATE TABLE checkpoints (
                        size INTEGER PRIMARY KEY CHECK (size >= 0),
                        root TEXT NOT NULL CHECK (length(root) = 64),
                        note TEXT NOT NULL,
                        created_at TEXT NOT NULL
                    );
                    CREATE TABLE cosignatures (
                        size INTEGER NOT NULL CHECK (size >= 0),
                        witness TEXT NOT NULL,
                        key_id TEXT NOT NULL,
                        line TEXT NOT NULL,
                        received_at TEXT NOT NULL,
                        PRIMARY KEY (size, witness, key_id)
                    );
                    CREATE TABLE witnessed (
                        origin TEXT PRIMARY KEY NOT NULL,
                        size INTEGER NOT NULL CHECK (size >= 0),
                        root TEXT NOT NULL CHECK (length(root) = 64),
                        updated_at TEXT NOT NULL
                    );
                    """
            )
            // Re-commit existing payments with a salt, then build the tree over every entry.
            let payments = try Row.fetchAll(db, sql: "SELECT id, body, audit_index FROM transactions")
            for payment in payments {
                let salt = Commitment.newSalt()
                let body: String = payment["body"]
                let index: Int64 = payment["audit_index"]
                let commitment = Commitment.commit(body, salt: salt)
                try db.execute(sql: "UPDATE transactions SET salt = ? WHERE id = ?", arguments: [Data(salt), payment["id"] as String])
                // v1 payloads were {"decision":…,"digest":…,"reasons":…}; v2 puts the commitment first.
                let payload: String = try String.fetchOne(db, sql: "SELECT payload FROM audit_events WHERE idx = ?", arguments: [index]) ?? ""
                guard let newPayload = AuditEventContent.recommittedV1Payload(payload, commitment: commitment) else {
                    throw StoreError.migrationFailed("audit entry \(index) has an unexpected payload")
                }
                try db.execute(sql: "UPDATE audit_events SET payload = ? WHERE idx = ?", arguments: [newPayload, index])
            }
            // Read every entry first (a cursor must not be open while its table is updated), then store
            // each leaf hash and build the tree in batches.
            let events = try Row.fetchAll(db, sql: "SELECT * FROM audit_events ORDER BY idx").map(SQLiteStore.auditEvent)
            let update = try db.makeStatement(sql: "UPDATE audit_events SET leaf_hash = ? WHERE idx = ?")
            var appender = TileAppender()
            var leaves: [MerkleTree.Hash] = []
            for (position, event) in events.enumerated() {
                guard event.index == UInt64(position) else {
                    throw StoreError.migrationFailed("audit entry \(event.index) is out of sequence; the log must be repaired first")
                }
                let leaf = event.leafHash
                try update.execute(arguments: [Data(leaf), Int64(event.index)])
                leaves.append(leaf)
                if leaves.count == 4_096 {
                    for tile in appender.append(leafHashes: leaves) where tile.isStored { try SQLiteStore.writeTile(tile, db: db) }
                    leaves.removeAll(keepingCapacity: true)
                }
            }
            for tile in appender.append(leafHashes: leaves) where tile.isStored { try SQLiteStore.writeTile(tile, db: db) }
            if appender.size > 0 {
                try db.execute(
                    sql: "INSERT INTO ledger_head (id, size, root) VALUES (1, ?, ?)",
                    arguments: [Int64(appender.size), Hex.encode(appender.root)]
                )
            }
        }
        migrator.registerMigration("v3-residency") { db in
            // Regional vault (wrapped keys, sealed values, records) and the transfer register.
            try db.execute(
                sql: """
                    CREATE TABLE vault_keys (
                        id TEXT PRIMARY KEY NOT NULL,
                        purpose TEXT NOT NULL CHECK (purpose IN ('data', 'index')),
                        master_key_id TEXT NOT NULL,
                        sealed BLOB NOT NULL CHECK (length(sealed) = 60),
                        created_at TEXT NOT NULL,
                        active INTEGER NOT NULL CHECK (active IN (0, 1))
                    );
                    CREATE UNIQUE INDEX vault_keys_active ON vault_keys (purpose) WHERE active = 1;
                    CREATE TABLE vault_records (
                        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 128),
                        subject TEXT,
                        jurisdiction TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        template TEXT NOT NULL,
                        mechanisms TEXT NOT NULL DEFAULT ''
                    );
                    CREATE TABLE vault_tokens (
                        token TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('random', 'deterministic', 'card')),
                        category TEXT NOT NULL,
                        scheme TEXT,
                        subject TEXT,
                        record_id TEXT REFERENCES vault_records (id),
                        path TEXT,
                        ciphertext BLOB NOT NULL CHECK (length(ciphertext) >= 30),
                        blind_index TEXT NOT NULL CHECK (length(blind_index) = 32),
                        created_at TEXT NOT NULL
                    );
                    CREATE INDEX vault_tokens_blind_index ON vault_tokens (blind_index);
                    CREATE INDEX vault_tokens_record ON vault_tokens (record_id) WHERE record_id IS NOT NULL;
                    CREATE TABLE transfer_register (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        at TEXT NOT NULL,
                        to_region TEXT NOT NULL,
                        record_id TEXT,
                        outcome TEXT NOT NULL CHECK (outcome IN ('allow', 'allow_tokenised_only', 'deny')),
                        audit_index INTEGER NOT NULL UNIQUE REFERENCES audit_events (idx),
                        detail TEXT NOT NULL
                    );
                    CREATE INDEX transfer_register_at ON transfer_register (at);
                    """
            )
        }
        migrator.registerMigration("v4-monitor-cases") { db in
            // Monitor's alerts, the cases that group them per customer, and each case's history.
            // The rows keep their canonical JSON (`detail`); the columns beside it are for filtering.
            try db.execute(
                sql: """
                    CREATE TABLE monitor_cases (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        party TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('open', 'investigating', 'escalated', 'reported', 'closed')),
                        assignee TEXT,
                        opened_at TEXT NOT NULL,
                        version INTEGER NOT NULL CHECK (version >= 1),
                        detail TEXT NOT NULL
                    );
                    CREATE UNIQUE INDEX monitor_cases_active ON monitor_cases (party) WHERE state IN ('open', 'investigating', 'escalated');
                    CREATE INDEX monitor_cases_state ON monitor_cases (state, seq);
                    CREATE TABLE monitor_alerts (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        case_id TEXT NOT NULL REFERENCES monitor_cases (id),
                        source TEXT NOT NULL CHECK (source IN ('transaction', 'login', 'screening')),
                        source_id TEXT NOT NULL,
                        party TEXT NOT NULL,
                        outcome TEXT NOT NULL CHECK (outcome IN ('review', 'block')),
                        typologies TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        audit_index INTEGER NOT NULL UNIQUE REFERENCES audit_events (idx),
                        detail TEXT NOT NULL,
                        UNIQUE (source, source_id)
                    );
                    CREATE INDEX monitor_alerts_case ON monitor_alerts (case_id, seq);
                    CREATE INDEX monitor_alerts_party ON monitor_alerts (party, seq);
                    CREATE TABLE monitor_case_events (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        case_id TEXT NOT NULL REFERENCES monitor_cases (id),
                        audit_index INTEGER NOT NULL REFERENCES audit_events (idx),
                        detail TEXT NOT NULL
                    );
                    CREATE INDEX monitor_case_events_case ON monitor_case_events (case_id, seq);
                    CREATE TABLE monitor_events (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        kind TEXT NOT NULL CHECK (kind IN ('login', 'kyc')),
                        id TEXT NOT NULL CHECK (length(id) BETWEEN 1 AND 256),
                        time_ms INTEGER NOT NULL,
                        party TEXT NOT NULL,
                        detail TEXT NOT NULL,
                        UNIQUE (kind, id)
                    );
                    """
            )
        }
        migrator.registerMigration("v5-screening-lists") { db in
            // Imported versions of sanctions and PEP lists: the entities as JSON, digested, each import ledgered.
            try db.execute(
                sql: """
                    CREATE TABLE screening_lists (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 128),
                        version TEXT NOT NULL,
                        digest TEXT NOT NULL CHECK (length(digest) = 64),
                        imported_at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        entity_count INTEGER NOT NULL CHECK (entity_count >= 0),
                        audit_index INTEGER NOT NULL UNIQUE REFERENCES audit_events (idx),
                        entities BLOB NOT NULL,
                        UNIQUE (source, digest)
                    );
                    """
            )
        }
        migrator.registerMigration("v6-customers") { db in
            // Onboarded customers (personal data in the vault; the detail holds its tokens) and the
            // cards bound to them (one customer per card token).
            try db.execute(
                sql: """
                    CREATE TABLE customers (
                        id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
                        status TEXT NOT NULL CHECK (status IN ('pending_review', 'edd_required', 'active', 'rejected')),
                        version INTEGER NOT NULL CHECK (version >= 1),
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        request_digest TEXT NOT NULL CHECK (length(request_digest) = 64),
                        detail TEXT NOT NULL,
                        audit_index INTEGER NOT NULL UNIQUE REFERENCES audit_events (idx)
                    );
                    CREATE INDEX customers_status ON customers (status, id);
                    CREATE TABLE customer_cards (
                        token TEXT PRIMARY KEY,
                        customer_id TEXT NOT NULL REFERENCES customers (id)
                    );
                    CREATE TABLE screening_runs (
                        fingerprint TEXT PRIMARY KEY CHECK (length(fingerprint) = 64),
                        versions TEXT NOT NULL,
                        started_at TEXT NOT NULL,
                        finished_at TEXT NOT NULL,
                        customers INTEGER NOT NULL CHECK (customers >= 0),
                        new_hits INTEGER NOT NULL CHECK (new_hits >= 0),
                        actor TEXT NOT NULL,
                        audit_index INTEGER NOT NULL UNIQUE REFERENCES audit_events (idx)
                    );
                    """
            )
        }
        return migrator
    }()

    fileprivate static func writeTile(_ tile: Tile, db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO ledger_tiles (level, idx, width, hashes) VALUES (?, ?, ?, ?)
                ON CONFLICT (level, idx) DO UPDATE SET width = excluded.width, hashes = excluded.hashes
                """,
            arguments: [tile.id.level, Int64(tile.id.index), tile.width, Data(tile.bytes)]
        )
    }
}

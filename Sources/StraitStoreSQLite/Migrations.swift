// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import GRDB

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
        return migrator
    }()
}

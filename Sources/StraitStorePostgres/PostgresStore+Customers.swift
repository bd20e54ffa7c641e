// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Ledger
import Logging
import PostgresNIO
import StraitCore
public import StraitStore

extension PostgresStore {
    public func writeCustomer(_ write: CustomerWrite) async throws -> CustomerWriteOutcome {
        guard case .customerWritten(let outcome) = try await submit(.writeCustomer(write)) else {
            throw StoreError.corrupted("unexpected write output")
        }
        return outcome
    }

    public func customer(id: String) async throws -> StoredCustomer? {
        try await withDeadline { try await Self.customer(id: id, runner: self.client, logger: self.logger) }
    }

    public func customers(after: String?, limit: Int, status: String?) async throws -> [StoredCustomer] {
        try await withDeadline {
            let after = after ?? ""
            let limit = Int64(max(0, limit))
            let rows: PostgresRowSequence
            if let status {
                rows = try await self.client.query(
                    """
                    SELECT id, status, version, created_at, updated_at, request_digest, detail, audit_index FROM customers
                    WHERE id COLLATE "C" > \(after) AND status = \(status) ORDER BY id COLLATE "C" LIMIT \(limit)
                    """,
                    logger: self.logger
                )
            } else {
                rows = try await self.client.query(
                    """
                    SELECT id, status, version, created_at, updated_at, request_digest, detail, audit_index FROM customers
                    WHERE id COLLATE "C" > \(after) ORDER BY id COLLATE "C" LIMIT \(limit)
                    """,
                    logger: self.logger
                )
            }
            var found: [StoredCustomer] = []
            for try await row in rows.decode((String, String, Int32, String, String, String, String, Int64).self) { found.append(Self.storedCustomer(row)) }
            return found
        }
    }

    public func customerCount() async throws -> Int {
        try await withDeadline {
            let rows = try await self.client.query("SELECT count(*) FROM customers", logger: self.logger)
            for try await count in rows.decode(Int64.self) { return Int(count) }
            return 0
        }
    }

    public func screeningRun(fingerprint: String) async throws -> ScreeningRunRecord? {
        try await withDeadline { try await Self.screeningRun(fingerprint: fingerprint, runner: self.client, logger: self.logger) }
    }

    public func recordScreeningRun(_ run: ScreeningRunRecord) async throws -> (run: ScreeningRunRecord, existing: Bool) {
        guard case .screeningRunRecorded(let stored, let existing) = try await submit(.recordScreeningRun(run)) else {
            throw StoreError.corrupted("unexpected write output")
        }
        return (stored, existing)
    }

    static func screeningRun(fingerprint: String, runner: some PostgresQueryRunner, logger: Logger) async throws -> ScreeningRunRecord? {
        let rows = try await runner.runQuery(
            """
            SELECT fingerprint, versions, started_at, finished_at, customers, new_hits, actor, audit_index FROM screening_runs
            WHERE fingerprint = \(fingerprint)
            """,
            logger: logger
        )
        for try await row in rows.decode((String, String, String, String, Int32, Int32, String, Int64).self) {
            let versions = (try? JSONDecoder().decode([String: String].self, from: Data(row.1.utf8))) ?? [:]
            return ScreeningRunRecord(
                fingerprint: row.0, versions: versions, startedAt: row.2, finishedAt: row.3, customers: Int(row.4), newHits: Int(row.5), actor: row.6,
                auditIndex: UInt64(max(0, row.7))
            )
        }
        return nil
    }

    static func recordScreeningRun(
        _ run: ScreeningRunRecord, connection: PostgresConnection, log: inout PendingLog, logger: Logger
    ) async throws -> (ScreeningRunRecord, Bool) {
        if let found = try await screeningRun(fingerprint: run.fingerprint, runner: connection, logger: logger) { return (found, true) }
        var stored = run
        stored.auditIndex = try await appendEvent(PreparedLeaf(run.auditContent), connection: connection, log: &log, logger: logger).index
        try await connection.query(
            """
            INSERT INTO screening_runs (fingerprint, versions, started_at, finished_at, customers, new_hits, actor, audit_index)
            VALUES (\(run.fingerprint), \(run.versionsJSON), \(run.startedAt), \(run.finishedAt), \(Int32(clamping: run.customers)),
                \(Int32(clamping: run.newHits)), \(run.actor), \(Int64(stored.auditIndex ?? 0)))
            """,
            logger: logger
        )
        return (stored, false)
    }

    static func customer(id: String, runner: some PostgresQueryRunner, logger: Logger) async throws -> StoredCustomer? {
        let rows = try await runner.runQuery(
            "SELECT id, status, version, created_at, updated_at, request_digest, detail, audit_index FROM customers WHERE id = \(id)", logger: logger
        )
        for try await row in rows.decode((String, String, Int32, String, String, String, String, Int64).self) { return storedCustomer(row) }
        return nil
    }

    static func storedCustomer(_ row: (String, String, Int32, String, String, String, String, Int64)) -> StoredCustomer {
        StoredCustomer(
            id: row.0, status: row.1, version: Int(row.2), createdAt: row.3, updatedAt: row.4, requestDigest: row.5, detail: row.6,
            auditIndex: UInt64(max(0, row.7))
        )
    }

    // MARK: - In the group commit

    static func writeCustomer(_ write: CustomerWrite, connection: PostgresConnection, log: inout PendingLog, logger: Logger) async throws -> CustomerWriteOutcome {
        let current = try await customer(id: write.customer.id, runner: connection, logger: logger)
        switch write.kind {
        case .create:
            if let current { return .existing(current) }
        case .update(let expectedVersion):
            guard let current else { return .notFound }
            if current.version != expectedVersion { return .conflict(current) }
        }
        if let token = write.bindCard {
            let rows = try await connection.query("SELECT customer_id FROM customer_cards WHERE token = \(token)", logger: logger)
            for try await holder in rows.decode(String.self) where holder != write.customer.id { return .cardHeldBy(holder) }
        }
        var stored = write.customer
        stored.auditIndex = try await appendEvent(PreparedLeaf(write.customer.auditContent(actor: write.actor)), connection: connection, log: &log, logger: logger).index
        let index = Int64(stored.auditIndex ?? 0)
        let version = Int32(clamping: stored.version)
        if current == nil {
            try await connection.query(
                """
                INSERT INTO customers (id, status, version, created_at, updated_at, request_digest, detail, audit_index)
                VALUES (\(stored.id), \(stored.status), \(version), \(stored.createdAt), \(stored.updatedAt), \(stored.requestDigest), \(stored.detail), \(index))
                """,
                logger: logger
            )
        } else {
            try await connection.query(
                """
                UPDATE customers SET status = \(stored.status), version = \(version), updated_at = \(stored.updatedAt),
                    request_digest = \(stored.requestDigest), detail = \(stored.detail), audit_index = \(index)
                WHERE id = \(stored.id)
                """,
                logger: logger
            )
        }
        if let token = write.bindCard {
            try await connection.query(
                "INSERT INTO customer_cards (token, customer_id) VALUES (\(token), \(stored.id)) ON CONFLICT (token) DO NOTHING", logger: logger
            )
        }
        var alerts: [RaisedAlert] = []
        for alert in write.alerts { alerts.append(try await raiseAlert(alert, connection: connection, log: &log, logger: logger)) }
        return .stored(stored, alerts: alerts)
    }
}

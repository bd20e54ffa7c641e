// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import GRDB
import Ledger
import StraitCore
public import StraitStore

extension SQLiteStore {
    public func writeCustomer(_ write: CustomerWrite) async throws -> CustomerWriteOutcome {
        guard case .customerWritten(let outcome) = try await submit(.writeCustomer(write)) else {
            throw StoreError.corrupted("unexpected write output")
        }
        return outcome
    }

    public func customer(id: String) async throws -> StoredCustomer? {
        try await read { db in try Self.customer(db, id: id) }
    }

    public func customers(after: String?, limit: Int, status: String?) async throws -> [StoredCustomer] {
        try await read { db in
            var sql = "SELECT \(Self.customerColumns) FROM customers WHERE id > ?"
            var arguments: StatementArguments = [after ?? ""]
            if let status {
                sql += " AND status = ?"
                arguments += [status]
            }
            sql += " ORDER BY id LIMIT ?"
            arguments += [max(0, limit)]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.storedCustomer)
        }
    }

    public func customerCount() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM customers") ?? 0 }
    }

    public func screeningRun(fingerprint: String) async throws -> ScreeningRunRecord? {
        try await read { db in try Self.screeningRun(db, fingerprint: fingerprint) }
    }

    public func recordScreeningRun(_ run: ScreeningRunRecord) async throws -> (run: ScreeningRunRecord, existing: Bool) {
        guard case .screeningRunRecorded(let stored, let existing) = try await submit(.recordScreeningRun(run)) else {
            throw StoreError.corrupted("unexpected write output")
        }
        return (stored, existing)
    }

    static func screeningRun(_ db: Database, fingerprint: String) throws -> ScreeningRunRecord? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT fingerprint, versions, started_at, finished_at, customers, new_hits, actor, audit_index FROM screening_runs WHERE fingerprint = ?",
                arguments: [fingerprint]
            )
        else { return nil }
        let versions = (try? JSONDecoder().decode([String: String].self, from: Data((row[1] as String).utf8))) ?? [:]
        return ScreeningRunRecord(
            fingerprint: row[0], versions: versions, startedAt: row[2], finishedAt: row[3], customers: row[4], newHits: row[5], actor: row[6],
            auditIndex: UInt64(max(0, row[7] as Int64))
        )
    }

    static func recordScreeningRun(_ run: ScreeningRunRecord, db: Database, log: inout PendingLog) throws -> (ScreeningRunRecord, Bool) {
        if let found = try screeningRun(db, fingerprint: run.fingerprint) { return (found, true) }
        var stored = run
        stored.auditIndex = try appendEvent(PreparedLeaf(run.auditContent), db: db, log: &log).index
        try db.execute(
            sql: "INSERT INTO screening_runs (fingerprint, versions, started_at, finished_at, customers, new_hits, actor, audit_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [run.fingerprint, run.versionsJSON, run.startedAt, run.finishedAt, run.customers, run.newHits, run.actor, Int64(stored.auditIndex ?? 0)]
        )
        return (stored, false)
    }

    static let customerColumns = "id, status, version, created_at, updated_at, request_digest, detail, audit_index"

    static func customer(_ db: Database, id: String) throws -> StoredCustomer? {
        try Row.fetchOne(db, sql: "SELECT \(customerColumns) FROM customers WHERE id = ?", arguments: [id]).map(storedCustomer)
    }

    static func storedCustomer(_ row: Row) -> StoredCustomer {
        StoredCustomer(
            id: row[0], status: row[1], version: row[2], createdAt: row[3], updatedAt: row[4], requestDigest: row[5], detail: row[6],
            auditIndex: UInt64(max(0, row[7] as Int64))
        )
    }

    // MARK: - On the writer

    static func writeCustomer(_ write: CustomerWrite, db: Database, log: inout PendingLog) throws -> CustomerWriteOutcome {
        let current = try customer(db, id: write.customer.id)
        switch write.kind {
        case .create:
            if let current { return .existing(current) }
        case .update(let expectedVersion):
            guard let current else { return .notFound }
            if current.version != expectedVersion { return .conflict(current) }
        }
        if let token = write.bindCard,
            let holder = try String.fetchOne(db, sql: "SELECT customer_id FROM customer_cards WHERE token = ?", arguments: [token]), holder != write.customer.id
        {
            return .cardHeldBy(holder)
        }
        var stored = write.customer
        stored.auditIndex = try appendEvent(PreparedLeaf(write.customer.auditContent(actor: write.actor)), db: db, log: &log).index
        let arguments: StatementArguments = [
            stored.id, stored.status, stored.version, stored.createdAt, stored.updatedAt, stored.requestDigest, stored.detail, Int64(stored.auditIndex ?? 0),
        ]
        if current == nil {
            try db.execute(
                sql: "INSERT INTO customers (\(customerColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", arguments: arguments
            )
        } else {
            try db.execute(
                sql: """
                    UPDATE customers SET status = ?2, version = ?3, created_at = ?4, updated_at = ?5, request_digest = ?6, detail = ?7, audit_index = ?8
                    WHERE id = ?1
                    """,
                arguments: arguments
            )
        }
        if let token = write.bindCard {
            try db.execute(sql: "INSERT OR IGNORE INTO customer_cards (token, customer_id) VALUES (?, ?)", arguments: [token, stored.id])
        }
        let alerts = try write.alerts.map { try raiseAlert($0, db: db, log: &log) }
        return .stored(stored, alerts: alerts)
    }
}

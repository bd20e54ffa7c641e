// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import GRDB
import Ledger
public import Monitor
import StraitCore
public import StraitStore

extension SQLiteStore {
    public func raiseAlert(_ alert: NewAlert) async throws -> RaisedAlert {
        guard case .alertRaised(let raised) = try await submit(.raiseAlert(alert)) else { throw StoreError.corrupted("unexpected write output") }
        return raised
    }

    public func updateCase(id: String, action: CaseAction, actor: String, at: String, expectedVersion: Int?) async throws -> CaseUpdateOutcome {
        guard case .caseUpdated(let outcome) = try await submit(.updateCase(id: id, action: action, actor: actor, at: at, expectedVersion: expectedVersion))
        else { throw StoreError.corrupted("unexpected write output") }
        return outcome
    }

    public func alert(id: String) async throws -> Alert? {
        try readNow { db in try Self.alert(db, sql: "SELECT detail, audit_index FROM monitor_alerts WHERE id = ?", arguments: [id]) }
    }

    public func alerts(_ query: AlertQuery) async throws -> [Alert] {
        try await read { db in
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let value = query.caseID { conditions.append("case_id = ?"); arguments.append(value) }
            if let value = query.party { conditions.append("party = ?"); arguments.append(value) }
            if let value = query.outcome { conditions.append("outcome = ?"); arguments.append(value.rawValue) }
            if let value = query.source { conditions.append("source = ?"); arguments.append(value.rawValue) }
            if let value = query.sourceID { conditions.append("source_id = ?"); arguments.append(value) }
            if let value = query.typology { conditions.append("instr(typologies, ?) > 0"); arguments.append(" \(value) ") }
            if let value = query.since { conditions.append("created_at >= ?"); arguments.append(value) }
            if let value = query.until { conditions.append("created_at < ?"); arguments.append(value) }
            let order = query.newestFirst ? "DESC" : "ASC"
            if let after = query.after {
                conditions.append("seq \(query.newestFirst ? "<" : ">") COALESCE((SELECT seq FROM monitor_alerts WHERE id = ?), \(query.newestFirst ? "9223372036854775807" : "0"))")
                arguments.append(after)
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments.append(max(0, query.limit))
            return try Row.fetchAll(
                db, sql: "SELECT detail, audit_index FROM monitor_alerts \(filter) ORDER BY seq \(order) LIMIT ?", arguments: StatementArguments(arguments)
            ).map { row in try Alert.decode(detail: row[0], auditIndex: row[1]) }
        }
    }

    public func cases(_ query: CaseQuery) async throws -> [MonitorCase] {
        try await read { db in
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if !query.states.isEmpty {
                conditions.append("state IN (\(query.states.map { _ in "?" }.joined(separator: ", ")))")
                arguments.append(contentsOf: query.states.map(\.rawValue))
            }
            if let value = query.party { conditions.append("party = ?"); arguments.append(value) }
            if let value = query.assignee { conditions.append("assignee = ?"); arguments.append(value) }
            if query.unassigned { conditions.append("assignee IS NULL") }
            if let value = query.since { conditions.append("opened_at >= ?"); arguments.append(value) }
            let order = query.newestFirst ? "DESC" : "ASC"
            if let after = query.after {
                conditions.append("seq \(query.newestFirst ? "<" : ">") COALESCE((SELECT seq FROM monitor_cases WHERE id = ?), \(query.newestFirst ? "9223372036854775807" : "0"))")
                arguments.append(after)
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments.append(max(0, query.limit))
            return try String.fetchAll(db, sql: "SELECT detail FROM monitor_cases \(filter) ORDER BY seq \(order) LIMIT ?", arguments: StatementArguments(arguments))
                .map(MonitorCase.decode(detail:))
        }
    }

    public func caseDetail(id: String, alertLimit: Int) async throws -> CaseDetail? {
        try await read { db in
            guard let found = try Self.monitorCase(db, sql: "SELECT detail FROM monitor_cases WHERE id = ?", arguments: [id]) else { return nil }
            let alerts = try Row.fetchAll(
                db, sql: "SELECT detail, audit_index FROM monitor_alerts WHERE case_id = ? ORDER BY seq DESC LIMIT ?", arguments: [id, max(0, alertLimit)]
            ).map { row in try Alert.decode(detail: row[0], auditIndex: row[1]) }
            let events = try Row.fetchAll(db, sql: "SELECT detail, audit_index FROM monitor_case_events WHERE case_id = ? ORDER BY seq", arguments: [id])
                .map { row in try CaseEvent.decode(detail: row[0], auditIndex: row[1]) }
            return CaseDetail(case: found, alerts: alerts, events: events)
        }
    }

    // MARK: - On the writer

    static func raiseAlert(_ request: NewAlert, db: Database, log: inout PendingLog) throws -> RaisedAlert {
        if let existing = try alert(
            db, sql: "SELECT detail, audit_index FROM monitor_alerts WHERE source = ? AND source_id = ?",
            arguments: [request.alert.source.rawValue, request.alert.sourceID]
        ) {
            guard let found = try monitorCase(db, sql: "SELECT detail FROM monitor_cases WHERE id = ?", arguments: [existing.caseID]) else {
                throw StoreError.corrupted("alert \(existing.id) names a missing case")
            }
            return RaisedAlert(alert: existing, case: found, opened: false, existing: true)
        }
        let active = try monitorCase(
            db, sql: "SELECT detail FROM monitor_cases WHERE party = ? AND state IN ('open', 'investigating', 'escalated')", arguments: [request.alert.party]
        )
        let plan = AlertWritePlan(request, activeCase: active)
        var indexes: [UInt64] = []
        for content in plan.ledgerContents { indexes.append(try appendEvent(PreparedLeaf(content), db: db, log: &log).index) }
        let (alert, events) = plan.stored(indexes: indexes)
        try saveCase(plan.case, db: db)
        try db.execute(
            sql: """
                INSERT INTO monitor_alerts (id, case_id, source, source_id, party, outcome, typologies, created_at, audit_index, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                alert.id, alert.caseID, alert.source.rawValue, alert.sourceID, alert.party, alert.outcome.rawValue,
                " " + alert.typologies.joined(separator: " ") + " ", alert.createdAt, Int64(alert.auditIndex ?? 0), alert.canonicalJSON,
            ]
        )
        for event in events { try saveEvent(event, db: db) }
        return RaisedAlert(alert: alert, case: plan.case, opened: plan.opened, existing: false)
    }

    static func updateCase(
        id: String, action: CaseAction, actor: String, at: String, expectedVersion: Int?, db: Database, log: inout PendingLog
    ) throws -> CaseUpdateOutcome {
        guard let current = try monitorCase(db, sql: "SELECT detail FROM monitor_cases WHERE id = ?", arguments: [id]) else { return .notFound }
        if let expectedVersion, expectedVersion != current.version { return .conflict(current) }
        switch CaseWorkflow.apply(action, to: current, actor: actor, at: at) {
        case .failure(let error):
            return .refused(error)
        case .success(let (updated, event)):
            if updated.state.isActive, !current.state.isActive,
                let other = try String.fetchOne(
                    db, sql: "SELECT id FROM monitor_cases WHERE party = ? AND state IN ('open', 'investigating', 'escalated')", arguments: [updated.party]
                )
            {
                return .refused(.anotherActiveCase(other, party: updated.party))
            }
            var stored = event
            if let content = event.auditContent { stored.auditIndex = try appendEvent(PreparedLeaf(content), db: db, log: &log).index }
            try saveCase(updated, db: db)
            try saveEvent(stored, db: db)
            return .updated(updated, stored)
        }
    }

    private static func saveCase(_ saved: MonitorCase, db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO monitor_cases (id, party, state, assignee, opened_at, version, detail) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, assignee = excluded.assignee, version = excluded.version, detail = excluded.detail
                """,
            arguments: [saved.id, saved.party, saved.state.rawValue, saved.assignee, saved.openedAt, saved.version, saved.canonicalJSON]
        )
    }

    private static func saveEvent(_ event: CaseEvent, db: Database) throws {
        try db.execute(
            sql: "INSERT INTO monitor_case_events (case_id, audit_index, detail) VALUES (?, ?, ?)",
            arguments: [event.caseID, Int64(event.auditIndex ?? 0), event.canonicalJSON]
        )
    }

    private static func alert(_ db: Database, sql: String, arguments: StatementArguments) throws -> Alert? {
        guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments) else { return nil }
        return try Alert.decode(detail: row[0], auditIndex: row[1])
    }

    private static func monitorCase(_ db: Database, sql: String, arguments: StatementArguments) throws -> MonitorCase? {
        try String.fetchOne(db, sql: sql, arguments: arguments).map(MonitorCase.decode(detail:))
    }
}

// MARK: - Monitor's history

extension SQLiteStore {
    public func recordMonitorEvent(_ event: StoredMonitorEvent, alert: NewAlert?) async throws -> RecordedMonitorEvent {
        guard case .monitorEventRecorded(let recorded) = try await submit(.recordMonitorEvent(event, alert)) else {
            throw StoreError.corrupted("unexpected write output")
        }
        return recorded
    }

    public func monitorTransactions(afterAuditIndex: Int64, sinceMillis: Int64, limit: Int) async throws -> [MonitorHistoryTransaction] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT audit_index, CASE WHEN occurred_at_ms >= ? THEN body END FROM transactions WHERE audit_index > ? ORDER BY audit_index LIMIT ?",
                arguments: [sinceMillis, afterAuditIndex, max(0, limit)]
            ).map { row in MonitorHistoryTransaction(auditIndex: UInt64(max(0, row[0] as Int64)), body: row[1]) }
        }
    }

    public func monitorEvents(afterSequence: Int64, limit: Int) async throws -> [StoredMonitorEvent] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT seq, kind, id, time_ms, party, detail FROM monitor_events WHERE seq > ? ORDER BY seq LIMIT ?",
                arguments: [afterSequence, max(0, limit)]
            ).map(Self.monitorEvent)
        }
    }

    static func recordMonitorEvent(_ event: StoredMonitorEvent, alert: NewAlert?, db: Database, log: inout PendingLog) throws -> RecordedMonitorEvent {
        if let row = try Row.fetchOne(
            db, sql: "SELECT seq, kind, id, time_ms, party, detail FROM monitor_events WHERE kind = ? AND id = ?", arguments: [event.kind.rawValue, event.id]
        ) {
            return RecordedMonitorEvent(event: try monitorEvent(row), existing: true, alert: nil)
        }
        try db.execute(
            sql: "INSERT INTO monitor_events (kind, id, time_ms, party, detail) VALUES (?, ?, ?, ?, ?)",
            arguments: [event.kind.rawValue, event.id, event.timeMillis, event.party, event.detail]
        )
        var stored = event
        stored.sequence = db.lastInsertedRowID
        let raised = try alert.map { try raiseAlert($0, db: db, log: &log) }
        return RecordedMonitorEvent(event: stored, existing: false, alert: raised)
    }

    private static func monitorEvent(_ row: Row) throws -> StoredMonitorEvent {
        guard let kind = StoredMonitorEvent.Kind(rawValue: row[1]) else { throw StoreError.corrupted("monitor event has an unknown kind") }
        return StoredMonitorEvent(sequence: row[0], kind: kind, id: row[2], timeMillis: row[3], party: row[4], detail: row[5])
    }
}

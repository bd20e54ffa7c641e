// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Ledger
import Logging
public import Monitor
import PostgresNIO
import StraitCore
public import StraitStore

extension PostgresStore {
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
        try await withDeadline {
            try await Self.alerts(PostgresQuery(unsafeSQL: "SELECT detail, audit_index FROM monitor_alerts WHERE id = $1", binds: Self.bindings([id])), runner: self.client, logger: self.logger).first
        }
    }

    public func alerts(_ query: AlertQuery) async throws -> [Alert] {
        var filter = PostgresFilter()
        if let value = query.caseID { filter.add("case_id = ?", value) }
        if let value = query.party { filter.add("party = ?", value) }
        if let value = query.outcome { filter.add("outcome = ?", value.rawValue) }
        if let value = query.source { filter.add("source = ?", value.rawValue) }
        if let value = query.sourceID { filter.add("source_id = ?", value) }
        if let value = query.typology { filter.add("strpos(typologies, ?) > 0", " \(value) ") }
        if let value = query.since { filter.add("created_at >= ?", value) }
        if let value = query.until { filter.add("created_at < ?", value) }
        if let after = query.after {
            filter.add("seq \(query.newestFirst ? "<" : ">") COALESCE((SELECT seq FROM monitor_alerts WHERE id = ?), \(query.newestFirst ? Int64.max : 0))", after)
        }
        let sql = "SELECT detail, audit_index FROM monitor_alerts \(filter.clause) ORDER BY seq \(query.newestFirst ? "DESC" : "ASC") LIMIT \(max(0, query.limit))"
        let bound = filter.binds
        return try await withDeadline { try await Self.alerts(PostgresQuery(unsafeSQL: sql, binds: bound), runner: self.client, logger: self.logger) }
    }

    public func cases(_ query: CaseQuery) async throws -> [MonitorCase] {
        var filter = PostgresFilter()
        filter.any("state", query.states.map(\.rawValue))
        if let value = query.party { filter.add("party = ?", value) }
        if let value = query.assignee { filter.add("assignee = ?", value) }
        if query.unassigned { filter.add("assignee IS NULL") }
        if let value = query.since { filter.add("opened_at >= ?", value) }
        if let after = query.after {
            filter.add("seq \(query.newestFirst ? "<" : ">") COALESCE((SELECT seq FROM monitor_cases WHERE id = ?), \(query.newestFirst ? Int64.max : 0))", after)
        }
        let sql = "SELECT detail FROM monitor_cases \(filter.clause) ORDER BY seq \(query.newestFirst ? "DESC" : "ASC") LIMIT \(max(0, query.limit))"
        let bound = filter.binds
        return try await withDeadline { try await Self.cases(PostgresQuery(unsafeSQL: sql, binds: bound), runner: self.client, logger: self.logger) }
    }

    public func caseDetail(id: String, alertLimit: Int) async throws -> CaseDetail? {
        try await withDeadline {
            guard
                let found = try await Self.cases(
                    PostgresQuery(unsafeSQL: "SELECT detail FROM monitor_cases WHERE id = $1", binds: Self.bindings([id])), runner: self.client, logger: self.logger
                ).first
            else { return nil }
            let alerts = try await Self.alerts(
                PostgresQuery(
                    unsafeSQL: "SELECT detail, audit_index FROM monitor_alerts WHERE case_id = $1 ORDER BY seq DESC LIMIT \(max(0, alertLimit))",
                    binds: Self.bindings([id])
                ),
                runner: self.client, logger: self.logger
            )
            var events: [CaseEvent] = []
            let rows = try await self.client.query("SELECT detail, audit_index FROM monitor_case_events WHERE case_id = \(id) ORDER BY seq", logger: self.logger)
            for try await (detail, index) in rows.decode((String, Int64).self) { events.append(try CaseEvent.decode(detail: detail, auditIndex: index)) }
            return CaseDetail(case: found, alerts: alerts, events: events)
        }
    }

    // MARK: - In the group commit

    static func raiseAlert(_ request: NewAlert, connection: PostgresConnection, log: inout PendingLog, logger: Logger) async throws -> RaisedAlert {
        let existing = try await alerts(
            "SELECT detail, audit_index FROM monitor_alerts WHERE source = \(request.alert.source.rawValue) AND source_id = \(request.alert.sourceID)",
            runner: connection, logger: logger
        )
        if let existing = existing.first {
            guard let found = try await cases("SELECT detail FROM monitor_cases WHERE id = \(existing.caseID)", runner: connection, logger: logger).first else {
                throw StoreError.corrupted("alert \(existing.id) names a missing case")
            }
            return RaisedAlert(alert: existing, case: found, opened: false, existing: true)
        }
        let active = try await cases(
            "SELECT detail FROM monitor_cases WHERE party = \(request.alert.party) AND state IN ('open', 'investigating', 'escalated')",
            runner: connection, logger: logger
        ).first
        let plan = AlertWritePlan(request, activeCase: active)
        var indexes: [UInt64] = []
        for content in plan.ledgerContents {
            indexes.append(try await appendEvent(PreparedLeaf(content), connection: connection, log: &log, logger: logger).index)
        }
        let (alert, events) = plan.stored(indexes: indexes)
        try await saveCase(plan.case, connection: connection, logger: logger)
        try await connection.query(
            """
            INSERT INTO monitor_alerts (id, case_id, source, source_id, party, outcome, typologies, created_at, audit_index, detail)
            VALUES (\(alert.id), \(alert.caseID), \(alert.source.rawValue), \(alert.sourceID), \(alert.party), \(alert.outcome.rawValue),
                \(" " + alert.typologies.joined(separator: " ") + " "), \(alert.createdAt), \(Int64(alert.auditIndex ?? 0)), \(alert.canonicalJSON))
            """,
            logger: logger
        )
        for event in events { try await saveEvent(event, connection: connection, logger: logger) }
        return RaisedAlert(alert: alert, case: plan.case, opened: plan.opened, existing: false)
    }

    static func updateCase(
        id: String, action: CaseAction, actor: String, at: String, expectedVersion: Int?, connection: PostgresConnection, log: inout PendingLog,
        logger: Logger
    ) async throws -> CaseUpdateOutcome {
        guard let current = try await cases("SELECT detail FROM monitor_cases WHERE id = \(id) FOR UPDATE", runner: connection, logger: logger).first else {
            return .notFound
        }
        if let expectedVersion, expectedVersion != current.version { return .conflict(current) }
        switch CaseWorkflow.apply(action, to: current, actor: actor, at: at) {
        case .failure(let error):
            return .refused(error)
        case .success(let (updated, event)):
            if updated.state.isActive, !current.state.isActive {
                let rows = try await connection.query(
                    "SELECT id FROM monitor_cases WHERE party = \(updated.party) AND state IN ('open', 'investigating', 'escalated')", logger: logger
                )
                for try await other in rows.decode(String.self) { return .refused(.anotherActiveCase(other, party: updated.party)) }
            }
            var stored = event
            if let content = event.auditContent {
                stored.auditIndex = try await appendEvent(PreparedLeaf(content), connection: connection, log: &log, logger: logger).index
            }
            try await saveCase(updated, connection: connection, logger: logger)
            try await saveEvent(stored, connection: connection, logger: logger)
            return .updated(updated, stored)
        }
    }

    private static func saveCase(_ saved: MonitorCase, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO monitor_cases (id, party, state, assignee, opened_at, version, detail)
            VALUES (\(saved.id), \(saved.party), \(saved.state.rawValue), \(saved.assignee), \(saved.openedAt), \(Int32(saved.version)), \(saved.canonicalJSON))
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, assignee = excluded.assignee, version = excluded.version, detail = excluded.detail
            """,
            logger: logger
        )
    }

    private static func saveEvent(_ event: CaseEvent, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "INSERT INTO monitor_case_events (case_id, audit_index, detail) VALUES (\(event.caseID), \(Int64(event.auditIndex ?? 0)), \(event.canonicalJSON))",
            logger: logger
        )
    }

    private static func alerts(_ query: PostgresQuery, runner: some PostgresQueryRunner, logger: Logger) async throws -> [Alert] {
        var found: [Alert] = []
        for try await (detail, index) in try await runner.runQuery(query, logger: logger).decode((String, Int64).self) {
            found.append(try Alert.decode(detail: detail, auditIndex: index))
        }
        return found
    }

    private static func cases(_ query: PostgresQuery, runner: some PostgresQueryRunner, logger: Logger) async throws -> [MonitorCase] {
        var found: [MonitorCase] = []
        for try await detail in try await runner.runQuery(query, logger: logger).decode(String.self) { found.append(try MonitorCase.decode(detail: detail)) }
        return found
    }

    private static func bindings(_ values: [String]) -> PostgresBindings {
        var binds = PostgresBindings()
        for value in values { binds.append(value) }
        return binds
    }
}

// MARK: - Monitor's history

extension PostgresStore {
    public func recordMonitorEvent(_ event: StoredMonitorEvent, alert: NewAlert?) async throws -> RecordedMonitorEvent {
        guard case .monitorEventRecorded(let recorded) = try await submit(.recordMonitorEvent(event, alert)) else {
            throw StoreError.corrupted("unexpected write output")
        }
        return recorded
    }

    public func monitorTransactions(afterAuditIndex: Int64, sinceMillis: Int64, limit: Int) async throws -> [MonitorHistoryTransaction] {
        try await withDeadline {
            var found: [MonitorHistoryTransaction] = []
            let rows = try await self.client.query(
                """
                SELECT audit_index, CASE WHEN occurred_at_ms >= \(sinceMillis) THEN body END FROM transactions WHERE audit_index > \(afterAuditIndex)
                ORDER BY audit_index LIMIT \(Int64(max(0, limit)))
                """,
                logger: self.logger
            )
            for try await (index, body) in rows.decode((Int64, String?).self) { found.append(MonitorHistoryTransaction(auditIndex: UInt64(max(0, index)), body: body)) }
            return found
        }
    }

    public func monitorEvents(afterSequence: Int64, limit: Int) async throws -> [StoredMonitorEvent] {
        try await withDeadline {
            try await Self.monitorEvents(
                "SELECT seq, kind, id, time_ms, party, detail FROM monitor_events WHERE seq > \(afterSequence) ORDER BY seq LIMIT \(Int64(max(0, limit)))",
                runner: self.client, logger: self.logger
            )
        }
    }

    static func recordMonitorEvent(
        _ event: StoredMonitorEvent, alert: NewAlert?, connection: PostgresConnection, log: inout PendingLog, logger: Logger
    ) async throws -> RecordedMonitorEvent {
        let existing = try await monitorEvents(
            "SELECT seq, kind, id, time_ms, party, detail FROM monitor_events WHERE kind = \(event.kind.rawValue) AND id = \(event.id)",
            runner: connection, logger: logger
        )
        if let found = existing.first { return RecordedMonitorEvent(event: found, existing: true, alert: nil) }
        var stored = event
        let rows = try await connection.query(
            """
            INSERT INTO monitor_events (kind, id, time_ms, party, detail) VALUES (\(event.kind.rawValue), \(event.id), \(event.timeMillis), \(event.party), \(event.detail))
            RETURNING seq
            """,
            logger: logger
        )
        for try await sequence in rows.decode(Int64.self) { stored.sequence = sequence }
        var raised: RaisedAlert?
        if let alert { raised = try await raiseAlert(alert, connection: connection, log: &log, logger: logger) }
        return RecordedMonitorEvent(event: stored, existing: false, alert: raised)
    }

    private static func monitorEvents(_ query: PostgresQuery, runner: some PostgresQueryRunner, logger: Logger) async throws -> [StoredMonitorEvent] {
        var found: [StoredMonitorEvent] = []
        for try await (sequence, kind, id, time, party, detail) in try await runner.runQuery(query, logger: logger).decode((Int64, String, String, Int64, String, String).self) {
            guard let kind = StoredMonitorEvent.Kind(rawValue: kind) else { throw StoreError.corrupted("monitor event has an unknown kind") }
            found.append(StoredMonitorEvent(sequence: sequence, kind: kind, id: id, timeMillis: time, party: party, detail: detail))
        }
        return found
    }
}

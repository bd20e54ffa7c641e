// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Ledger
import StraitCore
public import Monitor
import Synchronization

/// Alerts, cases and their history, kept with the rest of the in-memory state.
struct CaseBook {
    var alerts: [Alert] = []
    var alertPosition: [String: Int] = [:]
    var alertBySource: [String: Int] = [:]
    var cases: [String: MonitorCase] = [:]
    var caseOrder: [String] = []
    var activeCase: [String: String] = [:]
    var history: [String: [CaseEvent]] = [:]
    var monitorEvents: [StoredMonitorEvent] = []
    var monitorEventIndex: [String: Int] = [:]
}

extension InMemoryStore.State {
    mutating func raise(_ request: NewAlert) -> RaisedAlert {
        let sourceKey = request.alert.source.rawValue + ":" + request.alert.sourceID
        if let position = book.alertBySource[sourceKey], let found = book.cases[book.alerts[position].caseID] {
            return RaisedAlert(alert: book.alerts[position], case: found, opened: false, existing: true)
        }
        let active = book.activeCase[request.alert.party].flatMap { book.cases[$0] }
        let plan = AlertWritePlan(request, activeCase: active)
        let indexes = plan.ledgerContents.map { append($0).index }
        let (alert, events) = plan.stored(indexes: indexes)
        if book.cases[plan.case.id] == nil { book.caseOrder.append(plan.case.id) }
        book.cases[plan.case.id] = plan.case
        book.activeCase[plan.case.party] = plan.case.id
        book.history[plan.case.id, default: []].append(contentsOf: events)
        book.alertPosition[alert.id] = book.alerts.count
        book.alertBySource[sourceKey] = book.alerts.count
        book.alerts.append(alert)
        return RaisedAlert(alert: alert, case: plan.case, opened: plan.opened, existing: false)
    }
}

extension InMemoryStore {
    public func raiseAlert(_ alert: NewAlert) async throws -> RaisedAlert {
        state.withLock { $0.raise(alert) }
    }

    public func updateCase(id: String, action: CaseAction, actor: String, at: String, expectedVersion: Int?) async throws -> CaseUpdateOutcome {
        state.withLock { state in
            guard let current = state.book.cases[id] else { return .notFound }
            if let expectedVersion, expectedVersion != current.version { return .conflict(current) }
            switch CaseWorkflow.apply(action, to: current, actor: actor, at: at) {
            case .failure(let error):
                return .refused(error)
            case .success(let (updated, event)):
                let reopened = updated.state.isActive && !current.state.isActive
                if reopened, let other = state.book.activeCase[updated.party] { return .refused(.anotherActiveCase(other, party: updated.party)) }
                var stored = event
                if let content = event.auditContent { stored.auditIndex = state.append(content).index }
                state.book.cases[id] = updated
                if !updated.state.isActive, state.book.activeCase[updated.party] == id { state.book.activeCase[updated.party] = nil }
                if reopened { state.book.activeCase[updated.party] = id }
                state.book.history[id, default: []].append(stored)
                return .updated(updated, stored)
            }
        }
    }

    public func alert(id: String) async throws -> Alert? {
        state.withLock { state in state.book.alertPosition[id].map { state.book.alerts[$0] } }
    }

    public func alerts(_ query: AlertQuery) async throws -> [Alert] {
        state.withLock { state in
            let ordered: [Alert] = query.newestFirst ? state.book.alerts.reversed() : state.book.alerts
            var start = 0
            if let after = query.after, let position = ordered.firstIndex(where: { $0.id == after }) { start = position + 1 }
            return Array(ordered[start...].lazy.filter(query.matches).prefix(max(0, query.limit)))
        }
    }

    public func cases(_ query: CaseQuery) async throws -> [MonitorCase] {
        state.withLock { state in
            let ids: [String] = query.newestFirst ? state.book.caseOrder.reversed() : state.book.caseOrder
            var start = 0
            if let after = query.after, let position = ids.firstIndex(of: after) { start = position + 1 }
            let cases = state.book.cases
            return Array(ids[start...].lazy.compactMap { cases[$0] }.filter(query.matches).prefix(max(0, query.limit)))
        }
    }

    public func caseDetail(id: String, alertLimit: Int) async throws -> CaseDetail? {
        state.withLock { state in
            guard let found = state.book.cases[id] else { return nil }
            let alerts = state.book.alerts.reversed().lazy.filter { $0.caseID == id }.prefix(max(0, alertLimit))
            return CaseDetail(case: found, alerts: Array(alerts), events: state.book.history[id] ?? [])
        }
    }
}

extension InMemoryStore {
    public func recordMonitorEvent(_ event: StoredMonitorEvent, alert: NewAlert?) async throws -> RecordedMonitorEvent {
        state.withLock { state in
            let key = event.kind.rawValue + ":" + event.id
            if let position = state.book.monitorEventIndex[key] {
                return RecordedMonitorEvent(event: state.book.monitorEvents[position], existing: true, alert: nil)
            }
            var stored = event
            stored.sequence = Int64(state.book.monitorEvents.count + 1)
            state.book.monitorEventIndex[key] = state.book.monitorEvents.count
            state.book.monitorEvents.append(stored)
            return RecordedMonitorEvent(event: stored, existing: false, alert: alert.map { state.raise($0) })
        }
    }

    public func monitorTransactions(afterAuditIndex: Int64, sinceMillis: Int64, limit: Int) async throws -> [MonitorHistoryTransaction] {
        state.withLock { state in
            let rows = state.transactions.values.filter { Int64($0.auditIndex) > afterAuditIndex }.sorted { $0.auditIndex < $1.auditIndex }
            var found: [MonitorHistoryTransaction] = []
            for row in rows.prefix(max(0, limit)) {
                // The payment's time is in its body; the in-memory store keeps no column for it.
                let inWindow = (Self.occurredMillis(row.body) ?? .min) >= sinceMillis
                found.append(MonitorHistoryTransaction(auditIndex: row.auditIndex, body: inWindow ? row.body : nil))
            }
            return found
        }
    }

    public func monitorEvents(afterSequence: Int64, limit: Int) async throws -> [StoredMonitorEvent] {
        state.withLock { state in
            Array(state.book.monitorEvents.lazy.filter { ($0.sequence ?? 0) > afterSequence }.prefix(max(0, limit)))
        }
    }

    private static func occurredMillis(_ body: String) -> Int64? {
        guard case .object(let members)? = try? JSONParser.parse(Array(body.utf8)),
            case .string(let text)? = members.first(where: { $0.0 == "timestamp" })?.1
        else { return nil }
        return Timestamp(rfc3339: text)?.epochMilliseconds
    }
}

extension AlertQuery {
    /// Whether `alert` passes the filters (for stores that filter in memory).
    public func matches(_ alert: Alert) -> Bool {
        if let caseID, alert.caseID != caseID { return false }
        if let party, alert.party != party { return false }
        if let outcome, alert.outcome != outcome { return false }
        if let source, alert.source != source { return false }
        if let sourceID, alert.sourceID != sourceID { return false }
        if let typology, !alert.typologies.contains(typology) { return false }
        if let since, alert.createdAt < since { return false }
        if let until, alert.createdAt >= until { return false }
        return true
    }
}

extension CaseQuery {
    /// Whether `found` passes the filters (for stores that filter in memory).
    public func matches(_ found: MonitorCase) -> Bool {
        if !states.isEmpty, !states.contains(found.state) { return false }
        if let party, found.party != party { return false }
        if let assignee, found.assignee != assignee { return false }
        if unassigned, found.assignee != nil { return false }
        if let since, found.openedAt < since { return false }
        return true
    }
}

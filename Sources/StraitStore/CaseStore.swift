// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
import Foundation
public import Ledger
public import Monitor
import StraitCore

/// An alert to store, and the id its case gets if it opens one.
public struct NewAlert: Sendable, Hashable {
    public var alert: Alert
    /// Used when the customer has no active case.
    public var newCaseID: String

    public init(_ alert: Alert, newCaseID: String = MonitorCase.newID()) {
        self.alert = alert
        self.newCaseID = newCaseID
    }
}

/// A stored alert and the case it joined.
public struct RaisedAlert: Sendable, Hashable {
    public var alert: Alert
    public var `case`: MonitorCase
    /// The alert opened the case.
    public var opened: Bool
    /// An alert for the same event was stored before; nothing was written.
    public var existing: Bool

    public init(alert: Alert, case: MonitorCase, opened: Bool, existing: Bool) {
        self.alert = alert
        self.case = `case`
        self.opened = opened
        self.existing = existing
    }
}

/// What an action on a case did.
public enum CaseUpdateOutcome: Sendable, Hashable {
    case updated(MonitorCase, CaseEvent)
    case notFound
    /// The workflow refused the action; nothing was written.
    case refused(CaseActionError)
    /// The case is no longer at the version the caller read; nothing was written.
    case conflict(MonitorCase)
}

/// A case with its alerts (newest first, bounded) and its whole history.
public struct CaseDetail: Sendable, Hashable {
    public var `case`: MonitorCase
    public var alerts: [Alert]
    public var events: [CaseEvent]

    public init(case: MonitorCase, alerts: [Alert], events: [CaseEvent]) {
        self.case = `case`
        self.alerts = alerts
        self.events = events
    }
}

/// Filters for reading alerts. Results are in the order alerts were stored, newest first unless
/// `newestFirst` is false; `after` continues a listing after that alert id.
public struct AlertQuery: Sendable, Hashable {
    public var caseID: String?
    public var party: String?
    public var outcome: MonitorOutcome?
    public var source: AlertSource?
    public var sourceID: String?
    public var typology: String?
    /// Alerts raised at or after / before these times (RFC 3339).
    public var since: String?
    public var until: String?
    public var after: String?
    public var limit: Int
    public var newestFirst: Bool

    public init(
        caseID: String? = nil, party: String? = nil, outcome: MonitorOutcome? = nil, source: AlertSource? = nil, sourceID: String? = nil,
        typology: String? = nil, since: String? = nil, until: String? = nil, after: String? = nil, limit: Int = 100, newestFirst: Bool = true
    ) {
        self.caseID = caseID
        self.party = party
        self.outcome = outcome
        self.source = source
        self.sourceID = sourceID
        self.typology = typology
        self.since = since
        self.until = until
        self.after = after
        self.limit = limit
        self.newestFirst = newestFirst
    }
}

/// Filters for reading cases, in the order they were opened (newest first unless `newestFirst` is
/// false); `after` continues a listing after that case id.
public struct CaseQuery: Sendable, Hashable {
    /// Any of these states (all when empty).
    public var states: [CaseState]
    public var party: String?
    public var assignee: String?
    /// Only cases without an assignee.
    public var unassigned: Bool
    /// Cases opened at or after this time (RFC 3339).
    public var since: String?
    public var after: String?
    public var limit: Int
    public var newestFirst: Bool

    public init(
        states: [CaseState] = [], party: String? = nil, assignee: String? = nil, unassigned: Bool = false, since: String? = nil, after: String? = nil,
        limit: Int = 100, newestFirst: Bool = true
    ) {
        self.states = states
        self.party = party
        self.assignee = assignee
        self.unassigned = unassigned
        self.since = since
        self.after = after
        self.limit = limit
        self.newestFirst = newestFirst
    }
}

/// Stores Monitor's alerts and the cases that group them, with every change in the ledger.
///
/// Each write is atomic with its ledger entries: `alert.raised` for an alert (and `case.opened`
/// when it opens a case), `case.updated` for each state change, assignment and note. Entries
/// carry a digest of the stored row and no free text (notes and names stay in the store).
public protocol CaseStore: Sendable {
    /// Stores an alert in its customer's active case, opening one if there is none. An alert for
    /// an event (source and source id) that already has one is not stored again: the stored one
    /// is returned with `existing`.
    func raiseAlert(_ alert: NewAlert) async throws -> RaisedAlert
    /// Applies an analyst's action through ``CaseWorkflow``. With `expectedVersion` the action is
    /// refused (`.conflict`) when the case changed since the caller read it.
    func updateCase(id: String, action: CaseAction, actor: String, at: String, expectedVersion: Int?) async throws -> CaseUpdateOutcome
    func alert(id: String) async throws -> Alert?
    func alerts(_ query: AlertQuery) async throws -> [Alert]
    func cases(_ query: CaseQuery) async throws -> [MonitorCase]
    /// A case, its newest `alertLimit` alerts and its history.
    func caseDetail(id: String, alertLimit: Int) async throws -> CaseDetail?
}

// MARK: - Ledger entries and stored rows (shared by every implementation)

extension AuditEventType {
    /// The audit types of Monitor's alerts and cases.
    public static let caseTypes: Set<AuditEventType> = [.alertRaised, .caseOpened, .caseUpdated]
}

extension Alert {
    /// Canonical JSON (sorted keys) without the audit index: the stored row's detail.
    public var canonicalJSON: String {
        var copy = self
        copy.auditIndex = nil
        return CaseJSON.encode(copy)
    }

    /// The ledger entry that records this alert: ids, outcome, score, typologies and a digest of
    /// the stored row (the evidence text stays in the store).
    public var auditContent: AuditEventContent {
        struct Payload: Encodable {
            var alert: String
            var `case`: String
            var source: String
            var sourceId: String
            var outcome: String
            var score: Double
            var scenarioVersion: String
            var typologies: [String]
            var digest: String
        }
        let payload = Payload(
            alert: id, case: caseID, source: source.rawValue, sourceId: sourceID, outcome: outcome.rawValue, score: (score * 100).rounded() / 100,
            scenarioVersion: scenarioVersion, typologies: typologies, digest: SHA256.hexDigest(canonicalJSON)
        )
        return AuditEventContent(timestamp: createdAt, type: .alertRaised, actor: "monitor", subject: id, payload: CaseJSON.encode(payload))
    }

    /// Decodes a stored row's detail.
    public static func decode(detail: String, auditIndex: Int64) throws -> Alert {
        guard var alert = try? JSONDecoder().decode(Alert.self, from: Data(detail.utf8)), auditIndex >= 0 else {
            throw StoreError.corrupted("alert row cannot be decoded")
        }
        alert.auditIndex = UInt64(auditIndex)
        return alert
    }
}

extension CaseEvent {
    /// Canonical JSON (sorted keys) without the audit index.
    public var canonicalJSON: String {
        var copy = self
        copy.auditIndex = nil
        return CaseJSON.encode(copy)
    }

    /// The ledger entry for this change (`case.opened` or `case.updated`): the kind, states,
    /// version and a digest of the stored history entry (assignee names and notes stay in the store).
    /// An `alert` entry has none: the alert's own entry records it.
    public var auditContent: AuditEventContent? {
        guard kind != .alert else { return nil }
        struct Payload: Encodable {
            var `case`: String
            var kind: String
            var from: String?
            var to: String?
            var version: Int
            var digest: String
        }
        let payload = Payload(
            case: caseID, kind: kind.rawValue, from: fromState?.rawValue, to: toState?.rawValue, version: version,
            digest: SHA256.hexDigest(canonicalJSON)
        )
        return AuditEventContent(
            timestamp: at, type: kind == .opened ? .caseOpened : .caseUpdated, actor: actor, subject: caseID, payload: CaseJSON.encode(payload)
        )
    }

    public static func decode(detail: String, auditIndex: Int64) throws -> CaseEvent {
        guard var event = try? JSONDecoder().decode(CaseEvent.self, from: Data(detail.utf8)), auditIndex >= 0 else {
            throw StoreError.corrupted("case history row cannot be decoded")
        }
        event.auditIndex = UInt64(auditIndex)
        return event
    }
}

extension MonitorCase {
    public var canonicalJSON: String { CaseJSON.encode(self) }

    public static func decode(detail: String) throws -> MonitorCase {
        guard let decoded = try? JSONDecoder().decode(MonitorCase.self, from: Data(detail.utf8)) else {
            throw StoreError.corrupted("case row cannot be decoded")
        }
        return decoded
    }
}

/// Sorted-key JSON for case rows and ledger payloads.
enum CaseJSON {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// The writes that storing an alert makes, computed from what the store read: the store appends
/// `entries` to the ledger in order, then writes the rows with the indexes they got.
public struct AlertWritePlan: Sendable {
    /// The alert (its case id set), the case after it, and the case's history entries
    /// (`opened` first when the alert opens the case, then `alert`).
    public var alert: Alert
    public var `case`: MonitorCase
    public var events: [CaseEvent]
    public var opened: Bool

    /// Plans storing `request` given the customer's active case (if any).
    public init(_ request: NewAlert, activeCase: MonitorCase?) {
        var alert = request.alert
        let (updated, events, opened) = CaseWorkflow.attach(alert, to: activeCase, newCaseID: request.newCaseID)
        alert.caseID = updated.id
        self.alert = alert
        self.case = updated
        self.events = events
        self.opened = opened
    }

    /// The ledger contents in order: `case.opened` (when opened), then `alert.raised`.
    public var ledgerContents: [AuditEventContent] {
        events.compactMap(\.auditContent) + [alert.auditContent]
    }

    /// The plan's records with the indexes their entries got (`indexes` in the order of ``ledgerContents``).
    public func stored(indexes: [UInt64]) -> (alert: Alert, events: [CaseEvent]) {
        var alert = self.alert
        alert.auditIndex = indexes.last
        var next = 0
        let events = self.events.map { event in
            var event = event
            if event.kind == .alert {
                event.auditIndex = indexes.last
            } else {
                event.auditIndex = indexes[next]
                next += 1
            }
            return event
        }
        return (alert, events)
    }
}

// MARK: - Monitor's history

/// A login or KYC outcome as Monitor's history keeps it, so that profiles can be rebuilt at start
/// and followed by the other instances of a region.
public struct StoredMonitorEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case login
        case kyc
    }

    /// The store's order (set when stored).
    public var sequence: Int64?
    public var kind: Kind
    /// The caller's id for the event: one event per kind and id.
    public var id: String
    public var timeMillis: Int64
    public var party: String
    /// JSON of the event and of Monitor's decision on it.
    public var detail: String

    public init(sequence: Int64? = nil, kind: Kind, id: String, timeMillis: Int64, party: String, detail: String) {
        self.sequence = sequence
        self.kind = kind
        self.id = id
        self.timeMillis = timeMillis
        self.party = party
        self.detail = detail
    }
}

/// What recording a login or KYC outcome did.
public struct RecordedMonitorEvent: Sendable, Hashable {
    public var event: StoredMonitorEvent
    /// An event of the same kind and id was stored before (it is returned; nothing was written).
    public var existing: Bool
    public var alert: RaisedAlert?

    public init(event: StoredMonitorEvent, existing: Bool, alert: RaisedAlert?) {
        self.event = event
        self.existing = existing
        self.alert = alert
    }
}

/// A stored payment for Monitor's replay: its audit index and canonical body (`nil` when the payment
/// happened before the window asked for: the reader moves past it without learning it).
public struct MonitorHistoryTransaction: Sendable, Hashable {
    public var auditIndex: UInt64
    public var body: String?

    public init(auditIndex: UInt64, body: String?) {
        self.auditIndex = auditIndex
        self.body = body
    }
}

/// Monitor's inputs as stored: payments (in their own table) and logins and KYC outcomes.
public protocol MonitorHistoryStore: Sendable {
    /// Stores a login or KYC outcome, and the alert it raised, in one write — unless an event of
    /// the same kind and id exists, which is returned instead.
    func recordMonitorEvent(_ event: StoredMonitorEvent, alert: NewAlert?) async throws -> RecordedMonitorEvent
    /// Stored payments with an audit index above `afterAuditIndex` (−1: all), in audit order, at most
    /// `limit`; the body only of those that happened at or after `sinceMillis`.
    func monitorTransactions(afterAuditIndex: Int64, sinceMillis: Int64, limit: Int) async throws -> [MonitorHistoryTransaction]
    /// Stored logins and KYC outcomes after `afterSequence` (−1: all), in store order, at most `limit`.
    func monitorEvents(afterSequence: Int64, limit: Int) async throws -> [StoredMonitorEvent]
}

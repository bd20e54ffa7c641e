// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import StraitCore

/// What raised an alert.
public enum AlertSource: String, Sendable, Hashable, Codable, CaseIterable {
    case transaction
    case login
    /// A customer's screening against sanctions and PEP lists (at onboarding or after a list update).
    case screening
}

/// A decision of Monitor that an analyst must look at: a payment or login judged `review` or
/// `block`, with the scenarios that held and their evidence.
///
/// Alerts are grouped into cases per customer (``MonitorCase``): a customer's alerts join the
/// customer's active case, or open a new one.
public struct Alert: Sendable, Hashable, Codable {
    /// `alt_` followed by 16 hex digits.
    public var id: String
    /// The case it belongs to (set by the store when it is raised).
    public var caseID: String
    /// When it was raised (RFC 3339).
    public var createdAt: String
    /// When the event happened (RFC 3339).
    public var occurredAt: String
    public var source: AlertSource
    /// The transaction or login id.
    public var sourceID: String
    /// The customer the alert is about (its case groups by it).
    public var party: String
    /// The customer's account and the counterparty's, for a payment.
    public var account: String?
    public var counterparty: String?
    /// `review` or `block`.
    public var outcome: MonitorOutcome
    public var score: Double
    public var scenarioVersion: String
    public var scenarios: [MatchedScenario]
    /// The typologies that found something, in order.
    public var typologies: [String]
    /// The ledger entry that records it (set when stored).
    public var auditIndex: UInt64?

    public init(
        id: String, caseID: String = "", createdAt: String, occurredAt: String, source: AlertSource, sourceID: String, party: String,
        account: String? = nil, counterparty: String? = nil, outcome: MonitorOutcome, score: Double, scenarioVersion: String,
        scenarios: [MatchedScenario], typologies: [String], auditIndex: UInt64? = nil
    ) {
        self.id = id
        self.caseID = caseID
        self.createdAt = createdAt
        self.occurredAt = occurredAt
        self.source = source
        self.sourceID = sourceID
        self.party = party
        self.account = account
        self.counterparty = counterparty
        self.outcome = outcome
        self.score = score
        self.scenarioVersion = scenarioVersion
        self.scenarios = scenarios
        self.typologies = typologies
        self.auditIndex = auditIndex
    }

    enum CodingKeys: String, CodingKey {
        case id, caseID = "caseId", createdAt, occurredAt, source, sourceID = "sourceId", party, account, counterparty, outcome, score
        case scenarioVersion, scenarios, typologies, auditIndex
    }

    /// A new alert id: `alt_` and 64 random bits in hex.
    public static func newID() -> String { "alt_" + randomHex(8) }

    /// The typologies whose findings concern the receiving side of a payment: an alert that only
    /// they raised is about the beneficiary's customer.
    public static let receivingSideTypologies: Set<String> = ["fan-in", "scatter-gather"]

    /// The alert for a payment Monitor did not allow, about the customer the evidence concerns
    /// (the payer, or the payee when only receiving-side typologies found something); `nil` when
    /// Monitor allowed it.
    public static func forPayment(
        _ transaction: MonitoredTransaction, decision: MonitorDecision, id: String = Alert.newID(), at createdAt: String
    ) -> Alert? {
        guard decision.outcome != .allow else { return nil }
        let typologies = decision.findings.map(\.typology)
        let receiving = !typologies.isEmpty && typologies.allSatisfy(receivingSideTypologies.contains)
        let party = receiving ? (transaction.toParty ?? transaction.to) : (transaction.fromParty ?? transaction.from)
        return Alert(
            id: id, createdAt: createdAt, occurredAt: Timestamp.format(epochMilliseconds: transaction.time * 1_000), source: .transaction,
            sourceID: transaction.id, party: party, account: receiving ? transaction.to : transaction.from,
            counterparty: receiving ? transaction.from : transaction.to, outcome: decision.outcome, score: decision.score,
            scenarioVersion: decision.scenarioVersion, scenarios: decision.scenarios, typologies: typologies
        )
    }

    /// The alert for a login Monitor did not allow; `nil` when it allowed it.
    public static func forLogin(_ login: MonitoredLogin, decision: MonitorDecision, id: String = Alert.newID(), at createdAt: String) -> Alert? {
        guard decision.outcome != .allow else { return nil }
        return Alert(
            id: id, createdAt: createdAt, occurredAt: Timestamp.format(epochMilliseconds: login.time * 1_000), source: .login, sourceID: login.id,
            party: login.party, outcome: decision.outcome, score: decision.score, scenarioVersion: decision.scenarioVersion,
            scenarios: decision.scenarios, typologies: decision.findings.map(\.typology)
        )
    }
}

/// Where a case stands. Active cases (open, investigating, escalated) collect their customer's new
/// alerts; a reported or closed case does not (a new alert opens a new case).
public enum CaseState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Raised by alerts, not yet picked up.
    case open
    /// An analyst is looking at it.
    case investigating
    /// Handed to a senior officer (the MLRO) for a decision.
    case escalated
    /// A suspicious-transaction report was filed: final.
    case reported
    /// Closed without a report (false positive, explained activity); may be reopened.
    case closed

    /// Whether the case collects new alerts.
    public var isActive: Bool { self == .open || self == .investigating || self == .escalated }

    /// The states a case may move to from this one.
    public var successors: [CaseState] {
        switch self {
        case .open: [.investigating, .closed]
        case .investigating: [.escalated, .closed]
        case .escalated: [.investigating, .reported, .closed]
        case .reported: []
        case .closed: [.investigating]
        }
    }

    /// Whether the move to `next` needs a note (the reason to close, the report's reference, why a
    /// closed case is reopened).
    public func needsNote(to next: CaseState) -> Bool {
        next == .closed || next == .reported || self == .closed
    }
}

/// A customer's case: the alerts raised about them while it is active, its state, who works on it.
public struct MonitorCase: Sendable, Hashable, Codable {
    /// `case_` followed by 16 hex digits.
    public var id: String
    public var party: String
    public var state: CaseState
    /// The analyst it is assigned to, if any.
    public var assignee: String?
    public var openedAt: String
    public var updatedAt: String
    public var alertCount: Int
    public var highestScore: Double
    public var lastAlertAt: String
    /// Whether any of its alerts blocked a payment or login.
    public var blocked: Bool
    /// The note of the last move to `closed` or `reported`.
    public var resolution: String?
    /// Starts at 1 and grows with every change: a writer names the version it read to refuse
    /// lost updates.
    public var version: Int

    public init(
        id: String, party: String, state: CaseState = .open, assignee: String? = nil, openedAt: String, updatedAt: String, alertCount: Int = 0,
        highestScore: Double = 0, lastAlertAt: String, blocked: Bool = false, resolution: String? = nil, version: Int = 1
    ) {
        self.id = id
        self.party = party
        self.state = state
        self.assignee = assignee
        self.openedAt = openedAt
        self.updatedAt = updatedAt
        self.alertCount = alertCount
        self.highestScore = highestScore
        self.lastAlertAt = lastAlertAt
        self.blocked = blocked
        self.resolution = resolution
        self.version = version
    }

    /// A new case id: `case_` and 64 random bits in hex.
    public static func newID() -> String { "case_" + randomHex(8) }
}

/// One entry of a case's history.
public struct CaseEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The case was opened by an alert.
        case opened
        /// An alert joined the case.
        case alert
        /// The state changed.
        case state
        /// The assignee changed (or was removed).
        case assigned
        /// An analyst wrote a note.
        case note
    }

    public var caseID: String
    public var at: String
    /// An API key id, or `monitor` for alerts.
    public var actor: String
    public var kind: Kind
    public var fromState: CaseState?
    public var toState: CaseState?
    public var assignee: String?
    public var note: String?
    public var alertID: String?
    /// The case's version after the change.
    public var version: Int
    /// The ledger entry that records it (set when stored; for `alert` the alert's entry).
    public var auditIndex: UInt64?

    enum CodingKeys: String, CodingKey {
        case caseID = "caseId", at, actor, kind, fromState, toState, assignee, note, alertID = "alertId", version, auditIndex
    }

    public init(
        caseID: String, at: String, actor: String, kind: Kind, fromState: CaseState? = nil, toState: CaseState? = nil, assignee: String? = nil,
        note: String? = nil, alertID: String? = nil, version: Int, auditIndex: UInt64? = nil
    ) {
        self.caseID = caseID
        self.at = at
        self.actor = actor
        self.kind = kind
        self.fromState = fromState
        self.toState = toState
        self.assignee = assignee
        self.note = note
        self.alertID = alertID
        self.version = version
        self.auditIndex = auditIndex
    }
}

/// What an analyst does to a case.
public enum CaseAction: Sendable, Hashable {
    /// Moves the case to another state, with a note where the move needs one.
    case transition(to: CaseState, note: String?)
    /// Assigns the case to an analyst, or removes the assignee (`nil`).
    case assign(String?)
    /// Adds a note.
    case note(String)
}

/// Why an action on a case was refused: a stable code and a sentence.
public struct CaseActionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `invalid_transition`, `note_required`, `invalid_note`, `invalid_assignee`, `case_final`,
    /// `another_active_case`.
    public var code: String
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// A closed case cannot be reopened while its customer has another active case.
    public static func anotherActiveCase(_ other: String, party: String) -> CaseActionError {
        CaseActionError("another_active_case", "customer \(party) has another active case, \(other); work on that one")
    }
}

/// The rules of a case's life, as values: each action on a case either yields the changed case
/// and its history entry, or a refusal with a reason. Stores apply them inside their write.
public enum CaseWorkflow {
    /// The longest note kept (characters).
    public static let maxNoteLength = 4_000
    /// The longest assignee name.
    public static let maxAssigneeLength = 128

    /// Applies `action` to `current`.
    public static func apply(_ action: CaseAction, to current: MonitorCase, actor: String, at: String) -> Result<(MonitorCase, CaseEvent), CaseActionError> {
        var next = current
        next.version += 1
        next.updatedAt = at
        var event = CaseEvent(caseID: current.id, at: at, actor: actor, kind: .note, version: next.version)
        switch action {
        case .transition(let target, let note):
            guard current.state.successors.contains(target) else {
                if current.state == .reported { return .failure(CaseActionError("case_final", "case \(current.id) was reported; a reported case does not change")) }
                let allowed = current.state.successors.map(\.rawValue).joined(separator: ", ")
                return .failure(CaseActionError("invalid_transition", "a case that is \(current.state.rawValue) can move to \(allowed), not \(target.rawValue)"))
            }
            let text = note.map(trimmed)
            if current.state.needsNote(to: target), text?.isEmpty ?? true {
                return .failure(CaseActionError("note_required", "moving a case from \(current.state.rawValue) to \(target.rawValue) needs a note saying why"))
            }
            if let text, let problem = noteProblem(text) { return .failure(problem) }
            next.state = target
            if target == .closed || target == .reported { next.resolution = text }
            event.kind = .state
            event.fromState = current.state
            event.toState = target
            event.note = text.flatMap { $0.isEmpty ? nil : $0 }
        case .assign(let assignee):
            guard current.state != .reported else { return .failure(CaseActionError("case_final", "case \(current.id) was reported; a reported case does not change")) }
            let name = assignee.map(trimmed)
            if let name, name.isEmpty || name.count > maxAssigneeLength || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                return .failure(CaseActionError("invalid_assignee", "the assignee must be 1–\(maxAssigneeLength) characters without control characters"))
            }
            next.assignee = name
            event.kind = .assigned
            event.assignee = name
        case .note(let note):
            let text = trimmed(note)
            if let problem = noteProblem(text) { return .failure(problem) }
            guard !text.isEmpty else { return .failure(CaseActionError("invalid_note", "a note must not be empty")) }
            event.kind = .note
            event.note = text
        }
        return .success((next, event))
    }

    /// Adds an alert to the customer's active case, or opens a case for it (`existing` is `nil` or
    /// not active). Returns the case, its history entries and whether it was opened.
    public static func attach(_ alert: Alert, to existing: MonitorCase?, newCaseID: String) -> (MonitorCase, [CaseEvent], opened: Bool) {
        var events: [CaseEvent] = []
        var current: MonitorCase
        var opened = false
        if let existing, existing.state.isActive, existing.party == alert.party {
            current = existing
            current.version += 1
        } else {
            current = MonitorCase(id: newCaseID, party: alert.party, openedAt: alert.createdAt, updatedAt: alert.createdAt, lastAlertAt: alert.createdAt)
            events.append(CaseEvent(caseID: newCaseID, at: alert.createdAt, actor: "monitor", kind: .opened, toState: .open, alertID: alert.id, version: 1))
            opened = true
        }
        current.alertCount += 1
        current.highestScore = max(current.highestScore, alert.score)
        current.lastAlertAt = max(current.lastAlertAt, alert.createdAt)
        current.updatedAt = max(current.updatedAt, alert.createdAt)
        current.blocked = current.blocked || alert.outcome == .block
        events.append(CaseEvent(caseID: current.id, at: alert.createdAt, actor: "monitor", kind: .alert, alertID: alert.id, version: current.version))
        return (current, events, opened)
    }

    static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    static func noteProblem(_ text: String) -> CaseActionError? {
        if text.count > maxNoteLength { return CaseActionError("invalid_note", "a note is at most \(maxNoteLength) characters") }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }) {
            return CaseActionError("invalid_note", "a note must not contain control characters other than line breaks and tabs")
        }
        return nil
    }
}

/// `count` random bytes as lower-case hex.
func randomHex(_ count: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    var text = ""
    text.reserveCapacity(count * 2)
    for _ in 0..<count {
        let byte = UInt8.random(in: 0...255, using: &generator)
        text += String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
    }
    return text
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
public import Monitor
public import StraitCore
public import StraitStore
import Synchronization

/// Monitor's engine behind a lock, for the payment and login paths: each event is judged before it
/// is stored and learnt once it is (an idempotent replay is not learnt twice).
///
/// Profiles are rebuilt from the store when the node starts (``rebuild(from:sinceMillis:)``): every
/// stored payment, login and KYC outcome of the history window is learnt again, in store order.
/// Several instances of a region sharing one database follow each other with ``follow(_:)``: each
/// learns what the others stored, and skips what it learnt itself.
public final class TransactionMonitor: Sendable {
    private struct State {
        var engine: MonitorEngine
        /// Ids (`t:` payments, `login:`/`kyc:` events) this instance learns itself, so that the
        /// follower skips them; kept only while following.
        var local: Set<String> = []
        var transactionCursor: Int64 = -1
        var eventCursor: Int64 = -1
        /// The history was read once (``rebuild(from:sinceMillis:pageSize:)``): the follower may start.
        var positioned = false
    }

    private let state: Mutex<State>
    /// The region (node) that receives the payments, recorded with each one for `cross-region-burst`.
    public let region: String?
    /// Resolves a login's country from its IP address when the login names none (`monitor.ip_countries`).
    public let ipCountries: IPCountryTable?
    /// Whether another instance may write to the same store (then locally learnt ids are kept for the follower).
    public let following: Bool

    public init(scenarios: ScenarioSet, model: AnomalyModel? = nil, region: String? = nil, ipCountries: IPCountryTable? = nil, following: Bool = false) {
        let engine = MonitorEngine(scenarios: scenarios)
        engine.model = model
        self.state = Mutex(State(engine: engine))
        self.region = region
        self.ipCountries = ipCountries
        self.following = following
    }

    /// The version of the scenario file in force, recorded with every decision.
    public var scenarioVersion: String { state.withLock { $0.engine.scenarios.version } }

    /// Puts a new scenario set in force (hot reload); profiles are kept.
    public func reload(_ scenarios: ScenarioSet) {
        state.withLock { $0.engine.reload(scenarios) }
    }

    /// The payment as Monitor sees it: accounts, amount in major units, parties, countries, device, region.
    public func monitored(_ instruction: PaymentInstruction) -> MonitoredTransaction {
        var transaction = Self.monitored(instruction)
        transaction.region = region
        return transaction
    }

    /// The payment as Monitor sees it, without a region.
    public static func monitored(_ instruction: PaymentInstruction) -> MonitoredTransaction {
        let currency = instruction.amount.currency
        var scale = 1.0
        for _ in 0..<currency.minorUnits { scale *= 10 }
        return MonitoredTransaction(
            id: instruction.id.rawValue, time: instruction.timestamp.epochMilliseconds / 1_000,
            from: instruction.originator.account.rawValue, to: instruction.beneficiary.account.rawValue,
            amount: Double(instruction.amount.minor) / scale, currency: currency.code,
            fromCountry: instruction.originator.country.rawValue, toCountry: instruction.beneficiary.country.rawValue,
            fromParty: instruction.originator.partyID.rawValue, toParty: instruction.beneficiary.partyID.rawValue, device: instruction.device
        )
    }

    // MARK: - Payments

    /// Judges a payment (without learning from it).
    public func evaluate(_ instruction: PaymentInstruction) -> MonitorDecision {
        evaluate(monitored(instruction))
    }

    /// Judges a payment as Monitor sees it (without learning from it).
    public func evaluate(_ transaction: MonitoredTransaction) -> MonitorDecision {
        state.withLock { $0.engine.evaluate(transaction) }
    }

    /// A stored input of Monitor, named for the follower.
    public enum HistoryKey: Sendable, Hashable {
        case transaction(String)
        case login(String)
        case kyc(String)

        var text: String {
            switch self {
            case .transaction(let id): "t:" + id
            case .login(let id): "login:" + id
            case .kyc(let id): "kyc:" + id
            }
        }
    }

    /// Says that this instance is about to store an input and will learn it itself: the follower
    /// skips it when it finds it in the store. Call ``notCreated(_:)`` if the store did not create it.
    public func expect(_ key: HistoryKey) {
        guard following else { return }
        _ = state.withLock { $0.local.insert(key.text) }
    }

    /// The store did not create the input (a replay or a conflict): forget the expectation.
    public func notCreated(_ key: HistoryKey) {
        guard following else { return }
        _ = state.withLock { $0.local.remove(key.text) }
    }

    /// Learns from a stored payment.
    public func learn(_ instruction: PaymentInstruction) {
        learn(monitored(instruction))
    }

    /// Learns from a stored payment as Monitor saw it when it judged it.
    public func learn(_ transaction: MonitoredTransaction) {
        state.withLock { $0.engine.learn(transaction) }
    }

    // MARK: - Logins and KYC outcomes

    /// The login with its country resolved from its IP address when it names none.
    public func resolved(_ login: MonitoredLogin) -> MonitoredLogin {
        guard login.country == nil, let ip = login.clientIP, let country = ipCountries?.country(of: ip) else { return login }
        var resolved = login
        resolved.country = country
        return resolved
    }

    /// Judges a login (without learning from it).
    public func evaluate(_ login: MonitoredLogin) -> MonitorDecision {
        state.withLock { $0.engine.evaluate(login) }
    }

    /// Learns from a stored login.
    public func learn(_ login: MonitoredLogin) {
        state.withLock { $0.engine.learn(login) }
    }

    /// Judges a login and learns from it, without storing it.
    public func judge(_ login: MonitoredLogin) -> MonitorDecision {
        state.withLock { $0.engine.process(login) }
    }

    /// Learns a stored KYC outcome. Returns whether it is now the party's latest.
    @discardableResult
    public func learn(_ outcome: MonitoredKYCOutcome) -> Bool {
        state.withLock { $0.engine.process(outcome) }
    }

    // MARK: - History

    /// What a rebuild or a follow step learnt.
    public struct HistoryCount: Sendable, Hashable {
        public var transactions = 0
        public var logins = 0
        public var kycOutcomes = 0
        /// Stored rows that could not be read back (counted, skipped).
        public var unreadable = 0

        public init() {}
    }

    /// Learns the stored history from `sinceMillis` on: payments in audit order, then logins and
    /// KYC outcomes in store order. Call before the node serves; afterwards ``follow(_:)`` continues
    /// from where it stopped.
    /// With `sinceMillis` = `.max` nothing is learnt, but the follower is placed after the stored
    /// history. Call it once, before the node serves and before ``follow(_:pageSize:)``.
    public func rebuild(from store: any MonitorHistoryStore, sinceMillis: Int64, pageSize: Int = 2_000) async throws -> HistoryCount {
        var count = HistoryCount()
        while try await step(store, sinceMillis: sinceMillis, pageSize: pageSize, skipLocal: false, count: &count) {}
        state.withLock { $0.positioned = true }
        return count
    }

    /// Learns what other instances stored since the last call (or the rebuild), skipping what this
    /// instance learnt itself. Does nothing until the rebuild placed it.
    public func follow(_ store: any MonitorHistoryStore, pageSize: Int = 2_000) async throws -> HistoryCount {
        var count = HistoryCount()
        guard state.withLock({ $0.positioned }) else { return count }
        while try await step(store, sinceMillis: .min, pageSize: pageSize, skipLocal: true, count: &count) {}
        return count
    }

    /// One page of each stream; returns whether a page was full (more may follow).
    private func step(_ store: any MonitorHistoryStore, sinceMillis: Int64, pageSize: Int, skipLocal: Bool, count: inout HistoryCount) async throws -> Bool {
        let (transactionCursor, eventCursor) = state.withLock { ($0.transactionCursor, $0.eventCursor) }
        let payments = try await store.monitorTransactions(afterAuditIndex: transactionCursor, sinceMillis: sinceMillis, limit: pageSize)
        var decoded: [(UInt64, MonitoredTransaction?, Bool)] = []
        decoded.reserveCapacity(payments.count)
        for payment in payments {
            guard let body = payment.body else { decoded.append((payment.auditIndex, nil, false)); continue }
            let transaction = Self.decodePayment(body).map(monitored)
            decoded.append((payment.auditIndex, transaction, transaction == nil))
        }
        let events = try await store.monitorEvents(afterSequence: eventCursor, limit: pageSize)
        var learnt = HistoryCount()
        state.withLock { state in
            for (index, transaction, unreadable) in decoded {
                state.transactionCursor = max(state.transactionCursor, Int64(index))
                if unreadable { learnt.unreadable += 1 }
                guard let transaction else { continue }
                if skipLocal, state.local.remove(HistoryKey.transaction(transaction.id).text) != nil { continue }
                state.engine.learn(transaction)
                learnt.transactions += 1
            }
            for event in events {
                state.eventCursor = max(state.eventCursor, event.sequence ?? state.eventCursor)
                guard event.timeMillis >= sinceMillis else { continue }
                if skipLocal, state.local.remove((event.kind == .login ? HistoryKey.login(event.id) : .kyc(event.id)).text) != nil { continue }
                switch event.kind {
                case .login:
                    guard let login = MonitorEventDetail.login(event.detail) else { learnt.unreadable += 1; continue }
                    state.engine.learn(login)
                    learnt.logins += 1
                case .kyc:
                    guard let outcome = MonitorEventDetail.kyc(event.detail) else { learnt.unreadable += 1; continue }
                    state.engine.process(outcome)
                    learnt.kycOutcomes += 1
                }
            }
        }
        count.transactions += learnt.transactions
        count.logins += learnt.logins
        count.kycOutcomes += learnt.kycOutcomes
        count.unreadable += learnt.unreadable
        return payments.count == pageSize || events.count == pageSize
    }

    static func decodePayment(_ body: String) -> PaymentInstruction? {
        guard let json = try? JSONParser.parse(Array(body.utf8)), let draft = try? PaymentInstructionDraft(json: json),
            case .success(let instruction) = draft.validate()
        else { return nil }
        return instruction
    }

    // MARK: - Decisions

    /// The pipeline's decision with Monitor's: the more severe outcome, and every reason of both
    /// (Monitor's as `monitor.<scenario>` with the scenario file's version as the rule).
    public static func combine(_ decision: Decision, with monitor: MonitorDecision) -> Decision {
        var combined = decision
        let outcome: DecisionOutcome = monitor.outcome == .block ? .block : monitor.outcome == .review ? .review : .allow
        combined.outcome = max(decision.outcome, outcome)
        for scenario in monitor.scenarios {
            combined.reasons.append(
                DecisionReason(
                    code: "monitor.\(scenario.id)", rule: "monitor:\(monitor.scenarioVersion)",
                    message: "\(scenario.description) — \(scenario.evidence.joined(separator: "; ")) (+\(Int(scenario.score.rounded())) points; score \(Int(monitor.score.rounded())))"
                )
            )
        }
        return combined
    }
}

/// The stored form of a login or KYC outcome with Monitor's decision on it.
public enum MonitorEventDetail {
    struct LoginDetail: Codable {
        var login: MonitoredLogin
        var decision: MonitorDecision
    }

    struct KYCDetail: Codable {
        var outcome: MonitoredKYCOutcome
    }

    /// JSON of a login and its decision.
    public static func encode(login: MonitoredLogin, decision: MonitorDecision) -> String {
        json(LoginDetail(login: login, decision: decision))
    }

    /// JSON of a KYC outcome.
    public static func encode(kyc: MonitoredKYCOutcome) -> String {
        json(KYCDetail(outcome: kyc))
    }

    public static func login(_ detail: String) -> MonitoredLogin? {
        (try? JSONDecoder().decode(LoginDetail.self, from: Data(detail.utf8)))?.login
    }

    public static func loginDecision(_ detail: String) -> MonitorDecision? {
        (try? JSONDecoder().decode(LoginDetail.self, from: Data(detail.utf8)))?.decision
    }

    public static func kyc(_ detail: String) -> MonitoredKYCOutcome? {
        (try? JSONDecoder().decode(KYCDetail.self, from: Data(detail.utf8)))?.outcome
    }

    private static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

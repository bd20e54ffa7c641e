// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import CoreMetrics
public import Monitor
public import StraitCore
public import StraitStore

/// `POST /v1/transactions` and `GET /v1/transactions/{id}`: the vertical slice of a payment.
///
/// The path of one payment: decode (400) → validate (422) → decide (``DecisionPipeline``) →
/// store atomically with its audit entry (``TransactionStore/record(_:)``) → answer. The same id
/// with the same body answers the stored result again; with another body, 409.
public struct TransactionController: Sendable {
    let store: any StraitStore
    let pipeline: DecisionPipeline
    let metrics: StraitMetrics
    let maxBodyBytes: Int
    let now: @Sendable () -> Timestamp
    /// Tokenises accounts before the payment is decided and stored (`residency.tokenise_payments`).
    let accounts: AccountTokeniser?
    /// Transaction monitoring: judged with the pipeline, learnt once stored.
    let monitor: TransactionMonitor?
    /// With `screening.require_active_customer`: a payer that is not an active customer is blocked.
    let customers: CustomerService?

    static let submitters: Set<Role> = [.service, .admin]
    static let readers: Set<Role> = [.service, .analyst, .auditor, .admin]

    public init(
        store: any StraitStore, pipeline: DecisionPipeline, metrics: StraitMetrics, maxBodyBytes: Int,
        now: @escaping @Sendable () -> Timestamp, accounts: AccountTokeniser? = nil, monitor: TransactionMonitor? = nil,
        customers: CustomerService? = nil
    ) {
        self.customers = customers
        self.accounts = accounts
        self.monitor = monitor
        self.store = store
        self.pipeline = pipeline
        self.metrics = metrics
        self.maxBodyBytes = maxBodyBytes
        self.now = now
    }

    /// A stored payment.
    struct TransactionResponse: Encodable {
        var transactionId: String
        var decision: String
        var reasons: [DecisionReason]
        var auditIndex: UInt64
        var receivedAt: String
        var digest: String
        var instruction: PaymentInstructionDraft
    }

    public func addRoutes(to group: RouterGroup<StraitRequestContext>) {
        group.post("transactions", use: create)
        group.get("transactions/{id}", use: show)
    }

    @Sendable func create(_ request: Request, context: StraitRequestContext) async throws -> Response {
        let principal = try context.require(Self.submitters)
        let draft: PaymentInstructionDraft
        var instruction: PaymentInstruction
        do {
            let json = try await JSONBody.parse(from: request, limit: maxBodyBytes)
            do throws(JSONFieldTypeError) {
                draft = try PaymentInstructionDraft(json: json)
            } catch {
                if error.field.isEmpty { throw APIError.badRequest("malformed_json", "the request body must be a JSON object") }
                throw APIError.badRequest("invalid_type", "\(error.field) must be \(error.expected), not \(error.found)", field: error.field)
            }
            switch draft.validate() {
            case .success(let value): instruction = value
            case .failure(let failure): throw APIError.validation(failure)
            }
        } catch {
            metrics.transactionResult("rejected")
            throw error
        }
        if let accounts { instruction = try await accounts.tokenise(instruction, actor: principal.keyID) }
        var decision = pipeline.decide(instruction)
        if let customers, let reason = try await customers.payerRefusal(instruction.originator.partyID.rawValue) {
            decision = Decision(outcome: .block, reasons: decision.reasons + [reason])
        }
        let receivedAt = now()
        var alert: NewAlert?
        var monitored: MonitoredTransaction?
        if let monitor {
            let transaction = monitor.monitored(instruction)
            monitored = transaction
            let judged = monitor.evaluate(transaction)
            decision = TransactionMonitor.combine(decision, with: judged)
            alert = Alert.forPayment(transaction, decision: judged, at: receivedAt.text).map { NewAlert($0) }
            monitor.expect(.transaction(instruction.id.rawValue))
        }
        let record = NewTransactionRecord(instruction: instruction, decision: decision, receivedAt: receivedAt, actor: principal.keyID, alert: alert)
        let start = ContinuousClock.now
        let outcome: RecordOutcome
        do {
            outcome = try await store.record(record)
        } catch {
            monitor?.notCreated(.transaction(instruction.id.rawValue))
            throw error
        }
        metrics.storeWrite.recordInterval(since: start)
        if case .existing = outcome { monitor?.notCreated(.transaction(instruction.id.rawValue)) }
        switch outcome {
        case .created(let stored):
            if let monitor, let monitored { monitor.learn(monitored) }
            if let raised = stored.alert { metrics.alertRaised(raised) }
            metrics.transactionResult("created")
            metrics.decision(stored.decision.outcome)
            metrics.auditEntries.set(Int(stored.auditIndex + 1))
            context.logger.debug(
                "transaction decided",
                metadata: [
                    "event.action": "transaction.decided",
                    "transaction.id": .string(stored.id.rawValue),
                    "decision": .string(stored.decision.outcome.rawValue),
                    "audit.index": .stringConvertible(stored.auditIndex),
                ]
            )
            return JSONBody.response(text: Self.answerJSON(stored), status: .created)
        case .existing(let stored) where stored.digest == record.digest:
            metrics.transactionResult("replayed")
            return JSONBody.response(text: Self.answerJSON(stored), status: .created, headers: [.idempotentReplayed: "true"])
        case .existing(let stored):
            metrics.transactionResult("conflict")
            throw APIError.conflict(
                "idempotency_conflict",
                "transaction \(stored.id) was already submitted with a different body; use a new id for a new payment"
            )
        }
    }

    @Sendable func show(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.readers)
        let raw = context.parameters.get("id") ?? ""
        guard let id = TransactionID(rawValue: raw) else {
            throw APIError.badRequest("invalid_value", "the transaction id must be 1–128 characters of A–Z, a–z, 0–9, '.', '_', ':' or '-'", field: "id")
        }
        guard let stored = try await store.transaction(id: id) else {
            throw APIError.notFound("no transaction with id \(id)")
        }
        guard let draft = try? JSONDecoder().decode(PaymentInstructionDraft.self, from: Data(stored.body.utf8)) else {
            throw StoreError.corrupted("stored body of \(id) does not decode")
        }
        return try JSONBody.response(
            TransactionResponse(
                transactionId: stored.id.rawValue,
                decision: stored.decision.outcome.rawValue,
                reasons: stored.decision.reasons,
                auditIndex: stored.auditIndex,
                receivedAt: stored.receivedAt,
                digest: stored.digest,
                instruction: draft
            )
        )
    }

    /// `{"auditIndex","decision","reasons","transactionId","alert"?}`, written by hand on the hot path.
    static func answerJSON(_ stored: StoredTransaction) -> String {
        var json = JSONText()
        json.beginObject()
        json.integer("auditIndex", stored.auditIndex)
        json.string("decision", stored.decision.outcome.rawValue)
        json.raw("reasons", stored.decision.reasons.jsonText)
        json.string("transactionId", stored.id.rawValue)
        if let raised = stored.alert {
            json.beginObject("alert")
            json.string("alertId", raised.alert.id)
            json.string("caseId", raised.case.id)
            json.endObject()
        }
        json.endObject()
        return json.text
    }
}

extension CoreMetrics.Timer {
    func recordInterval(since start: ContinuousClock.Instant) {
        recordNanoseconds((ContinuousClock.now - start).nanoseconds)
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}

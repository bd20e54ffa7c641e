// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Monitor
import StraitCore
import StraitStore

/// `POST /v1/kyc/outcomes`: a customer's KYC outcome as it arrives from onboarding or periodic
/// review, for Monitor (`kyc-risk`, and the features `party_kyc_status` and `party_risk`).
///
/// Body: `{"id","timestamp","partyId","status":"verified|failed|pending|expired","riskRating":"low|medium|high","reasons":["…"]}`;
/// `riskRating` and `reasons` are optional. Outcomes are stored (one per id; the same id again
/// answers the stored outcome, another body with that id is 409) so that profiles survive restarts;
/// the latest outcome by time is the party's.
struct KYCOutcomeController: Sendable {
    let monitor: TransactionMonitor
    let store: any StraitStore
    let maxBodyBytes: Int

    static let submitters: Set<Role> = [.service, .admin]

    func addRoutes(to group: RouterGroup<StraitRequestContext>) {
        group.post("kyc/outcomes", use: create)
    }

    struct Answer: Encodable {
        var outcomeId: String
        var partyId: String
        var status: String
        var riskRating: String?
        /// Whether this outcome is now the party's latest (an older one arriving late is kept but not used).
        var latest: Bool
    }

    @Sendable func create(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.submitters)
        let json = try await JSONBody.parse(from: request, limit: maxBodyBytes)
        guard case .object = json else { throw APIError.badRequest("malformed_json", "the request body must be a JSON object") }
        var fields = JSONFieldReader(json)
        let id = fields.text("id", required: true)
        let timestamp = fields.timestamp("timestamp")
        let party = fields.text("partyId", required: true)
        let status = fields.choice("status", required: true, as: MonitoredKYCOutcome.Status.self, expected: "verified, failed, pending or expired")
        let rating = fields.choice("riskRating", required: false, as: MonitoredKYCOutcome.RiskRating.self, expected: "low, medium or high")
        var reasons: [String] = []
        switch json["reasons"] {
        case .array(let values)?:
            for (index, value) in values.enumerated() {
                guard case .string(let reason) = value, !reason.isEmpty, reason.count <= 64, index < 32 else {
                    fields.add(ValidationIssue(field: "reasons", code: "invalid_value", message: "reasons must be at most 32 strings of 1–64 characters"))
                    break
                }
                reasons.append(reason)
            }
        case nil, .null?: break
        default: fields.add(ValidationIssue(field: "reasons", code: "invalid_type", message: "reasons must be an array of strings"))
        }
        guard fields.issues.isEmpty, let id, let timestamp, let party, let status else { throw APIError.validation(ValidationFailure(issues: fields.issues)) }
        let outcome = MonitoredKYCOutcome(id: id, time: timestamp.epochMilliseconds / 1_000, party: party, status: status, riskRating: rating, reasons: reasons)
        let event = StoredMonitorEvent(kind: .kyc, id: id, timeMillis: timestamp.epochMilliseconds, party: party, detail: MonitorEventDetail.encode(kyc: outcome))
        monitor.expect(.kyc(id))
        let recorded: RecordedMonitorEvent
        do {
            recorded = try await store.recordMonitorEvent(event, alert: nil)
        } catch {
            monitor.notCreated(.kyc(id))
            throw error
        }
        if recorded.existing {
            monitor.notCreated(.kyc(id))
            guard MonitorEventDetail.kyc(recorded.event.detail) == outcome else {
                throw APIError.conflict("idempotency_conflict", "KYC outcome \(id) was already submitted with a different body; use a new id")
            }
            return try JSONBody.response(
                Answer(outcomeId: id, partyId: party, status: status.rawValue, riskRating: rating?.rawValue, latest: false), status: .created,
                headers: [.idempotentReplayed: "true"]
            )
        }
        let latest = monitor.learn(outcome)
        context.logger.info(
            "kyc outcome recorded",
            metadata: ["event.action": "monitor.kyc", "kyc.id": .string(id), "kyc.status": .string(status.rawValue), "kyc.latest": .stringConvertible(latest)]
        )
        return try JSONBody.response(
            Answer(outcomeId: id, partyId: party, status: status.rawValue, riskRating: rating?.rawValue, latest: latest), status: .created
        )
    }
}

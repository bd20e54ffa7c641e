// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import HTTPTypes
import Hummingbird
import Monitor
import StraitCore
import StraitStore

/// `POST /v1/logins`: a login of a customer, judged by Monitor (impossible travel, bursts from
/// remote countries, failed logins then success) and remembered for the payments that follow
/// (a large payment soon after a login from a new device).
///
/// Body: `{"id","timestamp","partyId","clientIp","country","lat","lon","device","result":"success|failure"}`;
/// `id`, `timestamp`, `partyId` and `result` are required. Without `country`, the country of
/// `clientIp` in the configured IP-to-country files (`monitor.ip_countries`) is used; without
/// coordinates, impossible travel compares country centres (with a larger least distance).
/// Logins are stored (one per id: the same id again answers the stored decision) so that profiles
/// survive restarts and other instances learn them.
struct LoginController: Sendable {
    let monitor: TransactionMonitor
    let store: any StraitStore
    let metrics: StraitMetrics
    let maxBodyBytes: Int
    let now: @Sendable () -> Timestamp

    static let submitters: Set<Role> = [.service, .admin]

    func addRoutes(to group: RouterGroup<StraitRequestContext>) {
        group.post("logins", use: create)
    }

    struct Answer: Encodable {
        var loginId: String
        var decision: String
        var score: Double
        /// The country the login was judged in (given, or resolved from the IP address).
        var country: String?
        var reasons: [DecisionReason]
        var alert: AlertReference?
    }

    struct AlertReference: Encodable {
        var alertId: String
        var caseId: String
    }

    @Sendable func create(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.submitters)
        let json = try await JSONBody.parse(from: request, limit: maxBodyBytes)
        guard case .object = json else { throw APIError.badRequest("malformed_json", "the request body must be a JSON object") }
        var fields = JSONFieldReader(json)
        let id = fields.text("id", required: true)
        let timestamp = fields.timestamp("timestamp")
        let party = fields.text("partyId", required: true)
        let clientIP = fields.text("clientIp", required: false)
        let country = fields.text("country", required: false)
        let device = fields.text("device", required: false)
        let result = fields.choice("result", required: true, as: MonitoredLogin.Result.self, expected: "success or failure")
        let latitude = fields.number("lat", -90...90)
        let longitude = fields.number("lon", -180...180)
        if let country, CountryCode(rawValue: country) == nil {
            fields.add(ValidationIssue(field: "country", code: "invalid_value", message: "country must be an ISO 3166-1 alpha-2 code"))
        }
        if let clientIP, !IPAddress.isValid(clientIP) {
            fields.add(ValidationIssue(field: "clientIp", code: "invalid_value", message: "clientIp must be an IPv4 or IPv6 address"))
        }
        if (latitude == nil) != (longitude == nil), fields.issues.isEmpty {
            fields.add(ValidationIssue(field: latitude == nil ? "lat" : "lon", code: "required", message: "lat and lon go together"))
        }
        guard fields.issues.isEmpty, let id, let timestamp, let party, let result else { throw APIError.validation(ValidationFailure(issues: fields.issues)) }
        let login = monitor.resolved(
            MonitoredLogin(
                id: id, time: timestamp.epochMilliseconds / 1_000, party: party, clientIP: clientIP, country: country, latitude: latitude,
                longitude: longitude, device: device, result: result
            )
        )
        var decision = monitor.evaluate(login)
        let alert = Alert.forLogin(login, decision: decision, at: now().text).map { NewAlert($0) }
        let event = StoredMonitorEvent(
            kind: .login, id: id, timeMillis: timestamp.epochMilliseconds, party: party, detail: MonitorEventDetail.encode(login: login, decision: decision)
        )
        monitor.expect(.login(id))
        let recorded: RecordedMonitorEvent
        do {
            recorded = try await store.recordMonitorEvent(event, alert: alert)
        } catch {
            monitor.notCreated(.login(id))
            throw error
        }
        var reference: AlertReference?
        var headers: HTTPFields = [:]
        if recorded.existing {
            // The same login id again: the stored login's decision, not learnt twice.
            monitor.notCreated(.login(id))
            guard MonitorEventDetail.login(recorded.event.detail) == login, let stored = MonitorEventDetail.loginDecision(recorded.event.detail) else {
                throw APIError.conflict("idempotency_conflict", "login \(id) was already submitted with a different body; use a new id for a new login")
            }
            decision = stored
            headers[.idempotentReplayed] = "true"
            if let raised = try await store.alerts(AlertQuery(source: .login, sourceID: id, limit: 1)).first {
                reference = AlertReference(alertId: raised.id, caseId: raised.caseID)
            }
        } else {
            monitor.learn(login)
            if let raised = recorded.alert {
                metrics.alertRaised(raised)
                reference = AlertReference(alertId: raised.alert.id, caseId: raised.case.id)
            }
        }
        let reasons = TransactionMonitor.combine(Decision(outcome: .allow, reasons: []), with: decision).reasons
        return try JSONBody.response(
            Answer(loginId: id, decision: decision.outcome.rawValue, score: decision.score, country: login.country, reasons: reasons, alert: reference),
            status: .ok, headers: headers
        )
    }
}

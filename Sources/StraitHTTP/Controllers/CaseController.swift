// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import Monitor
import StraitCore
import StraitStore

/// Monitor's alerts and cases for compliance analysts.
///
/// - `GET /v1/alerts` (filters `caseId`, `partyId`, `outcome`, `source`, `sourceId`, `typology`,
///   `since`, `until`; paging `after`, `limit`, `order=newest|oldest`) and `GET /v1/alerts/{id}`;
/// - `GET /v1/cases` (filters `state` — one or a comma-separated list —, `partyId`, `assignee`,
///   `unassigned=true`, `since`; the same paging) and `GET /v1/cases/{id}` (the case, its newest
///   alerts, its history);
/// - `POST /v1/cases/{id}/state` `{"state","note","version"}`, `POST /v1/cases/{id}/assignee`
///   `{"assignee"|null,"version"}`, `POST /v1/cases/{id}/notes` `{"note","version"}`: each change
///   is checked by ``CaseWorkflow`` (422 with its code when refused), optionally against the
///   version the analyst read (409 `version_conflict`), and recorded in the ledger.
struct CaseController: Sendable {
    let store: any StraitStore
    let now: @Sendable () -> Timestamp

    static let readers: Set<Role> = [.analyst, .auditor, .admin]
    static let writers: Set<Role> = [.analyst, .admin]

    func addRoutes(to group: RouterGroup<StraitRequestContext>) {
        group.get("alerts", use: alerts)
        group.get("alerts/{id}", use: alert)
        group.get("cases", use: cases)
        group.get("cases/{id}", use: showCase)
        group.post("cases/{id}/state", use: changeState)
        group.post("cases/{id}/assignee", use: assign)
        group.post("cases/{id}/notes", use: addNote)
    }

    struct AlertList: Encodable {
        var alerts: [Alert]
        var next: String?
    }

    struct CaseList: Encodable {
        var cases: [MonitorCase]
        var next: String?
    }

    struct CaseAnswer: Encodable {
        var `case`: MonitorCase
        var alerts: [Alert]?
        var history: [CaseEvent]?
        var change: CaseEvent?
    }

    @Sendable func alerts(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.readers)
        let parameters = request.uri.queryParameters
        var query = AlertQuery()
        query.caseID = try Self.identifier(parameters.get("caseId"), field: "caseId")
        query.party = try Self.identifier(parameters.get("partyId"), field: "partyId")
        query.sourceID = try Self.identifier(parameters.get("sourceId"), field: "sourceId")
        query.typology = try Self.identifier(parameters.get("typology"), field: "typology")
        if let value = parameters.get("outcome") {
            guard let outcome = MonitorOutcome(rawValue: value), outcome != .allow else {
                throw APIError.badRequest("invalid_value", "outcome must be review or block", field: "outcome")
            }
            query.outcome = outcome
        }
        if let value = parameters.get("source") {
            guard let source = AlertSource(rawValue: value) else {
                throw APIError.badRequest("invalid_value", "source must be transaction, login or screening", field: "source")
            }
            query.source = source
        }
        query.since = try Self.time(parameters.get("since"), field: "since")
        query.until = try Self.time(parameters.get("until"), field: "until")
        (query.after, query.limit, query.newestFirst) = try Self.paging(parameters)
        let found = try await store.alerts(query)
        return try JSONBody.response(AlertList(alerts: found, next: found.count == query.limit ? found.last?.id : nil))
    }

    @Sendable func alert(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.readers)
        let id = context.parameters.get("id") ?? ""
        guard let found = try await store.alert(id: id) else { throw APIError.notFound("no alert with id \(Self.quoted(id))") }
        return try JSONBody.response(found)
    }

    @Sendable func cases(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.readers)
        let parameters = request.uri.queryParameters
        var query = CaseQuery()
        if let value = parameters.get("state") {
            query.states = try value.split(separator: ",").map { name in
                guard let state = CaseState(rawValue: String(name)) else {
                    throw APIError.badRequest(
                        "invalid_value", "state must be one or more of \(CaseState.allCases.map(\.rawValue).joined(separator: ", ")), separated by commas",
                        field: "state"
                    )
                }
                return state
            }
        }
        query.party = try Self.identifier(parameters.get("partyId"), field: "partyId")
        query.assignee = try Self.identifier(parameters.get("assignee"), field: "assignee")
        if let value = parameters.get("unassigned") {
            guard value == "true" || value == "false" else { throw APIError.badRequest("invalid_value", "unassigned must be true or false", field: "unassigned") }
            query.unassigned = value == "true"
        }
        query.since = try Self.time(parameters.get("since"), field: "since")
        (query.after, query.limit, query.newestFirst) = try Self.paging(parameters)
        let found = try await store.cases(query)
        return try JSONBody.response(CaseList(cases: found, next: found.count == query.limit ? found.last?.id : nil))
    }

    @Sendable func showCase(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.readers)
        let id = context.parameters.get("id") ?? ""
        guard let detail = try await store.caseDetail(id: id, alertLimit: 200) else { throw APIError.notFound("no case with id \(Self.quoted(id))") }
        return try JSONBody.response(CaseAnswer(case: detail.case, alerts: detail.alerts, history: detail.events))
    }

    @Sendable func changeState(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.writers)
        let body = try await Self.body(request)
        guard case .string(let name)? = body["state"] else { throw Self.invalid("state", "state is required: one of \(CaseState.allCases.map(\.rawValue).joined(separator: ", "))") }
        guard let state = CaseState(rawValue: name) else {
            throw Self.invalid("state", "state must be one of \(CaseState.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return try await apply(.transition(to: state, note: try Self.optionalText(body, "note")), body: body, request: request, context: context)
    }

    @Sendable func assign(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.writers)
        let body = try await Self.body(request)
        let assignee: String?
        switch body["assignee"] {
        case .string(let value)?: assignee = value
        case .null?: assignee = nil
        default: throw Self.invalid("assignee", "assignee is required: an analyst's name, or null to unassign")
        }
        return try await apply(.assign(assignee), body: body, request: request, context: context)
    }

    @Sendable func addNote(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.writers)
        let body = try await Self.body(request)
        guard let note = try Self.optionalText(body, "note") else { throw Self.invalid("note", "note is required") }
        return try await apply(.note(note), body: body, request: request, context: context)
    }

    private func apply(_ action: CaseAction, body: JSONValue, request: Request, context: StraitRequestContext) async throws -> Response {
        let principal = try context.require(Self.writers)
        let id = context.parameters.get("id") ?? ""
        var expected: Int?
        switch body["version"] {
        case .number(let text)?:
            guard let value = Int(text), value >= 1 else { throw Self.invalid("version", "version must be a positive integer") }
            expected = value
        case nil, .null?: expected = nil
        default: throw Self.invalid("version", "version must be a positive integer")
        }
        let outcome = try await store.updateCase(id: id, action: action, actor: principal.keyID, at: now().text, expectedVersion: expected)
        switch outcome {
        case .notFound:
            throw APIError.notFound("no case with id \(Self.quoted(id))")
        case .conflict(let current):
            throw APIError.conflict(
                "version_conflict", "case \(current.id) is at version \(current.version), not \(expected ?? 0); read it again and retry"
            )
        case .refused(let error):
            throw APIError(status: .unprocessableContent, code: error.code, message: error.message)
        case .updated(let updated, let event):
            context.logger.info(
                "case changed",
                metadata: [
                    "event.action": "case.\(event.kind.rawValue)", "case.id": .string(updated.id), "case.state": .string(updated.state.rawValue),
                    "case.version": .stringConvertible(updated.version),
                ]
            )
            return try JSONBody.response(CaseAnswer(case: updated, change: event))
        }
    }

    // MARK: - Parameters

    private static func body(_ request: Request) async throws -> JSONValue {
        let json = try await JSONBody.parse(from: request, limit: 64 * 1024)
        guard case .object = json else { throw APIError.badRequest("malformed_json", "the request body must be a JSON object") }
        return json
    }

    private static func optionalText(_ body: JSONValue, _ field: String) throws -> String? {
        switch body[field] {
        case .string(let value)?: return value
        case nil, .null?: return nil
        default: throw invalid(field, "\(field) must be a string")
        }
    }

    private static func invalid(_ field: String, _ message: String) -> APIError {
        APIError.validation(ValidationFailure(issues: [ValidationIssue(field: field, code: "invalid_value", message: message)]))
    }

    private static func identifier(_ value: String?, field: String) throws -> String? {
        guard let value else { return nil }
        guard !value.isEmpty, value.count <= 256, !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError.badRequest("invalid_value", "\(field) must be 1–256 characters", field: field)
        }
        return value
    }

    private static func time(_ value: String?, field: String) throws -> String? {
        guard let value else { return nil }
        guard let time = Timestamp(rfc3339: value) else {
            throw APIError.badRequest("invalid_value", "\(field) must be an RFC 3339 time, e.g. 2026-11-27T00:00:00Z", field: field)
        }
        return Timestamp.format(epochMilliseconds: time.epochMilliseconds)
    }

    private static func paging(_ parameters: FlatDictionary<Substring, Substring>) throws -> (String?, Int, Bool) {
        var limit = 100
        if let text = parameters.get("limit") {
            guard let value = Int(text), (1...1000).contains(value) else {
                throw APIError.badRequest("invalid_value", "limit must be an integer from 1 to 1000", field: "limit")
            }
            limit = value
        }
        var newestFirst = true
        if let order = parameters.get("order") {
            guard order == "newest" || order == "oldest" else { throw APIError.badRequest("invalid_value", "order must be newest or oldest", field: "order") }
            newestFirst = order == "newest"
        }
        return (try identifier(parameters.get("after"), field: "after"), limit, newestFirst)
    }

    private static func quoted(_ id: String) -> String { String(id.prefix(64)).debugDescription }
}

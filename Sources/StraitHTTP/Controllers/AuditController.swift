// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
public import Hummingbird
import Ledger
public import StraitStore

/// `GET /v1/audit/head` and `GET /v1/audit/events`: read the audit log page by page (auditor, admin); proofs are in ``LedgerController``.
public struct AuditController: Sendable {
    let store: any StraitStore

    static let readers: Set<Role> = [.auditor, .admin]

    public init(store: any StraitStore) {
        self.store = store
    }

    struct EventPage: Encodable {
        var events: [AuditEvent]
        /// Index to ask for next, or `nil` at the end of the log.
        var next: UInt64?
    }

    public func addRoutes(to group: RouterGroup<StraitRequestContext>) {
        group.get("audit/head", use: head)
        group.get("audit/events", use: events)
    }

    @Sendable func head(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.readers)
        return try JSONBody.response(try await store.auditHead())
    }

    @Sendable func events(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.readers)
        let query = request.uri.queryParameters
        var from: UInt64 = 0
        var limit = 100
        if let text = query["from"].map(String.init) {
            guard let value = UInt64(text) else { throw APIError.badRequest("invalid_value", "from must be a non-negative integer", field: "from") }
            from = value
        }
        if let text = query["limit"].map(String.init) {
            guard let value = Int(text), (1...1000).contains(value) else {
                throw APIError.badRequest("invalid_value", "limit must be an integer from 1 to 1000", field: "limit")
            }
            limit = value
        }
        let events = try await store.auditEvents(from: from, limit: limit)
        let next = events.count == limit ? events.last.map { $0.index + 1 } : nil
        return try JSONBody.response(EventPage(events: events, next: next))
    }
}

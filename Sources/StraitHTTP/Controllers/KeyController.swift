// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import HTTPTypes
public import Hummingbird
import Logging
public import StraitCore
public import StraitStore

/// `POST /v1/keys`, `GET /v1/keys`, `DELETE /v1/keys/{id}`: API key administration (admin only).
///
/// The secret is returned once, when the key is issued; Strait keeps only its hash.
public struct KeyController: Sendable {
    let store: any StraitStore
    let authenticator: APIKeyAuthenticator
    let now: @Sendable () -> Timestamp

    public init(store: any StraitStore, authenticator: APIKeyAuthenticator, now: @escaping @Sendable () -> Timestamp) {
        self.store = store
        self.authenticator = authenticator
        self.now = now
    }

    struct IssueRequest: Decodable {
        var role: String?
        var label: String?
    }

    struct KeyView: Encodable {
        var id: String
        var role: String
        var label: String
        var createdAt: String
        var createdBy: String
        var revokedAt: String?
        /// Only when issued.
        var key: String?

        init(_ record: APIKeyRecord, secret: String? = nil) {
            id = record.id
            role = record.role.rawValue
            label = record.label
            createdAt = record.createdAt
            createdBy = record.createdBy
            revokedAt = record.revokedAt
            key = secret
        }
    }

    struct KeyList: Encodable {
        var keys: [KeyView]
    }

    public func addRoutes(to group: RouterGroup<StraitRequestContext>) {
        group.post("keys", use: issue)
        group.get("keys", use: list)
        group.delete("keys/{id}", use: revoke)
    }

    @Sendable func issue(_ request: Request, context: StraitRequestContext) async throws -> Response {
        let principal = try context.require([.admin])
        let body = try await JSONBody.decode(IssueRequest.self, from: request, limit: 16 * 1024)
        guard let roleName = body.role else {
            throw APIError.validation(.init(issues: [.init(field: "role", code: "missing", message: "role is required")]))
        }
        guard let role = Role(rawValue: roleName) else {
            let allowed = Role.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.validation(.init(issues: [.init(field: "role", code: "invalid_value", message: "role must be one of \(allowed)")]))
        }
        let label = body.label ?? role.rawValue
        guard !label.isEmpty, label.count <= 64, !label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError.validation(
                .init(issues: [.init(field: "label", code: "invalid_value", message: "label must be 1–64 characters without control characters")])
            )
        }
        let secret = APIKeyAuthenticator.generateSecret()
        let record = APIKeyRecord(
            id: APIKeyAuthenticator.generateKeyID(),
            role: role,
            label: label,
            secretHash: APIKeyAuthenticator.hash(secret: secret),
            createdAt: now().text,
            createdBy: principal.keyID
        )
        try await store.insertKey(record)
        context.logger.info("api key issued", metadata: ["event.action": "key.issued", "key.id": .string(record.id), "key.role": .string(role.rawValue)])
        return try JSONBody.response(KeyView(record, secret: secret), status: .created)
    }

    @Sendable func list(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require([.admin])
        return try JSONBody.response(KeyList(keys: try await store.keys().map { KeyView($0) }))
    }

    @Sendable func revoke(_ request: Request, context: StraitRequestContext) async throws -> Response {
        let principal = try context.require([.admin])
        let id = context.parameters.get("id") ?? ""
        let keys = try await store.keys()
        guard let target = keys.first(where: { $0.id == id }) else {
            throw APIError.notFound("no API key with id \(id)")
        }
        if target.role == .admin, target.isActive, keys.filter({ $0.role == .admin && $0.isActive }).count == 1 {
            throw APIError.conflict("last_admin_key", "\(id) is the last active admin key; issue another admin key before revoking it")
        }
        guard let revoked = try await store.revokeKey(id: id, actor: principal.keyID, at: now().text) else {
            throw APIError.notFound("no API key with id \(id)")
        }
        authenticator.forget(secretHash: revoked.secretHash)
        context.logger.info("api key revoked", metadata: ["event.action": "key.revoked", "key.id": .string(id)])
        return try JSONBody.response(KeyView(revoked))
    }
}

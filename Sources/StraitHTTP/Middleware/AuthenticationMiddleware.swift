// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Hummingbird
import Foundation
import Logging
import StraitStore

/// Requires `Authorization: Bearer <key>` and sets ``StraitRequestContext/principal``.
///
/// Missing or malformed credentials are a 401 `unauthorized`; an unknown or revoked key a 401
/// `invalid_credentials`. Which role may call which route is decided by the route
/// (``StraitRequestContext/require(_:)``), which answers 403.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = StraitRequestContext

    let authenticator: APIKeyAuthenticator
    let metrics: StraitMetrics

    public init(authenticator: APIKeyAuthenticator, metrics: StraitMetrics) {
        self.authenticator = authenticator
        self.metrics = metrics
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            metrics.authFailure("missing_credentials")
            throw APIError.unauthorized()
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            metrics.authFailure("missing_credentials")
            throw APIError.unauthorized("the Authorization header must be: Bearer <key>")
        }
        let secret = parts[1].trimmingCharacters(in: .whitespaces)
        guard !secret.isEmpty, secret.utf8.count <= 256, let key = try await authenticator.authenticate(secret: secret) else {
            metrics.authFailure("invalid_credentials")
            throw APIError.invalidCredentials()
        }
        var context = context
        context.principal = Principal(keyID: key.id, role: key.role)
        context.logger[metadataKey: "user.id"] = .string(key.id)
        do {
            return try await next(request, context)
        } catch let error as APIError where error.status == .forbidden {
            metrics.authFailure("forbidden")
            throw error
        }
    }
}

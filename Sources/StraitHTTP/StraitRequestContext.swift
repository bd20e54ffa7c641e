// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Hummingbird
public import StraitStore

/// The caller of a request, established by ``AuthenticationMiddleware``.
public struct Principal: Sendable, Hashable {
    /// The API key's public id (`key_…`), recorded as the actor of audit events.
    public var keyID: String
    public var role: Role

    public init(keyID: String, role: Role) {
        self.keyID = keyID
        self.role = role
    }
}

/// Strait's request context: Hummingbird's core storage plus what Strait's middleware establishes.
public struct StraitRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request id: the caller's `X-Request-Id` if it is a safe token, otherwise generated.
    public var requestID: String
    /// The authenticated caller; `nil` before ``AuthenticationMiddleware`` or on public routes.
    public var principal: Principal?
    /// The peer node that signed the request, on node-to-node routes (``NodeAuthenticationMiddleware``).
    public var peer: Peer?
    /// The IP address of the connection's peer (not a forwarded one).
    public var remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
        self.requestID = ""
        self.principal = nil
        self.peer = nil
    }

    /// The caller, if it has one of `roles`.
    ///
    /// - Throws: ``APIError`` 401 without a principal, 403 for another role.
    public func require(_ roles: Set<Role>) throws -> Principal {
        guard let principal else { throw APIError.unauthorized() }
        guard roles.contains(principal.role) else {
            throw APIError.forbidden(role: principal.role, allowed: roles)
        }
        return principal
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import StraitCore
import StraitHTTP
public import StraitStore

/// What happened to the first admin key at start-up.
public enum BootstrapOutcome: Sendable, Equatable {
    /// An active admin key already existed; nothing was done.
    case adminExists
    /// The configured bootstrap key was installed as an admin key.
    case installedConfigured(keyID: String)
    /// The configured key was already installed.
    case configuredAlreadyInstalled(keyID: String)
    /// No key was configured and none existed: one was generated. Show `secret` once; it is not stored.
    case generated(keyID: String, secret: String)
}

/// Makes sure a fresh node has an admin key.
///
/// - With `STRAIT_BOOTSTRAP_KEY` set: if no active admin key exists, the key is installed (hashed).
///   If it is already installed, nothing changes. If other admin keys exist, it is ignored, so that a
///   stale environment cannot bring back a key an admin revoked.
/// - Without it: if no active admin key exists, a key is generated and returned for printing once.
public enum KeyBootstrap {
    public static func ensureAdmin(store: any StraitStore, configuredKey: String?, now: Timestamp) async throws -> BootstrapOutcome {
        let keys = try await store.keys()
        if let configuredKey {
            let hash = APIKeyAuthenticator.hash(secret: configuredKey)
            if let existing = keys.first(where: { $0.secretHash == hash }) {
                return .configuredAlreadyInstalled(keyID: existing.id)
            }
            guard !keys.contains(where: { $0.role == .admin && $0.isActive }) else { return .adminExists }
            let record = APIKeyRecord(
                id: APIKeyAuthenticator.generateKeyID(),
                role: .admin,
                label: "bootstrap",
                secretHash: hash,
                createdAt: now.text,
                createdBy: "bootstrap"
            )
            try await store.insertKey(record)
            return .installedConfigured(keyID: record.id)
        }
        guard !keys.contains(where: { $0.role == .admin && $0.isActive }) else { return .adminExists }
        let secret = APIKeyAuthenticator.generateSecret()
        let record = APIKeyRecord(
            id: APIKeyAuthenticator.generateKeyID(),
            role: .admin,
            label: "bootstrap",
            secretHash: APIKeyAuthenticator.hash(secret: secret),
            createdAt: now.text,
            createdBy: "bootstrap"
        )
        try await store.insertKey(record)
        return .generated(keyID: record.id, secret: secret)
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
public import Foundation
import StraitCore
public import StraitStore
import Synchronization

/// Resolves bearer secrets to API keys, with a short positive cache.
///
/// Secrets are never stored: the store holds their SHA-256, and lookups go by hash. A secret is
/// 32 random bytes, so a fast hash is enough (there is nothing to brute-force as with passwords).
/// Keys found are cached for ``cacheTTL``; a revocation on this instance takes effect at once,
/// on another instance of the same region within ``cacheTTL``.
public final class APIKeyAuthenticator: Sendable {
    /// How long a found key is trusted without asking the store again.
    public let cacheTTL: Duration
    private let store: any APIKeyStore
    private let cache = Mutex<[String: (APIKeyRecord, ContinuousClock.Instant)]>([:])

    public init(store: any APIKeyStore, cacheTTL: Duration = .seconds(10)) {
        self.store = store
        self.cacheTTL = cacheTTL
    }

    /// The active key for `secret`, or `nil` if unknown or revoked.
    public func authenticate(secret: String) async throws -> APIKeyRecord? {
        let hash = Self.hash(secret: secret)
        let now = ContinuousClock.now
        if let cached = cache.withLock({ $0[hash] }), cached.1 > now {
            return cached.0.isActive ? cached.0 : nil
        }
        guard let key = try await store.key(secretHash: hash) else { return nil }
        cache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[hash] = (key, now + cacheTTL)
        }
        return key.isActive ? key : nil
    }

    /// Drops a key from the cache (after revocation).
    public func forget(secretHash: String) {
        cache.withLock { _ = $0.removeValue(forKey: secretHash) }
    }

    /// The stored form of a secret: hex SHA-256.
    public static func hash(secret: String) -> String {
        SHA256.hexDigest(secret)
    }

    /// A new random secret: `strait_` followed by 43 base64url characters (256 bits).
    public static func generateSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "strait_" + base64
    }

    /// A new public key id: `key_` followed by 16 hex digits.
    public static func generateKeyID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "key_" + Hex.encode((0..<8).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}

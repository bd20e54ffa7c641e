// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Crypto
import Foundation
public import StraitCore

/// A region's data keys, unwrapped in memory: the active data key for new encryptions, every older
/// one for decryption, and the index key behind deterministic tokens and blind indexes.
public struct VaultKeyRing: Sendable {
    public let region: String
    public let activeDataKeyID: String
    private let dataKeys: [String: SymmetricKey]
    /// Derived from the index key: deterministic tokens.
    let tokenKey: SymmetricKey
    /// Derived from the index key: blind indexes.
    let blindIndexKey: SymmetricKey

    /// The additional authenticated data a wrapped key is sealed with.
    public static func context(region: String, id: String, purpose: KeyPurpose) -> [UInt8] {
        Array("strait-vault-key-v1|\(region)|\(id)|\(purpose.rawValue)".utf8)
    }

    /// Unwraps the stored keys.
    ///
    /// - Throws: ``VaultError`` `missing_key` if there is no active data key or no index key, or the
    ///   provider's error for a key that does not open.
    public static func load(_ wrapped: [WrappedKey], provider: any KeyProvider, region: String) async throws -> VaultKeyRing {
        var data: [String: SymmetricKey] = [:]
        var active: String?
        var index: SymmetricKey?
        for key in wrapped {
            let clear = try await provider.unwrap(key.sealed, masterKeyID: key.masterKeyID, context: context(region: region, id: key.id, purpose: key.purpose))
            switch key.purpose {
            case .data:
                data[key.id] = clear
                if key.active { active = key.id }
            case .index:
                index = clear
            }
        }
        guard let active, let index else {
            throw VaultError("missing_key", "the vault of region \(region) has no active data key or no index key")
        }
        return VaultKeyRing(region: region, active: active, dataKeys: data, index: index)
    }

    private init(region: String, active: String, dataKeys: [String: SymmetricKey], index: SymmetricKey) {
        self.region = region
        self.activeDataKeyID = active
        self.dataKeys = dataKeys
        self.tokenKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: index, info: Array("strait-vault token".utf8), outputByteCount: 32)
        self.blindIndexKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: index, info: Array("strait-vault blind-index".utf8), outputByteCount: 32)
    }

    /// Whether a data key is known.
    public func hasDataKey(_ id: String) -> Bool { dataKeys[id] != nil }

    /// A fresh random key, wrapped under the provider's current master key.
    public static func makeKey(
        purpose: KeyPurpose, provider: any KeyProvider, region: String, at timestamp: String, active: Bool = true
    ) async throws -> WrappedKey {
        var id = "dk_"
        var generator = SystemRandomNumberGenerator()
        id += Hex.encode(withUnsafeBytes(of: generator.next() as UInt64) { Array($0) })
        let key = SymmetricKey(size: .bits256)
        let (master, sealed) = try await provider.wrap(key, context: context(region: region, id: id, purpose: purpose))
        return WrappedKey(id: id, purpose: purpose, masterKeyID: master, sealed: sealed, createdAt: timestamp, active: active)
    }

    /// The same key sealed under the provider's current master key (rotation of the master key).
    public static func rewrap(_ key: WrappedKey, provider: any KeyProvider, region: String) async throws -> WrappedKey {
        let context = context(region: region, id: key.id, purpose: key.purpose)
        let clear = try await provider.unwrap(key.sealed, masterKeyID: key.masterKeyID, context: context)
        let (master, sealed) = try await provider.wrap(clear, context: context)
        var copy = key
        copy.masterKeyID = master
        copy.sealed = sealed
        return copy
    }

    // MARK: - Field encryption

    /// Encrypts a value with the active data key (AES-256-GCM, random 96-bit nonce), bound to
    /// `context` (the token it is stored under), so a ciphertext moved to another row does not open.
    ///
    /// Format: version byte `1`, key id length, key id, then nonce ‖ ciphertext ‖ tag.
    public func seal(_ plaintext: [UInt8], context: [UInt8]) throws -> [UInt8] {
        let box = try AES.GCM.seal(plaintext, using: dataKeys[activeDataKeyID]!, authenticating: context)
        let id = Array(activeDataKeyID.utf8)
        var out: [UInt8] = [1, UInt8(id.count)]
        out.reserveCapacity(2 + id.count + 28 + plaintext.count)
        out += id
        out += box.combined!
        return out
    }

    /// The data key id a ciphertext names, if it is well formed.
    public static func dataKeyID(of ciphertext: [UInt8]) -> String? {
        guard ciphertext.count >= 2, ciphertext[0] == 1, ciphertext.count >= 2 + Int(ciphertext[1]) + 28 else { return nil }
        return String(decoding: ciphertext[2..<(2 + Int(ciphertext[1]))], as: UTF8.self)
    }

    /// Decrypts a value sealed by ``seal(_:context:)``.
    ///
    /// - Throws: ``VaultError`` `unknown_data_key` (reload the ring: another instance rotated) or
    ///   `decrypt_failed` (damaged, or moved from another row).
    public func open(_ ciphertext: [UInt8], context: [UInt8]) throws(VaultError) -> [UInt8] {
        guard let id = Self.dataKeyID(of: ciphertext) else { throw VaultError("decrypt_failed", "ciphertext is malformed") }
        guard let key = dataKeys[id] else { throw VaultError("unknown_data_key", "data key \(id) is not loaded") }
        do {
            let box = try AES.GCM.SealedBox(combined: ciphertext[(2 + Int(ciphertext[1]))...])
            return Array(try AES.GCM.open(box, using: key, authenticating: context))
        } catch {
            throw VaultError("decrypt_failed", "ciphertext does not open: damaged or moved")
        }
    }
}

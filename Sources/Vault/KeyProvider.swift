// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Crypto
import Foundation

/// A problem with vault keys or ciphertexts, with a stable code.
public struct VaultError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable machine-readable code, e.g. `unknown_master_key`.
    public var code: String
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

/// What a data key is used for.
public enum KeyPurpose: String, Sendable, Hashable, CaseIterable {
    /// Encrypts field values (AES-256-GCM). A new one is made at each rotation; old ones keep
    /// decrypting what they encrypted.
    case data
    /// Keys the HMACs of deterministic tokens and blind indexes. Never rotated: rotating it would
    /// change every deterministic token and index (re-wrapped under new master keys like the others).
    case index
}

/// A data key as stored: sealed under a master key, never in clear.
public struct WrappedKey: Sendable, Hashable {
    /// `dk_` followed by 16 hex digits.
    public var id: String
    public var purpose: KeyPurpose
    /// The master key that seals it.
    public var masterKeyID: String
    /// AES-256-GCM combined form (nonce, ciphertext, tag) of the 32 key bytes.
    public var sealed: [UInt8]
    public var createdAt: String
    /// The data key used for new encryptions (one per purpose).
    public var active: Bool

    public init(id: String, purpose: KeyPurpose, masterKeyID: String, sealed: [UInt8], createdAt: String, active: Bool) {
        self.id = id
        self.purpose = purpose
        self.masterKeyID = masterKeyID
        self.sealed = sealed
        self.createdAt = createdAt
        self.active = active
    }
}

/// Where master keys live: the seam for a cloud KMS or an HSM.
///
/// A provider wraps and unwraps data keys; master keys never leave it. `context` is bound to the
/// sealed key as additional authenticated data (the region, the key's id and purpose), so a
/// wrapped key copied to another row, purpose or region does not open.
public protocol KeyProvider: Sendable {
    /// The master key new wraps use.
    var currentMasterKeyID: String { get }
    /// Every master key id the provider can unwrap with.
    var masterKeyIDs: [String] { get }
    /// Seals `key` under the current master key; returns its id and the sealed bytes.
    func wrap(_ key: SymmetricKey, context: [UInt8]) async throws -> (masterKeyID: String, sealed: [UInt8])
    /// Opens a key sealed under `masterKeyID`.
    ///
    /// - Throws: ``VaultError`` `unknown_master_key` or `unwrap_failed`.
    func unwrap(_ sealed: [UInt8], masterKeyID: String, context: [UInt8]) async throws -> SymmetricKey
}

/// Master keys held in the process: read from a key file or the environment.
///
/// Key file format: one key per line, `ID BASE64` (32 bytes, e.g. `openssl rand -base64 32`);
/// blank lines and `#` comments are ignored. The **last** key is the current one, so rotation is:
/// append a new line, restart (or reload), then re-wrap (`strait vault rotate`). Keep the old lines
/// until the rotation finished.
public struct LocalKeyProvider: KeyProvider {
    private let keys: [String: SymmetricKey]
    public let masterKeyIDs: [String]
    public var currentMasterKeyID: String { masterKeyIDs[masterKeyIDs.count - 1] }

    /// - Parameter keys: `(id, 32 key bytes)` in order; the last is current.
    /// - Throws: ``VaultError`` `invalid_master_key` for an empty list, a bad id, a key that is not
    ///   32 bytes or a repeated id.
    public init(keys: [(id: String, bytes: [UInt8])]) throws(VaultError) {
        guard !keys.isEmpty else { throw VaultError("invalid_master_key", "no master key is configured") }
        var map: [String: SymmetricKey] = [:]
        for (id, bytes) in keys {
            guard !id.isEmpty, id.utf8.count <= 64, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
                throw VaultError("invalid_master_key", "master key id \(id.debugDescription) must be 1–64 letters, digits, '-', '_' or '.'")
            }
            guard bytes.count == 32 else {
                throw VaultError("invalid_master_key", "master key \(id) has \(bytes.count) bytes; AES-256 needs 32")
            }
            guard map[id] == nil else { throw VaultError("invalid_master_key", "master key id \(id) appears twice") }
            map[id] = SymmetricKey(data: bytes)
        }
        self.keys = map
        self.masterKeyIDs = keys.map(\.id)
    }

    /// Parses a key file's text (or an environment value where lines may be separated by `;`).
    ///
    /// - Throws: ``VaultError`` `invalid_master_key` naming the line at fault (never the key).
    public static func parse(_ text: String) throws(VaultError) -> LocalKeyProvider {
        var keys: [(id: String, bytes: [UInt8])] = []
        for (number, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == ";" }).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" })
            guard parts.count == 2, let bytes = Data(base64Encoded: String(parts[1])) else {
                throw VaultError("invalid_master_key", "line \(number + 1) is not `ID BASE64-KEY`")
            }
            keys.append((String(parts[0]), [UInt8](bytes)))
        }
        return try LocalKeyProvider(keys: keys)
    }

    public func wrap(_ key: SymmetricKey, context: [UInt8]) async throws -> (masterKeyID: String, sealed: [UInt8]) {
        let id = currentMasterKeyID
        let box = try AES.GCM.seal(key.withUnsafeBytes { Array($0) }, using: keys[id]!, authenticating: context)
        return (id, Array(box.combined!))
    }

    public func unwrap(_ sealed: [UInt8], masterKeyID: String, context: [UInt8]) async throws -> SymmetricKey {
        guard let master = keys[masterKeyID] else {
            throw VaultError("unknown_master_key", "master key \(masterKeyID) is not configured (was it removed before re-wrapping?)")
        }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return SymmetricKey(data: try AES.GCM.open(box, using: master, authenticating: context))
        } catch {
            throw VaultError("unwrap_failed", "data key does not open under master key \(masterKeyID): damaged or moved")
        }
    }
}

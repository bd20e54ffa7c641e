// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto

// Transparency log checkpoints (c2sp.org/tlog-checkpoint) and Ed25519 cosignature/v1 signing
// (c2sp.org/tlog-cosignature). A checkpoint is the body of a signed note:
//
// ```
// <origin>
// <tree size, decimal>
// <base64 of the 32-byte RFC 6962 root hash>
// [extension lines]
// ```

/// A transparency log checkpoint: the log's origin, a tree size and the root hash at that size.
///
/// ``parse(body:)`` accepts only valid checkpoints. Values built with the initializer are not
/// checked; call ``validate()`` before signing one built from untrusted input (``body`` of a value
/// that passes ``validate()`` always parses back to the same checkpoint).
public struct Checkpoint: Sendable, Hashable {
    /// The log identity, e.g. `ledger.example.com/audit/v1`: non-empty, without Unicode spaces, `+`
    /// or control characters (see ``isValidOrigin(_:)``).
    public var origin: String
    /// The number of leaves in the tree.
    public var size: UInt64
    /// The 32-byte RFC 6962 / RFC 9162 Merkle tree hash at ``size``.
    public var rootHash: [UInt8]
    /// Optional extension lines after the root hash, each non-empty and without newlines or control characters.
    public var extensions: [String]

    /// Creates a checkpoint from its parts; nothing is checked (see ``validate()``).
    public init(origin: String, size: UInt64, rootHash: [UInt8], extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// Throws `malformed_checkpoint` for an invalid origin, a root hash that is not 32 bytes or an
    /// empty extension line or one with a control character (newlines included).
    public func validate() throws(NoteError) {
        guard Self.isValidOrigin(origin) else {
            throw .malformedCheckpoint("the origin must be non-empty, without spaces, '+' or control characters: \(origin.debugDescription)")
        }
        guard rootHash.count == 32 else { throw .malformedCheckpoint("the root hash has \(rootHash.count) bytes, not 32") }
        for line in extensions where line.isEmpty || line.utf8.contains(where: { $0 < 0x20 }) {
            throw .malformedCheckpoint("an extension line is empty or contains a control character: \(line.debugDescription)")
        }
    }

    /// Whether `origin` is acceptable as a checkpoint origin here: non-empty, with no Unicode white
    /// space, no `+` and no control characters.
    ///
    /// c2sp.org/tlog-checkpoint only recommends origins without spaces and `+`; this module requires
    /// it, so that an origin is also a valid key name (the log's key name is its origin).
    public static func isValidOrigin(_ origin: String) -> Bool {
        NoteEncoding.isValidKeyName(origin)
    }

    /// The note body: origin, size, base64 root hash and extension lines, each ending in a newline.
    public var body: String {
        ([origin, String(size), NoteEncoding.base64(rootHash)] + extensions).map { $0 + "\n" }.joined()
    }

    /// Parses a checkpoint note body (the ``SignedNote/body`` of a checkpoint note).
    ///
    /// Throws `malformed_checkpoint` unless the body is at least three newline-terminated, non-empty
    /// lines: a valid origin, a decimal size without sign or leading zeros (`0` for an empty tree)
    /// that fits in 64 bits, the canonical base64 of a 32-byte hash, then non-empty extension lines.
    public static func parse(body: String) throws(NoteError) -> Checkpoint {
        let bytes = Array(body.utf8)
        guard bytes.last == 0x0A else { throw .malformedCheckpoint("the body does not end in a newline") }
        if let bad = bytes.first(where: { $0 < 0x20 && $0 != 0x0A }) {
            throw .malformedCheckpoint("the body contains control character 0x\(NoteEncoding.hex([bad]))")
        }
        let lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard lines.count >= 3 else { throw .malformedCheckpoint("a checkpoint has at least 3 lines, not \(lines.count)") }
        guard let size = parseSize(lines[1]) else {
            throw .malformedCheckpoint("the tree size is not a decimal without leading zeros: \(lines[1].debugDescription)")
        }
        guard let root = NoteEncoding.decodeBase64(lines[2]) else {
            throw .malformedCheckpoint("the root hash is not canonical base64")
        }
        let checkpoint = Checkpoint(origin: lines[0], size: size, rootHash: root, extensions: Array(lines.dropFirst(3)))
        try checkpoint.validate()
        return checkpoint
    }

    /// ASCII digits only, no leading zero unless the value is 0, at most UInt64.max.
    static func parseSize(_ text: String) -> UInt64? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        guard digits.count == 1 || digits[0] != 0x30 else { return nil }
        var value: UInt64 = 0
        for digit in digits {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}

/// An Ed25519 cosigner (witness) producing cosignature/v1 signatures (signature type 0x04).
///
/// The private key is kept as its 32-byte seed (``seed``) so it can be stored; ``description`` does
/// not reveal it. Use a different key for every cosigner: the cosignature/v1 message does not
/// include the cosigner's name.
public struct CosignatureSigner: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The cosigner's key name, written on every signature line.
    public let name: String
    /// The 32-byte Ed25519 private key seed. Keep it secret.
    public let seed: [UInt8]
    /// The public half, as a type 0x04 verifier.
    public let verifier: NoteVerifier

    /// Creates a cosigner from a key name and a 32-byte Ed25519 seed. Throws `malformed_key` otherwise.
    public init(name: String, privateKeySeed: [UInt8]) throws(NoteError) {
        let publicKey = try NoteEncoding.publicKey(seed: privateKeySeed)
        self.name = name
        self.seed = privateKeySeed
        self.verifier = try NoteVerifier(name: name, type: NoteVerifier.cosignatureV1Type, publicKey: publicKey)
    }

    /// Creates a cosigner with a fresh random key.
    public static func generate(name: String) throws(NoteError) -> CosignatureSigner {
        try CosignatureSigner(name: name, privateKeySeed: Array(Curve25519.Signing.PrivateKey().rawRepresentation))
    }

    /// The 4-byte key ID: SHA-256(name || 0x0A || 0x04 || public key)[:4].
    public var keyID: [UInt8] { verifier.keyID }

    /// Cosigns a checkpoint body at `timestamp` (POSIX seconds).
    ///
    /// The payload is the 8-byte big-endian timestamp followed by the Ed25519 signature of
    /// `"cosignature/v1\ntime <timestamp>\n" + checkpointBody`. Throws `malformed_checkpoint` if
    /// `checkpointBody` is not a valid checkpoint body or `timestamp` exceeds 2^63 - 1.
    public func cosign(checkpointBody: String, timestamp: UInt64) throws(NoteError) -> NoteSignature {
        _ = try Checkpoint.parse(body: checkpointBody)
        guard timestamp <= UInt64(Int64.max) else { throw .malformedCheckpoint("a cosignature timestamp is at most 2^63 - 1") }
        let message = NoteEncoding.cosignatureMessage(body: checkpointBody, timestamp: timestamp)
        let signature = try NoteEncoding.sign(message, seed: seed)
        let time = (0..<8).map { UInt8(truncatingIfNeeded: timestamp >> (56 - 8 * $0)) }
        return NoteSignature(name: name, keyID: keyID, signature: time + signature)
    }

    /// The verifier key; the seed is never shown.
    public var description: String { "CosignatureSigner(\(verifier.vkey))" }
    /// The verifier key; the seed is never shown.
    public var debugDescription: String { description }
}

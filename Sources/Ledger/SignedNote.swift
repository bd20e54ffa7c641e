// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
import Foundation

// C2SP signed notes (c2sp.org/signed-note), Ed25519 note signatures (type 0x01) and the verifier
// side of Ed25519 cosignature/v1 (type 0x04, c2sp.org/tlog-cosignature).
//
// A signed note is a text ending in a newline, a blank line, then one or more signature lines:
//
// ```
// <text, every line ending in "\n">
//
// — <key name> <base64(4-byte key ID || signature)>
// ```
//
// Notes are parsed strictly: anything that does not have exactly this shape is rejected with a
// ``NoteError`` whose ``NoteError/code`` is `malformed_note`. Signatures by keys the caller does not
// know are kept (so a note can be passed on unchanged) but never count as verified.

/// Why a note, key, signature or checkpoint was refused.
///
/// ``code`` is a stable, machine-readable string (one of the ``Code`` constants) that callers and
/// API responses may rely on; ``message`` is for people and may change.
public struct NoteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable codes a ``NoteError`` can carry.
    public enum Code {
        /// The note text does not follow c2sp.org/signed-note.
        public static let malformedNote = "malformed_note"
        /// A signature by a known key (matching name and key ID) does not verify.
        public static let badSignature = "bad_signature"
        /// No signature on the note is by a known key.
        public static let unknownKey = "unknown_key"
        /// A verifier key, key name or private key seed is not acceptable.
        public static let malformedKey = "malformed_key"
        /// A note body is not a c2sp.org/tlog-checkpoint body, or a checkpoint field is invalid.
        public static let malformedCheckpoint = "malformed_checkpoint"
        /// The cryptographic library refused to sign.
        public static let signingFailed = "signing_failed"
    }

    /// The stable code, one of the ``Code`` constants.
    public var code: String
    /// A human-readable explanation.
    public var message: String

    /// Creates an error with a stable `code` and a human-readable `message`.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }

    static func malformedNote(_ message: String) -> NoteError { NoteError(code: Code.malformedNote, message: message) }
    static func malformedKey(_ message: String) -> NoteError { NoteError(code: Code.malformedKey, message: message) }
    static func malformedCheckpoint(_ message: String) -> NoteError {
        NoteError(code: Code.malformedCheckpoint, message: message)
    }
}

/// One signature line of a signed note: `— <name> <base64(keyID || signature)>`.
public struct NoteSignature: Sendable, Hashable {
    /// The key name.
    public var name: String
    /// The 4-byte key ID (big-endian uint32 as bytes).
    public var keyID: [UInt8]
    /// The bytes after the key ID: a 64-byte Ed25519 signature for type 0x01, the 72-byte
    /// `timestamped_signature` (8-byte big-endian timestamp, 64-byte Ed25519 signature) for type 0x04,
    /// anything for keys this module does not know.
    public var signature: [UInt8]

    /// Creates a signature from its parts; nothing is checked (``SignedNote/parse(_:)`` does that).
    public init(name: String, keyID: [UInt8], signature: [UInt8]) {
        self.name = name
        self.keyID = keyID
        self.signature = signature
    }

    /// Parses one signature line, with or without its final newline.
    public init(line: String) throws(NoteError) {
        var text = Substring(line)
        if text.hasSuffix("\n") { text = text.dropLast() }
        self = try NoteEncoding.parseSignatureLine(Array(text.utf8))
    }

    /// The signature line, including its final newline: `— <name> <base64(keyID || signature)>\n`.
    public var line: String {
        "\(NoteEncoding.emDash) \(name) \(NoteEncoding.base64(keyID + signature))\n"
    }

    /// The timestamp of a cosignature/v1 (type 0x04) signature: the first 8 bytes of the payload, big-endian.
    ///
    /// `nil` unless the payload has the cosignature/v1 Ed25519 length (8 + 64 bytes) and the timestamp
    /// does not exceed 2^63 - 1. The signature line does not say which type signed it, so only use this
    /// for signatures whose name and key ID match a type 0x04 verifier.
    public var cosignatureTimestamp: UInt64? {
        guard signature.count == NoteEncoding.cosignaturePayloadSize else { return nil }
        let timestamp = signature.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return timestamp <= UInt64(Int64.max) ? timestamp : nil
    }
}

/// A C2SP signed note: a text (the body) and its signatures.
public struct SignedNote: Sendable, Hashable {
    /// The most signatures a note may carry; longer notes are refused as `malformed_note`.
    public static let maxSignatures = 100

    /// The signed text, ending in a newline, without the separating blank line.
    public var body: String
    /// The signature lines, in order, including those by unknown keys.
    public var signatures: [NoteSignature]

    /// Creates a note from a body and signatures; nothing is checked (``parse(_:)`` does that).
    public init(body: String, signatures: [NoteSignature]) {
        self.body = body
        self.signatures = signatures
    }

    /// The serialized note: body, a blank line, then one line per signature.
    public var text: String {
        body + "\n" + signatures.map(\.line).joined()
    }

    /// Parses a signed note strictly.
    ///
    /// Refused with `malformed_note`: ASCII control characters other than newline, no blank line
    /// separating text and signatures (the last blank line separates them), a text that does not end
    /// in a newline, no signature line, a signature block that does not end in a newline, a line that
    /// is not `— <name> <base64>`, an invalid key name, non-canonical base64, a payload shorter than
    /// 5 bytes, or more than ``maxSignatures`` signatures. Signatures are not verified here.
    public static func parse(_ text: String) throws(NoteError) -> SignedNote {
        let bytes = Array(text.utf8)
        try NoteEncoding.checkCharacters(bytes, what: "note")
        var separator: Int?
        var index = bytes.count - 2
        while index >= 0 {
            if bytes[index] == 0x0A && bytes[index + 1] == 0x0A {
                separator = index
                break
            }
            index -= 1
        }
        guard let separator else { throw .malformedNote("no blank line between the text and the signatures") }
        let body = Array(bytes[...separator])
        let block = bytes[(separator + 2)...]
        guard !block.isEmpty else { throw .malformedNote("the note has no signature lines") }
        guard block.last == 0x0A else { throw .malformedNote("the last signature line does not end in a newline") }
        let lines = block.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count <= maxSignatures else {
            throw .malformedNote("\(lines.count) signatures, at most \(maxSignatures) are accepted")
        }
        var signatures: [NoteSignature] = []
        signatures.reserveCapacity(lines.count)
        for line in lines {
            signatures.append(try NoteEncoding.parseSignatureLine(Array(line)))
        }
        return SignedNote(body: String(decoding: body, as: UTF8.self), signatures: signatures)
    }

    /// The signatures that are by one of `verifiers` (same name and key ID) and verify over ``body``.
    ///
    /// At most one signature per key is returned (the first that verifies), so repeated lines cannot
    /// inflate a witness count. Signatures by unknown keys are ignored. This never throws: use
    /// ``verify(using:)`` to refuse notes that carry a bad signature by a known key.
    public func verifiedSignatures(by verifiers: [NoteVerifier]) -> [NoteSignature] {
        var seen: Set<NoteEncoding.KeyHandle> = []
        var verified: [NoteSignature] = []
        for signature in signatures {
            let handle = NoteEncoding.KeyHandle(name: signature.name, keyID: signature.keyID)
            guard !seen.contains(handle) else { continue }
            if verifiers.contains(where: { $0.verify(body: body, signature: signature) }) {
                seen.insert(handle)
                verified.append(signature)
            }
        }
        return verified
    }

    /// Verifies the note under the c2sp.org/signed-note rules and returns the verified signatures.
    ///
    /// Signatures by unknown keys (name and key ID do not both match a verifier) are ignored. Throws
    /// `bad_signature` if a signature by a known key does not verify, `malformed_note` if a known key
    /// signed more than once or the note has more than ``maxSignatures`` signatures, and `unknown_key`
    /// if no known key signed the note.
    public func verify(using verifiers: [NoteVerifier]) throws(NoteError) -> [NoteSignature] {
        guard signatures.count <= Self.maxSignatures else {
            throw .malformedNote("\(signatures.count) signatures, at most \(Self.maxSignatures) are accepted")
        }
        var seen: Set<NoteEncoding.KeyHandle> = []
        var verified: [NoteSignature] = []
        for signature in signatures {
            let known = verifiers.filter { $0.name == signature.name && $0.keyID == signature.keyID }
            guard !known.isEmpty else { continue }
            let handle = NoteEncoding.KeyHandle(name: signature.name, keyID: signature.keyID)
            guard seen.insert(handle).inserted else {
                throw .malformedNote("more than one signature by key \(signature.name)+\(NoteEncoding.hex(signature.keyID))")
            }
            guard known.contains(where: { $0.verify(body: body, signature: signature) }) else {
                throw NoteError(
                    code: NoteError.Code.badSignature,
                    message: "the signature by \(signature.name)+\(NoteEncoding.hex(signature.keyID)) does not verify"
                )
            }
            verified.append(signature)
        }
        guard !verified.isEmpty else {
            throw NoteError(code: NoteError.Code.unknownKey, message: "no signature by a known key")
        }
        return verified
    }
}

/// A public key that checks note signatures, as a C2SP verifier key (vkey):
/// `<name>+<8 hex digits of the key ID>+<base64(type || public key)>`.
///
/// Two types are supported, both Ed25519 with a 32-byte public key: ``ed25519Type`` (0x01, a note
/// signature over the body) and ``cosignatureV1Type`` (0x04, a cosignature/v1 over a checkpoint body).
public struct NoteVerifier: Sendable, Hashable {
    /// Signature type 0x01: Ed25519 over the note text (c2sp.org/signed-note).
    public static let ed25519Type: UInt8 = 0x01
    /// Signature type 0x04: timestamped Ed25519 cosignature/v1 (c2sp.org/tlog-cosignature).
    public static let cosignatureV1Type: UInt8 = 0x04

    /// The key name.
    public let name: String
    /// The 4-byte key ID: the first 4 bytes of SHA-256(name || 0x0A || type || public key).
    public let keyID: [UInt8]
    /// The 32-byte Ed25519 public key.
    public let publicKey: [UInt8]
    /// The signature type: ``ed25519Type`` or ``cosignatureV1Type``.
    public let type: UInt8

    /// Creates a verifier from its name, type and 32-byte Ed25519 public key; the key ID is computed.
    ///
    /// Throws `malformed_key` for an invalid name, an unsupported type or a key that is not 32 bytes.
    public init(name: String, type: UInt8, publicKey: [UInt8]) throws(NoteError) {
        try NoteEncoding.checkKeyName(name)
        guard type == Self.ed25519Type || type == Self.cosignatureV1Type else {
            throw .malformedKey("unsupported signature type 0x\(NoteEncoding.hex([type]))")
        }
        guard publicKey.count == 32 else { throw .malformedKey("an Ed25519 public key has 32 bytes, not \(publicKey.count)") }
        guard (try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)) != nil else {
            throw .malformedKey("not an Ed25519 public key")
        }
        self.name = name
        self.type = type
        self.publicKey = publicKey
        self.keyID = NoteEncoding.keyID(name: name, type: type, publicKey: publicKey)
    }

    /// Parses a verifier key `<name>+<keyID hex>+<base64(type || public key)>`.
    ///
    /// The key ID must be 8 lowercase hex digits and equal the one computed from the name, type and
    /// key; the base64 must be canonical. Throws `malformed_key` otherwise, or for a type other than
    /// 0x01 and 0x04.
    public init(vkey: String) throws(NoteError) {
        guard let firstPlus = vkey.firstIndex(of: "+") else { throw .malformedKey("a vkey has the form name+keyid+key") }
        let name = String(vkey[..<firstPlus])
        let rest = vkey[vkey.index(after: firstPlus)...]
        guard let secondPlus = rest.firstIndex(of: "+") else { throw .malformedKey("a vkey has the form name+keyid+key") }
        let idText = rest[..<secondPlus]
        let keyText = String(rest[rest.index(after: secondPlus)...])
        try NoteEncoding.checkKeyName(name)
        guard let id = NoteEncoding.parseHex(idText), id.count == 4 else {
            throw .malformedKey("the key ID must be 8 lowercase hex digits")
        }
        guard let material = NoteEncoding.decodeBase64(keyText), material.count >= 2 else {
            throw .malformedKey("the key is not canonical base64 of a type byte and a public key")
        }
        try self.init(name: name, type: material[0], publicKey: Array(material.dropFirst()))
        guard id == keyID else {
            throw .malformedKey("key ID \(NoteEncoding.hex(id)) does not match the key (computed \(NoteEncoding.hex(keyID)))")
        }
    }

    /// The verifier key: `<name>+<keyID hex>+<base64(type || public key)>`.
    public var vkey: String {
        "\(name)+\(NoteEncoding.hex(keyID))+\(NoteEncoding.base64([type] + publicKey))"
    }

    /// Whether `signature` is by this key (same name and key ID) and verifies over `body`.
    ///
    /// For type 0x01 the Ed25519 signature covers `body`. For type 0x04 the payload is the 8-byte
    /// big-endian timestamp followed by the Ed25519 signature of
    /// `"cosignature/v1\ntime <timestamp>\n" + body`. A `body` that is not valid note text never verifies.
    public func verify(body: String, signature: NoteSignature) -> Bool {
        guard signature.name == name, signature.keyID == keyID else { return false }
        guard (try? NoteEncoding.checkBody(body)) != nil else { return false }
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        switch type {
        case Self.ed25519Type:
            guard signature.signature.count == 64 else { return false }
            return key.isValidSignature(signature.signature, for: Array(body.utf8))
        case Self.cosignatureV1Type:
            guard let timestamp = signature.cosignatureTimestamp else { return false }
            let message = NoteEncoding.cosignatureMessage(body: body, timestamp: timestamp)
            return key.isValidSignature(Array(signature.signature.dropFirst(8)), for: message)
        default:
            return false
        }
    }
}

/// An Ed25519 note signer (signature type 0x01) with a key name.
///
/// The private key is kept as its 32-byte seed (``seed``) so it can be stored; ``description`` does
/// not reveal it.
public struct NoteSigner: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The key name, written on every signature line.
    public let name: String
    /// The 32-byte Ed25519 private key seed (`Curve25519.Signing.PrivateKey.rawRepresentation`). Keep it secret.
    public let seed: [UInt8]
    /// The public half, as a type 0x01 verifier.
    public let verifier: NoteVerifier

    /// Creates a signer from a key name and a 32-byte Ed25519 seed. Throws `malformed_key` otherwise.
    public init(name: String, privateKeySeed: [UInt8]) throws(NoteError) {
        let publicKey = try NoteEncoding.publicKey(seed: privateKeySeed)
        self.name = name
        self.seed = privateKeySeed
        self.verifier = try NoteVerifier(name: name, type: NoteVerifier.ed25519Type, publicKey: publicKey)
    }

    /// Creates a signer with a fresh random key.
    public static func generate(name: String) throws(NoteError) -> NoteSigner {
        try NoteSigner(name: name, privateKeySeed: Array(Curve25519.Signing.PrivateKey().rawRepresentation))
    }

    /// The 4-byte key ID.
    public var keyID: [UInt8] { verifier.keyID }

    /// Signs `body`, which must be valid note text (non-empty, ending in a newline, no control
    /// characters other than newline); throws `malformed_note` otherwise.
    public func sign(body: String) throws(NoteError) -> NoteSignature {
        try NoteEncoding.checkBody(body)
        let signature = try NoteEncoding.sign(Array(body.utf8), seed: seed)
        return NoteSignature(name: name, keyID: keyID, signature: signature)
    }

    /// The verifier key; the seed is never shown.
    public var description: String { "NoteSigner(\(verifier.vkey))" }
    /// The verifier key; the seed is never shown.
    public var debugDescription: String { description }
}

/// Encoding helpers shared by notes, keys and checkpoints.
enum NoteEncoding {
    static let emDash = "\u{2014}"
    static let emDashSpace: [UInt8] = [0xE2, 0x80, 0x94, 0x20]
    /// 8-byte timestamp + 64-byte Ed25519 signature.
    static let cosignaturePayloadSize = 72

    /// Name and key ID: what identifies a key on a signature line.
    struct KeyHandle: Hashable {
        var name: String
        var keyID: [UInt8]
    }

    static func keyID(name: String, type: UInt8, publicKey: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8) + [0x0A, type] + publicKey)
        return Array(hasher.finalize().prefix(4))
    }

    /// Key names are non-empty and contain neither Unicode white space nor `+`.
    static func isValidKeyName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 }
    }

    static func checkKeyName(_ name: String) throws(NoteError) {
        guard isValidKeyName(name) else {
            throw .malformedKey("a key name is non-empty and has no spaces or '+': \(name.debugDescription)")
        }
    }

    /// No ASCII control character other than newline.
    static func checkCharacters(_ bytes: [UInt8], what: String) throws(NoteError) {
        if let bad = bytes.first(where: { $0 < 0x20 && $0 != 0x0A }) {
            throw .malformedNote("the \(what) contains control character 0x\(hex([bad]))")
        }
    }

    /// Note text: non-empty, ends in a newline, no control characters other than newline.
    static func checkBody(_ body: String) throws(NoteError) {
        let bytes = Array(body.utf8)
        guard bytes.last == 0x0A else { throw .malformedNote("the note text is empty or does not end in a newline") }
        try checkCharacters(bytes, what: "note text")
    }

    static func parseSignatureLine(_ line: [UInt8]) throws(NoteError) -> NoteSignature {
        try checkCharacters(line, what: "signature line")
        guard line.starts(with: emDashSpace) else {
            throw .malformedNote("a signature line starts with an em dash (U+2014) and a space")
        }
        let rest = line.dropFirst(emDashSpace.count)
        let parts = rest.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .malformedNote("a signature line is '— <name> <base64>'") }
        let name = String(decoding: parts[0], as: UTF8.self)
        guard isValidKeyName(name) else { throw .malformedNote("invalid key name \(name.debugDescription)") }
        guard let payload = decodeBase64(String(decoding: parts[1], as: UTF8.self)) else {
            throw .malformedNote("the signature of \(name) is not canonical base64")
        }
        guard payload.count > 4 else { throw .malformedNote("the signature of \(name) is shorter than a key ID and a signature") }
        return NoteSignature(name: name, keyID: Array(payload.prefix(4)), signature: Array(payload.dropFirst(4)))
    }

    /// The cosignature/v1 signed message.
    static func cosignatureMessage(body: String, timestamp: UInt64) -> [UInt8] {
        Array("cosignature/v1\ntime \(timestamp)\n".utf8) + Array(body.utf8)
    }

    static func publicKey(seed: [UInt8]) throws(NoteError) -> [UInt8] {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw .malformedKey("an Ed25519 private key seed has 32 bytes, not \(seed.count)")
        }
        return Array(key.publicKey.rawRepresentation)
    }

    static func sign(_ message: [UInt8], seed: [UInt8]) throws(NoteError) -> [UInt8] {
        do {
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            return Array(try key.signature(for: message))
        } catch {
            throw NoteError(code: NoteError.Code.signingFailed, message: "Ed25519 signing failed: \(error)")
        }
    }

    /// Standard base64 with padding (RFC 4648 §4).
    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Decodes standard base64 and accepts only the canonical encoding (padding present, no
    /// whitespace, zero unused bits), so every accepted string has exactly one byte sequence and back.
    static func decodeBase64(_ text: String) -> [UInt8]? {
        guard !text.isEmpty, let data = Data(base64Encoded: text) else { return nil }
        guard data.base64EncodedString() == text else { return nil }
        return Array(data)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lowercase hex only, an even number of digits.
    static func parseHex(_ text: Substring) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        var index = 0
        while index < utf8.count {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}

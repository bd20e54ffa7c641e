// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
public import StraitCore

/// The kinds of event that enter the audit log.
public enum AuditEventType: String, Sendable, Codable, Hashable, CaseIterable {
    /// A payment instruction was decided and stored.
    case transactionDecided = "transaction.decided"
    /// An API key was issued.
    case keyIssued = "key.issued"
    /// An API key was revoked.
    case keyRevoked = "key.revoked"
    /// The node started with an effective configuration different from the last one recorded
    /// (the payload carries its digest and the keys that changed; never a secret's value).
    case configChanged = "config.changed"
    /// A record of something that has no other stored record: the payload is opaque to the
    /// verifier (used by benchmarks and for external evidence digests).
    case annotation = "annotation"
    /// A cross-border transfer was decided (the payload is the transfer register entry: categories,
    /// regions, mechanisms, rules; never values).
    case transferDecided = "transfer.decided"
    /// Tokens were turned back into values (who, for which purpose, which tokens).
    case vaultDetokenised = "vault.detokenised"
    /// The vault's keys were rotated (data key ids and master key ids; never key material).
    case vaultKeysRotated = "vault.keys.rotated"
    /// A new jurisdiction catalogue was put in force (versions, the rules that changed, how many
    /// register entries drifted out of compliance).
    case catalogueLoaded = "catalogue.loaded"
    /// The firewall blocked a request (sampled): rule ids, families, score, client, path; never values.
    case shieldBlocked = "shield.blocked"
    /// Monitor raised an alert (ids, outcome, score, typologies, a digest of the stored alert).
    case alertRaised = "alert.raised"
    /// An alert opened a case for its customer.
    case caseOpened = "case.opened"
    /// A case changed: state, assignee or a note (a digest of the history entry; never the note).
    case caseUpdated = "case.updated"
    /// Monitor's scenario file changed and was put in force (versions and the file's digest).
    case scenariosLoaded = "monitor.scenarios.loaded"
    /// A sanctions or PEP list version was imported (source, version, digest of its entities, count).
    case screeningListImported = "screening.list.imported"
    /// A customer was onboarded: id, status, risk level, number of screening hits, a digest of the
    /// stored row (personal data stays in the vault; the row holds its tokens).
    case customerOnboarded = "customer.onboarded"
    /// A customer's status, rating or screening changed (review decision, re-screening), or a card
    /// was bound: id, status, version and a digest of the stored row.
    case customerUpdated = "customer.updated"
    /// Every customer was screened again against new list versions: the versions, counts, new hits.
    case customersRescreened = "screening.customers.rescreened"
}

/// The content of an audit event before it is placed in the chain.
///
/// `payload` is canonical JSON (sorted keys) and must not carry personal data in clear:
/// a transaction event carries the transaction id, the decision and a salted commitment (HMAC) of
/// the stored instruction, which binds the event to the stored record without copying it.
public struct AuditEventContent: Sendable, Hashable {
    public var timestamp: String
    public var type: AuditEventType
    /// Who caused the event: an API key id, or `system`.
    public var actor: String
    /// What the event is about: a transaction id, a key id.
    public var subject: String
    public var payload: String

    public init(timestamp: String, type: AuditEventType, actor: String, subject: String, payload: String) {
        self.timestamp = timestamp
        self.type = type
        self.actor = actor
        self.subject = subject
        self.payload = payload
    }
}

/// One entry of the audit log: a leaf of its Merkle tree (see ``LeafEncoding``).
public struct AuditEvent: Sendable, Hashable, Codable {
    /// Position in the log, from 0, without gaps.
    public var index: UInt64
    /// When Strait recorded the event (RFC 3339, UTC, milliseconds).
    public var timestamp: String
    public var type: AuditEventType
    public var actor: String
    public var subject: String
    /// Canonical JSON payload.
    public var payload: String

    public init(index: UInt64, timestamp: String, type: AuditEventType, actor: String, subject: String, payload: String) {
        self.index = index
        self.timestamp = timestamp
        self.type = type
        self.actor = actor
        self.subject = subject
        self.payload = payload
    }

    public init(index: UInt64, content: AuditEventContent) {
        self.init(
            index: index, timestamp: content.timestamp, type: content.type, actor: content.actor, subject: content.subject,
            payload: content.payload
        )
    }

    /// The content this event was built from.
    public var content: AuditEventContent {
        AuditEventContent(timestamp: timestamp, type: type, actor: actor, subject: subject, payload: payload)
    }

    /// The leaf bytes the Merkle tree commits to.
    public var leaf: [UInt8] { LeafEncoding.encode(self) }

    /// `SHA-256(0x00 || leaf)`.
    public var leafHash: MerkleTree.Hash { PreparedLeaf(content).leafHash(index: index) }
}

/// An entry's content with the leaf hash computed up to its index.
///
/// The index comes last in the leaf encoding, so everything but the index can be hashed by the
/// caller, before the entry is sequenced; the writer, which holds the log's lock, only adds eight
/// bytes and finishes the hash.
public struct PreparedLeaf: Sendable, Hashable {
    public let content: AuditEventContent
    private let prefix: SHA256

    public init(_ content: AuditEventContent) {
        self.content = content
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: LeafEncoding.prefix(content))
        self.prefix = hasher
    }

    public static func == (lhs: PreparedLeaf, rhs: PreparedLeaf) -> Bool { lhs.content == rhs.content }
    public func hash(into hasher: inout Hasher) { hasher.combine(content) }

    /// `SHA-256(0x00 || leaf)` of this content at `index`.
    public func leafHash(index: UInt64) -> MerkleTree.Hash {
        var hasher = prefix
        withUnsafeBytes(of: index.bigEndian) { hasher.update(bufferPointer: $0) }
        return Array(hasher.finalize())
    }
}

/// The versioned, unambiguous byte encoding of an audit event as a Merkle leaf.
///
/// ```
/// "strait-ledger-v2" 0x00
/// timestamp, type, actor, subject, payload:
///                      each a 4-byte big-endian length followed by its UTF-8 bytes
/// index                8 bytes, big-endian
/// ```
///
/// Length prefixes make the encoding injective; the index binds an entry to its position, so a
/// moved entry is told apart from an edited one (it comes last so that the rest can be hashed
/// before the entry is sequenced: ``PreparedLeaf``). Personal data never enters a leaf in clear: a
/// transaction's leaf carries an HMAC commitment of the stored instruction (see
/// ``AuditEventContent/transactionDecided(id:commitment:decision:actor:at:)``).
public enum LeafEncoding {
    /// Domain-separation tag, versioned.
    public static let tag = "strait-ledger-v2"

    /// The encoding without the index.
    static func prefix(_ content: AuditEventContent) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(48 + content.payload.utf8.count + content.subject.utf8.count + content.actor.utf8.count + content.timestamp.utf8.count)
        bytes.append(contentsOf: tag.utf8)
        bytes.append(0)
        for field in [content.timestamp, content.type.rawValue, content.actor, content.subject, content.payload] {
            withUnsafeBytes(of: UInt32(field.utf8.count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: field.utf8)
        }
        return bytes
    }

    public static func encode(_ event: AuditEvent) -> [UInt8] {
        var bytes = prefix(event.content)
        withUnsafeBytes(of: event.index.bigEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Decodes leaf bytes (used by offline verifiers and tests).
    public static func decode(_ bytes: [UInt8]) -> AuditEvent? {
        let tagBytes = Array(tag.utf8) + [0]
        guard bytes.count >= tagBytes.count + 8, Array(bytes[0..<tagBytes.count]) == tagBytes else { return nil }
        var position = tagBytes.count
        var fields: [String] = []
        for _ in 0..<5 {
            guard position + 4 <= bytes.count else { return nil }
            var length = 0
            for byte in bytes[position..<position + 4] { length = length << 8 | Int(byte) }
            position += 4
            guard length <= bytes.count - position, let field = String(validating: bytes[position..<position + length], as: UTF8.self) else {
                return nil
            }
            fields.append(field)
            position += length
        }
        guard bytes.count - position == 8, let type = AuditEventType(rawValue: fields[1]) else { return nil }
        var index: UInt64 = 0
        for byte in bytes[position...] { index = index << 8 | UInt64(byte) }
        return AuditEvent(index: index, timestamp: fields[0], type: type, actor: fields[2], subject: fields[3], payload: fields[4])
    }
}

/// The head of the audit log: how many entries it has and the Merkle root over them.
public struct AuditHead: Sendable, Hashable, Codable {
    /// Number of entries; the next entry gets this index.
    public var size: UInt64
    /// Hex RFC 9162 root of the first `size` entries (`SHA-256("")` for the empty log).
    public var rootHash: String

    public init(size: UInt64, rootHash: String) {
        self.size = size
        self.rootHash = rootHash
    }

    /// The head of an empty log.
    public static let empty = AuditHead(size: 0, rootHash: Hex.encode(MerkleTree.emptyRoot))
}

/// A problem found while verifying the log, with the index of the entry it concerns.
public struct LedgerViolation: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// An index is missing (an entry was removed).
        case missingEntry = "missing_entry"
        /// An entry sits at a position its content does not claim (inserted or reordered).
        case unexpectedIndex = "unexpected_index"
        /// The entry's content does not hash to the leaf the tree holds (it was edited).
        case contentMismatch = "content_mismatch"
        /// A stored tile of the tree does not match the tree recomputed from the entries.
        case treeMismatch = "tree_mismatch"
        /// A stored checkpoint's root is not the root of the log at its size, or its signature is bad.
        case checkpointMismatch = "checkpoint_mismatch"
        /// A stored record disagrees with the audit entry that vouches for it.
        case recordMismatch = "record_mismatch"
    }

    /// Index of the entry concerned (for a checkpoint: its tree size).
    public var index: UInt64
    public var kind: Kind
    public var detail: String

    public init(index: UInt64, kind: Kind, detail: String) {
        self.index = index
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "entry \(index): \(kind.rawValue): \(detail)" }
}

extension AuditEventContent {
    /// The audit content for a decided transaction.
    ///
    /// - Parameters:
    ///   - commitment: hex HMAC-SHA-256 of the stored instruction's canonical JSON under the record's
    ///     own random salt (``Commitment``). Deleting the salt (erasure) leaves the leaf intact but
    ///     unlinkable to any data.
    public static func transactionDecided(
        id: TransactionID, commitment: String, decision: Decision, actor: String, at timestamp: String
    ) -> AuditEventContent {
        let payload = transactionPayload(commitment: commitment, decision: decision.outcome.rawValue, reasonCodes: decision.reasons.map(\.code))
        return AuditEventContent(timestamp: timestamp, type: .transactionDecided, actor: actor, subject: id.rawValue, payload: payload)
    }

    /// The canonical payload of a `transaction.decided` entry.
    public static func transactionPayload(commitment: String, decision: String, reasonCodes: [String]) -> String {
        "{\"commitment\":\"\(commitment)\",\"decision\":\(JSONText.quoted(decision)),\"reasons\":[\(reasonCodes.map(JSONText.quoted).joined(separator: ","))]}"
    }

    /// A v1 payload (`{"decision":…,"digest":…,"reasons":…}`, before salted commitments) re-written
    /// with `commitment`; `nil` if it is not a v1 payment payload. Used by the stores' migrations.
    public static func recommittedV1Payload(_ payload: String, commitment: String) -> String? {
        guard case .object(let members)? = try? JSONParser.parse(Array(payload.utf8)),
            case .string(let decision)? = members.first(where: { $0.0 == "decision" })?.1,
            case .array(let reasons)? = members.first(where: { $0.0 == "reasons" })?.1
        else { return nil }
        let codes = reasons.compactMap { value -> String? in if case .string(let code) = value { code } else { nil } }
        return transactionPayload(commitment: commitment, decision: decision, reasonCodes: codes)
    }

    /// The audit content for an issued key (its id and role; never the secret or its hash).
    public static func keyIssued(keyID: String, role: String, actor: String, at timestamp: String) -> AuditEventContent {
        AuditEventContent(
            timestamp: timestamp,
            type: .keyIssued,
            actor: actor,
            subject: keyID,
            payload: "{\"role\":\(JSONText.quoted(role))}"
        )
    }

    /// The audit content for a node that started with a configuration different from the last one
    /// recorded: the digest of the effective values, a short digest of each value (so the next change
    /// can name the keys that changed without the log holding the values), and the keys that changed.
    ///
    /// - Parameters:
    ///   - values: effective values by key; secrets already redacted by the caller.
    ///   - previous: the `values` object of the last `config.changed` entry, if any.
    public static func configChanged(values: [String: String], previous: [String: String]?, at timestamp: String) -> AuditEventContent {
        let fingerprints = values.mapValues { String(SHA256.hexDigest($0).prefix(16)) }
        let keys = fingerprints.keys.sorted()
        let digest = SHA256.hexDigest(keys.map { "\($0)=\(values[$0] ?? "")" }.joined(separator: "\n"))
        let changed = Set(keys).union(previous?.keys ?? [:].keys).filter { fingerprints[$0] != previous?[$0] }.sorted()
        let valuesJSON = keys.map { "\(JSONText.quoted($0)):\(JSONText.quoted(fingerprints[$0]!))" }.joined(separator: ",")
        let payload = "{\"changed\":[\(changed.map(JSONText.quoted).joined(separator: ","))],\"digest\":\"\(digest)\",\"values\":{\(valuesJSON)}}"
        return AuditEventContent(timestamp: timestamp, type: .configChanged, actor: "system", subject: "config", payload: payload)
    }

    /// The audit content for a revoked key.
    public static func keyRevoked(keyID: String, actor: String, at timestamp: String) -> AuditEventContent {
        AuditEventContent(timestamp: timestamp, type: .keyRevoked, actor: actor, subject: keyID, payload: "{}")
    }
}

/// Salted commitments to personal data: `HMAC-SHA-256(key: salt, message: data)`, hex.
///
/// Each stored record has its own random 32-byte salt, kept beside the record and never in the log.
/// While the salt exists, anyone holding the record can check it against the log; once the salt is
/// deleted (GDPR Art. 17 erasure), the leaf no longer reveals or confirms anything about the data,
/// even for guessable values, and the tree stays intact.
public enum Commitment {
    /// A fresh random salt.
    public static func newSalt() -> [UInt8] {
        // Four 64-bit draws (one system call each), not thirty-two.
        var generator = SystemRandomNumberGenerator()
        var salt: [UInt8] = []
        salt.reserveCapacity(32)
        for _ in 0..<4 {
            withUnsafeBytes(of: generator.next()) { salt.append(contentsOf: $0) }
        }
        return salt
    }

    public static func commit(_ data: String, salt: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(data.utf8), using: SymmetricKey(data: salt))
        return Hex.encode(mac)
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
public import StraitCore

/// The hash chain that makes the audit log tamper-evident.
///
/// Entry `i` stores `hash_i = SHA-256(encode(i, content_i) || hash_{i-1})` with `hash_{-1}` = 32 zero bytes,
/// where `encode` is the versioned binary encoding:
///
/// ```
/// "strait-audit-v1" 0x00
/// index            8 bytes, big-endian
/// timestamp, type, actor, subject, payload:
///                  each as a 4-byte big-endian length followed by its UTF-8 bytes
/// ```
///
/// Length prefixes make the encoding unambiguous: no two different events share bytes.
/// Changing, removing, inserting or reordering any entry changes every later hash, which
/// ``verify(_:from:)`` reports with the index of the first entry that does not fit.
public enum HashChain {
    /// The previous-hash value of entry 0: 64 hex zeros.
    public static let genesisHash = String(repeating: "0", count: 64)
    /// Domain-separation prefix, versioned.
    public static let encodingTag = "strait-audit-v1"

    /// The canonical bytes of an entry that the hash covers (without the previous hash).
    public static func encode(index: UInt64, content: AuditEventContent) -> [UInt8] {
        var bytes = Array(encodingTag.utf8)
        bytes.append(0)
        withUnsafeBytes(of: index.bigEndian) { bytes.append(contentsOf: $0) }
        for field in [content.timestamp, content.type.rawValue, content.actor, content.subject, content.payload] {
            let utf8 = Array(field.utf8)
            withUnsafeBytes(of: UInt32(utf8.count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: utf8)
        }
        return bytes
    }

    /// The hex hash of an entry.
    public static func entryHash(index: UInt64, content: AuditEventContent, previousHash: String) -> String {
        var hasher = SHA256()
        hasher.update(data: encode(index: index, content: content))
        hasher.update(data: Hex.decode(previousHash) ?? [])
        return Hex.encode(hasher.finalize())
    }

    /// Places `content` after `head`, returning the complete event and the new head.
    public static func append(_ content: AuditEventContent, after head: AuditHead) -> (AuditEvent, AuditHead) {
        let hash = entryHash(index: head.size, content: content, previousHash: head.headHash)
        let event = AuditEvent(
            index: head.size,
            timestamp: content.timestamp,
            type: content.type,
            actor: content.actor,
            subject: content.subject,
            payload: content.payload,
            previousHash: head.headHash,
            hash: hash
        )
        return (event, AuditHead(size: head.size + 1, headHash: hash))
    }

    /// Checks a run of consecutive entries that should follow `head`.
    ///
    /// - Returns: the new head if every entry fits, or the first problem.
    public static func verify(_ events: some Sequence<AuditEvent>, from head: AuditHead) -> Result<AuditHead, ChainViolation> {
        var head = head
        for event in events {
            guard event.index == head.size else {
                let kind: ChainViolation.Kind = event.index > head.size ? .missingEntry : .unexpectedIndex
                return .failure(ChainViolation(index: head.size, kind: kind, detail: "expected entry \(head.size), found entry \(event.index)"))
            }
            guard event.previousHash == head.headHash else {
                return .failure(
                    ChainViolation(index: event.index, kind: .brokenLink, detail: "previous hash does not match the hash of entry \(Int64(event.index) - 1)")
                )
            }
            let recomputed = entryHash(index: event.index, content: event.content, previousHash: event.previousHash)
            guard recomputed == event.hash else {
                return .failure(ChainViolation(index: event.index, kind: .contentMismatch, detail: "content does not match its stored hash"))
            }
            head = AuditHead(size: head.size + 1, headHash: event.hash)
        }
        return .success(head)
    }
}

/// The first place where an audit log stops being a valid chain.
public struct ChainViolation: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// An index is missing (an entry was removed).
        case missingEntry = "missing_entry"
        /// An index repeats or goes backwards (an entry was inserted or reordered).
        case unexpectedIndex = "unexpected_index"
        /// The stored previous hash is not the hash of the entry before.
        case brokenLink = "broken_link"
        /// The content was changed after it was hashed.
        case contentMismatch = "content_mismatch"
        /// A stored record disagrees with the audit entry that vouches for it.
        case recordMismatch = "record_mismatch"
    }

    /// Index of the first bad entry.
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

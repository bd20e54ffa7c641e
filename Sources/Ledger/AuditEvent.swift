// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import StraitCore

/// The kinds of event that enter the audit log.
public enum AuditEventType: String, Sendable, Codable, Hashable, CaseIterable {
    /// A payment instruction was decided and stored.
    case transactionDecided = "transaction.decided"
    /// An API key was issued.
    case keyIssued = "key.issued"
    /// An API key was revoked.
    case keyRevoked = "key.revoked"
}

/// The content of an audit event before it is placed in the chain.
///
/// `payload` is canonical JSON (sorted keys) and must not carry personal data in clear:
/// a transaction event carries the transaction id, the decision and the SHA-256 of the stored
/// instruction, which binds the event to the stored record without copying it.
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

/// One entry of the hash-chained audit log.
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
    /// Hex SHA-256 of the previous entry; 64 zeros for entry 0.
    public var previousHash: String
    /// Hex SHA-256 of this entry (see ``HashChain/entryHash(index:content:previousHash:)``).
    public var hash: String

    public init(
        index: UInt64, timestamp: String, type: AuditEventType, actor: String, subject: String, payload: String,
        previousHash: String, hash: String
    ) {
        self.index = index
        self.timestamp = timestamp
        self.type = type
        self.actor = actor
        self.subject = subject
        self.payload = payload
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The content this event was built from.
    public var content: AuditEventContent {
        AuditEventContent(timestamp: timestamp, type: type, actor: actor, subject: subject, payload: payload)
    }
}

/// The head of the audit log: how many entries it has and the hash of the last one.
public struct AuditHead: Sendable, Hashable, Codable {
    /// Number of entries; the next entry gets this index.
    public var size: UInt64
    /// Hash of entry `size - 1`, or ``HashChain/genesisHash`` for an empty log.
    public var headHash: String

    public init(size: UInt64, headHash: String) {
        self.size = size
        self.headHash = headHash
    }

    /// The head of an empty log.
    public static let empty = AuditHead(size: 0, headHash: HashChain.genesisHash)
}

extension AuditEventContent {
    /// The audit content for a decided transaction.
    ///
    /// - Parameters:
    ///   - digest: hex SHA-256 of the stored instruction's canonical JSON.
    public static func transactionDecided(
        id: TransactionID, digest: String, decision: Decision, actor: String, at timestamp: String
    ) -> AuditEventContent {
        let reasons = decision.reasons.map { JSONText.quoted($0.code) }.joined(separator: ",")
        let payload = "{\"decision\":\"\(decision.outcome.rawValue)\",\"digest\":\"\(digest)\",\"reasons\":[\(reasons)]}"
        return AuditEventContent(timestamp: timestamp, type: .transactionDecided, actor: actor, subject: id.rawValue, payload: payload)
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

    /// The audit content for a revoked key.
    public static func keyRevoked(keyID: String, actor: String, at timestamp: String) -> AuditEventContent {
        AuditEventContent(timestamp: timestamp, type: .keyRevoked, actor: actor, subject: keyID, payload: "{}")
    }
}

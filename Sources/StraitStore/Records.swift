// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
import Foundation
public import Ledger
public import StraitCore

/// What an API key may do.
public enum Role: String, Sendable, Codable, Hashable, CaseIterable {
    /// Systems that submit transactions.
    case service
    /// Compliance analysts: read transactions, alerts and cases.
    case analyst
    /// Auditors: read transactions and the audit log.
    case auditor
    /// Operators: everything, including issuing keys.
    case admin
}

/// An API key as stored: never the secret, only its SHA-256.
public struct APIKeyRecord: Sendable, Hashable, Codable {
    /// Public identifier, `key_` followed by 16 hex digits.
    public var id: String
    public var role: Role
    /// Operator-chosen label, e.g. `payments-service`.
    public var label: String
    /// Hex SHA-256 of the secret.
    public var secretHash: String
    public var createdAt: String
    /// Key id of the admin who issued it, or `bootstrap`.
    public var createdBy: String
    public var revokedAt: String?

    public init(
        id: String, role: Role, label: String, secretHash: String, createdAt: String, createdBy: String, revokedAt: String? = nil
    ) {
        self.id = id
        self.role = role
        self.label = label
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.revokedAt = revokedAt
    }

    public var isActive: Bool { revokedAt == nil }
}

/// A decided payment, ready to be stored with its audit entry in one atomic write.
public struct NewTransactionRecord: Sendable, Hashable {
    public var instruction: PaymentInstruction
    /// Canonical JSON of the instruction (``PaymentInstruction/canonicalJSON()``).
    public var body: String
    /// Hex SHA-256 of `body`: the idempotency fingerprint.
    public var digest: String
    public var decision: Decision
    public var receivedAt: Timestamp
    /// Key id of the caller.
    public var actor: String

    public init(instruction: PaymentInstruction, decision: Decision, receivedAt: Timestamp, actor: String) {
        self.instruction = instruction
        self.body = instruction.canonicalJSON()
        self.digest = SHA256.hexDigest(body)
        self.decision = decision
        self.receivedAt = receivedAt
        self.actor = actor
    }
}

/// A stored payment with its decision and the index of its audit entry.
public struct StoredTransaction: Sendable, Hashable {
    public var id: TransactionID
    public var body: String
    public var digest: String
    public var decision: Decision
    public var receivedAt: String
    public var auditIndex: UInt64

    public init(id: TransactionID, body: String, digest: String, decision: Decision, receivedAt: String, auditIndex: UInt64) {
        self.id = id
        self.body = body
        self.digest = digest
        self.decision = decision
        self.receivedAt = receivedAt
        self.auditIndex = auditIndex
    }
}

/// The result of recording a transaction.
public enum RecordOutcome: Sendable, Hashable {
    /// Stored now, with a new audit entry.
    case created(StoredTransaction)
    /// A transaction with this id was already stored; nothing was written.
    /// Compare its ``StoredTransaction/digest`` to tell a replay from a conflict.
    case existing(StoredTransaction)

    public var transaction: StoredTransaction {
        switch self {
        case .created(let t), .existing(let t): t
        }
    }
}

/// A write that a store applies inside its group commit. Implementations share these so that every
/// store batches the same operations.
public enum StoreWriteOperation: Sendable {
    case transaction(NewTransactionRecord)
    case insertKey(APIKeyRecord)
    case revokeKey(id: String, actor: String, at: String)
}

/// The result of one ``StoreWriteOperation``.
public enum StoreWriteOutput: Sendable {
    case record(RecordOutcome)
    case keyInserted
    case keyRevoked(APIKeyRecord?)
}

// MARK: - Rebuilding records from stored columns (shared by every implementation)

extension StoredTransaction {
    /// Rebuilds a stored transaction from its columns.
    ///
    /// - Throws: ``StoreError/corrupted(_:file:line:)`` if a column does not decode.
    public init(
        columns id: String, body: String, digest: String, decision: String, reasons: String, receivedAt: String, auditIndex: Int64
    ) throws {
        guard let transactionID = TransactionID(rawValue: id), let outcome = DecisionOutcome(rawValue: decision),
            let reasonList = try? JSONDecoder().decode([DecisionReason].self, from: Data(reasons.utf8)), auditIndex >= 0
        else {
            throw StoreError.corrupted("transaction row cannot be decoded")
        }
        self.init(
            id: transactionID,
            body: body,
            digest: digest,
            decision: Decision(outcome: outcome, reasons: reasonList),
            receivedAt: receivedAt,
            auditIndex: UInt64(auditIndex)
        )
    }
}

extension APIKeyRecord {
    /// Rebuilds a key from its columns.
    ///
    /// - Throws: ``StoreError/corrupted(_:file:line:)`` if the role is unknown.
    public init(
        columns id: String, role: String, label: String, secretHash: String, createdAt: String, createdBy: String, revokedAt: String?
    ) throws {
        guard let role = Role(rawValue: role) else { throw StoreError.corrupted("api key row has unknown role") }
        self.init(id: id, role: role, label: label, secretHash: secretHash, createdAt: createdAt, createdBy: createdBy, revokedAt: revokedAt)
    }
}

extension AuditEvent {
    /// Rebuilds an audit entry from its columns.
    ///
    /// - Throws: ``StoreError/corrupted(_:file:line:)`` if the index is negative or the type unknown.
    public init(
        columns index: Int64, timestamp: String, type: String, actor: String, subject: String, payload: String, previousHash: String,
        hash: String
    ) throws {
        guard index >= 0, let eventType = AuditEventType(rawValue: type) else {
            throw StoreError.corrupted("audit row \(index) cannot be decoded")
        }
        self.init(
            index: UInt64(index), timestamp: timestamp, type: eventType, actor: actor, subject: subject, payload: payload,
            previousHash: previousHash, hash: hash
        )
    }
}

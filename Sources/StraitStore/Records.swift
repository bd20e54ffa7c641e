// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
public import Foundation
public import Ledger
public import Monitor
public import StraitCore
public import Vault

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
    /// The record's own random salt for its commitment in the log (see ``Commitment``).
    public var salt: [UInt8]
    /// The audit entry that vouches for this record, hashed up to its index (computed by the caller,
    /// off the store's writer).
    public var auditLeaf: PreparedLeaf
    /// Monitor's alert about the payment, stored with it (in the same write) when the payment is new.
    public var alert: NewAlert?

    public init(
        instruction: PaymentInstruction, decision: Decision, receivedAt: Timestamp, actor: String, salt: [UInt8] = Commitment.newSalt(),
        alert: NewAlert? = nil
    ) {
        self.alert = alert
        self.instruction = instruction
        self.body = instruction.canonicalJSON()
        self.digest = SHA256.hexDigest(body)
        self.decision = decision
        self.receivedAt = receivedAt
        self.actor = actor
        self.salt = salt
        self.auditLeaf = PreparedLeaf(
            .transactionDecided(
                id: instruction.id, commitment: Commitment.commit(body, salt: salt), decision: decision, actor: actor, at: receivedAt.text
            )
        )
    }

    /// The audit content that vouches for this record.
    public func auditContent() -> AuditEventContent { auditLeaf.content }
}

/// A stored payment with its decision and the index of its audit entry.
public struct StoredTransaction: Sendable, Hashable {
    public var id: TransactionID
    public var body: String
    public var digest: String
    public var decision: Decision
    public var receivedAt: String
    public var auditIndex: UInt64
    /// The commitment salt, or `nil` once the record's personal data was erased.
    public var salt: [UInt8]?
    /// The alert stored with the payment (only in the answer to the write that created it).
    public var alert: RaisedAlert?

    public init(
        id: TransactionID, body: String, digest: String, decision: Decision, receivedAt: String, auditIndex: UInt64, salt: [UInt8]?,
        alert: RaisedAlert? = nil
    ) {
        self.alert = alert
        self.id = id
        self.body = body
        self.digest = digest
        self.decision = decision
        self.receivedAt = receivedAt
        self.auditIndex = auditIndex
        self.salt = salt
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

/// The log's Ed25519 signing key as stored (the 32-byte seed) with its note key name.
public struct LedgerKeyRecord: Sendable, Hashable {
    /// The note key name: the log's origin.
    public var name: String
    public var seed: [UInt8]
    public var createdAt: String

    public init(name: String, seed: [UInt8], createdAt: String) {
        self.name = name
        self.seed = seed
        self.createdAt = createdAt
    }
}

/// A checkpoint the log issued: the signed note (log signature only) for a tree size.
public struct StoredCheckpoint: Sendable, Hashable {
    public var size: UInt64
    /// Hex root hash.
    public var rootHash: String
    /// The signed note text (C2SP tlog-checkpoint).
    public var note: String
    public var createdAt: String

    public init(size: UInt64, rootHash: String, note: String, createdAt: String) {
        self.size = size
        self.rootHash = rootHash
        self.note = note
        self.createdAt = createdAt
    }
}

/// A witness's cosignature line for one of our checkpoints.
public struct StoredCosignature: Sendable, Hashable {
    public var size: UInt64
    /// The witness's key name.
    public var witness: String
    /// Hex key id.
    public var keyID: String
    /// The signature line, as it appears in the note (`— name base64`).
    public var line: String
    public var receivedAt: String

    public init(size: UInt64, witness: String, keyID: String, line: String, receivedAt: String) {
        self.size = size
        self.witness = witness
        self.keyID = keyID
        self.line = line
        self.receivedAt = receivedAt
    }
}

/// The latest checkpoint of another log that this node, as a witness, checked and cosigned.
public struct WitnessedCheckpoint: Sendable, Hashable {
    public var origin: String
    public var size: UInt64
    /// Hex root hash.
    public var rootHash: String
    public var updatedAt: String

    public init(origin: String, size: UInt64, rootHash: String, updatedAt: String) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.updatedAt = updatedAt
    }
}

/// A write that a store applies inside its group commit. Implementations share these so that every
/// store batches the same operations.
public enum StoreWriteOperation: Sendable {
    case transaction(NewTransactionRecord)
    case insertKey(APIKeyRecord)
    case revokeKey(id: String, actor: String, at: String)
    /// Appends audit events that have no other record (configuration changes, ledger events, …).
    case appendEvents([PreparedLeaf])
    /// Stores vault entries and the record they belong to (see ``VaultStore/storeVault(entries:record:)``).
    case storeVault(entries: [VaultEntry], record: VaultRecord?)
    /// Registers a transfer decision with its ledger entry.
    case recordTransfer(TransferRecord)
    /// Upserts wrapped vault keys and appends the rotation's ledger entry.
    case replaceVaultKeys([WrappedKey], PreparedLeaf)
    /// Stores an alert in its customer's case, with its ledger entries.
    case raiseAlert(NewAlert)
    /// Applies an analyst's action to a case, with its ledger entry.
    case updateCase(id: String, action: CaseAction, actor: String, at: String, expectedVersion: Int?)
    /// Stores a login or KYC outcome for Monitor's history, with the alert it raised.
    case recordMonitorEvent(StoredMonitorEvent, NewAlert?)
    /// Stores a screening list version with its ledger entry.
    case storeScreeningList(StoredScreeningList, Data)
    /// Creates or changes a customer with its ledger entry and the alerts it raises.
    case writeCustomer(CustomerWrite)
    /// Records a completed re-screening run with its ledger entry.
    case recordScreeningRun(ScreeningRunRecord)
}

/// The result of one ``StoreWriteOperation``.
public enum StoreWriteOutput: Sendable {
    case record(RecordOutcome)
    case keyInserted
    case keyRevoked(APIKeyRecord?)
    /// The indexes the appended events received.
    case eventsAppended(Range<UInt64>)
    case vaultStored([VaultInsertOutcome])
    case transferRecorded(TransferRecord)
    case alertRaised(RaisedAlert)
    case caseUpdated(CaseUpdateOutcome)
    case monitorEventRecorded(RecordedMonitorEvent)
    case screeningListStored(StoredScreeningList, existing: Bool)
    case customerWritten(CustomerWriteOutcome)
    case screeningRunRecorded(ScreeningRunRecord, existing: Bool)
}

// MARK: - Rebuilding records from stored columns (shared by every implementation)

extension StoredTransaction {
    /// Rebuilds a stored transaction from its columns.
    ///
    /// - Throws: ``StoreError/corrupted(_:file:line:)`` if a column does not decode.
    public init(
        columns id: String, body: String, digest: String, decision: String, reasons: String, receivedAt: String, auditIndex: Int64,
        salt: [UInt8]?
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
            auditIndex: UInt64(auditIndex),
            salt: salt
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
        columns index: Int64, timestamp: String, type: String, actor: String, subject: String, payload: String
    ) throws {
        guard index >= 0, let eventType = AuditEventType(rawValue: type) else {
            throw StoreError.corrupted("audit row \(index) cannot be decoded")
        }
        self.init(index: UInt64(index), timestamp: timestamp, type: eventType, actor: actor, subject: subject, payload: payload)
    }
}

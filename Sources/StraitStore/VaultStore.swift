// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
public import Ledger
public import StraitCore
public import Vault

/// One tokenised value as the vault stores it: the token, the value sealed under a data key, and
/// a blind index for exact-match search. Never the value in clear.
public struct VaultEntry: Sendable, Hashable {
    public var token: String
    public var kind: TokenKind
    /// The data category (`national_id`, `card`, …).
    public var category: String
    /// The detector's scheme (`in.aadhaar`, `card`, …), if one recognised the value.
    public var scheme: String?
    /// The customer or party the value belongs to, if the caller named one.
    public var subject: String?
    /// The record the value is a field of, and its path there.
    public var recordID: String?
    public var path: String?
    /// ``VaultKeyRing/seal(_:context:)`` output, bound to the token.
    public var ciphertext: [UInt8]
    /// ``Tokenizer/blindIndex(_:category:)`` of the normalised value.
    public var blindIndex: String
    public var createdAt: String
    /// For card tokens: the blind index the token itself would have as a card number. The store
    /// refuses the entry while a stored card has it, so a token is never a card the vault holds.
    /// Not stored.
    public var tokenAsCardIndex: String?

    public init(
        token: String, kind: TokenKind, category: String, scheme: String?, subject: String?, recordID: String?, path: String?,
        ciphertext: [UInt8], blindIndex: String, createdAt: String, tokenAsCardIndex: String? = nil
    ) {
        self.tokenAsCardIndex = tokenAsCardIndex
        self.token = token
        self.kind = kind
        self.category = category
        self.scheme = scheme
        self.subject = subject
        self.recordID = recordID
        self.path = path
        self.ciphertext = ciphertext
        self.blindIndex = blindIndex
        self.createdAt = createdAt
    }
}

/// A customer record kept in its home vault: its JSON with each sensitive value replaced by its
/// token (the template), and the tokens' entries.
public struct VaultRecord: Sendable, Hashable {
    /// `rec_` followed by 26 base32 characters, or the caller's id.
    public var id: String
    public var subject: String?
    /// The home jurisdiction whose rules govern it.
    public var jurisdiction: String
    public var createdAt: String
    /// The record's JSON with tokens in place of the sensitive values.
    public var template: String
    /// Transfer mechanisms on record for this data subject (e.g. `art49-explicit-consent`), added to
    /// the recipient's when its data would leave the region.
    public var mechanisms: [String]

    public init(id: String, subject: String?, jurisdiction: String, createdAt: String, template: String, mechanisms: [String] = []) {
        self.mechanisms = mechanisms
        self.id = id
        self.subject = subject
        self.jurisdiction = jurisdiction
        self.createdAt = createdAt
        self.template = template
    }
}

/// Entries the store refused because their tokens are taken: a deterministic or card token that
/// stands for another value, or a card token that is the number of a stored card. Nothing of the
/// write was stored; the caller draws the next candidates for these tokens and writes again.
public struct VaultTokenConflict: Error, Sendable, Hashable {
    public var tokens: Set<String>

    public init(tokens: Set<String>) {
        self.tokens = tokens
    }
}

/// What storing one entry did.
public enum VaultInsertOutcome: Sendable, Hashable {
    case inserted
    /// A deterministic or card token that the same value already has.
    case existing
}

/// One category's part of a transfer decision, as registered.
public struct RegisteredCategory: Sendable, Hashable, Codable {
    public var category: String
    /// `allow`, `allow_tokenised_only` or `deny`.
    public var outcome: String
    public var rule: String?
    public var reason: String

    public init(category: String, outcome: String, rule: String?, reason: String) {
        self.category = category
        self.outcome = outcome
        self.rule = rule
        self.reason = reason
    }
}

/// An entry of the transfer register: who moved which categories of data from where to where,
/// under which mechanism and for which purpose — and what the catalogue decided. Never values.
public struct TransferRecord: Sendable, Hashable, Codable {
    /// `xfr_` followed by 16 hex digits.
    public var id: String
    public var at: String
    /// Who asked: an API key id, or `node:<region>` for a peer node.
    public var actor: String
    public var purpose: String
    /// `read` (a record), `detokenise`, `tokenise`.
    public var operation: String
    public var fromRegion: String
    public var fromJurisdiction: String
    public var toRegion: String
    public var toCountry: String
    public var recordID: String?
    /// The number of values concerned.
    public var values: Int
    /// The overall outcome: the most restrictive of the categories'.
    public var outcome: String
    public var categories: [RegisteredCategory]
    /// The mechanisms declared for the recipient.
    public var mechanisms: [String]
    public var catalogueVersion: String
    /// The ledger entry that records it (set when stored).
    public var auditIndex: UInt64?

    public init(
        id: String, at: String, actor: String, purpose: String, operation: String, fromRegion: String, fromJurisdiction: String,
        toRegion: String, toCountry: String, recordID: String?, values: Int, outcome: String, categories: [RegisteredCategory],
        mechanisms: [String], catalogueVersion: String, auditIndex: UInt64? = nil
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.purpose = purpose
        self.operation = operation
        self.fromRegion = fromRegion
        self.fromJurisdiction = fromJurisdiction
        self.toRegion = toRegion
        self.toCountry = toCountry
        self.recordID = recordID
        self.values = values
        self.outcome = outcome
        self.categories = categories
        self.mechanisms = mechanisms
        self.catalogueVersion = catalogueVersion
        self.auditIndex = auditIndex
    }

    /// Canonical JSON (sorted keys) without the audit index: the register row's detail and the
    /// ledger entry's payload.
    public var canonicalJSON: String {
        var copy = self
        copy.auditIndex = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(copy)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The ledger content that records this transfer.
    public var auditContent: AuditEventContent {
        AuditEventContent(timestamp: at, type: .transferDecided, actor: actor, subject: id, payload: canonicalJSON)
    }

    /// Decodes a register row's detail.
    public static func decode(detail: String, auditIndex: Int64) throws -> TransferRecord {
        guard var record = try? JSONDecoder().decode(TransferRecord.self, from: Data(detail.utf8)), auditIndex >= 0 else {
            throw StoreError.corrupted("transfer register row cannot be decoded")
        }
        record.auditIndex = UInt64(auditIndex)
        return record
    }
}

/// Filters for reading the transfer register.
public struct TransferRegisterQuery: Sendable, Hashable {
    /// Entries with `at >= since` (RFC 3339), if set.
    public var since: String?
    public var toRegion: String?
    public var outcome: String?
    public var recordID: String?
    /// Entries after this id in register order (paging), if set.
    public var after: String?
    public var limit: Int

    public init(since: String? = nil, toRegion: String? = nil, outcome: String? = nil, recordID: String? = nil, after: String? = nil, limit: Int = 100) {
        self.since = since
        self.toRegion = toRegion
        self.outcome = outcome
        self.recordID = recordID
        self.after = after
        self.limit = limit
    }
}

/// Stores a region's vault (wrapped keys, sealed values, records) and its transfer register.
public protocol VaultStore: Sendable {
    /// Every wrapped key of the vault.
    func vaultKeys() async throws -> [WrappedKey]
    /// Stores `keys` for the purposes that have no active key yet and returns every key: several
    /// instances starting at once end with one active key per purpose.
    func addVaultKeys(_ keys: [WrappedKey]) async throws -> [WrappedKey]
    /// Rotation, atomically: upserts `keys` (re-wrapped, deactivated, or new) and appends the
    /// ledger entry `event`. Returns its index.
    func replaceVaultKeys(_ keys: [WrappedKey], event: AuditEventContent) async throws -> UInt64
    /// Stores entries (and the record they belong to), atomically. An entry whose token exists for
    /// the same value (same blind index and category) is `.existing`.
    ///
    /// - Throws: ``VaultTokenConflict`` naming the tokens that are taken (nothing is stored), or
    ///   ``StoreError/invalidRecord(_:file:line:)`` when the record id exists.
    func storeVault(entries: [VaultEntry], record: VaultRecord?) async throws -> [VaultInsertOutcome]
    /// The entries of these tokens that exist.
    func vaultEntries(tokens: [String]) async throws -> [String: VaultEntry]
    /// A record and its entries.
    func vaultRecord(id: String) async throws -> (VaultRecord, [VaultEntry])?
    /// Entries whose blind index matches, oldest first.
    func vaultEntries(blindIndex: String, limit: Int) async throws -> [VaultEntry]
    /// Records a transfer decision in the register and the ledger, atomically; returns it with its audit index.
    func recordTransfer(_ transfer: TransferRecord) async throws -> TransferRecord
    /// Register entries in order of recording.
    func transferRegister(_ query: TransferRegisterQuery) async throws -> [TransferRecord]
}

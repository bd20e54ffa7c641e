// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
public import Foundation
public import Ledger
import StraitCore

/// One imported version of a sanctions or PEP list: which source, its own version, a digest of
/// its entities, when it was imported and by whom, and the ledger entry that records it.
public struct StoredScreeningList: Sendable, Hashable {
    /// `ofac-sdn`, `un-consolidated`, `eu-consolidated`, or a generic list's name.
    public var source: String
    /// The list's own version (publication date, generation time) or a digest.
    public var version: String
    /// SHA-256 (hex) of the stored entities: two imports of the same content are one version.
    public var digest: String
    public var importedAt: String
    public var actor: String
    public var entityCount: Int
    public var auditIndex: UInt64?

    public init(source: String, version: String, digest: String, importedAt: String, actor: String, entityCount: Int, auditIndex: UInt64? = nil) {
        self.source = source
        self.version = version
        self.digest = digest
        self.importedAt = importedAt
        self.actor = actor
        self.entityCount = entityCount
        self.auditIndex = auditIndex
    }

    /// A list version for `entities` (their JSON), digested.
    public init(source: String, version: String, entities: Data, entityCount: Int, importedAt: String, actor: String) {
        self.init(
            source: source, version: version, digest: SHA256.hexDigest(entities), importedAt: importedAt, actor: actor, entityCount: entityCount
        )
    }

    /// The ledger entry that records the import: source, version, digest, count.
    public var auditContent: AuditEventContent {
        let payload = #"{"digest":"\#(digest)","entities":\#(entityCount),"source":\#(JSONText.quoted(source)),"version":\#(JSONText.quoted(version))}"#
        return AuditEventContent(timestamp: importedAt, type: .screeningListImported, actor: actor, subject: source, payload: payload)
    }
}

/// Stores the imported versions of screening lists with their entities, each import a ledger entry.
public protocol ScreeningListStore: Sendable {
    /// Stores a list version and its entities (JSON) with its ledger entry, atomically — unless the
    /// same source already has a version with this digest, which is returned with `existing`.
    func storeScreeningList(_ list: StoredScreeningList, entities: Data) async throws -> (list: StoredScreeningList, existing: Bool)
    /// Every stored version, oldest first.
    func screeningLists() async throws -> [StoredScreeningList]
    /// The newest version of `source` and its entities.
    func latestScreeningList(source: String) async throws -> (list: StoredScreeningList, entities: Data)?
}

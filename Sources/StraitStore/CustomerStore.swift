// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
import Foundation
public import Ledger
import StraitCore

/// A customer row as a store keeps it: indexed columns and the detail as canonical JSON (which
/// holds tokens, never personal data in clear — that stays in the vault).
public struct StoredCustomer: Sendable, Hashable {
    public var id: String
    /// `pending_review`, `edd_required`, `active` or `rejected`.
    public var status: String
    public var version: Int
    public var createdAt: String
    public var updatedAt: String
    /// SHA-256 (hex) of the onboarding request: the same request again is a replay.
    public var requestDigest: String
    /// Canonical JSON of the customer.
    public var detail: String
    /// The ledger entry of the latest change (set when stored).
    public var auditIndex: UInt64?

    public init(
        id: String, status: String, version: Int, createdAt: String, updatedAt: String, requestDigest: String, detail: String, auditIndex: UInt64? = nil
    ) {
        self.id = id
        self.status = status
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.requestDigest = requestDigest
        self.detail = detail
        self.auditIndex = auditIndex
    }

    /// SHA-256 (hex) of the detail, as the ledger records it.
    public var detailDigest: String { SHA256.hexDigest(Data(detail.utf8)) }

    /// The ledger entry for this row: `customer.onboarded` for the first version, else
    /// `customer.updated`; id, status, version and the digest of the detail.
    public func auditContent(actor: String) -> AuditEventContent {
        let payload = #"{"customer":\#(JSONText.quoted(id)),"digest":"\#(detailDigest)","status":\#(JSONText.quoted(status)),"version":\#(version)}"#
        return AuditEventContent(timestamp: updatedAt, type: version == 1 ? .customerOnboarded : .customerUpdated, actor: actor, subject: id, payload: payload)
    }
}

/// A change to a customer, written atomically with its ledger entry and the alerts it raises.
public struct CustomerWrite: Sendable {
    public enum Kind: Sendable, Hashable {
        /// A new customer: refused (``CustomerWriteOutcome/existing(_:)``) when the id is taken.
        case create
        /// A change to the stored customer, which must still be at `expectedVersion`.
        case update(expectedVersion: Int)
    }

    public var kind: Kind
    /// The customer after the change.
    public var customer: StoredCustomer
    /// Alerts to raise in the same write (screening hits).
    public var alerts: [NewAlert]
    public var actor: String
    /// A card token to bind: refused when another customer holds it.
    public var bindCard: String?

    public init(kind: Kind, customer: StoredCustomer, alerts: [NewAlert] = [], actor: String, bindCard: String? = nil) {
        self.kind = kind
        self.customer = customer
        self.alerts = alerts
        self.actor = actor
        self.bindCard = bindCard
    }
}

/// What a ``CustomerWrite`` did.
public enum CustomerWriteOutcome: Sendable, Hashable {
    /// Written, with the alerts raised.
    case stored(StoredCustomer, alerts: [RaisedAlert])
    /// A create whose id exists: the stored customer; nothing was written.
    case existing(StoredCustomer)
    /// An update whose expected version is not the stored one: the stored customer.
    case conflict(StoredCustomer)
    /// An update of a customer that does not exist.
    case notFound
    /// The card is bound to another customer; nothing was written.
    case cardHeldBy(String)
}

/// A completed re-screening of every customer against a set of list versions.
public struct ScreeningRunRecord: Sendable, Hashable {
    /// SHA-256 (hex) of the sorted `source=version` lines: one run per set of versions.
    public var fingerprint: String
    /// Source → version.
    public var versions: [String: String]
    public var startedAt: String
    public var finishedAt: String
    public var customers: Int
    public var newHits: Int
    public var actor: String
    public var auditIndex: UInt64?

    public init(
        fingerprint: String, versions: [String: String], startedAt: String, finishedAt: String, customers: Int, newHits: Int, actor: String,
        auditIndex: UInt64? = nil
    ) {
        self.fingerprint = fingerprint
        self.versions = versions
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.customers = customers
        self.newHits = newHits
        self.actor = actor
        self.auditIndex = auditIndex
    }

    /// The fingerprint of a set of list versions.
    public static func fingerprint(_ versions: [String: String]) -> String {
        SHA256.hexDigest(Data(versions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)\n" }.joined().utf8))
    }

    /// The versions as canonical JSON.
    public var versionsJSON: String {
        "{" + versions.sorted { $0.key < $1.key }.map { "\(JSONText.quoted($0.key)):\(JSONText.quoted($0.value))" }.joined(separator: ",") + "}"
    }

    /// The ledger entry: versions, counts, fingerprint.
    public var auditContent: AuditEventContent {
        let payload = #"{"customers":\#(customers),"fingerprint":"\#(fingerprint)","newHits":\#(newHits),"startedAt":\#(JSONText.quoted(startedAt)),"versions":\#(versionsJSON)}"#
        return AuditEventContent(timestamp: finishedAt, type: .customersRescreened, actor: actor, subject: fingerprint, payload: payload)
    }
}

/// Customers onboarded in this region, their cards and the re-screening runs.
public protocol CustomerStore: Sendable {
    func writeCustomer(_ write: CustomerWrite) async throws -> CustomerWriteOutcome
    func customer(id: String) async throws -> StoredCustomer?
    /// Customers in id order after `after`, optionally of one status.
    func customers(after: String?, limit: Int, status: String?) async throws -> [StoredCustomer]
    func customerCount() async throws -> Int
    /// Whether a run for these list versions was recorded.
    func screeningRun(fingerprint: String) async throws -> ScreeningRunRecord?
    /// Records a completed run with its ledger entry (once per fingerprint: a second is returned as `existing`).
    func recordScreeningRun(_ run: ScreeningRunRecord) async throws -> (run: ScreeningRunRecord, existing: Bool)
}

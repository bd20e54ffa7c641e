// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Ledger
import Crypto
import StraitCore

/// The result of checking a store's audit log.
public struct AuditVerificationReport: Sendable, Hashable {
    /// Entries that were checked and found valid, from index 0.
    public var verifiedEntries: UInt64
    /// Stored payments that were matched with their audit entries.
    public var verifiedTransactions: Int
    /// The first problem, if any.
    public var violation: ChainViolation?

    public var isValid: Bool { violation == nil }
}

/// Checks the whole audit log of a store: the hash chain, and that every stored payment agrees with
/// the audit entry that vouches for it (same digest, same decision) and the reverse.
///
/// It reads the log in pages, so memory stays bounded however long the log is.
public struct AuditVerifier: Sendable {
    public var pageSize: Int

    public init(pageSize: Int = 2_000) {
        self.pageSize = pageSize
    }

    /// Verifies the store's log.
    ///
    /// - Throws: ``StoreError`` if the store cannot be read; a damaged log is reported in the result, not thrown.
    public func verify(_ store: some StraitStore) async throws -> AuditVerificationReport {
        // The log may grow while it is checked (a live node): check the entries that existed at the start.
        let storedHead = try await store.auditHead()
        var head = AuditHead.empty
        var matched = 0
        while head.size < storedHead.size {
            let page = try await store.auditEvents(from: head.size, limit: Int(min(UInt64(pageSize), storedHead.size - head.size)))
            if page.isEmpty { break }
            switch HashChain.verify(page, from: head) {
            case .failure(let violation):
                return AuditVerificationReport(verifiedEntries: violation.index, verifiedTransactions: matched, violation: violation)
            case .success(let newHead):
                for event in page where event.type == .transactionDecided {
                    if let violation = try await check(event, in: store) {
                        return AuditVerificationReport(verifiedEntries: event.index, verifiedTransactions: matched, violation: violation)
                    }
                    matched += 1
                }
                head = newHead
            }
        }
        if head.size < storedHead.size {
            return AuditVerificationReport(
                verifiedEntries: head.size,
                verifiedTransactions: matched,
                violation: ChainViolation(index: head.size, kind: .missingEntry, detail: "the log's head says \(storedHead.size) entries but entry \(head.size) cannot be read")
            )
        }
        if head.headHash != storedHead.headHash {
            return AuditVerificationReport(
                verifiedEntries: head.size,
                verifiedTransactions: matched,
                violation: ChainViolation(index: head.size - 1, kind: .contentMismatch, detail: "the last entry changed while it was verified")
            )
        }
        // Every payment pointing into the verified range was matched by its entry...
        let count = try await store.transactionCount(auditIndexBelow: head.size)
        if count != matched {
            return AuditVerificationReport(
                verifiedEntries: head.size,
                verifiedTransactions: matched,
                violation: ChainViolation(
                    index: head.size,
                    kind: .recordMismatch,
                    detail: "\(count) transactions point into the log but \(matched) are vouched for by it"
                )
            )
        }
        // ...and every later payment points at an entry that exists (written after the check began).
        let later = try await store.transactionAuditIndexes(from: head.size, limit: 100_000)
        let currentHead = try await store.auditHead()
        if let beyond = later.first(where: { $0 >= currentHead.size }) {
            return AuditVerificationReport(
                verifiedEntries: head.size,
                verifiedTransactions: matched,
                violation: ChainViolation(index: beyond, kind: .recordMismatch, detail: "a transaction points at entry \(beyond), which does not exist")
            )
        }
        return AuditVerificationReport(verifiedEntries: head.size, verifiedTransactions: matched, violation: nil)
    }

    private func check(_ event: AuditEvent, in store: some StraitStore) async throws -> ChainViolation? {
        guard let id = TransactionID(rawValue: event.subject), let stored = try await store.transaction(id: id) else {
            return ChainViolation(index: event.index, kind: .recordMismatch, detail: "transaction \(event.subject) named by this entry is not stored")
        }
        let expected = AuditEventContent.transactionDecided(
            id: id,
            digest: SHA256.hexDigest(stored.body),
            decision: stored.decision,
            actor: event.actor,
            at: stored.receivedAt
        )
        guard stored.auditIndex == event.index else {
            return ChainViolation(index: event.index, kind: .recordMismatch, detail: "transaction \(id) points at entry \(stored.auditIndex)")
        }
        guard expected.payload == event.payload, expected.timestamp == event.timestamp, stored.digest == SHA256.hexDigest(stored.body) else {
            return ChainViolation(index: event.index, kind: .recordMismatch, detail: "stored transaction \(id) differs from what this entry recorded")
        }
        return nil
    }
}

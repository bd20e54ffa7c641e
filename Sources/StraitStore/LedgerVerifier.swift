// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
import Foundation
public import Ledger
import Monitor
import StraitCore

/// The result of checking a store's ledger.
public struct LedgerVerificationReport: Sendable, Hashable {
    /// The first entry checked (0 for a full check; the last checkpoint's size for a tail check).
    public var fromIndex: UInt64
    /// The log size that was checked (the head when the check began).
    public var verifiedEntries: UInt64
    /// Stored payments matched with their entries (salt present: commitment recomputed).
    public var verifiedTransactions: Int
    /// Payments whose personal data was erased: the entry stands, the commitment can no longer be checked.
    public var erasedTransactions: Int
    /// Stored checkpoints whose signature and root were checked.
    public var verifiedCheckpoints: Int
    /// Hex root recomputed for `verifiedEntries`.
    public var rootHash: String
    /// Problems found, in the order found, at most ``LedgerVerifier/maxViolations``.
    public var violations: [LedgerViolation]
    /// Total problems found (may exceed `violations.count`).
    public var violationCount: Int

    public var isValid: Bool { violationCount == 0 }
}

/// Checks a store's ledger: every entry against the leaf the tree holds, the stored tree against the
/// tree recomputed from those leaves, every stored checkpoint (signature and root), the head, and
/// every stored payment against the entry that vouches for it.
///
/// Problems are reported one per entry (an edited entry, a removed one, one moved to another
/// position), so a damaged log shows each damaged place, not only the first. The log is read in
/// pages of whole tiles, so memory stays bounded however long it is.
public struct LedgerVerifier: Sendable {
    /// Most violations kept in a report.
    public static let maxViolations = 1_000
    /// Entries per page (a multiple of the tile width).
    public var pageSize: Int

    public init(pageSize: Int = 4_096) {
        self.pageSize = max(Tile.width, pageSize / Tile.width * Tile.width)
    }

    /// Verifies the whole log from entry 0.
    ///
    /// - Throws: ``StoreError`` if the store cannot be read; a damaged log is reported in the result, not thrown.
    public func verify(_ store: some StraitStore) async throws -> LedgerVerificationReport {
        var run = try await Run(store: store, from: 0, appender: TileAppender())
        try await run.checkAll(pageSize: pageSize, checkpointsFrom: 0)
        return run.sortedReport
    }

    /// Verifies the tail of the log since the last stored checkpoint: that checkpoint's signature,
    /// that the stored tree still has its root, and every later entry. Used at start-up.
    public func verifyTail(_ store: some StraitStore) async throws -> LedgerVerificationReport {
        guard let checkpoint = try await store.latestCheckpoint(), checkpoint.size > 0 else { return try await verify(store) }
        let edge = Set(TileLayout.edgeTiles(size: checkpoint.size).map(\.id))
        let tiles = TileSet(try await store.tiles(edge))
        let appender: TileAppender
        do {
            appender = try TileAppender(size: checkpoint.size, prefixOf: tiles)
        } catch {
            var run = try await Run(store: store, from: checkpoint.size, appender: TileAppender())
            run.fail(LedgerViolation(index: checkpoint.size, kind: .treeMismatch, detail: "the tree at the last checkpoint cannot be read: \(error)"))
            return run.report
        }
        var run = try await Run(store: store, from: checkpoint.size, appender: appender)
        try await run.checkAll(pageSize: pageSize, checkpointsFrom: checkpoint.size)
        return run.sortedReport
    }

    /// One verification pass.
    private struct Run<Store: StraitStore> {
        let store: Store
        let head: AuditHead
        let logKey: NoteVerifier?
        var appender: TileAppender
        var next: UInt64
        var report: LedgerVerificationReport
        /// `transfer.decided` entries of the checked range (index → register id, payload), matched against the register at the end.
        var transferEvents: [UInt64: (String, String)] = [:]
        /// `alert.raised`, `case.opened` and `case.updated` entries of the checked range (index → subject, payload),
        /// matched against the stored alerts and case histories at the end.
        var caseEvents: [UInt64: (String, String)] = [:]
        /// The newest `customer.onboarded` / `customer.updated` entry per customer in the checked range
        /// (customer id → index, payload), matched against the stored customers at the end.
        var customerEvents: [String: (UInt64, String)] = [:]
        var pendingCheckpoints: [StoredCheckpoint] = []
        var checkpointCursor: UInt64 = 0
        var checkpointsExhausted = false

        init(store: Store, from: UInt64, appender: TileAppender) async throws {
            self.store = store
            self.head = try await store.auditHead()
            self.logKey = try await Self.logVerifier(store)
            self.appender = appender
            self.next = from
            self.report = LedgerVerificationReport(
                fromIndex: from, verifiedEntries: head.size, verifiedTransactions: 0, erasedTransactions: 0, verifiedCheckpoints: 0,
                rootHash: Hex.encode(appender.root), violations: [], violationCount: 0
            )
        }

        /// The log's key, from the stored signing key (never created here).
        static func logVerifier(_ store: Store) async throws -> NoteVerifier? {
            guard let record = try await store.storedLedgerSigningKey() else { return nil }
            do {
                return try NoteSigner(name: record.name, privateKeySeed: record.seed).verifier
            } catch {
                throw StoreError.corrupted("the stored ledger signing key is unusable: \(error)")
            }
        }

        /// The report with its violations in index order (stable: the order found within an index).
        var sortedReport: LedgerVerificationReport {
            var sorted = report
            sorted.violations = report.violations.enumerated().sorted { ($0.element.index, $0.offset) < ($1.element.index, $1.offset) }.map(\.element)
            return sorted
        }

        mutating func fail(_ violation: LedgerViolation) {
            report.violationCount += 1
            if report.violations.count < LedgerVerifier.maxViolations { report.violations.append(violation) }
        }

        mutating func checkAll(pageSize: Int, checkpointsFrom: UInt64) async throws {
            checkpointCursor = checkpointsFrom
            try await checkCheckpoints(upTo: appender.size)
            while next < head.size {
                let end = min(head.size, (next / UInt64(pageSize) + 1) * UInt64(pageSize))
                try await checkPage(from: next, to: end)
                next = end
            }
            // Entries beyond the head (inserted after the fact).
            let extra = try await store.auditEvents(from: head.size, limit: 1)
            if let beyond = extra.first {
                // A live log may have grown since the check began; only entries the tree does not cover are suspicious.
                let current = try await store.auditHead()
                if beyond.index >= current.size {
                    fail(LedgerViolation(index: beyond.index, kind: .unexpectedIndex, detail: "an entry exists beyond the log's head (\(current.size) entries)"))
                }
            }
            let root = Hex.encode(appender.root)
            report.rootHash = root
            if root != head.rootHash {
                fail(LedgerViolation(index: head.size, kind: .treeMismatch, detail: "the stored head's root differs from the root of the stored tree"))
            }
            // Checkpoints that claim sizes the log does not have.
            try await checkCheckpoints(upTo: UInt64.max)
            try await checkTransactionCoverage()
            try await checkRegister()
            try await checkCases()
            try await checkCustomers()
        }

        /// Every stored customer is the one its newest ledger entry records (its digest), and every
        /// customer the ledger records is stored. Only the newest version of a customer is stored,
        /// so earlier entries are not matched against rows.
        mutating func checkCustomers() async throws {
            var after: String?
            while true {
                let page = try await store.customers(after: after, limit: 1_000, status: nil)
                guard let last = page.last else { break }
                after = last.id
                for customer in page {
                    guard let index = customer.auditIndex, index >= report.fromIndex, index < head.size else {
                        customerEvents.removeValue(forKey: customer.id)
                        continue
                    }
                    guard let (recorded, payload) = customerEvents.removeValue(forKey: customer.id) else {
                        fail(LedgerViolation(index: index, kind: .recordMismatch, detail: "customer \(customer.id) points at entry \(index), which does not record it"))
                        continue
                    }
                    if recorded != index {
                        fail(LedgerViolation(index: recorded, kind: .recordMismatch, detail: "customer \(customer.id) is stored at an older version than entry \(recorded) records"))
                    } else if payload != customer.auditContent(actor: "").payload {
                        fail(LedgerViolation(index: index, kind: .recordMismatch, detail: "customer \(customer.id) differs from what this entry recorded"))
                    }
                }
            }
            for (id, (index, _)) in customerEvents.sorted(by: { $0.value.0 < $1.value.0 }) {
                fail(LedgerViolation(index: index, kind: .recordMismatch, detail: "customer \(id) recorded by this entry has no stored record"))
            }
            customerEvents = [:]
        }

        /// Every stored alert and case history entry in the checked range matches the ledger entry
        /// it points at, and every such entry has its stored record.
        mutating func checkCases() async throws {
            var after: String?
            while true {
                let page = try await store.alerts(AlertQuery(after: after, limit: 1_000, newestFirst: false))
                guard let last = page.last else { break }
                after = last.id
                for alert in page {
                    guard let index = alert.auditIndex, index >= report.fromIndex, index < head.size else { continue }
                    match(index: index, subject: alert.id, payload: alert.auditContent.payload, what: "alert \(alert.id)")
                }
            }
            var afterCase: String?
            while true {
                let page = try await store.cases(CaseQuery(after: afterCase, limit: 200, newestFirst: false))
                guard let last = page.last else { break }
                afterCase = last.id
                for found in page {
                    guard let detail = try await store.caseDetail(id: found.id, alertLimit: 0) else { continue }
                    for event in detail.events {
                        guard let content = event.auditContent, let index = event.auditIndex, index >= report.fromIndex, index < head.size else { continue }
                        match(index: index, subject: event.caseID, payload: content.payload, what: "case \(event.caseID) history entry (\(event.kind.rawValue))")
                    }
                }
            }
            for (index, event) in caseEvents.sorted(by: { $0.key < $1.key }) {
                fail(LedgerViolation(index: index, kind: .recordMismatch, detail: "\(event.0) recorded by this entry has no stored record"))
            }
            caseEvents = [:]
        }

        private mutating func match(index: UInt64, subject: String, payload: String, what: String) {
            if let (recorded, recordedPayload) = caseEvents.removeValue(forKey: index) {
                if recorded != subject || recordedPayload != payload {
                    fail(LedgerViolation(index: index, kind: .recordMismatch, detail: "\(what) differs from what this entry recorded"))
                }
            } else {
                fail(LedgerViolation(index: index, kind: .recordMismatch, detail: "\(what) points at entry \(index), which does not record it"))
            }
        }

        /// Every transfer register entry in the checked range matches the ledger entry it points at,
        /// and every recorded transfer is in the register.
        mutating func checkRegister() async throws {
            var after: String?
            while true {
                let page = try await store.transferRegister(TransferRegisterQuery(after: after, limit: 1_000))
                guard let last = page.last else { break }
                after = last.id
                for row in page {
                    guard let index = row.auditIndex, index >= report.fromIndex, index < head.size else { continue }
                    if let (subject, payload) = transferEvents.removeValue(forKey: index) {
                        if subject != row.id || payload != row.canonicalJSON {
                            fail(LedgerViolation(index: index, kind: .recordMismatch, detail: "register entry \(row.id) differs from what this entry recorded"))
                        }
                    } else {
                        fail(LedgerViolation(index: index, kind: .recordMismatch, detail: "register entry \(row.id) points at entry \(index), which records no such transfer"))
                    }
                }
            }
            for (index, event) in transferEvents.sorted(by: { $0.key < $1.key }) {
                fail(LedgerViolation(index: index, kind: .recordMismatch, detail: "transfer \(event.0) recorded by this entry is not in the register"))
            }
            transferEvents = [:]
        }

        /// Checks entries `from ..< to` against the level-0 tiles, and feeds the stored tree forward.
        mutating func checkPage(from: UInt64, to: UInt64) async throws {
            let events = try await store.auditEvents(from: from, limit: Int(to - from))
            let firstTile = from / UInt64(Tile.width)
            let lastTile = (to - 1) / UInt64(Tile.width)
            let ids = Set((firstTile...lastTile).map { TileID(level: 0, index: $0) })
            let stored = TileSet(try await store.tiles(ids))
            var byIndex: [UInt64: AuditEvent] = [:]
            for event in events where event.index < to { byIndex[event.index] = event }
            var leaves: [MerkleTree.Hash] = []
            leaves.reserveCapacity(Int(to - from))
            var mismatched: [(position: UInt64, event: AuditEvent)] = []
            for index in from..<to {
                let treeLeaf = stored.hash(of: TreeNodeID(height: 0, index: index))
                guard let event = byIndex[index] else {
                    fail(LedgerViolation(index: index, kind: .missingEntry, detail: "entry \(index) is not stored"))
                    leaves.append(treeLeaf ?? MerkleTree.emptyRoot)
                    continue
                }
                let leafHash = event.leafHash
                if let treeLeaf, treeLeaf != leafHash {
                    mismatched.append((index, event))
                } else if treeLeaf == nil {
                    fail(LedgerViolation(index: index, kind: .treeMismatch, detail: "the tree has no leaf for entry \(index)"))
                }
                leaves.append(treeLeaf ?? leafHash)
                if event.type == .transactionDecided && (treeLeaf == nil || treeLeaf == leafHash) { try await checkTransaction(event) }
                if event.type == .transferDecided && (treeLeaf == nil || treeLeaf == leafHash) { transferEvents[index] = (event.subject, event.payload) }
                if AuditEventType.caseTypes.contains(event.type) && (treeLeaf == nil || treeLeaf == leafHash) { caseEvents[index] = (event.subject, event.payload) }
                if event.type == .customerOnboarded || event.type == .customerUpdated, treeLeaf == nil || treeLeaf == leafHash {
                    customerEvents[event.subject] = (index, event.payload)
                }
            }
            // An entry whose content is the leaf of another position in this page was moved, not edited.
            let candidates = mismatched.prefix(64).map(\.position)
            for (position, event) in mismatched {
                let prepared = PreparedLeaf(event.content)
                let here = stored.hash(of: TreeNodeID(height: 0, index: position))
                // Moved from `q`: its content is the leaf the tree holds at `q`, or it carried its
                // own leaf (the partial edge of the tree is kept with the entries) from `q`.
                let origin = candidates.first { q in
                    let leafAtQ = prepared.leafHash(index: q)
                    return q != position && (stored.hash(of: TreeNodeID(height: 0, index: q)) == leafAtQ || here == leafAtQ)
                }
                if let origin {
                    fail(LedgerViolation(index: position, kind: .unexpectedIndex, detail: "entry \(position) holds the content of entry \(origin)"))
                } else {
                    fail(LedgerViolation(index: position, kind: .contentMismatch, detail: "entry \(position) does not hash to the leaf the tree holds"))
                }
            }
            try await feed(leaves)
        }

        /// Appends leaves to the recomputed tree, stopping at checkpoint sizes, and compares the tiles it produces with the stored ones.
        mutating func feed(_ leaves: [MerkleTree.Hash]) async throws {
            var remaining = leaves[...]
            while !remaining.isEmpty {
                try await loadCheckpoints()
                var take = remaining.count
                if let checkpoint = pendingCheckpoints.first, checkpoint.size > appender.size {
                    take = min(take, Int(checkpoint.size - appender.size))
                }
                let changed = appender.append(leafHashes: Array(remaining.prefix(take)))
                remaining = remaining.dropFirst(take)
                try await compare(changed)
                try await checkCheckpoints(upTo: appender.size)
            }
        }

        /// Recomputed tiles must be a prefix of the stored ones (a live log's edge tiles keep growing).
        mutating func compare(_ recomputed: [Tile]) async throws {
            let stored = try await store.tiles(Set(recomputed.map(\.id)))
            for tile in recomputed {
                guard let other = stored[tile.id] else {
                    fail(LedgerViolation(index: Self.firstLeaf(of: tile.id), kind: .treeMismatch, detail: "\(tile.id) is missing"))
                    continue
                }
                let mismatch = (0..<Tile.height).first { row in !other.rows[row].starts(with: tile.rows[row]) }
                if let row = mismatch {
                    fail(
                        LedgerViolation(
                            index: Self.firstLeaf(of: tile.id), kind: .treeMismatch,
                            detail: "\(tile.id) row \(row) differs from the tree recomputed from its entries"
                        )
                    )
                }
            }
        }

        static func firstLeaf(of tile: TileID) -> UInt64 {
            let shift = UInt64(tile.level * Tile.height + Tile.height)
            return shift >= 64 ? 0 : tile.index << shift
        }

        mutating func loadCheckpoints() async throws {
            guard pendingCheckpoints.isEmpty, !checkpointsExhausted else { return }
            let page = try await store.checkpoints(fromSize: checkpointCursor, limit: 1_000)
            if page.isEmpty {
                checkpointsExhausted = true
            } else {
                pendingCheckpoints = page
                checkpointCursor = page.last!.size + 1
            }
        }

        /// Checks every pending checkpoint with size <= `size` (the recomputed tree has reached `size`).
        mutating func checkCheckpoints(upTo size: UInt64) async throws {
            while true {
                try await loadCheckpoints()
                guard let checkpoint = pendingCheckpoints.first, checkpoint.size <= size else { return }
                pendingCheckpoints.removeFirst()
                try await check(checkpoint)
            }
        }

        mutating func check(_ checkpoint: StoredCheckpoint) async throws {
            report.verifiedCheckpoints += 1
            let size = checkpoint.size
            guard let logKey else {
                fail(LedgerViolation(index: size, kind: .checkpointMismatch, detail: "a checkpoint is stored but the log's signing key is not"))
                return
            }
            let parsed: Checkpoint
            do {
                let note = try SignedNote.parse(checkpoint.note)
                _ = try note.verify(using: [logKey])
                parsed = try Checkpoint.parse(body: note.body)
            } catch {
                fail(LedgerViolation(index: size, kind: .checkpointMismatch, detail: "checkpoint \(size) does not verify: \(error)"))
                return
            }
            guard parsed.size == size, Hex.encode(parsed.rootHash) == checkpoint.rootHash, parsed.origin == logKey.name else {
                fail(LedgerViolation(index: size, kind: .checkpointMismatch, detail: "checkpoint \(size): the signed note disagrees with its stored size, root or origin"))
                return
            }
            if size > head.size {
                // Published while this check ran (a live node): compare with the stored tree at its size.
                let current = try await store.auditHead().size
                guard size <= current else {
                    fail(LedgerViolation(index: size, kind: .checkpointMismatch, detail: "checkpoint \(size) is beyond the log (\(current) entries)"))
                    return
                }
                if let root = try? await LedgerReader(store: store).root(size: size), root != parsed.rootHash {
                    fail(LedgerViolation(index: size, kind: .checkpointMismatch, detail: "the stored tree's root at size \(size) is not the root signed in checkpoint \(size)"))
                }
                return
            }
            if size < report.fromIndex { return }
            // The recomputed tree is at `size` exactly (feed stops there), or the checkpoint is at the start of a tail check.
            guard appender.size == size else { return }
            if appender.root != parsed.rootHash {
                fail(
                    LedgerViolation(
                        index: size, kind: .checkpointMismatch,
                        detail: "the log's root at size \(size) is not the root signed in checkpoint \(size): an entry below \(size) was changed"
                    )
                )
            }
        }

        mutating func checkTransaction(_ event: AuditEvent) async throws {
            guard let id = TransactionID(rawValue: event.subject), let stored = try await store.transaction(id: id) else {
                fail(LedgerViolation(index: event.index, kind: .recordMismatch, detail: "transaction \(event.subject) named by this entry is not stored"))
                return
            }
            guard stored.auditIndex == event.index else {
                fail(LedgerViolation(index: event.index, kind: .recordMismatch, detail: "transaction \(id) points at entry \(stored.auditIndex)"))
                return
            }
            let commitment: String
            let erased = stored.body.hasPrefix(Self.erasedMarker)
            if let salt = stored.salt {
                commitment = Commitment.commit(stored.body, salt: salt)
            } else if erased {
                // Erased: the commitment cannot be recomputed; the rest of the entry must still agree.
                commitment = Self.commitment(in: event.payload) ?? ""
            } else {
                fail(LedgerViolation(index: event.index, kind: .recordMismatch, detail: "transaction \(id) lost its salt but not its data"))
                return
            }
            let expected = AuditEventContent.transactionDecided(
                id: id, commitment: commitment, decision: stored.decision, actor: event.actor, at: stored.receivedAt
            )
            guard expected.payload == event.payload, expected.timestamp == event.timestamp,
                stored.salt == nil || stored.digest == SHA256.hexDigest(stored.body)
            else {
                fail(LedgerViolation(index: event.index, kind: .recordMismatch, detail: "stored transaction \(id) differs from what this entry recorded"))
                return
            }
            if stored.salt == nil {
                report.erasedTransactions += 1
                return
            }
            // The columns fund-flow tracing reads must say what the committed instruction says.
            if stored.decision.outcome != .block, let transfer = try await store.transfer(id: id.rawValue, auditIndexBelow: .max) {
                let instruction = try? JSONDecoder().decode(PaymentInstructionDraft.self, from: Data(stored.body.utf8)).validate().get()
                guard let instruction, transfer.from == instruction.originator.account.rawValue,
                    transfer.to == instruction.beneficiary.account.rawValue, transfer.amountMinor == instruction.amount.minor,
                    transfer.currency == instruction.amount.currency.code, transfer.timeMillis == instruction.timestamp.epochMilliseconds
                else {
                    fail(LedgerViolation(index: event.index, kind: .recordMismatch, detail: "the traced columns of transaction \(id) differ from its instruction"))
                    return
                }
            }
            report.verifiedTransactions += 1
        }

        /// How an erased payment's body begins (the erasure itself is the Residency work's): its salt
        /// and personal data are gone, the entry stands.
        static var erasedMarker: String { "{\"erased\":" }

        /// The commitment field of a transaction payload (`{"commitment":"<hex>",...`).
        static func commitment(in payload: String) -> String? {
            let prefix = "{\"commitment\":\""
            guard payload.hasPrefix(prefix) else { return nil }
            let rest = payload.dropFirst(prefix.count)
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            return String(rest[..<end])
        }

        /// Every payment points into the log, and the ones in the checked range were vouched for.
        mutating func checkTransactionCoverage() async throws {
            let matched = report.verifiedTransactions + report.erasedTransactions
            let count = try await store.transactionCount(auditIndexBelow: head.size)
                - (report.fromIndex > 0 ? try await store.transactionCount(auditIndexBelow: report.fromIndex) : 0)
            if count > matched {
                fail(
                    LedgerViolation(
                        index: head.size, kind: .recordMismatch,
                        detail: "\(count) transactions point into the checked entries but \(matched) are vouched for by them"
                    )
                )
            }
            let later = try await store.transactionAuditIndexes(from: head.size, limit: 100_000)
            let current = try await store.auditHead()
            if let beyond = later.first(where: { $0 >= current.size }) {
                fail(LedgerViolation(index: beyond, kind: .recordMismatch, detail: "a transaction points at entry \(beyond), which does not exist"))
            }
        }
    }
}

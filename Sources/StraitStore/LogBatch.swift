// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Ledger
import Synchronization

/// The leaves a write batch adds to the log, before they are integrated into the tree.
///
/// Stores append entries while applying a batch, roll back a failed operation's entries with
/// ``truncate(to:)``, and integrate the rest into the tree once, at the end of the batch.
public struct PendingLog: Sendable {
    /// The head the batch started from.
    public let head: AuditHead
    /// Leaf hashes of the entries appended so far, in order.
    public var leafHashes: [MerkleTree.Hash] = []

    public init(head: AuditHead) {
        self.head = head
    }

    /// Entries appended so far.
    public var count: Int { leafHashes.count }
    /// The index the next entry gets.
    public var nextIndex: UInt64 { head.size + UInt64(leafHashes.count) }

    public mutating func append(_ leafHash: MerkleTree.Hash) {
        leafHashes.append(leafHash)
    }

    /// Forgets the entries appended after the first `count`.
    public mutating func truncate(to count: Int) {
        leafHashes.removeLast(leafHashes.count - count)
    }
}

/// The tree's right edge after the last batch this process committed, reused by the next batch
/// when the head it reads is still the one this process wrote (no other writer in between);
/// otherwise the edge tiles are read again.
public final class TreeEdgeCache: Sendable {
    private let state = Mutex<(TileAppender, AuditHead)?>(nil)

    public init() {}

    /// The cached edge if it continues exactly `head`; the cache is emptied either way.
    public func take(matching head: AuditHead) -> TileAppender? {
        state.withLock { state in
            defer { state = nil }
            guard let (appender, cachedHead) = state, cachedHead == head else { return nil }
            return appender
        }
    }

    public func keep(_ appender: TileAppender, head: AuditHead) {
        state.withLock { $0 = (appender, head) }
    }

    public func clear() {
        state.withLock { $0 = nil }
    }
}

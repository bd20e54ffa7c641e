// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
public import Ledger
import StraitCore
import Synchronization

/// An entry with its inclusion proof, in the field names of the transparency-dev test vectors
/// (`leafIdx`, `treeSize`, `root`, `leafHash`, `proof`), plus the entry's leaf bytes (`entry`).
/// Hashes and the entry are standard base64 with padding.
public struct InclusionProofAnswer: Sendable, Hashable, Codable {
    public var leafIdx: UInt64
    public var treeSize: UInt64
    public var root: String
    public var leafHash: String
    public var proof: [String]
    /// The leaf bytes (``LeafEncoding``); `SHA-256(0x00 || entry)` is `leafHash`.
    public var entry: String
}

/// A consistency proof in the field names of the transparency-dev test vectors.
public struct ConsistencyProofAnswer: Sendable, Hashable, Codable {
    public var size1: UInt64
    public var size2: UInt64
    public var root1: String
    public var root2: String
    public var proof: [String]
}

/// Why a proof cannot be given.
public struct LedgerQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable code: `invalid_range` (sizes or index out of the log) or `tree_damaged`.
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func invalidRange(_ message: String) -> LedgerQueryError { .init(code: "invalid_range", message: message) }
}

/// Builds roots and proofs from a store's tiles: each proof reads O(log n) tiles.
///
/// Full tiles never change, so they are cached (bounded); partial edge tiles are read each time.
public final class LedgerReader: Sendable {
    private let store: any AuditLogStore
    private let cache: Mutex<[TileID: Tile]>
    private let cacheLimit: Int
    /// The largest log size seen; sizes only grow, so a tree size below it needs no head read.
    private let knownSize = Atomic<UInt64>(0)

    /// - Parameter cacheLimit: most full tiles kept in memory (a tile is 16 KiB).
    public init(store: any AuditLogStore, cacheLimit: Int = 4_096) {
        self.store = store
        self.cache = Mutex([:])
        self.cacheLimit = cacheLimit
    }

    /// The tiles a plan for a tree of `size` entries needs, from the cache or the store.
    ///
    /// A tile is cached at whatever width it was read; a cached tile serves a plan when it is at
    /// least as wide as the tile was at `size` (nodes never change once they exist), so partial edge
    /// tiles are cached too and only re-read when a plan needs nodes added since.
    public func tiles(for ids: Set<TileID>, size: UInt64) async throws -> TileSet {
        var found: [TileID: Tile] = [:]
        var missing = Set<TileID>()
        cache.withLock { cache in
            for id in ids {
                if let tile = cache[id], tile.width >= Self.width(of: id, size: size) { found[id] = tile } else { missing.insert(id) }
            }
        }
        if !missing.isEmpty {
            let loaded = try await store.tiles(missing)
            cache.withLock { cache in
                for (id, tile) in loaded {
                    if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
                    if let cached = cache[id], cached.width > tile.width { continue }
                    cache[id] = tile
                }
            }
            found.merge(loaded) { a, _ in a }
        }
        return TileSet(found)
    }

    /// The width tile `id` had when the tree had `size` leaves.
    static func width(of id: TileID, size: UInt64) -> Int {
        let shift = UInt64(id.level * Tile.height)
        let nodes = shift >= 64 ? 0 : size >> shift
        let before = id.index.multipliedReportingOverflow(by: UInt64(Tile.width))
        guard !before.overflow, nodes > before.partialValue else { return 0 }
        return Int(min(UInt64(Tile.width), nodes - before.partialValue))
    }

    /// Whether the log has at least `size` entries (reads the head only when `size` is beyond what was seen).
    private func logSize(atLeast size: UInt64) async throws -> (Bool, UInt64) {
        let known = knownSize.load(ordering: .relaxed)
        if size <= known { return (true, known) }
        let head = try await store.auditHead().size
        knownSize.store(head, ordering: .relaxed)
        return (size <= head, head)
    }

    /// The root of the log at `size` (<= the current size).
    public func root(size: UInt64) async throws -> MerkleTree.Hash {
        guard size > 0 else { return MerkleTree.emptyRoot }
        let plan = [TileLayout.rootPlan(size: size)]
        let tiles = try await tiles(for: TileLayout.tiles(for: plan), size: size)
        do {
            return try tiles.evaluate(plan[0])
        } catch {
            throw LedgerQueryError(code: "tree_damaged", message: error.detail)
        }
    }

    /// Entry `index` with its inclusion proof in the tree of `treeSize` entries.
    public func inclusionProof(index: UInt64, treeSize: UInt64) async throws -> InclusionProofAnswer {
        let (present, logSize) = try await logSize(atLeast: treeSize)
        guard present else { throw LedgerQueryError.invalidRange("treeSize \(treeSize) is beyond the log (\(logSize) entries)") }
        guard let plan = TileLayout.inclusionPlan(index: index, size: treeSize) else {
            throw LedgerQueryError.invalidRange("entry \(index) is not in a tree of \(treeSize) entries")
        }
        let rootPlan = TileLayout.rootPlan(size: treeSize)
        let leaf = TreeNodeID(height: 0, index: index)
        let ids = TileLayout.tiles(for: plan + [rootPlan, [leaf]])
        let tiles = try await tiles(for: ids, size: treeSize)
        let proof: [MerkleTree.Hash]
        let root: MerkleTree.Hash
        let leafHash: MerkleTree.Hash
        do {
            proof = try tiles.evaluate(plan)
            root = try tiles.evaluate(rootPlan)
            leafHash = try tiles.evaluate([leaf])
        } catch {
            throw LedgerQueryError(code: "tree_damaged", message: error.detail)
        }
        guard let event = try await store.auditEvents(from: index, limit: 1).first, event.index == index else {
            throw LedgerQueryError(code: "tree_damaged", message: "entry \(index) is not stored")
        }
        guard event.leafHash == leafHash else {
            throw LedgerQueryError(code: "tree_damaged", message: "entry \(index) does not match the leaf the tree holds; run `strait ledger verify`")
        }
        return InclusionProofAnswer(
            leafIdx: index, treeSize: treeSize, root: Self.base64(root), leafHash: Self.base64(leafHash), proof: proof.map(Self.base64),
            entry: Data(event.leaf).base64EncodedString()
        )
    }

    /// The consistency proof between the trees of `from` and `to` entries (1 <= from <= to <= size).
    public func consistencyProof(from: UInt64, to: UInt64) async throws -> ConsistencyProofAnswer {
        let (proof, root1, root2) = try await consistency(from: from, to: to)
        return ConsistencyProofAnswer(
            size1: from, size2: to, root1: Self.base64(root1), root2: Self.base64(root2), proof: proof.map(Self.base64)
        )
    }

    /// The consistency proof as hashes, with both roots.
    public func consistency(from: UInt64, to: UInt64) async throws -> (proof: [MerkleTree.Hash], root1: MerkleTree.Hash, root2: MerkleTree.Hash) {
        let (present, logSize) = try await logSize(atLeast: to)
        guard present else { throw LedgerQueryError.invalidRange("size2 \(to) is beyond the log (\(logSize) entries)") }
        guard let plan = TileLayout.consistencyPlan(oldSize: from, newSize: to) else {
            throw LedgerQueryError.invalidRange("a consistency proof needs 1 <= size1 <= size2, got \(from) and \(to)")
        }
        let rootPlans = [TileLayout.rootPlan(size: from), TileLayout.rootPlan(size: to)]
        let tiles = try await tiles(for: TileLayout.tiles(for: plan + rootPlans), size: to)
        do {
            return (try tiles.evaluate(plan), try tiles.evaluate(rootPlans[0]), try tiles.evaluate(rootPlans[1]))
        } catch {
            throw LedgerQueryError(code: "tree_damaged", message: error.detail)
        }
    }

    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}

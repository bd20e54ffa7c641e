// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto

/// A node of the Merkle tree: `height` 0 is a leaf; node `index` at `height` covers leaves
/// `index · 2^height ..< (index + 1) · 2^height`.
public struct TreeNodeID: Sendable, Hashable, CustomStringConvertible {
    public var height: Int
    public var index: UInt64

    public init(height: Int, index: UInt64) {
        self.height = height
        self.index = index
    }

    public var description: String { "node(\(height),\(index))" }
}

/// The address of a tile: `level` L holds the nodes at heights `8L ..< 8L + 8`.
public struct TileID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var level: Int
    public var index: UInt64

    public init(level: Int, index: UInt64) {
        self.level = level
        self.index = index
    }

    public static func < (lhs: TileID, rhs: TileID) -> Bool {
        (lhs.level, lhs.index) < (rhs.level, rhs.index)
    }

    public var description: String { "tile/\(level)/\(index)" }
}

/// A tile of the log's Merkle tree: how Strait stores the tree so that any proof costs O(log n) reads.
///
/// The layout follows C2SP `tlog-tiles` (tile height 8, so a full tile has 256 nodes at its base
/// height) and adds the interior nodes, so that no proof has to re-hash a tile:
///
/// - Tile `(L, I)` covers the nodes at heights `8L ..< 8L + 8`. Its **base row** (row 0) is the
///   nodes at height `8L` with indexes `256·I ..< 256·I + width` — exactly the content of the
///   tlog-tiles tile `tile/L/I` (or its partial form `tile/L/I.p/width`). Row `r` holds the
///   `width >> r` complete nodes at height `8L + r` above them.
/// - The encoding is the rows concatenated, each hash 32 bytes: 510 hashes (16,320 bytes) for a
///   full tile. The node at height `8L + 8` above a full tile is the base of tile level `L + 1`.
/// - A full tile never changes. The right-most tile of each level is partial and grows as the log
///   grows; nodes already in it never change either, so a tile read later serves every proof for an
///   older tree size.
public struct Tile: Sendable, Hashable {
    /// Nodes per full row 0 (tile height 8).
    public static let width = 256
    /// Heights per tile.
    public static let height = 8

    public var id: TileID
    /// Number of nodes in the base row, 1...256.
    public private(set) var width: Int
    /// Row `r` holds `width >> r` hashes of 32 bytes, concatenated.
    public private(set) var rows: [[UInt8]]

    /// An empty tile (width 0) to be filled by ``append(_:)``.
    init(id: TileID) {
        self.id = id
        self.width = 0
        self.rows = Array(repeating: [], count: Tile.height)
    }

    /// Decodes a stored tile.
    ///
    /// - Returns: `nil` if `bytes` is not the encoding of a tile of this width.
    public init?(id: TileID, width: Int, bytes: [UInt8]) {
        guard width >= 1, width <= Tile.width, bytes.count == Tile.encodedSize(width: width) * 32 else { return nil }
        self.id = id
        self.width = width
        var rows: [[UInt8]] = []
        rows.reserveCapacity(Tile.height)
        var offset = 0
        for r in 0..<Tile.height {
            let count = (width >> r) * 32
            rows.append(Array(bytes[offset..<offset + count]))
            offset += count
        }
        self.rows = rows
    }

    /// Decodes a stored tile from its bytes in place (no intermediate copy).
    public init?(id: TileID, width: Int, buffer: UnsafeRawBufferPointer) {
        guard width >= 1, width <= Tile.width, buffer.count == Tile.encodedSize(width: width) * 32 else { return nil }
        self.id = id
        self.width = width
        var rows: [[UInt8]] = []
        rows.reserveCapacity(Tile.height)
        var offset = 0
        for r in 0..<Tile.height {
            let count = (width >> r) * 32
            rows.append(Array(UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + count])))
            offset += count
        }
        self.rows = rows
    }

    /// A tile built from its base row (the node hashes at height `8L`), with its interior computed.
    public static func build(id: TileID, base: [MerkleTree.Hash]) -> Tile? {
        guard !base.isEmpty, base.count <= Tile.width, base.allSatisfy({ $0.count == 32 }) else { return nil }
        var tile = Tile(id: id)
        for hash in base { tile.append(hash) }
        return tile
    }

    /// The partial level-0 tile rebuilt from stored entries' `(index, leaf hash)` rows, from `start`
    /// up to the last row. A missing row or a missing or malformed hash leaves 32 zero bytes in its
    /// place, so the leaves after it keep their positions (the verifier names the gap; a checkpoint's
    /// root no longer matches).
    public static func buildEdge(id: TileID, start: Int64, rows: [(Int64, [UInt8]?)]) -> Tile? {
        guard let last = rows.last?.0, last >= start, last - start < Int64(Tile.width) else { return nil }
        var base = Array(repeating: [UInt8](repeating: 0, count: 32), count: Int(last - start) + 1)
        for (index, hash) in rows where index >= start && index <= last {
            if let hash, hash.count == 32 { base[Int(index - start)] = hash }
        }
        return build(id: id, base: base)
    }

    /// Whether stores keep this tile: every tile except the partial right edge of level 0, which
    /// changes with every entry and is rebuilt from the entries' leaf hashes instead (writing it on
    /// each commit would rewrite up to 16 KiB per commit).
    public var isStored: Bool { id.level > 0 || isFull }

    /// Number of hashes in the encoding of a tile of this width.
    public static func encodedSize(width: Int) -> Int {
        (0..<height).reduce(0) { $0 + (width >> $1) }
    }

    /// The encoding: rows concatenated.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Tile.encodedSize(width: width) * 32)
        for row in rows { out.append(contentsOf: row) }
        return out
    }

    /// The base row in the C2SP tlog-tiles format (the hashes at height `8L`, concatenated).
    public var baseRow: [UInt8] { rows[0] }

    public var isFull: Bool { width == Tile.width }

    /// The hash of a node stored in this tile (`row` 0..<8, `offset` within the row), if present.
    public func hash(row: Int, offset: Int) -> MerkleTree.Hash? {
        guard row >= 0, row < Tile.height, offset >= 0, offset < width >> row else { return nil }
        let start = offset * 32
        return Array(rows[row][start..<start + 32])
    }

    /// The node above a full tile (height `8L + 8`).
    public var rootHash: MerkleTree.Hash? {
        guard isFull, let left = hash(row: 7, offset: 0), let right = hash(row: 7, offset: 1) else { return nil }
        return MerkleTree.nodeHash(left, right)
    }

    /// Appends one hash to the base row and computes the interior nodes it completes.
    mutating func append(_ hash: MerkleTree.Hash) {
        precondition(width < Tile.width && hash.count == 32)
        rows[0].append(contentsOf: hash)
        width += 1
        var r = 1
        // A new node at row r exists when the width crosses a multiple of 2^r.
        while r < Tile.height, width & ((1 << r) - 1) == 0 {
            let count = width >> r
            let leftStart = (2 * (count - 1)) * 32
            var hasher = SHA256()
            hasher.update(data: [0x01])
            rows[r - 1].withUnsafeBufferPointer { below in
                hasher.update(bufferPointer: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: below[leftStart..<leftStart + 64])))
            }
            rows[r].append(contentsOf: hasher.finalize())
            r += 1
        }
    }
}

/// Where Merkle tree nodes live in tiles, and which nodes make up roots and proofs.
///
/// Proofs are first *planned* as lists of complete nodes, then evaluated from tiles: an item of a
/// plan is the hash of a range of leaves, written as the aligned complete subtrees that partition it
/// (largest first) and folded from the right. A complete node never changes once it exists, so a
/// plan for any tree size up to the current one can be served from the current tiles.
public enum TileLayout {
    /// The tile, row and offset that hold a node.
    public static func location(of node: TreeNodeID) -> (tile: TileID, row: Int, offset: Int) {
        let level = node.height / Tile.height
        let row = node.height % Tile.height
        let perTile = UInt64(Tile.width >> row)
        return (TileID(level: level, index: node.index / perTile), row, Int(node.index % perTile))
    }

    /// The right-most tile of each level of a tree of `size` leaves that is partial (width < 256).
    /// These are the tiles an appender needs to continue the tree.
    public static func edgeTiles(size: UInt64) -> [(id: TileID, width: Int)] {
        var out: [(TileID, Int)] = []
        var level = 0
        var count = size  // nodes at height 8·level
        while count > 0 {
            let width = Int(count % UInt64(Tile.width))
            if width > 0 { out.append((TileID(level: level, index: count / UInt64(Tile.width)), width)) }
            count /= UInt64(Tile.width)
            level += 1
        }
        return out
    }

    /// The aligned complete subtrees that partition leaves `start ..< end`, largest first.
    /// `start` must be aligned so that the partition is the greedy one (true for every range a
    /// proof or root asks for).
    public static func partition(start: UInt64, end: UInt64) -> [TreeNodeID] {
        var nodes: [TreeNodeID] = []
        var position = start
        while position < end {
            var height = 0
            while height < 63 {
                let next = UInt64(1) << UInt64(height + 1)
                if position % next != 0 || position + next > end { break }
                height += 1
            }
            nodes.append(TreeNodeID(height: height, index: position >> UInt64(height)))
            position += UInt64(1) << UInt64(height)
        }
        return nodes
    }

    /// The plan of the root of a tree of `size` leaves (`size` >= 1).
    public static func rootPlan(size: UInt64) -> [TreeNodeID] {
        partition(start: 0, end: size)
    }

    /// The plan of the inclusion proof of leaf `index` in a tree of `size` leaves (RFC 9162 §2.1.3.1),
    /// in proof order (nearest the leaf first).
    public static func inclusionPlan(index: UInt64, size: UInt64) -> [[TreeNodeID]]? {
        guard index < size else { return nil }
        var start: UInt64 = 0
        var end = size
        var items: [[TreeNodeID]] = []
        while end - start > 1 {
            let k = largestPowerOfTwo(below: end - start)
            if index < start + k {
                items.append(partition(start: start + k, end: end))
                end = start + k
            } else {
                items.append(partition(start: start, end: start + k))
                start += k
            }
        }
        return items.reversed()
    }

    /// The plan of the consistency proof from `oldSize` to `newSize` leaves (RFC 9162 §2.1.4.1).
    /// Empty when the sizes are equal; `nil` when `oldSize` is 0 or larger than `newSize`.
    public static func consistencyPlan(oldSize: UInt64, newSize: UInt64) -> [[TreeNodeID]]? {
        guard oldSize >= 1, oldSize <= newSize else { return nil }
        var start: UInt64 = 0
        var end = newSize
        var complete = true
        var items: [[TreeNodeID]] = []
        while true {
            let n = end - start
            let m = oldSize - start
            if m == n {
                if !complete { items.append(partition(start: start, end: end)) }
                break
            }
            let k = largestPowerOfTwo(below: n)
            if m <= k {
                items.append(partition(start: start + k, end: end))
                end = start + k
            } else {
                items.append(partition(start: start, end: start + k))
                start += k
                complete = false
            }
        }
        return items.reversed()
    }

    /// Every tile a plan reads.
    public static func tiles(for plan: [[TreeNodeID]]) -> Set<TileID> {
        var ids = Set<TileID>()
        for item in plan {
            for node in item { ids.insert(location(of: node).tile) }
        }
        return ids
    }

    /// The largest power of two strictly less than `n` (n >= 2).
    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        var k: UInt64 = 1
        while k < 1 << 63, k << 1 < n { k <<= 1 }
        return k
    }
}

/// A set of tiles read from storage, from which plans are evaluated.
public struct TileSet: Sendable {
    public var tiles: [TileID: Tile]

    public init(_ tiles: [TileID: Tile] = [:]) {
        self.tiles = tiles
    }

    /// The hash of a node, or `nil` if its tile is missing or does not reach it.
    public func hash(of node: TreeNodeID) -> MerkleTree.Hash? {
        let (id, row, offset) = TileLayout.location(of: node)
        return tiles[id]?.hash(row: row, offset: offset)
    }

    /// The hash of one plan item: its nodes folded from the right.
    public func evaluate(_ item: [TreeNodeID]) throws(TileError) -> MerkleTree.Hash {
        guard var node = item.last else { throw TileError(detail: "empty plan item") }
        guard var result = hash(of: node) else { throw TileError(missing: node) }
        for index in stride(from: item.count - 2, through: 0, by: -1) {
            node = item[index]
            guard let left = hash(of: node) else { throw TileError(missing: node) }
            result = MerkleTree.nodeHash(left, result)
        }
        return result
    }

    /// Every item of a plan.
    public func evaluate(_ plan: [[TreeNodeID]]) throws(TileError) -> [MerkleTree.Hash] {
        var out: [MerkleTree.Hash] = []
        out.reserveCapacity(plan.count)
        for item in plan { out.append(try evaluate(item)) }
        return out
    }

    /// The root of a tree of `size` leaves: `SHA-256("")` for the empty tree.
    public func root(size: UInt64) throws(TileError) -> MerkleTree.Hash {
        guard size > 0 else { return MerkleTree.emptyRoot }
        return try evaluate(TileLayout.rootPlan(size: size))
    }
}

/// A tile needed for a proof is missing or too short: the stored tree is damaged.
public struct TileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var detail: String

    public init(detail: String) {
        self.detail = detail
    }

    init(missing node: TreeNodeID) {
        let (tile, row, offset) = TileLayout.location(of: node)
        self.detail = "\(node) is not stored (\(tile) row \(row) offset \(offset))"
    }

    public var description: String { detail }
}

/// The growing right edge of the tree: appends leaf hashes and returns the tiles to store.
///
/// A value: copy it before a batch and keep the copy if the batch is abandoned.
public struct TileAppender: Sendable {
    /// Number of leaves.
    public private(set) var size: UInt64
    /// The partial tile of each level, by level (absent when the level's last tile is full or none exists yet).
    private var partial: [Int: Tile]

    /// An appender for the empty tree.
    public init() {
        self.size = 0
        self.partial = [:]
    }

    /// An appender that continues a tree of `size` leaves whose edge tiles (``TileLayout/edgeTiles(size:)``) are given.
    ///
    /// - Throws: ``TileError`` if an edge tile is missing or has the wrong width.
    public init(size: UInt64, edgeTiles: [TileID: Tile]) throws(TileError) {
        try self.init(size: size, tiles: edgeTiles, exact: true)
    }

    /// An appender that continues the tree at an older `size`, from tiles read later (which may be
    /// wider than they were at `size`: nodes never change, so the edge is their prefix).
    ///
    /// - Throws: ``TileError`` if a tile is missing or narrower than the edge at `size`.
    public init(size: UInt64, prefixOf tiles: TileSet) throws(TileError) {
        try self.init(size: size, tiles: tiles.tiles, exact: false)
    }

    private init(size: UInt64, tiles: [TileID: Tile], exact: Bool) throws(TileError) {
        self.size = size
        self.partial = [:]
        for (id, width) in TileLayout.edgeTiles(size: size) {
            guard let tile = tiles[id], exact ? tile.width == width : tile.width >= width else {
                let found = tiles[id].map { "\($0.width) wide" } ?? "missing"
                throw TileError(detail: "\(id) should have \(width) nodes at size \(size) but is \(found)")
            }
            // A wider tile is trimmed to the edge at `size` (its first `width` base nodes, interior recomputed).
            let base = (0..<width).compactMap { tile.hash(row: 0, offset: $0) }
            partial[id.level] = tile.width == width ? tile : Tile.build(id: id, base: base)
        }
    }

    /// Appends leaf hashes; returns the tiles that changed (completed tiles and the new partial ones), in level order.
    public mutating func append(leafHashes: [MerkleTree.Hash]) -> [Tile] {
        var completed: [Tile] = []
        var touched = Set<Int>()
        for leaf in leafHashes {
            var hash = leaf
            var level = 0
            var nodesAtLevel = size  // nodes at height 8·level before this append
            while true {
                // Taken out of the dictionary so that it is uniquely referenced and grows in place.
                var tile = partial.removeValue(forKey: level) ?? Tile(id: TileID(level: level, index: nodesAtLevel / UInt64(Tile.width)))
                tile.append(hash)
                guard tile.isFull, let up = tile.rootHash else {
                    partial[level] = tile
                    touched.insert(level)
                    break
                }
                completed.append(tile)
                touched.remove(level)
                hash = up
                level += 1
                nodesAtLevel /= UInt64(Tile.width)
            }
            size += 1
        }
        let partials = touched.compactMap { partial[$0] }
        return (completed + partials).sorted { $0.id < $1.id }
    }

    /// The current partial tiles, to evaluate the root without reading storage.
    public var edge: TileSet {
        var tiles: [TileID: Tile] = [:]
        for tile in partial.values { tiles[tile.id] = tile }
        return TileSet(tiles)
    }

    /// The root of the tree of ``size`` leaves.
    public var root: MerkleTree.Hash {
        // The root's plan only touches partial edge tiles (the complete subtrees of the size's binary
        // expansion sit in the right-most tile of their level, which is partial).
        (try? edge.root(size: size)) ?? MerkleTree.emptyRoot
    }
}

extension MerkleTree {
    /// The root of the empty tree, `SHA-256("")`.
    public static let emptyRoot: Hash = Array(SHA256.hash(data: [UInt8]()))
}

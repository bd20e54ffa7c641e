// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
@testable import Ledger
import StraitCore
import Testing


@Suite("Tiled Merkle tree")
struct LogTilesTests {
    static func leaves(_ count: Int) -> [MerkleTree.Hash] {
        (0..<count).map { MerkleTree.leafHash(Array("entry \($0)".utf8)) }
    }

    /// A tree built by appending `leaves` in batches of `batch`, with every tile it wrote.
    static func build(_ leaves: [MerkleTree.Hash], batch: Int) -> (TileAppender, TileSet) {
        var appender = TileAppender()
        var tiles: [TileID: Tile] = [:]
        var start = 0
        while start < leaves.count {
            let end = min(leaves.count, start + batch)
            for tile in appender.append(leafHashes: Array(leaves[start..<end])) { tiles[tile.id] = tile }
            start = end
        }
        return (appender, TileSet(tiles))
    }

    @Test("roots of every size up to 1,100 (crossing tile boundaries) equal the reference tree's")
    func roots() throws {
        let leaves = Self.leaves(1_100)
        var appender = TileAppender()
        var tiles: [TileID: Tile] = [:]
        for (index, leaf) in leaves.enumerated() {
            for tile in appender.append(leafHashes: [leaf]) { tiles[tile.id] = tile }
            let size = index + 1
            if size <= 300 || size % 97 == 0 || [511, 512, 513, 767, 768, 1_024, 1_100].contains(size) {
                let expected = MerkleTree.root(leafHashes: Array(leaves[0..<size]))
                #expect(appender.root == expected, "size \(size)")
                #expect(try TileSet(tiles).root(size: UInt64(size)) == expected, "size \(size) from stored tiles")
            }
        }
        #expect(appender.size == 1_100)
        #expect(TileAppender().root == MerkleTree.emptyRoot)
    }

    @Test("proofs from tiles equal the reference proofs for random sizes and indexes (property)")
    func proofsMatchReference() throws {
        var random = SplitMix64(seed: 20261127)
        let leaves = Self.leaves(20_000)  // full level-0 tiles under a partial level-1 tile
        let (appender, tiles) = Self.build(leaves, batch: 4_096)
        #expect(appender.root == MerkleTree.root(leafHashes: leaves))
        for _ in 0..<25 {
            let size = Int.random(in: 1...leaves.count, using: &random)
            let index = Int.random(in: 0..<size, using: &random)
            let prefix = Array(leaves[0..<size])
            let plan = try #require(TileLayout.inclusionPlan(index: UInt64(index), size: UInt64(size)))
            let proof = try tiles.evaluate(plan)
            #expect(proof == MerkleTree.inclusionProof(index: index, leafHashes: prefix), "inclusion \(index) of \(size)")
            let root = try tiles.root(size: UInt64(size))
            #expect(MerkleTree.verifyInclusion(leafIndex: UInt64(index), treeSize: UInt64(size), leafHash: leaves[index], proof: proof, root: root))
            let old = Int.random(in: 1...size, using: &random)
            let consistencyPlan = try #require(TileLayout.consistencyPlan(oldSize: UInt64(old), newSize: UInt64(size)))
            let consistency = try tiles.evaluate(consistencyPlan)
            #expect(consistency == MerkleTree.consistencyProof(oldSize: old, leafHashes: prefix), "consistency \(old) → \(size)")
        }
    }

    @Test("every proof of every tree up to 300 leaves, from tiles, equals the reference")
    func exhaustiveSmallTrees() throws {
        let leaves = Self.leaves(300)
        let (_, tiles) = Self.build(leaves, batch: 7)
        for size in stride(from: 1, through: 300, by: 13) {
            let prefix = Array(leaves[0..<size])
            for index in 0..<size {
                let plan = try #require(TileLayout.inclusionPlan(index: UInt64(index), size: UInt64(size)))
                #expect(try tiles.evaluate(plan) == MerkleTree.inclusionProof(index: index, leafHashes: prefix))
            }
            for old in 1...size {
                let plan = try #require(TileLayout.consistencyPlan(oldSize: UInt64(old), newSize: UInt64(size)))
                #expect(try tiles.evaluate(plan) == MerkleTree.consistencyProof(oldSize: old, leafHashes: prefix))
            }
        }
        #expect(TileLayout.inclusionPlan(index: 5, size: 5) == nil)
        #expect(TileLayout.consistencyPlan(oldSize: 0, newSize: 5) == nil)
        #expect(TileLayout.consistencyPlan(oldSize: 6, newSize: 5) == nil)
    }

    @Test("a proof reads O(log n) tiles")
    func proofCost() throws {
        // 10 million leaves: three tile levels; a proof touches at most two tiles per level.
        let size: UInt64 = 10_000_000
        for index: UInt64 in [0, 1, 255, 256, 4_999_999, 9_999_999] {
            let plan = try #require(TileLayout.inclusionPlan(index: index, size: size))
            #expect(plan.count <= 24)
            #expect(TileLayout.tiles(for: plan + [TileLayout.rootPlan(size: size)]).count <= 7, "index \(index)")
        }
    }

    @Test("an appender continued from stored edge tiles writes the same tree; an older size is taken from wider tiles")
    func continuation() throws {
        let leaves = Self.leaves(2_000)
        let (whole, wholeTiles) = Self.build(leaves, batch: 2_000)
        // Stop at 777, keep only what storage would have, continue from the edge.
        let (first, firstTiles) = Self.build(Array(leaves[0..<777]), batch: 100)
        let edgeIDs = TileLayout.edgeTiles(size: 777).map(\.id)
        var edge: [TileID: Tile] = [:]
        for id in edgeIDs { edge[id] = firstTiles.tiles[id] }
        var continued = try TileAppender(size: 777, edgeTiles: edge)
        var tiles = firstTiles.tiles
        for tile in continued.append(leafHashes: Array(leaves[777...])) { tiles[tile.id] = tile }
        #expect(continued.root == whole.root)
        #expect(tiles == wholeTiles.tiles)
        #expect(first.root == MerkleTree.root(leafHashes: Array(leaves[0..<777])))
        // The tree at 777 rebuilt from the final (wider) tiles.
        let older = try TileAppender(size: 777, prefixOf: wholeTiles)
        #expect(older.root == first.root)
        // A missing or wrong-width edge tile is refused.
        #expect(throws: TileError.self) { try TileAppender(size: 777, edgeTiles: [:]) }
        var wider = edge
        wider[edgeIDs[0]] = wholeTiles.tiles[edgeIDs[0]]
        #expect(throws: TileError.self) { try TileAppender(size: 777, edgeTiles: wider) }
    }

    @Test("tiles encode as their rows and decode back; the base row is the tlog-tiles tile")
    func encoding() throws {
        let leaves = Self.leaves(300)
        let (_, tiles) = Self.build(leaves, batch: 300)
        let full = try #require(tiles.tiles[TileID(level: 0, index: 0)])
        #expect(full.width == 256 && full.bytes.count == 510 * 32)
        #expect(full.baseRow == Array(leaves[0..<256].joined()))
        #expect(Tile(id: full.id, width: 256, bytes: full.bytes) == full)
        let partial = try #require(tiles.tiles[TileID(level: 0, index: 1)])
        #expect(partial.width == 44 && partial.bytes.count == Tile.encodedSize(width: 44) * 32)
        #expect(Tile(id: partial.id, width: 44, bytes: partial.bytes) == partial)
        #expect(Tile(id: partial.id, width: 45, bytes: partial.bytes) == nil)
        #expect(Tile(id: partial.id, width: 0, bytes: []) == nil)
        #expect(tiles.tiles[TileID(level: 1, index: 0)]?.width == 1)
    }

    @Test("leaves encode unambiguously and decode back")
    func leafEncoding() throws {
        let event = AuditEvent(index: 42, timestamp: "2026-11-27T01:00:00.000Z", type: .transactionDecided, actor: "key_a", subject: "tx-1", payload: "{}")
        let bytes = LeafEncoding.encode(event)
        #expect(LeafEncoding.decode(bytes) == event)
        #expect(bytes.starts(with: Array("strait-ledger-v2".utf8) + [0]))
        var moved = event
        moved.subject = "tx-"
        moved.payload = "1{}"
        #expect(LeafEncoding.encode(moved) != bytes)
        #expect(LeafEncoding.decode(Array(bytes.dropLast())) == nil)
        #expect(LeafEncoding.decode(bytes + [0]) == nil)
    }

    @Test(
        "the independent verifier accepts inclusion and consistency proofs from tiles and refuses altered ones",
        .enabled(if: TlogOracle.available, "tlog-oracle not available: set STRAIT_ORACLE_PYTHON or create .build-oracle-venv (see .ci/run)")
    )
    func oracle() throws {
        var random = SplitMix64(seed: 9162)
        let leaves = Self.leaves(3_000)
        let (_, tiles) = Self.build(leaves, batch: 512)
        func b64(_ hash: MerkleTree.Hash) -> String { Data(hash).base64EncodedString() }
        for _ in 0..<12 {
            let size = UInt64.random(in: 2...3_000, using: &random)
            let index = UInt64.random(in: 0..<size, using: &random)
            let proof = try tiles.evaluate(try #require(TileLayout.inclusionPlan(index: index, size: size)))
            let root = try tiles.root(size: size)
            func inclusion(_ proof: [MerkleTree.Hash], leaf: MerkleTree.Hash) -> String {
                "{\"leafIdx\":\(index),\"treeSize\":\(size),\"root\":\"\(b64(root))\",\"leafHash\":\"\(b64(leaf))\",\"proof\":[\(proof.map { "\"\(b64($0))\"" }.joined(separator: ","))]}"
            }
            let accepted = try TlogOracle.run("inclusion", note: inclusion(proof, leaf: leaves[Int(index)]), [])
            #expect(accepted.status == 0, "\(index)/\(size): \(accepted.output)")
            var altered = proof
            if !altered.isEmpty {
                altered[altered.count / 2][0] ^= 1
                #expect(try TlogOracle.run("inclusion", note: inclusion(altered, leaf: leaves[Int(index)]), []).status == 1)
            }
            #expect(try TlogOracle.run("inclusion", note: inclusion(proof, leaf: leaves[Int((index + 1) % size)]), []).status == 1)

            let old = UInt64.random(in: 1..<size, using: &random)
            let consistency = try tiles.evaluate(try #require(TileLayout.consistencyPlan(oldSize: old, newSize: size)))
            let oldRoot = try tiles.root(size: old)
            func consistencyCase(_ proof: [MerkleTree.Hash]) -> String {
                "{\"size1\":\(old),\"size2\":\(size),\"root1\":\"\(b64(oldRoot))\",\"root2\":\"\(b64(root))\",\"proof\":[\(proof.map { "\"\(b64($0))\"" }.joined(separator: ","))]}"
            }
            let ok = try TlogOracle.run("consistency", note: consistencyCase(consistency), [])
            #expect(ok.status == 0, "\(old)→\(size): \(ok.output)")
            var bad = consistency
            bad[0][5] ^= 0x80
            #expect(try TlogOracle.run("consistency", note: consistencyCase(bad), []).status == 1)
        }
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Ledger
import Testing

/// The transparency-dev RFC 6962/9162 test vectors shared beside the repository.
enum MerkleVectors {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/merkle")

    static var available: Bool { FileManager.default.fileExists(atPath: directory.path) }

    /// Every JSON vector under `kind` (`inclusion` or `consistency`).
    static func load(_ kind: String) throws -> [(String, [String: Any])] {
        let base = directory.appendingPathComponent(kind)
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        var vectors: [(String, [String: Any])] = []
        for case let url as URL in enumerator where url.pathExtension == "json" {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
            vectors.append((url.path.replacingOccurrences(of: base.path + "/", with: ""), object))
        }
        return vectors.sorted { $0.0 < $1.0 }
    }

    static func bytes(_ value: Any?) -> [UInt8] {
        guard let text = value as? String else { return [] }
        return Data(base64Encoded: text).map(Array.init) ?? [0xFF]  // undecodable stays invalid
    }

    static func proof(_ value: Any?) -> [[UInt8]] {
        (value as? [Any] ?? []).map { bytes($0) }
    }

    static func size(_ value: Any?) -> UInt64 {
        (value as? NSNumber)?.uint64Value ?? 0
    }
}

@Suite("RFC 9162 Merkle tree")
struct MerkleTreeTests {
    @Test("inclusion proofs agree with every transparency-dev vector", .enabled(if: MerkleVectors.available, "../shared/data/merkle is not present"))
    func inclusionVectors() throws {
        let vectors = try MerkleVectors.load("inclusion")
        #expect(vectors.count > 50)
        for (name, v) in vectors {
            let ok = MerkleTree.verifyInclusion(
                leafIndex: MerkleVectors.size(v["leafIdx"]),
                treeSize: MerkleVectors.size(v["treeSize"]),
                leafHash: MerkleVectors.bytes(v["leafHash"]),
                proof: MerkleVectors.proof(v["proof"]),
                root: MerkleVectors.bytes(v["root"])
            )
            let wantError = v["wantErr"] as? Bool ?? false
            #expect(ok == !wantError, "\(name): \(v["desc"] ?? "")")
        }
    }

    @Test("consistency proofs agree with every transparency-dev vector", .enabled(if: MerkleVectors.available, "../shared/data/merkle is not present"))
    func consistencyVectors() throws {
        let vectors = try MerkleVectors.load("consistency")
        #expect(vectors.count > 50)
        for (name, v) in vectors {
            let ok = MerkleTree.verifyConsistency(
                oldSize: MerkleVectors.size(v["size1"]),
                newSize: MerkleVectors.size(v["size2"]),
                oldRoot: MerkleVectors.bytes(v["root1"]),
                newRoot: MerkleVectors.bytes(v["root2"]),
                proof: MerkleVectors.proof(v["proof"])
            )
            let wantError = v["wantErr"] as? Bool ?? false
            #expect(ok == !wantError, "\(name): \(v["desc"] ?? "")")
        }
    }

    @Test("the roots of RFC 6962's eight-leaf example tree")
    func knownRoots() {
        // The leaves used by the reference tests: "", 00, 10, 2021, 3031, 40414243, 5051525354555657, 606162636465666768696a6b6c6d6e6f.
        let leaves: [[UInt8]] = [
            [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43], [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
            Array(0x60...0x6f).map { UInt8($0) },
        ]
        let hashes = leaves.map { MerkleTree.leafHash($0) }
        func hex(_ h: [UInt8]) -> String { h.map { String(format: "%02x", $0) }.joined() }
        #expect(hex(MerkleTree.root(leafHashes: [])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(MerkleTree.root(leafHashes: Array(hashes.prefix(1)))) == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        #expect(hex(MerkleTree.root(leafHashes: hashes)) == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")
    }

    @Test("proofs generated here verify for every leaf and every old size up to 40 leaves, and altered ones do not")
    func generatedProofs() throws {
        let leaves = (0..<40).map { MerkleTree.leafHash(Array("entry-\($0)".utf8)) }
        for n in 1...leaves.count {
            let tree = Array(leaves.prefix(n))
            let root = MerkleTree.root(leafHashes: tree)
            for m in 0..<n {
                let proof = try #require(MerkleTree.inclusionProof(index: m, leafHashes: tree))
                #expect(MerkleTree.verifyInclusion(leafIndex: UInt64(m), treeSize: UInt64(n), leafHash: tree[m], proof: proof, root: root))
                #expect(!MerkleTree.verifyInclusion(leafIndex: UInt64(m), treeSize: UInt64(n), leafHash: leaves[(m + 1) % leaves.count], proof: proof, root: root))
                if var altered = Optional(proof), !altered.isEmpty {
                    altered[0][0] ^= 1
                    #expect(!MerkleTree.verifyInclusion(leafIndex: UInt64(m), treeSize: UInt64(n), leafHash: tree[m], proof: altered, root: root))
                }
            }
            for old in 1...n {
                let oldRoot = MerkleTree.root(leafHashes: Array(tree.prefix(old)))
                let proof = try #require(MerkleTree.consistencyProof(oldSize: old, leafHashes: tree))
                #expect(MerkleTree.verifyConsistency(oldSize: UInt64(old), newSize: UInt64(n), oldRoot: oldRoot, newRoot: root, proof: proof))
                if old < n {
                    var altered = proof
                    altered[altered.count - 1][5] ^= 0x80
                    #expect(!MerkleTree.verifyConsistency(oldSize: UInt64(old), newSize: UInt64(n), oldRoot: oldRoot, newRoot: root, proof: altered))
                }
            }
        }
    }
}

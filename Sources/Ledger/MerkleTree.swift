// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto

/// Merkle tree hashing and proofs as specified by RFC 9162 (Certificate Transparency 2.0), §2.1.
///
/// Leaves are hashed as `SHA-256(0x00 || data)`, interior nodes as `SHA-256(0x01 || left || right)`.
/// These are the building blocks of the transparency log that replaces the hash chain; proofs
/// produced here verify with any RFC 9162 verifier, and the verifiers here accept exactly the
/// proofs such a verifier accepts (checked against the transparency-dev test vectors).
public enum MerkleTree {
    /// A 32-byte SHA-256 hash.
    public typealias Hash = [UInt8]

    /// The hash of a leaf: `SHA-256(0x00 || data)`.
    public static func leafHash(_ data: some Sequence<UInt8>) -> Hash {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: Array(data))
        return Array(hasher.finalize())
    }

    /// The hash of an interior node: `SHA-256(0x01 || left || right)`.
    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The root (MTH) of a list of leaf hashes; the empty tree's root is `SHA-256("")`.
    public static func root(leafHashes: [Hash]) -> Hash {
        guard !leafHashes.isEmpty else { return Array(SHA256.hash(data: [UInt8]())) }
        return subtreeRoot(leafHashes[...])
    }

    private static func subtreeRoot(_ leaves: ArraySlice<Hash>) -> Hash {
        if leaves.count == 1 { return leaves[leaves.startIndex] }
        let k = largestPowerOfTwo(below: leaves.count)
        let split = leaves.startIndex + k
        return nodeHash(subtreeRoot(leaves[leaves.startIndex..<split]), subtreeRoot(leaves[split...]))
    }

    /// The largest power of two strictly less than `n` (n >= 2).
    static func largestPowerOfTwo(below n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    // MARK: - Inclusion

    /// The inclusion proof (audit path) of leaf `index` in the tree of `leafHashes` (RFC 9162 §2.1.3.1).
    public static func inclusionProof(index: Int, leafHashes: [Hash]) -> [Hash]? {
        guard index >= 0, index < leafHashes.count else { return nil }
        return path(index, leafHashes[...])
    }

    private static func path(_ m: Int, _ leaves: ArraySlice<Hash>) -> [Hash] {
        let n = leaves.count
        guard n > 1 else { return [] }
        let k = largestPowerOfTwo(below: n)
        let split = leaves.startIndex + k
        if m < k {
            return path(m, leaves[leaves.startIndex..<split]) + [subtreeRoot(leaves[split...])]
        }
        return path(m - k, leaves[split...]) + [subtreeRoot(leaves[leaves.startIndex..<split])]
    }

    /// Verifies an inclusion proof (RFC 9162 §2.1.3.2).
    public static func verifyInclusion(leafIndex: UInt64, treeSize: UInt64, leafHash: Hash, proof: [Hash], root: Hash) -> Bool {
        guard leafIndex < treeSize, leafHash.count == 32, root.count == 32, proof.allSatisfy({ $0.count == 32 }) else { return false }
        var fn = leafIndex
        var sn = treeSize - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    // MARK: - Consistency

    /// The consistency proof between the first `oldSize` leaves and all of `leafHashes` (RFC 9162 §2.1.4.1).
    public static func consistencyProof(oldSize: Int, leafHashes: [Hash]) -> [Hash]? {
        guard oldSize > 0, oldSize <= leafHashes.count else { return nil }
        if oldSize == leafHashes.count { return [] }
        return subproof(oldSize, leafHashes[...], complete: true)
    }

    private static func subproof(_ m: Int, _ leaves: ArraySlice<Hash>, complete: Bool) -> [Hash] {
        let n = leaves.count
        if m == n { return complete ? [] : [subtreeRoot(leaves)] }
        let k = largestPowerOfTwo(below: n)
        let split = leaves.startIndex + k
        if m <= k {
            return subproof(m, leaves[leaves.startIndex..<split], complete: complete) + [subtreeRoot(leaves[split...])]
        }
        return subproof(m - k, leaves[split...], complete: false) + [subtreeRoot(leaves[leaves.startIndex..<split])]
    }

    /// Verifies a consistency proof (RFC 9162 §2.1.4.2).
    public static func verifyConsistency(oldSize: UInt64, newSize: UInt64, oldRoot: Hash, newRoot: Hash, proof: [Hash]) -> Bool {
        // A consistency proof from the empty tree proves nothing and is refused, as is a shrinking tree.
        guard oldSize >= 1, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        guard oldRoot.count == 32, newRoot.count == 32, proof.allSatisfy({ $0.count == 32 }) else { return false }
        guard !proof.isEmpty else { return false }
        var path = proof
        if oldSize.nonzeroBitCount == 1 {
            // oldSize is a power of two: the old root is itself a node of the new tree.
            path.insert(oldRoot, at: 0)
        }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && fr == oldRoot && sr == newRoot
    }
}

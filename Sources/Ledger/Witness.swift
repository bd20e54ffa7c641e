// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
import StraitCore

/// An `add-checkpoint` request of the C2SP tlog-witness protocol: the size the submitter believes
/// the witness last cosigned, a consistency proof from it, and the new checkpoint.
///
/// ```
/// old 20852014
/// <base64 hash>        (0 to 63 lines)
///
/// <signed checkpoint note>
/// ```
public struct WitnessRequest: Sendable, Hashable {
    public var oldSize: UInt64
    public var proof: [MerkleTree.Hash]
    public var note: SignedNote

    public init(oldSize: UInt64, proof: [MerkleTree.Hash], note: SignedNote) {
        self.oldSize = oldSize
        self.proof = proof
        self.note = note
    }

    /// The request body.
    public var text: String {
        var out = "old \(oldSize)\n"
        for hash in proof { out += NoteEncoding.base64(hash) + "\n" }
        return out + "\n" + note.text
    }

    /// Parses a request body strictly.
    public static func parse(_ text: String) throws(NoteError) -> WitnessRequest {
        let bytes = Array(text.utf8)
        guard let split = bytes.indices.dropLast().first(where: { bytes[$0] == 0x0A && bytes[$0 + 1] == 0x0A }) else {
            throw .malformedNote("the request has no empty line before the checkpoint")
        }
        let head = String(decoding: bytes[..<split], as: UTF8.self)
        let noteText = String(decoding: bytes[(split + 2)...], as: UTF8.self)
        let lines = head.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.hasPrefix("old ") else { throw .malformedNote("the request starts with 'old <size>'") }
        let sizeText = first.dropFirst(4)
        guard let oldSize = UInt64(sizeText), sizeText == "\(oldSize)" else {
            throw .malformedNote("the old size is not a decimal without leading zeros")
        }
        let proofLines = lines.dropFirst()
        guard proofLines.count <= 63 else { throw .malformedNote("more than 63 consistency proof lines") }
        var proof: [MerkleTree.Hash] = []
        for line in proofLines {
            guard let hash = NoteEncoding.decodeBase64(String(line)), hash.count == 32 else {
                throw .malformedNote("a consistency proof line is not the base64 of a 32-byte hash")
            }
            proof.append(hash)
        }
        return WitnessRequest(oldSize: oldSize, proof: proof, note: try SignedNote.parse(noteText))
    }
}

/// What a witness decides about an `add-checkpoint` request, with the reason — the HTTP status
/// each outcome maps to is the one tlog-witness prescribes.
public enum WitnessVerdict: Sendable, Hashable {
    /// Cosign: the checkpoint is signed by the log and consistent with what was cosigned before.
    case cosign(Checkpoint)
    /// 404: the witness does not know this origin.
    case unknownLog(origin: String)
    /// 403: no signature verifies with the log's key.
    case forbidden(String)
    /// 400: old size above the checkpoint size, or a malformed checkpoint.
    case badRequest(String)
    /// 409: the old size is not the size last cosigned (answer it), or same size with another root.
    case conflict(latestSize: UInt64, String)
    /// 422: the consistency proof does not verify.
    case inconsistent(String)
}

/// The witness's checks of tlog-witness `add-checkpoint`, as a value: given the logs it trusts and
/// the latest checkpoint it cosigned for the origin, it returns a verdict. Storing the new state
/// atomically (compare-and-swap on the old size) is the caller's part.
public struct WitnessPolicy: Sendable {
    /// Trusted log keys, by origin (a log's key name is its origin).
    public var logs: [String: [NoteVerifier]]

    public init(logKeys: [NoteVerifier]) {
        var logs: [String: [NoteVerifier]] = [:]
        for key in logKeys { logs[key.name, default: []].append(key) }
        self.logs = logs
    }

    /// - Parameter latest: the latest checkpoint cosigned for the request's origin (size, root), or nil.
    public func evaluate(_ request: WitnessRequest, latest: (size: UInt64, root: MerkleTree.Hash)?) -> WitnessVerdict {
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint.parse(body: request.note.body)
        } catch {
            return .badRequest("the checkpoint is malformed: \(error.message)")
        }
        guard let keys = logs[checkpoint.origin] else { return .unknownLog(origin: checkpoint.origin) }
        guard !request.note.verifiedSignatures(by: keys).isEmpty,
            (try? request.note.verify(using: keys)) != nil
        else {
            return .forbidden("no signature by a trusted key of \(checkpoint.origin) verifies")
        }
        guard request.oldSize <= checkpoint.size else {
            return .badRequest("old size \(request.oldSize) is above the checkpoint size \(checkpoint.size)")
        }
        let latestSize = latest?.size ?? 0
        guard request.oldSize == latestSize else {
            return .conflict(latestSize: latestSize, "the latest cosigned size is \(latestSize), not \(request.oldSize)")
        }
        if let latest, latest.size == checkpoint.size {
            guard latest.root == checkpoint.rootHash else {
                return .conflict(latestSize: latest.size, "same size as the latest cosigned checkpoint, another root")
            }
            return request.proof.isEmpty ? .cosign(checkpoint) : .inconsistent("the proof between equal sizes must be empty")
        }
        if request.oldSize == 0 {
            guard request.proof.isEmpty else { return .inconsistent("the proof must be empty from size 0") }
            guard checkpoint.size > 0 || checkpoint.rootHash == MerkleTree.emptyRoot else {
                return .inconsistent("the empty tree's root is SHA-256 of nothing")
            }
            return .cosign(checkpoint)
        }
        guard let latest,
            MerkleTree.verifyConsistency(
                oldSize: latest.size, newSize: checkpoint.size, oldRoot: latest.root, newRoot: checkpoint.rootHash, proof: request.proof
            )
        else {
            return .inconsistent("the consistency proof from \(latestSize) to \(checkpoint.size) does not verify")
        }
        return .cosign(checkpoint)
    }
}

extension CosignatureSigner {
    /// The witness key of a node, derived from its log key's seed with HKDF-SHA-256 (domain-separated),
    /// so that every instance of a region shares it without storing a second secret.
    public static func derived(name: String, fromLogSeed seed: [UInt8]) throws(NoteError) -> CosignatureSigner {
        let key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: seed), salt: Array("strait-witness-v1".utf8), info: Array(name.utf8), outputByteCount: 32
        )
        let bytes = key.withUnsafeBytes { Array($0) }
        return try CosignatureSigner(name: name, privateKeySeed: bytes)
    }
}

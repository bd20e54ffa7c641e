// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Ledger
import StraitCore
import Synchronization

/// This node as a witness of other regions' logs (C2SP tlog-witness `add-checkpoint`).
///
/// It cosigns a checkpoint only if a trusted key of its origin signed it and it is consistent with
/// the last checkpoint this node cosigned for that origin; the new state is stored with a
/// compare-and-swap on the old size, so two concurrent requests (or two instances) can never roll
/// a log back. Its key is derived from the log's own key (``CosignatureSigner/derived(name:fromLogSeed:)``).
public final class LedgerWitness: Sendable {
    /// The answer to an `add-checkpoint` request: an HTTP status, a content type and a body.
    public struct Answer: Sendable, Hashable {
        public var status: Int
        public var contentType: String
        public var body: String
        /// A stable code for errors (`unknown_log`, `forbidden`, `conflict`, `inconsistent`, `bad_request`), nil on success.
        public var code: String?
    }

    public let store: any StraitStore
    public let policy: WitnessPolicy
    public let name: String
    private let signer = Mutex<CosignatureSigner?>(nil)

    public init(store: any StraitStore, name: String, trustedLogs: [NoteVerifier]) {
        self.store = store
        self.name = name
        self.policy = WitnessPolicy(logKeys: trustedLogs)
    }

    /// Derives the witness key from the log's stored key. Call once the log's key exists.
    @discardableResult
    public func prepare(logKey: LedgerKeyRecord) throws -> CosignatureSigner {
        let derived = try CosignatureSigner.derived(name: name, fromLogSeed: logKey.seed)
        signer.withLock { $0 = derived }
        return derived
    }

    /// The witness's verifier key, once prepared.
    public var verifierKey: String? { signer.withLock { $0?.verifier.vkey } }

    /// Handles an `add-checkpoint` body; `now` is the cosignature timestamp (UNIX seconds).
    public func addCheckpoint(_ body: String, now: UInt64) async throws -> Answer {
        guard let cosigner = signer.withLock({ $0 }) else {
            return Answer(status: 503, contentType: "text/plain", body: "the witness is starting\n", code: "not_ready")
        }
        let request: WitnessRequest
        do {
            request = try WitnessRequest.parse(body)
        } catch {
            return Answer(status: 400, contentType: "text/plain", body: error.message + "\n", code: "bad_request")
        }
        let origin = (try? Checkpoint.parse(body: request.note.body))?.origin ?? ""
        let stored = try await store.witnessedCheckpoint(origin: origin)
        var latest: (size: UInt64, root: MerkleTree.Hash)?
        if let stored {
            guard let root = Hex.decode(stored.rootHash), root.count == 32 else {
                throw StoreError.corrupted("the witnessed state of \(origin) has an unreadable root")
            }
            latest = (stored.size, root)
        }
        switch policy.evaluate(request, latest: latest) {
        case .cosign(let checkpoint):
            let updated = WitnessedCheckpoint(
                origin: checkpoint.origin, size: checkpoint.size, rootHash: Hex.encode(checkpoint.rootHash),
                updatedAt: Timestamp(epochMilliseconds: Int64(clamping: now) * 1000).text
            )
            if stored?.size != checkpoint.size || stored == nil {
                guard try await store.updateWitnessedCheckpoint(updated, expectedSize: stored?.size) else {
                    // Another request moved the state between the read and the write: tell the caller the new size.
                    let current = try await store.witnessedCheckpoint(origin: origin)?.size ?? 0
                    return Answer(status: 409, contentType: "text/x.tlog.size", body: "\(current)\n", code: "conflict")
                }
            }
            let signature = try cosigner.cosign(checkpointBody: request.note.body, timestamp: now)
            return Answer(status: 200, contentType: "text/plain", body: signature.line, code: nil)
        case .unknownLog(let origin):
            return Answer(status: 404, contentType: "text/plain", body: "unknown log \(origin)\n", code: "unknown_log")
        case .forbidden(let reason):
            return Answer(status: 403, contentType: "text/plain", body: reason + "\n", code: "forbidden")
        case .badRequest(let reason):
            return Answer(status: 400, contentType: "text/plain", body: reason + "\n", code: "bad_request")
        case .conflict(let latestSize, _):
            return Answer(status: 409, contentType: "text/x.tlog.size", body: "\(latestSize)\n", code: "conflict")
        case .inconsistent(let reason):
            return Answer(status: 422, contentType: "text/plain", body: reason + "\n", code: "inconsistent")
        }
    }
}

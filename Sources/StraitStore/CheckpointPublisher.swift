// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Ledger
import StraitCore
import Synchronization

/// Signs and stores the log's checkpoints (C2SP tlog-checkpoint, Ed25519 signed notes).
///
/// The signing key is created on first use and kept in the store, so that every instance of a
/// region signs with the same key. Its key name is the log's origin.
public struct CheckpointPublisher: Sendable {
    /// The log's signer; its name is the origin.
    public let signer: NoteSigner

    public var origin: String { signer.name }
    /// The log's public key as a note verifier key (`NAME+ID+KEY`).
    public var verifierKey: String { signer.verifier.vkey }

    public init(signer: NoteSigner) {
        self.signer = signer
    }

    /// Loads the log's signing key from the store, creating it if the store has none.
    ///
    /// - Throws: ``StoreError/invalidRecord(_:file:line:)`` if `origin` is not a valid origin or
    ///   differs from the origin the store's key was created for (a log's identity never changes).
    public static func load(store: some CheckpointStore, origin: String, at timestamp: String) async throws -> CheckpointPublisher {
        guard Checkpoint.isValidOrigin(origin) else {
            throw StoreError.invalidRecord("ledger origin \(origin.debugDescription) is not valid: no spaces or '+', not empty")
        }
        let record = try await store.ledgerSigningKey {
            let signer = try NoteSigner.generate(name: origin)
            return LedgerKeyRecord(name: origin, seed: signer.seed, createdAt: timestamp)
        }
        guard record.name == origin else {
            throw StoreError.invalidRecord(
                "this store's log was created with origin \(record.name.debugDescription); the configured origin is \(origin.debugDescription)"
            )
        }
        do {
            return CheckpointPublisher(signer: try NoteSigner(name: record.name, privateKeySeed: record.seed))
        } catch {
            throw StoreError.corrupted("the stored ledger signing key is unusable: \(error)")
        }
    }

    /// Signs and stores a checkpoint of the current head if it is larger than the latest checkpoint
    /// (or if none exists yet). The head's root is recomputed from the tiles before it is signed.
    ///
    /// - Returns: the new checkpoint, or `nil` when the latest one already covers the head.
    public func publish(store: any StraitStore, reader: LedgerReader, at timestamp: String) async throws -> StoredCheckpoint? {
        let head = try await store.auditHead()
        if let latest = try await store.latestCheckpoint(), latest.size >= head.size { return nil }
        let root = try await reader.root(size: head.size)
        guard Hex.encode(root) == head.rootHash else {
            throw StoreError.corrupted("the log's head root differs from its tree at size \(head.size); run `strait ledger verify`")
        }
        let checkpoint = try Checkpoint(origin: origin, size: head.size, rootHash: root, extensions: [])
        let signature = try signer.sign(body: checkpoint.body)
        let note = SignedNote(body: checkpoint.body, signatures: [signature])
        let stored = StoredCheckpoint(size: head.size, rootHash: head.rootHash, note: note.text, createdAt: timestamp)
        return try await store.addCheckpoint(stored) ? stored : try await store.checkpoint(size: head.size)
    }

    /// The checkpoint's note with the cosignatures witnesses returned appended.
    public static func note(_ checkpoint: StoredCheckpoint, cosignatures: [StoredCosignature]) -> String {
        guard !cosignatures.isEmpty, var note = try? SignedNote.parse(checkpoint.note) else { return checkpoint.note }
        for cosignature in cosignatures {
            guard let signature = try? NoteSignature(line: cosignature.line),
                !note.signatures.contains(signature), note.signatures.count < SignedNote.maxSignatures
            else { continue }
            note.signatures.append(signature)
        }
        return note.text
    }
}

/// The node's log: its reader (proofs), and once the store is ready, its checkpoint publisher.
/// Shared by the HTTP routes and the publishing service.
public final class LedgerPublisher: Sendable {
    public let store: any StraitStore
    public let reader: LedgerReader
    public let origin: String
    private let publisher = Mutex<CheckpointPublisher?>(nil)

    /// - Parameter tileCacheLimit: most full tiles the proof reader keeps in memory (16 KiB each).
    public init(store: any StraitStore, origin: String, tileCacheLimit: Int = 4_096) {
        self.store = store
        self.reader = LedgerReader(store: store, cacheLimit: tileCacheLimit)
        self.origin = origin
    }

    /// Loads (or creates) the signing key. Call once the store is migrated.
    @discardableResult
    public func prepare(at timestamp: String) async throws -> CheckpointPublisher {
        if let ready = publisher.withLock({ $0 }) { return ready }
        let loaded = try await CheckpointPublisher.load(store: store, origin: origin, at: timestamp)
        publisher.withLock { $0 = loaded }
        return loaded
    }

    /// The publisher, once ``prepare(at:)`` ran.
    public var current: CheckpointPublisher? { publisher.withLock { $0 } }

    /// Publishes a checkpoint of the head if it grew.
    public func publish(at timestamp: String) async throws -> StoredCheckpoint? {
        let ready = try await prepare(at: timestamp)
        return try await ready.publish(store: store, reader: reader, at: timestamp)
    }
}

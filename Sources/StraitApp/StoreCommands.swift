// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
public import Residency
import Ledger
import StraitCore
import Logging
public import StraitStore
import StraitStorePostgres
import StraitHTTP
import StraitStoreSQLite

/// `strait migrate`.
public enum StoreMigrations {
    /// Applies pending migrations to the configured store and returns their names.
    public static func migrate(config: StraitConfiguration) async throws -> [String] {
        if let postgres = config.postgres {
            let store = try PostgresStore(configuration: postgres, logger: Logger(label: "strait.migrate", factory: { _ in SwiftLogNoOpLogHandler() }))
            return try await withRunning(store) { try await store.migrate() }
        }
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        return try SQLiteStore.migrate(
            path: config.sqlitePath,
            options: .init(synchronous: config.sqliteSynchronous, busyTimeoutMilliseconds: config.sqliteBusyTimeoutMilliseconds)
        )
    }

    /// Where the configured store is, for messages (the PostgreSQL password is never shown).
    public static func describe(config: StraitConfiguration) -> String {
        config.postgres?.redactedURL ?? config.sqlitePath
    }
}

/// Runs `body` while `store`'s connection pool runs.
func withRunning<T: Sendable>(_ store: PostgresStore, _ body: () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await store.run() }
        defer { group.cancelAll() }
        return try await body()
    }
}

/// `strait ledger …`: commands that read the configured store's ledger without migrating it.
public enum LedgerCommands {
    /// Whether the configured store exists (the SQLite file, or a configured PostgreSQL).
    public static func storeExists(config: StraitConfiguration) -> Bool {
        config.postgres != nil || FileManager.default.fileExists(atPath: config.sqlitePath)
    }

    /// Opens the configured store (without migrating it, unless `migrate`), runs `body`, and closes it.
    public static func withStore<T: Sendable>(
        config: StraitConfiguration, migrate: Bool = false, _ body: (any StraitStore) async throws -> T
    ) async throws -> T {
        if let postgres = config.postgres {
            let store = try PostgresStore(configuration: postgres, logger: Logger(label: "strait.cli", factory: { _ in SwiftLogNoOpLogHandler() }))
            return try await withRunning(store) {
                if migrate { _ = try await store.migrate() }
                return try await body(store)
            }
        }
        if migrate { try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true) }
        let store = try SQLiteStore(
            path: config.sqlitePath,
            options: .init(synchronous: config.sqliteSynchronous, busyTimeoutMilliseconds: config.sqliteBusyTimeoutMilliseconds, migrate: migrate)
        )
        defer { try? store.close() }
        return try await body(store)
    }

    /// Verifies the whole log: entries, tree, checkpoints, transactions.
    public static func verify(config: StraitConfiguration) async throws -> LedgerVerificationReport {
        try await withStore(config: config) { store in try await LedgerVerifier().verify(store) }
    }

    /// An offline evidence bundle for entry `index` in the C2SP tlog-proof format: the entry's leaf
    /// bytes as `extra`, its inclusion proof, and the checkpoint (with cosignatures) it is proved
    /// against — the latest one, or the one of `treeSize`.
    ///
    /// - Returns: the bundle text and the log's verifier key.
    public static func proofBundle(config: StraitConfiguration, index: UInt64, treeSize: UInt64?) async throws -> (bundle: String, vkey: String?) {
        try await withStore(config: config) { store in
            let checkpoint: StoredCheckpoint?
            if let treeSize {
                checkpoint = try await store.checkpoint(size: treeSize)
            } else {
                checkpoint = try await store.latestCheckpoint()
            }
            guard let checkpoint else {
                throw LedgerQueryError(code: "no_checkpoint", message: treeSize.map { "no checkpoint was issued for size \($0)" } ?? "no checkpoint was issued yet")
            }
            guard index < checkpoint.size else {
                throw LedgerQueryError(code: "invalid_range", message: "entry \(index) is not covered by checkpoint \(checkpoint.size); wait for the next one or start the node")
            }
            let proof = try await LedgerReader(store: store).inclusionProof(index: index, treeSize: checkpoint.size)
            // Never hand out a bundle that does not verify: the stored tree must still have the signed root.
            guard proof.root == Data(Hex.decode(checkpoint.rootHash) ?? []).base64EncodedString() else {
                throw LedgerQueryError(code: "tree_damaged", message: "the stored tree no longer has the root signed at size \(checkpoint.size); run `strait ledger verify`")
            }
            let note = CheckpointPublisher.note(checkpoint, cosignatures: try await store.cosignatures(size: checkpoint.size))
            var text = "c2sp.org/tlog-proof@v1\n"
            text += "extra \(proof.entry)\n"
            text += "index \(index)\n"
            for hash in proof.proof { text += hash + "\n" }
            text += "\n" + note
            let key = try await store.storedLedgerSigningKey()
            let vkey = key.flatMap { try? NoteSigner(name: $0.name, privateKeySeed: $0.seed).verifier.vkey }
            return (text, vkey)
        }
    }
}

/// `strait catalogue drift`: the catalogue in force and the drift of the region's register.
public enum ResidencyCommands {
    /// The catalogue in force for this configuration (the shipped one and `residency.catalogue`).
    public static func catalogueInForce(config: StraitConfiguration) throws -> JurisdictionCatalogue {
        try ResidencySetup.catalogue(config).catalogue
    }

    /// The drift of the region's transfer register under `catalogue`, today.
    public static func drift(config: StraitConfiguration, under catalogue: JurisdictionCatalogue) async throws -> [DriftFinding] {
        try await LedgerCommands.withStore(config: config) { store in
            try await RegionalVault.drift(of: store, under: catalogue, on: String(Timestamp(epochMilliseconds: SystemClock.millisecondsSinceEpoch()).text.prefix(10)))
        }
    }
}

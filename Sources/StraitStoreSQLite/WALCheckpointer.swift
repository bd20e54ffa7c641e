// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import GRDB
public import Logging
public import ServiceLifecycle

/// Moves committed pages from the WAL into the database file, off the commit path.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold, so one
/// request in a few hundred waits for thousands of page writes. Strait raises that threshold
/// (``SQLiteStore/Options/autoCheckpointPages``) and runs passive checkpoints from this service's
/// own connection instead: a passive checkpoint never blocks the writer or readers.
///
/// Run it in the node's `ServiceGroup`; on graceful shutdown it stops and does one last
/// truncating checkpoint, so the WAL is empty when the process exits.
public struct WALCheckpointer: Service {
    let path: String
    let interval: Duration
    let restartFrames: Int
    let logger: Logger

    /// - Parameters:
    ///   - store: the store whose file to checkpoint.
    ///   - interval: time between checkpoints.
    ///   - restartFrames: when a passive checkpoint leaves a WAL at least this long (in pages),
    ///     a restarting checkpoint follows, so that the WAL is reused from its start instead of
    ///     growing under constant writes. It pauses the writer only for the few frames the passive
    ///     pass could not copy.
    public init(store: SQLiteStore, interval: Duration = .milliseconds(100), restartFrames: Int = 1_024, logger: Logger) {
        self.path = store.path
        self.interval = interval
        self.restartFrames = restartFrames
        self.logger = logger
    }

    public func run() async throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.label = "strait.checkpointer"
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? connection.close() }
        while !Task.isCancelledOrShuttingDown {
            do {
                try await Task.sleep(for: interval)
            } catch {
                break
            }
            let frames = await checkpoint(connection, mode: .passive)
            if frames >= restartFrames {
                await checkpoint(connection, mode: .restart)
            }
        }
        await checkpoint(connection, mode: .truncate)
    }

    /// Runs one checkpoint and returns the WAL's length in frames (0 on failure).
    @discardableResult
    private func checkpoint(_ connection: DatabaseQueue, mode: Database.CheckpointMode) async -> Int {
        do {
            return try await connection.writeWithoutTransaction { db in try db.checkpoint(mode).walFrameCount }
        } catch {
            logger.warning(
                "WAL checkpoint failed",
                metadata: ["event.action": "store.checkpoint", "error.message": "\(String(reflecting: error))"]
            )
            return 0
        }
    }
}

extension Task where Success == Never, Failure == Never {
    /// Whether the current task is cancelled or its service group is shutting down.
    static var isCancelledOrShuttingDown: Bool {
        Task.isCancelled || Task.isShuttingDownGracefully
    }
}

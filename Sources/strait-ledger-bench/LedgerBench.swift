// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import ArgumentParser
import Foundation
import Ledger
import StraitCore
import StraitStore
import StraitStoreSQLite
import StraitStorePostgres
import Logging
import Synchronization

/// Benchmarks of the ledger on the embedded store (SQLite, synchronous=FULL unless told otherwise):
///
/// 1. durable appends per second, batched (concurrent writers, group commit);
/// 2. inclusion-proof time at a given log size (default 10 million entries);
/// 3. time from an append being acknowledged to a signed checkpoint covering it.
///
/// Every figure is printed; the log is verified at the end (unless --skip-verify).
@main
struct LedgerBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strait-ledger-bench",
        abstract: "Measure ledger appends, inclusion proofs and checkpoint latency on a fresh SQLite store."
    )

    @Option(help: "Entries to append (the log size the proofs are measured at).") var entries = 10_000_000
    @Option(help: "Entries per append call.") var batch = 1_000
    @Option(help: "Concurrent writers.") var writers = 4
    @Option(help: "Inclusion proofs to time.") var proofs = 20_000
    @Option(help: "SQLite synchronous mode: full or normal.") var synchronous = "full"
    @Option(help: "Directory for the database (default: a fresh temporary one, removed afterwards).") var directory: String?
    @Option(help: "Seconds of the checkpoint-latency run.") var latencySeconds = 10.0
    @Option(help: "Appends per second during the checkpoint-latency run.") var latencyRate = 2_000
    @Option(help: "Checkpoint interval during the latency run, in milliseconds.") var checkpointIntervalMs = 500
    @Flag(help: "Skip the full verification at the end.") var skipVerify = false
    @Flag(help: "With --directory: reuse the log already there (no appends).") var reuse = false
    @Option(help: "Tiles the proof reader keeps in memory (16 KiB each; the node's default is 4096 = 64 MiB).") var tileCache = 4_096
    @Option(help: "Run on PostgreSQL instead (a fresh schema in this database), e.g. postgres://user:pw@127.0.0.1:5432/db.")
    var postgresURL: String?

    func run() async throws {
        if let postgresURL {
            var configuration = try PostgresStoreConfiguration(url: postgresURL, defaults: .init(tls: .disable))
            let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
            let schema = "ledger_bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).lowercased()
            let admin = try PostgresStore(configuration: configuration, logger: logger)
            try await Self.withRunning(admin) { try await admin.execute(unsafeSQL: "CREATE SCHEMA \(schema)") }
            configuration.schema = schema
            configuration.poolSize = 8
            let store = try PostgresStore(configuration: configuration, logger: logger)
            print("strait-ledger-bench: PostgreSQL schema \(schema), \(entries) entries in batches of \(batch), \(writers) writers")
            try await Self.withRunning(store) {
                try await store.migrate()
                try await measure(store)
            }
            return
        }
        guard entries > 0, batch > 0, writers > 0, proofs >= 0 else { throw ValidationError("counts must be positive") }
        guard let mode = SQLiteStore.Synchronous(rawValue: synchronous) else { throw ValidationError("--synchronous must be full or normal") }
        let folder = directory ?? NSTemporaryDirectory() + "strait-ledger-bench-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let store = try SQLiteStore(path: folder + "/strait.sqlite", options: .init(synchronous: mode, maxBatch: 64))
        defer { try? store.close() }
        print("strait-ledger-bench: SQLite synchronous=\(mode.rawValue), \(entries) entries in batches of \(batch), \(writers) writers")
        try await measure(store)
    }

    static func withRunning<T: Sendable>(_ store: PostgresStore, _ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    func measure(_ store: any StraitStore) async throws {

        // 1. Appends.
        if !reuse {
        let appended = try await appendLoad(store: store)
        print(String(format: "appends: %d entries in %.2f s = %.0f entries/s durable (%d commits, %.1f entries per commit)",
                     appended.count, appended.seconds, Double(appended.count) / appended.seconds, appended.calls,
                     Double(appended.count) / Double(max(1, appended.calls))))
        }

        // 2. Inclusion proofs at this size: a first pass over random leaves (tiles read for the first
        // time since they were written), a second pass (the operating system's page cache warm, the
        // reader's 4,096-tile cache full), and the full answer of GET /v1/ledger/entries.
        let head = try await store.auditHead()
        let reader = LedgerReader(store: store, cacheLimit: tileCache)
        var random = SystemRandomNumberGenerator()
        let clock = ContinuousClock()
        if proofs > 0 {
            var readTimes: [Double] = []
            for _ in 0..<min(proofs, 2_000) {
                let id = TileID(level: 0, index: UInt64.random(in: 0..<max(1, head.size / 256), using: &random))
                let start = clock.now
                _ = try await store.tiles([id])
                readTimes.append(Self.micros(clock.now - start))
            }
            print(String(format: "one level-0 tile read from the store (16 KiB): p50 %.1f µs, p99 %.1f µs", Self.percentile(readTimes, 0.5), Self.percentile(readTimes, 0.99)))
            print("tile cache: \(tileCache) tiles (\(tileCache / 64) MiB)")
            for pass in ["first pass", "second pass"] {
                var times: [Double] = []
                times.reserveCapacity(proofs)
                for i in 0..<proofs {
                    let index = UInt64.random(in: 0..<head.size, using: &random)
                    let start = clock.now
                    let plan = TileLayout.inclusionPlan(index: index, size: head.size)!
                    let tiles = try await reader.tiles(for: TileLayout.tiles(for: plan), size: head.size)
                    let proof = try tiles.evaluate(plan)
                    times.append(Self.micros(clock.now - start))
                    if i < 200 {
                        // Check a sample against the root, so the timing is of correct proofs.
                        let root = try await reader.root(size: head.size)
                        let leaf = try tiles.evaluate([TreeNodeID(height: 0, index: index)])
                        guard MerkleTree.verifyInclusion(leafIndex: index, treeSize: head.size, leafHash: leaf, proof: proof, root: root) else {
                            throw ValidationError("proof \(index) does not verify")
                        }
                    }
                }
                print(String(format: "inclusion proof at %d entries, %@ (%d random leaves): p50 %.1f µs, p90 %.1f µs, p99 %.1f µs",
                             head.size, pass, proofs, Self.percentile(times, 0.5), Self.percentile(times, 0.9), Self.percentile(times, 0.99)))
            }
            var answerTimes: [Double] = []
            for _ in 0..<proofs {
                let index = UInt64.random(in: 0..<head.size, using: &random)
                let start = clock.now
                _ = try await reader.inclusionProof(index: index, treeSize: head.size)
                answerTimes.append(Self.micros(clock.now - start))
            }
            print(String(format: "  with the entry (the GET /v1/ledger/entries answer, without HTTP): p50 %.1f µs, p99 %.1f µs",
                         Self.percentile(answerTimes, 0.5), Self.percentile(answerTimes, 0.99)))
        }

        // 3. Append → checkpoint latency.
        let latency = try await checkpointLatency(store: store, reader: reader)
        print(String(format: "append → covering checkpoint (%d appends at %d/s, checkpoint every %d ms): p50 %.0f ms, p99 %.0f ms, max %.0f ms",
                     latency.count, latencyRate, checkpointIntervalMs, Self.percentile(latency, 0.5), Self.percentile(latency, 0.99), latency.max() ?? 0))

        if !skipVerify {
            let clock = ContinuousClock()
            let start = clock.now
            let report = try await LedgerVerifier(pageSize: 16_384).verify(store)
            let seconds = Self.micros(clock.now - start) / 1e6
            print(String(format: "verify: %@ — %d entries, %d checkpoints in %.1f s", report.isValid ? "OK" : "FAILED", report.verifiedEntries,
                         report.verifiedCheckpoints, seconds))
            if !report.isValid {
                for violation in report.violations.prefix(10) { print("  \(violation)") }
                throw ExitCode(1)
            }
        }
    }

    struct AppendResult {
        var count: Int
        var seconds: Double
        var calls: Int
    }

    func appendLoad(store: any StraitStore) async throws -> AppendResult {
        let total = entries
        let batch = batch
        let next = SharedInt()
        let clock = ContinuousClock()
        let start = clock.now
        let payload = "{\"commitment\":\"\(String(repeating: "ab", count: 32))\",\"decision\":\"allow\",\"reasons\":[]}"
        let calls = try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var calls = 0
                    while true {
                        let first = next.value.add(batch, ordering: .relaxed).oldValue
                        if first >= total { return calls }
                        let count = min(batch, total - first)
                        let contents = (0..<count).map { i in
                            AuditEventContent(
                                timestamp: "2026-11-27T01:00:00.000Z", type: .annotation, actor: "bench-\(writer)",
                                subject: "tx-\(first + i)",
                                payload: payload
                            )
                        }
                        _ = try await store.appendEvents(contents)
                        calls += 1
                    }
                }
            }
            var calls = 0
            for try await count in group { calls += count }
            return calls
        }
        let seconds = Self.micros(clock.now - start) / 1e6
        return AppendResult(count: total, seconds: seconds, calls: calls)
    }

    /// Appends at a steady rate while a publisher signs checkpoints; for each append, the time from its
    /// acknowledgement to the first checkpoint whose size covers it.
    func checkpointLatency(store: any StraitStore, reader: LedgerReader) async throws -> [Double] {
        let publisher = try await CheckpointPublisher.load(store: store, origin: "bench.strait.local/audit", at: "2026-11-27T01:00:00.000Z")
        let clock = ContinuousClock()
        let origin = clock.now
        let acknowledged = Recorder()
        let published = Recorder()
        let stop = SharedFlag()
        let interval = Duration.milliseconds(checkpointIntervalMs)
        let rate = latencyRate
        let seconds = latencySeconds
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while !stop.value.load(ordering: .relaxed) {
                    if let checkpoint = try await publisher.publish(store: store, reader: reader, at: "2026-11-27T01:00:00.000Z") {
                        let now = Self.micros(clock.now - origin) / 1000
                        published.items.withLock { $0.append((checkpoint.size, now)) }
                    }
                    try await Task.sleep(for: interval)
                }
            }
            group.addTask {
                let count = Int(Double(rate) * seconds)
                let gap = Duration.nanoseconds(Int64(1e9 / Double(rate)))
                var due = clock.now
                for i in 0..<count {
                    let content = AuditEventContent(
                        timestamp: "2026-11-27T01:00:00.000Z", type: .annotation, actor: "latency", subject: "late-\(i)", payload: "{}"
                    )
                    let range = try await store.appendEvents([content])
                    let now = Self.micros(clock.now - origin) / 1000
                    acknowledged.items.withLock { $0.append((range.lowerBound, now)) }
                    due += gap
                    if due > clock.now { try await Task.sleep(until: due) }
                }
                // Let the last checkpoint come.
                try await Task.sleep(for: interval * 3)
                stop.value.store(true, ordering: .relaxed)
            }
            try await group.waitForAll()
        }
        let checkpoints = published.items.withLock { $0 }
        return acknowledged.items.withLock { $0 }.compactMap { index, at in
            checkpoints.first { $0.0 > index }.map { max(0, $0.1 - at) }
        }
    }

    static func micros(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }
}

final class SharedInt: Sendable {
    let value = Atomic<Int>(0)
}

final class SharedFlag: Sendable {
    let value = Atomic<Bool>(false)
}

final class Recorder: Sendable {
    let items = Mutex<[(UInt64, Double)]>([])
}

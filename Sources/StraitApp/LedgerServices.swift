// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Ledger
import CoreMetrics
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import AsyncHTTPClient
import ServiceLifecycle
import StraitCore
import StraitHTTP
public import StraitStore
import Synchronization

/// Publishes a signed checkpoint every `interval` while the log has new entries.
///
/// With several instances on one database each runs this loop; a checkpoint for a size is stored
/// once (the first wins), so they agree on every checkpoint.
struct CheckpointService: Service {
    let ledger: LedgerPublisher
    let pusher: WitnessPusher?
    let interval: Duration
    let logger: Logger
    let metrics: StraitMetrics
    let now: @Sendable () -> Timestamp

    func run() async throws {
        var failing = false
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if ledger.current != nil, let checkpoint = try await ledger.publish(at: now().text) {
                    metrics.checkpointsPublished.increment()
                    metrics.checkpointSize.set(Int(checkpoint.size))
                    logger.debug("checkpoint published", metadata: ["event.action": "ledger.checkpoint", "ledger.size": "\(checkpoint.size)"])
                }
                await pusher?.push()
                if failing {
                    failing = false
                    logger.notice("checkpoints published again", metadata: ["event.action": "ledger.checkpoint.recovered"])
                }
            } catch {
                metrics.checkpointFailures.increment()
                if !failing {
                    failing = true
                    logger.error(
                        "cannot publish a checkpoint", metadata: ["event.action": "ledger.checkpoint.failed", "error.message": "\(error)"]
                    )
                }
            }
            try? await gracefulShutdownAwareSleep(interval)
        }
    }

    private func gracefulShutdownAwareSleep(_ duration: Duration) async throws {
        try await cancelWhenGracefulShutdown {
            try await Task.sleep(for: duration)
        }
    }
}

/// Asks every proxied upstream for its health path every `interval` (see ``UpstreamHealth``).
struct UpstreamHealthService: Service {
    let health: UpstreamHealth
    let interval: Duration

    func run() async throws {
        health.start()
        defer { health.stop() }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await health.checkOnce()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}

/// Shuts the proxy's HTTP client down when the node stops.
struct HTTPClientService: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try? await client.shutdown()
    }
}

/// What runs before the port opens: the log's key, the tail check, a first checkpoint.
enum LedgerStartup {
    static func run(
        ledger: LedgerPublisher, witness: LedgerWitness, verify: Bool, configuration: [String: String], logger: Logger,
        now: @Sendable () -> Timestamp
    ) async throws {
        let publisher = try await ledger.prepare(at: now().text)
        if let key = try await ledger.store.storedLedgerSigningKey() {
            try witness.prepare(logKey: key)
        }
        if verify {
            let report = try await LedgerVerifier().verifyTail(ledger.store)
            guard report.isValid else {
                for violation in report.violations.prefix(20) {
                    logger.critical(
                        "audit log damaged",
                        metadata: [
                            "event.action": "ledger.verify.failed", "ledger.index": "\(violation.index)",
                            "ledger.violation": "\(violation.kind.rawValue)", "error.message": "\(violation.detail)",
                        ]
                    )
                }
                throw LedgerStartupError(report: report)
            }
            logger.notice(
                "audit log verified",
                metadata: [
                    "event.action": "ledger.verify", "ledger.from": "\(report.fromIndex)", "ledger.size": "\(report.verifiedEntries)",
                    "ledger.origin": "\(publisher.origin)", "ledger.vkey": "\(publisher.verifierKey)",
                    "ledger.witness_vkey": "\(witness.verifierKey ?? "")",
                ]
            )
        }
        try await recordConfiguration(configuration, store: ledger.store, logger: logger, at: now().text)
        _ = try await ledger.publish(at: now().text)
    }

    /// Appends a `config.changed` entry when the effective configuration differs from the last one recorded.
    static func recordConfiguration(_ values: [String: String], store: any StraitStore, logger: Logger, at timestamp: String) async throws {
        var previous: [String: String]?
        var previousDigest: String?
        if let last = try await store.lastConfigurationChange(),
            case .object(let members)? = try? JSONParser.parse(Array(last.payload.utf8))
        {
            if case .string(let digest)? = members.first(where: { $0.0 == "digest" })?.1 { previousDigest = digest }
            if case .object(let fields)? = members.first(where: { $0.0 == "values" })?.1 {
                var map: [String: String] = [:]
                for (key, value) in fields { if case .string(let text) = value { map[key] = text } }
                previous = map
            }
        }
        let content = AuditEventContent.configChanged(values: values, previous: previous, at: timestamp)
        guard case .object(let members)? = try? JSONParser.parse(Array(content.payload.utf8)),
            case .string(let digest)? = members.first(where: { $0.0 == "digest" })?.1, digest != previousDigest
        else { return }
        let range = try await store.appendEvents([content])
        logger.notice(
            "configuration change recorded", metadata: ["event.action": "config.changed", "ledger.index": "\(range.lowerBound)", "config.digest": "\(digest)"]
        )
    }
}

/// The start-up check found a damaged log; the node refuses to serve.
public struct LedgerStartupError: Error, CustomStringConvertible {
    public var report: LedgerVerificationReport

    public var description: String {
        let first = report.violations.first.map { "\($0)" } ?? "unknown"
        return "the audit log failed verification (\(report.violationCount) problems, first: \(first)); run `strait ledger verify`, or set ledger.verify_on_start: false to start anyway"
    }
}

/// Asks the configured witnesses to cosign the latest checkpoint (C2SP tlog-witness) and stores
/// the cosignatures they return, after checking each against the witness's key.
final class WitnessPusher: Sendable {
    let ledger: LedgerPublisher
    let endpoints: [WitnessEndpoint]
    let logger: Logger
    /// The size each witness last cosigned, as far as this process knows (learned from 409 answers).
    private let known = Mutex<[String: UInt64]>([:])
    private let session: URLSession

    init(ledger: LedgerPublisher, endpoints: [WitnessEndpoint], logger: Logger) {
        self.ledger = ledger
        self.endpoints = endpoints
        self.logger = logger
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 5
        self.session = URLSession(configuration: configuration)
    }

    func push() async {
        await withTaskGroup(of: Void.self) { group in
            for endpoint in endpoints {
                group.addTask {
                    do {
                        try await self.push(to: endpoint)
                    } catch {
                        self.logger.warning(
                            "witness did not cosign",
                            metadata: ["event.action": "ledger.witness.failed", "witness.name": "\(endpoint.key.name)", "error.message": "\(error)"]
                        )
                    }
                }
            }
        }
    }

    struct WitnessFailure: Error, CustomStringConvertible {
        var description: String
    }

    func push(to endpoint: WitnessEndpoint) async throws {
        let store = ledger.store
        guard let latest = try await store.latestCheckpoint(), latest.size > 0 else { return }
        let existing = try await store.cosignatures(size: latest.size)
        if existing.contains(where: { $0.witness == endpoint.key.name && $0.keyID == Hex.encode(endpoint.key.keyID) }) { return }
        let note = try SignedNote.parse(latest.note)
        var old = known.withLock { $0[endpoint.key.vkey] } ?? 0
        for _ in 0..<3 {
            guard old <= latest.size else {
                // Another instance of this region may have pushed a newer checkpoint: only a size beyond the
                // log itself means a fork or a lost log.
                let head = try await store.auditHead().size
                if old > head {
                    throw WitnessFailure(description: "the witness has cosigned size \(old), beyond this log's \(head): a fork or a lost log")
                }
                return
            }
            var proof: [MerkleTree.Hash] = []
            if old > 0 && old < latest.size {
                proof = try await ledger.reader.consistency(from: old, to: latest.size).proof
            }
            let body = WitnessRequest(oldSize: old, proof: proof, note: note).text
            var request = URLRequest(url: endpoint.url.appendingPathComponent("add-checkpoint"))
            request.httpMethod = "POST"
            request.httpBody = Data(body.utf8)
            request.setValue("text/plain; charset=utf-8", forHTTPHeaderField: "Content-Type")
            let (data, response) = try await session.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            let text = String(decoding: data, as: UTF8.self)
            switch status {
            case 200:
                var stored = 0
                for line in text.split(separator: "\n") {
                    guard let signature = try? NoteSignature(line: String(line)),
                        !SignedNote(body: note.body, signatures: [signature]).verifiedSignatures(by: [endpoint.key]).isEmpty
                    else { continue }
                    try await store.addCosignature(
                        StoredCosignature(
                            size: latest.size, witness: endpoint.key.name, keyID: Hex.encode(endpoint.key.keyID), line: signature.line,
                            receivedAt: Timestamp(epochMilliseconds: SystemClock.millisecondsSinceEpoch()).text
                        )
                    )
                    stored += 1
                }
                guard stored > 0 else { throw WitnessFailure(description: "the answer holds no valid cosignature by \(endpoint.key.vkey)") }
                known.withLock { $0[endpoint.key.vkey] = latest.size }
                logger.debug("checkpoint cosigned", metadata: ["event.action": "ledger.witness", "witness.name": "\(endpoint.key.name)", "ledger.size": "\(latest.size)"])
                return
            case 409:
                guard let size = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                    throw WitnessFailure(description: "409 without a size")
                }
                old = size
                known.withLock { $0[endpoint.key.vkey] = size }
            default:
                throw WitnessFailure(description: "HTTP \(status): \(text.prefix(200))")
            }
        }
        throw WitnessFailure(description: "the witness's size kept changing")
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Ledger
import CoreMetrics
import Logging
import ServiceLifecycle
import StraitCore
import StraitHTTP
public import StraitStore

/// Publishes a signed checkpoint every `interval` while the log has new entries.
///
/// With several instances on one database each runs this loop; a checkpoint for a size is stored
/// once (the first wins), so they agree on every checkpoint.
struct CheckpointService: Service {
    let ledger: LedgerPublisher
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

/// What runs before the port opens: the log's key, the tail check, a first checkpoint.
enum LedgerStartup {
    static func run(ledger: LedgerPublisher, verify: Bool, logger: Logger, now: @Sendable () -> Timestamp) async throws {
        let publisher = try await ledger.prepare(at: now().text)
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
                ]
            )
        }
        _ = try await ledger.publish(at: now().text)
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

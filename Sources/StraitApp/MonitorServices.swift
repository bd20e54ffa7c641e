// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
import Foundation
import Ledger
import Logging
import Monitor
import ServiceLifecycle
import StraitCore
import StraitHTTP
import StraitStore

/// Learns, every `interval`, the payments, logins and KYC outcomes that the region's other
/// instances stored (runs when the store is shared: PostgreSQL).
struct MonitorFollowService: Service {
    let monitor: TransactionMonitor
    let store: any StraitStore
    let interval: Duration
    let logger: Logger

    func run() async throws {
        var failing = false
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let learnt = try await monitor.follow(store)
                if learnt.transactions + learnt.logins + learnt.kycOutcomes > 0 {
                    logger.debug(
                        "monitor followed other instances",
                        metadata: [
                            "event.action": "monitor.follow", "monitor.transactions": .stringConvertible(learnt.transactions),
                            "monitor.logins": .stringConvertible(learnt.logins), "monitor.kyc": .stringConvertible(learnt.kycOutcomes),
                        ]
                    )
                }
                if failing {
                    failing = false
                    logger.notice("monitor follows the store again", metadata: ["event.action": "monitor.follow.recovered"])
                }
            } catch {
                if !failing {
                    failing = true
                    logger.error("monitor cannot read the store's new events", metadata: ["event.action": "monitor.follow.failed", "error.message": "\(error)"])
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}

/// Watches the scenario file and puts a changed one in force without a restart: a file that does
/// not load is refused (logged; the scenarios in force stay), a loaded one is logged and recorded in
/// the ledger (`monitor.scenarios.loaded`: version and digest of the file).
struct ScenarioReloadService: Service {
    let monitor: TransactionMonitor
    let path: String
    let store: any StraitStore
    let interval: Duration
    let logger: Logger
    let now: @Sendable () -> Timestamp

    func run() async throws {
        var seen = Self.fingerprint(path)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isCancelled && !Task.isShuttingDownGracefully else { break }
            let current = Self.fingerprint(path)
            guard current != seen else { continue }
            seen = current
            await reload()
        }
    }

    /// Loads the file and puts it in force if it is valid. Returns whether it did.
    @discardableResult
    func reload() async -> Bool {
        let previous = monitor.scenarioVersion
        do {
            let scenarios = try MonitorSetup.scenarios(path: path)
            let digest = SHA256.hexDigest(FileManager.default.contents(atPath: path) ?? Data())
            monitor.reload(scenarios)
            _ = try await store.appendEvents([
                AuditEventContent(
                    timestamp: now().text, type: .scenariosLoaded, actor: "system", subject: scenarios.version,
                    payload: #"{"digest":"\#(digest)","previous":\#(JSONText.quoted(previous)),"version":\#(JSONText.quoted(scenarios.version))}"#
                )
            ])
            logger.notice(
                "monitor scenarios reloaded",
                metadata: [
                    "event.action": "monitor.scenarios.loaded", "monitor.scenarios.version": .string(scenarios.version),
                    "monitor.scenarios.previous": .string(previous), "file.hash.sha256": .string(digest),
                ]
            )
            return true
        } catch {
            logger.error(
                "monitor scenario file refused; the scenarios in force stay",
                metadata: ["event.action": "monitor.scenarios.refused", "monitor.scenarios.version": .string(previous), "error.message": "\(error)"]
            )
            return false
        }
    }

    /// The file's modification time and size (a change of either is a change).
    static func fingerprint(_ path: String) -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "missing" }
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
        return "\(modified)/\(size)"
    }
}

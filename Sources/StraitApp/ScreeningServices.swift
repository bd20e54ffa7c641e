// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Logging
import Screening
import ServiceLifecycle
import StraitHTTP

/// Puts the newest imported list versions in force and re-screens every customer against them:
/// at start, then every `screening.reload_interval_s` (the lists are imported into the store by
/// `strait lists import`, possibly by another process). A run is recorded once per set of list
/// versions, so a restart does not repeat a finished run; an unfinished one is run again (alerts
/// and hits are raised once per customer and listed entity, so nothing is raised twice).
struct ScreeningListService: Service {
    let customers: CustomerService
    let interval: Duration?
    let rescreen: Bool
    let logger: Logger

    func run() async throws {
        // At start the store may not be migrated yet (PostgreSQL migrates once its pool runs):
        // retry every second until the lists are in force, since onboarding waits for them.
        while !(await refresh(initial: true)) {
            guard !Task.isCancelled && !Task.isShuttingDownGracefully else { return }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
        }
        guard let interval else { return }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isCancelled && !Task.isShuttingDownGracefully else { break }
            await refresh(initial: false)
        }
    }

    /// Loads the lists and re-screens when they changed; returns whether the lists could be loaded.
    @discardableResult
    func refresh(initial: Bool) async -> Bool {
        let changed: Bool
        do {
            changed = try await customers.loadLists()
        } catch {
            logger.warning("screening.lists_unavailable", metadata: ["error.message": .string("\(error)")])
            return false
        }
        guard rescreen, changed || initial, !customers.current.versions.isEmpty else { return true }
        do {
            _ = try await customers.rescreenAll()
        } catch {
            logger.error("screening.rescreen_failed", metadata: ["error.message": .string("\(error)")])
        }
        return true
    }
}

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
        await refresh(initial: true)
        guard let interval else { return }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isCancelled && !Task.isShuttingDownGracefully else { break }
            await refresh(initial: false)
        }
    }

    func refresh(initial: Bool) async {
        do {
            let changed = try await customers.loadLists()
            guard rescreen, changed || initial, !customers.current.versions.isEmpty else { return }
            _ = try await customers.rescreenAll()
        } catch {
            logger.error("screening.refresh_failed", metadata: ["error.message": .string("\(error)")])
        }
    }
}

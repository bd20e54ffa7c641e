// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import AsyncHTTPClient
import CoreMetrics
import Foundation
public import Logging
public import NIOCore
import NIOHTTP1

/// Active health checks of the proxy's upstream servers.
///
/// Each round asks every server of every route with a health path for that path (`GET`, within
/// `timeout`); any answer below 500 counts as up, a 5xx answer, a refused connection or no answer
/// as a failure. Failures and successes feed the same ``UpstreamPool`` state that proxied requests
/// feed, so a server that dies between two rounds is marked by the first requests that fail.
public struct UpstreamHealth: Sendable {
    public let routes: [ProxyRoute]
    public let timeout: TimeAmount
    let client: HTTPClient
    let metrics: StraitMetrics
    let logger: Logger

    public init(routes: [ProxyRoute], timeout: TimeAmount, client: HTTPClient = .shared, metrics: StraitMetrics, logger: Logger) {
        self.routes = routes.filter { $0.pool.healthPath != nil }
        self.timeout = timeout
        self.client = client
        self.metrics = metrics
        self.logger = logger
    }

    /// Marks the pools as actively checked (with every server down, requests then fail at once).
    public func start() {
        for route in routes {
            route.pool.setActiveChecks(true)
            for (index, up) in route.pool.health.enumerated() { metrics.upstreamUp(route: route.name, upstream: route.pool.upstreams[index].absoluteString, up: up) }
        }
    }

    /// The pools fall back to trying every server.
    public func stop() {
        for route in routes { route.pool.setActiveChecks(false) }
    }

    /// One round of checks, all servers concurrently.
    public func checkOnce() async {
        await withTaskGroup(of: Void.self) { group in
            for route in routes {
                guard let path = route.pool.healthPath else { continue }
                for (index, base) in route.pool.upstreams.enumerated() {
                    group.addTask {
                        let healthy = await probe(base, path: path)
                        let transition = healthy ? route.pool.succeeded(index) : route.pool.failed(index)
                        if let transition { Self.report(transition, route: route.name, logger: logger, metrics: metrics) }
                    }
                }
            }
        }
    }

    private func probe(_ base: URL, path: String) async -> Bool {
        var target = base.absoluteString
        if target.hasSuffix("/") { target.removeLast() }
        var request = HTTPClientRequest(url: target + (path.hasPrefix("/") ? path : "/" + path))
        request.method = .GET
        request.headers.add(name: "User-Agent", value: "strait-health-check")
        do {
            let response = try await client.execute(request, timeout: timeout)
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return response.status.code < 500
        } catch {
            return false
        }
    }

    /// Logs a server going down or coming back, and sets `strait_proxy_upstream_up`.
    static func report(_ transition: UpstreamPool.Transition, route: String, logger: Logger, metrics: StraitMetrics) {
        metrics.upstreamUp(route: route, upstream: transition.upstream.absoluteString, up: transition.up)
        let metadata: Logger.Metadata = [
            "event.action": .string(transition.up ? "proxy.upstream_up" : "proxy.upstream_down"),
            "url.original": .string(transition.upstream.absoluteString), "proxy.route": .string(route),
        ]
        if transition.up {
            logger.notice("upstream is up again", metadata: metadata)
        } else {
            logger.warning("upstream is down", metadata: metadata)
        }
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Foundation
import Synchronization

/// The upstream servers of one route and what Strait knows of their health.
///
/// Requests go round-robin to the servers that are up. A server goes down after `failuresToDown`
/// consecutive failures — a connection that cannot be made or a 5xx answer to a health check, or a
/// request that could not reach it — and comes back with the next success (an answered health check
/// or request). When active health checks run and no server is up, the route answers 502 at once
/// instead of waiting on dead connections; without active checks every server is still tried, so a
/// server marked down by failed requests alone is never abandoned.
public final class UpstreamPool: Sendable {
    /// A change of a server's state, to log and export.
    public struct Transition: Sendable, Equatable {
        public var upstream: URL
        public var up: Bool
    }

    /// The servers, in configuration order.
    public let upstreams: [URL]
    /// Consecutive failures that mark a server down.
    public let failuresToDown: Int
    /// The path requested by active health checks, or nil when the route has none.
    public let healthPath: String?

    private struct State {
        var up: [Bool]
        var failures: [Int]
        var next = 0
        var activeChecks = false
    }
    private let state: Mutex<State>

    public init(upstreams: [URL], failuresToDown: Int = 2, healthPath: String? = "/") {
        precondition(!upstreams.isEmpty, "a route needs at least one upstream")
        self.upstreams = upstreams
        self.failuresToDown = max(1, failuresToDown)
        self.healthPath = healthPath
        self.state = Mutex(State(up: Array(repeating: true, count: upstreams.count), failures: Array(repeating: 0, count: upstreams.count)))
    }

    /// Active checks are running for this pool: with every server down, requests fail fast.
    public func setActiveChecks(_ running: Bool) {
        state.withLock { $0.activeChecks = running }
    }

    /// Whether each server is up, in configuration order.
    public var health: [Bool] { state.withLock { $0.up } }

    /// The next server to try, skipping those already tried for this request; nil when there is none
    /// left (or, with active checks running, none up).
    public func pick(excluding tried: Set<Int> = []) -> (index: Int, url: URL)? {
        state.withLock { state in
            let count = upstreams.count
            var fallback: Int?
            for step in 0..<count {
                let index = (state.next + step) % count
                guard !tried.contains(index) else { continue }
                if state.up[index] {
                    state.next = (index + 1) % count
                    return (index, upstreams[index])
                }
                if fallback == nil { fallback = index }
            }
            guard !state.activeChecks, let fallback else { return nil }
            state.next = (fallback + 1) % count
            return (fallback, upstreams[fallback])
        }
    }

    /// Records a success (an answer); returns the transition if the server came back up.
    @discardableResult
    public func succeeded(_ index: Int) -> Transition? {
        state.withLock { state in
            state.failures[index] = 0
            guard !state.up[index] else { return nil }
            state.up[index] = true
            return Transition(upstream: upstreams[index], up: true)
        }
    }

    /// Records a failure; returns the transition if the server just went down.
    @discardableResult
    public func failed(_ index: Int) -> Transition? {
        state.withLock { state in
            state.failures[index] += 1
            guard state.up[index], state.failures[index] >= failuresToDown else { return nil }
            state.up[index] = false
            return Transition(upstream: upstreams[index], up: false)
        }
    }
}

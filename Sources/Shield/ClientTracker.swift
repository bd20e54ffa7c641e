// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import StraitCore
import Synchronization

/// Rate limits, bans and intrusion signals per client, in memory (one process).
///
/// Token buckets per key (client IP, API key, account), refilled continuously; a client blocked by
/// the firewall `banAfterBlocks` times within `banWindow` is banned for `banDuration`; an IP that
/// uses more than `accountsPerIPThreshold` distinct accounts within the window, or fails more than
/// `failureBurstThreshold` authentications, raises a signal for monitoring. Memory is bounded.
public final class ClientTracker: Sendable {
    public struct Settings: Sendable, Hashable {
        /// Requests per second per client IP (0: no limit), with bursts of twice as many.
        public var perIP: Double
        /// Requests per second per API key (0: no limit).
        public var perKey: Double
        /// Requests per second per account (0: no limit).
        public var perAccount: Double
        public var banAfterBlocks: Int
        public var banWindowSeconds: Double
        public var banSeconds: Double
        public var accountsPerIPThreshold: Int
        public var failureBurstThreshold: Int

        public init(
            perIP: Double = 100, perKey: Double = 0, perAccount: Double = 20, banAfterBlocks: Int = 5, banWindowSeconds: Double = 60,
            banSeconds: Double = 600, accountsPerIPThreshold: Int = 10, failureBurstThreshold: Int = 20
        ) {
            self.perIP = perIP
            self.perKey = perKey
            self.perAccount = perAccount
            self.banAfterBlocks = banAfterBlocks
            self.banWindowSeconds = banWindowSeconds
            self.banSeconds = banSeconds
            self.accountsPerIPThreshold = accountsPerIPThreshold
            self.failureBurstThreshold = failureBurstThreshold
        }
    }

    /// What the tracker says about a request.
    public enum Admission: Sendable, Equatable {
        case admit
        /// Over a rate limit: retry after the seconds given; `scope` is `ip`, `key` or `account`.
        case limited(scope: String, retryAfter: Int)
        /// Banned until the seconds given have passed.
        case banned(retryAfter: Int)
    }

    /// Signals for monitoring.
    public enum Signal: String, Sendable, CaseIterable {
        /// One IP used many distinct accounts in the window.
        case manyAccountsFromOneIP = "many_accounts_one_ip"
        /// A burst of failed authentications (401/403 from the upstream) from one IP.
        case credentialStuffing = "credential_stuffing"
        /// A client was banned after repeated blocks.
        case banned = "banned"
    }

    private struct State {
        var buckets = TokenBuckets()
        var bans: [String: Double] = [:]
        var blocks: [String: [Double]] = [:]
        var failures: [String: [Double]] = [:]
        var accounts: [String: [String: Double]] = [:]
        var signalled: [String: Double] = [:]
    }

    public let settings: Settings
    private let state = Mutex(State())
    private let limit = 100_000

    public init(settings: Settings) {
        self.settings = settings
    }

    /// Admits a request or says why not. `now` is in seconds (monotonic).
    public func admit(ip: String, key: String?, account: String?, now: Double) -> (Admission, [Signal]) {
        state.withLock { state in
            if let until = state.bans[ip] {
                if until > now { return (.banned(retryAfter: max(1, Int((until - now).rounded(.up)))), []) }
                state.bans[ip] = nil
            }
            var signals: [Signal] = []
            if let account {
                var seen = state.accounts[ip] ?? [:]
                seen[account] = now
                seen = seen.filter { now - $0.value <= settings.banWindowSeconds }
                if seen.count > settings.accountsPerIPThreshold, Self.once(&state, "accounts:\(ip)", now: now, window: settings.banWindowSeconds) {
                    signals.append(.manyAccountsFromOneIP)
                }
                state.accounts[ip] = seen
            }
            for (scope, id, rate) in [("ip", ip, settings.perIP), ("key", key, settings.perKey), ("account", account, settings.perAccount)] {
                guard let id, rate > 0 else { continue }
                if let wait = state.buckets.take("\(scope):\(id)", rate: rate, burst: rate * 2, now: now) {
                    return (.limited(scope: scope, retryAfter: max(1, Int(wait.rounded(.up)))), signals)
                }
            }
            Self.bound(&state, limit: limit)
            return (.admit, signals)
        }
    }

    /// Records that the firewall blocked a request of this client; returns the signals (a ban).
    public func recordBlock(ip: String, now: Double) -> [Signal] {
        state.withLock { state in
            var times = (state.blocks[ip] ?? []).filter { now - $0 <= settings.banWindowSeconds }
            times.append(now)
            state.blocks[ip] = times
            if times.count >= settings.banAfterBlocks {
                state.bans[ip] = now + settings.banSeconds
                state.blocks[ip] = nil
                return [.banned]
            }
            return []
        }
    }

    /// Records an upstream's answer; a burst of 401/403 from one IP is a credential-stuffing signal.
    public func recordResponse(ip: String, status: Int, now: Double) -> [Signal] {
        guard status == 401 || status == 403 else { return [] }
        return state.withLock { state in
            var times = (state.failures[ip] ?? []).filter { now - $0 <= settings.banWindowSeconds }
            times.append(now)
            state.failures[ip] = times
            if times.count > settings.failureBurstThreshold, Self.once(&state, "stuffing:\(ip)", now: now, window: settings.banWindowSeconds) {
                return [.credentialStuffing]
            }
            return []
        }
    }

    /// True the first time in a window (so a signal is raised once per window, not per request).
    private static func once(_ state: inout State, _ key: String, now: Double, window: Double) -> Bool {
        if let last = state.signalled[key], now - last < window { return false }
        state.signalled[key] = now
        return true
    }

    private static func bound(_ state: inout State, limit: Int) {
        if state.accounts.count > limit { state.accounts.removeAll(keepingCapacity: true) }
        if state.blocks.count > limit { state.blocks.removeAll(keepingCapacity: true) }
        if state.failures.count > limit { state.failures.removeAll(keepingCapacity: true) }
        if state.signalled.count > limit { state.signalled.removeAll(keepingCapacity: true) }
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import AsyncHTTPClient
import CoreMetrics
public import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import Crypto
public import Shield
import StraitCore
public import Ledger

/// One proxied route: requests whose host (if set) and path prefix match go to one of its upstreams.
public struct ProxyRoute: Sendable {
    /// A name for logs (the configuration block's name, or the prefix).
    public var name: String
    /// Host name to match (without port), or nil for any host.
    public var host: String?
    /// Path prefix, starting with `/`.
    public var prefix: String
    /// The upstream servers (base URLs such as `http://127.0.0.1:9000`; a path in one is prepended
    /// to the request path) and their health.
    public var pool: UpstreamPool
    /// How the firewall treats this route.
    public var policy: FirewallPolicy

    public init(name: String? = nil, host: String?, prefix: String, pool: UpstreamPool, policy: FirewallPolicy) {
        self.name = name ?? prefix
        self.host = host
        self.prefix = prefix
        self.pool = pool
        self.policy = policy
    }

    /// A route to one upstream.
    public init(host: String?, prefix: String, upstream: URL, policy: FirewallPolicy) {
        self.init(host: host, prefix: prefix, pool: UpstreamPool(upstreams: [upstream]), policy: policy)
    }
}

/// What the proxy needs: routes, the firewall, trusted proxies and timeouts.
public struct ProxyConfiguration: Sendable {
    public var routes: [ProxyRoute]
    /// The client that talks to the upstreams (the owner shuts it down).
    public var client: HTTPClient
    public var firewall: Firewall
    /// Peers whose `X-Forwarded-For` is kept and extended (IP addresses or CIDR blocks).
    public var trustedProxies: [CIDRBlock]
    public var timeout: TimeAmount
    /// How long a client may take to send the request body (408 beyond).
    public var bodyTimeout: TimeAmount
    /// A token bucket for ledger samples (one shared key).
    let sampler: ClientTracker?
    /// Clients never limited nor inspected, and clients always refused.
    public var allow: [CIDRBlock]
    public var deny: [CIDRBlock]
    /// Rate limits, bans and signals; nil: none.
    public var tracker: ClientTracker?
    /// The request header naming the customer account, for per-account limits and signals.
    public var accountHeader: String?
    /// Blocked requests recorded in the ledger per second at most (0: none); the rest are counted only.
    public var ledgerSamplesPerSecond: Double
    /// Appends evidence to the region's ledger.
    public var evidence: (@Sendable (AuditEventContent) async throws -> Void)?

    public init(
        routes: [ProxyRoute], client: HTTPClient = .shared, firewall: Firewall, trustedProxies: [CIDRBlock], timeout: TimeAmount, bodyTimeout: TimeAmount = .seconds(30), allow: [CIDRBlock] = [], deny: [CIDRBlock] = [],
        tracker: ClientTracker? = nil, accountHeader: String? = nil, ledgerSamplesPerSecond: Double = 0,
        evidence: (@Sendable (AuditEventContent) async throws -> Void)? = nil
    ) {
        self.ledgerSamplesPerSecond = ledgerSamplesPerSecond
        self.evidence = evidence
        self.sampler = ledgerSamplesPerSecond > 0 ? ClientTracker(settings: .init(perIP: ledgerSamplesPerSecond, perKey: 0, perAccount: 0, banAfterBlocks: .max)) : nil
        self.allow = allow
        self.deny = deny
        self.tracker = tracker
        self.accountHeader = accountHeader
        // Longest prefix first; host-specific before any-host at equal length.
        self.routes = routes.sorted { ($0.prefix.count, $0.host != nil ? 1 : 0) > ($1.prefix.count, $1.host != nil ? 1 : 0) }
        self.client = client
        self.firewall = firewall
        self.trustedProxies = trustedProxies
        self.timeout = timeout
        self.bodyTimeout = bodyTimeout
    }

    /// The route for a request, if any.
    func route(host: String?, path: String) -> ProxyRoute? {
        let bareHost = host.map { $0.split(separator: ":").first.map(String.init)?.lowercased() ?? $0 }
        return routes.first { route in
            (route.host == nil || route.host == bareHost) && (path == route.prefix || path.hasPrefix(route.prefix.hasSuffix("/") ? route.prefix : route.prefix + "/") || route.prefix == "/")
        }
    }
}

/// An IPv4 or IPv6 address block, e.g. `10.0.0.0/8`, `::1/128`, or a single address.
public struct CIDRBlock: Sendable, Hashable {
    let address: [UInt8]
    let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let bytes = Self.parse(String(parts[0])) else { return nil }
        let length = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
        guard let length, (0...(bytes.count * 8)).contains(length) else { return nil }
        self.address = bytes
        self.prefixLength = length
    }

    public func contains(_ text: String) -> Bool {
        guard let bytes = Self.parse(text), bytes.count == address.count else { return false }
        var remaining = prefixLength
        for (a, b) in zip(address, bytes) where remaining > 0 {
            let bits = min(8, remaining)
            let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if a & mask != b & mask { return false }
            remaining -= bits
        }
        return true
    }

    static func parse(_ text: String) -> [UInt8]? {
        if let v4 = try? SocketAddress(ipAddress: text, port: 0), case .v4 = v4 {
            return text.split(separator: ".").compactMap { UInt8($0) }
        }
        if let v6 = try? SocketAddress(ipAddress: text, port: 0), case .v6(let address) = v6 {
            return withUnsafeBytes(of: address.address.sin6_addr) { Array($0) }
        }
        return nil
    }
}

/// The reverse proxy with its firewall, in front of the organisation's services.
///
/// Strait's own endpoints (`/v1/…`, `/peer/…`, `/witness/…`, `/healthz`, `/readyz`, `/metrics`,
/// `/openapi.yaml`, `/console`) are never proxied. For a request that matches a route, the body is
/// collected up to the firewall's limit, the firewall judges the request (403 with the rule ids when
/// it blocks, 400/413 beyond its limits), hop-by-hop headers are removed, `X-Forwarded-For`,
/// `X-Forwarded-Host`, `X-Forwarded-Proto` and `Forwarded` are set (an incoming `X-Forwarded-For`
/// is kept only from a trusted proxy), and the upstream's answer is streamed back. An upstream that
/// cannot be reached answers 502 `upstream_unavailable`, one that does not answer in time 504
/// `upstream_timeout`.
public struct ProxyMiddleware: RouterMiddleware {
    public typealias Context = StraitRequestContext

    let configuration: ProxyConfiguration
    let client: HTTPClient
    let metrics: StraitMetrics

    static let ownPrefixes = ["/v1/", "/peer/", "/witness/", "/console"]
    static let ownPaths: Set<String> = ["/healthz", "/readyz", "/metrics", "/openapi.yaml", "/v1", "/console"]
    static let hopByHop: Set<String> = ["connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade"]

    public init(configuration: ProxyConfiguration, metrics: StraitMetrics) {
        self.configuration = configuration
        self.client = configuration.client
        self.metrics = metrics
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if Self.ownPaths.contains(path) || Self.ownPrefixes.contains(where: { path.hasPrefix($0) }) {
            return try await next(request, context)
        }
        guard let route = configuration.route(host: request.head.authority, path: path) else {
            return try await next(request, context)
        }
        // Who is asking: the peer, or the first untrusted address of a trusted proxy chain.
        let client = clientAddress(request, context: context)
        if let client, configuration.deny.contains(where: { $0.contains(client) }) {
            metrics.shield("denied")
            throw APIError(status: .forbidden, code: "client_denied", message: "requests from this address are refused")
        }
        let allowed = client.map { address in configuration.allow.contains { $0.contains(address) } } ?? false
        let now = Self.seconds()
        if !allowed, let tracker = configuration.tracker, let client {
            let key = request.headers[.authorization].map { Self.fingerprint($0) }
            let account = configuration.accountHeader.flatMap { HTTPField.Name($0) }.flatMap { request.headers[$0] }
            let (admission, signals) = tracker.admit(ip: client, key: key, account: account, now: now)
            report(signals, client: client, context: context)
            switch admission {
            case .admit: break
            case .limited(let scope, let retryAfter):
                metrics.shield("limited")
                throw APIError(status: .tooManyRequests, code: "rate_limited", message: "too many requests for this \(scope); retry later", headers: [.retryAfter: String(retryAfter)])
            case .banned(let retryAfter):
                metrics.shield("banned")
                throw APIError(status: .forbidden, code: "client_banned", message: "this client is banned for a while after repeated attacks", headers: [.retryAfter: String(retryAfter)])
            }
        }
        if allowed {
            var request = request
            let body = try await collectBody(&request)
            metrics.shield("passed")
            return try await forward(request, body: body, route: route, context: context)
        }
        // Collect the body with a bound (streaming a request body into the client is fragile under load).
        var request = request
        let body = try await collectBody(&request)
        let inspected = InspectedRequest(
            method: request.method.rawValue, target: request.uri.description, version: "HTTP/1.1",
            headers: request.headers.map { (name: $0.name.rawName, value: $0.value) }, body: Array(body.readableBytesView)
        )
        let verdict = configuration.firewall.inspect(inspected, policy: route.policy)
        if let rejection = verdict.rejection {
            metrics.shield("rejected")
            throw APIError(status: HTTPResponse.Status(code: rejection.status), code: rejection.code, message: rejection.message)
        }
        if !verdict.matches.isEmpty {
            for match in verdict.matches { metrics.shieldDetection(match.family.rawValue) }
            context.logger.warning(
                verdict.blocked ? "request blocked by the firewall" : "firewall detection",
                metadata: [
                    "event.action": .string(verdict.blocked ? "shield.blocked" : "shield.detected"),
                    "rule.id": .string(verdict.matches.map(\.id).joined(separator: ",")),
                    "rule.category": .string(Set(verdict.matches.map(\.family.rawValue)).sorted().joined(separator: ",")),
                    "shield.score": .stringConvertible(verdict.score),
                    "shield.locations": .string(verdict.matches.map(\.location).joined(separator: ",")),
                    "url.path": .string(path),
                ]
            )
        }
        if verdict.blocked {
            metrics.shield("blocked")
            if let tracker = configuration.tracker, let client { report(tracker.recordBlock(ip: client, now: now), client: client, context: context) }
            await sample(verdict, client: client, path: path, context: context, now: now)
            let rules = Array(Set(verdict.matches.filter { $0.score >= 3 }.map(\.id))).sorted()
            throw APIError(
                status: .forbidden, code: "request_blocked",
                message: "the request was blocked by the firewall (rules: \(rules.joined(separator: ", ")); score \(verdict.score))",
                details: rules.map { rule in ValidationIssue(field: "rule", code: rule, message: verdict.matches.first { $0.id == rule }?.reason ?? "") }
            )
        }
        metrics.shield(verdict.matches.isEmpty ? "passed" : "detected")
        let response = try await forward(request, body: body, route: route, context: context)
        if let tracker = configuration.tracker, let client {
            report(tracker.recordResponse(ip: client, status: response.status.code, now: now), client: client, context: context)
        }
        return response
    }

    /// The request body, read within the size limit (413 beyond) and the body timeout (408 beyond:
    /// a client that trickles its body holds a connection, not the proxy).
    private func collectBody(_ request: inout Request) async throws -> ByteBuffer {
        let limit = configuration.firewall.limits.maxBodyBytes
        let deadline = configuration.bodyTimeout
        let incoming = request.body
        do {
            let body = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
                group.addTask { try await incoming.collect(upTo: limit) }
                group.addTask {
                    try await Task.sleep(for: .nanoseconds(deadline.nanoseconds))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let body = first else {
                    throw APIError(status: .requestTimeout, code: "request_timeout", message: "the request body did not arrive in time", headers: [.connection: "close"])
                }
                return body
            }
            request.body = .init(buffer: body)
            return body
        } catch let error as APIError {
            metrics.shield("rejected")
            throw error
        } catch {
            metrics.shield("rejected")
            throw APIError(status: .contentTooLarge, code: "body_too_large", message: "the request body exceeds the limit of \(limit) bytes")
        }
    }

    /// Records a blocked request in the ledger, within the sampling rate; a ledger that cannot be
    /// written does not change the answer (the detection is logged and counted either way).
    private func sample(_ verdict: Verdict, client: String?, path: String, context: Context, now: Double) async {
        guard let evidence = configuration.evidence, let sampler = configuration.sampler,
            sampler.admit(ip: "ledger", key: nil, account: nil, now: now).0 == .admit
        else { return }
        let rules = Array(Set(verdict.matches.map(\.id))).sorted()
        let families = Array(Set(verdict.matches.map(\.family.rawValue))).sorted()
        var json = JSONText()
        json.beginObject()
        json.string("client", client)
        json.beginArray("families")
        for family in families { json.string(nil, family) }
        json.endArray()
        json.string("path", String(path.prefix(256)))
        json.string("requestId", context.requestID)
        json.beginArray("rules")
        for rule in rules { json.string(nil, rule) }
        json.endArray()
        json.integer("score", verdict.score)
        json.endObject()
        let timestamp = Timestamp(epochMilliseconds: SystemClock.millisecondsSinceEpoch()).text
        do {
            try await evidence(AuditEventContent(timestamp: timestamp, type: .shieldBlocked, actor: client.map { "ip:\($0)" } ?? "unknown", subject: context.requestID, payload: json.text))
        } catch {
            context.logger.error("could not record a firewall block in the ledger", metadata: ["event.action": "shield.evidence_failed", "error.message": .string("\(error)")])
        }
    }

    /// Seconds on a monotonic clock.
    static func seconds() -> Double {
        let now = ContinuousClock.now
        let components = (now - epoch).components
        return Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    private static let epoch = ContinuousClock.now

    /// A short fingerprint of a credential, so the tracker never holds the secret.
    static func fingerprint(_ credential: String) -> String {
        String(SHA256.hexDigest(credential).prefix(16))
    }

    /// The client's address: the peer, or the nearest untrusted address of a trusted proxy chain.
    func clientAddress(_ request: Request, context: Context) -> String? {
        guard let peer = context.remoteAddress else { return nil }
        guard configuration.trustedProxies.contains(where: { $0.contains(peer) }), let chain = request.headers[.init("X-Forwarded-For")!] else { return peer }
        let hops = chain.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return hops.last { hop in !configuration.trustedProxies.contains { $0.contains(hop) } } ?? peer
    }

    private func report(_ signals: [ClientTracker.Signal], client: String, context: Context) {
        for signal in signals {
            metrics.shieldSignal(signal.rawValue)
            context.logger.warning(
                "intrusion signal", metadata: ["event.action": "shield.signal", "shield.signal": .string(signal.rawValue), "source.ip": .string(client)]
            )
        }
    }

    /// Methods a request of which may be sent to a second server when the first could not be reached.
    static let retryable: Set<String> = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]
    /// Answers up to this size (by their Content-Length) are passed on whole rather than streamed.
    static let wholeResponseBytes = 64 * 1024

    private func forward(_ request: Request, body: ByteBuffer, route: ProxyRoute, context: Context) async throws -> Response {
        var headers = HTTPHeaders()
        let connectionTokens = Set((request.headers[.connection] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        for field in request.headers {
            let name = field.name.canonicalName
            if Self.hopByHop.contains(name) || connectionTokens.contains(name) || name == "host" || name == "content-length" || name == "x-forwarded-for" || name == "forwarded" { continue }
            headers.add(name: field.name.rawName, value: field.value)
        }
        let peer = context.remoteAddress
        var chain: [String] = []
        if let peer, configuration.trustedProxies.contains(where: { $0.contains(peer) }), let incoming = request.headers[.init("X-Forwarded-For")!] {
            chain = incoming.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let peer { chain.append(peer) }
        if !chain.isEmpty { headers.replaceOrAdd(name: "X-Forwarded-For", value: chain.joined(separator: ", ")) }
        let host = request.head.authority ?? ""
        if !host.isEmpty { headers.replaceOrAdd(name: "X-Forwarded-Host", value: host) }
        headers.replaceOrAdd(name: "X-Forwarded-Proto", value: "http")
        var forwarded = "proto=http"
        if let peer { forwarded = "for=\(peer.contains(":") ? "\"[\(peer)]\"" : peer);" + forwarded }
        if !host.isEmpty { forwarded += ";host=\"\(host)\"" }
        headers.replaceOrAdd(name: "Forwarded", value: forwarded)
        headers.replaceOrAdd(name: "X-Request-Id", value: context.requestID)
        var pathAndQuery = request.uri.path
        if let query = request.uri.query { pathAndQuery += "?" + query }

        // One server after another: a server that cannot be reached is marked and, for a method that
        // may be repeated, the next one is tried.
        var tried: Set<Int> = []
        let response: HTTPClientResponse
        while true {
            guard let (index, base) = route.pool.pick(excluding: tried) else {
                metrics.shield("upstream_unavailable")
                throw APIError(
                    status: .badGateway, code: "upstream_unavailable",
                    message: tried.isEmpty ? "no upstream of this route is healthy" : "the upstream cannot be reached"
                )
            }
            tried.insert(index)
            var target = base.absoluteString
            if target.hasSuffix("/") { target.removeLast() }
            var outgoing = HTTPClientRequest(url: target + pathAndQuery)
            outgoing.method = NIOHTTP1.HTTPMethod(rawValue: request.method.rawValue)
            outgoing.headers = headers
            if body.readableBytes > 0 { outgoing.body = .bytes(body) }
            do {
                let answer = try await client.execute(outgoing, timeout: configuration.timeout)
                if let transition = route.pool.succeeded(index) { report(transition, route: route, logger: context.logger) }
                response = answer
                break
            } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
                // A slow answer is not a dead server: the health checks judge that.
                metrics.shield("upstream_timeout")
                throw APIError(status: .gatewayTimeout, code: "upstream_timeout", message: "the upstream did not answer in time")
            } catch {
                if let transition = route.pool.failed(index) { report(transition, route: route, logger: context.logger) }
                context.logger.error(
                    "upstream unavailable",
                    metadata: ["event.action": "proxy.upstream_error", "url.original": .string(target), "error.message": .string("\(error)")]
                )
                if Self.retryable.contains(request.method.rawValue), tried.count < route.pool.upstreams.count { continue }
                metrics.shield("upstream_unavailable")
                throw APIError(status: .badGateway, code: "upstream_unavailable", message: "the upstream cannot be reached")
            }
        }
        var responseHeaders = HTTPFields()
        let responseConnection = Set(response.headers["connection"].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        for (name, value) in response.headers {
            let lower = name.lowercased()
            if Self.hopByHop.contains(lower) || responseConnection.contains(lower) { continue }
            if let fieldName = HTTPField.Name(name) { responseHeaders.append(HTTPField(name: fieldName, value: value)) }
        }
        let status = HTTPResponse.Status(code: Int(response.status.code))
        // A small answer of known length is passed on whole (cheaper than streaming it piece by
        // piece); anything else is streamed.
        if let length = response.headers.first(name: "content-length").flatMap(Int.init), length <= Self.wholeResponseBytes {
            let body = try await response.body.collect(upTo: max(length, 1))
            return Response(status: status, headers: responseHeaders, body: ResponseBody(byteBuffer: body))
        }
        return Response(status: status, headers: responseHeaders, body: ResponseBody(asyncSequence: response.body))
    }

    private func report(_ transition: UpstreamPool.Transition, route: ProxyRoute, logger: Logger) {
        UpstreamHealth.report(transition, route: route.name, logger: logger, metrics: metrics)
    }
}

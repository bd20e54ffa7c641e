// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle
import StraitApp
import Testing

/// A small upstream service on 127.0.0.1: echoes what it received, or is slow, or sends hop-by-hop headers.
struct Upstream {
    static func run(_ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let router = Router()
        router.on("/slow", method: .get) { _, _ -> String in
            try await Task.sleep(for: .seconds(3))
            return "late"
        }
        router.on("/moved", method: .get) { _, _ -> Response in
            Response(status: .found, headers: [.location: "/elsewhere"])
        }
        router.on("/**", method: .get, use: echo)
        router.on("/**", method: .post, use: echo)
        router.on("/**", method: .patch, use: echo)
        router.on("/**", method: .delete, use: echo)
        let port = PortBox()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.set(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "upstream", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var waited = 0
            while port.get() == 0, waited < 200 {
                try await Task.sleep(for: .milliseconds(20))
                waited += 1
            }
            try await body(port.get())
            group.cancelAll()
        }
    }

    @Sendable static func echo(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let answer: [String: Any] = [
            "method": request.method.rawValue, "path": request.uri.path, "query": request.uri.query ?? "", "headers": headers,
            "body": String(buffer: body),
        ]
        let data = try JSONSerialization.data(withJSONObject: answer, options: [.sortedKeys])
        return Response(
            status: .ok, headers: [.contentType: "application/json", HTTPField.Name("Keep-Alive")!: "timeout=5", HTTPField.Name("X-Upstream")!: "echo"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}

final class PortBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func set(_ port: Int) { lock.withLock { value = port } }
    func get() -> Int { lock.withLock { value } }
}

@Suite("Reverse proxy with the firewall", .serialized)
struct ProxyTests {
    @Test("benign requests reach the upstream with forwarding headers and without hop-by-hop ones; attacks get 403 with rule ids; Strait's own paths are never proxied")
    func proxying() async throws {
        try await Upstream.run { port in
            let node = try await TestNode(environment: ["STRAIT_UPSTREAM": "http://127.0.0.1:\(port)", "STRAIT_PROXY_TIMEOUT_MS": "1000"])
            defer { node.close() }
            try await node.node.application.test(.live) { client in
                // A JSON payment through the proxy.
                let payment = #"{"amount":"12.50","currency":"EUR","memo":"Rent -- flat 4B (O'Brien & Sons), 50% now"}"#
                let ok = try await client.execute(
                    uri: "/api/payments?ref=abc&page=2", method: .post,
                    headers: [.contentType: "application/json", HTTPField.Name("X-Forwarded-For")!: "6.6.6.6"],
                    body: ByteBuffer(string: payment)
                ) { $0 }
                #expect(ok.status == .ok, "\(String(buffer: ok.body))")
                let echoed = try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: ok.body).utf8)) as? [String: Any])
                #expect(echoed["method"] as? String == "POST" && echoed["path"] as? String == "/api/payments" && echoed["query"] as? String == "ref=abc&page=2")
                #expect(echoed["body"] as? String == payment)
                let headers = echoed["headers"] as? [String: String] ?? [:]
                #expect(headers["x-forwarded-for"] == "127.0.0.1", "a spoofed X-Forwarded-For from an untrusted client is replaced: \(headers)")
                #expect(headers["forwarded"]?.contains("for=127.0.0.1") == true && headers["x-forwarded-proto"] == "http" && headers["x-request-id"] != nil)
                #expect(ok.headers[HTTPField.Name("Keep-Alive")!] == nil && ok.headers[HTTPField.Name("X-Upstream")!] == "echo")
                // PATCH and DELETE pass.
                #expect(try await client.execute(uri: "/api/customers/1", method: .patch, headers: [.contentType: "application/merge-patch+json"], body: ByteBuffer(string: #"{"phone":"+33612345678"}"#)) { $0.status } == .ok)
                #expect(try await client.execute(uri: "/api/cards/9", method: .delete) { $0.status } == .ok)
                // An attack is blocked with the rule ids and the request id.
                let blocked = try await client.execute(uri: "/api/accounts?id=1%27%20UNION%20SELECT%20password%20FROM%20users--", method: .get) { $0 }
                #expect(blocked.status == .forbidden)
                let error = try #require((try JSONSerialization.jsonObject(with: Data(String(buffer: blocked.body).utf8)) as? [String: Any])?["error"] as? [String: Any])
                #expect(error["code"] as? String == "request_blocked" && (error["message"] as? String ?? "").contains("sqli.") && error["requestId"] as? String != nil)
                // The block is evidence in the ledger: rule ids and the request id, not the values.
                let events = String(buffer: try await client.execute(uri: "/v1/audit/events?from=0&limit=100", method: .get, headers: [.authorization: "Bearer \(adminKey)"]) { $0.body })
                #expect(events.contains("shield.blocked") && events.contains("sqli.") && !events.contains("password FROM"), "\(events)")
                // Strait's own endpoints stay Strait's.
                let health = try await client.execute(uri: "/healthz", method: .get) { $0 }
                #expect(health.status == .ok && String(buffer: health.body).contains("\"status\""))
                #expect(try await client.execute(uri: "/v1/transactions/x", method: .get) { $0.status } == .unauthorized)
                // A redirect is the client's to follow, not the proxy's.
                let moved = try await client.execute(uri: "/moved", method: .get) { $0 }
                #expect(moved.status == .found && moved.headers[.location] == "/elsewhere")
                // A slow upstream: 504 within the timeout.
                let start = ContinuousClock.now
                let slow = try await client.execute(uri: "/slow", method: .get) { $0 }
                #expect(slow.status == .gatewayTimeout && String(buffer: slow.body).contains("upstream_timeout"))
                #expect(ContinuousClock.now - start < .seconds(3))
                // The firewall's counters.
                let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get) { $0.body })
                #expect(metrics.contains("strait_shield_requests_total{outcome=\"blocked\"} 1"), "\(metrics)")
            }
        }
    }

    @Test("rate limits answer 429 with Retry-After; repeated attacks ban the client; denied addresses are refused; allowed ones skip the firewall")
    func limitsAndBans() async throws {
        try await Upstream.run { port in
            let node = try await TestNode(environment: [
                "STRAIT_UPSTREAM": "http://127.0.0.1:\(port)", "STRAIT_SHIELD_RATE_PER_IP": "1000", "STRAIT_SHIELD_RATE_PER_ACCOUNT": "2",
            ])
            defer { node.close() }
            try await node.node.application.test(.live) { client in
                let account: HTTPFields = [HTTPField.Name("X-Account-Id")!: "acc-42"]
                var statuses: [HTTPResponse.Status] = []
                for _ in 0..<6 { statuses.append(try await client.execute(uri: "/api/balance", method: .get, headers: account) { $0.status }) }
                #expect(statuses.prefix(4).allSatisfy { $0 == .ok } && statuses.contains(.tooManyRequests), "\(statuses)")
                // The bucket refills 2 a second: on a slow machine a request may pass again, but a limited one follows.
                var limited = try await client.execute(uri: "/api/balance", method: .get, headers: account) { $0 }
                for _ in 0..<20 where limited.status != .tooManyRequests {
                    limited = try await client.execute(uri: "/api/balance", method: .get, headers: account) { $0 }
                }
                #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil && String(buffer: limited.body).contains("rate_limited"))
                // Five blocked attacks from this client: banned, even for a benign request.
                for i in 0..<5 {
                    #expect(try await client.execute(uri: "/api/x?q=%3Cscript%3Ealert(\(i))%3C/script%3E", method: .get) { $0.status } == .forbidden)
                }
                let banned = try await client.execute(uri: "/api/ok", method: .get) { $0 }
                #expect(banned.status == .forbidden && String(buffer: banned.body).contains("client_banned") && banned.headers[.retryAfter] != nil)
                let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get) { $0.body })
                #expect(metrics.contains("strait_shield_signals_total{signal=\"banned\"} 1"), "\(metrics)")
            }
        }
        try await Upstream.run { port in
            let denied = try await TestNode(environment: ["STRAIT_UPSTREAM": "http://127.0.0.1:\(port)", "STRAIT_SHIELD_DENY": "127.0.0.0/8"])
            defer { denied.close() }
            try await denied.node.application.test(.live) { client in
                let response = try await client.execute(uri: "/api/ok", method: .get) { $0 }
                #expect(response.status == .forbidden && String(buffer: response.body).contains("client_denied"))
            }
            let allowed = try await TestNode(environment: ["STRAIT_UPSTREAM": "http://127.0.0.1:\(port)", "STRAIT_SHIELD_ALLOW": "127.0.0.1"])
            defer { allowed.close() }
            try await allowed.node.application.test(.live) { client in
                let status = try await client.execute(uri: "/api/x?q=%3Cscript%3E", method: .get) { $0.status }
                #expect(status == .ok)
            }
        }
    }

    @Test("an upstream that is down answers 502 with the JSON error body")
    func upstreamDown() async throws {
        let port = try freeLoopbackPort()
        let node = try await TestNode(environment: ["STRAIT_UPSTREAM": "http://127.0.0.1:\(port)", "STRAIT_PROXY_TIMEOUT_MS": "1000"])
        defer { node.close() }
        try await node.node.application.test(.live) { client in
            let start = ContinuousClock.now
            let response = try await client.execute(uri: "/api/anything", method: .get) { $0 }
            #expect(response.status == .badGateway && String(buffer: response.body).contains("upstream_unavailable"), "\(response.status) \(String(buffer: response.body))")
            #expect(ContinuousClock.now - start < .seconds(5))
        }
    }
}

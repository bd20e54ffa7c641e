// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import StraitApp
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A raw TCP client on 127.0.0.1, for clients that misbehave on purpose.
final class RawConnection {
    let socket: Int32

    init(port: Int, receiveTimeoutSeconds: Int = 5) throws {
        #if canImport(Glibc)
            socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw CocoaError(.fileReadUnknown)
        }
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(socket, $0.baseAddress, $0.count) }
    }

    /// Everything the server sends until it closes the connection or the receive timeout passes;
    /// `closed` tells which.
    func readAll() -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(socket, $0.baseAddress, $0.count) }
            if count > 0 {
                received.append(contentsOf: buffer[0..<count])
                continue
            }
            return (String(decoding: received, as: UTF8.self), count == 0)
        }
    }

    deinit { close(socket) }
}

@Suite("Proxy routes, upstream health and slow clients", .serialized)
struct ProxyRoutingTests {
    @Test("named routes with their own firewall policies; several upstreams with failover; health checks mark a dead upstream and fail fast")
    func routesAndHealth() async throws {
        let dead = try freeLoopbackPort()
        try await Upstream.run { port in
            let yaml = """
                proxy:
                  connect_timeout_ms: 300
                  health:
                    interval_ms: 200
                    failures: 1
                  route:
                    api:
                      prefix: /api
                      upstreams: [http://127.0.0.1:\(dead), http://127.0.0.1:\(port)]
                      skip_arguments: [memo]
                    support:
                      prefix: /support
                      upstreams: [http://127.0.0.1:\(port)]
                      mode: detect
                    forum:
                      prefix: /forum
                      upstreams: [http://127.0.0.1:\(port)]
                      disabled_families: [sqli]
                      health_path: ""
                    gone:
                      prefix: /gone
                      upstreams: [http://127.0.0.1:\(dead)]
                """
            let node = try await TestNode(environment: ["STRAIT_SHIELD_RATE_PER_IP": "0"], yaml: yaml)
            defer { node.close() }
            try await node.node.application.test(.live) { client in
                // Every GET succeeds although one of the two servers is dead: the request moves on.
                for index in 0..<8 {
                    let response = try await client.execute(uri: "/api/accounts/\(index)", method: .get) { $0 }
                    #expect(response.status == .ok, "\(response.status) \(String(buffer: response.body))")
                }
                // The health checks mark the dead server down, the live one up.
                try await Task.sleep(for: .milliseconds(600))
                let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get) { $0.body })
                #expect(metrics.contains("strait_proxy_upstream_up{route=\"api\",upstream=\"http://127.0.0.1:\(dead)\"} 0"), "\(metrics)")
                #expect(metrics.contains("strait_proxy_upstream_up{route=\"api\",upstream=\"http://127.0.0.1:\(port)\"} 1"))
                // Now even a POST (not repeated on another server) goes to the live one only.
                for _ in 0..<4 {
                    let post = try await client.execute(
                        uri: "/api/payments", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: #"{"amount":"1.00"}"#)
                    ) { $0.status }
                    #expect(post == .ok)
                }
                // A route whose only server is down answers 502 at once.
                let start = ContinuousClock.now
                let gone = try await client.execute(uri: "/gone/x", method: .get) { $0 }
                #expect(gone.status == .badGateway && String(buffer: gone.body).contains("no upstream of this route is healthy"), "\(String(buffer: gone.body))")
                #expect(ContinuousClock.now - start < .milliseconds(500))

                // Per-route policies: a skipped argument is not judged; the same value elsewhere is.
                let injection = "1' UNION SELECT password FROM users--"
                func post(_ path: String, _ field: String) async throws -> HTTPResponse.Status {
                    let body = try JSONSerialization.data(withJSONObject: [field: injection])
                    return try await client.execute(uri: path, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: body)) { $0.status }
                }
                #expect(try await post("/api/payments", "memo") == .ok)
                #expect(try await post("/api/payments", "reference") == .forbidden)
                // Detect-only route: passes, counted as detected.
                #expect(try await post("/support/messages", "reference") == .ok)
                // A route with SQL injection disabled lets it through, but still judges other families.
                #expect(try await post("/forum/posts", "reference") == .ok)
                #expect(try await client.execute(uri: "/forum/x?file=../../../../etc/passwd", method: .get) { $0.status } == .forbidden)
                let after = String(buffer: try await client.execute(uri: "/metrics", method: .get) { $0.body })
                #expect(after.contains("strait_shield_requests_total{outcome=\"detected\"} 1"), "\(after)")
                #expect(after.contains("strait_shield_requests_total{outcome=\"blocked\"} 2"), "\(after)")
            }
        }
    }

    @Test("bad route configuration is refused with the key named")
    func badRoutes() throws {
        let cases: [(String, String)] = [
            ("proxy:\n  route:\n    a:\n      upstreams: [http://127.0.0.1:9]\n", "proxy.route.a.prefix"),
            ("proxy:\n  route:\n    a:\n      prefix: /x\n", "proxy.route.a.upstreams"),
            ("proxy:\n  route:\n    a:\n      prefix: /v1/x\n      upstreams: [http://127.0.0.1:9]\n", "proxy.route.a.prefix"),
            ("proxy:\n  route:\n    a:\n      prefix: /x\n      upstreams: [ftp://127.0.0.1:9]\n", "proxy.route.a.upstreams"),
            ("proxy:\n  route:\n    a:\n      prefix: /x\n      upstreams: [http://127.0.0.1:9]\n      disabled_families: [sql]\n", "proxy.route.a.disabled_families"),
            ("proxy:\n  route:\n    a:\n      prefix: /x\n      upstreams: [http://127.0.0.1:9]\n      mode: maybe\n", "proxy.route.a.mode"),
            ("proxy:\n  route:\n    a:\n      prefix: /x\n      upstreams: [http://127.0.0.1:9]\n      colour: red\n", "proxy.route.a.colour"),
            ("proxy:\n  routes: [/x http://127.0.0.1:9]\n  route:\n    a:\n      prefix: /x\n      upstreams: [http://127.0.0.1:9]\n", "proxy.routes"),
        ]
        for (yaml, key) in cases {
            let path = NSTemporaryDirectory() + "strait-routes-\(UUID().uuidString).yaml"
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect {
                _ = try StraitConfiguration.load(file: path, environment: [:], useDefaultFile: false)
            } throws: { error in
                "\(error)".contains(key)
            }
        }
    }

    @Test("slow clients: a request head that never ends is closed after the idle timeout, a trickled body gets 408; other clients are served meanwhile")
    func slowClients() async throws {
        try await Upstream.run { port in
            let node = try await TestNode(
                environment: ["STRAIT_UPSTREAM": "http://127.0.0.1:\(port)", "STRAIT_SHIELD_RATE_PER_IP": "0"],
                yaml: "server:\n  idle_timeout_s: 1\nproxy:\n  body_timeout_ms: 500\n"
            )
            defer { node.close() }
            try await node.node.application.test(.live) { client in
                let strait = try #require(client.port)
                // Ten connections that send half a request head and stop.
                let stalled = try (0..<10).map { _ in try RawConnection(port: strait) }
                for connection in stalled { connection.send("GET /api/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ") }
                // A connection that announces 100 bytes of body and sends 10.
                let trickle = try RawConnection(port: strait)
                trickle.send("POST /api/payments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"amount\":")
                // Meanwhile ordinary requests are answered at once.
                for _ in 0..<5 {
                    let start = ContinuousClock.now
                    #expect(try await client.execute(uri: "/api/accounts", method: .get) { $0.status } == .ok)
                    #expect(ContinuousClock.now - start < .milliseconds(500))
                }
                let start = ContinuousClock.now
                let answer = trickle.readAll()
                // 408 with the JSON error body; on a loaded machine the server may close the connection
                // while the unfinished body is being drained before the answer is flushed. Either way
                // the connection ends in bounded time.
                #expect(
                    (answer.text.hasPrefix("HTTP/1.1 408") && answer.text.contains("request_timeout")) || (answer.closed && answer.text.isEmpty),
                    "\(answer.text) closed=\(answer.closed)"
                )
                #expect(ContinuousClock.now - start < .seconds(3))
                for connection in stalled {
                    let result = connection.readAll()
                    #expect(result.closed, "a stalled request head is closed by the idle timeout")
                }
                #expect(ContinuousClock.now - start < .seconds(5))
                #expect(try await client.execute(uri: "/api/accounts", method: .get) { $0.status } == .ok)
            }
        }
    }
}

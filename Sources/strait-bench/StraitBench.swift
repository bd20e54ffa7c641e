// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import ArgumentParser
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Load generator for `POST /v1/transactions` on loopback.
///
/// Each connection sends one request at a time (HTTP/1.1 keep-alive) with a fresh transaction id,
/// so every request is a real decision + durable write. Latency is measured from writing the
/// request to receiving the end of the response. Prints requests/s and p50/p90/p99/p99.9/max.
@main
struct StraitBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strait-bench",
        abstract: "Drive POST /v1/transactions and print throughput and latency percentiles."
    )

    @Option(help: "Host of the Strait server.") var host = "127.0.0.1"
    @Option(help: "Port of the Strait server.") var port = 8080
    @Option(help: "API key with the service or admin role (or STRAIT_BENCH_KEY).") var key: String?
    @Option(help: "Concurrent keep-alive connections.") var connections = 32
    @Option(help: "Measured seconds.") var duration = 10.0
    @Option(help: "Warm-up seconds (not measured).") var warmup = 2.0
    @Option(help: "Event-loop threads for the client.") var threads = 1

    func run() async throws {
        guard let key = key ?? ProcessInfo.processInfo.environment["STRAIT_BENCH_KEY"] else {
            throw ValidationError("an API key is required: --key or STRAIT_BENCH_KEY")
        }
        guard connections > 0, duration > 0, warmup >= 0, threads > 0 else {
            throw ValidationError("connections, duration and threads must be positive")
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let runID = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let startAt = NIODeadline.now()
        let measureFrom = startAt + .nanoseconds(Int64(warmup * 1e9))
        let stopAt = measureFrom + .nanoseconds(Int64(duration * 1e9))
        let plan = LoadPlan(host: host, port: port, key: key, runID: runID, measureFrom: measureFrom, stopAt: stopAt)

        print("strait-bench: POST /v1/transactions on \(host):\(port), \(connections) connections, \(warmup) s warm-up + \(duration) s measured")
        var futures: [EventLoopFuture<ConnectionResult>] = []
        for index in 0..<connections {
            let loop = group.next()
            let promise = loop.makePromise(of: ConnectionResult.self)
            let bootstrap = ClientBootstrap(group: loop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(LoadHandler(plan: plan, connection: index, promise: promise))
                    }
                }
            bootstrap.connect(host: host, port: port).whenFailure { error in promise.fail(error) }
            futures.append(promise.futureResult)
        }
        var results: [ConnectionResult] = []
        var failures = 0
        for future in futures {
            do {
                results.append(try await future.get())
            } catch {
                failures += 1
                if failures == 1 { print("connection failed: \(error)") }
            }
        }
        try await group.shutdownGracefully()

        var latencies = results.flatMap(\.latenciesNanoseconds)
        latencies.sort()
        var statuses: [UInt: Int] = [:]
        for result in results {
            for (status, count) in result.statuses { statuses[status, default: 0] += count }
        }
        let ok = statuses.filter { (200..<300).contains($0.key) }.values.reduce(0, +)
        let total = latencies.count
        func percentile(_ p: Double) -> String {
            guard !latencies.isEmpty else { return "n/a" }
            let index = min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.up)) - 1)
            return String(format: "%.2f ms", Double(latencies[max(0, index)]) / 1e6)
        }
        let statusText = statuses.keys.sorted().map { "\($0): \(statuses[$0]!)" }.joined(separator: ", ")
        print("requests measured: \(total) (\(statusText))\(failures > 0 ? ", \(failures) connections failed" : "")")
        print(String(format: "throughput: %.0f requests/s", Double(total) / duration))
        print("latency: p50 \(percentile(0.50)), p90 \(percentile(0.90)), p99 \(percentile(0.99)), p99.9 \(percentile(0.999)), max \(percentile(1.0))")
        if ok != total {
            print("warning: \(total - ok) responses were not 2xx")
            throw ExitCode(1)
        }
    }
}

struct LoadPlan: Sendable {
    var host: String
    var port: Int
    var key: String
    var runID: String
    var measureFrom: NIODeadline
    var stopAt: NIODeadline
}

struct ConnectionResult: Sendable {
    var latenciesNanoseconds: [UInt64]
    var statuses: [UInt: Int]
}

/// One keep-alive connection sending requests back to back.
final class LoadHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let plan: LoadPlan
    let connection: Int
    let promise: EventLoopPromise<ConnectionResult>
    var sequence = 0
    var sentAt = NIODeadline.now()
    var status: UInt = 0
    var result = ConnectionResult(latenciesNanoseconds: [], statuses: [:])
    var finished = false

    private static let countries = ["DE", "SG", "FR", "GB", "HK", "IN", "ID", "US", "NL", "LU"]

    init(plan: LoadPlan, connection: Int, promise: EventLoopPromise<ConnectionResult>) {
        self.plan = plan
        self.connection = connection
        self.promise = promise
        result.latenciesNanoseconds.reserveCapacity(100_000)
    }

    func channelActive(context: ChannelHandlerContext) {
        send(context: context)
    }

    func send(context: ChannelHandlerContext) {
        sequence += 1
        let n = sequence
        let origin = Self.countries[(connection + n) % Self.countries.count]
        let destination = Self.countries[(connection * 7 + n * 3) % Self.countries.count]
        // Every 50th payment is above the default review threshold.
        let amount = n % 50 == 0 ? 2_500_000 : 1_000 + (n * 7919) % 400_000
        let body = """
            {"id":"bench-\(plan.runID)-\(connection)-\(n)","timestamp":"2026-11-27T01:00:00Z",\
            "originator":{"partyId":"cust-\(connection)","account":"DE89370400440532013000","country":"\(origin)"},\
            "beneficiary":{"partyId":"cust-\(n % 997)","account":"SG-001-2345","country":"\(destination)"},\
            "amount":{"minor":\(amount),"currency":"EUR"},"channel":"web","clientIp":"203.0.113.7","device":"dev-1"}
            """
        var buffer = context.channel.allocator.buffer(capacity: body.utf8.count)
        buffer.writeString(body)
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/v1/transactions")
        head.headers.add(name: "Host", value: "\(plan.host):\(plan.port)")
        head.headers.add(name: "Authorization", value: "Bearer \(plan.key)")
        head.headers.add(name: "Content-Type", value: "application/json")
        head.headers.add(name: "Content-Length", value: String(buffer.readableBytes))
        sentAt = .now()
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status.code
        case .body:
            break
        case .end:
            let now = NIODeadline.now()
            if sentAt >= plan.measureFrom, now <= plan.stopAt {
                result.latenciesNanoseconds.append(UInt64((now - sentAt).nanoseconds))
                result.statuses[status, default: 0] += 1
            }
            if now >= plan.stopAt {
                finish(context: context)
            } else {
                send(context: context)
            }
        }
    }

    func finish(context: ChannelHandlerContext) {
        guard !finished else { return }
        finished = true
        promise.succeed(result)
        context.close(promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !finished {
            finished = true
            promise.fail(error)
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !finished {
            finished = true
            promise.succeed(result)
        }
    }
}

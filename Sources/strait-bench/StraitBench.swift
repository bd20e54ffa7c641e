// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NIOCore
import NIOHTTP1
import NIOPosix

/// Load generator for `POST /v1/transactions` (and the vault's tokenise and detokenise) on loopback.
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
    @Option(help: "Concurrent keep-alive connections; a comma-separated list runs one measurement per value.")
    var connections = "8"
    @Option(help: "Measured seconds per measurement.") var duration = 10.0
    @Option(help: "Warm-up seconds before each measurement (not measured).") var warmup = 2.0
    @Option(help: "Event-loop threads for the client.") var threads = 1
    @Flag(help: "Start `strait serve` (the binary beside this one) on a fresh data directory, benchmark it, stop it and verify its audit log.")
    var spawn = false
    @Option(help: "With --spawn: extra STRAIT_* settings for the server, e.g. STRAIT_LOG_LEVEL=error (repeatable).")
    var serverEnv: [String] = []
    @Option(help: "Latency objective for the summary line, in milliseconds (p99).") var p99Objective = 5.0
    @Option(help: "With --spawn: the store, sqlite or postgres.") var store = "sqlite"
    @Option(help: "With --spawn --store postgres: the database URL (default: POSTGRES_URL).") var postgresURL: String?
    @Option(help: "What to drive: transactions (POST /v1/transactions), tokenise (POST /v1/vault/tokenise) or detokenise (POST /v1/vault/detokenise).")
    var scenario = "transactions"
    @Option(help: "tokenise/detokenise: values per request (operations = requests × batch).") var batch = 1
    @Flag(help: "With --spawn (one SQLite server): after the run, start the server again on the same data and print how long it took to serve, Monitor's profiles rebuilt from the stored payments.")
    var restart = false
    @Option(help: "With --spawn: how many server instances to start (postgres only for more than one); connections are spread round-robin.")
    var instances = 1

    func run() async throws {
        guard ["transactions", "tokenise", "detokenise"].contains(scenario), (1...1000).contains(batch) else {
            throw ValidationError("--scenario must be transactions, tokenise or detokenise; --batch 1–1000")
        }
        let levels = connections.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !levels.isEmpty, levels.allSatisfy({ $0 > 0 }), duration > 0, warmup >= 0, threads > 0 else {
            throw ValidationError("connections, duration and threads must be positive")
        }
        var servers: [SpawnedServer] = []
        var host = host
        var ports = [port]
        var key = key ?? ProcessInfo.processInfo.environment["STRAIT_BENCH_KEY"]
        if spawn {
            guard instances >= 1, instances == 1 || store == "postgres" else {
                throw ValidationError("--instances above 1 needs --store postgres (an SQLite file has one writer process)")
            }
            var environment = serverEnv
            if scenario == "detokenise" { environment.append("STRAIT_VAULT_DETOKENISE_RATE=10000000") }
            var schema: String?
            if store == "postgres" {
                guard let url = postgresURL ?? ProcessInfo.processInfo.environment["POSTGRES_URL"] else {
                    throw ValidationError("--store postgres needs --postgres-url or POSTGRES_URL")
                }
                let name = "bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
                schema = name
                environment += ["STRAIT_STORE=postgres", "STRAIT_POSTGRES_URL=\(url)", "STRAIT_POSTGRES_SCHEMA=\(name)"]
                // The instances share one master key (generated for this run).
                let masterKey = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
                environment.append("STRAIT_VAULT_MASTER_KEYS=bench:\(masterKey)")
                if !url.contains("sslmode=") { environment.append("STRAIT_POSTGRES_TLS=disable") }
            } else if store != "sqlite" {
                throw ValidationError("--store must be sqlite or postgres")
            }
            let key = "bench-" + UUID().uuidString
            for _ in 0..<instances {
                let spawned = try await SpawnedServer.start(extraEnvironment: environment, key: key)
                servers.append(spawned)
                print("strait-bench: started \(spawned.binary) serve on port \(spawned.port) (\(store)\(schema.map { ", schema \($0)" } ?? ""))")
            }
            host = "127.0.0.1"
            ports = servers.map(\.port)
        }
        if let first = servers.first { key = first.key }
        guard let key else {
            throw ValidationError("an API key is required: --key, STRAIT_BENCH_KEY or --spawn")
        }
        var tokens: [String] = []
        if scenario == "detokenise" {
            tokens = try await Self.makeTokens(host: host, port: ports[0], key: key, count: 2_000)
            print("strait-bench: \(tokens.count) tokens to detokenise")
        }
        var summaries: [(Int, Double, Double)] = []
        var failed = false
        do {
            for level in levels {
                let result = try await measure(host: host, ports: ports, key: key, connections: level, tokens: tokens)
                summaries.append((level, result.throughput, result.p99))
                failed = failed || !result.allOK
            }
        } catch {
            for server in servers { await server.stop() }
            throw error
        }
        if levels.count > 1 {
            print("")
            print("connections  requests/s  p99 ms")
            for (level, throughput, p99) in summaries {
                print(String(format: "%11d  %10.0f  %6.2f", level, throughput, p99))
            }
        }
        if let best = summaries.filter({ $0.2 <= p99Objective }).max(by: { $0.1 < $1.1 }) {
            print(String(format: "best within p99 <= %.1f ms: %.0f requests/s at %d connections (p99 %.2f ms)", p99Objective, best.1, best.0, best.2))
        } else {
            print(String(format: "no measurement met p99 <= %.1f ms", p99Objective))
        }
        if !servers.isEmpty {
            for server in servers { await server.stop() }
            let verify = try servers[0].verifyLedger()
            print("after the run: strait ledger verify -> \(verify)")
            if restart, servers.count == 1 {
                let started = ContinuousClock.now
                let again = try await SpawnedServer.start(extraEnvironment: serverEnv, key: key, data: servers[0].data)
                let elapsed = ContinuousClock.now - started
                let log = (try? String(contentsOfFile: again.data + "/server.log", encoding: .utf8)) ?? ""
                let rebuilt = log.split(separator: "\n").first { $0.contains("monitor.rebuilt") || $0.contains("monitor profiles rebuilt") }
                print(String(format: "restart: serving again after %.2f s", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
                print("restart: \(rebuilt.map(String.init) ?? "no monitor rebuild logged (monitoring off, or log level above notice)")")
                await again.stop()
            }
            for server in servers { server.cleanUp() }
        }
        if failed { throw ExitCode(1) }
    }

    struct Measurement {
        var throughput: Double
        var p99: Double
        var allOK: Bool
    }

    /// Tokenises `count` card numbers, e-mail addresses and IBANs and returns their tokens.
    static func makeTokens(host: String, port: Int, key: String, count: Int) async throws -> [String] {
        var tokens: [String] = []
        let session = URLSession(configuration: .ephemeral)
        var n = 0
        while tokens.count < count {
            let values = (0..<100).map { i -> String in
                n += 1
                return i % 2 == 0 ? "{\"value\":\"bench-\(n)@example.com\",\"kind\":\"deterministic\"}" : "{\"value\":\"Customer \(n)\",\"category\":\"identity\"}"
            }
            var request = URLRequest(url: URL(string: "http://\(host):\(port)/v1/vault/tokenise")!)
            request.httpMethod = "POST"
            request.httpBody = Data("{\"values\":[\(values.joined(separator: ","))]}".utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
            let (data, _) = try await session.data(for: request)
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any], let list = object["tokens"] as? [[String: Any]] else {
                throw ValidationError("tokenise failed: \(String(decoding: data, as: UTF8.self))")
            }
            tokens += list.compactMap { $0["token"] as? String }
        }
        return tokens
    }

    func measure(host: String, ports: [Int], key: String, connections: Int, tokens: [String]) async throws -> Measurement {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let runID = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let startAt = NIODeadline.now()
        let measureFrom = startAt + .nanoseconds(Int64(warmup * 1e9))
        let stopAt = measureFrom + .nanoseconds(Int64(duration * 1e9))
        print("")
        let target = ports.map { "\(host):\($0)" }.joined(separator: ", ")
        let path = scenario == "transactions" ? "/v1/transactions" : "/v1/vault/\(scenario)"
        print("strait-bench: POST \(path) on \(target), \(connections) connections, \(warmup) s warm-up + \(duration) s measured\(scenario == "transactions" ? "" : ", \(batch) values per request")")
        var futures: [EventLoopFuture<ConnectionResult>] = []
        for index in 0..<connections {
            let loop = group.next()
            let port = ports[index % ports.count]
            let plan = LoadPlan(
                host: host, port: port, key: key, runID: runID, measureFrom: measureFrom, stopAt: stopAt, scenario: scenario, batch: batch, tokens: tokens
            )
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
        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return .infinity }
            let index = min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.up)) - 1)
            return Double(latencies[max(0, index)]) / 1e6
        }
        let statusText = statuses.keys.sorted().map { "\($0): \(statuses[$0]!)" }.joined(separator: ", ")
        let throughput = Double(total) / duration
        print("requests measured: \(total) (\(statusText))\(failures > 0 ? ", \(failures) connections failed" : "")")
        print(String(format: "throughput: %.0f requests/s", throughput))
        if scenario != "transactions" { print(String(format: "operations: %.0f values/s", throughput * Double(batch))) }
        print(
            String(
                format: "latency: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
                percentile(0.50), percentile(0.90), percentile(0.99), percentile(0.999), percentile(1.0)
            )
        )
        if ok != total || failures > 0 {
            print("warning: \(total - ok) responses were not 2xx, \(failures) connections failed")
        }
        return Measurement(throughput: throughput, p99: percentile(0.99), allOK: ok == total && failures == 0)
    }
}

/// A `strait serve` started by the benchmark on a fresh data directory.
final class SpawnedServer: Sendable {
    let binary: String
    let data: String
    let port: Int
    let key: String
    let process: Process
    let environment: [String: String]

    init(binary: String, data: String, port: Int, key: String, process: Process, environment: [String: String]) {
        self.binary = binary
        self.data = data
        self.port = port
        self.key = key
        self.process = process
        self.environment = environment
    }

    static func start(extraEnvironment: [String], key: String, data existing: String? = nil) async throws -> SpawnedServer {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("strait").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ValidationError("--spawn needs the strait executable beside strait-bench (\(binary)); build both with -c release")
        }
        let data = existing ?? NSTemporaryDirectory() + "strait-bench-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("STRAIT_") }
        environment["STRAIT_BOOTSTRAP_KEY"] = key
        for setting in extraEnvironment {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0].hasPrefix("STRAIT_") else { throw ValidationError("--server-env takes STRAIT_NAME=value") }
            environment[parts[0]] = parts[1]
        }
        let log = data + "/server.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        let port = try await freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", String(port), "--data", data]
        process.environment = environment
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // Ready when /healthz answers (whatever the log level).
        for _ in 0..<200 {
            try await Task.sleep(for: .milliseconds(50))
            if await healthy(port: port) {
                return SpawnedServer(binary: binary, data: data, port: port, key: key, process: process, environment: environment)
            }
            if !process.isRunning { break }
        }
        process.terminate()
        throw ValidationError("strait serve did not start; see \(log)")
    }

    /// A port that was free a moment ago (bound to port 0, then released).
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    /// Whether `GET /healthz` answers on `port`.
    static func healthy(port: Int) async -> Bool {
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
            try await channel.close()
            return true
        } catch {
            return false
        }
    }

    func stop() async {
        process.terminate()
        for _ in 0..<200 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(50))
        }
        process.waitUntilExit()
    }

    func verifyLedger() throws -> String {
        let verify = Process()
        verify.executableURL = URL(fileURLWithPath: binary)
        verify.arguments = ["ledger", "verify", "--data", data]
        verify.environment = environment
        let pipe = Pipe()
        verify.standardOutput = pipe
        verify.standardError = pipe
        try verify.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        verify.waitUntilExit()
        return "exit \(verify.terminationStatus): " + (output.split(separator: "\n").first.map(String.init) ?? "")
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: data)
    }
}

struct LoadPlan: Sendable {
    var host: String
    var port: Int
    var key: String
    var runID: String
    var measureFrom: NIODeadline
    var stopAt: NIODeadline
    var scenario: String
    var batch: Int
    var tokens: [String]
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
        let body: String
        let path: String
        switch plan.scenario {
        case "tokenise":
            path = "/v1/vault/tokenise"
            let values = (0..<plan.batch).map { i in
                // Random tokens for names, deterministic ones for e-mail addresses, card tokens for cards.
                switch (n + i) % 3 {
                case 0: "{\"value\":\"Customer \(plan.runID) \(connection)-\(n)-\(i)\",\"category\":\"identity\"}"
                case 1: "{\"value\":\"c\(plan.runID)-\(connection)-\(n)-\(i)@example.com\",\"kind\":\"deterministic\"}"
                default: "{\"value\":\"\(Self.card(connection * 1_000_003 + n * 31 + i))\"}"
                }
            }
            body = "{\"values\":[\(values.joined(separator: ","))]}"
        case "detokenise":
            path = "/v1/vault/detokenise"
            let tokens = (0..<plan.batch).map { i in "\"\(plan.tokens[(connection * 7_919 + n * plan.batch + i) % plan.tokens.count])\"" }
            body = "{\"purpose\":\"fraud-investigation\",\"tokens\":[\(tokens.joined(separator: ","))]}"
        default:
            path = "/v1/transactions"
            // 50,000 payers paying 50,000 payees, a second apart per connection through the day:
            // traffic Monitor can learn from, not one account paying itself a million times.
            let payer = (n &* 7_919 &+ connection &* 104_729) % 50_000
            let payee = 50_000 + (n &* 6_151 &+ connection &* 31) % 50_000
            let second = n % 86_400
            let time = String(format: "2026-11-27T%02d:%02d:%02dZ", second / 3_600, second / 60 % 60, second % 60)
            body = """
                {"id":"bench-\(plan.runID)-\(connection)-\(n)","timestamp":"\(time)",\
                "originator":{"partyId":"cust-\(payer)","account":"ACC-\(payer)","country":"\(origin)"},\
                "beneficiary":{"partyId":"cust-\(payee)","account":"ACC-\(payee)","country":"\(destination)"},\
                "amount":{"minor":\(amount),"currency":"EUR"},"channel":"web","clientIp":"203.0.113.7","device":"dev-\(payer % 3)"}
                """
        }
        var buffer = context.channel.allocator.buffer(capacity: body.utf8.count)
        buffer.writeString(body)
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
        head.headers.add(name: "Host", value: "\(plan.host):\(plan.port)")
        head.headers.add(name: "Authorization", value: "Bearer \(plan.key)")
        head.headers.add(name: "Content-Type", value: "application/json")
        head.headers.add(name: "Content-Length", value: String(buffer.readableBytes))
        sentAt = .now()
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// A Visa-range card number that passes Luhn, from a seed.
    static func card(_ seed: Int) -> String {
        var digits = [4] + (0..<14).map { (abs(seed) / Int(pow(10.0, Double($0 % 9))) + $0 * 7) % 10 }
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            let weighted = offset % 2 == 0 ? digit * 2 : digit
            sum += weighted > 9 ? weighted - 9 : weighted
        }
        digits.append((10 - sum % 10) % 10)
        return digits.map(String.init).joined()
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

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import Synchronization
import Testing
import StraitCore
import StraitStoreSQLite
import StraitStore
import StraitHTTP
import HTTPTypes
import NIOCore

/// The `strait` executable built beside the test bundle.
func straitBinary() throws -> String {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("strait").path,
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/strait").path,
    ]
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        throw TestFailure("the strait executable was not found beside the tests (\(candidates)); build it with `swift build`")
    }
    return found
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `strait` with arguments and returns its exit status, standard output and standard error.
func runStrait(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try straitBinary())
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("STRAIT_") }.merging(environment) { _, new in new }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// A `strait serve` process on a free port, logging to a file.
final class ServerProcess: Sendable {
    let process: Process
    let port: Int
    let logPath: String

    init(data: String, environment: [String: String] = [:], port requested: Int = 0, arguments: [String] = []) async throws {
        logPath = data + "-server-\(UUID().uuidString).log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try straitBinary())
        process.arguments = ["serve", "--port", String(requested), "--data", data] + arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("STRAIT_") }
            .merging(["STRAIT_BOOTSTRAP_KEY": adminKey].merging(environment) { _, new in new }) { _, new in new }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
        var port: Int?
        // Up to 60 s: a start on PostgreSQL (pool, migrations, bootstrap) beside the rest of the suite on two cores can take a while.
        for _ in 0..<1_200 {
            try await Task.sleep(for: .milliseconds(50))
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where line.contains("\"server.started\"") {
                if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
                    port = object["server.port"] as? Int
                }
            }
            if port != nil || !process.isRunning { break }
        }
        guard let port else {
            process.terminate()
            throw TestFailure("strait serve did not start: \((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")")
        }
        self.port = port
    }

    func kill(_ signal: Int32) {
        _ = Foundation.kill(process.processIdentifier, signal)
    }

    func waitForExit() async -> Int32 {
        for _ in 0..<400 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(25))
        }
        if process.isRunning { kill(SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
}

/// Shared state of a load loop.
final class LoadState<Acked: Sendable>: Sendable {
    let stop = Atomic<Bool>(false)
    let acknowledged: Mutex<Acked>
    init(_ initial: Acked) { acknowledged = Mutex(initial) }
    var isStopped: Bool { stop.load(ordering: .relaxed) }
    func halt() { stop.store(true, ordering: .relaxed) }
}

/// A tiny HTTP client over URLSession.
struct HTTP: Sendable {
    let port: Int
    let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        configuration.httpMaximumConnectionsPerHost = 16
        return URLSession(configuration: configuration)
    }()

    func send(_ method: String, _ path: String, body: String? = nil, key: String = adminKey) async throws -> (Int, String) {
        let (status, text, _) = try await exchange(method, path, body: body, key: key)
        return (status, text)
    }

    /// Like `send`, with the response headers.
    func exchange(_ method: String, _ path: String, body: String? = nil, key: String = adminKey) async throws -> (Int, String, [String: String]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (name, value) in http?.allHeaderFields ?? [:] {
            headers[String(describing: name).lowercased()] = String(describing: value)
        }
        return (http?.statusCode ?? 0, String(decoding: data, as: UTF8.self), headers)
    }
}

@Suite("End to end (the strait executable)", .serialized)
struct EndToEndTests {
    func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "strait-e2e-" + UUID().uuidString
    }

    @Test("kill -9 during a load loses no acknowledged transaction and the audit chain verifies")
    func crashDurability() async throws {
        let data = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try await ServerProcess(data: data)
        let client = HTTP(port: server.port)
        let state = LoadState<[String: String]>([:])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var n = 0
                    while !state.isStopped {
                        n += 1
                        let id = "crash-\(worker)-\(n)"
                        let minor = n % 10 == 0 ? 2_000_000 : 1_000 + n
                        guard let (status, body) = try? await client.send("POST", "/v1/transactions", body: transactionJSON(id: id, minor: Int64(minor))) else {
                            return
                        }
                        if status == 201, let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
                            let decision = object["decision"] as? String
                        {
                            state.acknowledged.withLock { $0[id] = decision }
                        }
                    }
                }
            }
            group.addTask {
                // At least 1.5 s of load and 60 acknowledged payments (a loaded machine acknowledges
                // fewer per second), at most 15 s; then kill -9.
                let start = ContinuousClock.now
                while ContinuousClock.now - start < .seconds(15) {
                    try await Task.sleep(for: .milliseconds(100))
                    if ContinuousClock.now - start >= .milliseconds(1500), state.acknowledged.withLock({ $0.count }) >= 60 { break }
                }
                server.kill(SIGKILL)
                state.halt()
            }
            try await group.waitForAll()
        }
        #expect(await server.waitForExit() != 0)
        let acked = state.acknowledged.withLock { $0 }
        #expect(acked.count > 50, "too few transactions were acknowledged before the kill: \(acked.count)")

        let restarted = try await ServerProcess(data: data)
        let after = HTTP(port: restarted.port)
        var missing: [String] = []
        var changed: [String] = []
        for (id, decision) in acked {
            let (status, body) = try await after.send("GET", "/v1/transactions/\(id)")
            if status != 200 {
                missing.append(id)
            } else if !body.contains("\"decision\":\"\(decision)\"") {
                changed.append(id)
            }
        }
        #expect(missing.isEmpty, "acknowledged but lost after kill -9: \(missing.prefix(10))")
        #expect(changed.isEmpty, "decision changed after restart: \(changed.prefix(10))")
        restarted.kill(SIGTERM)
        #expect(await restarted.waitForExit() == 0, "graceful shutdown failed: \(restarted.log.suffix(2000))")

        let verify = try runStrait(["ledger", "verify", "--data", data])
        #expect(verify.status == 0, "\(verify.out)\(verify.err)")
        #expect(verify.out.hasPrefix("OK: "))
    }

    @Test("SIGTERM during a load finishes in-flight requests and every acknowledged write is kept")
    func gracefulShutdown() async throws {
        let data = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try await ServerProcess(data: data)
        let client = HTTP(port: server.port)
        let state = LoadState<Set<String>>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var n = 0
                    while !state.isStopped {
                        n += 1
                        let id = "term-\(worker)-\(n)"
                        guard let (status, _) = try? await client.send("POST", "/v1/transactions", body: transactionJSON(id: id)) else { return }
                        if status == 201 { state.acknowledged.withLock { _ = $0.insert(id) } }
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(800))
                server.kill(SIGTERM)
                state.halt()
            }
            try await group.waitForAll()
        }
        #expect(await server.waitForExit() == 0)
        #expect(server.log.contains("\"strait.stop\""))
        let acked = state.acknowledged.withLock { $0 }
        let queue = try DatabaseQueue(path: data + "/strait.sqlite")
        let stored = try await queue.read { db in Set(try String.fetchAll(db, sql: "SELECT id FROM transactions")) }
        #expect(acked.isSubset(of: stored), "acknowledged but not stored: \(acked.subtracting(stored).prefix(10))")
        try queue.close()
    }

    @Test("strait ledger verify names the first bad entry and exits non-zero")
    func ledgerVerifyFindsTampering() async throws {
        let data = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try await ServerProcess(data: data)
        let client = HTTP(port: server.port)
        for i in 0..<10 {
            #expect(try await client.send("POST", "/v1/transactions", body: transactionJSON(id: "tx-\(i)")).0 == 201)
        }
        server.kill(SIGTERM)
        #expect(await server.waitForExit() == 0)
        #expect(try runStrait(["ledger", "verify", "--data", data]).status == 0)

        let queue = try DatabaseQueue(path: data + "/strait.sqlite")
        try await queue.write { db in
            try db.execute(sql: "UPDATE audit_events SET actor = 'someone-else' WHERE idx = 6")
        }
        try queue.close()
        let result = try runStrait(["ledger", "verify", "--data", data])
        #expect(result.status == 1)
        #expect(result.out.contains("entry 6"), "\(result.out)")

        let missing = try runStrait(["ledger", "verify", "--data", data + "-nothing"])
        #expect(missing.status != 0)
        #expect(missing.err.contains("no store"))
    }

    @Test("strait config check prints the effective configuration, redacted, and refuses bad files")
    func configCheck() throws {
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let good = directory + "/strait.yaml"
        try "region: sg\nserver:\n  port: 9443\nauth:\n  bootstrap_key: very-secret-bootstrap-key\n".write(toFile: good, atomically: true, encoding: .utf8)
        let ok = try runStrait(["config", "check", "--config", good], environment: ["STRAIT_HOST": "0.0.0.0"])
        #expect(ok.status == 0, "\(ok.err)")
        #expect(ok.out.contains("region: sg"))
        #expect(ok.out.contains("server.port: 9443"))
        #expect(ok.out.contains("server.host: 0.0.0.0    # environment STRAIT_HOST"))
        #expect(!ok.out.contains("very-secret-bootstrap-key"))
        #expect(ok.out.contains("<redacted>"))

        let bad = directory + "/bad.yaml"
        try "server:\n  port: high\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try runStrait(["config", "check", bad])
        #expect(refused.status == 2)
        #expect(refused.err.contains("server.port"))
        #expect(refused.err.contains("integer"))

        #expect(try runStrait(["config", "check", directory + "/absent.yaml"]).status == 2)
        let version = try runStrait(["version"])
        #expect(version.status == 0)
        #expect(version.out.hasPrefix("strait "))
    }

    @Test("strait migrate creates and upgrades the store")
    func migrate() throws {
        let data = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let first = try runStrait(["migrate", "--data", data])
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("v1-foundation"))
        let second = try runStrait(["migrate", "--data", data])
        #expect(second.out.contains("up to date"))
    }

    @Test("a fresh node without a configured key generates one admin key and prints it once")
    func generatedBootstrapKey() async throws {
        let data = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try await ServerProcess(data: data, environment: ["STRAIT_BOOTSTRAP_KEY": ""])
        let printed = server.log.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix("strait_") }
        let key = try #require(printed, "no generated key in: \(server.log)")
        let (status, _) = try await HTTP(port: server.port).send("GET", "/v1/keys", key: key)
        #expect(status == 200)
        // The JSON log lines never contain the secret.
        #expect(server.log.split(separator: "\n").filter { $0.hasPrefix("{") && $0.contains(key) }.isEmpty)
        server.kill(SIGTERM)
        #expect(await server.waitForExit() == 0)
        let again = try await ServerProcess(data: data, environment: ["STRAIT_BOOTSTRAP_KEY": ""])
        #expect(!again.log.contains("strait_"))
        again.kill(SIGTERM)
        _ = await again.waitForExit()
    }
}

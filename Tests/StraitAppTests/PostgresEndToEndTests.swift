// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Dispatch
import Foundation
import Logging
import StraitStorePostgres
import Synchronization
import Testing

/// A fresh schema on the test PostgreSQL server, and the environment that points `strait` at it.
struct PostgresTestSchema {
    static let url: String? = {
        let value = ProcessInfo.processInfo.environment["POSTGRES_URL"]
        return value?.isEmpty == false ? value : nil
    }()
    static let skipMessage: Comment = "POSTGRES_URL is not set: the PostgreSQL end-to-end tests are skipped (see README, Tests and CI)"
    /// A server of its own for the restart test (other tests run in parallel against `POSTGRES_URL`),
    /// with shell commands that stop and start it, e.g. `pg_ctlcluster 15 restart stop` (set by .ci/run).
    static let restartURL: String? = {
        let value = ProcessInfo.processInfo.environment["STRAIT_TEST_POSTGRES_RESTART_URL"]
        return value?.isEmpty == false ? value : nil
    }()
    static let stopCommand: String? = {
        let value = ProcessInfo.processInfo.environment["STRAIT_TEST_POSTGRES_STOP"]
        return value?.isEmpty == false ? value : nil
    }()
    static let startCommand: String? = {
        let value = ProcessInfo.processInfo.environment["STRAIT_TEST_POSTGRES_START"]
        return value?.isEmpty == false ? value : nil
    }()

    let schema: String
    let url: String

    init(url: String? = Self.url) async throws {
        guard let url else { throw TestFailure("no PostgreSQL URL is set") }
        self.url = url
        schema = "e2e_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        // A generous deadline: this runs while the rest of the suite keeps both cores busy.
        var configuration = try PostgresStoreConfiguration(url: url, defaults: .init(tls: .disable))
        configuration.operationTimeout = .seconds(30)
        let admin = try PostgresStore(configuration: configuration, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await admin.run() }
            defer { group.cancelAll() }
            try await admin.execute(unsafeSQL: "CREATE SCHEMA \(schema)")
        }
    }

    var environment: [String: String] {
        [
            "STRAIT_STORE": "postgres", "STRAIT_POSTGRES_URL": url, "STRAIT_POSTGRES_SCHEMA": schema,
            "STRAIT_POSTGRES_TLS": "disable",
            // Every instance of a region shares the master keys (a test key, not a secret).
            "STRAIT_VAULT_MASTER_KEYS": "mk-test:" + Data(repeating: 0x5A, count: 32).base64EncodedString(),
        ]
    }
}

@Suite("End to end on PostgreSQL", .serialized, .enabled(if: PostgresTestSchema.url != nil, PostgresTestSchema.skipMessage))
struct PostgresEndToEndTests {
    func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "strait-pg-e2e-" + UUID().uuidString
    }

    @Test("two instances behave as one node: idempotency, one audit chain, shared keys")
    func twoInstances() async throws {
        let schema = try await PostgresTestSchema()
        let data = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let first = try await ServerProcess(data: data + "-a", environment: schema.environment)
        let second = try await ServerProcess(data: data + "-b", environment: schema.environment)
        let a = HTTP(port: first.port)
        let b = HTTP(port: second.port)

        // The same ids sent to both instances at once: each stored once, both answers identical.
        let answers = try await withThrowingTaskGroup(of: (String, Int, String).self) { group in
            for i in 0..<60 {
                let body = transactionJSON(id: "both-\(i)", minor: Int64(1_000 + i))
                group.addTask { let (s, t) = try await a.send("POST", "/v1/transactions", body: body); return ("both-\(i)", s, t) }
                group.addTask { let (s, t) = try await b.send("POST", "/v1/transactions", body: body); return ("both-\(i)", s, t) }
            }
            var answers: [String: [(Int, String)]] = [:]
            for try await (id, status, text) in group { answers[id, default: []].append((status, text)) }
            return answers
        }
        for (id, pair) in answers {
            #expect(pair.count == 2)
            #expect(pair.allSatisfy { $0.0 == 201 }, "\(id): \(pair)")
            #expect(pair[0].1 == pair[1].1, "\(id): the two instances answered differently")
        }
        // A conflict is seen across instances too.
        #expect(try await b.send("POST", "/v1/transactions", body: transactionJSON(id: "both-0", minor: 1)).0 == 409)

        // A key issued on one instance works on the other.
        let (status, issued) = try await a.send("POST", "/v1/keys", body: #"{"role":"auditor"}"#)
        #expect(status == 201)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(issued.utf8)) as? [String: Any])
        let auditorKey = try #require(object["key"] as? String)
        let (headStatus, head) = try await b.send("GET", "/v1/audit/head", key: auditorKey)
        #expect(headStatus == 200)
        // Bootstrap key + the configuration + 60 transactions + the auditor key.
        #expect(head.contains("\"size\":63"), "\(head)")

        first.kill(SIGTERM)
        second.kill(SIGTERM)
        #expect(await first.waitForExit() == 0)
        #expect(await second.waitForExit() == 0)
        let verify = try runStrait(["ledger", "verify"], environment: schema.environment)
        #expect(verify.status == 0, "\(verify.out)\(verify.err)")
        #expect(verify.out.hasPrefix("OK: 63 entries verified"), "\(verify.out)")
        #expect(verify.out.contains("60 transactions match their entries"), "\(verify.out)")
    }

    @Test("Monitor on two instances: each learns what the other stored, so a pattern split across them is still seen")
    func monitorFollows() async throws {
        let schema = try await PostgresTestSchema()
        let data = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        var environment = schema.environment
        environment["STRAIT_MONITOR_ENABLED"] = "true"
        environment["STRAIT_MONITOR_FOLLOW_INTERVAL_MS"] = "100"
        let first = try await ServerProcess(data: data + "-a", environment: environment)
        let second = try await ServerProcess(data: data + "-b", environment: environment)
        let a = HTTP(port: first.port)
        let b = HTTP(port: second.port)
        func payment(_ id: String, day: Int, hour: Int = 10, to beneficiary: String, minor: Int64) -> String {
            """
            {"id":"\(id)","timestamp":"2026-11-\(String(format: "%02d", day))T\(String(format: "%02d", hour)):00:00Z",\
            "originator":{"partyId":"cust-1","account":"DE89370400440532013000","country":"DE"},\
            "beneficiary":{"partyId":"cust-\(beneficiary)","account":"\(beneficiary)","country":"DE"},"amount":{"minor":\(minor),"currency":"EUR"},\
            "channel":"web","device":"dev-1"}
            """
        }
        // The account's history and a first login go to instance A …
        for day in 1...8 {
            #expect(try await a.send("POST", "/v1/transactions", body: payment("h-\(day)", day: day, to: "DE-USUAL-\(day % 3)", minor: 10_000 + Int64(day) * 50)).0 == 201)
        }
        for day in 1...4 {
            let body = #"{"id":"l\#(day)","timestamp":"2026-11-0\#(day)T08:00:00Z","partyId":"cust-1","country":"FR","lat":48.86,"lon":2.35,"result":"success"}"#
            #expect(try await a.send("POST", "/v1/logins", body: body).0 == 200)
        }
        try await Task.sleep(for: .milliseconds(800))
        // … the payments that break the pattern, and a login from far away, go to instance B.
        var last = ""
        for index in 0..<3 {
            last = try await b.send("POST", "/v1/transactions", body: payment("s-\(index)", day: 20, hour: 10 + index / 2, to: "DE-MULE", minor: 450 + Int64(index))).1
        }
        #expect(last.contains("\"decision\":\"review\"") && last.contains("far below"), "\(last)")
        let far = try await b.send("POST", "/v1/logins", body: #"{"id":"l9","timestamp":"2026-11-04T10:00:00Z","partyId":"cust-1","country":"SG","lat":1.35,"lon":103.82,"result":"success"}"#)
        #expect(far.1.contains("monitor.impossible-travel"), "\(far.1)")
        // One case for the customer, whichever instance raised the alerts.
        let (_, cases) = try await a.send("GET", "/v1/cases?partyId=cust-1")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(cases.utf8)) as? [String: Any])
        let listed = try #require(object["cases"] as? [[String: Any]])
        #expect(listed.count == 1, "\(cases)")
        #expect((listed.first?["alertCount"] as? Int ?? 0) >= 2, "\(cases)")
        first.kill(SIGTERM)
        second.kill(SIGTERM)
        #expect(await first.waitForExit() == 0)
        #expect(await second.waitForExit() == 0)
    }

    @Test(
        "a PostgreSQL restart during a load: 503 with Retry-After while it is down, reconnection, no acknowledged write lost",
        .enabled(
            if: PostgresTestSchema.restartURL != nil && PostgresTestSchema.stopCommand != nil && PostgresTestSchema.startCommand != nil,
            "STRAIT_TEST_POSTGRES_RESTART_URL, STRAIT_TEST_POSTGRES_STOP and STRAIT_TEST_POSTGRES_START are not set (a server of its own, and commands that stop and start it)"
        )
    )
    func restartDuringLoad() async throws {
        let schema = try await PostgresTestSchema(url: PostgresTestSchema.restartURL)
        let data = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try await ServerProcess(data: data, environment: schema.environment)
        let client = HTTP(port: server.port)

        final class Observed: Sendable {
            let acknowledged = Mutex<Set<String>>([])
            let unavailable = Mutex<Int>(0)
            let unavailableWithoutRetryAfter = Mutex<Int>(0)
            let other = Mutex<[Int]>([])
            let notReady = Mutex<Int>(0)
            let stop = Atomic<Bool>(false)
        }
        let observed = Observed()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var n = 0
                    while !observed.stop.load(ordering: .relaxed), !Task.isCancelled {
                        n += 1
                        let id = "restart-\(worker)-\(n)"
                        guard let (status, _, headers) = try? await client.exchange("POST", "/v1/transactions", body: transactionJSON(id: id)) else {
                            try await Task.sleep(for: .milliseconds(20))
                            continue
                        }
                        switch status {
                        case 201: observed.acknowledged.withLock { _ = $0.insert(id) }
                        case 503:
                            observed.unavailable.withLock { $0 += 1 }
                            if headers["retry-after"] == nil { observed.unavailableWithoutRetryAfter.withLock { $0 += 1 } }
                            try await Task.sleep(for: .milliseconds(20))
                        default: observed.other.withLock { $0.append(status) }
                        }
                    }
                }
            }
            group.addTask {
                while !observed.stop.load(ordering: .relaxed), !Task.isCancelled {
                    if let (status, _) = try? await client.send("GET", "/readyz"), status == 503 { observed.notReady.withLock { $0 += 1 } }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            defer { observed.stop.store(true, ordering: .relaxed) }
            try await Task.sleep(for: .milliseconds(700))
            // Stop the server for a while, so that Strait is seen without its database.
            #expect(try await runShell(PostgresTestSchema.stopCommand ?? "false") == 0)
            try await Task.sleep(for: .milliseconds(4000))
            #expect(try await runShell(PostgresTestSchema.startCommand ?? "false") == 0)
            try await Task.sleep(for: .milliseconds(2500))
            observed.stop.store(true, ordering: .relaxed)
            try await group.waitForAll()
        }
        #expect(observed.unavailable.withLock { $0 } > 0, "no 503 was seen while PostgreSQL was down")
        #expect(observed.unavailableWithoutRetryAfter.withLock { $0 } == 0, "a 503 came without Retry-After")
        #expect(observed.notReady.withLock { $0 } > 0, "/readyz never reported the store unavailable")
        #expect(observed.other.withLock { $0 }.isEmpty, "unexpected statuses: \(observed.other.withLock { $0 })")

        // Reconnected on its own: readiness and writes work again.
        var ready = false
        for _ in 0..<100 where !ready {
            ready = (try? await client.send("GET", "/readyz"))?.0 == 200
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(ready)
        #expect(try await client.send("POST", "/v1/transactions", body: transactionJSON(id: "after-restart")).0 == 201)

        let acked = observed.acknowledged.withLock { $0 }
        #expect(acked.count > 20)
        var missing: [String] = []
        for id in acked where try await client.send("GET", "/v1/transactions/\(id)").0 != 200 {
            missing.append(id)
        }
        #expect(missing.isEmpty, "acknowledged but lost: \(missing.prefix(10))")
        server.kill(SIGTERM)
        #expect(await server.waitForExit() == 0)
        let verify = try runStrait(["ledger", "verify"], environment: schema.environment)
        #expect(verify.status == 0, "\(verify.out)\(verify.err)")
    }
}

/// Runs a shell command and returns its exit status, without blocking a concurrency thread.
func runShell(_ command: String) async throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    try process.run()
    let pid = process.processIdentifier
    return await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            continuation.resume(returning: (status >> 8) & 0xFF)
        }
    }
}

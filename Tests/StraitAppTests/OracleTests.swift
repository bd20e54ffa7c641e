// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Hummingbird
import HummingbirdTesting
import StraitApp
import StraitHTTP
import Testing

/// The full path of `tool` on `PATH`, if installed.
func installedTool(_ tool: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Runs a tool with `input` on standard input; returns its exit status and output.
func runTool(_ path: String, _ arguments: [String], input: String? = nil) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    let stdin = Pipe()
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
}

@Suite("External oracles")
struct OracleTests {
    @Test("/metrics passes promtool check metrics", .enabled(if: installedTool("promtool") != nil, "promtool is not installed (Debian package prometheus)"))
    func promtool() async throws {
        let promtool = try #require(installedTool("promtool"))
        try await TestNode().test { client in
            // Exercise every metric family first.
            try await client.send(.post, "/v1/transactions", json: transactionJSON())
            try await client.send(.post, "/v1/transactions", json: transactionJSON())
            try await client.send(.post, "/v1/transactions", json: transactionJSON(minor: 5))
            try await client.send(.post, "/v1/transactions", key: "wrong-key-wrong-key", json: transactionJSON())
            try await client.send(.get, "/nope", key: nil)
            let metrics = try await client.send(.get, "/metrics", key: nil).text
            let (status, output) = try runTool(promtool, ["check", "metrics"], input: metrics)
            #expect(status == 0, "promtool: \(output)")
        }
    }

    @Test("the shipped alert rules pass promtool check rules", .enabled(if: installedTool("promtool") != nil, "promtool is not installed (Debian package prometheus)"))
    func alertRules() throws {
        let promtool = try #require(installedTool("promtool"))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (status, output) = try runTool(promtool, ["check", "rules", root.appendingPathComponent("docs/prometheus/strait-alerts.yml").path])
        #expect(status == 0, "promtool: \(output)")
        #expect(output.contains("8 rules found"), "\(output)")
    }

    @Test(
        "/openapi.yaml passes openapi-spec-validator",
        .enabled(if: installedTool("openapi-spec-validator") != nil, "openapi-spec-validator is not installed (pip install openapi-spec-validator)")
    )
    func openAPIValidator() async throws {
        let validator = try #require(installedTool("openapi-spec-validator"))
        try await TestNode().test { client in
            let document = try await client.send(.get, "/openapi.yaml", key: nil).text
            let path = NSTemporaryDirectory() + "strait-openapi-\(UUID().uuidString).yaml"
            try document.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let (status, output) = try runTool(validator, [path])
            #expect(status == 0, "openapi-spec-validator: \(output)")
            #expect(output.contains("OK"))
        }
    }
}

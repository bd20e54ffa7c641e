// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import StraitApp
import Testing
import StraitCore
import StraitStoreSQLite
import StraitStore
import StraitHTTP
import HTTPTypes
import NIOCore

let adminKey = "test-admin-key-0123456789"

/// A node on a fresh data directory with a known admin key, for in-process HTTP tests.
struct TestNode {
    let node: StraitNode
    let directory: String

    /// A node on a fresh data directory, configured by `environment` and, if given, a `strait.yaml` text.
    init(environment: [String: String] = [:], yaml: String? = nil) async throws {
        directory = NSTemporaryDirectory() + "strait-app-test-" + UUID().uuidString
        var env = ["STRAIT_DATA": directory, "STRAIT_BOOTSTRAP_KEY": adminKey, "STRAIT_PORT": "0"]
        env.merge(environment) { _, new in new }
        var file: String?
        if let yaml {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            file = directory + "/strait.yaml"
            try yaml.write(toFile: file!, atomically: true, encoding: .utf8)
        }
        let config = try StraitConfiguration.load(file: file, environment: env, useDefaultFile: false)
        node = try await buildNode(config: config, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    func close() {
        node.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs `body` against the router in process, then closes the node.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { close() }
        try await node.application.test(.router, body)
    }
}

extension TestClientProtocol {
    /// Sends a request with a JSON body (or none) and the given key.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, key: String? = adminKey, json: String? = nil, headers extra: HTTPFields = [:],
        body: String? = nil
    ) async throws -> TestResponse {
        var headers = extra
        if let key { headers[.authorization] = "Bearer \(key)" }
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: (json ?? body).map { ByteBuffer(string: $0) }) { $0 }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
    /// The `error` object of an error body.
    func error() throws -> [String: Any] {
        try #require(try json()["error"] as? [String: Any])
    }
}

func transactionJSON(id: String = "tx-1", minor: Int64 = 12_345, currency: String = "EUR", to: String = "SG") -> String {
    """
    {"id":"\(id)","timestamp":"2026-11-27T01:00:00Z","originator":{"partyId":"cust-1","account":"DE89370400440532013000","country":"DE"},\
    "beneficiary":{"partyId":"cust-2","account":"SG-001-2345","country":"\(to)"},"amount":{"minor":\(minor),"currency":"\(currency)"},\
    "channel":"web","clientIp":"203.0.113.7","device":"dev-1"}
    """
}

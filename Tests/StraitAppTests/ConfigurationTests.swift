// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import StraitApp
import Testing
import StraitCore
import StraitStoreSQLite
import StraitStore
import StraitHTTP
import HTTPTypes
import NIOCore

@Suite("Configuration")
struct ConfigurationTests {
    func file(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "strait-config-\(UUID().uuidString).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("with no file, the defaults run a local node")
    func defaults() throws {
        let config = try StraitConfiguration.load(file: nil, environment: [:], useDefaultFile: false)
        #expect(config.region.rawValue == "local")
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 8080)
        #expect(config.dataDirectory == "./.strait")
        #expect(config.sqliteSynchronous == .full)
        #expect(config.bootstrapKey == nil)
        #expect(config.blockedCountries.map(\.rawValue) == ["KP", "IR", "MM"])
        #expect(config.reviewThresholdMajor == 10_000)
    }

    @Test("flags override the environment, which overrides the file")
    func precedence() throws {
        let path = try file(
            """
            region: eu-west
            data: /tmp/from-file
            server:
              host: 0.0.0.0
              port: 9000
            decision:
              review_threshold: 500
              review_thresholds:
                JPY: 100000
              blocked_countries: [KP]
            """
        )
        let fileOnly = try StraitConfiguration.load(file: path, environment: [:])
        #expect(fileOnly.region.rawValue == "eu-west")
        #expect(fileOnly.port == 9000)
        #expect(fileOnly.host == "0.0.0.0")
        #expect(fileOnly.reviewThresholdMajor == 500)
        #expect(fileOnly.reviewThresholdOverrides == ["JPY": 100_000])
        #expect(fileOnly.blockedCountries.map(\.rawValue) == ["KP"])
        let env = try StraitConfiguration.load(
            file: path,
            environment: ["STRAIT_PORT": "9100", "STRAIT_DATA": "/tmp/from-env", "STRAIT_BLOCKED_COUNTRIES": "IR, KP", "OTHER": "x"]
        )
        #expect(env.port == 9100)
        #expect(env.dataDirectory == "/tmp/from-env")
        #expect(env.blockedCountries.map(\.rawValue) == ["IR", "KP"])
        #expect(env.region.rawValue == "eu-west")
        let flags = try StraitConfiguration.load(
            file: path,
            environment: ["STRAIT_PORT": "9100", "STRAIT_REGION": "sg"],
            flags: ["port": "9200", "data": "/tmp/from-flag"]
        )
        #expect(flags.port == 9200)
        #expect(flags.dataDirectory == "/tmp/from-flag")
        #expect(flags.region.rawValue == "sg")
    }

    @Test(
        "invalid settings are refused with the key and the reason",
        arguments: [
            ("server:\n  port: eighty\n", "server.port", "integer"),
            ("server:\n  port: 70000\n", "server.port", "65535"),
            ("server:\n  prot: 80\n", "server.prot", "unknown key"),
            ("region: Europe West\n", "region", "lower-case"),
            ("store:\n  kind: oracle\n", "store.kind", "sqlite"),
            ("store:\n  sqlite:\n    synchronous: sometimes\n", "store.sqlite.synchronous", "full or normal"),
            ("log:\n  level: loud\n", "log.level", "one of"),
            ("auth:\n  bootstrap_key: short\n", "auth.bootstrap_key", "16"),
            ("decision:\n  blocked_countries: [XX]\n", "decision.blocked_countries", "XX"),
            ("decision:\n  review_thresholds:\n    ABC: 5\n", "decision.review_thresholds.ABC", "ISO 4217"),
            ("server: [1, 2]\n", "server", "unknown key"),
        ]
    )
    func invalid(yaml: String, key: String, reason: String) throws {
        let path = try file(yaml)
        do {
            _ = try StraitConfiguration.load(file: path, environment: [:])
            Issue.record("expected a configuration error for \(key)")
        } catch let error as ConfigurationError {
            #expect(error.key == key)
            #expect(error.reason.contains(reason), "\(error)")
            #expect(error.description.contains(key))
        }
    }

    @Test("a bad environment value names the variable")
    func badEnvironment() {
        #expect {
            try StraitConfiguration.load(file: nil, environment: ["STRAIT_PORT": "http"], useDefaultFile: false)
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.key == "server.port" && error?.source == "environment STRAIT_PORT"
        }
    }

    @Test("malformed YAML and a missing file are refused")
    func malformed() throws {
        #expect(throws: ConfigurationError.self) { try StraitConfiguration.load(file: try file("server: {port: [\n"), environment: [:]) }
        #expect(throws: ConfigurationError.self) { try StraitConfiguration.load(file: "/nonexistent/strait.yaml", environment: [:]) }
        #expect(throws: ConfigurationError.self) { try StraitConfiguration.load(file: try file("- a\n- b\n"), environment: [:]) }
    }

    @Test("secrets are redacted in the effective configuration")
    func redaction() throws {
        let config = try StraitConfiguration.load(
            file: try file("auth:\n  bootstrap_key: super-secret-admin-key\n"),
            environment: [:]
        )
        #expect(config.bootstrapKey == "super-secret-admin-key")
        let text = config.describe()
        #expect(!text.contains("super-secret-admin-key"))
        #expect(text.contains("auth.bootstrap_key: <redacted>"))
        #expect(text.contains("server.port: 8080    # default"))
    }

    @Test("every documented key is in docs/configuration.md")
    func documented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        for key in ConfigurationKey.all {
            #expect(doc.contains("`\(key.path)`"), "docs/configuration.md does not document \(key.path)")
            if let env = key.environment { #expect(doc.contains("`\(env)`"), "docs/configuration.md does not document \(env)") }
        }
    }
}

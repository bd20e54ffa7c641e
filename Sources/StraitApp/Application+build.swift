// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
public import Hummingbird
public import Logging
import Monitor
import Ledger
import CoreMetrics
import Prometheus
import StraitCore
public import StraitHTTP
public import StraitStore
public import StraitStoreSQLite

/// The version Strait reports in `/healthz`, metrics and `strait version`.
public let straitVersion = "0.1.0"

/// A built Strait node: the application to run, the store it owns and what start-up did.
public struct StraitNode: Sendable {
    /// The Hummingbird application (a `Service`); run it with `runService()` or test it with `test(.router)`.
    public var application: Application<RouterResponder<StraitRequestContext>>
    /// The node's store; close it after the application has stopped.
    public var store: SQLiteStore
    /// What happened to the first admin key.
    public var bootstrap: BootstrapOutcome
}

/// Builds a Strait node from its configuration: opens (and migrates) the store, makes sure an admin
/// key exists, wires metrics, the decision pipeline and the routes. Tests call it too.
///
/// - Throws: ``ConfigurationError`` if the data directory cannot be created, ``StoreError`` if the store cannot be opened.
public func buildNode(config: StraitConfiguration, logger: Logger) async throws -> StraitNode {
    do {
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
    } catch {
        throw ConfigurationError(key: "data", reason: "cannot create directory \(config.dataDirectory): \(error.localizedDescription)", source: "data")
    }
    let store = try SQLiteStore(
        path: config.sqlitePath,
        options: .init(synchronous: config.sqliteSynchronous, busyTimeoutMilliseconds: config.sqliteBusyTimeoutMilliseconds, migrate: true)
    )
    let clock: @Sendable () -> Timestamp = { Timestamp(epochMilliseconds: SystemClock.millisecondsSinceEpoch()) }
    let bootstrap = try await KeyBootstrap.ensureAdmin(store: store, configuredKey: config.bootstrapKey, now: clock())
    let registry = PrometheusCollectorRegistry()
    let factory = StraitMetricsFactory(registry: registry)
    let metrics = StraitMetrics(factory: factory, version: straitVersion, region: config.region.rawValue)
    metrics.auditEntries.set(Int(try await store.auditHead().size))
    let dependencies = HTTPDependencies(
        store: store,
        pipeline: config.makePipeline(),
        registry: registry,
        metrics: metrics,
        authenticator: APIKeyAuthenticator(store: store, cacheTTL: .seconds(config.keyCacheSeconds)),
        maxBodyBytes: config.maxBodyBytes,
        version: straitVersion,
        region: config.region.rawValue,
        now: clock
    )
    let router = buildRouter(dependencies)
    var appLogger = logger
    appLogger[metadataKey: "strait.region"] = .string(config.region.rawValue)
    let startLogger = appLogger
    let application = Application(
        router: router,
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: nil),
        services: [WALCheckpointer(store: store, logger: appLogger)],
        onServerRunning: { channel in
            startLogger.notice(
                "server listening",
                metadata: [
                    "event.action": "server.started",
                    "server.address": .string(channel.localAddress?.ipAddress ?? config.host),
                    "server.port": .stringConvertible(channel.localAddress?.port ?? config.port),
                ]
            )
        },
        logger: appLogger
    )
    return StraitNode(application: application, store: store, bootstrap: bootstrap)
}

extension StraitNode {
    /// Runs the node until SIGTERM or SIGINT, then shuts down gracefully: the listener closes,
    /// requests in flight finish (each answered only after its write committed), then the store closes.
    public func run() async throws {
        defer { try? store.close() }
        try await application.runService()
    }
}

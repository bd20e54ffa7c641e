// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import AsyncHTTPClient
import Foundation
public import Hummingbird
public import Logging
import Monitor
import Ledger
import CoreMetrics
import Prometheus
import Residency
import Screening
import Shield
import StraitCore
public import StraitHTTP
public import StraitStore
public import StraitStoreSQLite
import StraitStorePostgres
import ServiceLifecycle

/// The version Strait reports in `/healthz`, metrics and `strait version`.
public let straitVersion = "0.1.0"

/// A built Strait node: the application to run and the store it owns.
public struct StraitNode: Sendable {
    /// The Hummingbird application (a `Service`); run it with ``run()`` or test it with `test(.router)`.
    public var application: Application<RouterResponder<StraitRequestContext>>
    /// The node's store.
    public var store: any StraitStore
    /// Customers and screening (`screening.enabled`); its lists are loaded by a service of the
    /// application (tests that do not run the services call ``CustomerService/loadLists()``).
    public var customers: CustomerService?
    /// Releases the store's resources; call after the application has stopped.
    public var close: @Sendable () -> Void
}

/// Builds a Strait node from its configuration and wires metrics, the decision pipeline, the
/// routes and the services. Tests call it too.
///
/// Before the port opens (`beforeServerStarts`), the store is migrated and an admin key is made
/// sure of; `onBootstrap` is told what happened to it (so that a generated key can be shown once).
/// With SQLite the store is opened (and migrated) here; with PostgreSQL the store's connection pool
/// runs as a service of the application and migrations run once it is up.
///
/// - Throws: ``ConfigurationError`` if the data directory cannot be created, ``StoreError`` if the
///   SQLite store cannot be opened.
public func buildNode(
    config: StraitConfiguration, logger: Logger, onBootstrap: @escaping @Sendable (BootstrapOutcome) -> Void = { _ in }
) async throws -> StraitNode {
    var regionLogger = logger
    regionLogger[metadataKey: "strait.region"] = .string(config.region.rawValue)
    let appLogger = regionLogger
    let store: any StraitStore
    var services: [any Service] = []
    let migrate: @Sendable () async throws -> Void
    let close: @Sendable () -> Void
    if let postgres = config.postgres {
        let postgresStore = try PostgresStore(configuration: postgres, logger: appLogger)
        store = postgresStore
        services.append(postgresStore)
        migrate = {
            let applied = try await postgresStore.migrate()
            if !applied.isEmpty {
                appLogger.notice("store migrated", metadata: ["event.action": "store.migrate", "migrations": .string(applied.joined(separator: ","))])
            }
        }
        close = {}
    } else {
        do {
            try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError(key: "data", reason: "cannot create directory \(config.dataDirectory): \(error.localizedDescription)", source: "data")
        }
        let sqliteStore = try SQLiteStore(
            path: config.sqlitePath,
            options: .init(synchronous: config.sqliteSynchronous, busyTimeoutMilliseconds: config.sqliteBusyTimeoutMilliseconds, migrate: true)
        )
        store = sqliteStore
        services.append(WALCheckpointer(store: sqliteStore, logger: appLogger))
        migrate = {}
        close = { try? sqliteStore.close() }
    }
    let clock: @Sendable () -> Timestamp = { Timestamp(epochMilliseconds: SystemClock.millisecondsSinceEpoch()) }
    let registry = PrometheusCollectorRegistry()
    let factory = StraitMetricsFactory(registry: registry)
    let metrics = StraitMetrics(factory: factory, version: straitVersion, region: config.region.rawValue)
    let ledger = LedgerPublisher(store: store, origin: config.ledgerOrigin, tileCacheLimit: config.tileCacheTiles)
    let witness = LedgerWitness(store: store, name: config.witnessName, trustedLogs: config.witnessedLogs)
    let pusher = config.witnesses.isEmpty ? nil : WitnessPusher(ledger: ledger, endpoints: config.witnesses, logger: appLogger)
    services.append(
        CheckpointService(
            ledger: ledger, pusher: pusher, interval: .milliseconds(config.checkpointIntervalMilliseconds), logger: appLogger,
            metrics: metrics, now: clock
        )
    )
    let (catalogue, catalogueDiff) = try ResidencySetup.catalogue(config)
    let home = RegionIdentity(
        region: config.region.rawValue, jurisdiction: ResidencySetup.jurisdiction(config, catalogue: catalogue), country: config.country ?? ""
    )
    let vault = RegionalVault(
        home: home, store: store, provider: try ResidencySetup.keyProvider(config, logger: appLogger), catalogue: catalogue,
        purposes: Set(config.vaultPurposes), detokeniseRatePerSecond: Double(config.detokeniseRate), now: clock,
        observe: { event in
            switch event {
            case .transfer(let operation, let outcome): metrics.transfer(operation: operation, outcome: outcome)
            case .tokenised(let count): metrics.vaultValues("tokenised", count: count)
            case .detokenised(let count): metrics.vaultValues("detokenised", count: count)
            case .drift(let transfers): metrics.driftTransfers.set(transfers)
            }
        }
    )
    let peerList = try ResidencySetup.peers(config, catalogue: catalogue)
    let nodeKey = try ResidencySetup.nodeKey(config)
    let residency = ResidencyDependencies(
        vault: vault,
        peers: PeerClient(region: config.region.rawValue, key: nodeKey, peers: peerList, now: { SystemClock.millisecondsSinceEpoch() }),
        detokeniseRoles: Set(config.detokeniseRoles.compactMap(Role.init(rawValue:))),
        tokenisePayments: config.tokenisePayments
    )
    var monitor: TransactionMonitor?
    if config.monitorEnabled {
        let scenarios: ScenarioSet
        let model: AnomalyModel?
        do {
            scenarios = try MonitorSetup.scenarios(path: config.monitorScenarios)
        } catch {
            throw ConfigurationError(key: "monitor.scenarios", reason: "\(error)", source: "monitor")
        }
        do {
            model = try config.monitorModel.map { try MonitorSetup.model(path: $0) }
        } catch {
            throw ConfigurationError(key: "monitor.model", reason: "\(error)", source: "monitor")
        }
        var ipCountries: IPCountryTable?
        if !config.monitorIPCountries.isEmpty {
            do {
                ipCountries = try IPCountryTable(contentsOf: config.monitorIPCountries)
            } catch {
                throw ConfigurationError(key: "monitor.ip_countries", reason: "\(error)", source: "monitor")
            }
        }
        let shared = config.postgres != nil
        let started = TransactionMonitor(
            scenarios: scenarios, model: model, region: config.region.rawValue, ipCountries: ipCountries, following: shared
        )
        monitor = started
        if shared {
            services.append(
                MonitorFollowService(monitor: started, store: store, interval: .milliseconds(config.monitorFollowMilliseconds), logger: appLogger)
            )
        }
        if let path = config.monitorScenarios, config.monitorReloadSeconds > 0 {
            services.append(
                ScenarioReloadService(
                    monitor: started, path: path, store: store, interval: .seconds(config.monitorReloadSeconds), logger: appLogger, now: clock
                )
            )
        }
    }
    var customers: CustomerService?
    if config.screeningEnabled {
        var matching = MatchingConfiguration()
        matching.threshold = config.screeningThreshold
        let service = CustomerService(
            store: store, vault: vault, configuration: matching, minimumAge: config.screeningMinimumAge, now: clock, logger: appLogger,
            observe: { event in
                switch event {
                case .onboarded(let status, let alerts):
                    metrics.customerOnboarded(status: status)
                    for alert in alerts { metrics.alertRaised(alert) }
                case .alerts(let alerts):
                    for alert in alerts { metrics.alertRaised(alert) }
                case .rescreened(let report):
                    metrics.customersRescreened.increment(by: Int64(report.customers))
                    metrics.rescreenHits.increment(by: Int64(report.newHits))
                    metrics.rescreenSeconds.set(report.seconds)
                case .listsLoaded(let entities):
                    metrics.listEntities.set(entities)
                }
            }
        )
        customers = service
        services.append(
            ScreeningListService(
                customers: service, interval: config.screeningReloadSeconds > 0 ? .seconds(config.screeningReloadSeconds) : nil,
                rescreen: config.screeningRescreen, logger: appLogger
            )
        )
    }
    let proxy = proxyConfiguration(config, store: store)
    var closeNode = close
    if let proxy {
        // The proxy's own client: no redirects followed (the client gets them), a bounded connect time
        // (a refused connection fails after it, then the next server is tried). Shut down with the node.
        services.append(HTTPClientService(client: proxy.client))
        let closeStore = close
        closeNode = {
            proxy.client.shutdown().whenComplete { _ in }
            closeStore()
        }
        if config.healthIntervalMilliseconds > 0 {
            let health = UpstreamHealth(
                routes: proxy.routes, timeout: .milliseconds(Int64(config.healthTimeoutMilliseconds)), client: proxy.client, metrics: metrics,
                logger: appLogger
            )
            if !health.routes.isEmpty { services.append(UpstreamHealthService(health: health, interval: .milliseconds(config.healthIntervalMilliseconds))) }
        }
    }
    let dependencies = HTTPDependencies(
        store: store,
        ledger: ledger,
        witness: witness,
        pipeline: config.makePipeline(),
        registry: registry,
        metrics: metrics,
        authenticator: APIKeyAuthenticator(store: store, cacheTTL: .seconds(config.keyCacheSeconds)),
        maxBodyBytes: config.maxBodyBytes,
        version: straitVersion,
        region: config.region.rawValue,
        now: clock,
        residency: residency,
        proxy: proxy,
        monitor: monitor,
        customers: customers,
        requireActiveCustomer: config.screeningRequireActiveCustomer
    )
    let router = buildRouter(dependencies)
    let startLogger = appLogger
    var application = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(config.idleTimeoutSeconds)))),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: nil),
        services: services,
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
    let bootstrapKey = config.bootstrapKey
    let verifyOnStart = config.verifyLedgerOnStart
    // What the log records of the configuration: every effective value (secrets redacted), except
    // the ones that differ between instances of one region by design.
    let perInstance: Set<String> = ["server.host", "server.port", "log.level", "log.format", "data", "node.key_file"]
    let recordedConfiguration = Dictionary(
        config.provenance.filter { !perInstance.contains($0.key) }.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }
    )
    let startedMonitor = monitor
    application.beforeServerStarts {
        try await migrate()
        let outcome = try await KeyBootstrap.ensureAdmin(store: store, configuredKey: bootstrapKey, now: clock())
        onBootstrap(outcome)
        try await LedgerStartup.run(
            ledger: ledger, witness: witness, verify: verifyOnStart, configuration: recordedConfiguration, logger: startLogger, now: clock
        )
        metrics.auditEntries.set(Int(try await store.auditHead().size))
        try await vault.start()
        // Profiles learnt again from the stored history; with no history window, a follower still
        // needs to be placed after what is stored.
        if let monitor = startedMonitor, config.monitorHistoryDays > 0 || monitor.following {
            let started = ContinuousClock.now
            let since = config.monitorHistoryDays > 0 ? clock().epochMilliseconds - Int64(config.monitorHistoryDays) * 86_400_000 : .max
            let learnt = try await monitor.rebuild(from: store, sinceMillis: since)
            let elapsed = ContinuousClock.now - started
            startLogger.notice(
                "monitor profiles rebuilt",
                metadata: [
                    "event.action": "monitor.rebuilt", "monitor.transactions": .stringConvertible(learnt.transactions),
                    "monitor.logins": .stringConvertible(learnt.logins), "monitor.kyc": .stringConvertible(learnt.kycOutcomes),
                    "monitor.unreadable": .stringConvertible(learnt.unreadable), "monitor.scenarios.version": .string(monitor.scenarioVersion),
                    "event.duration": .stringConvertible(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000),
                ]
            )
        }
        startLogger.notice(
            "residency ready",
            metadata: [
                "event.action": "residency.started", "residency.jurisdiction": .string(home.jurisdiction), "residency.country": .string(home.country),
                "catalogue.version": .string(catalogue.version), "residency.peers": .string(peerList.map(\.region).joined(separator: ",")),
            ]
        )
        if let catalogueDiff, !catalogueDiff.isEmpty {
            for line in catalogueDiff.lines {
                startLogger.notice("catalogue change", metadata: ["event.action": "catalogue.changed", "catalogue.change": .string(line)])
            }
        }
        // Data that went abroad in a form the catalogue in force (shipped plus the organisation's file) no longer allows.
        for finding in try await vault.drift(under: catalogue) {
            startLogger.warning(
                "compliance drift: data went abroad in a form the catalogue in force no longer allows",
                metadata: [
                    "event.action": "residency.drift", "residency.transfer": .string(finding.transferID), "residency.record": .string(finding.recordID ?? ""),
                    "residency.category": .string(finding.category), "residency.to": .string(finding.toRegion), "residency.rule": .string(finding.rule ?? ""),
                ]
            )
        }
    }
    return StraitNode(application: application, store: store, customers: customers, close: closeNode)
}

extension StraitNode {
    /// Runs the node until SIGTERM or SIGINT, then shuts down gracefully: the listener closes,
    /// requests in flight finish (each answered only after its write committed), the services stop,
    /// then the store is closed.
    public func run() async throws {
        defer { close() }
        try await application.runService()
    }
}

/// The proxy's routes and firewall from the configuration, or nil when nothing is proxied.
func proxyConfiguration(_ config: StraitConfiguration, store: any StraitStore) -> ProxyConfiguration? {
    guard !config.proxyRoutes.isEmpty else { return nil }
    let mode = FirewallPolicy.Mode(rawValue: config.shieldMode) ?? .block
    let routes = config.proxyRoutes.map { route in
        ProxyRoute(
            name: route.name, host: route.host, prefix: route.prefix,
            pool: UpstreamPool(upstreams: route.upstreams, failuresToDown: config.healthFailures, healthPath: route.healthPath),
            policy: FirewallPolicy(
                mode: route.mode.flatMap(FirewallPolicy.Mode.init(rawValue:)) ?? mode, threshold: route.threshold ?? config.shieldThreshold,
                skipArguments: Set(route.skipArguments), disabledFamilies: Set(route.disabledFamilies.compactMap(AttackFamily.init(rawValue:)))
            )
        )
    }
    let limits = InspectionLimits(maxBodyBytes: config.shieldMaxBodyBytes, maxArguments: config.shieldMaxArguments, maxDepth: config.shieldMaxDepth)
    var clientConfiguration = HTTPClient.Configuration(
        redirectConfiguration: .disallow, timeout: .init(connect: .milliseconds(Int64(config.proxyConnectTimeoutMilliseconds))), decompression: .disabled
    )
    clientConfiguration.connectionPool = .init(idleTimeout: .seconds(60))
    return ProxyConfiguration(
        routes: routes, client: HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration), firewall: Firewall(limits: limits), trustedProxies: config.trustedProxies.compactMap(CIDRBlock.init),
        timeout: .milliseconds(Int64(config.proxyTimeoutMilliseconds)), bodyTimeout: .milliseconds(Int64(config.proxyBodyTimeoutMilliseconds)), allow: config.shieldAllow.compactMap(CIDRBlock.init),
        deny: config.shieldDeny.compactMap(CIDRBlock.init), tracker: ClientTracker(settings: config.shieldTracker), accountHeader: config.shieldAccountHeader,
        ledgerSamplesPerSecond: Double(config.shieldLedgerSamplesPerSecond),
        evidence: { event in _ = try await store.appendEvents([event]) }
    )
}

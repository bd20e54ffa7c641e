// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
public import Hummingbird
import Logging
public import Monitor
public import Prometheus
public import StraitCore
public import StraitStore

/// Everything the HTTP layer needs, injected by the application.
public struct HTTPDependencies: Sendable {
    public var store: any StraitStore
    public var ledger: LedgerPublisher
    public var witness: LedgerWitness
    public var pipeline: DecisionPipeline
    public var registry: PrometheusCollectorRegistry
    public var metrics: StraitMetrics
    public var authenticator: APIKeyAuthenticator
    public var maxBodyBytes: Int
    public var version: String
    public var region: String
    public var now: @Sendable () -> Timestamp
    /// The region's vault, peers and residency settings; `nil` runs the node without them (tests of other parts).
    public var residency: ResidencyDependencies?
    /// Proxied routes and their firewall; `nil` or no routes: nothing is proxied.
    public var proxy: ProxyConfiguration?
    /// Transaction monitoring on the payment path (`monitor.enabled`), if on.
    public var monitor: TransactionMonitor?
    /// Customers and screening (needs the vault); `nil`: the routes are not served.
    public var customers: CustomerService?
    /// Block payments whose payer is not an active customer (`screening.require_active_customer`).
    public var requireActiveCustomer: Bool

    public init(
        store: any StraitStore, ledger: LedgerPublisher, witness: LedgerWitness, pipeline: DecisionPipeline, registry: PrometheusCollectorRegistry, metrics: StraitMetrics,
        authenticator: APIKeyAuthenticator, maxBodyBytes: Int, version: String, region: String,
        now: @escaping @Sendable () -> Timestamp = { Timestamp(epochMilliseconds: SystemClock.millisecondsSinceEpoch()) },
        residency: ResidencyDependencies? = nil, proxy: ProxyConfiguration? = nil, monitor: TransactionMonitor? = nil, customers: CustomerService? = nil,
        requireActiveCustomer: Bool = false
    ) {
        self.customers = customers
        self.requireActiveCustomer = requireActiveCustomer
        self.monitor = monitor
        self.proxy = proxy
        self.residency = residency
        self.store = store
        self.ledger = ledger
        self.witness = witness
        self.pipeline = pipeline
        self.registry = registry
        self.metrics = metrics
        self.authenticator = authenticator
        self.maxBodyBytes = maxBodyBytes
        self.version = version
        self.region = region
        self.now = now
    }
}

/// Wall-clock time.
public enum SystemClock {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public static func millisecondsSinceEpoch() -> Int64 {
        let now = Date().timeIntervalSince1970
        return Int64(now * 1000)
    }
}

/// Builds Strait's router: middleware in order, then public and authenticated routes.
///
/// Order: request id → access log and metrics → errors as JSON → (on `/v1`) authentication → route.
public func buildRouter(_ dependencies: HTTPDependencies) -> Router<StraitRequestContext> {
    let router = Router(context: StraitRequestContext.self)
    router.addMiddleware {
        RequestIDMiddleware()
        ObservabilityMiddleware(metrics: dependencies.metrics)
        ErrorMiddleware()
    }
    if let proxy = dependencies.proxy, !proxy.routes.isEmpty {
        router.addMiddleware { ProxyMiddleware(configuration: proxy, metrics: dependencies.metrics) }
    }
    SystemController(store: dependencies.store, registry: dependencies.registry, version: dependencies.version, region: dependencies.region)
        .addRoutes(to: router)
    WitnessController(witness: dependencies.witness, maxBodyBytes: dependencies.maxBodyBytes).addRoutes(to: router)
    if let residency = dependencies.residency, let peers = residency.peers {
        let peerRoutes = router.group("peer/v1").add(
            middleware: NodeAuthenticationMiddleware(
                region: dependencies.region, peers: Array(peers.peers.values), maxBodyBytes: dependencies.maxBodyBytes,
                now: { SystemClock.millisecondsSinceEpoch() }
            )
        )
        PeerVaultController(residency: residency, maxBodyBytes: dependencies.maxBodyBytes).addRoutes(to: peerRoutes)
        if let customers = dependencies.customers {
            PeerCustomerController(service: customers, maxBodyBytes: dependencies.maxBodyBytes).addRoutes(to: peerRoutes)
        }
    }
    let v1 = router.group("v1")
        .add(middleware: AuthenticationMiddleware(authenticator: dependencies.authenticator, metrics: dependencies.metrics))
    TransactionController(
        store: dependencies.store,
        pipeline: dependencies.pipeline,
        metrics: dependencies.metrics,
        maxBodyBytes: dependencies.maxBodyBytes,
        now: dependencies.now,
        accounts: dependencies.residency.flatMap { $0.tokenisePayments ? AccountTokeniser(residency: $0) : nil },
        monitor: dependencies.monitor,
        customers: dependencies.requireActiveCustomer ? dependencies.customers : nil
    ).addRoutes(to: v1)
    if let monitor = dependencies.monitor {
        LoginController(monitor: monitor, store: dependencies.store, metrics: dependencies.metrics, maxBodyBytes: dependencies.maxBodyBytes, now: dependencies.now)
            .addRoutes(to: v1)
        KYCOutcomeController(monitor: monitor, store: dependencies.store, maxBodyBytes: dependencies.maxBodyBytes).addRoutes(to: v1)
    }
    CaseController(store: dependencies.store, now: dependencies.now).addRoutes(to: v1)
    KeyController(store: dependencies.store, authenticator: dependencies.authenticator, now: dependencies.now).addRoutes(to: v1)
    AuditController(store: dependencies.store).addRoutes(to: v1)
    LedgerController(ledger: dependencies.ledger, now: dependencies.now).addRoutes(to: v1)
    TraceController(ledger: dependencies.ledger, now: dependencies.now).addRoutes(to: v1)
    if let residency = dependencies.residency {
        VaultController(residency: residency, maxBodyBytes: dependencies.maxBodyBytes, now: dependencies.now).addRoutes(to: v1)
    }
    if let customers = dependencies.customers {
        CustomerController(service: customers, maxBodyBytes: dependencies.maxBodyBytes, peers: dependencies.residency?.peers).addRoutes(to: v1)
    }
    return router
}

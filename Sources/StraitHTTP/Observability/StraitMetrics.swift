// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import CoreMetrics
import Monitor
import Shield
public import StraitCore
public import StraitStore
import Synchronization

/// The metrics Strait records, created once per label set and cached.
///
/// Labels are bounded: route templates (never raw paths), methods, status codes, outcomes.
public final class StraitMetrics: Sendable {
    private struct RequestKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }
    private struct TimerKey: Hashable {
        var route: String
        var method: String
    }

    private let factory: any MetricsFactory
    private struct RequestMetrics {
        var counters: [RequestKey: CoreMetrics.Counter] = [:]
        var timers: [TimerKey: CoreMetrics.Timer] = [:]
    }
    private let requestMetrics = Mutex(RequestMetrics())
    private let decisionCounters: [DecisionOutcome: CoreMetrics.Counter]
    private let transactionResults: [String: CoreMetrics.Counter]
    private let authFailures: [String: CoreMetrics.Counter]
    /// Requests being handled.
    public let inFlight: Meter
    /// Audit log size.
    public let auditEntries: Meter
    /// Store write latency.
    public let storeWrite: CoreMetrics.Timer
    /// Tree size of the latest checkpoint this process published or saw.
    public let checkpointSize: Meter
    /// Checkpoints this process signed and stored.
    public let checkpointsPublished: CoreMetrics.Counter
    /// Failed attempts to publish a checkpoint.
    public let checkpointFailures: CoreMetrics.Counter
    private let transfers: [String: CoreMetrics.Counter]
    private let vaultValues: [String: CoreMetrics.Counter]
    /// Register entries whose data went abroad in a form the latest reviewed catalogue no longer allows.
    public let driftTransfers: Meter
    private let shieldOutcomes: [String: CoreMetrics.Counter]
    private let shieldFamilies: [String: CoreMetrics.Counter]

    /// Outcomes counted by ``shield(_:)``.
    public static let shieldOutcomeLabels = ["passed", "detected", "blocked", "rejected", "limited", "banned", "denied", "upstream_timeout", "upstream_unavailable"]
    private let shieldSignals: [String: CoreMetrics.Counter]
    private let alertCounters: [String: CoreMetrics.Counter]
    /// Cases opened by alerts.
    public let casesOpened: CoreMetrics.Counter
    private let customersOnboarded: [String: CoreMetrics.Counter]
    /// Customers screened again after list updates, and the new hits found.
    public let customersRescreened: CoreMetrics.Counter
    public let rescreenHits: CoreMetrics.Counter
    /// Seconds the latest re-screening run took.
    public let rescreenSeconds: Meter
    /// Listed entities in force.
    public let listEntities: Meter

    /// Operations counted by ``transfer(operation:outcome:)``.
    public static let transferOperations = ["read", "detokenise", "tokenise", "store-record"]
    /// Outcomes counted by ``transfer(operation:outcome:)``.
    public static let transferOutcomes = ["allow", "allow_tokenised_only", "deny"]

    /// Results counted by ``transactionResult(_:)``.
    public static let transactionResultLabels = ["created", "replayed", "conflict", "rejected"]
    /// Reasons counted by ``authFailure(_:)``.
    public static let authFailureLabels = ["missing_credentials", "invalid_credentials", "forbidden"]

    public init(factory: any MetricsFactory, version: String, region: String) {
        self.factory = factory
        var decisions: [DecisionOutcome: CoreMetrics.Counter] = [:]
        for outcome in DecisionOutcome.allCases {
            decisions[outcome] = Counter(label: "strait_decisions_total", dimensions: [("outcome", outcome.rawValue)], factory: factory)
        }
        self.decisionCounters = decisions
        var results: [String: CoreMetrics.Counter] = [:]
        for result in Self.transactionResultLabels {
            results[result] = Counter(label: "strait_transactions_total", dimensions: [("result", result)], factory: factory)
        }
        self.transactionResults = results
        var auth: [String: CoreMetrics.Counter] = [:]
        for reason in Self.authFailureLabels {
            auth[reason] = Counter(label: "strait_auth_failures_total", dimensions: [("reason", reason)], factory: factory)
        }
        self.authFailures = auth
        self.inFlight = Meter(label: "strait_http_requests_in_flight", factory: factory)
        self.auditEntries = Meter(label: "strait_audit_log_entries", factory: factory)
        self.storeWrite = Timer(label: "strait_store_write_duration_seconds", factory: factory)
        self.checkpointSize = Meter(label: "strait_ledger_checkpoint_size", factory: factory)
        self.checkpointsPublished = Counter(label: "strait_ledger_checkpoints_published_total", factory: factory)
        self.checkpointFailures = Counter(label: "strait_ledger_checkpoint_failures_total", factory: factory)
        var transfers: [String: CoreMetrics.Counter] = [:]
        for operation in Self.transferOperations {
            for outcome in Self.transferOutcomes {
                transfers["\(operation)/\(outcome)"] = Counter(
                    label: "strait_residency_transfers_total", dimensions: [("operation", operation), ("outcome", outcome)], factory: factory
                )
            }
        }
        self.transfers = transfers
        self.vaultValues = [
            "tokenised": Counter(label: "strait_vault_values_total", dimensions: [("operation", "tokenised")], factory: factory),
            "detokenised": Counter(label: "strait_vault_values_total", dimensions: [("operation", "detokenised")], factory: factory),
        ]
        self.driftTransfers = Meter(label: "strait_residency_drift_transfers", factory: factory)
        var outcomes: [String: CoreMetrics.Counter] = [:]
        for outcome in Self.shieldOutcomeLabels {
            outcomes[outcome] = Counter(label: "strait_shield_requests_total", dimensions: [("outcome", outcome)], factory: factory)
        }
        self.shieldOutcomes = outcomes
        var families: [String: CoreMetrics.Counter] = [:]
        for family in AttackFamily.allCases {
            families[family.rawValue] = Counter(label: "strait_shield_detections_total", dimensions: [("family", family.rawValue)], factory: factory)
        }
        self.shieldFamilies = families
        var signals: [String: CoreMetrics.Counter] = [:]
        for signal in ClientTracker.Signal.allCases {
            signals[signal.rawValue] = Counter(label: "strait_shield_signals_total", dimensions: [("signal", signal.rawValue)], factory: factory)
        }
        self.shieldSignals = signals
        var alerts: [String: CoreMetrics.Counter] = [:]
        for source in AlertSource.allCases {
            for outcome in [MonitorOutcome.review, .block] {
                alerts["\(source.rawValue)/\(outcome.rawValue)"] = Counter(
                    label: "strait_monitor_alerts_total", dimensions: [("source", source.rawValue), ("outcome", outcome.rawValue)], factory: factory
                )
            }
        }
        self.alertCounters = alerts
        self.casesOpened = Counter(label: "strait_monitor_cases_opened_total", factory: factory)
        var onboarded: [String: CoreMetrics.Counter] = [:]
        for status in ["pending_review", "edd_required", "active", "rejected"] {
            onboarded[status] = Counter(label: "strait_customers_onboarded_total", dimensions: [("status", status)], factory: factory)
        }
        self.customersOnboarded = onboarded
        self.customersRescreened = Counter(label: "strait_screening_rescreened_customers_total", factory: factory)
        self.rescreenHits = Counter(label: "strait_screening_rescreen_hits_total", factory: factory)
        self.rescreenSeconds = Meter(label: "strait_screening_rescreen_duration_seconds", factory: factory)
        self.listEntities = Meter(label: "strait_screening_list_entities", factory: factory)
        Gauge(label: "strait_build_info", dimensions: [("version", version), ("region", region)], factory: factory).record(1)
    }

    /// Counts and times one answered request.
    public func request(route: String, method: String, status: Int, durationNanoseconds: Int64) {
        let key = RequestKey(route: route, method: method, status: status)
        let timerKey = TimerKey(route: route, method: method)
        let (counter, timer) = requestMetrics.withLock { cache in
            if let counter = cache.counters[key], let timer = cache.timers[timerKey] { return (counter, timer) }
            let counter =
                cache.counters[key]
                ?? Counter(
                    label: "strait_http_requests_total",
                    dimensions: [("route", route), ("method", method), ("status", String(status))],
                    factory: factory
                )
            let timer =
                cache.timers[timerKey]
                ?? Timer(label: "strait_http_request_duration_seconds", dimensions: [("route", route), ("method", method)], factory: factory)
            cache.counters[key] = counter
            cache.timers[timerKey] = timer
            return (counter, timer)
        }
        counter.increment()
        timer.recordNanoseconds(durationNanoseconds)
    }

    /// Counts one decision.
    public func decision(_ outcome: DecisionOutcome) {
        decisionCounters[outcome]?.increment()
    }

    /// Counts one POST /v1/transactions result (see ``transactionResultLabels``).
    public func transactionResult(_ result: String) {
        transactionResults[result]?.increment()
    }

    /// Counts one registered transfer decision.
    public func transfer(operation: String, outcome: String) {
        transfers["\(operation)/\(outcome)"]?.increment()
    }

    /// Counts values sealed (`tokenised`) or revealed (`detokenised`) by the vault.
    public func vaultValues(_ operation: String, count: Int) {
        vaultValues[operation]?.increment(by: Int64(count))
    }

    /// Counts one proxied request by what the firewall and the upstream did (see ``shieldOutcomeLabels``).
    public func shield(_ outcome: String) {
        shieldOutcomes[outcome]?.increment()
    }

    /// Counts one intrusion signal handed to monitoring.
    public func shieldSignal(_ signal: String) {
        shieldSignals[signal]?.increment()
    }

    /// Counts one alert Monitor raised (and the case it opened, if it did).
    public func alertRaised(_ raised: RaisedAlert) {
        alertCounters["\(raised.alert.source.rawValue)/\(raised.alert.outcome.rawValue)"]?.increment()
        if raised.opened { casesOpened.increment() }
    }

    /// Counts one onboarded customer by the status it got.
    public func customerOnboarded(status: String) {
        customersOnboarded[status]?.increment()
    }

    /// Counts one firewall detection of an attack family.
    public func shieldDetection(_ family: String) {
        shieldFamilies[family]?.increment()
    }

    /// Sets `strait_proxy_upstream_up` (1 up, 0 down) for one server of a proxied route.
    public func upstreamUp(route: String, upstream: String, up: Bool) {
        Gauge(label: "strait_proxy_upstream_up", dimensions: [("route", route), ("upstream", upstream)], factory: factory).record(up ? 1 : 0)
    }

    /// Counts one refused request (see ``authFailureLabels``).
    public func authFailure(_ reason: String) {
        authFailures[reason]?.increment()
    }
}

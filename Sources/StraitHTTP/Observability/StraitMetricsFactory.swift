// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import CoreMetrics
public import Prometheus

/// A swift-metrics factory that exports to a Prometheus registry with `# HELP` text for every metric.
///
/// Strait's own code records metrics through the swift-metrics API (`Counter`, `Timer`, `Gauge`
/// created with `factory:`), so that tests can inject their own factory and `main` can bootstrap
/// `MetricsSystem` with this one. `promtool check metrics` requires help text, which swift-metrics
/// does not carry, so this factory looks it up in ``StraitMetricsFactory/help``.
public struct StraitMetricsFactory: MetricsFactory {
    /// The registry that `/metrics` renders.
    public let registry: PrometheusCollectorRegistry

    /// Latency buckets for timers, in seconds: 0.25 ms to 10 s.
    public static let durationBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// Help text by metric name. Metrics not listed get a generic help line.
    public static let help: [String: String] = [
        "strait_http_requests_total": "HTTP requests answered, by route template, method and status code.",
        "strait_http_request_duration_seconds": "Time from receiving an HTTP request to producing its response, by route template and method.",
        "strait_http_requests_in_flight": "HTTP requests being handled now.",
        "strait_decisions_total": "Transaction decisions made, by outcome (allow, review, block).",
        "strait_residency_transfers_total": "Cross-border transfer decisions registered, by operation and outcome (allow, allow_tokenised_only, deny).",
        "strait_shield_requests_total": "Requests for proxied routes, by outcome (passed, detected, blocked, rejected, limited, banned, denied, upstream_timeout, upstream_unavailable).",
        "strait_shield_detections_total": "Firewall detections, by attack family.",
        "strait_shield_signals_total": "Intrusion signals raised for monitoring (many accounts from one IP, credential stuffing, bans).",
        "strait_vault_values_total": "Values sealed (tokenised) or revealed (detokenised) by this region's vault.",
        "strait_residency_drift_transfers": "Register entries whose data went abroad in a form the latest reviewed catalogue no longer allows (compliance drift).",
        "strait_transactions_total": "POST /v1/transactions results: created, replayed, conflict or rejected.",
        "strait_audit_log_entries": "Entries in the audit log after the last write by this process.",
        "strait_ledger_checkpoint_size": "Tree size of the latest signed checkpoint seen by this process.",
        "strait_ledger_checkpoints_published_total": "Signed checkpoints this process published.",
        "strait_ledger_checkpoint_failures_total": "Failed attempts to publish a checkpoint.",
        "strait_store_write_duration_seconds": "Time to commit a write to the store, including waiting for its group commit.",
        "strait_auth_failures_total": "Requests refused by authentication or authorization, by reason.",
        "strait_build_info": "Always 1; labels carry the Strait version and region.",
    ]

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    private func descriptor(_ label: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: label, unitName: "", helpText: Self.help[label] ?? "Strait metric \(label).")
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard aggregate else { return registry.makeGauge(descriptor: descriptor(label), labels: dimensions) }
        return registry.makeValueHistogram(
            descriptor: descriptor(label),
            labels: dimensions,
            buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]
        )
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        registry.makeDurationHistogram(descriptor: descriptor(label), labels: dimensions, buckets: Self.durationBuckets)
    }

    public func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }
    public func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }
    public func destroyRecorder(_ handler: any RecorderHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
        if let histogram = handler as? ValueHistogram { registry.unregisterValueHistogram(histogram) }
    }
    public func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }
}

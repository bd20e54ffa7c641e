// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import StraitCore

/// One entry of a party's recent regions: a region (hashed) a payment came through, and when.
public struct RecentRegion: Sendable, Hashable {
    public var time: Int64
    public var region: UInt32

    public init(time: Int64, region: UInt32) {
        self.time = time
        self.region = region
    }
}

extension RecentRegion: RecentEvent {
    public static var empty: RecentRegion { RecentRegion(time: .min, region: 0) }
}

extension RecentEvents where Event == RecentRegion {
    /// Appends `event`, or moves the newest entry's time forward when it is the same region (a run
    /// of payments through one region takes one slot, so the ring reaches further back).
    mutating func record(_ event: RecentRegion) {
        if stored > 0 {
            let newest = slot(newest: 0)
            if items[newest].region == event.region {
                items[newest].time = max(items[newest].time, event.time)
                return
            }
        }
        append(event)
    }
}

extension MonitoredKYCOutcome.Status {
    /// The code of the `party_kyc_status` feature, in rising order of concern: 1 verified,
    /// 2 pending, 3 expired, 4 failed (0: no outcome on record).
    public var code: UInt8 {
        switch self {
        case .verified: 1
        case .pending: 2
        case .expired: 3
        case .failed: 4
        }
    }

    /// The status of a code (nil for 0, no outcome on record).
    public init?(code: UInt8) {
        guard let status = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = status
    }
}

extension MonitoredKYCOutcome.RiskRating {
    /// The code of the `party_risk` feature: 1 low, 2 medium, 3 high (0: none on record).
    public var code: UInt8 {
        switch self {
        case .low: 1
        case .medium: 2
        case .high: 3
        }
    }

    /// The rating of a code (nil for 0, none on record).
    public init?(code: UInt8) {
        guard let rating = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = rating
    }
}

/// `2026-01-05 10:00 UTC, 2.0 days before this payment`.
func recordedWhen(_ time: Int64, payment: Int64) -> String {
    let stamp = Timestamp.format(epochMilliseconds: time.multipliedReportingOverflow(by: 1_000).partialValue)
    let date = stamp.prefix(10) + " " + stamp.dropFirst(11).prefix(5) + " UTC"
    let gap = abs(payment - time)
    let span = gap < 2 * 86_400 ? duration(Double(gap)) : String(format: "%.1f days", Double(gap) / 86_400)
    return "\(date), \(span) \(time <= payment ? "before" : "after") this payment"
}

/// `45 s`, `12 min`, `3.5 h`.
func duration(_ seconds: Double) -> String {
    if seconds < 120 { return "\(formatted(seconds.rounded())) s" }
    if seconds < 2 * 3_600 { return "\(formatted((seconds / 60).rounded())) min" }
    return String(format: "%.1f h", seconds / 3_600)
}

/// A payment by a customer whose latest KYC outcome is not a clean pass: verification failed
/// (strength 2, at any amount), is pending or has expired (strength 1, from `min_amount`), or the
/// customer is rated high risk (strength 1, from `high_risk_min_amount`). Parameters: `min_amount`
/// (0), `high_risk_min_amount` (1000, in the payment's currency).
///
/// A party with no KYC outcome on record gives no finding: Monitor knows only the outcomes it was
/// sent (`MonitorEngine.process(_:)` with a ``MonitoredKYCOutcome``), not whether a check was ever
/// made.
public struct KYCRisk: TransactionTypology {
    public let id = "kyc-risk"
    public var minAmount: Double
    public var highRiskMinAmount: Double

    public init(parameters: TypologyParameters = .init()) throws {
        var read = ParameterReader(id, parameters)
        minAmount = try read("min_amount", 0, 0...1e12)
        highRiskMinAmount = try read("high_risk_min_amount", 1_000, 0...1e12)
        try read.finish()
    }

    /// The reason codes kept with an outcome: the first four, each cut to 40 characters, and how
    /// many more there were.
    static func summary(of reasons: [String]) -> String? {
        let codes = reasons.filter { !$0.isEmpty }
        guard !codes.isEmpty else { return nil }
        let kept = codes.prefix(4).map { String($0.prefix(40)) }.joined(separator: ", ")
        return codes.count > 4 ? kept + " and \(codes.count - 4) more" : kept
    }

    public func evaluate(_ payment: PaymentContext) -> Finding? {
        guard let parties = payment.parties, let party = payment.party else { return nil }
        // Most parties have nothing to say: read two bytes before copying the state.
        guard parties.states[party].kycStatus >= MonitoredKYCOutcome.Status.pending.code
            || parties.states[party].riskRating == MonitoredKYCOutcome.RiskRating.high.code
        else { return nil }
        let state = parties.states[party]
        let amount = payment.transaction.amount
        let time = payment.transaction.time
        let currency = payment.transaction.currency.isEmpty ? "" : " " + payment.transaction.currency
        var strength = 0.0
        var parts: [String] = []
        var values: [String: Double] = ["amount": amount, "kyc_status": Double(state.kycStatus), "risk_rating": Double(state.riskRating)]
        let reasons = state.kycReasons.map { "; reasons: \($0)" } ?? ""
        switch MonitoredKYCOutcome.Status(code: state.kycStatus) {
        case .failed?:
            strength = 2
            parts.append(
                "the paying customer's latest identity verification (KYC) failed (recorded \(recordedWhen(state.kycTime, payment: time))\(reasons)); a payment of \(formatted(amount))\(currency) by a customer who failed KYC is flagged at any amount"
            )
        case let status? where (status == .pending || status == .expired) && amount >= minAmount:
            strength = 1
            let condition = status == .pending ? "is still pending" : "has expired"
            let threshold = minAmount > 0 ? "is at or above the threshold \(formatted(minAmount))" : "is flagged at any amount (threshold 0)"
            parts.append(
                "the paying customer's identity verification (KYC) \(condition) (recorded \(recordedWhen(state.kycTime, payment: time))\(reasons)); the payment of \(formatted(amount))\(currency) \(threshold)"
            )
            values["min_amount"] = minAmount
        default:
            break
        }
        if state.riskRating == MonitoredKYCOutcome.RiskRating.high.code, amount >= highRiskMinAmount {
            strength = max(strength, 1)
            parts.append(
                "the paying customer is rated high risk (rated \(recordedWhen(state.riskTime, payment: time))); the payment of \(formatted(amount))\(currency) is at or above the high-risk threshold \(formatted(highRiskMinAmount))"
            )
            values["high_risk_min_amount"] = highRiskMinAmount
        }
        guard strength > 0 else { return nil }
        if state.kycTime != .min { values["kyc_time"] = Double(state.kycTime) }
        return Finding(typology: id, strength: strength, message: parts.joined(separator: "; also "), values: values)
    }
}

/// A burst of payments through several regions: the paying party's payments, this one included,
/// came through at least `min_regions` distinct Strait regions within `window_s` seconds — one
/// credential used at once from places served by different regions. Payments without a region are
/// not counted (and this one, without a region, gives no finding). Parameters: `min_regions` (3,
/// at most 8), `window_s` (3600).
///
/// The party's regions are a ring of its last 8 region changes (a run of payments through one
/// region is one entry).
public struct CrossRegionBurst: TransactionTypology {
    public let id = "cross-region-burst"
    public var minRegions: Double
    public var windowSeconds: Double

    public init(parameters: TypologyParameters = .init()) throws {
        var read = ParameterReader(id, parameters)
        minRegions = try read("min_regions", 3, 2...8)
        windowSeconds = try read("window_s", 3_600, 60...30 * 86_400)
        try read.finish()
    }

    public func evaluate(_ payment: PaymentContext) -> Finding? {
        guard let region = payment.transaction.region, !region.isEmpty, let parties = payment.parties, let party = payment.party else { return nil }
        let time = payment.transaction.time
        // Region hashes as peers (a set without allocation); this payment's first.
        let current = MonitorEngine.hash(region)
        var regions = PeerSet(Int32(bitPattern: current))
        var earliest = time
        parties.states[party].regions.forEach(since: time - Int64(windowSeconds)) { entry in
            regions.insert(Int32(bitPattern: entry.region))
            earliest = min(earliest, entry.time)
        }
        guard Double(regions.count) >= minRegions else { return nil }
        let names = regions.elements.map { UInt32(bitPattern: $0) == current ? region : parties.regionName(UInt32(bitPattern: $0)) }
        let span = max(time - earliest, 0)
        return Finding(
            typology: id, strength: Double(regions.count) / minRegions,
            message: "the paying customer's payments came through \(regions.count) regions (\(names.joined(separator: ", "))) within \(duration(Double(span))), this one through \(region) (threshold \(formatted(minRegions)) regions within \(duration(windowSeconds)))",
            values: ["regions": Double(regions.count), "span_s": Double(span), "min_regions": minRegions, "window_s": windowSeconds]
        )
    }
}

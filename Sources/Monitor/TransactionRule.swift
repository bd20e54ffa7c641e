// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import StraitCore

/// The result of one rule for one payment. A review or block is an outcome, not an error.
public enum RuleResult: Sendable, Hashable {
    case pass
    case review(DecisionReason)
    case block(DecisionReason)
}

/// A monitoring rule: a value that looks at a payment and returns a result with a reason.
///
/// Rules hold their parameters and no mutable state; they are evaluated by a ``DecisionPipeline``.
///
/// ```swift
/// let rule = AmountThresholdRule(defaultMajor: 10_000, overrides: [:])
/// let result = rule.evaluate(instruction)
/// ```
public protocol TransactionRule: Sendable {
    /// Stable name of the rule, recorded with each reason (`amount-threshold`).
    var name: String { get }
    /// Evaluates the rule for one payment.
    func evaluate(_ instruction: PaymentInstruction) -> RuleResult
}

/// Review a payment whose amount is at or above a per-currency threshold.
///
/// Thresholds are whole major units (10 000 means 10 000.00 EUR or 10 000 JPY); `overrides`
/// sets a currency's own threshold, `defaultMajor` applies to every other currency.
/// There is no currency conversion here: a threshold is compared in the payment's own currency.
public struct AmountThresholdRule: TransactionRule {
    public let name = "amount-threshold"
    public let defaultMajor: Int64
    public let overrides: [String: Int64]

    public init(defaultMajor: Int64, overrides: [String: Int64]) {
        self.defaultMajor = defaultMajor
        self.overrides = overrides
    }

    /// The threshold in minor units for `currency`.
    public func thresholdMinor(for currency: Currency) -> Int64 {
        Money.minorUnits(major: overrides[currency.code] ?? defaultMajor, currency: currency)
    }

    public func evaluate(_ instruction: PaymentInstruction) -> RuleResult {
        let threshold = Money(minor: thresholdMinor(for: instruction.amount.currency), currency: instruction.amount.currency)
        guard instruction.amount.minor >= threshold.minor else { return .pass }
        return .review(
            DecisionReason(
                code: "amount_at_or_above_threshold",
                rule: name,
                message: "amount \(instruction.amount) is at or above the review threshold of \(threshold)"
            )
        )
    }
}

/// Block a payment whose originator or beneficiary is in a blocked jurisdiction.
///
/// The default list is the FATF "high-risk jurisdictions subject to a call for action"
/// (DPRK, Iran, Myanmar); operators set their own in configuration.
public struct BlockedJurisdictionRule: TransactionRule {
    public let name = "blocked-jurisdiction"
    public let countries: Set<CountryCode>

    public init(countries: Set<CountryCode>) {
        self.countries = countries
    }

    public func evaluate(_ instruction: PaymentInstruction) -> RuleResult {
        var sides: [String] = []
        if countries.contains(instruction.originator.country) { sides.append("originator country \(instruction.originator.country)") }
        if countries.contains(instruction.beneficiary.country) { sides.append("beneficiary country \(instruction.beneficiary.country)") }
        guard !sides.isEmpty else { return .pass }
        return .block(
            DecisionReason(
                code: "blocked_jurisdiction",
                rule: name,
                message: "\(sides.joined(separator: " and ")) is on the blocked-jurisdiction list"
            )
        )
    }
}

/// Review a payment whose originator and beneficiary are the same party but the accounts differ
/// across borders: a common shape of funds being moved out of a jurisdiction.
public struct SelfTransferCrossBorderRule: TransactionRule {
    public let name = "cross-border-self-transfer"

    public init() {}

    public func evaluate(_ instruction: PaymentInstruction) -> RuleResult {
        guard instruction.isCrossBorder, instruction.originator.partyID == instruction.beneficiary.partyID else { return .pass }
        return .review(
            DecisionReason(
                code: "cross_border_self_transfer",
                rule: name,
                message:
                    "party \(instruction.originator.partyID) moves funds to itself from \(instruction.originator.country) to \(instruction.beneficiary.country)"
            )
        )
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// What Strait tells the caller to do with a payment.
///
/// Ordered by severity: a pipeline's outcome is the most severe of its rules' outcomes.
public enum DecisionOutcome: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    /// Proceed.
    case allow
    /// Hold for an analyst.
    case review
    /// Refuse.
    case block

    private var severity: Int {
        switch self {
        case .allow: 0
        case .review: 1
        case .block: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.severity < rhs.severity }
}

/// Why a rule asked for review or block, in words an analyst understands.
public struct DecisionReason: Sendable, Codable, Hashable {
    /// Stable machine-readable code, e.g. `amount_at_or_above_threshold`.
    public var code: String
    /// The rule that produced it, e.g. `amount-threshold`.
    public var rule: String
    /// A sentence naming the values and the threshold involved.
    public var message: String

    public init(code: String, rule: String, message: String) {
        self.code = code
        self.rule = rule
        self.message = message
    }
}

/// The outcome of the decision pipeline for one payment, with every reason that contributed.
public struct Decision: Sendable, Codable, Hashable {
    public var outcome: DecisionOutcome
    public var reasons: [DecisionReason]

    public init(outcome: DecisionOutcome, reasons: [DecisionReason]) {
        self.outcome = outcome
        self.reasons = reasons
    }
}

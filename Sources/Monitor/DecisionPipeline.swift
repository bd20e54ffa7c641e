// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import StraitCore

/// Runs every rule over a payment and combines the results.
///
/// The outcome is the most severe result (block > review > allow); the reasons are those of every
/// rule that did not pass, in rule order, so an analyst sees all of them, not only the first.
///
/// ```swift
/// let pipeline = DecisionPipeline(rules: [AmountThresholdRule(defaultMajor: 10_000, overrides: [:])])
/// let decision = pipeline.decide(instruction)   // .allow, .review or .block with reasons
/// ```
public struct DecisionPipeline: Sendable {
    public let rules: [any TransactionRule]

    public init(rules: [any TransactionRule]) {
        self.rules = rules
    }

    /// Decides one payment.
    public func decide(_ instruction: PaymentInstruction) -> Decision {
        var outcome = DecisionOutcome.allow
        var reasons: [DecisionReason] = []
        for rule in rules {
            switch rule.evaluate(instruction) {
            case .pass:
                continue
            case .review(let reason):
                outcome = max(outcome, .review)
                reasons.append(reason)
            case .block(let reason):
                outcome = .block
                reasons.append(reason)
            }
        }
        return Decision(outcome: outcome, reasons: reasons)
    }
}

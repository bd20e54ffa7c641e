// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Monitor
import StraitCore
import Testing

@Suite("Decision pipeline")
struct DecisionPipelineTests {
    func instruction(minor: Int64, currency: String = "EUR", from: String = "DE", to: String = "SG", sameParty: Bool = false) throws
        -> PaymentInstruction
    {
        try PaymentInstructionDraft(
            id: "tx-1",
            timestamp: "2026-11-27T01:00:00Z",
            originator: .init(partyId: "cust-1", account: "A-1", country: from),
            beneficiary: .init(partyId: sameParty ? "cust-1" : "cust-2", account: "B-2", country: to),
            amount: .init(minor: minor, currency: currency),
            channel: "web"
        ).validate().get()
    }

    let threshold = AmountThresholdRule(defaultMajor: 10_000, overrides: ["JPY": 1_500_000])

    @Test("amounts below the threshold pass; at or above are reviewed")
    func thresholdReview() throws {
        #expect(threshold.evaluate(try instruction(minor: 999_999)) == .pass)
        guard case .review(let reason) = threshold.evaluate(try instruction(minor: 1_000_000)) else {
            Issue.record("expected review")
            return
        }
        #expect(reason.code == "amount_at_or_above_threshold")
        #expect(reason.message == "amount 10000.00 EUR is at or above the review threshold of 10000.00 EUR")
    }

    @Test("per-currency overrides and minor units are respected")
    func overrides() throws {
        #expect(threshold.evaluate(try instruction(minor: 1_499_999, currency: "JPY")) == .pass)
        #expect(threshold.evaluate(try instruction(minor: 1_500_000, currency: "JPY")) != .pass)
        // KWD has three minor digits: 10 000 KWD = 10 000 000 minor units.
        #expect(threshold.evaluate(try instruction(minor: 9_999_999, currency: "KWD")) == .pass)
        #expect(threshold.evaluate(try instruction(minor: 10_000_000, currency: "KWD")) != .pass)
    }

    @Test("the most severe outcome wins and every reason is kept")
    func combination() throws {
        let pipeline = DecisionPipeline(rules: [
            BlockedJurisdictionRule(countries: [try #require(CountryCode(rawValue: "KP"))]), threshold, SelfTransferCrossBorderRule(),
        ])
        #expect(pipeline.decide(try instruction(minor: 100)).outcome == .allow)
        #expect(pipeline.decide(try instruction(minor: 100)).reasons.isEmpty)
        let review = pipeline.decide(try instruction(minor: 5_000_000))
        #expect(review.outcome == .review)
        #expect(review.reasons.map(\.rule) == ["amount-threshold"])
        let block = pipeline.decide(try instruction(minor: 5_000_000, to: "KP", sameParty: true))
        #expect(block.outcome == .block)
        #expect(block.reasons.map(\.code) == ["blocked_jurisdiction", "amount_at_or_above_threshold", "cross_border_self_transfer"])
        #expect(block.reasons[0].message == "beneficiary country KP is on the blocked-jurisdiction list")
    }

    @Test("a same-country self transfer is not flagged")
    func domesticSelfTransfer() throws {
        #expect(SelfTransferCrossBorderRule().evaluate(try instruction(minor: 100, from: "DE", to: "DE", sameParty: true)) == .pass)
    }
}

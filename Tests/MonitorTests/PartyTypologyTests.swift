// Strait — compliance gateway for cross-border fintech. Apache-2.0.

@testable import Monitor
import Testing

/// An hour and a day in seconds, and a start time (2026-01-05, a Monday, 00:00 UTC).
private let hour: Int64 = 3_600
private let day: Int64 = 86_400
private let start: Int64 = 1_767_571_200

@Suite("Monitor: KYC outcomes and cross-region bursts of a party")
struct PartyTypologyTests {
    func engine(_ document: ScenarioDocument = .defaults) throws -> MonitorEngine {
        MonitorEngine(scenarios: try ScenarioSet(document))
    }

    /// A scenario file that scores every finding of `typology` with 50 points, with `parameters`.
    func document(_ typology: String, _ parameters: [String: Double] = [:]) -> ScenarioDocument {
        ScenarioDocument(
            version: "party-test", typologies: parameters.isEmpty ? nil : [typology: parameters],
            scenarios: [.init(id: typology, when: [.init(typology: typology)], score: 50)]
        )
    }

    func payment(_ id: String, at time: Int64, party: String = "p1", account: String = "acc-1", to: String? = nil, amount: Double = 120, region: String? = nil)
        -> MonitoredTransaction
    {
        MonitoredTransaction(id: id, time: time, from: account, to: to ?? "payee-\(id)", amount: amount, currency: "EUR", fromParty: party, region: region)
    }

    func finding(_ decision: MonitorDecision, _ typology: String) -> Finding? { decision.findings.first { $0.typology == typology } }

    // MARK: KYC

    @Test("a failed KYC check: a finding of strength 2 naming the failure, when it was recorded and the reasons; review with the default scenarios")
    func kycFailed() throws {
        let engine = try engine()
        let recorded = engine.process(
            MonitoredKYCOutcome(id: "k1", time: start + 10 * hour, party: "p1", status: .failed, riskRating: .medium, reasons: ["document_expired", "name_mismatch"])
        )
        #expect(recorded)
        let decision = engine.process(payment("t1", at: start + 10 * hour + 2 * day, amount: 120))
        let kyc = try #require(finding(decision, "kyc-risk"))
        #expect(kyc.strength == 2)
        #expect(kyc.message.contains("identity verification (KYC) failed"), "\(kyc.message)")
        #expect(kyc.message.contains("recorded 2026-01-05 10:00 UTC, 2.0 days before this payment"), "\(kyc.message)")
        #expect(kyc.message.contains("reasons: document_expired, name_mismatch"), "\(kyc.message)")
        #expect(kyc.message.contains("payment of 120 EUR"), "\(kyc.message)")
        #expect(kyc.values["kyc_status"] == 4 && kyc.values["risk_rating"] == 2)
        #expect(decision.outcome == .review && decision.score == 80, "\(decision.reasons)")
        #expect(Set(decision.scenarios.map(\.id)) == ["kyc-failed", "kyc-risk"])
        #expect(decision.reasons.contains { $0.hasPrefix("kyc-failed:") && $0.contains("document_expired") }, "\(decision.reasons)")
        #expect(decision.scenarioVersion == "strait-default-2026.11.2")
    }

    @Test("pending or expired KYC: a finding of strength 1 only from min_amount (default 0: any amount)")
    func kycPendingAndExpired() throws {
        let strict = try engine(document("kyc-risk", ["min_amount": 500]))
        strict.process(MonitoredKYCOutcome(id: "k1", time: start, party: "p1", status: .pending))
        let small = strict.process(payment("t1", at: start + hour, amount: 499))
        #expect(finding(small, "kyc-risk") == nil && small.outcome == .allow, "\(small.reasons)")
        let large = strict.process(payment("t2", at: start + 2 * hour, amount: 500))
        let pending = try #require(finding(large, "kyc-risk"))
        #expect(pending.strength == 1 && large.outcome == .review)
        #expect(pending.message.contains("is still pending") && pending.message.contains("payment of 500 EUR is at or above the threshold 500"), "\(pending.message)")
        // With the defaults, an expired check is found at any amount and adds 30 points (not review on its own).
        let defaults = try engine()
        defaults.process(MonitoredKYCOutcome(id: "k2", time: start, party: "p2", status: .expired, reasons: ["document_expired"]))
        let decision = defaults.process(payment("t3", at: start + 30 * 60, party: "p2", account: "acc-2", amount: 5))
        let expired = try #require(finding(decision, "kyc-risk"))
        #expect(expired.strength == 1 && expired.message.contains("has expired") && expired.message.contains("30 min before this payment"), "\(expired.message)")
        #expect(expired.message.contains("reasons: document_expired") && expired.message.contains("payment of 5 EUR is flagged at any amount (threshold 0)"), "\(expired.message)")
        #expect(decision.outcome == .allow && decision.score == 30 && decision.scenarios.map(\.id) == ["kyc-risk"], "\(decision.reasons)")
    }

    @Test("a high risk rating: a finding from high_risk_min_amount (1000), none below")
    func highRisk() throws {
        let engine = try engine()
        engine.process(MonitoredKYCOutcome(id: "k1", time: start, party: "p1", status: .verified, riskRating: .high))
        let below = engine.process(payment("t1", at: start + hour, amount: 999.99))
        #expect(finding(below, "kyc-risk") == nil && below.outcome == .allow, "\(below.reasons)")
        let above = engine.process(payment("t2", at: start + 2 * hour, amount: 1_000))
        let high = try #require(finding(above, "kyc-risk"))
        #expect(high.strength == 1 && high.values["high_risk_min_amount"] == 1_000)
        #expect(high.message.contains("rated high risk") && high.message.contains("at or above the high-risk threshold 1000"), "\(high.message)")
        #expect(!high.message.contains("failed") && !high.message.contains("pending"))
        // A medium rating is not high risk at any amount.
        engine.process(MonitoredKYCOutcome(id: "k2", time: start, party: "p2", status: .verified, riskRating: .medium))
        #expect(finding(engine.process(payment("t3", at: start + hour, party: "p2", account: "acc-2", amount: 50_000)), "kyc-risk") == nil)
    }

    @Test("verified KYC with a low rating gives no finding")
    func verified() throws {
        let engine = try engine()
        engine.process(MonitoredKYCOutcome(id: "k1", time: start, party: "p1", status: .verified, riskRating: .low))
        let decision = engine.process(payment("t1", at: start + hour, amount: 50_000))
        #expect(finding(decision, "kyc-risk") == nil && decision.outcome == .allow, "\(decision.reasons)")
    }

    @Test("a later outcome replaces an earlier one; an older one arriving late is ignored; a rating stays until another is given")
    func laterReplaces() throws {
        let engine = try engine()
        engine.process(MonitoredKYCOutcome(id: "k1", time: start, party: "p1", status: .failed, riskRating: .high))
        #expect(finding(engine.process(payment("t1", at: start + hour)), "kyc-risk")?.strength == 2)
        #expect(engine.process(MonitoredKYCOutcome(id: "k2", time: start + 2 * hour, party: "p1", status: .verified, riskRating: .low)))
        let cleared = engine.process(payment("t2", at: start + 3 * hour, amount: 5_000))
        #expect(finding(cleared, "kyc-risk") == nil && cleared.outcome == .allow, "\(cleared.reasons)")
        // The failed outcome of before arrives again, late: the verified one stays.
        #expect(!engine.process(MonitoredKYCOutcome(id: "k1", time: start, party: "p1", status: .failed, riskRating: .high)))
        #expect(finding(engine.process(payment("t3", at: start + 4 * hour, amount: 5_000)), "kyc-risk") == nil)
        // A later outcome without a rating keeps the last rating (high, given with k3).
        engine.process(MonitoredKYCOutcome(id: "k3", time: start + 5 * hour, party: "p1", status: .verified, riskRating: .high))
        engine.process(MonitoredKYCOutcome(id: "k4", time: start + 6 * hour, party: "p1", status: .verified))
        let rated = try #require(finding(engine.process(payment("t4", at: start + 7 * hour, amount: 5_000)), "kyc-risk"))
        #expect(rated.message.contains("rated 2026-01-05 05:00 UTC, 2.0 h before this payment"), "\(rated.message)")
    }

    @Test("no KYC outcome on record: no finding, whether the party is unknown or known from its logins")
    func noOutcome() throws {
        let engine = try engine()
        let unknown = engine.process(payment("t1", at: start, party: "stranger", account: "acc-s", amount: 50_000))
        #expect(finding(unknown, "kyc-risk") == nil)
        _ = engine.process(MonitoredLogin(id: "l1", time: start, party: "p1", country: "FR", result: .success))
        let known = engine.process(payment("t2", at: start + hour, amount: 50_000))
        #expect(finding(known, "kyc-risk") == nil && known.outcome == .allow, "\(known.reasons)")
        // An outcome for another party does not count for this one.
        engine.process(MonitoredKYCOutcome(id: "k1", time: start, party: "p9", status: .failed))
        #expect(finding(engine.process(payment("t3", at: start + 2 * hour, amount: 50_000)), "kyc-risk") == nil)
    }

    @Test("party_kyc_status and party_risk in scenario conditions; the account stands for a payment without a party")
    func features() throws {
        #expect(TransactionFeatures.names.contains("party_kyc_status") && TransactionFeatures.names.contains("party_risk"))
        let document = ScenarioDocument(
            version: "features-1",
            scenarios: [
                .init(id: "high-risk-large", description: "a high-risk customer pays a large amount",
                      when: [.init(feature: "party_risk", op: "==", value: 3), .init(feature: "amount", op: ">=", value: 5_000)], score: 60),
                .init(id: "kyc-not-verified", description: "KYC pending, expired or failed",
                      when: [.init(feature: "party_kyc_status", op: ">=", value: 2)], score: 10),
            ]
        )
        let engine = try engine(document)
        engine.process(MonitoredKYCOutcome(id: "k1", time: start, party: "p1", status: .pending, riskRating: .high))
        let decision = engine.process(payment("t1", at: start + hour, amount: 6_000))
        #expect(decision.outcome == .review && decision.score == 70, "\(decision.reasons)")
        #expect(decision.reasons.contains("high-risk-large: a high-risk customer pays a large amount — party_risk is 3 (== 3); amount is 6000 (>= 5000)"), "\(decision.reasons)")
        #expect(decision.reasons.contains("kyc-not-verified: KYC pending, expired or failed — party_kyc_status is 2 (>= 2)"), "\(decision.reasons)")
        // Medium risk, verified: neither holds.
        engine.process(MonitoredKYCOutcome(id: "k2", time: start, party: "p2", status: .verified, riskRating: .medium))
        let medium = engine.process(payment("t2", at: start + hour, party: "p2", account: "acc-2", amount: 6_000))
        #expect(medium.outcome == .allow && medium.scenarios.isEmpty, "\(medium.reasons)")
        // Without a party on the payment, the account's key is the party's.
        engine.process(MonitoredKYCOutcome(id: "k3", time: start, party: "acc-3", status: .expired, riskRating: .high))
        let byAccount = engine.process(MonitoredTransaction(id: "t3", time: start + hour, from: "acc-3", to: "x", amount: 6_000))
        #expect(byAccount.score == 70, "\(byAccount.reasons)")
        // The codes, in rising order of concern.
        #expect(MonitoredKYCOutcome.Status.allCases.map(\.code).sorted() == [1, 2, 3, 4])
        #expect([MonitoredKYCOutcome.Status.verified, .pending, .expired, .failed].map(\.code) == [1, 2, 3, 4])
        #expect([MonitoredKYCOutcome.RiskRating.low, .medium, .high].map(\.code) == [1, 2, 3])
        #expect(MonitoredKYCOutcome.Status(code: 0) == nil && MonitoredKYCOutcome.Status(code: 3) == .expired)
    }

    // MARK: Cross-region bursts

    @Test("three regions within the hour: a finding naming the count, the regions and the window; review with the defaults; two accounts of one party count together")
    func crossRegion() throws {
        let engine = try engine()
        _ = engine.process(payment("r1", at: start, account: "acc-1", region: "eu-west"))
        _ = engine.process(payment("r2", at: start + 10 * 60, account: "acc-1", region: "eu-west"))
        let two = engine.process(payment("r3", at: start + 20 * 60, account: "acc-2", region: "us-east"))
        #expect(finding(two, "cross-region-burst") == nil)
        let decision = engine.process(payment("r4", at: start + 30 * 60, account: "acc-1", region: "ap-south"))
        let burst = try #require(finding(decision, "cross-region-burst"))
        #expect(burst.strength == 1 && burst.values["regions"] == 3)
        // eu-west counts from its latest payment (10 min), so the three came within 20 min.
        #expect(burst.message.contains("came through 3 regions (ap-south, us-east, eu-west) within 20 min"), "\(burst.message)")
        #expect(burst.message.contains("threshold 3 regions within 60 min"), "\(burst.message)")
        #expect(decision.outcome == .review && decision.scenarios.map(\.id) == ["cross-region-burst"], "\(decision.reasons)")
        // A fourth region: strength 4/3.
        let four = engine.process(payment("r5", at: start + 40 * 60, account: "acc-2", region: "sa-east"))
        #expect(finding(four, "cross-region-burst")?.strength == 4.0 / 3.0)
        // Another party's regions are its own.
        let other = engine.process(payment("o1", at: start + 41 * 60, party: "p2", account: "acc-9", region: "af-south"))
        #expect(finding(other, "cross-region-burst") == nil)
    }

    @Test("three regions spread beyond the window: no finding")
    func crossRegionSpread() throws {
        let engine = try engine()
        _ = engine.process(payment("r1", at: start, region: "eu-west"))
        _ = engine.process(payment("r2", at: start + 40 * 60, region: "us-east"))
        let decision = engine.process(payment("r3", at: start + 2 * hour, region: "ap-south"))
        #expect(finding(decision, "cross-region-burst") == nil && decision.outcome == .allow, "\(decision.reasons)")
    }

    @Test("payments without a region are ignored: they neither count nor are judged")
    func crossRegionNil() throws {
        let engine = try engine()
        _ = engine.process(payment("r1", at: start, region: "eu-west"))
        _ = engine.process(payment("n1", at: start + 60, region: nil))
        _ = engine.process(payment("n2", at: start + 120, region: ""))
        let two = engine.process(payment("r2", at: start + 180, region: "us-east"))
        #expect(finding(two, "cross-region-burst") == nil)
        _ = engine.process(payment("r3", at: start + 240, region: "ap-south"))
        // A payment without a region right after the burst is not judged for it.
        let unplaced = engine.process(payment("n3", at: start + 300, region: nil))
        #expect(finding(unplaced, "cross-region-burst") == nil)
        // Payments without a region create no party state.
        _ = engine.process(payment("n4", at: start, party: "quiet", account: "acc-q", region: nil))
        #expect(engine.parties.existing("quiet") == nil)
    }

    @Test("two regions back and forth: no finding")
    func crossRegionTwo() throws {
        let engine = try engine()
        var decision: MonitorDecision?
        for (index, region) in ["eu-west", "us-east", "eu-west", "us-east", "eu-west"].enumerated() {
            decision = engine.process(payment("r\(index)", at: start + Int64(index) * 60, region: region))
        }
        #expect(finding(try #require(decision), "cross-region-burst") == nil)
    }

    @Test("a run of payments through one region takes one slot of the ring, at its latest time")
    func crossRegionRun() throws {
        let engine = try engine()
        _ = engine.process(payment("a", at: start, region: "eu-west"))
        // Twelve more through us-east (more than the ring holds), the last within the window.
        for index in 0..<12 { _ = engine.process(payment("u\(index)", at: start + 2 * hour + Int64(index) * 60, region: "us-east")) }
        let state = engine.parties.states[try #require(engine.parties.existing("p1"))]
        #expect(state.regions.stored == 2 && state.regions.newest(0).time == start + 2 * hour + 11 * 60)
        let decision = engine.process(payment("z", at: start + 3 * hour, region: "ap-south"))
        #expect(finding(decision, "cross-region-burst") == nil, "eu-west is 3 h old: two regions within the hour")
        let again = engine.process(payment("y", at: start + 3 * hour + 60, region: "eu-west"))
        #expect(finding(again, "cross-region-burst")?.values["regions"] == 3)
    }

    @Test("evaluate does not learn a payment's region; learn does")
    func evaluateThenLearn() throws {
        let engine = try engine()
        for (index, region) in ["eu-west", "us-east"].enumerated() {
            _ = engine.evaluate(payment("e\(index)", at: start + Int64(index) * 60, region: region))
        }
        #expect(finding(engine.evaluate(payment("e2", at: start + 120, region: "ap-south")), "cross-region-burst") == nil)
        for (index, region) in ["eu-west", "us-east"].enumerated() {
            engine.learn(payment("e\(index)", at: start + Int64(index) * 60, region: region))
        }
        #expect(finding(engine.evaluate(payment("e2", at: start + 120, region: "ap-south")), "cross-region-burst") != nil)
    }

    @Test("the backtest's region and party columns reach the engine; empty cells are no region and no party")
    func backtestColumns() throws {
        let csv = """
            id,ts,src,dst,amt,customer,node
            1,1767571200,acc-1,x1,10,p1,eu-west
            2,1767571260,acc-2,x2,10,p1,us-east
            3,1767571290,acc-3,x3,10,,
            4,1767571320,acc-1,x3,10,p1,ap-south
            """
        let mapping = try ColumnMapping.parse("id=id,time=ts,from=src,to=dst,amount=amt,from_party=customer,region=node")
        let (rows, _) = try Backtest.readTransactions(Array(csv.utf8), mapping: mapping, timeUnit: .seconds)
        #expect(rows.map(\.transaction.region) == ["eu-west", "us-east", nil, "ap-south"])
        #expect(rows.map(\.transaction.fromParty) == ["p1", "p1", nil, "p1"])
        var decisions: [String: MonitorDecision] = [:]
        _ = Backtest.run(rows, engine: try engine()) { row, decision in decisions[row.transaction.id] = decision }
        #expect(try #require(decisions["3"]).findings.isEmpty)
        let burst = try #require(decisions["4"].flatMap { finding($0, "cross-region-burst") })
        #expect(burst.message.contains("3 regions (ap-south, us-east, eu-west) within 2 min"), "\(burst.message)")
    }

    // MARK: Parameters

    @Test("parameters from a scenario file change the thresholds")
    func parameters() throws {
        let pair = try engine(document("cross-region-burst", ["min_regions": 2, "window_s": 600]))
        _ = pair.process(payment("a1", at: start, region: "eu-west"))
        let near = pair.process(payment("a2", at: start + 5 * 60, region: "us-east"))
        let burst = try #require(finding(near, "cross-region-burst"))
        #expect(burst.strength == 1 && near.outcome == .review && burst.message.contains("threshold 2 regions within 10 min"), "\(burst.message)")
        _ = pair.process(payment("b1", at: start, party: "p2", account: "acc-2", region: "eu-west"))
        let far = pair.process(payment("b2", at: start + 15 * 60, party: "p2", account: "acc-2", region: "us-east"))
        #expect(finding(far, "cross-region-burst") == nil, "15 min apart with a 10 min window")

        let kyc = try engine(document("kyc-risk", ["high_risk_min_amount": 10]))
        kyc.process(MonitoredKYCOutcome(id: "k", time: start, party: "p1", status: .verified, riskRating: .high))
        let small = kyc.process(payment("t1", at: start + hour, amount: 10))
        #expect(finding(small, "kyc-risk")?.message.contains("high-risk threshold 10") == true && small.outcome == .review)
        #expect(finding(kyc.process(payment("t2", at: start + hour, amount: 9)), "kyc-risk") == nil)

        let typologies = try ScenarioSet(document("kyc-risk", ["min_amount": 1, "high_risk_min_amount": 2])).typologies
        let configured = try #require(typologies.first { $0.id == "kyc-risk" } as? KYCRisk)
        #expect(configured.minAmount == 1 && configured.highRiskMinAmount == 2)
        let defaults = try #require(try ScenarioSet(.defaults).typologies.first { $0.id == "cross-region-burst" } as? CrossRegionBurst)
        #expect(defaults.minRegions == 3 && defaults.windowSeconds == 3_600)
    }

    @Test("unknown or out-of-range parameters are refused naming the place; disabled typologies do not run")
    func refused() throws {
        let bad: [(ScenarioDocument, String)] = [
            (document("cross-region-burst", ["window_hours": 1]), "typologies.cross-region-burst.window_hours"),
            (document("cross-region-burst", ["min_regions": 1]), "typologies.cross-region-burst.min_regions"),
            (document("cross-region-burst", ["min_regions": 9]), "typologies.cross-region-burst.min_regions"),
            (document("kyc-risk", ["min_amout": 100]), "typologies.kyc-risk.min_amout"),
            (document("kyc-risk", ["high_risk_min_amount": -1]), "typologies.kyc-risk.high_risk_min_amount"),
            (ScenarioDocument(version: "v", scenarios: [.init(id: "x", when: [.init(feature: "party_rsik", op: "==", value: 3)], score: 1)]), "scenarios[0].when[0].feature"),
        ]
        for (document, place) in bad {
            #expect {
                _ = try ScenarioSet(document)
            } throws: { error in
                (error as? ScenarioError)?.location == place
            }
        }
        let off = try engine(ScenarioDocument(version: "v", disabled: ["kyc-risk", "cross-region-burst"], scenarios: []))
        off.process(MonitoredKYCOutcome(id: "k", time: start, party: "p1", status: .failed))
        #expect(finding(off.process(payment("t", at: start + hour)), "kyc-risk") == nil)
        #expect(ScenarioSet.typologyIDs.suffix(2) == ["kyc-risk", "cross-region-burst"])
        #expect(AnomalyModel.inputs.suffix(2) == ["typology:kyc-risk", "typology:cross-region-burst"])
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// Monitor's engine: keeps every account's features and behaviour profile, and every party's
/// logins, latest KYC outcome and recent regions; runs the typologies of a scenario set over each
/// payment, and decides it.
///
/// The engine is a single-writer object: the server holds it behind a lock, the backtest drives it
/// directly — the same code either way. Events should arrive in time order; a late event is
/// judged against the state as it is.
///
/// ```swift
/// let engine = try MonitorEngine(scenarios: ScenarioSet(.defaults))
/// let decision = engine.process(MonitoredTransaction(id: "t1", time: 1_767_225_600, from: "A", to: "B", amount: 120))
/// ```
public final class MonitorEngine {
    public private(set) var scenarios: ScenarioSet
    public let accounts = AccountTable()
    public let parties = PartyTable()
    /// The statistical model, when one was trained (`strait monitor train`), and the points it adds
    /// at probability 1 (none at 0.5 or below).
    public var model: AnomalyModel?
    public var modelWeight: Double = 60

    public init(scenarios: ScenarioSet) {
        self.scenarios = scenarios
    }

    /// Replaces the scenario set (hot reload); profiles are kept.
    public func reload(_ scenarios: ScenarioSet) {
        self.scenarios = scenarios
    }

    /// Judges one payment and learns from it.
    public func process(_ transaction: MonitoredTransaction) -> MonitorDecision {
        judge(transaction, inputs: false).decision
    }

    /// Judges one payment, learns from it, and returns the model's inputs for it (for training).
    public func processForTraining(_ transaction: MonitoredTransaction) -> (decision: MonitorDecision, inputs: [Double]) {
        let result = judge(transaction, inputs: true)
        return (result.decision, result.inputs ?? [])
    }

    /// Judges one payment without learning from it (the server learns once the payment is stored,
    /// so that a replayed request is not learnt twice).
    public func evaluate(_ transaction: MonitoredTransaction) -> MonitorDecision {
        judge(transaction, inputs: false, learning: false).decision
    }

    /// Learns from a payment judged with ``evaluate(_:)``.
    public func learn(_ transaction: MonitoredTransaction) {
        let (from, to) = accountsMoved(for: transaction)
        learn(transaction, from: from, to: to)
    }

    /// The payment's two accounts (created when new), their windows moved to its time.
    private func accountsMoved(for transaction: MonitoredTransaction) -> (from: Int32, to: Int32) {
        let from = accounts.slot(transaction.from, at: transaction.time)
        let to = accounts.slot(transaction.to, at: transaction.time)
        accounts[from].pointee.outgoing.advance(to: transaction.time)
        accounts[from].pointee.incoming.advance(to: transaction.time)
        accounts[to].pointee.incoming.advance(to: transaction.time)
        return (from, to)
    }

    /// The key of the paying party: `fromParty`, else the account stands for it.
    static func payingParty(_ transaction: MonitoredTransaction) -> String {
        if let party = transaction.fromParty, !party.isEmpty { return party }
        return transaction.from
    }

    func judge(_ transaction: MonitoredTransaction, inputs wanted: Bool, learning: Bool = true) -> (decision: MonitorDecision, inputs: [Double]?) {
        let (from, to) = accountsMoved(for: transaction)
        var features = measure(transaction, from: from, to: to)
        let party = parties.existing(Self.payingParty(transaction))
        if let party {
            features.partyKYCStatus = Int(parties.states[party].kycStatus)
            features.partyRisk = Int(parties.states[party].riskRating)
        }
        let context = PaymentContext(transaction: transaction, features: features, from: from, to: to, accounts: accounts, parties: parties, party: party)
        var findings: [Finding] = []
        for typology in scenarios.typologies {
            if let finding = typology.evaluate(context) { findings.append(finding) }
        }
        var decision = scenarios.decide(features: features, findings: findings)
        var vector: [Double]?
        if wanted || model != nil { vector = AnomalyModel.vector(features: features, findings: findings) }
        if let model, let vector {
            let (probability, drivers) = model.score(vector)
            let points = AnomalyModel.points(probability: probability, weight: modelWeight)
            if points > 0 {
                decision.score += points
                decision.scenarios.append(
                    MatchedScenario(
                        id: "model", description: "statistical anomaly score (model \(model.version))", score: points,
                        evidence: ["probability \(String(format: "%.2f", probability))", "driven by " + drivers.map { "\($0.input) (+\(String(format: "%.2f", $0.contribution)))" }.joined(separator: ", ")]
                    )
                )
                decision.outcome = decision.score >= scenarios.block ? .block : decision.score >= scenarios.review ? .review : .allow
            }
        }
        if learning { learn(transaction, from: from, to: to) }
        return (decision, wanted ? vector : nil)
    }

    /// Judges one login and learns from it. The party's usual countries and devices come from its
    /// successful logins.
    public func process(_ login: MonitoredLogin) -> MonitorDecision {
        let decision = evaluate(login)
        learn(login)
        return decision
    }

    /// Judges one login without learning from it.
    public func evaluate(_ login: MonitoredLogin) -> MonitorDecision {
        let party = parties.slot(login.party)
        let country = login.country.map(Self.hash) ?? 0
        let state = parties.states[party]
        let remote = country != 0 && state.logins >= 3 && state.countries.count(of: country) <= 1
        let context = LoginContext(login: login, party: party, parties: parties, remote: remote)
        var findings: [Finding] = []
        for typology in scenarios.loginTypologies {
            if let finding = typology.evaluate(context) { findings.append(finding) }
        }
        return scenarios.decide(features: nil, findings: findings)
    }

    /// Learns from a login judged with ``evaluate(_:)-(MonitoredLogin)``.
    public func learn(_ login: MonitoredLogin) {
        let party = parties.slot(login.party)
        let country = login.country.map(Self.hash) ?? 0
        parties.states[party].recent.append(RecentLogin(time: login.time, country: country, success: login.result == .success))
        if login.result == .success {
            parties.states[party].logins &+= 1
            if country != 0 { parties.states[party].countries.record(country) }
            if let device = login.device {
                let seen = parties.states[party].devices.record(Self.hash(device))
                if seen == 0, parties.states[party].logins > 1 {
                    parties.states[party].newDeviceTime = login.time
                    parties.states[party].newDevice = device
                }
            }
            if let place = login.place {
                parties.states[party].lastPlace = (login.time, place.latitude, place.longitude, place.approximate)
            }
        }
    }

    /// Records a party's KYC outcome: the latest one (by its time) is kept — status, reasons and
    /// time — and its risk rating when it carries one (an outcome without a rating leaves the last
    /// rating in place). An outcome older than the one on record is ignored. Returns whether the
    /// outcome was recorded.
    @discardableResult
    public func process(_ kyc: MonitoredKYCOutcome) -> Bool {
        let party = parties.slot(kyc.party)
        guard kyc.time >= parties.states[party].kycTime else { return false }
        parties.states[party].kycStatus = kyc.status.code
        parties.states[party].kycTime = kyc.time
        parties.states[party].kycReasons = KYCRisk.summary(of: kyc.reasons)
        if let rating = kyc.riskRating {
            parties.states[party].riskRating = rating.code
            parties.states[party].riskTime = kyc.time
        }
        return true
    }

    /// The features of a payment against the state before it.
    func measure(_ transaction: MonitoredTransaction, from: Int32, to: Int32) -> TransactionFeatures {
        let time = transaction.time
        var features = TransactionFeatures()
        features.amount = transaction.amount
        let sender = UnsafePointer(accounts[from])
        features.senderHistory = Int(sender.pointee.countOut)
        features.amountScore = sender.pointee.sent.robustScore(transaction.amount) ?? 0
        let sent = accounts.windows(out: from)
        features.outHour = SlidingWindows.hour(sent)
        features.outDay = SlidingWindows.day(sent)
        features.outWeek = SlidingWindows.week(sent)
        features.outMonth = SlidingWindows.month(sent)
        features.senderInDay = SlidingWindows.day(accounts.windows(in: from))
        features.senderInWeek = SlidingWindows.week(accounts.windows(in: from))
        features.receiverInDay = SlidingWindows.day(accounts.windows(in: to))
        features.receiverInWeek = SlidingWindows.week(accounts.windows(in: to))
        let weekAgo = time - 7 * 86_400
        var beneficiaries = PeerSet(to)
        RecentTransfers.forEach(in: accounts.outgoing(from), since: weekAgo) { beneficiaries.insert($0.peer) }
        features.distinctBeneficiariesWeek = beneficiaries.count
        var senders = PeerSet(from)
        RecentTransfers.forEach(in: accounts.incoming(to), since: weekAgo) { senders.insert($0.peer) }
        features.distinctSendersWeek = senders.count
        features.secondsSincePrevious = sender.pointee.lastOut == .min ? -1 : Double(time - sender.pointee.lastOut)
        features.dormantDays = sender.pointee.lastActivity == .min ? -1 : Double(time - sender.pointee.lastActivity) / 86_400
        features.senderAgeDays = Double(time - sender.pointee.firstSeen) / 86_400
        features.newBeneficiary = sender.pointee.countOut > 0 && sender.pointee.beneficiaries.count(of: Self.hash(transaction.to)) == 0
        if let country = transaction.toCountry { features.newCountry = sender.pointee.countOut > 0 && sender.pointee.countries.count(of: Self.hash(country)) == 0 }
        if let device = transaction.device { features.newDevice = sender.pointee.countOut > 0 && sender.pointee.devices.count(of: Self.hash(device)) == 0 }
        let hour = Int(((time % 86_400) + 86_400) % 86_400 / 3_600)
        var paid = 0
        for slot in 0..<24 { paid += Int(sender.pointee.hours[slot]) }
        features.hourShare = paid == 0 ? 0 : Double(sender.pointee.hours[hour]) / Double(paid)
        features.outInRatio = sender.pointee.totalIn > 0 ? sender.pointee.totalOut / sender.pointee.totalIn : 0
        return features
    }

    /// Updates both accounts with the payment.
    func learn(_ transaction: MonitoredTransaction, from: Int32, to: Int32) {
        let time = transaction.time
        let amount = transaction.amount
        let hour = Int(((time % 86_400) + 86_400) % 86_400 / 3_600)
        let weekday = Int(((time / 86_400 + 3) % 7 + 7) % 7)  // 1970-01-01 was a Thursday: 0 = Monday
        do {
            let states = (sender: accounts[from], receiver: accounts[to])
            states.sender.pointee.outgoing.add(amount, at: time)
            states.sender.pointee.sent.add(amount)
            if states.sender.pointee.hours[hour] == UInt16.max {
                for slot in 0..<24 { states.sender.pointee.hours[slot] /= 2 }
            }
            states.sender.pointee.hours[hour] += 1
            if states.sender.pointee.weekdays[weekday] == UInt16.max {
                for slot in 0..<7 { states.sender.pointee.weekdays[slot] /= 2 }
            }
            states.sender.pointee.weekdays[weekday] += 1
            if let country = transaction.toCountry { states.sender.pointee.countries.record(Self.hash(country)) }
            if let device = transaction.device { states.sender.pointee.devices.record(Self.hash(device)) }
            let newBeneficiary = states.sender.pointee.beneficiaries.record(Self.hash(transaction.to)) == 0
            states.sender.pointee.recentOut.append(RecentTransfer(peer: to, time: time, amount: Float(amount), firstTime: newBeneficiary))
            states.sender.pointee.totalOut += amount
            states.sender.pointee.countOut &+= 1
            accounts.recordOut(from, at: time)
            states.sender.pointee.lastActivity = max(states.sender.pointee.lastActivity, time)
            states.receiver.pointee.incoming.add(amount, at: time)
            let newPayer = states.receiver.pointee.payers.record(Self.hash(transaction.from)) == 0
            states.receiver.pointee.recentIn.append(RecentTransfer(peer: from, time: time, amount: Float(amount), firstTime: newPayer))
            states.receiver.pointee.totalIn += amount
            states.receiver.pointee.countIn &+= 1
            states.receiver.pointee.lastIn = max(states.receiver.pointee.lastIn, time)
            states.receiver.pointee.lastActivity = max(states.receiver.pointee.lastActivity, time)
        }
        // The paying party's regions (a payment without one is not recorded, and creates no party).
        if let region = transaction.region, !region.isEmpty {
            parties.recordRegion(region, at: time, party: parties.slot(Self.payingParty(transaction)))
        }
    }

    /// A stable 32-bit hash (FNV-1a) of a key, the same in every process (profiles are persisted).
    static func hash(_ key: String) -> UInt32 {
        var value: UInt32 = 0x811C_9DC5
        for byte in key.utf8 {
            value ^= UInt32(byte)
            value = value &* 0x0100_0193
        }
        return value
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// Monitor's engine: keeps every account's features and behaviour profile, runs the typologies
/// of a scenario set over each payment, and decides it.
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

    public init(scenarios: ScenarioSet) {
        self.scenarios = scenarios
    }

    /// Replaces the scenario set (hot reload); profiles are kept.
    public func reload(_ scenarios: ScenarioSet) {
        self.scenarios = scenarios
    }

    /// Judges one payment and learns from it.
    public func process(_ transaction: MonitoredTransaction) -> MonitorDecision {
        let time = transaction.time
        let from = accounts.slot(transaction.from, at: time)
        let to = accounts.slot(transaction.to, at: time)
        accounts.states[Int(from)].outgoing.advance(to: time)
        accounts.states[Int(from)].incoming.advance(to: time)
        accounts.states[Int(to)].incoming.advance(to: time)
        let features = measure(transaction, from: from, to: to)
        let context = PaymentContext(transaction: transaction, features: features, from: from, to: to, accounts: accounts)
        var findings: [Finding] = []
        for typology in scenarios.typologies {
            if let finding = typology.evaluate(context) { findings.append(finding) }
        }
        let decision = scenarios.decide(features: features, findings: findings)
        learn(transaction, from: from, to: to)
        return decision
    }

    /// The features of a payment against the state before it.
    func measure(_ transaction: MonitoredTransaction, from: Int32, to: Int32) -> TransactionFeatures {
        let time = transaction.time
        var features = TransactionFeatures()
        features.amount = transaction.amount
        let sender = accounts.states[Int(from)]
        let receiver = accounts.states[Int(to)]
        features.senderHistory = Int(sender.countOut)
        features.amountScore = sender.sent.robustScore(transaction.amount) ?? 0
        features.outHour = sender.outgoing.hour
        features.outDay = sender.outgoing.day
        features.outWeek = sender.outgoing.week
        features.outMonth = sender.outgoing.month
        features.senderInDay = sender.incoming.day
        features.senderInWeek = sender.incoming.week
        features.receiverInDay = receiver.incoming.day
        features.receiverInWeek = receiver.incoming.week
        let weekAgo = time - 7 * 86_400
        var beneficiaries: Set<Int32> = [to]
        sender.recentOut.forEach(since: weekAgo) { beneficiaries.insert($0.peer) }
        features.distinctBeneficiariesWeek = beneficiaries.count
        var senders: Set<Int32> = [from]
        receiver.recentIn.forEach(since: weekAgo) { senders.insert($0.peer) }
        features.distinctSendersWeek = senders.count
        features.secondsSincePrevious = sender.lastOut == .min ? -1 : Double(time - sender.lastOut)
        features.dormantDays = sender.lastActivity == .min ? -1 : Double(time - sender.lastActivity) / 86_400
        features.senderAgeDays = Double(time - sender.firstSeen) / 86_400
        features.newBeneficiary = sender.countOut > 0 && sender.beneficiaries.count(of: Self.hash(transaction.to)) == 0
        if let country = transaction.toCountry { features.newCountry = sender.countOut > 0 && sender.countries.count(of: Self.hash(country)) == 0 }
        if let device = transaction.device { features.newDevice = sender.countOut > 0 && sender.devices.count(of: Self.hash(device)) == 0 }
        let hour = Int(((time % 86_400) + 86_400) % 86_400 / 3_600)
        var paid = 0
        for slot in 0..<24 { paid += Int(sender.hours[slot]) }
        features.hourShare = paid == 0 ? 0 : Double(sender.hours[hour]) / Double(paid)
        features.outInRatio = sender.totalIn > 0 ? sender.totalOut / sender.totalIn : 0
        return features
    }

    /// Updates both accounts with the payment.
    func learn(_ transaction: MonitoredTransaction, from: Int32, to: Int32) {
        let time = transaction.time
        let amount = transaction.amount
        let hour = Int(((time % 86_400) + 86_400) % 86_400 / 3_600)
        let weekday = Int(((time / 86_400 + 3) % 7 + 7) % 7)  // 1970-01-01 was a Thursday: 0 = Monday
        accounts.states.withUnsafeMutableBufferPointer { states in
            states[Int(from)].outgoing.add(amount, at: time)
            states[Int(from)].sent.add(amount)
            if states[Int(from)].hours[hour] == UInt16.max {
                for slot in 0..<24 { states[Int(from)].hours[slot] /= 2 }
            }
            states[Int(from)].hours[hour] += 1
            if states[Int(from)].weekdays[weekday] == UInt16.max {
                for slot in 0..<7 { states[Int(from)].weekdays[slot] /= 2 }
            }
            states[Int(from)].weekdays[weekday] += 1
            if let country = transaction.toCountry { states[Int(from)].countries.record(Self.hash(country)) }
            if let device = transaction.device { states[Int(from)].devices.record(Self.hash(device)) }
            let newBeneficiary = states[Int(from)].beneficiaries.record(Self.hash(transaction.to)) == 0
            states[Int(from)].recentOut.append(RecentTransfer(peer: to, time: time, amount: Float(amount), firstTime: newBeneficiary))
            states[Int(from)].totalOut += amount
            states[Int(from)].countOut &+= 1
            states[Int(from)].lastOut = max(states[Int(from)].lastOut, time)
            states[Int(from)].lastActivity = max(states[Int(from)].lastActivity, time)
            states[Int(to)].incoming.add(amount, at: time)
            let newPayer = states[Int(to)].payers.record(Self.hash(transaction.from)) == 0
            states[Int(to)].recentIn.append(RecentTransfer(peer: from, time: time, amount: Float(amount), firstTime: newPayer))
            states[Int(to)].totalIn += amount
            states[Int(to)].countIn &+= 1
            states[Int(to)].lastIn = max(states[Int(to)].lastIn, time)
            states[Int(to)].lastActivity = max(states[Int(to)].lastActivity, time)
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

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Monitor
public import StraitCore
import Synchronization

/// Monitor's engine behind a lock, for the payment path: each payment is judged before it is
/// stored and learnt once it is (an idempotent replay is not learnt twice).
///
/// Profiles live in this process: they start empty and are not shared between instances yet.
public final class TransactionMonitor: Sendable {
    private let engine: Mutex<MonitorEngine>
    /// The scenario file's version, recorded with every decision.
    public let scenarioVersion: String

    public init(scenarios: ScenarioSet, model: AnomalyModel? = nil) {
        let engine = MonitorEngine(scenarios: scenarios)
        engine.model = model
        self.engine = Mutex(engine)
        self.scenarioVersion = scenarios.version
    }

    /// The payment as Monitor sees it: accounts, amount in major units, parties, countries, device.
    public static func monitored(_ instruction: PaymentInstruction) -> MonitoredTransaction {
        let currency = instruction.amount.currency
        var scale = 1.0
        for _ in 0..<currency.minorUnits { scale *= 10 }
        return MonitoredTransaction(
            id: instruction.id.rawValue, time: instruction.timestamp.epochMilliseconds / 1_000,
            from: instruction.originator.account.rawValue, to: instruction.beneficiary.account.rawValue,
            amount: Double(instruction.amount.minor) / scale, currency: currency.code,
            fromCountry: instruction.originator.country.rawValue, toCountry: instruction.beneficiary.country.rawValue,
            fromParty: instruction.originator.partyID.rawValue, toParty: instruction.beneficiary.partyID.rawValue, device: instruction.device
        )
    }

    /// Judges a payment (without learning from it).
    public func evaluate(_ instruction: PaymentInstruction) -> MonitorDecision {
        evaluate(Self.monitored(instruction))
    }

    /// Judges a payment as Monitor sees it (without learning from it).
    public func evaluate(_ transaction: MonitoredTransaction) -> MonitorDecision {
        engine.withLock { $0.evaluate(transaction) }
    }

    /// Judges a login and learns from it.
    public func judge(_ login: MonitoredLogin) -> MonitorDecision {
        engine.withLock { $0.process(login) }
    }

    /// Learns from a stored payment.
    public func learn(_ instruction: PaymentInstruction) {
        let transaction = Self.monitored(instruction)
        engine.withLock { $0.learn(transaction) }
    }

    /// The pipeline's decision with Monitor's: the more severe outcome, and every reason of both
    /// (Monitor's as `monitor.<scenario>` with the scenario file's version as the rule).
    public static func combine(_ decision: Decision, with monitor: MonitorDecision) -> Decision {
        var combined = decision
        let outcome: DecisionOutcome = monitor.outcome == .block ? .block : monitor.outcome == .review ? .review : .allow
        combined.outcome = max(decision.outcome, outcome)
        for scenario in monitor.scenarios {
            combined.reasons.append(
                DecisionReason(
                    code: "monitor.\(scenario.id)", rule: "monitor:\(monitor.scenarioVersion)",
                    message: "\(scenario.description) — \(scenario.evidence.joined(separator: "; ")) (+\(Int(scenario.score.rounded())) points; score \(Int(monitor.score.rounded())))"
                )
            )
        }
        return combined
    }
}

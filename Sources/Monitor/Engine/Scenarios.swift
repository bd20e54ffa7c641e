// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Foundation

/// A scenario file as written by a user: a version, the score thresholds, typology parameters and
/// the scenarios — each a list of conditions that must all hold, and the score it adds.
///
/// ```yaml
/// version: 2026.11.1
/// thresholds: {review: 50, block: 100}
/// typologies:
///   fan-in: {window_hours: 168, min_counterparties: 4}
/// scenarios:
///   - id: fan-in-new-money
///     description: many new senders pay one account
///     when: [{typology: fan-in}, {feature: amount_score, op: "<=", value: -2}]
///     score: 60
/// ```
public struct ScenarioDocument: Sendable, Codable, Hashable {
    public struct Thresholds: Sendable, Codable, Hashable {
        public var review: Double
        public var block: Double

        public init(review: Double, block: Double) {
            self.review = review
            self.block = block
        }
    }

    /// One condition: a typology that fired (with at least `value` strength, default 1), or a
    /// feature compared with a value.
    public struct Condition: Sendable, Codable, Hashable {
        public var typology: String?
        public var feature: String?
        public var op: String?
        public var value: Double?

        public init(typology: String? = nil, feature: String? = nil, op: String? = nil, value: Double? = nil) {
            self.typology = typology
            self.feature = feature
            self.op = op
            self.value = value
        }
    }

    public struct Scenario: Sendable, Codable, Hashable {
        public var id: String
        public var description: String?
        public var when: [Condition]
        public var score: Double

        public init(id: String, description: String? = nil, when: [Condition], score: Double) {
            self.id = id
            self.description = description
            self.when = when
            self.score = score
        }
    }

    public var version: String
    public var thresholds: Thresholds?
    /// Parameters per typology id; a typology not named runs with its defaults.
    public var typologies: [String: [String: Double]]?
    /// Typologies turned off.
    public var disabled: [String]?
    public var scenarios: [Scenario]

    public init(version: String, thresholds: Thresholds? = nil, typologies: [String: [String: Double]]? = nil, disabled: [String]? = nil, scenarios: [Scenario]) {
        self.version = version
        self.thresholds = thresholds
        self.typologies = typologies
        self.disabled = disabled
        self.scenarios = scenarios
    }
}

/// A validated scenario file: the typologies it configures and how findings and features become
/// a score and a decision.
public struct ScenarioSet: Sendable {
    public let version: String
    public let review: Double
    public let block: Double
    public let typologies: [any TransactionTypology]
    public let loginTypologies: [any LoginTypology]
    let scenarios: [CompiledScenario]

    struct CompiledScenario: Sendable {
        enum Test: Sendable {
            case typology(String, minimumStrength: Double)
            case feature(String, Comparison, Double)
        }
        enum Comparison: String, Sendable { case ge = ">=", gt = ">", le = "<=", lt = "<", eq = "==", ne = "!=" }
        let id: String
        let description: String
        let tests: [Test]
        let score: Double
    }

    /// Every typology id Monitor knows.
    public static let typologyIDs = [
        "amount-anomaly", "structuring", "split-payments", "repeated-payments", "rapid-movement", "fan-in", "fan-out", "gather-scatter", "scatter-gather", "cycle",
        "high-risk-jurisdiction", "dormant-reactivation", "new-device-high-value", "impossible-travel", "remote-login-burst", "failed-login-burst",
        // Appended, not inserted: the model's inputs follow this order (AnomalyModel.inputs).
        "kyc-risk", "cross-region-burst",
    ]

    /// Validates `document`: unknown typologies, parameters, features or operators are refused
    /// with their place in the file.
    public init(_ document: ScenarioDocument, jurisdictions: HighRiskJurisdictions = .shipped) throws {
        guard !document.version.isEmpty else { throw ScenarioError("version", "is required") }
        version = document.version
        review = document.thresholds?.review ?? 50
        block = document.thresholds?.block ?? 100
        guard review > 0, block >= review else { throw ScenarioError("thresholds", "review must be above 0 and block at least review") }
        let parameters = document.typologies ?? [:]
        let disabled = Set(document.disabled ?? [])
        for id in parameters.keys.sorted() + disabled.sorted() where !Self.typologyIDs.contains(id) {
            throw ScenarioError("typologies.\(id)", "unknown typology (known: \(Self.typologyIDs.joined(separator: ", ")))")
        }
        func p(_ id: String) -> TypologyParameters { TypologyParameters(parameters[id] ?? [:]) }
        var typologies: [any TransactionTypology] = []
        var loginTypologies: [any LoginTypology] = []
        for id in Self.typologyIDs where !disabled.contains(id) {
            switch id {
            case "amount-anomaly": typologies.append(try AmountAnomaly(parameters: p(id)))
            case "structuring": typologies.append(try Structuring(parameters: p(id)))
            case "split-payments": typologies.append(try SplitPayments(parameters: p(id)))
            case "repeated-payments": typologies.append(try RepeatedPayments(parameters: p(id)))
            case "rapid-movement": typologies.append(try RapidMovement(parameters: p(id)))
            case "fan-in": typologies.append(try FanPattern(.fanIn, parameters: p(id)))
            case "fan-out": typologies.append(try FanPattern(.fanOut, parameters: p(id)))
            case "gather-scatter": typologies.append(try GatherScatter(parameters: p(id)))
            case "scatter-gather": typologies.append(try ScatterGather(parameters: p(id)))
            case "cycle": typologies.append(try CycleDetector(parameters: p(id)))
            case "high-risk-jurisdiction": typologies.append(try HighRiskJurisdiction(lists: jurisdictions, parameters: p(id)))
            case "dormant-reactivation": typologies.append(try DormantReactivation(parameters: p(id)))
            case "new-device-high-value": typologies.append(try NewDeviceHighValue(parameters: p(id)))
            case "impossible-travel": loginTypologies.append(try ImpossibleTravel(parameters: p(id)))
            case "remote-login-burst": loginTypologies.append(try RemoteLoginBurst(parameters: p(id)))
            case "failed-login-burst": loginTypologies.append(try FailedLoginBurst(parameters: p(id)))
            case "kyc-risk": typologies.append(try KYCRisk(parameters: p(id)))
            case "cross-region-burst": typologies.append(try CrossRegionBurst(parameters: p(id)))
            default: break
            }
        }
        self.typologies = typologies
        self.loginTypologies = loginTypologies
        let enabled = Set(typologies.map(\.id) + loginTypologies.map(\.id))
        var compiled: [CompiledScenario] = []
        var seen: Set<String> = []
        for (index, scenario) in document.scenarios.enumerated() {
            let place = "scenarios[\(index)]"
            guard !scenario.id.isEmpty, seen.insert(scenario.id).inserted else { throw ScenarioError(place + ".id", "must be present and unique") }
            guard !scenario.when.isEmpty else { throw ScenarioError(place + ".when", "needs at least one condition") }
            var tests: [CompiledScenario.Test] = []
            for (number, condition) in scenario.when.enumerated() {
                let where_ = "\(place).when[\(number)]"
                switch (condition.typology, condition.feature) {
                case (let typology?, nil):
                    guard Self.typologyIDs.contains(typology) else { throw ScenarioError(where_ + ".typology", "unknown typology \(typology)") }
                    guard enabled.contains(typology) else { throw ScenarioError(where_ + ".typology", "\(typology) is disabled in this file") }
                    tests.append(.typology(typology, minimumStrength: condition.value ?? 1))
                case (nil, let feature?):
                    guard TransactionFeatures.names.contains(feature) else {
                        throw ScenarioError(where_ + ".feature", "unknown feature \(feature) (known: \(TransactionFeatures.names.joined(separator: ", ")))")
                    }
                    guard let op = condition.op.flatMap(CompiledScenario.Comparison.init(rawValue:)), let value = condition.value else {
                        throw ScenarioError(where_, "a feature condition needs op (>=, >, <=, <, ==, !=) and value")
                    }
                    tests.append(.feature(feature, op, value))
                default:
                    throw ScenarioError(where_, "name either a typology or a feature")
                }
            }
            compiled.append(CompiledScenario(id: scenario.id, description: scenario.description ?? scenario.id, tests: tests, score: scenario.score))
        }
        self.scenarios = compiled
    }

    /// Scores one event's findings and, for a payment, its features (for a login, feature conditions do not hold).
    func decide(features: TransactionFeatures?, findings: [Finding]) -> MonitorDecision {
        var score = 0.0
        var matched: [MatchedScenario] = []
        for scenario in scenarios {
            var evidence: [String] = []
            var holds = true
            for test in scenario.tests {
                switch test {
                case .typology(let id, let minimum):
                    if let finding = findings.first(where: { $0.typology == id && $0.strength >= minimum }) {
                        evidence.append(finding.message)
                    } else {
                        holds = false
                    }
                case .feature(let name, let comparison, let value):
                    let actual = features?.value(of: name) ?? .nan
                    let ok: Bool
                    switch comparison {
                    case .ge: ok = actual >= value
                    case .gt: ok = actual > value
                    case .le: ok = actual <= value
                    case .lt: ok = actual < value
                    case .eq: ok = actual == value
                    case .ne: ok = actual != value
                    }
                    if ok { evidence.append("\(name) is \(formatted(actual)) (\(comparison.rawValue) \(formatted(value)))") } else { holds = false }
                }
                if !holds { break }
            }
            if holds {
                score += scenario.score
                matched.append(MatchedScenario(id: scenario.id, description: scenario.description, score: scenario.score, evidence: evidence))
            }
        }
        let outcome: MonitorOutcome = score >= block ? .block : score >= review ? .review : .allow
        return MonitorDecision(outcome: outcome, score: score, scenarioVersion: version, scenarios: matched, findings: findings)
    }
}

/// Monitor's answer for one event.
public enum MonitorOutcome: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    case allow, review, block

    var rank: Int { self == .allow ? 0 : self == .review ? 1 : 2 }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// A scenario that held for an event, with the evidence in words.
public struct MatchedScenario: Sendable, Hashable, Codable {
    public var id: String
    public var description: String
    public var score: Double
    public var evidence: [String]

    public init(id: String, description: String, score: Double, evidence: [String]) {
        self.id = id
        self.description = description
        self.score = score
        self.evidence = evidence
    }
}

/// The decision for one event: outcome, score, the scenario file's version, every scenario that
/// held and every typology finding.
public struct MonitorDecision: Sendable, Hashable, Codable {
    public var outcome: MonitorOutcome
    public var score: Double
    public var scenarioVersion: String
    public var scenarios: [MatchedScenario]
    public var findings: [Finding]

    /// One line per matched scenario: `id: description — evidence; evidence`.
    public var reasons: [String] {
        scenarios.map { "\($0.id): \($0.description) — \($0.evidence.joined(separator: "; "))" }
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Foundation

/// A statistical score per payment: logistic regression over features of the payment measured
/// against the accounts' profiles and over the typologies' strengths. Each score is explained by
/// the features that drove it (weight × standardised value).
///
/// `strait monitor train` fits the weights on a user's labelled history (the same engine computes
/// the inputs, in time order); without a trained file the model is off.
public struct AnomalyModel: Sendable, Codable, Hashable {
    /// The inputs, in order.
    public static let inputs: [String] = [
        "abs_amount_score", "log_amount", "log_out_count_24h", "log_out_count_7d", "log_receiver_in_count_7d", "log_distinct_beneficiaries_7d",
        "log_distinct_senders_7d", "new_beneficiary", "new_country", "new_device", "hour_share", "log_dormant_days", "log_sender_age_days",
        "log_sender_history", "out_in_ratio_capped",
    ] + ScenarioSet.typologyIDs.map { "typology:\($0)" }

    public var version: String
    /// Weights per input (standardised), and the intercept.
    public var weights: [Double]
    public var intercept: Double
    /// Means and standard deviations used to standardise each input.
    public var means: [Double]
    public var deviations: [Double]

    public init(version: String, weights: [Double], intercept: Double, means: [Double], deviations: [Double]) {
        self.version = version
        self.weights = weights
        self.intercept = intercept
        self.means = means
        self.deviations = deviations
    }

    /// The raw inputs of one payment.
    public static func vector(features: TransactionFeatures, findings: [Finding]) -> [Double] {
        func log1(_ value: Double) -> Double { log1p(max(value, 0)) }
        var values: [Double] = [
            abs(features.amountScore), log1(features.amount), log1(Double(features.outDay.count)), log1(Double(features.outWeek.count)),
            log1(Double(features.receiverInWeek.count)), log1(Double(features.distinctBeneficiariesWeek)), log1(Double(features.distinctSendersWeek)),
            features.newBeneficiary ? 1 : 0, features.newCountry ? 1 : 0, features.newDevice ? 1 : 0, features.hourShare, log1(features.dormantDays),
            log1(features.senderAgeDays), log1(Double(features.senderHistory)), min(features.outInRatio, 10),
        ]
        for id in ScenarioSet.typologyIDs {
            values.append(findings.first { $0.typology == id }.map { min($0.strength, 5) } ?? 0)
        }
        return values
    }

    /// The probability that the payment is suspicious, and the inputs that pushed it most, strongest first.
    public func score(_ vector: [Double]) -> (probability: Double, drivers: [(input: String, contribution: Double)]) {
        var z = intercept
        var contributions: [(String, Double)] = []
        for index in weights.indices where index < vector.count {
            let standardised = (vector[index] - means[index]) / max(deviations[index], 1e-9)
            let contribution = weights[index] * standardised
            z += contribution
            contributions.append((Self.inputs[index], contribution))
        }
        let drivers = contributions.filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }.prefix(3).map { (input: $0.0, contribution: $0.1) }
        return (1 / (1 + exp(-z)), Array(drivers))
    }

    /// The points a probability adds to a payment's score: none at 0.5 or below, `weight` at 1.
    public static func points(probability: Double, weight: Double) -> Double {
        weight * max(0, (probability - 0.5) * 2)
    }

    /// Fits weights by gradient descent on the log loss with L2 regularisation; positives are
    /// weighted up to balance rare labels.
    public static func fit(_ rows: [[Double]], labels: [Bool], version: String, epochs: Int = 40, rate: Double = 0.1, l2: Double = 1e-3) -> AnomalyModel {
        let width = inputs.count
        var means = [Double](repeating: 0, count: width)
        var deviations = [Double](repeating: 1, count: width)
        if !rows.isEmpty {
            for row in rows { for index in 0..<width { means[index] += row[index] } }
            for index in 0..<width { means[index] /= Double(rows.count) }
            var variance = [Double](repeating: 0, count: width)
            for row in rows { for index in 0..<width { variance[index] += (row[index] - means[index]) * (row[index] - means[index]) } }
            for index in 0..<width { deviations[index] = max(sqrt(variance[index] / Double(rows.count)), 1e-6) }
        }
        let positives = max(labels.filter { $0 }.count, 1)
        let negatives = max(labels.count - positives, 1)
        let positiveWeight = Double(negatives) / Double(positives)
        var weights = [Double](repeating: 0, count: width)
        var intercept = 0.0
        let standardised = rows.map { row in (0..<width).map { (row[$0] - means[$0]) / deviations[$0] } }
        for _ in 0..<epochs {
            var gradient = [Double](repeating: 0, count: width)
            var gradientIntercept = 0.0
            var total = 0.0
            for (row, label) in zip(standardised, labels) {
                var z = intercept
                for index in 0..<width { z += weights[index] * row[index] }
                let p = 1 / (1 + exp(-z))
                let weight = label ? positiveWeight : 1
                let error = (p - (label ? 1 : 0)) * weight
                for index in 0..<width { gradient[index] += error * row[index] }
                gradientIntercept += error
                total += weight
            }
            for index in 0..<width { weights[index] -= rate * (gradient[index] / total + l2 * weights[index]) }
            intercept -= rate * gradientIntercept / total
        }
        return AnomalyModel(version: version, weights: weights, intercept: intercept, means: means, deviations: deviations)
    }
}

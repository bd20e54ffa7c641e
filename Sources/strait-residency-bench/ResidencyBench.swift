// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import ArgumentParser
import Foundation
import Residency
import StraitCore

/// Benchmarks of Residency: classifying a ~2 KB JSON payload (parse included, and on a parsed value).
@main
struct ResidencyBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strait-residency-bench",
        abstract: "Measure payload classification (schema rules and content detectors)."
    )

    @Option(help: "Classifications to time.") var iterations = 100_000

    /// A customer-onboarding-like payload of about 2 KB: labelled and unlabelled fields, nested
    /// objects and arrays, identifiers with valid and invalid check digits.
    static func payload() -> String {
        var parts: [String] = []
        parts.append(#""customer":{"name":{"original":"王小明","latin":"Wang Xiaoming"},"dateOfBirth":"1990-01-01","nationality":"CN","#)
        parts.append(#""document":{"type":"national_id","number":"11010119900101100X","country":"CN"},"email":"wang@example.com","#)
        parts.append(#""phone":"+86 138 0013 8000","address":{"line1":"1 Chang'an Avenue","city":"Beijing","postcode":"100000"}},"#)
        parts.append(#""accounts":[{"iban":"DE89 3704 0044 0532 0130 00","currency":"EUR","opened":"2024-03-01"},"#)
        parts.append(#"{"iban":"GB82 WEST 1234 5698 7654 32","currency":"GBP","opened":"2025-07-15"}],"#)
        parts.append(#""cards":[{"pan":"4111 1111 1111 1111","expiry":"12/29"},{"pan":"5555 5555 5555 4444","expiry":"01/28"}],"#)
        var history: [String] = []
        for i in 0..<12 {
            history.append(#"{"id":"tx-\#(i)","amount":{"minor":\#(1000 + i * 37),"currency":"EUR"},"counterparty":"DE44500105175407324931","memo":"invoice \#(4000 + i)","at":"2026-11-\#(10 + i)T08:00:00Z"}"#)
        }
        parts.append(#""history":["# + history.joined(separator: ",") + "],")
        parts.append(#""device":{"id":"dev-7f3a","ip":"203.0.113.7","userAgent":"Mozilla/5.0 (X11; Linux x86_64)"},"purpose":"salary and savings""#)
        return "{" + parts.joined() + "}"
    }

    func run() throws {
        let text = Self.payload()
        let bytes = Array(text.utf8)
        let classifier = PayloadClassifier(rules: [
            FieldRule("customer.name.*", .identity), FieldRule("customer.dateOfBirth", .identity),
            FieldRule("customer.address.*", .identity), FieldRule("history[].amount.*", .transaction),
            FieldRule("history[].at", .transaction), FieldRule("device.*", .behavioural),
        ])
        let parsed = try JSONParser.parse(bytes)
        let fields = classifier.classify(parsed)
        print("payload: \(bytes.count) bytes, \(fields.count) fields classified "
            + "(\(fields.filter { if case .detector = $0.source { true } else { false } }.count) by content detectors)")
        let clock = ContinuousClock()
        for (label, body) in [("parse + classify", { _ = try classifier.classify(json: bytes) }), ("classify a parsed value", { _ = classifier.classify(parsed) })] as [(String, () throws -> Void)] {
            for _ in 0..<1_000 { try body() }
            var samples: [Double] = []
            samples.reserveCapacity(iterations / 100)
            let start = clock.now
            var batchStart = clock.now
            for i in 1...iterations {
                try body()
                if i % 100 == 0 {
                    let now = clock.now
                    samples.append(Self.micros(now - batchStart) / 100)
                    batchStart = now
                }
            }
            let mean = Self.micros(clock.now - start) / Double(iterations)
            samples.sort()
            print(String(format: "%@: mean %.2f µs, p50 %.2f µs, p99 %.2f µs (per classification, batches of 100)",
                         label, mean, samples[samples.count / 2], samples[min(samples.count - 1, samples.count * 99 / 100)]))
        }
    }

    static func micros(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }
}

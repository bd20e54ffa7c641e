// Strait — compliance gateway for cross-border fintech. Apache-2.0.
//
// Screening's name matcher against the OFAC SDN list (and, with --un, the UN consolidated list),
// imported with the same importers as `strait lists import`: recall per perturbation class and the
// false-positive rate on `screening-cases.json`, and the latency of one query on one core. Run in
// release:
//
//     swift build -c release --product strait-screening-bench && .build/release/strait-screening-bench

import ArgumentParser
import Foundation
import Screening

@main
struct ScreeningBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "strait-screening-bench", abstract: "Benchmark Screening's name matching in process.")
    @Option(help: "The shared sanctions data directory.") var sanctions = "../shared/data/sanctions"
    @Flag(help: "Also index the UN consolidated list (latency against both lists).") var un = false
    @Option(help: "Print the slowest queries with their latency.") var slowest = 0
    @Option(help: "Screen only this name (1,000 times) and print its matches and latency.") var query: String?
    @Option(name: .customLong("repeat"), help: "Time every query this many times and keep each query's fastest run (sheds the noise of other processes on a busy machine).")
    var repeat_ = 1

    func run() throws {
        let directory = URL(fileURLWithPath: sanctions)
        var entities = try ListImporter.ofacSDN(directory: directory.appendingPathComponent("ofac-2021")).list.entities
        if un { entities += try ListImporter.unConsolidated(xml: Data(contentsOf: directory.appendingPathComponent("UN_consolidated.xml"))).list.entities }
        let buildStart = ContinuousClock.now
        let index = ScreeningIndex(entities: entities)
        let buildTime = ContinuousClock.now - buildStart
        print("index: \(entities.count) entities, \(index.nameCount) names, built in \(Self.milliseconds(buildTime)) ms")

        if let query {
            var matches: [ScreeningMatch] = []
            let start = ContinuousClock.now, cpuStart = Self.cpuMicroseconds()
            for _ in 0..<1_000 { matches = index.screen(ScreeningQuery(name: query)) }
            print(String(format: "%@: %.1f µs per query (CPU time %.1f µs)", query, Self.microseconds(ContinuousClock.now - start) / 1_000,
                (Self.cpuMicroseconds() - cpuStart) / 1_000))
            for m in matches { print(String(format: "  %.4f  %@  %@", m.score, m.entityId, m.matchedName)) }
            return
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("screening-cases.json")))
        guard let cases = (json as? [String: Any])?["cases"] as? [[String: Any]] else { throw ValidationError("screening-cases.json has no cases") }
        var perClass: [String: (cases: Int, detected: Int, negative: Bool)] = [:]
        var positives = 0, found = 0, negatives = 0, falsePositives = 0
        var latencies: [Double] = []
        latencies.reserveCapacity(cases.count)
        var timed: [(Double, String)] = []
        var cpuTimes: [Double] = []
        for c in cases {
            guard let query = c["query"] as? String, let perturbation = c["perturbation"] as? String else { continue }
            let expected = c["expected_entity_id"] as? String
            let cpuStart = Self.cpuMicroseconds()
            let start = ContinuousClock.now
            let matches = index.screen(ScreeningQuery(name: query))
            let elapsed = Self.microseconds(ContinuousClock.now - start)
            cpuTimes.append(Self.cpuMicroseconds() - cpuStart)
            latencies.append(elapsed)
            if slowest > 0 { timed.append((elapsed, query)) }
            var row = perClass[perturbation] ?? (0, 0, expected == nil)
            row.cases += 1
            if let expected {
                positives += 1
                if matches.contains(where: { $0.entityId == expected }) {
                    found += 1
                    row.detected += 1
                }
            } else {
                negatives += 1
                if !matches.isEmpty {
                    falsePositives += 1
                    row.detected += 1
                }
            }
            perClass[perturbation] = row
        }
        print("class               kind      cases  matched")
        for (name, row) in perClass.sorted(by: { $0.key < $1.key }) {
            let label = name.padding(toLength: 19, withPad: " ", startingAt: 0) + " " + (row.negative ? "negative" : "positive")
            print(label + String(format: " %6d  %6.1f%%", row.cases, 100 * Double(row.detected) / Double(row.cases)))
        }
        print(String(format: "recall %.2f%% (%d of %d), false-positive rate %.2f%% (%d of %d)", 100 * Double(found) / Double(positives), found, positives,
            100 * Double(falsePositives) / Double(negatives), falsePositives, negatives))
        if repeat_ > 1 {
            let queries = cases.compactMap { $0["query"] as? String }
            for _ in 1..<repeat_ {
                for (k, query) in queries.enumerated() {
                    let start = ContinuousClock.now
                    _ = index.screen(ScreeningQuery(name: query))
                    latencies[k] = min(latencies[k], Self.microseconds(ContinuousClock.now - start))
                }
            }
            if slowest > 0 { timed = zip(latencies, queries).map { ($0, $1) } }
            print("latency: each query's fastest of \(repeat_) runs")
        }
        latencies.sort()
        cpuTimes.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        print(String(format: "latency per query, one core: p50 %.0f µs, p90 %.0f µs, p99 %.0f µs, max %.0f µs (%d queries)",
            percentile(0.5), percentile(0.9), percentile(0.99), latencies.last ?? 0, latencies.count))
        func cpuPercentile(_ p: Double) -> Double { cpuTimes[min(cpuTimes.count - 1, Int(Double(cpuTimes.count) * p))] }
        print(String(format: "CPU time per query (first run): p50 %.0f µs, p90 %.0f µs, p99 %.0f µs, max %.0f µs",
            cpuPercentile(0.5), cpuPercentile(0.9), cpuPercentile(0.99), cpuTimes.last ?? 0))
        print(String(format: "latency mean %.0f µs, total %.0f ms", latencies.reduce(0, +) / Double(max(1, latencies.count)), latencies.reduce(0, +) / 1000))
        if slowest > 0 {
            for (elapsed, query) in timed.sorted(by: { $0.0 > $1.0 }).prefix(slowest) {
                print(String(format: "  %7.0f µs  ", elapsed) + query)
            }
        }
    }

    static func microseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }

    /// This thread's CPU time (not the time it waited for a core), in µs.
    static func cpuMicroseconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1e6 + Double(t.tv_nsec) / 1e3
    }

    static func milliseconds(_ duration: Duration) -> Int { Int(microseconds(duration) / 1_000) }
}

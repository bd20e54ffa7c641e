// Strait — compliance gateway for cross-border fintech. Apache-2.0.
//
// Screening's name matcher against the OFAC SDN list (and, with --un, the UN consolidated list),
// imported with the same importers as `strait lists import`: recall per perturbation class and the
// false-positive rate on `screening-cases.json`, and the latency of one query on one core. Run in
// release:
//
//     swift build -c release --product strait-screening-bench && .build/release/strait-screening-bench
//
// With --pairs, the pairwise matcher (`NameMatcher`) on labelled name pairs instead (see the end).

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
    @Flag(help: "Evaluate the pairwise matcher on labelled name pairs built from the UN (original scripts) and OFAC (aliases) lists, instead of the cases.")
    var pairs = false
    @Option(help: "With --pairs: also write the labelled pairs as CSV (name1,name2,schema,group,match) to this file.") var pairsOut: String?
    @Option(help: "With --pairs: print this many missed positives and false positives.") var misses = 0
    @Flag(help: "With --pairs: score each pair both ways and keep the better (NameMatcher.compareEitherWay).") var eitherWay = false
    @Flag(help: "Print every negative case that matched (with its best match) and every missed positive of the cases.")
    var listErrors = false
    @Flag(help: "Evaluate the pairwise matcher on our own small labelled set of cross-script and transliteration variants (VariantPairs.swift) with generated negatives.")
    var variants = false
    @Option(parsing: .upToNextOption, help: "Compare two names with NameMatcher and print the score and explanation.") var compare: [String] = []

    func run() throws {
        let directory = URL(fileURLWithPath: sanctions)
        if compare.count == 2 {
            let result = NameMatcher().compare(compare[0], compare[1])
            print(NameNormalizer.tokens(compare[0]), NameNormalizer.tokens(compare[1]))
            print(String(format: "score %.4f, match %@", result.score, result.isMatch ? "yes" : "no"))
            for pair in result.explanation.tokenPairs { print(String(format: "  %@ ~ %@  %.3f %@", pair.query, pair.name, pair.similarity, pair.kind.rawValue)) }
            print("  unmatched: \(result.explanation.unmatchedQueryTokens) / \(result.explanation.unmatchedNameTokens)")
            return
        }
        if variants {
            VariantEvaluation.run(matcher: NameMatcher(), misses: misses)
            return
        }
        if pairs {
            let ofac = try ListImporter.ofacSDN(directory: directory.appendingPathComponent("ofac-2021")).list.entities
            let unList = try ListImporter.unConsolidated(xml: Data(contentsOf: directory.appendingPathComponent("UN_consolidated.xml"))).list.entities
            try PairEvaluation.run(ofac: ofac, un: unList, matcher: NameMatcher(), eitherWay: eitherWay, writeTo: pairsOut, misses: misses, missesGroup: ProcessInfo.processInfo.environment["MISSES_GROUP"])
            return
        }
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
                } else if listErrors {
                    print("FN \(perturbation)  \(query)  (\(expected))")
                }
            } else {
                negatives += 1
                if !matches.isEmpty {
                    falsePositives += 1
                    row.detected += 1
                    if listErrors { print(String(format: "FP %@  %@  ~  %@  %.3f", perturbation, query, matches[0].matchedName, matches[0].score)) }
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

// MARK: - Pairs
//
// Pairwise evaluation of `NameMatcher` on labelled name pairs built from the lists themselves:
// positives are the UN list's original-script names with the same entity's Latin names, and the
// 2021 OFAC SDN primary names with their strong aliases; negatives pair the same first name with a
// random other entity's name of the same kind, and with a near miss (another entity whose name
// shares the first or the last word). Deterministic (a fixed seed).


/// One labelled pair: `a` is compared (as the query) with `b`.
struct LabelledPair {
    var a: String
    var b: String
    var kind: ListEntity.Kind
    /// What the pair is, e.g. `UN Arab→Latn` (negatives carry the group of the positive they came from).
    var group: String
    var negative: String?
    var isMatch: Bool { negative == nil }
}

/// SplitMix64: a small seeded generator, the same sequence on every platform.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum PairEvaluation {
    static func isLatin(_ name: ListName) -> Bool { name.script == nil || name.script == "Latn" }

    /// The labelled pairs from the UN list (original scripts) and the OFAC list (aliases).
    static func pairs(ofac: [ListEntity], un: [ListEntity], seed: UInt64 = 42) -> [LabelledPair] {
        var rng = SeededGenerator(state: seed)
        var positives: [(a: String, b: String, entity: String, kind: ListEntity.Kind, group: String)] = []
        for entity in un {
            let latin = entity.names.filter { isLatin($0) && $0.quality != .weak }
            for original in entity.names where !isLatin(original) {
                for name in latin {
                    let which = name.quality == .primary ? "primary" : "aliases"
                    positives.append((original.value, name.value, "un:" + entity.id, entity.kind, "UN \(original.script ?? "?")→Latn \(which)"))
                }
            }
        }
        for entity in ofac {
            guard let primary = entity.names.first else { continue }
            for alias in entity.names.dropFirst() where alias.quality == .alias {
                let kind = entity.kind == .person ? "person" : entity.kind == .organization ? "organization" : "vessel/aircraft"
                positives.append((primary.value, alias.value, "ofac:" + entity.id, entity.kind, "OFAC primary→alias, \(kind)"))
            }
        }
        // Latin names by kind, and by first and last normalised word, for the negatives.
        // (Within the list of the positive: the UN and OFAC lists name many of the same people.)
        var byKind: [String: [(String, String)]] = [:]
        var byWord: [String: [(String, String)]] = [:]
        for (prefix, list) in [("un:", un), ("ofac:", ofac)] {
            for entity in list {
                for name in entity.names where isLatin(name) && name.quality != .weak {
                    let id = prefix + entity.id
                    byKind["\(prefix)\(entity.kind.rawValue)", default: []].append((id, name.value))
                    let tokens = NameNormalizer.tokens(name.value).filter { $0.count > 2 }
                    if let first = tokens.first { byWord["\(prefix)\(entity.kind.rawValue) \(first)", default: []].append((id, name.value)) }
                    if let last = tokens.last, tokens.count > 1 { byWord["\(prefix)\(entity.kind.rawValue) \(last)", default: []].append((id, name.value)) }
                }
            }
        }
        var pairs: [LabelledPair] = []
        for p in positives {
            pairs.append(LabelledPair(a: p.a, b: p.b, kind: p.kind, group: p.group, negative: nil))
            let list = p.entity.hasPrefix("un:") ? "un:" : "ofac:"
            // Different entities listed under the same name are no negative pair.
            let sameName = Set([NameNormalizer.tokens(p.a).sorted(), NameNormalizer.tokens(p.b).sorted()])
            if let pool = byKind["\(list)\(p.kind.rawValue)"], !pool.isEmpty {
                for _ in 0..<10 {
                    let (id, name) = pool[Int(rng.next() % UInt64(pool.count))]
                    if id != p.entity && !sameName.contains(NameNormalizer.tokens(name).sorted()) {
                        pairs.append(LabelledPair(a: p.a, b: name, kind: p.kind, group: p.group, negative: "random"))
                        break
                    }
                }
            }
            // A near miss: another entity sharing the first or the last word of the positive's Latin name.
            let tokens = NameNormalizer.tokens(p.b).filter { $0.count > 2 }
            var candidates: [(String, String)] = []
            for word in [tokens.first, tokens.count > 1 ? tokens.last : nil].compactMap({ $0 }) {
                candidates += (byWord["\(list)\(p.kind.rawValue) \(word)"] ?? []).filter {
                    $0.0 != p.entity && !sameName.contains(NameNormalizer.tokens($0.1).sorted())
                }
            }
            if !candidates.isEmpty {
                let (_, name) = candidates[Int(rng.next() % UInt64(candidates.count))]
                pairs.append(LabelledPair(a: p.a, b: name, kind: p.kind, group: p.group, negative: "near miss"))
            }
        }
        return pairs
    }

    struct Counts {
        var tp = 0, fp = 0, fn = 0, tn = 0
        var precision: Double { tp + fp == 0 ? 1 : Double(tp) / Double(tp + fp) }
        var recall: Double { tp + fn == 0 ? 1 : Double(tp) / Double(tp + fn) }
        var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        mutating func add(match: Bool, predicted: Bool) {
            switch (match, predicted) {
            case (true, true): tp += 1
            case (true, false): fn += 1
            case (false, true): fp += 1
            case (false, false): tn += 1
            }
        }
    }

    /// The threshold (on a 0.01 grid) with the best F1, and that F1.
    static func bestThreshold(_ scored: [(score: Double, match: Bool)]) -> (threshold: Double, f1: Double) {
        var best = (threshold: 0.0, f1: -1.0)
        for step in 30...99 {
            let t = Double(step) / 100
            var counts = Counts()
            for s in scored { counts.add(match: s.match, predicted: s.score >= t) }
            if counts.f1 > best.f1 { best = (t, counts.f1) }
        }
        return best
    }

    static func run(ofac: [ListEntity], un: [ListEntity], matcher: NameMatcher, eitherWay: Bool, writeTo path: String?, misses: Int, missesGroup: String? = nil) throws {
        let pairs = pairs(ofac: ofac, un: un)
        let start = ContinuousClock.now
        let scores = pairs.map { eitherWay ? matcher.compareEitherWay($0.a, $0.b, type: $0.kind).score : matcher.compare($0.a, $0.b, type: $0.kind).score }
        print(eitherWay ? "each pair scored both ways, the better kept" : "each pair scored with the first name as the query")
        let elapsed = ContinuousClock.now - start
        let threshold = matcher.configuration.threshold
        print(String(format: "pairs: %d (%d positive), scored in %.0f ms; threshold %.2f", pairs.count, pairs.filter(\.isMatch).count,
            ScreeningBench.microseconds(elapsed) / 1000, threshold))
        print("group                                   pairs  neg(rand/near)  precision  recall     F1   FP rand  FP near  best t (F1)")
        var groups: [String: [Int]] = [:]
        for (k, p) in pairs.enumerated() { groups[p.group, default: []].append(k) }
        func line(_ label: String, _ members: [Int]) -> String {
            var counts = Counts()
            var fpRandom = 0, random = 0, fpNear = 0, near = 0
            for k in members {
                let predicted = scores[k] >= threshold
                counts.add(match: pairs[k].isMatch, predicted: predicted)
                if pairs[k].negative == "random" { random += 1; if predicted { fpRandom += 1 } }
                if pairs[k].negative == "near miss" { near += 1; if predicted { fpNear += 1 } }
            }
            let best = bestThreshold(members.map { (scores[$0], pairs[$0].isMatch) })
            return label.padding(toLength: 38, withPad: " ", startingAt: 0)
                + String(format: " %6d  %6d/%-6d  %8.1f%%  %5.1f%%  %5.3f  %6.1f%%  %6.1f%%  %.2f (%.3f)", members.count, random, near,
                    100 * counts.precision, 100 * counts.recall, counts.f1, random == 0 ? 0 : 100 * Double(fpRandom) / Double(random),
                    near == 0 ? 0 : 100 * Double(fpNear) / Double(near), best.threshold, best.f1)
        }
        for (group, members) in groups.sorted(by: { $0.key < $1.key }) { print(line(group, members)) }
        let crossScript = groups.filter { $0.key.hasPrefix("UN ") }.flatMap(\.value).sorted()
        if !crossScript.isEmpty { print(line("all cross-script (UN)", crossScript)) }
        print(line("all", Array(pairs.indices)))
        if misses > 0 {
            print("missed positives (a sample, every group) and the highest-scoring negatives:")
            let missed = pairs.indices.filter { pairs[$0].isMatch && scores[$0] < threshold && (missesGroup == nil || pairs[$0].group == missesGroup) }
            let step = max(1, missed.count / max(1, misses))
            for k in stride(from: 0, to: missed.count, by: step).map({ missed[$0] }).prefix(misses) { print(String(format: "  %.3f  %@  ~  %@   [%@]", scores[k], pairs[k].a, pairs[k].b, pairs[k].group)) }
            let falsePositives = pairs.indices.filter { !pairs[$0].isMatch && scores[$0] >= threshold }.sorted { scores[$0] > scores[$1] }
            for k in falsePositives.prefix(misses) {
                print(String(format: "  %.3f  %@  ~  %@   [%@, %@]", scores[k], pairs[k].a, pairs[k].b, pairs[k].group, pairs[k].negative ?? ""))
            }
        }
        if let path {
            var csv = "name1,name2,schema,group,match\n"
            for p in pairs {
                let schema = p.kind == .person ? "Person" : p.kind == .organization ? "Organization" : p.kind == .vessel ? "Vessel" : "LegalEntity"
                csv += [p.a, p.b, schema, p.group, p.isMatch ? "true" : "false"].map(quote).joined(separator: ",") + "\n"
            }
            try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
            print("pairs written to \(path)")
        }
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

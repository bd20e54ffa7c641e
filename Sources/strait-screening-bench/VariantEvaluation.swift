// Strait — compliance gateway for cross-border fintech. Apache-2.0.
//
// `--variants`: the pairwise matcher on our own labelled variant pairs (`VariantPairs`), with
// negatives generated from the same names (deterministic, a fixed seed).

import Foundation
import Screening

enum VariantEvaluation {
    /// The positives and ~10 negatives for each: 6 random pairings with another person's name, 2
    /// near misses sharing the surname (or the given names) with an invented other part, 2 invented names.
    static func pairs(seed: UInt64 = 7) -> [LabelledPair] {
        var rng = SeededGenerator(state: seed)
        let positives = VariantPairs.pairs
        // The same person: names linked by a positive, or equal after normalisation.
        var parent: [String: String] = [:]
        func key(_ name: String) -> String { NameNormalizer.tokens(name).sorted().joined(separator: " ") }
        func find(_ x: String) -> String {
            var x = x
            while let p = parent[x], p != x { x = p }
            return x
        }
        func union(_ a: String, _ b: String) {
            let ra = find(a), rb = find(b)
            if parent[ra] == nil { parent[ra] = ra }
            if parent[rb] == nil { parent[rb] = rb }
            if ra != rb { parent[ra] = rb }
        }
        for (a, b, _) in positives { union(key(a), key(b)) }
        func person(_ name: String) -> String { find(key(name)) }
        func pick<T>(_ list: [T]) -> T { list[Int(rng.next() % UInt64(list.count))] }
        let eastAsian: Set<String> = ["Hani→Latn", "Hang→Latn"]
        var pairs: [LabelledPair] = []
        for (a, b, group) in positives {
            pairs.append(LabelledPair(a: a, b: b, kind: .person, group: group, negative: nil))
            let me = person(a)
            var added = 0, tries = 0
            while added < 6 && tries < 100 {
                tries += 1
                let other = pick(positives)
                let name = Bool.random(using: &rng) ? other.1 : other.0
                guard person(name) != me else { continue }
                pairs.append(LabelledPair(a: a, b: name, kind: .person, group: group, negative: "random"))
                added += 1
            }
            // Near misses: the surname kept with other given names, and the given names kept with another surname.
            let words = b.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
            if words.count >= 2 {
                let surnameFirst = eastAsian.contains(group) || b.contains(",")
                let surname = surnameFirst ? words[0] : words[words.count - 1]
                let given = surnameFirst ? Array(words.dropFirst()) : Array(words.dropLast())
                let other = pick(VariantPairs.givenNames).capitalized
                let a1 = surnameFirst ? "\(surname) \(other)" : "\(other) \(surname)"
                let otherSurname = pick(VariantPairs.surnames).capitalized
                let a2 = surnameFirst ? "\(otherSurname) \(given.joined(separator: " "))" : "\(given.joined(separator: " ")) \(otherSurname)"
                for name in [a1, a2] where person(name) != me {
                    pairs.append(LabelledPair(a: a, b: name, kind: .person, group: group, negative: "near miss"))
                }
            }
            for _ in 0..<2 {
                let name = pick(VariantPairs.givenNames).capitalized + " " + pick(VariantPairs.surnames).capitalized
                pairs.append(LabelledPair(a: a, b: name, kind: .person, group: group, negative: "invented"))
            }
        }
        return pairs
    }

    static func run(matcher: NameMatcher, misses: Int) {
        let pairs = pairs()
        let scores = pairs.map { matcher.compareEitherWay($0.a, $0.b, type: .person).score }
        let threshold = matcher.configuration.threshold
        print("Our own variant pairs (VariantPairs.swift): \(pairs.filter(\.isMatch).count) positives written by hand from general")
        print("knowledge and \(pairs.filter { !$0.isMatch }.count) generated negatives. A small set, and ours: it checks calibration")
        print("across scripts and romanisations, it is not an independent benchmark. Scored with compareEitherWay at \(String(format: "%.2f", threshold)).")
        print("group              pairs   pos  precision  recall     F1   FP rand  FP near  FP inv  best t (F1)")
        var groups: [String: [Int]] = [:]
        for (k, p) in pairs.enumerated() { groups[p.group, default: []].append(k) }
        func line(_ label: String, _ members: [Int]) -> String {
            var counts = PairEvaluation.Counts()
            var fp: [String: (Int, Int)] = [:]
            for k in members {
                let predicted = scores[k] >= threshold
                counts.add(match: pairs[k].isMatch, predicted: predicted)
                if let negative = pairs[k].negative {
                    var row = fp[negative] ?? (0, 0)
                    row.0 += 1
                    if predicted { row.1 += 1 }
                    fp[negative] = row
                }
            }
            func rate(_ kind: String) -> Double { fp[kind].map { $0.0 == 0 ? 0 : 100 * Double($0.1) / Double($0.0) } ?? 0 }
            let best = PairEvaluation.bestThreshold(members.map { (scores[$0], pairs[$0].isMatch) })
            return label.padding(toLength: 17, withPad: " ", startingAt: 0)
                + String(format: " %6d %5d  %8.1f%%  %5.1f%%  %5.3f  %6.1f%%  %6.1f%%  %5.1f%%  %.2f (%.3f)", members.count,
                    members.filter { pairs[$0].isMatch }.count, 100 * counts.precision, 100 * counts.recall, counts.f1, rate("random"),
                    rate("near miss"), rate("invented"), best.threshold, best.f1)
        }
        for (group, members) in groups.sorted(by: { $0.key < $1.key }) { print(line(group, members)) }
        print(line("all", Array(pairs.indices)))
        if misses > 0 {
            print("missed positives and the highest-scoring negatives:")
            for k in pairs.indices where pairs[k].isMatch && scores[k] < threshold {
                print(String(format: "  %.3f  %@  ~  %@   [%@]", scores[k], pairs[k].a, pairs[k].b, pairs[k].group))
            }
            let falsePositives = pairs.indices.filter { !pairs[$0].isMatch }.sorted { scores[$0] > scores[$1] }
            for k in falsePositives.prefix(misses) {
                print(String(format: "  %.3f  %@  ~  %@   [%@, %@]", scores[k], pairs[k].a, pairs[k].b, pairs[k].group, pairs[k].negative ?? ""))
            }
        }
    }
}

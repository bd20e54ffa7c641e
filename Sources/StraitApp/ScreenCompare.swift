// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Foundation
public import Screening
import StraitCore

/// `strait screen compare`: scores a CSV file of name pairs with ``NameMatcher``.
///
/// The input has a header row with at least `name1` and `name2` (any order, any other columns); an
/// optional `schema` column gives the kind of both names in FollowTheMoney terms (`Person`;
/// `Organization`, `Company`, `LegalEntity`, `PublicBody`; `Vessel`; `Airplane`), anything else
/// meaning unknown. The output is the input, every column unchanged, plus `score` (0…1, four
/// decimals) and `match` (`true`/`false` at the threshold); when the input already has a column of
/// that name, the new one is `predicted_score` or `predicted_match`. When a label column (`match`,
/// `label`, `judgement`, `is_match`, `is_same`) holds `true`/`false`, `1`/`0`, `yes`/`no` or
/// `positive`/`negative`, the summary also gives precision, recall and F1 at the threshold and the
/// threshold with the best F1.
public enum ScreenCompare {
    /// A problem with the input, naming the file and, when it is about one place, the line.
    public struct InputError: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int?
        public var message: String

        public init(file: String, line: Int? = nil, _ message: String) {
            self.file = file
            self.line = line
            self.message = message
        }

        public var description: String { line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)" }
    }

    /// Figures over the scored pairs.
    public struct Summary: Sendable {
        public var pairs: Int
        public var matches: Int
        public var threshold: Double
        public var seconds: Double
        /// The label column read, if any.
        public var labelColumn: String?
        /// Pairs with a readable label.
        public var labelled: Int = 0
        public var precision: Double?
        public var recall: Double?
        public var f1: Double?
        /// The threshold (0.01 steps) with the best F1 on the labelled pairs, and that F1.
        public var bestThreshold: Double?
        public var bestF1: Double?

        /// Lines for standard error.
        public var lines: [String] {
            var lines = [String(format: "scored %d pairs in %.2f s: %d matches at threshold %.2f", pairs, seconds, matches, threshold)]
            if let labelColumn, let precision, let recall, let f1 {
                lines.append(
                    String(
                        format: "labels (%@, %d pairs): precision %.4f, recall %.4f, F1 %.4f at %.2f", labelColumn, labelled, precision, recall, f1, threshold))
                if let bestThreshold, let bestF1 { lines.append(String(format: "best F1 %.4f at threshold %.2f", bestF1, bestThreshold)) }
            }
            return lines
        }
    }

    /// The output CSV and the summary.
    public struct Result: Sendable {
        public var csv: Data
        public var summary: Summary
    }

    /// The column names read as labels, in order of preference.
    public static let labelColumns = ["match", "label", "judgement", "is_match", "is_same"]

    /// The matcher's kind for a FollowTheMoney schema name (nil: unknown or empty).
    public static func kind(schema: String) -> ListEntity.Kind? {
        switch schema.trimmingCharacters(in: .whitespaces).lowercased() {
        case "person", "individual": .person
        case "organization", "organisation", "company", "legalentity", "publicbody", "entity": .organization
        case "vessel": .vessel
        case "airplane", "aircraft": .aircraft
        default: nil
        }
    }

    /// A label as true or false (nil: empty or not a label).
    public static func label(_ value: String) -> Bool? {
        switch value.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "1", "yes", "y", "t", "positive", "pos", "match", "same": true
        case "false", "0", "no", "n", "f", "negative", "neg", "no_match", "nomatch", "different": false
        default: nil
        }
    }

    /// Reads and scores the pair file at `path`.
    public static func compare(path: String, threshold: Double? = nil, eitherWay: Bool = true) throws(InputError) -> Result {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw InputError(file: path, exists ? "cannot read: \(error.localizedDescription)" : "no such file")
        }
        return try compare(data: data, file: path, threshold: threshold, eitherWay: eitherWay)
    }

    /// Scores the pairs of a CSV file's contents. `file` names it in errors. Each pair is scored both
    /// ways and the better kept (``NameMatcher/compareEitherWay(_:_:type:)``), or with `eitherWay`
    /// false with `name1` as the query (the score screening gives `name2` as a listed name).
    public static func compare(
        data: Data, file: String = "<input>", threshold: Double? = nil, eitherWay: Bool = true, configuration: MatchingConfiguration = MatchingConfiguration()
    ) throws(InputError) -> Result {
        let start = ContinuousClock.now
        var config = configuration
        if let threshold {
            guard threshold >= 0 && threshold <= 1 else { throw InputError(file: file, "the threshold must be between 0 and 1, not \(threshold)") }
            config.threshold = threshold
        }
        let matcher = NameMatcher(configuration: config)
        var reader = CSVReader([UInt8](data))
        guard let header = reader.next() else { throw InputError(file: file, line: 1, "empty file: expected a header row with name1 and name2") }
        if let problem = reader.problem { throw InputError(file: file, line: problem.line, "malformed CSV: \(problem.reason)") }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        guard let first = column("name1") else { throw InputError(file: file, line: 1, "missing column name1 (the header has \(header.joined(separator: ", ")))") }
        guard let second = column("name2") else { throw InputError(file: file, line: 1, "missing column name2 (the header has \(header.joined(separator: ", ")))") }
        let schema = column("schema")
        let labelIndex = labelColumns.lazy.compactMap { column($0) }.first
        let scoreName = names.contains("score") ? "predicted_score" : "score"
        let matchName = names.contains("match") ? "predicted_match" : "match"

        var out = (header + [scoreName, matchName]).map(CSVReader.quote).joined(separator: ",") + "\n"
        var scored: [(score: Double, label: Bool?)] = []
        var matches = 0
        while let row = reader.next() {
            if let problem = reader.problem { throw InputError(file: file, line: problem.line, "malformed CSV: \(problem.reason)") }
            guard row.count == header.count else {
                throw InputError(file: file, line: reader.line, "\(row.count) fields where the header has \(header.count)")
            }
            let kind = schema.flatMap { Self.kind(schema: row[$0]) }
            let result = eitherWay ? matcher.compareEitherWay(row[first], row[second], type: kind) : matcher.compare(row[first], row[second], type: kind)
            if result.isMatch { matches += 1 }
            scored.append((result.score, labelIndex.flatMap { label(row[$0]) }))
            out += (row + [String(format: "%.4f", result.score), result.isMatch ? "true" : "false"]).map(CSVReader.quote).joined(separator: ",") + "\n"
        }
        var summary = Summary(
            pairs: scored.count, matches: matches, threshold: config.threshold, seconds: Double((ContinuousClock.now - start).components.attoseconds) / 1e18
                + Double((ContinuousClock.now - start).components.seconds))
        if let labelIndex {
            let labelled = scored.compactMap { s in s.label.map { (s.score, $0) } }
            if !labelled.isEmpty {
                summary.labelColumn = header[labelIndex]
                summary.labelled = labelled.count
                let atThreshold = metrics(labelled, threshold: config.threshold)
                (summary.precision, summary.recall, summary.f1) = (atThreshold.precision, atThreshold.recall, atThreshold.f1)
                var best = (threshold: config.threshold, f1: atThreshold.f1)
                for step in 1...100 {
                    let t = Double(step) / 100
                    let f1 = metrics(labelled, threshold: t).f1
                    if f1 > best.f1 { best = (t, f1) }
                }
                (summary.bestThreshold, summary.bestF1) = (best.threshold, best.f1)
            }
        }
        return Result(csv: Data(out.utf8), summary: summary)
    }

    /// Precision, recall and F1 of `score ≥ threshold` against the labels (1 when nothing is predicted
    /// or expected on that side).
    static func metrics(_ labelled: [(Double, Bool)], threshold: Double) -> (precision: Double, recall: Double, f1: Double) {
        var tp = 0, fp = 0, fn = 0
        for (score, label) in labelled {
            let predicted = score >= threshold
            if predicted && label { tp += 1 } else if predicted { fp += 1 } else if label { fn += 1 }
        }
        let precision = tp + fp == 0 ? 1 : Double(tp) / Double(tp + fp)
        let recall = tp + fn == 0 ? 1 : Double(tp) / Double(tp + fn)
        let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        return (precision, recall, f1)
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import StraitCore

/// Which CSV columns hold what, from `--columns 'id=txid,time=ts,from=src,to=dst,amount=value,…'`.
///
/// A column is named by its header, by its 1-based position (`#3`), or as several joined with `+`
/// (`from=From Bank+Account`: the values joined with `:`).
public struct ColumnMapping: Sendable, Hashable {
    /// Fields a mapping may name.
    public static let fields = ["id", "time", "from", "to", "amount", "currency", "label", "from_country", "to_country", "device", "from_party", "to_party", "region"]
    public var columns: [String: [String]]

    public init(_ columns: [String: [String]]) {
        self.columns = columns
    }

    /// Parses `name=column,name=column`.
    public static func parse(_ text: String) throws -> ColumnMapping {
        var columns: [String: [String]] = [:]
        for part in text.split(separator: ",") {
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, !pieces[1].isEmpty else { throw BacktestError("--columns: \(part) is not name=column") }
            guard fields.contains(pieces[0]) else { throw BacktestError("--columns: \(pieces[0]) is not one of \(fields.joined(separator: ", "))") }
            columns[pieces[0]] = pieces[1].split(separator: "+").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return ColumnMapping(columns)
    }

    /// The mapping for known layouts (AMLSim's `transactions.csv`), from the header.
    public static func guess(header: [String]) -> ColumnMapping? {
        if Set(["sourceNodeId", "targetNodeId", "value", "time"]).isSubset(of: header) {
            return ColumnMapping(["from": ["sourceNodeId"], "to": ["targetNodeId"], "amount": ["value"], "time": ["time"]])
        }
        return nil
    }

    /// Resolves column names to positions in `header`.
    func resolve(_ header: [String]) throws -> [String: [Int]] {
        var positions: [String: [Int]] = [:]
        for (field, names) in columns {
            positions[field] = try names.map { name in
                if name.hasPrefix("#"), let number = Int(name.dropFirst()), number >= 1, number <= header.count { return number - 1 }
                guard let index = header.firstIndex(of: name) else {
                    throw BacktestError("--columns: no column \(name.debugDescription) (the header has \(header.joined(separator: ", ")))")
                }
                return index
            }
        }
        for required in ["from", "to", "amount", "time"] where positions[required] == nil {
            throw BacktestError("--columns: \(required) is required")
        }
        return positions
    }
}

/// A backtest input or setup problem, with a message for the command line.
public struct BacktestError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// How times are written in the file.
public enum TimeUnit: String, Sendable, CaseIterable {
    /// Whole steps of one day from the start of 2026 (AMLSim's `time`).
    case day
    case seconds
    case milliseconds
    /// ISO 8601 text, e.g. `2026-03-01T10:00:00Z` or `2026/03/01 10:00`.
    case iso
    /// Chosen from the first row: text → iso, below 100,000 → day, below 10¹¹ → seconds, else milliseconds.
    case auto
}

/// Precision, recall and F1 of flagged items against labels.
public struct Scores: Sendable, Hashable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0
    public var trueNegatives = 0

    public init() {}

    public var precision: Double { truePositives + falsePositives == 0 ? 0 : Double(truePositives) / Double(truePositives + falsePositives) }
    public var recall: Double { truePositives + falseNegatives == 0 ? 0 : Double(truePositives) / Double(truePositives + falseNegatives) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    public mutating func count(flagged: Bool, positive: Bool) {
        switch (flagged, positive) {
        case (true, true): truePositives += 1
        case (true, false): falsePositives += 1
        case (false, true): falseNegatives += 1
        case (false, false): trueNegatives += 1
        }
    }

    public var summary: String {
        String(format: "precision %.3f, recall %.3f, F1 %.3f (TP %d, FP %d, FN %d, TN %d)", precision, recall, f1, truePositives, falsePositives, falseNegatives, trueNegatives)
    }
}

/// Replays labelled history through a ``MonitorEngine`` in time order — the engine production
/// runs — and scores its decisions.
public struct Backtest {
    public struct Row: Sendable {
        public var transaction: MonitoredTransaction
        public var label: Bool?
    }

    public struct Result: Sendable {
        public var transactions = 0
        public var outcomes: [MonitorOutcome: Int] = [:]
        /// Per transaction, when the file has labels.
        public var perTransaction: Scores?
        /// Per account, when account labels are known (from a file, or from labelled transactions).
        public var perAccount: Scores?
        /// Findings per typology.
        public var typologies: [String: Int] = [:]
        public var seconds: Double = 0
        public var timeUnit: TimeUnit = .auto
        /// Logins replayed and how they were decided.
        public var loginOutcomes: [MonitorOutcome: Int] = [:]
    }

    /// Reads transactions from CSV bytes with a column mapping (nil: guessed from the header).
    public static func readTransactions(_ bytes: [UInt8], mapping: ColumnMapping?, timeUnit: TimeUnit) throws -> (rows: [Row], unit: TimeUnit) {
        var reader = CSVReader(bytes)
        guard let header = reader.next() else { throw BacktestError("the transactions file is empty") }
        guard let mapping = mapping ?? ColumnMapping.guess(header: header) else {
            throw BacktestError("--columns is required for this layout (header: \(header.joined(separator: ", ")))")
        }
        let positions = try mapping.resolve(header)
        func field(_ row: [String], _ name: String) -> String? {
            guard let indexes = positions[name] else { return nil }
            if indexes.count == 1 { return indexes[0] < row.count ? row[indexes[0]] : nil }
            return indexes.map { $0 < row.count ? row[$0] : "" }.joined(separator: ":")
        }
        var unit = timeUnit
        var rows: [Row] = []
        rows.reserveCapacity(bytes.count / 40)
        var number = 0
        while let row = reader.next() {
            number += 1
            guard let timeText = field(row, "time"), let amountText = field(row, "amount"), let amount = Double(amountText.trimmingCharacters(in: .whitespaces)),
                let from = field(row, "from"), let to = field(row, "to")
            else {
                throw BacktestError("line \(reader.line): a row needs time, from, to and a numeric amount (got \(row.joined(separator: ",")))")
            }
            if unit == .auto { unit = Self.guessUnit(timeText) }
            guard let time = Self.parseTime(timeText, unit) else { throw BacktestError("line \(reader.line): \(timeText.debugDescription) is not a time in \(unit.rawValue)") }
            var label: Bool?
            if let text = field(row, "label") { label = Self.truthy(text) }
            let transaction = MonitoredTransaction(
                id: field(row, "id") ?? String(number), time: time, from: from, to: to, amount: amount, currency: field(row, "currency") ?? "",
                fromCountry: field(row, "from_country").flatMap { $0.isEmpty ? nil : $0 }, toCountry: field(row, "to_country").flatMap { $0.isEmpty ? nil : $0 },
                fromParty: field(row, "from_party").flatMap { $0.isEmpty ? nil : $0 }, toParty: field(row, "to_party").flatMap { $0.isEmpty ? nil : $0 },
                device: field(row, "device").flatMap { $0.isEmpty ? nil : $0 }, region: field(row, "region").flatMap { $0.isEmpty ? nil : $0 }
            )
            rows.append(Row(transaction: transaction, label: label))
        }
        return (rows, unit)
    }

    /// Fields a login mapping may name.
    public static let loginFields = ["id", "time", "party", "ip", "country", "lat", "lon", "device", "result"]

    /// Reads logins from CSV: by default the columns are named like `POST /v1/logins`'s fields
    /// (`id,timestamp,partyId,clientIp,country,lat,lon,device,result`); `mapping` names others
    /// (`time=ts,party=customer,…`).
    public static func readLogins(_ bytes: [UInt8], mapping: [String: String]?, timeUnit: TimeUnit) throws -> [MonitoredLogin] {
        var reader = CSVReader(bytes)
        guard let header = reader.next() else { throw BacktestError("the logins file is empty") }
        let defaults = ["id": "id", "time": "timestamp", "party": "partyId", "ip": "clientIp", "country": "country", "lat": "lat", "lon": "lon", "device": "device", "result": "result"]
        var positions: [String: Int] = [:]
        for field in loginFields {
            let name = mapping?[field] ?? defaults[field]!
            if let index = header.firstIndex(of: name) { positions[field] = index } else if mapping?[field] != nil {
                throw BacktestError("--login-columns: no column \(name.debugDescription) (the header has \(header.joined(separator: ", ")))")
            }
        }
        for required in ["time", "party"] where positions[required] == nil {
            throw BacktestError("the logins file needs a \(required) column (header: \(header.joined(separator: ", ")))")
        }
        var unit = timeUnit
        var logins: [MonitoredLogin] = []
        var number = 0
        while let row = reader.next() {
            number += 1
            func field(_ name: String) -> String? {
                guard let index = positions[name], index < row.count else { return nil }
                let value = row[index].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            guard let timeText = field("time"), let party = field("party") else { throw BacktestError("logins line \(reader.line): time and party are required") }
            if unit == .auto { unit = guessUnit(timeText) }
            guard let time = parseTime(timeText, unit) else { throw BacktestError("logins line \(reader.line): \(timeText.debugDescription) is not a time") }
            let result: MonitoredLogin.Result = (field("result").map { ["failure", "failed", "fail", "0", "false"].contains($0.lowercased()) } ?? false) ? .failure : .success
            logins.append(
                MonitoredLogin(
                    id: field("id") ?? "login-\(number)", time: time, party: party, clientIP: field("ip"), country: field("country"),
                    latitude: field("lat").flatMap(Double.init), longitude: field("lon").flatMap(Double.init), device: field("device"), result: result
                )
            )
        }
        return logins
    }

    /// Reads account labels: a CSV with an id and a label column (AMLSim's `nodes.csv`: `nodeid`, `isFraud`).
    public static func readAccountLabels(_ bytes: [UInt8], idColumn: String? = nil, labelColumn: String? = nil) throws -> [String: Bool] {
        var reader = CSVReader(bytes)
        guard let header = reader.next() else { throw BacktestError("the accounts file is empty") }
        let idName = idColumn ?? (header.contains("nodeid") ? "nodeid" : header.first { ["id", "account", "account_id"].contains($0.lowercased()) } ?? header[0])
        let labelName = labelColumn ?? (header.contains("isFraud") ? "isFraud" : header.first { ["label", "is_fraud", "is_laundering", "fraud"].contains($0.lowercased()) } ?? "")
        guard let idIndex = header.firstIndex(of: idName), let labelIndex = header.firstIndex(of: labelName) else {
            throw BacktestError("the accounts file needs an id and a label column (header: \(header.joined(separator: ", ")))")
        }
        var labels: [String: Bool] = [:]
        while let row = reader.next() {
            guard row.count > max(idIndex, labelIndex) else { continue }
            labels[row[idIndex]] = truthy(row[labelIndex])
        }
        return labels
    }

    static func truthy(_ text: String) -> Bool {
        ["1", "true", "yes", "y", "fraud", "laundering", "sar"].contains(text.trimmingCharacters(in: .whitespaces).lowercased())
    }

    static func guessUnit(_ text: String) -> TimeUnit {
        guard let number = Double(text.trimmingCharacters(in: .whitespaces)) else { return .iso }
        if number < 100_000 { return .day }
        if number < 1e11 { return .seconds }
        return .milliseconds
    }

    /// 2026-01-01T00:00:00Z: day 0 of day-step files.
    static let dayZero: Int64 = 1_767_225_600

    static func parseTime(_ text: String, _ unit: TimeUnit) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch unit {
        case .day: return Double(trimmed).map { dayZero + Int64($0 * 86_400) }
        case .seconds: return Double(trimmed).map { Int64($0) }
        case .milliseconds: return Double(trimmed).map { Int64($0 / 1_000) }
        case .iso, .auto: return parseISO(trimmed)
        }
    }

    /// `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]][Z|±HH:MM]`, also with `/` between the date parts.
    static func parseISO(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0
        var offset = 0
        if bytes.count >= 16, let h = number(11, 2), let m = number(14, 2) {
            hour = h
            minute = m
            var index = 16
            if bytes.count >= 19, bytes[16] == 0x3A, let s = number(17, 2) {
                second = s
                index = 19
                if index < bytes.count, bytes[index] == 0x2E {
                    index += 1
                    while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
                }
            }
            if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D, let oh = number(index + 1, 2) {
                let om = number(index + 4, 2) ?? number(index + 3, 2) ?? 0
                offset = (oh * 3_600 + om * 60) * (bytes[index] == 0x2D ? -1 : 1)
            }
        }
        // Days from the civil date (proleptic Gregorian).
        let y = year - (month <= 2 ? 1 : 0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Int64(days) * 86_400 + Int64(hour * 3_600 + minute * 60 + second - offset)
    }

    /// Replays `rows` in time order (stable: ties keep file order) through `engine`, calls `write`
    /// with each decision, and scores the decisions against the labels.
    public static func run(
        _ rows: [Row], logins: [MonitoredLogin] = [], engine: MonitorEngine, accountLabels: [String: Bool]? = nil, write: (Row, MonitorDecision) -> Void = { _, _ in }
    ) -> Result {
        var result = Result()
        let order = rows.indices.sorted { (rows[$0].transaction.time, $0) < (rows[$1].transaction.time, $1) }
        // Logins in time order, each replayed before the payments of the same second or later.
        let loginOrder = logins.indices.sorted { (logins[$0].time, $0) < (logins[$1].time, $1) }
        var nextLogin = 0
        var perTransaction = Scores()
        var labelled = false
        var flaggedAccounts: Set<String> = []
        var positiveFromTransactions: Set<String> = []
        var seenAccounts: Set<String> = []
        let start = ContinuousClock.now
        func replayLogins(through time: Int64) {
            while nextLogin < loginOrder.count, logins[loginOrder[nextLogin]].time <= time {
                result.loginOutcomes[engine.process(logins[loginOrder[nextLogin]]).outcome, default: 0] += 1
                nextLogin += 1
            }
        }
        for index in order {
            let row = rows[index]
            replayLogins(through: row.transaction.time)
            let decision = engine.process(row.transaction)
            result.transactions += 1
            result.outcomes[decision.outcome, default: 0] += 1
            for finding in decision.findings { result.typologies[finding.typology, default: 0] += 1 }
            let flagged = decision.outcome != .allow
            if flagged {
                flaggedAccounts.insert(row.transaction.from)
                flaggedAccounts.insert(row.transaction.to)
            }
            seenAccounts.insert(row.transaction.from)
            seenAccounts.insert(row.transaction.to)
            if let label = row.label {
                labelled = true
                perTransaction.count(flagged: flagged, positive: label)
                if label {
                    positiveFromTransactions.insert(row.transaction.from)
                    positiveFromTransactions.insert(row.transaction.to)
                }
            }
            write(row, decision)
        }
        replayLogins(through: .max)
        let elapsed = ContinuousClock.now - start
        result.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if labelled { result.perTransaction = perTransaction }
        if let accountLabels {
            var scores = Scores()
            for account in seenAccounts.union(accountLabels.filter(\.value).keys) {
                scores.count(flagged: flaggedAccounts.contains(account), positive: accountLabels[account] ?? false)
            }
            result.perAccount = scores
        } else if labelled {
            var scores = Scores()
            for account in seenAccounts { scores.count(flagged: flaggedAccounts.contains(account), positive: positiveFromTransactions.contains(account)) }
            result.perAccount = scores
        }
        return result
    }
}

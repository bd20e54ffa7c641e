// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import ArgumentParser
import Foundation
import Monitor
import StraitApp
import StraitCore

struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Transaction monitoring offline: replay labelled history through the production engine.",
        subcommands: [Backtest.self, Train.self, Scenarios.self]
    )

    /// The history a backtest or a training reads: the transactions (a CSV file, or an AMLSim
    /// archive's `transactions.csv`) and the account labels (the named file, or the archive's `nodes.csv`).
    static func historyFiles(transactions: String, accounts: String?) throws -> (transactions: [UInt8], accounts: [UInt8]?) {
        var transactionBytes: [UInt8]
        var accountBytes: [UInt8]?
        if transactions.hasSuffix(".tgz") || transactions.hasSuffix(".tar.gz") {
            transactionBytes = try member(of: transactions, named: "transactions.csv")
            if accounts == nil { accountBytes = try? member(of: transactions, named: "nodes.csv") }
        } else {
            guard let data = FileManager.default.contents(atPath: transactions) else { throw BacktestError("cannot read \(transactions)") }
            transactionBytes = Array(data)
        }
        if let accounts {
            guard let data = FileManager.default.contents(atPath: accounts) else { throw BacktestError("cannot read \(accounts)") }
            accountBytes = Array(data)
        }
        return (transactionBytes, accountBytes)
    }

    /// One file of a .tgz archive, by its base name (read with `tar`).
    static func member(of archive: String, named name: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tar", "-xzOf", archive, "--wildcards", "*/\(name)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, !data.isEmpty else { throw BacktestError("\(archive) has no \(name)") }
        return Array(data)
    }

    struct Backtest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay transactions in time order through Monitor's engine, write one decision per transaction, and score them against labels.",
            discussion: """
                The transactions file is CSV (or an AMLSim .tgz archive, whose transactions.csv and nodes.csv are read as they are).
                Columns: --columns 'id=…,time=…,from=…,to=…,amount=…,currency=…,label=…' (also from_country, to_country, device,
                from_party, to_party, region); a column by header name, by position (#3), or several joined (from=Bank+Account).
                Account labels (--accounts, or AMLSim's nodes.csv) give per-account precision, recall and F1; a label column gives
                per-transaction figures too. An account counts as flagged when a transaction it sent or received was held for
                review or blocked.
                """
        )
        @Option(help: "Transactions: a CSV file, or an AMLSim .tgz archive.") var transactions: String
        @Option(help: "Account labels: a CSV with an id and a label column (AMLSim nodes.csv: nodeid, isFraud).") var accounts: String?
        @Option(help: "Logins to replay with the payments (CSV; columns as POST /v1/logins: id,timestamp,partyId,clientIp,country,lat,lon,device,result).")
        var logins: String?
        @Option(help: "Login column mapping, e.g. 'time=ts,party=customer,result=outcome'.") var loginColumns: String?
        @Option(help: "Scenario file (YAML or JSON); default: the shipped scenarios.") var scenarios: String?
        @Option(help: "Column mapping, e.g. 'id=txid,time=ts,from=src,to=dst,amount=value,label=is_fraud'; default: guessed for known layouts.")
        var columns: String?
        @Option(help: "How times are written: day (steps of one day), seconds, milliseconds, iso, or auto.") var timeUnit: String = "auto"
        @Option(help: "Write one line per transaction (id,decision,score,reasons) to this file.") var out: String?
        @Option(help: "A model trained by `strait monitor train` (JSON), whose score is added to the scenarios'.") var model: String?

        func run() async throws {
            guard let unit = TimeUnit(rawValue: timeUnit) else {
                printError("--time-unit must be one of \(TimeUnit.allCases.map(\.rawValue).joined(separator: ", "))")
                throw ExitCode(2)
            }
            let scenarioSet: ScenarioSet
            do {
                scenarioSet = try MonitorSetup.scenarios(path: scenarios)
            } catch {
                printError("scenarios: \(error)")
                throw ExitCode(2)
            }
            var transactionBytes: [UInt8]
            let accountBytes: [UInt8]?
            do {
                (transactionBytes, accountBytes) = try MonitorCommand.historyFiles(transactions: transactions, accounts: accounts)
            } catch {
                printError("\(error)")
                throw ExitCode(2)
            }
            let mapping: ColumnMapping?
            let rows: [Monitor.Backtest.Row]
            let chosen: TimeUnit
            let labels: [String: Bool]?
            var loginEvents: [MonitoredLogin] = []
            do {
                mapping = try columns.map(ColumnMapping.parse)
                (rows, chosen) = try Monitor.Backtest.readTransactions(transactionBytes, mapping: mapping, timeUnit: unit)
                labels = try accountBytes.map { try Monitor.Backtest.readAccountLabels($0) }
                if let logins {
                    guard let data = FileManager.default.contents(atPath: logins) else { throw BacktestError("cannot read \(logins)") }
                    var loginMapping: [String: String]?
                    if let loginColumns {
                        loginMapping = [:]
                        for part in loginColumns.split(separator: ",") {
                            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                            guard pieces.count == 2, Monitor.Backtest.loginFields.contains(pieces[0]) else {
                                throw BacktestError("--login-columns: \(part) is not name=column with a name among \(Monitor.Backtest.loginFields.joined(separator: ", "))")
                            }
                            loginMapping?[pieces[0]] = pieces[1]
                        }
                    }
                    loginEvents = try Monitor.Backtest.readLogins(Array(data), mapping: loginMapping, timeUnit: unit == .day ? .auto : unit)
                }
            } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
            transactionBytes = []
            var output: FileHandle?
            if let out {
                guard FileManager.default.createFile(atPath: out, contents: nil), let handle = FileHandle(forWritingAtPath: out) else {
                    printError("cannot write \(out)")
                    throw ExitCode(2)
                }
                output = handle
            }
            var buffer = "id,decision,score,reasons\n"
            let engine = MonitorEngine(scenarios: scenarioSet)
            if let model {
                do {
                    engine.model = try MonitorSetup.model(path: model)
                } catch {
                    printError("--model: \(error)")
                    throw ExitCode(2)
                }
            }
            let result = Monitor.Backtest.run(rows, logins: loginEvents, engine: engine, accountLabels: labels) { row, decision in
                guard let output else { return }
                buffer += CSVReader.quote(row.transaction.id) + "," + decision.outcome.rawValue + "," + String(format: "%.1f", decision.score) + ","
                    + CSVReader.quote(decision.reasons.joined(separator: " | ")) + "\n"
                if buffer.utf8.count > 1 << 20 {
                    output.write(Data(buffer.utf8))
                    buffer = ""
                }
            }
            if let output {
                output.write(Data(buffer.utf8))
                try? output.close()
            }
            print("scenarios \(scenarioSet.version); time unit \(chosen.rawValue)")
            print(
                "transactions: \(result.transactions) in \(String(format: "%.2f", result.seconds)) s (\(Int(Double(result.transactions) / max(result.seconds, 1e-9))) per second); "
                    + MonitorOutcome.allCases.map { "\($0.rawValue) \(result.outcomes[$0] ?? 0)" }.joined(separator: ", ")
            )
            if !loginEvents.isEmpty {
                print("logins: \(loginEvents.count); " + MonitorOutcome.allCases.map { "\($0.rawValue) \(result.loginOutcomes[$0] ?? 0)" }.joined(separator: ", "))
            }
            print("findings: " + result.typologies.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            if let scores = result.perTransaction { print("per transaction: \(scores.summary)") }
            if let scores = result.perAccount { print("per account: \(scores.summary)") }
        }

    }

    struct Scenarios: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a scenario file (exit 1 naming the place of an error), or print the shipped scenarios as a file to start from."
        )
        @Argument(help: "A scenario file (YAML or JSON) to check.") var file: String?

        func run() async throws {
            if let file {
                do {
                    let set = try MonitorSetup.scenarios(path: file)
                    print("valid: scenarios \(set.version), \(set.typologies.count + set.loginTypologies.count) typologies, review at \(set.review), block at \(set.block)")
                } catch {
                    printError("\(file): \(error)")
                    throw ExitCode(1)
                }
                return
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(ScenarioDocument.defaults), as: UTF8.self))
        }
    }

    struct Train: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit Monitor's statistical model on labelled history and write it as JSON (for backtest --model and serving).",
            discussion: """
                The history is replayed in time order through the engine with the scenario file (the same inputs production computes).
                Labels: a label column per transaction, or account labels (--accounts, or AMLSim's nodes.csv): a payment between two
                labelled accounts is positive. The earliest share of the history trains the model; the rest (--holdout) measures it,
                per transaction and per account, with and without the model.
                """
        )
        @Option(help: "Transactions: a CSV file, or an AMLSim .tgz archive.") var transactions: String
        @Option(help: "Account labels (CSV with an id and a label column).") var accounts: String?
        @Option(help: "Scenario file (YAML or JSON); default: the shipped scenarios.") var scenarios: String?
        @Option(help: "Column mapping, as for backtest.") var columns: String?
        @Option(help: "How times are written: day, seconds, milliseconds, iso, or auto.") var timeUnit: String = "auto"
        @Option(help: "Share of the history, the latest, kept out of training to measure the model.") var holdout: Double = 0.3
        @Option(help: "Where to write the model (JSON).") var out: String

        func run() async throws {
            guard let unit = TimeUnit(rawValue: timeUnit), (0.0..<0.9).contains(holdout) else {
                printError("--time-unit must be one of \(TimeUnit.allCases.map(\.rawValue).joined(separator: ", ")); --holdout from 0 to 0.9")
                throw ExitCode(2)
            }
            let scenarioSet: ScenarioSet
            var rows: [Monitor.Backtest.Row]
            var labels: [String: Bool]?
            do {
                scenarioSet = try MonitorSetup.scenarios(path: scenarios)
                let (bytes, accountBytes) = try MonitorCommand.historyFiles(transactions: transactions, accounts: accounts)
                rows = try Monitor.Backtest.readTransactions(bytes, mapping: try columns.map(ColumnMapping.parse), timeUnit: unit).rows
                labels = try accountBytes.map { try Monitor.Backtest.readAccountLabels($0) }
            } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
            rows.sort { $0.transaction.time < $1.transaction.time }
            func label(_ row: Monitor.Backtest.Row) -> Bool {
                if let value = row.label { return value }
                guard let labels else { return false }
                return (labels[row.transaction.from] ?? false) && (labels[row.transaction.to] ?? false)
            }
            guard rows.contains(where: { label($0) }) else {
                printError("no positive labels: give a label column (--columns label=…) or --accounts")
                throw ExitCode(1)
            }
            let cut = Int(Double(rows.count) * (1 - holdout))
            // The inputs, computed by the engine in time order over the whole history.
            let engine = MonitorEngine(scenarios: scenarioSet)
            var inputs: [[Double]] = []
            inputs.reserveCapacity(rows.count)
            var ruleFlags: [Bool] = []
            var ruleScores: [Double] = []
            for row in rows {
                let (decision, vector) = engine.processForTraining(row.transaction)
                inputs.append(vector)
                ruleFlags.append(decision.outcome != .allow)
                ruleScores.append(decision.score)
            }
            let trainLabels = rows[..<cut].map(label)
            let model = AnomalyModel.fit(Array(inputs[..<cut]), labels: trainLabels, version: "trained-\(rows.count)-\(Int(Date().timeIntervalSince1970))", epochs: 300, rate: 0.2)
            // Measure on the holdout: rules alone, and rules with the model (the same points as serving adds).
            var rulesOnly = Scores()
            var withModel = Scores()
            var flaggedRules: Set<String> = []
            var flaggedModel: Set<String> = []
            var seen: Set<String> = []
            for index in cut..<rows.count {
                let row = rows[index]
                let positive = label(row)
                let probability = model.score(inputs[index]).probability
                let points = AnomalyModel.points(probability: probability, weight: engine.modelWeight)
                let modelFlag = ruleScores[index] + points >= scenarioSet.review
                rulesOnly.count(flagged: ruleFlags[index], positive: positive)
                withModel.count(flagged: modelFlag, positive: positive)
                seen.insert(row.transaction.from)
                seen.insert(row.transaction.to)
                if ruleFlags[index] { flaggedRules.formUnion([row.transaction.from, row.transaction.to]) }
                if modelFlag { flaggedModel.formUnion([row.transaction.from, row.transaction.to]) }
            }
            do {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(model).write(to: URL(fileURLWithPath: out))
            } catch {
                printError("cannot write \(out): \(error)")
                throw ExitCode(2)
            }
            print("trained on \(cut) transactions (\(trainLabels.filter { $0 }.count) positive); holdout \(rows.count - cut) transactions")
            print("holdout per transaction, rules only: \(rulesOnly.summary)")
            print("holdout per transaction, rules + model: \(withModel.summary)")
            if let labels {
                var accountRules = Scores()
                var accountModel = Scores()
                for account in seen {
                    accountRules.count(flagged: flaggedRules.contains(account), positive: labels[account] ?? false)
                    accountModel.count(flagged: flaggedModel.contains(account), positive: labels[account] ?? false)
                }
                print("holdout per account, rules only: \(accountRules.summary)")
                print("holdout per account, rules + model: \(accountModel.summary)")
            }
            let top = zip(AnomalyModel.inputs, model.weights).sorted { abs($0.1) > abs($1.1) }.prefix(6)
            print("strongest inputs: " + top.map { "\($0.0) \(String(format: "%+.2f", $0.1))" }.joined(separator: ", "))
            print("model written to \(out)")
        }
    }
}

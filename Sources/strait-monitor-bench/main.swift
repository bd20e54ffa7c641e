// Strait — compliance gateway for cross-border fintech. Apache-2.0.
//
// In-process benchmark of Monitor's engine: scoring throughput on one core, memory per active
// account, and a backtest of a generated history written as CSV and read back (the path
// `strait monitor backtest` takes). Run in release:
//
//     swift build -c release --product strait-monitor-bench && .build/release/strait-monitor-bench

import ArgumentParser
import Foundation
import Monitor
import StraitCore

@main
struct MonitorBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "strait-monitor-bench", abstract: "Benchmark Monitor's engine in process.")
    @Option(help: "Transactions to score.") var transactions = 1_000_000
    @Option(help: "Accounts the transactions are spread over.") var accounts = 100_000
    @Option(help: "Seed of the generator.") var seed: UInt64 = 7

    struct Generator {
        var source: SplitMix64
        init(state: UInt64) { source = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { source.next() }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        /// A skewed account number: a few accounts are busy, most are quiet.
        mutating func account(_ count: Int) -> Int { Int(Double(count) * pow(unit(), 2.2)) }
    }

    func history() -> [MonitoredTransaction] {
        var generator = Generator(state: seed)
        let countries = ["DE", "FR", "SG", "HK", "IN", "GB", "US", "ID", "NL", "ES"]
        var time: Int64 = 1_767_225_600
        var list: [MonitoredTransaction] = []
        list.reserveCapacity(transactions)
        for index in 0..<transactions {
            time += Int64(generator.next() % 4)
            let from = generator.account(accounts)
            var to = generator.account(accounts)
            if to == from { to = (to + 1) % accounts }
            let amount = (20 * exp(4 * generator.unit())).rounded() / 1
            list.append(
                MonitoredTransaction(
                    id: "t\(index)", time: time, from: "acc-\(from)", to: "acc-\(to)", amount: amount, currency: "EUR",
                    fromCountry: countries[from % countries.count], toCountry: countries[to % countries.count], device: "dev-\(from % 7)"
                )
            )
        }
        return list
    }

    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }

    func run() throws {
        let list = history()
        let scenarios = try ScenarioSet(.defaults)
        // Scoring on one core: the engine is single-writer, so one thread is what it uses.
        let before = Self.residentBytes()
        let engine = MonitorEngine(scenarios: scenarios)
        var flagged = 0
        let start = ContinuousClock.now
        for transaction in list where engine.process(transaction).outcome != .allow { flagged += 1 }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let after = Self.residentBytes()
        print("scoring: \(list.count) transactions over \(engine.accounts.count) accounts in \(String(format: "%.2f", seconds)) s on one core: \(Int(Double(list.count) / seconds)) transactions/s (\(flagged) held or blocked)")
        print("memory: \(MemoryLayout<AccountState>.stride) bytes of state per account; resident growth \((after - before) / max(engine.accounts.count, 1)) bytes per account (state, key and index)")
        // A backtest of the same history through CSV, as `strait monitor backtest` reads it.
        var csv = "id,time,from,to,amount,currency\n"
        csv.reserveCapacity(list.count * 48)
        for transaction in list {
            csv += "\(transaction.id),\(transaction.time),\(transaction.from),\(transaction.to),\(transaction.amount),EUR\n"
        }
        let bytes = Array(csv.utf8)
        csv = ""
        let backtestStart = ContinuousClock.now
        let (rows, _) = try Backtest.readTransactions(
            bytes, mapping: try ColumnMapping.parse("id=id,time=time,from=from,to=to,amount=amount,currency=currency"), timeUnit: .seconds
        )
        let result = Backtest.run(rows, engine: MonitorEngine(scenarios: scenarios))
        let total = ContinuousClock.now - backtestStart
        let totalSeconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
        print("backtest: \(result.transactions) transactions read from CSV and replayed in \(String(format: "%.2f", totalSeconds)) s (replay alone \(String(format: "%.2f", result.seconds)) s)")
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

// Generated zones and the comparison with the `mrz` package (Oracle/mrz_oracle.py), shared by
// MRZTests and by a scratch executable that runs the same comparison without SwiftPM: built with
// swiftc from MRZ.swift, SplitMix64.swift, this file and a main.swift, as one module, which is
// why the imports below are conditional.

import Foundation

#if canImport(Screening)
@testable import Screening
#endif
#if canImport(StraitCore)
import StraitCore
#endif

/// One generated zone: its lines joined by `\n`, and what the generator did to it.
struct MRZSample: Codable, Sendable {
    var id: Int
    var format: String
    var mrz: String
    /// `valid`, `substitution`, `substitution-any`, `transposition`, `check-not-digit`,
    /// `long-number`, `long-number-corrupted`, `empty-personal-number`, `bad-date`.
    var kind: String
}

/// Valid zones built from random fields with a seeded generator, and corrupted copies.
enum MRZSampleGenerator {
    /// The reference date the comparison reads two-digit years against.
    static let reference = MRZDate(year: 2025, month: 6, day: 1)
    static let seed: UInt64 = 0x4D52_5A_9303

    static let states = ["UTO", "GBR", "DEU", "D<<", "FRA", "NLD", "ESP", "ITA", "JPN", "SGP", "IND", "USA", "CHN", "UNO", "XXA", "GBD"]
    static let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
    static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
    static let zoneCharacters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<".utf8)
    static let filler = UInt8(ascii: "<")

    /// `perFormat` zones of each format: 30% valid, the rest corrupted in the ways of ``MRZSample/kind``.
    static func samples(seed: UInt64 = seed, perFormat: Int = 1_000) -> [MRZSample] {
        var rng = SplitMix64(seed: seed)
        var out: [MRZSample] = []
        for format in MRZFormat.allCases {
            for n in 0..<perFormat {
                var kind: String
                var lines: [[UInt8]]
                switch n % 10 {
                case 0, 1, 2:
                    kind = "valid"
                    lines = zone(format, &rng)
                case 3, 4, 5:
                    kind = "substitution"
                    lines = zone(format, &rng)
                    let (line, column) = checkedPositions(format).randomElement(using: &rng)!
                    lines[line][column] = zoneCharacters.filter { $0 != lines[line][column] }.randomElement(using: &rng)!
                case 6:
                    kind = "substitution-any"
                    lines = zone(format, &rng)
                    // Anywhere but the first character, which tells a visa from a TD2 or TD3.
                    let line = Int.random(in: 0..<lines.count, using: &rng)
                    let column = Int.random(in: (line == 0 ? 1 : 0)..<format.lineLength, using: &rng)
                    lines[line][column] = zoneCharacters.filter { $0 != lines[line][column] }.randomElement(using: &rng)!
                case 7:
                    kind = "transposition"
                    lines = zone(format, &rng)
                    let line = format == .td1 ? Int.random(in: 0...1, using: &rng) : 1
                    let column = Int.random(in: 0..<format.lineLength - 1, using: &rng)
                    lines[line].swapAt(column, column + 1)
                case 8:
                    kind = "check-not-digit"
                    lines = zone(format, &rng)
                    let (line, column) = checkDigitPositions(format).randomElement(using: &rng)!
                    lines[line][column] = Bool.random(using: &rng) ? filler : letters.randomElement(using: &rng)!
                default:
                    switch format {
                    case .td1:
                        kind = Bool.random(using: &rng) ? "long-number" : "long-number-corrupted"
                        lines = zone(format, &rng, longNumber: true)
                        if kind == "long-number-corrupted" {
                            let column = Int.random(in: 5..<30, using: &rng)
                            lines[0][column] = zoneCharacters.filter { $0 != lines[0][column] }.randomElement(using: &rng)!
                        }
                    case .td3 where Bool.random(using: &rng):
                        kind = "empty-personal-number"
                        lines = zone(format, &rng, emptyPersonalNumber: true)
                    default:
                        kind = "bad-date"
                        lines = zone(format, &rng, badDate: true)
                    }
                }
                let text = lines.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
                out.append(MRZSample(id: out.count, format: format.rawValue, mrz: text, kind: kind))
            }
        }
        return out
    }

    /// Positions (line, column) covered by some check digit, check digits included.
    static func checkedPositions(_ format: MRZFormat) -> [(Int, Int)] {
        switch format {
        case .td1: (5..<30).map { (0, $0) } + (Array(0..<7) + Array(8..<15) + Array(18..<30)).map { (1, $0) }
        case .td2: (Array(0..<10) + Array(13..<20) + Array(21..<36)).map { (1, $0) }
        case .td3: (Array(0..<10) + Array(13..<20) + Array(21..<44)).map { (1, $0) }
        case .mrvA, .mrvB: (Array(0..<10) + Array(13..<20) + Array(21..<28)).map { (1, $0) }
        }
    }

    /// Positions (line, column) of the check digits.
    static func checkDigitPositions(_ format: MRZFormat) -> [(Int, Int)] {
        switch format {
        case .td1: [(0, 14), (1, 6), (1, 14), (1, 29)]
        case .td2: [(1, 9), (1, 19), (1, 27), (1, 35)]
        case .td3: [(1, 9), (1, 19), (1, 27), (1, 42), (1, 43)]
        case .mrvA, .mrvB: [(1, 9), (1, 19), (1, 27)]
        }
    }

    // MARK: Building zones

    static func padded(_ text: [UInt8], _ width: Int) -> [UInt8] {
        Array(text.prefix(width)) + Array(repeating: filler, count: max(0, width - text.count))
    }

    static func digit(_ bytes: [UInt8]) -> UInt8 {
        UInt8(ascii: "0") + UInt8(MachineReadableZone.checkDigit(String(decoding: bytes, as: UTF8.self))!)
    }

    static func word(_ rng: inout SplitMix64, _ lengths: ClosedRange<Int>, from alphabet: [UInt8] = letters) -> [UInt8] {
        (0..<Int.random(in: lengths, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
    }

    static func name(_ rng: inout SplitMix64, width: Int) -> [UInt8] {
        var primary = word(&rng, 2...12)
        if Int.random(in: 0..<5, using: &rng) == 0 { primary += [filler] + word(&rng, 2...9) }
        let given = (0..<Int.random(in: 0...3, using: &rng)).map { _ in word(&rng, 2...10) }
        var bytes = primary
        if !given.isEmpty { bytes += [filler, filler] + Array(given.joined(separator: [filler])) }
        return padded(bytes, width)
    }

    static func twoDigits(_ value: Int) -> [UInt8] {
        [UInt8(ascii: "0") + UInt8(value / 10 % 10), UInt8(ascii: "0") + UInt8(value % 10)]
    }

    static func date(_ rng: inout SplitMix64, years: ClosedRange<Int>) -> [UInt8] {
        let year = Int.random(in: years, using: &rng)
        let month = Int.random(in: 1...12, using: &rng)
        let day = Int.random(in: 1...MRZDate.days(inMonth: month, year: year), using: &rng)
        return twoDigits(year % 100) + twoDigits(month) + twoDigits(day)
    }

    static func badDate(_ rng: inout SplitMix64) -> [UInt8] {
        let yy = twoDigits(Int.random(in: 0...99, using: &rng))
        return switch Int.random(in: 0..<6, using: &rng) {
        case 0: yy + Array("13".utf8) + twoDigits(Int.random(in: 1...28, using: &rng))
        case 1: yy + Array("00".utf8) + twoDigits(Int.random(in: 1...28, using: &rng))
        case 2: yy + Array("0431".utf8)
        case 3: Array("230229".utf8)
        case 4: yy + twoDigits(Int.random(in: 1...12, using: &rng)) + Array("00".utf8)
        default: yy + twoDigits(Int.random(in: 1...12, using: &rng)) + Array("32".utf8)
        }
    }

    /// A valid zone (check digits computed), unless `badDate` puts an impossible date (with its
    /// check digit right) in the birth or the expiry field.
    static func zone(
        _ format: MRZFormat, _ rng: inout SplitMix64, longNumber: Bool = false, emptyPersonalNumber: Bool = false, badDate: Bool = false
    ) -> [[UInt8]] {
        let code: [UInt8] = switch format {
        case .td1, .td2: Array(["I<", "ID", "IR", "AC", "C<", "IP", "A<"].randomElement(using: &rng)!.utf8)
        case .td3: Array(["P<", "PD", "PO", "PS"].randomElement(using: &rng)!.utf8)
        case .mrvA, .mrvB: Array(["V<", "VA", "VC", "VI"].randomElement(using: &rng)!.utf8)
        }
        let state = Array(states.randomElement(using: &rng)!.utf8)
        let nationality = Array(states.randomElement(using: &rng)!.utf8)
        let number = padded(word(&rng, 5...9, from: alphanumerics), 9)
        var birth = date(&rng, years: 1926...2024)
        var expiry = date(&rng, years: 2016...2074)
        if badDate {
            if Bool.random(using: &rng) { birth = Self.badDate(&rng) } else { expiry = Self.badDate(&rng) }
        }
        let sex = Array("MF<X".utf8).randomElement(using: &rng)!
        func optional(_ width: Int) -> [UInt8] {
            Bool.random(using: &rng) ? padded([], width) : padded(word(&rng, 1...width, from: alphanumerics + [filler]), width)
        }
        let dates = birth + [digit(birth), sex] + expiry + [digit(expiry)]
        switch format {
        case .td1:
            var top = code + state
            if longNumber {
                let full = word(&rng, 10...13, from: alphanumerics)
                let rest = Array(full[9...]) + [digit(full), filler]
                top += Array(full[0..<9]) + [filler] + padded(rest + word(&rng, 0...(14 - rest.count), from: alphanumerics), 15)
            } else {
                top += number + [digit(number)] + optional(15)
            }
            var middle = birth + [digit(birth), sex] + expiry + [digit(expiry)] + nationality + optional(11)
            middle.append(digit(Array(top[5..<30]) + Array(middle[0..<7]) + Array(middle[8..<15]) + Array(middle[18..<29])))
            return [top, middle, name(&rng, width: 30)]
        case .td2:
            var lower = number + [digit(number)] + nationality + dates + optional(7)
            lower.append(digit(Array(lower[0..<10]) + Array(lower[13..<20]) + Array(lower[21..<35])))
            return [code + state + name(&rng, width: 31), lower]
        case .td3:
            let personal = emptyPersonalNumber ? padded([], 14) : optional(14)
            let personalCheck = personal.allSatisfy { $0 == filler } && Bool.random(using: &rng) ? filler : digit(personal)
            var lower = number + [digit(number)] + nationality + dates + personal + [personalCheck]
            lower.append(digit(Array(lower[0..<10]) + Array(lower[13..<20]) + Array(lower[21..<43])))
            return [code + state + name(&rng, width: 39), lower]
        case .mrvA:
            return [code + state + name(&rng, width: 39), number + [digit(number)] + nationality + dates + optional(16)]
        case .mrvB:
            return [code + state + name(&rng, width: 31), number + [digit(number)] + nationality + dates + optional(8)]
        }
    }
}

/// The `mrz` package's verdict on one sample (a line of `mrz_oracle.py`'s output).
struct MRZOracleVerdict: Decodable, Sendable {
    var id: Int
    var valid: Bool?
    var checks: [String: Bool]?
    var errors: [String]?
    var exception: String?
}

/// The comparison of Strait's check-digit verdicts with the oracle's.
struct MRZOracleComparison: Sendable {
    var samples = 0
    var checkDigitsCompared = 0
    var perFormat: [String: Int] = [:]
    var perKind: [String: Int] = [:]
    /// Samples on which Strait and the oracle disagree on some check digit (not whitelisted).
    var disagreements: [String] = []
    /// Differences explained by a documented reading of Doc 9303, by reason.
    var whitelisted: [String: Int] = [:]
    /// Overall validity, Strait × oracle: "strait=true oracle=false" → count.
    var overall: [String: Int] = [:]
    /// Reasons the oracle gave where it found a zone invalid that Strait finds valid.
    var oracleOnlyErrors: [String: Int] = [:]
    /// Strait's problem codes on zones the oracle finds valid.
    var straitOnlyProblems: [String: Int] = [:]

    /// TD1 long document number (Part 5): the oracle checks the 9 characters in positions 6–14
    /// against the filler in position 15 and so rejects every long number.
    static let longNumberReason = "td1 long document number: the oracle does not read the continuation in the optional data"

    init(samples: [MRZSample], verdicts: [MRZOracleVerdict], reference: MRZDate = MRZSampleGenerator.reference) {
        let byID = Dictionary(verdicts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for sample in samples {
            self.samples += 1
            perFormat[sample.format, default: 0] += 1
            perKind[sample.kind, default: 0] += 1
            let label = "#\(sample.id) \(sample.format) \(sample.kind) \(sample.mrz.replacingOccurrences(of: "\n", with: " / "))"
            guard let verdict = byID[sample.id] else {
                disagreements.append("\(label): no oracle verdict")
                continue
            }
            let zone: MachineReadableZone
            switch MachineReadableZone.parse(sample.mrz, referenceDate: reference) {
            case let .success(parsed): zone = parsed
            case let .failure(error):
                disagreements.append("\(label): Strait refused it: \(error)")
                continue
            }
            guard let checks = verdict.checks else {
                disagreements.append("\(label): the oracle raised \(verdict.exception ?? "?")")
                continue
            }
            guard zone.format.rawValue == sample.format else {
                disagreements.append("\(label): Strait read it as \(zone.format.rawValue)")
                continue
            }
            for (name, oracleValid) in checks.sorted(by: { $0.key < $1.key }) {
                checkDigitsCompared += 1
                guard let field = MRZCheckedField(rawValue: name), let mine = zone.checkDigit(for: field) else {
                    disagreements.append("\(label): Strait has no \(name) check digit")
                    continue
                }
                if mine.isValid == oracleValid { continue }
                if field == .documentNumber, zone.hasLongDocumentNumber, mine.isValid, !oracleValid {
                    whitelisted[Self.longNumberReason, default: 0] += 1
                } else {
                    disagreements.append("\(label): \(name) Strait \(mine.isValid), oracle \(oracleValid)")
                }
            }
            if let oracleValid = verdict.valid {
                overall["strait=\(zone.isValid) oracle=\(oracleValid)", default: 0] += 1
                if zone.isValid, !oracleValid {
                    for error in verdict.errors ?? [] { oracleOnlyErrors[error, default: 0] += 1 }
                }
                if !zone.isValid, oracleValid {
                    for problem in zone.problems { straitOnlyProblems[problem.code.rawValue, default: 0] += 1 }
                }
            }
        }
    }

    /// A few lines for people.
    var summary: String {
        func list(_ counts: [String: Int]) -> String {
            counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        }
        var lines = [
            "samples: \(samples) (\(list(perFormat)))",
            "kinds: \(list(perKind))",
            "check digits compared: \(checkDigitsCompared)",
            "disagreements: \(disagreements.count)",
            "whitelisted: \(whitelisted.isEmpty ? "none" : list(whitelisted))",
            "overall validity: \(list(overall))",
        ]
        if !oracleOnlyErrors.isEmpty { lines.append("oracle-only errors (Strait valid): \(list(oracleOnlyErrors))") }
        if !straitOnlyProblems.isEmpty { lines.append("Strait-only problems (oracle valid): \(list(straitOnlyProblems))") }
        lines += disagreements.prefix(20).map { "  " + $0 }
        return lines.joined(separator: "\n")
    }
}

/// Runs `Oracle/mrz_oracle.py` with `STRAIT_PYTHON` (default `python3`, found on `PATH`).
enum MRZOracle {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Oracle/mrz_oracle.py")

    /// Whether the interpreter runs and the `mrz` package imports (`mrz_oracle.py --check`).
    static let isAvailable: Bool = (try? run(["--check"], input: Data()).status == 0) ?? false

    /// The oracle's verdicts on `samples`.
    static func verdicts(_ samples: [MRZSample]) throws -> (status: Int32, verdicts: [MRZOracleVerdict], error: String) {
        let encoder = JSONEncoder()
        var input = Data()
        for sample in samples {
            input.append(try encoder.encode(sample))
            input.append(UInt8(ascii: "\n"))
        }
        let run = try run([], input: input)
        let decoder = JSONDecoder()
        let verdicts = try run.output.split(separator: UInt8(ascii: "\n")).map {
            try decoder.decode(MRZOracleVerdict.self, from: Data($0))
        }
        return (run.status, verdicts, String(decoding: run.error, as: UTF8.self))
    }

    /// Runs the script with `input` on stdin (from a temporary file, so that neither side blocks
    /// on a full pipe).
    static func run(_ arguments: [String], input: Data) throws -> (status: Int32, output: Data, error: Data) {
        let inputURL = FileManager.default.temporaryDirectory.appendingPathComponent("strait-mrz-\(UUID().uuidString).jsonl")
        try input.write(to: inputURL)
        defer { try? FileManager.default.removeItem(at: inputURL) }
        let python = ProcessInfo.processInfo.environment["STRAIT_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script.path] + arguments
        let stdin = try FileHandle(forReadingFrom: inputURL)
        defer { try? stdin.close() }
        let output = Pipe()
        let error = Pipe()
        process.standardInput = stdin
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read stderr on another thread: a chatty stderr must not block the script while stdout is read.
        let errorData = ErrorCollector()
        let thread = Thread { errorData.set(error.fileHandleForReading.readDataToEndOfFile()) }
        thread.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data, errorData.wait())
    }

    /// Stderr collected on a helper thread.
    final class ErrorCollector: @unchecked Sendable {
        private let condition = NSCondition()
        private var data: Data?

        func set(_ value: Data) {
            condition.lock()
            data = value
            condition.signal()
            condition.unlock()
        }

        func wait() -> Data {
            condition.lock()
            defer { condition.unlock() }
            while data == nil { condition.wait() }
            return data!
        }
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import StraitTestSupport
import Testing

@testable import Screening

@Suite("EU national ID numbers")
struct NationalIDNumberTests {
    // MARK: - Oracle: python-stdnum

    /// One line of `Oracle/eu_national_ids.py`: stdnum's verdict, and Strait's where it differs on
    /// purpose.
    struct OracleCase: Decodable {
        var scheme: String
        var value: String
        var valid: Bool
        var swift: Bool?
        var why: String?
    }

    @Test(
        "Every scheme agrees with python-stdnum apart from the documented differences",
        .enabled(
            if: EUStdnumOracle.isAvailable,
            "needs python3 with python-stdnum (pip install python-stdnum; STRAIT_PYTHON selects the interpreter)"
        )
    )
    func agreesWithStdnum() async throws {
        // The oracle runs for seconds: wait for it off the cooperative pool.
        let run = try await OwnThread.run { try EUStdnumOracle.run([]) }
        try #require(run.status == 0, "eu_national_ids.py failed: \(String(decoding: run.error, as: UTF8.self))")
        let decoder = JSONDecoder()
        let cases = try run.output.split(separator: UInt8(ascii: "\n")).map {
            try decoder.decode(OracleCase.self, from: Data($0))
        }
        var counts: [String: (cases: Int, valid: Int, deliberate: Int, disagreements: Int)] = [:]
        var disagreements: [String] = []
        for item in cases {
            let type = try #require(NationalIDType(rawValue: item.scheme), "unknown scheme \(item.scheme)")
            let expected = item.swift ?? item.valid
            let result = type.validate(item.value)
            var count = counts[item.scheme] ?? (0, 0, 0, 0)
            count.cases += 1
            if item.valid { count.valid += 1 }
            if item.swift != nil { count.deliberate += 1 }
            if result.isValid != expected {
                count.disagreements += 1
                disagreements.append(
                    "\(item.scheme) \(String(reflecting: item.value)): stdnum \(item.valid), expected \(expected), "
                        + "Strait \(result.isValid) \(result.problem.map { "(\($0))" } ?? "")"
                        + (item.why.map { " [\($0)]" } ?? ""))
            }
            counts[item.scheme] = count
        }
        for (scheme, count) in counts.sorted(by: { $0.key < $1.key }) {
            print("\(scheme): \(count.cases) cases, \(count.valid) valid for stdnum, \(count.deliberate) deliberate differences, \(count.disagreements) disagreements")
        }
        for type in NationalIDType.allCases where !type.isAsian {  // the Asian ones: AsianNationalIDTests
            #expect(counts[type.rawValue, default: (0, 0, 0, 0)].cases >= 1_000, "too few oracle cases for \(type.rawValue)")
        }
        let deliberate = counts.values.reduce(0) { $0 + $1.deliberate }
        #expect(deliberate < cases.count / 20, "\(deliberate) deliberate differences")
        let firstTen = disagreements.prefix(10).joined(separator: "\n")
        #expect(disagreements.isEmpty, "\(disagreements.count) of \(cases.count) oracle cases disagree; first 10:\n\(firstTen)")
    }

    // MARK: - Embedded data

    static let today = NationalIDDate(year: 2026, month: 11, day: 27)

    @Test("pl.pesel: birth date with the century in the month, and sex")
    func pesel() {
        let result = NationalIDType.plPESEL.validate("44051401359", today: Self.today)
        #expect(result.isValid)
        #expect(result.birthDate == NationalIDDate(year: 1944, month: 5, day: 14))
        #expect(result.sex == .male)
        let born2002 = NationalIDType.plPESEL.validate("02270803624", today: Self.today)
        #expect(born2002.isValid)
        #expect(born2002.birthDate == NationalIDDate(year: 2002, month: 7, day: 8))
        #expect(born2002.sex == .female)
    }

    @Test("it.codice_fiscale: birth date, sex and Belfiore place code, also with omocodia")
    func codiceFiscale() {
        let result = NationalIDType.itCodiceFiscale.validate("RCCMNL83S18D969H", today: Self.today)
        #expect(result.isValid, "\(String(describing: result.problem))")
        #expect(result.birthDate == NationalIDDate(year: 1983, month: 11, day: 18))
        #expect(result.sex == .male)
        #expect(result.placeCode == "D969")  // Genova
        let woman = NationalIDType.itCodiceFiscale.validate(" mrtmtt91d58f205o ", today: Self.today)
        #expect(woman.isValid)
        #expect(woman.number == "MRTMTT91D58F205O")
        #expect(woman.birthDate == NationalIDDate(year: 1991, month: 4, day: 18))
        #expect(woman.sex == .female)
        #expect(woman.placeCode == "F205")  // Milano
        // D969 with its last digit replaced by the omocodia letter V: the place code is decoded.
        let omocode = NationalIDType.itCodiceFiscale.validate("RCCMNL83S18D96VW", today: Self.today)
        #expect(omocode.isValid)
        #expect(omocode.placeCode == "D969")
        #expect(NationalIDType.itCodiceFiscale.validate("RCCMNL83S18D969A", today: Self.today).problem?.code == .checkDigit)
    }

    @Test("fi.hetu: the century marker, including the 2023 additions")
    func hetu() {
        let plus = NationalIDType.fiHETU.validate("131052+308T", today: Self.today)
        #expect(plus.birthDate?.year == 1852)
        let minus = NationalIDType.fiHETU.validate("131052-308T", today: Self.today)
        #expect(minus.isValid)
        #expect(minus.birthDate == NationalIDDate(year: 1952, month: 10, day: 13))
        #expect(minus.sex == .female)
        #expect(NationalIDType.fiHETU.validate("131052Y308T", today: Self.today).birthDate?.year == 1952)
        #expect(NationalIDType.fiHETU.validate("131052A308T", today: Self.today).isValid == false)  // 2052: future
        #expect(NationalIDType.fiHETU.validate("010594Y9032", today: Self.today).problem?.code == .temporary)
    }

    @Test("se.personnummer: century from the separator, coordination numbers, 12-digit form")
    func personnummer() {
        let short = NationalIDType.sePersonnummer.validate("811218-9876", today: Self.today)
        #expect(short.isValid)
        #expect(short.number == "198112189876")
        #expect(short.birthDate == NationalIDDate(year: 1981, month: 12, day: 18))
        #expect(short.sex == .male)
        let old = NationalIDType.sePersonnummer.validate("811218+9876", today: Self.today)
        #expect(old.birthDate?.year == 1881)
        let long = NationalIDType.sePersonnummer.validate("198112189876", today: Self.today)
        #expect(long.birthDate == short.birthDate)
        let coordination = NationalIDType.sePersonnummer.validate("701063-2391", today: Self.today)
        #expect(coordination.isValid)
        #expect(coordination.isCoordinationNumber)
        #expect(coordination.birthDate == NationalIDDate(year: 1970, month: 10, day: 3))
    }

    @Test("be.nn: sequence, sex and the 2000s checksum")
    func belgium() {
        let result = NationalIDType.beNN.validate("85.07.30-033.28", today: Self.today)
        #expect(result.isValid)
        #expect(result.birthDate == NationalIDDate(year: 1985, month: 7, day: 30))
        #expect(result.sequence == 33)
        #expect(result.sex == .male)
        let born2000s = NationalIDType.beNN.validate("17073003384", today: Self.today)
        #expect(born2000s.birthDate?.year == 2017)
    }

    @Test("Other schemes' embedded data")
    func otherEmbeddedData() {
        let dk = NationalIDType.dkCPR.validate("211062-1629", today: Self.today)
        #expect(dk.birthDate == NationalIDDate(year: 1962, month: 10, day: 21))
        #expect(dk.sex == .male)
        // Seventh digit 5–8 with a year 58–99: the 1800s.
        #expect(NationalIDType.dkCPR.validate("211062-5629", today: Self.today).birthDate?.year == 1862)
        let ee = NationalIDType.eeIK.validate("36805280109", today: Self.today)
        #expect(ee.birthDate == NationalIDDate(year: 1968, month: 5, day: 28))
        #expect(ee.sex == .male)
        let bg = NationalIDType.bgEGN.validate("7523169263", today: Self.today)
        #expect(bg.birthDate == NationalIDDate(year: 1875, month: 3, day: 16))
        let cz = NationalIDType.czRC.validate("710319/2745", today: Self.today)
        #expect(cz.birthDate == NationalIDDate(year: 1971, month: 3, day: 19))
        #expect(cz.sex == .male)
        let ro = NationalIDType.roCNP.validate("1630615123457", today: Self.today)
        #expect(ro.birthDate == NationalIDDate(year: 1963, month: 6, day: 15))
        #expect(ro.placeCode == "12")
        let nir = NationalIDType.frNIR.validate("2 95 10 99 126 111 93", today: Self.today)
        #expect(nir.isValid)
        #expect(nir.sex == .female)
        #expect(nir.birthMonth == 10)
        #expect(nir.birthYearSuffix == 95)
    }

    // MARK: - Problem codes

    @Test("Problem codes")
    func problemCodes() {
        func code(_ type: NationalIDType, _ text: String) -> NationalIDProblem.Code? {
            type.validate(text, today: Self.today).problem?.code
        }
        #expect(code(.esDNI, "12345678Z") == nil)
        #expect(code(.esDNI, "12345678A") == .checkDigit)
        #expect(code(.esDNI, "1234567Z") == .length)
        #expect(code(.esDNI, "12345678Z€") == .characters)
        #expect(code(.esNIE, "A1234567L") == .format)
        #expect(code(.esNIE, "X1234567L") == nil)
        #expect(code(.plPESEL, "44051401358") == .checkDigit)
        #expect(code(.plPESEL, "4405140135A") == .characters)
        #expect(code(.deIdNr, "86095742719") == nil)
        #expect(code(.deIdNr, "11111111111") == .digitPattern)
        #expect(code(.deIdNr, "01234567890") == .format)
        #expect(code(.eeIK, "96805280103") == .checkDigit)
        #expect(code(.fiHETU, "131052A308T") == .birthDate)  // 2052: in the future
        #expect(code(.dkCPR, "320162-5629") == .birthDate)
        #expect(code(.iePPS, "1234567TC") == .unknownCode)
        #expect(code(.iePPS, "1234567T") == nil)
        #expect(code(.nlBSN, "111222333") == nil)
        #expect(code(.nlBSN, "000000000") == .unknownCode)
        #expect(NationalIDType.nlBSN.validate("11222333").number == "011222333")
        #expect(code(.hrOIB, "HR94577403194") == nil)
        #expect(code(.esDNI, "") == .length)
    }

    @Test("Every scheme has a country and a name")
    func metadata() {
        for type in NationalIDType.allCases {
            #expect(type.country.count == 2)
            #expect(!type.name.isEmpty)
        }
    }
}

/// Runs `Oracle/eu_national_ids.py` (or another oracle script: `Oracle/asian_national_ids.py`) with
/// `STRAIT_PYTHON` (default `python3`).
enum EUStdnumOracle {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Oracle/eu_national_ids.py")

    /// Whether the interpreter runs and python-stdnum imports (`eu_national_ids.py --check`).
    static let isAvailable: Bool = (try? run(["--check"]).status == 0) ?? false

    static func run(_ arguments: [String], script: URL = script) throws -> (status: Int32, output: Data, error: Data) {
        let python = ProcessInfo.processInfo.environment["STRAIT_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script.path] + arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data, errorData)
    }
}

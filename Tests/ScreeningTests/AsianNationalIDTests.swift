// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import StraitTestSupport
import Testing

@testable import Screening

@Suite("Asian national ID numbers")
struct AsianNationalIDTests {
    static let today = NationalIDDate(year: 2026, month: 11, day: 27)

    static func validate(_ type: NationalIDType, _ text: String) -> NationalIDValidation {
        type.validate(text, today: today)
    }

    // MARK: - Oracle: python-stdnum, and reference implementations for sg.nric and hk.hkid

    /// One line of `Oracle/asian_national_ids.py`.
    struct OracleCase: Decodable {
        var scheme: String
        var value: String
        /// stdnum's verdict (`source` "stdnum"), or the script's reference implementation's
        /// (`source` "reference": sg.nric and hk.hkid, which stdnum does not cover).
        var valid: Bool
        var source: String
        /// Why the oracle refuses it: "shape", "check" or "data".
        var family: String?
        /// Strait's family where it classifies the failure differently, and why.
        var swift_family: String?
        var why_family: String?
        /// stdnum's `get_birth_date` for valid cn.ric, id.nik and my.nric numbers.
        var birth_date: String?
        /// The script's reading of the sex the number encodes.
        var sex: String?
        /// Strait's verdict where it deliberately differs, and why.
        var swift: Bool?
        var why: String?
    }

    static func family(_ code: NationalIDProblem.Code) -> String {
        switch code {
        case .checkDigit: "check"
        case .birthDate, .unknownCode: "data"
        case .length, .characters, .format, .digitPattern, .temporary: "shape"
        }
    }

    @Test(
        "Every Asian scheme agrees with python-stdnum (sg.nric, hk.hkid: the reference implementations) apart from the documented differences",
        .enabled(
            if: AsianOracle.isAvailable,
            "needs python3 with python-stdnum (pip install python-stdnum; STRAIT_PYTHON selects the interpreter)"
        )
    )
    func agreesWithOracle() async throws {
        // The oracle runs for seconds: wait for it off the cooperative pool.
        let today = Self.today.description
        let run = try await OwnThread.run { try EUStdnumOracle.run(["--today", today], script: AsianOracle.script) }
        try #require(run.status == 0, "asian_national_ids.py failed: \(String(decoding: run.error, as: UTF8.self))")
        let decoder = JSONDecoder()
        let cases = try run.output.split(separator: UInt8(ascii: "\n")).map {
            try decoder.decode(OracleCase.self, from: Data($0))
        }
        struct Count { var cases = 0, valid = 0, deliberate = 0, dates = 0, disagreements = 0 }
        var counts: [String: Count] = [:]
        var disagreements: [String] = []
        for item in cases {
            let type = try #require(NationalIDType(rawValue: item.scheme), "unknown scheme \(item.scheme)")
            #expect(type.isAsian)
            let result = Self.validate(type, item.value)
            let expected = item.swift ?? item.valid
            var count = counts[item.scheme] ?? Count()
            count.cases += 1
            if item.valid { count.valid += 1 }
            if item.swift != nil { count.deliberate += 1 }
            var problems: [String] = []
            if result.isValid != expected {
                problems.append("verdict \(result.isValid), expected \(expected)")
            }
            // Why it fails: the same family (shape, check digit, embedded data) as the oracle's.
            if item.swift == nil, !item.valid, let problem = result.problem, let oracle = item.swift_family ?? item.family,
               Self.family(problem.code) != oracle {
                problems.append("problem \(problem.code.rawValue), oracle's family \(oracle)")
            }
            // The embedded birth date: stdnum's for cn.ric; for the two-digit years of id.nik and
            // my.nric the same day, month and year modulo 100, Strait's year the latest not after today.
            if item.swift == nil, result.isValid, let text = item.birth_date {
                count.dates += 1
                let parts = text.split(separator: "-").compactMap { Int($0) }
                let stdnum = NationalIDDate(year: parts[0], month: parts[1], day: parts[2])
                if let date = result.birthDate {
                    let sameDate = type == .cnRIC
                        ? date == stdnum
                        : date.month == stdnum.month && date.day == stdnum.day && date.year % 100 == stdnum.year % 100
                            && date <= Self.today
                            && NationalIDDate(year: date.year + 100, month: date.month, day: date.day) > Self.today
                    if !sameDate { problems.append("birth date \(date), stdnum \(text)") }
                } else {
                    problems.append("no birth date, stdnum \(text)")
                }
                if result.sex?.rawValue != item.sex {
                    problems.append("sex \(result.sex?.rawValue ?? "nil"), expected \(item.sex ?? "nil")")
                }
            }
            if !problems.isEmpty {
                count.disagreements += 1
                disagreements.append(
                    "\(item.scheme) \(String(reflecting: item.value)): \(problems.joined(separator: "; ")) "
                        + "(\(item.source) \(item.valid)\(item.family.map { ", \($0)" } ?? ""); Strait \(result.problem.map { "\($0)" } ?? "valid"))"
                        + (item.why.map { " [\($0)]" } ?? ""))
            }
            counts[item.scheme] = count
        }
        for (scheme, count) in counts.sorted(by: { $0.key < $1.key }) {
            print(
                "\(scheme): \(count.cases) cases, \(count.valid) valid for the oracle, \(count.dates) birth dates compared, "
                    + "\(count.deliberate) deliberate differences, \(count.disagreements) disagreements")
        }
        for type in NationalIDType.asianCases {
            let count = counts[type.rawValue] ?? Count()
            #expect(count.cases >= 2_000, "too few oracle cases for \(type.rawValue)")
            #expect(count.valid >= 500 && count.cases - count.valid >= 500, "too few valid or invalid cases for \(type.rawValue)")
        }
        let deliberate = counts.values.reduce(0) { $0 + $1.deliberate }
        #expect(deliberate < cases.count / 20, "\(deliberate) deliberate differences")
        let firstTen = disagreements.prefix(10).joined(separator: "\n")
        #expect(disagreements.isEmpty, "\(disagreements.count) of \(cases.count) oracle cases disagree; first 10:\n\(firstTen)")
    }

    // MARK: - Hand cases

    @Test("cn.ric: the GB 11643 specimen, its birth date, region, sequence and sex")
    func china() {
        let specimen = Self.validate(.cnRIC, "11010519491231002X")
        #expect(specimen.isValid)
        #expect(specimen.number == "11010519491231002X")
        #expect(specimen.birthDate == NationalIDDate(year: 1949, month: 12, day: 31))
        #expect(specimen.placeCode == "110105")  // Beijing, Chaoyang
        #expect(specimen.sequence == 2)
        #expect(specimen.sex == .female)
        let formatted = Self.validate(.cnRIC, " 110105 19491231 002x ")
        #expect(formatted.isValid)
        #expect(formatted.number == "11010519491231002X")
        let man = Self.validate(.cnRIC, "360426199101010071")  // python-stdnum's example
        #expect(man.sex == .male)
        #expect(man.birthDate == NationalIDDate(year: 1991, month: 1, day: 1))
        #expect(Self.validate(.cnRIC, "110105200002290013").birthDate == NationalIDDate(year: 2000, month: 2, day: 29))
    }

    @Test("in.aadhaar: Verhoeff check digit, first digit, palindromes")
    func aadhaar() {
        let result = Self.validate(.inAadhaar, "2341 2341 2346")
        #expect(result.isValid)
        #expect(result.number == "234123412346")
        #expect(result.birthDate == nil && result.sex == nil && result.placeCode == nil)
        #expect(Self.validate(.inAadhaar, "999941057058").isValid)
    }

    @Test("id.nik: birth date (day + 40 for women), century, place and sequence")
    func indonesia() {
        let man = Self.validate(.idNIK, "3171011708450001")  // python-stdnum's example
        #expect(man.isValid)
        #expect(man.birthDate == NationalIDDate(year: 1945, month: 8, day: 17))
        #expect(man.sex == .male)
        #expect(man.placeCode == "317101")
        #expect(man.sequence == 1)
        let woman = Self.validate(.idNIK, "31.71.01.570845.0001")
        #expect(woman.isValid)
        #expect(woman.number == "3171015708450001")
        #expect(woman.birthDate == NationalIDDate(year: 1945, month: 8, day: 17))
        #expect(woman.sex == .female)
        // Two-digit years: the latest year not after today (python-stdnum reads 19YY first: 1910).
        #expect(Self.validate(.idNIK, "3171011701100001").birthDate == NationalIDDate(year: 2010, month: 1, day: 17))
        #expect(Self.validate(.idNIK, "3171011512260001").birthDate == NationalIDDate(year: 1926, month: 12, day: 15))
        #expect(Self.validate(.idNIK, "3171012902001234").birthDate == NationalIDDate(year: 2000, month: 2, day: 29))
    }

    @Test("my.nric: birth date, birthplace code and sex")
    func malaysia() {
        let result = Self.validate(.myNRIC, "770305-02-1234")  // python-stdnum's example
        #expect(result.isValid)
        #expect(result.number == "770305021234")
        #expect(result.birthDate == NationalIDDate(year: 1977, month: 3, day: 5))
        #expect(result.placeCode == "02")  // Kedah
        #expect(result.sex == .female)
        let recent = Self.validate(.myNRIC, "050101-14-5677")
        #expect(recent.birthDate == NationalIDDate(year: 2005, month: 1, day: 1))  // stdnum: 1905
        #expect(recent.sex == .male)
    }

    @Test("sg.nric: each prefix's holders and century", arguments: [
        ("S1234567D", NationalIDResidentStatus.citizenOrPermanentResident, 1900),
        ("T1234567J", .citizenOrPermanentResident, 2000),
        ("F1234567N", .foreigner, 1900),
        ("G1234567X", .foreigner, 2000),
        ("M1234567K", .foreigner, 2000),
    ])
    func singapore(_ number: String, _ status: NationalIDResidentStatus, _ century: Int) {
        let result = Self.validate(.sgNRIC, number)
        #expect(result.isValid)
        #expect(result.residentStatus == status)
        #expect(result.century == century)
        #expect(result.birthDate == nil)
        #expect(Self.validate(.sgNRIC, " \(number.lowercased()) ").number == number)
    }

    @Test("hk.hkid: the check digit in parentheses, one or two letters")
    func hongKong() {
        let result = Self.validate(.hkHKID, "A123456(3)")
        #expect(result.isValid)
        #expect(result.number == "A1234563")
        #expect(Self.validate(.hkHKID, "A1234563").isValid)
        #expect(Self.validate(.hkHKID, "ab 987654 (3)").isValid)
        #expect(Self.validate(.hkHKID, "G123456(A)").isValid)
        #expect(result.birthDate == nil && result.sex == nil)
    }

    @Test("Problem codes: shape first, then the check digit, then the embedded data")
    func problemCodes() {
        func code(_ type: NationalIDType, _ text: String) -> NationalIDProblem.Code? {
            Self.validate(type, text).problem?.code
        }
        #expect(code(.cnRIC, "11010519491231002") == .length)
        #expect(code(.cnRIC, "11010519491231002Y") == .characters)
        #expect(code(.cnRIC, "110105.19491231.002X") == .characters)
        #expect(code(.cnRIC, "110105194912310021") == .checkDigit)
        #expect(code(.cnRIC, "110105194902300020") == .birthDate)  // 30 February, check character right
        #expect(code(.cnRIC, "110105202701010024") == .birthDate)  // 2027: in the future
        #expect(code(.cnRIC, "990105194912310023") == .unknownCode)  // no province 99
        #expect(code(.inAadhaar, "234123412347") == .checkDigit)
        #expect(code(.inAadhaar, "123412341234") == .format)
        #expect(code(.inAadhaar, "222222222222") == .digitPattern)
        #expect(code(.inAadhaar, "2341234123") == .length)
        #expect(code(.inAadhaar, "23412341234A") == .characters)
        #expect(code(.idNIK, "9971011708450001") == .unknownCode)
        #expect(code(.idNIK, "3171013002001234") == .birthDate)
        #expect(code(.idNIK, "31710117084500") == .length)
        #expect(code(.myNRIC, "771305-02-1234") == .birthDate)
        #expect(code(.myNRIC, "770305-17-1234") == .unknownCode)
        #expect(code(.myNRIC, "770305/02/1234") == .characters)
        #expect(code(.sgNRIC, "S1234567A") == .checkDigit)
        #expect(code(.sgNRIC, "A1234567D") == .format)
        #expect(code(.sgNRIC, "S123456D") == .length)
        #expect(code(.sgNRIC, "S12345678") == .characters)
        #expect(code(.hkHKID, "A123456(4)") == .checkDigit)
        #expect(code(.hkHKID, "A12345(6)3") == .format)
        #expect(code(.hkHKID, "A12345") == .length)
        #expect(code(.hkHKID, "1A23456(3)") == .characters)
        for type in NationalIDType.asianCases {
            #expect(code(type, "") == .length)
            #expect(code(type, "12€4") == .characters)
        }
    }

    @Test("Every Asian scheme has its country and a name")
    func metadata() {
        #expect(NationalIDType.asianCases.map(\.country) == ["CN", "IN", "ID", "MY", "SG", "HK"])
        #expect(NationalIDType.asianCases.map(\.rawValue) == ["cn.ric", "in.aadhaar", "id.nik", "my.nric", "sg.nric", "hk.hkid"])
        #expect(NationalIDType.allCases.filter(\.isAsian) == NationalIDType.asianCases)
    }

    // MARK: - Onboarding

    static func application(birth: String, scheme: String, number: String) -> CustomerApplication {
        CustomerApplication(
            kind: .person, name: .init(latin: "Wang Xiaoming"), dateOfBirth: birth, nationality: "CN", residence: "SG",
            document: .init(type: .passport, number: "E12345678", issuingCountry: "CN", expiryDate: "2031-04-15"),
            nationalID: NationalIDNumber(scheme: scheme, number: number), contact: .init(email: "wang@example.com"),
            purpose: "salary and savings"
        )
    }

    @Test("ApplicationChecks: an Asian national ID must be valid and embed the declared birth date")
    func applicationChecks() {
        let checks = ApplicationChecks(today: MRZDate(year: 2026, month: 11, day: 27))
        func codes(_ birth: String, _ scheme: String, _ number: String) -> [String] {
            checks.check(Self.application(birth: birth, scheme: scheme, number: number)).map { "\($0.field):\($0.code)" }
        }
        #expect(codes("1949-12-31", "cn.ric", "11010519491231002X") == [])
        #expect(codes("1949-12-30", "cn.ric", "11010519491231002X") == ["dateOfBirth:national_id_mismatch"])
        #expect(codes("1949-12-31", "cn.ric", "110105194912310021") == ["nationalId.number:invalid_national_id"])
        #expect(codes("1977-03-05", "my.nric", "770305-02-1234") == [])
        #expect(codes("1977-03-06", "my.nric", "770305-02-1234") == ["dateOfBirth:national_id_mismatch"])
        #expect(codes("1945-08-17", "id.nik", "3171015708450001") == [])
        #expect(codes("2005-01-01", "my.nric", "050101-14-5677") == [])  // 2005, not stdnum's 1905
        // No birth date in the number: nothing to compare.
        #expect(codes("1980-01-01", "sg.nric", "S1234567D") == [])
        #expect(codes("1980-01-01", "hk.hkid", "A123456(3)") == [])
        #expect(codes("1980-01-01", "in.aadhaar", "2341 2341 2346") == [])
        let invalid = checks.check(Self.application(birth: "1980-01-01", scheme: "sg.nric", number: "S1234567A"))
        #expect(invalid.map(\.message) == ["check_digit: The check letter does not match."])
        let unknown = checks.check(Self.application(birth: "1980-01-01", scheme: "jp.mynumber", number: "1"))
        #expect(unknown.map(\.field) == ["nationalId.scheme"])
        let message = unknown.first?.message ?? ""
        #expect(message.hasPrefix("jp.mynumber is not a known scheme (es.dni, es.nie, "))
        #expect(message.hasSuffix("at.vnr, cn.ric, in.aadhaar, id.nik, my.nric, sg.nric, hk.hkid)"))
    }
}

/// `Oracle/asian_national_ids.py`, run with ``EUStdnumOracle/run(_:script:)``.
enum AsianOracle {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Oracle/asian_national_ids.py")

    /// Whether the interpreter runs and python-stdnum imports (`asian_national_ids.py --check`).
    static let isAvailable: Bool = (try? EUStdnumOracle.run(["--check"], script: script).status == 0) ?? false
}

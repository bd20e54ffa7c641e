// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Residency
import Testing

@Suite("National identity numbers")
struct NationalIDTests {
    // MARK: - Oracle: python-stdnum

    /// One line of `Oracle/national_ids.py`: stdnum's verdict, and Strait's where it differs on
    /// purpose.
    struct OracleCase: Decodable {
        var scheme: String
        var value: String
        var valid: Bool
        var swift: Bool?
        var why: String?
    }

    @Test(
        "cn.ric, in.aadhaar, id.nik, my.nric and us.ssn agree with python-stdnum",
        .enabled(
            if: StdnumOracle.isAvailable,
            "needs python3 with python-stdnum (pip install python-stdnum; STRAIT_PYTHON selects the interpreter)"
        )
    )
    func agreesWithStdnum() throws {
        let run = try StdnumOracle.run([])
        try #require(run.status == 0, "national_ids.py failed: \(String(decoding: run.error, as: UTF8.self))")
        let decoder = JSONDecoder()
        let cases = try run.output.split(separator: UInt8(ascii: "\n")).map {
            try decoder.decode(OracleCase.self, from: Data($0))
        }
        var counts: [String: Int] = [:]
        var deliberate = 0
        var disagreements: [String] = []
        for item in cases {
            let scheme = try #require(NationalIDScheme(rawValue: item.scheme), "unknown scheme \(item.scheme)")
            counts[item.scheme, default: 0] += 1
            let expected = item.swift ?? item.valid
            if item.swift != nil { deliberate += 1 }
            let valid = scheme.isValid(item.value)
            let detected = NationalIDs.detect(item.value).contains { $0.scheme == scheme.rawValue }
            let shaped = scheme.normalized(item.value) != nil
            if valid != expected || detected != expected || (expected && !shaped) {
                disagreements.append(
                    "\(item.scheme) \(String(reflecting: item.value)): stdnum \(item.valid), "
                        + "expected \(expected), isValid \(valid), detected \(detected), normalized \(shaped)"
                        + (item.why.map { " (\($0))" } ?? ""))
            }
            if expected, scheme == .cnRIC {
                let parsed = ChinaResidentID(item.value)
                if parsed == nil { disagreements.append("cn.ric \(String(reflecting: item.value)): ChinaResidentID nil") }
            }
            if expected, scheme == .idNIK, IndonesiaNIK(item.value) == nil {
                disagreements.append("id.nik \(String(reflecting: item.value)): IndonesiaNIK nil")
            }
        }
        for scheme in ["cn.ric", "in.aadhaar", "id.nik", "my.nric", "us.ssn"] {
            #expect(counts[scheme, default: 0] >= 2_000, "only \(counts[scheme, default: 0]) oracle cases for \(scheme)")
        }
        // The deliberate differences (spaces in cn.ric and us.ssn, misused SSNs in odd formatting)
        // are a small, documented minority.
        #expect(deliberate < cases.count / 20)
        let firstTen = disagreements.prefix(10).joined(separator: "\n")
        #expect(
            disagreements.isEmpty,
            "\(disagreements.count) of \(cases.count) oracle cases disagree; first 10:\n\(firstTen)")
    }

    // MARK: - Singapore NRIC / FIN (hand-computed)

    @Test("sg.nric: valid numbers in each prefix series", arguments: [
        "S1234567D", "T1234567J", "F1234567N", "G1234567X", "M1234567K",
        "S0000001I", "T0000001E", "F0000001U", "G0000001P", "M0000001Q",
        "M0001000J", "F0001010M", "M0001010X", "S9876543C",
    ])
    func singaporeValid(_ number: String) {
        #expect(NationalIDScheme.sgNRIC.isValid(number))
    }

    @Test("sg.nric: formatting variants")
    func singaporeFormatting() {
        for text in ["s1234567d", " S1234567D ", "S 1234567 D", "S-1234567-D", "\tT1234567J\n"] {
            #expect(NationalIDScheme.sgNRIC.isValid(text), "\(text)")
        }
        #expect(NationalIDScheme.sgNRIC.normalized("s 1234567-d") == "S1234567D")
    }

    @Test("sg.nric: invalid numbers", arguments: [
        "S1234567A",  // wrong check letter
        "T1234567D",  // S check letter on a T number (the T offset is 4)
        "F1234567D",  // S/T table letter on an F number
        "M1234567N",  // F/G table letter on an M number
        "M0001000M",  // M is the F/G letter for r = 8; the M table has J there
        "F0001000J",
        "M1234567I", "X1234567D", "A1234567D", "S123456D", "S12345678D", "S1234567", "1234567D",
        "S12345A7D", "", "S1234567DD", "S1234567 (D)",
    ])
    func singaporeInvalid(_ number: String) {
        #expect(!NationalIDScheme.sgNRIC.isValid(number))
    }

    // MARK: - Hong Kong identity card (hand-computed)

    @Test("hk.hkid: valid numbers", arguments: [
        "A123456(3)", "G123456(A)", "AB987654(3)", "Z683365(A)", "K000000(0)", "XA000000(8)", "Y123456(9)",
        "WX123456(9)", "C668668(9)",
    ])
    func hongKongValid(_ number: String) {
        #expect(NationalIDScheme.hkHKID.isValid(number))
    }

    @Test("hk.hkid: formatting variants")
    func hongKongFormatting() {
        for text in ["A1234563", "a123456(3)", "A 123456 (3)", "A123456 3", "A-123456-3", " AB987654(3) ", "g123456(a)"] {
            #expect(NationalIDScheme.hkHKID.isValid(text), "\(text)")
        }
        #expect(NationalIDScheme.hkHKID.normalized("a123456(3)") == "A1234563")
        #expect(NationalIDScheme.hkHKID.normalized("AB 987654 (3)") == "AB9876543")
    }

    @Test("hk.hkid: invalid numbers", arguments: [
        "A123456(4)", "A123456(B)", "A123456(0)", "C668668(E)", "AB987654(2)", "A12345(3)", "ABC123456(3)",
        "A123456(3", "A123456)3(", "A12(3456)3", "1234567(3)", "A1234567(3)", "(A)123456", "A123456()", "", "A123456",
    ])
    func hongKongInvalid(_ number: String) {
        #expect(!NationalIDScheme.hkHKID.isValid(number))
    }

    // MARK: - Edge cases per scheme

    @Test("cn.ric: examples, leap days, provinces and formatting")
    func china() throws {
        let scheme = NationalIDScheme.cnRIC
        for valid in [
            "360426199101010071", "110105198001010075", "110101200002290018",  // 29 Feb 2000
            "110101199602290024", "11010119900101100X", "11010119900101100x", "11010320050101001X",
            "360426 19910101 0071", "360426-19910101-0071", " 360426199101010071\n",
            "110103201101010015",  // 110103 (Chongwen) was merged in 2010: only the province is checked here
        ] {
            #expect(scheme.isValid(valid), "\(valid)")
        }
        for invalid in [
            "110101190002290011",  // 29 Feb 1900
            "110101202302290035",  // 29 Feb 2023
            "110101199913010042",  // month 13
            "990101199001010019",  // province 99 does not exist (check character right)
            "360426199101010072", "360426199101010017", "36042619910101007", "3604261991010100711", "",
            "36042619910101007A", "X60426199101010071", "360426199101010071X",
        ] {
            #expect(!scheme.isValid(invalid), "\(invalid)")
        }
        #expect(scheme.normalized("11010119900101100x") == "11010119900101100X")
        #expect(scheme.normalized("110101199001011001") == "110101199001011001")  // right shape, bad check
        #expect(scheme.normalized("11010119900101100A") == nil)
        let parsed = try #require(ChinaResidentID("360426 19910101 0071"))
        #expect(parsed.number == "360426199101010071")
        #expect(parsed.regionCode == "360426")
        #expect(parsed.birthDate == (1991, 1, 1))
        #expect(parsed.sequence == 7)
        #expect(ChinaResidentID("360426199101010072") == nil)
    }

    @Test("in.aadhaar: examples and edge cases")
    func aadhaar() {
        let scheme = NationalIDScheme.inAadhaar
        for valid in ["234123412346", "2341 2341 2346", "2341-2341-2346", " 234123412346 "] {
            #expect(scheme.isValid(valid), "\(valid)")
        }
        for invalid in [
            "234123412347",  // check digit
            "123412341234",  // starts with 1
            "643343121",  // length
            "222222222222",  // palindrome
            "", "2341234123467", "23412341234A", "2341.2341.2346", "2341_2341_2346",
        ] {
            #expect(!scheme.isValid(invalid), "\(invalid)")
        }
        #expect(scheme.normalized("2341 2341 2347") == "234123412347")
    }

    @Test("id.nik: examples, leap days and the day offset for women")
    func indonesia() throws {
        let scheme = NationalIDScheme.idNIK
        for valid in [
            "3171011708450001", "3171015708450001", "31.71.01.170845.0001", "317101 170845 0001",
            "3171012902001234",  // 29 Feb: not in 1900, but in 2000
            "3171016902001234",  // the same for a woman
            "3171018108450001",  // day 81 % 40 = 1, as stdnum reads it
        ] {
            #expect(scheme.isValid(valid), "\(valid)")
        }
        for invalid in [
            "31710117084500", "9971011708450001", "3171013002001234", "3171012902011234", "3171014008450001",
            "3171017208450001", "3171010013450001", "", "317101170845000A", "3171011708450001 2",
        ] {
            #expect(!scheme.isValid(invalid), "\(invalid)")
        }
        let woman = try #require(IndonesiaNIK("3171015708450001"))
        #expect(woman.birthDate == (1945, 8, 17))
        #expect(woman.provinceCode == "31")
        #expect(woman.regencyCode == "71")
        #expect(woman.districtCode == "01")
        let leapDay = try #require(IndonesiaNIK("3171012902001234"))
        #expect(leapDay.birthDate == (2000, 2, 29))
    }

    @Test("my.nric: examples, leap days and birthplace codes")
    func malaysia() {
        let scheme = NationalIDScheme.myNRIC
        for valid in ["770305-02-1234", "770305021234", "770305 02 1234", "770305*02*1234", "000229-01-1234", "770305-99-1234"] {
            #expect(scheme.isValid(valid), "\(valid)")
        }
        for invalid in [
            "771305-02-1234", "770305-17-1234", "770305-00-1234", "770305-69-1234", "770305-73-1234",
            "010229-01-1234", "770332-02-1234", "770305-02-123", "", "77O305-02-1234", "770305/02/1234",
        ] {
            #expect(!scheme.isValid(invalid), "\(invalid)")
        }
        #expect(scheme.normalized("770305-02-1234") == "770305021234")
    }

    @Test("us.ssn: examples, reserved numbers and separators")
    func socialSecurity() {
        let scheme = NationalIDScheme.usSSN
        for valid in ["536-90-4399", "536904399", "536 90 4399", "536-904399", "53690-4399", " 536-90-4399 "] {
            #expect(scheme.isValid(valid), "\(valid)")
        }
        for invalid in [
            "1112-23333", "666-00-0000", "666-12-3456", "000-12-3456", "900-12-3456", "999-99-9999",
            "123-00-4567", "123-45-0000", "078-05-1120", "078051120", "078-051120", " 078-05-1120",
            "457-55-5462", "219-09-9999", "", "12345678", "1234567890", "123-45-678A", "123--45-6789", "123.45.6789",
        ] {
            #expect(!scheme.isValid(invalid), "\(invalid)")
        }
        #expect(scheme.normalized("078-05-1120") == "078051120")  // right shape, not valid
        #expect(scheme.normalized("1112-23333") == nil)
    }

    @Test("every scheme rejects empty, blank and non-digit text")
    func garbage() {
        for scheme in NationalIDScheme.allCases {
            for text in ["", " ", "-", "()", "hello world", "١٢٣٤٥٦٧٨٩", "٢٣٤١٢٣٤١٢٣٤٦", "１２３ＡＢＣ"] {
                #expect(!scheme.isValid(text), "\(scheme.rawValue) \(text)")
                #expect(scheme.normalized(text) == nil, "\(scheme.rawValue) \(text)")
            }
        }
    }

    @Test("fullwidth digits and separators are folded to ASCII")
    func fullwidth() {
        #expect(NationalIDScheme.cnRIC.isValid("３６０４２６１９９１０１０１００７１"))
        #expect(NationalIDScheme.cnRIC.normalized("１１０１０１１９９００１０１１００x") == "11010119900101100X")
        #expect(NationalIDScheme.usSSN.isValid("５３６－９０－４３９９"))
        #expect(NationalIDScheme.inAadhaar.isValid("2341\u{3000}2341\u{3000}2346"))
        #expect(NationalIDScheme.myNRIC.isValid("770305\u{2013}02\u{2013}1234"))
    }

    // MARK: - API

    @Test("schemes have stable names and countries")
    func names() {
        #expect(NationalIDScheme.allCases.map(\.rawValue) == [
            "cn.ric", "in.aadhaar", "id.nik", "my.nric", "us.ssn", "sg.nric", "hk.hkid",
        ])
        #expect(NationalIDScheme.allCases.map(\.country) == ["CN", "IN", "ID", "MY", "US", "SG", "HK"])
    }

    @Test("detect reports every scheme a value validates under")
    func detect() {
        #expect(NationalIDs.detect("S1234567D") == [Detection(scheme: "sg.nric", category: .nationalID, country: "SG")])
        #expect(NationalIDs.detect("A123456(3)") == [Detection(scheme: "hk.hkid", category: .nationalID, country: "HK")])
        #expect(NationalIDs.detect("536-90-4399").map(\.scheme) == ["us.ssn"])
        #expect(NationalIDs.detect("360426199101010071").map(\.scheme) == ["cn.ric"])
        // A Verhoeff-valid 12-digit number that is also a well-formed Malaysian NRIC.
        #expect(NationalIDs.detect("371028148217").map(\.scheme) == ["in.aadhaar", "my.nric"])
        #expect(NationalIDs.detect("hello").isEmpty)
        #expect(NationalIDs.detect("").isEmpty)
    }
}

/// Runs `Oracle/national_ids.py` with `STRAIT_PYTHON` (default `python3`, found on `PATH`).
enum StdnumOracle {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Oracle/national_ids.py")

    /// Whether the interpreter runs and python-stdnum imports (`national_ids.py --check`).
    static let isAvailable: Bool = (try? run(["--check"]).status == 0) ?? false

    static func run(_ arguments: [String]) throws -> (status: Int32, output: Data, error: Data) {
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

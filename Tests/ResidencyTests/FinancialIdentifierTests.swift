// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Residency
import Testing

/// Runs `Oracle/financial_ids.py` (python from `STRAIT_PYTHON`, else `python3` on `PATH`).
private enum FinancialOracle {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Oracle/financial_ids.py").path

    /// The python interpreter: `STRAIT_PYTHON` (a path or a name on `PATH`), else `python3`.
    static let python: String? = {
        let name = ProcessInfo.processInfo.environment["STRAIT_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether python can import python-stdnum and schwifty.
    static let available: Bool = {
        guard python != nil, FileManager.default.fileExists(atPath: script) else { return false }
        return (try? run(["-c", "import stdnum.luhn, schwifty"]).status) == 0
    }()

    /// Runs python with `arguments`; returns the exit status, standard output and standard error.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python ?? "/usr/bin/false")
        process.arguments = arguments
        let errorsFile = FileManager.default.temporaryDirectory.appendingPathComponent("strait-fin-oracle-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: errorsFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorsFile) }
        let errors = try FileHandle(forWritingTo: errorsFile)
        defer { try? errors.close() }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorText = (try? String(contentsOf: errorsFile, encoding: .utf8)) ?? ""
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), errorText)
    }

    struct Case: Decodable {
        var kind: String
        var value: String
        var valid: Bool
    }

    struct RegistryEntry: Decodable {
        var country: String
        var length: Int
    }

    static func lines<T: Decodable>(_ arguments: [String], as type: T.Type) throws -> [T] {
        let (status, output, errors) = try run([script] + arguments)
        try #require(status == 0, "financial_ids.py exited with \(status): \(errors)")
        let decoder = JSONDecoder()
        return try output.split(separator: "\n").map { try decoder.decode(T.self, from: Data($0.utf8)) }
    }
}

@Suite("Financial identifiers and contact detectors")
struct FinancialIdentifierTests {
    // MARK: Oracles

    // Skipped, with this message, when python3, python-stdnum or schwifty is missing.
    @Test(
        "card and IBAN verdicts agree with python-stdnum (Luhn) and schwifty on every generated case",
        .enabled(if: FinancialOracle.available, "python3 with python-stdnum and schwifty is needed (pip install python-stdnum schwifty; STRAIT_PYTHON selects the interpreter)")
    )
    func oracle() throws {
        let cases = try FinancialOracle.lines([], as: FinancialOracle.Case.self)
        let cards = cases.filter { $0.kind == "card" }
        let ibans = cases.filter { $0.kind == "iban" }
        #expect(cards.count >= 3000)
        #expect(ibans.count >= 3000)
        #expect(cards.count + ibans.count == cases.count, "unknown kinds")
        // Both verdicts occur often enough for the comparison to mean something.
        #expect(cards.filter(\.valid).count >= 1000 && cards.filter { !$0.valid }.count >= 1000)
        #expect(ibans.filter(\.valid).count >= 1000 && ibans.filter { !$0.valid }.count >= 1000)

        var disagreements: [String] = []
        var disagreementCount = 0
        for item in cases {
            let verdict: Bool
            switch item.kind {
            case "card": verdict = PaymentCard.isValid(item.value)
            case "iban": verdict = IBAN.isValid(item.value)
            default: continue
            }
            if verdict != item.valid {
                disagreementCount += 1
                if disagreements.count < 10 {
                    disagreements.append("\(item.kind) \(String(reflecting: item.value)): oracle \(item.valid), Strait \(verdict)")
                }
            }
        }
        #expect(disagreementCount == 0, "\(disagreementCount) of \(cases.count) disagree, first ones:\n\(disagreements.joined(separator: "\n"))")
    }

    @Test(
        "the IBAN table has every country of schwifty's registry, with its length",
        .enabled(if: FinancialOracle.available, "python3 with python-stdnum and schwifty is needed (pip install python-stdnum schwifty; STRAIT_PYTHON selects the interpreter)")
    )
    func registry() throws {
        let entries = try FinancialOracle.lines(["--registry"], as: FinancialOracle.RegistryEntry.self)
        #expect(entries.count >= 100)
        #expect(IBAN.countries == entries.map(\.country).sorted())
        for entry in entries {
            #expect(IBAN.length(country: entry.country) == entry.length, "\(entry.country)")
        }
    }

    // MARK: Cards

    @Test("published test card numbers have their brands")
    func brands() {
        let numbers: [(String, CardBrand?)] = [
            ("4111 1111 1111 1111", .visa),
            ("4012888888881881", .visa),
            ("4222222222222", .visa),
            ("5555 5555 5555 4444", .mastercard),
            ("5105-1051-0510-5100", .mastercard),
            ("2223 0031 2200 3222", .mastercard),
            ("2720999999999996", .mastercard),
            ("3782 822463 10005", .americanExpress),
            ("3714-496353-98431", .americanExpress),
            ("6011 1111 1111 1117", .discover),
            ("6011000990139424", .discover),
            ("6555900000604105", .discover),
            ("3530 1113 3330 0000", .jcb),
            ("3566002020360505", .jcb),
            ("3056 9309 0259 04", .dinersClub),
            ("38520000023237", .dinersClub),
            ("36227206271667", .dinersClub),
            ("6200000000000005", .unionPay),
            ("6250941006528599", .unionPay),
            ("6759649826438453", .maestro),
            ("6304000000000000", .maestro),
            ("5018000000000009", .maestro),
            // Luhn-valid, but no brand here: Maestro's broader 67 range is ambiguous, and an IMEI
            // (15 digits starting 35) is not a JCB card.
            ("6799990100000000019", nil),
            ("356938035643809", nil),
        ]
        for (number, brand) in numbers {
            #expect(PaymentCard.isValid(number), "\(number)")
            #expect(PaymentCard.brand(number) == brand, "\(number)")
            #expect(PaymentCard.normalized(number) == number.filter(\.isNumber), "\(number)")
        }
        #expect(Set(numbers.compactMap(\.1)) == Set(CardBrand.allCases))
        #expect(CardBrand.allCases.map(\.rawValue) == ["visa", "mastercard", "amex", "discover", "jcb", "unionpay", "diners", "maestro"])
    }

    @Test("a brand needs one of its lengths")
    func brandLengths() {
        // Luhn-valid numbers of lengths the brand does not issue.
        for number in ["411111111111111118", "37828224631003", "55555555555546"] {  // Visa 18, Amex 14, Mastercard 14
            #expect(PaymentCard.isValid(number), "\(number)")
            #expect(PaymentCard.brand(number) == nil, "\(number)")
            #expect(FinancialIdentifiers.detect(number).isEmpty, "\(number)")
        }
    }

    @Test("invalid card numbers")
    func invalidCards() {
        for value in [
            "4111 1111 1111 1112",  // Luhn
            "4111 1111 1111 111",  // Luhn, 15 digits
            "00000000000",  // 11 digits
            "00000000000000000000",  // 20 digits
            " 4111111111111111", "4111111111111111 ", "4111  1111 1111 1111", "4111 - 1111 1111 1111",
            "4111\t1111\t1111\t1111", "4111_1111_1111_1111", "4111.1111.1111.1111", "",
            "４１１１１１１１１１１１１１１１",  // full-width digits
        ] {
            #expect(!PaymentCard.isValid(value), "\(String(reflecting: value))")
            #expect(PaymentCard.brand(value) == nil)
            #expect(PaymentCard.normalized(value) == nil)
        }
    }

    // MARK: IBAN

    @Test("IBAN examples")
    func ibanExamples() {
        let examples: [(String, String)] = [
            ("GB82 WEST 1234 5698 7654 32", "GB"),
            ("DE89 3704 0044 0532 0130 00", "DE"),
            ("fr14 2004 1010 0505 0001 3m02 606", "FR"),
            ("NL91ABNA0417164300", "NL"),
            ("BE68 5390 0754 7034", "BE"),
            ("CH93 0076 2011 6238 5295 7", "CH"),
            ("NO93 8601 1117 947", "NO"),
            ("MT84 MALT 0110 0001 2345 MTLC AST0 01S", "MT"),
            ("LC55 HEMM 0001 0001 0012 0012 0002 3015", "LC"),
            ("RU02 0445 2560 0407 0281 0412 3456 7890 1", "RU"),
            ("SC18 SSCB 1101 0000 0000 0000 1497 USD", "SC"),
            ("BR18 0036 0305 0000 1000 9795 493C 1", "BR"),
        ]
        for (value, country) in examples {
            #expect(IBAN.isValid(value), "\(value)")
            #expect(IBAN.country(value) == country, "\(value)")
            #expect(IBAN.normalized(value) == value.uppercased().filter { $0 != " " }, "\(value)")
        }
        #expect(IBAN.length(country: "GB") == 22)
        #expect(IBAN.length(country: "US") == nil)
    }

    @Test("invalid IBANs")
    func invalidIBANs() {
        for value in [
            "GB82 WEST 1234 5698 7654 33",  // changed digit
            "GB82 WEST 1234 5698 7654 23",  // swapped digits
            "GB28 WEST 1234 5698 7654 32",  // swapped check digits
            "GB82 WEST 1234 5698 7654 3",  // too short
            "GB82 WEST 1234 5698 7654 321",  // too long
            "GB82 1234 1234 5698 7654 32",  // digits where the bank code has letters
            "XX82 WEST 1234 5698 7654 32", "US64 SVBK US6S 3300 9673 1",  // no IBAN
            "GB82-WEST-1234-5698-7654-32", "GB82\tWEST12345698765432", "",
            "GB82" + String(repeating: " ", count: 70) + "WEST12345698765432",  // over 64 characters
        ] {
            #expect(!IBAN.isValid(value), "\(String(reflecting: value))")
            #expect(IBAN.country(value) == nil)
            #expect(IBAN.normalized(value) == nil)
        }
    }

    @Test("check digits 00, 01 and 99 are refused although they give 1 modulo 97")
    func aliasCheckDigits() {
        // Exactly one pair of check digits is right for a BBAN.
        let bban = "WEST12345698765432"
        #expect((0...99).map { "GB" + twoDigits($0) + bban }.filter(IBAN.isValid) == ["GB82" + bban])
        // Where ISO 7064 computes 97, 98 or 02, the aliases 00, 01 and 99 are also 1 modulo 97.
        let candidates = (0..<3000).map { String(String($0 * 7_919 + 1_000_000_000_000).reversed()) + "00000" }
        for (genuine, alias) in [(97, 0), (98, 1), (2, 99)] {
            guard let bban = candidates.first(where: { IBAN.isValid("DE" + twoDigits(genuine) + $0) }) else {
                Issue.record("no German BBAN with check digits \(genuine) among the candidates")
                continue
            }
            #expect(!IBAN.isValid("DE" + twoDigits(alias) + bban), "DE\(twoDigits(alias))\(bban)")
        }
    }

    private func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    // MARK: Contact

    @Test("email addresses")
    func emails() {
        for value in [
            "user@example.com", "first.last@example.co.uk", "o'brien+tag@sub-domain.example.org",
            "x@a.io", "!#$%&'*+-/=?^_`{|}~@example.com", "USER@EXAMPLE.COM", "a1@b2.c3.museum",
            String(repeating: "l", count: 64) + "@example.com",
        ] {
            #expect(ContactDetectors.isEmail(value), "\(value)")
        }
        for value in [
            "", "user", "@example.com", "user@", "user@@example.com", "us@er@example.com",
            ".user@example.com", "user.@example.com", "us..er@example.com", "user@example",
            "user@example.c", "user@example.c0m", "user@-example.com", "user@example-.com",
            "user@example..com", "user@.example.com", "user@example.com.", "\"quoted\"@example.com",
            "user name@example.com", "user@[192.0.2.1]", "user@exa_mple.com", "üser@example.com",
            "user@bücher.de", "user@example.xn--p1ai", " user@example.com",
            String(repeating: "l", count: 65) + "@example.com",
            "user@" + String(repeating: "a", count: 64) + ".com",
            "user@" + String(repeating: "abcdefghi.", count: 26) + "com",  // domain of 263 characters
        ] {
            #expect(!ContactDetectors.isEmail(value), "\(String(reflecting: value))")
        }
    }

    @Test("international phone numbers")
    func phones() {
        for value in [
            "+14155550132", "+1 (415) 555-0132", "+1(415)555-0132", "+44 20 7946 0958", "+44 (0)20 7946 0958",
            "+49.30.1234567", "+33 1 23 45 67 89", "+86 10 1234 5678", "+12345678", "+123456789012345",
        ] {
            #expect(ContactDetectors.isPhone(value), "\(value)")
        }
        for value in [
            "", "+", "14155550132", "004420 7946 0958", "(415) 555-0132", "+0 20 7946 0958",
            "+1234567", "+1234567890123456", "++44 20 7946 0958", "+ 44 20 7946 0958",
            "+44  20 7946 0958", "+44 20 7946 0958 ", "+44-20-7946-0958-", "+1 (415 555-0132",
            "+1 415) 555-0132", "+1 (415) (555) 0132", "+1 ((415)) 555-0132", "+1 () 555-0132",
            "+1 415 555 0132 ext 7", "+44 20 7946 O958", "+٤٤ 20 7946 0958",
        ] {
            #expect(!ContactDetectors.isPhone(value), "\(String(reflecting: value))")
        }
    }

    // MARK: Detection

    @Test("detect reports whole values with category and country")
    func detect() {
        #expect(FinancialIdentifiers.detect("4111 1111 1111 1111") == [Detection(scheme: "card", category: .card, country: nil)])
        #expect(FinancialIdentifiers.detect("  GB82 WEST 1234 5698 7654 32\n") == [Detection(scheme: "iban", category: .bankAccount, country: "GB")])
        #expect(FinancialIdentifiers.detect("DE89370400440532013000") == [Detection(scheme: "iban", category: .bankAccount, country: "DE")])
        #expect(FinancialIdentifiers.detect("user@example.com") == [Detection(scheme: "email", category: .contact, country: nil)])
        #expect(FinancialIdentifiers.detect("+44 20 7946 0958") == [Detection(scheme: "phone", category: .contact, country: nil)])
        // Not whole values, or not valid.
        for value in [
            "card 4111 1111 1111 1111", "4111 1111 1111 1112", "356938035643809", "IBAN GB82 WEST 1234 5698 7654 32",
            "mail user@example.com", "020 7946 0958", "", "hello",
        ] {
            #expect(FinancialIdentifiers.detect(value).isEmpty, "\(value)")
        }
    }

    @Test("a megabyte of input is refused quickly")
    func linearTime() {
        let clock = ContinuousClock()
        let inputs = [
            String(repeating: "4", count: 1 << 20),
            String(repeating: "4111 ", count: 1 << 18),
            "GB82" + String(repeating: " ", count: 1 << 20),
            String(repeating: "a.", count: 1 << 19) + "@example.com",
            "+1" + String(repeating: " 1", count: 1 << 19),
            String(repeating: " ", count: 1 << 20) + "4111 1111 1111 1111",
        ]
        let elapsed = clock.measure {
            for input in inputs {
                #expect(!PaymentCard.isValid(input))
                #expect(PaymentCard.brand(input) == nil)
                #expect(!IBAN.isValid(input))
                #expect(!ContactDetectors.isEmail(input))
                #expect(!ContactDetectors.isPhone(input))
                #expect(FinancialIdentifiers.detect(input).isEmpty)
            }
        }
        #expect(elapsed < .seconds(1), "\(elapsed)")
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

// Onboarding validation for the Asian national identity numbers (cn.ric, in.aadhaar, id.nik,
// my.nric, sg.nric, hk.hkid). The check-digit, date and code-table rules are Residency's payload
// validators (Sources/Residency/Detectors/NationalIDs.swift), used here unchanged; this file adds
// what onboarding needs on top of a yes/no verdict: why a number fails (its shape first, then the
// check digit, then the data it embeds), the data it embeds, and the onboarding rules shared with
// the European schemes (a two-digit year is read as the latest year not after today; a birth date
// in the future is refused). The tests compare the verdicts with python-stdnum
// (Tests/ScreeningTests/Oracle/asian_national_ids.py); the differences are listed in
// docs/screening.md ("Asian national IDs").

import Foundation
import Residency

/// Whom a Singapore NRIC or FIN prefix letter is issued to.
public enum NationalIDResidentStatus: String, Sendable, Hashable, CaseIterable {
    /// Singapore citizens and permanent residents: NRIC, prefixes `S` and `T`.
    case citizenOrPermanentResident = "citizen_or_permanent_resident"
    /// Foreigners with a long-term pass: FIN, prefixes `F`, `G` and `M`.
    case foreigner
}

extension NationalIDType {
    /// The Asian schemes, validated with Residency's validators.
    static let asianCases: [NationalIDType] = [.cnRIC, .inAadhaar, .idNIK, .myNRIC, .sgNRIC, .hkHKID]

    /// Whether this is one of the ``asianCases``.
    var isAsian: Bool { residencyScheme != nil }

    /// The Residency payload scheme holding this scheme's rules; `nil` for the European schemes.
    var residencyScheme: NationalIDScheme? {
        switch self {
        case .cnRIC: .cnRIC
        case .inAadhaar: .inAadhaar
        case .idNIK: .idNIK
        case .myNRIC: .myNRIC
        case .sgNRIC: .sgNRIC
        case .hkHKID: .hkHKID
        default: nil
        }
    }
}

/// Validates one declared number of an Asian scheme: the shape (Residency's `normalized`), then
/// the check digit, then the embedded data, the first failure giving the problem.
struct AsianIDValidator {
    let type: NationalIDType
    let scheme: NationalIDScheme
    let today: NationalIDDate
    private(set) var result: NationalIDValidation

    /// `nil` for a European scheme.
    init?(_ type: NationalIDType, today: NationalIDDate) {
        guard let scheme = type.residencyScheme else { return nil }
        self.type = type
        self.scheme = scheme
        self.today = today
        result = NationalIDValidation(type: type, number: "")
    }

    func validate(_ text: String) -> NationalIDValidation {
        var checker = self
        guard let compact = scheme.normalized(text) else {
            checker.shapeProblem(text)
            return checker.result
        }
        checker.result.number = compact
        let bytes = Array(compact.utf8)
        switch type {
        case .cnRIC: checker.china(compact, bytes)
        case .inAadhaar: checker.aadhaar(compact, bytes)
        case .idNIK: checker.indonesia(compact, bytes)
        case .myNRIC: checker.malaysia(compact, bytes)
        case .sgNRIC: checker.singapore(compact, bytes)
        case .hkHKID: checker.hongKong(compact, bytes)
        default: break
        }
        return checker.result
    }

    // MARK: Steps

    private mutating func fail(_ code: NationalIDProblem.Code, _ message: String) {
        let number = result.number
        result = NationalIDValidation(type: type, number: number)
        result.problem = NationalIDProblem(code, message)
    }

    /// The date when it exists and is not after today; otherwise the problem is set.
    private mutating func birth(_ date: NationalIDDate) -> NationalIDDate? {
        guard date.year >= 1, date.isValid else {
            fail(.birthDate, "The encoded birth date \(date) does not exist.")
            return nil
        }
        guard date <= today else {
            fail(.birthDate, "The encoded birth date \(date) is in the future.")
            return nil
        }
        return date
    }

    /// `YY`, month and day read with the latest year ending in `YY` that puts the date not after
    /// today (as the European schemes with two-digit years are read).
    private func latestDate(yy: Int, month: Int, day: Int) -> NationalIDDate {
        var year = today.year - ((today.year - yy) % 100 + 100) % 100
        if NationalIDDate(year: year, month: month, day: day) > today { year -= 100 }
        return NationalIDDate(year: year, month: month, day: day)
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 * 10 + Int($1) - 48 }
    }

    // MARK: Shape

    /// Why Residency's `normalized` refused the text: a character no scheme form allows, the
    /// length, a character in the wrong place, or (when none of those) the formatting.
    private mutating func shapeProblem(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        result.number = trimmed
        var extra: Set<Unicode.Scalar> = []
        switch type {
        case .idNIK: extra = ["."]
        case .myNRIC: extra = ["*"]
        case .hkHKID: extra = ["(", ")"]
        default: break
        }
        var bytes: [UInt8] = []
        for scalar in trimmed.unicodeScalars {
            if scalar.properties.isWhitespace || scalar == "-" || scalar.properties.generalCategory == .dashPunctuation
                || scalar.value == 0x2212 || extra.contains(scalar)
            {
                continue
            }
            var value = scalar.value
            if (0xFF10...0xFF19).contains(value) { value = value - 0xFF10 + 0x30 }  // fullwidth digits
            if (0x61...0x7A).contains(value) { value -= 0x20 }
            guard (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) else {
                return fail(.characters, "The number contains characters other than letters, digits and the separators the scheme allows.")
            }
            bytes.append(UInt8(value))
        }
        result.number = String(decoding: bytes, as: UTF8.self)
        let isDigit = { (byte: UInt8) in (48...57).contains(byte) }
        let isLetter = { (byte: UInt8) in (65...90).contains(byte) }
        func length(_ expected: String) { fail(.length, "Expected \(expected), found \(bytes.count) characters.") }
        switch type {
        case .cnRIC:
            guard bytes.count == 18 else { return length("18 characters") }
            guard bytes[0..<17].allSatisfy(isDigit), isDigit(bytes[17]) || bytes[17] == UInt8(ascii: "X") else {
                return fail(.characters, "Expected 17 digits and a check character (0-9 or X).")
            }
        case .inAadhaar, .idNIK, .myNRIC:
            let count = type == .idNIK ? 16 : 12
            guard bytes.count == count else { return length("\(count) digits") }
            guard bytes.allSatisfy(isDigit) else { return fail(.characters, "The number must consist of digits only.") }
        case .sgNRIC:
            guard bytes.count == 9 else { return length("9 characters") }
            guard bytes[1..<8].allSatisfy(isDigit), isLetter(bytes[8]), isLetter(bytes[0]) else {
                return fail(.characters, "Expected a prefix letter, 7 digits and a check letter.")
            }
            guard "STFGM".utf8.contains(bytes[0]) else { return fail(.format, "The prefix must be S, T, F, G or M.") }
        case .hkHKID:
            guard bytes.count == 8 || bytes.count == 9 else { return length("8 or 9 characters") }
            let letters = bytes.count - 7
            guard bytes[0..<letters].allSatisfy(isLetter), bytes[letters..<(letters + 6)].allSatisfy(isDigit),
                  isDigit(bytes[letters + 6]) || bytes[letters + 6] == UInt8(ascii: "A")
            else {
                return fail(.characters, "Expected one or two letters, 6 digits and a check digit (0-9 or A).")
            }
        default: break
        }
        fail(.format, "The number is written with separators the scheme does not allow, or in the wrong places.")
    }

    // MARK: China

    private mutating func china(_ compact: String, _ bytes: [UInt8]) {
        guard bytes[17] == ChinaResidentID.checkCharacter(bytes[0..<17]) else {
            return fail(.checkDigit, "The check character does not match.")
        }
        let date = NationalIDDate(year: Self.number(bytes[6..<10]), month: Self.number(bytes[10..<12]), day: Self.number(bytes[12..<14]))
        guard birth(date) != nil else { return }
        guard let parsed = ChinaResidentID(compact) else {
            return fail(.unknownCode, "The region code \(String(decoding: bytes[0..<6], as: UTF8.self)) is not in a province-level division.")
        }
        result.birthDate = NationalIDDate(year: parsed.birthDate.year, month: parsed.birthDate.month, day: parsed.birthDate.day)
        result.placeCode = parsed.regionCode
        result.sequence = parsed.sequence
        result.sex = parsed.sequence % 2 == 1 ? .male : .female
    }

    // MARK: India

    private mutating func aadhaar(_ compact: String, _ bytes: [UInt8]) {
        guard bytes[0] >= UInt8(ascii: "2") else { return fail(.format, "An Aadhaar number does not start with 0 or 1.") }
        guard !bytes.elementsEqual(bytes.reversed()) else { return fail(.digitPattern, "An Aadhaar number is not a palindrome.") }
        if !scheme.isValid(compact) { fail(.checkDigit, "The Verhoeff check digit does not match.") }
    }

    // MARK: Indonesia

    private mutating func indonesia(_ compact: String, _ bytes: [UInt8]) {
        let dayField = Self.number(bytes[6..<8])
        let date = latestDate(yy: Self.number(bytes[10..<12]), month: Self.number(bytes[8..<10]), day: dayField % 40)
        guard let born = birth(date) else { return }
        guard let parsed = IndonesiaNIK(compact) else {
            return fail(.unknownCode, "The province code \(String(decoding: bytes[0..<2], as: UTF8.self)) is not a province.")
        }
        result.birthDate = born
        result.sex = dayField > 40 ? .female : .male
        result.placeCode = parsed.provinceCode + parsed.regencyCode + parsed.districtCode
        result.sequence = Self.number(bytes[12..<16])
    }

    // MARK: Malaysia

    private mutating func malaysia(_ compact: String, _ bytes: [UInt8]) {
        let date = latestDate(yy: Self.number(bytes[0..<2]), month: Self.number(bytes[2..<4]), day: Self.number(bytes[4..<6]))
        guard let born = birth(date) else { return }
        let place = String(decoding: bytes[6..<8], as: UTF8.self)
        guard scheme.isValid(compact) else { return fail(.unknownCode, "The birthplace code \(place) is not issued.") }
        result.birthDate = born
        result.placeCode = place
        result.sex = Int(bytes[11] - UInt8(ascii: "0")) % 2 == 1 ? .male : .female
    }

    // MARK: Singapore

    private mutating func singapore(_ compact: String, _ bytes: [UInt8]) {
        guard scheme.isValid(compact) else { return fail(.checkDigit, "The check letter does not match.") }
        switch bytes[0] {
        case UInt8(ascii: "S"): (result.residentStatus, result.century) = (.citizenOrPermanentResident, 1900)
        case UInt8(ascii: "T"): (result.residentStatus, result.century) = (.citizenOrPermanentResident, 2000)
        case UInt8(ascii: "F"): (result.residentStatus, result.century) = (.foreigner, 1900)
        default: (result.residentStatus, result.century) = (.foreigner, 2000)  // G, M
        }
    }

    // MARK: Hong Kong

    private mutating func hongKong(_ compact: String, _ bytes: [UInt8]) {
        if !scheme.isValid(compact) { fail(.checkDigit, "The check digit does not match.") }
    }
}

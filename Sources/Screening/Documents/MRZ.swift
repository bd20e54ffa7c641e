// Strait — compliance gateway for cross-border fintech. Apache-2.0.

// Machine-readable zones of identity and travel documents, ICAO Doc 9303 (8th edition, 2021):
// Part 3 (common rules: character set, check digits, dates, codes), Part 4 (TD3, passports),
// Part 5 (TD1, cards), Part 6 (TD2) and Part 7 (machine-readable visas, MRV-A and MRV-B).
// The tests compare the check-digit verdicts with the PyPI package `mrz` on generated zones
// (Tests/ScreeningTests/Oracle/mrz_oracle.py); the one rule where they differ (TD1 long document
// numbers) is described on ``MachineReadableZone``.

import Foundation

/// The layout of a machine-readable zone.
public enum MRZFormat: String, Sendable, Hashable, CaseIterable {
    /// ID-1 card size (Doc 9303 Part 5): 3 lines of 30 characters. Identity cards, residence
    /// permits, crew member certificates.
    case td1
    /// ID-2 size (Part 6): 2 lines of 36. Identity cards and other official travel documents.
    case td2
    /// ID-3 size (Part 4): 2 lines of 44. Passports.
    case td3
    /// Full-size machine-readable visa (Part 7): 2 lines of 44, document code starting with `V`.
    case mrvA = "mrv-a"
    /// Small machine-readable visa (Part 7): 2 lines of 36, document code starting with `V`.
    case mrvB = "mrv-b"

    /// Number of lines.
    public var lineCount: Int { self == .td1 ? 3 : 2 }

    /// Characters per line.
    public var lineLength: Int {
        switch self {
        case .td1: 30
        case .td2, .mrvB: 36
        case .td3, .mrvA: 44
        }
    }

    /// The letters a document code may start with in this format: `A`, `C` or `I` for the
    /// official travel documents (TD1, TD2), `P` for passports (TD3), `V` for visas.
    public var documentCodeFirstLetters: String {
        switch self {
        case .td1, .td2: "ACI"
        case .td3: "P"
        case .mrvA, .mrvB: "V"
        }
    }
}

/// A calendar date read from a zone (or given as the reference for reading two-digit years).
public typealias MRZDate = CalendarDate

/// The sex of the holder as printed in the zone.
public enum MRZSex: String, Sendable, Hashable, CaseIterable {
    case male = "M"
    case female = "F"
    /// `X`: neither, as some states print it (Doc 9303 writes unspecified as `<` in the zone).
    case x = "X"
    /// `<`: unspecified.
    case unspecified = "<"
}

/// A field protected by a check digit.
public enum MRZCheckedField: String, Sendable, Hashable, CaseIterable {
    case documentNumber = "document_number"
    case birthDate = "birth_date"
    case expiryDate = "expiry_date"
    /// TD3's personal number (optional data of line 2); the other formats have no check digit on
    /// optional data.
    case optionalData = "optional_data"
    /// The composite check digit over the whole zone's checked data (TD1, TD2, TD3; visas have
    /// none).
    case composite
}

/// One check digit of a zone and whether it verified.
public struct MRZCheckDigit: Sendable, Hashable {
    public var field: MRZCheckedField
    /// The characters the digit protects, as printed (fillers included; for a TD1 long document
    /// number the whole number without the filler at position 15).
    public var input: String
    /// The character printed in the check digit position.
    public var printed: Character
    /// The check digit computed from ``input``.
    public var computed: Int
    /// Whether ``printed`` is ``computed`` (or, for an empty TD3 personal number, a filler).
    public var isValid: Bool
}

/// Why a parsed zone is not valid: a stable code and a sentence for people.
public struct MRZProblem: Sendable, Hashable, CustomStringConvertible {
    /// Stable, machine-readable problem codes.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case checkDigitDocumentNumber = "check_digit_document_number"
        case checkDigitBirthDate = "check_digit_birth_date"
        case checkDigitExpiryDate = "check_digit_expiry_date"
        case checkDigitOptionalData = "check_digit_optional_data"
        case checkDigitComposite = "check_digit_composite"
        /// The document code does not start with a letter allowed for the format, or its second
        /// character is not a letter or a filler.
        case invalidDocumentCode = "invalid_document_code"
        /// Not three characters of letters followed by fillers (`UTO`, `D<<`).
        case invalidIssuingState = "invalid_issuing_state"
        case invalidNationality = "invalid_nationality"
        /// The name field holds a digit, or no letter at all.
        case invalidName = "invalid_name"
        /// The document number is empty.
        case invalidDocumentNumber = "invalid_document_number"
        /// Not a date `YYMMDD` that exists (after the century is chosen), nor a date with its
        /// unknown parts filled (`YYMM<<`, `YY<<<<`, `<<<<<<`).
        case invalidBirthDate = "invalid_date_birth"
        /// Not a date `YYMMDD` that exists.
        case invalidExpiryDate = "invalid_date_expiry"
        /// The expiry date is before the birth date.
        case expiryBeforeBirth = "expiry_before_birth"
        /// Not `M`, `F`, `X` or `<`.
        case invalidSex = "invalid_sex"

        /// The problem a failed check digit of `field` is reported as.
        public static func checkDigit(_ field: MRZCheckedField) -> Code {
            switch field {
            case .documentNumber: .checkDigitDocumentNumber
            case .birthDate: .checkDigitBirthDate
            case .expiryDate: .checkDigitExpiryDate
            case .optionalData: .checkDigitOptionalData
            case .composite: .checkDigitComposite
            }
        }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// Why text could not be read as a zone at all: a stable code, a sentence, and where (1-based
/// line and column) when it is about one character.
public struct MRZError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// Nothing but whitespace.
        case empty
        /// Not 2 or 3 lines (or one line of 72, 88 or 90 characters).
        case lineCount = "line_count"
        /// The lines are not all 30 (3 lines), 36 or 44 (2 lines) characters long.
        case lineLength = "line_length"
        /// A character other than `A`–`Z`, `0`–`9` and `<` (lower case included).
        case invalidCharacter = "invalid_character"
    }

    public var code: Code
    public var message: String
    public var line: Int?
    public var column: Int?

    public init(_ code: Code, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// The machine-readable zone of an identity or travel document (ICAO Doc 9303), read and checked.
///
/// ``parse(_:referenceDate:)`` refuses text that is not a zone (``MRZError``: line count, line
/// lengths, characters); anything else parses, and what is wrong inside is listed in
/// ``problems`` so that an onboarding flow can say exactly which field to re-scan or re-type.
///
/// Input: lines separated by `\n`, `\r\n` or `\r`; whitespace around the text and around each
/// line, and blank lines, are ignored. A zone given as one line of 90, 72 or 88 characters is split into 3 × 30,
/// 2 × 36 or 2 × 44. Lower case is refused (`invalid_character`), not upper-cased: the zone's
/// character set is upper case only, and lower case means the text was retyped or post-processed;
/// a caller that accepts typed input upper-cases it first, knowingly.
///
/// Rules of the standard that simple readers often miss (the `mrz` package used as the test
/// oracle misses the first):
/// - TD1 long document numbers (Part 5, note on the document number): when position 15 of line 1
///   holds `<` instead of a check digit, the document number continues in the optional data
///   (positions 16–30) up to the first filler, the last character before that filler being the
///   check digit over the whole number. ``documentNumber`` is the whole number and
///   ``optionalData`` starts after that filler.
/// - TD3 personal number: when positions 29–42 of line 2 are all fillers, the check digit in
///   position 43 may be `<` or `0` (Part 4, note on the personal number).
/// - Unknown parts of a birth date are fillers (Part 3, dates): `YYMM<<`, `YY<<<<` and `<<<<<<`
///   are accepted; ``birthDate`` is then `nil` and ``birthDateField`` says what is known.
public struct MachineReadableZone: Sendable, Hashable {
    public var format: MRZFormat
    /// The zone's lines, as read (trimmed).
    public var lines: [String]
    /// The document code without trailing filler: `P`, `I`, `ID`, `AC`, `V`, `IR`, …
    public var documentCode: String
    /// The issuing state or organisation: an ISO 3166-1 alpha-3 code or an ICAO code (`D<<`,
    /// `GBD`, `UNO`, `XXA`, …), as printed (3 characters, fillers kept).
    public var issuingState: String
    /// The primary identifier (surnames), fillers turned into single spaces: `ERIKSSON`.
    public var primaryIdentifier: String
    /// The secondary identifier (given names), fillers turned into single spaces: `ANNA MARIA`.
    /// Empty when the name has one part.
    public var secondaryIdentifier: String
    /// Whether the name fills its field to the last position, which is how Doc 9303 marks a name
    /// that may have been truncated.
    public var nameMayBeTruncated: Bool
    /// The document number without trailing fillers; for a TD1 long number the whole number.
    public var documentNumber: String
    /// Whether the document number is a TD1 long number continued in the optional data.
    public var hasLongDocumentNumber: Bool
    /// The holder's nationality, as printed (3 characters, fillers kept).
    public var nationality: String
    /// The birth date, with the century chosen so that it is not after the reference date; `nil`
    /// when the field has unknown parts (fillers) or is not a valid date.
    public var birthDate: MRZDate?
    /// The birth date field as printed, `YYMMDD` (fillers for unknown parts).
    public var birthDateField: String
    /// `nil` when the character is not `M`, `F`, `X` or `<`.
    public var sex: MRZSex?
    /// The expiry date, with the century chosen within 50 years before and 49 after the reference
    /// date; `nil` when the field is not a valid date.
    public var expiryDate: MRZDate?
    /// The expiry date field as printed.
    public var expiryDateField: String
    /// The optional data fields, trailing fillers removed (inner fillers kept): TD1 line 1
    /// (after a long document number) and line 2; TD2, MRV-A and MRV-B line 2; TD3 the personal
    /// number.
    public var optionalData: [String]
    /// Every check digit of the format, in the order document number, birth date, expiry date,
    /// optional data (TD3), composite (not visas).
    public var checkDigits: [MRZCheckDigit]
    /// Everything wrong with the zone, in field order. Empty when ``isValid``.
    public var problems: [MRZProblem]

    /// Whether every check digit verified and every field is well formed.
    public var isValid: Bool { problems.isEmpty }

    /// The check digit of `field`, when the format has one.
    public func checkDigit(for field: MRZCheckedField) -> MRZCheckDigit? {
        checkDigits.first { $0.field == field }
    }

    /// Whether the document had expired on `date` (it is valid through its expiry date); `nil`
    /// when the expiry date could not be read.
    public func isExpired(on date: MRZDate = .today()) -> Bool? {
        expiryDate.map { $0 < date }
    }

    /// Parses `text` as a zone; fails only when it is not one (see ``MRZError``). Two-digit years
    /// are read relative to `referenceDate` (today in UTC by default):
    /// - birth date: 20YY, or 19YY when 20YY-MM-DD would be after the reference date (so a holder
    ///   more than 100 years old is read 100 years too young);
    /// - expiry date: the year ending in YY from 50 years before to 49 years after the reference
    ///   year.
    public static func parse(_ text: String, referenceDate: MRZDate = .today()) -> Result<MachineReadableZone, MRZError> {
        switch MRZReader.lines(text) {
        case let .failure(error):
            return .failure(error)
        case let .success((format, lines)):
            var reader = MRZReader(format: format, lines: lines, reference: referenceDate)
            return .success(reader.zone())
        }
    }

    // MARK: - Check digits

    /// The value of a zone character in check digit computations: `0`–`9` as themselves, `A`–`Z`
    /// as 10–35, the filler `<` as 0; `nil` for any other character.
    public static func characterValue(_ character: Character) -> Int? {
        guard let ascii = character.asciiValue else { return nil }
        return MRZReader.value(ascii)
    }

    /// The ICAO 9303 check digit of `field` (Part 3): each character's value (``characterValue(_:)``)
    /// times the weights 7, 3, 1, 7, 3, 1, … from the left, summed, modulo 10. `nil` when `field`
    /// holds a character outside `A`–`Z`, `0`–`9`, `<`.
    public static func checkDigit(_ field: String) -> Int? {
        var bytes: [UInt8] = []
        for scalar in field.unicodeScalars {
            guard scalar.isASCII else { return nil }
            bytes.append(UInt8(scalar.value))
        }
        return MRZReader.checkDigit(bytes[...])
    }
}

extension MachineReadableZone {
    /// Parses `text` as a zone; fails only when it is not one (see ``MRZError``). Two-digit years
    /// are read relative to `referenceDate` (today in UTC by default).
    public init(_ text: String, referenceDate: MRZDate = .today()) throws(MRZError) {
        self = try Self.parse(text, referenceDate: referenceDate).get()
    }
}

/// Reading one zone: splitting the text into lines, then the fields of its format.
struct MRZReader {
    static let filler = UInt8(ascii: "<")

    let format: MRZFormat
    let lines: [[UInt8]]
    let reference: MRZDate
    var problems: [MRZProblem] = []
    var checkDigits: [MRZCheckDigit] = []

    init(format: MRZFormat, lines: [[UInt8]], reference: MRZDate) {
        self.format = format
        self.lines = lines
        self.reference = reference
    }

    // MARK: Characters

    static func value(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(byte - UInt8(ascii: "A")) + 10
        case filler: 0
        default: nil
        }
    }

    static func checkDigit(_ bytes: ArraySlice<UInt8>) -> Int? {
        let weights = [7, 3, 1]
        var sum = 0
        for (index, byte) in bytes.enumerated() {
            guard let value = value(byte) else { return nil }
            sum += value * weights[index % 3]
        }
        return sum % 10
    }

    static func isLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    static func text<C: Collection<UInt8>>(_ bytes: C) -> String { String(decoding: bytes, as: UTF8.self) }

    static func trimmingFillers(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[end - 1] == filler { end -= 1 }
        return bytes[bytes.startIndex..<end]
    }

    // MARK: Lines

    /// The format and the lines of `text`, or why it is not a zone.
    static func lines(_ text: String) -> Result<(MRZFormat, [[UInt8]]), MRZError> {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return .failure(MRZError(.empty, "the text is empty")) }
        var lines = trimmed.split { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        for (index, line) in lines.enumerated() {
            for (column, scalar) in line.unicodeScalars.enumerated() {
                guard scalar.isASCII, value(UInt8(scalar.value)) != nil else {
                    let shown = scalar.properties.generalCategory == .control || scalar == " "
                        ? "U+" + String(scalar.value, radix: 16, uppercase: true) : "'\(scalar)'"
                    let hint = ("a"..."z").contains(scalar)
                        ? "; lower case is not allowed in a machine-readable zone (upper-case typed text first)" : ""
                    return .failure(MRZError(
                        .invalidCharacter, "line \(index + 1), column \(column + 1): \(shown) is not A-Z, 0-9 or <\(hint)",
                        line: index + 1, column: column + 1))
                }
            }
        }
        if lines.count == 1 {
            let joined = Array(lines[0].utf8)
            let length: Int? = switch joined.count {
            case 90: 30
            case 72: 36
            case 88: 44
            default: nil
            }
            guard let length else {
                let expected = "a machine-readable zone has 2 or 3 lines (or one line of 72, 88 or 90 characters)"
                return .failure(MRZError(.lineCount, "\(expected); got one line of \(joined.count)"))
            }
            lines = stride(from: 0, to: joined.count, by: length).map { Self.text(joined[$0..<$0 + length]) }
        }
        guard lines.count == 2 || lines.count == 3 else {
            return .failure(MRZError(.lineCount, "a machine-readable zone has 2 or 3 lines; got \(lines.count)"))
        }
        let bytes = lines.map { Array($0.utf8) }
        let lengths = bytes.map(\.count)
        let expected: [MRZFormat] = lines.count == 3 ? [.td1] : [.td2, .td3]
        guard let shape = expected.first(where: { format in lengths.allSatisfy { $0 == format.lineLength } }) else {
            let wanted = lines.count == 3 ? "3 lines of 30 characters" : "2 lines of 36 or 2 lines of 44 characters"
            let got = lengths.map(String.init).joined(separator: ", ")
            return .failure(MRZError(.lineLength, "expected \(wanted); got lines of \(got)"))
        }
        let visa = bytes[0][0] == UInt8(ascii: "V")
        let format: MRZFormat = switch shape {
        case .td2: visa ? .mrvB : .td2
        case .td3: visa ? .mrvA : .td3
        default: shape
        }
        return .success((format, bytes))
    }

    // MARK: Fields

    mutating func zone() -> MachineReadableZone {
        let top = lines[0]
        let documentCodeField = top[0..<2]
        checkDocumentCode(documentCodeField)
        let issuingState = Self.text(top[2..<5])
        checkCountry(top[2..<5], code: .invalidIssuingState, what: "issuing state")

        // Where the fields sit: the data line (TD1: line 2, the others: line 2 after the number).
        let data = lines[1]
        let numberLine = format == .td1 ? lines[0] : lines[1]
        let numberStart = format == .td1 ? 5 : 0
        let birthStart = format == .td1 ? 0 : 13
        let sexAt = format == .td1 ? 7 : 20
        let expiryStart = format == .td1 ? 8 : 21
        let nationalityStart = format == .td1 ? 15 : 10
        let nameField = format == .td1 ? lines[2][...] : top[5...]

        // Names.
        let (primary, secondary) = Self.names(nameField)
        if nameField.contains(where: Self.isDigit) {
            problems.append(MRZProblem(.invalidName, "the name field contains a digit"))
        } else if !nameField.contains(where: Self.isLetter) {
            problems.append(MRZProblem(.invalidName, "the name field has no letters"))
        }

        // Document number and its check digit (TD1 long numbers continue in the optional data).
        let numberField = numberLine[numberStart..<numberStart + 9]
        let numberCheck = numberLine[numberStart + 9]
        var documentNumber = Self.text(Self.trimmingFillers(numberField))
        var longNumber = false
        var firstOptional: ArraySlice<UInt8>? = format == .td1 ? top[15..<30] : nil
        if format == .td1, numberCheck == Self.filler {
            let rest = top[15..<30]
            let run = rest.prefix { $0 != Self.filler }
            if run.count >= 2 {
                longNumber = true
                let input = Array(numberField) + Array(run.dropLast())
                documentNumber = Self.text(input)
                addCheck(.documentNumber, input: input[...], printed: run.last!, what: "document number")
                firstOptional = top[min(run.endIndex + 1, 30)..<30]
            } else {
                addCheck(.documentNumber, input: numberField, printed: numberCheck, what: "document number",
                         note: "position 15 is a filler but no long document number with its check digit follows")
            }
        } else {
            addCheck(.documentNumber, input: numberField, printed: numberCheck, what: "document number")
        }
        if documentNumber.isEmpty {
            problems.append(MRZProblem(.invalidDocumentNumber, "the document number is empty"))
        }

        // Nationality, dates, sex.
        let nationality = Self.text(data[nationalityStart..<nationalityStart + 3])
        let birthField = data[birthStart..<birthStart + 6]
        addCheck(.birthDate, input: birthField, printed: data[birthStart + 6], what: "birth date")
        let birthDate = readBirthDate(birthField)
        let sex = MRZSex(rawValue: String(UnicodeScalar(data[sexAt])))
        if sex == nil {
            problems.append(MRZProblem(.invalidSex, "the sex is '\(UnicodeScalar(data[sexAt]))', not M, F, X or <"))
        }
        let expiryField = data[expiryStart..<expiryStart + 6]
        addCheck(.expiryDate, input: expiryField, printed: data[expiryStart + 6], what: "expiry date")
        let expiryDate = readExpiryDate(expiryField)
        if let birthDate, let expiryDate, expiryDate < birthDate {
            problems.append(MRZProblem(.expiryBeforeBirth, "the expiry date \(expiryDate) is before the birth date \(birthDate)"))
        }
        checkCountry(data[nationalityStart..<nationalityStart + 3], code: .invalidNationality, what: "nationality")

        // Optional data, its check digit (TD3) and the composite check digit.
        var optionalData: [String] = []
        switch format {
        case .td1:
            optionalData = [Self.text(Self.trimmingFillers(firstOptional ?? [])), Self.text(Self.trimmingFillers(data[18..<29]))]
            addCheck(.composite, input: top[5..<30] + data[0..<7] + data[8..<15] + data[18..<29], printed: data[29], what: "composite")
        case .td2:
            optionalData = [Self.text(Self.trimmingFillers(data[28..<35]))]
            addCheck(.composite, input: data[0..<10] + data[13..<20] + data[21..<35], printed: data[35], what: "composite")
        case .td3:
            let personal = data[28..<42]
            optionalData = [Self.text(Self.trimmingFillers(personal))]
            addCheck(.optionalData, input: personal, printed: data[42], what: "personal number",
                     fillerAllowed: personal.allSatisfy { $0 == Self.filler })
            addCheck(.composite, input: data[0..<10] + data[13..<20] + data[21..<43], printed: data[43], what: "composite")
        case .mrvA:
            optionalData = [Self.text(Self.trimmingFillers(data[28..<44]))]
        case .mrvB:
            optionalData = [Self.text(Self.trimmingFillers(data[28..<36]))]
        }

        // Problems in the order of the document's fields (a stable sort: equal ranks keep their order).
        let ordered = problems.enumerated()
            .sorted { (Self.rank($0.element.code), $0.offset) < (Self.rank($1.element.code), $1.offset) }
            .map(\.element)
        return MachineReadableZone(
            format: format, lines: lines.map { Self.text($0) }, documentCode: Self.text(Self.trimmingFillers(documentCodeField)),
            issuingState: issuingState, primaryIdentifier: primary, secondaryIdentifier: secondary,
            nameMayBeTruncated: nameField.last != Self.filler, documentNumber: documentNumber, hasLongDocumentNumber: longNumber,
            nationality: nationality, birthDate: birthDate, birthDateField: Self.text(birthField), sex: sex,
            expiryDate: expiryDate, expiryDateField: Self.text(expiryField), optionalData: optionalData,
            checkDigits: checkDigits, problems: ordered
        )
    }

    /// The order problems are listed in: the document's fields as they appear on a passport's
    /// data page, each field's check digit after its format.
    static func rank(_ code: MRZProblem.Code) -> Int {
        switch code {
        case .invalidDocumentCode: 0
        case .invalidIssuingState: 1
        case .invalidName: 2
        case .invalidDocumentNumber: 3
        case .checkDigitDocumentNumber: 4
        case .invalidNationality: 5
        case .invalidBirthDate: 6
        case .checkDigitBirthDate: 7
        case .invalidSex: 8
        case .invalidExpiryDate: 9
        case .checkDigitExpiryDate: 10
        case .expiryBeforeBirth: 11
        case .checkDigitOptionalData: 12
        case .checkDigitComposite: 13
        }
    }

    mutating func checkDocumentCode(_ field: ArraySlice<UInt8>) {
        let first = field[field.startIndex]
        let second = field[field.startIndex + 1]
        let allowed = format.documentCodeFirstLetters
        if !allowed.utf8.contains(first) {
            let list = allowed.map { String($0) }.joined(separator: ", ")
            problems.append(MRZProblem(
                .invalidDocumentCode, "the document code '\(Self.text(field))' must start with \(list) in a \(format.rawValue) zone"))
        } else if !(Self.isLetter(second) || second == Self.filler) {
            problems.append(MRZProblem(.invalidDocumentCode, "the document code '\(Self.text(field))' has a digit as second character"))
        }
    }

    /// A state or organisation code: a letter, then letters or fillers, the fillers last.
    mutating func checkCountry(_ field: ArraySlice<UInt8>, code: MRZProblem.Code, what: String) {
        let letters = field.prefix(while: Self.isLetter)
        let valid = !letters.isEmpty && field[letters.endIndex...].allSatisfy { $0 == Self.filler }
        if !valid {
            problems.append(MRZProblem(code, "the \(what) '\(Self.text(field))' is not a three-letter code (letters, then fillers)"))
        }
    }

    /// Primary and secondary identifiers: split at the first `<<`, fillers as single spaces.
    static func names(_ field: ArraySlice<UInt8>) -> (String, String) {
        let bytes = Array(trimmingFillers(field))
        var split = bytes.count
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == filler, bytes[index + 1] == filler {
                split = index
                break
            }
            index += 1
        }
        func spaced(_ part: ArraySlice<UInt8>) -> String {
            text(part).split(separator: "<").joined(separator: " ")
        }
        let primary = spaced(bytes[0..<split])
        let secondary = split < bytes.count ? spaced(bytes[(split + 2)...]) : ""
        return (primary, secondary)
    }

    mutating func addCheck(
        _ field: MRZCheckedField, input: ArraySlice<UInt8>, printed: UInt8, what: String, note: String? = nil, fillerAllowed: Bool = false
    ) {
        let computed = Self.checkDigit(input) ?? 0  // the lines hold only zone characters
        let printedDigit = Self.isDigit(printed) ? Int(printed - UInt8(ascii: "0")) : nil
        let valid = note == nil && (printedDigit == computed || (fillerAllowed && printed == Self.filler))
        checkDigits.append(MRZCheckDigit(
            field: field, input: Self.text(input), printed: Character(UnicodeScalar(printed)), computed: computed, isValid: valid))
        guard !valid else { return }
        let shown = printedDigit.map(String.init) ?? "'\(UnicodeScalar(printed))'"
        let message = note.map { "the \(what) check digit is missing: \($0)" }
            ?? "the \(what) check digit is \(shown), but \(computed) is computed from \(Self.text(input))"
        problems.append(MRZProblem(.checkDigit(field), message))
    }

    /// Two digits as a number, or `nil` when either is not a digit.
    static func twoDigits(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.allSatisfy(isDigit) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    mutating func readBirthDate(_ field: ArraySlice<UInt8>) -> MRZDate? {
        let start = field.startIndex
        let yy = Self.twoDigits(field[start..<start + 2])
        let mm = Self.twoDigits(field[start + 2..<start + 4])
        let dd = Self.twoDigits(field[start + 4..<start + 6])
        let fillers = { (range: Range<Int>) in field[range].allSatisfy { $0 == Self.filler } }
        if let yy, let mm, let dd {
            var date = MRZDate(year: 2000 + yy, month: mm, day: dd)
            if date > reference { date.year -= 100 }
            if date.isValid { return date }
        } else if fillers(start + 2..<start + 6) && (yy != nil || fillers(start..<start + 2)) {
            return nil  // YY<<<< or <<<<<<: year or everything unknown
        } else if let mm, yy != nil, fillers(start + 4..<start + 6), (1...12).contains(mm) {
            return nil  // YYMM<<: day unknown
        }
        problems.append(MRZProblem(.invalidBirthDate, "the birth date '\(Self.text(field))' is not a valid date YYMMDD"))
        return nil
    }

    mutating func readExpiryDate(_ field: ArraySlice<UInt8>) -> MRZDate? {
        let start = field.startIndex
        if let yy = Self.twoDigits(field[start..<start + 2]), let mm = Self.twoDigits(field[start + 2..<start + 4]),
           let dd = Self.twoDigits(field[start + 4..<start + 6])
        {
            let first = reference.year - 50
            let date = MRZDate(year: first + ((yy - first) % 100 + 100) % 100, month: mm, day: dd)
            if date.isValid { return date }
        }
        problems.append(MRZProblem(.invalidExpiryDate, "the expiry date '\(Self.text(field))' is not a valid date YYMMDD"))
        return nil
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

// Content detectors for financial identifiers: payment card numbers (Luhn check, brand by IIN
// range) and IBANs (ISO 13616: per-country length and BBAN format, ISO 7064 mod 97-10 check
// digits). Every check works on the UTF-8 bytes of the value, refuses over-long input before
// looking at it, and is linear in the length of the input. Values are whole values, not text to
// search: "card 4111 1111 1111 1111" is not a card number.

// MARK: - Payment cards

/// Card schemes recognised by their issuer identification number (IIN) range.
public enum CardBrand: String, Sendable, CaseIterable {
    /// IIN 4; 13, 16 or 19 digits.
    case visa
    /// IIN 51–55 and 2221–2720; 16 digits.
    case mastercard
    /// IIN 34 and 37; 15 digits.
    case americanExpress = "amex"
    /// IIN 6011, 644–649 and 65; 16–19 digits.
    case discover
    /// IIN 3528–3589; 16–19 digits.
    case jcb
    /// IIN 62; 16–19 digits.
    case unionPay = "unionpay"
    /// Diners Club International: IIN 36, 300–305 and 38–39; 14–19 digits.
    case dinersClub = "diners"
    /// Maestro, only for the IINs no other brand here claims (5018, 5020, 5038, 5893, 6304, 6759,
    /// 6761–6763); 12–19 digits.
    case maestro
}

/// Payment card numbers (PANs, ISO/IEC 7812).
///
/// A value is a valid card number when it is made of ASCII digits, optionally in groups separated
/// by single spaces or hyphens (`4111 1111 1111 1111`, `3782-822463-10005`; no separator at either
/// end, never two in a row), has 12 to 19 digits, and passes the Luhn (mod 10) check. The brand is
/// not part of validity: a valid number of an unknown scheme has `brand == nil`.
public enum PaymentCard {
    /// Longer values are refused without being read.
    public static let maximumInputLength = 64
    /// ISO/IEC 7812 card numbers have 12 to 19 digits (8-digit IINs, 19-digit PANs at most).
    public static let digitCounts = 12...19

    /// Whether `value` is a card number: the separator rule, 12–19 digits and the Luhn check.
    public static func isValid(_ value: String) -> Bool {
        withValidDigits(value) { _ in true } ?? false
    }

    /// The digits of a valid card number without separators, or `nil` when `value` is not valid.
    public static func normalized(_ value: String) -> String? {
        guard let digits = validDigits(value) else { return nil }
        return String(decoding: digits.map { $0 &+ UInt8(ascii: "0") }, as: UTF8.self)
    }

    /// The brand of a valid card number whose IIN range and length match a brand, else `nil`.
    public static func brand(_ value: String) -> CardBrand? {
        withValidDigits(value) { brand(digits: $0) } ?? nil
    }

    /// The digit values (0–9) of `value` when it is a valid card number.
    static func validDigits(_ value: String) -> [UInt8]? {
        withValidDigits(value) { Array($0) }
    }

    /// Whether `value` is a valid card number of a known brand (`brand(value) != nil`), in one pass
    /// and without allocating.
    static func isValidWithBrand(_ value: String) -> Bool {
        withValidDigits(value) { brand(digits: $0) != nil } ?? false
    }

    /// Calls `body` with the digit values (0–9) of `value` when it is a valid card number (the
    /// digits live on the stack for the call); `nil` when it is not valid.
    static func withValidDigits<R>(_ value: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard value.utf8.count <= maximumInputLength else { return nil }
        return value.utf8.withContiguousStorageIfAvailable { withValidDigits(utf8: $0, body) }
            ?? Array(value.utf8).withUnsafeBufferPointer { withValidDigits(utf8: $0, body) }
    }

    private static func withValidDigits<R>(utf8 bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: digitCounts.upperBound) { buffer -> R? in
            var count = 0
            var afterDigit = false
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    guard count < digitCounts.upperBound else { return nil }
                    buffer[count] = byte &- UInt8(ascii: "0")
                    count += 1
                    afterDigit = true
                case UInt8(ascii: " "), UInt8(ascii: "-"):
                    guard afterDigit else { return nil }
                    afterDigit = false
                default:
                    return nil
                }
            }
            guard afterDigit, digitCounts.contains(count) else { return nil }
            let digits = UnsafeBufferPointer(rebasing: buffer[..<count])
            guard luhn(digits) else { return nil }
            return body(digits)
        }
    }

    /// The Luhn check: from the rightmost digit, every second digit is doubled (minus 9 when the
    /// result has two digits); the sum must be a multiple of 10.
    static func luhn(_ digits: some BidirectionalCollection<UInt8>) -> Bool {
        var sum = 0
        var double = false
        for digit in digits.reversed() {
            var value = Int(digit)
            if double {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
            double.toggle()
        }
        return sum % 10 == 0
    }

    /// One IIN range of a brand: the first `prefixLength` digits, read as a number, lie in `range`.
    private struct IINRange {
        var brand: CardBrand
        var prefixLength: Int
        var range: ClosedRange<Int>
        var lengths: [Int]
    }

    /// The IIN ranges; no two overlap, so the order does not matter.
    private static let ranges: [IINRange] = [
        IINRange(brand: .visa, prefixLength: 1, range: 4...4, lengths: [13, 16, 19]),
        IINRange(brand: .mastercard, prefixLength: 2, range: 51...55, lengths: [16]),
        IINRange(brand: .mastercard, prefixLength: 4, range: 2221...2720, lengths: [16]),
        IINRange(brand: .americanExpress, prefixLength: 2, range: 34...34, lengths: [15]),
        IINRange(brand: .americanExpress, prefixLength: 2, range: 37...37, lengths: [15]),
        IINRange(brand: .discover, prefixLength: 4, range: 6011...6011, lengths: Array(16...19)),
        IINRange(brand: .discover, prefixLength: 3, range: 644...649, lengths: Array(16...19)),
        IINRange(brand: .discover, prefixLength: 2, range: 65...65, lengths: Array(16...19)),
        IINRange(brand: .jcb, prefixLength: 4, range: 3528...3589, lengths: Array(16...19)),
        IINRange(brand: .unionPay, prefixLength: 2, range: 62...62, lengths: Array(16...19)),
        IINRange(brand: .dinersClub, prefixLength: 2, range: 36...36, lengths: Array(14...19)),
        IINRange(brand: .dinersClub, prefixLength: 3, range: 300...305, lengths: Array(14...19)),
        IINRange(brand: .dinersClub, prefixLength: 2, range: 38...39, lengths: Array(14...19)),
    ] + [5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763].map {
        IINRange(brand: .maestro, prefixLength: 4, range: $0...$0, lengths: Array(12...19))
    }

    static func brand(digits: [UInt8]) -> CardBrand? {
        digits.withUnsafeBufferPointer { brand(digits: $0) }
    }

    static func brand(digits: UnsafeBufferPointer<UInt8>) -> CardBrand? {
        guard !digits.isEmpty else { return nil }
        // The number formed by the first 1, 2, 3 and 4 digits (as many as there are).
        var prefixes = (0, 0, 0, 0)
        var prefix = 0
        for length in 1...min(4, digits.count) {
            prefix = prefix * 10 + Int(digits[length - 1])
            switch length {
            case 1: prefixes.0 = prefix
            case 2: prefixes.1 = prefix
            case 3: prefixes.2 = prefix
            default: prefixes.3 = prefix
            }
        }
        for iin in ranges where iin.prefixLength <= digits.count {
            let prefix = switch iin.prefixLength {
            case 1: prefixes.0
            case 2: prefixes.1
            case 3: prefixes.2
            default: prefixes.3
            }
            if iin.range.contains(prefix) {
                return iin.lengths.contains(digits.count) ? iin.brand : nil
            }
        }
        return nil
    }
}

// MARK: - IBAN

/// International Bank Account Numbers (ISO 13616).
///
/// A value is a valid IBAN when, after removing ASCII spaces (anywhere) and upper-casing ASCII
/// letters, it consists of
/// - a country code that the SWIFT IBAN registry lists (the table below, which also has the
///   "aspirational" formats some countries announced before registration),
/// - exactly the length registered for that country,
/// - two check digits from 02 to 98,
/// - a BBAN matching the country's registered format position by position (`n` digit, `a` upper-case
///   letter, `c` letter or digit),
/// and the ISO 7064 mod 97-10 check holds: with the first four characters moved to the end and
/// letters replaced by numbers (A = 10 … Z = 35) the number is 1 modulo 97. The check digits 00, 01
/// and 99 also give 1 modulo 97 when 97, 98 or 02 would, but ISO 7064 never computes them, so they
/// are refused. National check digits inside the BBAN are not checked. Any other character (tabs,
/// hyphens, non-ASCII) makes the value invalid.
public enum IBAN {
    /// Longer values are refused without being read.
    public static let maximumInputLength = 64

    /// Whether `value` is a valid IBAN.
    public static func isValid(_ value: String) -> Bool {
        withValidCompact(value) { _ in true } ?? false
    }

    /// The IBAN in its electronic format (upper case, no spaces), or `nil` when `value` is not valid.
    public static func normalized(_ value: String) -> String? {
        guard let compact = validCompact(value) else { return nil }
        return String(decoding: compact, as: UTF8.self)
    }

    /// The ISO 3166-1 alpha-2 country code of a valid IBAN, or `nil` when `value` is not valid.
    public static func country(_ value: String) -> String? {
        withValidCompact(value) { String(decoding: UnsafeBufferPointer(rebasing: $0[0..<2]), as: UTF8.self) }
    }

    /// The registered IBAN length for a country code (upper case), or `nil` when it has no IBAN.
    public static func length(country: String) -> Int? {
        registry[country]?.length
    }

    /// Every country code with a registered IBAN format, sorted.
    public static var countries: [String] {
        registry.keys.sorted()
    }

    /// The bytes of `value` in electronic format when it is a valid IBAN.
    static func validCompact(_ value: String) -> [UInt8]? {
        withValidCompact(value) { Array($0) }
    }

    /// Calls `body` with the bytes of `value` in electronic format (on the stack for the call) when
    /// it is a valid IBAN; `nil` when it is not.
    static func withValidCompact<R>(_ value: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard value.utf8.count <= maximumInputLength else { return nil }
        return value.utf8.withContiguousStorageIfAvailable { withValidCompact(utf8: $0, body) }
            ?? Array(value.utf8).withUnsafeBufferPointer { withValidCompact(utf8: $0, body) }
    }

    /// `bytes` has at most `maximumInputLength` bytes.
    private static func withValidCompact<R>(utf8 bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        let longest = Self.longest
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumInputLength) { buffer -> R? in
            // Spaces dropped, letters upper-cased; the byte after the last kept one may be written
            // (a space), which the capacity allows.
            var count = 0
            for byte in bytes {
                let isSpace = byte == UInt8(ascii: " ")
                let isLower = byte &- UInt8(ascii: "a") < 26
                guard isSpace || isLower || isDigit(byte) || isLetter(byte) else { return nil }
                buffer[count] = isLower ? byte &- 32 : byte
                count &+= isSpace ? 0 : 1
                guard count <= longest else { return nil }
            }
            guard count > 4,
                  let format = format(buffer[0], buffer[1]),
                  count == format.length,
                  isDigit(buffer[2]), isDigit(buffer[3])
            else { return nil }
            // Which BBAN positions hold digits (the others hold letters).
            var digits: UInt64 = 0
            for position in 4..<count where isDigit(buffer[position]) { digits |= 1 << UInt64(position - 4) }
            // ISO 7064 mod 97-10 over BBAN + country code + "00" gives the check digits
            // 98 - remainder. Eight characters (at most 16 decimal digits) are taken at a time in
            // 64 bits, then reduced: the same remainder as reducing after every character.
            var accumulator: UInt64 = 0
            var position = 4
            let end = count + 2  // 4..<count, then 0 and 1
            while position < end {
                let chunkEnd = min(position + 8, end)
                while position < chunkEnd {
                    let byte = buffer[position < count ? position : position - count]
                    let digit = isDigit(byte)
                    accumulator = accumulator &* (digit ? 10 : 100)
                        &+ UInt64(byte &- (digit ? UInt8(ascii: "0") : UInt8(ascii: "A") - 10))
                    position += 1
                }
                accumulator %= 97
            }
            // The registered format, position by position (only digits and upper-case letters are left).
            guard format.digits & ~digits == 0, format.letters & digits == 0 else { return nil }
            let check = Int(buffer[2] &- UInt8(ascii: "0")) * 10 + Int(buffer[3] &- UInt8(ascii: "0"))
            let remainder = Int(accumulator) * 100 % 97
            guard check == 98 - remainder else { return nil }
            return body(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// A registered format as bit masks over the BBAN positions (bit 0 is the first).
    struct CompiledFormat {
        var length: Int
        /// Positions that must hold a digit.
        var digits: UInt64
        /// Positions that must hold a letter.
        var letters: UInt64

        init(_ format: Format) {
            length = format.length
            digits = 0
            letters = 0
            // The BBAN has fewer than 64 positions (IBANs have at most 34 characters).
            for (position, kind) in format.bban.enumerated() {
                switch kind {
                case .digit: digits |= 1 << UInt64(position)
                case .letter: letters |= 1 << UInt64(position)
                case .alphanumeric: break
                }
            }
        }
    }

    /// The registered format of the country whose code is the two upper-case ASCII letters
    /// `first`, `second` (the registry, as a table indexed by the letters).
    private static func format(_ first: UInt8, _ second: UInt8) -> CompiledFormat? {
        guard isLetter(first), isLetter(second) else { return nil }
        return formatTable[Int(first &- UInt8(ascii: "A")) * 26 + Int(second &- UInt8(ascii: "A"))]
    }

    /// `registry` indexed by `(first letter) * 26 + (second letter)`.
    private static let formatTable: [CompiledFormat?] = {
        var table = [CompiledFormat?](repeating: nil, count: 26 * 26)
        for (code, format) in registry {
            let letters = Array(code.utf8)
            table[Int(letters[0] &- UInt8(ascii: "A")) * 26 + Int(letters[1] &- UInt8(ascii: "A"))] = CompiledFormat(format)
        }
        return table
    }()

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    /// What one BBAN position may hold.
    enum CharacterClass: Sendable {
        case digit, letter, alphanumeric
    }

    /// A country's registered IBAN format.
    struct Format: Sendable {
        /// Length of the whole IBAN.
        var length: Int
        /// One class per BBAN position; empty when the registry spec could not be read (which
        /// makes every IBAN of the country invalid, and the oracle test fail).
        var bban: [CharacterClass]
        /// Announced by the country but not yet in the official registry.
        var aspirational: Bool

        /// `spec` is the registry's BBAN format, e.g. `4!a6!n8!n`: fixed-length (`!`) runs of `n`
        /// (digits), `a` (upper-case letters) or `c` (letters and digits).
        init(_ length: Int, _ spec: String, aspirational: Bool = false) {
            self.length = length
            self.aspirational = aspirational
            var classes: [CharacterClass] = []
            var count = 0
            var fixed = false
            for byte in spec.utf8 {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9") where !fixed:
                    count = count * 10 + Int(byte &- UInt8(ascii: "0"))
                case UInt8(ascii: "!") where count > 0 && !fixed:
                    fixed = true
                case UInt8(ascii: "n") where fixed, UInt8(ascii: "a") where fixed, UInt8(ascii: "c") where fixed:
                    let kind: CharacterClass = byte == UInt8(ascii: "n") ? .digit : byte == UInt8(ascii: "a") ? .letter : .alphanumeric
                    classes += repeatElement(kind, count: count)
                    count = 0
                    fixed = false
                default:
                    bban = []
                    return
                }
            }
            bban = count == 0 && !fixed && classes.count == length - 4 ? classes : []
        }
    }

    /// The longest registered IBAN.
    private static let longest = registry.values.map(\.length).max() ?? 34

    /// IBAN length and BBAN format per country, from the SWIFT IBAN registry (the data schwifty
    /// 2026.10.1 ships, including its aspirational formats). Territories that use another
    /// country's format (Åland, the French overseas collectivities, the Crown Dependencies) are
    /// listed under their own codes, as the registry does.
    static let registry: [String: Format] = [
    "AD": Format(24, "4!n4!n12!c"),
    "AE": Format(23, "3!n16!n"),
    "AL": Format(28, "8!n16!c"),
    "AO": Format(25, "21!n", aspirational: true),
    "AT": Format(20, "5!n11!n"),
    "AX": Format(18, "3!n11!n"),
    "AZ": Format(28, "4!a20!c"),
    "BA": Format(20, "3!n3!n8!n2!n"),
    "BE": Format(16, "3!n7!n2!n"),
    "BF": Format(28, "2!c22!n", aspirational: true),
    "BG": Format(22, "4!a4!n2!n8!c"),
    "BH": Format(22, "4!a14!c"),
    "BI": Format(27, "5!n5!n11!n2!n"),
    "BJ": Format(28, "2!c22!n", aspirational: true),
    "BL": Format(27, "5!n5!n11!c2!n"),
    "BR": Format(29, "8!c5!n10!n1!c1!c"),
    "BY": Format(28, "4!c4!n16!c"),
    "CF": Format(27, "23!n", aspirational: true),
    "CG": Format(27, "23!n", aspirational: true),
    "CH": Format(21, "5!n12!c"),
    "CI": Format(28, "2!a22!n", aspirational: true),
    "CM": Format(27, "23!n", aspirational: true),
    "CR": Format(22, "4!n14!n"),
    "CV": Format(25, "21!n", aspirational: true),
    "CY": Format(28, "3!n5!n16!c"),
    "CZ": Format(24, "4!n6!n10!n"),
    "DE": Format(22, "8!n10!n"),
    "DJ": Format(27, "23!n"),
    "DK": Format(18, "4!n9!n1!n"),
    "DO": Format(28, "4!c20!n"),
    "DZ": Format(26, "22!n", aspirational: true),
    "EE": Format(20, "2!n2!n11!n1!n"),
    "EG": Format(29, "4!n4!n17!n"),
    "ES": Format(24, "4!n4!n1!n1!n10!n"),
    "FI": Format(18, "3!n11!n"),
    "FK": Format(18, "2!a12!n"),
    "FO": Format(18, "4!n9!n1!n"),
    "FR": Format(27, "5!n5!n11!c2!n"),
    "GA": Format(27, "23!n", aspirational: true),
    "GB": Format(22, "4!a6!n8!n"),
    "GE": Format(22, "2!a16!n"),
    "GF": Format(27, "5!n5!n11!c2!n"),
    "GG": Format(22, "4!a6!n8!n"),
    "GI": Format(23, "4!a15!c"),
    "GL": Format(18, "4!n9!n1!n"),
    "GP": Format(27, "5!n5!n11!c2!n"),
    "GQ": Format(27, "23!n", aspirational: true),
    "GR": Format(27, "3!n4!n16!c"),
    "GT": Format(28, "4!c20!c"),
    "GW": Format(25, "2!c19!n", aspirational: true),
    "HN": Format(28, "4!a20!n"),
    "HR": Format(21, "7!n10!n"),
    "HU": Format(28, "3!n4!n1!n15!n1!n"),
    "IE": Format(22, "4!a6!n8!n"),
    "IL": Format(23, "3!n3!n13!n"),
    "IM": Format(22, "4!a6!n8!n"),
    "IQ": Format(23, "4!a3!n12!n"),
    "IR": Format(26, "22!n", aspirational: true),
    "IS": Format(26, "4!n2!n6!n10!n"),
    "IT": Format(27, "1!a5!n5!n12!c"),
    "JE": Format(22, "4!a6!n8!n"),
    "JO": Format(30, "4!a4!n18!c"),
    "KM": Format(27, "23!n", aspirational: true),
    "KW": Format(30, "4!a22!c"),
    "KZ": Format(20, "3!n13!c"),
    "LB": Format(28, "4!n20!c"),
    "LC": Format(32, "4!a24!c"),
    "LI": Format(21, "5!n12!c"),
    "LT": Format(20, "5!n11!n"),
    "LU": Format(20, "3!n13!c"),
    "LV": Format(21, "4!a13!c"),
    "LY": Format(25, "3!n3!n15!n"),
    "MA": Format(28, "24!n", aspirational: true),
    "MC": Format(27, "5!n5!n11!c2!n"),
    "MD": Format(24, "2!c18!c"),
    "ME": Format(22, "3!n13!n2!n"),
    "MF": Format(27, "5!n5!n11!c2!n"),
    "MG": Format(27, "23!n", aspirational: true),
    "MK": Format(19, "3!n10!c2!n"),
    "ML": Format(28, "2!c22!n", aspirational: true),
    "MN": Format(20, "4!n12!n"),
    "MQ": Format(27, "5!n5!n11!c2!n"),
    "MR": Format(27, "5!n5!n11!n2!n"),
    "MT": Format(31, "4!a5!n18!c"),
    "MU": Format(30, "4!a2!n2!n12!n3!n3!a"),
    "MZ": Format(25, "21!n", aspirational: true),
    "NC": Format(27, "5!n5!n11!c2!n"),
    "NE": Format(28, "2!a22!n", aspirational: true),
    "NI": Format(28, "4!a20!n"),
    "NL": Format(18, "4!a10!n"),
    "NO": Format(15, "4!n6!n1!n"),
    "OM": Format(23, "3!n16!c"),
    "PF": Format(27, "5!n5!n11!c2!n"),
    "PK": Format(24, "4!a16!c"),
    "PL": Format(28, "8!n16!n"),
    "PM": Format(27, "5!n5!n11!c2!n"),
    "PS": Format(29, "4!a21!c"),
    "PT": Format(25, "4!n4!n11!n2!n"),
    "QA": Format(29, "4!a21!c"),
    "RE": Format(27, "5!n5!n11!c2!n"),
    "RO": Format(24, "4!a16!c"),
    "RS": Format(22, "3!n13!n2!n"),
    "RU": Format(33, "9!n5!n15!c"),
    "SA": Format(24, "2!n18!c"),
    "SC": Format(31, "4!a2!n2!n16!n3!a"),
    "SD": Format(18, "2!n12!n"),
    "SE": Format(24, "3!n16!n1!n"),
    "SI": Format(19, "5!n8!n2!n"),
    "SK": Format(24, "4!n6!n10!n"),
    "SM": Format(27, "1!a5!n5!n12!c"),
    "SN": Format(28, "2!a22!n", aspirational: true),
    "SO": Format(23, "4!n3!n12!n"),
    "ST": Format(25, "4!n4!n11!n2!n"),
    "SV": Format(28, "4!a20!n"),
    "TD": Format(27, "23!n", aspirational: true),
    "TF": Format(27, "5!n5!n11!c2!n"),
    "TG": Format(28, "2!a3!n5!n12!n2!n", aspirational: true),
    "TL": Format(23, "3!n14!n2!n"),
    "TN": Format(24, "2!n3!n13!n2!n"),
    "TR": Format(26, "5!n1!n16!c"),
    "UA": Format(29, "6!n19!c"),
    "VA": Format(22, "3!n15!n"),
    "VG": Format(24, "4!a16!n"),
    "WF": Format(27, "5!n5!n11!c2!n"),
    "XK": Format(20, "4!n10!n2!n"),
    "YE": Format(30, "4!a4!n18!c"),
    "YT": Format(27, "5!n5!n11!c2!n"),
    ]
}

// MARK: - Detection

/// Whole-value detection of financial identifiers and contact details.
public enum FinancialIdentifiers {
    /// Values longer than this are refused before anything else.
    public static let maximumInputLength = 4096

    /// The identifiers `text` is, as a whole value (surrounding ASCII whitespace ignored):
    /// - `card` (`.card`, no country): a valid card number of a known brand (a Luhn-valid number
    ///   of no known IIN range, e.g. an IMEI, is not reported),
    /// - `iban` (`.bankAccount`, the IBAN's country),
    /// - `email` and `phone` (`.contact`, no country), see ``ContactDetectors``.
    /// The schemes exclude one another, so there is at most one detection.
    public static func detect(_ text: String) -> [Detection] {
        guard text.utf8.count <= maximumInputLength else { return [] }
        let value = trimmed(text)
        var detections: [Detection] = []
        if PaymentCard.brand(value) != nil {
            detections.append(Detection(scheme: "card", category: .card, country: nil))
        }
        if let country = IBAN.country(value) {
            detections.append(Detection(scheme: "iban", category: .bankAccount, country: country))
        }
        if ContactDetectors.isEmail(value) {
            detections.append(Detection(scheme: "email", category: .contact, country: nil))
        }
        if ContactDetectors.isPhone(value) {
            detections.append(Detection(scheme: "phone", category: .contact, country: nil))
        }
        return detections
    }

    /// `detect(text).first`, without running the detectors after the first that matches.
    static func firstDetection(_ text: String) -> Detection? {
        guard text.utf8.count <= maximumInputLength else { return nil }
        let value = trimmed(text)
        if PaymentCard.brand(value) != nil {
            return Detection(scheme: "card", category: .card, country: nil)
        }
        if let country = IBAN.country(value) {
            return Detection(scheme: "iban", category: .bankAccount, country: country)
        }
        if ContactDetectors.isEmail(value) {
            return Detection(scheme: "email", category: .contact, country: nil)
        }
        if ContactDetectors.isPhone(value) {
            return Detection(scheme: "phone", category: .contact, country: nil)
        }
        return nil
    }

    /// `text` without leading and trailing spaces, tabs, carriage returns and line feeds.
    static func trimmed(_ text: String) -> String {
        func isSpace(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
        }
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
              let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// Whole-value detectors for contact details: email addresses and international phone numbers.
/// Both work on the UTF-8 bytes of the value, refuse over-long input before reading it, and are
/// linear in the length of the input.
public enum ContactDetectors {
    /// Longer values are refused as email addresses without being read (RFC 3696 errata: 64 + 1 + 255).
    public static let maximumEmailLength = 320
    /// Longer values are refused as phone numbers without being read.
    public static let maximumPhoneLength = 64

    /// Whether `value` is an email address in a practical subset of RFC 5322 `addr-spec`:
    /// - a local part of 1–64 characters: a dot-atom, i.e. runs of `atext` (ASCII letters, digits and
    ///   ``!#$%&'*+-/=?^_`{|}~``) separated by single dots, with no dot at either end;
    /// - one `@`;
    /// - a domain of at most 255 characters: at least two labels separated by single dots, each of 1–63
    ///   ASCII letters, digits and hyphens, not starting or ending with a hyphen, the last (the TLD)
    ///   of at least two letters only.
    ///
    /// Not accepted: quoted local parts, comments, folding white space, address literals
    /// (`user@[192.0.2.1]`), a trailing dot on the domain, internationalised addresses (UTF-8 local
    /// parts or domains, RFC 6531) and punycode TLDs (`xn--…`).
    public static func isEmail(_ value: String) -> Bool {
        let bytes = value.utf8
        guard bytes.count <= maximumEmailLength else { return false }
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at]
        let domain = bytes[bytes.index(after: at)...]
        return isDotAtom(local) && isDomain(domain)
    }

    /// Whether `value` is a phone number in international (E.164) form: `+`, then 8–15 digits of
    /// which the first is 1–9. Digits may be grouped with single spaces, hyphens or dots, and one group
    /// may be in parentheses (`+1 (555) 010-0199`, `+1(555)010-0199`, `+44 20 7946 0958`,
    /// `+49.30.1234567`). The value starts with `+` and a digit and ends with a digit or `)`; a digit
    /// in parentheses counts like any other (`+44 (0)20 7946 0958` has 13 digits).
    ///
    /// National formats (`020 7946 0958`, `(555) 010-0199`), `00` international prefixes, extensions
    /// and letters are out of scope and not accepted; the digit count is not checked against the
    /// numbering plan of the country code.
    public static func isPhone(_ value: String) -> Bool {
        let bytes = value.utf8
        guard bytes.count <= maximumPhoneLength else { return false }
        var iterator = bytes.makeIterator()
        guard iterator.next() == UInt8(ascii: "+"), let first = iterator.next(),
              (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(first)
        else { return false }
        var digits = 1
        // What the previous character was.
        enum Previous { case digit, separator, open, close }
        var previous = Previous.digit
        var usedParentheses = false
        var inParentheses = false
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                guard digits <= 15 else { return false }
                previous = .digit
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."):
                guard !inParentheses, previous == .digit || previous == .close else { return false }
                previous = .separator
            case UInt8(ascii: "("):
                guard !usedParentheses, previous == .digit || previous == .separator else { return false }
                usedParentheses = true
                inParentheses = true
                previous = .open
            case UInt8(ascii: ")"):
                guard inParentheses, previous == .digit else { return false }
                inParentheses = false
                previous = .close
            default:
                return false
            }
        }
        return !inParentheses && (previous == .digit || previous == .close) && digits >= 8
    }

    private static func isDotAtom(_ local: Substring.UTF8View) -> Bool {
        guard (1...64).contains(local.count) else { return false }
        var afterDot = true  // no dot at the start
        for byte in local {
            if byte == UInt8(ascii: ".") {
                guard !afterDot else { return false }
                afterDot = true
            } else {
                guard isAtext(byte) else { return false }
                afterDot = false
            }
        }
        return !afterDot
    }

    private static func isAtext(_ byte: UInt8) -> Bool {
        if isLetter(byte) || isDigit(byte) { return true }
        switch byte {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
             UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
             UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func isDomain(_ domain: Substring.UTF8View) -> Bool {
        guard (1...255).contains(domain.count) else { return false }
        var labels = 0
        var labelLength = 0
        var labelAllLetters = true
        var previous: UInt8 = UInt8(ascii: ".")
        for byte in domain {
            if byte == UInt8(ascii: ".") {
                guard labelLength > 0, previous != UInt8(ascii: "-") else { return false }
                labels += 1
                labelLength = 0
                labelAllLetters = true
            } else {
                guard isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "-") else { return false }
                guard byte != UInt8(ascii: "-") || labelLength > 0 else { return false }
                labelLength += 1
                guard labelLength <= 63 else { return false }
                labelAllLetters = labelAllLetters && isLetter(byte)
            }
            previous = byte
        }
        // The last label is the TLD: at least two letters.
        return labels >= 1 && labelLength >= 2 && labelAllLetters
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// An active ISO 4217 currency with its number of minor-unit digits.
///
/// Only currencies in circulation are accepted; fund codes without minor units
/// (precious metals, testing codes, SDR) are not currencies a payment can be made in.
public struct Currency: Hashable, Sendable, CustomStringConvertible {
    /// The three-letter alphabetic code, e.g. `EUR`.
    public let code: String
    /// Digits after the decimal separator: 2 for EUR, 0 for JPY, 3 for KWD.
    public let minorUnits: Int

    /// Looks up an active ISO 4217 code (upper case); `nil` if unknown.
    public init?(code: String) {
        guard let digits = Currency.table[code] else { return nil }
        self.code = code
        self.minorUnits = digits
    }

    public var description: String { code }

    /// Every active code.
    public static var allCodes: [String] { table.keys.sorted() }

    // ISO 4217 list one (active codes), with minor units. Codes not listed have 2 digits.
    private static let zeroDigit: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
    ]
    private static let threeDigit: Set<String> = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]
    private static let fourDigit: Set<String> = ["CLF", "UYW"]
    private static let codes = """
        AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF \
        CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP \
        GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT \
        LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR \
        NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN \
        SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF \
        XCD XCG XOF XPF YER ZAR ZMW ZWG
        """
    private static let table: [String: Int] = {
        var table: [String: Int] = [:]
        for code in codes.split(separator: " ") {
            let code = String(code)
            table[code] = zeroDigit.contains(code) ? 0 : threeDigit.contains(code) ? 3 : fourDigit.contains(code) ? 4 : 2
        }
        return table
    }()
}

/// An amount of money: integer minor units and a currency. Never a floating-point number.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    /// The largest amount accepted, in minor units (10^15: a quadrillion cents is beyond any single payment).
    public static let maxMinor: Int64 = 1_000_000_000_000_000

    /// Amount in minor units (cents for EUR); always positive for a payment.
    public let minor: Int64
    /// The currency.
    public let currency: Currency

    public init(minor: Int64, currency: Currency) {
        self.minor = minor
        self.currency = currency
    }

    /// Converts a whole number of major units (e.g. 10 000 EUR) into minor units, saturating at ``maxMinor``.
    public static func minorUnits(major: Int64, currency: Currency) -> Int64 {
        var value = major
        for _ in 0..<currency.minorUnits {
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow || product > maxMinor { return maxMinor }
            value = product
        }
        return value
    }

    /// The amount formatted with its decimal point, e.g. `123.45 EUR`.
    public var description: String {
        let digits = currency.minorUnits
        guard digits > 0 else { return "\(minor) \(currency.code)" }
        var divisor: Int64 = 1
        for _ in 0..<digits { divisor *= 10 }
        let whole = minor / divisor
        let fraction = String(minor % divisor)
        let padded = String(repeating: "0", count: digits - fraction.count) + fraction
        return "\(whole).\(padded) \(currency.code)"
    }
}

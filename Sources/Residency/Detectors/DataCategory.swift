// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// What kind of data a value is, for residency and transfer rules.
public enum DataCategory: String, Sendable, Hashable, Codable, CaseIterable {
    /// Names, dates of birth, addresses: who a person is.
    case identity
    /// Government identifiers: national ID numbers, passports, tax numbers.
    case nationalID = "national_id"
    /// Payment card numbers.
    case card
    /// Bank account numbers and IBANs.
    case bankAccount = "bank_account"
    /// Amounts, counterparties, times of payments.
    case transaction
    /// Email addresses and phone numbers.
    case contact
    /// Devices, IP addresses, behaviour profiles.
    case behavioural
    /// Anything that may go anywhere.
    case `public`
}

/// A value recognised by a content detector: which identifier scheme, which category, and where
/// (for national identifiers) it was issued.
public struct Detection: Sendable, Hashable {
    /// Stable name of the scheme, e.g. `cn.ric`, `in.aadhaar`, `card`, `iban`, `email`.
    public var scheme: String
    public var category: DataCategory
    /// ISO 3166-1 alpha-2 code of the issuing country, when the scheme has one.
    public var country: String?

    public init(scheme: String, category: DataCategory, country: String?) {
        self.scheme = scheme
        self.category = category
        self.country = country
    }
}

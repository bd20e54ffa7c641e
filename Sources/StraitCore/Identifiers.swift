// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// A validated identifier token: 1–128 characters of `A–Z a–z 0–9 . _ : -`.
///
/// Identifiers arrive from clients (transaction ids, party ids) and end up in URLs, logs and
/// database keys, so they are restricted to a character set that needs no escaping anywhere.
public struct IdentifierToken: Sendable {
    /// Maximum length of an identifier, in characters.
    public static let maxLength = 128

    /// Whether `value` is a well-formed identifier.
    public static func isValid(_ value: String) -> Bool {
        let utf8 = value.utf8
        guard !utf8.isEmpty, utf8.count <= maxLength else { return false }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: ":"), UInt8(ascii: "-"):
                continue
            default:
                return false
            }
        }
        return true
    }
}

/// The client-chosen identifier of a transaction; also its idempotency key.
public struct TransactionID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    /// Creates an identifier if `rawValue` is a valid ``IdentifierToken``.
    public init?(rawValue: String) {
        guard IdentifierToken.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }
    public var description: String { rawValue }
}

/// The identifier of a party (customer or counterparty) in the fintech's own systems.
public struct PartyID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    /// Creates an identifier if `rawValue` is a valid ``IdentifierToken``.
    public init?(rawValue: String) {
        guard IdentifierToken.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }
    public var description: String { rawValue }
}

/// An account reference: an IBAN, a local account number or a wallet id (1–64 printable ASCII characters).
public struct AccountReference: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    /// Creates a reference if `rawValue` is 1–64 printable ASCII characters without spaces.
    public init?(rawValue: String) {
        let utf8 = rawValue.utf8
        guard !utf8.isEmpty, utf8.count <= 64, utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        self.rawValue = rawValue
    }
    public var description: String { rawValue }
}

/// The name of a Strait region (one node and its store), such as `local`, `eu-west` or `sg`.
public struct RegionID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    /// Creates a region id if `rawValue` is 1–32 characters of lower-case letters, digits and `-`, starting with a letter.
    public init?(rawValue: String) {
        let utf8 = Array(rawValue.utf8)
        guard let first = utf8.first, utf8.count <= 32, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first),
            utf8.allSatisfy({
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || $0 == UInt8(ascii: "-")
            })
        else { return nil }
        self.rawValue = rawValue
    }
    public var description: String { rawValue }
}

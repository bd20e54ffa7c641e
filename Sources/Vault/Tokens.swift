// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Crypto
import StraitCore

/// How a value is replaced by a token.
public enum TokenKind: String, Sendable, Hashable, CaseIterable {
    /// 128 random bits (`tok_…`): a new token every time, nothing to learn from it. The default.
    case random
    /// A keyed hash of the value (`dtk_…`): the same value always gets the same token, so tokens
    /// can be joined and counted without the values (accounts in payments, for monitoring).
    case deterministic
    /// Format-preserving for payment cards: the same length, the first six and last four digits
    /// kept, the middle replaced, Luhn-valid; never the card it stands for nor any card the vault
    /// holds. Deterministic, so a card keeps its token.
    case card
}

/// Makes tokens and blind indexes from a key ring.
public struct Tokenizer: Sendable {
    /// HMACs keyed once; each use copies one (the hash states are copy-on-write).
    private let tokenMAC: HMAC<SHA256>
    private let blindIndexMAC: HMAC<SHA256>

    public init(ring: VaultKeyRing) {
        self.tokenMAC = HMAC<SHA256>(key: ring.tokenKey)
        self.blindIndexMAC = HMAC<SHA256>(key: ring.blindIndexKey)
    }

    private static func mac(_ keyed: HMAC<SHA256>, _ message: String) -> [UInt8] {
        var mac = keyed
        var message = message
        message.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        return Array(mac.finalize())
    }

    /// The form of a value that tokens and indexes are computed on: trimmed; e-mail addresses
    /// lower-cased; card and national ID numbers without spaces, hyphens and dots, upper-cased.
    public static func normalise(_ value: String, category: String) -> String {
        let trimmed = value.trimmingWhitespace()
        switch category {
        case "contact" where trimmed.contains("@"): return trimmed.lowercased()
        case "card", "national_id", "bank_account":
            return String(trimmed.filter { $0 != " " && $0 != "-" && $0 != "." }).uppercased()
        default: return trimmed
        }
    }

    /// A random token: `tok_` and 26 base32 characters (128 bits).
    public func random() -> String {
        // BoringSSL's generator (seeded by the kernel) rather than a system call per 8 bytes.
        let bytes = SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }
        return "tok_" + Base32.encode(bytes)
    }

    /// The deterministic token of a normalised value: `dtk_` and 26 base32 characters.
    /// `attempt` > 0 gives the next candidate when a token collides with another value's.
    public func deterministic(_ normalised: String, category: String, attempt: Int = 0) -> String {
        let mac = Self.mac(tokenMAC, "token|\(category)|\(attempt)|\(normalised)")
        return "dtk_" + Base32.encode(Array(mac.prefix(16)))
    }

    /// The blind index of a normalised value: hex HMAC-SHA-256 truncated to 128 bits. Exact-match
    /// search without decrypting; computed per category so equal strings in different roles differ.
    public func blindIndex(_ normalised: String, category: String) -> String {
        let mac = Self.mac(blindIndexMAC, "bidx|\(category)|\(normalised)")
        return Hex.encode(Array(mac.prefix(16)))
    }

    /// A format-preserving card token, or `nil` if `pan` is not 12–19 digits.
    ///
    /// Keeps the first six and last four digits; the middle digits come from a keyed hash of the
    /// number (and `attempt`), and the last middle digit is chosen so that the token passes Luhn.
    /// A candidate equal to the card itself is skipped, so a token is never its card.
    public func card(_ pan: String, attempt: Int = 0) -> String? {
        let digits = pan.utf8.map { Int($0) - 48 }
        guard (12...19).contains(digits.count), digits.allSatisfy({ (0...9).contains($0) }) else { return nil }
        var round = attempt
        while true {
            let candidate = Self.cardCandidate(digits, stream: cardStream(pan, attempt: round))
            if candidate != digits { return String(candidate.map { Character(Unicode.Scalar(UInt8($0 + 48))) }) }
            round += 1
        }
    }

    private func cardStream(_ pan: String, attempt: Int) -> [UInt8] {
        Self.mac(tokenMAC, "card|\(attempt)|\(pan)")
    }

    /// The middle digits from `stream` (bytes ≥ 250 skipped, so each digit is uniform), Luhn fixed.
    static func cardCandidate(_ digits: [Int], stream: [UInt8]) -> [Int] {
        var out = digits
        let fix = digits.count - 5  // fifth from the right: not doubled by Luhn
        var source = stream.makeIterator()
        for position in 6..<fix {
            var byte = source.next() ?? 0
            while byte >= 250 { byte = source.next() ?? 0 }
            out[position] = Int(byte % 10)
        }
        out[fix] = 0
        var sum = 0
        for (offset, digit) in out.reversed().enumerated() {
            if offset % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        out[fix] = (10 - sum % 10) % 10
        return out
    }

    /// Whether a string is a token this vault format produces (`tok_`, `dtk_`, or digits).
    public static func looksLikeToken(_ text: String) -> Bool {
        (text.hasPrefix("tok_") || text.hasPrefix("dtk_")) && text.utf8.count == 30
    }
}

/// RFC 4648 base32, lower case, no padding.
enum Base32 {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

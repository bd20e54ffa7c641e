// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Crypto
public import Foundation

/// Hex encoding helpers for digests and random tokens.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Lower-case hexadecimal encoding of `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes lower- or upper-case hexadecimal; `nil` if `string` is not valid hex.
    public static func decode(_ string: String) -> [UInt8]? {
        let utf8 = Array(string.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension SHA256 {
    /// Lower-case hex SHA-256 of `data`.
    public static func hexDigest(_ data: some DataProtocol) -> String {
        Hex.encode(SHA256.hash(data: data))
    }

    /// Lower-case hex SHA-256 of the UTF-8 bytes of `string`.
    public static func hexDigest(_ string: String) -> String {
        Hex.encode(SHA256.hash(data: Array(string.utf8)))
    }
}

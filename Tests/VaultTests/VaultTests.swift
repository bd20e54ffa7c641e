// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
import Foundation
import Testing
@testable import Vault

@Suite("Vault: keys, envelope encryption, tokens")
struct VaultTests {
    static func provider(_ ids: [String] = ["mk-1"]) throws -> LocalKeyProvider {
        try LocalKeyProvider(keys: ids.map { ($0, (0..<32).map { _ in UInt8.random(in: 0...255) }) })
    }

    static func ring(_ provider: LocalKeyProvider, region: String = "eu-fra") async throws -> (VaultKeyRing, [WrappedKey]) {
        let keys = [
            try await VaultKeyRing.makeKey(purpose: .data, provider: provider, region: region, at: "2026-11-27T00:00:00.000Z"),
            try await VaultKeyRing.makeKey(purpose: .index, provider: provider, region: region, at: "2026-11-27T00:00:00.000Z"),
        ]
        return (try await VaultKeyRing.load(keys, provider: provider, region: region), keys)
    }

    @Test("key files: the last key is current; bad lines, sizes and repeated ids are refused without echoing a key")
    func keyFiles() throws {
        let a = Data(repeating: 1, count: 32).base64EncodedString()
        let b = Data(repeating: 2, count: 32).base64EncodedString()
        let provider = try LocalKeyProvider.parse("# comment\nmk-1 \(a)\n\nmk-2 \(b)\n")
        #expect(provider.currentMasterKeyID == "mk-2")
        #expect(provider.masterKeyIDs == ["mk-1", "mk-2"])
        #expect(try LocalKeyProvider.parse("mk-1:\(a);mk-2:\(b)").currentMasterKeyID == "mk-2")
        let short = Data(repeating: 3, count: 16).base64EncodedString()
        for (text, code) in [("", "invalid_master_key"), ("mk-1", "invalid_master_key"), ("mk-1 \(short)", "invalid_master_key"), ("mk-1 \(a)\nmk-1 \(b)", "invalid_master_key"), ("bad id \(a)", "invalid_master_key")] {
            do {
                _ = try LocalKeyProvider.parse(text)
                Issue.record("accepted \(text.debugDescription)")
            } catch {
                #expect(error.code == code)
                #expect(!error.message.contains(a) && !error.message.contains(short))
            }
        }
    }

    @Test("a wrapped key opens only under its master key, region, id and purpose")
    func wrapping() async throws {
        let k1: [UInt8] = (0..<32).map { _ in UInt8.random(in: 0...255) }
        let provider = try LocalKeyProvider(keys: [("mk-1", k1)])
        let (_, keys) = try await Self.ring(provider)
        let data = keys[0]
        _ = try await provider.unwrap(data.sealed, masterKeyID: data.masterKeyID, context: VaultKeyRing.context(region: "eu-fra", id: data.id, purpose: .data))
        for context in [
            VaultKeyRing.context(region: "hk", id: data.id, purpose: .data), VaultKeyRing.context(region: "eu-fra", id: "dk_other", purpose: .data),
            VaultKeyRing.context(region: "eu-fra", id: data.id, purpose: .index),
        ] {
            await #expect(throws: VaultError.self) { _ = try await provider.unwrap(data.sealed, masterKeyID: data.masterKeyID, context: context) }
        }
        await #expect(throws: VaultError.self) { _ = try await Self.provider().unwrap(data.sealed, masterKeyID: data.masterKeyID, context: VaultKeyRing.context(region: "eu-fra", id: data.id, purpose: .data)) }
        // Re-wrapping under a new master key keeps the key and drops the dependency on the old master key.
        let both = try LocalKeyProvider(keys: [("mk-1", k1), ("mk-2", Array(repeating: 9, count: 32))])
        let rewrapped = try await VaultKeyRing.rewrap(data, provider: both, region: "eu-fra")
        #expect(rewrapped.masterKeyID == "mk-2" && rewrapped.id == data.id && rewrapped.sealed != data.sealed)
        let onlyNew = try LocalKeyProvider(keys: [("mk-2", Array(repeating: 9, count: 32))])
        let context = VaultKeyRing.context(region: "eu-fra", id: data.id, purpose: .data)
        let before = try await provider.unwrap(data.sealed, masterKeyID: "mk-1", context: context)
        let after = try await onlyNew.unwrap(rewrapped.sealed, masterKeyID: "mk-2", context: context)
        #expect(before == after)
    }

    @Test("values are sealed with AES-256-GCM bound to their token; a moved or altered ciphertext does not open")
    func sealing() async throws {
        let (ring, _) = try await Self.ring(try LocalKeyProvider(keys: [("mk-1", Array(repeating: 7, count: 32))]))
        let plaintext = Array("Élodie Martin".utf8)
        let sealed = try ring.seal(plaintext, context: Array("tok_a".utf8))
        #expect(sealed.count == 2 + ring.activeDataKeyID.utf8.count + 12 + plaintext.count + 16)
        #expect(sealed.firstRange(of: plaintext) == nil)
        #expect(try ring.open(sealed, context: Array("tok_a".utf8)) == plaintext)
        #expect(throws: VaultError.self) { try ring.open(sealed, context: Array("tok_b".utf8)) }
        var altered = sealed
        altered[altered.count - 1] ^= 1
        #expect(throws: VaultError.self) { try ring.open(altered, context: Array("tok_a".utf8)) }
        // Two seals of one value differ (random nonces).
        #expect(try ring.seal(plaintext, context: Array("tok_a".utf8)) != sealed)
    }

    @Test("card tokens keep the first six and last four digits, pass Luhn, never equal the card, and are stable", arguments: [12, 13, 14, 15, 16, 17, 18, 19])
    func cardTokens(length: Int) async throws {
        let (ring, _) = try await Self.ring(try LocalKeyProvider(keys: [("mk-1", Array(repeating: 5, count: 32))]))
        let tokenizer = Tokenizer(ring: ring)
        var generator = SystemRandomNumberGenerator()
        var distinct: Set<String> = []
        for _ in 0..<500 {
            var digits = (0..<(length - 1)).map { _ in Int.random(in: 0...9, using: &generator) }
            digits[0] = Int.random(in: 1...9, using: &generator)
            digits.append(Self.luhnCheckDigit(digits))
            let pan = digits.map(String.init).joined()
            let token = try #require(tokenizer.card(pan))
            #expect(token.count == pan.count)
            #expect(token.prefix(6) == pan.prefix(6) && token.suffix(4) == pan.suffix(4))
            #expect(Self.luhnValid(token), "\(token) fails Luhn")
            #expect(token != pan)
            #expect(tokenizer.card(pan) == token)
            #expect(tokenizer.card(pan, attempt: 1) != nil)
            distinct.insert(token)
        }
        if length >= 14 { #expect(distinct.count > 450) }
        #expect(tokenizer.card("4111-1111") == nil)
        #expect(tokenizer.card("41111111111111111111") == nil)
    }

    @Test("deterministic tokens and blind indexes are keyed, stable and normalised; random tokens are 128 bits")
    func deterministic() async throws {
        let (ring, _) = try await Self.ring(try LocalKeyProvider(keys: [("mk-1", Array(repeating: 4, count: 32))]))
        let (other, _) = try await Self.ring(try LocalKeyProvider(keys: [("mk-1", Array(repeating: 4, count: 32))]))
        let tokenizer = Tokenizer(ring: ring)
        let email = Tokenizer.normalise("  Alice@Example.COM ", category: "contact")
        #expect(email == "alice@example.com")
        #expect(Tokenizer.normalise("4111 1111-1111 1111", category: "card") == "4111111111111111")
        let token = tokenizer.deterministic(email, category: "contact")
        #expect(token == tokenizer.deterministic("alice@example.com", category: "contact"))
        #expect(token != tokenizer.deterministic(email, category: "identity"))
        #expect(token != tokenizer.deterministic(email, category: "contact", attempt: 1))
        // Another region's index key (a fresh key) gives other tokens and indexes.
        #expect(Tokenizer(ring: other).deterministic(email, category: "contact") != token)
        #expect(Tokenizer(ring: other).blindIndex(email, category: "contact") != tokenizer.blindIndex(email, category: "contact"))
        #expect(tokenizer.blindIndex(email, category: "contact").count == 32)
        #expect(token.hasPrefix("dtk_") && token.count == 30 && Tokenizer.looksLikeToken(token))
        let random = tokenizer.random()
        #expect(random.hasPrefix("tok_") && random.count == 30 && random != tokenizer.random())
    }

    @Test("base32 follows RFC 4648 (lower case, no padding)")
    func base32() {
        for (input, output) in [("", ""), ("f", "my"), ("fo", "mzxq"), ("foo", "mzxw6"), ("foob", "mzxw6yq"), ("fooba", "mzxw6ytb"), ("foobar", "mzxw6ytboi")] {
            #expect(Base32.encode(Array(input.utf8)) == output)
        }
    }

    static func luhnCheckDigit(_ digits: [Int]) -> Int {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            if offset % 2 == 0 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return (10 - sum % 10) % 10
    }

    static func luhnValid(_ text: String) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        return luhnCheckDigit(Array(digits.dropLast())) == digits.last
    }
}

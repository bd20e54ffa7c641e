// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Ledger
import Residency
import StraitCore
import StraitStore
import Testing
import Vault

/// The regional vault and the transfer register on every store kind.
@Suite("Vault and transfer register (every store)")
struct VaultStoreTests {
    static let masterKey: [UInt8] = Array(repeating: 0x42, count: 32)
    static let purposes: Set<String> = ["fraud-investigation", "customer-support"]

    static func vault(
        _ store: any StraitStore, provider: LocalKeyProvider? = nil, rate: Double = 1_000_000, catalogue: JurisdictionCatalogue? = nil
    ) throws -> RegionalVault {
        RegionalVault(
            home: RegionIdentity(region: "eu-fra", jurisdiction: "EU", country: "DE"), store: store,
            provider: try provider ?? LocalKeyProvider(keys: [("mk-1", masterKey)]), catalogue: try catalogue ?? JurisdictionCatalogue.bundled(),
            purposes: purposes, detokeniseRatePerSecond: rate, now: { Timestamp(epochMilliseconds: 1_795_741_200_000) }
        )
    }

    @Test("tokenise and detokenise: card, deterministic and random tokens; the ledger records who and why", arguments: StoreKind.available)
    func tokens(kind: StoreKind) async throws {
        try await kind.with { store in
            let vault = try Self.vault(store)
            try await vault.start()
            let values = try await vault.tokenise([
                TokeniseItem(value: "4526 0181 5908 3012"), TokeniseItem(value: "alice@example.com", kind: .deterministic),
                TokeniseItem(value: "DE89370400440532013000"), TokeniseItem(value: "DE89370400440532013000"),
            ])
            #expect(values.map(\.kind) == [.card, .deterministic, .random, .random])
            #expect(values.map(\.category) == [.card, .contact, .bankAccount, .bankAccount])
            #expect(values[0].token.hasPrefix("452601") && values[0].token.hasSuffix("3012") && values[0].token.count == 16)
            #expect(values[2].token != values[3].token)
            let again = try await vault.tokenise([TokeniseItem(value: "ALICE@example.com ", kind: .deterministic), TokeniseItem(value: "4526018159083012")])
            #expect(again[0].token == values[1].token && again[1].token == values[0].token)
            let head = try await store.auditHead().size
            let (revealed, transfer) = try await vault.detokenise(values.map(\.token) + ["tok_missing"], actor: "key_a", purpose: "fraud-investigation", recipient: nil)
            #expect(transfer == nil)
            #expect(revealed.map(\.value) == ["4526 0181 5908 3012", "alice@example.com", "DE89370400440532013000", "DE89370400440532013000", nil])
            #expect(revealed.last?.withheld?.code == "not_found")
            let events = try await store.auditEvents(from: head, limit: 10)
            #expect(events.count == 1 && events[0].type == .vaultDetokenised && events[0].actor == "key_a")
            #expect(events[0].payload.contains("\"purpose\":\"fraud-investigation\"") && !events[0].payload.contains("alice"))
            // Search by blind index, without decrypting.
            let found = try await vault.search(category: .contact, value: "Alice@Example.com", limit: 10)
            #expect(found.map(\.token) == [values[1].token])
            // Purposes are declared; detokenising is rate-limited per caller.
            await #expect(throws: ResidencyError.self) { _ = try await vault.detokenise([values[0].token], actor: "key_a", purpose: "marketing", recipient: nil) }
            await #expect(throws: ResidencyError.self) { _ = try await vault.detokenise([values[0].token], actor: "key_a", purpose: "", recipient: nil) }
            let slow = try Self.vault(store, rate: 2)
            try await slow.start()
            _ = try await slow.detokenise([values[0].token, values[1].token], actor: "key_b", purpose: "customer-support", recipient: nil)
            _ = try await slow.detokenise([values[0].token, values[1].token], actor: "key_b", purpose: "customer-support", recipient: nil)
            // The burst (4 values) is spent; the bucket refills 2 values a second, so a few more calls
            // may pass on a slow machine, but limiting must follow.
            var limited: ResidencyError?
            var passed = 0
            for _ in 0..<20 {
                do {
                    _ = try await slow.detokenise([values[0].token], actor: "key_b", purpose: "customer-support", recipient: nil)
                    passed += 1
                } catch let error as ResidencyError {
                    limited = error
                    break
                }
            }
            #expect(limited?.code == .rateLimited && (limited?.retryAfterSeconds ?? 0) >= 1, "not limited after the burst and \(passed) more values")
            _ = try await slow.detokenise([values[0].token], actor: "key_c", purpose: "customer-support", recipient: nil)
        }
    }

    @Test("records: sensitive fields sealed, tokens in the template, disclosed per the catalogue to other regions, registered and ledgered", arguments: StoreKind.available)
    func records(kind: StoreKind) async throws {
        try await kind.with { store in
            let vault = try Self.vault(store)
            try await vault.start()
            let data = try JSONParser.parse(Array(#"{"name":"Élodie Martin","email":"elodie@example.fr","tier":"gold","accounts":[{"iban":"FR7630006000011234567890189"}],"nationalId":"960189555979"}"#.utf8))
            let stored = try await vault.store(record: data, id: "cust-1", subject: "cust-1")
            let template = stored.data.serialized
            for value in ["Élodie", "elodie@", "FR763000", "960189555979"] { #expect(!template.contains(value)) }
            #expect(template.contains("\"tier\":\"gold\""))
            #expect(stored.fields.count == 4)
            await #expect(throws: ResidencyError.self) { _ = try await vault.store(record: data, id: "cust-1", subject: nil) }
            // At home: everything in clear, recorded.
            let local = try await vault.read(record: "cust-1", actor: "key_a", purpose: "customer-support", recipient: nil)
            #expect(local.data == data && local.transfer == nil)
            // To Hong Kong without safeguards: tokens only; with SCCs: in clear. Both registered with their ledger entry.
            let bare = try await vault.read(record: "cust-1", actor: "node:hk", purpose: "customer-support", recipient: Recipient(region: "hk", country: "HK", mechanisms: []))
            #expect(bare.fields.allSatisfy { $0.form == .token && $0.rule == "eu.default" })
            #expect(!bare.data.serialized.contains("Élodie"))
            let withSCC = try await vault.read(
                record: "cust-1", actor: "node:hk", purpose: "customer-support", recipient: Recipient(region: "hk", country: "HK", mechanisms: ["scc-2021/914-module-1"])
            )
            #expect(withSCC.data == data)
            // To a country of the EEA: free movement.
            let inside = try await vault.read(record: "cust-1", actor: "node:nl", purpose: "customer-support", recipient: Recipient(region: "nl", country: "NL", mechanisms: []))
            #expect(inside.fields.allSatisfy { $0.form == .clear && $0.rule == "eu.internal" })
            let register = try await store.transferRegister(TransferRegisterQuery())
            #expect(register.map(\.outcome) == ["allow_tokenised_only", "allow", "allow"])
            #expect(register.map(\.toRegion) == ["hk", "hk", "nl"])
            for entry in register {
                let index = try #require(entry.auditIndex)
                let event = try #require(try await store.auditEvents(from: index, limit: 1).first)
                #expect(event.type == .transferDecided && event.subject == entry.id && event.payload == entry.canonicalJSON)
            }
            #expect(try await store.transferRegister(TransferRegisterQuery(toRegion: "nl")).count == 1)
            #expect(try await store.transferRegister(TransferRegisterQuery(after: register[0].id, limit: 1)).map(\.id) == [register[1].id])
            // Detokenising to Hong Kong without safeguards: denied, naming the rule, registered as denied.
            let card = try await vault.tokenise([TokeniseItem(value: "4526018159083012")])[0].token
            let (denied, transfer) = try await vault.detokenise([card], actor: "node:hk", purpose: "fraud-investigation", recipient: Recipient(region: "hk", country: "HK", mechanisms: []))
            #expect(denied[0].value == nil && denied[0].withheld?.code == "transfer_denied" && denied[0].withheld?.rule == "eu.default")
            #expect(transfer?.outcome == "deny")
            // Sending data out in clear: decided and registered before it leaves; refused when the rule says no.
            await #expect(throws: ResidencyError.self) {
                try await vault.authoriseExport(operation: "tokenise", actor: "key_a", purpose: "p", categories: [.card], recipient: Recipient(region: "hk", country: "HK", mechanisms: []), values: 1)
            }
            #expect(try await store.transferRegister(TransferRegisterQuery(outcome: "deny")).count == 2)

            // Compliance drift: the SCC route is withdrawn in a new catalogue version.
            var next = try JurisdictionCatalogue.bundled()
            next.version = "2099.1.0"
            next.rules = next.rules.map { rule in
                guard rule.id == "eu.default" else { return rule }
                var withdrawn = rule
                withdrawn.outcome = .deny
                withdrawn.mechanisms = []
                return withdrawn
            }
            let drift = try await vault.drift(under: next)
            // The clear disclosure to hk under SCCs now breaks the rule; tokens-only and intra-EEA transfers do not.
            #expect(Set(drift.map(\.transferID)) == [register[1].id], "\(drift)")
            #expect(drift.allSatisfy { $0.was == "allow" && $0.now == "deny" && $0.rule == "eu.default" && $0.recordID == "cust-1" })
            #expect(drift.count == 4)

            // Consent on record: the subject's explicit consent (GDPR Art. 49(1)(a)) lets their record go without safeguards.
            _ = try await vault.store(record: data, id: "cust-2", subject: "cust-2", mechanisms: ["art49-explicit-consent"])
            let consented = try await vault.read(
                record: "cust-2", actor: "node:hk", purpose: "customer-support", recipient: Recipient(region: "hk", country: "HK", mechanisms: [])
            )
            #expect(consented.data == data)
            #expect(consented.transfer?.mechanisms == ["art49-explicit-consent"] && consented.transfer?.outcome == "allow")
            await #expect(throws: ResidencyError.self) { _ = try await vault.store(record: data, id: "cust-3", subject: nil, mechanisms: ["has space"]) }
        }
    }

    @Test("rotation re-wraps every key under the new master key without downtime; old values stay readable everywhere", arguments: StoreKind.available)
    func rotation(kind: StoreKind) async throws {
        try await kind.with { store in
            let oldKey = Self.masterKey
            let newKey: [UInt8] = Array(repeating: 0x17, count: 32)
            let first = try Self.vault(store)
            try await first.start()
            let before = try await first.tokenise([TokeniseItem(value: "jonas@example.de", kind: .deterministic)])[0]
            // A second instance of the region shares the keys. Before a rotation every instance gets the
            // new master key (appended to its key file) while keeping the old one.
            let second = try Self.vault(store, provider: try LocalKeyProvider(keys: [("mk-1", oldKey), ("mk-2", newKey)]))
            try await second.start()
            #expect(try await second.detokenise([before.token], actor: "k", purpose: "customer-support", recipient: nil).values[0].value == "jonas@example.de")
            // The master key is rotated: new key appended to the key file, then the vault rotates.
            let rotating = try Self.vault(store, provider: try LocalKeyProvider(keys: [("mk-1", oldKey), ("mk-2", newKey)]))
            try await rotating.start()
            let head = try await store.auditHead().size
            let rotated = try await rotating.rotate(actor: "key_admin")
            #expect(rotated.masterKeyID == "mk-2" && rotated.auditIndex == head)
            let keys = try await store.vaultKeys()
            #expect(keys.allSatisfy { $0.masterKeyID == "mk-2" })
            #expect(keys.filter { $0.active }.count == 2 && keys.count == 3)
            let after = try await rotating.tokenise([TokeniseItem(value: "new@example.de")])[0]
            // The other instance (old ring in memory) reads values sealed under the new data key: it reloads.
            #expect(try await second.detokenise([after.token], actor: "k", purpose: "customer-support", recipient: nil).values[0].value == "new@example.de")
            // Deterministic tokens survive rotation (the index key is re-wrapped, not replaced).
            #expect(try await rotating.tokenise([TokeniseItem(value: "jonas@example.de", kind: .deterministic)])[0].token == before.token)
            // The old master key can go: a node with only the new one reads old and new values.
            let fresh = try Self.vault(store, provider: try LocalKeyProvider(keys: [("mk-2", newKey)]))
            try await fresh.start()
            let values = try await fresh.detokenise([before.token, after.token], actor: "k", purpose: "customer-support", recipient: nil).values
            #expect(values.map(\.value) == ["jonas@example.de", "new@example.de"])
            // A node with only the old master key cannot open the re-wrapped keys.
            await #expect(throws: (any Error).self) { try await Self.vault(store).start() }
            let event = try #require(try await store.auditEvents(from: rotated.auditIndex, limit: 1).first)
            #expect(event.type == .vaultKeysRotated && event.payload.contains(rotated.dataKeyID) && !event.payload.contains("sealed"))
        }
    }

    @Test("a token taken by another value, or equal to a stored card, is refused with nothing stored", arguments: StoreKind.available)
    func conflicts(kind: StoreKind) async throws {
        try await kind.with { store in
            let entry = VaultEntry(
                token: "dtk_aaaaaaaaaaaaaaaaaaaaaaaaaa", kind: .deterministic, category: "contact", scheme: nil, subject: nil, recordID: nil, path: nil,
                ciphertext: Array(repeating: 1, count: 40), blindIndex: String(repeating: "a", count: 32), createdAt: "2026-11-27T00:00:00.000Z"
            )
            #expect(try await store.storeVault(entries: [entry], record: nil) == [.inserted])
            #expect(try await store.storeVault(entries: [entry], record: nil) == [.existing])
            var other = entry
            other.blindIndex = String(repeating: "b", count: 32)
            var fresh = entry
            fresh.token = "dtk_bbbbbbbbbbbbbbbbbbbbbbbbbb"
            do {
                _ = try await store.storeVault(entries: [fresh, other], record: nil)
                Issue.record("a token standing for another value was stored")
            } catch let conflict as VaultTokenConflict {
                #expect(conflict.tokens == [other.token])
            }
            // Atomic: the fresh entry of the refused batch was not stored either.
            let found = try await store.vaultEntries(tokens: [entry.token, fresh.token])
            #expect(found.count == 1 && found[entry.token]?.blindIndex == entry.blindIndex)
            // A card token that is the number of a stored card is refused too.
            var card = entry
            card.token = "tok_cccccccccccccccccccccccccc"
            card.kind = .random
            card.category = "card"
            card.blindIndex = String(repeating: "c", count: 32)
            #expect(try await store.storeVault(entries: [card], record: nil) == [.inserted])
            var cardToken = entry
            cardToken.token = "4111111111111111"
            cardToken.kind = .card
            cardToken.category = "card"
            cardToken.blindIndex = String(repeating: "d", count: 32)
            cardToken.tokenAsCardIndex = card.blindIndex
            await #expect(throws: VaultTokenConflict.self) { _ = try await store.storeVault(entries: [cardToken], record: nil) }
            cardToken.tokenAsCardIndex = String(repeating: "e", count: 32)
            #expect(try await store.storeVault(entries: [cardToken], record: nil) == [.inserted])
        }
    }
}

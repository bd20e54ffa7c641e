// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
public import Ledger
public import Residency
public import StraitCore
import Synchronization
public import Vault

/// Where a node stands: its region, the jurisdiction whose law governs the data it is home to,
/// and the country it runs in (the destination when others send it data).
public struct RegionIdentity: Sendable, Hashable {
    public var region: String
    public var jurisdiction: String
    public var country: String

    public init(region: String, jurisdiction: String, country: String) {
        self.region = region
        self.jurisdiction = jurisdiction
        self.country = country
    }
}

/// A node in another region asking for data homed here, with the mechanisms this organisation
/// declared for it (SCCs signed with that entity, BCRs, consent on record, …).
public struct Recipient: Sendable, Hashable {
    public var region: String
    public var country: String
    public var mechanisms: [String]

    public init(region: String, country: String, mechanisms: [String]) {
        self.region = region
        self.country = country
        self.mechanisms = mechanisms
    }
}

/// A refused vault operation, with a stable code.
public struct ResidencyError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case notFound = "not_found"
        case purposeRequired = "purpose_required"
        case purposeNotDeclared = "purpose_not_declared"
        case rateLimited = "rate_limited"
        case invalidValue = "invalid_value"
        case vaultUnavailable = "vault_unavailable"
        /// The catalogue does not let the data go to the recipient; the message names the rule.
        case transferDenied = "transfer_denied"
    }

    public var code: Code
    public var message: String
    /// For `rate_limited`: seconds until a retry can succeed.
    public var retryAfterSeconds: Int?

    public init(_ code: Code, _ message: String, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// A value to tokenise.
public struct TokeniseItem: Sendable, Hashable {
    public var value: String
    /// The category; detected from the value when absent (`identity` if no detector recognises it).
    public var category: DataCategory?
    /// The token kind; `card` for a detected payment card, otherwise `random`, when absent.
    public var kind: TokenKind?
    public var subject: String?

    public init(value: String, category: DataCategory? = nil, kind: TokenKind? = nil, subject: String? = nil) {
        self.value = value
        self.category = category
        self.kind = kind
        self.subject = subject
    }
}

/// A value's token.
public struct TokenisedValue: Sendable, Hashable {
    public var token: String
    public var kind: TokenKind
    public var category: DataCategory
    public var scheme: String?
}

/// Why a token was not turned back into its value.
public struct Withheld: Sendable, Hashable {
    /// `not_found`, `transfer_denied` (the value may not go to the recipient's country).
    public var code: String
    public var message: String
    /// The catalogue rule applied, if one.
    public var rule: String?
}

/// The answer for one token of a detokenise request.
public struct RevealedValue: Sendable, Hashable {
    public var token: String
    public var category: String?
    public var value: String?
    public var withheld: Withheld?
}

/// How a field of a record was disclosed to the caller.
public struct FieldDisclosure: Sendable, Hashable {
    public enum Form: String, Sendable { case clear, token, withheld }
    public var path: String
    public var category: String
    public var token: String
    public var form: Form
    public var rule: String?
    public var reason: String?
}

/// A record as disclosed to a caller.
public struct RecordView: Sendable {
    public var id: String
    public var subject: String?
    public var jurisdiction: String
    public var data: JSONValue
    public var fields: [FieldDisclosure]
    /// The register entry, when the record left the region.
    public var transfer: TransferRecord?
}

/// A record just stored: its template (tokens in place of sensitive values) and its fields.
public struct StoredRecordResult: Sendable {
    public var record: VaultRecord
    public var data: JSONValue
    public var fields: [(path: String, category: DataCategory, token: String, scheme: String?)]
}

/// What a vault reports for metrics.
public enum VaultEvent: Sendable {
    /// A transfer decision was registered.
    case transfer(operation: String, outcome: String)
    case tokenised(count: Int)
    case detokenised(count: Int)
    /// The drift found by the latest review of a catalogue (register entries).
    case drift(transfers: Int)
}

/// A region's vault: sensitive values sealed with AES-256-GCM under data keys wrapped by the
/// region's master key, replaced by tokens everywhere else; values leave only through
/// ``detokenise(_:actor:purpose:recipient:)`` and ``read(record:actor:purpose:recipient:)``, which decide
/// transfers to other regions from the catalogue, register them and write them to the ledger.
public final class RegionalVault: Sendable {
    public let home: RegionIdentity
    let store: any VaultStore & AuditLogStore
    let provider: any KeyProvider
    public let classifier: PayloadClassifier
    public let purposes: Set<String>
    private let policyState: Mutex<TransferPolicy>
    private let keys: Mutex<(ring: VaultKeyRing, tokenizer: Tokenizer)?>
    private let limiter: TokenBucketLimiter
    let now: @Sendable () -> Timestamp
    let observe: @Sendable (VaultEvent) -> Void

    /// The classifier for customer records when none is configured: common field names by category,
    /// and the content detectors for everything else.
    public static let defaultRecordSchema = PayloadClassifier(rules: [
        FieldRule("**.name", .identity), FieldRule("**.fullName", .identity), FieldRule("**.firstName", .identity),
        FieldRule("**.lastName", .identity), FieldRule("**.dateOfBirth", .identity), FieldRule("**.birthDate", .identity),
        FieldRule("**.nationality", .identity), FieldRule("**.address", .identity), FieldRule("**.address.**", .identity),
        FieldRule("**.email", .contact), FieldRule("**.phone", .contact), FieldRule("**.nationalId", .nationalID),
        FieldRule("**.card", .card), FieldRule("**.cardNumber", .card), FieldRule("**.pan", .card), FieldRule("**.iban", .bankAccount),
        FieldRule("**.account", .bankAccount), FieldRule("**.accountNumber", .bankAccount), FieldRule("**.ip", .behavioural),
        FieldRule("**.device", .behavioural),
    ])

    public init(
        home: RegionIdentity, store: any VaultStore & AuditLogStore, provider: any KeyProvider, catalogue: JurisdictionCatalogue,
        classifier: PayloadClassifier = RegionalVault.defaultRecordSchema, purposes: Set<String>, detokeniseRatePerSecond: Double,
        now: @escaping @Sendable () -> Timestamp, observe: @escaping @Sendable (VaultEvent) -> Void = { _ in }
    ) {
        self.observe = observe
        self.home = home
        self.store = store
        self.provider = provider
        self.classifier = classifier
        self.purposes = purposes
        self.policyState = Mutex(TransferPolicy(catalogue: catalogue))
        self.keys = Mutex(nil)
        self.limiter = TokenBucketLimiter(ratePerSecond: detokeniseRatePerSecond, burst: max(1, detokeniseRatePerSecond * 2))
        self.now = now
    }

    /// The transfer policy in force.
    public var policy: TransferPolicy { policyState.withLock { $0 } }

    /// Replaces the catalogue (after ``drift(under:)`` was reviewed).
    public func replaceCatalogue(_ catalogue: JurisdictionCatalogue) {
        policyState.withLock { $0 = TransferPolicy(catalogue: catalogue) }
    }

    // MARK: - Keys

    /// Loads the region's keys, creating the first data and index keys on first start.
    public func start() async throws {
        var wrapped = try await store.vaultKeys()
        let missing = KeyPurpose.allCases.filter { purpose in !wrapped.contains { $0.purpose == purpose && $0.active } }
        if !missing.isEmpty {
            var fresh: [WrappedKey] = []
            for purpose in missing {
                fresh.append(try await VaultKeyRing.makeKey(purpose: purpose, provider: provider, region: home.region, at: now().text))
            }
            wrapped = try await store.addVaultKeys(fresh)
        }
        try await load(wrapped)
    }

    private func load(_ wrapped: [WrappedKey]) async throws {
        let ring = try await VaultKeyRing.load(wrapped, provider: provider, region: home.region)
        keys.withLock { $0 = (ring, Tokenizer(ring: ring)) }
    }

    private func current() throws -> (ring: VaultKeyRing, tokenizer: Tokenizer) {
        guard let keys = keys.withLock({ $0 }) else { throw ResidencyError(.vaultUnavailable, "the vault's keys are not loaded") }
        return keys
    }

    /// Rotation without downtime: a new data key for new values, every key re-wrapped under the
    /// provider's current master key, in one write with its ledger entry. Old values stay readable.
    ///
    /// - Returns: the new data key's id and the ledger index of the rotation.
    public func rotate(actor: String) async throws -> (dataKeyID: String, masterKeyID: String, auditIndex: UInt64) {
        let stored = try await store.vaultKeys()
        var updated: [WrappedKey] = []
        for key in stored {
            var rewrapped = try await VaultKeyRing.rewrap(key, provider: provider, region: home.region)
            if key.purpose == .data { rewrapped.active = false }
            updated.append(rewrapped)
        }
        let timestamp = now().text
        let fresh = try await VaultKeyRing.makeKey(purpose: .data, provider: provider, region: home.region, at: timestamp)
        updated.append(fresh)
        let payload = "{\"dataKey\":\(JSONText.quoted(fresh.id)),\"masterKey\":\(JSONText.quoted(fresh.masterKeyID)),\"rewrapped\":\(stored.count)}"
        let index = try await store.replaceVaultKeys(
            updated, event: AuditEventContent(timestamp: timestamp, type: .vaultKeysRotated, actor: actor, subject: home.region, payload: payload)
        )
        try await load(try await store.vaultKeys())
        return (fresh.id, fresh.masterKeyID, index)
    }

    // MARK: - Tokenising

    /// Tokenises values: each is sealed and stored; deterministic and card tokens of a value stored
    /// before are returned unchanged.
    public func tokenise(_ items: [TokeniseItem]) async throws -> [TokenisedValue] {
        // Per value: which candidate token to draw (a card or deterministic token taken by another value moves on).
        var attempts = [Int](repeating: 0, count: items.count)
        var rounds = 0
        while true {
            let (ring, tokenizer) = try current()
            var entries: [VaultEntry] = []
            var results: [TokenisedValue] = []
            entries.reserveCapacity(items.count)
            results.reserveCapacity(items.count)
            let timestamp = now().text
            for (position, item) in items.enumerated() {
                let (entry, result) = try makeEntry(
                    literal: item.value, text: item.value, category: item.category, kind: item.kind, subject: item.subject, recordID: nil, path: nil,
                    ring: ring, tokenizer: tokenizer, attempt: attempts[position], at: timestamp
                )
                entries.append(entry)
                results.append(result)
            }
            do {
                _ = try await store.storeVault(entries: entries, record: nil)
                observe(.tokenised(count: entries.count))
                return results
            } catch let conflict as VaultTokenConflict where rounds < 16 {
                rounds += 1
                for (position, entry) in entries.enumerated() where conflict.tokens.contains(entry.token) { attempts[position] += 1 }
            }
        }
    }

    private func makeEntry(
        literal: String, text: String, category: DataCategory?, kind: TokenKind?, subject: String?, recordID: String?, path: String?,
        ring: VaultKeyRing, tokenizer: Tokenizer, attempt: Int, at timestamp: String
    ) throws -> (VaultEntry, TokenisedValue) {
        guard !text.isEmpty, text.utf8.count <= 4_096 else {
            throw ResidencyError(.invalidValue, "a value must be 1–4096 bytes")
        }
        let detection = PayloadClassifier.detect(text.trimmingCharacters(in: .whitespacesAndNewlines))
        let category = category ?? detection?.category ?? .identity
        let normalised = Tokenizer.normalise(text, category: category.rawValue)
        let blindIndex = tokenizer.blindIndex(normalised, category: category.rawValue)
        var kind = kind ?? (detection?.category == .card ? .card : .random)
        var token: String
        var tokenAsCardIndex: String?
        switch kind {
        case .random:
            token = tokenizer.random()
        case .deterministic:
            token = tokenizer.deterministic(normalised, category: category.rawValue, attempt: attempt)
        case .card:
            if let candidate = tokenizer.card(normalised, attempt: attempt) {
                token = candidate
                // The store refuses it while a stored card has this number: never a card the vault holds.
                tokenAsCardIndex = tokenizer.blindIndex(candidate, category: DataCategory.card.rawValue)
            } else {
                kind = .random  // not 12–19 digits: no format to preserve
                token = tokenizer.random()
            }
        }
        let ciphertext = try ring.seal(Array(literal.utf8), context: Self.sealContext(region: home.region, token: token))
        let entry = VaultEntry(
            token: token, kind: kind, category: category.rawValue, scheme: detection?.scheme, subject: subject, recordID: recordID, path: path,
            ciphertext: ciphertext, blindIndex: blindIndex, createdAt: timestamp, tokenAsCardIndex: tokenAsCardIndex
        )
        return (entry, TokenisedValue(token: token, kind: kind, category: category, scheme: detection?.scheme))
    }

    static func sealContext(region: String, token: String) -> [UInt8] {
        Array("strait-vault-value-v1|\(region)|\(token)".utf8)
    }

    // MARK: - Records

    /// Stores a customer record: every field the classifier names (or `categories` overrides) is
    /// sealed and replaced by a token; unclassified fields stay in the template as they are.
    ///
    /// - Parameters:
    ///   - kinds: token kind per field path (default: `card` for cards, `random` otherwise).
    public func store(
        record data: JSONValue, id: String?, subject: String?, categories: [String: DataCategory] = [:], kinds: [String: TokenKind] = [:],
        mechanisms: [String] = []
    ) async throws -> StoredRecordResult {
        guard mechanisms.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 64 && !$0.contains(" ") }) else {
            throw ResidencyError(.invalidValue, "a mechanism on record must be 1–64 characters without spaces")
        }
        guard case .object = data else { throw ResidencyError(.invalidValue, "a record must be a JSON object") }
        let generated = "rec_" + String(try current().tokenizer.random().dropFirst(4))
        let recordID = id ?? generated
        var fields: [String: DataCategory] = [:]
        for field in classifier.classify(data) where field.category != .public { fields[field.path] = field.category }
        for (path, category) in categories { fields[path] = category == .public ? nil : category }
        var attempts: [String: Int] = [:]
        var rounds = 0
        while true {
            let (ring, tokenizer) = try current()
            let timestamp = now().text
            var entries: [VaultEntry] = []
            var replacements: [String: JSONValue] = [:]
            var listed: [(path: String, category: DataCategory, token: String, scheme: String?)] = []
            var failure: (any Error)?
            var pending: [(String, JSONValue)] = []
            data.forEachLeaf { path, value in
                if fields[path] != nil { pending.append((path, value)) }
            }
            for (path, value) in pending {
                let text: String
                switch value {
                case .string(let s): text = s
                case .number(let n): text = n
                case .bool(let b): text = b ? "true" : "false"
                case .null: continue
                default: continue
                }
                do {
                    let (entry, result) = try makeEntry(
                        literal: value.serialized, text: text, category: fields[path], kind: kinds[path], subject: subject, recordID: recordID, path: path,
                        ring: ring, tokenizer: tokenizer, attempt: attempts[path] ?? 0, at: timestamp
                    )
                    entries.append(entry)
                    replacements[path] = .string(result.token)
                    listed.append((path, result.category, result.token, result.scheme))
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
            let template = data.replacing(replacements)
            let record = VaultRecord(
                id: recordID, subject: subject, jurisdiction: home.jurisdiction, createdAt: timestamp, template: template.serialized, mechanisms: mechanisms
            )
            do {
                _ = try await store.storeVault(entries: entries, record: record)
                observe(.tokenised(count: entries.count))
                return StoredRecordResult(record: record, data: template, fields: listed)
            } catch let conflict as VaultTokenConflict where rounds < 16 {
                rounds += 1
                for entry in entries where conflict.tokens.contains(entry.token) { attempts[entry.path ?? "", default: 0] += 1 }
            } catch let error as StoreError where error.code == .invalidRecord {
                if try await store.vaultRecord(id: recordID) != nil {
                    throw ResidencyError(.invalidValue, "record \(recordID) exists")
                }
                throw error
            }
        }
    }

    /// A record disclosed to a caller of this region (`recipient == nil`: every value in clear,
    /// recorded in the ledger) or to a node of another region (each category as the catalogue decides:
    /// in clear, as its token, or withheld; registered and recorded in the ledger).
    public func read(record id: String, actor: String, purpose: String, recipient: Recipient?) async throws -> RecordView {
        try checkPurpose(purpose)
        guard let (record, entries) = try await store.vaultRecord(id: id) else {
            throw ResidencyError(.notFound, "no record \(id) in the vault of \(home.region)")
        }
        try limit(actor: actor, count: max(1, entries.count))
        guard let template = try? JSONParser.parse(Array(record.template.utf8)), case .object = template else {
            throw StoreError.corrupted("record \(id) has a damaged template")
        }
        // Mechanisms on record for this subject (consent, a contract with them) count with the recipient's.
        let recipient = recipient.map { Recipient(region: $0.region, country: $0.country, mechanisms: Array(Set($0.mechanisms).union(record.mechanisms))) }
        let decisions = recipient.map { decide(categories: Set(entries.compactMap { DataCategory(rawValue: $0.category) }), for: $0) }
        var replacements: [String: JSONValue] = [:]
        var disclosures: [FieldDisclosure] = []
        for entry in entries {
            guard let path = entry.path else { continue }
            let disclosure = decisions?[entry.category] ?? .init(form: .clear, rule: nil, reason: nil)
            switch disclosure.form {
            case .clear:
                let literal = try await open(entry)
                replacements[path] = (try? JSONParser.parse(Array(literal.utf8))) ?? .string(literal)
            case .token: break
            case .withheld: replacements[path] = .null
            }
            disclosures.append(
                FieldDisclosure(path: path, category: entry.category, token: entry.token, form: disclosure.form, rule: disclosure.rule, reason: disclosure.reason)
            )
        }
        let view = template.replacing(replacements)
        var transfer: TransferRecord?
        if let recipient, let decisions {
            transfer = try await register(
                operation: "read", actor: actor, purpose: purpose, recipient: recipient, recordID: id, values: entries.count,
                decisions: decisions, categories: Set(entries.map(\.category))
            )
        } else {
            try await ledgerDetokenised(actor: actor, purpose: purpose, subject: id, tokens: entries.map(\.token))
        }
        return RecordView(id: id, subject: record.subject, jurisdiction: record.jurisdiction, data: view, fields: disclosures, transfer: transfer)
    }

    /// Turns tokens back into values, for a caller of this region or a node of another region (see
    /// ``read(record:actor:purpose:recipient:)``). Needs a declared purpose; rate-limited per actor.
    public func detokenise(_ tokens: [String], actor: String, purpose: String, recipient: Recipient?) async throws -> (values: [RevealedValue], transfer: TransferRecord?) {
        try checkPurpose(purpose)
        try limit(actor: actor, count: max(1, tokens.count))
        let found = try await store.vaultEntries(tokens: tokens)
        let decisions = recipient.map { decide(categories: Set(found.values.compactMap { DataCategory(rawValue: $0.category) }), for: $0) }
        var values: [RevealedValue] = []
        for token in tokens {
            guard let entry = found[token] else {
                values.append(RevealedValue(token: token, category: nil, value: nil, withheld: Withheld(code: "not_found", message: "no such token in \(home.region)", rule: nil)))
                continue
            }
            let disclosure = decisions?[entry.category] ?? .init(form: .clear, rule: nil, reason: nil)
            if disclosure.form == .clear {
                var value = try await open(entry)
                if entry.recordID != nil, case .string(let text)? = try? JSONParser.parse(Array(value.utf8)) { value = text }
                values.append(RevealedValue(token: token, category: entry.category, value: value, withheld: nil))
            } else {
                values.append(
                    RevealedValue(
                        token: token, category: entry.category, value: nil,
                        withheld: Withheld(code: "transfer_denied", message: disclosure.reason ?? "the catalogue does not allow it", rule: disclosure.rule)
                    )
                )
            }
        }
        var transfer: TransferRecord?
        if let recipient, let decisions {
            observe(.detokenised(count: values.filter { $0.value != nil }.count))
            // A detokenise releases values or nothing: a token that stays a token is a denial here.
            let released = decisions.mapValues { $0.form == .clear ? $0 : Disclosure(form: .withheld, rule: $0.rule, reason: $0.reason) }
            transfer = try await register(
                operation: "detokenise", actor: actor, purpose: purpose, recipient: recipient, recordID: nil, values: found.count, decisions: released,
                categories: Set(found.values.map(\.category))
            )
        } else if !found.isEmpty {
            try await ledgerDetokenised(actor: actor, purpose: purpose, subject: "tokens", tokens: tokens.filter { found[$0] != nil })
        }
        return (values, transfer)
    }

    /// Tokens of stored values equal to `value` in `category` (exact match on the blind index; no decryption).
    public func search(category: DataCategory, value: String, limit: Int) async throws -> [VaultEntry] {
        let tokenizer = try current().tokenizer
        let index = tokenizer.blindIndex(Tokenizer.normalise(value, category: category.rawValue), category: category.rawValue)
        return try await store.vaultEntries(blindIndex: index, limit: limit)
    }

    // MARK: - Transfer decisions

    struct Disclosure: Sendable {
        var form: FieldDisclosure.Form
        var rule: String?
        var reason: String?
    }

    /// Per category: in clear if the catalogue allows the data itself; as a token if it allows
    /// only tokens (or denies the data but no rule covers tokens); withheld otherwise.
    func decide(categories: Set<DataCategory>, for recipient: Recipient) -> [String: Disclosure] {
        let policy = self.policy
        let date = String(now().text.prefix(10))
        let clear = policy.decide(
            TransferRequest(from: home.jurisdiction, to: recipient.country, categories: categories, mechanisms: Set(recipient.mechanisms), date: date)
        )
        let tokens = policy.decide(
            TransferRequest(
                from: home.jurisdiction, to: recipient.country, categories: categories, mechanisms: Set(recipient.mechanisms), date: date, tokenised: true
            )
        )
        var out: [String: Disclosure] = [:]
        for decision in clear.categories {
            let tokenDecision = tokens.categories.first { $0.category == decision.category }
            switch decision.outcome {
            case .allow:
                out[decision.category.rawValue] = Disclosure(form: .clear, rule: decision.ruleID, reason: decision.reason)
            default:
                if tokenDecision?.outcome == .allow || tokenDecision?.outcome == .allowTokenisedOnly {
                    out[decision.category.rawValue] = Disclosure(form: .token, rule: decision.ruleID, reason: decision.reason)
                } else {
                    out[decision.category.rawValue] = Disclosure(
                        form: .withheld, rule: tokenDecision?.ruleID ?? decision.ruleID, reason: tokenDecision?.reason ?? decision.reason
                    )
                }
            }
        }
        return out
    }

    /// Decides, registers and records data this node is about to send in clear to a peer (values
    /// sent home for tokenising, records stored at their home vault).
    ///
    /// - Throws: ``ResidencyError`` `transfer_denied` naming the rule when a category may not go in
    ///   clear (registered too, as a denied transfer).
    @discardableResult
    public func authoriseExport(
        operation: String, actor: String, purpose: String, categories: Set<DataCategory>, recipient: Recipient, values: Int
    ) async throws -> TransferRecord {
        let policy = self.policy
        let decision = policy.decide(
            TransferRequest(
                from: home.jurisdiction, to: recipient.country, categories: categories, mechanisms: Set(recipient.mechanisms), date: String(now().text.prefix(10))
            )
        )
        var decisions: [String: Disclosure] = [:]
        for category in decision.categories {
            decisions[category.category.rawValue] = Disclosure(form: category.outcome == .allow ? .clear : .withheld, rule: category.ruleID, reason: category.reason)
        }
        let record = try await register(
            operation: operation, actor: actor, purpose: purpose, recipient: recipient, recordID: nil, values: values, decisions: decisions,
            categories: Set(categories.map(\.rawValue))
        )
        if let denied = decision.categories.first(where: { $0.outcome != .allow }) {
            throw ResidencyError(
                .transferDenied,
                "\(denied.category.rawValue) data may not go from \(home.jurisdiction) to \(recipient.country) (\(recipient.region)): \(denied.reason)"
                    + (denied.ruleID.map { " [rule \($0)]" } ?? " [no rule covers it]") + " transfer \(record.id)"
            )
        }
        return record
    }

    private func register(
        operation: String, actor: String, purpose: String, recipient: Recipient, recordID: String?, values: Int, decisions: [String: Disclosure],
        categories: Set<String>
    ) async throws -> TransferRecord {
        let registered = categories.sorted().map { category -> RegisteredCategory in
            let disclosure = decisions[category] ?? Disclosure(form: .withheld, rule: nil, reason: "unknown category")
            let outcome = switch disclosure.form {
            case .clear: "allow"
            case .token: "allow_tokenised_only"
            case .withheld: "deny"
            }
            return RegisteredCategory(category: category, outcome: outcome, rule: disclosure.rule, reason: disclosure.reason ?? "")
        }
        let order = ["allow": 0, "allow_tokenised_only": 1, "deny": 2]
        let outcome = registered.map(\.outcome).max { order[$0]! < order[$1]! } ?? "allow"
        var generator = SystemRandomNumberGenerator()
        let id = "xfr_" + Hex.encode(withUnsafeBytes(of: generator.next() as UInt64) { Array($0) })
        let record = TransferRecord(
            id: id, at: now().text, actor: actor, purpose: purpose, operation: operation, fromRegion: home.region, fromJurisdiction: home.jurisdiction,
            toRegion: recipient.region, toCountry: recipient.country, recordID: recordID, values: values, outcome: outcome, categories: registered,
            mechanisms: recipient.mechanisms.sorted(), catalogueVersion: policy.catalogue.version
        )
        let stored = try await store.recordTransfer(record)
        observe(.transfer(operation: operation, outcome: outcome))
        return stored
    }

    /// The transfer register.
    public func transfers(_ query: TransferRegisterQuery) async throws -> [TransferRecord] {
        try await store.transferRegister(query)
    }

    /// Appends a residency event (such as `catalogue.loaded`) to the ledger; returns its index.
    public func record(_ event: AuditEventContent) async throws -> UInt64 {
        try await store.appendEvents([event]).lowerBound
    }

    // MARK: - Compliance drift

    /// Data that left the region under the catalogue in force and that `catalogue` would no longer
    /// let go in the same form: each register entry and category whose disclosure becomes stricter.
    public func drift(under catalogue: JurisdictionCatalogue) async throws -> [DriftFinding] {
        let findings = try await Self.drift(of: store, under: catalogue, on: String(now().text.prefix(10)))
        observe(.drift(transfers: Set(findings.map(\.transferID)).count))
        return findings
    }

    /// The drift of a region's register under `catalogue` on a day (`YYYY-MM-DD`); reads the register only.
    public static func drift(of store: any VaultStore, under catalogue: JurisdictionCatalogue, on date: String) async throws -> [DriftFinding] {
        let policy = TransferPolicy(catalogue: catalogue)
        var findings: [DriftFinding] = []
        var after: String?
        while true {
            let page = try await store.transferRegister(TransferRegisterQuery(after: after, limit: 500))
            guard let last = page.last else { break }
            after = last.id
            for transfer in page where transfer.outcome != "deny" {
                for category in transfer.categories where category.outcome != "deny" {
                    guard let data = DataCategory(rawValue: category.category) else { continue }
                    let tokenised = category.outcome == "allow_tokenised_only"
                    let decision = policy.decide(
                        TransferRequest(
                            from: transfer.fromJurisdiction, to: transfer.toCountry, categories: [data], mechanisms: Set(transfer.mechanisms), date: date,
                            tokenised: tokenised
                        )
                    )
                    guard let now = decision.categories.first else { continue }
                    let stillAllowed = tokenised ? (now.outcome == .allow || now.outcome == .allowTokenisedOnly) : now.outcome == .allow
                    if !stillAllowed {
                        findings.append(
                            DriftFinding(
                                transferID: transfer.id, recordID: transfer.recordID, toRegion: transfer.toRegion, toCountry: transfer.toCountry,
                                category: category.category, was: category.outcome, now: now.outcome.rawValue, rule: now.ruleID, reason: now.reason,
                                at: transfer.at
                            )
                        )
                    }
                }
            }
        }
        return findings
    }

    // MARK: - Helpers

    /// Opens values for a process of this region itself — re-screening its customers against new
    /// lists —, not for a caller: no purpose check and no rate limit; the process records one
    /// ledger entry for its run instead of one per value. Tokens not found are left out.
    public func openForRegion(_ tokens: [String]) async throws -> [String: String] {
        let found = try await store.vaultEntries(tokens: tokens)
        var values: [String: String] = [:]
        for (token, entry) in found {
            var value = try await open(entry)
            if entry.recordID != nil, case .string(let text)? = try? JSONParser.parse(Array(value.utf8)) { value = text }
            values[token] = value
        }
        observe(.detokenised(count: values.count))
        return values
    }

    private func checkPurpose(_ purpose: String) throws {
        guard !purpose.isEmpty else { throw ResidencyError(.purposeRequired, "declare a purpose (one of: \(purposes.sorted().joined(separator: ", ")))") }
        guard purposes.contains(purpose) else {
            throw ResidencyError(.purposeNotDeclared, "purpose \(purpose.debugDescription) is not declared (declared: \(purposes.sorted().joined(separator: ", ")))")
        }
    }

    private func limit(actor: String, count: Int) throws {
        if let wait = limiter.take(key: actor, count: Double(count), now: ContinuousClock.now) {
            throw ResidencyError(.rateLimited, "detokenising is limited per caller; retry later", retryAfterSeconds: max(1, Int(wait.rounded(.up))))
        }
    }

    private func open(_ entry: VaultEntry) async throws -> String {
        var ring = try current().ring
        if let id = VaultKeyRing.dataKeyID(of: entry.ciphertext), !ring.hasDataKey(id) {
            try await load(try await store.vaultKeys())  // another instance rotated
            ring = try current().ring
        }
        let plaintext = try ring.open(entry.ciphertext, context: Self.sealContext(region: home.region, token: entry.token))
        return String(decoding: plaintext, as: UTF8.self)
    }

    private func ledgerDetokenised(actor: String, purpose: String, subject: String, tokens: [String]) async throws {
        observe(.detokenised(count: tokens.count))
        let payload = "{\"count\":\(tokens.count),\"purpose\":\(JSONText.quoted(purpose)),\"tokens\":[\(tokens.map(JSONText.quoted).joined(separator: ","))]}"
        _ = try await store.appendEvents([AuditEventContent(timestamp: now().text, type: .vaultDetokenised, actor: actor, subject: subject, payload: payload)])
    }
}

/// A register entry whose data would not be allowed to go in the same form under a new catalogue.
public struct DriftFinding: Sendable, Hashable, Codable {
    public var transferID: String
    public var recordID: String?
    public var toRegion: String
    public var toCountry: String
    public var category: String
    /// How it went: `allow` (in clear) or `allow_tokenised_only`.
    public var was: String
    /// What the new catalogue decides.
    public var now: String
    public var rule: String?
    public var reason: String
    public var at: String
}

/// The vault's per-caller limit on revealed values.
final class TokenBucketLimiter: Sendable {
    private let rate: Double
    private let burst: Double
    private let buckets = Mutex(TokenBuckets())
    private static let epoch = ContinuousClock.now

    init(ratePerSecond: Double, burst: Double) {
        self.rate = ratePerSecond
        self.burst = burst
    }

    /// Takes `count` tokens; returns `nil`, or the seconds to wait when the bucket is short.
    func take(key: String, count: Double, now: ContinuousClock.Instant) -> Double? {
        let elapsed = (now - Self.epoch).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        return buckets.withLock { $0.take(key, count: count, rate: rate, burst: burst, now: seconds) }
    }
}

extension JSONValue {
    /// Calls `body` with each leaf (a scalar) and its path, written as ``PayloadClassifier`` writes
    /// them: keys joined by `.`, elements as `[n]`.
    func forEachLeaf(_ body: (String, JSONValue) -> Void) {
        func walk(_ value: JSONValue, _ path: String) {
            switch value {
            case .object(let members):
                for (key, member) in members { walk(member, path.isEmpty ? key : path + "." + key) }
            case .array(let elements):
                for (index, element) in elements.enumerated() { walk(element, path + "[\(index)]") }
            default:
                body(path, value)
            }
        }
        walk(self, "")
    }

    /// The value with the leaves at the given paths replaced.
    func replacing(_ replacements: [String: JSONValue]) -> JSONValue {
        guard !replacements.isEmpty else { return self }
        func walk(_ value: JSONValue, _ path: String) -> JSONValue {
            switch value {
            case .object(let members):
                return .object(members.map { key, member in (key, walk(member, path.isEmpty ? key : path + "." + key)) })
            case .array(let elements):
                return .array(elements.enumerated().map { index, element in walk(element, path + "[\(index)]") })
            default:
                return replacements[path] ?? value
            }
        }
        return walk(self, "")
    }
}

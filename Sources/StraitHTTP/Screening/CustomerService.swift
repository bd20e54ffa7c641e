// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
import HTTPTypes
import Vault
public import Foundation
public import Logging
import Monitor
public import Residency
public import Screening
public import StraitCore
public import StraitStore
import Synchronization

/// What a customer is onboarded with: the application the checks read, and what the risk model needs.
public struct OnboardingRequest: Sendable, Hashable {
    /// The caller's id for the customer (a replay of the same request answers the stored customer).
    public var id: String?
    public var application: CustomerApplication
    public var customerType: CustomerRiskProfile.CustomerType
    public var products: [String]
    public var channel: CustomerRiskProfile.Channel
    public var pep: CustomerRiskProfile.PEPStatus
    /// SHA-256 (hex) of the request body as sent.
    public var digest: String

    public init(
        id: String?, application: CustomerApplication, customerType: CustomerRiskProfile.CustomerType, products: [String],
        channel: CustomerRiskProfile.Channel, pep: CustomerRiskProfile.PEPStatus, digest: String
    ) {
        self.id = id
        self.application = application
        self.customerType = customerType
        self.products = products
        self.channel = channel
        self.pep = pep
        self.digest = digest
    }
}

/// What the customer service reports for metrics.
public enum CustomerEvent: Sendable {
    case onboarded(status: String, alerts: [RaisedAlert])
    case alerts([RaisedAlert])
    case rescreened(RescreenReport)
    case listsLoaded(entities: Int)
}

/// What a re-screening run did.
public struct RescreenReport: Sendable, Hashable {
    public var versions: [String: String]
    public var customers: Int
    /// Customers given new hits, and the hits.
    public var changedCustomers: Int
    public var newHits: Int
    /// Customers skipped because their vault values were missing (logged).
    public var skipped: Int
    public var seconds: Double
    /// A run for these versions had been recorded already: nothing was done.
    public var alreadyDone: Bool
}

/// Onboarding, review, card binding and (re-)screening of the region's customers: the
/// application checks, the vault (personal data sealed in this region; the customer row keeps
/// tokens), the list index in force, the risk model and the store, whose writes carry the
/// ledger entries and the alerts that hits raise.
public final class CustomerService: Sendable {
    let store: any StraitStore
    let vault: RegionalVault
    let model: RiskModel
    let configuration: MatchingConfiguration
    let minimumAge: Int
    let now: @Sendable () -> Timestamp
    let logger: Logger
    let observe: @Sendable (CustomerEvent) -> Void
    private let lists: Mutex<ScreeningLists>
    /// Whether lists were loaded from the store at least once.
    private let loaded = Mutex(false)
    private let rescreening = Mutex(false)

    public init(
        store: any StraitStore, vault: RegionalVault, model: RiskModel = .standard, configuration: MatchingConfiguration = MatchingConfiguration(),
        minimumAge: Int = 18, now: @escaping @Sendable () -> Timestamp, logger: Logger, observe: @escaping @Sendable (CustomerEvent) -> Void = { _ in }
    ) {
        self.observe = observe
        self.store = store
        self.vault = vault
        self.model = model
        self.configuration = configuration
        self.minimumAge = minimumAge
        self.now = now
        self.logger = logger
        lists = Mutex(ScreeningLists(lists: [], configuration: configuration))
    }

    /// The lists in force.
    public var current: ScreeningLists { lists.withLock { $0 } }

    public var region: String { vault.home.region }

    /// Loads the newest stored version of every list source and puts the set in force when it
    /// differs from the one in force. Returns whether it changed.
    @discardableResult
    public func loadLists() async throws -> Bool {
        let stored = try await store.screeningLists()
        var newest: [String: String] = [:]
        for list in stored { newest[list.source] = list.version }
        guard newest != current.versions else {
            loaded.withLock { $0 = true }
            observe(.listsLoaded(entities: current.entityCount))
            return false
        }
        var fetched: [ScreeningList] = []
        for source in newest.keys.sorted() {
            guard let (list, data) = try await store.latestScreeningList(source: source) else { continue }
            let entities = try JSONDecoder().decode([ListEntity].self, from: data)
            fetched.append(ScreeningList(source: list.source, version: list.version, entities: entities))
        }
        let configuration = self.configuration
        let set = await Task.detached(priority: .utility) { ScreeningLists(lists: fetched, configuration: configuration) }.value
        lists.withLock { $0 = set }
        loaded.withLock { $0 = true }
        observe(.listsLoaded(entities: set.entityCount))
        logger.notice(
            "screening.lists_loaded",
            metadata: ["versions": .string(set.versions.sorted { $0.key < $1.key }.map { "\($0.key)@\($0.value)" }.joined(separator: " ")), "entities": .stringConvertible(set.entityCount)]
        )
        return true
    }

    // MARK: - Onboarding

    /// The personal fields of an application, sealed in the vault, by path.
    static let personalPaths: [String] = [
        "name.latin", "name.original", "dateOfBirth", "document.number", "document.mrz", "document.expiryDate", "nationalId.number", "contact.email",
        "contact.phone",
    ]

    /// Onboards a customer: the checks, screening, rating, the vault record and the store write
    /// with its alerts. Returns the customer and whether the request was a replay.
    public func onboard(_ request: OnboardingRequest, actor: String) async throws -> (customer: Customer, replayed: Bool) {
        let timestamp = now()
        let checks = ApplicationChecks(minimumAge: minimumAge, today: Self.date(timestamp))
        let issues = checks.check(request.application)
        guard issues.isEmpty else {
            throw APIError.validation(ValidationFailure(issues: issues.map { ValidationIssue(field: $0.field, code: $0.code, message: $0.message) }))
        }
        if let id = request.id, let existing = try await store.customer(id: id) {
            return (try replay(existing, request), true)
        }
        guard loaded.withLock({ $0 }) else {
            throw APIError(status: .serviceUnavailable, code: "screening_unavailable", message: "the screening lists are being loaded; retry shortly", headers: [.retryAfter: "2"])
        }
        guard !current.versions.isEmpty else {
            throw APIError(
                status: .serviceUnavailable, code: "no_screening_lists",
                message: "no sanctions list is imported, so customers cannot be screened; import one with `strait lists import`"
            )
        }
        let id = request.id ?? Customer.newID()
        let application = request.application
        let at = timestamp.text
        let set = current
        let hits = set.hits(
            latin: application.name.latin, original: application.name.original, kind: application.kind, dateOfBirth: application.dateOfBirth,
            nationality: application.nationality, idNumber: application.document?.number ?? application.nationalID?.number, at: at
        )
        // The personal data, sealed in this region's vault; the customer keeps the tokens.
        let record = Self.personalRecord(application)
        var categories: [String: DataCategory] = [:]
        for path in Self.personalPaths { categories[path] = .identity }
        for path in ["document.type", "document.issuingCountry", "nationalId.scheme", "registrationNumber", "purpose"] { categories[path] = .public }
        let stored = try await ResidencyJSON.mapping { try await vault.store(record: record, id: nil, subject: id, categories: categories) }
        var fields: [String: String] = [:]
        for field in stored.fields { fields[field.path] = field.token }
        var customer = Customer(
            id: id, kind: application.kind, customerType: request.customerType, region: region, status: .active, residence: application.residence,
            nationality: application.nationality, products: request.products, channel: request.channel, pep: request.pep, record: stored.record.id,
            fields: fields, rating: RiskRating(level: .low, score: 0, factors: [], requiresEnhancedDueDiligence: false, eddReasons: [], modelVersion: model.version),
            hits: hits, screenedAgainst: set.versions, createdAt: at, updatedAt: at
        )
        let alerts = CustomerLifecycle.raiseAlerts(for: &customer).map { NewAlert($0) }
        switch model.rate(customer.riskProfile) {
        case .success(let rating): customer.rating = rating
        case .failure(let error): throw APIError.validation(ValidationFailure(issues: [ValidationIssue(field: error.field, code: "invalid_value", message: error.message)]))
        }
        customer.status = CustomerLifecycle.status(rating: customer.rating, hits: customer.hits, eddCompleted: false)
        let row = Self.row(customer, requestDigest: request.digest)
        switch try await store.writeCustomer(CustomerWrite(kind: .create, customer: row, alerts: alerts, actor: actor)) {
        case .stored(_, let raised):
            observe(.onboarded(status: customer.status.rawValue, alerts: raised))
            logger.info(
                "screening.customer_onboarded",
                metadata: ["customer": .string(id), "status": .string(customer.status.rawValue), "risk": .string(customer.rating.level.rawValue), "hits": .stringConvertible(hits.count)]
            )
            return (customer, false)
        case .existing(let existing):
            // Another request with this id won the race; its vault record stays unused.
            return (try replay(existing, request), true)
        case .conflict, .notFound, .cardHeldBy:
            throw StoreError.corrupted("unexpected outcome of a customer create")
        }
    }

    private func replay(_ existing: StoredCustomer, _ request: OnboardingRequest) throws -> Customer {
        guard existing.requestDigest == request.digest else {
            throw APIError.conflict("idempotency_conflict", "customer \(existing.id) was onboarded with a different request; use a new id")
        }
        return try Customer.decode(existing.detail)
    }

    static func personalRecord(_ application: CustomerApplication) -> JSONValue {
        var members: [(String, JSONValue)] = []
        var name: [(String, JSONValue)] = [("latin", .string(application.name.latin))]
        if let original = application.name.original { name.append(("original", .string(original))) }
        members.append(("name", .object(name)))
        if let value = application.dateOfBirth { members.append(("dateOfBirth", .string(value))) }
        if let document = application.document {
            var fields: [(String, JSONValue)] = [
                ("type", .string(document.type.rawValue)), ("number", .string(document.number)), ("issuingCountry", .string(document.issuingCountry)),
            ]
            if let value = document.expiryDate { fields.append(("expiryDate", .string(value))) }
            if let value = document.mrz { fields.append(("mrz", .string(value))) }
            members.append(("document", .object(fields)))
        }
        if let id = application.nationalID { members.append(("nationalId", .object([("scheme", .string(id.scheme)), ("number", .string(id.number))]))) }
        if let value = application.registrationNumber { members.append(("registrationNumber", .string(value))) }
        var contact: [(String, JSONValue)] = []
        if let value = application.contact.email { contact.append(("email", .string(value))) }
        if let value = application.contact.phone { contact.append(("phone", .string(value))) }
        members.append(("contact", .object(contact)))
        members.append(("purpose", .string(application.purpose)))
        return .object(members)
    }

    static func date(_ timestamp: Timestamp) -> CalendarDate {
        let text = timestamp.text
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return .today() }
        let date = CalendarDate(year: parts[0], month: parts[1], day: parts[2])
        return date.isValid ? date : .today()
    }

    /// Why a payment by `party` must be refused: it is not an active customer of this region
    /// (unknown, pending review, waiting for enhanced due diligence, or rejected); `nil` when it is.
    public func payerRefusal(_ party: String) async throws -> DecisionReason? {
        guard let row = try await store.customer(id: party) else {
            return DecisionReason(code: "customer_unknown", rule: "kyc-active-customer", message: "the payer \(party) is not an onboarded customer; no anonymous accounts")
        }
        guard row.status == CustomerStatus.active.rawValue else {
            return DecisionReason(
                code: "customer_not_active", rule: "kyc-active-customer", message: "the payer \(party) is \(row.status), not active: it may not pay until KYC is complete"
            )
        }
        return nil
    }

    // MARK: - Reading and reviewing

    public func customer(id: String) async throws -> Customer? {
        guard let row = try await store.customer(id: id) else { return nil }
        return try Customer.decode(row.detail)
    }

    public func customers(after: String?, limit: Int, status: CustomerStatus?) async throws -> [Customer] {
        try await store.customers(after: after, limit: limit, status: status?.rawValue).map { try Customer.decode($0.detail) }
    }

    /// Applies an analyst's decision, optionally at the version the analyst read.
    public func review(id: String, action: CustomerReviewAction, expectedVersion: Int?, actor: String) async throws -> Customer {
        guard let row = try await store.customer(id: id) else { throw APIError.notFound("no customer \(id)") }
        let current = try Customer.decode(row.detail)
        if let expectedVersion, expectedVersion != current.version {
            throw APIError.conflict("version_conflict", "customer \(id) is at version \(current.version), not \(expectedVersion); read it again")
        }
        let changed: Customer
        switch CustomerLifecycle.apply(action, to: current, actor: actor, at: now().text, model: model) {
        case .success(let value): changed = value
        case .failure(let error): throw APIError(status: .unprocessableContent, code: error.code.rawValue, message: error.message)
        }
        try await write(changed, previous: row, alerts: [], actor: actor)
        return changed
    }

    /// Binds a payment card: the number is checked (Luhn, length, brand) and sealed in the vault as
    /// a card token; the customer keeps the token, brand and last four digits.
    public func bindCard(id: String, number: String, expiry: String?, actor: String) async throws -> (customer: Customer, card: BoundCard, replayed: Bool) {
        guard let normalized = PaymentCard.normalized(number) else {
            throw APIError.validation(ValidationFailure(issues: [ValidationIssue(field: "number", code: "invalid_card", message: "the card number fails its check digit or length")]))
        }
        let timestamp = now()
        if let expiry {
            guard let month = Self.month(expiry) else {
                throw APIError.validation(ValidationFailure(issues: [ValidationIssue(field: "expiry", code: "invalid_date", message: "expiry must be YYYY-MM")]))
            }
            if month < String(timestamp.text.prefix(7)) {
                throw APIError.validation(ValidationFailure(issues: [ValidationIssue(field: "expiry", code: "expired", message: "the card expired in \(month)")]))
            }
        }
        for _ in 0..<4 {
            guard let row = try await store.customer(id: id) else { throw APIError.notFound("no customer \(id)") }
            var customer = try Customer.decode(row.detail)
            guard customer.status != .rejected else {
                throw APIError(status: .unprocessableContent, code: "customer_rejected", message: "customer \(id) is rejected; no card can be bound")
            }
            let tokens = try await ResidencyJSON.mapping {
                try await vault.tokenise([TokeniseItem(value: normalized, category: .card, kind: .card, subject: id)])
            }
            guard let token = tokens.first?.token else { throw StoreError.corrupted("the vault returned no token") }
            if let existing = customer.cards.first(where: { $0.token == token }) { return (customer, existing, true) }
            let card = BoundCard(token: token, brand: PaymentCard.brand(normalized)?.rawValue, last4: String(normalized.suffix(4)), expiry: expiry, boundAt: timestamp.text)
            customer.cards.append(card)
            customer.updatedAt = timestamp.text
            customer.version += 1
            let updated = Self.row(customer, requestDigest: row.requestDigest)
            switch try await store.writeCustomer(CustomerWrite(kind: .update(expectedVersion: row.version), customer: updated, actor: actor, bindCard: token)) {
            case .stored: return (customer, card, false)
            case .cardHeldBy:
                throw APIError.conflict("card_bound_elsewhere", "this card is bound to another customer")
            case .conflict: continue
            case .notFound: throw APIError.notFound("no customer \(id)")
            case .existing: throw StoreError.corrupted("unexpected outcome of a customer update")
            }
        }
        throw APIError.conflict("version_conflict", "customer \(id) is changing; retry")
    }

    static func month(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1900...2200).contains(year),
            (1...12).contains(month)
        else { return nil }
        return text
    }

    /// The stored row of `customer` (its detail as canonical JSON; the onboarding request's digest kept).
    static func row(_ customer: Customer, requestDigest: String) -> StoredCustomer {
        StoredCustomer(
            id: customer.id, status: customer.status.rawValue, version: customer.version, createdAt: customer.createdAt, updatedAt: customer.updatedAt,
            requestDigest: requestDigest, detail: customer.canonicalJSON
        )
    }

    private func write(_ customer: Customer, previous: StoredCustomer, alerts: [NewAlert], actor: String) async throws {
        let row = Self.row(customer, requestDigest: previous.requestDigest)
        switch try await store.writeCustomer(CustomerWrite(kind: .update(expectedVersion: previous.version), customer: row, alerts: alerts, actor: actor)) {
        case .stored: return
        case .conflict(let now):
            throw APIError.conflict("version_conflict", "customer \(customer.id) changed meanwhile (now version \(now.version)); read it again")
        case .notFound: throw APIError.notFound("no customer \(customer.id)")
        case .existing, .cardHeldBy: throw StoreError.corrupted("unexpected outcome of a customer update")
        }
    }

    // MARK: - Re-screening

    /// Screens every customer who is not rejected against the lists in force, unless a run for
    /// these versions was recorded. New hits are added to the customer (who goes to
    /// `pending_review`) and raise alerts in the same write; the run is recorded in the ledger
    /// with its counts. One run at a time per node.
    public func rescreenAll(actor: String = "strait-screening", pageSize: Int = 1_000, force: Bool = false) async throws -> RescreenReport {
        let set = current
        let fingerprint = ScreeningRunRecord.fingerprint(set.versions)
        var report = RescreenReport(versions: set.versions, customers: 0, changedCustomers: 0, newHits: 0, skipped: 0, seconds: 0, alreadyDone: false)
        if !force, try await store.screeningRun(fingerprint: fingerprint) != nil {
            report.alreadyDone = true
            return report
        }
        guard rescreening.withLock({ running in
            if running { return false }
            running = true
            return true
        }) else {
            report.alreadyDone = true
            return report
        }
        defer { rescreening.withLock { $0 = false } }
        let started = ContinuousClock.now
        let startedAt = now().text
        var after: String?
        while true {
            let rows = try await store.customers(after: after, limit: pageSize, status: nil)
            guard let last = rows.last else { break }
            after = last.id
            let page = try rows.filter { $0.status != CustomerStatus.rejected.rawValue }.map { ($0, try Customer.decode($0.detail)) }
            report.customers += page.count
            var tokens: [String] = []
            for (_, customer) in page {
                for path in ["name.latin", "name.original", "dateOfBirth", "document.number", "nationalId.number"] {
                    if let token = customer.fields[path] { tokens.append(token) }
                }
            }
            let values = try await vault.openForRegion(tokens)
            let at = now().text
            let found = await Self.screen(page.map(\.1), values: values, lists: set, at: at)
            for (index, hits) in found.enumerated() {
                guard let hits else {
                    report.skipped += 1
                    logger.warning("screening.rescreen_skipped", metadata: ["customer": .string(page[index].1.id), "reason": "vault values missing"])
                    continue
                }
                guard !hits.isEmpty else { continue }
                let added = try await addHits(hits, customerID: page[index].1.id, versions: set.versions, at: at, actor: actor)
                if added > 0 {
                    report.changedCustomers += 1
                    report.newHits += added
                }
            }
        }
        report.seconds = (ContinuousClock.now - started) / .seconds(1)
        let run = ScreeningRunRecord(
            fingerprint: fingerprint, versions: set.versions, startedAt: startedAt, finishedAt: now().text, customers: report.customers, newHits: report.newHits,
            actor: actor
        )
        _ = try await store.recordScreeningRun(run)
        observe(.rescreened(report))
        logger.notice(
            "screening.rescreened",
            metadata: [
                "customers": .stringConvertible(report.customers), "new_hits": .stringConvertible(report.newHits),
                "changed": .stringConvertible(report.changedCustomers), "seconds": .string(String(format: "%.2f", report.seconds)),
            ]
        )
        return report
    }

    /// Screens a page on every core: `nil` for a customer whose Latin name is not in the vault.
    static func screen(_ customers: [Customer], values: [String: String], lists: ScreeningLists, at: String) async -> [[ScreeningHit]?] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let chunk = max(1, (customers.count + workers - 1) / workers)
        return await withTaskGroup(of: (Int, [[ScreeningHit]?]).self) { group in
            for start in stride(from: 0, to: customers.count, by: chunk) {
                let slice = Array(customers[start..<min(customers.count, start + chunk)])
                group.addTask {
                    (
                        start,
                        slice.map { customer -> [ScreeningHit]? in
                            guard let latin = customer.fields["name.latin"].flatMap({ values[$0] }) else { return nil }
                            return lists.hits(
                                latin: latin, original: customer.fields["name.original"].flatMap { values[$0] }, kind: customer.kind,
                                dateOfBirth: customer.fields["dateOfBirth"].flatMap { values[$0] }, nationality: customer.nationality,
                                idNumber: (customer.fields["document.number"] ?? customer.fields["nationalId.number"]).flatMap { values[$0] }, at: at
                            )
                        }
                    )
                }
            }
            var results = [[ScreeningHit]?](repeating: [], count: customers.count)
            for await (start, part) in group { for (offset, hits) in part.enumerated() { results[start + offset] = hits } }
            return results
        }
    }

    /// Adds new hits to a customer (re-reading on a concurrent change); returns how many were new.
    private func addHits(_ hits: [ScreeningHit], customerID: String, versions: [String: String], at: String, actor: String) async throws -> Int {
        for _ in 0..<4 {
            guard let row = try await store.customer(id: customerID) else { return 0 }
            var customer = try Customer.decode(row.detail)
            guard customer.status != .rejected else { return 0 }
            let added = CustomerLifecycle.addHits(hits, to: &customer, versions: versions, at: at, model: model)
            guard !added.isEmpty else { return 0 }
            let alerts = CustomerLifecycle.raiseAlerts(for: &customer).map { NewAlert($0) }
            customer.version += 1
            let updated = Self.row(customer, requestDigest: row.requestDigest)
            switch try await store.writeCustomer(CustomerWrite(kind: .update(expectedVersion: row.version), customer: updated, alerts: alerts, actor: actor)) {
            case .stored(_, let raised):
                observe(.alerts(raised))
                return added.count
            case .conflict: continue
            case .notFound, .existing, .cardHeldBy: return 0
            }
        }
        return 0
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Foundation
public import Monitor

/// Where a customer stands. Only an `active` customer may use the account.
public enum CustomerStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Screening found possible matches that an analyst must resolve (clear or confirm).
    case pendingReview = "pending_review"
    /// The rating requires enhanced due diligence, which an analyst must record as completed.
    case eddRequired = "edd_required"
    case active
    /// Refused: a confirmed sanctions match, a prohibited rating, or an analyst's decision. Final.
    case rejected
}

/// A possible match of a customer on a sanctions or PEP list, as it stands.
public struct ScreeningHit: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Not yet resolved by an analyst.
        case pending
        /// An analyst found it is not the customer (a false positive).
        case cleared
        /// An analyst confirmed it is the customer.
        case confirmed
    }

    /// The list's source (`ofac-sdn`, `un-consolidated`, …) and the version it was found in.
    public var list: String
    public var listVersion: String
    public var entityId: String
    /// The listed name (primary or alias) that matched.
    public var matchedName: String
    public var score: Double
    /// Which of the customer's names matched: `name.latin` or `name.original`.
    public var field: String
    public var state: State
    /// The alert it raised (set when stored).
    public var alertId: String?
    public var foundAt: String
    /// The matcher's reasons in words (token pairs, signals); no customer data beyond the name tokens.
    public var explanation: [String]
    /// `pep` when the listed entity is a politically exposed person (its list names the program
    /// `PEP`, or the list's source starts with `pep`): a confirmed PEP match makes the customer a PEP
    /// (enhanced due diligence), a confirmed sanctions match rejects. `nil` means sanctions.
    public var category: String?
    /// The listed entity's nationalities (to tell a domestic from a foreign PEP).
    public var entityNationalities: [String]?

    /// Whether the hit is on a PEP list rather than a sanctions list.
    public var isPEP: Bool { category == "pep" }

    public init(
        list: String, listVersion: String, entityId: String, matchedName: String, score: Double, field: String, state: State = .pending,
        alertId: String? = nil, foundAt: String, explanation: [String] = [], category: String? = nil, entityNationalities: [String]? = nil
    ) {
        self.category = category
        self.entityNationalities = entityNationalities
        self.list = list
        self.listVersion = listVersion
        self.entityId = entityId
        self.matchedName = matchedName
        self.score = score
        self.field = field
        self.state = state
        self.alertId = alertId
        self.foundAt = foundAt
        self.explanation = explanation
    }

    /// The key a hit is known by: one alert per customer, list and listed entity.
    public var key: String { "\(list)/\(entityId)" }
}

/// A payment card bound to a customer: only the vault's card token and what may be shown.
public struct BoundCard: Sendable, Hashable, Codable {
    /// The vault's card token (deterministic: the same card gives the same token).
    public var token: String
    public var brand: String?
    public var last4: String
    /// `YYYY-MM` when given.
    public var expiry: String?
    public var boundAt: String

    public init(token: String, brand: String?, last4: String, expiry: String?, boundAt: String) {
        self.token = token
        self.brand = brand
        self.last4 = last4
        self.expiry = expiry
        self.boundAt = boundAt
    }
}

/// An analyst's decision recorded on a customer.
public struct CustomerReviewEntry: Sendable, Hashable, Codable {
    public var at: String
    public var actor: String
    public var action: String
    public var fromStatus: CustomerStatus
    public var toStatus: CustomerStatus
    public var note: String?
    public var entityId: String?

    public init(at: String, actor: String, action: String, fromStatus: CustomerStatus, toStatus: CustomerStatus, note: String?, entityId: String?) {
        self.at = at
        self.actor = actor
        self.action = action
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.note = note
        self.entityId = entityId
    }
}

/// A customer as the home region's store keeps it. Personal data is not here: `record` names the
/// vault record that holds it sealed, and `fields` its tokens by field path; what is here is what
/// rating and review need (countries, products, channel, PEP status) and the decisions taken.
public struct Customer: Sendable, Hashable, Codable {
    /// `cus_` and 16 hex digits, or the caller's id.
    public var id: String
    public var kind: CustomerApplication.Kind
    public var customerType: CustomerRiskProfile.CustomerType
    /// The region whose vault holds the customer's personal data.
    public var region: String
    public var status: CustomerStatus
    public var residence: String
    public var nationality: String?
    public var products: [String]
    public var channel: CustomerRiskProfile.Channel
    public var pep: CustomerRiskProfile.PEPStatus
    /// The vault record holding the personal data, and its tokens by field path.
    public var record: String
    public var fields: [String: String]
    public var rating: RiskRating
    public var hits: [ScreeningHit]
    public var cards: [BoundCard]
    public var reviews: [CustomerReviewEntry]
    /// When an analyst recorded enhanced due diligence as completed.
    public var eddCompletedAt: String?
    /// The list versions (source → version) the customer was last screened against.
    public var screenedAgainst: [String: String]
    public var createdAt: String
    public var updatedAt: String
    /// Incremented by every change; a change may name the version it was read at.
    public var version: Int

    public init(
        id: String, kind: CustomerApplication.Kind, customerType: CustomerRiskProfile.CustomerType, region: String, status: CustomerStatus,
        residence: String, nationality: String?, products: [String], channel: CustomerRiskProfile.Channel, pep: CustomerRiskProfile.PEPStatus,
        record: String, fields: [String: String], rating: RiskRating, hits: [ScreeningHit], cards: [BoundCard] = [], reviews: [CustomerReviewEntry] = [],
        eddCompletedAt: String? = nil, screenedAgainst: [String: String], createdAt: String, updatedAt: String, version: Int = 1
    ) {
        self.id = id
        self.kind = kind
        self.customerType = customerType
        self.region = region
        self.status = status
        self.residence = residence
        self.nationality = nationality
        self.products = products
        self.channel = channel
        self.pep = pep
        self.record = record
        self.fields = fields
        self.rating = rating
        self.hits = hits
        self.cards = cards
        self.reviews = reviews
        self.eddCompletedAt = eddCompletedAt
        self.screenedAgainst = screenedAgainst
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// A new customer id: `cus_` and 64 random bits in hex.
    public static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "cus_" + String(format: "%016llx", generator.next() as UInt64)
    }

    /// The profile the risk model rates, from what is stored and the hits' states.
    public var riskProfile: CustomerRiskProfile {
        CustomerRiskProfile(
            type: customerType, residence: residence, nationalities: nationality.map { [$0] } ?? [], products: products, channel: channel, pep: pep,
            confirmedSanctionsHits: hits.filter { $0.state == .confirmed && !$0.isPEP }.count, pendingHits: hits.filter { $0.state == .pending }.count
        )
    }

    /// Canonical JSON (sorted keys): the stored row's detail, digested into the ledger.
    public var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Decodes a stored row's detail.
    public static func decode(_ detail: String) throws -> Customer {
        try JSONDecoder().decode(Customer.self, from: Data(detail.utf8))
    }
}

/// An analyst's decision on a customer.
public enum CustomerReviewAction: Sendable, Hashable {
    /// Every pending hit (or only `entityId`'s) is not the customer.
    case clear(entityId: String?, note: String)
    /// `entityId`'s hit is the customer: a confirmed sanctions match rejects the customer; a
    /// confirmed PEP match makes the customer a PEP (enhanced due diligence).
    case confirm(entityId: String, note: String)
    /// Enhanced due diligence was done (source of funds and wealth, senior approval, …).
    case completeEDD(note: String)
    /// The customer is refused.
    case reject(note: String)

    public var name: String {
        switch self {
        case .clear: "clear"
        case .confirm: "confirm"
        case .completeEDD: "complete_edd"
        case .reject: "reject"
        }
    }
}

/// Why a review action was refused: a stable code and a sentence.
public struct CustomerReviewError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The customer is rejected: nothing changes it any more.
        case customerRejected = "customer_rejected"
        case noteRequired = "note_required"
        /// No pending hit to clear or confirm (or none for that entity).
        case noPendingHit = "no_pending_hit"
        /// The customer does not need enhanced due diligence now (or has hits to resolve first).
        case eddNotRequired = "edd_not_required"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// The rules that move a customer between statuses, as values: screening and rating decide the
/// status at onboarding and after every re-screening; analysts' decisions go through
/// ``apply(_:to:actor:at:model:)``, which returns the changed customer or a refusal.
public enum CustomerLifecycle {
    /// The status that the rating and the hits call for. A prohibited rating or a confirmed sanctions hit
    /// rejects; an unresolved hit needs review; a rating that needs enhanced due diligence waits
    /// for it (unless it was recorded as done); otherwise the customer is active.
    public static func status(rating: RiskRating, hits: [ScreeningHit], eddCompleted: Bool) -> CustomerStatus {
        if rating.level == .prohibited || hits.contains(where: { $0.state == .confirmed && !$0.isPEP }) { return .rejected }
        if hits.contains(where: { $0.state == .pending }) { return .pendingReview }
        if rating.requiresEnhancedDueDiligence && !eddCompleted { return .eddRequired }
        return .active
    }

    /// Rates `customer` again and sets the status that follows (a rejected customer stays rejected).
    public static func reassess(_ customer: inout Customer, model: RiskModel) {
        if case .success(let rating) = model.rate(customer.riskProfile) { customer.rating = rating }
        guard customer.status != .rejected else { return }
        customer.status = status(rating: customer.rating, hits: customer.hits, eddCompleted: customer.eddCompletedAt != nil)
    }

    /// Adds the hits of a new screening that the customer does not have yet (one per list and
    /// entity: a hit cleared before is not raised again for the same entity). Returns the hits
    /// added; the customer is reassessed when there are any.
    public static func addHits(_ found: [ScreeningHit], to customer: inout Customer, versions: [String: String], at: String, model: RiskModel) -> [ScreeningHit] {
        let known = Set(customer.hits.map(\.key))
        var added: [ScreeningHit] = []
        var seen: Set<String> = []
        for hit in found where !known.contains(hit.key) && seen.insert(hit.key).inserted { added.append(hit) }
        customer.screenedAgainst = versions
        guard !added.isEmpty else { return [] }
        customer.hits += added
        customer.updatedAt = at
        reassess(&customer, model: model)
        return added
    }

    /// Applies an analyst's decision.
    public static func apply(_ action: CustomerReviewAction, to customer: Customer, actor: String, at: String, model: RiskModel) -> Result<Customer, CustomerReviewError> {
        guard customer.status != .rejected else {
            return .failure(CustomerReviewError(.customerRejected, "customer \(customer.id) is rejected; a rejection is final"))
        }
        var changed = customer
        let note: String
        var entity: String?
        switch action {
        case .clear(let entityId, let text):
            note = text
            entity = entityId
            guard resolve(&changed, entityId: entityId, as: .cleared) else { return .failure(noPending(customer, entityId)) }
        case .confirm(let entityId, let text):
            note = text
            entity = entityId
            guard resolve(&changed, entityId: entityId, as: .confirmed) else { return .failure(noPending(customer, entityId)) }
            // A confirmed PEP match makes the customer a PEP: domestic when the listed person shares
            // the customer's nationality or residence, else foreign (the stricter of the two wins).
            for hit in changed.hits where hit.entityId == entityId && hit.isPEP && hit.state == .confirmed {
                let countries = Set([changed.nationality, changed.residence].compactMap { $0 })
                let domestic = !(hit.entityNationalities ?? []).isEmpty && !Set(hit.entityNationalities ?? []).isDisjoint(with: countries)
                let found: CustomerRiskProfile.PEPStatus = domestic ? .domestic : .foreign
                if changed.pep == .none || (changed.pep == .domestic && found == .foreign) { changed.pep = found }
            }
        case .completeEDD(let text):
            note = text
            guard customer.status == .eddRequired else {
                return .failure(CustomerReviewError(.eddNotRequired, "customer \(customer.id) is \(customer.status.rawValue), not edd_required"))
            }
            changed.eddCompletedAt = at
        case .reject(let text):
            note = text
        }
        guard note.trimmingCharacters(in: .whitespacesAndNewlines).count >= 3 else {
            return .failure(CustomerReviewError(.noteRequired, "a review decision needs a note of at least 3 characters"))
        }
        if case .reject = action {
            changed.status = .rejected
        } else {
            reassess(&changed, model: model)
        }
        changed.reviews.append(
            CustomerReviewEntry(at: at, actor: actor, action: action.name, fromStatus: customer.status, toStatus: changed.status, note: note, entityId: entity)
        )
        changed.updatedAt = at
        changed.version += 1
        return .success(changed)
    }

    private static func resolve(_ customer: inout Customer, entityId: String?, as state: ScreeningHit.State) -> Bool {
        var touched = false
        for index in customer.hits.indices where customer.hits[index].state == .pending && (entityId == nil || customer.hits[index].entityId == entityId) {
            customer.hits[index].state = state
            touched = true
        }
        return touched
    }

    private static func noPending(_ customer: Customer, _ entityId: String?) -> CustomerReviewError {
        CustomerReviewError(.noPendingHit, entityId.map { "customer \(customer.id) has no pending hit for entity \($0)" } ?? "customer \(customer.id) has no pending hit")
    }

    /// The alerts for the customer's pending hits that have none yet; each such hit records its
    /// alert's id.
    public static func raiseAlerts(for customer: inout Customer) -> [Alert] {
        var alerts: [Alert] = []
        for index in customer.hits.indices where customer.hits[index].alertId == nil && customer.hits[index].state == .pending {
            let raised = alert(for: customer.hits[index], customer: customer)
            customer.hits[index].alertId = raised.id
            alerts.append(raised)
        }
        return alerts
    }

    /// The alert for a new hit: source `screening`, about the customer, `block` for a sanctions
    /// list match (no payment until resolved), with the match's reasons as evidence.
    public static func alert(for hit: ScreeningHit, customer: Customer, id: String = Alert.newID()) -> Alert {
        Alert(
            id: id, createdAt: hit.foundAt, occurredAt: hit.foundAt, source: .screening, sourceID: "\(customer.id)/\(hit.key)", party: customer.id,
            outcome: .review, score: hit.score, scenarioVersion: "\(hit.list)@\(hit.listVersion)",
            scenarios: [
                MatchedScenario(
                    id: "screening.\(hit.list)", description: "possible \(hit.isPEP ? "PEP" : "sanctions") match on \(hit.list) entity \(hit.entityId)", score: hit.score,
                    evidence: ["\(hit.field) matched \"\(hit.matchedName)\" (entity \(hit.entityId), score \(String(format: "%.3f", hit.score)))"] + hit.explanation
                )
            ],
            typologies: [hit.isPEP ? "pep-match" : "screening-match"]
        )
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// A proposed movement of data out of its home jurisdiction.
public struct TransferRequest: Sendable, Hashable {
    /// The exporting jurisdiction's code (e.g. `EU`).
    public var from: String
    /// The destination country (ISO 3166-1 alpha-2).
    public var to: String
    public var categories: Set<DataCategory>
    /// The mechanisms the organisation has declared for this recipient (e.g. `scc-2021/914`, `bcr`).
    public var mechanisms: Set<String>
    /// The day of the transfer (`YYYY-MM-DD`): rules apply from their effective date to their end.
    public var date: String
    /// Whether only tokens leave: the values stay in the home vault. Only rules that cover tokens
    /// (``TransferRule/coversTokens``) apply to such a request.
    public var tokenised: Bool

    public init(
        from: String, to: String, categories: Set<DataCategory>, mechanisms: Set<String> = [], date: String, tokenised: Bool = false
    ) {
        self.from = from
        self.to = to
        self.categories = categories
        self.mechanisms = mechanisms
        self.date = date
        self.tokenised = tokenised
    }
}

/// The decision for one category of a request, with the rule it comes from.
public struct CategoryDecision: Sendable, Hashable {
    public var category: DataCategory
    /// `allow`, `allowTokenisedOnly` or `deny` (a rule requiring a mechanism resolves to one of them).
    public var outcome: TransferOutcome
    /// The rule applied; `nil` when no rule covers the movement: denied (the catalogue fails closed),
    /// or, for a tokenised request, allowed because no rule covering tokens applies.
    public var ruleID: String?
    public var source: String?
    /// Why, in words an analyst understands.
    public var reason: String
}

/// The decision for a request: the most restrictive of its categories' decisions.
public struct TransferDecision: Sendable, Hashable {
    public var outcome: TransferOutcome
    public var categories: [CategoryDecision]
}

/// Decides transfers from a catalogue, like a certificate policy: a value that returns a result
/// with its reasons.
///
/// For each category, the applicable rules are those of the exporting jurisdiction in force on the
/// day whose destinations include the country; the most specific wins — a rule naming the country,
/// then one naming a jurisdiction that contains it, then `*`; at equal reach, a rule naming the
/// category beats one for every category. `require_mechanism` becomes `allow` when the request
/// declares one of the rule's mechanisms and `deny` otherwise. No applicable rule means `deny`.
///
/// A tokenised request (only tokens leave, the values stay in the home vault) is judged only by the
/// rules that cover tokens; when none applies, the category is allowed without a rule, and a
/// covering `allow_tokenised_only` rule is met by the tokens, so it allows.
public struct TransferPolicy: Sendable {
    public let catalogue: JurisdictionCatalogue
    private let members: [String: Set<String>]

    public init(catalogue: JurisdictionCatalogue) {
        self.catalogue = catalogue
        var members: [String: Set<String>] = [:]
        for jurisdiction in catalogue.jurisdictions { members[jurisdiction.code] = Set(jurisdiction.countries) }
        self.members = members
    }

    public func decide(_ request: TransferRequest) -> TransferDecision {
        let decisions = request.categories.sorted { $0.rawValue < $1.rawValue }.map { decide(request, category: $0) }
        let order: [TransferOutcome: Int] = [.allow: 0, .allowTokenisedOnly: 1, .requireMechanism: 2, .deny: 3]
        let worst = decisions.map(\.outcome).max { order[$0]! < order[$1]! } ?? .deny
        return TransferDecision(outcome: worst, categories: decisions)
    }

    private func decide(_ request: TransferRequest, category: DataCategory) -> CategoryDecision {
        var best: (rule: TransferRule, score: Int)?
        for rule in catalogue.rules where rule.from == request.from && (rule.coversTokens || !request.tokenised) {
            guard rule.effective <= request.date, rule.expires.map({ request.date <= $0 }) ?? true else { continue }
            guard rule.categories.isEmpty || rule.categories.contains(category) else { continue }
            var reach = -1
            for destination in rule.to {
                if destination == request.to {
                    reach = max(reach, 2)
                } else if members[destination]?.contains(request.to) == true {
                    reach = max(reach, 1)
                } else if destination == "*" {
                    reach = max(reach, 0)
                }
            }
            guard reach >= 0 else { continue }
            let score = reach * 2 + (rule.categories.isEmpty ? 0 : 1)
            if best == nil || score > best!.score { best = (rule, score) }
        }
        guard let rule = best?.rule else {
            if request.tokenised {
                return CategoryDecision(
                    category: category, outcome: .allow, ruleID: nil, source: nil,
                    reason: "Only tokens of \(category.rawValue) data leave \(request.from) for \(request.to); the values stay in the home vault, "
                        + "and no rule of catalogue \(catalogue.version) covering tokens applies."
                )
            }
            return CategoryDecision(
                category: category, outcome: .deny, ruleID: nil, source: nil,
                reason: "no rule of catalogue \(catalogue.version) covers \(category.rawValue) data from \(request.from) to \(request.to)"
            )
        }
        switch rule.outcome {
        case .requireMechanism:
            if let mechanism = rule.mechanisms.first(where: request.mechanisms.contains) {
                return CategoryDecision(
                    category: category, outcome: .allow, ruleID: rule.id, source: rule.source,
                    reason: "\(rule.summary) Declared mechanism: \(mechanism)."
                )
            }
            return CategoryDecision(
                category: category, outcome: .deny, ruleID: rule.id, source: rule.source,
                reason: "\(rule.summary) None of \(rule.mechanisms.joined(separator: ", ")) is declared for this recipient."
            )
        case .allowTokenisedOnly where request.tokenised:
            return CategoryDecision(
                category: category, outcome: .allow, ruleID: rule.id, source: rule.source,
                reason: "\(rule.summary) Only tokens leave; the values stay in the home vault."
            )
        default:
            return CategoryDecision(category: category, outcome: rule.outcome, ruleID: rule.id, source: rule.source, reason: rule.summary)
        }
    }
}

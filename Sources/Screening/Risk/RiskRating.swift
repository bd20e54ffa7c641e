// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
public import Monitor

/// What the customer risk model looks at: who the customer is, where they are, what they use and
/// how they came, whether they are politically exposed, and what screening found.
public struct CustomerRiskProfile: Sendable, Hashable {
    public enum CustomerType: String, Sendable, Hashable, Codable, CaseIterable {
        case individual
        /// A natural person trading under their own name.
        case soleTrader = "sole_trader"
        case company
        /// Trusts, foundations and other arrangements whose owners are hard to see.
        case trust
        case nonprofit
    }

    /// How the customer was onboarded.
    public enum Channel: String, Sendable, Hashable, Codable, CaseIterable {
        case faceToFace = "face_to_face"
        /// Remote with an identity document checked (MRZ, national ID check digits) and a liveness check.
        case remoteVerified = "remote_verified"
        /// Remote without such checks.
        case remote
        /// Through an introducer or another institution.
        case intermediary
    }

    /// Politically exposed person status (FATF Recommendation 12), including family members and
    /// close associates, who are treated as the person.
    public enum PEPStatus: String, Sendable, Hashable, Codable, CaseIterable {
        case none
        case domestic
        case foreign
        /// A senior function at an international organisation.
        case internationalOrganization = "international_organization"
    }

    public var type: CustomerType
    /// ISO 3166-1 alpha-2 of the residence (or incorporation for an organisation).
    public var residence: String
    public var nationalities: [String]
    /// Products the customer will use (ids of ``RiskModel/products``, e.g. `cross_border_payments`).
    public var products: [String]
    public var channel: Channel
    public var pep: PEPStatus
    /// Screening matches an analyst confirmed as the customer (sanctions): onboarding is prohibited.
    public var confirmedSanctionsHits: Int
    /// Screening matches not yet resolved by an analyst.
    public var pendingHits: Int

    public init(
        type: CustomerType, residence: String, nationalities: [String] = [], products: [String] = [], channel: Channel, pep: PEPStatus = .none,
        confirmedSanctionsHits: Int = 0, pendingHits: Int = 0
    ) {
        self.type = type
        self.residence = residence
        self.nationalities = nationalities
        self.products = products
        self.channel = channel
        self.pep = pep
        self.confirmedSanctionsHits = confirmedSanctionsHits
        self.pendingHits = pendingHits
    }
}

/// One reason behind a rating: which factor, how many points, in words.
public struct RiskFactor: Sendable, Hashable, Codable {
    /// Stable id, e.g. `geography.call_for_action`, `pep.foreign`.
    public var id: String
    public var points: Int
    public var reason: String

    public init(id: String, points: Int, reason: String) {
        self.id = id
        self.points = points
        self.reason = reason
    }
}

/// A customer's risk rating with its reasons.
public struct RiskRating: Sendable, Hashable, Codable {
    public enum Level: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case low, medium, high
        /// Onboarding is not allowed (a confirmed sanctions match, or a jurisdiction the model refuses).
        case prohibited

        var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
    }

    public var level: Level
    public var score: Int
    public var factors: [RiskFactor]
    /// Enhanced due diligence must be completed (and approved) before the account is active.
    public var requiresEnhancedDueDiligence: Bool
    /// Why EDD is required, when it is.
    public var eddReasons: [String]
    public var modelVersion: String

    public init(level: Level, score: Int, factors: [RiskFactor], requiresEnhancedDueDiligence: Bool, eddReasons: [String], modelVersion: String) {
        self.level = level
        self.score = score
        self.factors = factors
        self.requiresEnhancedDueDiligence = requiresEnhancedDueDiligence
        self.eddReasons = eddReasons
        self.modelVersion = modelVersion
    }
}

/// The documented CDD/EDD model: points per factor, summed; thresholds turn the sum into low,
/// medium or high. Some facts decide on their own: a confirmed sanctions match, or residence or
/// nationality in a FATF call-for-action jurisdiction when ``refuseCallForAction`` is set, is
/// `prohibited`; a foreign PEP, a FATF-listed geography or a `high` level needs enhanced due
/// diligence. The model is a value: an organisation can change points and thresholds and record the
/// version it applied with every rating.
public struct RiskModel: Sendable, Hashable {
    public var version: String
    public var jurisdictions: HighRiskJurisdictions
    /// Points per customer type.
    public var customerTypes: [CustomerRiskProfile.CustomerType: Int]
    /// Points per onboarding channel.
    public var channels: [CustomerRiskProfile.Channel: Int]
    /// Points per PEP status.
    public var pep: [CustomerRiskProfile.PEPStatus: Int]
    /// Points per product id; unknown products are refused by ``rate(_:)`` with a reason.
    public var products: [String: Int]
    /// Points for a residence or nationality on FATF's increased-monitoring list, and on its
    /// call-for-action list (when not refused).
    public var increasedMonitoringPoints: Int
    public var callForActionPoints: Int
    /// Refuse customers resident in, or nationals of, a call-for-action jurisdiction.
    public var refuseCallForAction: Bool
    /// Points per unresolved screening match.
    public var pendingHitPoints: Int
    /// Sums from which a rating is medium, and high.
    public var mediumFrom: Int
    public var highFrom: Int

    public init(
        version: String, jurisdictions: HighRiskJurisdictions, customerTypes: [CustomerRiskProfile.CustomerType: Int],
        channels: [CustomerRiskProfile.Channel: Int], pep: [CustomerRiskProfile.PEPStatus: Int], products: [String: Int], increasedMonitoringPoints: Int,
        callForActionPoints: Int, refuseCallForAction: Bool, pendingHitPoints: Int, mediumFrom: Int, highFrom: Int
    ) {
        self.version = version
        self.jurisdictions = jurisdictions
        self.customerTypes = customerTypes
        self.channels = channels
        self.pep = pep
        self.products = products
        self.increasedMonitoringPoints = increasedMonitoringPoints
        self.callForActionPoints = callForActionPoints
        self.refuseCallForAction = refuseCallForAction
        self.pendingHitPoints = pendingHitPoints
        self.mediumFrom = mediumFrom
        self.highFrom = highFrom
    }

    /// The shipped model (`strait-risk-2026.11.1`).
    public static let standard = RiskModel(
        version: "strait-risk-2026.11.1",
        jurisdictions: .shipped,
        customerTypes: [.individual: 0, .soleTrader: 5, .company: 10, .nonprofit: 15, .trust: 25],
        channels: [.faceToFace: 0, .remoteVerified: 5, .intermediary: 10, .remote: 20],
        pep: [.none: 0, .domestic: 30, .internationalOrganization: 30, .foreign: 50],
        products: [
            "domestic_payments": 0, "savings": 0, "cards": 5, "cross_border_payments": 10, "prepaid_cards": 15, "cash_services": 20,
            "high_value_transfers": 20, "virtual_assets": 25, "correspondent_services": 30,
        ],
        increasedMonitoringPoints: 25,
        callForActionPoints: 60,
        refuseCallForAction: true,
        pendingHitPoints: 30,
        mediumFrom: 25,
        highFrom: 50
    )

    /// Why a profile cannot be rated.
    public struct ProfileError: Error, Sendable, Hashable, CustomStringConvertible {
        public var field: String
        public var message: String
        public var description: String { "\(field): \(message)" }
    }

    /// Rates a customer: every factor that adds points is a reason, in the order the model looks at them.
    public func rate(_ profile: CustomerRiskProfile) -> Result<RiskRating, ProfileError> {
        var factors: [RiskFactor] = []
        var edd: [String] = []
        var prohibited: [String] = []
        func add(_ id: String, _ points: Int, _ reason: String) {
            if points != 0 { factors.append(RiskFactor(id: id, points: points, reason: reason)) }
        }
        guard Self.isCountry(profile.residence) else {
            return .failure(ProfileError(field: "residence", message: "must be an ISO 3166-1 alpha-2 code"))
        }
        if let bad = profile.nationalities.first(where: { !Self.isCountry($0) }) {
            return .failure(ProfileError(field: "nationalities", message: "\(bad) is not an ISO 3166-1 alpha-2 code"))
        }
        if let unknown = profile.products.first(where: { products[$0] == nil }) {
            return .failure(ProfileError(field: "products", message: "\(unknown) is not a product of model \(version) (\(products.keys.sorted().joined(separator: ", ")))"))
        }
        add("customer.\(profile.type.rawValue)", customerTypes[profile.type] ?? 0, "customer type \(profile.type.rawValue)")
        // Geography: residence and every nationality; each listed country counts once, at its level.
        var seen: Set<String> = []
        for (role, country) in [("residence", profile.residence)] + profile.nationalities.map({ ("nationality", $0) }) where seen.insert(country).inserted {
            switch jurisdictions.level(of: country) {
            case .callForAction?:
                add("geography.call_for_action", callForActionPoints, "\(role) \(country) is on FATF's call-for-action list (\(jurisdictions.published))")
                edd.append("\(role) \(country) on FATF's call-for-action list")
                if refuseCallForAction { prohibited.append("\(role) \(country) is on FATF's call-for-action list") }
            case .increasedMonitoring?:
                add("geography.increased_monitoring", increasedMonitoringPoints, "\(role) \(country) is under FATF increased monitoring (\(jurisdictions.published))")
                edd.append("\(role) \(country) under FATF increased monitoring")
            case nil:
                break
            }
        }
        for product in Set(profile.products).sorted() { add("product.\(product)", products[product] ?? 0, "product \(product)") }
        add("channel.\(profile.channel.rawValue)", channels[profile.channel] ?? 0, "onboarded \(profile.channel.rawValue.replacingOccurrences(of: "_", with: " "))")
        if profile.pep != .none {
            add("pep.\(profile.pep.rawValue)", pep[profile.pep] ?? 0, "politically exposed person (\(profile.pep.rawValue.replacingOccurrences(of: "_", with: " ")))")
            if profile.pep == .foreign { edd.append("foreign politically exposed person") }
        }
        if profile.pendingHits > 0 {
            add("screening.pending", pendingHitPoints * profile.pendingHits, "\(profile.pendingHits) screening match(es) not yet resolved")
        }
        if profile.confirmedSanctionsHits > 0 {
            factors.append(RiskFactor(id: "screening.confirmed", points: 0, reason: "\(profile.confirmedSanctionsHits) confirmed sanctions match(es)"))
            prohibited.append("a confirmed sanctions match")
        }
        let score = factors.reduce(0) { $0 + $1.points }
        var level: RiskRating.Level = score >= highFrom ? .high : score >= mediumFrom ? .medium : .low
        if !prohibited.isEmpty { level = .prohibited }
        if level == .high { edd.append("risk score \(score) at or above \(highFrom)") }
        return .success(
            RiskRating(
                level: level, score: score, factors: factors, requiresEnhancedDueDiligence: level >= .high || !edd.isEmpty,
                eddReasons: level == .prohibited ? prohibited : edd, modelVersion: version
            )
        )
    }

    static func isCountry(_ code: String) -> Bool {
        code.utf8.count == 2 && code.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }
    }
}

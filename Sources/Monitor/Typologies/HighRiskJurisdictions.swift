// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Foundation

/// FATF's lists of jurisdictions with strategic AML/CFT deficiencies, as published on a date: the
/// "call for action" (high-risk) list and the "increased monitoring" (grey) list.
///
/// The shipped lists are the ones FATF published after its plenary of June 2025; load a newer
/// file (same JSON layout) when FATF updates them.
public struct HighRiskJurisdictions: Sendable, Hashable, Codable {
    public enum Level: Int, Sendable, Hashable, Codable {
        case increasedMonitoring = 1
        case callForAction = 2

        public var title: String { self == .callForAction ? "call for action" : "increased monitoring" }
    }

    /// The publication the lists come from, e.g. `2025-06-13`.
    public var published: String
    public var source: String
    public var callForAction: [String]
    public var increasedMonitoring: [String]

    public func level(of country: String) -> Level? {
        if callForAction.contains(country) { return .callForAction }
        if increasedMonitoring.contains(country) { return .increasedMonitoring }
        return nil
    }

    /// Reads the lists from JSON (`published`, `source`, `callForAction`, `increasedMonitoring`).
    public static func decode(_ data: Data) throws -> HighRiskJurisdictions {
        let lists = try JSONDecoder().decode(HighRiskJurisdictions.self, from: data)
        for code in lists.callForAction + lists.increasedMonitoring where code.count != 2 || !code.allSatisfy({ $0.isUppercase && $0.isASCII }) {
            throw ScenarioError("high-risk jurisdictions", "\(code) is not an ISO 3166-1 alpha-2 code")
        }
        return lists
    }

    /// The lists shipped with Strait.
    public static let shipped = HighRiskJurisdictions(
        published: "2025-06-13",
        source: "FATF, High-Risk Jurisdictions subject to a Call for Action and Jurisdictions under Increased Monitoring, June 2025",
        callForAction: ["KP", "IR", "MM"],
        increasedMonitoring: [
            "DZ", "AO", "BO", "BG", "BF", "CM", "CI", "HR", "CD", "HT", "KE", "LA", "LB", "MC", "MZ", "NA", "NP", "NG", "ZA", "SS", "SY", "TZ", "VE",
            "VN", "VG", "YE",
        ]
    )
}

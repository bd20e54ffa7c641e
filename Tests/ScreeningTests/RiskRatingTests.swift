// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Monitor
import Screening
import Testing

@Suite("Customer risk rating")
struct RiskRatingTests {
    let model = RiskModel.standard

    func rate(_ profile: CustomerRiskProfile) throws -> RiskRating {
        try model.rate(profile).get()
    }

    @Test("an ordinary resident individual onboarded in person for domestic payments is low, with no factor and no EDD")
    func low() throws {
        let rating = try rate(CustomerRiskProfile(type: .individual, residence: "DE", nationalities: ["DE"], products: ["domestic_payments"], channel: .faceToFace))
        #expect(rating.level == .low && rating.score == 0 && rating.factors.isEmpty && !rating.requiresEnhancedDueDiligence)
        #expect(rating.modelVersion == "strait-risk-2026.11.1")
    }

    @Test("points add up per factor, each a reason: a company onboarded remotely for cross-border payments is medium")
    func medium() throws {
        let rating = try rate(CustomerRiskProfile(type: .company, residence: "SG", products: ["cross_border_payments", "cards"], channel: .remoteVerified))
        #expect(rating.factors.map(\.id) == ["customer.company", "product.cards", "product.cross_border_payments", "channel.remote_verified"])
        #expect(rating.score == 10 + 5 + 10 + 5)
        #expect(rating.level == .medium && !rating.requiresEnhancedDueDiligence)
    }

    @Test("a foreign PEP always needs enhanced due diligence; a high score needs it too and says why")
    func pepAndHigh() throws {
        let pep = try rate(CustomerRiskProfile(type: .individual, residence: "FR", products: ["savings"], channel: .faceToFace, pep: .foreign))
        #expect(pep.level == .high && pep.requiresEnhancedDueDiligence)
        #expect(pep.eddReasons.contains("foreign politically exposed person"))
        let domestic = try rate(CustomerRiskProfile(type: .individual, residence: "FR", channel: .faceToFace, pep: .domestic))
        #expect(domestic.level == .medium && !domestic.requiresEnhancedDueDiligence)
        let trust = try rate(CustomerRiskProfile(type: .trust, residence: "GB", products: ["virtual_assets"], channel: .remote))
        #expect(trust.score == 25 + 25 + 20 && trust.level == .high && trust.eddReasons.contains { $0.contains("risk score 70") })
    }

    @Test("geography: FATF grey-list residence adds points and EDD; a call-for-action nationality is prohibited")
    func geography() throws {
        let grey = try rate(CustomerRiskProfile(type: .individual, residence: "VN", nationalities: ["VN"], channel: .faceToFace))
        #expect(grey.factors.map(\.id) == ["geography.increased_monitoring"], "each listed country counts once")
        #expect(grey.level == .medium && grey.requiresEnhancedDueDiligence)
        #expect(grey.factors.first?.reason.contains("2025-06-13") == true)
        let black = try rate(CustomerRiskProfile(type: .individual, residence: "DE", nationalities: ["DE", "KP"], channel: .faceToFace))
        #expect(black.level == .prohibited && black.eddReasons.contains { $0.contains("KP") })
        var lenient = model
        lenient.refuseCallForAction = false
        let allowed = try lenient.rate(CustomerRiskProfile(type: .individual, residence: "IR", channel: .faceToFace)).get()
        #expect(allowed.level == .high && allowed.requiresEnhancedDueDiligence)
    }

    @Test("screening: pending matches add points; a confirmed sanctions match prohibits onboarding")
    func screening() throws {
        let pending = try rate(CustomerRiskProfile(type: .individual, residence: "DE", channel: .faceToFace, pendingHits: 1))
        #expect(pending.level == .medium && pending.factors.map(\.id) == ["screening.pending"])
        let confirmed = try rate(CustomerRiskProfile(type: .individual, residence: "DE", channel: .faceToFace, confirmedSanctionsHits: 1))
        #expect(confirmed.level == .prohibited && confirmed.eddReasons == ["a confirmed sanctions match"])
    }

    @Test("bad profiles are refused naming the field")
    func refused() {
        #expect(throws: RiskModel.ProfileError.self) { try model.rate(CustomerRiskProfile(type: .individual, residence: "Germany", channel: .faceToFace)).get() }
        #expect(throws: RiskModel.ProfileError.self) { try model.rate(CustomerRiskProfile(type: .individual, residence: "DE", nationalities: ["de"], channel: .faceToFace)).get() }
        let unknown = model.rate(CustomerRiskProfile(type: .individual, residence: "DE", products: ["lottery"], channel: .faceToFace))
        guard case .failure(let error) = unknown else { Issue.record("an unknown product must be refused"); return }
        #expect(error.field == "products" && error.message.contains("lottery"))
    }
}

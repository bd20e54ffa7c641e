// Strait — compliance gateway for cross-border fintech. Apache-2.0.

extension ScenarioDocument {
    /// The scenarios Strait ships: every typology with its default parameters, scored so that a
    /// strong single pattern or two weaker ones together reach review (50), and a call-for-action
    /// jurisdiction or several patterns together reach block (100). A failed KYC check holds both
    /// KYC scenarios (80: review); a pending or expired one, or a high risk rating, adds 30.
    public static let defaults = ScenarioDocument(
        version: "strait-default-2026.11.2",
        thresholds: .init(review: 50, block: 100),
        scenarios: [
            .init(id: "call-for-action-jurisdiction", description: "a side of the payment is in a FATF call-for-action jurisdiction",
                  when: [.init(typology: "high-risk-jurisdiction", value: 2)], score: 100),
            .init(id: "monitored-jurisdiction", description: "a side of the payment is in a jurisdiction under FATF increased monitoring",
                  when: [.init(typology: "high-risk-jurisdiction")], score: 30),
            .init(id: "structuring", description: "repeated payments just under the reporting threshold", when: [.init(typology: "structuring")], score: 60),
            .init(id: "split-payments", description: "one sum split among several beneficiaries below the threshold",
                  when: [.init(typology: "split-payments")], score: 50),
            .init(id: "repeated-payments", description: "several payments to the same beneficiary within a day",
                  when: [.init(typology: "repeated-payments")], score: 30),
            .init(id: "repeated-unusual-payments", description: "repeated payments to one beneficiary in amounts unusual for the account",
                  when: [.init(typology: "repeated-payments"), .init(typology: "amount-anomaly")], score: 30),
            .init(id: "cycle", description: "money returns to where it started through a chain of accounts", when: [.init(typology: "cycle")], score: 60),
            .init(id: "scatter-gather", description: "money from one origin reaches one account through several intermediaries",
                  when: [.init(typology: "scatter-gather")], score: 50),
            .init(id: "gather-scatter", description: "an account collects from many and pays out to many within days",
                  when: [.init(typology: "gather-scatter")], score: 20),
            .init(id: "fan-in", description: "an account is paid by unusually many distinct accounts", when: [.init(typology: "fan-in")], score: 20),
            .init(id: "fan-out", description: "an account pays unusually many distinct accounts", when: [.init(typology: "fan-out")], score: 20),
            .init(id: "rapid-movement", description: "money passed on soon after it arrived", when: [.init(typology: "rapid-movement")], score: 20),
            .init(id: "amount-anomaly", description: "an amount unusual for this account", when: [.init(typology: "amount-anomaly")], score: 30),
            .init(id: "amount-anomaly-new-beneficiary", description: "an unusual amount to a beneficiary never paid before",
                  when: [.init(typology: "amount-anomaly"), .init(feature: "new_beneficiary", op: "==", value: 1)], score: 20),
            .init(id: "new-device-high-value", description: "a large payment soon after a login from a new device",
                  when: [.init(typology: "new-device-high-value")], score: 60),
            .init(id: "impossible-travel", description: "two logins too far apart for the time between them",
                  when: [.init(typology: "impossible-travel")], score: 60),
            .init(id: "remote-login-burst", description: "many logins from countries the customer does not use",
                  when: [.init(typology: "remote-login-burst")], score: 60),
            .init(id: "failed-login-burst", description: "a successful login after many failed ones", when: [.init(typology: "failed-login-burst")], score: 50),
            .init(id: "dormant-reactivation", description: "a long-dormant account pays again", when: [.init(typology: "dormant-reactivation")], score: 30),
            .init(id: "kyc-failed", description: "the paying customer failed identity verification (KYC)",
                  when: [.init(typology: "kyc-risk", value: 2)], score: 50),
            .init(id: "kyc-risk", description: "the paying customer's KYC failed, is pending or expired, or the customer is rated high risk",
                  when: [.init(typology: "kyc-risk")], score: 30),
            .init(id: "cross-region-burst", description: "the customer's payments came through several regions within a short time",
                  when: [.init(typology: "cross-region-burst")], score: 50),
        ]
    )
}

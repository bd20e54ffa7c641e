// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// A payment as Monitor sees it: who paid whom, how much, when and from where.
///
/// Accounts are opaque keys (an account reference or a token); amounts are in major units of
/// `currency` (Monitor compares an account's amounts with its own history, so no conversion is
/// needed for behaviour; typologies with absolute thresholds name their currency).
public struct MonitoredTransaction: Sendable, Hashable {
    public var id: String
    /// Seconds since the Unix epoch.
    public var time: Int64
    public var from: String
    public var to: String
    public var amount: Double
    public var currency: String
    /// ISO 3166-1 alpha-2 countries of the two sides, when known.
    public var fromCountry: String?
    public var toCountry: String?
    /// The parties behind the accounts, when known (a party may hold several accounts).
    public var fromParty: String?
    public var toParty: String?
    /// The device the payment was made from, when known.
    public var device: String?
    /// The region (Strait node) that received the payment, when known.
    public var region: String?

    public init(
        id: String, time: Int64, from: String, to: String, amount: Double, currency: String = "", fromCountry: String? = nil, toCountry: String? = nil,
        fromParty: String? = nil, toParty: String? = nil, device: String? = nil, region: String? = nil
    ) {
        self.id = id
        self.time = time
        self.from = from
        self.to = to
        self.amount = amount
        self.currency = currency
        self.fromCountry = fromCountry
        self.toCountry = toCountry
        self.fromParty = fromParty
        self.toParty = toParty
        self.device = device
        self.region = region
    }
}

/// A login attempt of a party.
public struct MonitoredLogin: Sendable, Hashable, Codable {
    public enum Result: String, Sendable, Hashable, Codable { case success, failure }

    public var id: String
    /// Seconds since the Unix epoch.
    public var time: Int64
    public var party: String
    public var clientIP: String?
    public var country: String?
    public var latitude: Double?
    public var longitude: Double?
    public var device: String?
    public var result: Result

    public init(
        id: String, time: Int64, party: String, clientIP: String? = nil, country: String? = nil, latitude: Double? = nil, longitude: Double? = nil,
        device: String? = nil, result: Result
    ) {
        self.id = id
        self.time = time
        self.party = party
        self.clientIP = clientIP
        self.country = country
        self.latitude = latitude
        self.longitude = longitude
        self.device = device
        self.result = result
    }
}

/// The outcome of a KYC (identity verification) check of a party, as the KYC provider or the
/// onboarding system reports it. Monitor keeps the latest one per party and judges the party's
/// payments against it (`kyc-risk`, the `party_kyc_status` and `party_risk` features).
public struct MonitoredKYCOutcome: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case verified, failed, pending, expired
    }

    public enum RiskRating: String, Sendable, Hashable, Codable, CaseIterable {
        case low, medium, high
    }

    public var id: String
    /// Seconds since the Unix epoch: when the outcome was decided.
    public var time: Int64
    public var party: String
    public var status: Status
    /// The party's risk rating, when the outcome carries one.
    public var riskRating: RiskRating?
    /// Free reason codes, e.g. `document_expired`, `name_mismatch`.
    public var reasons: [String]

    public init(id: String, time: Int64, party: String, status: Status, riskRating: RiskRating? = nil, reasons: [String] = []) {
        self.id = id
        self.time = time
        self.party = party
        self.status = status
        self.riskRating = riskRating
        self.reasons = reasons
    }
}

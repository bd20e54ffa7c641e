// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// The features of one payment, measured against the state of its two accounts just before it.
///
/// Window figures exclude the payment itself. ``value(of:)`` reads a feature by name, for the
/// conditions of scenario files.
public struct TransactionFeatures: Sendable, Hashable {
    public var amount: Double = 0
    /// Robust deviations of log(amount) from the sender's usual amounts (0 without history).
    public var amountScore: Double = 0
    /// Payments the sender made before.
    public var senderHistory: Int = 0
    /// The sender's money out over the last hour, day, 7 and 30 days.
    public var outHour = Tally()
    public var outDay = Tally()
    public var outWeek = Tally()
    public var outMonth = Tally()
    /// The sender's money in over the last day and 7 days.
    public var senderInDay = Tally()
    public var senderInWeek = Tally()
    /// The beneficiary's money in over the last day and 7 days.
    public var receiverInDay = Tally()
    public var receiverInWeek = Tally()
    /// Distinct beneficiaries of the sender and distinct senders to the beneficiary in 7 days (this payment included).
    public var distinctBeneficiariesWeek: Int = 0
    public var distinctSendersWeek: Int = 0
    /// Seconds since the sender's previous payment (-1: none).
    public var secondsSincePrevious: Double = -1
    /// Days since the sender's previous activity of any kind (-1: new account).
    public var dormantDays: Double = -1
    /// Days since the sender was first seen.
    public var senderAgeDays: Double = 0
    public var newBeneficiary = false
    public var newCountry = false
    public var newDevice = false
    /// Share of the sender's past payments made in this hour of the day (UTC).
    public var hourShare: Double = 0
    /// The sender's money out over money in, lifetime (0 when nothing came in).
    public var outInRatio: Double = 0
    /// The paying party's latest KYC status: 0 no outcome on record, 1 verified, 2 pending,
    /// 3 expired, 4 failed.
    public var partyKYCStatus: Int = 0
    /// The paying party's latest risk rating: 0 none on record, 1 low, 2 medium, 3 high.
    public var partyRisk: Int = 0

    public init() {}

    /// Feature names usable in scenario conditions.
    public static let names: [String] = [
        "amount", "amount_score", "sender_history", "out_count_1h", "out_sum_1h", "out_count_24h", "out_sum_24h", "out_count_7d", "out_sum_7d",
        "out_count_30d", "out_sum_30d", "sender_in_sum_24h", "sender_in_sum_7d", "receiver_in_count_24h", "receiver_in_sum_24h",
        "receiver_in_count_7d", "receiver_in_sum_7d", "distinct_beneficiaries_7d", "distinct_senders_7d", "seconds_since_previous",
        "dormant_days", "sender_age_days", "new_beneficiary", "new_country", "new_device", "hour_share", "out_in_ratio",
        "party_kyc_status", "party_risk",
    ]

    /// The feature `name` (see ``names``), or nil for an unknown name.
    public func value(of name: String) -> Double? {
        switch name {
        case "amount": amount
        case "amount_score": amountScore
        case "sender_history": Double(senderHistory)
        case "out_count_1h": Double(outHour.count)
        case "out_sum_1h": Double(outHour.sum)
        case "out_count_24h": Double(outDay.count)
        case "out_sum_24h": Double(outDay.sum)
        case "out_count_7d": Double(outWeek.count)
        case "out_sum_7d": Double(outWeek.sum)
        case "out_count_30d": Double(outMonth.count)
        case "out_sum_30d": Double(outMonth.sum)
        case "sender_in_sum_24h": Double(senderInDay.sum)
        case "sender_in_sum_7d": Double(senderInWeek.sum)
        case "receiver_in_count_24h": Double(receiverInDay.count)
        case "receiver_in_sum_24h": Double(receiverInDay.sum)
        case "receiver_in_count_7d": Double(receiverInWeek.count)
        case "receiver_in_sum_7d": Double(receiverInWeek.sum)
        case "distinct_beneficiaries_7d": Double(distinctBeneficiariesWeek)
        case "distinct_senders_7d": Double(distinctSendersWeek)
        case "seconds_since_previous": secondsSincePrevious
        case "dormant_days": dormantDays
        case "sender_age_days": senderAgeDays
        case "new_beneficiary": newBeneficiary ? 1 : 0
        case "new_country": newCountry ? 1 : 0
        case "new_device": newDevice ? 1 : 0
        case "hour_share": hourShare
        case "out_in_ratio": outInRatio
        case "party_kyc_status": Double(partyKYCStatus)
        case "party_risk": Double(partyRisk)
        default: nil
        }
    }
}

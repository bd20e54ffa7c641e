// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// One recent login of a party.
public struct RecentLogin: Sendable, Hashable {
    public var time: Int64
    public var country: UInt32
    public var success: Bool
}

/// What Monitor keeps about a party (a customer, who may hold several accounts): its logins, its
/// latest KYC outcome and the regions its recent payments came through.
public struct PartyState: Sendable {
    /// The last successful login with coordinates.
    /// (`approximate`: the country's centroid, for a login that had a country but no coordinates).
    public var lastPlace: (time: Int64, latitude: Double, longitude: Double, approximate: Bool)?
    /// The last 16 logins.
    public var recent = RecentEvents<16, RecentLogin>()
    /// Usual login countries and devices (hashed).
    public var countries = UsualSet<6>()
    public var devices = UsualSet<8>()
    /// When a device never seen before last logged in successfully, and which.
    public var newDeviceTime: Int64 = .min
    public var newDevice: String?
    public var logins: UInt32 = 0
    /// The latest KYC outcome: its status (``MonitoredKYCOutcome/Status/code``: 0 none on record,
    /// 1 verified, 2 pending, 3 expired, 4 failed), when it was decided, and its reason codes
    /// (the first few, joined; nil when it gave none).
    public var kycStatus: UInt8 = 0
    public var kycTime: Int64 = .min
    public var kycReasons: String?
    /// The latest risk rating an outcome carried (``MonitoredKYCOutcome/RiskRating/code``: 0 none,
    /// 1 low, 2 medium, 3 high) and when it was given.
    public var riskRating: UInt8 = 0
    public var riskTime: Int64 = .min
    /// The regions (hashed) the party's recent payments came through, newest last; consecutive
    /// payments through one region share an entry at the latest time.
    public var regions = RecentEvents<8, RecentRegion>()

    public init() {}
}

extension RecentLogin: RecentEvent {
    public static var empty: RecentLogin { RecentLogin(time: .min, country: 0, success: false) }
}

/// The parties Monitor knows.
public final class PartyTable {
    var index: [String: Int] = [:]
    var states: [PartyState] = []

    public init() {}

    func slot(_ key: String) -> Int {
        if let existing = index[key] { return existing }
        states.append(PartyState())
        index[key] = states.count - 1
        return states.count - 1
    }

    func existing(_ key: String) -> Int? { index[key] }

    /// Region names by hash, for findings (regions are few: Strait nodes; at most 256 kept).
    var regionNames: [UInt32: String] = [:]

    /// Records that a payment of party `slot` came through `region` at `time`.
    func recordRegion(_ region: String, at time: Int64, party slot: Int) {
        let hash = MonitorEngine.hash(region)
        if regionNames.count < 256, regionNames[hash] == nil { regionNames[hash] = region }
        states[slot].regions.record(RecentRegion(time: time, region: hash))
    }

    /// The name of a region hash (its hash in hexadecimal when the name was not kept).
    func regionName(_ hash: UInt32) -> String {
        regionNames[hash] ?? "region#" + String(hash, radix: 16)
    }
}

/// One login being judged, with the party's state before it.
public struct LoginContext {
    public let login: MonitoredLogin
    let party: Int
    let parties: PartyTable
    /// The login's country is not one the party usually logs in from.
    public let remote: Bool
}

/// A named detector over logins.
public protocol LoginTypology: Sendable {
    var id: String { get }
    func evaluate(_ login: LoginContext) -> Finding?
}

/// Great-circle distance in kilometres (haversine).
func distanceKilometres(_ a: (Double, Double), _ b: (Double, Double)) -> Double {
    let radians = Double.pi / 180
    let dLat = (b.0 - a.0) * radians
    let dLon = (b.1 - a.1) * radians
    let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.0 * radians) * cos(b.0 * radians) * sin(dLon / 2) * sin(dLon / 2)
    return 6_371 * 2 * atan2(sqrt(h), sqrt(max(0, 1 - h)))
}

extension MonitoredLogin {
    /// Where the login was: its coordinates, or else its country's centroid (`approximate`).
    public var place: (latitude: Double, longitude: Double, approximate: Bool)? {
        if let latitude, let longitude { return (latitude, longitude, false) }
        if let country, let centre = CountryCentroids.location(of: country) { return (centre.latitude, centre.longitude, true) }
        return nil
    }
}

/// Impossible travel: two successful logins too far apart for the time between them. Parameters:
/// `max_speed_kmh` (900, a airliner), `min_distance_km` (500: nearer places may be one network's
/// exits), `min_distance_approx_km` (2,000: the least distance when either place is only a
/// country's centroid — a login with a country, or an IP resolved to one, but no coordinates).
public struct ImpossibleTravel: LoginTypology {
    public let id = "impossible-travel"
    public var maxSpeed: Double
    public var minDistance: Double
    public var minApproximateDistance: Double

    public init(parameters: TypologyParameters = .init()) throws {
        var read = ParameterReader(id, parameters)
        maxSpeed = try read("max_speed_kmh", 900, 10...100_000)
        minDistance = try read("min_distance_km", 500, 0...20_000)
        minApproximateDistance = try read("min_distance_approx_km", 2_000, 0...20_000)
        try read.finish()
    }

    public func evaluate(_ context: LoginContext) -> Finding? {
        let login = context.login
        guard login.result == .success, let here = login.place, let last = context.parties.states[context.party].lastPlace else { return nil }
        let approximate = here.approximate || last.approximate
        let distance = distanceKilometres((last.latitude, last.longitude), (here.latitude, here.longitude))
        guard distance >= (approximate ? max(minDistance, minApproximateDistance) : minDistance) else { return nil }
        let hours = max(Double(login.time - last.time), 60) / 3_600
        let speed = distance / hours
        guard speed > maxSpeed else { return nil }
        return Finding(
            typology: id, strength: speed / maxSpeed,
            message: "logged in \(Int(distance)) km from the previous login \(String(format: "%.1f", hours)) h earlier: \(Int(speed)) km/h (threshold \(Int(maxSpeed)) km/h)"
                + (approximate ? "; distance between country centres, approximate" : ""),
            values: ["distance_km": distance, "hours": hours, "speed_kmh": speed, "max_speed_kmh": maxSpeed, "approximate": approximate ? 1 : 0]
        )
    }
}

/// A burst of logins from remote countries: many logins within a short window, from several
/// countries the party does not usually log in from. Parameters: `window_minutes` (60),
/// `min_logins` (5), `min_countries` (3).
public struct RemoteLoginBurst: LoginTypology {
    public let id = "remote-login-burst"
    public var windowMinutes: Double
    public var minLogins: Double
    public var minCountries: Double

    public init(parameters: TypologyParameters = .init()) throws {
        var read = ParameterReader(id, parameters)
        windowMinutes = try read("window_minutes", 60, 1...24 * 60)
        minLogins = try read("min_logins", 5, 2...1_000)
        minCountries = try read("min_countries", 3, 1...100)
        try read.finish()
    }

    public func evaluate(_ context: LoginContext) -> Finding? {
        guard context.remote else { return nil }
        let state = context.parties.states[context.party]
        var logins = 1
        var countries: [UInt32] = [MonitorEngine.hash(context.login.country ?? "")]
        state.recent.forEach(since: context.login.time - Int64(windowMinutes * 60)) { login in
            logins += 1
            if login.country != 0, state.countries.count(of: login.country) <= 1, !countries.contains(login.country) { countries.append(login.country) }
        }
        guard Double(logins) >= minLogins, Double(countries.count) >= minCountries else { return nil }
        return Finding(
            typology: id, strength: Double(logins) / minLogins,
            message: "\(logins) logins within \(Int(windowMinutes)) min from \(countries.count) countries this customer does not usually log in from (thresholds \(Int(minLogins)) logins, \(Int(minCountries)) countries)",
            values: ["logins": Double(logins), "countries": Double(countries.count)]
        )
    }
}

/// Failed logins then a success: a guessed or stuffed password. Parameters: `window_minutes` (30),
/// `min_failures` (5).
public struct FailedLoginBurst: LoginTypology {
    public let id = "failed-login-burst"
    public var windowMinutes: Double
    public var minFailures: Double

    public init(parameters: TypologyParameters = .init()) throws {
        var read = ParameterReader(id, parameters)
        windowMinutes = try read("window_minutes", 30, 1...24 * 60)
        minFailures = try read("min_failures", 5, 2...1_000)
        try read.finish()
    }

    public func evaluate(_ context: LoginContext) -> Finding? {
        guard context.login.result == .success else { return nil }
        var failures = 0
        context.parties.states[context.party].recent.forEach(since: context.login.time - Int64(windowMinutes * 60)) { if !$0.success { failures += 1 } }
        guard Double(failures) >= minFailures else { return nil }
        return Finding(
            typology: id, strength: Double(failures) / minFailures,
            message: "a successful login after \(failures) failed ones within \(Int(windowMinutes)) min (threshold \(Int(minFailures)))",
            values: ["failures": Double(failures), "min_failures": minFailures]
        )
    }
}

/// A payment well above the usual amounts soon after a login from a device never seen before — the
/// shape of an account takeover. Parameters: `window_hours` (24), `min_multiple` (3: times the
/// sender's median amount), `min_amount` (500).
public struct NewDeviceHighValue: TransactionTypology {
    public let id = "new-device-high-value"
    public var windowHours: Double
    public var minMultiple: Double
    public var minAmount: Double

    public init(parameters: TypologyParameters = .init()) throws {
        var read = ParameterReader(id, parameters)
        windowHours = try read("window_hours", 24, 1...24 * 30)
        minMultiple = try read("min_multiple", 3, 1...1_000)
        minAmount = try read("min_amount", 500, 0...1e12)
        try read.finish()
    }

    public func evaluate(_ payment: PaymentContext) -> Finding? {
        guard let parties = payment.parties, let party = payment.party else { return nil }
        let state = parties.states[party]
        guard state.newDeviceTime != .min, payment.transaction.time - state.newDeviceTime <= Int64(windowHours * 3_600),
            payment.transaction.time >= state.newDeviceTime, payment.transaction.amount >= minAmount
        else { return nil }
        let median = payment.accounts[payment.from].pointee.sent.median ?? 0
        guard median == 0 || payment.transaction.amount >= minMultiple * median else { return nil }
        return Finding(
            typology: id, strength: median > 0 ? payment.transaction.amount / (minMultiple * median) : 1,
            message: "\(formatted(payment.transaction.amount)) paid \(String(format: "%.1f", Double(payment.transaction.time - state.newDeviceTime) / 3_600)) h after a login from a new device (\(state.newDevice ?? "unknown")); usual amount about \(formatted(median)) (thresholds \(formatted(minMultiple))× and \(formatted(minAmount)))",
            values: ["amount": payment.transaction.amount, "median": median, "min_multiple": minMultiple]
        )
    }
}

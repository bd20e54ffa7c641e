// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// A count and a sum.
public struct Tally: Sendable, Hashable {
    public var count: UInt32 = 0
    public var sum: Float = 0

    mutating func add(_ amount: Double) {
        count &+= 1
        sum += Float(amount)
    }
}

/// Counts and sums of one direction of an account's money over sliding windows: the last hour in
/// ten-minute steps, the last day in hours, the last 7 and 30 days in days. Fixed size, no
/// allocation; a window moves when the account is touched.
public struct SlidingWindows: Sendable {
    var minutes = InlineArray<6, Tally>(repeating: Tally())
    var hours = InlineArray<24, Tally>(repeating: Tally())
    var days = InlineArray<30, Tally>(repeating: Tally())
    var minuteSlot: Int32 = 0
    var hourSlot: Int32 = 0
    var daySlot: Int32 = 0

    public init() {}

    /// Moves the windows to `time` (seconds), clearing the slots that fell out.
    mutating func advance(to time: Int64) {
        let minute = Int32(clamping: time / 600)
        if minute != minuteSlot {
            let steps = min(Int(minute) - Int(minuteSlot), 6)
            if steps > 0 {
                for step in 1...steps { minutes[Int((Int(minuteSlot) + step) % 6)] = Tally() }
            } else if steps < 0 {
                // Out of order by more than a slot: keep the windows, count in the slot it belongs to.
                return
            }
            minuteSlot = minute
        }
        let hour = Int32(clamping: time / 3_600)
        if hour > hourSlot {
            let steps = min(Int(hour) - Int(hourSlot), 24)
            for step in 1...steps { hours[Int((Int(hourSlot) + step) % 24)] = Tally() }
            hourSlot = hour
        }
        let day = Int32(clamping: time / 86_400)
        if day > daySlot {
            let steps = min(Int(day) - Int(daySlot), 30)
            for step in 1...steps { days[Int((Int(daySlot) + step) % 30)] = Tally() }
            daySlot = day
        }
    }

    /// Counts `amount` at `time` (after ``advance(to:)``); an event older than a window's reach is
    /// counted only in the windows that still cover it.
    mutating func add(_ amount: Double, at time: Int64) {
        let minute = time / 600
        if minute > Int64(minuteSlot) - 6 { minutes[Int(minute % 6)].add(amount) }
        let hour = time / 3_600
        if hour > Int64(hourSlot) - 24 { hours[Int(hour % 24)].add(amount) }
        let day = time / 86_400
        if day > Int64(daySlot) - 30 { days[Int(day % 30)].add(amount) }
    }

    /// The last hour.
    @inline(__always) public var hour: Tally { sum(minutes, count: 6) }
    /// The last 24 hours.
    @inline(__always) public var day: Tally { sum(hours, count: 24) }
    /// The last 7 days (today and the six before).
    @inline(__always) public var week: Tally {
        var total = Tally()
        for back in 0..<7 {
            let slot = days[Int((Int(daySlot) - back + 30 * 4) % 30)]
            total.count &+= slot.count
            total.sum += slot.sum
        }
        return total
    }
    /// The last 30 days.
    @inline(__always) public var month: Tally { sum(days, count: 30) }

    @inline(__always) private func sum<let N: Int>(_ slots: InlineArray<N, Tally>, count: Int) -> Tally {
        var total = Tally()
        for index in 0..<count {
            total.count &+= slots[index].count
            total.sum += slots[index].sum
        }
        return total
    }

    // The same totals of the windows at `windows`, read in place: the properties above copy the
    // windows (about 500 bytes) first when the windows are reached through a pointer.

    /// ``hour`` of the windows at `windows`.
    @inline(__always) static func hour(_ windows: UnsafePointer<Self>) -> Tally {
        sum(slots(windows, \.minutes), count: 6)
    }

    /// ``day`` of the windows at `windows`.
    @inline(__always) static func day(_ windows: UnsafePointer<Self>) -> Tally {
        sum(slots(windows, \.hours), count: 24)
    }

    /// ``week`` of the windows at `windows`.
    @inline(__always) static func week(_ windows: UnsafePointer<Self>) -> Tally {
        let days = slots(windows, \.days)
        let daySlot = Int(windows.pointee.daySlot)
        var total = Tally()
        for back in 0..<7 {
            let slot = days[(daySlot - back + 30 * 4) % 30]
            total.count &+= slot.count
            total.sum += slot.sum
        }
        return total
    }

    /// ``month`` of the windows at `windows`.
    @inline(__always) static func month(_ windows: UnsafePointer<Self>) -> Tally {
        sum(slots(windows, \.days), count: 30)
    }

    @inline(__always) private static func slots<let N: Int>(_ windows: UnsafePointer<Self>, _ field: KeyPath<Self, InlineArray<N, Tally>>) -> UnsafePointer<Tally> {
        UnsafeRawPointer(windows).advanced(by: MemoryLayout<Self>.offset(of: field)!).assumingMemoryBound(to: Tally.self)
    }

    @inline(__always) private static func sum(_ slots: UnsafePointer<Tally>, count: Int) -> Tally {
        var total = Tally()
        for index in 0..<count {
            total.count &+= slots[index].count
            total.sum += slots[index].sum
        }
        return total
    }
}

/// A robust picture of an account's usual amounts: a histogram of log₁₀(amount) in quarter-decade
/// bins from 0.01 to 10¹⁰, from which the median and the median absolute deviation are read.
/// Counts halve when one reaches its limit, so the picture follows the account slowly.
public struct AmountProfile: Sendable {
    static let binsPerDecade = 4.0
    static let lowest = -2.0
    var bins = InlineArray<48, UInt16>(repeating: 0)
    public private(set) var count: UInt32 = 0

    public init() {}

    static func bin(_ amount: Double) -> Int {
        guard amount > 0 else { return 0 }
        let position = (log10(amount) - lowest) * binsPerDecade
        return max(0, min(47, Int(position)))
    }

    /// Adds one amount.
    public mutating func add(_ amount: Double) {
        let index = Self.bin(amount)
        if bins[index] == UInt16.max {
            for slot in 0..<48 { bins[slot] /= 2 }
        }
        bins[index] += 1
        count &+= 1
    }

    /// Amounts recorded (after halving: the weight they still carry).
    public var weight: Int {
        var total = 0
        for slot in 0..<48 { total += Int(bins[slot]) }
        return total
    }

    /// The median bin's centre, as an amount; nil with no history.
    public var median: Double? {
        guard let index = medianBin else { return nil }
        return Self.centre(Double(index))
    }

    var medianBin: Int? {
        let total = weight
        guard total > 0 else { return nil }
        var seen = 0
        for slot in 0..<48 {
            seen += Int(bins[slot])
            if seen * 2 >= total { return slot }
        }
        return 47
    }

    static func centre(_ bin: Double) -> Double {
        pow(10, (bin + 0.5) / binsPerDecade + lowest)
    }

    /// How unusual `amount` is for this account: the distance of its log from the median log, in
    /// robust standard deviations (1.4826 × MAD, at least a quarter decade). Nil with fewer than
    /// `minimum` amounts of history.
    public func robustScore(_ amount: Double, minimum: Int = 5) -> Double? {
        let total = weight
        guard total >= minimum, let median = medianBin else { return nil }
        // MAD in bins: the median of |bin − median| over the histogram.
        var deviations = InlineArray<48, Int>(repeating: 0)
        for slot in 0..<48 where bins[slot] > 0 { deviations[abs(slot - median)] += Int(bins[slot]) }
        var seen = 0
        var mad = 0
        for distance in 0..<48 {
            seen += deviations[distance]
            if seen * 2 >= total {
                mad = distance
                break
            }
        }
        let spread = 1.4826 * max(Double(mad), 1.0) / Self.binsPerDecade
        let centre = (Double(median) + 0.5) / Self.binsPerDecade + Self.lowest
        return (log10(max(amount, 0.01)) - centre) / spread
    }
}

/// A small table of values seen with how often (countries, devices, counterparties): the most
/// frequent stay, a new value replaces the rarest when full.
public struct UsualSet<let N: Int>: Sendable {
    var keys = InlineArray<N, UInt32>(repeating: 0)
    var counts = InlineArray<N, UInt16>(repeating: 0)

    public init() {}

    /// How often `key` was seen (0: never, or forgotten).
    @inline(__always) public func count(of key: UInt32) -> Int {
        for slot in 0..<N where counts[slot] > 0 && keys[slot] == key { return Int(counts[slot]) }
        return 0
    }

    /// Distinct values held.
    public var distinct: Int {
        var total = 0
        for slot in 0..<N where counts[slot] > 0 { total += 1 }
        return total
    }

    /// Records one sighting; returns how often it was seen before.
    @discardableResult
    public mutating func record(_ key: UInt32) -> Int {
        var rarest = 0
        for slot in 0..<N {
            if counts[slot] > 0 && keys[slot] == key {
                let before = Int(counts[slot])
                if counts[slot] == UInt16.max {
                    for other in 0..<N { counts[other] /= 2 }
                }
                counts[slot] += 1
                return before
            }
            if counts[slot] < counts[rarest] { rarest = slot }
        }
        keys[rarest] = key
        counts[rarest] = 1
        return 0
    }
}

/// One recent transfer of an account: the other account, when, how much, and whether the two
/// had never dealt with each other before (in this direction).
public struct RecentTransfer: Sendable, Hashable {
    // The time first: Int64, Int32, Float make a 16-byte record (Int32 first would pad it to 24).
    public var time: Int64
    public var peer: Int32
    /// The amount; stored negative for a first-time counterparty (keeps the record at 16 bytes).
    var signedAmount: Float

    public var amount: Float { abs(signedAmount) }
    public var firstTime: Bool { signedAmount.sign == .minus }

    public init(peer: Int32, time: Int64, amount: Float, firstTime: Bool = false) {
        self.peer = peer
        self.time = time
        self.signedAmount = firstTime ? -abs(amount) : abs(amount)
    }
}

/// An event a ring of recent events keeps: it has a time, and an empty value fills unused slots.
public protocol RecentEvent: Sendable {
    var time: Int64 { get }
    static var empty: Self { get }
}

extension RecentTransfer: RecentEvent {
    public static var empty: RecentTransfer { RecentTransfer(peer: -1, time: 0, amount: 0) }
}

/// The last `N` events of one kind (transfers out, transfers in, logins), newest last; fixed size.
public struct RecentEvents<let N: Int, Event: RecentEvent>: Sendable {
    /// How many events the ring holds.
    public static var capacity: Int { N }
    /// The slots; the first stored property, so that ``items(of:)`` finds them at the ring's address.
    var items = InlineArray<N, Event>(repeating: Event.empty)
    var next = 0
    public private(set) var stored = 0

    public init() {}

    public mutating func append(_ event: Event) {
        items[next] = event
        next = (next + 1) % N
        stored = min(stored + 1, N)
    }

    /// The slot of the `k`-th newest stored event (0: the newest), `k < stored`; read it as
    /// `items[slot]` through a pointer to avoid copying the ring on hot paths.
    @inline(__always) func slot(newest k: Int) -> Int {
        let index = next - 1 - k
        return index < 0 ? index + N : index
    }

    /// The `k`-th newest stored event (0: the newest), `k < stored`.
    @inline(__always) public func newest(_ k: Int) -> Event { items[slot(newest: k)] }

    /// Calls `body` with each stored event at or after `since`, newest first.
    @inline(__always) public func forEach(since: Int64, _ body: (Event) -> Void) {
        for k in 0..<stored {
            let item = newest(k)
            if item.time >= since { body(item) }
        }
    }

    /// The slots of the ring at `ring`, read in place. (Subscripting `items` of a ring reached
    /// through a pointer copies the whole ring first, per read.)
    @inline(__always) static func items(of ring: UnsafePointer<Self>) -> UnsafePointer<Event> {
        UnsafeRawPointer(ring).assumingMemoryBound(to: Event.self)
    }

    /// ``forEach(since:_:)`` on the ring at `ring`, reading its slots in place.
    @inline(__always) static func forEach(in ring: UnsafePointer<Self>, since: Int64, _ body: (Event) -> Void) {
        let items = Self.items(of: ring)
        let stored = ring.pointee.stored
        var index = ring.pointee.next
        for _ in 0..<stored {
            index = index == 0 ? N - 1 : index - 1
            let item = items[index]
            if item.time >= since { body(item) }
        }
    }
}

/// An account's last transfers out or in.
typealias RecentTransfers = RecentEvents<10, RecentTransfer>

/// Everything Monitor keeps about one account: under 2 KB, fixed, without allocations.
public struct AccountState: Sendable {
    public var firstSeen: Int64 = .min
    public var lastOut: Int64 = .min
    public var lastIn: Int64 = .min
    public var lastActivity: Int64 = .min
    /// Money out and in over sliding windows.
    public var outgoing = SlidingWindows()
    public var incoming = SlidingWindows()
    /// Usual amounts sent.
    public var sent = AmountProfile()
    /// Hours of the day (UTC) and days of the week of its payments.
    public var hours = InlineArray<24, UInt16>(repeating: 0)
    public var weekdays = InlineArray<7, UInt16>(repeating: 0)
    /// Usual destination countries and devices (hashed).
    public var countries = UsualSet<4>()
    public var devices = UsualSet<4>()
    /// Usual beneficiaries and payers (hashed account keys).
    public var beneficiaries = UsualSet<6>()
    public var payers = UsualSet<6>()
    /// The latest transfers out and in.
    public var recentOut = RecentEvents<10, RecentTransfer>()
    public var recentIn = RecentEvents<10, RecentTransfer>()
    /// Lifetime totals (for the in/out ratio).
    public var totalOut: Double = 0
    public var totalIn: Double = 0
    public var countOut: UInt32 = 0
    public var countIn: UInt32 = 0

    public init() {}
}

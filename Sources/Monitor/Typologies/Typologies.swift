// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// The accounts Monitor knows: their keys and states, indexed by a dense number. States live in
/// one buffer and are read in place (a state is about 2 KB: copying it per payment would cost more
/// than judging it).
public final class AccountTable {
    public private(set) var keys: [String] = []
    var index: [String: Int32] = [:]
    private var storage: UnsafeMutablePointer<AccountState>
    /// Each account's latest transfer out (its state's `lastOut`), side by side: the cycle search
    /// reads it before an account's state, and skips the state when nothing left it since.
    private var latestOut: UnsafeMutablePointer<Int64>
    private var capacity: Int

    public init() {
        capacity = 1_024
        storage = Self.allocate(capacity)
        latestOut = .allocate(capacity: capacity)
    }

    deinit {
        storage.deinitialize(count: keys.count)
        free(storage)
        latestOut.deallocate()
    }

    /// Room for `capacity` states. A large table is aligned to 2 MB and asks Linux for huge pages:
    /// typologies read the states of accounts all over the table (a cycle search visits dozens per
    /// payment), and with 4 KB pages most of those reads also miss the TLB.
    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<AccountState> {
        let bytes = capacity * MemoryLayout<AccountState>.stride
        let huge = 2 << 20
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, bytes >= huge ? huge : max(MemoryLayout<AccountState>.alignment, 16), bytes) == 0, let raw else {
            fatalError("cannot allocate \(bytes) bytes for account states")
        }
        #if os(Linux)
        if bytes >= huge { _ = madvise(raw, bytes, Int32(MADV_HUGEPAGE)) }
        #endif
        return raw.bindMemory(to: AccountState.self, capacity: capacity)
    }

    /// The number of accounts.
    public var count: Int { keys.count }

    /// The state of account `slot`, in place.
    subscript(slot: Int32) -> UnsafeMutablePointer<AccountState> { storage + Int(slot) }

    /// The time of account `slot`'s latest transfer out (`.min`: none), as its state's `lastOut`.
    @inline(__always) func lastOut(_ slot: Int32) -> Int64 { latestOut[Int(slot)] }

    /// Records a transfer out of account `slot` at `time` in its `lastOut`.
    @inline(__always) func recordOut(_ slot: Int32, at time: Int64) {
        let latest = max(storage[Int(slot)].lastOut, time)
        storage[Int(slot)].lastOut = latest
        latestOut[Int(slot)] = latest
    }

    /// The last transfers out of account `slot`, in place.
    @inline(__always) func outgoing(_ slot: Int32) -> UnsafePointer<RecentTransfers> {
        UnsafeRawPointer(storage + Int(slot)).advanced(by: Self.outgoingOffset).assumingMemoryBound(to: RecentTransfers.self)
    }

    /// The last transfers into account `slot`, in place.
    @inline(__always) func incoming(_ slot: Int32) -> UnsafePointer<RecentTransfers> {
        UnsafeRawPointer(storage + Int(slot)).advanced(by: Self.incomingOffset).assumingMemoryBound(to: RecentTransfers.self)
    }

    /// The sliding windows of account `slot`'s money out and in, in place.
    @inline(__always) func windows(out slot: Int32) -> UnsafePointer<SlidingWindows> {
        UnsafeRawPointer(storage + Int(slot)).advanced(by: MemoryLayout<AccountState>.offset(of: \AccountState.outgoing)!).assumingMemoryBound(to: SlidingWindows.self)
    }

    @inline(__always) func windows(in slot: Int32) -> UnsafePointer<SlidingWindows> {
        UnsafeRawPointer(storage + Int(slot)).advanced(by: MemoryLayout<AccountState>.offset(of: \AccountState.incoming)!).assumingMemoryBound(to: SlidingWindows.self)
    }

    private static var outgoingOffset: Int { MemoryLayout<AccountState>.offset(of: \AccountState.recentOut)! }
    private static var incomingOffset: Int { MemoryLayout<AccountState>.offset(of: \AccountState.recentIn)! }

    /// The index of `key`, creating its state when new.
    func slot(_ key: String, at time: Int64) -> Int32 {
        if let existing = index[key] { return existing }
        let slot = Int32(keys.count)
        if keys.count == capacity {
            let larger = Self.allocate(capacity * 2)
            larger.moveInitialize(from: storage, count: keys.count)
            free(storage)
            storage = larger
            let times = UnsafeMutablePointer<Int64>.allocate(capacity: capacity * 2)
            times.moveInitialize(from: latestOut, count: keys.count)
            latestOut.deallocate()
            latestOut = times
            capacity *= 2
        }
        var state = AccountState()
        state.firstSeen = time
        (storage + keys.count).initialize(to: state)
        (latestOut + keys.count).initialize(to: state.lastOut)
        keys.append(key)
        index[key] = slot
        return slot
    }

    /// The state of `key`, if known (a copy).
    public func state(of key: String) -> AccountState? {
        index[key].map { self[$0].pointee }
    }
}

/// Distinct account numbers, for counting counterparties without allocating (small sets).
struct PeerSet {
    private var items = InlineArray<32, Int32>(repeating: -1)
    private(set) var count = 0
    /// More were inserted than could be kept (the count is then a lower bound).
    private(set) var overflow = false

    init() {}

    init(_ first: Int32) { insert(first) }

    @discardableResult
    mutating func insert(_ peer: Int32) -> Bool {
        for slot in 0..<count where items[slot] == peer { return false }
        guard count < 32 else {
            overflow = true
            return false
        }
        items[count] = peer
        count += 1
        return true
    }

    func contains(_ peer: Int32) -> Bool {
        for slot in 0..<count where items[slot] == peer { return true }
        return false
    }

    /// The position of `peer` in insertion order, if held.
    func position(of peer: Int32) -> Int? {
        for slot in 0..<count where items[slot] == peer { return slot }
        return nil
    }

    /// The `slot`-th account inserted.
    subscript(slot: Int) -> Int32 { items[slot] }

    var elements: [Int32] { (0..<count).map { items[$0] } }
}

/// One payment being judged: the payment, its features, and read access to every account's state.
public struct PaymentContext {
    public let transaction: MonitoredTransaction
    public let features: TransactionFeatures
    let from: Int32
    let to: Int32
    let accounts: AccountTable
    /// The paying party's logins, when the payment names a known party.
    var parties: PartyTable? = nil
    var party: Int? = nil
}

/// A named detector of one laundering or fraud pattern in payments. Typologies hold their
/// parameters and no state; they read the accounts' state as it was before the payment.
public protocol TransactionTypology: Sendable {
    /// Stable id, e.g. `fan-in`.
    var id: String { get }
    func evaluate(_ payment: PaymentContext) -> Finding?
}

/// Reads a typology's parameters, refusing unknown names.
struct ParameterReader {
    let typology: String
    let parameters: TypologyParameters
    var known: Set<String> = []

    init(_ typology: String, _ parameters: TypologyParameters) {
        self.typology = typology
        self.parameters = parameters
    }

    mutating func callAsFunction(_ name: String, _ defaultValue: Double, _ range: ClosedRange<Double> = 0...1e12) throws -> Double {
        known.insert(name)
        let value = parameters.value(name, defaultValue)
        guard range.contains(value) else { throw ScenarioError("typologies.\(typology).\(name)", "must be from \(range.lowerBound) to \(range.upperBound)") }
        return value
    }

    func finish() throws {
        if let unknown = parameters.values.keys.sorted().first(where: { !known.contains($0) }) {
            throw ScenarioError("typologies.\(typology).\(unknown)", "unknown parameter (known: \(known.sorted().joined(separator: ", ")))")
        }
    }
}

func formatted(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(format: "%.2f", value)
}

/// An amount far from the sender's usual amounts (robust score of log(amount) against the median
/// and MAD of its history). Parameters: `min_history` (5) payments before judging, `min_score`
/// (3.5) robust deviations.
public struct AmountAnomaly: TransactionTypology {
    public let id = "amount-anomaly"
    public var minHistory: Double
    public var minScore: Double

    public init(parameters: TypologyParameters = .init()) throws {
        var read = ParameterReader(id, parameters)
        minHistory = try read("min_history", 5, 1...10_000)
        minScore = try read("min_score", 3.5, 0.5...100)
        try read.finish()
    }

    public func evaluate(_ payment: PaymentContext) -> Finding? {
        let features = payment.features
        guard features.senderHistory >= Int(minHistory), abs(features.amountScore) >= minScore else { return nil }
        let median = payment.accounts[payment.from].pointee.sent.median ?? 0
        let direction = features.amountScore > 0 ? "above" : "below"
        return Finding(
            typology: id, strength: abs(features.amountScore) / minScore,
            message: "amount \(formatted(features.amount)) is far \(direction) this account's usual amounts (median about \(formatted(median)), \(String(format: "%.1f", abs(features.amountScore))) robust deviations; threshold \(formatted(minScore)))",
            values: ["amount": features.amount, "median": median, "score": features.amountScore, "min_score": minScore]
        )
    }
}

/// Structuring: several payments just under a reporting threshold from one account within a window.
/// Parameters: `threshold` (10000), `margin` (0.1: amounts from 90% of the threshold up to it),
/// `window_hours` (24), `min_count` (3, this payment included).
public struct Structuring: TransactionTypology {
    public let id = "structuring"
    public var threshold: Double
    public var margin: Double
    public var windowHours: Double
    public var minCount: Double

    public init(parameters: TypologyParameters = .init()) throws {
        var read = ParameterReader(id, parameters)
        threshold = try read("threshold", 10_000, 1...1e12)
        margin = try read("margin", 0.1, 0.001...0.9)
        windowHours = try read("window_hours", 24, 1...24 * 30)
        minCount = try read("min_count", 3, 2...1_000)
        try read.finish()
    }

    func near(_ amount: Double) -> Bool { amount < threshold && amount >= threshold * (1 - margin) }

    public func evaluate(_ payment: PaymentContext) -> Finding? {
        let amount = payment.transaction.amount
        guard near(amount) else { return nil }
        var count = 1
        var total = amount
        RecentTransfers.forEach(in: payment.accounts.outgoing(payment.from), since: payment.transaction.time - Int64(windowHours * 3_600)) { transfer in
            if near(Double(transfer.amount)) {
                count += 1
                total += Double(transfer.amount)
            }
        }
        guard Double(count) >= minCount else { return nil }
        return Finding(
            typology: id, strength: Double(count) / minCount,
            message: "\(count) payments between \(formatted(threshold * (1 - margin))) and \(formatted(threshold)) within \(formatted(windowHours)) h, just under the reporting threshold of \(formatted(threshold)) (total \(formatted(total)); threshold \(formatted(minCount)) payments)",
            values: ["count": Double(count), "total": total, "threshold": threshold, "min_count": minCount]
        )
    }
}

/// Smurfing: one sum split into payments below a threshold to several beneficiaries within a
/// window, together at or above it. Parameters: `threshold` (10000), `window_hours` (24),
/// `min_beneficiaries` (3).
public struct SplitPayments: TransactionTypology {
    public let id = "split-payments"
    public var threshold: Double
    public var windowHours: Double
    public var minBeneficiaries: Double

    public init(parameters: TypologyParameters = .init()) throws {
        var read = ParameterReader(id, parameters)
        threshold = try read("threshold", 10_000, 1...1e12)
        windowHours = try read("window_hours", 24, 1...24 * 30)
        minBeneficiaries = try read("min_beneficiaries", 3, 2...1_000)
        try read.finish()
    }

    public func evaluate(_ payment: PaymentContext) -> Finding? {
        let amount = payment.transaction.amount
        guard amount < threshold else { return nil }
        var total = amount
        var beneficiaries = PeerSet(payment.to)
        var allBelow = true
        RecentTransfers.forEach(in: payment.accounts.outgoing(payment.from), since: payment.transaction.time - Int64(windowHours * 3_600)) { transfer in
            total += Double(transfer.amount)
            beneficiaries.insert(transfer.peer)
            if Double(transfer.amount) >= threshold { allBelow = false }
        }
        guard allBelow, total >= threshold, Double(beneficiaries.count) >= minBeneficiaries else { return nil }
        return Finding(
            typology: id, strength: Double(beneficiaries.count) / minBeneficiaries,
            message: "\(formatted(total)) sent within \(formatted(windowHours)) h to \(beneficiaries.count) beneficiaries in payments each below \(formatted(threshold)) (threshold \(formatted(minBeneficiaries)) beneficiaries)",
            values: ["total": total, "beneficiaries": Double(beneficiaries.count), "threshold": threshold, "min_beneficiaries": minBeneficiaries]
        )
    }
}

/// Rapid movement: money out soon after money in — the account passes on most of what it just
/// received. Parameters: `window_hours` (48), `min_share` (0.8 of the money received in the
/// window), `min_amount` (1000 received).
public struct RapidMovement: TransactionTypology {
    public let id = "rapid-movement"
    public var windowHours: Double
    public var minShare: Double
    public var minAmount: Double

    public init(parameters: TypologyParameters = .init()) throws {
        var read = ParameterReader(id, parameters)
        windowHours = try read("window_hours", 48, 1...24 * 30)
        minShare = try read("min_share", 0.8, 0.1...10)
        minAmount = try read("min_amount", 1_000, 0...1e12)
        try read.finish()
    }

    public func evaluate(_ payment: PaymentContext) -> Finding? {
        let since = payment.transaction.time - Int64(windowHours * 3_600)
        var received = 0.0
        var earliest = Int64.max
        RecentTransfers.forEach(in: payment.accounts.incoming(payment.from), since: since) { transfer in
            received += Double(transfer.amount)
            earliest = min(earliest, transfer.time)
        }
        guard received >= minAmount, received > 0 else { return nil }
        var sent = payment.transaction.amount
        RecentTransfers.forEach(in: payment.accounts.outgoing(payment.from), since: earliest) { sent += Double($0.amount) }
        let share = sent / received
        guard share >= minShare, share <= 1.5 else { return nil }
        return Finding(
            typology: id, strength: min(share, 1) / minShare,
            message: "\(formatted(sent)) sent on within \(formatted(windowHours)) h of receiving \(formatted(received)) (\(Int(share * 100))% passed through; threshold \(Int(minShare * 100))%)",
            values: ["received": received, "sent": sent, "share": share, "min_share": minShare]
        )
    }
}

/// Fan-in (at the beneficiary) or fan-out (at the sender): many distinct counterparties within a
/// window, many more than the account usually has (judged once the account is four windows old),
/// optionally mostly first-time ones. Parameters: `window_hours` (168), `min_counterparties` (4),
/// `min_ratio` (3: times the account's usual count per window), `min_new_share` (0: share of
/// counterparties dealt with for the first time).
public struct FanPattern: TransactionTypology {
    public enum Direction: String, Sendable { case fanIn = "fan-in", fanOut = "fan-out" }
    public let id: String
    public let direction: Direction
    public var windowHours: Double
    public var minCounterparties: Double
    public var minNewShare: Double
    public var minRatio: Double

    public init(_ direction: Direction, parameters: TypologyParameters = .init()) throws {
        self.direction = direction
        self.id = direction.rawValue
        var read = ParameterReader(id, parameters)
        windowHours = try read("window_hours", 168, 1...24 * 30)
        minCounterparties = try read("min_counterparties", 4, 2...10_000)
        minNewShare = try read("min_new_share", 0, 0...1)
        minRatio = try read("min_ratio", 3, 1...1_000)
        try read.finish()
    }

    public func evaluate(_ payment: PaymentContext) -> Finding? {
        let account = direction == .fanIn ? payment.to : payment.from
        let counterparty = direction == .fanIn ? payment.from : payment.to
        let state = UnsafePointer(payment.accounts[account])
        let window = Int64(windowHours * 3_600)
        var peers = PeerSet(counterparty)
        var fresh = PeerSet()
        let thisIsNew = direction == .fanIn ? state.pointee.payers.count(of: MonitorEngine.hash(payment.transaction.from)) == 0
            : state.pointee.beneficiaries.count(of: MonitorEngine.hash(payment.transaction.to)) == 0
        if thisIsNew { fresh.insert(counterparty) }
        var total = payment.transaction.amount
        RecentTransfers.forEach(in: direction == .fanIn ? payment.accounts.incoming(account) : payment.accounts.outgoing(account), since: payment.transaction.time - window) { transfer in
            peers.insert(transfer.peer)
            if transfer.firstTime { fresh.insert(transfer.peer) }
            total += Double(transfer.amount)
        }
        guard Double(peers.count) >= minCounterparties else { return nil }
        let newShare = Double(fresh.count) / Double(peers.count)
        // What the account usually has: its lifetime transfers of this direction per window.
        let lifetime = Double(direction == .fanIn ? state.pointee.countIn : state.pointee.countOut)
        let age = Double(payment.transaction.time - state.pointee.firstSeen)
        let usual = max(lifetime * Double(window) / max(age, Double(window)), 1)
        let ratio = Double(peers.count) / usual
        let established = age >= 4 * Double(window)
        guard established, ratio >= minRatio, newShare >= minNewShare else { return nil }
        let key = payment.accounts.keys[Int(account)]
        let what = direction == .fanIn ? "received from" : "sent to"
        return Finding(
            typology: id, strength: Double(peers.count) / minCounterparties,
            message: "account \(key) \(what) \(peers.count) distinct accounts within \(formatted(windowHours)) h (\(formatted(total)) in all), \(fresh.count) of them for the first time, \(String(format: "%.1f", ratio))× its usual \(String(format: "%.1f", usual)) (thresholds \(formatted(minCounterparties)) accounts, \(Int(minNewShare * 100))% new or \(formatted(minRatio))×)",
            values: ["counterparties": Double(peers.count), "new": Double(fresh.count), "total": total, "usual": usual, "min_counterparties": minCounterparties]
        )
    }
}

/// Repeated payments: several payments from one account to the same beneficiary within a short
/// window — one amount cut into pieces. Parameters: `window_hours` (24), `min_count` (3, this
/// payment included).
public struct RepeatedPayments: TransactionTypology {
    public let id = "repeated-payments"
    public var windowHours: Double
    public var minCount: Double

    public init(parameters: TypologyParameters = .init()) throws {
        var read = ParameterReader(id, parameters)
        windowHours = try read("window_hours", 24, 1...24 * 30)
        minCount = try read("min_count", 3, 2...1_000)
        try read.finish()
    }

    public func evaluate(_ payment: PaymentContext) -> Finding? {
        var count = 1
        var total = payment.transaction.amount
        RecentTransfers.forEach(in: payment.accounts.outgoing(payment.from), since: payment.transaction.time - Int64(windowHours * 3_600)) { transfer in
            if transfer.peer == payment.to {
                count += 1
                total += Double(transfer.amount)
            }
        }
        guard Double(count) >= minCount else { return nil }
        return Finding(
            typology: id, strength: Double(count) / minCount,
            message: "\(count) payments to the same beneficiary \(payment.transaction.to) within \(formatted(windowHours)) h, \(formatted(total)) in all (threshold \(formatted(minCount)))",
            values: ["count": Double(count), "total": total, "min_count": minCount]
        )
    }
}

/// Gather-scatter at the sender: many distinct accounts paid in and many were paid out within one
/// window. Parameters: `window_hours` (168), `min_in` (3), `min_out` (3).
public struct GatherScatter: TransactionTypology {
    public let id = "gather-scatter"
    public var windowHours: Double
    public var minIn: Double
    public var minOut: Double

    public init(parameters: TypologyParameters = .init()) throws {
        var read = ParameterReader(id, parameters)
        windowHours = try read("window_hours", 168, 1...24 * 30)
        minIn = try read("min_in", 3, 2...10_000)
        minOut = try read("min_out", 3, 2...10_000)
        try read.finish()
    }

    public func evaluate(_ payment: PaymentContext) -> Finding? {
        let since = payment.transaction.time - Int64(windowHours * 3_600)
        var senders = PeerSet()
        var received = 0.0
        RecentTransfers.forEach(in: payment.accounts.incoming(payment.from), since: since) {
            senders.insert($0.peer)
            received += Double($0.amount)
        }
        guard Double(senders.count) >= minIn else { return nil }
        var beneficiaries = PeerSet(payment.to)
        var sent = payment.transaction.amount
        RecentTransfers.forEach(in: payment.accounts.outgoing(payment.from), since: since) {
            beneficiaries.insert($0.peer)
            sent += Double($0.amount)
        }
        guard Double(beneficiaries.count) >= minOut else { return nil }
        return Finding(
            typology: id, strength: min(Double(senders.count) / minIn, Double(beneficiaries.count) / minOut),
            message: "within \(formatted(windowHours)) h the account received \(formatted(received)) from \(senders.count) accounts and sent \(formatted(sent)) to \(beneficiaries.count) (thresholds \(formatted(minIn)) in, \(formatted(minOut)) out)",
            values: ["senders": Double(senders.count), "beneficiaries": Double(beneficiaries.count), "received": received, "sent": sent]
        )
    }
}

/// Scatter-gather at the beneficiary: money from one origin reaches it through several
/// intermediaries within a window. Parameters: `window_hours` (168), `min_paths` (3).
public struct ScatterGather: TransactionTypology {
    public let id = "scatter-gather"
    public var windowHours: Double
    public var minPaths: Double

    public init(parameters: TypologyParameters = .init()) throws {
        var read = ParameterReader(id, parameters)
        windowHours = try read("window_hours", 168, 1...24 * 30)
        minPaths = try read("min_paths", 3, 2...1_000)
        try read.finish()
    }

    public func evaluate(_ payment: PaymentContext) -> Finding? {
        let since = payment.transaction.time - Int64(windowHours * 3_600)
        let accounts = payment.accounts
        // Origins: who paid the intermediary (the sender) recently.
        var origins = PeerSet()
        RecentTransfers.forEach(in: accounts.incoming(payment.from), since: since) { if $0.peer != payment.to { origins.insert($0.peer) } }
        guard origins.count > 0 else { return nil }
        // Intermediaries: who paid the beneficiary recently, besides the sender.
        var intermediaries = PeerSet(payment.from)
        RecentTransfers.forEach(in: accounts.incoming(payment.to), since: since) { intermediaries.insert($0.peer) }
        guard Double(intermediaries.count) >= minPaths else { return nil }
        // Which origins fed each intermediary: each intermediary's ring is read once, as a bit per
        // origin (a ring holds fewer transfers than a mask has bits). The sender was fed by every
        // origin (they are read from its ring). Reading stops once no origin can reach `min_paths`.
        var fed = InlineArray<32, UInt64>(repeating: 0)
        var paths = InlineArray<32, Int>(repeating: 1)
        var most = 1
        fed[0] = origins.count == 64 ? .max : (1 << UInt64(origins.count)) - 1
        for slot in 1..<intermediaries.count {
            guard Double(most + intermediaries.count - slot) >= minPaths else { return nil }
            var mask: UInt64 = 0
            RecentTransfers.forEach(in: accounts.incoming(intermediaries[slot]), since: since) { transfer in
                if let position = origins.position(of: transfer.peer) { mask |= 1 << UInt64(position) }
            }
            fed[slot] = mask
            while mask != 0 {
                let position = mask.trailingZeroBitCount
                paths[position] += 1
                most = max(most, paths[position])
                mask &= mask - 1
            }
        }
        for position in 0..<origins.count {
            let bit: UInt64 = 1 << UInt64(position)
            var count = 0
            for slot in 0..<intermediaries.count where fed[slot] & bit != 0 { count += 1 }
            if Double(count) >= minPaths {
                let origin = origins[position]
                let paths = (0..<intermediaries.count).filter { fed[$0] & bit != 0 }.map { intermediaries[$0] }
                let keys = payment.accounts.keys
                return Finding(
                    typology: id, strength: Double(paths.count) / minPaths,
                    message: "money from \(keys[Int(origin)]) reached \(keys[Int(payment.to)]) through \(paths.count) intermediaries within \(formatted(windowHours)) h (threshold \(formatted(minPaths)))",
                    values: ["paths": Double(paths.count), "min_paths": minPaths],
                    accounts: [keys[Int(origin)]] + paths.map { keys[Int($0)] }
                )
            }
        }
        return nil
    }
}

/// Round-tripping: the payment closes a cycle — money that left the beneficiary comes back to it
/// through a chain of accounts, each hop after the previous, within a window. A bounded search over
/// recent transfers, following only transfers of a similar size (money moving round, less fees).
/// Parameters: `window_hours` (720), `max_length` (6 accounts), `amount_tolerance` (0.99: each hop
/// between a hundredth and a hundred times the closing payment; lower it to follow only similar
/// sizes), `budget` (100 transfers examined per payment, breadth first: each account expanded once).
public struct CycleDetector: TransactionTypology {
    public let id = "cycle"
    public var windowHours: Double
    public var maxLength: Double
    public var amountTolerance: Double
    public var budget: Double

    public init(parameters: TypologyParameters = .init()) throws {
        var read = ParameterReader(id, parameters)
        windowHours = try read("window_hours", 720, 1...24 * 365)
        maxLength = try read("max_length", 6, 2...12)
        amountTolerance = try read("amount_tolerance", 0.99, 0.01...0.99)
        budget = try read("budget", 100, 10...4_000)
        try read.finish()
    }

    public func evaluate(_ payment: PaymentContext) -> Finding? {
        let start = payment.to
        let target = payment.from
        guard start != target else { return nil }
        let since = payment.transaction.time - Int64(windowHours * 3_600)
        let amount = Float(payment.transaction.amount)
        let lowest = amount * Float(1 - amountTolerance)
        let highest = amount / Float(1 - amountTolerance)
        let limit = Int(budget)
        let maxDepth = Int(maxLength) - 1
        let accounts = payment.accounts
        // The cycle can only close through a transfer into the sender (in the window, of a size the
        // search follows), and every transfer is learnt into both rings. While the sender's ring of
        // transfers in has never been full it still holds every transfer it received: with none
        // of them qualifying there is no cycle to find, and the search need not run.
        let incoming = accounts.incoming(target)
        if incoming.pointee.stored < RecentTransfers.capacity {
            var closing = false
            RecentTransfers.forEach(in: incoming, since: since) { if $0.amount >= lowest && $0.amount <= highest { closing = true } }
            guard closing else { return nil }
        }
        var tableSize = 64
        while tableSize < 2 * (limit + 1) { tableSize *= 2 }
        // Breadth first from the beneficiary along transfers out, each at or after the one before;
        // each account is expanded once (first reached = fewest hops). Buffers on the stack.
        let path: [Int32]? = withUnsafeTemporaryAllocation(of: Int32.self, capacity: limit + 1) { nodes in
            withUnsafeTemporaryAllocation(of: Int64.self, capacity: limit + 1) { arrivals in
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: limit + 1) { parents in
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: limit + 1) { depths in
                        withUnsafeTemporaryAllocation(of: Int32.self, capacity: tableSize) { table in
                            table.initialize(repeating: -1)
                            func visit(_ node: Int32) -> Bool {
                                var slot = Int((UInt32(bitPattern: node) &* 0x9E37_79B1) >> 16) & (tableSize - 1)
                                while table[slot] != -1 {
                                    if table[slot] == node { return false }
                                    slot = (slot + 1) & (tableSize - 1)
                                }
                                table[slot] = node
                                return true
                            }
                            nodes[0] = start
                            arrivals[0] = since
                            parents[0] = -1
                            depths[0] = 0
                            _ = visit(start)
                            var count = 1
                            var head = 0
                            var examined = 0
                            while head < count {
                                let node = nodes[head]
                                let floor = arrivals[head]
                                // Nothing left this account since it was reached: none of its transfers qualifies
                                // (half the accounts reached, whose states need not be read).
                                guard accounts.lastOut(node) >= floor else {
                                    head += 1
                                    continue
                                }
                                let ring = accounts.outgoing(node)
                                let depth = Int(depths[head])
                                // Slots read in place (subscripting the ring's items would copy it per transfer).
                                let items = RecentTransfers.items(of: ring)
                                let capacity = RecentTransfers.capacity
                                let newestSlot = ring.pointee.next - 1
                                for k in 0..<ring.pointee.stored {
                                    let slot = newestSlot - k
                                    let transfer = items[slot < 0 ? slot + capacity : slot]
                                    guard transfer.time >= floor, transfer.amount >= lowest, transfer.amount <= highest else { continue }
                                    guard examined < limit else { return nil }
                                    examined += 1
                                    if transfer.peer == target {
                                        var members: [Int32] = []
                                        var index = head
                                        while index >= 0 {
                                            members.append(nodes[index])
                                            index = Int(parents[index])
                                        }
                                        return Array(members.reversed())
                                    }
                                    guard depth + 1 < maxDepth, count <= limit, visit(transfer.peer) else { continue }
                                    nodes[count] = transfer.peer
                                    arrivals[count] = transfer.time
                                    parents[count] = Int32(head)
                                    depths[count] = UInt8(depth + 1)
                                    count += 1
                                }
                                head += 1
                            }
                            return nil
                        }
                    }
                }
            }
        }
        guard let path else { return nil }
        let keys = payment.accounts.keys
        let members = [target] + path
        return Finding(
            typology: id, strength: 1,
            message: "this payment closes a cycle of \(members.count) accounts: \((members + [target]).map { keys[Int($0)] }.joined(separator: " → ")) within \(formatted(windowHours)) h",
            values: ["length": Double(members.count), "max_length": maxLength],
            accounts: path.map { keys[Int($0)] }
        )
    }

}

/// A payment to or from a jurisdiction on a high-risk list (FATF's call for action and increased
/// monitoring lists, dated; see ``HighRiskJurisdictions``).
public struct HighRiskJurisdiction: TransactionTypology {
    public let id = "high-risk-jurisdiction"
    public let lists: HighRiskJurisdictions
    /// The lists as one table (`lists.level(of:)` searches both lists, per side and payment).
    private let levels: [String: HighRiskJurisdictions.Level]

    public init(lists: HighRiskJurisdictions, parameters: TypologyParameters = .init()) throws {
        self.lists = lists
        var levels: [String: HighRiskJurisdictions.Level] = [:]
        for country in lists.increasedMonitoring { levels[country] = .increasedMonitoring }
        for country in lists.callForAction { levels[country] = .callForAction }  // as level(of:): call for action first
        self.levels = levels
        try ParameterReader(id, parameters).finish()
    }

    public func evaluate(_ payment: PaymentContext) -> Finding? {
        // Most payments touch no listed country.
        guard payment.transaction.fromCountry.map({ levels[$0] != nil }) == true || payment.transaction.toCountry.map({ levels[$0] != nil }) == true else {
            return nil
        }
        var hits: [(side: String, country: String, list: HighRiskJurisdictions.Level)] = []
        for (side, country) in [("originator", payment.transaction.fromCountry), ("beneficiary", payment.transaction.toCountry)] {
            if let country, let level = lists.level(of: country) { hits.append((side, country, level)) }
        }
        guard let strongest = hits.max(by: { $0.list.rawValue < $1.list.rawValue }) else { return nil }
        return Finding(
            typology: id, strength: strongest.list == .callForAction ? 2 : 1,
            message: hits.map { "\($0.side) country \($0.country) is on the FATF \($0.list.title) list of \(lists.published)" }.joined(separator: "; "),
            values: ["level": Double(strongest.list.rawValue)]
        )
    }
}

/// A dormant account suddenly active: the sender did nothing for a long time and now pays.
/// Parameters: `dormant_days` (90), `min_amount` (0).
public struct DormantReactivation: TransactionTypology {
    public let id = "dormant-reactivation"
    public var dormantDays: Double
    public var minAmount: Double

    public init(parameters: TypologyParameters = .init()) throws {
        var read = ParameterReader(id, parameters)
        dormantDays = try read("dormant_days", 90, 1...3_650)
        minAmount = try read("min_amount", 0, 0...1e12)
        try read.finish()
    }

    public func evaluate(_ payment: PaymentContext) -> Finding? {
        let idle = payment.features.dormantDays
        guard idle >= dormantDays, payment.transaction.amount >= minAmount else { return nil }
        return Finding(
            typology: id, strength: idle / dormantDays,
            message: "the account was inactive for \(Int(idle)) days and now pays \(formatted(payment.transaction.amount)) (threshold \(formatted(dormantDays)) days)",
            values: ["dormant_days": idle, "threshold": dormantDays]
        )
    }
}

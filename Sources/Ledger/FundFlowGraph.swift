// Strait — compliance gateway for cross-border fintech. Apache-2.0.

// The values of fund-flow tracing: the transfers a trace reads, the query, and the graph it answers.
// The algorithm is in FundFlowTracer.swift. No I/O here.

/// One movement of money between two accounts, as the store records it.
///
/// Transfers are ordered by ``timeMillis`` and then by ``sequence`` (the store's insertion order,
/// which breaks ties between transfers of the same millisecond); ``id`` breaks any remaining tie.
public struct TraceTransfer: Sendable, Hashable {
    /// The transfer (transaction) id, unique in the store.
    public var id: String
    /// The debited account.
    public var from: String
    /// The credited account.
    public var to: String
    /// The amount in minor units of ``currency``; positive. Transfers with a non-positive amount are ignored by a trace.
    public var amountMinor: Int64
    /// ISO 4217 currency code. A trace follows one currency only.
    public var currency: String
    /// When the transfer took effect, in milliseconds since the Unix epoch.
    public var timeMillis: Int64
    /// Store order; breaks ties between transfers with the same ``timeMillis``.
    public var sequence: Int64

    /// A transfer.
    public init(id: String, from: String, to: String, amountMinor: Int64, currency: String, timeMillis: Int64, sequence: Int64) {
        self.id = id
        self.from = from
        self.to = to
        self.amountMinor = amountMinor
        self.currency = currency
        self.timeMillis = timeMillis
        self.sequence = sequence
    }

    /// Whether `self` comes strictly before `other` in the trace order: time, then sequence, then id.
    public func precedes(_ other: TraceTransfer) -> Bool {
        if timeMillis != other.timeMillis { return timeMillis < other.timeMillis }
        if sequence != other.sequence { return sequence < other.sequence }
        return id < other.id
    }
}

/// Where a trace reads transfers from (the store implements it with SQL).
///
/// Blocked payments are not transfers: a source never returns them.
public protocol TransferSource: Sendable {
    /// The transfer with this id, or `nil` when there is none.
    func transfer(id: String) async throws -> TraceTransfer?

    /// Transfers with `from == account` or `to == account` and `fromMillis <= timeMillis <= toMillis`,
    /// ordered by (`timeMillis`, `sequence`), at most `limit` of them (the earliest ones).
    func transfers(account: String, fromMillis: Int64, toMillis: Int64, limit: Int) async throws -> [TraceTransfer]
}

/// Which way a trace follows the money.
public enum TraceDirection: String, Sendable, CaseIterable {
    /// Where did the money of the start transfer go next?
    case forward
    /// Where did the money of the start transfer come from?
    case backward
}

/// Why a trace failed, with a stable ``Code``.
public struct TraceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable error codes (their raw values are part of the API).
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The start transfer does not exist.
        case notFound = "not_found"
        /// A query parameter is out of range.
        case invalidQuery = "invalid_query"
        /// The source returned a start transfer that cannot be traced (non-positive amount).
        case invalidData = "invalid_data"
    }

    /// The stable code.
    public var code: Code
    /// What went wrong, for operators (names a query field or a transfer id, never customer data).
    public var detail: String

    /// An error.
    public init(code: Code, detail: String) {
        self.code = code
        self.detail = detail
    }

    /// `TraceError.<code>: <detail>`.
    public var description: String { "TraceError.\(code.rawValue): \(detail)" }
}

/// What to trace and how far.
///
/// Every value is valid by construction: the initializer throws ``TraceError/Code/invalidQuery``
/// for a parameter out of range (see ``validate()`` for the ranges).
public struct TraceQuery: Sendable, Hashable {
    /// Default ``maxHops``.
    public static let defaultMaxHops = 4
    /// Allowed ``maxHops``.
    public static let maxHopsRange = 1...10
    /// Default ``withinMillis``: 30 days.
    public static let defaultWithinMillis: Int64 = 30 * 24 * 60 * 60 * 1000
    /// Allowed ``withinMillis``: up to 366 days.
    public static let withinMillisRange: ClosedRange<Int64> = 0...(366 * 24 * 60 * 60 * 1000)
    /// Default ``maxTransfers``.
    public static let defaultMaxTransfers = 5_000
    /// Allowed ``maxTransfers``.
    public static let maxTransfersRange = 1...100_000

    /// The id of the start transfer.
    public let transactionID: String
    /// Follow the money forward (where it went) or backward (where it came from).
    public let direction: TraceDirection
    /// The deepest hop in the answer; the start transfer is hop 1 (so `1` answers the start transfer alone).
    public let maxHops: Int
    /// How far in time the trace may span from the start transfer's time `t0`: forward edges lie in
    /// `[t0, t0 + withinMillis]`, backward edges in `[t0 − withinMillis, t0]`. Account histories are
    /// replayed from `t0 − withinMillis` (see ``FundFlowTracer``).
    public let withinMillis: Int64
    /// Edges whose attributed amount is below this are pruned (and not followed further).
    public let minAmountMinor: Int64
    /// The most edges in the answer; a trace that would have more stops and is marked truncated.
    public let maxTransfers: Int

    /// A validated query.
    ///
    /// - Throws: ``TraceError`` with code `invalid_query` when a parameter is out of range.
    public init(
        transactionID: String,
        direction: TraceDirection = .forward,
        maxHops: Int = TraceQuery.defaultMaxHops,
        withinMillis: Int64 = TraceQuery.defaultWithinMillis,
        minAmountMinor: Int64 = 1,
        maxTransfers: Int = TraceQuery.defaultMaxTransfers
    ) throws(TraceError) {
        self.transactionID = transactionID
        self.direction = direction
        self.maxHops = maxHops
        self.withinMillis = withinMillis
        self.minAmountMinor = minAmountMinor
        self.maxTransfers = maxTransfers
        try validate()
    }

    /// Checks every parameter: `transactionID` not empty (at most 256 bytes), `maxHops` in 1...10,
    /// `withinMillis` in 0...366 days, `minAmountMinor` at least 1, `maxTransfers` in 1...100 000.
    ///
    /// - Throws: ``TraceError`` with code `invalid_query`, naming the field.
    public func validate() throws(TraceError) {
        func invalid(_ field: String, _ rule: String) -> TraceError {
            TraceError(code: .invalidQuery, detail: "\(field) \(rule)")
        }
        if transactionID.isEmpty || transactionID.utf8.count > 256 {
            throw invalid("transactionID", "must be 1 to 256 bytes")
        }
        if !Self.maxHopsRange.contains(maxHops) {
            throw invalid("maxHops", "must be in \(Self.maxHopsRange.lowerBound)...\(Self.maxHopsRange.upperBound)")
        }
        if !Self.withinMillisRange.contains(withinMillis) {
            throw invalid("withinMillis", "must be in 0...\(Self.withinMillisRange.upperBound)")
        }
        if minAmountMinor < 1 {
            throw invalid("minAmountMinor", "must be at least 1")
        }
        if !Self.maxTransfersRange.contains(maxTransfers) {
            throw invalid("maxTransfers", "must be in \(Self.maxTransfersRange.lowerBound)...\(Self.maxTransfersRange.upperBound)")
        }
    }
}

/// An account the traced money passed through.
public struct TraceAccount: Sendable, Hashable {
    /// The account id.
    public var account: String
    /// The hop depth at which the trace first reached it: 0 for the account the start transfer
    /// leaves (forward) or enters (backward); `h` for the far end of an edge at hop `h`.
    public var depth: Int

    /// An account entry.
    public init(account: String, depth: Int) {
        self.account = account
        self.depth = depth
    }
}

/// How much of an edge's attributed amount came through one earlier edge.
public struct TraceParent: Sendable, Hashable {
    /// The id of the edge's transfer it continues from (forward: the transfer that brought the money
    /// into the account; backward: the transfer that the money went on to fund).
    public var transferID: String
    /// The part of the edge's attributed amount that comes through that parent, in minor units.
    public var amountMinor: Int64

    /// A parent link.
    public init(transferID: String, amountMinor: Int64) {
        self.transferID = transferID
        self.amountMinor = amountMinor
    }
}

/// One transfer that carries part of the traced money.
public struct TraceEdge: Sendable, Hashable {
    /// The transfer.
    public var transfer: TraceTransfer
    /// 1 for the start transfer; otherwise one more than the smallest hop among its parents.
    public var hop: Int
    /// How much of the traced money flows along this transfer, in minor units
    /// (`0 < attributedMinor <= transfer.amountMinor`; the sum of ``parents`` amounts).
    public var attributedMinor: Int64
    /// The edges it continues from, with their shares of ``attributedMinor``, in the order they were
    /// traced; empty for the start transfer.
    public var parents: [TraceParent]

    /// An edge.
    public init(transfer: TraceTransfer, hop: Int, attributedMinor: Int64, parents: [TraceParent]) {
        self.transfer = transfer
        self.hop = hop
        self.attributedMinor = attributedMinor
        self.parents = parents
    }

    /// The ids of ``parents``.
    public var parentIDs: [String] { parents.map(\.transferID) }
}

/// The answer to a trace.
///
/// ``edges`` are sorted by hop, then time, sequence and id; ``accounts`` by depth, then id.
public struct TraceGraph: Sendable, Hashable {
    /// Stable codes of ``reasonsTruncated``.
    public enum TruncationReason {
        /// The answer reached ``TraceQuery/maxTransfers`` edges and at least one more qualified.
        public static let maxTransfers = "max_transfers"
        /// An account had more transfers in the replay window than the tracer reads
        /// (``FundFlowTracer/maxHistoryPerAccount``): its replay used the earliest ones only.
        public static let accountHistoryLimit = "account_history_limit"
    }

    /// The query answered.
    public var query: TraceQuery
    /// The start transfer.
    public var start: TraceTransfer
    /// Every account at either end of an edge, with the depth at which it was first reached.
    public var accounts: [TraceAccount]
    /// The transfers carrying traced money; the first is the start transfer (hop 1).
    public var edges: [TraceEdge]
    /// Whether the answer is incomplete (see ``reasonsTruncated``).
    public var truncated: Bool
    /// Why the answer is incomplete: codes from ``TruncationReason``, sorted, without duplicates.
    public var reasonsTruncated: [String]

    /// A graph.
    public init(query: TraceQuery, start: TraceTransfer, accounts: [TraceAccount], edges: [TraceEdge], truncated: Bool, reasonsTruncated: [String]) {
        self.query = query
        self.start = start
        self.accounts = accounts
        self.edges = edges
        self.truncated = truncated
        self.reasonsTruncated = reasonsTruncated
    }

    /// The edge of a transfer, if it is in the graph.
    public func edge(_ transferID: String) -> TraceEdge? {
        edges.first { $0.transfer.id == transferID }
    }
}

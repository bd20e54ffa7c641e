// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// Follows money through intermediate accounts, forward (where did it go?) or backward (where did it
/// come from?), attributing mixed funds by FIFO. Pure algorithm: all reads go through a ``TransferSource``.
///
/// ## Windows
///
/// Let `T` be the start transfer, at time `t0`, and `W` = ``TraceQuery/withinMillis``.
/// - Trace window (where edges may lie): forward `[t0, t0 + W]`, backward `[t0 − W, t0]`.
/// - Replay window (the history used to rebuild an account's FIFO queue): forward `[t0 − W, t0 + W]`,
///   backward `[t0 − W, t0]`. It is the same for every account of one trace, so each account has one
///   ledger per trace and amounts arriving along several paths combine without double counting.
///   (Forward, it gives the first hop the lookback `[t0 − W, t0]` and every later hop at least that.)
///
/// ## FIFO rule
///
/// For each account reached, its transfers in the replay window, in the trace's currency, are replayed
/// in (time, sequence, id) order against a queue of lots that starts empty:
/// - an incoming transfer appends a lot of its amount to the back of the queue;
/// - an outgoing transfer draws its amount from the front: it takes what is left of the first lot,
///   then the next, and so on; a lot is removed once drawn completely. If the queue runs dry, the rest
///   of the outgoing transfer is funded by money of unknown origin, attributed to nothing.
/// - a transfer from an account to itself draws first, then appends its lot.
///
/// Within a lot, money is ordered too, and the traced money is at the front (*traced first*): a lot of
/// amount `n` carrying `τ` traced minor units holds them as its units `[0, τ)`, so the first `τ` units
/// drawn from it are traced money. Backward, symmetrically, the traced part `τ` of an outgoing
/// transfer is its first `τ` units drawn, i.e. it is funded by the earliest lots it drew from.
///
/// **Forward**: `T` puts a lot of `a` (all traced) into `T.to`. An outgoing transfer `O` that draws
/// units `[r, r + x)` of a lot carrying `τ` traced units receives `max(0, min(r + x, τ) − r)` of it.
/// `O`'s attributed amount is the sum over the lots it draws from; `O` becomes an edge carrying that
/// many traced units into `O.to`, where the rule repeats. Only draws after the lot arrived exist, so
/// every hop is strictly later than the one it continues from (equal time with a higher sequence counts as later).
///
/// **Backward**: `T` (all `a` units traced) leaves `T.from`. If `T` drew `x` units of lot `I` (an
/// incoming transfer) at offset `d` of its own draws and `T`'s traced part is `τ`, `I` receives
/// `max(0, min(d + x, τ) − d)`. `I`'s attributed amount is the sum over the outgoing transfers it funded;
/// `I` becomes an edge, and the rule repeats at `I.from` for `I`'s traced part. Every hop is strictly
/// earlier than the one it continues from.
///
/// ## Assumptions
///
/// - **Balance before the replay window is unknown and treated as already spent** (the queue starts
///   empty). Forward, no older money sits ahead of the traced lot, which attributes the most to the
///   traced money; backward, the traced money is assigned to known transfers inside the window before
///   any older balance. Both are the conservative choice for AML. Outgoing transfers that exceed the
///   queue draw the excess from that unknown balance.
/// - **One currency, no FX conversion.** Only transfers in the start transfer's currency are replayed;
///   an account's balance in another currency is a separate queue and money converted into another
///   currency is not followed.
/// - Transfers with a non-positive amount are ignored; the source never returns blocked payments.
///
/// ## Bounds
///
/// - Each transfer appears at most once (cycle guard). An account may be reached again later in time,
///   so money that comes back round shows as a cycle of distinct transfers.
/// - An edge's hop is one more than the smallest hop among its parents; edges at hop
///   ``TraceQuery/maxHops`` are not followed further.
/// - An edge whose attributed amount is below ``TraceQuery/minAmountMinor`` is pruned and not followed.
/// - Edges are settled in trace order (forward: ascending time; backward: descending), so when
///   ``TraceQuery/maxTransfers`` edges are settled and another qualifies, the trace stops there and
///   is marked ``TraceGraph/truncated`` with `max_transfers`: the answer keeps the edges closest in time to `T`.
/// - Attributed amounts are conserved: the amounts an edge passes on never exceed its own, and an
///   edge's attributed amount never exceeds its transfer's amount.
public struct FundFlowTracer: Sendable {
    /// How many transfers to ask the source for at a time when reading an account's history.
    public var pageSize: Int
    /// The most transfers read for one account; beyond it the replay uses the earliest ones and the
    /// answer is marked truncated with `account_history_limit`.
    public var maxHistoryPerAccount: Int

    /// A tracer.
    public init(pageSize: Int = 1_000, maxHistoryPerAccount: Int = 100_000) {
        self.pageSize = max(1, pageSize)
        self.maxHistoryPerAccount = max(1, maxHistoryPerAccount)
    }

    /// Traces the money of the query's transfer.
    ///
    /// - Throws: ``TraceError`` `invalid_query` for a query out of range, `not_found` when the start
    ///   transfer is unknown, `invalid_data` when it has a non-positive amount; errors of `source` as they are.
    public func trace(_ query: TraceQuery, source: some TransferSource) async throws -> TraceGraph {
        try query.validate()
        guard let start = try await source.transfer(id: query.transactionID) else {
            throw TraceError(code: .notFound, detail: "no transfer \(query.transactionID)")
        }
        guard start.amountMinor > 0 else {
            throw TraceError(code: .invalidData, detail: "transfer \(start.id) has a non-positive amount")
        }
        var run = TraceRun(query: query, start: start, pageSize: max(1, pageSize), maxHistory: max(1, maxHistoryPerAccount))
        return try await run.run(source: source)
    }
}

// MARK: - FIFO replay of one account

/// The FIFO allocation of one account's money: which part of which lot each outgoing transfer drew.
///
/// Independent of what is traced: tracing only labels units, so one allocation serves every path
/// through the account.
struct FIFOAllocation: Sendable {
    /// `amountMinor` units drawn by outgoing transfer `outflowID` from the lot of incoming transfer `lotID`:
    /// the lot's units `[lotOffset, lotOffset + amountMinor)`, which are the outflow's units
    /// `[drawOffset, drawOffset + amountMinor)`.
    struct Draw: Sendable, Hashable {
        var outflowID: String
        var lotID: String
        var lotOffset: Int64
        var drawOffset: Int64
        var amountMinor: Int64
    }

    /// The account replayed.
    let account: String
    /// The replayed transfers by id.
    private(set) var transfers: [String: TraceTransfer] = [:]
    /// Draws of each outgoing transfer, in drawing order.
    private(set) var drawsByOutflow: [String: [Draw]] = [:]
    /// Draws from each lot, in drawing order (so by increasing `lotOffset`).
    private(set) var drawsByLot: [String: [Draw]] = [:]
    /// What each outgoing transfer drew from balance of unknown origin (the queue was empty).
    private(set) var unfunded: [String: Int64] = [:]

    /// Replays `history` (transfers touching `account`, any order; duplicates by id are ignored)
    /// against a queue that starts empty.
    init(account: String, history: [TraceTransfer]) {
        self.account = account
        var ordered: [TraceTransfer] = []
        for transfer in history where transfer.amountMinor > 0 && (transfer.from == account || transfer.to == account) {
            if transfers.updateValue(transfer, forKey: transfer.id) == nil { ordered.append(transfer) }
        }
        ordered.sort { $0.precedes($1) }

        var queue: [(id: String, amount: Int64, drawn: Int64)] = []
        var head = 0
        for transfer in ordered {
            if transfer.from == account {
                var need = transfer.amountMinor
                var offset: Int64 = 0
                var draws: [Draw] = []
                while need > 0, head < queue.count {
                    let take = min(need, queue[head].amount - queue[head].drawn)
                    let draw = Draw(
                        outflowID: transfer.id, lotID: queue[head].id, lotOffset: queue[head].drawn, drawOffset: offset, amountMinor: take
                    )
                    draws.append(draw)
                    drawsByLot[draw.lotID, default: []].append(draw)
                    queue[head].drawn += take
                    need -= take
                    offset += take
                    if queue[head].drawn == queue[head].amount { head += 1 }
                }
                drawsByOutflow[transfer.id] = draws
                if need > 0 { unfunded[transfer.id] = need }
            }
            if transfer.to == account {
                queue.append((transfer.id, transfer.amountMinor, 0))
            }
        }
    }

    /// The traced units of `[offset, offset + amount)` when the traced units are `[0, traced)`.
    static func tracedPart(offset: Int64, amount: Int64, traced: Int64) -> Int64 {
        guard offset < traced else { return 0 }
        return min(amount, traced - offset)
    }

    /// Forward: what each outgoing transfer receives from the lot `lotID` carrying `traced` traced units.
    func forwardShares(lotID: String, traced: Int64) -> [(transfer: TraceTransfer, amount: Int64)] {
        var shares: [(TraceTransfer, Int64)] = []
        for draw in drawsByLot[lotID] ?? [] {
            if draw.lotOffset >= traced { break }
            let part = Self.tracedPart(offset: draw.lotOffset, amount: draw.amountMinor, traced: traced)
            if part > 0, let outflow = transfers[draw.outflowID] { shares.append((outflow, part)) }
        }
        return shares
    }

    /// Backward: what each lot gives to the outgoing transfer `outflowID` whose traced part is `traced`.
    func backwardShares(outflowID: String, traced: Int64) -> [(transfer: TraceTransfer, amount: Int64)] {
        var shares: [(TraceTransfer, Int64)] = []
        for draw in drawsByOutflow[outflowID] ?? [] {
            if draw.drawOffset >= traced { break }
            let part = Self.tracedPart(offset: draw.drawOffset, amount: draw.amountMinor, traced: traced)
            if part > 0, let lot = transfers[draw.lotID] { shares.append((lot, part)) }
        }
        return shares
    }
}

// MARK: - One trace

/// The state of one trace: settled edges, candidate edges waiting for all their parents, and the
/// FIFO allocation of every account reached.
struct TraceRun {
    private struct Candidate {
        var transfer: TraceTransfer
        var parents: [TraceParent] = []
        var minParentHop: Int = .max
    }

    let query: TraceQuery
    let start: TraceTransfer
    let pageSize: Int
    let maxHistory: Int
    let forward: Bool
    /// Replay window bounds (inclusive).
    let replayFrom: Int64
    let replayTo: Int64

    private var allocations: [String: FIFOAllocation] = [:]
    private var settled: [String: TraceEdge] = [:]
    private var candidates: [String: Candidate] = [:]
    private var heap: TransferHeap
    private var reasons: Set<String> = []

    init(query: TraceQuery, start: TraceTransfer, pageSize: Int, maxHistory: Int) {
        self.query = query
        self.start = start
        self.pageSize = pageSize
        self.maxHistory = maxHistory
        self.forward = query.direction == .forward
        let (low, lowOverflow) = start.timeMillis.subtractingReportingOverflow(query.withinMillis)
        let (high, highOverflow) = start.timeMillis.addingReportingOverflow(query.withinMillis)
        self.replayFrom = lowOverflow ? .min : low
        self.replayTo = forward ? (highOverflow ? .max : high) : start.timeMillis
        self.heap = TransferHeap(forward: forward)
    }

    mutating func run(source: some TransferSource) async throws -> TraceGraph {
        try await settle(TraceEdge(transfer: start, hop: 1, attributedMinor: start.amountMinor, parents: []), source: source)
        while let next = heap.pop() {
            guard let candidate = candidates.removeValue(forKey: next.id), settled[next.id] == nil else { continue }
            let total = candidate.parents.reduce(Int64(0)) { $0 + $1.amountMinor }
            if total < query.minAmountMinor { continue }
            if settled.count >= query.maxTransfers {
                reasons.insert(TraceGraph.TruncationReason.maxTransfers)
                break
            }
            let edge = TraceEdge(transfer: candidate.transfer, hop: candidate.minParentHop + 1, attributedMinor: total, parents: candidate.parents)
            try await settle(edge, source: source)
        }
        return graph()
    }

    /// Records an edge whose parents are all settled and, below the hop limit, offers its money onwards.
    private mutating func settle(_ edge: TraceEdge, source: some TransferSource) async throws {
        settled[edge.transfer.id] = edge
        guard edge.hop < query.maxHops else { return }
        let account = forward ? edge.transfer.to : edge.transfer.from
        let allocation = try await allocation(of: account, containing: edge.transfer, source: source)
        let shares =
            forward
            ? allocation.forwardShares(lotID: edge.transfer.id, traced: edge.attributedMinor)
            : allocation.backwardShares(outflowID: edge.transfer.id, traced: edge.attributedMinor)
        for (transfer, amount) in shares where settled[transfer.id] == nil {
            // Strictly later (forward) / earlier (backward) by construction of the replay; checked anyway.
            guard forward ? edge.transfer.precedes(transfer) : transfer.precedes(edge.transfer) else { continue }
            if candidates[transfer.id] == nil {
                candidates[transfer.id] = Candidate(transfer: transfer)
                heap.push(transfer)
            }
            candidates[transfer.id]!.parents.append(TraceParent(transferID: edge.transfer.id, amountMinor: amount))
            candidates[transfer.id]!.minParentHop = min(candidates[transfer.id]!.minParentHop, edge.hop)
        }
    }

    /// The account's FIFO allocation over the replay window, read once per trace.
    private mutating func allocation(of account: String, containing edge: TraceTransfer, source: some TransferSource) async throws
        -> FIFOAllocation
    {
        if let known = allocations[account] { return known }
        var history = try await readHistory(of: account, source: source).filter { transfer in
            transfer.currency == start.currency && transfer.timeMillis >= replayFrom && transfer.timeMillis <= replayTo
        }
        // The edge that leads here belongs to the account's history even if the source missed it.
        if !history.contains(where: { $0.id == edge.id }) { history.append(edge) }
        let allocation = FIFOAllocation(account: account, history: history)
        allocations[account] = allocation
        return allocation
    }

    /// Pages through the account's transfers in the replay window. The source can only page by time, so
    /// each page restarts at the last millisecond seen (duplicates are dropped by id); a page that does not
    /// get past its first millisecond is asked again with twice the limit.
    private mutating func readHistory(of account: String, source: some TransferSource) async throws -> [TraceTransfer] {
        var seen: Set<String> = []
        var history: [TraceTransfer] = []
        var cursor = replayFrom
        var limit = pageSize
        while true {
            let page = try await source.transfers(account: account, fromMillis: cursor, toMillis: replayTo, limit: limit)
            for transfer in page where seen.insert(transfer.id).inserted {
                history.append(transfer)
            }
            if page.count < limit { break }
            if history.count >= maxHistory {
                reasons.insert(TraceGraph.TruncationReason.accountHistoryLimit)
                break
            }
            let last = page.map(\.timeMillis).max() ?? cursor
            if last > cursor {
                cursor = last
            } else if limit < maxHistory {
                limit = min(limit * 2, maxHistory)
            } else {
                reasons.insert(TraceGraph.TruncationReason.accountHistoryLimit)
                break
            }
        }
        return history
    }

    private func graph() -> TraceGraph {
        let edges = settled.values.sorted { a, b in
            a.hop != b.hop ? a.hop < b.hop : a.transfer.precedes(b.transfer)
        }
        var depth: [String: Int] = [(forward ? start.from : start.to): 0]
        for edge in edges {
            let reached = forward ? edge.transfer.to : edge.transfer.from
            depth[reached] = min(depth[reached] ?? .max, edge.hop)
        }
        let accounts = depth.map { TraceAccount(account: $0.key, depth: $0.value) }.sorted { a, b in
            a.depth != b.depth ? a.depth < b.depth : a.account < b.account
        }
        return TraceGraph(
            query: query, start: start, accounts: accounts, edges: edges, truncated: !reasons.isEmpty, reasonsTruncated: reasons.sorted()
        )
    }
}

// MARK: - Ordering

/// A binary heap of transfers in trace order: earliest first forward, latest first backward.
struct TransferHeap {
    private var items: [TraceTransfer] = []
    private let forward: Bool

    init(forward: Bool) {
        self.forward = forward
    }

    private func before(_ a: TraceTransfer, _ b: TraceTransfer) -> Bool {
        forward ? a.precedes(b) : b.precedes(a)
    }

    mutating func push(_ transfer: TraceTransfer) {
        items.append(transfer)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> TraceTransfer? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var first = parent
            if left < items.count, before(items[left], items[first]) { first = left }
            if right < items.count, before(items[right], items[first]) { first = right }
            if first == parent { break }
            items.swapAt(parent, first)
            parent = first
        }
        return top
    }
}

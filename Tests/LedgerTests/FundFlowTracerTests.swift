// Strait — compliance gateway for cross-border fintech. Apache-2.0.

@testable import Ledger
import StraitCore
import Testing

// MARK: - Fixtures

/// An in-memory transfer store honouring the ``TransferSource`` contract.
private struct MemorySource: TransferSource {
    let all: [TraceTransfer]

    func transfer(id: String) async throws -> TraceTransfer? {
        all.first { $0.id == id }
    }

    func transfers(account: String, fromMillis: Int64, toMillis: Int64, limit: Int) async throws -> [TraceTransfer] {
        let matching = all.filter { ($0.from == account || $0.to == account) && $0.timeMillis >= fromMillis && $0.timeMillis <= toMillis }
        let ordered = matching.sorted { ($0.timeMillis, $0.sequence) < ($1.timeMillis, $1.sequence) }
        return Array(ordered.prefix(limit))
    }
}

/// A source whose history reads fail.
private struct FailingSource: TransferSource {
    struct Failure: Error, Equatable {}
    let start: TraceTransfer
    func transfer(id: String) async throws -> TraceTransfer? { id == start.id ? start : nil }
    func transfers(account: String, fromMillis: Int64, toMillis: Int64, limit: Int) async throws -> [TraceTransfer] {
        throw Failure()
    }
}

/// Builds transfers with increasing sequence numbers; times are minutes after `t0`.
private struct Book {
    static let t0: Int64 = 1_780_000_000_000
    static let minute: Int64 = 60_000
    static let hour: Int64 = 60 * minute
    private(set) var transfers: [TraceTransfer] = []

    mutating func add(_ id: String, _ from: String, _ to: String, _ amount: Int64, atMinute minute: Int64, currency: String = "EUR") {
        add(id, from, to, amount, atMillis: Self.t0 + minute * Self.minute, currency: currency)
    }

    mutating func add(_ id: String, _ from: String, _ to: String, _ amount: Int64, atMillis time: Int64, currency: String = "EUR") {
        transfers.append(
            TraceTransfer(
                id: id, from: from, to: to, amountMinor: amount, currency: currency, timeMillis: time, sequence: Int64(transfers.count + 1)
            )
        )
    }

    var source: MemorySource { MemorySource(all: transfers) }
}

/// One line per edge, in graph order: `id hHOP AMOUNT [<- parent:amount,...]`.
private func lines(_ graph: TraceGraph) -> [String] {
    graph.edges.map { edge in
        let parents = edge.parents.map { "\($0.transferID):\($0.amountMinor)" }.joined(separator: ",")
        return "\(edge.transfer.id) h\(edge.hop) \(edge.attributedMinor)" + (parents.isEmpty ? "" : " <- \(parents)")
    }
}

private func depths(_ graph: TraceGraph) -> [String: Int] {
    Dictionary(uniqueKeysWithValues: graph.accounts.map { ($0.account, $0.depth) })
}

private func trace(
    _ book: Book, _ id: String, _ direction: TraceDirection = .forward, maxHops: Int = 10, withinMillis: Int64 = TraceQuery.defaultWithinMillis,
    minAmountMinor: Int64 = 1, maxTransfers: Int = 5_000, tracer: FundFlowTracer = FundFlowTracer()
) async throws -> TraceGraph {
    let query = try TraceQuery(
        transactionID: id, direction: direction, maxHops: maxHops, withinMillis: withinMillis, minAmountMinor: minAmountMinor,
        maxTransfers: maxTransfers
    )
    return try await tracer.trace(query, source: book.source)
}

// MARK: - Hand-worked examples

@Suite("Fund-flow tracing")
struct FundFlowTracerTests {
    @Test("a simple chain A→B→C→D is followed hop by hop with the full amount")
    func chain() async throws {
        var book = Book()
        book.add("AB", "A", "B", 100, atMinute: 0)
        book.add("BC", "B", "C", 100, atMinute: 1)
        book.add("CD", "C", "D", 100, atMinute: 2)

        let graph = try await trace(book, "AB")
        #expect(lines(graph) == ["AB h1 100", "BC h2 100 <- AB:100", "CD h3 100 <- BC:100"])
        #expect(depths(graph) == ["A": 0, "B": 1, "C": 2, "D": 3])
        #expect(graph.start.id == "AB")
        #expect(!graph.truncated && graph.reasonsTruncated.isEmpty)
        #expect(graph.edge("BC")?.parentIDs == ["AB"])

        // maxHops counts the start transfer as hop 1.
        let short = try await trace(book, "AB", maxHops: 2)
        #expect(lines(short) == ["AB h1 100", "BC h2 100 <- AB:100"])
        #expect(depths(short) == ["A": 0, "B": 1, "C": 2])
        let only = try await trace(book, "AB", maxHops: 1)
        #expect(lines(only) == ["AB h1 100"])
        #expect(!only.truncated)
    }

    @Test("fan-out: B splits the traced money by FIFO")
    func fanOut() async throws {
        var book = Book()
        book.add("T", "A", "B", 100, atMinute: 0)
        book.add("YB", "Y", "B", 50, atMinute: 1)
        book.add("BC", "B", "C", 60, atMinute: 2)
        book.add("BD", "B", "D", 70, atMinute: 3)
        book.add("BE", "B", "E", 30, atMinute: 4)
        // B's queue: [T 100 (traced), YB 50].
        // BC 60 draws T[0,60)            → 60 traced.
        // BD 70 draws T[60,100), YB[0,30) → 40 traced.
        // BE 30 draws YB[30,50) + 10 of unknown origin → 0 traced: not an edge.
        let graph = try await trace(book, "T")
        #expect(lines(graph) == ["T h1 100", "BC h2 60 <- T:60", "BD h2 40 <- T:40"])
        #expect(depths(graph) == ["A": 0, "B": 1, "C": 2, "D": 2])
        #expect(graph.edges.dropFirst().map(\.attributedMinor).reduce(0, +) == 100)
    }

    @Test("mixed funds: an earlier inflow into B is spent first")
    func mixedFunds() async throws {
        var book = Book()
        book.add("XB", "X", "B", 80, atMinute: -10)
        book.add("BZ", "B", "Z", 30, atMinute: -5)
        book.add("T", "A", "B", 100, atMinute: 0)
        book.add("BC", "B", "C", 120, atMinute: 5)
        book.add("BD", "B", "D", 50, atMinute: 6)
        // B's queue: XB 80; BZ 30 draws XB[0,30) → [XB 50 left, T 100].
        // BC 120 draws XB[30,80) = 50, then T[0,70) → 70 traced.
        // BD 50 draws T[70,100) = 30, then 20 of unknown origin → 30 traced.
        let graph = try await trace(book, "T")
        #expect(lines(graph) == ["T h1 100", "BC h2 70 <- T:70", "BD h2 30 <- T:30"])
        // BZ happened before T: never part of a forward trace.
        #expect(graph.edge("BZ") == nil)
    }

    @Test("balance from before the replay window is treated as already spent")
    func unknownOpeningBalance() async throws {
        var book = Book()
        book.add("OLD", "X", "B", 1_000, atMinute: -120)  // two hours before T
        book.add("T", "A", "B", 100, atMinute: 0)
        book.add("BC", "B", "C", 50, atMinute: 1)
        // Window of one hour: OLD is outside the replay window [t0 − 1h, t0 + 1h], so B's queue
        // starts empty and T is at its front: BC draws T[0,50) → 50 traced.
        let narrow = try await trace(book, "T", withinMillis: Book.hour)
        #expect(lines(narrow) == ["T h1 100", "BC h2 50 <- T:50"])
        // Window of three hours: OLD is in the queue ahead of T and funds BC entirely → nothing traced.
        let wide = try await trace(book, "T", withinMillis: 3 * Book.hour)
        #expect(lines(wide) == ["T h1 100"])
    }

    @Test("traced money sits at the front of a lot and is drawn first")
    func tracedFirstWithinLot() async throws {
        var book = Book()
        book.add("XB", "X", "B", 50, atMinute: -1)
        book.add("T", "A", "B", 100, atMinute: 0)
        book.add("BC", "B", "C", 120, atMinute: 1)
        book.add("CD", "C", "D", 50, atMinute: 2)
        book.add("CE", "C", "E", 50, atMinute: 3)
        book.add("CF", "C", "F", 20, atMinute: 4)
        // B: BC 120 draws XB 50 and T[0,70) → BC carries 70 traced out of 120.
        // C's lot BC holds its 70 traced units at the front:
        //   CD 50 draws BC[0,50)    → 50 traced;
        //   CE 50 draws BC[50,100)  → 20 traced (units 50..<70);
        //   CF 20 draws BC[100,120) → 0 traced: not an edge.
        // (A proportional rule would have given 29, 29 and 12.)
        let graph = try await trace(book, "T")
        #expect(lines(graph) == ["T h1 100", "BC h2 70 <- T:70", "CD h3 50 <- BC:50", "CE h3 20 <- BC:20"])
    }

    @Test("money that comes back round shows as a cycle of distinct transfers")
    func cycle() async throws {
        var book = Book()
        book.add("AB1", "A", "B", 100, atMinute: 0)
        book.add("BC1", "B", "C", 100, atMinute: 1)
        book.add("CA", "C", "A", 100, atMinute: 2)
        book.add("AB2", "A", "B", 100, atMinute: 3)
        book.add("BC2", "B", "C", 100, atMinute: 4)
        // A's queue: AB1 draws nothing (before any inflow), CA arrives, AB2 draws CA → 100.
        let graph = try await trace(book, "AB1", maxHops: 4)
        #expect(lines(graph) == ["AB1 h1 100", "BC1 h2 100 <- AB1:100", "CA h3 100 <- BC1:100", "AB2 h4 100 <- CA:100"])
        #expect(depths(graph) == ["A": 0, "B": 1, "C": 2])
        #expect(graph.edge("CA")?.transfer.to == graph.start.from)  // the cycle is visible

        let longer = try await trace(book, "AB1", maxHops: 10)
        #expect(lines(longer).last == "BC2 h5 100 <- AB2:100")
        #expect(Set(longer.edges.map(\.transfer.id)).count == longer.edges.count)
        #expect(depths(longer) == ["A": 0, "B": 1, "C": 2])
    }

    @Test("paths that meet again combine into one edge with several parents")
    func fanIn() async throws {
        var book = Book()
        book.add("T", "A", "B", 100, atMinute: 0)
        book.add("BC", "B", "C", 60, atMinute: 1)
        book.add("BD", "B", "D", 40, atMinute: 2)
        book.add("CE", "C", "E", 60, atMinute: 3)
        book.add("DE", "D", "E", 40, atMinute: 4)
        book.add("EF", "E", "F", 100, atMinute: 5)
        let graph = try await trace(book, "T")
        #expect(
            lines(graph) == [
                "T h1 100", "BC h2 60 <- T:60", "BD h2 40 <- T:40", "CE h3 60 <- BC:60", "DE h3 40 <- BD:40", "EF h4 100 <- CE:60,DE:40",
            ]
        )
        #expect(depths(graph) == ["A": 0, "B": 1, "C": 2, "D": 2, "E": 3, "F": 4])
    }

    @Test("a hop must be strictly later: same millisecond counts only with a higher sequence")
    func sameMillisecond() async throws {
        var book = Book()
        book.add("BC", "B", "C", 10, atMinute: 0)  // same time as T, lower sequence: before T
        book.add("T", "A", "B", 100, atMinute: 0)
        book.add("BD", "B", "D", 30, atMinute: 0)  // same time, higher sequence: after T
        let graph = try await trace(book, "T")
        #expect(lines(graph) == ["T h1 100", "BD h2 30 <- T:30"])
    }

    @Test("a transfer from an account to itself draws first and re-enters at the back")
    func selfTransfer() async throws {
        var book = Book()
        book.add("T", "A", "B", 100, atMinute: 0)
        book.add("YB", "Y", "B", 40, atMinute: 1)
        book.add("BB", "B", "B", 100, atMinute: 2)
        book.add("BC", "B", "C", 60, atMinute: 3)
        // BB draws T[0,100) (100 traced) and re-enters behind YB: [YB 40, BB 100 (traced)].
        // BC 60 draws YB 40 then BB[0,20) → 20 traced.
        let graph = try await trace(book, "T")
        #expect(lines(graph) == ["T h1 100", "BB h2 100 <- T:100", "BC h3 20 <- BB:20"])
    }

    @Test("backward: which earlier inflows funded the transfer")
    func backward() async throws {
        var book = Book()
        book.add("O1P", "O1", "P", 5, atMinute: -10)
        book.add("O2P", "O2", "P", 100, atMinute: -9)
        book.add("PA", "P", "A", 50, atMinute: -5)
        book.add("QA", "Q", "A", 80, atMinute: -4)
        book.add("AR", "A", "R", 40, atMinute: -3)
        book.add("T", "A", "S", 60, atMinute: 0)
        book.add("LATE", "Z", "A", 500, atMinute: 1)  // after T: cannot have funded it
        // A's queue: PA 50, QA 80. AR 40 draws PA[0,40). T 60 draws PA[40,50) = 10 and QA[0,50) = 50.
        // PA's traced part is 10: its first 10 units drawn at P, i.e. O1P 5 then O2P 5 (traced first).
        let graph = try await trace(book, "T", .backward)
        // Edges are sorted by hop, then by time ascending (also backward).
        #expect(lines(graph) == ["T h1 60", "PA h2 10 <- T:10", "QA h2 50 <- T:50", "O1P h3 5 <- PA:5", "O2P h3 5 <- PA:5"])
        #expect(depths(graph) == ["S": 0, "A": 1, "P": 2, "Q": 2, "O1": 3, "O2": 3])
        #expect(graph.edge("LATE") == nil && graph.edge("AR") == nil)
        let short = try await trace(book, "T", .backward, maxHops: 2)
        #expect(lines(short) == ["T h1 60", "PA h2 10 <- T:10", "QA h2 50 <- T:50"])
        #expect(depths(short) == ["S": 0, "A": 1, "P": 2, "Q": 2])
    }

    @Test("backward: inflows from before the window are unknown and the rest stays unattributed")
    func backwardWindow() async throws {
        var book = Book()
        book.add("OLD", "X", "A", 100, atMinute: -120)
        book.add("QA", "Q", "A", 30, atMinute: -10)
        book.add("T", "A", "S", 100, atMinute: 0)
        let narrow = try await trace(book, "T", .backward, withinMillis: Book.hour)
        // Only QA is in [t0 − 1h, t0]: it funds the first 30; 70 come from unknown earlier balance.
        #expect(lines(narrow) == ["T h1 100", "QA h2 30 <- T:30"])
        let wide = try await trace(book, "T", .backward, withinMillis: 3 * Book.hour)
        // Both in the window: OLD is first in the queue and funds T entirely.
        #expect(lines(wide) == ["T h1 100", "OLD h2 100 <- T:100"])
    }

    @Test("the trace window bounds how far in time the trace reaches")
    func forwardWindow() async throws {
        var book = Book()
        book.add("T", "A", "B", 100, atMinute: 0)
        book.add("BC", "B", "C", 40, atMinute: 60)  // exactly t0 + 1h: inside
        book.add("BD", "B", "D", 60, atMillis: Book.t0 + Book.hour + 1)  // 1 ms too late
        let graph = try await trace(book, "T", withinMillis: Book.hour)
        #expect(lines(graph) == ["T h1 100", "BC h2 40 <- T:40"])
        let zero = try await trace(book, "T", withinMillis: 0)
        #expect(lines(zero) == ["T h1 100"])
    }

    @Test("only the start transfer's currency is followed, without FX conversion")
    func currency() async throws {
        var book = Book()
        book.add("XB", "X", "B", 500, atMinute: -1, currency: "USD")  // a USD balance does not sit ahead of EUR lots
        book.add("T", "A", "B", 100, atMinute: 0)
        book.add("BC", "B", "C", 100, atMinute: 1, currency: "USD")
        book.add("BD", "B", "D", 70, atMinute: 2)
        book.add("DE", "D", "E", 70, atMinute: 3, currency: "GBP")
        let graph = try await trace(book, "T")
        #expect(lines(graph) == ["T h1 100", "BD h2 70 <- T:70"])
        #expect(graph.edges.allSatisfy { $0.transfer.currency == "EUR" })
    }

    @Test("edges below minAmountMinor are pruned and not followed")
    func minAmount() async throws {
        var book = Book()
        book.add("T", "A", "B", 100, atMinute: 0)
        book.add("BC", "B", "C", 95, atMinute: 1)
        book.add("BD", "B", "D", 20, atMinute: 2)  // draws T[95,100) = 5 traced, 15 unknown
        book.add("DE", "D", "E", 20, atMinute: 3)  // D's lot BD carries 5 traced at its front → 5
        let all = try await trace(book, "T")
        #expect(lines(all) == ["T h1 100", "BC h2 95 <- T:95", "BD h2 5 <- T:5", "DE h3 5 <- BD:5"])
        let boundary = try await trace(book, "T", minAmountMinor: 5)  // exactly the minimum: kept
        #expect(lines(boundary) == lines(all))
        let pruned = try await trace(book, "T", minAmountMinor: 10)
        #expect(lines(pruned) == ["T h1 100", "BC h2 95 <- T:95"])
        #expect(!pruned.truncated)
        #expect(depths(pruned) == ["A": 0, "B": 1, "C": 2])
        // The start transfer is always the answer's first edge, even below the minimum.
        let start = try await trace(book, "T", minAmountMinor: 1_000)
        #expect(lines(start) == ["T h1 100"])
    }

    @Test("maxTransfers bounds the answer and marks it truncated")
    func maxTransfers() async throws {
        var book = Book()
        book.add("T", "A", "B", 100, atMinute: 0)
        for (index, name) in ["C", "D", "E", "F", "G"].enumerated() {
            book.add("B\(name)", "B", name, 20, atMinute: Int64(index + 1))
        }
        let cut = try await trace(book, "T", maxTransfers: 3)
        #expect(lines(cut) == ["T h1 100", "BC h2 20 <- T:20", "BD h2 20 <- T:20"])  // earliest first
        #expect(cut.truncated)
        #expect(cut.reasonsTruncated == [TraceGraph.TruncationReason.maxTransfers])
        #expect(depths(cut) == ["A": 0, "B": 1, "C": 2, "D": 2])

        let exact = try await trace(book, "T", maxTransfers: 6)  // exactly fits: not truncated
        #expect(exact.edges.count == 6 && !exact.truncated && exact.reasonsTruncated.isEmpty)
    }

    @Test("long histories are paged through, also across many transfers in one millisecond")
    func paging() async throws {
        var book = Book()
        book.add("XB", "X", "B", 30, atMinute: -1)
        book.add("T", "A", "B", 100, atMinute: 0)
        for index in 0..<7 { book.add("S\(index)", "B", "S\(index)", 10, atMillis: Book.t0 + 5) }  // seven in one ms
        for index in 0..<6 { book.add("L\(index)", "B", "L\(index)", 10, atMinute: Int64(index + 1)) }
        let reference = try await trace(book, "T")
        // S0..S2 draw XB; S3..S6 draw T → 40; L0..L5 draw T → 60.
        #expect(reference.edges.count == 11)
        #expect(reference.edges.dropFirst().map(\.attributedMinor).reduce(0, +) == 100)
        for pageSize in [1, 2, 3] {
            let paged = try await trace(book, "T", tracer: FundFlowTracer(pageSize: pageSize))
            #expect(paged == reference)
        }
        let limited = try await trace(book, "T", tracer: FundFlowTracer(pageSize: 2, maxHistoryPerAccount: 4))
        #expect(limited.truncated)
        #expect(limited.reasonsTruncated == [TraceGraph.TruncationReason.accountHistoryLimit])
    }

    @Test("unknown start transfer: not_found; bad parameters: invalid_query")
    func errors() async throws {
        let book = Book()
        await #expect(throws: TraceError(code: .notFound, detail: "no transfer nope")) {
            try await FundFlowTracer().trace(TraceQuery(transactionID: "nope"), source: book.source)
        }
        let invalid: [(id: String, hops: Int, within: Int64, minimum: Int64, most: Int)] = [
            ("", 4, 0, 1, 1),
            ("t", 0, 0, 1, 1),
            ("t", 11, 0, 1, 1),
            ("t", 4, -1, 1, 1),
            ("t", 4, 367 * 24 * Book.hour, 1, 1),
            ("t", 4, 0, 0, 1),
            ("t", 4, 0, 1, 0),
            ("t", 4, 0, 1, 100_001),
        ]
        for bad in invalid {
            do {
                _ = try TraceQuery(
                    transactionID: bad.id, maxHops: bad.hops, withinMillis: bad.within, minAmountMinor: bad.minimum, maxTransfers: bad.most
                )
                Issue.record("expected invalid_query for \(bad)")
            } catch {
                #expect(error.code == .invalidQuery)
                #expect(error.code.rawValue == "invalid_query")
            }
        }
        let query = try TraceQuery(transactionID: "t", maxHops: 10, withinMillis: 0, maxTransfers: 100_000)
        #expect(query.direction == .forward && query.minAmountMinor == 1)
        let defaults = try TraceQuery(transactionID: "t")
        #expect(defaults.maxHops == 4 && defaults.withinMillis == 2_592_000_000 && defaults.maxTransfers == 5_000)
        #expect(TraceError.Code.notFound.rawValue == "not_found")

        var zero = Book()
        zero.add("Z", "A", "B", 0, atMinute: 0)
        await #expect(throws: TraceError.self) { try await trace(zero, "Z") }
        do {
            _ = try await trace(zero, "Z")
        } catch let error as TraceError {
            #expect(error.code == .invalidData)
        }
    }

    @Test("source errors propagate unchanged")
    func sourceErrors() async throws {
        let start = TraceTransfer(id: "T", from: "A", to: "B", amountMinor: 1, currency: "EUR", timeMillis: 0, sequence: 1)
        await #expect(throws: FailingSource.Failure()) {
            try await FundFlowTracer().trace(TraceQuery(transactionID: "T", maxHops: 2), source: FailingSource(start: start))
        }
        // With one hop nothing beyond the start transfer is read.
        let alone = try await FundFlowTracer().trace(TraceQuery(transactionID: "T", maxHops: 1), source: FailingSource(start: start))
        #expect(alone.edges.map(\.transfer.id) == ["T"])
    }

    @Test("the FIFO allocation records draws, their offsets and unfunded remainders")
    func allocation() {
        func transfer(_ id: String, _ from: String, _ to: String, _ amount: Int64, _ time: Int64) -> TraceTransfer {
            TraceTransfer(id: id, from: from, to: to, amountMinor: amount, currency: "EUR", timeMillis: time, sequence: time)
        }
        let history = [
            transfer("o0", "B", "Z", 5, 0),  // before any inflow: all unfunded
            transfer("i1", "X", "B", 30, 1),
            transfer("i2", "Y", "B", 50, 2),
            transfer("o1", "B", "C", 40, 3),
            transfer("o2", "B", "D", 60, 4),
            transfer("i1", "X", "B", 30, 1),  // duplicate id: ignored
        ]
        let allocation = FIFOAllocation(account: "B", history: history.reversed())
        #expect(allocation.unfunded == ["o0": 5, "o2": 20])
        #expect(
            allocation.drawsByOutflow["o1"] == [
                .init(outflowID: "o1", lotID: "i1", lotOffset: 0, drawOffset: 0, amountMinor: 30),
                .init(outflowID: "o1", lotID: "i2", lotOffset: 0, drawOffset: 30, amountMinor: 10),
            ]
        )
        #expect(allocation.drawsByOutflow["o2"] == [.init(outflowID: "o2", lotID: "i2", lotOffset: 10, drawOffset: 0, amountMinor: 40)])
        #expect(allocation.forwardShares(lotID: "i2", traced: 20).map { "\($0.transfer.id):\($0.amount)" } == ["o1:10", "o2:10"])
        #expect(allocation.backwardShares(outflowID: "o1", traced: 35).map { "\($0.transfer.id):\($0.amount)" } == ["i1:30", "i2:5"])
    }
}

// MARK: - Properties on random graphs

extension SplitMix64 {
    /// A value in `0..<bound` (modulo bias is irrelevant here).
    fileprivate mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    fileprivate mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }
}

/// A random transfer set: few accounts (so paths meet and cycle), clustered times (so ties occur),
/// some other-currency and self transfers.
private func randomTransfers(_ random: inout SplitMix64) -> [TraceTransfer] {
    let accounts = (0..<(3 + random.below(5))).map { "acc\($0)" }
    let count = 10 + random.below(70)
    return (0..<count).map { index in
        let from = random.pick(accounts)
        let to = random.below(20) == 0 ? from : random.pick(accounts)
        return TraceTransfer(
            id: "t\(index)", from: from, to: to, amountMinor: Int64(1 + random.below(100)),
            currency: random.below(8) == 0 ? "USD" : "EUR", timeMillis: 1_000 + Int64(random.below(200)), sequence: Int64(index)
        )
    }
}

/// An independent reference: a unit-by-unit global FIFO simulation of the documented rule.
/// Returns the edges in trace order as `id → (hop, attributed, parents)`.
private typealias ReferenceEdge = (id: String, hop: Int, amount: Int64, parents: [String: Int64])

private func referenceTrace(_ transfers: [TraceTransfer], _ query: TraceQuery, start: TraceTransfer) -> [ReferenceEdge] {
    let forward = query.direction == .forward
    let t0 = start.timeMillis
    let low = t0 - query.withinMillis
    let high = forward ? t0 + query.withinMillis : t0
    let replay = transfers.filter { $0.currency == start.currency && $0.amountMinor > 0 && $0.timeMillis >= low && $0.timeMillis <= high }
        .sorted { $0.precedes($1) }
    var hops: [String: Int] = [:]
    var result: [ReferenceEdge] = []

    if forward {
        // Each unit carries the id of the traced edge it belongs to (nil: untraced).
        var queues: [String: [String?]] = [:]
        for transfer in replay {
            var queue = queues[transfer.from, default: []]
            let drawn = Array(queue.prefix(Int(transfer.amountMinor)))
            queue.removeFirst(drawn.count)
            queues[transfer.from] = queue
            var traced: Int64 = 0
            if transfer.id == start.id {
                hops[start.id] = 1
                traced = start.amountMinor
                result.append((start.id, 1, traced, [:]))
            } else if !start.precedes(transfer) {
                traced = 0
            } else {
                var parents: [String: Int64] = [:]
                for case let tag? in drawn { parents[tag, default: 0] += 1 }
                let total = parents.values.reduce(0, +)
                if total > 0, total >= query.minAmountMinor {
                    let hop = parents.keys.map { hops[$0]! }.min()! + 1
                    hops[transfer.id] = hop
                    traced = total
                    result.append((transfer.id, hop, total, parents))
                }
            }
            let tag: String? = traced > 0 && hops[transfer.id].map({ $0 < query.maxHops }) == true ? transfer.id : nil
            queues[transfer.to, default: []].append(contentsOf: Array(repeating: tag, count: Int(traced)))
            queues[transfer.to, default: []].append(contentsOf: Array(repeating: nil, count: Int(transfer.amountMinor - traced)))
        }
    } else {
        // Each unit carries the id of the incoming transfer (lot) it came with; record every draw.
        var queues: [String: [String]] = [:]
        var draws: [String: [String]] = [:]
        for transfer in replay {
            var queue = queues[transfer.from, default: []]
            let drawn = Array(queue.prefix(Int(transfer.amountMinor)))
            queue.removeFirst(drawn.count)
            queues[transfer.from] = queue
            draws[transfer.id] = drawn
            queues[transfer.to, default: []].append(contentsOf: Array(repeating: transfer.id, count: Int(transfer.amountMinor)))
        }
        var contributions: [String: [String: Int64]] = [:]
        for transfer in replay.reversed() where !start.precedes(transfer) {
            var traced: Int64 = 0
            if transfer.id == start.id {
                hops[start.id] = 1
                traced = start.amountMinor
                result.append((start.id, 1, traced, [:]))
            } else if let parents = contributions[transfer.id] {
                let total = parents.values.reduce(0, +)
                if total >= query.minAmountMinor {
                    let hop = parents.keys.map { hops[$0]! }.min()! + 1
                    hops[transfer.id] = hop
                    traced = total
                    result.append((transfer.id, hop, total, parents))
                }
            }
            guard traced > 0, hops[transfer.id]! < query.maxHops else { continue }
            for lot in draws[transfer.id]!.prefix(Int(traced)) { contributions[lot, default: [:]][transfer.id, default: 0] += 1 }
        }
    }
    return result
}

extension FundFlowTracerTests {
    /// Nested so that `--filter FundFlowTracerTests` runs these too.
    @Suite("Fund-flow tracing properties")
    struct Properties {
        @Test(
            "random graphs: conservation, time order, hop bounds, no duplicates, and agreement with a unit-level FIFO simulation",
            arguments: 0..<300
        )
        func randomGraphs(seed: Int) async throws {
            var random = SplitMix64(seed: UInt64(seed) &* 0x1234_5678_9ABC_DEF1 &+ 42)
            let transfers = randomTransfers(&random)
            let start = random.pick(transfers)
            let query = try TraceQuery(
                transactionID: start.id, direction: random.pick(TraceDirection.allCases), maxHops: 1 + random.below(10),
                withinMillis: random.pick([0, 10, 50, 100, 400]), minAmountMinor: random.pick([1, 1, 1, 5, 20]),
                maxTransfers: random.pick([1, 3, 10, 100_000])
            )
            let tracer = FundFlowTracer(pageSize: random.pick([1, 2, 5, 1_000]))
            let graph = try await tracer.trace(query, source: MemorySource(all: transfers))
            let forward = query.direction == .forward

            // Shape.
            #expect(graph.start == start)
            #expect(graph.edges.first?.transfer == start && graph.edges.first?.hop == 1 && graph.edges.first?.attributedMinor == start.amountMinor)
            #expect(graph.edges.count <= query.maxTransfers)
            #expect(Set(graph.edges.map(\.transfer.id)).count == graph.edges.count, "a transfer appears twice")
            for (a, b) in zip(graph.edges, graph.edges.dropFirst()) {
                #expect(a.hop < b.hop || (a.hop == b.hop && a.transfer.precedes(b.transfer)), "edges not sorted")
            }

            let byID = Dictionary(uniqueKeysWithValues: graph.edges.map { ($0.transfer.id, $0) })
            var passedOn: [String: Int64] = [:]
            for edge in graph.edges {
                let transfer = edge.transfer
                #expect(transfer.currency == start.currency)
                #expect(edge.hop >= 1 && edge.hop <= query.maxHops)
                #expect(edge.attributedMinor > 0 && edge.attributedMinor <= transfer.amountMinor)
                if forward {
                    #expect(transfer.timeMillis >= start.timeMillis && transfer.timeMillis <= start.timeMillis + query.withinMillis)
                } else {
                    #expect(transfer.timeMillis <= start.timeMillis && transfer.timeMillis >= start.timeMillis - query.withinMillis)
                }
                guard edge.hop > 1 else {
                    #expect(edge.parents.isEmpty)
                    continue
                }
                #expect(edge.attributedMinor >= query.minAmountMinor)
                #expect(!edge.parents.isEmpty)
                #expect(edge.attributedMinor == edge.parents.map(\.amountMinor).reduce(0, +))
                var minHop = Int.max
                for link in edge.parents {
                    guard let parent = byID[link.transferID] else {
                        Issue.record("parent \(link.transferID) of \(transfer.id) is not an edge")
                        continue
                    }
                    #expect(link.amountMinor > 0)
                    #expect(parent.hop < query.maxHops)
                    minHop = min(minHop, parent.hop)
                    passedOn[parent.transfer.id, default: 0] += link.amountMinor
                    if forward {
                        #expect(parent.transfer.precedes(transfer), "hop not strictly later")
                        #expect(parent.transfer.to == transfer.from)
                    } else {
                        #expect(transfer.precedes(parent.transfer), "hop not strictly earlier")
                        #expect(parent.transfer.from == transfer.to)
                    }
                }
                #expect(edge.hop == minHop + 1)
            }
            // Conservation: what an edge passes on never exceeds what it carries.
            for (id, amount) in passedOn {
                #expect(amount <= byID[id]!.attributedMinor, "edge \(id) passes on \(amount) > \(byID[id]!.attributedMinor)")
            }
            // Accounts: every edge end, at the smallest hop that reaches it.
            var depth: [String: Int] = [forward ? start.from : start.to: 0]
            for edge in graph.edges {
                let reached = forward ? edge.transfer.to : edge.transfer.from
                depth[reached] = min(depth[reached] ?? .max, edge.hop)
            }
            #expect(depths(graph) == depth)

            // Agreement with the unit-level reference, including where maxTransfers cuts it.
            let reference = referenceTrace(transfers, query, start: start)
            let expected = reference.prefix(query.maxTransfers)
            let settledOrder = graph.edges.sorted { forward ? $0.transfer.precedes($1.transfer) : $1.transfer.precedes($0.transfer) }
            #expect(settledOrder.map(\.transfer.id) == expected.map(\.id))
            for (edge, want) in zip(settledOrder, expected) {
                #expect(edge.hop == want.hop && edge.attributedMinor == want.amount, "\(edge.transfer.id)")
                #expect(Dictionary(uniqueKeysWithValues: edge.parents.map { ($0.transferID, $0.amountMinor) }) == want.parents)
            }
            #expect(graph.truncated == (reference.count > query.maxTransfers))
            #expect(graph.reasonsTruncated == (graph.truncated ? [TraceGraph.TruncationReason.maxTransfers] : []))
        }

        @Test("random graphs: one hop forward and one hop back agree", arguments: 0..<100)
        func duality(seed: Int) async throws {
            var random = SplitMix64(seed: UInt64(seed) &+ 0xD1CE)
            let transfers = randomTransfers(&random)
            let source = MemorySource(all: transfers)
            let start = random.pick(transfers)
            // A window wider than the whole history: every replay sees every earlier transfer.
            let forward = try await FundFlowTracer().trace(TraceQuery(transactionID: start.id, maxHops: 2, withinMillis: 1_000), source: source)
            for edge in forward.edges where edge.hop == 2 {
                let back = try await FundFlowTracer().trace(
                    TraceQuery(transactionID: edge.transfer.id, direction: .backward, maxHops: 2, withinMillis: 1_000), source: source
                )
                // T gave `x` to this outgoing transfer ⇔ this outgoing transfer drew `x` from T.
                #expect(back.edge(start.id)?.parents == [TraceParent(transferID: edge.transfer.id, amountMinor: edge.attributedMinor)])
            }
        }
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
public import Hummingbird
public import Ledger
public import StraitCore
public import StraitStore

/// The JSON answer of a trace: the graph and the checkpoint it was computed against.
public struct TraceAnswer: Encodable, Sendable {
    struct Query: Encodable {
        var transaction: String
        var direction: String
        var maxHops: Int
        var withinMillis: Int64
        var minAmount: Int64
        var maxTransfers: Int
    }
    struct Transfer: Encodable {
        var id: String
        var from: String
        var to: String
        var amountMinor: Int64
        var currency: String
        var timestamp: String
        /// The payment's entry in the log; prove it with `GET /v1/ledger/entries/{auditIndex}?treeSize=<checkpoint size>`.
        var auditIndex: Int64
        var hop: Int
        var attributedMinor: Int64
        var parents: [Parent]
    }
    struct Parent: Encodable {
        var transaction: String
        var amountMinor: Int64
    }
    struct Account: Encodable {
        var account: String
        var depth: Int
    }
    struct CheckpointInfo: Encodable {
        var size: UInt64
        var rootHash: String
        var note: String
    }

    var query: Query
    /// The rule for mixed funds.
    var rule = "fifo"
    var checkpoint: CheckpointInfo
    var accounts: [Account]
    var transfers: [Transfer]
    var truncated: Bool
    var reasonsTruncated: [String]

    public init(_ trace: CheckpointedTrace) {
        let graph = trace.graph
        query = Query(
            transaction: graph.query.transactionID, direction: graph.query.direction.rawValue, maxHops: graph.query.maxHops,
            withinMillis: graph.query.withinMillis, minAmount: graph.query.minAmountMinor, maxTransfers: graph.query.maxTransfers
        )
        checkpoint = CheckpointInfo(size: trace.checkpoint.size, rootHash: trace.checkpoint.rootHash, note: trace.checkpoint.note)
        accounts = graph.accounts.map { Account(account: $0.account, depth: $0.depth) }
        transfers = graph.edges.map { edge in
            Transfer(
                id: edge.transfer.id, from: edge.transfer.from, to: edge.transfer.to, amountMinor: edge.transfer.amountMinor,
                currency: edge.transfer.currency, timestamp: Timestamp(epochMilliseconds: edge.transfer.timeMillis).text,
                auditIndex: edge.transfer.sequence, hop: edge.hop, attributedMinor: edge.attributedMinor,
                parents: edge.parents.map { Parent(transaction: $0.transferID, amountMinor: $0.amountMinor) }
            )
        }
        truncated = graph.truncated
        reasonsTruncated = graph.reasonsTruncated
    }

    /// Pretty, sorted JSON (the CLI prints it).
    public func json(pretty: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// `GET /v1/trace?transaction=ID&direction=forward|backward&maxHops=&within=&minAmount=&maxTransfers=`
/// (roles `analyst`, `auditor`, `admin`): follows money through intermediate accounts (FIFO) and
/// answers the graph with the checkpoint it was computed against.
public struct TraceController: Sendable {
    let ledger: LedgerPublisher
    let now: @Sendable () -> Timestamp

    static let readers: Set<Role> = [.analyst, .auditor, .admin]

    public init(ledger: LedgerPublisher, now: @escaping @Sendable () -> Timestamp) {
        self.ledger = ledger
        self.now = now
    }

    public func addRoutes(to group: RouterGroup<StraitRequestContext>) {
        group.get("trace", use: trace)
    }

    @Sendable func trace(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.readers)
        let parameters = request.uri.queryParameters
        guard let id = parameters["transaction"].map(String.init), !id.isEmpty else {
            throw APIError.badRequest("missing_parameter", "transaction is required", field: "transaction")
        }
        var direction = TraceDirection.forward
        if let text = parameters["direction"].map(String.init) {
            guard let value = TraceDirection(rawValue: text) else {
                throw APIError.badRequest("invalid_value", "direction must be forward or backward", field: "direction")
            }
            direction = value
        }
        func integer(_ name: String, default value: Int64) throws -> Int64 {
            guard let text = parameters[Substring(name)] else { return value }
            guard let parsed = Int64(text) else { throw APIError.badRequest("invalid_value", "\(name) must be an integer", field: name) }
            return parsed
        }
        var within = TraceQuery.defaultWithinMillis
        if let text = parameters["within"].map(String.init) {
            guard let value = FundFlowService.parseDuration(text) else {
                throw APIError.badRequest("invalid_value", "within must be a duration such as 90m, 24h or 30d", field: "within")
            }
            within = value
        }
        let query: TraceQuery
        do {
            query = try TraceQuery(
                transactionID: id, direction: direction, maxHops: Int(clamping: try integer("maxHops", default: Int64(TraceQuery.defaultMaxHops))),
                withinMillis: within, minAmountMinor: try integer("minAmount", default: 1),
                maxTransfers: Int(clamping: try integer("maxTransfers", default: Int64(TraceQuery.defaultMaxTransfers)))
            )
        } catch let error as TraceError {
            throw APIError(status: .unprocessableContent, code: error.code.rawValue, message: error.detail)
        }
        do {
            let ledger = self.ledger
            let now = self.now
            let result = try await FundFlowService.trace(query, store: ledger.store) { _ = try await ledger.publish(at: now().text) }
            return JSONBody.response(text: try TraceAnswer(result).json())
        } catch let error as TraceError where error.code == .notFound {
            throw APIError.notFound("no transaction \(id) that moved money (blocked payments are not traced)")
        } catch let error as TraceError {
            throw APIError(status: .unprocessableContent, code: error.code.rawValue, message: error.detail)
        } catch let error as LedgerQueryError {
            throw APIError(status: .serviceUnavailable, code: error.code, message: error.message, headers: [.retryAfter: "1"])
        }
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
public import Hummingbird
import Ledger
import NIOCore
public import StraitCore
public import StraitStore

/// The transparency log: its key, checkpoints and proofs.
///
/// - `GET /v1/ledger/key`: the log's public key as a note verifier key (`text/plain`).
/// - `GET /v1/ledger/checkpoint[?size=N]`: the latest (or size N) signed checkpoint with the
///   cosignatures witnesses returned (`text/plain`, C2SP signed note).
/// - `POST /v1/ledger/checkpoint`: publish a checkpoint now (admin).
/// - `GET /v1/ledger/checkpoints?from=&limit=`: every checkpoint issued, ascending.
/// - `GET /v1/ledger/entries/{index}[?treeSize=N]`: an entry with its inclusion proof.
/// - `GET /v1/ledger/consistency?from=M&to=N`: a consistency proof.
///
/// Proofs use the field names of the transparency-dev test vectors; hashes are standard base64.
public struct LedgerController: Sendable {
    let ledger: LedgerPublisher
    let now: @Sendable () -> Timestamp

    static let readers: Set<Role> = [.auditor, .admin]

    public init(ledger: LedgerPublisher, now: @escaping @Sendable () -> Timestamp) {
        self.ledger = ledger
        self.now = now
    }

    public func addRoutes(to group: RouterGroup<StraitRequestContext>) {
        group.get("ledger/key", use: key)
        group.get("ledger/checkpoint", use: checkpoint)
        group.post("ledger/checkpoint", use: publish)
        group.get("ledger/checkpoints", use: checkpoints)
        group.get("ledger/entries/:index", use: entry)
        group.get("ledger/consistency", use: consistency)
    }

    static func text(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }

    func publisher() throws -> CheckpointPublisher {
        guard let ready = ledger.current else {
            throw APIError(
                status: .serviceUnavailable, code: "ledger_not_ready", message: "the ledger is starting", headers: [.retryAfter: "1"]
            )
        }
        return ready
    }

    @Sendable func key(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Set(Role.allCases))
        return Self.text(try publisher().verifierKey + "\n")
    }

    @Sendable func checkpoint(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Set(Role.allCases))
        let stored: StoredCheckpoint?
        if let size = try Self.integer(request, "size") {
            stored = try await ledger.store.checkpoint(size: size)
            guard stored != nil else { throw APIError.notFound("no checkpoint was issued for size \(size)") }
        } else {
            stored = try await ledger.store.latestCheckpoint()
        }
        guard let stored else {
            throw APIError(
                status: .serviceUnavailable, code: "ledger_not_ready", message: "no checkpoint has been published yet",
                headers: [.retryAfter: "1"]
            )
        }
        let cosignatures = try await ledger.store.cosignatures(size: stored.size)
        return Self.text(CheckpointPublisher.note(stored, cosignatures: cosignatures))
    }

    @Sendable func publish(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require([.admin])
        _ = try publisher()
        if let created = try await ledger.publish(at: now().text) {
            return Self.text(created.note, status: .created)
        }
        guard let latest = try await ledger.store.latestCheckpoint() else { throw APIError.storeUnavailable() }
        return Self.text(latest.note)
    }

    struct CheckpointPage: Encodable {
        struct Item: Encodable {
            var size: UInt64
            var rootHash: String
            var note: String
            var createdAt: String
        }
        var checkpoints: [Item]
        var next: UInt64?
    }

    @Sendable func checkpoints(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.readers)
        let from = try Self.integer(request, "from") ?? 0
        let limit = Int(try Self.integer(request, "limit", range: 1...1_000) ?? 100)
        let page = try await ledger.store.checkpoints(fromSize: from, limit: limit)
        let items = page.map { CheckpointPage.Item(size: $0.size, rootHash: $0.rootHash, note: $0.note, createdAt: $0.createdAt) }
        let next = page.count == limit ? page.last.map { $0.size + 1 } : nil
        return try JSONBody.response(CheckpointPage(checkpoints: items, next: next))
    }

    @Sendable func entry(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.readers)
        guard let text = context.parameters.get("index"), let index = UInt64(text) else {
            throw APIError.badRequest("invalid_value", "the entry index must be a non-negative integer", field: "index")
        }
        let treeSize: UInt64
        if let size = try Self.integer(request, "treeSize") {
            treeSize = size
        } else {
            // By default, prove against the latest signed checkpoint, so the answer can be checked against a signature.
            guard let latest = try await ledger.store.latestCheckpoint(), index < latest.size else {
                let head = try await ledger.store.auditHead()
                if index >= head.size { throw APIError.notFound("entry \(index) does not exist (the log has \(head.size) entries)") }
                throw APIError(
                    status: .notFound, code: "not_yet_checkpointed",
                    message: "entry \(index) is not covered by a checkpoint yet; retry shortly or give treeSize", headers: [.retryAfter: "1"]
                )
            }
            treeSize = latest.size
        }
        do {
            return try JSONBody.response(try await ledger.reader.inclusionProof(index: index, treeSize: treeSize))
        } catch let error as LedgerQueryError {
            throw Self.apiError(error)
        }
    }

    @Sendable func consistency(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.readers)
        guard let from = try Self.integer(request, "from"), let to = try Self.integer(request, "to") else {
            throw APIError.badRequest("missing_parameter", "from and to are required", field: "from")
        }
        do {
            return try JSONBody.response(try await ledger.reader.consistencyProof(from: from, to: to))
        } catch let error as LedgerQueryError {
            throw Self.apiError(error)
        }
    }

    static func apiError(_ error: LedgerQueryError) -> APIError {
        if error.code == "invalid_range" {
            return APIError(status: .unprocessableContent, code: error.code, message: error.message)
        }
        return APIError(status: .internalServerError, code: error.code, message: error.message)
    }

    static func integer(_ request: Request, _ name: String, range: ClosedRange<UInt64> = 0...UInt64(Int64.max)) throws -> UInt64? {
        guard let text = request.uri.queryParameters[Substring(name)] else { return nil }
        guard let value = UInt64(text), range.contains(value) else {
            throw APIError.badRequest(
                "invalid_value", "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)", field: name
            )
        }
        return value
    }
}

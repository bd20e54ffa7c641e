// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import HTTPTypes
public import Hummingbird
import Ledger
import Logging
public import Residency
public import StraitCore
public import StraitStore
import Vault

/// Residency for HTTP: the region's vault, the peers it reaches records of other regions through,
/// and who may detokenise.
public struct ResidencyDependencies: Sendable {
    public var vault: RegionalVault
    public var peers: PeerClient?
    /// Roles allowed to turn tokens back into values.
    public var detokeniseRoles: Set<Role>
    /// Tokenise payment accounts before a payment is stored (through the account's home region).
    public var tokenisePayments: Bool

    public init(vault: RegionalVault, peers: PeerClient?, detokeniseRoles: Set<Role>, tokenisePayments: Bool) {
        self.vault = vault
        self.peers = peers
        self.detokeniseRoles = detokeniseRoles
        self.tokenisePayments = tokenisePayments
    }
}

/// `/v1/vault/…`, `/v1/transfers`, `/v1/residency/…`: the region's vault, its transfer register and
/// the catalogue, for API keys. A request naming another `region` goes to that region's node,
/// signed as this node, and is decided there.
public struct VaultController: Sendable {
    let residency: ResidencyDependencies
    let maxBodyBytes: Int
    let now: @Sendable () -> Timestamp

    static let writers: Set<Role> = [.service, .admin]
    static let registerReaders: Set<Role> = [.analyst, .auditor, .admin]

    public init(residency: ResidencyDependencies, maxBodyBytes: Int, now: @escaping @Sendable () -> Timestamp) {
        self.residency = residency
        self.maxBodyBytes = maxBodyBytes
        self.now = now
    }

    var vault: RegionalVault { residency.vault }

    public func addRoutes(to group: RouterGroup<StraitRequestContext>) {
        group.post("vault/tokenise", use: tokenise)
        group.post("vault/detokenise", use: detokenise)
        group.post("vault/records", use: storeRecord)
        group.get("vault/records/{id}", use: readRecord)
        group.post("vault/search", use: search)
        group.post("vault/rotate", use: rotate)
        group.get("transfers", use: register)
        group.post("residency/decide", use: decide)
        group.get("residency/catalogue", use: catalogue)
        group.post("residency/catalogue", use: loadCatalogue)
    }

    // MARK: - Routes

    @Sendable func tokenise(_ request: Request, context: StraitRequestContext) async throws -> Response {
        let principal = try context.require(Self.writers)
        let body = try await JSONBody.parse(from: request, limit: maxBodyBytes)
        let items = try ResidencyJSON.tokeniseItems(body)
        if let peer = try remote(body) {
            // The values leave this node for their home vault: a transfer this node decides and registers.
            let categories = Set(items.map { $0.category ?? PayloadClassifier.detect($0.value)?.category ?? .identity })
            try await ResidencyJSON.mapping {
                try await vault.authoriseExport(
                    operation: "tokenise", actor: principal.keyID, purpose: "home-vault-tokenisation", categories: categories,
                    recipient: Recipient(region: peer.region, country: peer.country, mechanisms: peer.mechanisms), values: items.count
                )
            }
            return try await forward(peer, method: "POST", target: "/peer/v1/tokenise", body: body, context: context)
        }
        return try await ResidencyJSON.tokenised(vault.tokenise(items), region: vault.home.region)
    }

    @Sendable func detokenise(_ request: Request, context: StraitRequestContext) async throws -> Response {
        let principal = try context.require(residency.detokeniseRoles)
        let body = try await JSONBody.parse(from: request, limit: maxBodyBytes)
        if let peer = try remote(body) {
            return try await forward(peer, method: "POST", target: "/peer/v1/detokenise", body: body.with("actor", .string(principal.keyID)), context: context)
        }
        let (tokens, purpose) = try ResidencyJSON.detokeniseRequest(body)
        let result = try await ResidencyJSON.mapping { try await vault.detokenise(tokens, actor: principal.keyID, purpose: purpose, recipient: nil) }
        return ResidencyJSON.revealed(result.values, transfer: nil, region: vault.home.region, requestID: context.requestID)
    }

    @Sendable func storeRecord(_ request: Request, context: StraitRequestContext) async throws -> Response {
        let principal = try context.require(Self.writers)
        let body = try await JSONBody.parse(from: request, limit: maxBodyBytes)
        let input = try ResidencyJSON.recordRequest(body)
        if let peer = try remote(body) {
            var categories = Set(vault.classifier.classify(input.data).map(\.category).filter { $0 != .public })
            categories.formUnion(input.categories.values.filter { $0 != .public })
            if !categories.isEmpty {
                try await ResidencyJSON.mapping {
                    try await vault.authoriseExport(
                        operation: "store-record", actor: principal.keyID, purpose: "home-vault-storage", categories: categories,
                        recipient: Recipient(region: peer.region, country: peer.country, mechanisms: peer.mechanisms), values: 1
                    )
                }
            }
            return try await forward(peer, method: "POST", target: "/peer/v1/records", body: body, context: context)
        }
        let result = try await ResidencyJSON.mapping {
            try await vault.store(record: input.data, id: input.id, subject: input.subject, categories: input.categories, kinds: input.kinds, mechanisms: input.mechanisms)
        }
        return ResidencyJSON.stored(result, region: vault.home.region)
    }

    @Sendable func readRecord(_ request: Request, context: StraitRequestContext) async throws -> Response {
        let principal = try context.require(residency.detokeniseRoles)
        let id = context.parameters.get("id") ?? ""
        let parameters = request.uri.queryParameters
        let purpose = parameters.get("purpose") ?? ""
        if let region = parameters.get("region"), region != vault.home.region {
            let peer = try peerNamed(region)
            let target = "/peer/v1/records/\(ResidencyJSON.percentEncoded(id))?purpose=\(ResidencyJSON.percentEncoded(purpose))&actor=\(ResidencyJSON.percentEncoded(principal.keyID))"
            return try await relay(peer, method: "GET", target: target, body: [], context: context)
        }
        let view = try await ResidencyJSON.mapping { try await vault.read(record: id, actor: principal.keyID, purpose: purpose, recipient: nil) }
        return ResidencyJSON.record(view, region: vault.home.region)
    }

    @Sendable func search(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require([.service, .analyst, .admin])
        let body = try await JSONBody.parse(from: request, limit: 16 * 1024)
        guard case .object(let members) = body else { throw APIError.badRequest("malformed_json", "the request body must be a JSON object") }
        let fields = Dictionary(members, uniquingKeysWith: { a, _ in a })
        guard case .string(let categoryText)? = fields["category"], let category = DataCategory(rawValue: categoryText) else {
            throw APIError.validation(.init(issues: [.init(field: "category", code: "invalid_value", message: "category must be one of \(DataCategory.allCases.map(\.rawValue).joined(separator: ", "))")]))
        }
        guard case .string(let value)? = fields["value"], !value.isEmpty else {
            throw APIError.validation(.init(issues: [.init(field: "value", code: "missing", message: "value is required")]))
        }
        let entries = try await vault.search(category: category, value: value, limit: 100)
        var json = JSONText()
        json.beginObject()
        json.beginArray("matches")
        for entry in entries {
            json.beginObject()
            json.string("token", entry.token)
            json.string("category", entry.category)
            json.string("recordId", entry.recordID)
            json.string("path", entry.path)
            json.string("subject", entry.subject)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return JSONBody.response(text: json.text)
    }

    @Sendable func rotate(_ request: Request, context: StraitRequestContext) async throws -> Response {
        let principal = try context.require([.admin])
        let result = try await ResidencyJSON.mapping { try await vault.rotate(actor: principal.keyID) }
        var json = JSONText()
        json.beginObject()
        json.integer("auditIndex", result.auditIndex)
        json.string("dataKey", result.dataKeyID)
        json.string("masterKey", result.masterKeyID)
        json.endObject()
        return JSONBody.response(text: json.text)
    }

    @Sendable func register(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.registerReaders)
        let parameters = request.uri.queryParameters
        var query = TransferRegisterQuery()
        query.since = parameters.get("since")
        query.toRegion = parameters.get("toRegion")
        query.outcome = parameters.get("outcome")
        query.recordID = parameters.get("recordId")
        query.after = parameters.get("after")
        if let limit = parameters.get("limit") {
            guard let value = Int(limit), (1...1000).contains(value) else {
                throw APIError.badRequest("invalid_value", "limit must be an integer from 1 to 1000", field: "limit")
            }
            query.limit = value
        }
        if let outcome = query.outcome, !["allow", "allow_tokenised_only", "deny"].contains(outcome) {
            throw APIError.badRequest("invalid_value", "outcome must be allow, allow_tokenised_only or deny", field: "outcome")
        }
        let transfers = try await vault.transfers(query)
        var json = JSONText()
        json.beginObject()
        json.beginArray("transfers")
        for transfer in transfers { json.raw(nil, ResidencyJSON.transfer(transfer)) }
        json.endArray()
        json.string("next", transfers.count == query.limit ? transfers.last?.id : nil)
        json.endObject()
        return JSONBody.response(text: json.text)
    }

    @Sendable func decide(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require([.service, .analyst, .auditor, .admin])
        let body = try await JSONBody.parse(from: request, limit: 16 * 1024)
        let transfer = try ResidencyJSON.transferRequest(body, defaultFrom: vault.home.jurisdiction, date: String(now().text.prefix(10)))
        let decision = vault.policy.decide(transfer)
        var json = JSONText()
        json.beginObject()
        json.string("catalogueVersion", vault.policy.catalogue.version)
        json.string("outcome", decision.outcome.rawValue)
        json.beginArray("categories")
        for category in decision.categories {
            json.beginObject()
            json.string("category", category.category.rawValue)
            json.string("outcome", category.outcome.rawValue)
            json.string("rule", category.ruleID)
            json.string("source", category.source)
            json.string("reason", category.reason)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return JSONBody.response(text: json.text)
    }

    @Sendable func catalogue(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require([.service, .analyst, .auditor, .admin])
        let catalogue = vault.policy.catalogue
        var json = JSONText()
        json.beginObject()
        json.string("version", catalogue.version)
        json.string("published", catalogue.published)
        json.integer("jurisdictions", catalogue.jurisdictions.count)
        json.integer("rules", catalogue.rules.count)
        json.string("home", vault.home.jurisdiction)
        json.endObject()
        return JSONBody.response(text: json.text)
    }

    /// `POST /v1/residency/catalogue[?apply=true][&overlay=true]`: a new catalogue version — its
    /// diff from the one in force and the compliance drift (data that went abroad and would not
    /// be allowed to go in the same form now). With `apply=true` it replaces the catalogue in force
    /// (recorded in the ledger).
    @Sendable func loadCatalogue(_ request: Request, context: StraitRequestContext) async throws -> Response {
        let principal = try context.require([.admin, .analyst, .auditor])
        let parameters = request.uri.queryParameters
        let apply = parameters.get("apply") == "true"
        if apply, principal.role != .admin { throw APIError.forbidden(role: principal.role, allowed: [.admin]) }
        let bytes = try await JSONBody.collect(request, limit: 4 * 1024 * 1024)
        let current = vault.policy.catalogue
        let overlay = parameters.get("overlay") == "true"
        let next: JurisdictionCatalogue
        switch Self.parseCatalogue(Array(bytes.readableBytesView), over: current, overlay: overlay) {
        case .success(let catalogue): next = catalogue
        case .failure(let error):
            let field = error.path.isEmpty ? "catalogue" : error.path
            throw APIError.validation(.init(issues: [.init(field: field, code: "invalid_catalogue", message: error.message)]))
        }
        let diff = next.diff(from: current)
        let findings = try await vault.drift(under: next)
        var auditIndex: UInt64?
        if apply {
            vault.replaceCatalogue(next)
            let payload = "{\"drift\":\(findings.count),\"from\":\(JSONText.quoted(current.version)),\"to\":\(JSONText.quoted(next.version)),\"changes\":[\(diff.lines.map(JSONText.quoted).joined(separator: ","))]}"
            auditIndex = try await vault.record(
                AuditEventContent(timestamp: now().text, type: .catalogueLoaded, actor: principal.keyID, subject: next.version, payload: payload)
            )
            context.logger.warning(
                "catalogue replaced",
                metadata: ["event.action": "catalogue.loaded", "catalogue.version": .string(next.version), "residency.drift": .stringConvertible(findings.count)]
            )
        }
        var json = JSONText()
        json.beginObject()
        json.string("from", current.version)
        json.string("to", next.version)
        json.beginArray("diff")
        for line in diff.lines { json.string(nil, line) }
        json.endArray()
        json.beginArray("drift")
        for finding in findings { json.raw(nil, ResidencyJSON.encode(finding)) }
        json.endArray()
        json.bool("applied", apply)
        if let auditIndex { json.integer("auditIndex", auditIndex) }
        json.endObject()
        return JSONBody.response(text: json.text)
    }

    static func parseCatalogue(_ bytes: [UInt8], over current: JurisdictionCatalogue, overlay: Bool) -> Result<JurisdictionCatalogue, CatalogueError> {
        do throws(CatalogueError) {
            let parsed = try JurisdictionCatalogue.parse(bytes, standalone: !overlay)
            return .success(overlay ? try current.merged(with: parsed) : parsed)
        } catch {
            return .failure(error)
        }
    }

    // MARK: - Other regions

    private func peerNamed(_ region: String) throws -> Peer {
        guard let peers = residency.peers, let peer = peers.peers[region] else {
            throw APIError.badRequest("unknown_region", "region \(region.debugDescription) is neither this node (\(vault.home.region)) nor a configured peer", field: "region")
        }
        return peer
    }

    /// The peer a body's `region` names, or `nil` for this region.
    private func remote(_ body: JSONValue) throws -> Peer? {
        guard case .object(let members) = body, let value = members.first(where: { $0.0 == "region" })?.1 else { return nil }
        guard case .string(let region) = value else { throw APIError.badRequest("invalid_type", "region must be a string", field: "region") }
        return region == vault.home.region ? nil : try peerNamed(region)
    }

    private func forward(_ peer: Peer, method: String, target: String, body: JSONValue, context: StraitRequestContext) async throws -> Response {
        try await relay(peer, method: method, target: target, body: Array(body.serialized.utf8), context: context)
    }

    /// Sends the request to the peer and answers with its status and body (its JSON error included).
    private func relay(_ peer: Peer, method: String, target: String, body: [UInt8], context: StraitRequestContext) async throws -> Response {
        guard let peers = residency.peers else { throw APIError.badRequest("unknown_region", "no peers are configured", field: "region") }
        return try await peers.relay(peer, method: method, target: target, body: body, context: context, action: "residency.peer_call")
    }
}

extension PeerClient {
    /// Sends a request to `peer` and answers with its status and body (its JSON error included),
    /// logging the call as `action`.
    func relay(_ peer: Peer, method: String, target: String, body: [UInt8], context: StraitRequestContext, action: String) async throws -> Response {
        let (status, answer) = try await send(peer, method: method, target: target, body: body)
        context.logger.info(
            "peer call", metadata: ["event.action": .string(action), "strait.peer": .string(peer.region), "http.response.status_code": .stringConvertible(status)]
        )
        return Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: .init(bytes: answer))
        )
    }
}

/// `/peer/v1/…`: the same vault operations for signed requests from peer nodes, decided as
/// transfers to the peer's country with the mechanisms declared for it.
public struct PeerVaultController: Sendable {
    let residency: ResidencyDependencies
    let maxBodyBytes: Int

    public init(residency: ResidencyDependencies, maxBodyBytes: Int) {
        self.residency = residency
        self.maxBodyBytes = maxBodyBytes
    }

    public func addRoutes(to group: RouterGroup<StraitRequestContext>) {
        group.post("tokenise", use: tokenise)
        group.post("detokenise", use: detokenise)
        group.post("records", use: storeRecord)
        group.get("records/{id}", use: readRecord)
    }

    private func recipient(_ context: StraitRequestContext) throws -> (Peer, Recipient) {
        guard let peer = context.peer else { throw APIError(status: .unauthorized, code: "node_unauthorized", message: "a signed peer request is required") }
        return (peer, Recipient(region: peer.region, country: peer.country, mechanisms: peer.mechanisms))
    }

    private static func actor(_ peer: Peer, _ caller: String?) -> String {
        "node:\(peer.region)" + (caller.map { "/\($0)" } ?? "")
    }

    @Sendable func tokenise(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try recipient(context)
        let body = try await JSONBody.parse(from: request, limit: maxBodyBytes)
        let items = try ResidencyJSON.tokeniseItems(body)
        return try await ResidencyJSON.tokenised(residency.vault.tokenise(items), region: residency.vault.home.region)
    }

    @Sendable func detokenise(_ request: Request, context: StraitRequestContext) async throws -> Response {
        let (peer, recipient) = try recipient(context)
        let body = try await JSONBody.parse(from: request, limit: maxBodyBytes)
        let (tokens, purpose) = try ResidencyJSON.detokeniseRequest(body)
        let caller: String? = if case .object(let m) = body, case .string(let a)? = m.first(where: { $0.0 == "actor" })?.1 { a } else { nil }
        let result = try await ResidencyJSON.mapping {
            try await residency.vault.detokenise(tokens, actor: Self.actor(peer, caller), purpose: purpose, recipient: recipient)
        }
        return ResidencyJSON.revealed(result.values, transfer: result.transfer, region: residency.vault.home.region, requestID: context.requestID)
    }

    @Sendable func storeRecord(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try recipient(context)
        let body = try await JSONBody.parse(from: request, limit: maxBodyBytes)
        let input = try ResidencyJSON.recordRequest(body)
        let result = try await ResidencyJSON.mapping {
            try await residency.vault.store(
                record: input.data, id: input.id, subject: input.subject, categories: input.categories, kinds: input.kinds, mechanisms: input.mechanisms
            )
        }
        return ResidencyJSON.stored(result, region: residency.vault.home.region)
    }

    @Sendable func readRecord(_ request: Request, context: StraitRequestContext) async throws -> Response {
        let (peer, recipient) = try recipient(context)
        let parameters = request.uri.queryParameters
        let view = try await ResidencyJSON.mapping {
            try await residency.vault.read(
                record: context.parameters.get("id") ?? "", actor: Self.actor(peer, parameters.get("actor")), purpose: parameters.get("purpose") ?? "",
                recipient: recipient
            )
        }
        return ResidencyJSON.record(view, region: residency.vault.home.region)
    }
}

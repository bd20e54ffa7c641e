// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Residency
import Screening
import StraitCore
import StraitStore

/// Customers (KYC onboarding) and name screening.
///
/// - `POST /v1/customers`: onboards a customer (see ``CustomerService/onboard(_:actor:)``); 201
///   with the customer (status, rating with reasons, hits, tokens of the personal data), 422 with
///   every problem of the application, the same `id` and body again → the stored customer with
///   `Idempotent-Replayed`, another body → 409.
/// - `GET /v1/customers` (`status`, `after`, `limit`) and `GET /v1/customers/{id}`.
/// - `POST /v1/customers/{id}/review` `{"action":"clear|confirm|complete_edd|reject","entityId","note","version"}`.
/// - `POST /v1/customers/{id}/cards` `{"number","expiry":"YYYY-MM"}`: binds a card by its vault token.
/// - `POST /v1/screening` `{"name","type","dateOfBirth","nationality","idNumber","threshold"}`:
///   the matches against the lists in force, each with its explanation.
struct CustomerController: Sendable {
    let service: CustomerService
    let maxBodyBytes: Int
    /// The other regions' nodes: an application naming another `region` is onboarded there.
    var peers: PeerClient?

    static let onboarders: Set<Role> = [.service, .admin]
    static let readers: Set<Role> = [.service, .analyst, .auditor, .admin]
    static let reviewers: Set<Role> = [.analyst, .admin]
    static let screeners: Set<Role> = [.service, .analyst, .admin]

    func addRoutes(to group: RouterGroup<StraitRequestContext>) {
        group.post("customers", use: onboard)
        group.get("customers", use: list)
        group.get("customers/{id}", use: show)
        group.post("customers/{id}/review", use: review)
        group.post("customers/{id}/cards", use: bindCard)
        group.post("screening", use: screen)
    }

    // MARK: - Onboarding

    @Sendable func onboard(_ request: Request, context: StraitRequestContext) async throws -> Response {
        let principal = try context.require(Self.onboarders)
        let buffer = try await JSONBody.collect(request, limit: maxBodyBytes)
        let bytes = Array(buffer.readableBytesView)
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw APIError.badRequest("malformed_json", "the request body is not valid JSON: \(error)")
        }
        if case .string(let region)? = json["region"], region != service.region {
            return try await forward(json, to: region, actor: principal.keyID, context: context)
        }
        if let value = json["region"], !(value == .string(service.region)) {
            throw APIError.badRequest("invalid_type", "region must be a string", field: "region")
        }
        let parsed = try Self.onboardingRequest(json, digest: SHA256.hexDigest(Data(bytes)))
        let (customer, replayed) = try await service.onboard(parsed, actor: principal.keyID)
        return try JSONBody.response(customer, status: .created, headers: replayed ? [.idempotentReplayed: "true"] : [:])
    }

    /// Onboards the customer at its home region's node: the application (identity data) leaves
    /// this node only if the catalogue allows the transfer to that region (registered and
    /// ledgered here), and the answer — the customer with tokens — comes back as the home node
    /// gave it.
    private func forward(_ json: JSONValue, to region: String, actor: String, context: StraitRequestContext) async throws -> Response {
        guard let peers, let peer = peers.peers[region] else {
            throw APIError.badRequest("unknown_region", "region \(region.debugDescription) is neither this node (\(service.region)) nor a configured peer", field: "region")
        }
        try await ResidencyJSON.mapping {
            _ = try await service.vault.authoriseExport(
                operation: "onboard", actor: actor, purpose: "home-vault-storage", categories: [.identity],
                recipient: Recipient(region: peer.region, country: peer.country, mechanisms: peer.mechanisms), values: 1
            )
        }
        return try await peers.relay(
            peer, method: "POST", target: "/peer/v1/customers", body: Array(json.with("actor", .string(actor)).serialized.utf8), context: context,
            action: "screening.onboard_forwarded"
        )
    }

    /// Reads an onboarding request, collecting every problem of its shape (the application's
    /// content is checked by ``ApplicationChecks``).
    static func onboardingRequest(_ json: JSONValue, digest: String) throws -> OnboardingRequest {
        guard case .object = json else { throw APIError.badRequest("malformed_json", "the request body must be a JSON object") }
        var fields = JSONFieldReader(json)
        let id = fields.text("id", required: false)
        if let id, !Self.isIdentifier(id) {
            fields.add(ValidationIssue(field: "id", code: "invalid_value", message: "id must be 1–128 letters, digits, '_', '-', '.' or ':'"))
        }
        let kind = fields.choice("type", required: true, as: CustomerApplication.Kind.self, expected: "person or organization")
        var name = JSONFieldReader(nested: json["name"], prefix: "name", required: true)
        let latin = name.text("latin", required: true, limit: 200)
        let original = name.text("original", required: false, limit: 200)
        let dateOfBirth = fields.text("dateOfBirth", required: false)
        let nationality = fields.text("nationality", required: false)
        let residence = fields.text("residence", required: true)
        var document: CustomerApplication.Document?
        var documentReader = JSONFieldReader(nested: json["document"], prefix: "document", required: false)
        if documentReader.isPresent {
            let type = documentReader.choice("type", required: true, as: CustomerApplication.Document.DocumentType.self, expected: "passport, identity_card or residence_permit", limit: 64)
            let number = documentReader.text("number", required: true, limit: 64)
            let country = documentReader.text("issuingCountry", required: true, limit: 8)
            let expiry = documentReader.text("expiryDate", required: false, limit: 16)
            let mrz = documentReader.text("mrz", required: false, limit: 300, multiline: true)
            if let type, let number, let country { document = .init(type: type, number: number, issuingCountry: country, expiryDate: expiry, mrz: mrz) }
        }
        var nationalID: NationalIDNumber?
        var idReader = JSONFieldReader(nested: json["nationalId"], prefix: "nationalId", required: false)
        if idReader.isPresent, let scheme = idReader.text("scheme", required: true, limit: 32), let number = idReader.text("number", required: true, limit: 64) {
            nationalID = NationalIDNumber(scheme: scheme, number: number)
        }
        var contactReader = JSONFieldReader(nested: json["contact"], prefix: "contact", required: false)
        let contact = CustomerApplication.Contact(email: contactReader.text("email", required: false, limit: 254), phone: contactReader.text("phone", required: false, limit: 32))
        let registration = fields.text("registrationNumber", required: false)
        let purpose = fields.text("purpose", required: false)
        let customerType = fields.choice(
            "customerType", required: false, as: CustomerRiskProfile.CustomerType.self, expected: "individual, sole_trader, company, trust or nonprofit"
        )
        let channel = fields.choice("channel", required: false, as: CustomerRiskProfile.Channel.self, expected: "face_to_face, remote_verified, remote or intermediary")
        let pep = fields.choice("pep", required: false, as: CustomerRiskProfile.PEPStatus.self, expected: "none, domestic, foreign or international_organization")
        var products: [String] = []
        switch json["products"] {
        case .array(let values)?:
            for value in values {
                guard case .string(let product) = value, !product.isEmpty, product.count <= 64, products.count < 32 else {
                    fields.add(ValidationIssue(field: "products", code: "invalid_value", message: "products must be at most 32 product ids"))
                    break
                }
                products.append(product)
            }
            let known = RiskModel.standard.products
            for product in products where known[product] == nil {
                fields.add(
                    ValidationIssue(field: "products", code: "unknown_product", message: "\(product) is not a product (\(known.keys.sorted().joined(separator: ", ")))")
                )
            }
        case nil, .null?: break
        default: fields.add(ValidationIssue(field: "products", code: "invalid_type", message: "products must be an array of strings"))
        }
        if kind == .person, let customerType, customerType != .individual, customerType != .soleTrader {
            fields.add(ValidationIssue(field: "customerType", code: "invalid_value", message: "a person is an individual or a sole_trader"))
        }
        if kind == .organization, customerType == .individual || customerType == .soleTrader {
            fields.add(ValidationIssue(field: "customerType", code: "invalid_value", message: "an organization is a company, trust or nonprofit"))
        }
        let issues = fields.issues + name.issues + documentReader.issues + idReader.issues + contactReader.issues
        let application = CustomerApplication(
            kind: kind ?? .person, name: .init(latin: latin ?? "", original: original), dateOfBirth: dateOfBirth, nationality: nationality,
            residence: residence ?? "", document: document, nationalID: nationalID, registrationNumber: registration, contact: contact, purpose: purpose ?? ""
        )
        guard issues.isEmpty, let kind else {
            // Every problem at once: the content checks on what could be read, for fields the shape did not already name.
            let more = ApplicationChecks().check(application).filter { issue in
                !issues.contains { issue.field == $0.field || issue.field.hasPrefix($0.field + ".") || $0.field.hasPrefix(issue.field + ".") }
            }
            throw APIError.validation(ValidationFailure(issues: issues + more.map { ValidationIssue(field: $0.field, code: $0.code, message: $0.message) }))
        }
        return OnboardingRequest(
            id: id, application: application, customerType: customerType ?? (kind == .person ? .individual : .company), products: products,
            channel: channel ?? .remote, pep: pep ?? CustomerRiskProfile.PEPStatus.none, digest: digest
        )
    }

    static func isIdentifier(_ text: String) -> Bool {
        (1...128).contains(text.utf8.count)
            && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 95 || $0 == 45 || $0 == 46 || $0 == 58 }
    }

    // MARK: - Reading

    struct CustomerList: Encodable {
        var customers: [Customer]
        var next: String?
    }

    @Sendable func list(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.readers)
        let parameters = request.uri.queryParameters
        var status: CustomerStatus?
        if let text = parameters.get("status") {
            guard let value = CustomerStatus(rawValue: text) else {
                throw APIError.badRequest("invalid_value", "status must be one of \(CustomerStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
            }
            status = value
        }
        var limit = 100
        if let text = parameters.get("limit") {
            guard let value = Int(text), (1...1000).contains(value) else { throw APIError.badRequest("invalid_value", "limit must be 1–1000", field: "limit") }
            limit = value
        }
        let customers = try await service.customers(after: parameters.get("after"), limit: limit, status: status)
        return try JSONBody.response(CustomerList(customers: customers, next: customers.count == limit ? customers.last?.id : nil))
    }

    @Sendable func show(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.readers)
        let id = context.parameters.get("id") ?? ""
        guard let customer = try await service.customer(id: id) else { throw APIError.notFound("no customer \(id)") }
        return try JSONBody.response(customer)
    }

    // MARK: - Review and cards

    @Sendable func review(_ request: Request, context: StraitRequestContext) async throws -> Response {
        let principal = try context.require(Self.reviewers)
        let json = try await JSONBody.parse(from: request, limit: maxBodyBytes)
        guard case .object = json else { throw APIError.badRequest("malformed_json", "the request body must be a JSON object") }
        var fields = JSONFieldReader(json)
        let action = fields.text("action", required: true)
        let entity = fields.text("entityId", required: false)
        var note = ""
        switch json["note"] {
        case .string(let value)? where value.count <= 4000: note = value
        case nil, .null?: break
        default: fields.add(ValidationIssue(field: "note", code: "invalid_value", message: "note must be a string of at most 4000 characters"))
        }
        let version = fields.number("version", 1...Double(Int32.max)).map { Int($0) }
        var parsed: CustomerReviewAction?
        switch action {
        case "clear": parsed = .clear(entityId: entity, note: note)
        case "confirm":
            if let entity { parsed = .confirm(entityId: entity, note: note) } else {
                fields.add(ValidationIssue(field: "entityId", code: "required", message: "a confirmation names the listed entity"))
            }
        case "complete_edd": parsed = .completeEDD(note: note)
        case "reject": parsed = .reject(note: note)
        case nil: break
        default: fields.add(ValidationIssue(field: "action", code: "invalid_value", message: "action must be clear, confirm, complete_edd or reject"))
        }
        guard fields.issues.isEmpty, let parsed else { throw APIError.validation(ValidationFailure(issues: fields.issues)) }
        let id = context.parameters.get("id") ?? ""
        let customer = try await service.review(id: id, action: parsed, expectedVersion: version, actor: principal.keyID)
        return try JSONBody.response(customer)
    }

    struct CardAnswer: Encodable {
        var customerId: String
        var token: String
        var brand: String?
        var last4: String
        var expiry: String?
        var boundAt: String
    }

    @Sendable func bindCard(_ request: Request, context: StraitRequestContext) async throws -> Response {
        let principal = try context.require(Self.onboarders)
        let json = try await JSONBody.parse(from: request, limit: maxBodyBytes)
        guard case .object = json else { throw APIError.badRequest("malformed_json", "the request body must be a JSON object") }
        var fields = JSONFieldReader(json)
        let number = fields.text("number", required: true)
        let expiry = fields.text("expiry", required: false)
        guard fields.issues.isEmpty, let number else { throw APIError.validation(ValidationFailure(issues: fields.issues)) }
        let id = context.parameters.get("id") ?? ""
        let (_, card, replayed) = try await service.bindCard(id: id, number: number, expiry: expiry, actor: principal.keyID)
        return try JSONBody.response(
            CardAnswer(customerId: id, token: card.token, brand: card.brand, last4: card.last4, expiry: card.expiry, boundAt: card.boundAt),
            status: replayed ? .ok : .created, headers: replayed ? [.idempotentReplayed: "true"] : [:]
        )
    }

    // MARK: - Screening

    struct ScreeningAnswer: Encodable {
        var lists: [String: String]
        var threshold: Double
        var matches: [MatchAnswer]
    }

    /// A match as answered: the listed entity, the name that matched and why.
    struct MatchAnswer: Encodable {
        struct Pair: Encodable {
            var query: String
            var name: String
            var similarity: Double
            var kind: String
        }
        struct Signal: Encodable {
            var kind: String
            var adjustment: Double
            var detail: String
        }
        struct Explanation: Encodable {
            var nameScore: Double
            var tokenPairs: [Pair]
            var unmatchedQueryTokens: [String]
            var unmatchedNameTokens: [String]
            var signals: [Signal]
            var summary: [String]
        }
        var entityId: String
        var list: String
        var listVersion: String?
        var entityType: String?
        var primaryName: String?
        var programs: [String]
        var matchedName: String
        var nameQuality: String
        var score: Double
        var explanation: Explanation

        init(_ match: ScreeningMatch, entity: ListEntity?, version: String?) {
            entityId = match.entityId
            list = match.list
            listVersion = version
            entityType = entity?.kind.rawValue
            primaryName = entity?.primaryName
            programs = entity?.programs ?? []
            matchedName = match.matchedName
            nameQuality = match.nameQuality.rawValue
            score = (match.score * 10_000).rounded() / 10_000
            let e = match.explanation
            explanation = Explanation(
                nameScore: (e.nameScore * 10_000).rounded() / 10_000,
                tokenPairs: e.tokenPairs.map { Pair(query: $0.query, name: $0.name, similarity: ($0.similarity * 1000).rounded() / 1000, kind: $0.kind.rawValue) },
                unmatchedQueryTokens: e.unmatchedQueryTokens, unmatchedNameTokens: e.unmatchedNameTokens,
                signals: e.signals.map { Signal(kind: $0.kind.rawValue, adjustment: $0.adjustment, detail: $0.detail) }, summary: ScreeningLists.words(e)
            )
        }
    }

    @Sendable func screen(_ request: Request, context: StraitRequestContext) async throws -> Response {
        _ = try context.require(Self.screeners)
        let json = try await JSONBody.parse(from: request, limit: maxBodyBytes)
        guard case .object = json else { throw APIError.badRequest("malformed_json", "the request body must be a JSON object") }
        var fields = JSONFieldReader(json)
        let name = fields.text("name", required: true)
        let type = fields.choice("type", required: false, as: ListEntity.Kind.self, expected: "person, organization, vessel or aircraft")
        var date: PartialDate?
        if let text = fields.text("dateOfBirth", required: false) {
            date = ScreeningLists.partialDate(text)
            if date == nil { fields.add(ValidationIssue(field: "dateOfBirth", code: "invalid_date", message: "dateOfBirth must be YYYY, YYYY-MM or YYYY-MM-DD")) }
        }
        let nationality = fields.text("nationality", required: false)
        if let nationality, !CountryCodes.isAlpha2(nationality) {
            fields.add(ValidationIssue(field: "nationality", code: "unknown_country", message: "nationality must be an ISO 3166-1 alpha-2 code"))
        }
        let idNumber = fields.text("idNumber", required: false)
        let lists = service.current
        let configured = lists.index.configuration.threshold
        let threshold = fields.number("threshold", configured...1) ?? configured
        guard fields.issues.isEmpty, let name else { throw APIError.validation(ValidationFailure(issues: fields.issues)) }
        let query = ScreeningQuery(name: name, type: type, dateOfBirth: date, nationality: nationality, idNumber: idNumber)
        let matches = lists.index.screen(query).filter { $0.score >= threshold }
        let answers = matches.map { match in
            MatchAnswer(match, entity: lists.entity(list: match.list, id: match.entityId), version: lists.versions[match.list])
        }
        return try JSONBody.response(ScreeningAnswer(lists: lists.versions, threshold: threshold, matches: answers))
    }
}

/// `POST /peer/v1/customers`: an application forwarded by another region's node, for a customer
/// whose home is this region (signed node request; the actor is recorded as `node:<region>/<caller>`).
struct PeerCustomerController: Sendable {
    let service: CustomerService
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<StraitRequestContext>) {
        group.post("customers", use: onboard)
    }

    @Sendable func onboard(_ request: Request, context: StraitRequestContext) async throws -> Response {
        guard let peer = context.peer else { throw APIError(status: .unauthorized, code: "node_unauthorized", message: "a signed peer request is required") }
        let buffer = try await JSONBody.collect(request, limit: maxBodyBytes)
        let bytes = Array(buffer.readableBytesView)
        guard var json = try? JSONParser.parse(bytes), case .object(var members) = json else {
            throw APIError.badRequest("malformed_json", "the request body must be a JSON object")
        }
        var caller: String?
        if let position = members.firstIndex(where: { $0.0 == "actor" }) {
            if case .string(let value) = members[position].1 { caller = value }
            members.remove(at: position)
        }
        members.removeAll { $0.0 == "region" }
        json = .object(members)
        // The digest of the application as the customer's own node received it (without routing fields).
        let parsed = try CustomerController.onboardingRequest(json, digest: SHA256.hexDigest(Data(json.serialized.utf8)))
        let actor = "node:\(peer.region)" + (caller.map { "/\($0)" } ?? "")
        let (customer, replayed) = try await service.onboard(parsed, actor: actor)
        return try JSONBody.response(customer, status: .created, headers: replayed ? [.idempotentReplayed: "true"] : [:])
    }
}

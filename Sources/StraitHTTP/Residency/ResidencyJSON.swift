// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import HTTPTypes
import Hummingbird
import Residency
import StraitCore
import StraitStore
import Vault

/// Reading residency requests and writing their answers.
enum ResidencyJSON {
    static let maxValues = 1_000

    static func object(_ body: JSONValue) throws -> [String: JSONValue] {
        guard case .object(let members) = body else { throw APIError.badRequest("malformed_json", "the request body must be a JSON object") }
        return Dictionary(members, uniquingKeysWith: { a, _ in a })
    }

    static func invalid(_ field: String, _ code: String, _ message: String) -> APIError {
        APIError.validation(.init(issues: [.init(field: field, code: code, message: message)]))
    }

    /// `{"values":[{"value","category"?,"kind"?,"subject"?}, …]}`.
    static func tokeniseItems(_ body: JSONValue) throws -> [TokeniseItem] {
        let fields = try object(body)
        guard case .array(let values)? = fields["values"] else { throw invalid("values", "missing", "values must be an array of {value, category?, kind?, subject?}") }
        guard (1...maxValues).contains(values.count) else { throw invalid("values", "invalid_value", "send 1–\(maxValues) values per request") }
        return try values.enumerated().map { index, element in
            let field = "values[\(index)]"
            guard case .object(let members) = element else { throw invalid(field, "invalid_type", "\(field) must be an object") }
            let item = Dictionary(members, uniquingKeysWith: { a, _ in a })
            guard case .string(let value)? = item["value"], !value.isEmpty, value.utf8.count <= 4_096 else {
                throw invalid("\(field).value", "invalid_value", "\(field).value must be a string of 1–4096 bytes")
            }
            var result = TokeniseItem(value: value)
            if let category = item["category"] {
                guard case .string(let text) = category, let parsed = DataCategory(rawValue: text), parsed != .public else {
                    throw invalid("\(field).category", "invalid_value", "category must be one of \(DataCategory.allCases.filter { $0 != .public }.map(\.rawValue).joined(separator: ", "))")
                }
                result.category = parsed
            }
            if let kind = item["kind"] {
                guard case .string(let text) = kind, let parsed = TokenKind(rawValue: text) else {
                    throw invalid("\(field).kind", "invalid_value", "kind must be random, deterministic or card")
                }
                result.kind = parsed
            }
            if case .string(let subject)? = item["subject"] { result.subject = subject }
            return result
        }
    }

    static func tokenised(_ values: [TokenisedValue], region: String) -> Response {
        var json = JSONText()
        json.beginObject()
        json.string("region", region)
        json.beginArray("tokens")
        for value in values {
            json.beginObject()
            json.string("token", value.token)
            json.string("kind", value.kind.rawValue)
            json.string("category", value.category.rawValue)
            json.string("scheme", value.scheme)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return JSONBody.response(text: json.text, status: .created)
    }

    /// `{"tokens":[…], "purpose": "…"}`.
    static func detokeniseRequest(_ body: JSONValue) throws -> ([String], String) {
        let fields = try object(body)
        guard case .array(let values)? = fields["tokens"], (1...maxValues).contains(values.count) else {
            throw invalid("tokens", "invalid_value", "tokens must be an array of 1–\(maxValues) tokens")
        }
        let tokens = try values.enumerated().map { index, value -> String in
            guard case .string(let token) = value, !token.isEmpty, token.utf8.count <= 64 else {
                throw invalid("tokens[\(index)]", "invalid_value", "tokens[\(index)] must be a token string")
            }
            return token
        }
        guard case .string(let purpose)? = fields["purpose"] else {
            throw invalid("purpose", "purpose_required", "declare the purpose of detokenising (purpose)")
        }
        return (tokens, purpose)
    }

    static func revealed(_ values: [RevealedValue], transfer: TransferRecord?, region: String, requestID: String) -> Response {
        let denied = values.enumerated().filter { $0.element.withheld?.code == "transfer_denied" }
        if !values.isEmpty, denied.count == values.count {
            // Nothing may go: a clear error naming the rules.
            let rules = Set(denied.compactMap { $0.element.withheld?.rule }).sorted()
            let first = denied[0].element.withheld!
            var error = APIError(
                status: .forbidden, code: "transfer_denied",
                message: "the values may not leave \(region) for this node: \(first.message)" + (rules.isEmpty ? "" : " (rule \(rules.joined(separator: ", ")))"),
                details: denied.map { .init(field: "tokens[\($0.offset)]", code: $0.element.withheld?.rule ?? "no_rule", message: $0.element.withheld?.message ?? "") }
            )
            if let transfer { error.headers[HTTPField.Name("Strait-Transfer-Id")!] = transfer.id }
            return errorResponse(error, requestID: requestID)
        }
        var json = JSONText()
        json.beginObject()
        json.string("region", region)
        json.beginArray("values")
        for value in values {
            json.beginObject()
            json.string("token", value.token)
            json.string("category", value.category)
            if let text = value.value { json.string("value", text) }
            if let withheld = value.withheld {
                json.beginObject("withheld")
                json.string("code", withheld.code)
                json.string("message", withheld.message)
                json.string("rule", withheld.rule)
                json.endObject()
            }
            json.endObject()
        }
        json.endArray()
        if let transfer { json.raw("transfer", Self.transfer(transfer)) }
        json.endObject()
        return JSONBody.response(text: json.text)
    }

    /// An error answered directly (for answers built outside the error middleware).
    static func errorResponse(_ error: APIError, requestID: String) -> Response {
        var headers = error.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: .init(string: error.body(requestID: requestID))))
    }

    struct RecordInput {
        var data: JSONValue
        var id: String?
        var subject: String?
        var categories: [String: DataCategory]
        var kinds: [String: TokenKind]
        var mechanisms: [String] = []
    }

    /// `{"data":{…}, "id"?, "subject"?, "categories"?: {path: category}, "tokens"?: {path: kind}}`.
    static func recordRequest(_ body: JSONValue) throws -> RecordInput {
        let fields = try object(body)
        guard let data = fields["data"], case .object = data else { throw invalid("data", "missing", "data must be the record, a JSON object") }
        var input = RecordInput(data: data, id: nil, subject: nil, categories: [:], kinds: [:])
        if let id = fields["id"] {
            guard case .string(let text) = id, TransactionID(rawValue: text) != nil else {
                throw invalid("id", "invalid_value", "id must be 1–128 characters of A–Z, a–z, 0–9, '.', '_', ':' or '-'")
            }
            input.id = text
        }
        if case .string(let subject)? = fields["subject"] { input.subject = subject }
        if let mechanisms = fields["mechanisms"] {
            guard case .array(let list) = mechanisms else { throw invalid("mechanisms", "invalid_type", "mechanisms must be an array of strings") }
            for (index, value) in list.enumerated() {
                guard case .string(let text) = value, !text.isEmpty, text.utf8.count <= 64, !text.contains(" ") else {
                    throw invalid("mechanisms[\(index)]", "invalid_value", "a mechanism must be 1–64 characters without spaces, e.g. art49-explicit-consent")
                }
                input.mechanisms.append(text)
            }
        }
        if case .object(let members)? = fields["categories"] {
            for (path, value) in members {
                guard case .string(let text) = value, let category = DataCategory(rawValue: text) else {
                    throw invalid("categories.\(path)", "invalid_value", "a category must be one of \(DataCategory.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                input.categories[path] = category
            }
        }
        if case .object(let members)? = fields["tokens"] {
            for (path, value) in members {
                guard case .string(let text) = value, let kind = TokenKind(rawValue: text) else {
                    throw invalid("tokens.\(path)", "invalid_value", "a token kind must be random, deterministic or card")
                }
                input.kinds[path] = kind
            }
        }
        return input
    }

    static func stored(_ result: StoredRecordResult, region: String) -> Response {
        var json = JSONText()
        json.beginObject()
        json.string("id", result.record.id)
        json.string("region", region)
        json.string("jurisdiction", result.record.jurisdiction)
        json.raw("data", result.data.serialized)
        json.beginArray("fields")
        for field in result.fields {
            json.beginObject()
            json.string("path", field.path)
            json.string("category", field.category.rawValue)
            json.string("token", field.token)
            json.string("scheme", field.scheme)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return JSONBody.response(text: json.text, status: .created)
    }

    static func record(_ view: RecordView, region: String) -> Response {
        var json = JSONText()
        json.beginObject()
        json.string("id", view.id)
        json.string("region", region)
        json.string("jurisdiction", view.jurisdiction)
        json.string("subject", view.subject)
        json.raw("data", view.data.serialized)
        json.beginArray("fields")
        for field in view.fields {
            json.beginObject()
            json.string("path", field.path)
            json.string("category", field.category)
            json.string("form", field.form.rawValue)
            json.string("rule", field.rule)
            json.endObject()
        }
        json.endArray()
        json.beginArray("denied")
        for field in view.fields where field.form != .clear {
            json.beginObject()
            json.string("path", field.path)
            json.string("category", field.category)
            json.string("form", field.form.rawValue)
            json.string("rule", field.rule)
            json.string("reason", field.reason)
            json.endObject()
        }
        json.endArray()
        if let transfer = view.transfer { json.raw("transfer", Self.transfer(transfer)) }
        json.endObject()
        return JSONBody.response(text: json.text)
    }

    static func transfer(_ record: TransferRecord) -> String { encode(record) }

    /// Sorted-key JSON text of a value.
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// `{"from"?, "to", "categories":[…], "mechanisms"?:[…], "tokenised"?: bool, "date"?}`.
    static func transferRequest(_ body: JSONValue, defaultFrom: String, date: String) throws -> TransferRequest {
        let fields = try object(body)
        var from = defaultFrom
        if case .string(let text)? = fields["from"] { from = text }
        guard case .string(let to)? = fields["to"], CountryCode(rawValue: to) != nil else {
            throw invalid("to", "invalid_value", "to must be an ISO 3166-1 alpha-2 country code")
        }
        guard case .array(let list)? = fields["categories"], !list.isEmpty else {
            throw invalid("categories", "missing", "categories must be a non-empty array")
        }
        var categories: Set<DataCategory> = []
        for (index, value) in list.enumerated() {
            guard case .string(let text) = value, let category = DataCategory(rawValue: text) else {
                throw invalid("categories[\(index)]", "invalid_value", "a category must be one of \(DataCategory.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            categories.insert(category)
        }
        var mechanisms: Set<String> = []
        if case .array(let list)? = fields["mechanisms"] {
            for case .string(let text) in list { mechanisms.insert(text) }
        }
        var day = date
        if case .string(let text)? = fields["date"] {
            guard text.count == 10, Timestamp(rfc3339: text + "T00:00:00Z") != nil else { throw invalid("date", "invalid_value", "date must be YYYY-MM-DD") }
            day = text
        }
        var tokenised = false
        if case .bool(let flag)? = fields["tokenised"] { tokenised = flag }
        return TransferRequest(from: from, to: to, categories: categories, mechanisms: mechanisms, date: day, tokenised: tokenised)
    }

    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }

    /// Runs a vault operation, answering its refusals with their status and code.
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ResidencyError {
            switch error.code {
            case .notFound: throw APIError.notFound(error.message)
            case .purposeRequired: throw invalid("purpose", error.code.rawValue, error.message)
            case .purposeNotDeclared: throw APIError(status: .forbidden, code: error.code.rawValue, message: error.message)
            case .rateLimited:
                throw APIError(status: .tooManyRequests, code: "rate_limited", message: error.message, headers: [.retryAfter: String(error.retryAfterSeconds ?? 1)])
            case .invalidValue: throw invalid("data", "invalid_value", error.message)
            case .vaultUnavailable: throw APIError(status: .serviceUnavailable, code: "vault_unavailable", message: error.message, headers: [.retryAfter: "5"])
            case .transferDenied: throw APIError(status: .forbidden, code: "transfer_denied", message: error.message)
            }
        } catch let error as VaultError {
            throw APIError(status: .serviceUnavailable, code: "vault_\(error.code)", message: error.message, headers: [.retryAfter: "5"])
        }
    }
}

extension JSONValue {
    /// The object with `key` set to `value`.
    func with(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members.removeAll { $0.0 == key }
        members.append((key, value))
        return .object(members)
    }
}

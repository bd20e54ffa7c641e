// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import StraitCore

/// Reading and writing JSON bodies with Strait's error conventions.
enum JSONBody {
    /// Collects the body up to `limit` bytes and parses it strictly (``JSONParser``).
    ///
    /// - Throws: ``APIError`` 413, 415, or 400 `malformed_json` with the reason and byte offset.
    static func parse(from request: Request, limit: Int) async throws -> JSONValue {
        let buffer = try await collect(request, limit: limit)
        do {
            return try JSONParser.parse(buffer.readableBytesView)
        } catch {
            throw APIError.badRequest("malformed_json", "the request body is not valid JSON: \(error)")
        }
    }

    /// Checks the media type and collects the body up to `limit` bytes; an empty body is a 400.
    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let contentType = request.headers[.contentType] {
            let media = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            // curl's default for `-d` is the form type; a JSON body sent that way is read as JSON.
            let isJSON = media == "application/json" || (media.hasPrefix("application/") && media.hasSuffix("+json"))
            guard isJSON || media == "application/x-www-form-urlencoded" else {
                throw APIError(status: .unsupportedMediaType, code: "unsupported_media_type", message: "the body must be application/json")
            }
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw tooLarge(limit)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge(limit)
        }
        guard buffer.readableBytes > 0 else {
            throw APIError.badRequest("malformed_json", "the request body is empty; a JSON object is expected")
        }
        return buffer
    }

    /// Collects the body up to `limit` bytes and decodes it as `T`.
    ///
    /// - Throws: ``APIError`` 413 `body_too_large`, 415 `unsupported_media_type`,
    ///   400 `malformed_json` or `invalid_type` naming the field.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        let buffer = try await collect(request, limit: limit)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw map(error)
        }
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(status: .contentTooLarge, code: "body_too_large", message: "the request body exceeds the limit of \(limit) bytes")
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    static func map(_ error: DecodingError) -> APIError {
        switch error {
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            if field.isEmpty { return .badRequest("malformed_json", "the request body must be a JSON object") }
            return .badRequest("invalid_type", "\(field) must be \(describe(type))", field: field)
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return .badRequest("invalid_type", "\(field) must be \(describe(type)), not null", field: field)
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return .badRequest("missing", "\(field) is required", field: field)
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if field.isEmpty { return .badRequest("malformed_json", "the request body is not valid JSON") }
            return .badRequest("invalid_type", "\(field) has a value of the wrong type or out of range", field: field)
        @unknown default:
            return .badRequest("malformed_json", "the request body is not valid JSON")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int64.Type, is Int.Type, is UInt64.Type: "an integer"
        case is Bool.Type: "a boolean"
        default: "an object"
        }
    }

    /// A JSON response from JSON text.
    static func response(text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A JSON response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Reads the fields of a JSON object body and collects every problem as a ``ValidationIssue``,
/// so that a bad request is answered once with all of them (422).
struct JSONFieldReader {
    let json: JSONValue
    /// For a nested object: its member name, which prefixes the fields of its issues (`document.number`).
    let prefix: String?
    private(set) var issues: [ValidationIssue] = []

    init(_ json: JSONValue) {
        self.json = json
        self.prefix = nil
    }

    /// A reader of the nested object `value` named `prefix`. A missing member (an issue when
    /// `required`) or one that is not an object (an issue) gives a reader with nothing to read.
    init(nested value: JSONValue?, prefix: String, required: Bool) {
        self.prefix = prefix
        switch value {
        case .object?: json = value ?? .null
        case nil, .null?:
            json = .null
            if required { issues.append(ValidationIssue(field: prefix, code: "required", message: "\(prefix) is required")) }
        default:
            json = .null
            issues.append(ValidationIssue(field: prefix, code: "invalid_type", message: "\(prefix) must be an object"))
        }
    }

    /// Whether there is an object to read (a nested object that was given).
    var isPresent: Bool {
        if case .object = json { true } else { false }
    }

    private func field(_ name: String) -> String { prefix.map { "\($0).\(name)" } ?? name }

    /// A string of 1–`limit` characters without control characters (line breaks allowed when `multiline`).
    mutating func text(_ name: String, required: Bool, limit: Int = 256, multiline: Bool = false) -> String? {
        let field = field(name)
        switch json[name] {
        case .string(let value)?
        where !value.isEmpty && value.count <= limit
            && !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !(multiline && ($0 == "\n" || $0 == "\r")) }):
            return value
        case nil, .null?:
            if required && isPresent { issues.append(ValidationIssue(field: field, code: "required", message: "\(field) is required")) }
            return nil
        default:
            issues.append(ValidationIssue(field: field, code: "invalid_value", message: "\(field) must be a string of 1–\(limit) characters"))
            return nil
        }
    }

    /// A number within `range`, if present.
    mutating func number(_ name: String, _ range: ClosedRange<Double>) -> Double? {
        switch json[name] {
        case .number(let value)?:
            guard let number = Double(value), range.contains(number) else {
                issues.append(ValidationIssue(field: name, code: "invalid_value", message: "\(name) must be a number from \(range.lowerBound) to \(range.upperBound)"))
                return nil
            }
            return number
        case nil, .null?: return nil
        default:
            issues.append(ValidationIssue(field: name, code: "invalid_type", message: "\(name) must be a number"))
            return nil
        }
    }

    /// A required RFC 3339 time.
    mutating func timestamp(_ name: String) -> Timestamp? {
        guard let text = text(name, required: true) else { return nil }
        guard let time = Timestamp(rfc3339: text) else {
            issues.append(ValidationIssue(field: name, code: "invalid_value", message: "\(name) must be an RFC 3339 time, e.g. 2026-11-27T10:00:00Z"))
            return nil
        }
        return time
    }

    /// A string naming a case of `Value`, if present.
    mutating func choice<Value: RawRepresentable<String>>(_ name: String, required: Bool, as _: Value.Type, expected: String, limit: Int = 256) -> Value? {
        guard let text = text(name, required: required, limit: limit) else { return nil }
        guard let value = Value(rawValue: text) else {
            issues.append(ValidationIssue(field: field(name), code: "invalid_value", message: "\(field(name)) must be \(expected)"))
            return nil
        }
        return value
    }

    mutating func add(_ issue: ValidationIssue) { issues.append(issue) }
}

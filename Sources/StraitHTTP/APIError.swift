// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import HTTPTypes
import Hummingbird
public import StraitCore
public import StraitStore

/// An error answered to the client as `{"error":{"code","message","requestId","details"?}}`.
///
/// This is the only place that knows HTTP status codes for Strait's errors; domain errors are
/// mapped here by ``APIError/from(_:)``.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    /// Stable machine-readable code, e.g. `validation_failed`.
    public var code: String
    /// A sentence for a human; never internals or customer data beyond what the caller sent.
    public var message: String
    /// Per-field problems, for validation errors.
    public var details: [ValidationIssue]
    /// Extra response headers (e.g. `Retry-After`, `WWW-Authenticate`).
    public var headers: HTTPFields

    public init(status: HTTPResponse.Status, code: String, message: String, details: [ValidationIssue] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    public static func unauthorized(_ message: String = "an API key is required: send Authorization: Bearer <key>") -> APIError {
        APIError(status: .unauthorized, code: "unauthorized", message: message, headers: [.wwwAuthenticate: "Bearer realm=\"strait\""])
    }

    public static func invalidCredentials() -> APIError {
        APIError(
            status: .unauthorized,
            code: "invalid_credentials",
            message: "the API key is unknown or revoked",
            headers: [.wwwAuthenticate: "Bearer realm=\"strait\", error=\"invalid_token\""]
        )
    }

    public static func forbidden(role: Role, allowed: Set<Role>) -> APIError {
        let names = allowed.map(\.rawValue).sorted().joined(separator: ", ")
        return APIError(status: .forbidden, code: "forbidden", message: "role \(role.rawValue) may not do this; allowed roles: \(names)")
    }

    public static func badRequest(_ code: String, _ message: String, field: String? = nil) -> APIError {
        APIError(
            status: .badRequest,
            code: code,
            message: message,
            details: field.map { [ValidationIssue(field: $0, code: code, message: message)] } ?? []
        )
    }

    public static func validation(_ failure: ValidationFailure) -> APIError {
        let first = failure.issues.first?.message ?? "the request is invalid"
        let more = failure.issues.count > 1 ? " (and \(failure.issues.count - 1) more)" : ""
        return APIError(status: .unprocessableContent, code: "validation_failed", message: first + more, details: failure.issues)
    }

    public static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: message)
    }

    public static func conflict(_ code: String, _ message: String) -> APIError {
        APIError(status: .conflict, code: code, message: message)
    }

    public static func storeUnavailable() -> APIError {
        APIError(
            status: .serviceUnavailable,
            code: "store_unavailable",
            message: "the store is unavailable; retry later",
            headers: [.retryAfter: "1"]
        )
    }

    /// Maps any error to the error answered to the client.
    public static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as StoreError:
            switch error.code {
            case .unavailable, .closed: return .storeUnavailable()
            default: return APIError(status: .internalServerError, code: "internal_error", message: "an internal error occurred")
            }
        case let error as any HTTPResponseError:
            return fromHTTP(status: error.status)
        default:
            return APIError(status: .internalServerError, code: "internal_error", message: "an internal error occurred")
        }
    }

    private static func fromHTTP(status: HTTPResponse.Status) -> APIError {
        switch status.code {
        case 404: return APIError(status: status, code: "not_found", message: "no such endpoint")
        case 405: return APIError(status: status, code: "method_not_allowed", message: "this method is not allowed here")
        case 413: return APIError(status: status, code: "body_too_large", message: "the request body is larger than the limit")
        case 400: return APIError(status: status, code: "bad_request", message: "the request is malformed")
        case 400..<500: return APIError(status: status, code: "client_error", message: status.reasonPhrase)
        case 503: return .storeUnavailable()
        default: return APIError(status: .internalServerError, code: "internal_error", message: "an internal error occurred")
        }
    }

    /// The JSON body, with the request id.
    public func body(requestID: String) -> String {
        var json = JSONText()
        json.beginObject()
        json.beginObject("error")
        json.string("code", code)
        json.string("message", message)
        json.string("requestId", requestID)
        if !details.isEmpty {
            json.beginArray("details")
            for issue in details {
                json.beginObject()
                json.string("field", issue.field)
                json.string("code", issue.code)
                json.string("message", issue.message)
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
        json.endObject()
        return json.text
    }
}

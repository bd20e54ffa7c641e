// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import HTTPTypes
public import Hummingbird
import Logging
import StraitCore

extension HTTPField.Name {
    /// `X-Request-Id`.
    public static let requestID = HTTPField.Name("X-Request-Id")!
    /// `Idempotent-Replayed`: `true` when a response repeats an earlier one for the same transaction id.
    public static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
    /// `traceparent` (W3C Trace Context).
    public static let traceparent = HTTPField.Name("traceparent")!
}

/// Gives every request an id: the caller's `X-Request-Id` if it is a safe token (1–128 of
/// `A–Z a–z 0–9 . _ : -`), otherwise a new one. The id goes on every log line of the request
/// (`http.request.id`), on the response (`X-Request-Id`) and in error bodies. `trace.id` is the
/// W3C `traceparent` trace id when one is sent, otherwise the request id.
public struct RequestIDMiddleware: RouterMiddleware {
    public typealias Context = StraitRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let id: String
        if let supplied = request.headers[.requestID], IdentifierToken.isValid(supplied) {
            id = supplied
        } else {
            id = context.logger[metadataKey: "hb.request.id"]?.description ?? RequestID().description
        }
        context.requestID = id
        context.logger[metadataKey: "hb.request.id"] = nil
        context.logger[metadataKey: "http.request.id"] = .string(id)
        context.logger[metadataKey: "trace.id"] = .string(Self.traceID(request.headers[.traceparent]) ?? id)
        var response = try await next(request, context)
        response.headers[.requestID] = id
        return response
    }

    /// The trace id of a valid `traceparent` header (`00-<32 hex>-<16 hex>-<2 hex>`).
    static func traceID(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: "-")
        guard parts.count == 4, parts[1].utf8.count == 32, let bytes = Hex.decode(String(parts[1])), bytes.contains(where: { $0 != 0 }) else {
            return nil
        }
        return String(parts[1]).lowercased()
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Hummingbird
import Logging

/// Turns every error into Strait's JSON error body with the request id.
///
/// Unexpected errors are logged with their details for operators and answered as a generic
/// `internal_error`, so that no internals reach the client.
public struct ErrorMiddleware: RouterMiddleware {
    public typealias Context = StraitRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status.code >= 500 {
                context.logger.error(
                    "request failed",
                    metadata: ["event.action": "http.error", "error.type": "\(type(of: error))", "error.message": "\(String(reflecting: error))"]
                )
            }
            return Self.response(for: apiError, requestID: context.requestID)
        }
    }

    /// The JSON response for an error.
    public static func response(for error: APIError, requestID: String) -> Response {
        var headers = error.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: error.body(requestID: requestID))))
    }
}

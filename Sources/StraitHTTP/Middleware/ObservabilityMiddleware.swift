// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Hummingbird
import Logging
import CoreMetrics

/// Records each request: one access-log line (Elastic Common Schema field names) and the request
/// metrics (by route template, method and status; latency histogram).
///
/// It sits outside ``ErrorMiddleware``, so it sees the status that the client sees.
public struct ObservabilityMiddleware: RouterMiddleware {
    public typealias Context = StraitRequestContext

    let metrics: StraitMetrics

    public init(metrics: StraitMetrics) {
        self.metrics = metrics
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        metrics.inFlight.increment()
        defer { metrics.inFlight.decrement() }
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            // ErrorMiddleware answers every error; this is a safety net for errors thrown outside it.
            let apiError = APIError.from(error)
            record(request, context: context, status: apiError.status.code, start: start)
            throw error
        }
        record(request, context: context, status: response.status.code, start: start)
        return response
    }

    private func record(_ request: Request, context: Context, status: Int, start: ContinuousClock.Instant) {
        let nanoseconds = (ContinuousClock.now - start).nanoseconds
        let route = context.endpointPath ?? "unmatched"
        metrics.request(route: route, method: request.method.rawValue, status: status, durationNanoseconds: nanoseconds)
        let level: Logger.Level = status >= 500 ? .error : .info
        context.logger.log(
            level: level,
            "request completed",
            metadata: [
                "event.action": "http.request",
                "event.duration": .stringConvertible(nanoseconds),
                "http.request.method": .string(request.method.rawValue),
                "url.path": .string(request.uri.path),
                "http.route": .string(route),
                "http.response.status_code": .stringConvertible(status),
            ]
        )
    }
}

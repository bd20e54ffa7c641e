// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import HTTPTypes
public import Hummingbird
import NIOCore
import Logging
public import Prometheus
public import StraitStore

/// Public endpoints: `/healthz`, `/readyz`, `/metrics`, `/openapi.yaml`.
public struct SystemController: Sendable {
    let store: any StraitStore
    let registry: PrometheusCollectorRegistry
    let version: String
    let region: String

    public init(store: any StraitStore, registry: PrometheusCollectorRegistry, version: String, region: String) {
        self.store = store
        self.registry = registry
        self.version = version
        self.region = region
    }

    struct Health: Encodable {
        var status: String
        var version: String
        var region: String
    }

    public func addRoutes(to router: Router<StraitRequestContext>) {
        router.get("healthz") { _, _ in
            try JSONBody.response(Health(status: "ok", version: version, region: region))
        }
        router.get("readyz") { _, context in
            do {
                try await store.ping()
            } catch {
                context.logger.warning("store not reachable", metadata: ["event.action": "readiness.failed", "error.message": "\(String(reflecting: error))"])
                throw APIError.storeUnavailable()
            }
            return try JSONBody.response(Health(status: "ready", version: version, region: region))
        }
        router.get("metrics") { _, _ in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(16 * 1024)
            registry.emit(into: &buffer)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer))
            )
        }
        router.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
    }
}

/// The OpenAPI 3.1 document of Strait's API, shipped as a resource: the contract the routes follow.
public enum OpenAPIDocument {
    /// The document's text.
    public static let yaml: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "openapi: 3.1.0\ninfo: {title: Strait, version: unknown}\npaths: {}\n" }
        return text
    }()
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Crypto
import Foundation
import HTTPTypes
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Calls peer nodes' `/peer/v1/…` routes with signed requests (``NodeSignature``).
public final class PeerClient: Sendable {
    public let region: String
    public let peers: [String: Peer]
    private let key: Curve25519.Signing.PrivateKey
    private let session: URLSession
    private let now: @Sendable () -> Int64

    public init(region: String, key: Curve25519.Signing.PrivateKey, peers: [Peer], timeoutSeconds: Double = 10, now: @escaping @Sendable () -> Int64) {
        self.region = region
        self.key = key
        self.peers = Dictionary(peers.map { ($0.region, $0) }, uniquingKeysWith: { a, _ in a })
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.httpMaximumConnectionsPerHost = 32
        self.session = URLSession(configuration: configuration)
        self.now = now
    }

    /// The peer that is home to accounts of `country`, if any.
    public func home(ofCountry country: String) -> Peer? {
        peers.values.sorted { $0.region < $1.region }.first { $0.countries.contains(country) }
    }

    /// Sends a signed request; returns the peer's status and body.
    ///
    /// - Throws: ``APIError`` 502 `peer_unavailable` when the peer cannot be reached.
    public func send(_ peer: Peer, method: String, target: String, body: [UInt8] = []) async throws -> (status: Int, body: [UInt8]) {
        guard let url = URL(string: target, relativeTo: peer.url)?.absoluteURL else {
            throw APIError(status: .badRequest, code: "invalid_value", message: "cannot address \(target) at \(peer.region)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if !body.isEmpty {
            request.httpBody = Data(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in try NodeSignature.headers(key: key, region: region, peer: peer.region, method: method, target: target, body: body, time: now()) {
            request.setValue(value, forHTTPHeaderField: name)
        }
        do {
            let (data, response) = try await session.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 502, [UInt8](data))
        } catch {
            throw APIError(
                status: .badGateway, code: "peer_unavailable", message: "region \(peer.region) cannot be reached; retry later", headers: [.retryAfter: "5"]
            )
        }
    }
}

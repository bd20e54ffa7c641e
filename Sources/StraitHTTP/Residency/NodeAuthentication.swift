// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Crypto
public import Foundation
import HTTPTypes
import Logging
public import Hummingbird
import NIOCore
import StraitCore
import Synchronization

/// Another region's node: where to reach it, the key it signs with, and what the law of data
/// leaving for it depends on (its country and the mechanisms declared for it).
public struct Peer: Sendable {
    public var region: String
    /// Base URL, e.g. `https://in-mum.strait.example`.
    public var url: URL
    public var publicKey: Curve25519.Signing.PublicKey
    /// The jurisdiction it is home to (e.g. `IN`): records of that jurisdiction are reached through it.
    public var jurisdiction: String
    /// The countries whose accounts it keeps (the jurisdiction's countries).
    public var countries: Set<String>
    /// The country it runs in: the destination of data sent to it.
    public var country: String
    /// Transfer mechanisms declared for this recipient (`scc-2021/914`, `bcr`, …).
    public var mechanisms: [String]

    public init(
        region: String, url: URL, publicKey: Curve25519.Signing.PublicKey, jurisdiction: String, countries: Set<String>, country: String,
        mechanisms: [String]
    ) {
        self.region = region
        self.url = url
        self.publicKey = publicKey
        self.jurisdiction = jurisdiction
        self.countries = countries
        self.country = country
        self.mechanisms = mechanisms
    }
}

/// Node-to-node request signatures (Ed25519).
///
/// A node signs `strait-node-v1`, its region, the target region, the method, the path with its
/// query, the time (Unix milliseconds) and the hex SHA-256 of the body, one per line, and sends
/// `Strait-Node`, `Strait-Node-Time` and `Strait-Node-Signature` (base64). The receiver accepts a
/// known peer's valid signature within ±5 minutes of its clock, once (replayed signatures are refused).
public enum NodeSignature {
    public static let nodeHeader = HTTPField.Name("Strait-Node")!
    public static let timeHeader = HTTPField.Name("Strait-Node-Time")!
    public static let signatureHeader = HTTPField.Name("Strait-Node-Signature")!
    /// How far a request's time may be from the receiver's clock.
    public static let window: Int64 = 300_000

    public static func message(from: String, to: String, method: String, target: String, time: Int64, body: some Sequence<UInt8>) -> [UInt8] {
        let digest = SHA256.hexDigest(Array(body))
        return Array("strait-node-v1\n\(from)\n\(to)\n\(method)\n\(target)\n\(time)\n\(digest)".utf8)
    }

    /// The headers that authenticate a request from `region` to `peer`.
    public static func headers(
        key: Curve25519.Signing.PrivateKey, region: String, peer: String, method: String, target: String, body: [UInt8], time: Int64
    ) throws -> [(String, String)] {
        let signature = try key.signature(for: message(from: region, to: peer, method: method, target: target, time: time, body: body))
        return [
            (nodeHeader.rawName, region), (timeHeader.rawName, String(time)), (signatureHeader.rawName, Data(signature).base64EncodedString()),
        ]
    }
}

/// Authenticates requests from peer nodes (``NodeSignature``) and sets ``StraitRequestContext/peer``.
///
/// Errors: 401 `node_unauthorized` (headers missing, unknown node, bad signature, stale or replayed).
public struct NodeAuthenticationMiddleware: RouterMiddleware {
    public typealias Context = StraitRequestContext

    let region: String
    let peers: [String: Peer]
    let maxBodyBytes: Int
    let now: @Sendable () -> Int64
    private let seen: ReplayCache

    public init(region: String, peers: [Peer], maxBodyBytes: Int, now: @escaping @Sendable () -> Int64) {
        self.region = region
        self.peers = Dictionary(peers.map { ($0.region, $0) }, uniquingKeysWith: { a, _ in a })
        self.maxBodyBytes = maxBodyBytes
        self.now = now
        self.seen = ReplayCache()
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        func refuse(_ message: String) -> APIError {
            APIError(status: .unauthorized, code: "node_unauthorized", message: message)
        }
        guard let node = request.headers[NodeSignature.nodeHeader], let timeText = request.headers[NodeSignature.timeHeader],
            let signatureText = request.headers[NodeSignature.signatureHeader]
        else { throw refuse("peer requests must carry Strait-Node, Strait-Node-Time and Strait-Node-Signature") }
        guard let peer = peers[node] else { throw refuse("node \(node.debugDescription) is not a configured peer of \(region)") }
        guard let time = Int64(timeText), abs(now() - time) <= NodeSignature.window else {
            throw refuse("Strait-Node-Time is missing or more than five minutes from this node's clock")
        }
        guard let signature = Data(base64Encoded: signatureText), signature.count == 64 else { throw refuse("Strait-Node-Signature is not a base64 Ed25519 signature") }
        var request = request
        let body = try await request.collectBody(upTo: maxBodyBytes)
        let message = NodeSignature.message(
            from: node, to: region, method: request.method.rawValue, target: request.uri.description, time: time, body: body.readableBytesView
        )
        guard peer.publicKey.isValidSignature(signature, for: message) else { throw refuse("the signature of node \(node) does not verify") }
        guard seen.insert(signatureText, time: time, now: now()) else { throw refuse("this signed request was already used") }
        var context = context
        context.peer = peer
        context.logger[metadataKey: "strait.peer"] = .string(node)
        return try await next(request, context)
    }
}

/// Signatures seen within the window, to refuse replays.
final class ReplayCache: Sendable {
    private let state = Mutex([String: Int64]())

    /// `false` if the signature was seen.
    func insert(_ signature: String, time: Int64, now: Int64) -> Bool {
        state.withLock { seen in
            if seen.count > 50_000 { seen = seen.filter { now - $0.value <= NodeSignature.window } }
            guard seen[signature] == nil else { return false }
            seen[signature] = time
            return true
        }
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
public import Hummingbird
import NIOCore
public import StraitStore

/// This node as a witness (C2SP tlog-witness), outside `/v1` because the protocol authenticates a
/// request by its checkpoint's signature, not by an API key:
///
/// - `POST /witness/add-checkpoint`: cosign another region's checkpoint (200 with the cosignature
///   line; 409 `text/x.tlog.size` with the size last cosigned; 400, 403, 404, 422 as JSON errors).
/// - `GET /witness/key`: the witness's cosignature/v1 verifier key.
public struct WitnessController: Sendable {
    let witness: LedgerWitness
    let maxBodyBytes: Int

    public init(witness: LedgerWitness, maxBodyBytes: Int) {
        self.witness = witness
        self.maxBodyBytes = maxBodyBytes
    }

    public func addRoutes(to router: Router<StraitRequestContext>) {
        router.post("witness/add-checkpoint", use: addCheckpoint)
        router.get("witness/key", use: key)
    }

    @Sendable func key(_ request: Request, context: StraitRequestContext) async throws -> Response {
        guard let vkey = witness.verifierKey else {
            throw APIError(status: .serviceUnavailable, code: "ledger_not_ready", message: "the witness is starting", headers: [.retryAfter: "1"])
        }
        return LedgerController.text(vkey + "\n")
    }

    @Sendable func addCheckpoint(_ request: Request, context: StraitRequestContext) async throws -> Response {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw JSONBody.tooLarge(maxBodyBytes)
        }
        guard let body = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw APIError.badRequest("bad_request", "the request body is not UTF-8")
        }
        let now = UInt64(max(0, SystemClock.millisecondsSinceEpoch() / 1000))
        let answer = try await witness.addCheckpoint(body, now: now)
        switch answer.status {
        case 200, 409:
            return Response(
                status: .init(code: answer.status), headers: [.contentType: answer.contentType],
                body: .init(byteBuffer: ByteBuffer(string: answer.body))
            )
        case 503:
            throw APIError(status: .serviceUnavailable, code: "ledger_not_ready", message: "the witness is starting", headers: [.retryAfter: "1"])
        default:
            throw APIError(
                status: .init(code: answer.status), code: answer.code ?? "bad_request",
                message: answer.body.trimmingCharacters(in: .newlines)
            )
        }
    }
}

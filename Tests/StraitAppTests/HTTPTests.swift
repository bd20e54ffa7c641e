// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Hummingbird
import HummingbirdTesting
import StraitApp
import StraitHTTP
import Testing
import StraitCore
import StraitStoreSQLite
import StraitStore
import HTTPTypes
import NIOCore

@Suite("HTTP API")
struct HTTPTests {
    @Test("health, readiness, metrics and the OpenAPI document are public")
    func publicEndpoints() async throws {
        try await TestNode().test { client in
            let health = try await client.send(.get, "/healthz", key: nil)
            #expect(health.status == .ok)
            #expect(try health.json()["status"] as? String == "ok")
            let ready = try await client.send(.get, "/readyz", key: nil)
            #expect(ready.status == .ok)
            #expect(try ready.json()["status"] as? String == "ready")
            let metrics = try await client.send(.get, "/metrics", key: nil)
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(metrics.text.contains("# TYPE strait_http_requests_total counter"))
            #expect(metrics.text.contains("strait_http_requests_total{route=\"/readyz\",method=\"GET\",status=\"200\"} 1"))
            #expect(metrics.text.contains("# HELP strait_decisions_total"))
            let openapi = try await client.send(.get, "/openapi.yaml", key: nil)
            #expect(openapi.status == .ok)
            #expect(openapi.text.hasPrefix("openapi: 3.1.0"))
        }
    }

    @Test("every response carries a request id; a safe caller id is kept")
    func requestID() async throws {
        try await TestNode().test { client in
            let generated = try await client.send(.get, "/healthz", key: nil)
            #expect((generated.headers[.requestID]?.count ?? 0) >= 16)
            let kept = try await client.send(.get, "/v1/transactions/x", key: nil, headers: [.requestID: "req-abc.123"])
            #expect(kept.headers[.requestID] == "req-abc.123")
            #expect(try kept.error()["requestId"] as? String == "req-abc.123")
            let unsafe = try await client.send(.get, "/healthz", key: nil, headers: [.requestID: "bad id\u{7F}"])
            #expect(unsafe.headers[.requestID] != "bad id\u{7F}")
        }
    }

    @Test("API routes need a key (401) with the right role (403)")
    func authentication() async throws {
        try await TestNode().test { client in
            let missing = try await client.send(.post, "/v1/transactions", key: nil, json: transactionJSON())
            #expect(missing.status == .unauthorized)
            #expect(try missing.error()["code"] as? String == "unauthorized")
            #expect(missing.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            let wrong = try await client.send(.post, "/v1/transactions", key: "not-a-real-key-at-all", json: transactionJSON())
            #expect(wrong.status == .unauthorized)
            #expect(try wrong.error()["code"] as? String == "invalid_credentials")
            let basic = try await client.send(.get, "/v1/keys", key: nil, headers: [.authorization: "Basic YWRtaW46YWRtaW4="])
            #expect(basic.status == .unauthorized)

            // An analyst may read but not submit; a service may submit but not issue keys.
            let analystKey = try await client.send(.post, "/v1/keys", json: #"{"role":"analyst","label":"alice"}"#)
            #expect(analystKey.status == .created)
            let analyst = try #require(try analystKey.json()["key"] as? String)
            #expect(analyst.hasPrefix("strait_"))
            let serviceKey = try #require(try await client.send(.post, "/v1/keys", json: #"{"role":"service"}"#).json()["key"] as? String)
            let forbidden = try await client.send(.post, "/v1/transactions", key: analyst, json: transactionJSON())
            #expect(forbidden.status == .forbidden)
            #expect(try forbidden.error()["code"] as? String == "forbidden")
            #expect(try await client.send(.post, "/v1/transactions", key: serviceKey, json: transactionJSON()).status == .created)
            #expect(try await client.send(.get, "/v1/transactions/tx-1", key: analyst).status == .ok)
            #expect(try await client.send(.post, "/v1/keys", key: serviceKey, json: #"{"role":"admin"}"#).status == .forbidden)
            #expect(try await client.send(.get, "/v1/audit/head", key: serviceKey).status == .forbidden)
        }
    }

    @Test("keys are listed without secrets, revoked keys stop working, the last admin key stays")
    func keyLifecycle() async throws {
        try await TestNode().test { client in
            let issued = try await client.send(.post, "/v1/keys", json: #"{"role":"service","label":"payments"}"#).json()
            let id = try #require(issued["id"] as? String)
            let secret = try #require(issued["key"] as? String)
            let list = try await client.send(.get, "/v1/keys")
            #expect(list.status == .ok)
            #expect(!list.text.contains(secret))
            #expect(list.text.contains(id))
            #expect(try await client.send(.get, "/v1/transactions/none", key: secret).status == .notFound)
            let revoked = try await client.send(.delete, "/v1/keys/\(id)")
            #expect(revoked.status == .ok)
            #expect(try revoked.json()["revokedAt"] is String)
            #expect(try await client.send(.get, "/v1/transactions/none", key: secret).status == .unauthorized)
            #expect(try await client.send(.delete, "/v1/keys/key_nope").status == .notFound)
            let adminID = try #require(
                (try await client.send(.get, "/v1/keys").json()["keys"] as? [[String: Any]])?.first { $0["role"] as? String == "admin" }?["id"] as? String
            )
            let last = try await client.send(.delete, "/v1/keys/\(adminID)")
            #expect(last.status == .conflict)
            #expect(try last.error()["code"] as? String == "last_admin_key")
            let badRole = try await client.send(.post, "/v1/keys", json: #"{"role":"root"}"#)
            #expect(badRole.status == .unprocessableContent)
            #expect(try (badRole.error()["details"] as? [[String: Any]])?.first?["field"] as? String == "role")
        }
    }

    @Test("a payment is decided, stored, audited and readable")
    func transactionSlice() async throws {
        try await TestNode().test { client in
            let created = try await client.send(.post, "/v1/transactions", json: transactionJSON())
            #expect(created.status == .created)
            let answer = try created.json()
            #expect(answer["transactionId"] as? String == "tx-1")
            #expect(answer["decision"] as? String == "allow")
            #expect((answer["reasons"] as? [Any])?.isEmpty == true)
            // Entry 0 is the bootstrap key; the payment is entry 1.
            #expect(answer["auditIndex"] as? Int == 2)  // after the bootstrap key and the configuration entry

            let read = try await client.send(.get, "/v1/transactions/tx-1")
            #expect(read.status == .ok)
            let stored = try read.json()
            #expect(stored["decision"] as? String == "allow")
            #expect((stored["instruction"] as? [String: Any])?["clientIp"] as? String == "203.0.113.7")
            #expect(((stored["instruction"] as? [String: Any])?["amount"] as? [String: Any])?["minor"] as? Int == 12_345)

            let review = try await client.send(.post, "/v1/transactions", json: transactionJSON(id: "tx-big", minor: 1_000_000))
            #expect(try review.json()["decision"] as? String == "review")
            let reasons = try #require(try review.json()["reasons"] as? [[String: Any]])
            #expect(reasons.first?["code"] as? String == "amount_at_or_above_threshold")
            #expect(reasons.first?["rule"] as? String == "amount-threshold")

            let block = try await client.send(.post, "/v1/transactions", json: transactionJSON(id: "tx-kp", to: "KP"))
            #expect(try block.json()["decision"] as? String == "block")

            // Monitor (on by default) blocks the payment to KP too and raises an alert: case.opened and alert.raised.
            let head = try await client.send(.get, "/v1/audit/head").json()
            #expect(head["size"] as? Int == 7)
            let events = try await client.send(.get, "/v1/audit/events?from=2&limit=2").json()
            let page = try #require(events["events"] as? [[String: Any]])
            #expect(page.map { $0["subject"] as? String } == ["tx-1", "tx-big"])
            #expect(events["next"] as? Int == 4)
            #expect(try await client.send(.get, "/v1/audit/events?limit=5000").status == .badRequest)
            let metrics = try await client.send(.get, "/metrics", key: nil).text
            #expect(metrics.contains("strait_decisions_total{outcome=\"review\"} 1"))
            #expect(metrics.contains("strait_decisions_total{outcome=\"block\"} 1"))
            #expect(metrics.contains("route=\"/v1/transactions\",method=\"POST\",status=\"201\""))
        }
    }

    @Test("the same id and body answers the same; another body is a 409")
    func idempotency() async throws {
        try await TestNode().test { client in
            let first = try await client.send(.post, "/v1/transactions", json: transactionJSON())
            let again = try await client.send(.post, "/v1/transactions", json: transactionJSON())
            #expect(again.status == first.status)
            #expect(again.text == first.text)
            #expect(again.headers[.idempotentReplayed] == "true")
            #expect(first.headers[.idempotentReplayed] == nil)
            // Same content, different key order and white space: the same payment.
            let reordered = """
                { "channel":"web", "device":"dev-1", "clientIp":"203.0.113.7", "amount":{"currency":"EUR","minor":12345},
                  "beneficiary":{"country":"SG","account":"SG-001-2345","partyId":"cust-2"},
                  "originator":{"country":"DE","account":"DE89370400440532013000","partyId":"cust-1"},
                  "timestamp":"2026-11-27T01:00:00Z", "id":"tx-1" }
                """
            #expect(try await client.send(.post, "/v1/transactions", json: reordered).text == first.text)
            let conflict = try await client.send(.post, "/v1/transactions", json: transactionJSON(minor: 99))
            #expect(conflict.status == .conflict)
            #expect(try conflict.error()["code"] as? String == "idempotency_conflict")
            let stored = try await client.send(.get, "/v1/transactions/tx-1").json()
            #expect(((stored["instruction"] as? [String: Any])?["amount"] as? [String: Any])?["minor"] as? Int == 12_345)
            #expect(try await client.send(.get, "/v1/audit/head").json()["size"] as? Int == 3)
        }
    }

    @Test(
        "bad input is a clear 4xx and stores nothing",
        arguments: [
            ("{\"id\":\"tx-1\",", 400, "malformed_json", nil),
            ("", 400, "malformed_json", nil),
            ("[1,2]", 400, "malformed_json", nil),
            ("{\"id\":5}", 400, "invalid_type", "id"),
            (#"{"id":"tx-1","id":"tx-2"}"#, 400, "malformed_json", nil),
            ("{\"id\":\"tx-1\"} trailing", 400, "malformed_json", nil),
            (#"{"id":"tx-1","amount":{"minor":"12345","currency":"EUR"}}"#, 400, "invalid_type", "amount.minor"),
            (#"{"id":"tx-1","amount":{"minor":12.5,"currency":"EUR"}}"#, 400, "invalid_type", "amount.minor"),
            (#"{"id":"tx-1","amount":{"minor":99999999999999999999999,"currency":"EUR"}}"#, 422, "validation_failed", "amount.minor"),
            (#"{"id":"tx-1","originator":"cust-1"}"#, 400, "invalid_type", "originator"),
            ("{}", 422, "validation_failed", "id"),
            (transactionJSON(minor: -100), 422, "validation_failed", "amount.minor"),
            (transactionJSON(minor: 0), 422, "validation_failed", "amount.minor"),
            (transactionJSON(currency: "XYZ"), 422, "validation_failed", "amount.currency"),
            (transactionJSON(to: "ZZ"), 422, "validation_failed", "beneficiary.country"),
            (transactionJSON(id: "tx 1"), 422, "validation_failed", "id"),
        ] as [(String, Int, String, String?)]
    )
    func badInput(body: String, status: Int, code: String, field: String?) async throws {
        try await TestNode().test { client in
            let response = try await client.send(.post, "/v1/transactions", json: body)
            #expect(response.status.code == status, "\(response.text)")
            let error = try response.error()
            #expect(error["code"] as? String == code)
            #expect((error["message"] as? String)?.isEmpty == false)
            #expect((error["requestId"] as? String)?.isEmpty == false)
            if let field {
                let details = try #require(error["details"] as? [[String: Any]])
                #expect(details.contains { $0["field"] as? String == field }, "\(details)")
            }
            // Nothing stored: the log holds only the bootstrap key.
            #expect(try await client.send(.get, "/v1/audit/head").json()["size"] as? Int == 2)
            #expect(try await client.send(.get, "/v1/transactions/tx-1").status == .notFound)
        }
    }

    @Test("an oversized body is a 413 and an unsupported media type a 415")
    func limits() async throws {
        try await TestNode(environment: ["STRAIT_MAX_BODY_BYTES": "2048"]).test { client in
            var big = transactionJSON()
            big.removeLast()
            big += ",\"purpose\":\"" + String(repeating: "x", count: 4000) + "\"}"
            let tooLarge = try await client.send(.post, "/v1/transactions", json: big)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(try tooLarge.error()["code"] as? String == "body_too_large")
            let xml = try await client.send(.post, "/v1/transactions", json: "<tx/>", headers: [.contentType: "application/xml"])
            #expect(xml.status == .unsupportedMediaType)
            #expect(try await client.send(.get, "/v1/audit/head").json()["size"] as? Int == 2)
        }
    }

    @Test("unknown routes are JSON 404s")
    func notFound() async throws {
        try await TestNode().test { client in
            let response = try await client.send(.get, "/nope", key: nil)
            #expect(response.status == .notFound)
            #expect(try response.error()["code"] as? String == "not_found")
            #expect(try await client.send(.get, "/v1/transactions/missing").status == .notFound)
        }
    }

    @Test("every route is documented in the OpenAPI contract")
    func contract() throws {
        let document = OpenAPIDocument.yaml
        let routes: [(String, String)] = [
            ("/healthz", "get"), ("/readyz", "get"), ("/metrics", "get"), ("/openapi.yaml", "get"), ("/v1/transactions", "post"), ("/v1/logins", "post"),
            ("/v1/transactions/{id}", "get"), ("/v1/keys", "post"), ("/v1/keys", "get"), ("/v1/keys/{id}", "delete"),
            ("/v1/audit/head", "get"), ("/v1/audit/events", "get"), ("/v1/ledger/key", "get"), ("/v1/ledger/checkpoint", "get"),
            ("/v1/ledger/checkpoint", "post"), ("/v1/ledger/checkpoints", "get"), ("/v1/ledger/entries/{index}", "get"),
            ("/v1/ledger/consistency", "get"), ("/witness/add-checkpoint", "post"), ("/witness/key", "get"),
            ("/v1/trace", "get"), ("/v1/vault/tokenise", "post"), ("/v1/vault/detokenise", "post"), ("/v1/vault/records", "post"),
            ("/v1/vault/records/{id}", "get"), ("/v1/vault/search", "post"), ("/v1/vault/rotate", "post"), ("/v1/transfers", "get"),
            ("/v1/residency/decide", "post"), ("/v1/residency/catalogue", "get"), ("/v1/residency/catalogue", "post"),
            ("/peer/v1/tokenise", "post"), ("/peer/v1/detokenise", "post"), ("/peer/v1/records", "post"), ("/peer/v1/records/{id}", "get"), ("/peer/v1/customers", "post"),
            ("/v1/kyc/outcomes", "post"), ("/v1/customers", "post"), ("/v1/customers", "get"), ("/v1/customers/{id}", "get"), ("/v1/customers/{id}/review", "post"), ("/v1/customers/{id}/cards", "post"), ("/v1/screening", "post"), ("/v1/alerts", "get"), ("/v1/alerts/{id}", "get"), ("/v1/cases", "get"), ("/v1/cases/{id}", "get"),
            ("/v1/cases/{id}/state", "post"), ("/v1/cases/{id}/assignee", "post"), ("/v1/cases/{id}/notes", "post"),
        ]
        let lines = document.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (path, method) in routes {
            let start = try #require(lines.firstIndex(of: "  \(path):"), "\(path) is not in openapi.yaml")
            let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("  /") || !$0.hasPrefix(" ") } ?? lines.count
            #expect(lines[start..<end].contains("    \(method):"), "\(method.uppercased()) \(path) is not in openapi.yaml")
        }
        let documented = lines.filter { $0.hasPrefix("  /") }.count
        #expect(documented == Set(routes.map(\.0)).count, "openapi.yaml documents a path the router does not serve")
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Monitoring on the payment path")
struct MonitorHTTPTests {
    func payment(id: String, day: Int, hour: Int = 10, beneficiary: String, minor: Int64) -> String {
        """
        {"id":"\(id)","timestamp":"2026-11-\(String(format: "%02d", day))T\(String(format: "%02d", hour)):00:00Z",\
        "originator":{"partyId":"cust-1","account":"DE89370400440532013000","country":"DE"},\
        "beneficiary":{"partyId":"cust-\(beneficiary)","account":"\(beneficiary)","country":"DE"},"amount":{"minor":\(minor),"currency":"EUR"},\
        "channel":"web","device":"dev-1"}
        """
    }

    @Test("with monitor.enabled, repeated small payments to one beneficiary, unusual for the account, are held for review with Monitor's reasons")
    func review() async throws {
        try await TestNode(environment: ["STRAIT_MONITOR_ENABLED": "true"]).test { client in
            // A steady history: a payment of about 100 EUR a day to usual payees.
            for day in 1...8 {
                let answer = try await client.send(.post, "/v1/transactions", json: payment(id: "h-\(day)", day: day, beneficiary: "DE-USUAL-\(day % 3)", minor: 10_000 + Int64(day) * 50))
                #expect(answer.status == .created)
                let decided = try answer.json()
                #expect(decided["decision"] as? String == "allow", "\(answer.text)")
            }
            // Three payments of a few euros to a new beneficiary within an hour.
            var last: [String: Any] = [:]
            for index in 0..<3 {
                let answer = try await client.send(.post, "/v1/transactions", json: payment(id: "s-\(index)", day: 20, hour: 10 + index / 2, beneficiary: "DE-MULE", minor: 450 + Int64(index)))
                #expect(answer.status == .created)
                last = try answer.json()
            }
            #expect(last["decision"] as? String == "review", "\(last)")
            let reasons = (last["reasons"] as? [[String: Any]]) ?? []
            #expect(reasons.contains { ($0["code"] as? String) == "monitor.repeated-payments" && ($0["rule"] as? String)?.hasPrefix("monitor:strait-default-") == true })
            #expect(reasons.contains { ($0["code"] as? String) == "monitor.amount-anomaly" && (($0["message"] as? String) ?? "").contains("far below") })
            // A replay answers the stored decision again (and is not learnt twice).
            let replay = try await client.send(.post, "/v1/transactions", json: payment(id: "s-2", day: 20, hour: 11, beneficiary: "DE-MULE", minor: 452))
            let replayed = try replay.json()
            #expect(replay.status == .created && replayed["decision"] as? String == "review")
        }
    }

    @Test("POST /v1/logins: impossible travel is held for review with the speed in words; bad logins get 422 naming the field")
    func logins() async throws {
        try await TestNode(environment: ["STRAIT_MONITOR_ENABLED": "true"]).test { client in
            for day in 1...4 {
                let home = try await client.send(.post, "/v1/logins", json: #"{"id":"l\#(day)","timestamp":"2026-11-0\#(day)T08:00:00Z","partyId":"cust-1","clientIp":"203.0.113.7","country":"FR","lat":48.86,"lon":2.35,"device":"iphone","result":"success"}"#)
                #expect(home.status == .ok)
                let answer = try home.json()
                let homeText = home.text
                #expect(answer["decision"] as? String == "allow", "\(homeText)")
            }
            let far = try await client.send(.post, "/v1/logins", json: #"{"id":"l9","timestamp":"2026-11-04T10:00:00Z","partyId":"cust-1","country":"SG","lat":1.35,"lon":103.82,"device":"iphone","result":"success"}"#)
            let answer = try far.json()
            let farText = far.text
            #expect(answer["decision"] as? String == "review", "\(farText)")
            #expect(farText.contains("monitor.impossible-travel") && farText.contains("km/h"))
            let bad = try await client.send(.post, "/v1/logins", json: #"{"id":"x","timestamp":"yesterday","partyId":"cust-1","result":"maybe","lat":91}"#)
            let badText = bad.text
            #expect(bad.status == .unprocessableContent && badText.contains("timestamp") && badText.contains("validation_failed"), "\(badText)")
            let unauthenticated = try await client.send(.post, "/v1/logins", key: nil, json: #"{"id":"x"}"#)
            #expect(unauthenticated.status == .unauthorized)
        }
        // Without monitoring there is no login endpoint.
        try await TestNode().test { client in
            let missing = try await client.send(.post, "/v1/logins", json: #"{"id":"x"}"#)
            #expect(missing.status == .notFound)
        }
    }

    @Test("a bad scenario file stops the node at start, naming the problem")
    func badScenarios() async throws {
        let path = NSTemporaryDirectory() + "strait-scenarios-\(UUID().uuidString).yaml"
        try "version: x\nscenarios:\n  - {id: a, when: [{feature: amout, op: \">\", value: 1}], score: 5}\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        await #expect {
            _ = try await TestNode(environment: ["STRAIT_MONITOR_ENABLED": "true", "STRAIT_MONITOR_SCENARIOS": path])
        } throws: { error in
            "\(error)".contains("unknown feature amout")
        }
    }
}

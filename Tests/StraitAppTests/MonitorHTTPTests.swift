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

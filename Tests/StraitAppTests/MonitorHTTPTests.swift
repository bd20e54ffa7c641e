// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import HTTPTypes
import Hummingbird
import StraitApp
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
        try await TestNode(environment: ["STRAIT_MONITOR_ENABLED": "false"]).test { client in
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

    /// A steady history (8 days of ~100 EUR to usual payees), then three payments of a few euros to
    /// a new beneficiary within an hour: Monitor holds the last for review.
    func steadyThenStructured(_ client: any TestClientProtocol, history: Bool = true, prefix: String = "") async throws -> [String: Any] {
        if history {
            for day in 1...8 {
                let answer = try await client.send(.post, "/v1/transactions", json: payment(id: "\(prefix)h-\(day)", day: day, beneficiary: "DE-USUAL-\(day % 3)", minor: 10_000 + Int64(day) * 50))
                #expect(answer.status == .created)
            }
        }
        var last: [String: Any] = [:]
        for index in 0..<3 {
            let answer = try await client.send(.post, "/v1/transactions", json: payment(id: "\(prefix)s-\(index)", day: 20, hour: 10 + index / 2, beneficiary: "DE-MULE", minor: 450 + Int64(index)))
            #expect(answer.status == .created)
            last = try answer.json()
        }
        return last
    }

    @Test("alerts and cases over HTTP: a held payment raises an alert in the customer's case; analysts assign, move and annotate it, each change checked and ledgered")
    func alertsAndCases() async throws {
        try await TestNode(environment: ["STRAIT_MONITOR_ENABLED": "true"]).test { client in
            let held = try await steadyThenStructured(client)
            #expect(held["decision"] as? String == "review", "\(held)")
            let reference = try #require(held["alert"] as? [String: Any], "\(held)")
            let caseID = try #require(reference["caseId"] as? String)
            let alertID = try #require(reference["alertId"] as? String)
            #expect(caseID.hasPrefix("case_") && alertID.hasPrefix("alt_"))

            let analyst = try #require(try await client.send(.post, "/v1/keys", json: #"{"role":"analyst","label":"alice"}"#).json()["key"] as? String)
            let service = try #require(try await client.send(.post, "/v1/keys", json: #"{"role":"service"}"#).json()["key"] as? String)
            #expect(try await client.send(.get, "/v1/cases", key: service).status == .forbidden)

            let alerts = try await client.send(.get, "/v1/alerts?partyId=cust-1&source=transaction", key: analyst)
            #expect(alerts.status == .ok)
            let listed = try #require(try alerts.json()["alerts"] as? [[String: Any]])
            #expect(listed.first?["id"] as? String == alertID)
            #expect(listed.first?["sourceId"] as? String == "s-2")
            #expect((listed.first?["typologies"] as? [String])?.contains("repeated-payments") == true, "\(listed)")
            let single = try await client.send(.get, "/v1/alerts/\(alertID)", key: analyst)
            #expect(single.status == .ok && single.text.contains("\"caseId\":\"\(caseID)\""))
            #expect(try await client.send(.get, "/v1/alerts/alt_missing", key: analyst).status == .notFound)
            let open = try await client.send(.get, "/v1/cases?state=open,investigating&unassigned=true", key: analyst)
            #expect((try open.json()["cases"] as? [[String: Any]])?.map { $0["id"] as? String } == [caseID])

            // The workflow, with optimistic versions.
            let detail = try await client.send(.get, "/v1/cases/\(caseID)", key: analyst).json()
            let version = try #require((detail["case"] as? [String: Any])?["version"] as? Int)
            let assigned = try await client.send(.post, "/v1/cases/\(caseID)/assignee", key: analyst, json: #"{"assignee":"alice","version":\#(version)}"#)
            #expect(assigned.status == .ok, "\(assigned.text)")
            let stale = try await client.send(.post, "/v1/cases/\(caseID)/notes", key: analyst, json: #"{"note":"late","version":\#(version)}"#)
            #expect(stale.status == .conflict && stale.text.contains("version_conflict"))
            let skip = try await client.send(.post, "/v1/cases/\(caseID)/state", key: analyst, json: #"{"state":"reported","note":"STR"}"#)
            #expect(skip.status == .unprocessableContent && skip.text.contains("invalid_transition"), "\(skip.text)")
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/state", key: analyst, json: #"{"state":"investigating"}"#).status == .ok)
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/notes", key: analyst, json: #"{"note":"Called the customer: new supplier, invoices requested."}"#).status == .ok)
            let closeNoNote = try await client.send(.post, "/v1/cases/\(caseID)/state", key: analyst, json: #"{"state":"closed"}"#)
            #expect(closeNoNote.status == .unprocessableContent && closeNoNote.text.contains("note_required"))
            let closed = try await client.send(.post, "/v1/cases/\(caseID)/state", key: analyst, json: #"{"state":"closed","note":"Invoices match; explained."}"#)
            #expect(closed.status == .ok)
            #expect(((try closed.json()["case"] as? [String: Any])?["resolution"] as? String) == "Invoices match; explained.")
            // Bad input: 4xx with a machine-readable body; nothing changes.
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/state", key: analyst, json: #"{"state":"shelved"}"#).status == .unprocessableContent)
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/notes", key: analyst, json: #"{"note":"x","version":0}"#).status == .unprocessableContent)
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/notes", key: analyst, json: #"[1]"#).status == .badRequest)
            #expect(try await client.send(.post, "/v1/cases/case_missing/notes", key: analyst, json: #"{"note":"x"}"#).status == .notFound)
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/notes", key: service, json: #"{"note":"x"}"#).status == .forbidden)
            #expect(try await client.send(.get, "/v1/cases?state=shelved", key: analyst).status == .badRequest)
            #expect(try await client.send(.get, "/v1/alerts?limit=0", key: analyst).status == .badRequest)
            #expect(try await client.send(.get, "/v1/alerts?since=yesterday", key: analyst).status == .badRequest)

            let history = try await client.send(.get, "/v1/cases/\(caseID)", key: analyst).json()
            let kinds = (history["history"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
            // Opened by the first alert; each held payment's alert joined it; then the analyst's changes.
            #expect(kinds?.prefix(2) == ["opened", "alert"] && kinds?.suffix(4) == ["assigned", "state", "note", "state"], "\(String(describing: kinds))")
            #expect(kinds?.dropFirst().prefix { $0 == "alert" }.count == ((history["case"] as? [String: Any])?["alertCount"] as? Int))
            // Every change is in the ledger.
            let events = try await client.send(.get, "/v1/audit/events?from=0&limit=100").text
            #expect(events.contains("case.opened") && events.contains("alert.raised") && events.contains("case.updated"))
            #expect(!events.contains("Invoices match"), "notes stay out of the ledger")
        }
    }

    @Test("profiles survive a restart: a node started on the same data learns its stored payments and logins again")
    func restart() async throws {
        let data = NSTemporaryDirectory() + "strait-monitor-restart-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: data) }
        let environment = ["STRAIT_MONITOR_ENABLED": "true", "STRAIT_DATA": data]
        try await TestNode(environment: environment).test { client in
            for day in 1...8 {
                let answer = try await client.send(.post, "/v1/transactions", json: payment(id: "h-\(day)", day: day, beneficiary: "DE-USUAL-\(day % 3)", minor: 10_000 + Int64(day) * 50))
                #expect(answer.status == .created)
            }
            for day in 1...4 {
                let login = try await client.send(.post, "/v1/logins", json: #"{"id":"l\#(day)","timestamp":"2026-11-0\#(day)T08:00:00Z","partyId":"cust-1","country":"FR","lat":48.86,"lon":2.35,"result":"success"}"#)
                #expect(login.status == .ok)
            }
        }
        try await TestNode(environment: environment).test { client in
            let held = try await steadyThenStructured(client, history: false)
            let text = "\(held)"
            #expect(held["decision"] as? String == "review", "\(text)")
            // "far below" needs the account's learnt amounts: they came back from the store.
            #expect(text.contains("monitor.amount-anomaly") && text.contains("far below"), "\(text)")
            let far = try await client.send(.post, "/v1/logins", json: #"{"id":"l9","timestamp":"2026-11-04T10:00:00Z","partyId":"cust-1","country":"SG","lat":1.35,"lon":103.82,"result":"success"}"#)
            #expect(far.text.contains("monitor.impossible-travel"), "\(far.text)")
            // The same login id again answers the stored decision (not learnt twice); another body is a conflict.
            let replay = try await client.send(.post, "/v1/logins", json: #"{"id":"l9","timestamp":"2026-11-04T10:00:00Z","partyId":"cust-1","country":"SG","lat":1.35,"lon":103.82,"result":"success"}"#)
            #expect(replay.status == .ok && replay.headers[.init("Idempotent-Replayed")!] == "true" && replay.text.contains("impossible-travel"))
            let other = try await client.send(.post, "/v1/logins", json: #"{"id":"l9","timestamp":"2026-11-04T10:00:00Z","partyId":"cust-1","country":"DE","result":"success"}"#)
            #expect(other.status == .conflict)
        }
        // With no history learnt at start, the same payments are not anomalous for the account.
        try await TestNode(environment: environment.merging(["STRAIT_MONITOR_HISTORY_DAYS": "0"]) { _, new in new }).test { client in
            let held = try await steadyThenStructured(client, history: false, prefix: "again-")
            #expect(!"\(held)".contains("far below"), "\(held)")
        }
    }

    @Test("KYC outcomes: a failed check holds the customer's next payment for review; replays and conflicts are idempotent")
    func kycOutcomes() async throws {
        try await TestNode(environment: ["STRAIT_MONITOR_ENABLED": "true"]).test { client in
            let outcome = #"{"id":"kyc-1","timestamp":"2026-11-01T09:00:00Z","partyId":"cust-1","status":"failed","riskRating":"high","reasons":["document_expired"]}"#
            let recorded = try await client.send(.post, "/v1/kyc/outcomes", json: outcome)
            #expect(recorded.status == .created, "\(recorded.text)")
            #expect(try recorded.json()["latest"] as? Bool == true)
            let replay = try await client.send(.post, "/v1/kyc/outcomes", json: outcome)
            #expect(replay.status == .created && replay.headers[.init("Idempotent-Replayed")!] == "true")
            let conflict = try await client.send(.post, "/v1/kyc/outcomes", json: #"{"id":"kyc-1","timestamp":"2026-11-01T09:00:00Z","partyId":"cust-1","status":"verified"}"#)
            #expect(conflict.status == .conflict)
            let bad = try await client.send(.post, "/v1/kyc/outcomes", json: #"{"id":"kyc-2","timestamp":"2026-11-01T09:00:00Z","partyId":"cust-1","status":"ok","riskRating":"extreme"}"#)
            #expect(bad.status == .unprocessableContent && bad.text.contains("status") && bad.text.contains("riskRating"), "\(bad.text)")
            let paid = try await client.send(.post, "/v1/transactions", json: payment(id: "p-1", day: 2, beneficiary: "DE-X", minor: 20_000))
            let text = paid.text
            #expect(text.contains("monitor.kyc-failed") && text.contains("\"decision\":\"review\""), "\(text)")
        }
    }

    @Test("a login without a country gets its IP address's country from the configured IP-to-country file")
    func ipCountries() async throws {
        let path = NSTemporaryDirectory() + "strait-geoip-\(UUID().uuidString).csv"
        try "# test ranges\n203.0.113.0/24,SG\n198.51.100.0,198.51.100.255,FR\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await TestNode(environment: ["STRAIT_MONITOR_ENABLED": "true", "STRAIT_MONITOR_IP_COUNTRIES": path]).test { client in
            for day in 1...4 {
                let home = try await client.send(.post, "/v1/logins", json: #"{"id":"l\#(day)","timestamp":"2026-11-0\#(day)T08:00:00Z","partyId":"cust-1","clientIp":"198.51.100.7","result":"success"}"#)
                #expect(try home.json()["country"] as? String == "FR", "\(home.text)")
            }
            // Paris to Singapore in two hours, known only from the IP addresses: country centres, approximate.
            let far = try await client.send(.post, "/v1/logins", json: #"{"id":"l9","timestamp":"2026-11-04T10:00:00Z","partyId":"cust-1","clientIp":"203.0.113.9","result":"success"}"#)
            #expect(try far.json()["country"] as? String == "SG")
            #expect(far.text.contains("monitor.impossible-travel") && far.text.contains("approximate"), "\(far.text)")
        }
        let broken = NSTemporaryDirectory() + "strait-geoip-\(UUID().uuidString).csv"
        try "10.0.0.0/8,DE\n10.1.0.0/16,FR\n".write(toFile: broken, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: broken) }
        await #expect {
            _ = try await TestNode(environment: ["STRAIT_MONITOR_ENABLED": "true", "STRAIT_MONITOR_IP_COUNTRIES": broken])
        } throws: { error in
            "\(error)".contains("monitor.ip_countries") && "\(error)".contains("2")
        }
    }

    @Test("a changed scenario file is put in force without a restart and ledgered; a broken one is refused and the scenarios in force stay")
    func hotReload() async throws {
        let path = NSTemporaryDirectory() + "strait-scenarios-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        @Sendable func write(version: String, threshold: Int) throws {
            try """
                version: \(version)
                review: 50
                block: 100
                scenarios:
                  - {id: large, description: large payment, when: [{feature: amount, op: ">=", value: \(threshold)}], score: 60}
                """.write(toFile: path, atomically: true, encoding: .utf8)
        }
        try write(version: "org-1", threshold: 100)
        let node = try await TestNode(environment: ["STRAIT_MONITOR_ENABLED": "true", "STRAIT_MONITOR_SCENARIOS": path, "STRAIT_MONITOR_RELOAD_INTERVAL_S": "1"])
        defer { node.close() }
        try await node.node.application.test(.live) { client in
            let first = try await client.send(.post, "/v1/transactions", json: payment(id: "r-1", day: 1, beneficiary: "DE-A", minor: 50_000))
            #expect(first.text.contains("monitor:org-1") && first.text.contains("\"decision\":\"review\""), "\(first.text)")
            try write(version: "org-2", threshold: 100_000)
            var second = ""
            // The file is checked every second; allow for a loaded machine.
            for _ in 0..<200 {
                try await Task.sleep(for: .milliseconds(150))
                second = try await client.send(.post, "/v1/transactions", json: payment(id: "r-\(UUID().uuidString.prefix(8))", day: 2, beneficiary: "DE-A", minor: 50_000)).text
                if second.contains("\"decision\":\"allow\"") { break }
            }
            #expect(second.contains("\"decision\":\"allow\""), "the new threshold was not put in force: \(second)")
            let events = try await client.send(.get, "/v1/audit/events?from=0&limit=100").text
            #expect(events.contains("monitor.scenarios.loaded") && events.contains("org-2"))
            // A broken file is refused: the scenarios in force (org-2) stay.
            try "version: org-3\nscenarios:\n  - {id: a, when: [{feature: amout, op: \">\", value: 1}], score: 500}\n".write(toFile: path, atomically: true, encoding: .utf8)
            try await Task.sleep(for: .milliseconds(2_500))
            let third = try await client.send(.post, "/v1/transactions", json: payment(id: "r-3", day: 3, beneficiary: "DE-A", minor: 50_000)).text
            #expect(third.contains("\"decision\":\"allow\""), "\(third)")
            #expect(!(try await client.send(.get, "/v1/audit/events?from=0&limit=100").text.contains("org-3")))
        }
    }
}

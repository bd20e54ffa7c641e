// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import GRDB
import Testing

#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A free TCP port on 127.0.0.1 (bound, read, released).
func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestFailure("socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw TestFailure("bind() failed") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Every file under a directory, recursively, with its bytes.
func filesUnder(_ path: String) -> [(String, Data)] {
    guard let enumerator = FileManager.default.enumerator(atPath: path) else { return [] }
    var files: [(String, Data)] = []
    for case let relative as String in enumerator {
        let full = path + "/" + relative
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
            let data = FileManager.default.contents(atPath: full)
        {
            files.append((full, data))
        }
    }
    return files
}

func jsonObject(_ text: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
}

@Suite("Residency: three regions on loopback", .serialized)
struct ResidencyEndToEndTests {
    /// A node's configuration file: its region, where it stands, and its peers.
    static func configuration(region: String, jurisdiction: String, country: String, peers: [(String, Int, String, String, String, [String])]) -> String {
        var yaml = """
            region: \(region)
            residency:
              jurisdiction: \(jurisdiction)
              country: \(country)
              tokenise_payments: true
            vault:
              detokenise_rate: 100000
            peers:

            """
        for (name, port, key, peerJurisdiction, peerCountry, mechanisms) in peers {
            yaml += """
                  \(name):
                    url: http://127.0.0.1:\(port)
                    public_key: \(key)
                    jurisdiction: \(peerJurisdiction)
                    country: \(peerCountry)
                    mechanisms: [\(mechanisms.joined(separator: ", "))]

                """
        }
        return yaml
    }

    // Customers of each jurisdiction (valid check digits, so the detectors classify them).
    static let euCustomers: [[String: String]] = [
        ["id": "eu-1", "name": "Élodie Martin", "email": "elodie.martin@example.fr", "iban": "FR7630006000011234567890189", "card": "4526018159083012", "phone": "+33612345678"],
        ["id": "eu-2", "name": "Jonas Becker", "email": "jonas.becker@example.de", "iban": "DE89370400440532013000", "card": "5487574911862527", "phone": "+4915123456789"],
    ]
    static let inCustomers: [[String: String]] = [
        ["id": "in-1", "name": "Priya Raman", "email": "priya.raman@example.in", "nationalId": "960189555979", "account": "50100012345678", "card": "4661318609139090", "phone": "+919812345678"],
        ["id": "in-2", "name": "Arjun Mehta", "email": "arjun.mehta@example.in", "nationalId": "911471049748", "account": "00201550011223", "card": "4960308246281940", "phone": "+919876501234"],
    ]

    static func recordBody(_ customer: [String: String], region: String? = nil) -> String {
        let data = customer.filter { $0.key != "id" }.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
        let target = region.map { ",\"region\":\"\($0)\"" } ?? ""
        return "{\"id\":\"\(customer["id"]!)\",\"subject\":\"\(customer["id"]!)\",\"data\":{\(data)}\(target)}"
    }

    static func payment(id: String, from: (String, String, String), to: (String, String, String), minor: Int = 25_000) -> String {
        """
        {"id":"\(id)","timestamp":"2026-11-27T09:00:00Z","originator":{"partyId":"\(from.0)","account":"\(from.1)","country":"\(from.2)"},\
        "beneficiary":{"partyId":"\(to.0)","account":"\(to.1)","country":"\(to.2)"},"amount":{"minor":\(minor),"currency":"EUR"},"channel":"web"}
        """
    }

    @Test("eu-fra, hk, in-mum: nothing sensitive in clear offshore; every movement in the register and the ledger; denials name the rule")
    func hybridDeployment() async throws {
        let base = NSTemporaryDirectory() + "strait-residency-" + UUID().uuidString
        let dirs = ["eu-fra": base + "/eu-fra", "hk": base + "/hk", "in-mum": base + "/in-mum"]
        defer { try? FileManager.default.removeItem(atPath: base) }
        // Each node's key, created by the CLI in its data directory.
        var keys: [String: String] = [:]
        for (region, dir) in dirs {
            let result = try runStrait(["node", "key", "--data", dir, "--region", region])
            #expect(result.status == 0, "\(result.err)")
            keys[region] = result.out.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var ports: [String: Int] = [:]
        for region in dirs.keys { ports[region] = try freeLoopbackPort() }
        // eu-fra signed SCCs with the Hong Kong entity; in-mum declared none for it (RBI leaves none for payment data anyway).
        let configs = [
            "eu-fra": Self.configuration(
                region: "eu-fra", jurisdiction: "EU", country: "DE",
                peers: [("hk", ports["hk"]!, keys["hk"]!, "HK", "HK", ["scc-2021/914-module-1"]), ("in-mum", ports["in-mum"]!, keys["in-mum"]!, "IN", "IN", ["scc-2021/914-module-1"])]
            ),
            "hk": Self.configuration(
                region: "hk", jurisdiction: "HK", country: "HK",
                peers: [("eu-fra", ports["eu-fra"]!, keys["eu-fra"]!, "EU", "DE", []), ("in-mum", ports["in-mum"]!, keys["in-mum"]!, "IN", "IN", [])]
            ),
            "in-mum": Self.configuration(
                region: "in-mum", jurisdiction: "IN", country: "IN",
                peers: [("eu-fra", ports["eu-fra"]!, keys["eu-fra"]!, "EU", "DE", []), ("hk", ports["hk"]!, keys["hk"]!, "HK", "HK", [])]
            ),
        ]
        var servers: [String: ServerProcess] = [:]
        for (region, dir) in dirs {
            let path = base + "/\(region).yaml"
            try configs[region]!.write(toFile: path, atomically: true, encoding: .utf8)
            servers[region] = try await ServerProcess(data: dir, port: ports[region]!, arguments: ["--config", path])
        }
        defer { for server in servers.values where server.process.isRunning { server.kill(SIGKILL) } }
        let eu = HTTP(port: ports["eu-fra"]!)
        let hk = HTTP(port: ports["hk"]!)
        let india = HTTP(port: ports["in-mum"]!)

        // 1. Customers are loaded through their home nodes (one EU customer through hk, sent home).
        var tokens: [String: [String: String]] = [:]  // customer id → path → token
        for (customer, client, region) in [(Self.euCustomers[0], eu, nil), (Self.euCustomers[1], hk, "eu-fra"), (Self.inCustomers[0], india, nil), (Self.inCustomers[1], india, nil)]
            as [([String: String], HTTP, String?)]
        {
            let (status, body) = try await client.send("POST", "/v1/vault/records", body: Self.recordBody(customer, region: region))
            #expect(status == 201, "\(body)")
            let answer = jsonObject(body)
            for case let field as [String: Any] in answer["fields"] as? [Any] ?? [] {
                tokens[customer["id"]!, default: [:]][field["path"] as! String] = field["token"] as? String
            }
            // The template holds no value of the customer.
            for (key, value) in customer where key != "id" { #expect(!body.contains(value), "\(key) in clear in \(body)") }
        }
        #expect(tokens["eu-1"]?.count == 5 && tokens["in-1"]?.count == 6, "\(tokens)")

        // 2. The offshore node reads EU records (SCCs declared: in clear) and Indian ones (payment data stays in India).
        var expected: [String: Int] = ["eu-fra": 0, "in-mum": 0, "hk": 1]  // hk → eu-fra: one record sent home
        for customer in Self.euCustomers {
            let (status, body) = try await hk.send("GET", "/v1/vault/records/\(customer["id"]!)?region=eu-fra&purpose=customer-support")
            #expect(status == 200, "\(body)")
            let data = jsonObject(body)["data"] as? [String: Any] ?? [:]
            #expect(data["email"] as? String == customer["email"] && data["iban"] as? String == customer["iban"], "\(body)")
            expected["eu-fra"]! += 1
        }
        for customer in Self.inCustomers {
            let (status, body) = try await hk.send("GET", "/v1/vault/records/\(customer["id"]!)?region=in-mum&purpose=fraud-investigation")
            #expect(status == 200, "\(body)")
            let answer = jsonObject(body)
            let data = answer["data"] as? [String: Any] ?? [:]
            for key in ["card", "account", "nationalId"] { #expect((data[key] as? String) != customer[key], "\(key) left India: \(body)") }
            let denied = answer["denied"] as? [[String: Any]] ?? []
            let card = denied.first { $0["path"] as? String == "card" }
            #expect((card?["rule"] as? String)?.hasPrefix("in.") == true, "the card's denial names no Indian rule: \(body)")
            expected["in-mum"]! += 1
        }
        // Detokenising an Indian card offshore: refused, naming the rule.
        let card = tokens["in-1"]!["card"]!
        let (deniedStatus, deniedBody) = try await hk.send("POST", "/v1/vault/detokenise", body: "{\"tokens\":[\"\(card)\"],\"purpose\":\"fraud-investigation\",\"region\":\"in-mum\"}")
        #expect(deniedStatus == 403, "\(deniedBody)")
        let deniedError = jsonObject(deniedBody)["error"] as? [String: Any] ?? [:]
        #expect(deniedError["code"] as? String == "transfer_denied")
        #expect((deniedError["message"] as? String ?? "").contains("rule in."), "\(deniedBody)")
        expected["in-mum"]! += 1
        // An EU e-mail offshore with SCCs: allowed.
        let email = tokens["eu-1"]!["email"]!
        let (emailStatus, emailBody) = try await hk.send("POST", "/v1/vault/detokenise", body: "{\"tokens\":[\"\(email)\"],\"purpose\":\"customer-support\",\"region\":\"eu-fra\"}")
        #expect(emailStatus == 200 && emailBody.contains(Self.euCustomers[0]["email"]!), "\(emailBody)")
        expected["eu-fra"]! += 1
        // An undeclared purpose is refused at home.
        let (purposeStatus, purposeBody) = try await hk.send("GET", "/v1/vault/records/eu-1?region=eu-fra&purpose=marketing")
        #expect(purposeStatus == 403 && purposeBody.contains("purpose_not_declared"), "\(purposeBody)")

        // 3. Payments through the offshore node with accounts in clear: each account is tokenised by its home vault.
        let hkAccount = "HK-0123-456789-001"
        let payments = [
            Self.payment(id: "p-1", from: ("eu-1", Self.euCustomers[0]["iban"]!, "FR"), to: ("in-1", Self.inCustomers[0]["account"]!, "IN")),
            Self.payment(id: "p-2", from: ("in-2", Self.inCustomers[1]["account"]!, "IN"), to: ("eu-2", Self.euCustomers[1]["iban"]!, "DE")),
            Self.payment(id: "p-3", from: ("hk-1", hkAccount, "HK"), to: ("eu-2", Self.euCustomers[1]["iban"]!, "DE")),
            Self.payment(id: "p-4", from: ("eu-1", Self.euCustomers[0]["iban"]!, "FR"), to: ("hk-1", hkAccount, "HK")),
        ]
        for body in payments {
            let (status, answer) = try await hk.send("POST", "/v1/transactions", body: body)
            #expect(status == 201, "\(answer)")
        }
        expected["hk"]! += 6  // the six accounts homed in eu-fra or in-mum, sent home
        let (shown, stored) = try await hk.send("GET", "/v1/transactions/p-1")
        #expect(shown == 200 && stored.contains("dtk_"), "\(stored)")
        #expect(!stored.contains(Self.euCustomers[0]["iban"]!), "\(stored)")
        // The same account has the same token in every payment, so monitoring and tracing still join them.
        let p4 = try await hk.send("GET", "/v1/transactions/p-4").1
        let p1Account = ((jsonObject(stored)["instruction"] as? [String: Any])?["originator"] as? [String: Any])?["account"] as? String
        let p4Account = ((jsonObject(p4)["instruction"] as? [String: Any])?["originator"] as? [String: Any])?["account"] as? String
        #expect(p1Account != nil && p1Account == p4Account)

        // 4. Node-to-node calls are authenticated.
        let (unsigned, unsignedBody) = try await india.send("GET", "/peer/v1/records/in-1?purpose=fraud-investigation")
        #expect(unsigned == 401 && unsignedBody.contains("node_unauthorized"), "\(unsignedBody)")

        // 5. A rule change at eu-fra: transfers to Hong Kong are suspended. The diff names the rule; the drift lists
        // the disclosures made to hk in clear; once applied (and recorded), hk gets tokens only.
        let overlay = #"""
            {"version":"org.2","published":"2026-11-28","jurisdictions":[],"rules":[{"id":"org.eu.hk-suspended","from":"EU","to":["HK"],
             "categories":["*"],"outcome":"deny","summary":"Transfers to Hong Kong suspended pending a new transfer impact assessment.",
             "source":"Organisation decision 2026-11","effective":"2026-01-01"}]}
            """#
        let (reviewStatus, review) = try await eu.send("POST", "/v1/residency/catalogue?overlay=true", body: overlay)
        #expect(reviewStatus == 200, "\(review)")
        let reviewed = jsonObject(review)
        #expect((reviewed["diff"] as? [String])?.contains { $0.contains("org.eu.hk-suspended") } == true, "\(review)")
        let drift = reviewed["drift"] as? [[String: Any]] ?? []
        #expect(Set(drift.compactMap { $0["transferID"] as? String }).count == 3, "two record reads and one e-mail went to hk in clear: \(review)")
        #expect(drift.allSatisfy { $0["rule"] as? String == "org.eu.hk-suspended" && $0["toRegion"] as? String == "hk" && $0["was"] as? String == "allow" })
        #expect(reviewed["applied"] as? Bool == false)
        let (applyStatus, applied) = try await eu.send("POST", "/v1/residency/catalogue?overlay=true&apply=true", body: overlay)
        let loadedAt = jsonObject(applied)["auditIndex"] as? Int
        #expect(applyStatus == 200 && loadedAt != nil, "\(applied)")
        let (_, loaded) = try await eu.send("GET", "/v1/audit/events?from=\(loadedAt ?? 0)&limit=1")
        #expect(loaded.contains("catalogue.loaded") && loaded.contains("org.eu.hk-suspended"), "\(loaded)")
        let (afterStatus, after) = try await hk.send("GET", "/v1/vault/records/eu-1?region=eu-fra&purpose=customer-support")
        #expect(afterStatus == 200 && !after.contains(Self.euCustomers[0]["email"]!) && after.contains("org.eu.hk-suspended"), "\(after)")
        expected["eu-fra"]! += 1

        // 6. Every movement is in the sender's register, each with its ledger entry.
        for (region, client) in [("eu-fra", eu), ("in-mum", india), ("hk", hk)] {
            let (status, body) = try await client.send("GET", "/v1/transfers?limit=1000")
            #expect(status == 200, "\(body)")
            let transfers = jsonObject(body)["transfers"] as? [[String: Any]] ?? []
            #expect(transfers.count == expected[region], "\(region): \(transfers.count) register entries, expected \(expected[region]!): \(body)")
            for transfer in transfers {
                #expect(transfer["fromRegion"] as? String == region)
                let index = transfer["auditIndex"] as? Int ?? -1
                let (_, events) = try await client.send("GET", "/v1/audit/events?from=\(index)&limit=1")
                let event = (jsonObject(events)["events"] as? [[String: Any]])?.first ?? [:]
                #expect(event["type"] as? String == "transfer.decided" && event["subject"] as? String == transfer["id"] as? String, "\(events)")
            }
            if region == "in-mum" {
                #expect(transfers.contains { $0["outcome"] as? String == "deny" && $0["operation"] as? String == "detokenise" })
            }
        }

        // 7. Stop every node; each ledger verifies, and a register row edited afterwards is found.
        for server in servers.values { server.kill(SIGTERM) }
        for (region, server) in servers {
            #expect(await server.waitForExit() == 0, "\(region): \(server.log.suffix(2000))")
        }
        for (region, dir) in dirs {
            let verify = try runStrait(["ledger", "verify", "--data", dir, "--region", region])
            #expect(verify.status == 0, "\(region): \(verify.out) \(verify.err)")
        }
        // The same review offline, from the CLI: the diff, the drifting transfers, exit 1.
        let overlayPath = base + "/overlay.json"
        try overlay.write(toFile: overlayPath, atomically: true, encoding: .utf8)
        let offline = try runStrait(["catalogue", "drift", overlayPath, "--overlay", "--config", base + "/eu-fra.yaml", "--data", dirs["eu-fra"]!])
        #expect(offline.status == 1 && offline.out.contains("org.eu.hk-suspended") && offline.out.contains("3 transfers drift"), "\(offline.out) \(offline.err)")
        let tampered = base + "/eu-fra-tampered"
        try FileManager.default.copyItem(atPath: dirs["eu-fra"]!, toPath: tampered)
        let database = try DatabaseQueue(path: tampered + "/strait.sqlite")
        try await database.write { db in
            // Rewrite the purpose of the first disclosure to hk after the fact.
            try db.execute(sql: "UPDATE transfer_register SET detail = replace(detail, 'customer-support', 'kyc-review') WHERE seq = (SELECT MIN(seq) FROM transfer_register)")
        }
        try database.close()
        let caught = try runStrait(["ledger", "verify", "--data", tampered, "--region", "eu-fra"])
        #expect(caught.status == 1 && caught.out.contains("record_mismatch") && caught.out.contains("register entry"), "\(caught.out) \(caught.err)")
        try? FileManager.default.removeItem(atPath: tampered)

        // 8. No sensitive value in clear in the offshore node's store, files or logs (nor, encrypted at rest, at home).
        var values: [String] = [hkAccount]
        for customer in Self.euCustomers + Self.inCustomers { values += customer.filter { $0.key != "id" }.map(\.value) }
        let needles = values.flatMap { value -> [Data] in
            var forms = [Data(value.utf8)]
            let digits = value.filter(\.isNumber)
            if digits.count >= 8, digits != value { forms.append(Data(digits.utf8)) }
            return forms
        }
        for (region, dir) in dirs {
            var files = filesUnder(dir)
            files.append((servers[region]!.logPath, FileManager.default.contents(atPath: servers[region]!.logPath) ?? Data()))
            #expect(files.count >= 3)
            for (path, bytes) in files {
                for needle in needles where bytes.range(of: needle) != nil {
                    Issue.record("\(region): \(String(decoding: needle, as: UTF8.self)) in clear in \(path)")
                }
            }
            if region == "hk" {
                // The scan reads the store: the payments' account tokens are there.
                #expect(files.contains { $0.1.range(of: Data(p1Account!.utf8)) != nil })
            }
        }
    }
}

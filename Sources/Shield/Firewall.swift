// Strait — compliance gateway for cross-border fintech. Apache-2.0.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The kinds of attack the firewall recognises.
public enum AttackFamily: String, Sendable, Hashable, CaseIterable, Codable {
    case sqlInjection = "sqli"
    case crossSiteScripting = "xss"
    case pathTraversal = "lfi"
    case remoteInclusion = "rfi"
    case commandInjection = "rce"
    case templateInjection = "ssti"
    case ldapInjection = "ldap"
    case nosqlInjection = "nosql"
    case phpInjection = "php"
    case javaInjection = "java"
    case nodeInjection = "nodejs"
    case scanner = "scanner"
    case protocolAnomaly = "protocol"
}

/// One detection: which rule, its family, how much it adds to the request's anomaly score, why,
/// and where in the request.
public struct RuleMatch: Sendable, Hashable, Codable {
    /// Stable rule id, e.g. `sqli.union`.
    public var id: String
    public var family: AttackFamily
    /// 5 critical, 4 error, 3 warning, 2 notice.
    public var score: Int
    public var reason: String
    /// `query:name`, `body:payment.memo`, `header:user-agent`, `path`, …
    public var location: String

    public init(id: String, family: AttackFamily, score: Int, reason: String, location: String = "") {
        self.id = id
        self.family = family
        self.score = score
        self.reason = reason
        self.location = location
    }
}

/// Where a value comes from, for detectors whose judgement depends on it.
public struct InspectionContext: Sendable {
    public enum Location: String, Sendable {
        case path, query, body, cookie, header, argumentName = "name", filename
    }

    public var location: Location
    /// The argument or header name.
    public var name: String

    public init(location: Location, name: String) {
        self.location = location
        self.name = name
    }
}

/// A detector of one attack family. Given a normalised view of a value (lower-cased, decoded),
/// appends what it finds. Implementations run in time linear in the value.
public protocol Detector: Sendable {
    func inspect(_ value: [UInt8], context: InspectionContext, into matches: inout [RuleMatch])
}

/// How the firewall treats a route.
public struct FirewallPolicy: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Requests at or above the threshold are refused (403).
        case block
        /// Detections are logged and counted; nothing is refused.
        case detect
        /// The firewall does not inspect.
        case off
    }

    public var mode: Mode
    /// The anomaly score at which a request is blocked.
    public var threshold: Int
    /// Argument names (exact, or `prefix.*`) whose values are not inspected (e.g. a password field).
    public var skipArguments: Set<String>
    /// Families not judged on this route.
    public var disabledFamilies: Set<AttackFamily>

    public init(mode: Mode = .block, threshold: Int = 5, skipArguments: Set<String> = [], disabledFamilies: Set<AttackFamily> = []) {
        self.mode = mode
        self.threshold = threshold
        self.skipArguments = skipArguments
        self.disabledFamilies = disabledFamilies
    }
}

/// The firewall's judgement of one request.
public struct Verdict: Sendable {
    public var matches: [RuleMatch]
    public var score: Int
    /// The request must be refused (403 with the rule ids).
    public var blocked: Bool
    /// The request is malformed or beyond a limit (status 400 or 413), if so.
    public var rejection: InspectionLimit?
}

/// The firewall: parses a request into named values, normalises each, runs the detectors, and adds
/// up an anomaly score per family (the strongest match of a family counts once per value).
public struct Firewall: Sendable {
    public let limits: InspectionLimits
    let valueDetectors: [any Detector]
    /// Detectors that can match a value made only of letters, digits, spaces and `. , - _ : / @ +`.
    let plainDetectors: [any Detector]

    /// Bytes that injection of any family needs (quotes, brackets, operators, separators, escapes).
    static let special: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in Array("'\"<>;|&$(){}[]`=%\\#*!?^~\n\r\t\0".utf8) { table[Int(byte)] = true }
        return table
    }()

    static func needsFullInspection(_ view: [UInt8]) -> Bool {
        view.contains { special[Int($0)] }
    }

    public init(limits: InspectionLimits = InspectionLimits()) {
        self.limits = limits
        self.valueDetectors = [
            SQLInjectionDetector(), CrossSiteScriptingDetector(), PathTraversalDetector(), RemoteInclusionDetector(), CommandInjectionDetector(),
            TemplateInjectionDetector(), LDAPInjectionDetector(), PHPInjectionDetector(), JavaInjectionDetector(), ProtocolInjectionDetector(), NodeInjectionDetector(),
            NoSQLValueDetector(),
        ]
        self.plainDetectors = [SQLInjectionDetector(), PathTraversalDetector(), RemoteInclusionDetector(), JavaInjectionDetector(), NodeInjectionDetector(), CommandInjectionDetector(), ProtocolInjectionDetector(), PHPInjectionDetector(), NoSQLValueDetector()]
    }

    /// Inspects a request under a policy.
    public func inspect(_ request: InspectedRequest, policy: FirewallPolicy) -> Verdict {
        guard policy.mode != .off else { return Verdict(matches: [], score: 0, blocked: false, rejection: nil) }
        var matches: [RuleMatch] = []
        let parsed: ParsedRequest
        switch RequestParser.parse(request, limits: limits) {
        case .success(let value): parsed = value
        case .failure(let limit):
            return Verdict(matches: [], score: 0, blocked: policy.mode == .block, rejection: limit)
        }
        ProtocolChecks.inspect(request, parsed: parsed, into: &matches)
        ScannerDetector.inspect(request, into: &matches)
        if Self.mayCarryOperators(parsed) {
            NoSQLInjectionDetector.inspect(parsed, into: &matches)
        } else {
            assert(Self.findsNothing { NoSQLInjectionDetector.inspect(parsed, into: &$0) }, "NoSQL operators outside the pre-check")
        }
        var scratch = Scratch()
        for argument in parsed.arguments {
            if !policy.skipArguments.isEmpty, Self.skipped(argument.name, policy.skipArguments) { continue }
            // A name made of identifier characters carries nothing to judge.
            if argument.location == .argumentName, argument.value.allSatisfy({ Normalizer.isAlnum($0) || $0 == 0x5F || $0 == 0x2D }) { continue }
            inspect(argument, scratch: &scratch, into: &matches)
        }
        if !policy.disabledFamilies.isEmpty { matches.removeAll { policy.disabledFamilies.contains($0.family) } }
        let score = Self.score(matches)
        return Verdict(matches: matches, score: score, blocked: policy.mode == .block && score >= policy.threshold, rejection: nil)
    }

    /// Buffers reused from one value to the next, so that inspecting a value allocates nothing
    /// unless it has something to decode or a detector runs.
    struct Scratch: ~Copyable {
        /// The folded value (`Normalizer.fold(_:into:)`), grown on demand.
        var fold: UnsafeMutablePointer<UInt8>
        var capacity: Int
        var local: [RuleMatch] = []
        var found: [RuleMatch] = []

        init() {
            capacity = 256
            fold = .allocate(capacity: capacity)
        }

        mutating func reserve(_ count: Int) {
            guard count > capacity else { return }
            fold.deallocate()
            capacity = max(count, 2 * capacity)
            fold = .allocate(capacity: capacity)
        }

        deinit { fold.deallocate() }
    }

    /// Judges one value: each of its views, the strongest match per family (located) into `matches`.
    private func inspect(_ argument: Argument, scratch: inout Scratch, into matches: inout [RuleMatch]) {
        scratch.found.removeAll(keepingCapacity: true)
        let raw = argument.value
        // The file-name rules of the PHP detector depend on where a value is, not on its bytes.
        let plainSkippable = argument.location != .filename && !(argument.location == .header && argument.name.containsBytes("file"))
        scratch.reserve(raw.count)
        let (count, special, encoded, plus) = raw.withUnsafeBufferPointer { Normalizer.fold($0, into: scratch.fold) }
        if !encoded {
            // Nothing to decode (most values): the folded value, and the text it encodes as base64 or hex.
            let folded = UnsafeBufferPointer(start: scratch.fold, count: count)
            var view: [UInt8]?
            if special || !plainSkippable || PlainTriggers.shared.fires(folded) {
                view = Array(folded)
                judge(view!, special: special, plainSkippable: false, argument: argument, scratch: &scratch)
            } else {
                assert(findsNothing(Array(folded), argument: argument), "a plain detector fires on a value outside PlainTriggers: \(String(decoding: folded, as: UTF8.self))")
            }
            var extra: [UInt8]?
            if raw.count >= 16, let text = Normalizer.encodedText(raw) {
                let decoded = Normalizer.fold(text)
                if !decoded.elementsEqual(view ?? Array(folded)) {
                    judge(decoded, special: Self.needsFullInspection(decoded), plainSkippable: plainSkippable, argument: argument, scratch: &scratch)
                    extra = decoded
                }
            }
            // UTF-7 (`+ADw-`), as `Normalizer.views(of:)` reads it.
            if plus, let text = Normalizer.utf7Decode(raw) {
                let decoded = Normalizer.fold(Normalizer.resolve(text))
                if !decoded.elementsEqual(view ?? Array(folded)), decoded != extra {
                    judge(decoded, special: Self.needsFullInspection(decoded), plainSkippable: plainSkippable, argument: argument, scratch: &scratch)
                }
            }
        } else {
            let (views, invalid) = Normalizer.views(of: raw, decodePercent: argument.needsDecoding)
            if invalid {
                matches.append(RuleMatch(id: "protocol.invalid-encoding", family: .protocolAnomaly, score: 2, reason: "an invalid percent-encoding", location: argument.label))
            }
            for view in views {
                judge(view, special: Self.needsFullInspection(view), plainSkippable: plainSkippable, argument: argument, scratch: &scratch)
            }
        }
        if !scratch.found.isEmpty {
            let label = argument.label
            for index in scratch.found.indices { scratch.found[index].location = label }
            matches.append(contentsOf: scratch.found.sorted { $0.id < $1.id })
        }
    }

    /// For assertions (debug builds): no plain detector finds anything in the view.
    private func findsNothing(_ view: [UInt8], argument: Argument) -> Bool {
        Self.findsNothing { local in
            for detector in plainDetectors { detector.inspect(view, context: InspectionContext(location: argument.location, name: argument.name), into: &local) }
        }
    }

    /// Runs the detectors a view needs and keeps the strongest match per family in `scratch.found`.
    private func judge(_ view: [UInt8], special: Bool, plainSkippable: Bool, argument: Argument, scratch: inout Scratch) {
        let detectors: [any Detector]
        if special {
            detectors = valueDetectors
        } else if plainSkippable, !view.withUnsafeBufferPointer(PlainTriggers.shared.fires) {
            // Most values of ordinary traffic: nothing the plain detectors look for.
            assert(findsNothing(view, argument: argument), "a plain detector fires on a value outside PlainTriggers: \(String(decoding: view, as: UTF8.self))")
            return
        } else {
            // Most values of ordinary traffic (names, amounts, dates, identifiers) carry none of the
            // characters injection needs: only the detectors that work on words and dots run then.
            detectors = plainDetectors
        }
        let context = InspectionContext(location: argument.location, name: argument.name)
        scratch.local.removeAll(keepingCapacity: true)
        for detector in detectors { detector.inspect(view, context: context, into: &scratch.local) }
        for match in scratch.local {
            if let index = scratch.found.firstIndex(where: { $0.family == match.family }) {
                if scratch.found[index].score < match.score { scratch.found[index] = match }
            } else if match.score > 0 {
                scratch.found.append(match)
            }
        }
    }

    /// The anomaly score: per family, the strongest match counts fully, further ones by one point (at most three).
    static func score(_ matches: [RuleMatch]) -> Int {
        guard !matches.isEmpty else { return 0 }
        var strongest = [Int](repeating: 0, count: AttackFamily.allCases.count)
        var counts = [Int](repeating: 0, count: AttackFamily.allCases.count)
        for match in matches {
            let family = match.family.ordinal
            strongest[family] = max(strongest[family], match.score)
            counts[family] += 1
        }
        var score = 0
        for family in counts.indices where counts[family] > 0 { score += strongest[family] + min(counts[family] - 1, 3) }
        return score
    }

    /// Whether the request-level NoSQL check can find anything: operators all start with `$`, and a
    /// parameter name holds `[` only if it has one or percent-encodes one.
    static func mayCarryOperators(_ parsed: ParsedRequest) -> Bool {
        parsed.jsonKeys.contains { $0.utf8.first == 0x24 || $0 == "__proto__" || $0.lowercased() == "prototype" }
            || parsed.arguments.contains { $0.location == .argumentName && $0.value.contains { $0 == 0x5B || $0 == 0x25 } }
    }

    /// For assertions (debug builds): the detection appends no match.
    static func findsNothing(_ body: (inout [RuleMatch]) -> Void) -> Bool {
        var found: [RuleMatch] = []
        body(&found)
        return found.isEmpty
    }

    static func skipped(_ name: String, _ patterns: Set<String>) -> Bool {
        guard !patterns.isEmpty else { return false }
        if patterns.contains(name) { return true }
        return patterns.contains { $0.hasSuffix(".*") && name.hasPrefix($0.dropLast(1)) }
    }
}

extension AttackFamily {
    /// Position in `allCases`, for per-family tallies without a dictionary.
    var ordinal: Int {
        switch self {
        case .sqlInjection: 0
        case .crossSiteScripting: 1
        case .pathTraversal: 2
        case .remoteInclusion: 3
        case .commandInjection: 4
        case .templateInjection: 5
        case .ldapInjection: 6
        case .nosqlInjection: 7
        case .phpInjection: 8
        case .javaInjection: 9
        case .nodeInjection: 10
        case .scanner: 11
        case .protocolAnomaly: 12
        }
    }
}

extension String {
    /// `contains(needle)` on the UTF-8 bytes, without the generic string search (names, not values).
    func containsBytes(_ needle: StaticString) -> Bool {
        var copy = self
        return copy.withUTF8 { haystack in
            byteSearch(UnsafeRawBufferPointer(haystack), UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)) != nil
        }
    }
}

/// The pre-check that lets the firewall skip the plain detectors on most values of ordinary traffic.
///
/// A view without any `Firewall.special` byte (only letters, digits, white space, `. , - _ : / @ +`
/// and non-ASCII bytes) can make a plain detector fire only through one of these:
/// - a needle one of them searches for: system files and paths, `..`, stream wrappers, URL schemes
///   (`://`), Java and Node.js runtime names, serialized-object magic, shell binary paths, the
///   commands judged without arguments, a request line's ` http/`, NoSQL server-side JavaScript,
///   SQL catalogue names;
/// - an SQL word token (read the way `SQLTokenizer` reads words): a statement keyword, `UNION`,
///   `HAVING`, or a boolean operator together with a comparison word (a tautology without `=`);
/// - `if` at the start of the value (a Windows `IF` command).
/// Lists are taken from the detectors' own tables where they have one, so that a needle added there
/// is covered here; the rest is listed below. Debug builds check every skip against the detectors
/// (`Firewall.judge`), so a rule added to a plain detector without its trigger fails the tests.
/// One pass over the view, no allocation.
struct PlainTriggers: @unchecked Sendable {
    static let shared = PlainTriggers()

    // Tables in memory allocated once and never freed (one shared, immutable instance).
    /// Byte → class (1…63) for bytes that occur in needles, 0 for the others.
    private let classes: UnsafeMutablePointer<UInt8>
    /// (class of the first byte) << 6 | (class of the second) → range in `bucketNeedles`.
    private let bucketStart: UnsafeMutablePointer<Int32>
    private let bucketNeedles: UnsafeMutablePointer<Int32>
    /// Needle i is `needleBytes[needleStart[i] ..< needleStart[i + 1]]`.
    private let needleStart: UnsafeMutablePointer<Int32>
    private let needleBytes: UnsafeMutablePointer<UInt8>
    /// SQL words by (length << 8 | first byte), lengths below 32: range of entries; an entry is an
    /// offset in `wordBytes` and a group (1 always, 2 boolean operator, 4 comparison).
    private let wordStart: UnsafeMutablePointer<Int32>
    private let wordOffset: UnsafeMutablePointer<Int32>
    private let wordGroup: UnsafeMutablePointer<UInt8>
    private let wordBytes: UnsafeMutablePointer<UInt8>

    static func copy<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(array.count, 1))
        _ = UnsafeMutableBufferPointer(start: pointer, count: array.count).initialize(from: array)
        return pointer
    }

    init() {
        func lower(_ list: [[UInt8]]) -> [[UInt8]] { list.map { $0.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 } } }
        var list: [[UInt8]] = []
        list += SQLInjectionDetector.catalogues
        list += PathTraversalDetector.files + PathTraversalDetector.wrappers
        list += RemoteInclusionDetector.schemes
        list += JavaInjectionDetector.needles.needles + JavaInjectionDetector.lookups
        list += NodeInjectionDetector.strong.needles
        list += CommandInjectionDetector.strong.map { $0 }
        list += CommandInjectionDetector.code.needles
        list += JavaInjectionDetector.packages + JavaInjectionDetector.base64Needles.needles
        list += TemplateInjectionDetector.engines.needles + TemplateInjectionDetector.dunders
        list += PathTraversalDetector.fileSet.needles + RemoteInclusionDetector.internalHosts + RemoteInclusionDetector.oob.needles
        list += ScannerDetector.probes
        list += bytes("/. http: https: ftp: 0x .0x /debug.log /error.log /errors.log /access.log .sql .bak .old .orig .swp .save .backup")
        // Literals inside the detectors' code.
        list += bytes(".. /proc/ /sys/ /etc/ :// jndi: aced0005 ro0ab /bin/ /dev/tcp/ this.password db.getcollection")
        list.append(Array(" http/".utf8))
        // A needle with a special byte never occurs in a plain view.
        let needles = Set(lower(list).filter { $0.count >= 2 && !$0.contains { Firewall.special[Int($0)] } }).sorted { $0.lexicographicallyPrecedes($1) }
        var classes = [UInt8](repeating: 0, count: 256)
        var next: UInt8 = 1
        for needle in needles {
            for byte in needle where classes[Int(byte)] == 0 {
                precondition(next < 64, "PlainTriggers: too many distinct needle bytes")
                classes[Int(byte)] = next
                next += 1
            }
        }
        var buckets = [[Int32]](repeating: [], count: 64 * 64)
        for (index, needle) in needles.enumerated() {
            buckets[Int(classes[Int(needle[0])]) << 6 | Int(classes[Int(needle[1])])].append(Int32(index))
        }
        self.classes = Self.copy(classes)
        self.bucketStart = Self.copy(buckets.reduce(into: [Int32(0)]) { $0.append($0.last! + Int32($1.count)) })
        self.bucketNeedles = Self.copy(buckets.flatMap { $0 })
        self.needleStart = Self.copy(needles.reduce(into: [Int32(0)]) { $0.append($0.last! + Int32($1.count)) })
        self.needleBytes = Self.copy(needles.flatMap { $0 })
        var words = [[(word: [UInt8], group: UInt8)]](repeating: [], count: 32 * 256)
        func add(_ set: some Sequence<[UInt8]>, _ group: UInt8) {
            for word in lower(Array(set)) where !word.isEmpty {
                precondition(word.count < 32, "PlainTriggers: an SQL word of 32 bytes or more")
                let key = word.count << 8 | Int(word[0])
                if let existing = words[key].firstIndex(where: { $0.word == word }) {
                    words[key][existing].group |= group
                } else {
                    words[key].append((word, group))
                }
            }
        }
        add(SQLInjectionDetector.statements, 1)
        add(bytes("union having order group procedure waitfor case when declare exec execute shutdown desc show limit offset analyse"), 1)
        add(SQLInjectionDetector.booleans, 2)
        add(SQLInjectionDetector.comparisons, 4)
        let entries = words.flatMap { $0 }
        self.wordStart = Self.copy(words.reduce(into: [Int32(0)]) { $0.append($0.last! + Int32($1.count)) })
        self.wordOffset = Self.copy(entries.reduce(into: [Int32(0)]) { $0.append($0.last! + Int32($1.word.count)) })
        self.wordGroup = Self.copy(entries.map(\.group))
        self.wordBytes = Self.copy(entries.flatMap(\.word))
    }

    /// `SQLTokenizer.isWord` (inlined here: this runs on every value).
    @inline(__always) private static func isWord(_ byte: UInt8) -> Bool {
        let letter = byte | 0x20
        return (letter >= 0x61 && letter <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x24 || byte >= 0x80
    }

    @inline(__always) private static func isHex(_ byte: UInt8) -> Bool {
        let letter = byte | 0x20
        return (byte >= 0x30 && byte <= 0x39) || (letter >= 0x61 && letter <= 0x66)
    }

    /// Whether a plain view (no special byte) holds anything a plain detector may fire on.
    func fires(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = v.count
        guard n >= 2, let base = v.baseAddress else { return false }
        // `if` at the start, after spaces and '@' (CommandInjectionDetector.batch).
        var start = 0
        while start < n, v[start] == 0x20 || v[start] == 0x40 { start += 1 }
        if start + 2 < n, v[start] == 0x69, v[start + 1] == 0x66, v[start + 2] == 0x20 || v[start + 2] == 0x2F { return true }
        // A command word at the start (CommandInjectionDetector judges the start of a value as a command position).
        var end = start
        var wordStart = start
        while end < n, CommandInjectionDetector.isCommandByte(v[end]) {
            if v[end] == 0x2F || v[end] == 0x5C { wordStart = end + 1 }
            end += 1
        }
        if end > wordStart, end - wordStart <= 40 {
            let word = Array(v[wordStart..<end])
            if CommandInjectionDetector.known(word[...]) != nil || CommandInjectionDetector.wrappers.contains(word) { return true }
        }
        // Substring needles, through the class pairs that start one.
        var previous = Int(classes[Int(v[0])])
        for i in 1..<n {
            let current = Int(classes[Int(v[i])])
            if previous != 0, current != 0 {
                let bucket = previous << 6 | current
                var entry = Int(bucketStart[bucket])
                let end = Int(bucketStart[bucket + 1])
                while entry < end {
                    let needle = Int(bucketNeedles[entry])
                    let offset = Int(needleStart[needle])
                    let count = Int(needleStart[needle + 1]) - offset
                    if i - 1 + count <= n, count == 2 || needleBytes[offset + 2] == v[i + 1], memcmp(needleBytes + offset, base + i - 1, count) == 0 { return true }
                    entry += 1
                }
            }
            previous = current
        }
        // SQL word tokens, delimited as SQLTokenizer delimits them (numbers swallow `e`, `0x` hex digits).
        var groups: UInt8 = 0
        var i = 0
        while i < n {
            let c = v[i]
            if c >= 0x30, c <= 0x39 {
                if c == 0x30, i + 1 < n, v[i + 1] == 0x78 {
                    i += 2
                    while i < n, Self.isHex(v[i]) { i += 1 }
                } else {
                    while i < n, (v[i] >= 0x30 && v[i] <= 0x39) || v[i] == 0x2E || v[i] == 0x65 { i += 1 }
                }
            } else if c != 0xA0, Self.isWord(c) {
                let wordStart = i
                while i < n, Self.isWord(v[i]) { i += 1 }
                let length = i - wordStart
                if length < 32 {
                    let key = length << 8 | Int(c)
                    var entry = Int(self.wordStart[key])
                    let end = Int(self.wordStart[key + 1])
                    while entry < end {
                        if memcmp(wordBytes + Int(wordOffset[entry]), base + wordStart, length) == 0 { groups |= wordGroup[entry] }
                        entry += 1
                    }
                    if groups & 1 != 0 || groups & 6 == 6 { return true }
                    // A number then a boolean operator (`1 and true`, `2 or 3`): SQLInjectionDetector's numeric reading.
                    if groups & 2 != 0, start < n, v[start] >= 0x30, v[start] <= 0x39 { return true }
                }
            } else {
                i += 1
            }
        }
        return false
    }
}


// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import StraitCore

/// A rule of a classification schema: the fields whose path matches `pattern` hold `category`.
///
/// Patterns are dot-separated: a key matches itself, `*` any one key, `[]` any array element, and
/// `**` any number of keys and elements (including none). Examples: `originator.account`,
/// `parties[].nationalId`, `**.email`.
public struct FieldRule: Sendable, Hashable {
    public var pattern: String
    public var category: DataCategory
    /// The pattern split into components: keys, `*`, `[]`, `**`.
    let components: [String]

    public init(_ pattern: String, _ category: DataCategory) {
        self.pattern = pattern
        self.category = category
        self.components = pattern.split(separator: ".", omittingEmptySubsequences: true).flatMap { part -> [String] in
            // `items[]` is the key `items`, then an array element.
            part.hasSuffix("[]") && part.count > 2 ? [String(part.dropLast(2)), "[]"] : [String(part)]
        }
    }
}

/// Rules compiled to a position automaton, so that a walk through a payload carries the set of
/// rule positions its path has reached instead of matching every rule against every field path.
///
/// Every rule of `n` components has the positions `0...n` (position `n` accepts); positions are
/// numbered rule after rule, so the lowest accepting position in a set is the first matching rule.
/// A set is kept closed over `**` (which may match nothing): with a position before `**` it also
/// holds the position after it.
struct CompiledRules: Sendable {
    static let element = -2
    static let anyKey = -3
    static let anyPath = -4
    static let otherKey = -1
    /// The kind of a rule's last position.
    static let accepting = -5
    /// Above this many key positions in a set, a key is looked up once in `keys` instead of being
    /// compared with each.
    static let directKeyComparisons = 8

    /// Every key a rule names, numbered.
    let keys: [String: Int]
    let rules: [FieldRule]
    /// Per position: a key number (≥ 0), `element`, `anyKey`, `anyPath` or `accepting`.
    let kinds: [Int]
    /// Per position: the key it expects (empty unless `kinds` holds a key number).
    let names: [String]
    /// Per position `p`: the positions `p...closureEnd[p]` are reached with `p` (`**` may match nothing).
    let closureEnd: [Int]
    /// Per position: the index of its rule.
    let ruleIndex: [Int]
    /// 64-bit words in a position set.
    let wordCount: Int
    /// The positions of an empty path (every rule's start, closed over `**`).
    let initial: [UInt64]
    /// Accepting positions.
    let acceptMask: [UInt64]
    /// Positions that expect a given key.
    let keyMask: [UInt64]
    /// The first words of `acceptMask` and `keyMask` (all of them when `wordCount` is 1).
    let acceptBits: UInt64
    let keyBits: UInt64

    init(_ rules: [FieldRule]) {
        var keys: [String: Int] = [:]
        var kinds: [Int] = []
        var names: [String] = []
        var ruleIndex: [Int] = []
        var starts: [Int] = []
        for (index, rule) in rules.enumerated() {
            starts.append(kinds.count)
            for component in rule.components {
                switch component {
                case "[]": kinds.append(Self.element); names.append("")
                case "*": kinds.append(Self.anyKey); names.append("")
                case "**": kinds.append(Self.anyPath); names.append("")
                default:
                    let id: Int
                    if let known = keys[component] {
                        id = known
                    } else {
                        id = keys.count
                        keys[component] = id
                    }
                    kinds.append(id)
                    names.append(component)
                }
                ruleIndex.append(index)
            }
            kinds.append(Self.accepting)
            names.append("")
            ruleIndex.append(index)
        }
        var closureEnd = Array(repeating: 0, count: kinds.count)
        for position in kinds.indices.reversed() {
            // `**` is never a rule's last position, so `position + 1` is in the same rule.
            closureEnd[position] = kinds[position] == Self.anyPath ? closureEnd[position + 1] : position
        }
        let wordCount = max(1, (kinds.count + 63) / 64)
        var initial = Array(repeating: UInt64(0), count: wordCount)
        var acceptMask = initial
        var keyMask = initial
        for start in starts { Self.insert(start...closureEnd[start], into: &initial) }
        for (position, kind) in kinds.enumerated() {
            if kind == Self.accepting { acceptMask[position / 64] |= 1 << UInt64(position % 64) }
            if kind >= 0 { keyMask[position / 64] |= 1 << UInt64(position % 64) }
        }
        self.keys = keys
        self.rules = rules
        self.kinds = kinds
        self.names = names
        self.closureEnd = closureEnd
        self.ruleIndex = ruleIndex
        self.wordCount = wordCount
        self.initial = initial
        self.acceptMask = acceptMask
        self.keyMask = keyMask
        self.acceptBits = acceptMask[0]
        self.keyBits = keyMask[0]
    }

    private static func insert(_ range: ClosedRange<Int>, into words: inout [UInt64]) {
        for position in range { words[position / 64] |= 1 << UInt64(position % 64) }
    }

    /// The number of a key in a field path.
    func id(of key: String) -> Int { keys[key] ?? Self.otherKey }

    /// The positions reached from `states` by the object key `key`.
    @inline(__always)
    func step<States: PositionSet>(_ states: States, key: String) -> States {
        var next = States(wordCount: wordCount)
        if states.isEmpty { return next }
        // Few expected keys: compare them; many: one dictionary look-up (both by `String ==`).
        let byNumber = states.countKeyPositions(of: self) > Self.directKeyComparisons
        let id = byNumber ? self.id(of: key) : Self.otherKey
        states.forEach { position in
            switch kinds[position] {
            case Self.anyPath: next.insert(position, through: closureEnd[position])
            case Self.anyKey: next.insert(position + 1, through: closureEnd[position + 1])
            case Self.element, Self.accepting: break
            case let expected:
                if byNumber ? expected == id : names[position] == key {
                    next.insert(position + 1, through: closureEnd[position + 1])
                }
            }
        }
        return next
    }

    /// The positions reached from `states` by an array element.
    @inline(__always)
    func stepElement<States: PositionSet>(_ states: States) -> States {
        var next = States(wordCount: wordCount)
        if states.isEmpty { return next }
        states.forEach { position in
            switch kinds[position] {
            case Self.anyPath: next.insert(position, through: closureEnd[position])
            case Self.element: next.insert(position + 1, through: closureEnd[position + 1])
            default: break
            }
        }
        return next
    }

    /// The first rule that matches a path that reached `states`.
    @inline(__always)
    func first<States: PositionSet>(in states: States) -> FieldRule? {
        guard let position = states.firstAcceptingPosition(of: self) else { return nil }
        return rules[ruleIndex[position]]
    }
}

/// A set of rule positions (see ``CompiledRules``).
protocol PositionSet {
    init(wordCount: Int)
    init(_ words: [UInt64])
    var isEmpty: Bool { get }
    mutating func insert(_ lower: Int, through upper: Int)
    /// Calls `body` with every position in the set, in increasing order.
    func forEach(_ body: (Int) -> Void)
    /// The lowest position in the set that accepts.
    func firstAcceptingPosition(of rules: CompiledRules) -> Int?
    /// How many positions of the set expect a given key.
    func countKeyPositions(of rules: CompiledRules) -> Int
}

/// Up to 64 positions, in one word (no allocation).
struct NarrowPositions: PositionSet {
    var bits: UInt64

    init(wordCount: Int) { bits = 0 }
    init(_ words: [UInt64]) { bits = words[0] }

    var isEmpty: Bool { bits == 0 }

    @inline(__always)
    mutating func insert(_ lower: Int, through upper: Int) {
        // Bits lower...upper (upper < 64).
        let high: UInt64 = upper == 63 ? ~0 : (1 << UInt64(upper + 1)) &- 1
        bits |= high & ~((1 << UInt64(lower)) &- 1)
    }

    @inline(__always)
    func forEach(_ body: (Int) -> Void) {
        var rest = bits
        while rest != 0 {
            body(rest.trailingZeroBitCount)
            rest &= rest &- 1
        }
    }

    @inline(__always)
    func firstAcceptingPosition(of rules: CompiledRules) -> Int? {
        let both = bits & rules.acceptBits
        return both == 0 ? nil : both.trailingZeroBitCount
    }

    @inline(__always)
    func countKeyPositions(of rules: CompiledRules) -> Int { (bits & rules.keyBits).nonzeroBitCount }
}

/// Any number of positions.
struct WidePositions: PositionSet {
    var words: [UInt64]

    init(wordCount: Int) { words = Array(repeating: 0, count: wordCount) }
    init(_ words: [UInt64]) { self.words = words }

    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    mutating func insert(_ lower: Int, through upper: Int) {
        for position in lower...upper { words[position / 64] |= 1 << UInt64(position % 64) }
    }

    func forEach(_ body: (Int) -> Void) {
        for (index, word) in words.enumerated() {
            var rest = word
            while rest != 0 {
                body(index * 64 + rest.trailingZeroBitCount)
                rest &= rest &- 1
            }
        }
    }

    func firstAcceptingPosition(of rules: CompiledRules) -> Int? {
        let mask = rules.acceptMask
        for (index, word) in words.enumerated() where word & mask[index] != 0 {
            return index * 64 + (word & mask[index]).trailingZeroBitCount
        }
        return nil
    }

    func countKeyPositions(of rules: CompiledRules) -> Int {
        zip(words, rules.keyMask).reduce(0) { $0 + ($1.0 & $1.1).nonzeroBitCount }
    }
}

/// Where a field's category came from.
public enum ClassificationSource: Sendable, Hashable {
    /// A schema rule (its pattern).
    case schema(String)
    /// A content detector recognised the value (its scheme, e.g. `cn.ric`, `iban`).
    case detector(String)
}

/// One classified field of a payload.
public struct ClassifiedField: Sendable, Hashable {
    /// The field's path: keys joined by `.`, array elements as `[n]`, e.g. `parties[1].nationalId`.
    public var path: String
    public var category: DataCategory
    public var source: ClassificationSource
    /// The issuing country of a detected national identifier or IBAN.
    public var country: String?
}

/// Classifies the fields of a JSON payload: first by the schema (field path → category), then,
/// for string and number fields no rule names, by content detectors that validate check digits
/// (national ID numbers, payment cards, IBANs, emails, phone numbers).
///
/// Fields neither a rule nor a detector claims are not listed (they count as `public` unless a
/// catch-all rule such as `**` says otherwise). The classifier is a value: build it once, use it
/// from any task.
public struct PayloadClassifier: Sendable {
    public let rules: [FieldRule]
    /// Run the content detectors on fields no rule names.
    public let detectUnlabelled: Bool
    private let compiled: CompiledRules

    public init(rules: [FieldRule], detectUnlabelled: Bool = true) {
        self.rules = rules
        self.detectUnlabelled = detectUnlabelled
        self.compiled = CompiledRules(rules)
    }

    /// The schema of Strait's own payment instruction.
    public static let paymentInstruction = PayloadClassifier(rules: [
        FieldRule("originator.partyId", .identity), FieldRule("beneficiary.partyId", .identity),
        FieldRule("originator.account", .bankAccount), FieldRule("beneficiary.account", .bankAccount),
        FieldRule("originator.country", .transaction), FieldRule("beneficiary.country", .transaction),
        FieldRule("amount.*", .transaction), FieldRule("timestamp", .transaction), FieldRule("id", .transaction),
        FieldRule("channel", .transaction), FieldRule("purpose", .transaction),
        FieldRule("clientIp", .behavioural), FieldRule("device", .behavioural),
    ])

    /// Classifies a parsed payload.
    public func classify(_ value: JSONValue) -> [ClassifiedField] {
        var walker = Walker(compiled: compiled, detectUnlabelled: detectUnlabelled)
        defer { walker.path.deallocate() }
        if compiled.wordCount == 1 {
            walker.walk(value, states: NarrowPositions(compiled.initial), depth: 0)
        } else {
            walker.walk(value, states: WidePositions(compiled.initial), depth: 0)
        }
        return walker.out
    }

    /// Parses and classifies a payload.
    ///
    /// - Throws: ``JSONSyntaxError`` if the bytes are not one JSON text.
    public func classify(json bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> [ClassifiedField] {
        classify(try JSONParser.parse(bytes))
    }

    /// One walk through a payload: the printed path so far (UTF-8, turned into a `String` only for
    /// a field that is classified) and the fields found. Its owner deallocates `path`.
    private struct Walker {
        let compiled: CompiledRules
        let detectUnlabelled: Bool
        var path: UnsafeMutablePointer<UInt8>
        var pathCount = 0
        var pathCapacity = 256
        var out: [ClassifiedField] = []

        init(compiled: CompiledRules, detectUnlabelled: Bool) {
            self.compiled = compiled
            self.detectUnlabelled = detectUnlabelled
            path = .allocate(capacity: pathCapacity)
            out.reserveCapacity(16)
        }

        /// `states`: the rule positions the path to `value` has reached; `depth`: its components.
        mutating func walk<States: PositionSet>(_ value: JSONValue, states: States, depth: Int) {
            switch value {
            case .object(let members):
                let saved = pathCount
                for (key, member) in members {
                    // A key is joined with `.`, except as the first component.
                    if depth > 0 { append(UInt8(ascii: ".")) }
                    append(key)
                    walk(member, states: compiled.step(states, key: key), depth: depth + 1)
                    pathCount = saved
                }
            case .array(let elements):
                let saved = pathCount
                let next = compiled.stepElement(states)
                for index in elements.indices {
                    append(UInt8(ascii: "["))
                    appendDecimal(index)
                    append(UInt8(ascii: "]"))
                    walk(elements[index], states: next, depth: depth + 1)
                    pathCount = saved
                }
            case .string(let text), .number(let text):
                if let rule = compiled.first(in: states) {
                    emit(rule)
                } else if detectUnlabelled, let detection = PayloadClassifier.detect(text) {
                    out.append(ClassifiedField(path: printedPath, category: detection.category,
                                               source: .detector(detection.scheme), country: detection.country))
                }
            case .null, .bool:
                if let rule = compiled.first(in: states) { emit(rule) }
            }
        }

        private var printedPath: String {
            String(decoding: UnsafeBufferPointer(start: path, count: pathCount), as: UTF8.self)
        }

        private mutating func emit(_ rule: FieldRule) {
            out.append(ClassifiedField(path: printedPath, category: rule.category, source: .schema(rule.pattern), country: nil))
        }

        private mutating func reserve(_ extra: Int) {
            guard pathCount + extra > pathCapacity else { return }
            let capacity = max(pathCapacity * 2, pathCount + extra)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.initialize(from: path, count: pathCount)
            path.deallocate()
            path = grown
            pathCapacity = capacity
        }

        private mutating func append(_ byte: UInt8) {
            reserve(1)
            path[pathCount] = byte
            pathCount += 1
        }

        private mutating func append(_ key: String) {
            let utf8 = key.utf8
            reserve(utf8.count)
            let copied: Void? = utf8.withContiguousStorageIfAvailable { bytes in
                if let start = bytes.baseAddress { (path + pathCount).initialize(from: start, count: bytes.count) }
            }
            if copied == nil {
                for (offset, byte) in utf8.enumerated() { path[pathCount + offset] = byte }
            }
            pathCount += utf8.count
        }

        private mutating func appendDecimal(_ value: Int) {
            if value >= 10 { appendDecimal(value / 10) }
            append(UInt8(ascii: "0") + UInt8(value % 10))
        }
    }

    /// The first detector that recognises `text`: national identifiers, then cards, IBANs, emails
    /// and phones. A first pass counts digits, letters and separators, so that only the schemes a
    /// value could belong to run (a date or a timestamp never reaches a checksum).
    public static func detect(_ text: String) -> Detection? {
        let shape = text.utf8.withContiguousStorageIfAvailable(Shape.init) ?? Array(text.utf8).withUnsafeBufferPointer(Shape.init)
        let (digits, letters, at, plus, other, count) = (shape.digits, shape.letters, shape.at, shape.plus, shape.other, shape.count)
        if at { return ContactDetectors.isEmail(text) ? Detection(scheme: "email", category: .contact, country: nil) : nil }
        guard count <= 64, digits >= 6 else { return nil }
        if plus { return ContactDetectors.isPhone(text) ? Detection(scheme: "phone", category: .contact, country: nil) : nil }
        if other {
            // Full-width digits and the like: let every detector judge.
            return NationalIDs.firstDetection(text) ?? FinancialIdentifiers.firstDetection(text)
        }
        func national(_ scheme: NationalIDScheme) -> Detection? {
            scheme.isValid(text) ? Detection(scheme: scheme.rawValue, category: .nationalID, country: scheme.country) : nil
        }
        let detection: Detection? = switch (digits, letters) {
        case (17, 1), (18, 0): national(.cnRIC)
        case (12, 0): national(.inAadhaar) ?? national(.myNRIC)
        case (16, 0): national(.idNIK)
        case (9, 0): national(.usSSN)
        case (7, 2): national(.sgNRIC)
        case (6, 1...3), (7, 1...2): national(.hkHKID)
        default: nil
        }
        if let detection { return detection }
        if letters == 0, (12...19).contains(digits) {
            if PaymentCard.isValidWithBrand(text) { return Detection(scheme: "card", category: .card, country: nil) }
        }
        if letters >= 2, digits >= 10, let country = IBAN.country(text) {
            return Detection(scheme: "iban", category: .bankAccount, country: country)
        }
        return nil
    }
}

/// The first pass of ``PayloadClassifier/detect(_:)`` over a value's UTF-8: which kinds of
/// characters it has. Beyond 64 bytes only `at` is found (`detect` looks at nothing else there).
private struct Shape {
    var digits = 0
    var letters = 0
    var at = false
    var plus = false
    var other = false
    var count: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        count = bytes.count
        guard count <= 64 else {
            at = bytes.contains(UInt8(ascii: "@"))
            return
        }
        // One table look-up and one addition per byte: each kind counts in its own 8-bit field
        // (at most 64 bytes, so no field overflows).
        let sum = Self.weights.withUnsafeBufferPointer { weights in
            bytes.reduce(UInt64(0)) { $0 &+ weights[Int($1)] }
        }
        digits = Int(sum & 0xFF)
        letters = Int(sum >> 8 & 0xFF)
        at = sum >> 16 & 0xFF != 0
        plus = sum >> 24 & 0xFF != 0
        other = sum >> 32 != 0
    }

    /// Per byte: 1 for a digit, 1 << 8 for an ASCII letter, 1 << 16 for `@`, 1 << 24 for `+`,
    /// nothing for a space, hyphen, parenthesis or dot, and 1 << 32 for anything else.
    private static let weights: [UInt64] = (0...255).map { byte -> UInt64 in
        switch byte {
        case 0x30...0x39: 1
        case 0x41...0x5A, 0x61...0x7A: 1 << 8
        case 0x40: 1 << 16
        case 0x2B: 1 << 24
        case 0x20, 0x2D, 0x28, 0x29, 0x2E: 0  // space, hyphen, parentheses, dot
        default: 1 << 32
        }
    }
}

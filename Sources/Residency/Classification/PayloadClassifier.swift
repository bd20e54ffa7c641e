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

/// Rules compiled to integers: every key a rule names gets a number, so that matching a field path
/// compares integers, not strings.
struct CompiledRules: Sendable {
    static let element = -2
    static let anyKey = -3
    static let anyPath = -4
    static let otherKey = -1

    let keys: [String: Int]
    let rules: [(components: [Int], fixedLength: Int?, rule: FieldRule)]

    init(_ rules: [FieldRule]) {
        var keys: [String: Int] = [:]
        var compiled: [(components: [Int], fixedLength: Int?, rule: FieldRule)] = []
        for rule in rules {
            let components = rule.components.map { component -> Int in
                switch component {
                case "[]": return Self.element
                case "*": return Self.anyKey
                case "**": return Self.anyPath
                default:
                    if let id = keys[component] { return id }
                    keys[component] = keys.count
                    return keys.count - 1
                }
            }
            compiled.append((components, components.contains(Self.anyPath) ? nil : components.count, rule))
        }
        self.keys = keys
        self.rules = compiled
    }

    /// The number of a key in a field path.
    func id(of key: String) -> Int { keys[key] ?? Self.otherKey }

    /// The first rule that matches the path.
    func first(matching path: [Int]) -> FieldRule? {
        for entry in rules {
            if let fixed = entry.fixedLength, fixed != path.count { continue }
            if Self.match(entry.components[...], path[...]) { return entry.rule }
        }
        return nil
    }

    private static func match(_ pattern: ArraySlice<Int>, _ path: ArraySlice<Int>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == anyPath {
            let rest = pattern.dropFirst()
            var tail = path
            while true {
                if match(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
        guard let first = path.first else { return false }
        guard head == anyKey ? first != element : head == first else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
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
        var out: [ClassifiedField] = []
        var path: [Int] = []
        var printed: [String] = []
        walk(value, path: &path, printed: &printed, into: &out)
        return out
    }

    /// Parses and classifies a payload.
    ///
    /// - Throws: ``JSONSyntaxError`` if the bytes are not one JSON text.
    public func classify(json bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> [ClassifiedField] {
        classify(try JSONParser.parse(bytes))
    }

    private func walk(_ value: JSONValue, path: inout [Int], printed: inout [String], into out: inout [ClassifiedField]) {
        switch value {
        case .object(let members):
            for (key, member) in members {
                path.append(compiled.id(of: key))
                printed.append(printed.isEmpty ? key : "." + key)
                walk(member, path: &path, printed: &printed, into: &out)
                path.removeLast()
                printed.removeLast()
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                path.append(CompiledRules.element)
                printed.append("[\(index)]")
                walk(element, path: &path, printed: &printed, into: &out)
                path.removeLast()
                printed.removeLast()
            }
        case .string(let text):
            leaf(text, path: path, printed: printed, into: &out)
        case .number(let text):
            leaf(text, path: path, printed: printed, into: &out)
        case .null, .bool:
            if let rule = compiled.first(matching: path) {
                out.append(ClassifiedField(path: printed.joined(), category: rule.category, source: .schema(rule.pattern), country: nil))
            }
        }
    }

    private func leaf(_ text: String, path: [Int], printed: [String], into out: inout [ClassifiedField]) {
        if let rule = compiled.first(matching: path) {
            out.append(ClassifiedField(path: printed.joined(), category: rule.category, source: .schema(rule.pattern), country: nil))
            return
        }
        guard detectUnlabelled, let detection = Self.detect(text) else { return }
        out.append(
            ClassifiedField(path: printed.joined(), category: detection.category, source: .detector(detection.scheme), country: detection.country)
        )
    }

    /// The first detector that recognises `text`: national identifiers, then cards, IBANs, emails
    /// and phones. A first pass counts digits, letters and separators, so that only the schemes a
    /// value could belong to run (a date or a timestamp never reaches a checksum).
    public static func detect(_ text: String) -> Detection? {
        var digits = 0
        var letters = 0
        var at = false
        var plus = false
        var other = false
        var count = 0
        for byte in text.utf8 {
            count += 1
            switch byte {
            case 0x30...0x39: digits += 1
            case 0x41...0x5A, 0x61...0x7A: letters += 1
            case 0x40: at = true
            case 0x2B: plus = true
            case 0x20, 0x2D, 0x28, 0x29, 0x2E: break  // space, hyphen, parentheses, dot
            default: other = true
            }
        }
        if at { return ContactDetectors.isEmail(text) ? Detection(scheme: "email", category: .contact, country: nil) : nil }
        guard count <= 64, digits >= 6 else { return nil }
        if plus { return ContactDetectors.isPhone(text) ? Detection(scheme: "phone", category: .contact, country: nil) : nil }
        if other {
            // Full-width digits and the like: let every detector judge.
            return NationalIDs.detect(text).first ?? FinancialIdentifiers.detect(text).first
        }
        var schemes: [NationalIDScheme] = []
        switch (digits, letters) {
        case (17, 1), (18, 0): schemes = [.cnRIC]
        case (12, 0): schemes = [.inAadhaar, .myNRIC]
        case (16, 0): schemes = [.idNIK]
        case (9, 0): schemes = [.usSSN]
        case (7, 2): schemes = [.sgNRIC]
        case (6, 1...3), (7, 1...2): schemes = [.hkHKID]
        default: break
        }
        for scheme in schemes where scheme.isValid(text) {
            return Detection(scheme: scheme.rawValue, category: .nationalID, country: scheme.country)
        }
        if letters == 0, (12...19).contains(digits) {
            if PaymentCard.isValid(text), PaymentCard.brand(text) != nil { return Detection(scheme: "card", category: .card, country: nil) }
        }
        if letters >= 2, digits >= 10, let country = IBAN.country(text) {
            return Detection(scheme: "iban", category: .bankAccount, country: country)
        }
        return nil
    }
}

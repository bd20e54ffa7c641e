// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import StraitCore

/// A jurisdiction whose law governs where data may go: a country, or a group such as the EU/EEA.
public struct Jurisdiction: Sendable, Hashable {
    /// Short code: an ISO 3166-1 alpha-2 code, or a group code such as `EU`.
    public var code: String
    public var name: String
    /// The countries (ISO 3166-1 alpha-2) it covers; `[code]` for a country.
    public var countries: [String]

    public init(code: String, name: String, countries: [String]) {
        self.code = code
        self.name = name
        self.countries = countries
    }
}

/// What a transfer rule decides.
public enum TransferOutcome: String, Sendable, Hashable, CaseIterable {
    /// The data may go.
    case allow
    /// Only tokens may go; the values stay in the home vault.
    case allowTokenisedOnly = "allow_tokenised_only"
    /// The data may go if the organisation has declared one of the rule's mechanisms
    /// (standard contractual clauses with the recipient, binding corporate rules, consent, …).
    case requireMechanism = "require_mechanism"
    /// The data may not go.
    case deny
}

/// One rule of the catalogue: data of `categories` leaving `from` for `to` gets `outcome`.
///
/// Rules are values with their legal source and effective date, so that every transfer decision
/// can cite the rule and the text it comes from.
public struct TransferRule: Sendable, Hashable {
    /// Stable identifier, e.g. `eu.adequacy.jp`.
    public var id: String
    /// The exporting jurisdiction's code.
    public var from: String
    /// Destination jurisdiction or country codes; `*` for anywhere.
    public var to: [String]
    /// The categories the rule covers; empty means every category.
    public var categories: [DataCategory]
    public var outcome: TransferOutcome
    /// For ``TransferOutcome/requireMechanism``: the mechanisms that permit the transfer.
    public var mechanisms: [String]
    /// One sentence an analyst understands.
    public var summary: String
    /// The legal text: act, article, decision number.
    public var source: String
    /// The date from which the rule applies (`YYYY-MM-DD`).
    public var effective: String
    /// The last date on which it applies, if it ends (`YYYY-MM-DD`).
    public var expires: String?
    /// Whether the rule also governs a transfer of tokens only (JSON `covers_tokens`).
    ///
    /// A tokenised request (``TransferRequest/tokenised``) sends tokens while the values stay in the
    /// home vault; only rules that cover tokens apply to it. A law that counts pseudonymised or
    /// encrypted data as the data itself (the US DOJ rule on countries of concern) needs this.
    public var coversTokens: Bool

    public init(
        id: String, from: String, to: [String], categories: [DataCategory], outcome: TransferOutcome, mechanisms: [String],
        summary: String, source: String, effective: String, expires: String?, coversTokens: Bool = false
    ) {
        self.id = id
        self.from = from
        self.to = to
        self.categories = categories
        self.outcome = outcome
        self.mechanisms = mechanisms
        self.summary = summary
        self.source = source
        self.effective = effective
        self.expires = expires
        self.coversTokens = coversTokens
    }
}

/// A problem in a catalogue file, with the place it is in.
public struct CatalogueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where: `rules[3].effective`, `version`, …
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// A versioned catalogue of jurisdiction rules for cross-border transfers.
///
/// Strait ships one (``bundled()``); an organisation extends or overrides it with its own file
/// (``merged(with:)``: a rule with the same id replaces the shipped one, new ids are added).
/// Loading a new version is reviewed with ``diff(from:)``.
public struct JurisdictionCatalogue: Sendable, Hashable {
    public var version: String
    /// When this version was published (`YYYY-MM-DD`).
    public var published: String
    public var jurisdictions: [Jurisdiction]
    public var rules: [TransferRule]

    public init(version: String, published: String, jurisdictions: [Jurisdiction], rules: [TransferRule]) {
        self.version = version
        self.published = published
        self.jurisdictions = jurisdictions
        self.rules = rules
    }

    /// Parses and validates a catalogue file (JSON).
    ///
    /// - Parameter standalone: `false` for an organisation's overlay, whose rules may name
    ///   jurisdictions of the catalogue it extends; it is validated when merged.
    /// - Throws: ``CatalogueError`` naming the first field at fault.
    public static func parse(_ bytes: some Collection<UInt8>, standalone: Bool = true) throws(CatalogueError) -> JurisdictionCatalogue {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw CatalogueError(path: "", message: "not valid JSON: \(error)")
        }
        let document = try Reader(root, path: "")
        var jurisdictions: [Jurisdiction] = []
        for item in try document.array("jurisdictions") {
            jurisdictions.append(Jurisdiction(code: try item.code("code"), name: try item.string("name"), countries: try item.countries("countries")))
        }
        var rules: [TransferRule] = []
        for item in try document.array("rules") {
            rules.append(
                TransferRule(
                    id: try item.string("id"), from: try item.code("from"), to: try item.strings("to"),
                    categories: try item.categories("categories"), outcome: try item.outcome("outcome"),
                    mechanisms: try item.strings("mechanisms", required: false), summary: try item.string("summary"),
                    source: try item.string("source"), effective: try item.date("effective"), expires: try item.date("expires", required: false),
                    coversTokens: try item.bool("covers_tokens") ?? false
                )
            )
        }
        let catalogue = JurisdictionCatalogue(
            version: try document.string("version"), published: try document.date("published"), jurisdictions: jurisdictions, rules: rules
        )
        if standalone { try catalogue.validate() }
        return catalogue
    }

    /// Checks references between rules and jurisdictions and that ids are unique.
    public func validate() throws(CatalogueError) {
        var codes = Set<String>()
        for (index, jurisdiction) in jurisdictions.enumerated() {
            guard codes.insert(jurisdiction.code).inserted else {
                throw CatalogueError(path: "jurisdictions[\(index)].code", message: "\(jurisdiction.code) is defined twice")
            }
        }
        let countries = Set(jurisdictions.flatMap(\.countries))
        var ids = Set<String>()
        for (index, rule) in rules.enumerated() {
            guard ids.insert(rule.id).inserted else { throw CatalogueError(path: "rules[\(index)].id", message: "\(rule.id) is used twice") }
            guard codes.contains(rule.from) else {
                throw CatalogueError(path: "rules[\(index)].from", message: "\(rule.from) is not a jurisdiction of the catalogue")
            }
            for destination in rule.to where destination != "*" && !codes.contains(destination) && !countries.contains(destination) {
                guard CountryCode(rawValue: destination) != nil else {
                    throw CatalogueError(path: "rules[\(index)].to", message: "\(destination) is neither a jurisdiction nor an ISO 3166-1 country")
                }
            }
            if rule.outcome == .requireMechanism && rule.mechanisms.isEmpty {
                throw CatalogueError(path: "rules[\(index)].mechanisms", message: "require_mechanism needs at least one mechanism")
            }
            if let expires = rule.expires, expires < rule.effective {
                throw CatalogueError(path: "rules[\(index)].expires", message: "ends before it starts")
            }
        }
    }

    /// This catalogue with an organisation's own file laid over it: rules with the same id are
    /// replaced, jurisdictions with the same code too, the others added.
    public func merged(with overlay: JurisdictionCatalogue) throws(CatalogueError) -> JurisdictionCatalogue {
        var jurisdictions = self.jurisdictions
        for jurisdiction in overlay.jurisdictions {
            if let index = jurisdictions.firstIndex(where: { $0.code == jurisdiction.code }) {
                jurisdictions[index] = jurisdiction
            } else {
                jurisdictions.append(jurisdiction)
            }
        }
        var rules = self.rules
        for rule in overlay.rules {
            if let index = rules.firstIndex(where: { $0.id == rule.id }) { rules[index] = rule } else { rules.append(rule) }
        }
        let merged = JurisdictionCatalogue(
            version: "\(version)+\(overlay.version)", published: max(published, overlay.published), jurisdictions: jurisdictions, rules: rules
        )
        try merged.validate()
        return merged
    }

    /// What changed from `old` to this catalogue, rule by rule.
    public func diff(from old: JurisdictionCatalogue) -> CatalogueDiff {
        let before = Dictionary(old.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var diff = CatalogueDiff(from: old.version, to: version)
        for rule in rules where before[rule.id] == nil { diff.added.append(rule) }
        for rule in old.rules where after[rule.id] == nil { diff.removed.append(rule) }
        for rule in rules {
            guard let previous = before[rule.id], previous != rule else { continue }
            diff.changed.append(CatalogueDiff.Change(before: previous, after: rule))
        }
        return diff
    }
}

/// The rules added, removed and changed between two catalogue versions.
public struct CatalogueDiff: Sendable, Hashable {
    public struct Change: Sendable, Hashable {
        public var before: TransferRule
        public var after: TransferRule

        /// The names of the fields that differ, as in the file (`covers_tokens` for ``TransferRule/coversTokens``).
        public var fields: [String] {
            var names: [String] = []
            if before.from != after.from { names.append("from") }
            if before.to != after.to { names.append("to") }
            if before.categories != after.categories { names.append("categories") }
            if before.outcome != after.outcome { names.append("outcome") }
            if before.mechanisms != after.mechanisms { names.append("mechanisms") }
            if before.summary != after.summary { names.append("summary") }
            if before.source != after.source { names.append("source") }
            if before.effective != after.effective { names.append("effective") }
            if before.expires != after.expires { names.append("expires") }
            if before.coversTokens != after.coversTokens { names.append("covers_tokens") }
            return names
        }
    }

    public var from: String
    public var to: String
    public var added: [TransferRule] = []
    public var removed: [TransferRule] = []
    public var changed: [Change] = []

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

    /// The diff as lines a compliance officer reads (`+`, `-`, `~`).
    public var lines: [String] {
        var out = ["catalogue \(from) → \(to)"]
        out += added.map { "+ \($0.id): \($0.outcome.rawValue)\($0.coversTokens ? " (covers tokens)" : "") — \($0.summary) [\($0.source)]" }
        out += removed.map { "- \($0.id): \($0.outcome.rawValue) — \($0.summary)" }
        out += changed.map { change in
            let outcome = change.before.outcome == change.after.outcome
                ? "" : " (\(change.before.outcome.rawValue) → \(change.after.outcome.rawValue))"
            return "~ \(change.after.id): \(change.fields.joined(separator: ", "))\(outcome)"
        }
        return out
    }
}

/// Typed access to a JSON object, with the path of each value for errors.
private struct Reader {
    let members: [(String, JSONValue)]
    let path: String

    init(_ value: JSONValue, path: String) throws(CatalogueError) {
        guard case .object(let members) = value else { throw CatalogueError(path: path, message: "an object is expected") }
        self.members = members
        self.path = path
    }

    func at(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func value(_ key: String) -> JSONValue? { members.first { $0.0 == key }?.1 }

    func string(_ key: String) throws(CatalogueError) -> String {
        guard case .string(let text)? = value(key), !text.isEmpty else { throw CatalogueError(path: at(key), message: "a non-empty string is required") }
        return text
    }

    func code(_ key: String) throws(CatalogueError) -> String {
        let text = try string(key)
        guard (2...8).contains(text.count), text.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "-") }) else {
            throw CatalogueError(path: at(key), message: "\(text) is not a jurisdiction code (upper-case letters)")
        }
        return text
    }

    func date(_ key: String, required: Bool = true) throws(CatalogueError) -> String? {
        guard let value = value(key) else {
            if required { throw CatalogueError(path: at(key), message: "a date YYYY-MM-DD is required") }
            return nil
        }
        guard case .string(let text) = value, Timestamp(rfc3339: text + "T00:00:00Z") != nil, text.count == 10 else {
            throw CatalogueError(path: at(key), message: "a date YYYY-MM-DD is expected")
        }
        return text
    }

    func date(_ key: String) throws(CatalogueError) -> String {
        try date(key, required: true) ?? ""
    }

    /// An optional boolean: `nil` when absent; `true` or `false` only (no strings, numbers or null).
    func bool(_ key: String) throws(CatalogueError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw CatalogueError(path: at(key), message: "true or false is expected") }
        return flag
    }

    func array(_ key: String) throws(CatalogueError) -> [Reader] {
        guard case .array(let items)? = value(key) else { throw CatalogueError(path: at(key), message: "an array is required") }
        var readers: [Reader] = []
        for (index, item) in items.enumerated() { readers.append(try Reader(item, path: "\(at(key))[\(index)]")) }
        return readers
    }

    func strings(_ key: String, required: Bool = true) throws(CatalogueError) -> [String] {
        guard let value = value(key) else {
            if required { throw CatalogueError(path: at(key), message: "an array of strings is required") }
            return []
        }
        guard case .array(let items) = value else { throw CatalogueError(path: at(key), message: "an array of strings is expected") }
        var out: [String] = []
        for item in items {
            guard case .string(let text) = item, !text.isEmpty else { throw CatalogueError(path: at(key), message: "an array of strings is expected") }
            out.append(text)
        }
        return out
    }

    func countries(_ key: String) throws(CatalogueError) -> [String] {
        let codes = try strings(key)
        for code in codes where CountryCode(rawValue: code) == nil {
            throw CatalogueError(path: at(key), message: "\(code) is not an ISO 3166-1 alpha-2 code")
        }
        return codes
    }

    func categories(_ key: String) throws(CatalogueError) -> [DataCategory] {
        let names = try strings(key, required: false)
        if names == ["*"] { return [] }
        var out: [DataCategory] = []
        for name in names {
            guard let category = DataCategory(rawValue: name) else {
                throw CatalogueError(path: at(key), message: "\(name) is not a data category (\(DataCategory.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            out.append(category)
        }
        return out
    }

    func outcome(_ key: String) throws(CatalogueError) -> TransferOutcome {
        let text = try string(key)
        guard let outcome = TransferOutcome(rawValue: text) else {
            throw CatalogueError(path: at(key), message: "\(text) is not an outcome (\(TransferOutcome.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return outcome
    }
}

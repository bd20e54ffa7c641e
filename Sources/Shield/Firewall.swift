// Strait — compliance gateway for cross-border fintech. Apache-2.0.

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
        NoSQLInjectionDetector.inspect(parsed, into: &matches)
        for argument in parsed.arguments {
            if Self.skipped(argument.name, policy.skipArguments) { continue }
            // A name made of identifier characters carries nothing to judge.
            if argument.location == .argumentName, argument.value.allSatisfy({ Normalizer.isAlnum($0) || $0 == 0x5F || $0 == 0x2D }) { continue }
            let context = InspectionContext(location: argument.location, name: argument.name)
            let (views, invalid) = Normalizer.views(of: argument.value, decodePercent: argument.needsDecoding)
            if invalid {
                matches.append(RuleMatch(id: "protocol.invalid-encoding", family: .protocolAnomaly, score: 2, reason: "an invalid percent-encoding", location: argument.label))
            }
            var found: [AttackFamily: RuleMatch] = [:]
            for view in views {
                var local: [RuleMatch] = []
                // Most values of ordinary traffic (names, amounts, dates, identifiers) carry none of the
                // characters injection needs: only the detectors that work on words and dots run then.
                let detectors = Self.needsFullInspection(view) ? valueDetectors : plainDetectors
                for detector in detectors { detector.inspect(view, context: context, into: &local) }
                for match in local where (found[match.family]?.score ?? 0) < match.score {
                    var located = match
                    located.location = argument.label
                    found[match.family] = located
                }
            }
            matches.append(contentsOf: found.values.sorted { $0.id < $1.id })
        }
        matches.removeAll { policy.disabledFamilies.contains($0.family) }
        // The anomaly score: per family, the strongest match counts fully, further ones by one point.
        var byFamily: [AttackFamily: [Int]] = [:]
        for match in matches { byFamily[match.family, default: []].append(match.score) }
        var score = 0
        for (_, scores) in byFamily {
            let sorted = scores.sorted(by: >)
            score += sorted[0] + min(sorted.count - 1, 3)
        }
        return Verdict(matches: matches, score: score, blocked: policy.mode == .block && score >= policy.threshold, rejection: nil)
    }

    static func skipped(_ name: String, _ patterns: Set<String>) -> Bool {
        guard !patterns.isEmpty else { return false }
        if patterns.contains(name) { return true }
        return patterns.contains { $0.hasSuffix(".*") && name.hasPrefix($0.dropLast(1)) }
    }
}

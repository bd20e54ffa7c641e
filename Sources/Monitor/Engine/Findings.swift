// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// What one typology found in one event: which detector, how strongly, why in words, and the
/// values and thresholds behind it.
public struct Finding: Sendable, Hashable, Codable {
    /// The typology's id, e.g. `fan-in`.
    public var typology: String
    /// How far past its threshold the evidence is: 1 at the threshold, more above it.
    public var strength: Double
    /// A sentence an analyst understands, naming the values and the thresholds.
    public var message: String
    /// The measured values and the parameters they were compared with.
    public var values: [String: Double]
    /// Accounts the finding implicates besides the payment's two sides (e.g. a cycle's members).
    public var accounts: [String]

    public init(typology: String, strength: Double, message: String, values: [String: Double] = [:], accounts: [String] = []) {
        self.typology = typology
        self.strength = strength
        self.message = message
        self.values = values
        self.accounts = accounts
    }
}

/// Parameters of a typology as written in a scenario file: names to numbers, with defaults;
/// unknown names are refused.
public struct TypologyParameters: Sendable, Hashable {
    public var values: [String: Double]

    public init(_ values: [String: Double] = [:]) {
        self.values = values
    }

    /// The parameter `name`, or its default.
    public func value(_ name: String, _ defaultValue: Double) -> Double { values[name] ?? defaultValue }
}

/// An error in a scenario file, naming where.
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: String
    public var reason: String

    public init(_ location: String, _ reason: String) {
        self.location = location
        self.reason = reason
    }

    public var description: String { "\(location): \(reason)" }

    /// Why a file at `path` did not decode as a scenario document, named by its place in the file.
    public init(decoding error: any Error, path: String) {
        func place(_ path: [any CodingKey]) -> String { path.map(\.stringValue).joined(separator: ".") }
        switch error {
        case DecodingError.keyNotFound(let key, let context): self.init(place(context.codingPath + [key]), "is required")
        case DecodingError.typeMismatch(_, let context): self.init(place(context.codingPath), "has the wrong type")
        case DecodingError.dataCorrupted(let context):
            self.init(context.codingPath.isEmpty ? path : place(context.codingPath), context.debugDescription)
        default: self.init(path, "is not a scenario file: \(error)")
        }
    }
}

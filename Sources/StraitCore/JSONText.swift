// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// Builds compact JSON text by hand, for hot paths and canonical encodings.
///
/// Strings are escaped as RFC 8259 requires (`"`, `\`, and control characters; `\n`, `\r`, `\t`
/// in their short forms, others as `\u00XX`); everything else is written as is (UTF-8).
public struct JSONText: Sendable {
    public private(set) var text: String = ""
    private var needsComma: [Bool] = []

    public init() {
        text.reserveCapacity(256)
    }

    /// The JSON string literal for `value`.
    public static func quoted(_ value: String) -> String {
        var out = "\""
        escape(value, into: &out)
        out += "\""
        return out
    }

    /// Appends `value` escaped (without quotes) to `out`.
    public static func escape(_ value: String, into out: inout String) {
        // Fast path: nothing to escape.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += value
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
    }

    private mutating func separate() {
        if let last = needsComma.last {
            if last { text += "," }
            needsComma[needsComma.count - 1] = true
        }
    }

    /// Opens an object (as a value, or as the member `key` of the enclosing object).
    public mutating func beginObject(_ key: String? = nil) {
        member(key)
        text += "{"
        needsComma.append(false)
    }

    /// Closes the innermost object.
    public mutating func endObject() {
        needsComma.removeLast()
        text += "}"
    }

    /// Opens an array.
    public mutating func beginArray(_ key: String? = nil) {
        member(key)
        text += "["
        needsComma.append(false)
    }

    /// Closes the innermost array.
    public mutating func endArray() {
        needsComma.removeLast()
        text += "]"
    }

    private mutating func member(_ key: String?) {
        separate()
        if let key {
            text += "\""
            Self.escape(key, into: &text)
            text += "\":"
        }
    }

    /// Writes a string member (skipped when `value` is nil).
    public mutating func string(_ key: String?, _ value: String?) {
        guard let value else { return }
        member(key)
        text += "\""
        Self.escape(value, into: &text)
        text += "\""
    }

    /// Writes an integer member.
    public mutating func integer(_ key: String?, _ value: some BinaryInteger) {
        member(key)
        text += String(value)
    }

    /// Writes a boolean member.
    public mutating func bool(_ key: String?, _ value: Bool) {
        member(key)
        text += value ? "true" : "false"
    }

    /// Writes pre-encoded JSON as a member.
    public mutating func raw(_ key: String?, _ json: String) {
        member(key)
        text += json
    }
}

extension DecisionReason {
    /// `{"code":…,"message":…,"rule":…}` (keys sorted).
    public func write(to json: inout JSONText, key: String? = nil) {
        json.beginObject(key)
        json.string("code", code)
        json.string("message", message)
        json.string("rule", rule)
        json.endObject()
    }
}

extension Array where Element == DecisionReason {
    /// The reasons as a JSON array with sorted keys.
    public var jsonText: String {
        var json = JSONText()
        json.beginArray()
        for reason in self { reason.write(to: &json) }
        json.endArray()
        return json.text
    }
}

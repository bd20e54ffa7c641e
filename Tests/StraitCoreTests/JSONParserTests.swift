// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import StraitCore
import Testing

@Suite("Strict JSON parser")
struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test(
        "valid JSON parses",
        arguments: [
            ("{}", JSONValue.object([])),
            ("[]", .array([])),
            (" \n\t{\"a\" : [1, -2.5e3, true, false, null]} ", .object([("a", .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null]))])),
            ("\"\\u00e9\\n\\\"\\\\\\/\"", .string("é\n\"\\/")),
            ("\"\\ud83d\\ude00\"", .string("😀")),
            ("\"grüß\"", .string("grüß")),
            ("0", .number("0")),
            ("-0.0", .number("-0.0")),
        ]
    )
    func valid(text: String, expected: JSONValue) throws {
        #expect(try parse(text) == expected)
    }

    @Test(
        "invalid JSON is refused",
        arguments: [
            "", "{", "}", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "{a:1}", "'a'", "01", "1.", ".5", "-", "1e", "+1", "NaN", "tru",
            "\"\\x\"", "\"\\ud83d\"", "\"\\ude00\"", "\"a\u{01}b\"", "\"abc", "{} {}", "[1] x", "{\"a\":1,\"a\":2}",
        ]
    )
    func invalid(text: String) {
        #expect(throws: JSONSyntaxError.self) { try parse(text) }
    }

    @Test("invalid UTF-8 and excessive nesting are refused")
    func limits() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONSyntaxError.self) { try parse(String(repeating: "[", count: 65) + String(repeating: "]", count: 65)) }
        #expect((try? parse(String(repeating: "[", count: 64) + String(repeating: "]", count: 64))) != nil)
    }

    @Test("duplicate keys name the key and where it is")
    func duplicates() {
        do {
            _ = try parse(#"{"id":"a","amount":{},"id":"b"}"#)
            Issue.record("expected an error")
        } catch let error as JSONSyntaxError {
            #expect(error.reason == "duplicate key \"id\"")
            #expect(error.offset == 22)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("agrees with Foundation on a generated corpus")
    func agreesWithFoundation() throws {
        var generator = SystemRandomNumberGenerator()
        func value(_ depth: Int) -> Any {
            switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &generator) {
            case 0: return Int.random(in: -1_000_000...1_000_000, using: &generator)
            case 1: return ["a", "é", "😀", "x\"y", "back\\slash", "tab\t", ""].randomElement(using: &generator)!
            case 2: return Bool.random(using: &generator)
            case 3: return NSNull()
            case 4: return (0..<Int.random(in: 0...4, using: &generator)).map { _ in value(depth + 1) }
            default:
                var object: [String: Any] = [:]
                for i in 0..<Int.random(in: 0...4, using: &generator) { object["k\(i)"] = value(depth + 1) }
                return object
            }
        }
        for _ in 0..<300 {
            let document: [String: Any] = ["root": value(0)]
            let data = try JSONSerialization.data(withJSONObject: document)
            let parsed = try JSONParser.parse(Array(data))
            // Re-serialise ours through Foundation and compare as Foundation objects.
            func foundation(_ v: JSONValue) -> Any {
                switch v {
                case .null: return NSNull()
                case .bool(let b): return b
                case .number(let n): return Int(n)!
                case .string(let s): return s
                case .array(let a): return a.map(foundation)
                case .object(let m): return Dictionary(uniqueKeysWithValues: m.map { ($0.0, foundation($0.1)) })
                }
            }
            let ours = try JSONSerialization.data(withJSONObject: foundation(parsed), options: .sortedKeys)
            let theirs = try JSONSerialization.data(withJSONObject: document, options: .sortedKeys)
            #expect(ours == theirs)
        }
    }
}

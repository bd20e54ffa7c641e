// Strait — compliance gateway for cross-border fintech. Apache-2.0.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import StraitCore

/// A request as the firewall sees it: raw target, headers and the collected body.
public struct InspectedRequest: Sendable {
    public var method: String
    /// The request-target as sent: path and query, still encoded.
    public var target: String
    public var version: String
    /// Header fields in order (names as sent).
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, target: String, version: String = "HTTP/1.1", headers: [(name: String, value: String)], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// The first value of a header (case-insensitive name).
    public func header(_ name: String) -> String? {
        headers.first { Self.sameName($0.name, name) }?.value
    }

    /// `name.lowercased() == lowercase`, without building the lower-cased name when it is ASCII.
    static func sameName(_ name: String, _ lowercase: String) -> Bool {
        var name = name
        var lowercase = lowercase
        let ascii: Bool? = name.withUTF8 { a in
            lowercase.withUTF8 { b in
                for byte in a where byte >= 0x80 { return nil }  // Unicode lower-casing: the general comparison
                guard a.count == b.count else { return false }
                for index in 0..<a.count where (a[index] >= 0x41 && a[index] <= 0x5A ? a[index] | 0x20 : a[index]) != b[index] { return false }
                return true
            }
        }
        return ascii ?? (name.lowercased() == lowercase)
    }
}

/// Bounds on what the firewall parses.
public struct InspectionLimits: Sendable, Hashable {
    /// Largest body inspected; beyond it the request is refused (413).
    public var maxBodyBytes: Int
    /// Most named values (query, form, JSON leaves, XML, multipart, cookies) per request (400 beyond).
    public var maxArguments: Int
    /// Deepest JSON or XML nesting (400 beyond).
    public var maxDepth: Int
    /// Longest single value inspected in one piece; longer values are inspected in overlapping pieces of this size.
    public var maxValueBytes: Int

    public init(maxBodyBytes: Int = 1_048_576, maxArguments: Int = 1_024, maxDepth: Int = 32, maxValueBytes: Int = 65_536) {
        self.maxBodyBytes = maxBodyBytes
        self.maxArguments = maxArguments
        self.maxDepth = maxDepth
        self.maxValueBytes = maxValueBytes
    }
}

/// A request refused before inspection, with the HTTP status and a stable code.
public struct InspectionLimit: Error, Sendable, Hashable {
    public var status: Int
    public var code: String
    public var message: String
}

/// One named value of a request.
public struct Argument: Sendable {
    public var location: InspectionContext.Location
    public var name: String
    public var value: [UInt8]
    /// The value is still percent-encoded (query, form, cookie, path).
    public var needsDecoding: Bool

    public var label: String { "\(location.rawValue):\(name)" }
}

/// A request split into named values.
public struct ParsedRequest: Sendable {
    public var path: [UInt8]
    public var arguments: [Argument]
    /// The body's media type (lower case, without parameters).
    public var mediaType: String
    /// JSON object keys anywhere in the body (for operator injection).
    public var jsonKeys: [String]
    /// The raw body of an XML request (for entity declarations).
    public var xmlBody: [UInt8]?
}

/// Splits a request into named values: the path, query arguments, cookies, and the body as form
/// fields, JSON leaves, XML text and attributes, or multipart fields.
public enum RequestParser {
    /// Headers whose values are not inspected as arguments (structured, or checked by the protocol rules).
    static let uninspectedHeaders: Set<String> = [
        "host", "content-length", "content-type", "transfer-encoding", "connection", "keep-alive", "accept", "accept-encoding", "accept-language",
        "accept-charset", "cache-control", "pragma", "authorization", "proxy-authorization", "te", "upgrade", "dnt", "priority", "range",
        "x-request-id", "x-correlation-id", "x-amzn-trace-id", "traceparent", "tracestate", "idempotency-key", "content-encoding", "expect",
        "upgrade-insecure-requests", "via", "x-forwarded-proto", "x-forwarded-port",
    ]

    public static func parse(_ request: InspectedRequest, limits: InspectionLimits) -> Result<ParsedRequest, InspectionLimit> {
        guard request.body.count <= limits.maxBodyBytes else {
            return .failure(InspectionLimit(status: 413, code: "body_too_large", message: "the body exceeds the firewall's limit of \(limits.maxBodyBytes) bytes"))
        }
        var arguments: [Argument] = []
        // Names of identifier characters are counted towards the limit but not kept (nothing to judge).
        var uncounted = 0
        let target = Array(request.target.utf8)
        let question = target.firstIndex(of: 0x3F)
        let path = Array(target[..<(question ?? target.endIndex)])
        arguments.append(Argument(location: .path, name: "path", value: path, needsDecoding: true))
        if let question {
            let query = Array(target[(question + 1)...])
            if !query.isEmpty { formFields(query, location: .query, into: &arguments, uncounted: &uncounted) }
        }
        for header in request.headers {
            let name = header.name.lowercased()
            if name == "cookie" {
                for pair in header.value.split(separator: ";") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    let key = parts.first.map { String($0).trimmed(" ") } ?? ""
                    arguments.append(Argument(location: .cookie, name: key, value: Array((parts.count > 1 ? parts[1] : "").utf8), needsDecoding: true))
                    if key.utf8.count > 2 {
                        if key.utf8.withContiguousStorageIfAvailable(isIdentifier) == true {
                            uncounted += 1
                        } else {
                            arguments.append(Argument(location: .argumentName, name: "cookie", value: Array(key.utf8), needsDecoding: true))
                        }
                    }
                }
            } else if !uninspectedHeaders.contains(name), !name.hasPrefix("sec-"), !name.hasPrefix("if-") {
                arguments.append(Argument(location: .header, name: name, value: Array(header.value.utf8), needsDecoding: false))
            }
        }
        let contentType = request.header("content-type") ?? ""
        let mediaType = contentType.split(separator: ";").first.map { String($0).trimmed(" ").lowercased() } ?? ""
        var jsonKeys: [String] = []
        var xmlBody: [UInt8]?
        if !request.body.isEmpty {
            switch mediaType {
            case "application/x-www-form-urlencoded":
                formFields(request.body, location: .body, into: &arguments, uncounted: &uncounted)
            case _ where mediaType == "application/json" || mediaType.hasSuffix("+json") || mediaType == "text/json":
                if case .failure(let limit) = jsonFields(request.body, limits: limits, keys: &jsonKeys, into: &arguments, uncounted: &uncounted) { return .failure(limit) }
            case _ where mediaType.hasSuffix("/xml") || mediaType.hasSuffix("+xml"):
                xmlBody = request.body
                if case .failure(let limit) = xmlFields(request.body, limits: limits, into: &arguments, uncounted: uncounted) { return .failure(limit) }
            case "multipart/form-data":
                guard let boundary = parameter("boundary", of: contentType) else {
                    return .failure(InspectionLimit(status: 400, code: "malformed_multipart", message: "multipart/form-data without a boundary"))
                }
                if case .failure(let limit) = multipartFields(request.body, boundary: boundary, limits: limits, into: &arguments, uncounted: uncounted) { return .failure(limit) }
            default:
                // Unknown or missing type: a form if it looks like one, otherwise the body as one value.
                if mediaType.isEmpty, looksLikeForm(request.body) {
                    formFields(request.body, location: .body, into: &arguments, uncounted: &uncounted)
                } else if mediaType.isEmpty || mediaType.hasPrefix("text/") || mediaType == "application/javascript" {
                    // Sent without a type, a body is often form-encoded: the views decode it, '+' as a space.
                    let value = mediaType.isEmpty ? request.body.map { $0 == 0x2B ? 0x20 : $0 } : request.body
                    arguments.append(Argument(location: .body, name: "body", value: value, needsDecoding: mediaType.isEmpty))
                }
            }
        }
        guard arguments.count + uncounted <= limits.maxArguments else {
            return .failure(InspectionLimit(status: 400, code: "too_many_arguments", message: "the request carries more than \(limits.maxArguments) named values"))
        }
        // A value longer than `maxValueBytes` is judged in pieces of that size overlapping by 1 KB,
        // so that nothing hides after a long padding and no single view grows without bound.
        var pieces: [Argument] = []
        for index in arguments.indices where arguments[index].value.count > limits.maxValueBytes {
            let value = arguments[index].value
            let size = limits.maxValueBytes
            let overlap = min(1_024, size / 4)
            arguments[index].value = Array(value.prefix(size))
            var start = size - overlap
            while start < value.count {
                var piece = arguments[index]
                piece.value = Array(value[start..<min(value.count, start + size)])
                pieces.append(piece)
                start += size - overlap
            }
        }
        arguments.append(contentsOf: pieces)
        return .success(ParsedRequest(path: path, arguments: arguments, mediaType: mediaType, jsonKeys: jsonKeys, xmlBody: xmlBody))
    }

    static func parameter(_ name: String, of header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, String(pair[0]).trimmed(" ").lowercased() == name else { continue }
            var value = String(pair[1]).trimmed(" ")
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    static func looksLikeForm(_ body: [UInt8]) -> Bool {
        guard let equals = body.firstIndex(of: 0x3D), equals > 0 else { return false }
        return body[..<equals].allSatisfy { Normalizer.isAlnum($0) || [0x5F, 0x2D, 0x2E, 0x5B, 0x5D, 0x25].contains($0) }
    }

    /// `a=1&b=2` (with `+` as space); names are inspected too.
    static func formFields(_ bytes: [UInt8], location: InspectionContext.Location, into arguments: inout [Argument], uncounted: inout Int) {
        let n = bytes.count
        var start = 0
        while start < n {
            var end = start
            while end < n, bytes[end] != 0x26 { end += 1 }
            defer { start = end + 1 }
            guard end > start else { continue }  // empty pairs are skipped
            var equals = start
            while equals < end, bytes[equals] != 0x3D { equals += 1 }
            @inline(__always) func spaced(_ range: Range<Int>) -> [UInt8] { bytes[range].map { $0 == 0x2B ? 0x20 : $0 } }
            let rawName = spaced(start..<equals)
            let value = equals < end ? spaced((equals + 1)..<end) : []
            let name = String(decoding: rawName.contains(0x25) ? Normalizer.percentDecode(rawName).bytes : rawName, as: UTF8.self)
            arguments.append(Argument(location: location, name: name, value: value, needsDecoding: true))
            if rawName.count > 2 {
                if rawName.withUnsafeBufferPointer(isIdentifier) {
                    uncounted += 1
                } else {
                    arguments.append(Argument(location: .argumentName, name: name, value: rawName, needsDecoding: true))
                }
            }
        }
    }

    /// JSON leaves (strings; numbers and booleans carry no attack) named by their path.
    static func jsonFields(_ bytes: [UInt8], limits: InspectionLimits, keys: inout [String], into arguments: inout [Argument], uncounted: inout Int) -> Result<Void, InspectionLimit> {
        let argumentCount = arguments.count
        let keyCount = keys.count
        var scanner = JSONLeafScanner(limits: limits, counted: uncounted)
        swap(&scanner.arguments, &arguments)
        swap(&scanner.keys, &keys)
        let complete = bytes.withUnsafeBufferPointer { buffer in
            scanner.bytes = buffer
            defer { scanner.bytes = UnsafeBufferPointer(start: nil, count: 0) }
            return scanner.document()
        }
        swap(&scanner.arguments, &arguments)
        swap(&scanner.keys, &keys)
        if complete {
            uncounted += scanner.uncounted
            if scanner.tooDeep { return .failure(InspectionLimit(status: 400, code: "too_deep", message: "the JSON body nests deeper than \(limits.maxDepth) levels")) }
            return .success(())
        }
        // Not JSON, or JSON the scanner leaves to the full parser: the same leaves through JSONValue.
        arguments.removeSubrange(argumentCount...)
        keys.removeSubrange(keyCount...)
        return jsonFields(bytes, limits: limits, keys: &keys, into: &arguments, counted: uncounted)
    }

    /// A name of identifier characters only: the firewall does not judge it, so it is counted, not stored.
    @inline(__always) static func isIdentifier(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes {
            let letter = byte | 0x20
            guard (letter >= 0x61 && letter <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x2D else { return false }
        }
        return true
    }

    /// JSON leaves through `JSONParser` and `JSONValue` (any JSON; the scanner's fallback). `counted`:
    /// arguments counted towards the limit but not in `arguments`.
    static func jsonFields(_ bytes: [UInt8], limits: InspectionLimits, keys: inout [String], into arguments: inout [Argument], counted: Int) -> Result<Void, InspectionLimit> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            let reason = "\(error)"
            if reason.contains("nesting deeper") {
                return .failure(InspectionLimit(status: 400, code: "too_deep", message: "the JSON body nests deeper than \(limits.maxDepth) levels"))
            }
            // Not JSON after all: inspect it as text (whole: long values are judged in overlapping pieces).
            arguments.append(Argument(location: .body, name: "body", value: bytes, needsDecoding: false))
            return .success(())
        }
        var tooDeep = false
        func walk(_ value: JSONValue, _ path: String, _ depth: Int) {
            guard depth <= limits.maxDepth else {
                tooDeep = true
                return
            }
            switch value {
            case .string(let text):
                arguments.append(Argument(location: .body, name: path.isEmpty ? "body" : path, value: Array(text.utf8), needsDecoding: false))
            case .array(let elements):
                for (index, element) in elements.enumerated() where arguments.count + counted <= limits.maxArguments { walk(element, "\(path)[\(index)]", depth + 1) }
            case .object(let members):
                for (key, member) in members where arguments.count + counted <= limits.maxArguments {
                    keys.append(key)
                    if key.utf8.count > 2 { arguments.append(Argument(location: .argumentName, name: key, value: Array(key.utf8), needsDecoding: false)) }
                    walk(member, path.isEmpty ? key : "\(path).\(key)", depth + 1)
                }
            default:
                break
            }
        }
        walk(value, "", 0)
        if tooDeep { return .failure(InspectionLimit(status: 400, code: "too_deep", message: "the JSON body nests deeper than \(limits.maxDepth) levels")) }
        return .success(())
    }

    /// XML element text and attribute values, named by element; declarations kept for the XXE check.
    static func xmlFields(_ bytes: [UInt8], limits: InspectionLimits, into arguments: inout [Argument], uncounted: Int = 0) -> Result<Void, InspectionLimit> {
        var stack: [String] = []
        var i = 0
        let n = bytes.count
        var text: [UInt8] = []
        func flushText() {
            let trimmed = text.drop { $0 <= 0x20 }
            if !trimmed.isEmpty {
                arguments.append(Argument(location: .body, name: stack.last ?? "xml", value: Array(trimmed), needsDecoding: false))
            }
            text.removeAll(keepingCapacity: true)
        }
        while i < n {
            guard bytes[i] == 0x3C else {
                text.append(bytes[i])
                i += 1
                continue
            }
            flushText()
            if bytes[i...].starts(with: "<![CDATA[".utf8) {
                let start = i + 9
                var j = start
                while j + 2 < n, !(bytes[j] == 0x5D && bytes[j + 1] == 0x5D && bytes[j + 2] == 0x3E) { j += 1 }
                arguments.append(Argument(location: .body, name: stack.last ?? "xml", value: Array(bytes[start..<min(j, n)]), needsDecoding: false))
                i = min(n, j + 3)
                continue
            }
            // A tag, a declaration or a comment: up to the closing '>' outside quotes.
            var j = i + 1
            var quote: UInt8?
            while j < n {
                if let q = quote {
                    if bytes[j] == q { quote = nil }
                } else if bytes[j] == 0x22 || bytes[j] == 0x27 {
                    quote = bytes[j]
                } else if bytes[j] == 0x3E {
                    break
                }
                j += 1
            }
            let tag = Array(bytes[(i + 1)..<min(j, n)])
            i = min(n, j + 1)
            guard let first = tag.first else { continue }
            if first == 0x2F {
                if !stack.isEmpty { stack.removeLast() }
                continue
            }
            if first == 0x3F || first == 0x21 {
                if tag.count > 2 { arguments.append(Argument(location: .body, name: "xml-declaration", value: tag, needsDecoding: false)) }
                continue
            }
            let nameEnd = tag.firstIndex { $0 <= 0x20 || $0 == 0x2F } ?? tag.endIndex
            let name = String(decoding: tag[..<nameEnd], as: UTF8.self)
            // Attribute values.
            var k = nameEnd
            while k < tag.count {
                if tag[k] == 0x22 || tag[k] == 0x27 {
                    let q = tag[k]
                    let start = k + 1
                    var end = start
                    while end < tag.count, tag[end] != q { end += 1 }
                    arguments.append(Argument(location: .body, name: "\(name)@", value: Array(tag[start..<min(end, tag.count)]), needsDecoding: false))
                    k = end + 1
                } else {
                    k += 1
                }
            }
            if tag.last != 0x2F {
                stack.append(name)
                if stack.count > limits.maxDepth {
                    return .failure(InspectionLimit(status: 400, code: "too_deep", message: "the XML body nests deeper than \(limits.maxDepth) levels"))
                }
            }
            if arguments.count + uncounted > limits.maxArguments { break }
        }
        flushText()
        return .success(())
    }

    /// multipart/form-data: each part's name and filename; the content of parts that are not files.
    static func multipartFields(_ bytes: [UInt8], boundary: String, limits: InspectionLimits, into arguments: inout [Argument], uncounted: Int = 0) -> Result<Void, InspectionLimit> {
        let delimiter = Array("--\(boundary)".utf8)
        guard let first = bytes.find(delimiter) else {
            return .failure(InspectionLimit(status: 400, code: "malformed_multipart", message: "the multipart body does not contain its boundary"))
        }
        var cursor = first.upperBound
        var parts = 0
        while cursor < bytes.count, arguments.count + uncounted <= limits.maxArguments {
            if bytes[cursor...].starts(with: [0x2D, 0x2D]) { break }  // closing delimiter
            // Every part counts towards the argument limit, stored or not, so that the number of parts is bounded.
            parts += 1
            if parts > limits.maxArguments {
                return .failure(InspectionLimit(status: 400, code: "too_many_arguments", message: "the multipart body has more than \(limits.maxArguments) parts"))
            }
            // The part ends at the next delimiter: its headers are searched for only before it (one pass over the body).
            let next = bytes[cursor...].find(delimiter)
            let partEnd = next?.lowerBound ?? bytes.count
            let part = bytes[cursor..<partEnd]
            let crlf = part.find([0x0D, 0x0A, 0x0D, 0x0A])
            let lf = part.find([0x0A, 0x0A])
            guard let headerEnd = [crlf, lf].compactMap({ $0 }).min(by: { $0.lowerBound < $1.lowerBound }) else {
                guard let next else { break }
                cursor = next.upperBound
                continue
            }
            let headers = String(decoding: bytes[cursor..<headerEnd.lowerBound], as: UTF8.self)
            let contentStart = headerEnd.upperBound
            var contentEnd = partEnd
            if contentEnd - 2 >= contentStart, bytes[contentEnd - 2] == 0x0D, bytes[contentEnd - 1] == 0x0A { contentEnd -= 2 }
            var name = "part"
            var filename: String?
            var partType = ""
            for line in headers.split(whereSeparator: { $0 == "\r" || $0 == "\n" }) {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    name = parameter("name", of: String(line)) ?? name
                    filename = parameter("filename", of: String(line))
                    arguments.append(Argument(location: .header, name: "content-disposition", value: Array(line.utf8), needsDecoding: false))
                } else if lower.hasPrefix("content-type:") {
                    partType = String(lower.dropFirst("content-type:".count)).trimmed(" ")
                }
            }
            if let filename {
                arguments.append(Argument(location: .filename, name: name, value: Array(filename.utf8), needsDecoding: false))
            } else if partType.isEmpty || partType.hasPrefix("text/plain") {
                arguments.append(Argument(location: .body, name: name, value: Array(bytes[contentStart..<max(contentStart, contentEnd)]), needsDecoding: false))
            }
            guard let next else { break }
            cursor = next.upperBound
        }
        return .success(())
    }
}

/// The JSON leaves of a body in one pass over its bytes, without building a `JSONValue`: the same
/// arguments, keys and depth verdict as `RequestParser.jsonFields` over `JSONParser`'s value, for the
/// JSON it accepts with ASCII keys and at most 64 levels, and every occurrence of a repeated key.
/// `document()` is false for anything else (not JSON, non-ASCII keys, invalid UTF-8…): the caller then uses the
/// full parser, so what counts as JSON stays `JSONParser`'s decision.
struct JSONLeafScanner {
    var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    var index = 0
    let limits: InspectionLimits
    var arguments: [Argument] = []
    var keys: [String] = []
    /// Arguments counted towards the limit but not stored (names of identifier characters).
    var uncounted = 0
    /// Arguments counted but not stored before the body's (those stored are in `arguments`, swapped in).
    let counted: Int
    var tooDeep = false
    /// The JSON path of the current value (`a.b[2].c`).
    var path: [UInt8] = []
    /// The current string, unescaped.
    var text: [UInt8] = []
    /// Keys of the objects being read (innermost last), for the duplicate check: bytes, and ranges.
    var keyBytes: [UInt8] = []
    var objectKeys: [Range<Int>] = []
    /// Whether `text` holds a byte of 0x80 or above.
    var textIsASCII = true

    init(limits: InspectionLimits, counted: Int) {
        self.limits = limits
        self.counted = counted
    }

    /// What `jsonFields`' walk compares with the limit: all the request's arguments so far.
    var count: Int { counted + arguments.count + uncounted }

    mutating func document() -> Bool {
        skipWhitespace()
        guard value(depth: 0, visit: true) else { return false }
        skipWhitespace()
        return index == bytes.count
    }

    @inline(__always) mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
    }

    /// Reads one value; `visit` when `jsonFields`' walk would visit it (within the argument limit).
    mutating func value(depth: Int, visit: Bool) -> Bool {
        guard index < bytes.count else { return false }
        var visit = visit
        if visit, depth > limits.maxDepth {
            tooDeep = true
            visit = false
        }
        switch bytes[index] {
        case 0x7B:  // {
            guard depth < JSONParser.maxDepth else { return false }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == 0x7D {
                index += 1
                return true
            }
            let firstKey = objectKeys.count
            let firstKeyByte = keyBytes.count
            defer {
                objectKeys.removeLast(objectKeys.count - firstKey)
                keyBytes.removeLast(keyBytes.count - firstKeyByte)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == 0x22, string(), textIsASCII else { return false }
                // A repeated key is read like any other: every occurrence is judged, so whichever one
                // the upstream keeps has been inspected.
                objectKeys.append(keyBytes.count..<(keyBytes.count + text.count))
                keyBytes.append(contentsOf: text)
                skipWhitespace()
                guard index < bytes.count, bytes[index] == 0x3A else { return false }
                index += 1
                skipWhitespace()
                let member = visit && count <= limits.maxArguments
                let pathLength = path.count
                if member {
                    let key = String(decoding: text, as: UTF8.self)
                    keys.append(key)
                    if text.count > 2 {
                        if text.withUnsafeBufferPointer(RequestParser.isIdentifier) {
                            uncounted += 1
                        } else {
                            arguments.append(Argument(location: .argumentName, name: key, value: text, needsDecoding: false))
                        }
                    }
                    if !path.isEmpty { path.append(0x2E) }
                    path.append(contentsOf: text)
                }
                guard value(depth: depth + 1, visit: member) else { return false }
                path.removeLast(path.count - pathLength)
                skipWhitespace()
                guard index < bytes.count else { return false }
                if bytes[index] == 0x2C {
                    index += 1
                    continue
                }
                guard bytes[index] == 0x7D else { return false }
                index += 1
                return true
            }
        case 0x5B:  // [
            guard depth < JSONParser.maxDepth else { return false }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == 0x5D {
                index += 1
                return true
            }
            var element = 0
            while true {
                skipWhitespace()
                let member = visit && count <= limits.maxArguments
                let pathLength = path.count
                if member {
                    path.append(0x5B)
                    let digitsStart = path.count
                    var rest = element
                    repeat {
                        path.append(UInt8(0x30 + rest % 10))
                        rest /= 10
                    } while rest > 0
                    path[digitsStart...].reverse()
                    path.append(0x5D)
                }
                guard value(depth: depth + 1, visit: member) else { return false }
                path.removeLast(path.count - pathLength)
                element += 1
                skipWhitespace()
                guard index < bytes.count else { return false }
                if bytes[index] == 0x2C {
                    index += 1
                    continue
                }
                guard bytes[index] == 0x5D else { return false }
                index += 1
                return true
            }
        case 0x22:
            // Most strings have no escape: the value is copied once, from the body.
            let start = index + 1
            var end = start
            var high: UInt8 = 0
            while end < bytes.count, bytes[end] != 0x22, bytes[end] != 0x5C, bytes[end] >= 0x20 {
                high |= bytes[end]
                end += 1
            }
            if end < bytes.count, bytes[end] == 0x22 {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
                index = end + 1
                if high >= 0x80, String(validating: raw, as: UTF8.self) == nil { return false }
                if visit {
                    arguments.append(Argument(location: .body, name: path.isEmpty ? "body" : String(decoding: path, as: UTF8.self), value: Array(raw), needsDecoding: false))
                }
                return true
            }
            guard string() else { return false }
            if !textIsASCII, String(validating: text, as: UTF8.self) == nil { return false }
            if visit {
                arguments.append(Argument(location: .body, name: path.isEmpty ? "body" : String(decoding: path, as: UTF8.self), value: text, needsDecoding: false))
            }
            return true
        case 0x74: return literal("true")
        case 0x66: return literal("false")
        case 0x6E: return literal("null")
        case 0x2D, 0x30...0x39: return number()
        default: return false
        }
    }

    mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count, memcmp(bytes.baseAddress! + index, word.utf8Start, count) == 0 else { return false }
        index += count
        return true
    }

    /// RFC 8259 number grammar (as `JSONParser.parseNumber`).
    mutating func number() -> Bool {
        @inline(__always) func digit(_ at: Int) -> Bool { at < bytes.count && bytes[at] >= 0x30 && bytes[at] <= 0x39 }
        if bytes[index] == 0x2D { index += 1 }
        guard index < bytes.count else { return false }
        if bytes[index] == 0x30 {
            index += 1
        } else if digit(index) {
            while digit(index) { index += 1 }
        } else {
            return false
        }
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            guard digit(index) else { return false }
            while digit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] | 0x20 == 0x65 {
            index += 1
            if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            guard digit(index) else { return false }
            while digit(index) { index += 1 }
        }
        return true
    }

    /// Reads the string at `index` (a quote) into `text`, unescaped; false when it is not valid JSON.
    mutating func string() -> Bool {
        text.removeAll(keepingCapacity: true)
        index += 1
        let start = index
        var high: UInt8 = 0
        defer { textIsASCII = high < 0x80 }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                index += 1
                return true
            }
            if byte == 0x5C || byte < 0x20 { break }
            high |= byte
            index += 1
        }
        text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                index += 1
                return true
            }
            guard byte >= 0x20 else { return false }
            guard byte == 0x5C else {
                text.append(byte)
                high |= byte
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { return false }
            let escape = bytes[index]
            index += 1
            switch escape {
            case 0x22, 0x5C, 0x2F: text.append(escape)
            case 0x62: text.append(0x08)
            case 0x66: text.append(0x0C)
            case 0x6E: text.append(0x0A)
            case 0x72: text.append(0x0D)
            case 0x74: text.append(0x09)
            case 0x75:
                guard var scalar = hex4() else { return false }
                if (0xD800...0xDBFF).contains(scalar) {
                    guard index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else { return false }
                    index += 2
                    guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return false }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    return false
                }
                guard let unicode = Unicode.Scalar(scalar) else { return false }
                if scalar >= 0x80 { high = 0x80 }
                UTF8.encode(unicode) { text.append($0) }
            default:
                return false
            }
        }
        return false
    }

    mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Normalizer.hex(bytes[index]) else { return nil }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}

extension String {
    func trimmed(_ set: String) -> String {
        // A one-byte set (" "): a first or last Character in it starts or ends with that byte.
        if set.utf8.count == 1, let byte = set.utf8.first, utf8.first != byte, utf8.last != byte { return self }
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}

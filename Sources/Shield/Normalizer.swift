// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// Decoding and folding of request values before detection.
///
/// Every function here is a single pass (or a bounded number of passes) over its input, with
/// output no longer than a small multiple of it: no input can make normalisation slow.
public enum Normalizer {
    /// Percent-decoding (`%41`, `+` as space when `plus`), and whether the input held an invalid escape.
    public static func percentDecode(_ input: [UInt8], plus: Bool = false) -> (bytes: [UInt8], invalid: Bool) {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var invalid = false
        var i = 0
        while i < input.count {
            let byte = input[i]
            if byte == 0x25 {
                if i + 2 < input.count, let high = hex(input[i + 1]), let low = hex(input[i + 2]) {
                    out.append(high << 4 | low)
                    i += 3
                    continue
                }
                // %uXXXX (IIS style)
                if i + 5 < input.count, input[i + 1] | 0x20 == 0x75, let a = hex(input[i + 2]), let b = hex(input[i + 3]), let c = hex(input[i + 4]),
                    let d = hex(input[i + 5])
                {
                    appendScalar(UInt32(a) << 12 | UInt32(b) << 8 | UInt32(c) << 4 | UInt32(d), into: &out)
                    i += 6
                    continue
                }
                invalid = true
                out.append(byte)
            } else if plus && byte == 0x2B {
                out.append(0x20)
            } else {
                out.append(byte)
            }
            i += 1
        }
        return (out, invalid)
    }

    /// HTML character references: named ones an attacker uses (`&lt;`, `&colon;`, …), decimal and hex.
    public static func htmlEntityDecode(_ input: [UInt8]) -> [UInt8] {
        guard input.contains(0x26) else { return input }
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            guard input[i] == 0x26 else {
                out.append(input[i])
                i += 1
                continue
            }
            var j = i + 1
            if j < input.count, input[j] == 0x23 {
                // &#123; or &#x7B; (the semicolon is optional, as browsers accept)
                j += 1
                var isHex = false
                if j < input.count, input[j] | 0x20 == 0x78 {
                    isHex = true
                    j += 1
                }
                // Leading zeros do not count towards the digit limit (&#0000000060;).
                var zeros = false
                while j < input.count, input[j] == 0x30 {
                    zeros = true
                    j += 1
                }
                var value: UInt32 = 0
                var digits = 0
                while j < input.count, digits < 8 {
                    if isHex, let h = hex(input[j]) {
                        value = value &* 16 &+ UInt32(h)
                    } else if !isHex, (0x30...0x39).contains(input[j]) {
                        value = value &* 10 &+ UInt32(input[j] - 0x30)
                    } else {
                        break
                    }
                    digits += 1
                    j += 1
                }
                if digits > 0 || zeros {
                    if j < input.count, input[j] == 0x3B { j += 1 }
                    appendScalar(value, into: &out)
                    i = j
                    continue
                }
            } else {
                var name: [UInt8] = []
                while j < input.count, name.count < 10, isAlnum(input[j]) {
                    name.append(input[j] | 0x20)
                    j += 1
                }
                if let replacement = entities[name] {
                    if j < input.count, input[j] == 0x3B { j += 1 }
                    out.append(contentsOf: replacement)
                    i = j
                    continue
                }
            }
            out.append(input[i])
            i += 1
        }
        return out
    }

    private static let entities: [[UInt8]: [UInt8]] = {
        let table: [(String, String)] = [
            ("lt", "<"), ("gt", ">"), ("amp", "&"), ("quot", "\""), ("apos", "'"), ("colon", ":"), ("lpar", "("), ("rpar", ")"),
            ("sol", "/"), ("bsol", "\\"), ("semi", ";"), ("equals", "="), ("tab", "\t"), ("newline", "\n"), ("nbsp", " "), ("grave", "`"),
            ("lsqb", "["), ("rsqb", "]"), ("lbrace", "{"), ("rbrace", "}"), ("excl", "!"), ("num", "#"), ("dollar", "$"), ("percnt", "%"),
            ("period", "."), ("comma", ","), ("plus", "+"), ("ast", "*"), ("quest", "?"), ("vert", "|"),
        ]
        var map: [[UInt8]: [UInt8]] = [:]
        for (name, value) in table { map[Array(name.utf8)] = Array(value.utf8) }
        return map
    }()

    /// Backslash escapes of JavaScript, JSON and CSS: `\u0041`, `\u{41}`, `\x41`, `\101` (octal), `\41 ` (CSS).
    public static func unicodeEscapeDecode(_ input: [UInt8]) -> [UInt8] {
        guard input.contains(0x5C) else { return input }
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            guard input[i] == 0x5C, i + 1 < input.count else {
                out.append(input[i])
                i += 1
                continue
            }
            let kind = input[i + 1] | 0x20
            if kind == 0x75 {  // \u
                if i + 2 < input.count, input[i + 2] == 0x7B {  // \u{…}
                    var j = i + 3
                    var value: UInt32 = 0
                    var digits = 0
                    while j < input.count, digits < 6, let h = hex(input[j]) {
                        value = value << 4 | UInt32(h)
                        digits += 1
                        j += 1
                    }
                    if digits > 0, j < input.count, input[j] == 0x7D {
                        appendScalar(value, into: &out)
                        i = j + 1
                        continue
                    }
                } else if i + 5 < input.count, let a = hex(input[i + 2]), let b = hex(input[i + 3]), let c = hex(input[i + 4]), let d = hex(input[i + 5]) {
                    appendScalar(UInt32(a) << 12 | UInt32(b) << 8 | UInt32(c) << 4 | UInt32(d), into: &out)
                    i += 6
                    continue
                }
            } else if kind == 0x78, i + 3 < input.count, let a = hex(input[i + 2]), let b = hex(input[i + 3]) {  // \x41
                out.append(a << 4 | b)
                i += 4
                continue
            } else if (0x30...0x37).contains(input[i + 1]) {  // \101 octal
                var j = i + 1
                var value: UInt32 = 0
                while j < input.count, j < i + 4, (0x30...0x37).contains(input[j]) {
                    value = value * 8 + UInt32(input[j] - 0x30)
                    j += 1
                }
                if value < 256 {
                    out.append(UInt8(value))
                    i = j
                    continue
                }
            }
            out.append(input[i])
            i += 1
        }
        return out
    }

    /// Full-width ASCII forms (U+FF01…U+FF5E) and the ideographic space to ASCII; other bytes unchanged.
    public static func foldFullWidth(_ input: [UInt8]) -> [UInt8] {
        guard input.contains(0xEF) || input.contains(0xE3) else { return input }
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            // U+FF01…U+FF5E: EF BC 81…EF BD 9E
            if input[i] == 0xEF, i + 2 < input.count, input[i + 1] == 0xBC || input[i + 1] == 0xBD {
                let scalar = (UInt32(input[i]) & 0x0F) << 12 | (UInt32(input[i + 1]) & 0x3F) << 6 | UInt32(input[i + 2]) & 0x3F
                if (0xFF01...0xFF5E).contains(scalar) {
                    out.append(UInt8(scalar - 0xFF01 + 0x21))
                    i += 3
                    continue
                }
            }
            if input[i] == 0xE3, i + 2 < input.count, input[i + 1] == 0x80, input[i + 2] == 0x80 {  // U+3000
                out.append(0x20)
                i += 3
                continue
            }
            out.append(input[i])
            i += 1
        }
        return out
    }

    /// Overlong UTF-8 forms of ASCII as ASCII: `C0 AF` and `E0 80 AF` are `/`, `C0 AE` is `.` (the
    /// decoders of some servers accept them). A `C0`/`C1` lead byte takes any next byte the way IIS
    /// did (`C1 1C` is `\\`). Other bytes unchanged; the input itself when there is none.
    public static func overlongDecode(_ input: [UInt8]) -> [UInt8] {
        guard input.contains(where: { $0 == 0xC0 || $0 == 0xC1 || $0 == 0xE0 || $0 == 0xF0 }) else { return input }
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = 0
        let n = input.count
        @inline(__always) func continuation(_ index: Int) -> Bool { index < n && input[index] & 0xC0 == 0x80 }
        while i < n {
            let byte = input[i]
            if byte == 0xC0 || byte == 0xC1, i + 1 < n {
                out.append((byte & 0x01) << 6 | input[i + 1] & 0x3F)
                i += 2
                continue
            }
            if byte == 0xE0, continuation(i + 1), input[i + 1] < 0xA0, continuation(i + 2), input[i + 1] & 0x3F < 0x02 {
                out.append((input[i + 1] & 0x3F) << 6 | input[i + 2] & 0x3F)
                i += 3
                continue
            }
            if byte == 0xF0, continuation(i + 1), input[i + 1] == 0x80, continuation(i + 2), input[i + 2] & 0x3F < 0x02, continuation(i + 3) {
                out.append((input[i + 2] & 0x3F) << 6 | input[i + 3] & 0x3F)
                i += 4
                continue
            }
            out.append(byte)
            i += 1
        }
        return out
    }

    /// UTF-7 shifted sequences of ASCII (`+ADw-script+AD4-` is `<script>`): each `+…-` run of base64
    /// that decodes to ASCII UTF-16 code units is replaced by them; `+-` is `+`. Nil when the input has
    /// no such run (most values with a `+`: phone numbers, time zones).
    public static func utf7Decode(_ input: [UInt8]) -> [UInt8]? {
        guard input.contains(0x2B) else { return nil }
        var out: [UInt8] = []
        var decodedAny = false
        var i = 0
        let n = input.count
        while i < n {
            guard input[i] == 0x2B, i + 1 < n else {
                out.append(input[i])
                i += 1
                continue
            }
            var j = i + 1
            var bits: UInt32 = 0
            var count = 0
            var units: [UInt8] = []
            var ascii = true
            while j < n, let value = base64Value(input[j]) {
                bits = bits << 6 | UInt32(value)
                count += 6
                if count >= 16 {
                    count -= 16
                    let unit = (bits >> UInt32(count)) & 0xFFFF
                    if unit == 0 || unit >= 0x80 { ascii = false }
                    units.append(UInt8(truncatingIfNeeded: unit))
                }
                bits &= (1 << UInt32(count)) - 1
                j += 1
            }
            if ascii, !units.isEmpty {
                out.append(contentsOf: units)
                decodedAny = true
                i = j < n && input[j] == 0x2D ? j + 1 : j
            } else if j == i + 1, j < n, input[j] == 0x2D {
                out.append(0x2B)  // "+-"
                i = j + 1
            } else {
                // Not UTF-7 of ASCII: the run as it is.
                out.append(contentsOf: input[i..<j])
                i = j
            }
        }
        return decodedAny ? out : nil
    }

    @inline(__always) static func base64Value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x41...0x5A: byte - 0x41
        case 0x61...0x7A: byte - 0x61 + 26
        case 0x30...0x39: byte - 0x30 + 52
        case 0x2B: 62
        case 0x2F: 63
        default: nil
        }
    }

    /// ASCII lower case, NUL bytes removed, runs of white space (and `/**/`-style SQL comments when
    /// `sqlComments`) folded to one space.
    public static func fold(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var lastSpace = false
        for byte in input {
            if byte == 0 { continue }
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                if !lastSpace { out.append(0x20) }
                lastSpace = true
                continue
            }
            lastSpace = false
            out.append((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
        }
        return out
    }

    /// `fold` into `out` (room for `input.count` bytes), with what the firewall needs to know of the
    /// value in the same pass: whether the result holds a byte injection needs (`Firewall.special`),
    /// and whether the input has anything `views(of:)` decodes (otherwise its fast path applies).
    static func fold(_ input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> (count: Int, special: Bool, encoded: Bool, plus: Bool) {
        var count = 0
        var flags: UInt8 = 0
        var lastSpace = false
        let byteFlags = Self.byteFlags
        for byte in input {
            if byte == 0 { continue }
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                if !lastSpace {
                    out[count] = 0x20
                    count += 1
                }
                lastSpace = true
                continue
            }
            lastSpace = false
            flags |= byteFlags[Int(byte)]
            out[count] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            count += 1
        }
        return (count, flags & 1 != 0, flags & 2 != 0, flags & 4 != 0)
    }

    /// Per byte: 1 when it is special (`Firewall.special`; letters and white space never are), 2
    /// when `views(of:)` has something to decode (`decodable`), 4 for `+` (UTF-7).
    private static let byteFlagsTable: [UInt8] = (0..<256).map { byte in
        (Firewall.special[byte] ? 1 : 0) | (decodable.contains(UInt8(byte)) ? 2 : 0) | (byte == 0x2B ? 4 : 0)
    }

    /// Whether `views(of:)` has anything to decode in a value (its fast path otherwise).
    static func hasEncodedBytes(_ raw: [UInt8]) -> Bool {
        let byteFlags = Self.byteFlags
        return raw.contains { byteFlags[Int($0)] & 2 != 0 }
    }

    /// Bytes that send a value through the decoding views: `%`, `&`, `\\`, quotes, `@` (the shell
    /// view), lead bytes of full-width forms and of overlong UTF-8.
    static let decodable: Set<UInt8> = [0x25, 0x26, 0x5C, 0x27, 0x22, 0x40, 0xEF, 0xE3, 0xC0, 0xC1, 0xE0, 0xF0]
    /// The same table in memory allocated once and never written after (read in the fold loop).
    nonisolated(unsafe) private static let byteFlags: UnsafeMutablePointer<UInt8> = {
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        _ = UnsafeMutableBufferPointer(start: pointer, count: 256).initialize(from: byteFlagsTable)
        return pointer
    }()

    /// `base64Text(input) ?? hexText(input)` without allocating for the values (most) that are neither.
    static func encodedText(_ input: [UInt8]) -> [UInt8]? {
        guard input.count >= 8, input.count <= 65_536 else { return nil }
        var base64 = true
        var hexDigits = true
        var padding = false
        for (index, byte) in input.enumerated() {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A:
                if padding { base64 = false }
                if hex(byte) == nil, !(index == 1 && byte | 0x20 == 0x78 && input[0] == 0x30) { hexDigits = false }
            case 0x30...0x39:
                if padding { base64 = false }
            case 0x2B, 0x2D, 0x2F, 0x5F:
                if padding { base64 = false }
                hexDigits = false
            case 0x3D:
                padding = true
                hexDigits = false
            default:
                return nil
            }
            if !base64, !hexDigits { return nil }
        }
        return (base64 ? base64Text(input) : nil) ?? (hexDigits ? hexText(input) : nil)
    }

    /// The text a value decodes to when it is base64 (standard or URL alphabet) of printable text, if it is.
    public static func base64Text(_ input: [UInt8]) -> [UInt8]? {
        guard input.count >= 8, input.count <= 65_536 else { return nil }
        var bits: UInt32 = 0
        var count = 0
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 3 / 4)
        var padding = 0
        for byte in input {
            let value: UInt8
            switch byte {
            case 0x41...0x5A: value = byte - 0x41
            case 0x61...0x7A: value = byte - 0x61 + 26
            case 0x30...0x39: value = byte - 0x30 + 52
            case 0x2B, 0x2D: value = 62
            case 0x2F, 0x5F: value = 63
            case 0x3D:
                padding += 1
                continue
            default: return nil
            }
            guard padding == 0 else { return nil }
            bits = bits << 6 | UInt32(value)
            count += 6
            if count >= 8 {
                count -= 8
                out.append(UInt8((bits >> UInt32(count)) & 0xFF))
            }
        }
        return isPrintableText(out) ? out : nil
    }

    /// The text of a hex string (`0x…` or an even run of hex digits) when it is printable text.
    public static func hexText(_ input: [UInt8]) -> [UInt8]? {
        var digits = input[...]
        if digits.count > 2, digits[digits.startIndex] == 0x30, digits[digits.startIndex + 1] | 0x20 == 0x78 { digits = digits.dropFirst(2) }
        guard digits.count >= 8, digits.count % 2 == 0, digits.count <= 65_536 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var index = digits.startIndex
        while index < digits.endIndex {
            guard let high = hex(digits[index]), let low = hex(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return isPrintableText(out) ? out : nil
    }

    /// Mostly printable ASCII (or UTF-8) with some letters: a decoded value worth inspecting.
    static func isPrintableText(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        var printable = 0
        var letters = 0
        for byte in bytes {
            if (0x20...0x7E).contains(byte) || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte >= 0x80 { printable += 1 }
            if (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) { letters += 1 }
        }
        return printable * 100 >= bytes.count * 97 && letters * 4 >= bytes.count && String(validating: bytes, as: UTF8.self) != nil
    }

    /// The views of a value the detectors look at: decoded up to twice, entities and escapes
    /// resolved, full-width folded; each also lower-cased with white space folded. Duplicates removed.
    /// Evasion decodings come last, as extra views: further `%25` layers (up to four in all), overlong
    /// UTF-8, UTF-7. Every step is one pass, so a view costs time linear in the value.
    public static func views(of raw: [UInt8], decodePercent: Bool) -> (views: [[UInt8]], invalidEncoding: Bool) {
        // Fast path: nothing to decode (no '%', '&', '\\', quotes, '@', full-width or overlong lead bytes).
        if !hasEncodedBytes(raw) {
            let folded = fold(raw)
            var out = [folded]
            if raw.count >= 16, let text = encodedText(raw) {
                let decoded = fold(text)
                if decoded != folded { out.append(decoded) }
            }
            if let text = utf7Decode(raw) {
                let decoded = fold(resolve(text))
                if !out.contains(decoded) { out.append(decoded) }
            }
            return (out, false)
        }
        var invalid = false
        var stage = raw
        if decodePercent {
            let once = percentDecode(raw, plus: false)
            invalid = once.invalid
            stage = once.bytes
        }
        var candidates: [[UInt8]] = [stage]
        // A second percent-decoding (double encoding).
        if stage.contains(0x25) {
            let twice = percentDecode(stage).bytes
            if twice != stage { candidates.append(twice) }
        }
        var decoded: [[UInt8]] = []
        for candidate in candidates {
            let resolved = resolve(candidate)
            decoded.append(resolved)
            if resolved != candidate { decoded.append(candidate) }
        }
        if let text = encodedText(raw) { decoded.append(text) }
        // The shell's view: quotes, backslashes and `$@` vanish (c'a't /e"t"c/pa\sswd).
        if let first = decoded.first, first.contains(where: { $0 == 0x27 || $0 == 0x22 || $0 == 0x5C || $0 == 0x40 }) {
            var shell: [UInt8] = []
            shell.reserveCapacity(first.count)
            var i = 0
            while i < first.count {
                let c = first[i]
                if c == 0x24, i + 1 < first.count, first[i + 1] == 0x40 { i += 2; continue }
                if c != 0x27, c != 0x22, c != 0x5C { shell.append(c) }
                i += 1
            }
            if shell != first { decoded.append(shell) }
        }
        // Evasions: more layers of percent-encoding (%252525…, bounded), overlong UTF-8, UTF-7.
        var layer = candidates[candidates.count - 1]
        for _ in 0..<2 where layer.contains(0x25) {
            let next = percentDecode(layer).bytes
            if next == layer { break }
            candidates.append(next)
            decoded.append(resolve(next))
            layer = next
        }
        for candidate in candidates {
            let overlong = overlongDecode(candidate)
            if overlong != candidate { decoded.append(resolve(overlong)) }
        }
        if let text = utf7Decode(stage) { decoded.append(resolve(text)) }
        var out: [[UInt8]] = []
        var seen = Set<[UInt8]>()
        for view in decoded {
            let folded = fold(view)
            if seen.insert(folded).inserted { out.append(folded) }
        }
        return (out, invalid)
    }

    /// Entities, escapes and full-width forms resolved.
    static func resolve(_ value: [UInt8]) -> [UInt8] {
        foldFullWidth(unicodeEscapeDecode(htmlEntityDecode(value)))
    }

    // MARK: - Helpers

    @inline(__always) static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    @inline(__always) static func isAlnum(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// Appends a Unicode scalar as UTF-8 (invalid scalars as U+FFFD).
    static func appendScalar(_ value: UInt32, into out: inout [UInt8]) {
        guard let scalar = Unicode.Scalar(value) else {
            out.append(contentsOf: [0xEF, 0xBF, 0xBD])
            return
        }
        if value < 0x80 {
            out.append(UInt8(value))
        } else {
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
    }
}

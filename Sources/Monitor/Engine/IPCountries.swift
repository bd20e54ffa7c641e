// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

// MARK: - Addresses

/// Textual IPv4 and IPv6 addresses as 128-bit numbers.
///
/// IPv6 addresses are their own 128-bit value; an IPv4 address `a.b.c.d` is mapped into
/// `::ffff:0:0/96` (`::ffff:a.b.c.d`), so one number line holds both families.
///
/// What is accepted, in one pass over the bytes and without the platform's resolver:
/// - IPv4: exactly four decimal parts separated by dots, each at most 255. Leading zeros are
///   read as decimal (`010.1.1.1` is 10.1.1.1, never octal); empty parts, signs, hex parts and
///   any other character are rejected.
/// - IPv6: eight groups of one to four hex digits (either case) separated by colons, or fewer
///   groups with a single `::` standing for at least one zero group (at the start, middle or
///   end); the last 32 bits may be written as an IPv4 address (`::ffff:192.0.2.1`,
///   `64:ff9b::192.0.2.1`). A second `::`, more than eight groups, a group of five digits or a
///   lone leading or trailing colon are rejected.
/// - Zone identifiers (`fe80::1%eth0`), brackets, ports, prefixes and surrounding whitespace
///   are rejected, not stripped: a scoped link-local address never has a country.
public enum IPAddressParser {
    /// `::ffff:0:0`, the first address of the IPv4-mapped block.
    public static let ipv4MappedPrefix: UInt128 = 0xffff_0000_0000

    /// An IPv4 or IPv6 address as a 128-bit number (IPv4 mapped into `::ffff:0:0/96`), or nil
    /// when `text` is not exactly one address.
    public static func parse(_ text: String) -> UInt128? {
        var text = text
        return text.withUTF8 { address(UnsafeRawBufferPointer($0), 0, $0.count) }
    }

    /// A dotted-quad IPv4 address as a 32-bit number, or nil.
    public static func parseIPv4(_ text: String) -> UInt32? {
        var text = text
        return text.withUTF8 { ipv4(UnsafeRawBufferPointer($0), 0, $0.count) }
    }

    /// A textual IPv6 address as a 128-bit number, or nil (a dotted quad alone is not IPv6).
    public static func parseIPv6(_ text: String) -> UInt128? {
        var text = text
        return text.withUTF8 { ipv6(UnsafeRawBufferPointer($0), 0, $0.count) }
    }

    /// The IPv4-mapped IPv6 address of an IPv4 address.
    public static func mapped(_ ipv4: UInt32) -> UInt128 { ipv4MappedPrefix | UInt128(ipv4) }

    /// The IPv4 address inside an IPv4-mapped address, or nil for any other address.
    public static func ipv4(of address: UInt128) -> UInt32? {
        address >> 32 == 0xffff ? UInt32(truncatingIfNeeded: address) : nil
    }

    /// The canonical text of an address: a dotted quad for IPv4-mapped addresses, otherwise
    /// RFC 5952 form (lower-case hex, no leading zeros, the longest run of two or more zero
    /// groups, the first of equal runs, written `::`).
    public static func format(_ address: UInt128) -> String {
        if let v4 = ipv4(of: address) {
            return "\(v4 >> 24).\(v4 >> 16 & 0xff).\(v4 >> 8 & 0xff).\(v4 & 0xff)"
        }
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: address >> (112 - 16 * $0)) }
        var bestStart = -1, bestLength = 1, runStart = -1
        for index in 0...8 {
            if index < 8 && groups[index] == 0 {
                if runStart < 0 { runStart = index }
            } else if runStart >= 0 {
                if index - runStart > bestLength { (bestStart, bestLength) = (runStart, index - runStart) }
                runStart = -1
            }
        }
        var text = ""
        var index = 0
        while index < 8 {
            if index == bestStart {
                text += "::"
                index += bestLength
                continue
            }
            if !text.isEmpty && !text.hasSuffix(":") { text += ":" }
            text += String(groups[index], radix: 16)
            index += 1
        }
        return text
    }

    // MARK: Byte-level parsing (shared with the file reader, which never makes per-field strings)

    static let colon = UInt8(ascii: ":"), dot = UInt8(ascii: "."), slash = UInt8(ascii: "/")

    /// The address in `bytes[start..<end]`: IPv6 when it has a colon, otherwise IPv4 (mapped).
    static func address(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> UInt128? {
        var index = start
        while index < end {
            if bytes[index] == colon { return ipv6(bytes, start, end) }
            index += 1
        }
        return ipv4(bytes, start, end).map(mapped)
    }

    static func ipv4(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> UInt32? {
        var result: UInt32 = 0, part: UInt32 = 0, digits = 0, dots = 0
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                part = part * 10 + UInt32(byte - 0x30)
                guard part <= 255 else { return nil }
                digits += 1
            } else if byte == dot {
                guard digits > 0, dots < 3 else { return nil }
                result = result << 8 | part
                (part, digits, dots) = (0, 0, dots + 1)
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0, dots == 3 else { return nil }
        return result << 8 | part
    }

    static func ipv6(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> UInt128? {
        guard end - start >= 2 else { return nil }
        // Groups before `::` go to `head`, groups after it to `tail`.
        var head: UInt128 = 0, tail: UInt128 = 0, headCount = 0, tailCount = 0
        var compressed = false
        var index = start
        if bytes[index] == colon {
            guard bytes[index + 1] == colon else { return nil }
            compressed = true
            index += 2
            if index == end { return 0 }
        }
        while true {
            let groupStart = index
            var group: UInt128 = 0, digits = 0
            while index < end, let digit = hexValue(bytes[index]) {
                if digits < 4 { group = group << 4 | UInt128(digit) }
                digits += 1
                index += 1
            }
            if index < end && bytes[index] == dot {
                // The last 32 bits as a dotted quad: it must run to the end.
                guard let v4 = ipv4(bytes, groupStart, end) else { return nil }
                if compressed {
                    (tail, tailCount) = (tail << 32 | UInt128(v4), tailCount + 2)
                } else {
                    (head, headCount) = (head << 32 | UInt128(v4), headCount + 2)
                }
                guard headCount + tailCount <= 8 else { return nil }
                break
            }
            guard digits >= 1 && digits <= 4 else { return nil }
            if compressed { (tail, tailCount) = (tail << 16 | group, tailCount + 1) } else { (head, headCount) = (head << 16 | group, headCount + 1) }
            guard headCount + tailCount <= 8 else { return nil }
            if index == end { break }
            guard bytes[index] == colon else { return nil }
            index += 1
            guard index < end else { return nil }  // a lone trailing colon
            if bytes[index] == colon {
                guard !compressed else { return nil }
                compressed = true
                index += 1
                if index == end { break }
            }
        }
        if compressed {
            guard headCount + tailCount <= 7 else { return nil }
        } else {
            guard headCount == 8 else { return nil }
        }
        return headCount == 0 ? tail : head << (16 * (8 - headCount)) | tail
    }

    /// An unsigned decimal number of at most 128 bits (Tor's `geoip` writes IPv4 addresses so).
    static func decimal(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> UInt128? {
        guard start < end else { return nil }
        var value: UInt128 = 0
        var index = start
        while index < end {
            let byte = bytes[index]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times10.addingReportingOverflow(UInt128(byte - 0x30))
            guard !overflow && !carry else { return nil }
            value = sum
            index += 1
        }
        return value
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}

// MARK: - Errors

/// Why an IP-to-country file was refused: a stable `code`, the 1-based line (0 for the file as a
/// whole), the file when one was read, and a reason in words.
public struct IPCountryError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The file could not be read.
        case unreadableFile = "unreadable-file"
        /// Fewer fields than `LOW,HIGH,CC` or `CIDR,CC` need.
        case missingField = "missing-field"
        /// A quoted field without its closing quote, or text after the closing quote.
        case malformedField = "malformed-field"
        /// A field that should be an address (or a decimal IPv4 number) is not one.
        case badAddress = "bad-address"
        /// A CIDR prefix length that is not a number within the family's bits.
        case badPrefixLength = "bad-prefix-length"
        /// A CIDR block whose address has bits set below its prefix (`10.0.0.1/8`).
        case hostBitsSet = "host-bits-set"
        /// LOW and HIGH of different families (IPv4 and IPv6) or notations (decimal and text).
        case mismatchedEnds = "mismatched-ends"
        /// LOW is above HIGH.
        case lowAboveHigh = "low-above-high"
        /// The country is not two ASCII letters (nor a placeholder for "unknown").
        case badCountry = "bad-country"
        /// Two lines claim a common address; `line` and `otherLine` name them.
        case overlappingRanges = "overlapping-ranges"
    }

    public var code: Code
    /// 1-based line number; 0 when the error is about the whole file.
    public var line: Int
    public var reason: String
    /// The file the line is in, when the table was read from files.
    public var file: String?
    /// For overlapping ranges: the other line, and its file when it is in another one.
    public var otherLine: Int?
    public var otherFile: String?

    public init(_ code: Code, line: Int, _ reason: String, file: String? = nil, otherLine: Int? = nil, otherFile: String? = nil) {
        self.code = code
        self.line = line
        self.reason = reason
        self.file = file
        self.otherLine = otherLine
        self.otherFile = otherFile
    }

    /// `path:line: reason (code)`, or `line N: reason (code)` for text.
    public var description: String {
        let place = switch (file, line) {
        case (let file?, 0): file
        case (let file?, _): "\(file):\(line)"
        case (nil, _): "line \(line)"
        }
        return "\(place): \(reason) (\(code.rawValue))"
    }
}

// MARK: - Table

/// One range of an `IPCountryTable`: every address from `low` to `high` (inclusive) is in
/// `country`.
public struct IPCountryRange: Sendable, Hashable {
    public var low: UInt128
    public var high: UInt128
    /// Two upper-case ASCII letters.
    public var country: String

    public init(low: UInt128, high: UInt128, country: String) {
        self.low = low
        self.high = high
        self.country = country
    }
}

/// Which country an IP address is in, from an IP-to-country file: sorted, non-overlapping
/// address ranges in three compact arrays, looked up by binary search.
///
/// Lines are read in any of these formats, recognised line by line (so one file may mix them):
/// - `INTLOW,INTHIGH,CC` — Tor's `geoip`: IPv4 addresses as decimal numbers. When either number
///   does not fit in 32 bits, both are read as 128-bit IPv6 numbers (ip2location-lite's IPv6
///   file writes them so, with IPv4 already mapped into `::ffff:0:0/96`).
/// - `LOW,HIGH,CC` — Tor's `geoip6`, DB-IP and similar CSV files: textual IPv4 or IPv6
///   addresses, both of the same family.
/// - `CIDR,CC` — a block such as `203.0.113.0/24,SG` or `2001:db8::/32,DE`; the address must
///   be the block's first (no host bits set). A line is CIDR when its first field has a `/`.
///
/// Fields may be double-quoted and padded with spaces or tabs; fields after the country (a
/// country name, say) are ignored unread. Blank lines and lines starting with `#` are skipped,
/// as is a header on line 1: a line whose first field is a column name rather than an address
/// (it does not start with a digit, has no `.`, `:` or `/`, and has a character other than a hex
/// digit: `network,country`, `ip_from,ip_to,cc`); a header on any other line is an error. A UTF-8
/// byte order mark and CRLF line ends are accepted. Countries are upper-cased; ISO membership is
/// not checked (Tor's files have `EU`, `AP` and `UK`, for instance, and they are kept).
///
/// Placeholders for "unknown" — `??` (Tor), `-` (ip2location), `--`, `ZZ` and `XX` (user-assigned
/// ISO codes that datasets use for unknown or unassigned), and the legacy pseudo-countries
/// `A1`, `A2` and `O1` (anonymous proxy, satellite provider, other) — are checked like any line,
/// including for overlaps, but not kept: their addresses have no country.
///
/// After sorting, ranges that share an address are an error naming both lines; ranges of one
/// country that touch (one's HIGH + 1 is the next LOW) are merged, so `count` may be lower than
/// the number of lines. Reading is linear in the file's bytes plus one sort (skipped when the
/// file is already in order), with no per-line strings.
public struct IPCountryTable: Sendable {
    /// First address of each range, ascending.
    private var starts: [UInt128]
    /// Last address of each range (inclusive).
    private var ends: [UInt128]
    /// Country of each range, its two ASCII letters packed as `first << 8 | second`.
    private var countries: [UInt16]

    /// An empty table: no address has a country.
    public init() {
        starts = []
        ends = []
        countries = []
    }

    /// Reads a table from the text of an IP-to-country file.
    public init(text: String) throws(IPCountryError) {
        var reader = Reader(files: [nil])
        var text = text
        let failure = text.withUTF8 { bytes -> IPCountryError? in
            do throws(IPCountryError) {
                try reader.read(UnsafeRawBufferPointer(bytes), source: 0)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        self = try reader.table()
    }

    /// Reads a table from an IP-to-country file.
    public init(contentsOf path: String) throws(IPCountryError) {
        try self.init(contentsOf: [path])
    }

    /// Reads one table from several files, e.g. Tor's `geoip` and `geoip6`; a range in one file
    /// may not overlap a range in another.
    public init(contentsOf paths: [String]) throws(IPCountryError) {
        var reader = Reader(files: paths)
        for (source, path) in paths.enumerated() {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
            } catch {
                throw IPCountryError(.unreadableFile, line: 0, "cannot be read: \(error.localizedDescription)", file: path)
            }
            let failure = data.withUnsafeBytes { bytes -> IPCountryError? in
                do throws(IPCountryError) {
                    try reader.read(bytes, source: source)
                    return nil
                } catch {
                    return error
                }
            }
            if let failure { throw failure }
        }
        self = try reader.table()
    }

    fileprivate init(starts: [UInt128], ends: [UInt128], countries: [UInt16]) {
        self.starts = starts
        self.ends = ends
        self.countries = countries
    }

    /// The number of ranges, after merging touching ranges of one country.
    public var count: Int { starts.count }

    /// The country of a textual IPv4 or IPv6 address, or nil when the address is not in any
    /// range or is not an address (see `IPAddressParser` for what is accepted).
    public func country(of address: String) -> String? {
        IPAddressParser.parse(address).flatMap { country(of: $0) }
    }

    /// The country of an address (IPv4 mapped into `::ffff:0:0/96`), or nil.
    public func country(of address: UInt128) -> String? {
        index(of: address).map { Self.letters(countries[$0]) }
    }

    /// The range holding an address, or nil.
    public func range(containing address: UInt128) -> IPCountryRange? {
        index(of: address).map { IPCountryRange(low: starts[$0], high: ends[$0], country: Self.letters(countries[$0])) }
    }

    /// The index of the range holding `address`: the last start at or below it, if its range
    /// reaches the address.
    private func index(of address: UInt128) -> Int? {
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= address { low = middle + 1 } else { high = middle }
        }
        guard low > 0, address <= ends[low - 1] else { return nil }
        return low - 1
    }

    fileprivate static func letters(_ packed: UInt16) -> String {
        String(unsafeUninitializedCapacity: 2) { buffer in
            buffer[0] = UInt8(truncatingIfNeeded: packed >> 8)
            buffer[1] = UInt8(truncatingIfNeeded: packed)
            return 2
        }
    }
}

// MARK: - Reading files

/// Reads lines into entries, then sorts, checks and merges them into a table.
private struct Reader {
    struct Entry {
        var low: UInt128
        var high: UInt128
        /// Packed letters; 0 for a placeholder.
        var country: UInt16
        var source: UInt32
        var line: UInt32
    }

    let files: [String?]
    var entries: [Entry] = []
    var sorted = true

    init(files: [String?]) { self.files = files }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), hash = UInt8(ascii: "#")
    private static let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    mutating func read(_ bytes: UnsafeRawBufferPointer, source: Int) throws(IPCountryError) {
        var index = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { index = 3 }
        var line = 0
        while index < bytes.count {
            line += 1
            let start = index
            var end = index
            while end < bytes.count && bytes[end] != Self.newline { end += 1 }
            index = end + 1
            if end > start && bytes[end - 1] == Self.carriageReturn { end -= 1 }
            try readLine(bytes, start, end, line: line, source: source)
        }
    }

    private func error(_ code: IPCountryError.Code, _ line: Int, _ source: Int, _ reason: String) -> IPCountryError {
        IPCountryError(code, line: line, reason, file: files[source])
    }

    /// The text of a field, for error messages (at most 60 bytes).
    private static func text(_ bytes: UnsafeRawBufferPointer, _ field: Range<Int>) -> String {
        let shown = field.lowerBound..<min(field.upperBound, field.lowerBound + 60)
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[shown]), as: UTF8.self)
        return "\"\(text)\(shown.count < field.count ? "…" : "")\""
    }

    /// The next comma-separated field from `index`, without quotes and padding; `index` ends past
    /// the comma (or at `end`), and `more` tells whether a comma followed.
    private func field(
        _ bytes: UnsafeRawBufferPointer, _ index: inout Int, _ end: Int, line: Int, source: Int
    ) throws(IPCountryError) -> (range: Range<Int>, more: Bool) {
        while index < end && Self.isBlank(bytes[index]) { index += 1 }
        var range: Range<Int>
        if index < end && bytes[index] == Self.quote {
            let contentStart = index + 1
            var close = contentStart
            while close < end && bytes[close] != Self.quote { close += 1 }
            guard close < end else { throw error(.malformedField, line, source, "a quoted field has no closing quote") }
            range = contentStart..<close
            index = close + 1
            while index < end && Self.isBlank(bytes[index]) { index += 1 }
            guard index == end || bytes[index] == Self.comma else {
                throw error(.malformedField, line, source, "text follows the closing quote of \(Self.text(bytes, range))")
            }
        } else {
            let contentStart = index
            while index < end && bytes[index] != Self.comma { index += 1 }
            var contentEnd = index
            while contentEnd > contentStart && Self.isBlank(bytes[contentEnd - 1]) { contentEnd -= 1 }
            range = contentStart..<contentEnd
        }
        while range.lowerBound < range.upperBound && Self.isBlank(bytes[range.upperBound - 1]) { range = range.lowerBound..<range.upperBound - 1 }
        while range.lowerBound < range.upperBound && Self.isBlank(bytes[range.lowerBound]) { range = range.lowerBound + 1..<range.upperBound }
        guard index < end else { return (range, false) }
        index += 1  // the comma
        return (range, true)
    }

    private mutating func readLine(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int, line: Int, source: Int) throws(IPCountryError) {
        var index = start
        while index < end && Self.isBlank(bytes[index]) { index += 1 }
        if index == end || bytes[index] == Self.hash { return }
        let first = try field(bytes, &index, end, line: line, source: source)
        if line == 1 && Self.isHeader(bytes, first.range) { return }
        guard first.more else { throw error(.missingField, line, source, "expected LOW,HIGH,CC or CIDR,CC") }
        let second = try field(bytes, &index, end, line: line, source: source)
        let low: UInt128, high: UInt128, countryField: Range<Int>
        if let slash = Self.firstIndex(of: IPAddressParser.slash, bytes, first.range) {
            (low, high) = try block(bytes, first.range.lowerBound, slash, first.range.upperBound, line: line, source: source)
            countryField = second.range
        } else {
            guard second.more else { throw error(.missingField, line, source, "expected LOW,HIGH,CC: there is no country") }
            let third = try field(bytes, &index, end, line: line, source: source)
            (low, high) = try range(bytes, first.range, second.range, line: line, source: source)
            countryField = third.range
        }
        let country = try country(bytes, countryField, line: line, source: source)
        let entry = Entry(low: low, high: high, country: country, source: UInt32(source), line: UInt32(truncatingIfNeeded: line))
        if let last = entries.last, last.low > low { sorted = false }
        entries.append(entry)
    }

    /// The first index of `byte` in `bytes[range]` (a plain loop: fast in debug builds too).
    private static func firstIndex(of byte: UInt8, _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        var index = range.lowerBound
        while index < range.upperBound {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// A header names its first column: the field does not start with a digit, has no `.`, `:`
    /// or `/`, and has a character that is not a hex digit (`network`, `ip_from`, `start_ip`),
    /// so a mistyped address on line 1 is still an error.
    private static func isHeader(_ bytes: UnsafeRawBufferPointer, _ field: Range<Int>) -> Bool {
        guard let first = field.first, !(bytes[first] >= 0x30 && bytes[first] <= 0x39) else { return false }
        var name = false
        for index in field {
            let byte = bytes[index]
            if byte == IPAddressParser.dot || byte == IPAddressParser.colon || byte == IPAddressParser.slash { return false }
            if IPAddressParser.hexValue(byte) == nil { name = true }
        }
        return name
    }

    /// An end of a range: a decimal number, or a textual address with its family.
    private enum End {
        case decimal(UInt128)
        case ipv4(UInt128)
        case ipv6(UInt128)
    }

    private func end(_ bytes: UnsafeRawBufferPointer, _ field: Range<Int>, name: String, line: Int, source: Int) throws(IPCountryError) -> End {
        if let number = IPAddressParser.decimal(bytes, field.lowerBound, field.upperBound) { return .decimal(number) }
        if Self.firstIndex(of: IPAddressParser.colon, bytes, field) != nil {
            if let address = IPAddressParser.ipv6(bytes, field.lowerBound, field.upperBound) { return .ipv6(address) }
        } else if let address = IPAddressParser.ipv4(bytes, field.lowerBound, field.upperBound) {
            return .ipv4(IPAddressParser.mapped(address))
        }
        let what = field.isEmpty ? "is empty" : "\(Self.text(bytes, field)) is not an IPv4 or IPv6 address"
        throw error(.badAddress, line, source, "\(name) \(what)")
    }

    private func range(_ bytes: UnsafeRawBufferPointer, _ lowField: Range<Int>, _ highField: Range<Int>, line: Int, source: Int) throws(IPCountryError) -> (UInt128, UInt128) {
        let low: UInt128, high: UInt128
        let first = try end(bytes, lowField, name: "LOW", line: line, source: source)
        let second = try end(bytes, highField, name: "HIGH", line: line, source: source)
        switch (first, second) {
        case (.decimal(let a), .decimal(let b)):
            if a <= UInt128(UInt32.max) && b <= UInt128(UInt32.max) {
                (low, high) = (IPAddressParser.mapped(UInt32(a)), IPAddressParser.mapped(UInt32(b)))
            } else {
                (low, high) = (a, b)
            }
        case (.ipv4(let a), .ipv4(let b)), (.ipv6(let a), .ipv6(let b)): (low, high) = (a, b)
        case (.decimal, _), (_, .decimal):
            throw error(.mismatchedEnds, line, source, "one end is a decimal number and the other a textual address")
        case (.ipv4, _), (.ipv6, _):
            throw error(.mismatchedEnds, line, source, "LOW and HIGH are of different families (IPv4 and IPv6)")
        }
        guard low <= high else {
            throw error(.lowAboveHigh, line, source, "LOW \(IPAddressParser.format(low)) is above HIGH \(IPAddressParser.format(high))")
        }
        return (low, high)
    }

    /// A CIDR block `address/length` as its first and last addresses.
    private func block(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ slash: Int, _ end: Int, line: Int, source: Int) throws(IPCountryError) -> (UInt128, UInt128) {
        let isIPv6 = Self.firstIndex(of: IPAddressParser.colon, bytes, start..<slash) != nil
        let address = isIPv6 ? IPAddressParser.ipv6(bytes, start, slash) : IPAddressParser.ipv4(bytes, start, slash).map(IPAddressParser.mapped)
        guard let address else {
            throw error(.badAddress, line, source, "the block's address \(Self.text(bytes, start..<slash)) is not an IPv4 or IPv6 address")
        }
        let bits = isIPv6 ? 128 : 32
        var length = 0, digits = 0
        for index in slash + 1..<end {
            let byte = bytes[index]
            guard byte >= 0x30 && byte <= 0x39, length <= bits else { digits = 0; break }
            length = length * 10 + Int(byte - 0x30)
            digits += 1
        }
        guard digits > 0, digits == end - slash - 1, length <= bits else {
            throw error(.badPrefixLength, line, source, "the prefix length \(Self.text(bytes, slash + 1..<end)) is not a number from 0 to \(bits)")
        }
        let prefix = length + (isIPv6 ? 0 : 96)
        let hostMask: UInt128 = prefix == 128 ? 0 : UInt128.max >> prefix
        guard address & hostMask == 0 else {
            let first = IPAddressParser.format(address & ~hostMask)
            throw error(.hostBitsSet, line, source, "\(Self.text(bytes, start..<end)) has bits set after its prefix: the block starts at \(first)")
        }
        return (address, address | hostMask)
    }

    /// Codes that mean "unknown" rather than a country.
    private static let placeholders: Set<String> = ["??", "-", "--", "ZZ", "XX", "A1", "A2", "O1"]

    /// The packed, upper-cased country of a field, or 0 for a placeholder.
    private func country(_ bytes: UnsafeRawBufferPointer, _ field: Range<Int>, line: Int, source: Int) throws(IPCountryError) -> UInt16 {
        if field.count == 2 {
            let (a, b) = (bytes[field.lowerBound], bytes[field.lowerBound + 1])
            if Self.isLetter(a) && Self.isLetter(b) {
                let packed = UInt16(a & 0xDF) << 8 | UInt16(b & 0xDF)
                return packed == Self.zz || packed == Self.xx ? 0 : packed
            }
        }
        if field.count <= 2 && Self.placeholders.contains(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[field]), as: UTF8.self).uppercased()) {
            return 0
        }
        let what = field.isEmpty ? "is empty" : "\(Self.text(bytes, field)) is not two ASCII letters"
        throw error(.badCountry, line, source, "the country \(what)")
    }

    private static let zz = UInt16(UInt8(ascii: "Z")) << 8 | UInt16(UInt8(ascii: "Z"))
    private static let xx = UInt16(UInt8(ascii: "X")) << 8 | UInt16(UInt8(ascii: "X"))

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    /// Sorts the entries, refuses overlaps and merges touching ranges of one country.
    mutating func table() throws(IPCountryError) -> IPCountryTable {
        if !sorted {
            entries.sort { ($0.low, $0.source, $0.line) < ($1.low, $1.source, $1.line) }
            sorted = true
        }
        var starts: [UInt128] = [], ends: [UInt128] = [], countries: [UInt16] = []
        starts.reserveCapacity(entries.count)
        ends.reserveCapacity(entries.count)
        countries.reserveCapacity(entries.count)
        for index in entries.indices {
            let entry = entries[index]
            if index > 0 {
                // Sorted and so far disjoint, so the previous entry reaches furthest.
                let previous = entries[index - 1]
                if entry.low <= previous.high { throw overlap(previous, entry) }
            }
            guard entry.country != 0 else { continue }
            if let last = ends.last, countries.last == entry.country, last != .max, last + 1 == entry.low {
                ends[ends.count - 1] = entry.high
            } else {
                starts.append(entry.low)
                ends.append(entry.high)
                countries.append(entry.country)
            }
        }
        return IPCountryTable(starts: starts, ends: ends, countries: countries)
    }

    private func overlap(_ earlier: Entry, _ later: Entry) -> IPCountryError {
        func describe(_ entry: Entry) -> String {
            let country = entry.country == 0 ? "unknown" : IPCountryTable.letters(entry.country)
            return "\(IPAddressParser.format(entry.low))–\(IPAddressParser.format(entry.high)) (\(country))"
        }
        let otherFile = files[Int(earlier.source)]
        let sameFile = earlier.source == later.source
        let place = sameFile || otherFile == nil ? "line \(earlier.line)" : "\(otherFile ?? ""):\(earlier.line)"
        return IPCountryError(
            .overlappingRanges, line: Int(later.line), "\(describe(later)) overlaps \(describe(earlier)) on \(place)", file: files[Int(later.source)],
            otherLine: Int(earlier.line), otherFile: sameFile ? nil : otherFile
        )
    }
}

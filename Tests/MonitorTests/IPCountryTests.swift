// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
@testable import Monitor
import StraitTestSupport
import Testing

/// Tor's IP-to-country files from Debian's `tor-geoipdb`: installed in `/usr/share/tor`, or extracted
/// from the package into `STRAIT_TEST_GEOIP_DIR` (what `.ci/run` does, without installing tor).
private enum TorGeoIP {
    static let directory = ProcessInfo.processInfo.environment["STRAIT_TEST_GEOIP_DIR"] ?? "/usr/share/tor"
    static let ipv4 = directory + "/geoip"
    static let ipv6 = directory + "/geoip6"
    static var available: Bool { FileManager.default.fileExists(atPath: ipv4) && FileManager.default.fileExists(atPath: ipv6) }
}

/// tzdata's table of time zones with the coordinates of each zone's principal city.
private let zoneTab = "/usr/share/zoneinfo/zone.tab"

private func v4(_ text: String) -> UInt128? { IPAddressParser.parse(text) }

/// The error a table's text is refused with, or nil when it loads.
private func refusal(_ text: String) -> IPCountryError? {
    do throws(IPCountryError) {
        _ = try IPCountryTable(text: text)
        return nil
    } catch {
        return error
    }
}

@Suite("IP addresses, IP-to-country tables and country centroids")
struct IPCountryTests {
    // MARK: Addresses

    @Test("IPv4: four decimal parts up to 255, leading zeros read as decimal; anything else refused")
    func ipv4() {
        #expect(IPAddressParser.parseIPv4("0.0.0.0") == 0)
        #expect(IPAddressParser.parseIPv4("255.255.255.255") == .max)
        #expect(IPAddressParser.parseIPv4("192.0.2.1") == 0xC000_0201)
        #expect(IPAddressParser.parseIPv4("010.001.0.0255") == 0x0A01_00FF, "leading zeros are decimal, never octal")
        let bad = [
            "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.1000", "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4 ", " 1.2.3.4", "a.b.c.d", "1.2.3.-4", "1.2.3.0x4",
            "1.2.3.4/24", "16909060", "::1",
        ]
        for bad in bad {
            #expect(IPAddressParser.parseIPv4(bad) == nil, "\(bad.debugDescription)")
        }
        // parse maps IPv4 into ::ffff:0:0/96.
        #expect(IPAddressParser.parse("1.2.3.4") == 0xFFFF_0102_0304)
        #expect(IPAddressParser.parse("1.2.3.4") == IPAddressParser.parse("::ffff:1.2.3.4"))
        #expect(IPAddressParser.ipv4(of: 0xFFFF_0102_0304) == 0x0102_0304)
        #expect(IPAddressParser.ipv4(of: 0x0102_0304) == nil, "an IPv4-compatible (::1.2.3.4) address is not mapped")
    }

    @Test("IPv6: full form, :: at the start, middle and end, an IPv4 tail, either case")
    func ipv6Valid() {
        let cases: [(String, UInt128)] = [
            ("::", 0),
            ("::1", 1),
            ("1::", 1 << 112),
            ("1:2:3:4:5:6:7:8", 0x0001_0002_0003_0004_0005_0006_0007_0008),
            ("2001:db8::1", 0x2001_0db8_0000_0000_0000_0000_0000_0001),
            ("2001:DB8:0:0:0:0:0:1", 0x2001_0db8_0000_0000_0000_0000_0000_0001),
            ("0001:0002:0003:0004:0005:0006:0007:0008", 0x0001_0002_0003_0004_0005_0006_0007_0008),
            ("1:2:3:4:5:6:7::", 0x0001_0002_0003_0004_0005_0006_0007_0000),
            ("::2:3:4:5:6:7:8", 0x0000_0002_0003_0004_0005_0006_0007_0008),
            ("1::8", 0x0001_0000_0000_0000_0000_0000_0000_0008),
            ("1:2::7:8", 0x0001_0002_0000_0000_0000_0000_0007_0008),
            ("::ffff:1.2.3.4", 0xFFFF_0102_0304),
            ("::FFFF:192.0.2.255", 0xFFFF_C000_02FF),
            ("::1.2.3.4", 0x0102_0304),
            ("64:ff9b::192.0.2.1", 0x0064_ff9b_0000_0000_0000_0000_c000_0201),
            ("1:2:3:4:5:6:1.2.3.4", 0x0001_0002_0003_0004_0005_0006_0102_0304),
            ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", .max),
        ]
        for (text, value) in cases {
            #expect(IPAddressParser.parseIPv6(text) == value, "\(text)")
            #expect(IPAddressParser.parse(text) == value, "\(text)")
        }
    }

    @Test("IPv6: a second ::, too many groups, long groups, stray colons, zone ids and bad tails are refused")
    func ipv6Invalid() {
        let bad = [
            "", ":", ":::", "1", "1.2.3.4", "1::2::3", "::1::", "1:::2", ":1::", "1::2:", ":1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:",
            "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1:2:3:4::5:6:7:8", "12345::", "::00000",
            "g::", "fe80::1%eth0", "fe80::1%1", "[::1]", " ::1", "::1 ", "::1/128", "::ffff:1.2.3", "::ffff:1.2.3.256", "::1.2.3.4:5",
            "1.2.3.4::", "1:2:3:4:5:6:7:1.2.3.4", "::ffff:1.2.3.4.5",
        ]
        for text in bad {
            #expect(IPAddressParser.parseIPv6(text) == nil, "\(text.debugDescription)")
            #expect(text == "1.2.3.4" || IPAddressParser.parse(text) == nil, "\(text.debugDescription)")
        }
    }

    @Test("addresses are written in RFC 5952 form (IPv4-mapped ones as a dotted quad) and read back")
    func format() {
        let cases: [(UInt128, String)] = [
            (0, "::"), (1, "::1"), (0x2001_0db8_0000_0000_0000_0000_0000_0001, "2001:db8::1"),
            (0x2001_0db8_0000_0001_0000_0000_0000_0001, "2001:db8:0:1::1"), (0x2001_0db8_0000_0000_0001_0000_0000_0001, "2001:db8::1:0:0:1"),
            (0x2001_0db8_0000_0001_0001_0001_0001_0001, "2001:db8:0:1:1:1:1:1"), (0xFFFF_C000_0201, "192.0.2.1"), (1 << 112, "1::"),
        ]
        for (value, text) in cases {
            #expect(IPAddressParser.format(value) == text)
            #expect(IPAddressParser.parse(text) == value)
        }
    }

    // MARK: File formats

    @Test("Tor's geoip format: decimal IPv4 numbers, with its comments and ?? placeholder")
    func torIPv4Format() throws {
        let table = try IPCountryTable(
            text: """
                # Generated by a tool
                #
                15726992,15726999,??
                16777216,16777471,AU
                16777472,16778239,CN
                """
        )
        #expect(table.count == 2)
        #expect(table.country(of: "1.0.0.0") == "AU" && table.country(of: "1.0.0.255") == "AU")
        #expect(table.country(of: "1.0.1.0") == "CN" && table.country(of: "1.0.3.255") == "CN")
        #expect(table.country(of: "1.0.4.0") == nil)
        #expect(table.country(of: "0.239.250.144") == nil, "?? is unknown")
    }

    @Test("Tor's geoip6 and DB-IP style: textual ranges of either family, quoted or not, CRLF, lower-case countries")
    func textualRanges() throws {
        let table = try IPCountryTable(
            text: "2001:2::,2001:2:0:ffff:ffff:ffff:ffff:ffff,JP\r\n\"1.0.0.0\",\"1.0.0.255\",\"au\"\r\n 2.0.0.0 , 2.0.0.255 ,\tFR \r\n\r\n"
        )
        #expect(table.count == 3)
        #expect(table.country(of: "2001:2::") == "JP")
        #expect(table.country(of: "2001:2:0:ffff:ffff:ffff:ffff:ffff") == "JP")
        #expect(table.country(of: "2001:2:1::") == nil)
        #expect(table.country(of: "1.0.0.7") == "AU", "countries are upper-cased")
        #expect(table.country(of: "::ffff:1.0.0.7") == "AU", "an IPv4-mapped IPv6 address is the IPv4 address")
        #expect(table.country(of: "2.0.0.128") == "FR")
    }

    @Test("ip2location-lite style: quoted decimal numbers, a country name with a comma; IPv6 numbers beyond 32 bits")
    func ip2locationStyle() throws {
        let table = try IPCountryTable(
            text: """
                "0","16777215","-","-"
                "16777216","16777471","US","United States of America"
                "16777472","16778239","BQ","Bonaire, Sint Eustatius and Saba"
                "281470698652416","281470698652671","AU","Australia"
                "42540766411282592856903984951653826560","42540766490510755371168322545197776895","DE","Germany"
                """
        )
        #expect(table.count == 4)
        #expect(table.country(of: "0.0.0.1") == nil, "- is unknown")
        #expect(table.country(of: "1.0.0.1") == "US")
        #expect(table.country(of: "1.0.2.0") == "BQ")
        #expect(table.country(of: "1.2.3.4") == "AU", "a number beyond 32 bits is a 128-bit address (here ::ffff:1.2.3.0)")
        #expect(table.country(of: "2001:db8::1") == "DE")
    }

    @Test("CIDR blocks of both families, /0 to full length")
    func cidr() throws {
        let table = try IPCountryTable(
            text: """
                203.0.113.0/24,SG
                2001:db8::/32,DE
                198.51.100.7/32,NL
                ::1/128,AQ
                """
        )
        #expect(table.count == 4)
        #expect(table.country(of: "203.0.113.0") == "SG" && table.country(of: "203.0.113.255") == "SG")
        #expect(table.country(of: "203.0.112.255") == nil && table.country(of: "203.0.114.0") == nil)
        #expect(table.country(of: "2001:db8::") == "DE" && table.country(of: "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff") == "DE")
        #expect(table.country(of: "2001:db9::") == nil)
        #expect(table.country(of: "198.51.100.7") == "NL" && table.country(of: "198.51.100.8") == nil)
        #expect(table.country(of: "::1") == "AQ")
        let everything = try IPCountryTable(text: "0.0.0.0/0,US")
        #expect(everything.country(of: "255.255.255.255") == "US" && everything.country(of: "::fffe:ffff:ffff") == nil)
        #expect(try IPCountryTable(text: "::/0,US").country(of: "ffff::1") == "US")
    }

    @Test("a header is skipped on line 1 only; a UTF-8 byte order mark is skipped; mixed formats in one file")
    func headerAndMixedFormats() throws {
        let table = try IPCountryTable(text: "\u{FEFF}network,country\n10.0.0.0/8,GB\n201326592,201326847,XK\n11.0.0.0,11.0.0.255,NO\n")
        #expect(table.count == 3)
        #expect(table.country(of: "10.1.2.3") == "GB" && table.country(of: "12.0.0.255") == "XK" && table.country(of: "11.0.0.1") == "NO")
        let header = try IPCountryTable(text: "ip_from,ip_to,country_code\n1.0.0.0,1.0.0.255,AU\n")
        #expect(header.count == 1)
    }

    // MARK: Lookups

    @Test("lookups at a range's start and end find it; one below and one above do not")
    func boundaries() throws {
        let table = try IPCountryTable(
            text: """
                10.0.0.0,10.0.0.255,AU
                10.0.2.0,10.0.2.255,CN
                2001:db8::,2001:db8::ffff,DE
                """
        )
        for (low, high, country) in [("10.0.0.0", "10.0.0.255", "AU"), ("10.0.2.0", "10.0.2.255", "CN")] {
            let (start, end) = (try #require(v4(low)), try #require(v4(high)))
            #expect(table.country(of: start) == country && table.country(of: end) == country)
            #expect(table.country(of: start - 1) == nil && table.country(of: end + 1) == nil)
        }
        #expect(table.country(of: "2001:db8::") == "DE" && table.country(of: "2001:db8::ffff") == "DE")
        #expect(table.country(of: "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff") == nil && table.country(of: "2001:db8::1:0") == nil)
        #expect(table.country(of: 0) == nil && table.country(of: .max) == nil)
        #expect(table.country(of: "not an address") == nil && table.country(of: "fe80::1%eth0") == nil)
        #expect(IPCountryTable().country(of: "1.2.3.4") == nil && IPCountryTable().count == 0)
    }

    @Test("touching ranges of one country merge; of different countries, or with a gap or placeholder between, they do not")
    func merging() throws {
        let table = try IPCountryTable(
            text: """
                1.0.0.0,1.0.0.255,AU
                1.0.1.0,1.0.1.255,AU
                1.0.2.0/23,au
                1.0.4.0,1.0.4.255,NZ
                1.0.6.0,1.0.6.255,NZ
                1.0.7.0,1.0.7.255,??
                1.0.8.0,1.0.8.255,NZ
                """
        )
        #expect(table.count == 4, "AU merged into one range; three NZ ranges apart")
        let (inside, low, high) = (try #require(v4("1.0.2.200")), try #require(v4("1.0.0.0")), try #require(v4("1.0.3.255")))
        #expect(table.range(containing: inside) == IPCountryRange(low: low, high: high, country: "AU"))
        let inNewZealand = try #require(v4("1.0.4.1"))
        let newZealand = try #require(table.range(containing: inNewZealand))
        #expect(newZealand.high == v4("1.0.4.255") && newZealand.country == "NZ")
        #expect(table.country(of: "1.0.5.0") == nil && table.country(of: "1.0.7.0") == nil && table.country(of: "1.0.8.0") == "NZ")
    }

    @Test("lines in any order are sorted; placeholders ZZ, XX, --, A1, A2 and O1 are unknown; EU and AP are kept")
    func orderAndPlaceholders() throws {
        let table = try IPCountryTable(
            text: """
                9.0.0.0,9.0.0.255,EU
                3.0.0.0,3.0.0.255,ZZ
                4.0.0.0,4.0.0.255,xx
                5.0.0.0,5.0.0.255,--
                6.0.0.0,6.0.0.255,A1
                7.0.0.0,7.0.0.255,a2
                8.0.0.0,8.0.0.255,O1
                2.0.0.0,2.0.0.255,AP
                """
        )
        #expect(table.count == 2)
        #expect(table.country(of: "9.0.0.9") == "EU" && table.country(of: "2.0.0.2") == "AP")
        for address in ["3.0.0.3", "4.0.0.4", "5.0.0.5", "6.0.0.6", "7.0.0.7", "8.0.0.8"] {
            #expect(table.country(of: address) == nil, "\(address)")
        }
    }

    // MARK: Errors

    @Test("each refusal names its code and 1-based line", arguments: [
        ("# header comment\n1.0.0.0\n", IPCountryError.Code.missingField, 2),
        ("1.0.0.0,1.0.0.255\n", .missingField, 1),
        ("# c\n\n\"1.0.0.0,1.0.0.255,AU\n", .malformedField, 3),
        ("\"1.0.0.0\"x,1.0.0.255,AU\n", .malformedField, 1),
        ("1.0.0.0,1.0.0.255,AU\n1.0.1.256,1.0.1.255,AU\n", .badAddress, 2),
        ("1.0.0.0,1.0.0.255,AU\n,1.0.1.255,AU\n", .badAddress, 2),
        ("1.0.0.0,1.0.0.255,AU\n1.0.1.0,1::2::3,AU\n", .badAddress, 2),
        ("1.0.0.0,1.0.0.255,AU\n340282366920938463463374607431768211456,1,AU\n", .badAddress, 2),
        ("# c\nstart,end,country\n", .badAddress, 2),
        ("1.0.0.0,1.0.0.255,AU\nfe80::%eth0,fe80::ffff,AU\n", .badAddress, 2),
        ("1.0.0/8,AU\n", .badAddress, 1),
        ("1677721x,16777471,AU\n", .badAddress, 1),
        ("face,1.0.0.255,AU\n", .badAddress, 1),
        ("10.0.0.0/33,AU\n", .badPrefixLength, 1),
        ("\n10.0.0.0/,AU\n", .badPrefixLength, 2),
        ("10.0.0.0/8x,AU\n", .badPrefixLength, 1),
        ("2001:db8::/129,DE\n", .badPrefixLength, 1),
        ("2001:db8::/-1,DE\n", .badPrefixLength, 1),
        ("1.0.0.0,1.0.0.255,AU\n10.0.0.1/8,AU\n", .hostBitsSet, 2),
        ("2001:db8::1/64,DE\n", .hostBitsSet, 1),
        ("1.0.0.0,2001::,AU\n", .mismatchedEnds, 1),
        ("#\n16777216,1.0.0.255,AU\n", .mismatchedEnds, 2),
        ("1.0.0.0,1.0.0.255,AU\n1.0.1.9,1.0.1.1,AU\n", .lowAboveHigh, 2),
        ("16777217,16777216,AU\n", .lowAboveHigh, 1),
        ("1.0.0.0,1.0.0.255,AUS\n", .badCountry, 1),
        ("1.0.0.0,1.0.0.255,A\n", .badCountry, 1),
        ("1.0.0.0,1.0.0.255,\n", .badCountry, 1),
        ("1.0.0.0,1.0.0.255,1Z\n", .badCountry, 1),
        ("1.0.0.0,1.0.0.255,Ä\n", .badCountry, 1),
        ("10.0.0.0/8,\n", .badCountry, 1),
    ])
    func refusals(text: String, code: IPCountryError.Code, line: Int) throws {
        let error = try #require(refusal(text), "\(text.debugDescription) loaded")
        #expect(error.code == code && error.line == line, "\(text.debugDescription): \(error)")
        #expect(error.description.hasPrefix("line \(line): ") && error.description.hasSuffix("(\(code.rawValue))"), "\(error)")
        #expect(error.file == nil && error.otherLine == nil)
    }

    @Test("overlapping ranges, also with a placeholder, in or out of order, name both lines")
    func overlaps() throws {
        let inOrder = try #require(refusal("1.0.0.0,1.0.0.255,AU\n# comment\n1.0.0.255,1.0.1.0,CN\n"))
        #expect(inOrder.code == .overlappingRanges && inOrder.line == 3 && inOrder.otherLine == 1, "\(inOrder)")
        #expect(inOrder.description == "line 3: 1.0.0.255–1.0.1.0 (CN) overlaps 1.0.0.0–1.0.0.255 (AU) on line 1 (overlapping-ranges)")

        let outOfOrder = try #require(refusal("2.0.0.0,2.0.0.9,FR\n1.0.1.0,1.0.1.255,CN\n1.0.0.0,1.0.2.0,AU\n"))
        #expect(outOfOrder.code == .overlappingRanges && Set([outOfOrder.line, outOfOrder.otherLine]) == [2, 3], "\(outOfOrder)")

        let duplicate = try #require(refusal("10.0.0.0/8,GB\n10.0.0.0,10.255.255.255,GB\n"))
        #expect(duplicate.code == .overlappingRanges && Set([duplicate.line, duplicate.otherLine]) == [1, 2], "\(duplicate)")

        let placeholder = try #require(refusal("1.0.0.0,1.0.0.255,??\n1.0.0.128,1.0.0.128,AU\n"))
        #expect(placeholder.code == .overlappingRanges && placeholder.reason.contains("(unknown)"), "\(placeholder)")

        let contained = try #require(refusal("2001:db8::/32,DE\n2001:db8:1::/48,FR\n"))
        #expect(contained.code == .overlappingRanges && contained.line == 2 && contained.otherLine == 1, "\(contained)")
    }

    @Test("files: one table from several, unreadable files, overlaps between files name both files")
    func files() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strait-ip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func write(_ name: String, _ text: String) throws -> String {
            let path = directory.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let ipv4 = try write("geoip", "# v4\n16777216,16777471,AU\n")
        let ipv6 = try write("geoip6", "# v6\n2001:2::,2001:2:0:ffff:ffff:ffff:ffff:ffff,JP\n")
        let both = try IPCountryTable(contentsOf: [ipv4, ipv6])
        #expect(both.count == 2 && both.country(of: "1.0.0.1") == "AU" && both.country(of: "2001:2::1") == "JP")
        #expect(try IPCountryTable(contentsOf: ipv4).count == 1)

        let bad = try write("bad", "1.0.0.0,1.0.0.255,AU\n1.0.1.0,1.0.0.255,AU\n")
        do throws(IPCountryError) {
            _ = try IPCountryTable(contentsOf: bad)
            Issue.record("a file with LOW above HIGH loaded")
        } catch {
            #expect(error.code == .lowAboveHigh && error.line == 2 && error.file == bad)
            #expect(error.description.hasPrefix("\(bad):2: "), "\(error)")
        }

        let missing = directory.appendingPathComponent("absent").path
        do throws(IPCountryError) {
            _ = try IPCountryTable(contentsOf: missing)
            Issue.record("an absent file loaded")
        } catch {
            #expect(error.code == .unreadableFile && error.line == 0 && error.file == missing, "\(error)")
        }

        let clash = try write("clash", "\n1.0.0.128/25,NZ\n")
        do throws(IPCountryError) {
            _ = try IPCountryTable(contentsOf: [ipv4, clash])
            Issue.record("overlapping files loaded")
        } catch {
            #expect(error.code == .overlappingRanges, "\(error)")
            #expect(error.file == clash && error.line == 2 && error.otherFile == ipv4 && error.otherLine == 2, "\(error)")
            #expect(error.description.contains("\(ipv4):2"), "\(error)")
        }
    }

    // MARK: Real data

    /// The data lines of a Tor geoip file, every `step`th, split without the table's reader.
    private static func sample(_ path: String, step: Int) throws -> [(low: String, high: String, country: String)] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        func dotted(_ field: Substring) throws -> String {
            let number = try #require(UInt32(field), "\(field) is not a 32-bit number")
            return "\(number >> 24).\(number >> 16 & 0xFF).\(number >> 8 & 0xFF).\(number & 0xFF)"
        }
        var lines: [(String, String, String)] = []
        var index = 0
        for bytes in text.utf8.split(separator: UInt8(ascii: "\n")) {
            let line = Substring(bytes)
            guard !line.hasPrefix("#") && !line.isEmpty else { continue }
            defer { index += 1 }
            guard index % step == 0 else { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            try #require(fields.count == 3, "\(line)")
            if fields[0].allSatisfy(\.isNumber) {
                lines.append((try dotted(fields[0]), try dotted(fields[1]), String(fields[2])))
            } else {
                lines.append((String(fields[0]), String(fields[1]), String(fields[2])))
            }
        }
        return lines
    }

    @Test(
        "Tor's geoip and geoip6 (Debian tor-geoipdb) load unchanged and agree with every 1000th line",
        .enabled(if: TorGeoIP.available, "Tor's geoip and geoip6 are not installed (Debian package tor-geoipdb; .ci/run extracts them and sets STRAIT_TEST_GEOIP_DIR)")
    )
    func torFiles() async throws {
        let table = try await OwnThread.run { try IPCountryTable(contentsOf: [TorGeoIP.ipv4, TorGeoIP.ipv6]) }
        // The two files hold some 660,000 ranges (2026); merging can only lower that.
        #expect(table.count > 10_000, "\(table.count) ranges")
        var checked = 0
        for path in [TorGeoIP.ipv4, TorGeoIP.ipv6] {
            let lines = try Self.sample(path, step: 1000)
            #expect(lines.count > 100, "\(path): \(lines.count) sampled lines")
            for line in lines {
                let expected: String? = ["??", "ZZ"].contains(line.country) ? nil : line.country
                #expect(table.country(of: line.low) == expected && table.country(of: line.high) == expected, "\(path): \(line)")
                checked += 1
            }
        }
        #expect(checked > 500)
    }

    // MARK: Centroids

    @Test("centroids: every ISO code's key is two upper-case letters with coordinates on the globe; known places are where they are")
    func centroids() throws {
        let countries = CountryCentroids.countries
        #expect(countries.count >= 249, "\(countries.count)")
        for country in countries {
            #expect(country.utf8.count == 2 && country.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }, "\(country)")
            let place = try #require(CountryCentroids.location(of: country))
            #expect((-90...90).contains(place.latitude) && (-180...180).contains(place.longitude), "\(country): \(place)")
        }
        let germany = try #require(CountryCentroids.location(of: "DE"))
        #expect((47...55).contains(germany.latitude) && (6...15).contains(germany.longitude))
        let singapore = try #require(CountryCentroids.location(of: "SG"))
        #expect(abs(singapore.latitude - 1.3) < 0.3 && abs(singapore.longitude - 103.8) < 0.3)
        let (australia, brazil, unitedStates) = (
            try #require(CountryCentroids.location(of: "AU")), try #require(CountryCentroids.location(of: "BR")), try #require(CountryCentroids.location(of: "US"))
        )
        #expect(australia.latitude < 0 && brazil.latitude < 0 && unitedStates.longitude < -60 && unitedStates.latitude > 25)
        let (uk, gb) = (try #require(CountryCentroids.location(of: "UK")), try #require(CountryCentroids.location(of: "GB")))
        #expect(uk == gb, "UK is read as GB")
        #expect(CountryCentroids.location(of: "EU") == nil && CountryCentroids.location(of: "de") == nil && CountryCentroids.location(of: "??") == nil)
        // The countries of the Tor data (besides pseudo-codes) all have a place.
        for country in ["AX", "BQ", "CW", "SS", "SX", "XK", "MF", "BL", "UM", "AQ"] {
            #expect(CountryCentroids.location(of: country) != nil, "\(country)")
        }
    }

    @Test(
        "every centroid is within 2,000 km of a time-zone city of its country in tzdata's zone.tab",
        .enabled(if: FileManager.default.fileExists(atPath: zoneTab), "\(zoneTab) is not installed (Debian package tzdata)")
    )
    func centroidsNearZoneCities() throws {
        /// ISO 6709 `±DDMM[SS]±DDDMM[SS]` as degrees.
        func coordinates(_ text: Substring) throws -> (Double, Double) {
            let bytes = Array(text.utf8)
            let split = try #require(bytes.indices.dropFirst().first { bytes[$0] == 0x2B || bytes[$0] == 0x2D })
            func degrees(_ part: ArraySlice<UInt8>, _ degreeDigits: Int) -> Double {
                let digits = part.dropFirst().map { Double($0 - 0x30) }
                func number(_ range: Range<Int>) -> Double { range.reduce(0) { $0 * 10 + digits[$1] } }
                let value = number(0..<degreeDigits) + number(degreeDigits..<degreeDigits + 2) / 60
                    + (digits.count > degreeDigits + 2 ? number(degreeDigits + 2..<degreeDigits + 4) / 3600 : 0)
                return part.first == 0x2D ? -value : value
            }
            return (degrees(bytes[..<split], 2), degrees(bytes[split...], 3))
        }
        var cities: [String: [(Double, Double)]] = [:]
        for line in try String(contentsOfFile: zoneTab, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t")
            try #require(fields.count >= 3, "\(line)")
            cities[String(fields[0]), default: []].append(try coordinates(fields[1]))
        }
        #expect(cities.count > 200)
        for (country, places) in cities {
            let centroid = try #require(CountryCentroids.location(of: country), "\(country) has no centroid")
            let nearest = places.map { distanceKilometres((centroid.latitude, centroid.longitude), $0) }.min() ?? .infinity
            #expect(nearest < 2_000, "\(country)'s centroid is \(Int(nearest)) km from its nearest zone city")
        }
    }
}

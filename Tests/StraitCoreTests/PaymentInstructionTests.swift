// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import StraitCore
import Testing

@Suite("Payment instructions")
struct PaymentInstructionTests {
    static let example = """
        {"id":"tx-1","timestamp":"2026-11-27T01:00:00Z","originator":{"partyId":"cust-1","account":"DE89370400440532013000","country":"DE"},\
        "beneficiary":{"partyId":"cust-2","account":"SG-001-2345","country":"SG"},"amount":{"minor":12345,"currency":"EUR"},\
        "channel":"web","clientIp":"203.0.113.7","device":"dev-1"}
        """

    func draft(_ json: String = example) throws -> PaymentInstructionDraft {
        try JSONDecoder().decode(PaymentInstructionDraft.self, from: Data(json.utf8))
    }

    @Test("the contract example validates")
    func validExample() throws {
        let instruction = try draft().validate().get()
        #expect(instruction.id.rawValue == "tx-1")
        #expect(instruction.amount.minor == 12345)
        #expect(instruction.amount.currency.code == "EUR")
        #expect(instruction.amount.description == "123.45 EUR")
        #expect(instruction.originator.country.rawValue == "DE")
        #expect(instruction.isCrossBorder)
        #expect(instruction.clientIP == "203.0.113.7")
    }

    @Test("canonical JSON has sorted keys and is stable")
    func canonical() throws {
        let instruction = try draft().validate().get()
        let json = instruction.canonicalJSON()
        #expect(json.hasPrefix("{\"amount\":{\"currency\":\"EUR\",\"minor\":12345},\"beneficiary\""))
        let reordered = try draft(
            """
            {"channel":"web","device":"dev-1","clientIp":"203.0.113.7","amount":{"currency":"EUR","minor":12345},
             "beneficiary":{"country":"SG","account":"SG-001-2345","partyId":"cust-2"},
             "originator":{"country":"DE","partyId":"cust-1","account":"DE89370400440532013000"},
             "timestamp":"2026-11-27T01:00:00Z","id":"tx-1","unknownExtra":true}
            """
        ).validate().get()
        #expect(reordered.canonicalJSON() == json)
    }

    @Test("every missing field is named")
    func missingFields() throws {
        let failure = try #require(try draft("{}").validate().failure)
        let fields = failure.issues.map(\.field)
        #expect(fields == ["id", "timestamp", "originator", "beneficiary", "amount", "channel"])
        #expect(failure.issues.allSatisfy { $0.code == "missing" })
    }

    @Test(
        "invalid values are named with a code",
        arguments: [
            (#""amount":{"minor":-5,"currency":"EUR"}"#, "amount.minor", "out_of_range"),
            (#""amount":{"minor":0,"currency":"EUR"}"#, "amount.minor", "out_of_range"),
            (#""amount":{"minor":1000000000000001,"currency":"EUR"}"#, "amount.minor", "out_of_range"),
            (#""amount":{"minor":5,"currency":"XYZ"}"#, "amount.currency", "unknown_currency"),
            (#""amount":{"minor":5,"currency":"eur"}"#, "amount.currency", "unknown_currency"),
            (#""amount":{"minor":5}"#, "amount.currency", "missing"),
            (#""originator":{"partyId":"c","account":"A1","country":"XX"}"#, "originator.country", "unknown_country"),
            (#""originator":{"partyId":"c d","account":"A1","country":"DE"}"#, "originator.partyId", "invalid_value"),
            (#""originator":{"partyId":"c","account":"has space","country":"DE"}"#, "originator.account", "invalid_value"),
            (#""id":"tx/1""#, "id", "invalid_value"),
            (#""timestamp":"yesterday""#, "timestamp", "invalid_value"),
            (#""channel":"fax""#, "channel", "invalid_value"),
            (#""clientIp":"999.1.1.1""#, "clientIp", "invalid_value"),
            (#""device":"""#, "device", "invalid_value"),
        ]
    )
    func invalidValue(fragment: String, field: String, code: String) throws {
        // Replace one field of the example with the fragment.
        var object = try JSONSerialization.jsonObject(with: Data(Self.example.utf8)) as! [String: Any]
        let patch = try JSONSerialization.jsonObject(with: Data("{\(fragment)}".utf8)) as! [String: Any]
        for (key, value) in patch { object[key] = value }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let failure = try #require(try draft(json).validate().failure)
        #expect(failure.issues.contains { $0.field == field && $0.code == code }, "\(failure.issues)")
    }

    @Test("currencies carry their minor units")
    func currencies() throws {
        #expect(Currency(code: "EUR")?.minorUnits == 2)
        #expect(Currency(code: "JPY")?.minorUnits == 0)
        #expect(Currency(code: "KWD")?.minorUnits == 3)
        #expect(Currency(code: "XAU") == nil)
        #expect(Currency(code: "ABC") == nil)
        let jpy = try #require(Currency(code: "JPY"))
        #expect(Money(minor: 1500, currency: jpy).description == "1500 JPY")
        #expect(Money.minorUnits(major: 10_000, currency: try #require(Currency(code: "KWD"))) == 10_000_000)
        #expect(Money.minorUnits(major: Int64.max, currency: try #require(Currency(code: "EUR"))) == Money.maxMinor)
    }

    @Test("country codes are the assigned ISO 3166-1 alpha-2 codes")
    func countries() {
        #expect(CountryCode(rawValue: "SG") != nil)
        #expect(CountryCode(rawValue: "GB") != nil)
        #expect(CountryCode(rawValue: "UK") == nil)
        #expect(CountryCode(rawValue: "sg") == nil)
        #expect(CountryCode.allCodes.count == 249)
    }

    @Test("IP addresses")
    func ipAddresses() {
        #expect(IPAddress.isValid("203.0.113.7"))
        #expect(IPAddress.isValid("2001:db8::1"))
        #expect(!IPAddress.isValid("203.0.113"))
        #expect(!IPAddress.isValid("localhost"))
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}

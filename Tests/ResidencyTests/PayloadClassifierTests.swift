// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Residency
import StraitCore
import Testing

@Suite("Payload classification")
struct PayloadClassifierTests {
    static func classify(_ json: String, _ classifier: PayloadClassifier) throws -> [String: ClassifiedField] {
        let fields = try classifier.classify(json: Array(json.utf8))
        return Dictionary(fields.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    @Test("Strait's payment instruction is classified by its schema")
    func paymentInstruction() throws {
        let json = """
            {"id":"tx-1","timestamp":"2026-11-27T01:00:00Z","originator":{"partyId":"cust-1","account":"DE89370400440532013000","country":"DE"},
            "beneficiary":{"partyId":"cust-2","account":"SG-001-2345","country":"SG"},"amount":{"minor":12345,"currency":"EUR"},
            "channel":"web","clientIp":"203.0.113.7","device":"dev-1"}
            """
        let fields = try Self.classify(json, .paymentInstruction)
        #expect(fields["originator.account"]?.category == .bankAccount)
        #expect(fields["originator.account"]?.source == .schema("originator.account"))
        #expect(fields["beneficiary.partyId"]?.category == .identity)
        #expect(fields["amount.minor"]?.category == .transaction)
        #expect(fields["clientIp"]?.category == .behavioural)
        #expect(fields.count == 13)
    }

    @Test("unlabelled fields are found by content, with check digits, in nested objects and arrays")
    func detectors() throws {
        let json = """
            {"customer":{"ref":"11010119900101100X","bank":"DE89 3704 0044 0532 0130 00","mail":"ana@example.com","tel":"+65 6123 4567"},
             "items":[{"pan":"4111 1111 1111 1111"},{"pan":"4111 1111 1111 1112"}],"note":"pay 4111 1111 1111 1111 today",
             "count":12,"flag":true,"aadhaar":234123412346,"code":"ABC-123456"}
            """
        let fields = try Self.classify(json, PayloadClassifier(rules: [FieldRule("note", .transaction)]))
        #expect(fields["customer.ref"]?.category == .nationalID)
        #expect(fields["customer.ref"]?.source == .detector("cn.ric"))
        #expect(fields["customer.ref"]?.country == "CN")
        #expect(fields["customer.bank"]?.category == .bankAccount)
        #expect(fields["customer.bank"]?.country == "DE")
        #expect(fields["customer.mail"]?.category == .contact)
        #expect(fields["customer.tel"]?.category == .contact)
        #expect(fields["items[0].pan"]?.category == .card)
        #expect(fields["items[1].pan"] == nil, "a bad Luhn digit is not a card")
        #expect(fields["note"]?.source == .schema("note"), "a rule wins over the detectors")
        #expect(fields["count"] == nil && fields["flag"] == nil && fields["code"] == nil)
        #expect(fields["aadhaar"]?.source == .detector("in.aadhaar"))
    }

    @Test("patterns: *, [] and **")
    func patterns() throws {
        let classifier = PayloadClassifier(
            rules: [FieldRule("parties[].name", .identity), FieldRule("**.email", .contact), FieldRule("meta.*", .public)],
            detectUnlabelled: false
        )
        let json = """
            {"parties":[{"name":"Ana","email":"a@x.io"},{"name":"Bo"}],"meta":{"v":1,"deep":{"email":"b@y.io"}},"email":"c@z.io","name":"top"}
            """
        let fields = try Self.classify(json, classifier)
        #expect(fields["parties[0].name"]?.category == .identity)
        #expect(fields["parties[1].name"]?.category == .identity)
        #expect(fields["parties[0].email"]?.category == .contact)
        #expect(fields["meta.deep.email"]?.category == .contact)
        #expect(fields["email"]?.category == .contact)
        #expect(fields["meta.v"]?.category == .public)
        #expect(fields["name"] == nil)
        #expect(throws: JSONSyntaxError.self) { try classifier.classify(json: Array("{".utf8)) }
    }
}

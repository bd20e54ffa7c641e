// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Screening
import Testing

@Suite("Onboarding: application checks")
struct ApplicationChecksTests {
    let checks = ApplicationChecks(today: MRZDate(year: 2026, month: 11, day: 27))

    /// A TD3 passport zone for a real country, with every check digit computed.
    static func passport(surname: String, given: String, number: String, nationality: String, birth: String, sex: String, expiry: String) -> String {
        func pad(_ text: String, _ length: Int) -> String { text + String(repeating: "<", count: max(0, length - text.count)) }
        let name = pad("\(surname)<<\(given.replacingOccurrences(of: " ", with: "<"))", 39)
        let line1 = "P<" + nationality + name
        let numberField = pad(number, 9)
        let optional = pad("", 14)
        func digit(_ field: String) -> String { MachineReadableZone.checkDigit(field).map(String.init) ?? "?" }
        let numberCheck = digit(numberField)
        let birthCheck = digit(birth)
        let expiryCheck = digit(expiry)
        let optionalCheck = digit(optional)
        let composite = digit("\(numberField)\(numberCheck)\(birth)\(birthCheck)\(expiry)\(expiryCheck)\(optional)\(optionalCheck)")
        let line2 = "\(numberField)\(numberCheck)\(nationality)\(birth)\(birthCheck)\(sex)\(expiry)\(expiryCheck)\(optional)\(optionalCheck)\(composite)"
        return line1 + "\n" + line2
    }

    func application(name: String = "Anna Maria Eriksson", birth: String? = "1974-08-12", nationality: String? = "SE", mrz: String? = nil, number: String = "X12345678", expiry: String? = "2031-04-15", email: String? = "anna@example.se", phone: String? = nil, purpose: String = "salary and savings") -> CustomerApplication {
        CustomerApplication(
            kind: .person, name: .init(latin: name), dateOfBirth: birth, nationality: nationality, residence: "SE",
            document: .init(type: .passport, number: number, issuingCountry: "SE", expiryDate: expiry, mrz: mrz), contact: .init(email: email, phone: phone),
            purpose: purpose
        )
    }

    @Test("a complete application whose passport zone agrees with it passes")
    func passes() {
        let zone = Self.passport(surname: "ERIKSSON", given: "ANNA MARIA", number: "X12345678", nationality: "SWE", birth: "740812", sex: "F", expiry: "310415")
        #expect(checks.check(application(mrz: zone)).isEmpty, "\(checks.check(application(mrz: zone)))")
        // Accents in the declared name are fine: the zone has none.
        #expect(checks.check(application(name: "Anna María Eriksson", mrz: zone)).isEmpty)
    }

    @Test("anonymous and incomplete applications are refused, each problem named")
    func anonymous() {
        let codes = checks.check(application(name: "Anonymous", birth: nil, nationality: nil, email: nil, purpose: "")).map { "\($0.field):\($0.code)" }
        #expect(codes.contains("name.latin:anonymous"))
        #expect(codes.contains("dateOfBirth:required") && codes.contains("nationality:required"))
        #expect(codes.contains("contact:required") && codes.contains("purpose:required"))
        #expect(checks.check(application(name: "X")).contains { $0.code == "anonymous" })
        var noDocument = application()
        noDocument.document = nil
        #expect(checks.check(noDocument).map(\.field) == ["document"])
    }

    @Test("dates, age, expiry, countries, e-mail and phone are checked")
    func formats() {
        #expect(checks.check(application(birth: "2010-01-01")).map(\.code) == ["underage"])
        #expect(checks.check(application(birth: "1974-02-30")).map(\.code) == ["invalid_date"])
        #expect(checks.check(application(expiry: "2025-01-01")).map(\.code) == ["expired"])
        #expect(checks.check(application(nationality: "SWE")).map(\.code) == ["unknown_country"])
        #expect(checks.check(application(email: "anna.example.se")).map(\.code) == ["invalid_email"])
        #expect(checks.check(application(email: nil, phone: "0046701234567")).map(\.code) == ["invalid_phone"])
        #expect(checks.check(application(email: nil, phone: "+46701234567")).isEmpty)
    }

    @Test("a zone that does not verify, or disagrees with the declared number, birth date, nationality or name, is reported field by field")
    func mismatches() {
        let zone = Self.passport(surname: "ERIKSSON", given: "ANNA MARIA", number: "X12345678", nationality: "SWE", birth: "740812", sex: "F", expiry: "310415")
        var broken = Array(zone)
        broken[broken.count - 1] = broken[broken.count - 1] == "1" ? "2" : "1"
        #expect(checks.check(application(mrz: String(broken))).contains { $0.field == "document.mrz" && $0.code == "mrz_invalid" })
        let issues = checks.check(application(name: "Anna Eriksson", birth: "1974-08-13", nationality: "NO", mrz: zone, number: "X12345679"))
        let fields = Set(issues.filter { $0.code == "mrz_mismatch" }.map(\.field))
        #expect(fields == ["document.number", "dateOfBirth", "nationality", "name.latin"], "\(issues)")
        #expect(issues.first { $0.field == "name.latin" }?.message.contains("MARIA") == true)
        #expect(checks.check(application(mrz: "not a zone")).contains { $0.code == "mrz_invalid" })
    }

    @Test("a declared national ID must be valid for its scheme and embed the declared birth date")
    func nationalID() {
        var withID = application(birth: "1944-05-14")
        // A PESEL of 14 May 1944 (month 05, 19xx), check digit computed by the scheme.
        let valid = ["44051401359", "44051401358"].first { NationalIDType.plPESEL.validate($0).isValid }
        guard let number = valid else { Issue.record("no valid PESEL among the samples"); return }
        withID.nationalID = NationalIDNumber(scheme: "pl.pesel", number: number)
        #expect(checks.check(withID).isEmpty, "\(checks.check(withID))")
        withID.dateOfBirth = "1944-05-15"
        #expect(checks.check(withID).map(\.code) == ["national_id_mismatch"])
        withID.nationalID = NationalIDNumber(scheme: "pl.pesel", number: "44051401350")
        withID.dateOfBirth = "1944-05-14"
        #expect(checks.check(withID).map(\.code) == ["invalid_national_id"])
        withID.nationalID = NationalIDNumber(scheme: "xx.id", number: "1")
        #expect(checks.check(withID).map(\.field) == ["nationalId.scheme"])
    }

    @Test("ISO 3166 alpha-3 and ICAO codes map to alpha-2")
    func countryCodes() {
        #expect(CountryCodes.alpha2(fromAlpha3: "SWE") == "SE")
        #expect(CountryCodes.alpha2(fromAlpha3: "D<<") == "DE")
        #expect(CountryCodes.alpha2(fromAlpha3: "GBD") == "GB")
        #expect(CountryCodes.alpha2(fromAlpha3: "XXA") == nil)
        #expect(CountryCodes.alpha3(fromAlpha2: "HK") == "HKG")
        #expect(CountryCodes.isAlpha2("XK") && !CountryCodes.isAlpha2("ZZ"))
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// What a customer gives at onboarding: who they are, the document that proves it, how to reach
/// them and why they want the account. Anonymous or incomplete applications are refused by
/// ``ApplicationChecks``.
public struct CustomerApplication: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case person, organization
    }

    /// A name as written in the document's own script and in Latin letters (as the document's
    /// machine-readable zone, or the customer, transliterates it).
    public struct Name: Sendable, Hashable, Codable {
        /// Latin letters: required.
        public var latin: String
        /// The original script, when it is not Latin (e.g. `王小明`, `Иван Петров`).
        public var original: String?

        public init(latin: String, original: String? = nil) {
            self.latin = latin
            self.original = original
        }
    }

    public struct Document: Sendable, Hashable, Codable {
        public enum DocumentType: String, Sendable, Hashable, Codable, CaseIterable {
            case passport
            case identityCard = "identity_card"
            case residencePermit = "residence_permit"
        }

        public var type: DocumentType
        public var number: String
        /// ISO 3166-1 alpha-2 of the issuing state.
        public var issuingCountry: String
        /// `YYYY-MM-DD`, when the document expires.
        public var expiryDate: String?
        /// The machine-readable zone as printed (lines separated by new lines), when read.
        public var mrz: String?

        public init(type: DocumentType, number: String, issuingCountry: String, expiryDate: String? = nil, mrz: String? = nil) {
            self.type = type
            self.number = number
            self.issuingCountry = issuingCountry
            self.expiryDate = expiryDate
            self.mrz = mrz
        }
    }

    public struct Contact: Sendable, Hashable, Codable {
        public var email: String?
        /// E.164, e.g. `+6591234567`.
        public var phone: String?

        public init(email: String? = nil, phone: String? = nil) {
            self.email = email
            self.phone = phone
        }
    }

    public var kind: Kind
    public var name: Name
    /// `YYYY-MM-DD` (persons).
    public var dateOfBirth: String?
    /// ISO 3166-1 alpha-2 (persons).
    public var nationality: String?
    /// ISO 3166-1 alpha-2 of the residence (or incorporation).
    public var residence: String
    /// The identity document (persons).
    public var document: Document?
    /// A national identity number the customer declares (persons), with its scheme.
    public var nationalID: NationalIDNumber?
    /// The company register number (organisations).
    public var registrationNumber: String?
    public var contact: Contact
    /// Why the customer wants the account, in their words.
    public var purpose: String

    public init(
        kind: Kind, name: Name, dateOfBirth: String? = nil, nationality: String? = nil, residence: String, document: Document? = nil,
        nationalID: NationalIDNumber? = nil, registrationNumber: String? = nil, contact: Contact, purpose: String
    ) {
        self.nationalID = nationalID
        self.kind = kind
        self.name = name
        self.dateOfBirth = dateOfBirth
        self.nationality = nationality
        self.residence = residence
        self.document = document
        self.registrationNumber = registrationNumber
        self.contact = contact
        self.purpose = purpose
    }
}

/// A declared national identity number: its scheme (``NationalIDType`` id, e.g. `pl.pesel`) and number.
public struct NationalIDNumber: Sendable, Hashable, Codable {
    public var scheme: String
    public var number: String

    public init(scheme: String, number: String) {
        self.scheme = scheme
        self.number = number
    }
}

/// One problem with an application: the field (dotted path), a stable code and a sentence.
public struct ApplicationIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public var field: String
    /// `required`, `anonymous`, `invalid_value`, `invalid_date`, `underage`, `expired`,
    /// `unknown_country`, `mrz_invalid`, `mrz_mismatch`, `invalid_national_id`, `national_id_mismatch`,
    /// `invalid_email`, `invalid_phone`.
    public var code: String
    public var message: String

    public init(_ field: String, _ code: String, _ message: String) {
        self.field = field
        self.code = code
        self.message = message
    }

    public var description: String { "\(field): \(code): \(message)" }
}

/// The checks an application must pass before a customer is screened and rated: nothing missing,
/// nothing anonymous, dates and countries well formed, the document unexpired, and — when its
/// machine-readable zone is given — the zone valid and agreeing with what the customer declared.
public struct ApplicationChecks: Sendable {
    /// The youngest age at which a person may open an account alone.
    public var minimumAge: Int
    /// The date the checks are made on (expiry, age).
    public var today: MRZDate

    public init(minimumAge: Int = 18, today: MRZDate = .today()) {
        self.minimumAge = minimumAge
        self.today = today
    }

    /// Names that stand for nobody.
    static let placeholderNames: Set<String> = [
        "anonymous", "anon", "unknown", "n/a", "na", "none", "null", "test", "xxx", "x", "nobody", "customer", "john doe", "jane doe", "no name",
        "not applicable", "tbd", "?",
    ]

    /// Every problem of `application`; empty when it passes.
    public func check(_ application: CustomerApplication) -> [ApplicationIssue] {
        var issues: [ApplicationIssue] = []
        let latin = application.name.latin.trimmingCharacters(in: .whitespacesAndNewlines)
        if latin.isEmpty {
            issues.append(ApplicationIssue("name.latin", "required", "the name in Latin letters is required"))
        } else if Self.placeholderNames.contains(latin.lowercased()) || latin.unicodeScalars.filter(\.properties.isAlphabetic).count < 2 {
            issues.append(ApplicationIssue("name.latin", "anonymous", "\"\(latin)\" does not name anyone; anonymous accounts are not allowed"))
        } else if latin.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) || latin.count > 200 {
            issues.append(ApplicationIssue("name.latin", "invalid_value", "the name must be 2–200 characters without control characters"))
        }
        if !CountryCodes.isAlpha2(application.residence) {
            issues.append(ApplicationIssue("residence", "unknown_country", "residence must be an ISO 3166-1 alpha-2 code, e.g. DE"))
        }
        let purpose = application.purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        if purpose.count < 3 { issues.append(ApplicationIssue("purpose", "required", "the purpose of the account is required")) }
        checkContact(application.contact, into: &issues)
        switch application.kind {
        case .person: checkPerson(application, into: &issues)
        case .organization:
            if (application.registrationNumber?.trimmingCharacters(in: .whitespaces) ?? "").isEmpty {
                issues.append(ApplicationIssue("registrationNumber", "required", "an organisation's register number is required"))
            }
        }
        return issues
    }

    private func checkContact(_ contact: CustomerApplication.Contact, into issues: inout [ApplicationIssue]) {
        if contact.email == nil && contact.phone == nil {
            issues.append(ApplicationIssue("contact", "required", "an e-mail address or a phone number is required"))
        }
        if let email = contact.email {
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || parts[1].hasPrefix(".") || parts[1].hasSuffix(".") || email.contains(" ") || email.count > 254 {
                issues.append(ApplicationIssue("contact.email", "invalid_email", "\(email) is not an e-mail address"))
            }
        }
        if let phone = contact.phone {
            let digits = phone.dropFirst()
            if !phone.hasPrefix("+") || !(8...15).contains(digits.count) || !digits.allSatisfy(\.isASCIIDigit) || digits.first == "0" {
                issues.append(ApplicationIssue("contact.phone", "invalid_phone", "the phone number must be in E.164 form, e.g. +6591234567"))
            }
        }
    }

    private func checkPerson(_ application: CustomerApplication, into issues: inout [ApplicationIssue]) {
        var birth: MRZDate?
        if let text = application.dateOfBirth {
            if let date = Self.date(text), date <= today {
                birth = date
                if Self.age(at: today, born: date) < minimumAge {
                    issues.append(ApplicationIssue("dateOfBirth", "underage", "the customer must be at least \(minimumAge) years old"))
                }
            } else {
                issues.append(ApplicationIssue("dateOfBirth", "invalid_date", "dateOfBirth must be a past date as YYYY-MM-DD"))
            }
        } else {
            issues.append(ApplicationIssue("dateOfBirth", "required", "a person's date of birth is required"))
        }
        if let nationality = application.nationality {
            if !CountryCodes.isAlpha2(nationality) {
                issues.append(ApplicationIssue("nationality", "unknown_country", "nationality must be an ISO 3166-1 alpha-2 code"))
            }
        } else {
            issues.append(ApplicationIssue("nationality", "required", "a person's nationality is required"))
        }
        if let declared = application.nationalID { checkNationalID(declared, birth: birth, into: &issues) }
        guard let document = application.document else {
            issues.append(ApplicationIssue("document", "required", "an identity document is required"))
            return
        }
        let number = document.number.trimmingCharacters(in: .whitespaces)
        if number.isEmpty || number.count > 40 || !number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == " ") }) {
            issues.append(ApplicationIssue("document.number", "invalid_value", "the document number must be 1–40 letters and digits"))
        }
        if !CountryCodes.isAlpha2(document.issuingCountry) {
            issues.append(ApplicationIssue("document.issuingCountry", "unknown_country", "issuingCountry must be an ISO 3166-1 alpha-2 code"))
        }
        var expiry: MRZDate?
        if let text = document.expiryDate {
            if let date = Self.date(text) {
                expiry = date
                if date < today { issues.append(ApplicationIssue("document.expiryDate", "expired", "the document expired on \(text)")) }
            } else {
                issues.append(ApplicationIssue("document.expiryDate", "invalid_date", "expiryDate must be YYYY-MM-DD"))
            }
        }
        guard let text = document.mrz else { return }
        switch MachineReadableZone.parse(text, referenceDate: today) {
        case .failure(let error):
            issues.append(ApplicationIssue("document.mrz", "mrz_invalid", error.message))
        case .success(let zone):
            for problem in zone.problems { issues.append(ApplicationIssue("document.mrz", "mrz_invalid", "\(problem.code.rawValue): \(problem.message)")) }
            compare(zone, with: application, number: number, birth: birth, expiry: expiry, into: &issues)
        }
    }

    /// A declared national ID: a known scheme, a valid number, and the birth date it embeds equal to
    /// the declared one.
    private func checkNationalID(_ declared: NationalIDNumber, birth: MRZDate?, into issues: inout [ApplicationIssue]) {
        guard let type = NationalIDType(rawValue: declared.scheme) else {
            issues.append(
                ApplicationIssue("nationalId.scheme", "invalid_value", "\(declared.scheme) is not a known scheme (\(NationalIDType.allCases.map(\.rawValue).joined(separator: ", ")))")
            )
            return
        }
        let result = type.validate(declared.number, today: today)
        if let problem = result.problem {
            issues.append(ApplicationIssue("nationalId.number", "invalid_national_id", "\(problem.code.rawValue): \(problem.message)"))
        } else if let embedded = result.birthDate, let birth, embedded != birth {
            issues.append(ApplicationIssue("dateOfBirth", "national_id_mismatch", "the date of birth \(birth) differs from the one in the national ID number, \(embedded)"))
        }
    }

    /// The zone against what the customer declared.
    private func compare(
        _ zone: MachineReadableZone, with application: CustomerApplication, number: String, birth: MRZDate?, expiry: MRZDate?,
        into issues: inout [ApplicationIssue]
    ) {
        func mismatch(_ field: String, _ message: String) { issues.append(ApplicationIssue(field, "mrz_mismatch", message)) }
        let declaredNumber = number.uppercased().filter { $0.isLetter || $0.isNumber }
        if !declaredNumber.isEmpty, zone.documentNumber != declaredNumber {
            mismatch("document.number", "the document number \(declaredNumber) differs from the machine-readable zone's \(zone.documentNumber)")
        }
        if let birth, let zoneBirth = zone.birthDate, zoneBirth != birth {
            mismatch("dateOfBirth", "the date of birth \(birth) differs from the machine-readable zone's \(zoneBirth)")
        }
        if let expiry, let zoneExpiry = zone.expiryDate, zoneExpiry != expiry {
            mismatch("document.expiryDate", "the expiry date \(expiry) differs from the machine-readable zone's \(zoneExpiry)")
        }
        if let nationality = application.nationality, let zoneNationality = CountryCodes.alpha2(fromAlpha3: zone.nationality), zoneNationality != nationality {
            mismatch("nationality", "the nationality \(nationality) differs from the machine-readable zone's \(zone.nationality)")
        }
        if let issuer = CountryCodes.alpha2(fromAlpha3: zone.issuingState), issuer != application.document?.issuingCountry {
            mismatch("document.issuingCountry", "the issuing country differs from the machine-readable zone's \(zone.issuingState)")
        }
        // Names: every token of the zone's name must be among the declared name's (a zone may
        // truncate the last token of a long name).
        let declared = Self.nameTokens(application.name.latin)
        var zoneTokens = Self.nameTokens(zone.primaryIdentifier + " " + zone.secondaryIdentifier)
        if zone.nameMayBeTruncated, let last = zoneTokens.popLast(), !declared.contains(where: { $0.hasPrefix(last) }) {
            zoneTokens.append(last)
        }
        let missing = zoneTokens.filter { !declared.contains($0) }
        if !missing.isEmpty {
            mismatch("name.latin", "the machine-readable zone names \(missing.joined(separator: " ")), which the declared name does not contain")
        }
    }

    /// Upper-case Latin letters of a name, accents removed, split on everything else.
    static func nameTokens(_ name: String) -> [String] {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).uppercased()
        return folded.split(whereSeparator: { !($0.isASCII && $0.isLetter) }).map(String.init)
    }

    static func date(_ text: String) -> MRZDate? {
        let parts = text.split(separator: "-")
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        let date = MRZDate(year: year, month: month, day: day)
        return date.isValid ? date : nil
    }

    static func age(at today: MRZDate, born: MRZDate) -> Int {
        var age = today.year - born.year
        if (today.month, today.day) < (born.month, born.day) { age -= 1 }
        return age
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

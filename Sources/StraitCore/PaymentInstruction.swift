// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// The channel a payment instruction arrived through.
public enum PaymentChannel: String, Sendable, Codable, Hashable, CaseIterable {
    case web, mobile, api, branch, atm, pos, batch, other
}

/// One side of a payment: who, which account, which country.
public struct PaymentParty: Sendable, Hashable {
    public var partyID: PartyID
    public var account: AccountReference
    public var country: CountryCode

    public init(partyID: PartyID, account: AccountReference, country: CountryCode) {
        self.partyID = partyID
        self.account = account
        self.country = country
    }
}

/// A validated payment instruction: the unit that Strait decides, stores and audits.
///
/// Build one from client input with ``PaymentInstructionDraft/validate()``, which reports every
/// problem with the path of the offending field.
public struct PaymentInstruction: Sendable, Hashable {
    public var id: TransactionID
    public var timestamp: Timestamp
    public var originator: PaymentParty
    public var beneficiary: PaymentParty
    public var amount: Money
    public var channel: PaymentChannel
    /// The end customer's IP address as the fintech saw it (IPv4 or IPv6), if known.
    public var clientIP: String?
    /// The end customer's device identifier, if known.
    public var device: String?
    /// Free-text purpose or remittance information (at most 140 characters), if any.
    public var purpose: String?

    /// Whether originator and beneficiary are in different countries.
    public var isCrossBorder: Bool { originator.country != beneficiary.country }

    /// The draft form of this instruction, as stored and as the API shows it.
    public var draft: PaymentInstructionDraft {
        PaymentInstructionDraft(
            id: id.rawValue,
            timestamp: timestamp.text,
            originator: .init(partyId: originator.partyID.rawValue, account: originator.account.rawValue, country: originator.country.rawValue),
            beneficiary: .init(
                partyId: beneficiary.partyID.rawValue,
                account: beneficiary.account.rawValue,
                country: beneficiary.country.rawValue
            ),
            amount: .init(minor: amount.minor, currency: amount.currency.code),
            channel: channel.rawValue,
            clientIp: clientIP,
            device: device,
            purpose: purpose
        )
    }

    /// The canonical JSON encoding (sorted keys, no insignificant white space) of ``draft``.
    ///
    /// Two instructions are the same payment exactly when their canonical encodings are equal;
    /// idempotency compares the SHA-256 of this encoding.
    public func canonicalJSON() -> String {
        // Keys in sorted (code-point) order at every level; optional fields omitted when absent.
        var json = JSONText()
        json.beginObject()
        json.beginObject("amount")
        json.string("currency", amount.currency.code)
        json.integer("minor", amount.minor)
        json.endObject()
        Self.write(beneficiary, key: "beneficiary", to: &json)
        json.string("channel", channel.rawValue)
        json.string("clientIp", clientIP)
        json.string("device", device)
        json.string("id", id.rawValue)
        Self.write(originator, key: "originator", to: &json)
        json.string("purpose", purpose)
        json.string("timestamp", timestamp.text)
        json.endObject()
        return json.text
    }

    private static func write(_ party: PaymentParty, key: String, to json: inout JSONText) {
        json.beginObject(key)
        json.string("account", party.account.rawValue)
        json.string("country", party.country.rawValue)
        json.string("partyId", party.partyID.rawValue)
        json.endObject()
    }
}

/// A problem with one field of client input.
public struct ValidationIssue: Sendable, Hashable, Codable {
    /// Dotted path of the field, e.g. `amount.currency`.
    public var field: String
    /// Stable code: `missing`, `invalid_type`, `invalid_value`, `out_of_range`, `unknown_currency`, `unknown_country`.
    public var code: String
    /// A human sentence.
    public var message: String

    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }
}

/// Client input for a payment instruction as decoded from JSON, before validation.
///
/// Every field is optional here so that validation can name each one that is missing,
/// rather than failing on the first.
public struct PaymentInstructionDraft: Sendable, Hashable, Codable {
    public struct Party: Sendable, Hashable, Codable {
        public var partyId: String?
        public var account: String?
        public var country: String?
        public init(partyId: String?, account: String?, country: String?) {
            self.partyId = partyId
            self.account = account
            self.country = country
        }
    }
    public struct Amount: Sendable, Hashable, Codable {
        public var minor: Int64?
        public var currency: String?
        public init(minor: Int64?, currency: String?) {
            self.minor = minor
            self.currency = currency
        }

        private enum CodingKeys: String, CodingKey { case minor, currency }

        /// Reads `minor` as any JSON number so that a fraction is reported as a type error on
        /// `amount.minor` and a number beyond 64 bits as out of range, rather than as invalid JSON.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            currency = try container.decodeIfPresent(String.self, forKey: .currency)
            guard let number = try container.decodeIfPresent(Decimal.self, forKey: .minor) else {
                minor = nil
                return
            }
            guard let value = PaymentInstructionDraft.integer(number) else {
                throw DecodingError.typeMismatch(
                    Int64.self,
                    .init(codingPath: container.codingPath + [CodingKeys.minor], debugDescription: "not a whole number")
                )
            }
            minor = value
        }
    }

    public var id: String?
    public var timestamp: String?
    public var originator: Party?
    public var beneficiary: Party?
    public var amount: Amount?
    public var channel: String?
    public var clientIp: String?
    public var device: String?
    public var purpose: String?

    public init(
        id: String?, timestamp: String?, originator: Party?, beneficiary: Party?, amount: Amount?, channel: String?,
        clientIp: String? = nil, device: String? = nil, purpose: String? = nil
    ) {
        self.id = id
        self.timestamp = timestamp
        self.originator = originator
        self.beneficiary = beneficiary
        self.amount = amount
        self.channel = channel
        self.clientIp = clientIp
        self.device = device
        self.purpose = purpose
    }

    /// Validates every field and returns the instruction, or every issue found (in field order).
    public func validate() -> Result<PaymentInstruction, ValidationFailure> {
        var issues: [ValidationIssue] = []
        func missing(_ field: String) {
            issues.append(.init(field: field, code: "missing", message: "\(field) is required"))
        }
        func invalid(_ field: String, _ message: String, code: String = "invalid_value") {
            issues.append(.init(field: field, code: code, message: "\(field) \(message)"))
        }

        var transactionID: TransactionID?
        if let id {
            transactionID = TransactionID(rawValue: id)
            if transactionID == nil { invalid("id", "must be 1–128 characters of A–Z, a–z, 0–9, '.', '_', ':' or '-'") }
        } else {
            missing("id")
        }

        var time: Timestamp?
        if let timestamp {
            time = Timestamp(rfc3339: timestamp)
            if time == nil { invalid("timestamp", "must be an RFC 3339 date-time such as 2026-11-27T01:00:00Z") }
        } else {
            missing("timestamp")
        }

        func party(_ draft: Party?, _ name: String) -> PaymentParty? {
            guard let draft else {
                missing(name)
                return nil
            }
            var partyID: PartyID?
            var account: AccountReference?
            var country: CountryCode?
            if let value = draft.partyId {
                partyID = PartyID(rawValue: value)
                if partyID == nil { invalid("\(name).partyId", "must be 1–128 characters of A–Z, a–z, 0–9, '.', '_', ':' or '-'") }
            } else {
                missing("\(name).partyId")
            }
            if let value = draft.account {
                account = AccountReference(rawValue: value)
                if account == nil { invalid("\(name).account", "must be 1–64 printable ASCII characters without spaces") }
            } else {
                missing("\(name).account")
            }
            if let value = draft.country {
                country = CountryCode(rawValue: value)
                if country == nil {
                    invalid("\(name).country", "is not an ISO 3166-1 alpha-2 country code", code: "unknown_country")
                }
            } else {
                missing("\(name).country")
            }
            guard let partyID, let account, let country else { return nil }
            return PaymentParty(partyID: partyID, account: account, country: country)
        }
        let originatorParty = party(originator, "originator")
        let beneficiaryParty = party(beneficiary, "beneficiary")

        var money: Money?
        if let amount {
            var currency: Currency?
            if let code = amount.currency {
                currency = Currency(code: code)
                if currency == nil { invalid("amount.currency", "is not an active ISO 4217 currency code", code: "unknown_currency") }
            } else {
                missing("amount.currency")
            }
            if let minor = amount.minor {
                if minor <= 0 {
                    invalid("amount.minor", "must be a positive whole number of minor units", code: "out_of_range")
                } else if minor > Money.maxMinor {
                    invalid("amount.minor", "must not exceed \(Money.maxMinor)", code: "out_of_range")
                } else if let currency {
                    money = Money(minor: minor, currency: currency)
                }
            } else {
                missing("amount.minor")
            }
        } else {
            missing("amount")
        }

        var paymentChannel: PaymentChannel?
        if let channel {
            paymentChannel = PaymentChannel(rawValue: channel)
            if paymentChannel == nil {
                invalid("channel", "must be one of \(PaymentChannel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        } else {
            missing("channel")
        }

        if let clientIp, !IPAddress.isValid(clientIp) {
            invalid("clientIp", "must be an IPv4 or IPv6 address")
        }
        if let device, device.isEmpty || device.utf8.count > 128 || device.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            invalid("device", "must be 1–128 characters without control characters")
        }
        if let purpose, purpose.count > 140 || purpose.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            invalid("purpose", "must be at most 140 characters without control characters")
        }

        guard issues.isEmpty, let transactionID, let time, let originatorParty, let beneficiaryParty, let money,
            let paymentChannel
        else {
            return .failure(ValidationFailure(issues: issues))
        }
        return .success(
            PaymentInstruction(
                id: transactionID,
                timestamp: time,
                originator: originatorParty,
                beneficiary: beneficiaryParty,
                amount: money,
                channel: paymentChannel,
                clientIP: clientIp,
                device: device,
                purpose: purpose
            )
        )
    }
}

/// Every problem found in one piece of client input.
public struct ValidationFailure: Error, Sendable, Hashable {
    public var issues: [ValidationIssue]
    public init(issues: [ValidationIssue]) { self.issues = issues }
}

/// IP address syntax checks.
public enum IPAddress {
    /// Whether `text` is a textual IPv4 (dotted quad) or IPv6 address.
    public static func isValid(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 45 else { return false }
        var buffer = [UInt8](repeating: 0, count: 16)
        return text.withCString { cString in
            inet_pton(AF_INET, cString, &buffer) == 1 || inet_pton(AF_INET6, cString, &buffer) == 1
        }
    }
}

/// A field of client JSON that has the wrong type.
public struct JSONFieldTypeError: Error, Sendable, Hashable {
    /// Dotted path (`amount.minor`); empty for the document itself.
    public var field: String
    /// What the field must be, e.g. `an integer`.
    public var expected: String
    /// What it was, e.g. `a string`.
    public var found: String

    public init(field: String, expected: String, found: String) {
        self.field = field
        self.expected = expected
        self.found = found
    }
}

extension PaymentInstructionDraft {
    /// Reads a draft from parsed JSON. Unknown members are ignored and `null` counts as absent;
    /// a member of the wrong type is an error naming it.
    public init(json: JSONValue) throws(JSONFieldTypeError) {
        guard case .object = json else { throw JSONFieldTypeError(field: "", expected: "an object", found: json.typeName) }
        func string(_ value: JSONValue?, _ field: String) throws(JSONFieldTypeError) -> String? {
            switch value {
            case nil, .null?: return nil
            case .string(let s)?: return s
            case let other?: throw JSONFieldTypeError(field: field, expected: "a string", found: other.typeName)
            }
        }
        func object(_ value: JSONValue?, _ field: String) throws(JSONFieldTypeError) -> JSONValue? {
            switch value {
            case nil, .null?: return nil
            case .object?: return value
            case let other?: throw JSONFieldTypeError(field: field, expected: "an object", found: other.typeName)
            }
        }
        func party(_ value: JSONValue?, _ field: String) throws(JSONFieldTypeError) -> Party? {
            guard let value = try object(value, field) else { return nil }
            return Party(
                partyId: try string(value["partyId"], "\(field).partyId"),
                account: try string(value["account"], "\(field).account"),
                country: try string(value["country"], "\(field).country")
            )
        }
        id = try string(json["id"], "id")
        timestamp = try string(json["timestamp"], "timestamp")
        originator = try party(json["originator"], "originator")
        beneficiary = try party(json["beneficiary"], "beneficiary")
        if let amountValue = try object(json["amount"], "amount") {
            var minor: Int64?
            switch amountValue["minor"] {
            case nil, .null?: minor = nil
            case .number(let text)?:
                guard let value = Self.integer(text) else {
                    throw JSONFieldTypeError(field: "amount.minor", expected: "an integer", found: "a fraction")
                }
                minor = value
            case let other?:
                throw JSONFieldTypeError(field: "amount.minor", expected: "an integer", found: other.typeName)
            }
            amount = Amount(minor: minor, currency: try string(amountValue["currency"], "amount.currency"))
        } else {
            amount = nil
        }
        channel = try string(json["channel"], "channel")
        clientIp = try string(json["clientIp"], "clientIp")
        device = try string(json["device"], "device")
        purpose = try string(json["purpose"], "purpose")
    }

    /// The integer a JSON number denotes, saturated to the `Int64` range; `nil` if it has a fraction.
    static func integer(_ text: String) -> Int64? {
        if let value = Int64(text) { return value }
        let digits = text.utf8.drop { $0 == UInt8(ascii: "-") }
        if !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return text.hasPrefix("-") ? .min : .max
        }
        guard let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        return integer(decimal)
    }

    /// The integer `decimal` denotes, saturated to the `Int64` range; `nil` if it has a fraction.
    static func integer(_ decimal: Decimal) -> Int64? {
        var value = decimal
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .plain)
        guard rounded == decimal else { return nil }
        if decimal > Decimal(Int64.max) { return .max }
        if decimal < Decimal(Int64.min) { return .min }
        return NSDecimalNumber(decimal: decimal).int64Value
    }
}

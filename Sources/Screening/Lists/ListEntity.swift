// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// A sanctions or PEP list as imported: where it came from, its version and its entries.
public struct ScreeningList: Sendable, Hashable {
    /// A stable name for the source, e.g. `ofac-sdn`, `un-consolidated`, `eu-consolidated`, or the
    /// name given to a generic CSV/JSON list.
    public var source: String
    /// The list's own version when it states one (publication date, generation time), else a digest
    /// of the imported files.
    public var version: String
    public var entities: [ListEntity]

    public init(source: String, version: String, entities: [ListEntity]) {
        self.source = source
        self.version = version
        self.entities = entities
    }
}

/// One listed person, organisation, vessel or aircraft, with every name it is known by.
public struct ListEntity: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case person, organization, vessel, aircraft, unknown
    }

    /// The list's own id for the entry (e.g. the SDN `ent_num`, the UN `DATAID`), unique within its list.
    public var id: String
    /// The ``ScreeningList/source`` it belongs to.
    public var list: String
    public var kind: Kind
    /// The primary name first, then aliases; original-script spellings are names too.
    public var names: [ListName]
    public var birthDates: [PartialDate]
    /// ISO 3166-1 alpha-2 codes where the list's country names or codes could be resolved.
    public var nationalities: [String]
    public var identifiers: [ListIdentifier]
    /// Sanctions programmes or regimes (e.g. `SDGT`, `IRAN`, the UN list type).
    public var programs: [String]
    public var remarks: String?
    /// Addresses the list gives (street, city, country); empty when it gives none.
    public var addresses: [ListAddress]

    public init(
        id: String, list: String, kind: Kind, names: [ListName], birthDates: [PartialDate] = [], nationalities: [String] = [],
        identifiers: [ListIdentifier] = [], programs: [String] = [], remarks: String? = nil, addresses: [ListAddress] = []
    ) {
        self.id = id
        self.list = list
        self.kind = kind
        self.names = names
        self.birthDates = birthDates
        self.nationalities = nationalities
        self.identifiers = identifiers
        self.programs = programs
        self.remarks = remarks
        self.addresses = addresses
    }

    private enum CodingKeys: String, CodingKey {
        case id, list, kind, names, birthDates, nationalities, identifiers, programs, remarks, addresses
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        list = try c.decode(String.self, forKey: .list)
        kind = try c.decode(Kind.self, forKey: .kind)
        names = try c.decode([ListName].self, forKey: .names)
        birthDates = try c.decodeIfPresent([PartialDate].self, forKey: .birthDates) ?? []
        nationalities = try c.decodeIfPresent([String].self, forKey: .nationalities) ?? []
        identifiers = try c.decodeIfPresent([ListIdentifier].self, forKey: .identifiers) ?? []
        programs = try c.decodeIfPresent([String].self, forKey: .programs) ?? []
        remarks = try c.decodeIfPresent(String.self, forKey: .remarks)
        addresses = try c.decodeIfPresent([ListAddress].self, forKey: .addresses) ?? []
    }

    /// The primary name (the first), if any.
    public var primaryName: String? { names.first?.value }
}

/// A name of a listed entity.
public struct ListName: Sendable, Hashable, Codable {
    public enum Quality: String, Sendable, Hashable, Codable {
        /// The list's main name for the entity.
        case primary
        /// A strong alias (a.k.a., f.k.a., "good quality" on the UN list).
        case alias
        /// A weak alias (OFAC "weak a.k.a.", UN "low quality"): matched with less weight.
        case weak
    }

    public var value: String
    public var quality: Quality
    /// The ISO 15924 script code when the list says or it is evident (e.g. `Arab`, `Cyrl`, `Hani`).
    public var script: String?

    public init(_ value: String, quality: Quality, script: String? = nil) {
        self.value = value
        self.quality = quality
        self.script = script
    }
}

/// A date a list gives with the precision it has: a year, a month, or a day; or a range of years
/// (`circa`, `between`).
public struct PartialDate: Sendable, Hashable, Codable {
    public var year: Int
    public var month: Int?
    public var day: Int?
    /// For ranges (`1960 to 1962`, `circa 1960` read as ± some years): the last year of the range.
    public var toYear: Int?
    /// The list says the date is approximate (OFAC `circa`, UN `APPROXIMATELY`, EU `circa="true"`).
    /// An approximate year alone is imported as the range year − 1 … year + 1 with this flag set.
    public var approximate: Bool

    public init(year: Int, month: Int? = nil, day: Int? = nil, toYear: Int? = nil, approximate: Bool = false) {
        self.year = year
        self.month = month
        self.day = day
        self.toYear = toYear
        self.approximate = approximate
    }

    private enum CodingKeys: String, CodingKey { case year, month, day, toYear, approximate }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        year = try c.decode(Int.self, forKey: .year)
        month = try c.decodeIfPresent(Int.self, forKey: .month)
        day = try c.decodeIfPresent(Int.self, forKey: .day)
        toYear = try c.decodeIfPresent(Int.self, forKey: .toYear)
        approximate = try c.decodeIfPresent(Bool.self, forKey: .approximate) ?? false
    }
}

/// An identity document or registration number the list gives for an entity.
public struct ListIdentifier: Sendable, Hashable, Codable {
    /// The list's own type, e.g. `Passport`, `National ID No.`, `SWIFT/BIC`, `IMO`.
    public var type: String
    public var number: String
    /// ISO 3166-1 alpha-2 of the issuer, when resolvable.
    public var country: String?

    public init(type: String, number: String, country: String? = nil) {
        self.type = type
        self.number = number
        self.country = country
    }
}

/// A postal address a list gives for an entity; any part may be missing.
public struct ListAddress: Sendable, Hashable, Codable {
    /// Street and building, as the list writes them.
    public var street: String?
    /// City, state/province and postal code, as the list writes them.
    public var city: String?
    /// The country as the list writes it.
    public var countryName: String?
    /// ISO 3166-1 alpha-2 of ``countryName`` when resolvable.
    public var country: String?

    public init(street: String? = nil, city: String? = nil, countryName: String? = nil, country: String? = nil) {
        self.street = street
        self.city = city
        self.countryName = countryName
        self.country = country
    }
}

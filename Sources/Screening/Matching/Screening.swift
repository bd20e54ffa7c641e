// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// A name to screen, with what else is known about the customer.
public struct ScreeningQuery: Sendable, Hashable {
    /// The name as given, in any script and order (`SURNAME, Given` or `Given SURNAME`).
    public var name: String
    /// Person or organisation, when known; a listed entity of another kind then scores lower.
    public var type: ListEntity.Kind?
    public var dateOfBirth: PartialDate?
    /// ISO 3166-1 alpha-2.
    public var nationality: String?
    /// A passport, national ID or registration number.
    public var idNumber: String?

    public init(name: String, type: ListEntity.Kind? = nil, dateOfBirth: PartialDate? = nil, nationality: String? = nil, idNumber: String? = nil) {
        self.name = name
        self.type = type
        self.dateOfBirth = dateOfBirth
        self.nationality = nationality
        self.idNumber = idNumber
    }

    /// A query with a birth date given as year, month and day (month and day optional).
    public init(name: String, type: ListEntity.Kind? = nil, birthYear: Int, month: Int? = nil, day: Int? = nil, nationality: String? = nil, idNumber: String? = nil) {
        self.init(name: name, type: type, dateOfBirth: PartialDate(year: birthYear, month: month, day: day), nationality: nationality, idNumber: idNumber)
    }
}

/// A listed entity that matches a query above the threshold. Encodes with stable camelCase keys
/// (`entityId`, `list`, `matchedName`, `nameQuality`, `score`, `explanation`).
public struct ScreeningMatch: Sendable, Hashable, Codable {
    /// The ``ListEntity/id`` of the matched entity.
    public var entityId: String
    /// The ``ListEntity/list`` (source) it belongs to.
    public var list: String
    /// The listed name (primary or alias) that matched best.
    public var matchedName: String
    /// The quality of the matched name (a weak alias scores less).
    public var nameQuality: ListName.Quality
    /// 0…1: the name score adjusted by the other signals.
    public var score: Double
    public var explanation: MatchExplanation

    public init(entityId: String, list: String, matchedName: String, nameQuality: ListName.Quality, score: Double, explanation: MatchExplanation) {
        self.entityId = entityId
        self.list = list
        self.matchedName = matchedName
        self.nameQuality = nameQuality
        self.score = score
        self.explanation = explanation
    }

    private enum CodingKeys: String, CodingKey { case entityId, list, matchedName, nameQuality, score, explanation }
}

/// Why a match scored what it did. Encodes with stable camelCase keys (`nameScore`, `tokenPairs`,
/// `unmatchedQueryTokens`, `unmatchedNameTokens`, `signals`).
public struct MatchExplanation: Sendable, Hashable, Codable {
    /// The name score (0…1) before other signals.
    public var nameScore: Double
    /// Query tokens paired with tokens of the matched name.
    public var tokenPairs: [TokenPair]
    /// Normalised query tokens with no counterpart.
    public var unmatchedQueryTokens: [String]
    /// Normalised tokens of the listed name with no counterpart.
    public var unmatchedNameTokens: [String]
    /// What raised or lowered the score after the name.
    public var signals: [MatchSignal]

    public init(nameScore: Double, tokenPairs: [TokenPair], unmatchedQueryTokens: [String], unmatchedNameTokens: [String], signals: [MatchSignal]) {
        self.nameScore = nameScore
        self.tokenPairs = tokenPairs
        self.unmatchedQueryTokens = unmatchedQueryTokens
        self.unmatchedNameTokens = unmatchedNameTokens
        self.signals = signals
    }

    private enum CodingKeys: String, CodingKey { case nameScore, tokenPairs, unmatchedQueryTokens, unmatchedNameTokens, signals }
}

/// A query token paired with a token of a listed name. Encodes as `{"query", "name", "similarity",
/// "kind"}`, the kind as its raw value (`exact`, `joined`, `fuzzy`, `phonetic`, `initial`, `prefix`,
/// `variant`, `transliteration`).
public struct TokenPair: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Equal after normalisation.
        case exact
        /// Equal after joining split words (`abdul rahman` ~ `abdulrahman`).
        case joined
        /// Close in spelling (Jaro–Winkler and Damerau–Levenshtein).
        case fuzzy
        /// The same phonetic key (`mohammed` ~ `mhmd`).
        case phonetic
        /// A single letter and a word starting with it.
        case initial
        /// A truncated word.
        case prefix
        /// Spellings of one name in the table of variants (`muhammad` ~ `mhmd` ~ `mehmet`, `abdul` ~
        /// `abd`, Korean `lee` ~ `yi` ~ `rhee`), or a Wade–Giles syllable and its pinyin (`hsi` ~ `xi`).
        case variant
        /// The same consonant skeleton, aligned sound by sound with the letters romanisations swap
        /// (`khusein` ~ `hussein`, `tchaikovsky` ~ `chaikovsky`, `myong` ~ `myung`).
        case transliteration
    }

    /// The normalised query token.
    public var query: String
    /// The normalised token of the listed name.
    public var name: String
    /// 0…1.
    public var similarity: Double
    public var kind: Kind

    public init(query: String, name: String, similarity: Double, kind: Kind) {
        self.query = query
        self.name = name
        self.similarity = similarity
        self.kind = kind
    }

    private enum CodingKeys: String, CodingKey { case query, name, similarity, kind }
}

/// A signal other than the name that changed a match's score. Encodes as `{"kind", "adjustment",
/// "detail"}`, the kind as its raw value (`birth_date_exact`, `weak_alias`, …).
public struct MatchSignal: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case birthDateExact = "birth_date_exact"
        case birthDateYear = "birth_date_year"
        case birthDateRange = "birth_date_range"
        case birthDateMismatch = "birth_date_mismatch"
        case nationalityMatch = "nationality_match"
        case nationalityMismatch = "nationality_mismatch"
        case identifierMatch = "identifier_match"
        case weakAlias = "weak_alias"
        case typeMismatch = "type_mismatch"
    }

    public var kind: Kind
    /// Added to the score (negative lowers it); for ``Kind/weakAlias``, what the factor took off.
    public var adjustment: Double
    /// A sentence for a reviewer, e.g. `birth date 1975 disagrees with 1951-06-19`.
    public var detail: String

    public init(kind: Kind, adjustment: Double, detail: String) {
        self.kind = kind
        self.adjustment = adjustment
        self.detail = detail
    }

    private enum CodingKeys: String, CodingKey { case kind, adjustment, detail }
}

/// Weights and thresholds of name matching. The defaults were chosen on the screening benchmark
/// described in `docs/screening.md`.
public struct MatchingConfiguration: Sendable, Hashable {
    /// Matches scoring below are not returned.
    public var threshold: Double = 0.82
    /// The share of the name score given to covering the query's tokens (the rest: the listed name's).
    public var queryWeight: Double = 0.60
    /// Token pairs less similar than this do not match.
    public var minimumTokenSimilarity: Double = 0.78
    /// Subtracted for each query word (not initial, particle or legal form) that matches no word of
    /// the listed name.
    public var unmatchedQueryWordPenalty: Double = 0.08
    /// Subtracted when a single word of a listed name of several words matches.
    public var singleWordPenalty: Double = 0.06
    /// Blocking keys shared by more listed names than this are not looked up; the query words
    /// having only such keys are assumed to match when bounding a name's score.
    public var commonKeyLimit: Int = 1000
    /// A weak alias's name score is multiplied by this.
    public var weakAliasFactor: Double = 0.92
    /// Added when a listed birth date equals the query's to the day.
    public var birthDateExact: Double = 0.08
    /// Added when birth dates agree as far as both go (year, or year and month); half of it for a
    /// year inside a listed range.
    public var birthDateYear: Double = 0.04
    /// Added (negative) when no listed birth date agrees.
    public var birthDateMismatch: Double = -0.15
    /// Added when the query's nationality is listed.
    public var nationalityMatch: Double = 0.03
    /// Added (negative) when the entity lists nationalities and the query's is not among them.
    public var nationalityMismatch: Double = -0.05
    /// Added when the query's ID number equals a listed identifier.
    public var identifierMatch: Double = 0.25
    /// Added (negative) when the query's type is not the entity's.
    public var typeMismatch: Double = -0.20
    /// At most this many matches are returned, best first.
    public var maximumResults: Int = 20

    /// The defaults.
    public init() {}
}

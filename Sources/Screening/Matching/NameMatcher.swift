// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// Scores two names against each other directly, without an index: the same name score, with the
/// same explanation, as ``ScreeningIndex/screen(_:)`` gives a listed name for a query (the first
/// name plays the query, the second the listed name; other signals such as birth dates do not
/// enter). Build once and share: it holds only its configuration.
///
/// ```swift
/// let matcher = NameMatcher()
/// let result = matcher.compare("Владимир Путин", "PUTIN, Vladimir Vladimirovich", type: .person)
/// // result.score ≈ 0.87, result.isMatch == true, result.explanation.tokenPairs …
/// ```
public struct NameMatcher: Sendable {
    /// Weights and threshold; ``PairComparison/isMatch`` is `score ≥ threshold`.
    public let configuration: MatchingConfiguration

    /// A matcher with these weights and threshold (the defaults are those of ``ScreeningIndex``).
    public init(configuration: MatchingConfiguration = MatchingConfiguration()) {
        self.configuration = configuration
    }

    /// Compares `a` (as a query) with `b` (as a listed name) after normalising both (any script).
    /// `type` is the kind of both names when known; it does not change the name score (screening
    /// applies a type mismatch after the name), and is reported back.
    public func compare(_ a: String, _ b: String, type: ListEntity.Kind? = nil) -> PairComparison {
        let queryTokens = NameNormalizer.normalize(a)
        let nameTokens = NameNormalizer.normalize(b)
        // Clamped to 0…1 (many unmatched words can take a raw score under 0).
        let score = min(1, max(0, Self.nameScore(query: queryTokens, name: nameTokens, configuration: configuration)))
        var none = SimilarityCache(enabled: false)
        let explained = NameComparator.compare(query: queryTokens, name: nameTokens, configuration: configuration, explain: true, cache: &none)
        return PairComparison(
            score: score, isMatch: score >= configuration.threshold, type: type,
            explanation: MatchExplanation(
                nameScore: score, tokenPairs: explained.pairs, unmatchedQueryTokens: explained.unmatchedQuery,
                unmatchedNameTokens: explained.unmatchedName, signals: []))
    }

    /// Compares the names both ways (each as the query in turn) and returns the better: for two
    /// names of which neither is a customer's (deduplication, a pair of list entries), where one
    /// may be a shorter form of the other (`BIN LADIN, Usama bin Muhammad` ~ `BIN LADIN, Usama`).
    public func compareEitherWay(_ a: String, _ b: String, type: ListEntity.Kind? = nil) -> PairComparison {
        let forward = compare(a, b, type: type)
        if forward.score >= 1 { return forward }
        let backward = compare(b, a, type: type)
        return backward.score > forward.score ? backward : forward
    }

    /// The name score of two normalised names, by the code ``ScreeningIndex`` scores candidates with.
    static func nameScore(query: [NameToken], name: [NameToken], configuration: MatchingConfiguration) -> Double {
        if query.isEmpty || name.isEmpty { return 0 }
        var none = SimilarityCache(enabled: false)
        return TokenStore(query).withBuffers { q in
            TokenStore(name).withBuffers { c in
                NameComparator.score(query: q, name: c, queryTokens: query, nameTokens: name, configuration: configuration, cache: &none)
            }
        }
    }
}

/// The result of ``NameMatcher/compare(_:_:type:)``.
public struct PairComparison: Sendable, Hashable, Codable {
    /// The name score, 0…1.
    public var score: Double
    /// Whether ``score`` reaches the matcher's threshold.
    public var isMatch: Bool
    /// The kind given for the pair, if any.
    public var type: ListEntity.Kind?
    /// The token pairs and unmatched tokens behind the score (no signals: names only).
    public var explanation: MatchExplanation

    public init(score: Double, isMatch: Bool, type: ListEntity.Kind? = nil, explanation: MatchExplanation) {
        self.score = score
        self.isMatch = isMatch
        self.type = type
        self.explanation = explanation
    }

    private enum CodingKeys: String, CodingKey { case score, isMatch, type, explanation }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// How a query name compares with a listed name: the token assignment and the name score.
struct NameComparison: Sendable {
    var score: Double
    var pairs: [TokenPair]
    var unmatchedQuery: [String]
    var unmatchedName: [String]
}

/// Token similarities already computed for one query, by query token index and vocabulary id:
/// a flat table allocated on first use, each entry 0 (unknown) or `0x8000 | kind << 11 | similarity × 1000`.
struct SimilarityCache {
    var enabled: Bool
    let queryCount: Int
    let vocabularyCount: Int
    var table: [UInt16] = []

    init(enabled: Bool = true, queryCount: Int = 0, vocabularyCount: Int = 0) {
        self.enabled = enabled && queryCount > 0 && vocabularyCount > 0
        self.queryCount = queryCount
        self.vocabularyCount = vocabularyCount
    }

    func lookup(_ i: Int, _ id: Int32) -> (Double, TokenPair.Kind)? {
        guard id >= 0, i < queryCount, !table.isEmpty else { return nil }
        let v = table[i * vocabularyCount + Int(id)]
        if v == 0 { return nil }
        return (Double(v & 0x7FF) / 1000, TokenPair.Kind(code: UInt8((v >> 11) & 0xF)))
    }

    mutating func store(_ i: Int, _ id: Int32, _ s: Double, _ kind: TokenPair.Kind) {
        guard id >= 0, i < queryCount else { return }
        if table.isEmpty { table = [UInt16](repeating: 0, count: queryCount * vocabularyCount) }
        table[i * vocabularyCount + Int(id)] = 0x8000 | UInt16(kind.code) << 11 | UInt16((s * 1000).rounded())
    }
}

/// Compares normalised token lists.
enum NameComparator {
    /// The weight of a token in coverage: name words count fully, initials less, particles and legal
    /// forms little.
    static func weight(_ role: NameToken.Role) -> Double {
        switch role {
        case .regular: 1
        case .initial: 0.6
        case .particle: 0.2
        case .legalForm: 0.25
        }
    }

    /// The similarity of two tokens in 0…1 and how it was found. `last` says the query token ends
    /// the query (where truncation happens).
    static func similarity(_ q: NameToken, _ c: NameToken, last: Bool = false, minimum: Double = 0.78) -> (Double, TokenPair.Kind) {
        if q.text == c.text || q.canonical == c.canonical { return (1, .exact) }
        if q.role == .initial || c.role == .initial || q.text.count == 1 || c.text.count == 1 {
            if q.text.first == c.text.first { return (0.9, .initial) }
            return (0, .fuzzy)
        }
        let n = q.text.count, m = c.text.count
        if particlePrefixed(q.text, c.text) || particlePrefixed(c.text, q.text) { return (0.92, .joined) }
        let keysEqual = q.key == c.key && !q.key.isEmpty
        let isPrefix = c.text.starts(with: q.text)
        let common = Int(pointwiseMin(q.letters, c.letters).wrappedSum())
        if !keysEqual && !isPrefix {
            // Bound Jaro–Winkler and Damerau–Levenshtein by the letters the tokens share.
            if common == 0 { return (0, .fuzzy) }
            let cm = Double(common), longest = Double(max(n, m))
            let jaroMax = (cm / Double(n) + cm / Double(m) + 1) / 3
            var prefix = 0
            while prefix < min(4, min(n, m)) && q.text[prefix] == c.text[prefix] { prefix += 1 }
            let jwMax = jaroMax + Double(prefix) * 0.1 * (1 - jaroMax)
            let dlMax = 1 - 0.5 * (longest - cm) / longest
            if 0.5 * jwMax + 0.5 * dlMax < minimum && !(common == n && n == m) { return (0, .fuzzy) }
        }
        let jw = StringSimilarity.jaroWinkler(q.text, c.text)
        let dl = StringSimilarity.damerauLevenshteinSimilarity(q.text, c.text)
        let spelling = 0.5 * jw + 0.5 * dl
        var best = (spelling, TokenPair.Kind.fuzzy)
        if keysEqual {
            let phonetic: Double
            if q.text.count <= 3 && c.text.count <= 3 {
                phonetic = 0.85  // `ko` ~ `co`, `lee` ~ `li`
            } else if !hasVowel(q.text) || !hasVowel(c.text) {
                // An unvowelled skeleton (abbreviation, Arabic or Hebrew romanised letter by letter).
                phonetic = q.key.count >= 3 ? 0.9 : 0.8
            } else {
                // Vowelled spellings with the same key must also look alike (`marina` is not `moreno`).
                phonetic = min(0.9, spelling + 0.15)
            }
            if phonetic > best.0 { best = (phonetic, .phonetic) }
        }
        if best.0 < 0.85 && n == m && common == n {
            best = (0.85, .fuzzy)  // letters transposed (`il` ~ `li`, `gpisy` ~ `gipsy`)
        }
        // A truncated word: the query is a prefix of at least 3 letters and half the listed word, or
        // the query's last word, cut anywhere after 2 letters.
        if best.0 < 0.88 && isPrefix && (q.text.count >= 3 && q.text.count * 2 >= c.text.count || last && q.text.count >= 2) {
            best = (q.text.count * 2 >= c.text.count ? 0.88 : 0.85, .prefix)
        }
        return best
    }

    /// Whether `long` is a particle written together with `short` (`alzawahiri` ~ `zawahiri`).
    static func particlePrefixed(_ long: [UInt8], _ short: [UInt8]) -> Bool {
        let n = long.count, m = short.count
        guard m >= 3, n - m >= 2, n - m <= 3 else { return false }
        return long[(n - m)...].elementsEqual(short) && NameNormalizer.particles.contains(Array(long[..<(n - m)]))
    }

    static func hasVowel(_ t: [UInt8]) -> Bool {
        t.contains { $0 == UInt8(ascii: "a") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "i") || $0 == UInt8(ascii: "o") || $0 == UInt8(ascii: "u") }
    }

    /// Joins adjacent tokens of `tokens` whose concatenation is (nearly) a token of `other`
    /// (`abdul rahman` → `abdulrahman`, `mund o` → `mundo`), and adjacent pairs whose concatenation
    /// equals that of an adjacent pair of `other` (`dec v` ~ `de cv`).
    static func joinSplitTokens(_ tokens: inout [NameToken], against other: inout [NameToken], minimum: Double) -> [Int] {
        var joinedAt: [Int] = []
        guard tokens.count >= 2 else { return joinedAt }
        var i = 0
        while i + 1 < tokens.count {
            let a = tokens[i].text, b = tokens[i + 1].text
            let length = a.count + b.count
            var done = false
            for c in other.indices where other[c].text.count >= 4 && abs(other[c].text.count - length) <= 1 {
                let target = other[c].text
                if target[0] != a[0] && target[1] != (a.count > 1 ? a[1] : b[0]) { continue }
                let exact = length == target.count && target.starts(with: a) && target[a.count...].elementsEqual(b)
                if !exact {
                    let joined = a + b
                    guard StringSimilarity.damerauLevenshteinSimilarity(joined, target) >= 0.85,
                        max(best(tokens[i], other), best(tokens[i + 1], other)) < 0.85
                    else { continue }
                }
                tokens[i] = NameToken(a + b, role: .regular)
                tokens.remove(at: i + 1)
                joinedAt.append(i)
                done = true
                break
            }
            if !done, other.count >= 2 {
                for c in 0..<(other.count - 1) where other[c].text.count + other[c + 1].text.count == length && other[c].text != a {
                    let joined = a + b
                    guard other[c].text + other[c + 1].text == joined else { continue }
                    tokens[i] = NameToken(joined, role: .regular)
                    tokens.remove(at: i + 1)
                    other[c] = NameToken(joined, role: .regular)
                    other.remove(at: c + 1)
                    joinedAt.append(i)
                    done = true
                    break
                }
            }
            i += 1
        }
        return joinedAt
    }

    static func best(_ t: NameToken, _ others: [NameToken]) -> Double {
        var b = 0.0
        for o in others { b = max(b, similarity(t, o).0) }
        return b
    }

    /// Scores `query` against `name`: an order-free greedy assignment of query tokens to name tokens
    /// by decreasing similarity (pairs under `minimumTokenSimilarity` do not match), then
    /// `queryWeight × query coverage + (1 − queryWeight) × name coverage`, where a coverage is the
    /// weighted share of a side's tokens matched, each counted by its similarity.
    static func compare(
        query queryTokens: [NameToken], name nameTokens: [NameToken], configuration: MatchingConfiguration, explain: Bool,
        cache: inout SimilarityCache
    ) -> NameComparison {
        let plain = assign(
            query: queryTokens, name: nameTokens, joinedQuery: [], joinedName: [], configuration: configuration, explain: explain, cache: &cache)
        // Split or joined words are tried only when words were left over on both sides.
        guard plain.leftOver else { return plain.comparison }
        var q = queryTokens, c = nameTokens
        let joinedQuery = joinSplitTokens(&q, against: &c, minimum: configuration.minimumTokenSimilarity)
        let joinedName = joinSplitTokens(&c, against: &q, minimum: configuration.minimumTokenSimilarity)
        if joinedQuery.isEmpty && joinedName.isEmpty { return plain.comparison }
        var none = SimilarityCache(enabled: false)
        let joined = assign(
            query: q, name: c, joinedQuery: joinedQuery, joinedName: joinedName, configuration: configuration, explain: explain, cache: &none)
        return joined.comparison.score > plain.comparison.score ? joined.comparison : plain.comparison
    }

    static func assign(
        query q: [NameToken], name c: [NameToken], joinedQuery: [Int], joinedName: [Int], configuration: MatchingConfiguration, explain: Bool,
        cache: inout SimilarityCache
    ) -> (comparison: NameComparison, leftOver: Bool) {
        let nq = q.count, nc = c.count
        if nq == 0 || nc == 0 { return (NameComparison(score: 0, pairs: [], unmatchedQuery: [], unmatchedName: []), false) }
        let minimum = configuration.minimumTokenSimilarity
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: nq * nc + nq + nc) { buffer in
            buffer.initialize(repeating: 0)
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: nq * nc) { kinds in
                kinds.initialize(repeating: 0)
                // The similarity matrix (pairs under the minimum left at 0).
                for i in 0..<nq {
                    for j in 0..<nc {
                        let s: Double, kind: TokenPair.Kind
                        if cache.enabled, let known = cache.lookup(i, c[j].id) {
                            (s, kind) = known
                        } else {
                            (s, kind) = similarity(q[i], c[j], last: i == nq - 1, minimum: minimum)
                            if cache.enabled { cache.store(i, c[j].id, s, kind) }
                        }
                        if s >= minimum {
                            buffer[i * nc + j] = s
                            kinds[i * nc + j] = kind.code
                        }
                    }
                }
                // Greedy assignment by decreasing similarity (ties: earlier tokens first).
                let qSimBase = nq * nc, cSimBase = nq * nc + nq
                var pairs: [TokenPair] = []
                while true {
                    var bestValue = 0.0, bi = -1, bj = -1
                    for i in 0..<nq where buffer[qSimBase + i] == 0 {
                        for j in 0..<nc where buffer[cSimBase + j] == 0 && buffer[i * nc + j] > bestValue {
                            bestValue = buffer[i * nc + j]
                            bi = i
                            bj = j
                        }
                    }
                    if bi < 0 { break }
                    buffer[qSimBase + bi] = bestValue
                    buffer[cSimBase + bj] = bestValue
                    if explain {
                        var kind = TokenPair.Kind(code: kinds[bi * nc + bj])
                        if (joinedQuery.contains(bi) || joinedName.contains(bj)) && kind == .exact { kind = .joined }
                        pairs.append(TokenPair(query: q[bi].string, name: c[bj].string, similarity: bestValue, kind: kind))
                    }
                }
                var qw = 0.0, qm = 0.0, cw = 0.0, cm = 0.0
                var strongMatched = 0, unmatchedWords = 0
                var queryLeft = false, nameLeft = false, queryImperfect = false
                for i in 0..<nq {
                    let w = weight(q[i].role), s = buffer[qSimBase + i]
                    qw += w
                    qm += w * s
                    if s > 0 && q[i].role == .regular { strongMatched += 1 }
                    if s == 0 {
                        queryLeft = true
                        if q[i].role == .regular { unmatchedWords += 1 }
                    }
                    if s < 1 { queryImperfect = true }
                }
                var nameWords = 0, nameWordsMatched = 0
                for j in 0..<nc {
                    let w = weight(c[j].role), s = buffer[cSimBase + j]
                    cw += w
                    cm += w * s
                    if s == 0 { nameLeft = true }
                    if c[j].role == .regular {
                        nameWords += 1
                        if s > 0 { nameWordsMatched += 1 }
                    }
                }
                var score = configuration.queryWeight * (qm / qw) + (1 - configuration.queryWeight) * (cm / cw)
                // A query word that matches nothing is evidence of another person or company.
                score -= Double(unmatchedWords) * configuration.unmatchedQueryWordPenalty
                // One word of a longer name (`Trading Co Ltd` against `ACME TRADING COMPANY LIMITED`).
                if nameWordsMatched == 1 && nameWords >= 2 { score -= configuration.singleWordPenalty }
                // Initials, particles and legal forms alone are no evidence of a name.
                if strongMatched == 0 { score = min(score, 0.5) }
                var unmatchedQuery: [String] = [], unmatchedName: [String] = []
                if explain {
                    for i in 0..<nq where buffer[qSimBase + i] == 0 { unmatchedQuery.append(q[i].string) }
                    for j in 0..<nc where buffer[cSimBase + j] == 0 { unmatchedName.append(c[j].string) }
                }
                let leftOver = queryLeft && (nameLeft || nq >= 2) || nameLeft && nc >= 2 && queryImperfect
                return (NameComparison(score: score, pairs: pairs, unmatchedQuery: unmatchedQuery, unmatchedName: unmatchedName), leftOver)
            }
        }
    }
}

extension TokenPair.Kind {
    var code: UInt8 {
        switch self {
        case .exact: 0
        case .joined: 1
        case .fuzzy: 2
        case .phonetic: 3
        case .initial: 4
        case .prefix: 5
        }
    }

    init(code: UInt8) {
        self = [.exact, .joined, .fuzzy, .phonetic, .initial, .prefix][Int(min(code, 5))]
    }
}

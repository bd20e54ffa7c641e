// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// How a query name compares with a listed name: the token assignment and the name score.
struct NameComparison: Sendable {
    var score: Double
    var pairs: [TokenPair]
    var unmatchedQuery: [String]
    var unmatchedName: [String]
}

/// Token similarities already computed for one query, by vocabulary id and query token index:
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
        guard let v = raw(i, id) else { return nil }
        return (Double(v & 0x7FF) / 1000, TokenPair.Kind(code: UInt8((v >> 11) & 0xF)))
    }

    /// The stored entry (`0x8000 | kind << 11 | similarity × 1000`), nil when not computed yet.
    @inline(__always)
    func raw(_ i: Int, _ id: Int32) -> UInt16? {
        guard id >= 0, i < queryCount, !table.isEmpty else { return nil }
        let v = table[Int(id) * queryCount + i]
        return v == 0 ? nil : v
    }

    mutating func store(_ i: Int, _ id: Int32, _ s: Double, _ kind: TokenPair.Kind) {
        guard id >= 0, i < queryCount else { return }
        if table.isEmpty { table = [UInt16](repeating: 0, count: queryCount * vocabularyCount) }
        table[Int(id) * queryCount + i] = 0x8000 | UInt16(kind.code) << 11 | UInt16((s * 1000).rounded())
    }
}

/// What the hot loop reads of a token, in one plain value (no references: copying it retains nothing).
struct TokenInfo: Sendable {
    var letters: LetterCounts
    /// A hash of the phonetic key.
    var keyHash: UInt64
    /// The vocabulary id (−1 outside an index).
    var id: Int32
    var length: Int32
    /// The first two letters (`first << 8 | second`, 0 for none).
    var head: UInt16
    var regular: Bool
    /// Romanised from Arabic script (``NameToken/abjad``).
    var abjad: Bool
    /// Initials, one-letter words and spelled-out legal forms: compared by other rules.
    var special: Bool
    var weight: Double
    /// A hash of the consonant skeleton (0 for a token not aligned, ``NameComparator/aligns(_:)``).
    var skeletonHash: UInt32
    /// The class in the table of name variants (−1: none).
    var variant: Int32
    /// One bit (of 32) for the text, and above them the bits of the pinyin readings of a Wade–Giles
    /// syllable (a filter: tokens whose bits do not meet cannot read alike).
    var readingBits: UInt64
    /// Whether the token reads as a Wade–Giles syllable.
    var wadeGiles: Bool { readingBits >> 32 != 0 }

    init(_ t: NameToken) {
        letters = t.letters
        keyHash = ScreeningIndex.hash(3, t.key)
        id = t.id
        length = Int32(t.text.count)
        head = UInt16(t.text.first ?? 0) << 8 | UInt16(t.text.count > 1 ? t.text[1] : 0)
        regular = t.role == .regular
        abjad = t.abjad
        special = t.role == .initial || t.text.count <= 1 || t.canonicalForm != nil
        weight = NameComparator.weight(t.role)
        // The low 3 bits hold the skeleton's length (at most 7).
        skeletonHash = NameComparator.aligns(t) ? UInt32(truncatingIfNeeded: ScreeningIndex.hash(4, t.skeleton)) & ~7 | UInt32(min(7, t.skeleton.count)) : 0
        variant = t.variant
        readingBits = 1 << (ScreeningIndex.hash(7, t.text) & 31)
        if t.hasReadings { readingBits |= t.readings.reduce(0) { $0 | 1 << (32 + ScreeningIndex.hash(7, $1) & 31) } }
    }
}

/// Token lists with their ``TokenInfo`` side by side, so that scoring copies no token (an index
/// keeps every name's tokens in one such store; a query has its own).
struct TokenStore: Sendable {
    var tokens: [NameToken] = []
    var infos: [TokenInfo] = []

    init() {}

    init(_ tokens: [NameToken]) { append(tokens) }

    /// Appends a token list; returns where it starts.
    @discardableResult
    mutating func append(_ list: [NameToken]) -> Int {
        let start = tokens.count
        tokens += list
        infos += list.map(TokenInfo.init)
        return start
    }

    /// Calls `body` with pointers to the arrays (valid only inside).
    func withBuffers<R>(_ body: (TokenBuffers) -> R) -> R {
        tokens.withUnsafeBufferPointer { tokens in
            infos.withUnsafeBufferPointer { infos in body(TokenBuffers(tokens: tokens, infos: infos)) }
        }
    }
}

/// Pointers into a ``TokenStore``'s arrays: the whole store, or one token list of it.
struct TokenBuffers {
    var tokens: UnsafeBufferPointer<NameToken>
    var infos: UnsafeBufferPointer<TokenInfo>

    var count: Int { infos.count }

    /// The token list at `start` of `count` tokens.
    @inline(__always)
    func slice(_ start: Int, _ count: Int) -> TokenBuffers {
        let r = start..<(start + count)
        return TokenBuffers(tokens: UnsafeBufferPointer(rebasing: tokens[r]), infos: UnsafeBufferPointer(rebasing: infos[r]))
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
    static func similarity(_ q: borrowing NameToken, _ c: borrowing NameToken, last: Bool = false, minimum: Double = 0.78) -> (Double, TokenPair.Kind) {
        if q.text == c.text || (q.canonicalForm != nil || c.canonicalForm != nil) && q.canonical == c.canonical { return (1, .exact) }
        if q.role == .initial || c.role == .initial || q.text.count == 1 || c.text.count == 1 {
            if q.text.first == c.text.first { return (0.9, .initial) }
            return (0, .fuzzy)
        }
        let n = q.text.count, m = c.text.count
        if particlePrefixed(q.text, c.text) || particlePrefixed(c.text, q.text) { return (0.92, .joined) }
        if q.variant >= 0 && q.variant == c.variant { return (0.95, .variant) }
        if (q.hasReadings || c.hasReadings) && readingsAgree(q, c) { return (0.9, .variant) }
        let keysEqual = q.key == c.key && !q.key.isEmpty
        let isPrefix = c.text.starts(with: q.text)
        // Tokens with the same consonant skeleton are aligned sound by sound (below).
        // (Short skeletons only for words of about the same length: `yol` ~ `yeol`, not `ali` ~ `allahyar`.)
        let skeletonsEqual = aligns(q) && aligns(c) && q.skeleton == c.skeleton && (q.skeleton.count >= 3 || abs(n - m) <= 1)
        if !keysEqual && !isPrefix && !skeletonsEqual {
            // Bound by the lengths alone first (as if every letter of the shorter were shared).
            let shorter = Double(min(n, m)), longer = Double(max(n, m))
            let jaroLength = (shorter / Double(n) + shorter / Double(m) + 1) / 3
            let jwLength = jaroLength + 0.4 * (1 - jaroLength)
            if 0.5 * jwLength + 0.5 * (1 - 0.5 * (longer - shorter) / longer) < minimum { return (0, .fuzzy) }
        }
        let common = n < 256 && m < 256 ? LetterCounts.common(q.letters, c.letters) : min(n, m)
        if !keysEqual && !isPrefix && !skeletonsEqual {
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
            } else if !hasVowel(q.text) || !hasVowel(c.text) || q.abjad || c.abjad {
                // An unvowelled skeleton (abbreviation, Arabic or Hebrew romanised letter by letter,
                // or from Arabic script, where short vowels are not written).
                phonetic = q.key.count >= 3 ? 0.9 : 0.8
            } else {
                // Vowelled spellings with the same key must also look alike (`marina` is not `moreno`).
                phonetic = min(0.9, spelling + 0.15)
            }
            if phonetic > best.0 { best = (phonetic, .phonetic) }
        }
        if skeletonsEqual && best.0 < transliterationCap {
            // Romanisations of one name: an alignment with the letters they swap costing little.
            let unvowelled = q.abjad || c.abjad || !hasVowel(q.text) || !hasVowel(c.text)
            let aligned = NameVariants.alignment(sounds: q.sounds, c.sounds, unvowelled: unvowelled)
            // Short skeletons are little evidence (`peng` and `bing` are different syllables; `su` ~
            // `ssu`): a closer alignment is needed, and one consonant scores at most 0.85.
            let cap = q.skeleton.count >= 2 ? transliterationCap : 0.85
            let needed = q.skeleton.count >= 3 ? transliterationMinimum : shortTransliterationMinimum
            if aligned >= needed && min(cap, aligned) > best.0 { best = (min(cap, aligned), .transliteration) }
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

    /// A sound-by-sound alignment (``NameVariants/alignment(_:_:)``) under this is no match (`marina`
    /// and `moreno` share a skeleton and align at 0.81); over it, the similarity is at most the cap.
    static let transliterationMinimum = 0.83
    /// The same for skeletons of one or two consonants (`yol` ~ `yeol` 0.88, `peng` ~ `bing` 0.86).
    static let shortTransliterationMinimum = 0.87
    static let transliterationCap = 0.92

    /// Whether a token is aligned with tokens of the same skeleton: two consonants or more, or one
    /// in a word of 2 letters or more (Korean and Chinese syllables: `du` ~ `doo`, `yol` ~ `yeol`).
    @inline(__always)
    static func aligns(_ t: borrowing NameToken) -> Bool {
        t.role == .regular && (t.skeleton.count >= 2 || t.skeleton.count == 1 && t.text.count >= 2)
    }

    /// Whether one token is a Wade–Giles syllable whose pinyin is the other (or both read alike).
    static func readingsAgree(_ q: borrowing NameToken, _ c: borrowing NameToken) -> Bool {
        if q.readings.contains(c.text) || c.readings.contains(q.text) { return true }
        for r in q.readings where c.readings.contains(r) { return true }
        return false
    }

    /// Whether `a` and `b` written together are `target` in another romanisation: Wade–Giles
    /// syllables read as pinyin (`tse tung` ~ `zedong`), or the same skeleton aligned closely
    /// (`chin ping` ~ `jinping`).
    static func joinsAs(_ a: NameToken, _ b: NameToken, _ target: NameToken) -> Bool {
        if readsAs(a, b, target) { return true }
        // Cheap first: the target's skeleton must begin with `a`'s and end with `b`'s.
        guard target.skeleton.count >= 3, skeletonSpans(target.skeleton, a.skeleton, b.skeleton, middle: 0) else { return false }
        let t = target.text
        let joined = a.text + b.text
        let unvowelled = a.abjad || b.abjad || target.abjad
        return target.skeleton.count >= 3 && NameVariants.skeleton(joined).elementsEqual(target.skeleton)
            && NameVariants.alignment(joined, t, unvowelled: unvowelled) >= 0.88
    }

    /// Whether `whole` (a skeleton) is `head`'s, then at most `middle` more classes, then `tail`'s
    /// (without its leading vowel mark; a class shared where they meet counted once).
    static func skeletonSpans(_ whole: ArraySlice<UInt8>, _ head: ArraySlice<UInt8>, _ tail: ArraySlice<UInt8>, middle: Int) -> Bool {
        let tailCore = tail.first == UInt8(ascii: "a") ? tail.dropFirst() : tail[...]
        guard whole.count >= head.count, whole.starts(with: head) else { return false }
        // The tail may share its first class with the head's last or the middle's.
        let rest = whole.count - head.count
        for skip in 0...1 where tailCore.count - skip >= 0 {
            let core = tailCore.dropFirst(skip)
            guard rest >= core.count, rest - core.count <= middle else { continue }
            if whole.suffix(core.count).elementsEqual(core) { return true }
        }
        return false
    }

    /// Whether Wade–Giles syllables `a` and `b` read as the pinyin word `target` (`tse tung` ~ `zedong`).
    static func readsAs(_ a: NameToken, _ b: NameToken, _ target: NameToken) -> Bool {
        guard a.hasReadings || b.hasReadings else { return false }
        let t = target.text
        for ra in [a.text] + a.readings where t.starts(with: ra) {
            for rb in [b.text] + b.readings where ra.count + rb.count == t.count && t[ra.count...].elementsEqual(rb) { return true }
        }
        return false
    }

    /// The Arabic article between two words, as a compound name writes it (`abd al rahman` ~
    /// `abdurrahman`, `nur al din` ~ `nureddin`, `abd al aziz` ~ `abdulaziz`): `a` + `al` + `c` or,
    /// assimilated, `a` + vowel + `c`, when one of them has `target`'s skeleton and aligns closely.
    static func articleJoin(_ a: NameToken, _ cToken: NameToken, _ target: NameToken) -> [UInt8]? {
        guard target.skeleton.count >= 4, skeletonSpans(target.skeleton, a.skeleton, cToken.skeleton, middle: 1) else { return nil }
        let a = a.text, c = cToken.text
        var best: ([UInt8], Double)? = nil
        for middle in ["al", "ul", "a", "u", "e"] {
            let joined = a + Array(middle.utf8) + c
            guard abs(joined.count - target.text.count) <= 3, NameVariants.skeleton(joined).elementsEqual(target.skeleton) else { continue }
            let s = NameVariants.alignment(joined, target.text)
            if s >= 0.88 && s > (best?.1 ?? 0) { best = (joined, s) }
        }
        return best?.0
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
    ///
    /// `origins` and `otherOrigins` follow the tokens' positions before any join (−1 for a joined token).
    static func joinSplitTokens(
        _ tokens: inout [NameToken], against other: inout [NameToken], origins: inout [Int], otherOrigins: inout [Int], minimum: Double
    ) -> [Int] {
        var joinedAt: [Int] = []
        guard tokens.count >= 2 else { return joinedAt }
        // Three words joined with the Arabic article (`abd al rahman` ~ `abdurrahman`).
        var k = 0
        while k + 2 < tokens.count {
            let middle = tokens[k + 1].text
            if middle.count == 2 && middle[1] == UInt8(ascii: "l") && tokens[k].role == .regular && tokens[k + 2].role == .regular {
                for c in other.indices where other[c].role == .regular && other[c].text.count >= 7 {
                    guard skeletonSpans(other[c].skeleton, tokens[k].skeleton, tokens[k + 2].skeleton, middle: 1),
                        let joined = articleJoin(tokens[k], tokens[k + 2], other[c]) else { continue }
                    if best(tokens[k], other) >= 0.85 && best(tokens[k + 2], other) >= 0.85 { continue }
                    tokens[k] = NameToken(joined, role: .regular)
                    tokens.removeSubrange((k + 1)...(k + 2))
                    origins[k] = -1
                    origins.removeSubrange((k + 1)...(k + 2))
                    joinedAt.append(k)
                    break
                }
            }
            k += 1
        }
        var i = 0
        while i + 1 < tokens.count {
            let a = tokens[i].text, b = tokens[i + 1].text
            let length = a.count + b.count
            var done = false
            // Unvowelled words are shorter, Wade–Giles syllables longer than the pinyin word; others join within a letter.
            let slack = tokens[i].abjad || tokens[i + 1].abjad ? 3 : tokens[i].hasReadings || tokens[i + 1].hasReadings ? 2 : 1
            for c in other.indices where other[c].text.count >= 4 && abs(other[c].text.count - length) <= slack {
                let target = other[c].text
                let sameStart = target[0] == a[0] || target[1] == (a.count > 1 ? a[1] : b[0])
                let exact = sameStart && length == target.count && target.starts(with: a) && target[a.count...].elementsEqual(b)
                var reads = false
                if !exact {
                    // Wade–Giles syllables reading as the pinyin word (`tse tung` ~ `zedong`), else
                    // a close spelling or, with the same skeleton, a close alignment.
                    reads = (tokens[i].hasReadings || tokens[i + 1].hasReadings) && readsAs(tokens[i], tokens[i + 1], other[c])
                    if !reads {
                        let spelled = sameStart && abs(target.count - length) <= 1 && StringSimilarity.damerauLevenshteinSimilarity(a + b, target) >= 0.85
                        let aligned = !spelled && other[c].skeletonEnd - other[c].soundsEnd >= 3
                            && tokens[i].skeletonEnd > tokens[i].soundsEnd
                            && other[c].phonology[Int(other[c].soundsEnd)] == tokens[i].phonology[Int(tokens[i].soundsEnd)]
                            && skeletonSpans(other[c].skeleton, tokens[i].skeleton, tokens[i + 1].skeleton, middle: 0) && joinsAs(tokens[i], tokens[i + 1], other[c])
                        guard spelled || aligned, max(best(tokens[i], other), best(tokens[i + 1], other)) < 0.85 else { continue }
                    }
                }
                var joinedToken = NameToken(a + b, role: .regular)
                if reads { joinedToken.setReadings([target]) }  // Wade–Giles syllables read as the pinyin word
                tokens[i] = joinedToken
                tokens.remove(at: i + 1)
                origins[i] = -1
                origins.remove(at: i + 1)
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
                    origins[i] = -1
                    origins.remove(at: i + 1)
                    other[c] = NameToken(joined, role: .regular)
                    other.remove(at: c + 1)
                    otherOrigins[c] = -1
                    otherOrigins.remove(at: c + 1)
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
        var queryOrigins = Array(q.indices), nameOrigins = Array(c.indices)
        let minimum = configuration.minimumTokenSimilarity
        let joinedQuery = joinSplitTokens(&q, against: &c, origins: &queryOrigins, otherOrigins: &nameOrigins, minimum: minimum)
        let joinedName = joinSplitTokens(&c, against: &q, origins: &nameOrigins, otherOrigins: &queryOrigins, minimum: minimum)
        if joinedQuery.isEmpty && joinedName.isEmpty { return plain.comparison }
        // Unchanged tokens keep their cached similarities (joined ones have no vocabulary id).
        let joined = assign(
            query: q, name: c, joinedQuery: joinedQuery, joinedName: joinedName, configuration: configuration, explain: explain, cache: &cache,
            queryOrigins: queryOrigins)
        return joined.comparison.score > plain.comparison.score ? joined.comparison : plain.comparison
    }

    /// A token similarity rounded to thousandths, as the cache stores it: cached or not, a pair
    /// scores the same (``NameMatcher`` and ``ScreeningIndex`` agree to the last bit).
    @inline(__always)
    static func quantized(_ s: Double) -> Double { (s * 1000).rounded() / 1000 }

    /// Greedy assignment by decreasing similarity (ties: earlier tokens first) over the `nq × nc`
    /// similarity matrix at the start of `buffer`: each query token's and each name token's
    /// assigned similarity is written after the matrix (query tokens at `nq * nc`, name tokens at
    /// `nq * nc + nq`; those slots must start at 0), and `assigned` is told each pair.
    @inline(__always)
    static func assignGreedily(_ buffer: UnsafeMutableBufferPointer<Double>, _ nq: Int, _ nc: Int, _ assigned: (Int, Int, Double) -> Void) {
        let qSimBase = nq * nc, cSimBase = nq * nc + nq
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
            assigned(bi, bj, bestValue)
        }
    }

    /// The score of ``compare(query:name:configuration:explain:cache:)`` without an explanation, faster:
    /// the plain assignment from cached similarities, and the split-and-joined-words pass only when
    /// a join is possible at all.
    /// `queryTokens` and `nameTokens` are the same tokens as arrays (for the rare full comparison).
    static func score(
        query q: TokenBuffers, name c: TokenBuffers, queryTokens: [NameToken], nameTokens: [NameToken], configuration: MatchingConfiguration,
        cache: inout SimilarityCache
    ) -> Double {
        let nq = q.count, nc = c.count
        if nq == 0 || nc == 0 { return 0 }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * nq * nc + nq + nc) { buffer in
            let plain = plainScore(query: q, name: c, configuration: configuration, cache: &cache, buffer: buffer)
            guard plain.leftOver else { return plain.score }
            // The row and column maxima of the similarity matrix without truncated words (what
            // `best` computes, either way round, rounded).
            let symmetric = nq * nc + nq + nc
            let rowBest = UnsafeMutableBufferPointer(rebasing: buffer[(nq * nc)..<(nq * nc + nq)])
            let columnBest = UnsafeMutableBufferPointer(rebasing: buffer[(nq * nc + nq)...])
            for i in 0..<nq { rowBest[i] = 0 }
            for j in 0..<nc { columnBest[j] = 0 }
            for i in 0..<nq {
                for j in 0..<nc {
                    let s = buffer[symmetric + i * nc + j]
                    rowBest[i] = max(rowBest[i], s)
                    columnBest[j] = max(columnBest[j], s)
                }
            }
            guard joinPossible(q, c, best: UnsafeBufferPointer(rowBest)) || joinPossible(c, q, best: UnsafeBufferPointer(columnBest)) else {
                return plain.score
            }
            return compare(query: queryTokens, name: nameTokens, configuration: configuration, explain: false, cache: &cache).score
        }
    }

    /// Whether ``joinSplitTokens(_:against:minimum:)`` could join anything of `tokens` against
    /// `other` (true may still join nothing): lengths, first letters, and whether both words of a
    /// pair already match well on their own (`best`: each token's best similarity with `other`,
    /// rounded to thousandths; then only an exact join is possible).
    static func joinPossible(_ tokens: TokenBuffers, _ other: TokenBuffers, best: UnsafeBufferPointer<Double>) -> Bool {
        let count = tokens.count, otherCount = other.count
        guard count >= 2 else { return false }
        let infos = tokens.infos, otherInfos = other.infos
        // Three words joined with the Arabic article, into a word of 7 letters or more.
        if count >= 3 {
            for k in 0..<(count - 2) where infos[k + 1].length == 2 && infos[k + 1].head & 0xFF == UInt16(UInt8(ascii: "l")) && infos[k].regular && infos[k + 2].regular
                && min(best[k], best[k + 2]) < 0.85
            {
                let length = infos[k].length + infos[k + 2].length
                let first = infos[k].head >> 8
                for t in 0..<otherCount where otherInfos[t].regular && otherInfos[t].length >= 7 && abs(otherInfos[t].length - length - 2) <= 3
                    && otherInfos[t].head >> 8 == first
                {
                    if skeletonSpans(other.tokens[t].skeleton, tokens.tokens[k].skeleton, tokens.tokens[k + 2].skeleton, middle: 1) { return true }
                }
            }
        }
        for i in 0..<(count - 1) {
            let length = infos[i].length + infos[i + 1].length
            let first = infos[i].head >> 8
            let second = infos[i].length > 1 ? infos[i].head & 0xFF : infos[i + 1].head >> 8
            let exactOnly = max(best[i], best[i + 1]) > 0.8505
            let joinedLetters = infos[i].letters.adding(infos[i + 1].letters)
            let countable = infos[i].length < 64 && infos[i + 1].length < 64
            let romanised = (infos[i].wadeGiles || infos[i + 1].wadeGiles) && min(best[i], best[i + 1]) < 0.85
            // Unvowelled words (from Arabic script) joined may be a vowelled word of up to 3 more letters.
            let unvowelled = (infos[i].abjad || infos[i + 1].abjad) && !exactOnly
            for t in 0..<otherCount {
                let target = otherInfos[t].length, targetHead = otherInfos[t].head
                // Another romanisation of the joined words may start differently and differ in length (`chin ping` ~ `jinping`).
                if romanised && target >= 4 && abs(target - length) <= 2 { return true }
                if unvowelled && target >= 4 && target - length <= 3 && target >= length && targetHead >> 8 == first
                    && skeletonSpans(other.tokens[t].skeleton, tokens.tokens[i].skeleton, tokens.tokens[i + 1].skeleton, middle: 0)
                {
                    return true
                }
                guard target >= 4 && abs(target - length) <= 1 && (targetHead >> 8 == first || targetHead & 0xFF == second) else { continue }
                if !exactOnly {
                    // Damerau–Levenshtein similarity ≥ 0.85 needs most letters shared (each unshared
                    // letter of the longer costs half an edit at least).
                    let longest = Double(max(target, length))
                    if countable && target < 256 && 1 - 0.5 * (longest - Double(LetterCounts.common(joinedLetters, otherInfos[t].letters))) / longest < 0.85 {
                        continue
                    }
                    return true
                }
                if target == length {
                    let a = tokens.tokens[i].text, b = tokens.tokens[i + 1].text, goal = other.tokens[t].text
                    if goal.starts(with: a) && goal[a.count...].elementsEqual(b) { return true }
                }
            }
            if otherCount >= 2 {
                // Pairs written with the space elsewhere (`dec v` ~ `de cv`): the same letters, the same first one.
                for c in 0..<(otherCount - 1) where otherInfos[c].length + otherInfos[c + 1].length == length && otherInfos[c].head >> 8 == first {
                    if otherInfos[c].letters.adding(otherInfos[c + 1].letters) == joinedLetters || !countable { return true }
                }
            }
        }
        return false
    }

    /// Whether ``similarity(_:_:last:minimum:)`` of query token `i` and name token `j` surely gives
    /// 0, from the flat data alone (its own early exits, with the common prefix bounded by the first
    /// two letters).
    @inline(__always)
    static func cannotMatch(_ q: TokenBuffers, _ i: Int, _ c: TokenBuffers, _ j: Int, minimum: Double) -> Bool {
        let a = q.infos[i], b = c.infos[j]
        if a.special || b.special || a.keyHash == b.keyHash { return false }
        if a.skeletonHash != 0 && a.skeletonHash == b.skeletonHash && (a.skeletonHash & 7 >= 3 || abs(a.length - b.length) <= 1) { return false }
        if a.variant >= 0 && a.variant == b.variant { return false }
        if (a.readingBits | b.readingBits) >> 32 != 0 {
            // Readings of one meet the other's text or readings.
            let aText = a.readingBits & 0xFFFF_FFFF, bText = b.readingBits & 0xFFFF_FFFF, aRead = a.readingBits >> 32, bRead = b.readingBits >> 32
            if aRead & (bText | bRead) != 0 || bRead & aText != 0 { return false }
        }
        let n = Int(a.length), m = Int(b.length)
        if n >= 256 || m >= 256 { return false }
        let qh = a.head, ch = b.head
        let sameFirst = qh >> 8 == ch >> 8
        if n <= m && sameFirst { return false }  // perhaps a truncation
        let difference = abs(n - m)
        if difference >= 2 && difference <= 3 && min(n, m) >= 3 { return false }  // perhaps a particle written together
        let common = LetterCounts.common(a.letters, b.letters)
        if common == n && n == m { return false }
        let prefix: Double = !sameFirst ? 0 : (qh & 0xFF != ch & 0xFF ? 1 : 4)
        let cm = Double(common), longest = Double(max(n, m))
        let jaroMax = (cm / Double(n) + cm / Double(m) + 1) / 3
        let jwMax = jaroMax + prefix * 0.1 * (1 - jaroMax)
        let dlMax = 1 - 0.5 * (longest - cm) / longest
        return 0.5 * jwMax + 0.5 * dlMax < minimum
    }

    /// The plain assignment's score (no joined words) and whether words were left over; the same
    /// arithmetic as ``assign(query:name:joinedQuery:joinedName:configuration:explain:cache:)``.
    /// `buffer` (2 × nq × nc + nq + nc) keeps the similarity matrix, each side's assigned similarity,
    /// then the matrix again without the pairs of kind ``TokenPair/Kind/prefix``.
    @inline(__always)
    static func plainScore(
        query q: TokenBuffers, name c: TokenBuffers, configuration: MatchingConfiguration, cache: inout SimilarityCache,
        buffer: UnsafeMutableBufferPointer<Double>
    ) -> (score: Double, leftOver: Bool) {
        let nq = q.count, nc = c.count
        let minimum = configuration.minimumTokenSimilarity
        buffer.initialize(repeating: 0)
        let symmetric = nq * nc + nq + nc
        let prefixCode = TokenPair.Kind.prefix.code
        for i in 0..<nq {
            for j in 0..<nc {
                let id = c.infos[j].id
                let s: Double, kind: UInt8
                if cache.enabled, let v = cache.raw(i, id) {
                    s = Double(v & 0x7FF) / 1000
                    kind = UInt8((v >> 11) & 0xF)
                } else if cannotMatch(q, i, c, j, minimum: minimum) {
                    continue
                } else {
                    let computed = similarity(q.tokens[i], c.tokens[j], last: i == nq - 1, minimum: minimum)
                    s = quantized(computed.0)
                    kind = computed.1.code
                    if cache.enabled { cache.store(i, id, s, computed.1) }
                }
                if s >= minimum {
                    buffer[i * nc + j] = s
                    if kind != prefixCode { buffer[symmetric + i * nc + j] = s }
                }
            }
        }
        let qSimBase = nq * nc, cSimBase = nq * nc + nq
        assignGreedily(buffer, nq, nc) { _, _, _ in }
        var qw = 0.0, qm = 0.0, cw = 0.0, cm = 0.0
        var strongMatched = 0, unmatchedWords = 0
        var queryLeft = false, nameLeft = false, queryImperfect = false
        for i in 0..<nq {
            let w = q.infos[i].weight, s = buffer[qSimBase + i]
            let regular = q.infos[i].regular
            qw += w
            qm += w * s
            if s > 0 && regular { strongMatched += 1 }
            if s == 0 {
                queryLeft = true
                if regular { unmatchedWords += 1 }
            }
            if s < 1 { queryImperfect = true }
        }
        var nameWords = 0, nameWordsMatched = 0
        for j in 0..<nc {
            let w = c.infos[j].weight, s = buffer[cSimBase + j]
            cw += w
            cm += w * s
            if s == 0 { nameLeft = true }
            if c.infos[j].regular {
                nameWords += 1
                if s > 0 { nameWordsMatched += 1 }
            }
        }
        return (
            finalScore(qm: qm, qw: qw, cm: cm, cw: cw, unmatchedWords: unmatchedWords, nameWords: nameWords, nameWordsMatched: nameWordsMatched,
                strongMatched: strongMatched, configuration: configuration),
            queryLeft && (nameLeft || nq >= 2) || nameLeft && nc >= 2 && queryImperfect
        )
    }

    /// The name score from the coverages and counts of an assignment.
    @inline(__always)
    static func finalScore(
        qm: Double, qw: Double, cm: Double, cw: Double, unmatchedWords: Int, nameWords: Int, nameWordsMatched: Int, strongMatched: Int,
        configuration: MatchingConfiguration
    ) -> Double {
        var score = configuration.queryWeight * (qm / qw) + (1 - configuration.queryWeight) * (cm / cw)
        // A query word that matches nothing is evidence of another person or company.
        score -= Double(unmatchedWords) * configuration.unmatchedQueryWordPenalty
        // One word of a longer name (`Trading Co Ltd` against `ACME TRADING COMPANY LIMITED`).
        if nameWordsMatched == 1 && nameWords >= 2 { score -= configuration.singleWordPenalty }
        // Initials, particles and legal forms alone are no evidence of a name.
        if strongMatched == 0 { score = min(score, 0.5) }
        return score
    }

    static func assign(
        query q: [NameToken], name c: [NameToken], joinedQuery: [Int], joinedName: [Int], configuration: MatchingConfiguration, explain: Bool,
        cache: inout SimilarityCache, queryOrigins: [Int]? = nil
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
                        // The query token's position in the cache (−1: a joined token, not cached).
                        let origin = queryOrigins?[i] ?? i
                        let cached = cache.enabled && origin >= 0
                        if cached, let known = cache.lookup(origin, c[j].id) {
                            (s, kind) = known
                        } else {
                            let computed = similarity(q[i], c[j], last: i == nq - 1, minimum: minimum)
                            (s, kind) = (quantized(computed.0), computed.1)
                            if cached { cache.store(origin, c[j].id, s, kind) }
                        }
                        if s >= minimum {
                            buffer[i * nc + j] = s
                            kinds[i * nc + j] = kind.code
                        }
                    }
                }
                let qSimBase = nq * nc, cSimBase = nq * nc + nq
                var pairs: [TokenPair] = []
                assignGreedily(buffer, nq, nc) { bi, bj, bestValue in
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
                let score = finalScore(
                    qm: qm, qw: qw, cm: cm, cw: cw, unmatchedWords: unmatchedWords, nameWords: nameWords, nameWordsMatched: nameWordsMatched,
                    strongMatched: strongMatched, configuration: configuration)
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
        case .variant: 6
        case .transliteration: 7
        }
    }

    init(code: UInt8) {
        switch code {
        case 0: self = .exact
        case 1: self = .joined
        case 2: self = .fuzzy
        case 3: self = .phonetic
        case 4: self = .initial
        case 6: self = .variant
        case 7: self = .transliteration
        default: self = .prefix
        }
    }
}

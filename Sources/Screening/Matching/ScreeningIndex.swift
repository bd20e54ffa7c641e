// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// Listed entities indexed for name screening; build once, query from any thread.
///
/// Every name is normalised once. Each name token is indexed under blocking keys: its phonetic key
/// and the deletion neighbourhood of its first five letters. A query looks up its tokens' keys
/// (skipping keys shared by more than ``MatchingConfiguration/commonKeyLimit`` names), records for
/// each listed name which query tokens hit it, and scores only names whose best possible score with
/// those hits (tokens with only common keys, and initials, counted as hits; plus the most the
/// query's birth date, nationality and ID could add) reaches the threshold.
public struct ScreeningIndex: Sendable {
    struct IndexedName: Sendable {
        var entity: Int32
        var nameIndex: Int32
        /// Where the name's tokens start in ``ScreeningIndex/store``, and how many.
        var start: Int32
        var count: Int32
        var tokens: [NameToken]
        /// The sum of the tokens' coverage weights.
        var weight: Double
        /// The number of regular tokens (words).
        var words: Int
        var quality: ListName.Quality
    }

    /// The indexed entities, in the order given.
    public let entities: [ListEntity]
    /// Weights and threshold used by ``screen(_:)``.
    public let configuration: MatchingConfiguration
    let names: [IndexedName]
    /// Every name's tokens, one list after the other.
    let store: TokenStore
    let postings: [UInt64: [Int32]]
    let identifiers: [String: [Int32]]
    let vocabularyCount: Int

    /// The number of indexed names.
    public var nameCount: Int { names.count }

    /// Normalises and indexes every name of `entities` (about 0.2 s for 20,000 names).
    public init(entities: [ListEntity], configuration: MatchingConfiguration = MatchingConfiguration()) {
        self.entities = entities
        self.configuration = configuration
        var names: [IndexedName] = []
        var store = TokenStore()
        var postings: [UInt64: [Int32]] = [:]
        var identifiers: [String: [Int32]] = [:]
        var vocabulary: [[UInt8]: Int32] = [:]
        for (e, entity) in entities.enumerated() {
            for (n, name) in entity.names.enumerated() {
                var tokens = NameNormalizer.normalize(name.value)
                for t in tokens.indices {
                    let next = Int32(vocabulary.count)
                    tokens[t].id = vocabulary[tokens[t].text, default: next]
                    if tokens[t].id == next { vocabulary[tokens[t].text] = next }
                }
                if tokens.isEmpty { continue }
                let id = Int32(names.count)
                let weight = tokens.reduce(0) { $0 + NameComparator.weight($1.role) }
                let words = tokens.filter { $0.role == .regular }.count
                let start = store.append(tokens)
                names.append(IndexedName(entity: Int32(e), nameIndex: Int32(n), start: Int32(start), count: Int32(tokens.count), tokens: tokens, weight: weight, words: words, quality: name.quality))
                var keys = Set<UInt64>()
                for token in tokens {
                    for key in Self.blockingKeys(token) { keys.insert(key) }
                    keys.insert(Self.hash(5, token.text))
                }
                // Words a query may write together (`al ghabra` → `alghabra`, `25 13` → `2513`).
                for i in tokens.indices.dropLast() where min(tokens[i].text.count, tokens[i + 1].text.count) <= 3 || tokens[i].role == .particle {
                    keys.insert(Self.hash(5, tokens[i].text + tokens[i + 1].text))
                }
                for key in keys { postings[key, default: []].append(id) }
            }
            for identifier in entity.identifiers {
                let normalized = Self.normalizeIdentifier(identifier.number)
                if normalized.count >= 4 { identifiers[normalized, default: []].append(Int32(e)) }
            }
        }
        self.names = names
        self.store = store
        self.postings = postings
        self.identifiers = identifiers
        self.vocabularyCount = vocabulary.count
    }

    static func hash(_ tag: UInt8, _ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(tag)
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// A token's blocking keys: its phonetic key (when 3 letters or more), and its first five letters with each of them
    /// deleted in turn (a deletion neighbourhood, so that one typo, OCR confusion or transposition in
    /// the first letters still shares a key); shorter tokens are keyed whole.
    static func blockingKeys(_ token: NameToken) -> [UInt64] {
        var keys: [UInt64] = []
        if token.key.count >= 3 { keys.append(hash(1, token.key)) }
        let text = token.text
        if text.count <= 3 {
            keys.append(hash(2, text))
            return keys
        }
        let prefix = Array(text.prefix(5))
        keys.append(hash(2, prefix))
        for skip in 0..<prefix.count {
            var reduced = prefix
            reduced.remove(at: skip)
            keys.append(hash(2, reduced))
        }
        return keys
    }

    static func normalizeIdentifier(_ s: String) -> String {
        String(s.uppercased().unicodeScalars.filter { ($0.value >= 0x30 && $0.value <= 0x39) || ($0.value >= 0x41 && $0.value <= 0x5A) }.map(Character.init))
    }

    /// The entities matching `query` above ``MatchingConfiguration/threshold``, best first, with the
    /// listed name that matched best and an explanation.
    public func screen(_ query: ScreeningQuery) -> [ScreeningMatch] {
        let config = configuration
        let queryTokens = NameNormalizer.normalize(query.name)
        var identifierEntities: Set<Int32> = []
        if let id = query.idNumber {
            let normalized = Self.normalizeIdentifier(id)
            if normalized.count >= 4, let hits = identifiers[normalized] { identifierEntities = Set(hits) }
        }
        if !queryTokens.contains(where: { $0.role == .regular }) && identifierEntities.isEmpty { return [] }

        // Blocking: which query tokens hit which names.
        let totalWeight = queryTokens.reduce(0) { $0 + NameComparator.weight($1.role) }
        var freeWeight = 0.0  // query tokens not looked up may match anyway
        let hasRegular = queryTokens.contains { $0.role == .regular }
        var lookups: [(Int, [Int32])] = []
        var lookedUpRegular: Set<Int> = []
        var maybeAnywhere: UInt64 = 0
        // What tokens not looked up may cover of a name: initials and common words a word each,
        // particles and legal forms a particle or legal form.
        var freeCover = 0.0, freeWords = 0
        for (i, token) in queryTokens.enumerated() {
            // Initials, particles and legal forms are not looked up (unless the query has nothing
            // else): they would bring half the list.
            if token.role == .initial || token.role != .regular && hasRegular {
                freeWeight += NameComparator.weight(token.role)
                if token.role == .initial {
                    freeCover += 1
                    freeWords += 1
                } else {
                    freeCover += 0.25
                }
                continue
            }
            var lists: [[Int32]] = []
            var common = false
            var keys = Self.blockingKeys(token)
            if let bare = NameNormalizer.withoutParticle(token.text) { keys += Self.blockingKeys(NameToken(bare, role: .regular)) }
            for key in keys {
                guard let list = postings[key] else { continue }
                if list.count > config.commonKeyLimit { common = true } else { lists.append(list) }
            }
            if lists.isEmpty && common {
                freeWeight += NameComparator.weight(token.role)
                freeCover += 1
                freeWords += 1
            } else {
                for list in lists { lookups.append((i, list)) }
                // A token with common keys skipped, a short unvowelled token (keyed whole, so its
                // dropped vowels lose it) or a short last token (perhaps truncated) may match names
                // it did not hit.
                if common || token.text.count <= 3 && !NameComparator.hasVowel(token.text) || i == queryTokens.count - 1 && token.text.count <= 4 {
                    if i < 64 { maybeAnywhere |= 1 << UInt64(i) }
                } else if token.role == .regular {
                    lookedUpRegular.insert(i)
                }
            }
        }
        if lookups.isEmpty, let rare = queryTokens.indices.filter({ queryTokens[$0].role == .regular }).first {
            // Every word is common (`Mohammed Ali`): look the first one up anyway.
            freeWeight -= NameComparator.weight(queryTokens[rare].role)
            freeCover -= 1
            freeWords -= 1
            if rare < 64 { maybeAnywhere |= 1 << UInt64(rare) }
            for key in Self.blockingKeys(queryTokens[rare]) { if let list = postings[key] { lookups.append((rare, list)) } }
        }
        // Words the list may write together, split in the query (`ma nuel`, `pet ropars`).
        for i in queryTokens.indices.dropLast() where queryTokens[i].text.count + queryTokens[i + 1].text.count >= 4 {
            if let list = postings[Self.hash(5, queryTokens[i].text + queryTokens[i + 1].text)], list.count <= config.commonKeyLimit {
                lookups.append((i, list))
                lookups.append((i + 1, list))
            }
        }
        var hits = [UInt64](repeating: 0, count: names.count)
        var touched: [Int32] = []
        for (i, list) in lookups {
            let bit: UInt64 = i < 64 ? 1 << UInt64(i) : 0
            for name in list {
                if hits[Int(name)] == 0 { touched.append(name) }
                hits[Int(name)] |= bit
            }
        }
        var maxBoost = 0.0
        if query.dateOfBirth != nil { maxBoost += config.birthDateExact }
        if query.nationality != nil { maxBoost += config.nationalityMatch }
        if !identifierEntities.isEmpty { maxBoost += config.identifierMatch }
        var weights: [Double] = queryTokens.map { NameComparator.weight($0.role) }
        if weights.count > 64 { weights = Array(weights.prefix(64)) }

        var best: [Int32: (Double, Int32)] = [:]
        let queryStore = TokenStore(queryTokens)
        var cache = SimilarityCache(queryCount: queryTokens.count, vocabularyCount: vocabularyCount)
        // A name scoring under this cannot reach the threshold whatever the other signals add.
        let cutoff = config.threshold - maxBoost
        queryStore.withBuffers { queryBuffers in
            store.withBuffers { storeBuffers in
                names.withUnsafeBufferPointer { names in
                    func consider(_ nameID: Int32) {
                        // Fields read in place: copying the whole entry would retain its token array.
                        let position = Int(nameID)
                        let tokens = storeBuffers.slice(Int(names[position].start), Int(names[position].count))
                        var score = NameComparator.score(
                            query: queryBuffers, name: tokens, queryTokens: queryTokens, nameTokens: names[position].tokens, configuration: config, cache: &cache)
                        if names[position].quality == .weak { score *= config.weakAliasFactor }
                        if score < cutoff { return }
                        let entity = names[position].entity
                        if let current = best[entity], current.0 >= score { return }
                        best[entity] = (score, nameID)
                    }
                    for nameID in touched {
                        let mask = hits[Int(nameID)]
                        var hitWeight = freeWeight
                        var hitCount = 0.0
                        let counted = mask | maybeAnywhere
                        for i in 0..<weights.count where counted & (1 << UInt64(i)) != 0 {
                            hitWeight += weights[i]
                            hitCount += 1
                        }
                        // Each query token covers at most one name token (of weight 1 at most).
                        let nameCoverage = min(1, (hitCount + freeCover) / names[Int(nameID)].weight)
                        var bound = config.queryWeight * min(1, hitWeight / totalWeight) + (1 - config.queryWeight) * nameCoverage + maxBoost
                        if Int(hitCount) + freeWords <= 1 && names[Int(nameID)].words >= 2 { bound -= config.singleWordPenalty }
                        if bound < config.threshold { continue }
                        consider(nameID)
                    }
                    // Entities with an equal identifier are scored whatever their names' blocking said.
                    if !identifierEntities.isEmpty {
                        for id in names.indices where identifierEntities.contains(names[id].entity) { consider(Int32(id)) }
                    }
                }
            }
        }

        var matches: [ScreeningMatch] = []
        for (e, (nameScore, nameID)) in best {
            let entity = entities[Int(e)]
            var signals: [MatchSignal] = []
            let indexed = names[Int(nameID)]
            let listed = entity.names[Int(indexed.nameIndex)]
            if listed.quality == .weak {
                signals.append(MatchSignal(kind: .weakAlias, adjustment: nameScore - nameScore / config.weakAliasFactor, detail: "the matched name is a weak alias"))
            }
            signals += Self.signals(query: query, entity: entity, identifierMatch: identifierEntities.contains(e), configuration: config)
            let score = min(1, max(0, nameScore + signals.filter { $0.kind != .weakAlias }.reduce(0) { $0 + $1.adjustment }))
            if score < config.threshold { continue }
            let explained = NameComparator.compare(query: queryTokens, name: indexed.tokens, configuration: config, explain: true, cache: &cache)
            matches.append(
                ScreeningMatch(
                    entityId: entity.id, list: entity.list, matchedName: listed.value, nameQuality: listed.quality, score: score,
                    explanation: MatchExplanation(
                        nameScore: nameScore, tokenPairs: explained.pairs, unmatchedQueryTokens: explained.unmatchedQuery,
                        unmatchedNameTokens: explained.unmatchedName, signals: signals)))
        }
        matches.sort { $0.score != $1.score ? $0.score > $1.score : $0.entityId < $1.entityId }
        if matches.count > config.maximumResults { matches.removeLast(matches.count - config.maximumResults) }
        return matches
    }

    static func signals(query: ScreeningQuery, entity: ListEntity, identifierMatch: Bool, configuration config: MatchingConfiguration) -> [MatchSignal] {
        var signals: [MatchSignal] = []
        if let dob = query.dateOfBirth, !entity.birthDates.isEmpty {
            signals.append(birthDateSignal(dob, entity.birthDates, config))
        }
        if let nationality = query.nationality?.uppercased(), !entity.nationalities.isEmpty {
            if entity.nationalities.contains(where: { $0.uppercased() == nationality }) {
                signals.append(MatchSignal(kind: .nationalityMatch, adjustment: config.nationalityMatch, detail: "nationality \(nationality) is listed"))
            } else {
                signals.append(
                    MatchSignal(
                        kind: .nationalityMismatch, adjustment: config.nationalityMismatch,
                        detail: "nationality \(nationality) is not among \(entity.nationalities.joined(separator: ", "))"))
            }
        }
        if identifierMatch {
            signals.append(MatchSignal(kind: .identifierMatch, adjustment: config.identifierMatch, detail: "the ID number equals a listed identifier"))
        }
        if let type = query.type, type != .unknown, entity.kind != .unknown, type != entity.kind {
            signals.append(MatchSignal(kind: .typeMismatch, adjustment: config.typeMismatch, detail: "a \(type.rawValue) query against a listed \(entity.kind.rawValue)"))
        }
        return signals
    }

    static func describe(_ d: PartialDate) -> String {
        var s = String(d.year)
        if let m = d.month { s += "-" + (m < 10 ? "0" : "") + String(m) }
        if let day = d.day { s += "-" + (day < 10 ? "0" : "") + String(day) }
        if let to = d.toYear { s += "…" + String(to) }
        return s
    }

    /// Exact (every part both sides give agrees, down to the day) raises the score most; the same year
    /// (one side gives only the year) or a year inside a listed range raises it less; a year outside
    /// every listed date or range, or a different month or day, lowers it.
    static func birthDateSignal(_ dob: PartialDate, _ listed: [PartialDate], _ config: MatchingConfiguration) -> MatchSignal {
        var bestKind: MatchSignal.Kind = .birthDateMismatch
        var bestDate = listed[0]
        for date in listed {
            let from = date.year, to = max(date.toYear ?? date.year, date.year)
            let queryTo = max(dob.toYear ?? dob.year, dob.year)
            guard dob.year <= to && queryTo >= from else { continue }
            let isRange = date.toYear != nil && date.toYear != date.year || dob.toYear != nil && dob.toYear != dob.year
            if isRange {
                if bestKind == .birthDateMismatch { bestKind = .birthDateRange; bestDate = date }
                continue
            }
            if let m1 = dob.month, let m2 = date.month, m1 != m2 { continue }
            if let d1 = dob.day, let d2 = date.day, d1 != d2 { continue }
            if dob.day != nil && date.day != nil {
                bestKind = .birthDateExact
                bestDate = date
            } else if bestKind != .birthDateExact {
                bestKind = .birthDateYear
                bestDate = date
            }
        }
        let listedText = listed.map(describe).joined(separator: ", ")
        switch bestKind {
        case .birthDateExact:
            return MatchSignal(kind: .birthDateExact, adjustment: config.birthDateExact, detail: "birth date \(describe(dob)) equals \(describe(bestDate))")
        case .birthDateYear:
            return MatchSignal(kind: .birthDateYear, adjustment: config.birthDateYear, detail: "birth date \(describe(dob)) agrees with \(describe(bestDate)) as far as both go")
        case .birthDateRange:
            return MatchSignal(kind: .birthDateRange, adjustment: config.birthDateYear / 2, detail: "birth date \(describe(dob)) falls in \(describe(bestDate))")
        default:
            return MatchSignal(kind: .birthDateMismatch, adjustment: config.birthDateMismatch, detail: "birth date \(describe(dob)) disagrees with \(listedText)")
        }
    }
}

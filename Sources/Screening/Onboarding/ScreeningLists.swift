// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// The list versions a node screens against, indexed together: what onboarding, `POST /v1/screening`
/// and re-screening use. A value: a node swaps the whole set when a new version is imported.
public struct ScreeningLists: Sendable {
    /// Source → version of every list in the set.
    public let versions: [String: String]
    public let index: ScreeningIndex
    /// "list/id" → position in the index's entities.
    private let positions: [String: Int]

    public init(lists: [ScreeningList], configuration: MatchingConfiguration = MatchingConfiguration()) {
        var versions: [String: String] = [:]
        for list in lists { versions[list.source] = list.version }
        self.versions = versions
        index = ScreeningIndex(entities: lists.flatMap(\.entities), configuration: configuration)
        var positions: [String: Int] = [:]
        for (position, entity) in index.entities.enumerated() { positions[entity.list + "/" + entity.id] = position }
        self.positions = positions
    }

    /// The listed entity `id` of `list`.
    public func entity(list: String, id: String) -> ListEntity? {
        positions[list + "/" + id].map { index.entities[$0] }
    }

    /// No list: every screening finds nothing (a node before its first import).
    public static let empty = ScreeningLists(lists: [])

    public var entityCount: Int { index.entities.count }

    /// The possible matches of a customer's names (Latin and original script), best per listed
    /// entity, as hits found at `at`.
    ///
    /// - Parameters:
    ///   - dateOfBirth: `YYYY-MM-DD` (or `YYYY`, `YYYY-MM`); other text is ignored.
    public func hits(
        latin: String, original: String?, kind: CustomerApplication.Kind, dateOfBirth: String?, nationality: String?, idNumber: String?, at: String
    ) -> [ScreeningHit] {
        let date = dateOfBirth.flatMap(Self.partialDate)
        let type: ListEntity.Kind = kind == .person ? .person : .organization
        var best: [String: ScreeningHit] = [:]
        var order: [String] = []
        for (field, name) in [("name.latin", latin), ("name.original", original ?? "")] where !name.isEmpty {
            let query = ScreeningQuery(name: name, type: type, dateOfBirth: date, nationality: nationality, idNumber: idNumber)
            for match in index.screen(query) {
                let entity = self.entity(list: match.list, id: match.entityId)
                let pep = match.list.lowercased().hasPrefix("pep") || (entity?.programs.contains { $0.uppercased() == "PEP" } ?? false)
                let hit = ScreeningHit(
                    list: match.list, listVersion: versions[match.list] ?? "", entityId: match.entityId, matchedName: match.matchedName, score: match.score,
                    field: field, foundAt: at, explanation: Self.words(match.explanation), category: pep ? "pep" : nil,
                    entityNationalities: pep ? entity?.nationalities : nil
                )
                if let known = best[hit.key] {
                    if hit.score > known.score { best[hit.key] = hit }
                } else {
                    best[hit.key] = hit
                    order.append(hit.key)
                }
            }
        }
        return order.compactMap { best[$0] }.sorted { $0.score > $1.score }
    }

    /// A match's explanation in words.
    public static func words(_ explanation: MatchExplanation) -> [String] {
        var lines = explanation.tokenPairs.map { "\($0.query) ~ \($0.name) (\($0.kind.rawValue), \(Self.decimal($0.similarity)))" }
        if !explanation.unmatchedQueryTokens.isEmpty { lines.append("not in the listed name: \(explanation.unmatchedQueryTokens.joined(separator: " "))") }
        if !explanation.unmatchedNameTokens.isEmpty { lines.append("not in the query: \(explanation.unmatchedNameTokens.joined(separator: " "))") }
        lines += explanation.signals.map { "\($0.detail) (\($0.adjustment >= 0 ? "+" : "")\(Self.decimal($0.adjustment)))" }
        return lines
    }

    static func decimal(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 1000
        return "\(scaled)"
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as a partial date.
    public static func partialDate(_ text: String) -> PartialDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]), (1800...2200).contains(year) else { return nil }
        let month = parts.count > 1 ? Int(parts[1]) : nil
        let day = parts.count > 2 ? Int(parts[2]) : nil
        if parts.count > 1, !(1...12).contains(month ?? 0) { return nil }
        if parts.count > 2, !(1...31).contains(day ?? 0) { return nil }
        return PartialDate(year: year, month: month, day: day)
    }
}

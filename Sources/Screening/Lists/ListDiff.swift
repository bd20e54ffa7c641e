// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// What changed between two versions of a list, by entity id: entities added, removed, and changed
/// (kind, names, dates of birth, nationalities, identifiers, programmes or addresses differ).
/// Order within names, dates and the other collections does not count as a change.
public struct ListDiff: Sendable, Hashable {
    /// A field of ``ListEntity`` that differs between the versions.
    public enum Field: String, Sendable, Hashable, CaseIterable, Comparable {
        case kind, names, birthDates, nationalities, identifiers, programs, addresses

        public static func < (a: Field, b: Field) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// One entity in both versions whose fields differ.
    public struct Change: Sendable, Hashable {
        public var id: String
        public var old: ListEntity
        public var new: ListEntity
        /// The differing fields, in ``Field`` order.
        public var fields: [Field]
    }

    /// In the new version only, in its order.
    public var added: [ListEntity]
    /// In the old version only, in its order.
    public var removed: [ListEntity]
    /// In both, with differences, in the new version's order.
    public var changed: [Change]
    /// In both and equal in every compared field.
    public var unchanged: Int

    /// How many changes touch each field.
    public var changedFieldCounts: [Field: Int] {
        var counts: [Field: Int] = [:]
        for change in changed { for field in change.fields { counts[field, default: 0] += 1 } }
        return counts
    }

    /// Whether the versions differ at all.
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

    /// A one-line summary, e.g. `+12 −3 ~40 (names 25, programs 20)`.
    public var summary: String {
        let fields = changedFieldCounts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
        return "+\(added.count) −\(removed.count) ~\(changed.count)" + (fields.isEmpty ? "" : " (\(fields))")
    }

    /// Compares two versions of a list by entity id.
    public static func diff(_ old: ScreeningList, _ new: ScreeningList) -> ListDiff {
        var oldByID: [String: ListEntity] = [:]
        for entity in old.entities { oldByID[entity.id] = entity }
        var newIDs: Set<String> = []
        var added: [ListEntity] = []
        var changed: [Change] = []
        var unchanged = 0
        for entity in new.entities {
            newIDs.insert(entity.id)
            guard let before = oldByID[entity.id] else {
                added.append(entity)
                continue
            }
            let fields = differences(before, entity)
            if fields.isEmpty { unchanged += 1 } else { changed.append(Change(id: entity.id, old: before, new: entity, fields: fields)) }
        }
        let removed = old.entities.filter { !newIDs.contains($0.id) }
        return ListDiff(added: added, removed: removed, changed: changed, unchanged: unchanged)
    }

    static func differences(_ a: ListEntity, _ b: ListEntity) -> [Field] {
        var fields: [Field] = []
        if a.kind != b.kind { fields.append(.kind) }
        if Set(a.names) != Set(b.names) { fields.append(.names) }
        if Set(a.birthDates) != Set(b.birthDates) { fields.append(.birthDates) }
        if Set(a.nationalities) != Set(b.nationalities) { fields.append(.nationalities) }
        if Set(a.identifiers) != Set(b.identifiers) { fields.append(.identifiers) }
        if Set(a.programs) != Set(b.programs) { fields.append(.programs) }
        if Set(a.addresses) != Set(b.addresses) { fields.append(.addresses) }
        return fields
    }
}

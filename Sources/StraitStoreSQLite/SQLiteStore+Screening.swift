// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Foundation
import GRDB
import Ledger
import StraitCore
public import StraitStore

extension SQLiteStore {
    public func storeScreeningList(_ list: StoredScreeningList, entities: Data) async throws -> (list: StoredScreeningList, existing: Bool) {
        guard case .screeningListStored(let stored, let existing) = try await submit(.storeScreeningList(list, entities)) else {
            throw StoreError.corrupted("unexpected write output")
        }
        return (stored, existing)
    }

    public func screeningLists() async throws -> [StoredScreeningList] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT source, version, digest, imported_at, actor, entity_count, audit_index FROM screening_lists ORDER BY seq")
                .map(Self.screeningList)
        }
    }

    public func latestScreeningList(source: String) async throws -> (list: StoredScreeningList, entities: Data)? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT source, version, digest, imported_at, actor, entity_count, audit_index, entities FROM screening_lists WHERE source = ? ORDER BY seq DESC LIMIT 1",
                    arguments: [source]
                )
            else { return nil }
            return (Self.screeningList(row), row[7] as Data)
        }
    }

    static func storeScreeningList(_ list: StoredScreeningList, entities: Data, db: Database, log: inout PendingLog) throws -> (StoredScreeningList, Bool) {
        if let row = try Row.fetchOne(
            db, sql: "SELECT source, version, digest, imported_at, actor, entity_count, audit_index FROM screening_lists WHERE source = ? AND digest = ?",
            arguments: [list.source, list.digest]
        ) {
            return (screeningList(row), true)
        }
        var stored = list
        stored.auditIndex = try appendEvent(PreparedLeaf(list.auditContent), db: db, log: &log).index
        try db.execute(
            sql: """
                INSERT INTO screening_lists (source, version, digest, imported_at, actor, entity_count, audit_index, entities)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [list.source, list.version, list.digest, list.importedAt, list.actor, list.entityCount, Int64(stored.auditIndex ?? 0), entities]
        )
        return (stored, false)
    }

    private static func screeningList(_ row: Row) -> StoredScreeningList {
        StoredScreeningList(
            source: row[0], version: row[1], digest: row[2], importedAt: row[3], actor: row[4], entityCount: row[5],
            auditIndex: UInt64(max(0, row[6] as Int64))
        )
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Foundation
import Ledger
import Logging
import NIOCore
import PostgresNIO
import StraitCore
public import StraitStore

extension PostgresStore {
    public func storeScreeningList(_ list: StoredScreeningList, entities: Data) async throws -> (list: StoredScreeningList, existing: Bool) {
        guard case .screeningListStored(let stored, let existing) = try await submit(.storeScreeningList(list, entities)) else {
            throw StoreError.corrupted("unexpected write output")
        }
        return (stored, existing)
    }

    public func screeningLists() async throws -> [StoredScreeningList] {
        try await withDeadline {
            var found: [StoredScreeningList] = []
            let rows = try await self.client.query(
                "SELECT source, version, digest, imported_at, actor, entity_count, audit_index FROM screening_lists ORDER BY seq", logger: self.logger
            )
            for try await row in rows.decode((String, String, String, String, String, Int32, Int64).self) { found.append(Self.screeningList(row)) }
            return found
        }
    }

    public func latestScreeningList(source: String) async throws -> (list: StoredScreeningList, entities: Data)? {
        try await withDeadline {
            let rows = try await self.client.query(
                """
                SELECT source, version, digest, imported_at, actor, entity_count, audit_index, entities FROM screening_lists
                WHERE source = \(source) ORDER BY seq DESC LIMIT 1
                """,
                logger: self.logger
            )
            for try await (s, v, d, at, actor, count, index, entities) in rows.decode((String, String, String, String, String, Int32, Int64, ByteBuffer).self) {
                return (Self.screeningList((s, v, d, at, actor, count, index)), Data(entities.readableBytesView))
            }
            return nil
        }
    }

    static func storeScreeningList(
        _ list: StoredScreeningList, entities: Data, connection: PostgresConnection, log: inout PendingLog, logger: Logger
    ) async throws -> (StoredScreeningList, Bool) {
        let rows = try await connection.query(
            """
            SELECT source, version, digest, imported_at, actor, entity_count, audit_index FROM screening_lists
            WHERE source = \(list.source) AND digest = \(list.digest)
            """,
            logger: logger
        )
        for try await row in rows.decode((String, String, String, String, String, Int32, Int64).self) { return (screeningList(row), true) }
        var stored = list
        stored.auditIndex = try await appendEvent(PreparedLeaf(list.auditContent), connection: connection, log: &log, logger: logger).index
        try await connection.query(
            """
            INSERT INTO screening_lists (source, version, digest, imported_at, actor, entity_count, audit_index, entities)
            VALUES (\(list.source), \(list.version), \(list.digest), \(list.importedAt), \(list.actor), \(Int32(clamping: list.entityCount)),
                \(Int64(stored.auditIndex ?? 0)), \(ByteBuffer(bytes: entities)))
            """,
            logger: logger
        )
        return (stored, false)
    }

    private static func screeningList(_ row: (String, String, String, String, String, Int32, Int64)) -> StoredScreeningList {
        StoredScreeningList(
            source: row.0, version: row.1, digest: row.2, importedAt: row.3, actor: row.4, entityCount: Int(row.5), auditIndex: UInt64(max(0, row.6))
        )
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Foundation
import Ledger
import Synchronization

extension InMemoryStore {
    public func storeScreeningList(_ list: StoredScreeningList, entities: Data) async throws -> (list: StoredScreeningList, existing: Bool) {
        state.withLock { state in
            if let found = state.screeningLists.first(where: { $0.0.source == list.source && $0.0.digest == list.digest }) { return (found.0, true) }
            var stored = list
            stored.auditIndex = state.append(list.auditContent).index
            state.screeningLists.append((stored, entities))
            return (stored, false)
        }
    }

    public func screeningLists() async throws -> [StoredScreeningList] {
        state.withLock { $0.screeningLists.map(\.0) }
    }

    public func latestScreeningList(source: String) async throws -> (list: StoredScreeningList, entities: Data)? {
        state.withLock { state in state.screeningLists.last { $0.0.source == source }.map { (list: $0.0, entities: $0.1) } }
    }
}

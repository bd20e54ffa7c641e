// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Ledger
import Synchronization

/// Customers and card bindings, kept with the rest of the in-memory state.
struct CustomerBook {
    var customers: [String: StoredCustomer] = [:]
    var cards: [String: String] = [:]
    var runs: [String: ScreeningRunRecord] = [:]
}

extension InMemoryStore {
    public func writeCustomer(_ write: CustomerWrite) async throws -> CustomerWriteOutcome {
        state.withLock { state in
            let id = write.customer.id
            switch write.kind {
            case .create:
                if let existing = state.customerBook.customers[id] { return .existing(existing) }
            case .update(let expectedVersion):
                guard let current = state.customerBook.customers[id] else { return .notFound }
                if current.version != expectedVersion { return .conflict(current) }
            }
            if let token = write.bindCard, let holder = state.customerBook.cards[token], holder != id { return .cardHeldBy(holder) }
            var stored = write.customer
            stored.auditIndex = state.append(write.customer.auditContent(actor: write.actor)).index
            let alerts = write.alerts.map { state.raise($0) }
            state.customerBook.customers[id] = stored
            if let token = write.bindCard { state.customerBook.cards[token] = id }
            return .stored(stored, alerts: alerts)
        }
    }

    public func customer(id: String) async throws -> StoredCustomer? {
        state.withLock { $0.customerBook.customers[id] }
    }

    public func customers(after: String?, limit: Int, status: String?) async throws -> [StoredCustomer] {
        state.withLock { state in
            Array(
                state.customerBook.customers.values.filter { ($0.id > (after ?? "")) && (status == nil || $0.status == status) }.sorted { $0.id < $1.id }
                    .prefix(max(0, limit))
            )
        }
    }

    public func customerCount() async throws -> Int {
        state.withLock { $0.customerBook.customers.count }
    }

    public func screeningRun(fingerprint: String) async throws -> ScreeningRunRecord? {
        state.withLock { $0.customerBook.runs[fingerprint] }
    }

    public func recordScreeningRun(_ run: ScreeningRunRecord) async throws -> (run: ScreeningRunRecord, existing: Bool) {
        state.withLock { state in
            if let found = state.customerBook.runs[run.fingerprint] { return (found, true) }
            var stored = run
            stored.auditIndex = state.append(run.auditContent).index
            state.customerBook.runs[run.fingerprint] = stored
            return (stored, false)
        }
    }
}

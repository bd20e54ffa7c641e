// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Synchronization

/// Batches concurrent writes into one database transaction (group commit) when the database is
/// reached through async calls (PostgreSQL).
///
/// Every caller enqueues its operation and waits on a ticket. If nobody is writing, the caller
/// becomes the leader: it takes every queued operation, hands the batch to `process`, and then
/// passes leadership to the oldest waiter that arrived meanwhile (so no caller works for others
/// indefinitely). One commit, and one wait for the audit head's row lock, then covers the batch.
///
/// There is no background task: the work runs on the callers' own tasks.
final class AsyncGroupCommitter<Operation: Sendable, Output: Sendable>: Sendable {
    typealias Process = @Sendable ([Operation]) async -> [Result<Output, any Error>]

    enum Signal: Sendable {
        case lead
        case done(Result<Output, any Error>)
    }

    final class Ticket: Sendable {
        private struct State {
            var signals: [Signal] = []
            var waiter: CheckedContinuation<Signal, Never>?
        }
        private let state = Mutex(State())

        func send(_ signal: Signal) {
            let waiter = state.withLock { state -> CheckedContinuation<Signal, Never>? in
                if let waiter = state.waiter {
                    state.waiter = nil
                    return waiter
                }
                state.signals.append(signal)
                return nil
            }
            waiter?.resume(returning: signal)
        }

        func wait() async -> Signal {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Signal? in
                    if !state.signals.isEmpty { return state.signals.removeFirst() }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }

    private struct Queue {
        var pending: [(Operation, Ticket)] = []
        var leading = false
        var maxBatch: Int
    }

    private let queue: Mutex<Queue>
    private let process: Process

    /// - Parameters:
    ///   - maxBatch: the most operations in one transaction.
    ///   - process: applies a batch in one transaction and returns one result per operation, in order.
    init(maxBatch: Int = 256, process: @escaping Process) {
        self.queue = Mutex(Queue(maxBatch: maxBatch))
        self.process = process
    }

    /// Submits one operation and waits until the transaction that contains it has committed (or failed).
    func submit(_ operation: Operation) async throws -> Output {
        let ticket = Ticket()
        var lead = queue.withLock { queue -> Bool in
            queue.pending.append((operation, ticket))
            if queue.leading { return false }
            queue.leading = true
            return true
        }
        while true {
            if lead {
                await runOneBatch()
                lead = false
            }
            switch await ticket.wait() {
            case .lead:
                lead = true
            case .done(let result):
                return try result.get()
            }
        }
    }

    private func runOneBatch() async {
        let batch = queue.withLock { queue -> [(Operation, Ticket)] in
            let count = min(queue.pending.count, queue.maxBatch)
            let batch = Array(queue.pending.prefix(count))
            queue.pending.removeFirst(count)
            return batch
        }
        if !batch.isEmpty {
            let results = await process(batch.map(\.0))
            for (index, item) in batch.enumerated() {
                item.1.send(.done(index < results.count ? results[index] : .failure(CancellationError())))
            }
        }
        let next = queue.withLock { queue -> Ticket? in
            guard let first = queue.pending.first else {
                queue.leading = false
                return nil
            }
            return first.1
        }
        next?.send(.lead)
    }
}

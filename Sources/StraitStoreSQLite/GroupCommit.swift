// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Synchronization

/// Batches concurrent writes into one database transaction (group commit).
///
/// Callers enqueue an operation and suspend. When nobody is writing, `schedule` is asked to run
/// the drain loop on the database's writer (GRDB's serial writer queue): it takes every queued
/// operation, applies the batch in one transaction through `process`, resumes each caller with
/// its own result, and repeats until the queue is empty. With `synchronous=FULL` one fsync then
/// covers the whole batch, and the writer never waits for a caller's task to be scheduled.
///
/// The state machine has two states, idle and draining; `submit` starts a drain only from idle,
/// and the drain returns to idle only when it finds the queue empty under the lock, so no
/// operation is ever left waiting.
final class GroupCommitter<Writer, Operation: Sendable, Output: Sendable>: Sendable {
    /// Applies a batch in one transaction; one result per operation, in order. Runs on the writer.
    typealias Process = @Sendable (Writer, [Operation]) -> [Result<Output, any Error>]
    /// Runs a closure on the writer, later, handing it the writer's connection.
    typealias Schedule = @Sendable (@escaping @Sendable (Writer) -> Void) -> Void

    private struct Queue {
        var pending: [(Operation, CheckedContinuation<Output, any Error>)] = []
        var draining = false
        let maxBatch: Int
    }

    private let queue: Mutex<Queue>
    private let process: Process
    private let schedule: Schedule

    /// - Parameters:
    ///   - maxBatch: the most operations in one transaction.
    ///   - schedule: runs the drain loop on the writer (e.g. GRDB's `asyncWriteWithoutTransaction`).
    ///   - process: applies a batch in one transaction.
    init(maxBatch: Int = 512, schedule: @escaping Schedule, process: @escaping Process) {
        self.queue = Mutex(Queue(maxBatch: maxBatch))
        self.schedule = schedule
        self.process = process
    }

    /// Submits one operation and waits until the transaction that contains it has committed (or failed).
    func submit(_ operation: Operation) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let startDrain = queue.withLock { queue -> Bool in
                queue.pending.append((operation, continuation))
                if queue.draining { return false }
                queue.draining = true
                return true
            }
            if startDrain {
                schedule { [self] writer in drain(writer) }
            }
        }
    }

    /// Runs on the writer until the queue is empty.
    private func drain(_ writer: Writer) {
        while true {
            let batch = queue.withLock { queue -> [(Operation, CheckedContinuation<Output, any Error>)] in
                let count = min(queue.pending.count, queue.maxBatch)
                if count == 0 {
                    queue.draining = false
                    return []
                }
                let batch = Array(queue.pending.prefix(count))
                queue.pending.removeFirst(count)
                return batch
            }
            if batch.isEmpty { return }
            let results = process(writer, batch.map(\.0))
            for (index, item) in batch.enumerated() {
                item.1.resume(with: index < results.count ? results[index] : .failure(CancellationError()))
            }
        }
    }
}

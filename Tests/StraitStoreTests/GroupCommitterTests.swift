// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Dispatch
import Foundation
import Synchronization
import Testing

@testable import StraitStoreSQLite

/// The group committer alone, with a serial dispatch queue standing in for the database writer.
@Suite("Group commit")
struct GroupCommitterTests {
    final class Recorder: Sendable {
        let batches = Mutex<[[Int]]>([])
        let queue = DispatchQueue(label: "writer")
    }

    func committer(_ recorder: Recorder) -> GroupCommitter<Void, Int, Int> {
        GroupCommitter<Void, Int, Int>(
            maxBatch: 64,
            schedule: { drain in recorder.queue.async { drain(()) } },
            process: { _, operations in
                recorder.batches.withLock { $0.append(operations) }
                // Simulate the cost of a commit so that concurrent callers pile up.
                usleep(500)
                return operations.map { $0 % 97 == 0 ? .failure(CancellationError()) : .success($0 * 2) }
            }
        )
    }

    @Test("every caller gets its own result; concurrent callers share batches; a failure stays its own")
    func batching() async throws {
        let recorder = Recorder()
        let committer = committer(recorder)
        let results = await withTaskGroup(of: (Int, Int?).self) { group in
            for n in 1...2_000 {
                group.addTask { (n, try? await committer.submit(n)) }
            }
            var results: [Int: Int?] = [:]
            for await (n, value) in group { results[n] = value }
            return results
        }
        #expect(results.count == 2_000)
        for (n, value) in results {
            if n % 97 == 0 {
                #expect(value == nil)
            } else {
                #expect(value == n * 2)
            }
        }
        let batches = recorder.batches.withLock { $0 }
        #expect(batches.flatMap { $0 }.sorted() == Array(1...2_000))
        #expect(batches.allSatisfy { $0.count <= 64 })
        #expect(batches.count < 2_000, "no batching happened")
    }

    @Test("after going idle, a new submission starts a new drain")
    func idleThenBusy() async throws {
        let recorder = Recorder()
        let committer = committer(recorder)
        #expect(try await committer.submit(1) == 2)
        try await Task.sleep(for: .milliseconds(20))
        #expect(try await committer.submit(2) == 4)
        #expect(recorder.batches.withLock { $0 } == [[1], [2]])
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs long CPU-bound test work on a thread of its own, so that it does not hold one of the few
/// threads of Swift's cooperative pool (two on a two-core machine) while other tests wait on I/O and
/// timers there. The thread runs at a lower priority (nice 10 on Linux): the suite's tests with
/// deadlines (store operations, timeouts, load under kill -9) get the CPU first, the long work
/// gets what is left.
public enum OwnThread {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                #if canImport(Glibc)
                // On Linux the nice value belongs to the thread: "0" is the calling thread.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
                #endif
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// Runs long CPU-bound test work on a thread of its own, so that it does not hold one of the few
/// threads of Swift's cooperative pool (two on a two-core machine) while other tests wait on I/O and
/// timers there.
enum OwnThread {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}

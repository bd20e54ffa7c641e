// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// Token buckets by key, refilled continuously: the rate limiter of the vault and the firewall.
///
/// A value type: the owner keeps it behind its own lock. Memory is bounded: past `limit` keys the
/// buckets start over (full).
public struct TokenBuckets: Sendable {
    private var buckets: [String: (tokens: Double, at: Double)] = [:]
    private let limit: Int

    public init(limit: Int = 100_000) {
        self.limit = limit
    }

    /// Takes `count` tokens from the bucket of `key` (rate per second, bursts of `burst`), at `now`
    /// seconds on a monotonic clock. Returns `nil`, or the seconds to wait when the bucket is short.
    public mutating func take(_ key: String, count: Double = 1, rate: Double, burst: Double, now: Double) -> Double? {
        if buckets.count > limit { buckets.removeAll(keepingCapacity: true) }
        var bucket = buckets[key] ?? (burst, now)
        bucket.tokens = min(burst, bucket.tokens + (now - bucket.at) * rate)
        bucket.at = now
        guard bucket.tokens >= count else {
            buckets[key] = bucket
            return (count - bucket.tokens) / rate
        }
        bucket.tokens -= count
        buckets[key] = bucket
        return nil
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Shield
import Testing

@Suite("Shield client tracker: rate limits, bans, signals")
struct ClientTrackerTests {
    @Test("token buckets per IP, key and account refill with time and say when to retry")
    func buckets() {
        let tracker = ClientTracker(settings: .init(perIP: 2, perKey: 0, perAccount: 1))
        // Burst of twice the rate, then limited.
        for _ in 0..<2 { #expect(tracker.admit(ip: "10.0.0.1", key: nil, account: "acc-1", now: 0).0 == .admit) }
        #expect(tracker.admit(ip: "10.0.0.1", key: nil, account: "acc-1", now: 0).0 == .limited(scope: "account", retryAfter: 1))
        // The IP's burst of four is spent by the three requests above and one more.
        #expect(tracker.admit(ip: "10.0.0.1", key: nil, account: nil, now: 0).0 == .admit)
        #expect(tracker.admit(ip: "10.0.0.1", key: nil, account: nil, now: 0).0 == .limited(scope: "ip", retryAfter: 1))
        // Another IP has its own bucket; time refills.
        #expect(tracker.admit(ip: "10.0.0.2", key: nil, account: nil, now: 0).0 == .admit)
        #expect(tracker.admit(ip: "10.0.0.1", key: nil, account: nil, now: 1).0 == .admit)
    }

    @Test("repeated blocks ban a client for a while; many accounts from one IP and bursts of failures are signalled once per window")
    func bansAndSignals() {
        let tracker = ClientTracker(settings: .init(perIP: 0, perAccount: 0, banAfterBlocks: 3, banWindowSeconds: 60, banSeconds: 600, accountsPerIPThreshold: 3, failureBurstThreshold: 4))
        #expect(tracker.recordBlock(ip: "203.0.113.9", now: 0).isEmpty)
        #expect(tracker.recordBlock(ip: "203.0.113.9", now: 1).isEmpty)
        #expect(tracker.recordBlock(ip: "203.0.113.9", now: 2) == [.banned])
        #expect(tracker.admit(ip: "203.0.113.9", key: nil, account: nil, now: 10).0 == .banned(retryAfter: 592))
        #expect(tracker.admit(ip: "203.0.113.9", key: nil, account: nil, now: 603).0 == .admit)
        // Blocks spread beyond the window do not ban.
        #expect(tracker.recordBlock(ip: "198.51.100.1", now: 0).isEmpty)
        #expect(tracker.recordBlock(ip: "198.51.100.1", now: 100).isEmpty)
        #expect(tracker.recordBlock(ip: "198.51.100.1", now: 200).isEmpty)
        var signals: [ClientTracker.Signal] = []
        for account in 0..<6 { signals += tracker.admit(ip: "192.0.2.7", key: nil, account: "acc-\(account)", now: Double(account)).1 }
        #expect(signals == [.manyAccountsFromOneIP])
        var failures: [ClientTracker.Signal] = []
        for second in 0..<10 { failures += tracker.recordResponse(ip: "192.0.2.8", status: 401, now: Double(second)) }
        #expect(failures == [.credentialStuffing])
        #expect(tracker.recordResponse(ip: "192.0.2.8", status: 200, now: 11).isEmpty)
    }
}

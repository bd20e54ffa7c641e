// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Shield

/// How long the firewall takes on a text body of `unit` repeated 1,000 and 8,000 times (the
/// fastest of three runs each, so that a busy machine does not decide).
func inspectionTimes(_ firewall: Firewall, _ policy: FirewallPolicy, repeating unit: String) -> [Duration] {
    [1_000, 8_000].map { count in
        let body = Array(String(repeating: unit, count: count).utf8)
        var best = Duration.seconds(3600)
        for _ in 0..<3 {
            let start = ContinuousClock.now
            _ = firewall.inspect(InspectedRequest(method: "POST", target: "/p", headers: [("Host", "h"), ("Content-Type", "text/plain")], body: body), policy: policy)
            best = min(best, ContinuousClock.now - start)
        }
        return best
    }
}

/// Eight times the input costs about eight times the time (linear), far from the sixty-four times
/// of a quadratic matcher; the bound leaves room for a busy machine.
func growsLinearly(_ times: [Duration]) -> Bool { times[1] < times[0] * 24 + .milliseconds(50) }

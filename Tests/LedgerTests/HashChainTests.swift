// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Ledger
import StraitCore
import Testing

@Suite("Hash-chained audit log")
struct HashChainTests {
    static let first = AuditEventContent(
        timestamp: "2026-11-27T01:00:00.000Z", type: .keyIssued, actor: "bootstrap", subject: "key_0001", payload: "{\"role\":\"admin\"}"
    )
    static let second = AuditEventContent(
        timestamp: "2026-11-27T01:00:01.000Z",
        type: .transactionDecided,
        actor: "key_0001",
        subject: "tx-1",
        payload: "{\"decision\":\"allow\",\"digest\":\"\(String(repeating: "ab", count: 32))\",\"reasons\":[]}"
    )

    /// Known answers computed independently (Python hashlib over the documented encoding).
    @Test("hashes match an independent implementation of the documented encoding")
    func knownAnswers() {
        let (e0, h0) = HashChain.append(Self.first, after: .empty)
        #expect(e0.hash == "23f3fd5533269c94869575ab017f819e9cd1b691d2d167a5408f913e825917de")
        #expect(e0.previousHash == HashChain.genesisHash)
        let (e1, h1) = HashChain.append(Self.second, after: h0)
        #expect(e1.hash == "f565be01d328df6ce5f85c6081a87255ca6ebf2feaa34893ec1d94e6cecbd516")
        #expect(h1.size == 2)
    }

    func chain(_ count: Int) -> [AuditEvent] {
        var head = AuditHead.empty
        var events: [AuditEvent] = []
        for i in 0..<count {
            let content = AuditEventContent(
                timestamp: Timestamp.format(epochMilliseconds: 1_795_741_200_000 + Int64(i)),
                type: .transactionDecided,
                actor: "key_1",
                subject: "tx-\(i)",
                payload: "{\"n\":\(i)}"
            )
            let (event, next) = HashChain.append(content, after: head)
            events.append(event)
            head = next
        }
        return events
    }

    @Test("an intact chain verifies")
    func intact() throws {
        let events = chain(50)
        let head = try HashChain.verify(events, from: .empty).get()
        #expect(head.size == 50)
        #expect(head.headHash == events.last?.hash)
    }

    @Test("an altered entry is reported at its index")
    func altered() {
        var events = chain(20)
        events[7].payload = "{\"n\":700}"
        #expect(violation(events)?.index == 7)
        #expect(violation(events)?.kind == .contentMismatch)
    }

    @Test("an altered entry with a recomputed hash breaks the next link")
    func alteredAndRehashed() {
        var events = chain(20)
        events[7].payload = "{\"n\":700}"
        events[7].hash = HashChain.entryHash(index: 7, content: events[7].content, previousHash: events[7].previousHash)
        let found = violation(events)
        #expect(found?.index == 8)
        #expect(found?.kind == .brokenLink)
    }

    @Test("a removed entry is reported")
    func removed() {
        var events = chain(20)
        events.remove(at: 5)
        #expect(violation(events)?.index == 5)
        #expect(violation(events)?.kind == .missingEntry)
    }

    @Test("an inserted entry is reported")
    func inserted() {
        var events = chain(20)
        events.insert(events[3], at: 4)
        #expect(violation(events)?.index == 4)
        #expect(violation(events)?.kind == .unexpectedIndex)
    }

    @Test("reordered entries are reported")
    func reordered() {
        var events = chain(20)
        events.swapAt(10, 11)
        #expect(violation(events)?.index == 10)
    }

    @Test("entries renumbered after a removal break the chain")
    func renumbered() {
        var events = chain(20)
        events.remove(at: 5)
        for i in 5..<events.count { events[i].index -= 1 }
        #expect(violation(events)?.index == 5)
        #expect(violation(events)?.kind == .brokenLink)
    }

    func violation(_ events: [AuditEvent]) -> ChainViolation? {
        if case .failure(let violation) = HashChain.verify(events, from: .empty) { return violation }
        return nil
    }
}

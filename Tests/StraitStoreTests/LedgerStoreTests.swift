// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Ledger
import StraitCore
import StraitStore
import Testing

/// The ledger half of the store seam, on every store kind.
@Suite("Ledger store conformance")
struct LedgerStoreTests {
    static func annotation(_ i: Int) -> AuditEventContent {
        AuditEventContent(timestamp: "2026-11-27T01:00:00.000Z", type: .annotation, actor: "test", subject: "n-\(i)", payload: "{\"n\":\(i)}")
    }

    @Test("tiles, head and proofs agree with the reference tree as the log grows across tiles", arguments: StoreKind.available)
    func proofs(kind: StoreKind) async throws {
        try await kind.with { store in
            // 600 entries: two full level-0 tiles and a partial one; appended in uneven batches.
            var appended = 0
            for batch in [1, 254, 3, 300, 42] {
                let range = try await store.appendEvents((appended..<appended + batch).map(Self.annotation))
                #expect(range == UInt64(appended)..<UInt64(appended + batch))
                appended += batch
            }
            _ = try await store.record(try makeRecord(id: "tx-after"))
            let events = try await store.auditEvents(from: 0, limit: 1_000)
            #expect(events.count == 601)
            let leaves = events.map(\.leafHash)
            let head = try await store.auditHead()
            #expect(head == AuditHead(size: 601, rootHash: Hex.encode(MerkleTree.root(leafHashes: leaves))))
            let reader = LedgerReader(store: store)
            for (index, size) in [(0, 1), (5, 601), (255, 256), (256, 600), (599, 601), (600, 601), (17, 300)] {
                let answer = try await reader.inclusionProof(index: UInt64(index), treeSize: UInt64(size))
                let proof = answer.proof.map { [UInt8](Data(base64Encoded: $0)!) }
                #expect(proof == MerkleTree.inclusionProof(index: index, leafHashes: Array(leaves[0..<size])), "\(index) in \(size)")
                #expect([UInt8](Data(base64Encoded: answer.entry)!) == events[index].leaf)
            }
            for (old, new) in [(1, 601), (256, 512), (300, 601), (601, 601)] {
                let answer = try await reader.consistencyProof(from: UInt64(old), to: UInt64(new))
                let proof = answer.proof.map { [UInt8](Data(base64Encoded: $0)!) }
                #expect(proof == (MerkleTree.consistencyProof(oldSize: old, leafHashes: Array(leaves[0..<new])) ?? []), "\(old)→\(new)")
            }
            await #expect(throws: LedgerQueryError.self) { try await reader.inclusionProof(index: 0, treeSize: 602) }
            await #expect(throws: LedgerQueryError.self) { try await reader.consistencyProof(from: 0, to: 5) }
            #expect(try await LedgerVerifier(pageSize: 256).verify(store).isValid)
        }
    }

    @Test("checkpoints: one key for the log, one checkpoint per size, listed in order, verified", arguments: StoreKind.available)
    func checkpoints(kind: StoreKind) async throws {
        try await kind.with { store in
            #expect(try await store.storedLedgerSigningKey() == nil)
            let ledger = LedgerPublisher(store: store, origin: "test.strait.local/audit")
            let publisher = try await ledger.prepare(at: "2026-11-27T01:00:00.000Z")
            // A second load returns the same key, and another origin is refused.
            let again = try await CheckpointPublisher.load(store: store, origin: "test.strait.local/audit", at: "later")
            #expect(again.verifierKey == publisher.verifierKey)
            await #expect(throws: StoreError.self) { try await CheckpointPublisher.load(store: store, origin: "other/audit", at: "later") }
            await #expect(throws: StoreError.self) { try await CheckpointPublisher.load(store: store, origin: "has space", at: "later") }

            let empty = try #require(try await ledger.publish(at: "t0"))
            #expect(empty.size == 0)
            #expect(try await ledger.publish(at: "t0") == nil)
            _ = try await store.appendEvents((0..<10).map(Self.annotation))
            let ten = try #require(try await ledger.publish(at: "t1"))
            #expect(ten.size == 10)
            let note = try SignedNote.parse(ten.note)
            #expect(try note.verify(using: [publisher.signer.verifier]).count == 1)
            #expect(try Checkpoint.parse(body: note.body).rootHash == Hex.decode(try await store.auditHead().rootHash))
            // The same size again is not stored twice; a size beyond the log is refused.
            #expect(try await store.addCheckpoint(StoredCheckpoint(size: 10, rootHash: ten.rootHash, note: "x", createdAt: "t")) == false)
            await #expect(throws: StoreError.self) {
                try await store.addCheckpoint(StoredCheckpoint(size: 11, rootHash: ten.rootHash, note: "x", createdAt: "t"))
            }
            _ = try await store.appendEvents((10..<15).map(Self.annotation))
            _ = try await ledger.publish(at: "t2")
            #expect(try await store.checkpoints(fromSize: 0, limit: 10).map(\.size) == [0, 10, 15])
            #expect(try await store.checkpoints(fromSize: 1, limit: 1).map(\.size) == [10])
            #expect(try await store.latestCheckpoint()?.size == 15)
            #expect(try await store.checkpoint(size: 10) == ten)
            #expect(try await store.checkpoint(size: 11) == nil)

            // Cosignatures: one per witness key, replaced by a newer one.
            let witness = try CosignatureSigner.generate(name: "w.example/1")
            let line1 = try witness.cosign(checkpointBody: note.body, timestamp: 1).line
            let line2 = try witness.cosign(checkpointBody: note.body, timestamp: 2).line
            let id = Hex.encode(witness.keyID)
            try await store.addCosignature(StoredCosignature(size: 10, witness: witness.name, keyID: id, line: line1, receivedAt: "t"))
            try await store.addCosignature(StoredCosignature(size: 10, witness: witness.name, keyID: id, line: line2, receivedAt: "t"))
            #expect(try await store.cosignatures(size: 10).map(\.line) == [line2])
            let served = try SignedNote.parse(CheckpointPublisher.note(ten, cosignatures: try await store.cosignatures(size: 10)))
            #expect(served.verifiedSignatures(by: [publisher.signer.verifier, witness.verifier]).count == 2)

            let report = try await LedgerVerifier().verify(store)
            #expect(report.isValid, "\(report.violations)")
            #expect(report.verifiedCheckpoints == 3)
            let tail = try await LedgerVerifier().verifyTail(store)
            #expect(tail.isValid && tail.fromIndex == 15)
        }
    }

    @Test("the witnessed state moves only by compare-and-swap", arguments: StoreKind.available)
    func witnessed(kind: StoreKind) async throws {
        try await kind.with { store in
            let root = String(repeating: "a", count: 64)
            func state(_ size: UInt64) -> WitnessedCheckpoint { WitnessedCheckpoint(origin: "eu/audit", size: size, rootHash: root, updatedAt: "t") }
            let initial = try await store.witnessedCheckpoint(origin: "eu/audit")
            #expect(initial == nil)
            let first = try await store.updateWitnessedCheckpoint(state(5), expectedSize: nil)
            let raced = try await store.updateWitnessedCheckpoint(state(6), expectedSize: nil)
            let stale = try await store.updateWitnessedCheckpoint(state(9), expectedSize: 4)
            let moved = try await store.updateWitnessedCheckpoint(state(9), expectedSize: 5)
            #expect(first && !raced && !stale && moved)
            let now = try await store.witnessedCheckpoint(origin: "eu/audit")
            #expect(now?.size == 9)
            #expect(try await store.witnessedCheckpoint(origin: "sg/audit") == nil)
        }
    }

    @Test("transfers for tracing: not blocked, in time order, bounded by a checkpoint size", arguments: StoreKind.available)
    func transfers(kind: StoreKind) async throws {
        try await kind.with { store in
            _ = try await store.record(try makeRecord(id: "a", minor: 100))
            _ = try await store.record(try makeRecord(id: "b", minor: 200, outcome: .block))
            _ = try await store.record(try makeRecord(id: "c", minor: 300, outcome: .review))
            let a = try #require(try await store.transfer(id: "a", auditIndexBelow: .max))
            #expect(a.from == "DE89370400440532013000" && a.to == "SG-001-2345" && a.amountMinor == 100 && a.currency == "EUR")
            #expect(try await store.transfer(id: "b", auditIndexBelow: .max) == nil)
            #expect(try await store.transfer(id: "c", auditIndexBelow: 2) == nil)
            let history = try await store.transfers(account: "SG-001-2345", fromMillis: 0, toMillis: .max, limit: 10, auditIndexBelow: .max)
            #expect(history.map(\.id) == ["a", "c"])
            #expect(try await store.transfers(account: "SG-001-2345", fromMillis: 0, toMillis: .max, limit: 1, auditIndexBelow: .max).map(\.id) == ["a"])
            #expect(try await store.transfers(account: "nobody", fromMillis: 0, toMillis: .max, limit: 10, auditIndexBelow: .max).isEmpty)
        }
    }
}

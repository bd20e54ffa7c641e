// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import GRDB
import Ledger
import Testing

@Suite("Ledger end to end (the strait executable)", .serialized)
struct LedgerEndToEndTests {
    func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "strait-ledger-e2e-" + UUID().uuidString
    }

    @Test("an offline proof bundle verifies; ledger verify names each damaged row; a damaged log stops the node from starting")
    func verifyAndStartUp() async throws {
        let data = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try await ServerProcess(data: data)
        let client = HTTP(port: server.port)
        for i in 0..<12 {
            #expect(try await client.send("POST", "/v1/transactions", body: transactionJSON(id: "tx-\(i)")).0 == 201)
        }
        #expect([200, 201].contains(try await client.send("POST", "/v1/ledger/checkpoint").0))
        server.kill(SIGTERM)
        #expect(await server.waitForExit() == 0)
        let ok = try runStrait(["ledger", "verify", "--data", data])
        #expect(ok.status == 0, "\(ok.out)\(ok.err)")
        #expect(ok.out.hasPrefix("OK: 14 entries verified"), "\(ok.out)")

        // The evidence bundle: c2sp.org/tlog-proof@v1, checked here with nothing but the bundle and the key.
        let bundleFile = data + "-proof.tlog-proof"
        defer { try? FileManager.default.removeItem(atPath: bundleFile) }
        let proof = try runStrait(["ledger", "proof", "5", "--data", data, "-o", bundleFile])
        #expect(proof.status == 0, "\(proof.err)")
        let keyLine = try #require(proof.err.split(separator: "\n").first { $0.contains("log key: ") })
        let vkey = keyLine[keyLine.range(of: "log key: ")!.upperBound...]
        let verifier = try NoteVerifier(vkey: String(vkey))
        let bundle = try String(contentsOfFile: bundleFile, encoding: .utf8)
        let parts = bundle.components(separatedBy: "\n\n")
        let header = parts[0].split(separator: "\n").map(String.init)
        #expect(header[0] == "c2sp.org/tlog-proof@v1")
        let leaf = [UInt8](try #require(Data(base64Encoded: String(header[1].dropFirst("extra ".count)))))
        #expect(header[2] == "index 5")
        let hashes = try header[3...].map { [UInt8](try #require(Data(base64Encoded: $0))) }
        let note = try SignedNote.parse(parts[1...].joined(separator: "\n\n"))
        #expect(try note.verify(using: [verifier]).count == 1)
        let checkpoint = try Checkpoint.parse(body: note.body)
        #expect(checkpoint.size == 14)  // the bootstrap key, the configuration and 12 payments
        #expect(MerkleTree.verifyInclusion(leafIndex: 5, treeSize: 14, leafHash: MerkleTree.leafHash(leaf), proof: hashes, root: checkpoint.rootHash))
        #expect(LeafEncoding.decode(leaf)?.subject == "tx-3")
        #expect(try runStrait(["ledger", "proof", "99", "--data", data]).status == 1)

        // Edit entry 4, delete entry 7, swap entries 9 and 10: each is named.
        let queue = try DatabaseQueue(path: data + "/strait.sqlite")
        try await queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "UPDATE audit_events SET actor = 'someone-else' WHERE idx = 4")
            try db.execute(sql: "DELETE FROM audit_events WHERE idx = 7")
            try db.execute(sql: "UPDATE audit_events SET idx = 100000 WHERE idx = 9")
            try db.execute(sql: "UPDATE audit_events SET idx = 9 WHERE idx = 10")
            try db.execute(sql: "UPDATE audit_events SET idx = 10 WHERE idx = 100000")
        }
        let damaged = try runStrait(["ledger", "verify", "--data", data])
        #expect(damaged.status == 1)
        for expected in ["entry 4: content_mismatch", "entry 7: missing_entry", "entry 9: unexpected_index", "entry 10: unexpected_index"] {
            #expect(damaged.out.contains(expected), "\(expected) not in: \(damaged.out)")
        }
        #expect(!damaged.out.contains("entry 5:"), "\(damaged.out)")

        // Rewrite the tree's leaves too (the right edge of the tree is kept with the entries, so whoever
        // edits a row can rewrite its leaf): the root no longer matches the signed checkpoint, and the
        // node refuses to start.
        try await queue.write { db in
            try db.execute(sql: "UPDATE audit_events SET leaf_hash = zeroblob(32) WHERE idx = 2")
        }
        try queue.close()
        await #expect(throws: TestFailure.self) { _ = try await ServerProcess(data: data) }
        let anyway = try await ServerProcess(data: data, environment: ["STRAIT_LEDGER_VERIFY_ON_START": "false"])
        anyway.kill(SIGTERM)
        #expect(await anyway.waitForExit() == 0)
        let tree = try runStrait(["ledger", "verify", "--data", data])
        #expect(tree.status == 1)
        #expect(tree.out.contains("entry 2: content_mismatch") && tree.out.contains("checkpoint_mismatch"), "\(tree.out)")
    }

    @Test("two regions witness each other: each checkpoint carries the other's cosignature, checked by the oracle")
    func witnessing() async throws {
        let eu = temporaryDirectory()
        let sg = temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: eu)
            try? FileManager.default.removeItem(atPath: sg)
        }
        // The EU node creates its log key at first start.
        let first = try await ServerProcess(data: eu, environment: ["STRAIT_REGION": "eu"])
        let euKey = try await HTTP(port: first.port).send("GET", "/v1/ledger/key").1.trimmingCharacters(in: .newlines)
        first.kill(SIGTERM)
        #expect(await first.waitForExit() == 0)
        // The SG node witnesses the EU log.
        let witness = try await ServerProcess(data: sg, environment: ["STRAIT_REGION": "sg", "STRAIT_LEDGER_WITNESS_LOGS": euKey])
        let witnessKey = try await HTTP(port: witness.port).send("GET", "/witness/key").1.trimmingCharacters(in: .newlines)
        #expect(witnessKey.hasPrefix("strait.local/sg/witness+"))
        // The EU node asks SG to cosign its checkpoints.
        let node = try await ServerProcess(
            data: eu,
            environment: [
                "STRAIT_REGION": "eu", "STRAIT_LEDGER_WITNESSES": "http://127.0.0.1:\(witness.port)/witness \(witnessKey)",
            ]
        )
        let client = HTTP(port: node.port)
        for i in 0..<5 {
            #expect(try await client.send("POST", "/v1/transactions", body: transactionJSON(id: "tx-\(i)")).0 == 201)
        }
        var cosigned = ""
        for _ in 0..<100 {
            let note = try await client.send("GET", "/v1/ledger/checkpoint").1
            if note.contains("strait.local/sg/witness"), note.contains("\n8\n") {
                cosigned = note
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let nodeLog = node.log
        let witnessLog = witness.log
        node.kill(SIGTERM)
        witness.kill(SIGTERM)
        #expect(!cosigned.isEmpty, "no cosigned checkpoint; node log: \(nodeLog.suffix(3000)) witness log: \(witnessLog.suffix(2000))")
        #expect(await node.waitForExit() == 0)
        #expect(await witness.waitForExit() == 0)
        let parsed = try SignedNote.parse(cosigned)
        #expect(parsed.verifiedSignatures(by: [try NoteVerifier(vkey: euKey), try NoteVerifier(vkey: witnessKey)]).count == 2, "\(cosigned)")
        if LedgerOracle.available {
            let verdict = try LedgerOracle.run("checkpoint", content: cosigned, ["--log-vkey", euKey, "--witness-vkey", witnessKey, "--quorum", "1"])
            #expect(verdict.0 == 0, "oracle: \(verdict.1)")
        }
        // The witness remembers what it cosigned.
        let state = try DatabaseQueue(path: sg + "/strait.sqlite")
        let size = try await state.read { db in try Int.fetchOne(db, sql: "SELECT size FROM witnessed WHERE origin = 'strait.local/eu/audit'") }
        #expect((size ?? 0) >= 8)
        try state.close()
    }

    @Test("a configuration change is recorded in the log at start-up, once, naming the keys that changed")
    func configurationChanges() async throws {
        let data = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        func configEntries(_ environment: [String: String]) async throws -> [[String: Any]] {
            let server = try await ServerProcess(data: data, environment: environment)
            let (_, text) = try await HTTP(port: server.port).send("GET", "/v1/audit/events?limit=100")
            server.kill(SIGTERM)
            #expect(await server.waitForExit() == 0)
            let events = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])["events"] as? [[String: Any]]
            return (events ?? []).filter { $0["type"] as? String == "config.changed" }
        }
        let first = try await configEntries([:])
        #expect(first.count == 1)
        #expect((first.first?["payload"] as? String)?.contains("\"decision.review_threshold\":") == true)
        // Same configuration (another port does not count): nothing new.
        #expect(try await configEntries(["STRAIT_PORT": "0", "STRAIT_LOG_LEVEL": "debug"]).count == 1)
        let changed = try await configEntries(["STRAIT_REVIEW_THRESHOLD": "5000"])
        #expect(changed.count == 2)
        let payload = try #require(changed.last?["payload"] as? String)
        #expect(payload.hasPrefix("{\"changed\":[\"decision.review_threshold\"]"), "\(payload)")
        #expect(!payload.contains("5000"), "values are fingerprinted, not copied: \(payload)")
        #expect(try runStrait(["ledger", "verify", "--data", data]).status == 0)
    }
}

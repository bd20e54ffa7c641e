// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import StraitApp
import StraitCore
import StraitStore
import Testing

/// The tlog-oracle (../shared/tools/tlog-oracle), run on files this test writes.
enum LedgerOracle {
    static let python: String? = {
        if let path = ProcessInfo.processInfo.environment["STRAIT_ORACLE_PYTHON"], !path.isEmpty { return path }
        // The virtual environment `.ci/run` creates in the package.
        // Not standardized: that would resolve the venv's `python` link to the base interpreter.
        let fallback = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path + "/.build-oracle-venv/bin/python"
        return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
    }()
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/tools/tlog-oracle/oracle.py").standardizedFileURL.path
    static var available: Bool {
        guard let python else { return false }
        return FileManager.default.isExecutableFile(atPath: python) && FileManager.default.fileExists(atPath: script)
    }

    static func run(_ command: String, content: String, _ arguments: [String] = []) throws -> (Int32, String) {
        let file = NSTemporaryDirectory() + "strait-oracle-\(UUID().uuidString).txt"
        try content.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try runTool(python ?? "/bin/false", [script, command, file] + arguments)
    }
}

@Suite("Ledger over HTTP")
struct LedgerHTTPTests {
    static func base64(_ text: String) throws -> [UInt8] {
        [UInt8](try #require(Data(base64Encoded: text)))
    }

    @Test("checkpoints are signed with the published key; entries and consistency proofs verify against them")
    func proofs() async throws {
        // The background publisher waits a minute here, so that this test's own publish is the first
        // (on a loaded machine the 20 payments can take longer than the default 500 ms).
        try await TestNode(environment: ["STRAIT_LEDGER_CHECKPOINT_INTERVAL_MS": "60000"]).test { client in
            for i in 0..<20 {
                #expect(try await client.send(.post, "/v1/transactions", json: transactionJSON(id: "tx-\(i)")).status == .created)
            }
            let key = try await client.send(.get, "/v1/ledger/key")
            #expect(key.status == .ok)
            #expect(key.headers[.contentType]?.hasPrefix("text/plain") == true)
            let verifier = try NoteVerifier(vkey: key.text.trimmingCharacters(in: .newlines))
            #expect(verifier.name == "strait.local/local/audit")

            let published = try await client.send(.post, "/v1/ledger/checkpoint")
            #expect(published.status == .created)
            let note = try SignedNote.parse(published.text)
            #expect(try note.verify(using: [verifier]).count == 1)
            let checkpoint = try Checkpoint.parse(body: note.body)
            #expect(checkpoint.size == 22)  // the bootstrap key, the configuration and 20 payments
            // Nothing new: the same checkpoint, 200.
            let again = try await client.send(.post, "/v1/ledger/checkpoint")
            #expect(again.status == .ok)
            #expect(again.text == published.text)
            #expect(try await client.send(.get, "/v1/ledger/checkpoint").text == published.text)

            let entry = try await client.send(.get, "/v1/ledger/entries/7")
            #expect(entry.status == .ok, "\(entry.text)")
            let proof = try entry.json()
            #expect(proof["leafIdx"] as? Int == 7)
            #expect(proof["treeSize"] as? Int == 22)
            let leafBytes = try Self.base64(try #require(proof["entry"] as? String))
            let leafHash = try Self.base64(try #require(proof["leafHash"] as? String))
            #expect(MerkleTree.leafHash(leafBytes) == leafHash)
            let event = try #require(LeafEncoding.decode(leafBytes))
            #expect(event.index == 7 && event.type == .transactionDecided && event.subject == "tx-5")
            #expect(!event.payload.contains("DE89370400440532013000"), "the account must not be in clear in the log")
            let path = try (try #require(proof["proof"] as? [String])).map(Self.base64)
            #expect(try Self.base64(try #require(proof["root"] as? String)) == checkpoint.rootHash)
            #expect(MerkleTree.verifyInclusion(leafIndex: 7, treeSize: 22, leafHash: leafHash, proof: path, root: checkpoint.rootHash))

            let consistency = try await client.send(.get, "/v1/ledger/consistency?from=3&to=22")
            #expect(consistency.status == .ok)
            let c = try consistency.json()
            #expect(c["size1"] as? Int == 3 && c["size2"] as? Int == 22)
            let consistencyPath = try (try #require(c["proof"] as? [String])).map(Self.base64)
            #expect(
                MerkleTree.verifyConsistency(
                    oldSize: 3, newSize: 22, oldRoot: try Self.base64(try #require(c["root1"] as? String)), newRoot: checkpoint.rootHash,
                    proof: consistencyPath
                )
            )
            let listed = try await client.send(.get, "/v1/ledger/checkpoints")
            let items = try #require(try listed.json()["checkpoints"] as? [[String: Any]])
            #expect(items.last?["size"] as? Int == 22)
            #expect(items.compactMap { $0["size"] as? Int } == items.compactMap { $0["size"] as? Int }.sorted())

            if LedgerOracle.available {
                let accepted = try LedgerOracle.run("inclusion", content: entry.text)
                #expect(accepted.0 == 0, "oracle: \(accepted.1)")
                let consistent = try LedgerOracle.run("consistency", content: consistency.text)
                #expect(consistent.0 == 0, "oracle: \(consistent.1)")
                let signed = try LedgerOracle.run("checkpoint", content: published.text, ["--log-vkey", verifier.vkey])
                #expect(signed.0 == 0, "oracle: \(signed.1)")
                let forged = published.text.replacingOccurrences(of: "\n22\n", with: "\n23\n")
                #expect(try LedgerOracle.run("checkpoint", content: forged, ["--log-vkey", verifier.vkey]).0 == 1)
            }
        }
    }

    @Test("bad proof requests get clear 4xx answers")
    func errors() async throws {
        // Checkpoints only on demand here, so that an entry can stay uncovered.
        try await TestNode(environment: ["STRAIT_LEDGER_CHECKPOINT_INTERVAL_MS": "60000"]).test { client in
            for i in 0..<3 { try await client.send(.post, "/v1/transactions", json: transactionJSON(id: "tx-\(i)")) }
            // Entry 3 exists but no checkpoint covers it until one is published.
            _ = try await client.send(.post, "/v1/ledger/checkpoint")
            for i in 3..<5 { try await client.send(.post, "/v1/transactions", json: transactionJSON(id: "tx-\(i)")) }
            let uncovered = try await client.send(.get, "/v1/ledger/entries/5")
            #expect(uncovered.status == .notFound)
            #expect(try uncovered.error()["code"] as? String == "not_yet_checkpointed")
            #expect(uncovered.headers[.retryAfter] == "1")
            #expect(try await client.send(.get, "/v1/ledger/entries/5?treeSize=6").status == .ok)
            #expect(try await client.send(.get, "/v1/ledger/entries/99").status == .notFound)
            #expect(try await client.send(.get, "/v1/ledger/entries/abc").status == .badRequest)
            #expect(try await client.send(.get, "/v1/ledger/entries/2?treeSize=0").status == .unprocessableContent)
            #expect(try await client.send(.get, "/v1/ledger/entries/2?treeSize=999").status == .unprocessableContent)
            #expect(try await client.send(.get, "/v1/ledger/entries/2?treeSize=-1").status == .badRequest)
            #expect(try await client.send(.get, "/v1/ledger/consistency?from=0&to=3").status == .unprocessableContent)
            #expect(try await client.send(.get, "/v1/ledger/consistency?from=4&to=3").status == .unprocessableContent)
            #expect(try await client.send(.get, "/v1/ledger/consistency?from=1").status == .badRequest)
            #expect(try await client.send(.get, "/v1/ledger/checkpoint?size=999").status == .notFound)
            #expect(try await client.send(.get, "/v1/ledger/checkpoints?limit=0").status == .badRequest)
            #expect(try await client.send(.get, "/v1/ledger/key", key: nil).status == .unauthorized)
        }
    }

    @Test("cosignatures stored for a checkpoint are served with it and verify")
    func cosignatures() async throws {
        let node = try await TestNode()
        let store = node.node.store
        try await node.test { client in
            try await client.send(.post, "/v1/transactions", json: transactionJSON(id: "tx-1"))
            let published = try await client.send(.post, "/v1/ledger/checkpoint")
            let note = try SignedNote.parse(published.text)
            let witness = try CosignatureSigner.generate(name: "witness.example/sg")
            let cosignature = try witness.cosign(checkpointBody: note.body, timestamp: 1_795_741_200)
            let size = try Checkpoint.parse(body: note.body).size
            try await store.addCosignature(
                StoredCosignature(
                    size: size, witness: witness.name, keyID: Hex.encode(witness.keyID), line: cosignature.line, receivedAt: "2026-11-27T01:00:00.000Z"
                )
            )
            let served = try await client.send(.get, "/v1/ledger/checkpoint")
            let withCosignature = try SignedNote.parse(served.text)
            #expect(withCosignature.signatures.count == 2)
            #expect(try withCosignature.verify(using: [witness.verifier]).count == 1)
            if LedgerOracle.available {
                let logKey = try await client.send(.get, "/v1/ledger/key").text.trimmingCharacters(in: .newlines)
                let verdict = try LedgerOracle.run(
                    "checkpoint", content: served.text, ["--log-vkey", logKey, "--witness-vkey", witness.verifier.vkey, "--quorum", "1"]
                )
                #expect(verdict.0 == 0, "oracle: \(verdict.1)")
            }
        }
    }

    @Test("as a witness the node cosigns consistent checkpoints of a trusted log and refuses the rest (tlog-witness)")
    func witness() async throws {
        let log = try NoteSigner.generate(name: "eu.strait.example/audit")
        let stranger = try NoteSigner.generate(name: "eu.strait.example/audit")
        let leaves = (0..<40).map { MerkleTree.leafHash(Array("leaf \($0)".utf8)) }
        @Sendable func note(_ size: Int, signer: NoteSigner = log, origin: String = "eu.strait.example/audit") throws -> SignedNote {
            let checkpoint = try Checkpoint(origin: origin, size: UInt64(size), rootHash: MerkleTree.root(leafHashes: Array(leaves[0..<size])))
            return SignedNote(body: checkpoint.body, signatures: [try signer.sign(body: checkpoint.body)])
        }
        @Sendable func request(old: Int, size: Int, signer: NoteSigner = log, proof: [MerkleTree.Hash]? = nil) throws -> String {
            let consistency = proof ?? (old == 0 ? [] : MerkleTree.consistencyProof(oldSize: old, leafHashes: Array(leaves[0..<size])) ?? [])
            return WitnessRequest(oldSize: UInt64(old), proof: consistency, note: try note(size, signer: signer)).text
        }
        try await TestNode(environment: ["STRAIT_LEDGER_WITNESS_LOGS": log.verifier.vkey]).test { client in
            let keyAnswer = try await client.send(.get, "/witness/key", key: nil)
            #expect(keyAnswer.status == .ok)
            let witnessKey = try NoteVerifier(vkey: keyAnswer.text.trimmingCharacters(in: .newlines))
            #expect(witnessKey.type == NoteVerifier.cosignatureV1Type && witnessKey.name == "strait.local/local/witness")

            func post(_ body: String) async throws -> TestResponse {
                try await client.send(.post, "/witness/add-checkpoint", key: nil, headers: [.contentType: "text/plain"], body: body)
            }
            let first = try await post(try request(old: 0, size: 10))
            #expect(first.status == .ok, "\(first.text)")
            let cosigned = SignedNote(body: try note(10).body, signatures: [try NoteSignature(line: first.text)])
            #expect(cosigned.verifiedSignatures(by: [witnessKey]).count == 1)
            // Wrong old size: 409 with the size last cosigned.
            let conflict = try await post(try request(old: 0, size: 20))
            #expect(conflict.status == .conflict)
            #expect(conflict.headers[.contentType] == "text/x.tlog.size")
            #expect(conflict.text == "10\n")
            #expect(try await post(try request(old: 10, size: 20)).status == .ok)
            // Same size again: fine with the same root and an empty proof, refused with a proof.
            #expect(try await post(try request(old: 20, size: 20)).status == .ok)
            #expect(try await post(try request(old: 20, size: 20, proof: [leaves[0]])).status == .unprocessableContent)
            // A bad consistency proof: 422.
            var bad = MerkleTree.consistencyProof(oldSize: 20, leafHashes: Array(leaves[0..<30])) ?? []
            bad[0][0] ^= 1
            let inconsistent = try await post(try request(old: 20, size: 30, proof: bad))
            #expect(inconsistent.status == .unprocessableContent)
            #expect(try inconsistent.error()["code"] as? String == "inconsistent")
            // A key the witness does not trust: 403. An unknown origin: 404. Old above size: 400. Garbage: 400.
            #expect(try await post(try request(old: 20, size: 30, signer: stranger)).status == .forbidden)
            let other = try NoteSigner.generate(name: "other.example/log")
            let unknown = WitnessRequest(oldSize: 0, proof: [], note: try note(5, signer: other, origin: "other.example/log")).text
            #expect(try await post(unknown).status == .notFound)
            #expect(try await post(try request(old: 25, size: 20)).status == .badRequest)
            #expect(try await post("hello").status == .badRequest)
            // The state never went back: 20 is still the latest cosigned size.
            #expect(try await post(try request(old: 20, size: 40)).status == .ok)
            #expect(try await post(try request(old: 20, size: 30)).text == "40\n")
        }
    }

    static func payment(_ id: String, from: String, to: String, minor: Int64, at time: String, toCountry: String = "SG") -> String {
        """
        {"id":"\(id)","timestamp":"\(time)","originator":{"partyId":"p-\(from)","account":"\(from)","country":"DE"},\
        "beneficiary":{"partyId":"p-\(to)","account":"\(to)","country":"\(toCountry)"},"amount":{"minor":\(minor),"currency":"EUR"},"channel":"web"}
        """
    }

    @Test("a trace follows the money hop by hop with FIFO amounts and names the checkpoint it used")
    func trace() async throws {
        try await TestNode().test { client in
            // X pays B 500 first; then A pays B 1000 (traced); B pays C 700, then D 600.
            // FIFO: C's 700 takes X's 500 and 200 of A's money; D's 600 takes the remaining 800 → 600 of A's.
            let payments = [
                Self.payment("t0", from: "X", to: "B", minor: 500, at: "2026-11-01T09:00:00Z"),
                Self.payment("t1", from: "A", to: "B", minor: 1_000, at: "2026-11-01T10:00:00Z"),
                Self.payment("t2", from: "B", to: "C", minor: 700, at: "2026-11-01T11:00:00Z"),
                Self.payment("t3", from: "B", to: "D", minor: 600, at: "2026-11-01T12:00:00Z"),
                Self.payment("t4", from: "D", to: "E", minor: 600, at: "2026-11-01T13:00:00Z"),
                Self.payment("t5", from: "D", to: "KP-1", minor: 100, at: "2026-11-01T14:00:00Z", toCountry: "KP"),
            ]
            for payment in payments {
                #expect(try await client.send(.post, "/v1/transactions", json: payment).status == .created)
            }
            // The latest checkpoint may lag the log: the trace publishes one covering everything first.
            let forward = try await client.send(.get, "/v1/trace?transaction=t1&direction=forward&maxHops=4&within=7d")
            #expect(forward.status == .ok, "\(forward.text)")
            let answer = try forward.json()
            #expect(answer["rule"] as? String == "fifo")
            let transfers = try #require(answer["transfers"] as? [[String: Any]])
            var attributed: [String: Int] = [:]
            for transfer in transfers { attributed[transfer["id"] as? String ?? ""] = transfer["attributedMinor"] as? Int }
            #expect(attributed == ["t1": 1_000, "t2": 200, "t3": 600, "t4": 600], "\(transfers)")
            #expect(transfers.first?["hop"] as? Int == 1)
            // The blocked payment to KP moved no money: it is not in the graph.
            #expect(!transfers.contains { $0["id"] as? String == "t5" })
            let checkpoint = try #require(answer["checkpoint"] as? [String: Any])
            let size = try #require(checkpoint["size"] as? Int)
            #expect(size >= 8)
            // Each transfer can be proved in the checkpoint's tree.
            let index = try #require(transfers.first { $0["id"] as? String == "t3" }?["auditIndex"] as? Int)
            #expect(try await client.send(.get, "/v1/ledger/entries/\(index)?treeSize=\(size)").status == .ok)

            let backward = try await client.send(.get, "/v1/trace?transaction=t3&direction=backward")
            let sources = try #require(try backward.json()["transfers"] as? [[String: Any]])
            #expect(Set(sources.compactMap { $0["id"] as? String }) == ["t3", "t1"], "\(sources)")

            let pruned = try await client.send(.get, "/v1/trace?transaction=t1&minAmount=300")
            let kept = try #require(try pruned.json()["transfers"] as? [[String: Any]])
            #expect(!kept.contains { $0["id"] as? String == "t2" })

            #expect(try await client.send(.get, "/v1/trace?transaction=nope").status == .notFound)
            #expect(try await client.send(.get, "/v1/trace?transaction=t5").status == .notFound)
            #expect(try await client.send(.get, "/v1/trace").status == .badRequest)
            #expect(try await client.send(.get, "/v1/trace?transaction=t1&direction=sideways").status == .badRequest)
            #expect(try await client.send(.get, "/v1/trace?transaction=t1&within=forever").status == .badRequest)
            #expect(try await client.send(.get, "/v1/trace?transaction=t1&maxHops=99").status == .unprocessableContent)
            #expect(try await client.send(.get, "/v1/trace?transaction=t1&maxHops=x").status == .badRequest)
        }
    }
}

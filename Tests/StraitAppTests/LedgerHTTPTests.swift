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
        let fallback = "/work/.venv-oracle/bin/python"
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
        try await TestNode().test { client in
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
            #expect(checkpoint.size == 21)  // the bootstrap key and 20 payments
            // Nothing new: the same checkpoint, 200.
            let again = try await client.send(.post, "/v1/ledger/checkpoint")
            #expect(again.status == .ok)
            #expect(again.text == published.text)
            #expect(try await client.send(.get, "/v1/ledger/checkpoint").text == published.text)

            let entry = try await client.send(.get, "/v1/ledger/entries/7")
            #expect(entry.status == .ok, "\(entry.text)")
            let proof = try entry.json()
            #expect(proof["leafIdx"] as? Int == 7)
            #expect(proof["treeSize"] as? Int == 21)
            let leafBytes = try Self.base64(try #require(proof["entry"] as? String))
            let leafHash = try Self.base64(try #require(proof["leafHash"] as? String))
            #expect(MerkleTree.leafHash(leafBytes) == leafHash)
            let event = try #require(LeafEncoding.decode(leafBytes))
            #expect(event.index == 7 && event.type == .transactionDecided && event.subject == "tx-6")
            #expect(!event.payload.contains("DE89370400440532013000"), "the account must not be in clear in the log")
            let path = try (try #require(proof["proof"] as? [String])).map(Self.base64)
            #expect(try Self.base64(try #require(proof["root"] as? String)) == checkpoint.rootHash)
            #expect(MerkleTree.verifyInclusion(leafIndex: 7, treeSize: 21, leafHash: leafHash, proof: path, root: checkpoint.rootHash))

            let consistency = try await client.send(.get, "/v1/ledger/consistency?from=3&to=21")
            #expect(consistency.status == .ok)
            let c = try consistency.json()
            #expect(c["size1"] as? Int == 3 && c["size2"] as? Int == 21)
            let consistencyPath = try (try #require(c["proof"] as? [String])).map(Self.base64)
            #expect(
                MerkleTree.verifyConsistency(
                    oldSize: 3, newSize: 21, oldRoot: try Self.base64(try #require(c["root1"] as? String)), newRoot: checkpoint.rootHash,
                    proof: consistencyPath
                )
            )
            let listed = try await client.send(.get, "/v1/ledger/checkpoints")
            let items = try #require(try listed.json()["checkpoints"] as? [[String: Any]])
            #expect(items.last?["size"] as? Int == 21)
            #expect(items.compactMap { $0["size"] as? Int } == items.compactMap { $0["size"] as? Int }.sorted())

            if LedgerOracle.available {
                let accepted = try LedgerOracle.run("inclusion", content: entry.text)
                #expect(accepted.0 == 0, "oracle: \(accepted.1)")
                let consistent = try LedgerOracle.run("consistency", content: consistency.text)
                #expect(consistent.0 == 0, "oracle: \(consistent.1)")
                let signed = try LedgerOracle.run("checkpoint", content: published.text, ["--log-vkey", verifier.vkey])
                #expect(signed.0 == 0, "oracle: \(signed.1)")
                let forged = published.text.replacingOccurrences(of: "\n21\n", with: "\n22\n")
                #expect(try LedgerOracle.run("checkpoint", content: forged, ["--log-vkey", verifier.vkey]).0 == 1)
            }
        }
    }

    @Test("bad proof requests get clear 4xx answers")
    func errors() async throws {
        try await TestNode().test { client in
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
            #expect(try await client.send(.get, "/v1/ledger/checkpoint?size=2").status == .notFound)
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
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
@testable import Ledger
import Testing

/// Published vectors and vectors produced by an independent implementation.
enum NoteVectors {
    /// The worked example of c2sp.org/signed-note (also the example of Go's golang.org/x/mod/sumdb/note).
    static let specVKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
    static let specNote = "This is an example message.\n\n"
        + "\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"

    /// The Go checksum database key, as built into the go command (cmd/go/internal/modfetch).
    static let sumdbVKey = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8"
    /// A variant circulated with a wrong tail: its key ID (033de0ae) does not match its key (which
    /// hashes to 33328e0a), so it must be refused.
    static let sumdbVKeyWrongTail = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ppq/jaxcMfqpNHHG"
    /// A checkpoint signed by sum.golang.org (its origin has spaces, which c2sp allows but we refuse).
    static let sumdbCheckpoint = "go.sum database tree\n6476701\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n\n"
        + "\u{2014} sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949"
        + "rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n"

    /// A checkpoint and cosignature produced by Python `cryptography` (../shared/tools/tlog-oracle/reftree.py,
    /// run by selftest.py) with the seeds bytes 0..<32 (log) and 32..<64 (witness) at time 1767225600.
    static let referenceLogVKey = "ledger.example/audit/v1+8fa617c0+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
    static let referenceWitnessVKey = "witness.example/w1+20324abe+BCmsuuFBvMrwsi4alNNNC8c2HlJtC/4SyJeUvJMilm3X"
    static let referenceCheckpoint = "ledger.example/audit/v1\n1000\nis+FKtsK5M7z3VZoXOrMHP9HEYTZdgF0RAFAhHYvGKg=\n\n"
        + "\u{2014} ledger.example/audit/v1 j6YXwLp3/go4zqTVaQzHfbCG6iiz2gbyyVbAlOXUZqyt/Gpxlhza9KTKgSOUgd+XxFjvGaQbXOdtY2GnChz4ZesG2gs=\n"
        + "\u{2014} witness.example/w1 IDJKvgAAAABpVbkAkGV78xa64z+byB4nJezgAP6DTNOEggyZtMVNYXS4KcVVPCnMa/l2Cw+oZ1zJMpElKzATZ6M/ohuiryvwKBS8BA==\n"

    /// The base64 signature of the spec example, and its whole signature line.
    static let goodPayload = "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"
    static let goodLine = "\u{2014} example.com/foo " + goodPayload

    /// An arbitrary 32-byte root hash and its base64.
    static let root: [UInt8] = (0..<32).map { UInt8($0 * 7 % 256) }
    static let rootText = NoteEncoding.base64(root)
    /// SHA-256 of the empty string: the root of the empty tree.
    static let emptyRootText = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
}

/// Runs ../shared/tools/tlog-oracle/oracle.py, the independent (PyPI aics-tlog) verifier.
enum TlogOracle {
    /// `STRAIT_ORACLE_PYTHON`, else the virtual environment `.ci/run` creates (`.build-oracle-venv` in the package).
    static let python: String? = {
        if let path = ProcessInfo.processInfo.environment["STRAIT_ORACLE_PYTHON"], !path.isEmpty { return path }
        // Not standardized: that would resolve the venv's `python` link to the base interpreter.
        let fallback = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path + "/.build-oracle-venv/bin/python"
        return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
    }()

    /// ../../../shared/tools/tlog-oracle/oracle.py relative to this file's folder.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/tools/tlog-oracle/oracle.py").standardizedFileURL.path

    static var available: Bool {
        guard let python else { return false }
        return FileManager.default.isExecutableFile(atPath: python) && FileManager.default.fileExists(atPath: script)
    }

    /// Writes `note` to a temporary file, runs `oracle.py <command> <file> <arguments>` and returns the
    /// exit status and the JSON verdict printed on stdout.
    static func run(_ command: String, note: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strait-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("note.txt")
        try Data(note.utf8).write(to: file)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python ?? "/usr/bin/false")
        process.arguments = [script, command, file.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

@Suite("C2SP signed notes, checkpoints and cosignatures")
struct SignedNoteTests {
    static let root = NoteVectors.root

    static func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as NoteError {
            return error.code
        } catch {
            return "unexpected \(error)"
        }
    }

    // MARK: Signing, parsing, verifying

    @Test("sign, serialize, parse and verify round trip")
    func roundTrip() throws {
        let signer = try NoteSigner.generate(name: "ledger.example.com/audit/v1")
        let body = "hello\n\nsecond paragraph, blank line above\n"
        let note = SignedNote(body: body, signatures: [try signer.sign(body: body)])
        #expect(note.text.hasPrefix(body + "\n\u{2014} ledger.example.com/audit/v1 "))
        #expect(note.text.hasSuffix("\n"))

        let parsed = try SignedNote.parse(note.text)
        #expect(parsed == note)
        #expect(parsed.text == note.text)
        #expect(parsed.signatures[0].keyID == signer.keyID)
        #expect(parsed.signatures[0].signature.count == 64)
        #expect(parsed.signatures[0].cosignatureTimestamp == nil)
        #expect(try parsed.verify(using: [signer.verifier]) == parsed.signatures)
        #expect(parsed.verifiedSignatures(by: [signer.verifier]) == parsed.signatures)
        #expect(signer.verifier.verify(body: body, signature: parsed.signatures[0]))
        #expect(try NoteSignature(line: parsed.signatures[0].line) == parsed.signatures[0])
    }

    @Test("a signer restored from its seed signs with the same key")
    func signerFromSeed() throws {
        let signer = try NoteSigner.generate(name: "a.example/log")
        let restored = try NoteSigner(name: "a.example/log", privateKeySeed: signer.seed)
        #expect(restored.verifier == signer.verifier)
        #expect(restored.keyID == signer.keyID)
        let signature = try restored.sign(body: "x\n")
        #expect(signer.verifier.verify(body: "x\n", signature: signature))
        #expect(!String(describing: signer).contains(NoteEncoding.base64(signer.seed)))
        #expect(String(describing: signer).contains(signer.verifier.vkey))
    }

    @Test("signing refuses invalid bodies, names and seeds")
    func signingPreconditions() throws {
        let signer = try NoteSigner.generate(name: "a.example/log")
        #expect(Self.code { _ = try signer.sign(body: "") } == "malformed_note")
        #expect(Self.code { _ = try signer.sign(body: "no newline") } == "malformed_note")
        #expect(Self.code { _ = try signer.sign(body: "tab\there\n") } == "malformed_note")
        #expect(Self.code { _ = try NoteSigner(name: "has space", privateKeySeed: signer.seed) } == "malformed_key")
        #expect(Self.code { _ = try NoteSigner(name: "has+plus", privateKeySeed: signer.seed) } == "malformed_key")
        #expect(Self.code { _ = try NoteSigner(name: "", privateKeySeed: signer.seed) } == "malformed_key")
        #expect(Self.code { _ = try NoteSigner(name: "ok", privateKeySeed: Array(signer.seed.prefix(31))) } == "malformed_key")
        #expect(Self.code { _ = try NoteSigner.generate(name: "nbsp\u{00A0}name") } == "malformed_key")
    }

    // MARK: Verifier keys

    @Test("vkey format: name+keyid+base64(type||key), key ID from SHA-256")
    func vkeyFormat() throws {
        let signer = try NoteSigner(name: "ledger.example/audit/v1", privateKeySeed: Array(UInt8(0)..<UInt8(32)))
        let vkey = signer.verifier.vkey
        let parts = vkey.split(separator: "+", maxSplits: 2).map(String.init)
        #expect(parts.count == 3)
        #expect(parts[0] == "ledger.example/audit/v1")
        #expect(parts[1] == NoteEncoding.hex(signer.keyID))
        #expect(parts[1].count == 8)
        let material = try #require(Data(base64Encoded: parts[2]).map(Array.init))
        #expect(material.count == 33)
        #expect(material[0] == 0x01)
        #expect(Array(material.dropFirst()) == signer.verifier.publicKey)
        #expect(try NoteVerifier(vkey: vkey) == signer.verifier)
        // Python `cryptography` derives the same public key and ID from the same seed.
        #expect(vkey == NoteVectors.referenceLogVKey)
        let witness = try CosignatureSigner(name: "witness.example/w1", privateKeySeed: Array(UInt8(32)..<UInt8(64)))
        #expect(witness.verifier.vkey == NoteVectors.referenceWitnessVKey)
        #expect(witness.verifier.type == 0x04)
    }

    @Test("published verifier keys parse and print back unchanged")
    func publishedVKeys() throws {
        for text in [NoteVectors.specVKey, NoteVectors.sumdbVKey, NoteVectors.referenceLogVKey, NoteVectors.referenceWitnessVKey] {
            let verifier = try NoteVerifier(vkey: text)
            #expect(verifier.vkey == text)
            #expect(verifier.publicKey.count == 32)
        }
        let spec = try NoteVerifier(vkey: NoteVectors.specVKey)
        #expect(spec.name == "example.com/foo")
        #expect(spec.keyID == [0x53, 0x0D, 0x90, 0x3A])
        #expect(spec.type == 0x01)
    }

    @Test(
        "malformed verifier keys are refused with malformed_key",
        arguments: [
            "",
            "example.com/foo",
            "example.com/foo+530d903a",
            "+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  // empty name
            "example com+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  // space in name
            "example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  // uppercase hex
            "example.com/foo+530d903+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  // 7 hex digits
            "example.com/foo+530d903a0+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  // 9 hex digits
            "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  // ID does not match
            "example.com/bar+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  // name does not match ID
            "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2",  // not canonical base64
            "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k=",  // trailing padding
            "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k\n",
            "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYc",  // short key
            "example.com/foo+530d903a+AgyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  // type 0x02
            "example.com/foo+530d903a+AQ==",  // type only
            NoteVectors.sumdbVKeyWrongTail,
        ]
    )
    func malformedVKeys(text: String) {
        #expect(Self.code { _ = try NoteVerifier(vkey: text) } == "malformed_key")
    }

    // MARK: Published notes

    @Test("the c2sp.org/signed-note example verifies, and its tampered variants do not")
    func specExample() throws {
        let verifier = try NoteVerifier(vkey: NoteVectors.specVKey)
        let note = try SignedNote.parse(NoteVectors.specNote)
        #expect(note.body == "This is an example message.\n")
        #expect(note.text == NoteVectors.specNote)
        #expect(try note.verify(using: [verifier]).map(\.name) == ["example.com/foo"])

        let altered = SignedNote(body: "This is an example message!\n", signatures: note.signatures)
        #expect(Self.code { _ = try altered.verify(using: [verifier]) } == "bad_signature")
        #expect(altered.verifiedSignatures(by: [verifier]).isEmpty)

        var flipped = note
        flipped.signatures[0].signature[10] ^= 0x01
        #expect(Self.code { _ = try flipped.verify(using: [verifier]) } == "bad_signature")
        let reparsed = try SignedNote.parse(flipped.text)
        #expect(Self.code { _ = try reparsed.verify(using: [verifier]) } == "bad_signature")
    }

    @Test("the sum.golang.org checkpoint verifies as a note; its spaced origin is not a checkpoint here")
    func sumdbCheckpoint() throws {
        let verifier = try NoteVerifier(vkey: NoteVectors.sumdbVKey)
        let note = try SignedNote.parse(NoteVectors.sumdbCheckpoint)
        #expect(note.text == NoteVectors.sumdbCheckpoint)
        #expect(try note.verify(using: [verifier]).count == 1)
        #expect(Self.code { _ = try Checkpoint.parse(body: note.body) } == "malformed_checkpoint")
        #expect(!Checkpoint.isValidOrigin("go.sum database tree"))

        let tampered = try SignedNote.parse(NoteVectors.sumdbCheckpoint.replacingOccurrences(of: "6476701", with: "6476702"))
        #expect(Self.code { _ = try tampered.verify(using: [verifier]) } == "bad_signature")
    }

    @Test("a checkpoint cosigned by Python's cryptography verifies here")
    func referenceCheckpoint() throws {
        let log = try NoteVerifier(vkey: NoteVectors.referenceLogVKey)
        let witness = try NoteVerifier(vkey: NoteVectors.referenceWitnessVKey)
        let note = try SignedNote.parse(NoteVectors.referenceCheckpoint)
        #expect(try note.verify(using: [log, witness]).map(\.name) == ["ledger.example/audit/v1", "witness.example/w1"])
        #expect(note.signatures[1].cosignatureTimestamp == 1_767_225_600)
        let checkpoint = try Checkpoint.parse(body: note.body)
        #expect(checkpoint.origin == "ledger.example/audit/v1")
        #expect(checkpoint.size == 1000)
        #expect(checkpoint.body == note.body)
        // The log key does not verify the witness line and vice versa: the type is part of the key ID.
        #expect(!log.verify(body: note.body, signature: note.signatures[1]))
        #expect(!witness.verify(body: note.body, signature: note.signatures[0]))
    }

    // MARK: Strict parsing

    @Test(
        "malformed notes are refused with malformed_note",
        arguments: [
            "",
            "text\n",
            "text\n\n",  // no signature line
            "text\n" + NoteVectors.goodLine,  // no blank line
            "text\n\n" + NoteVectors.goodLine + "\n",  // trailing blank line: no signature after it
            "text\n\n" + NoteVectors.goodLine.dropLast(),  // last line without newline
            "text\n\n- example.com/foo " + NoteVectors.goodPayload,  // hyphen instead of em dash
            "text\n\n\u{2013} example.com/foo " + NoteVectors.goodPayload,  // en dash
            "text\n\n\u{2014}example.com/foo " + NoteVectors.goodPayload,  // no space after the dash
            "text\n\n\u{2014}  " + NoteVectors.goodPayload,  // empty name
            "text\n\n\u{2014} example.com/foo  " + NoteVectors.goodPayload,  // two spaces
            "text\n\n\u{2014} example.com/foo\n",  // no signature
            "text\n\n\u{2014} example.com/foo \n",  // empty signature
            "text\n\n\u{2014} a+b " + NoteVectors.goodPayload,  // '+' in name
            "text\n\n\u{2014} a\u{00A0}b " + NoteVectors.goodPayload,  // Unicode space in name
            "text\n\n\u{2014} example.com/foo Uw2QOkn8!\n",  // not base64
            "text\n\n\u{2014} example.com/foo Uw2QOg==\n",  // only a key ID
            "text\n\n\u{2014} example.com/foo Uw2QOkn\n",  // missing padding
            "text\n\n\u{2014} example.com/foo Uw2QOkn=\n",  // non-zero unused bits (not canonical)
            "text\n\n\u{2014} example.com/foo Uw2Q Okn8\n",  // space inside the base64
            "te\u{7}xt\n\n" + NoteVectors.goodLine,  // control character in text
            "text\r\n\n" + NoteVectors.goodLine,  // carriage return
            "text\n\n" + NoteVectors.goodLine + "garbage\n",  // a line that is not a signature
            "text\n\n" + String(repeating: NoteVectors.goodLine, count: 101),  // too many signatures
        ]
    )
    func malformedNotes(text: String) {
        #expect(Self.code { _ = try SignedNote.parse(text) } == "malformed_note")
    }

    @Test("limits and tolerated shapes")
    func tolerated() throws {
        // A short payload by an unknown algorithm is kept.
        let odd = try SignedNote.parse("text\n\n\u{2014} example.com/foo Uw2QOkn8srV1\n")
        #expect(odd.signatures[0].signature.count == 5)
        // 100 signatures are accepted.
        let hundred = try SignedNote.parse("text\n\n" + String(repeating: NoteVectors.goodLine, count: 100))
        #expect(hundred.signatures.count == 100)
        // The text may contain blank lines; the last blank line separates it from the signatures.
        let blank = try SignedNote.parse("a\n\nb\n\n" + NoteVectors.goodLine)
        #expect(blank.body == "a\n\nb\n")
        // Non-ASCII text is fine.
        let signer = try NoteSigner.generate(name: "quasimodo.example/salvatore")
        let body = "ed è subito sera — 夕方\n"
        let note = try SignedNote.parse(SignedNote(body: body, signatures: [try signer.sign(body: body)]).text)
        #expect(try note.verify(using: [signer.verifier]).count == 1)
    }

    // MARK: Verification rules

    @Test("unknown signatures are kept but do not count; a note needs one known signature")
    func unknownSignatures() throws {
        let a = try NoteSigner.generate(name: "a.example/log")
        let b = try NoteSigner.generate(name: "b.example/log")
        let c = try NoteSigner.generate(name: "c.example/log")
        let sameNameOtherKey = try NoteSigner.generate(name: "a.example/log")
        let body = "payload\n"
        let note = try SignedNote.parse(
            SignedNote(body: body, signatures: [try b.sign(body: body), try a.sign(body: body)]).text
        )
        #expect(note.signatures.count == 2)
        #expect(try note.verify(using: [a.verifier]).map(\.name) == ["a.example/log"])
        #expect(try note.verify(using: [a.verifier, b.verifier]).count == 2)
        #expect(Self.code { _ = try note.verify(using: [c.verifier]) } == "unknown_key")
        #expect(Self.code { _ = try note.verify(using: []) } == "unknown_key")
        // Same name, different key ID: still unknown, not a bad signature.
        #expect(Self.code { _ = try note.verify(using: [sameNameOtherKey.verifier]) } == "unknown_key")
    }

    @Test("a bad signature by a known key fails the note even when another known key verifies")
    func badKnownSignature() throws {
        let a = try NoteSigner.generate(name: "a.example/log")
        let b = try NoteSigner.generate(name: "b.example/log")
        let body = "payload\n"
        var bad = try b.sign(body: body)
        bad.signature[0] ^= 0x80
        let note = SignedNote(body: body, signatures: [try a.sign(body: body), bad])
        #expect(Self.code { _ = try note.verify(using: [a.verifier, b.verifier]) } == "bad_signature")
        #expect(note.verifiedSignatures(by: [a.verifier, b.verifier]).map(\.name) == ["a.example/log"])
        // Without b's key the bad line is just an unknown signature.
        #expect(try note.verify(using: [a.verifier]).count == 1)
        // A signature by b over a different body is also bad.
        let moved = SignedNote(body: body, signatures: [try b.sign(body: "other\n")])
        #expect(Self.code { _ = try moved.verify(using: [b.verifier]) } == "bad_signature")
    }

    @Test("a key that signs twice counts once and fails strict verification")
    func duplicateSignatures() throws {
        let a = try NoteSigner.generate(name: "a.example/log")
        let body = "payload\n"
        let signature = try a.sign(body: body)
        let note = SignedNote(body: body, signatures: [signature, signature])
        #expect(note.verifiedSignatures(by: [a.verifier]).count == 1)
        #expect(Self.code { _ = try note.verify(using: [a.verifier]) } == "malformed_note")
    }

    // MARK: Cosignatures

    @Test("cosignature/v1 round trip")
    func cosignatureRoundTrip() throws {
        let log = try NoteSigner.generate(name: "ledger.example.com/audit/v1")
        let witness = try CosignatureSigner.generate(name: "witness.example.com/w1")
        let checkpoint = Checkpoint(origin: "ledger.example.com/audit/v1", size: 42, rootHash: Self.root)
        let timestamp: UInt64 = 1_767_225_600
        let cosignature = try witness.cosign(checkpointBody: checkpoint.body, timestamp: timestamp)
        #expect(cosignature.keyID == witness.keyID)
        #expect(cosignature.signature.count == 72)
        #expect(cosignature.cosignatureTimestamp == timestamp)
        #expect(Array(cosignature.signature.prefix(8)) == [0, 0, 0, 0, 0x69, 0x55, 0xB9, 0x00])
        #expect(witness.verifier.type == NoteVerifier.cosignatureV1Type)
        #expect(witness.verifier.vkey.hasPrefix("witness.example.com/w1+\(NoteEncoding.hex(witness.keyID))+B"))
        #expect(try NoteVerifier(vkey: witness.verifier.vkey) == witness.verifier)
        #expect(witness.keyID == NoteEncoding.keyID(name: witness.name, type: 0x04, publicKey: witness.verifier.publicKey))
        #expect(witness.keyID != NoteEncoding.keyID(name: witness.name, type: 0x01, publicKey: witness.verifier.publicKey))

        let note = try SignedNote.parse(
            SignedNote(body: checkpoint.body, signatures: [try log.sign(body: checkpoint.body), cosignature]).text
        )
        #expect(try note.verify(using: [log.verifier, witness.verifier]).count == 2)
        #expect(try note.verify(using: [witness.verifier]).map(\.name) == ["witness.example.com/w1"])

        // The timestamp is signed.
        var retimed = cosignature
        retimed.signature[7] ^= 0x01
        #expect(!witness.verifier.verify(body: checkpoint.body, signature: retimed))
        // The checkpoint is signed.
        let other = Checkpoint(origin: checkpoint.origin, size: 43, rootHash: Self.root)
        #expect(!witness.verifier.verify(body: other.body, signature: cosignature))
        // A type 0x01 key with the same public key does not accept a cosignature.
        let asNoteKey = try NoteVerifier(name: witness.name, type: 0x01, publicKey: witness.verifier.publicKey)
        #expect(!asNoteKey.verify(body: checkpoint.body, signature: cosignature))
        // Timestamps beyond 2^63 - 1 are refused.
        #expect(Self.code { _ = try witness.cosign(checkpointBody: checkpoint.body, timestamp: UInt64(Int64.max) + 1) } == "malformed_checkpoint")
        #expect(Self.code { _ = try witness.cosign(checkpointBody: "not a checkpoint\n", timestamp: 1) } == "malformed_checkpoint")
        #expect(!String(describing: witness).contains(NoteEncoding.base64(witness.seed)))
    }

    // MARK: Checkpoints

    @Test("checkpoint body format and parse round trip")
    func checkpointRoundTrip() throws {
        let checkpoint = Checkpoint(origin: "ledger.example.com/audit/v1", size: 1_234_567, rootHash: Self.root)
        #expect(checkpoint.body == "ledger.example.com/audit/v1\n1234567\n\(NoteEncoding.base64(Self.root))\n")
        #expect(try Checkpoint.parse(body: checkpoint.body) == checkpoint)

        let extended = Checkpoint(origin: "o.example/x", size: 0, rootHash: Array(Data(base64Encoded: NoteVectors.emptyRootText)!), extensions: ["ext one", "ext-2"])
        #expect(extended.body.hasPrefix("o.example/x\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"))
        #expect(extended.body.hasSuffix("\next one\next-2\n"))
        #expect(try Checkpoint.parse(body: extended.body) == extended)

        let maximum = Checkpoint(origin: "o", size: .max, rootHash: Self.root)
        #expect(try Checkpoint.parse(body: maximum.body).size == UInt64.max)
    }

    @Test(
        "bad checkpoint bodies are refused with malformed_checkpoint",
        arguments: [
            "",
            "o.example/x\n",
            "o.example/x\n5\n",  // missing root
            "o.example/x\n5\n\(NoteVectors.rootText)",  // no final newline
            "log with spaces\n5\n\(NoteVectors.rootText)\n",
            "\n5\n\(NoteVectors.rootText)\n",  // empty origin
            "o\u{3000}x\n5\n\(NoteVectors.rootText)\n",  // ideographic space
            "o.example/x\n05\n\(NoteVectors.rootText)\n",  // leading zero
            "o.example/x\n00\n\(NoteVectors.rootText)\n",
            "o.example/x\n+5\n\(NoteVectors.rootText)\n",
            "o.example/x\n-1\n\(NoteVectors.rootText)\n",
            "o.example/x\n 5\n\(NoteVectors.rootText)\n",
            "o.example/x\n\n\(NoteVectors.rootText)\n",  // empty size
            "o.example/x\n5a\n\(NoteVectors.rootText)\n",
            "o.example/x\n18446744073709551616\n\(NoteVectors.rootText)\n",  // UInt64.max + 1
            "o.example/x\n٥\n\(NoteVectors.rootText)\n",  // Arabic-Indic digit
            "o.example/x\n5\n\(NoteEncoding.base64(Array(NoteVectors.root.prefix(31))))\n",  // 31-byte root
            "o.example/x\n5\n\(NoteEncoding.base64(NoteVectors.root + [0]))\n",  // 33-byte root
            "o.example/x\n5\n\(String(NoteVectors.rootText.dropLast()))\n",  // no padding
            "o.example/x\n5\n\(NoteVectors.rootText) \n",
            "o.example/x\n5\n\n",  // empty root
            "o.example/x\n5\n\(NoteVectors.rootText)\n\n",  // empty extension line
            "o.example/x\n5\n\(NoteVectors.rootText)\next\n\nmore\n",
            "o.example/x\n5\n\(NoteVectors.rootText)\nbad\u{1}ext\n",
        ]
    )
    func badCheckpoints(body: String) {
        #expect(Self.code { _ = try Checkpoint.parse(body: body) } == "malformed_checkpoint")
    }

    @Test("checkpoint values are validated")
    func checkpointValidate() throws {
        try Checkpoint(origin: "o", size: 1, rootHash: Self.root).validate()
        #expect(Self.code { try Checkpoint(origin: "has space", size: 1, rootHash: Self.root).validate() } == "malformed_checkpoint")
        #expect(Self.code { try Checkpoint(origin: "a+b", size: 1, rootHash: Self.root).validate() } == "malformed_checkpoint")
        #expect(Self.code { try Checkpoint(origin: "", size: 1, rootHash: Self.root).validate() } == "malformed_checkpoint")
        #expect(Self.code { try Checkpoint(origin: "o", size: 1, rootHash: [1, 2, 3]).validate() } == "malformed_checkpoint")
        #expect(Self.code { try Checkpoint(origin: "o", size: 1, rootHash: Self.root, extensions: [""]).validate() } == "malformed_checkpoint")
        #expect(Self.code { try Checkpoint(origin: "o", size: 1, rootHash: Self.root, extensions: ["a\nb"]).validate() } == "malformed_checkpoint")
        #expect(Checkpoint.isValidOrigin("ledger.example.com/audit/v1"))
        #expect(!Checkpoint.isValidOrigin("tab\there"))
        #expect(!Checkpoint.isValidOrigin("a+b"))
        #expect(NoteError(code: "bad_signature", message: "x").description == "bad_signature: x")
    }

    // MARK: External oracle

    // Skipped (with this message) when the oracle or its Python is missing; set it up with
    // python3.12 -m venv .build-oracle-venv &&
    // .build-oracle-venv/bin/pip install -r ../shared/tools/tlog-oracle/requirements.txt   (what .ci/run does)
    @Test(
        "an independent verifier (tlog-oracle, aics-tlog) accepts our checkpoints and refuses tampered ones",
        .enabled(
            if: TlogOracle.available,
            "tlog-oracle not available: set STRAIT_ORACLE_PYTHON or create .build-oracle-venv (see .ci/run), and check ../shared/tools/tlog-oracle/oracle.py"
        )
    )
    func externalOracle() throws {
        let origin = "ledger.example.com/audit/v1"
        let log = try NoteSigner.generate(name: origin)
        let w1 = try CosignatureSigner.generate(name: "witness.example.com/w1")
        let w2 = try CosignatureSigner.generate(name: "witness.example.org/w2")
        let checkpoint = Checkpoint(origin: origin, size: 10, rootHash: Self.root)
        let now = UInt64(Date().timeIntervalSince1970)
        let note = SignedNote(body: checkpoint.body, signatures: [
            try log.sign(body: checkpoint.body),
            try w1.cosign(checkpointBody: checkpoint.body, timestamp: now),
            try w2.cosign(checkpointBody: checkpoint.body, timestamp: now),
        ])
        #expect(try note.verify(using: [log.verifier, w1.verifier, w2.verifier]).count == 3)

        let checkpointArguments = [
            "--log-vkey", log.verifier.vkey,
            "--witness-vkey", w1.verifier.vkey,
            "--witness-vkey", w2.verifier.vkey,
            "--quorum", "2",
            "--origin", origin,
        ]
        let accepted = try TlogOracle.run("checkpoint", note: note.text, checkpointArguments)
        #expect(accepted.status == 0, "oracle refused our checkpoint: \(accepted.output)")
        let acceptedNote = try TlogOracle.run("note", note: note.text, ["--vkey", log.verifier.vkey])
        #expect(acceptedNote.status == 0, "oracle refused our note: \(acceptedNote.output)")
        // Only one witness known: quorum 2 is not met.
        let oneWitness = try TlogOracle.run(
            "checkpoint", note: note.text,
            ["--log-vkey", log.verifier.vkey, "--witness-vkey", w1.verifier.vkey, "--quorum", "2"]
        )
        #expect(oneWitness.status == 1, "\(oneWitness.output)")

        // Changed root: the log signature no longer verifies.
        var otherRoot = checkpoint.rootHash
        otherRoot[0] ^= 0x01
        let changedBody = Checkpoint(origin: origin, size: checkpoint.size, rootHash: otherRoot).body
        let changedRoot = SignedNote(body: changedBody, signatures: note.signatures)
        #expect(Self.code { _ = try changedRoot.verify(using: [log.verifier]) } == "bad_signature")
        let rootVerdict = try TlogOracle.run("checkpoint", note: changedRoot.text, checkpointArguments)
        #expect(rootVerdict.status == 1, "\(rootVerdict.output)")
        let rootNoteVerdict = try TlogOracle.run("note", note: changedRoot.text, ["--vkey", log.verifier.vkey])
        #expect(rootNoteVerdict.status == 1, "\(rootNoteVerdict.output)")

        // One changed byte in the log signature.
        var changedSignature = note
        changedSignature.signatures[0].signature[20] ^= 0x04
        #expect(Self.code { _ = try changedSignature.verify(using: [log.verifier]) } == "bad_signature")
        let signatureVerdict = try TlogOracle.run("checkpoint", note: changedSignature.text, checkpointArguments)
        #expect(signatureVerdict.status == 1, "\(signatureVerdict.output)")
        let signatureNoteVerdict = try TlogOracle.run("note", note: changedSignature.text, ["--vkey", log.verifier.vkey])
        #expect(signatureNoteVerdict.status == 1, "\(signatureNoteVerdict.output)")

        // One changed byte in a cosignature (its signature part, not the timestamp).
        var changedCosignature = note
        changedCosignature.signatures[2].signature[30] ^= 0x10
        #expect(Self.code { _ = try changedCosignature.verify(using: [log.verifier, w1.verifier, w2.verifier]) } == "bad_signature")
        let cosignatureVerdict = try TlogOracle.run("checkpoint", note: changedCosignature.text, checkpointArguments)
        #expect(cosignatureVerdict.status == 1, "\(cosignatureVerdict.output)")
    }
}

// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Testing

/// `../shared/data/sanctions` beside the repository.
private let sanctions = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../../shared/data/sanctions").standardizedFileURL.path

@Suite("strait lists")
struct ListsCommandTests {
    @Test(
        "import: the 2019 then the 2021 OFAC SDN list — counts, what changed, one ledger entry each, the same content once; a wrong format exits 1",
        .enabled(if: FileManager.default.fileExists(atPath: sanctions + "/sdn.csv"), "../shared/data/sanctions is not present")
    )
    func importLists() async throws {
        // The CLI runs for seconds in a debug build: wait for it on a thread of its own, not the pool's.
        func runStrait(_ arguments: [String]) async throws -> (status: Int32, out: String, err: String) {
            try await withCheckedThrowingContinuation { continuation in
                Thread {
                    do { continuation.resume(returning: try StraitAppTests.runStrait(arguments)) } catch { continuation.resume(throwing: error) }
                }.start()
            }
        }
        let data = NSTemporaryDirectory() + "strait-lists-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: data) }
        let first = try await runStrait(["lists", "import", "--data", data, "--format", "ofac-sdn", sanctions + "/sdn.csv"])
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("7379 entities") && first.out.contains("first import of ofac-sdn") && first.out.contains("stored; ledger entry 0"), "\(first.out)")
        let second = try await runStrait(["lists", "import", "--data", data, "--format", "ofac-sdn", sanctions + "/ofac-2021"])
        #expect(second.status == 0, "\(second.err)")
        #expect(second.out.contains("8976 entities") && second.out.contains("+1858 −261 ~363"), "\(second.out)")
        let again = try await runStrait(["lists", "import", "--data", data, "--format", "ofac-sdn", sanctions + "/ofac-2021"])
        #expect(again.out.contains("unchanged"), "\(again.out)")
        let dry = try await runStrait(["lists", "import", "--data", data, "--format", "un", "--dry-run", sanctions + "/UN_consolidated.xml"])
        #expect(dry.status == 0 && dry.out.contains("1003 entities") && dry.out.contains("dry run"), "\(dry.out)\(dry.err)")
        let wrong = try await runStrait(["lists", "import", "--data", data, "--format", "un", sanctions + "/sdn.csv"])
        #expect(wrong.status == 1 && wrong.err.contains("list.malformed_xml"), "\(wrong.err)")
        let badFormat = try await runStrait(["lists", "import", "--data", data, "--format", "xls", sanctions + "/sdn.csv"])
        #expect(badFormat.status == 1 && badFormat.err.contains("--format"))
        let shown = try await runStrait(["lists", "show", "--data", data])
        #expect(shown.out.split(separator: "\n").count == 2, "\(shown.out)")
        let verify = try await runStrait(["ledger", "verify", "--data", data])
        #expect(verify.status == 0 && verify.out.hasPrefix("OK: 2 entries verified"), "\(verify.out)")
    }
}

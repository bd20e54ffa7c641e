// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation
import Testing

@Suite("strait catalogue")
struct CatalogueCommandTests {
    @Test("check prints the shipped catalogue, lays an organisation's file over it and names what it changes; bad files exit 1")
    func check() throws {
        let directory = NSTemporaryDirectory() + "strait-catalogue-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let shipped = try runStrait(["catalogue", "check"])
        #expect(shipped.status == 0)
        #expect(shipped.out.hasPrefix("catalogue 2026.11.1"), "\(shipped.out)")

        let overlay = directory + "/acme.json"
        try #"""
            {"version":"acme.1","published":"2026-11-28","jurisdictions":[],"rules":[
             {"id":"eu.adequacy.gb","from":"EU","to":["GB"],"outcome":"require_mechanism","mechanisms":["scc-2021/914"],
              "summary":"Withdrawn (example).","source":"example","effective":"2026-11-28"}]}
            """#.write(toFile: overlay, atomically: true, encoding: .utf8)
        let merged = try runStrait(["catalogue", "check", overlay])
        #expect(merged.status == 0, "\(merged.err)")
        #expect(merged.out.contains("~ eu.adequacy.gb: outcome"), "\(merged.out)")
        #expect(merged.out.contains("(allow → require_mechanism)"))

        let bad = directory + "/bad.json"
        try #"{"version":"x","published":"2026-01-01","jurisdictions":[],"rules":[{"id":"r","from":"EU","to":["ZZ"],"outcome":"allow","summary":"s","source":"x","effective":"2026-01-01"}]}"#
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try runStrait(["catalogue", "check", bad])
        #expect(refused.status == 1)
        #expect(refused.err.contains("ZZ is neither a jurisdiction nor an ISO 3166-1 country"), "\(refused.err)")
        #expect(try runStrait(["catalogue", "diff", bad, directory + "/missing.json"]).status != 0)
    }
}

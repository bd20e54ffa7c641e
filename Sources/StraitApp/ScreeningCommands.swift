// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Foundation
public import Screening
public import StraitCore
public import StraitStore

/// `strait lists …`: importing sanctions and PEP lists into the configured store.
public enum ScreeningCommands {
    /// The list formats `strait lists import` reads.
    public enum Format: String, CaseIterable, Sendable {
        case ofacSDN = "ofac-sdn"
        /// OFAC's advanced XML (`SDN_ADVANCED.XML`); `ofac-sdn` given an `.xml` file reads it too.
        case ofacXML = "ofac-xml"
        case un
        case eu
        case csv
        case json
    }

    /// What an import did.
    public struct ImportOutcome: Sendable {
        public var list: ScreeningList
        public var report: ListImportReport
        /// Against the newest stored version of the same source (`nil`: the first import).
        public var diff: ListDiff?
        public var previousVersion: String?
        public var stored: StoredScreeningList?
        /// The same content was stored before (nothing written).
        public var unchanged: Bool
    }

    /// Reads a list (a directory with `sdn.csv`/`alt.csv`/`add.csv` for OFAC, else one file), compares
    /// it with the newest stored version of its source, and stores it with its ledger entry unless
    /// `dryRun`.
    public static func importList(
        config: StraitConfiguration, format: Format, path: String, name: String?, dryRun: Bool, actor: String = "cli", now: Timestamp
    ) async throws -> ImportOutcome {
        let imported = try parse(format: format, path: path, name: name)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let entities = try encoder.encode(imported.list.entities)
        return try await LedgerCommands.withStore(config: config, migrate: true) { store in
            var diff: ListDiff?
            var previousVersion: String?
            if let (previous, data) = try await store.latestScreeningList(source: imported.list.source) {
                let old = try JSONDecoder().decode([ListEntity].self, from: data)
                diff = ListDiff.diff(ScreeningList(source: previous.source, version: previous.version, entities: old), imported.list)
                previousVersion = previous.version
            }
            var outcome = ImportOutcome(list: imported.list, report: imported.report, diff: diff, previousVersion: previousVersion, stored: nil, unchanged: false)
            guard !dryRun else { return outcome }
            let version = StoredScreeningList(
                source: imported.list.source, version: imported.list.version, entities: entities, entityCount: imported.list.entities.count,
                importedAt: now.text, actor: actor
            )
            let (stored, existing) = try await store.storeScreeningList(version, entities: entities)
            outcome.stored = stored
            outcome.unchanged = existing
            return outcome
        }
    }

    /// Every stored list version, oldest first.
    public static func storedLists(config: StraitConfiguration) async throws -> [StoredScreeningList] {
        try await LedgerCommands.withStore(config: config) { store in try await store.screeningLists() }
    }

    static func parse(format: Format, path: String, name: String?) throws -> ListImport {
        let url = URL(fileURLWithPath: path)
        func data() throws -> Data {
            guard let data = FileManager.default.contents(atPath: path) else { throw ConfigurationError(key: "lists", reason: "\(path) cannot be read", source: "lists") }
            return data
        }
        switch format {
        case .ofacXML: return try ListImporter.ofacAdvanced(xml: try data())
        case .ofacSDN:
            if url.pathExtension.lowercased() == "xml" { return try ListImporter.ofacAdvanced(xml: try data()) }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return try ListImporter.ofacSDN(directory: url) }
            let directory = url.deletingLastPathComponent()
            let alt = FileManager.default.contents(atPath: directory.appendingPathComponent("alt.csv").path)
            let add = FileManager.default.contents(atPath: directory.appendingPathComponent("add.csv").path)
            return try ListImporter.ofacSDN(sdn: try data(), alt: alt, add: add)
        case .un: return try ListImporter.unConsolidated(xml: try data())
        case .eu: return try ListImporter.euConsolidated(xml: try data())
        case .csv: return try ListImporter.generic(csv: try data(), name: name ?? url.deletingPathExtension().lastPathComponent)
        case .json: return try ListImporter.generic(json: try data(), name: name ?? url.deletingPathExtension().lastPathComponent)
        }
    }
}

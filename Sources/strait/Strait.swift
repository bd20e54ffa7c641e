// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import ArgumentParser
import Foundation
import Logging
import StraitApp
import StraitCore
import Ledger
import Residency
import Screening
import StraitHTTP
import StraitStore

/// The `strait` command: a thin layer over StraitApp.
@main
struct Strait: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strait",
        abstract: "Strait: a compliance gateway for cross-border fintech.",
        subcommands: [Serve.self, Migrate.self, ConfigCommand.self, LedgerCommand.self, Trace.self, CatalogueCommand.self, MonitorCommand.self, ListsCommand.self, ScreenCommand.self, NodeCommand.self, Version.self],
        defaultSubcommand: nil
    )
}

/// Options shared by commands that read the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "Configuration file (YAML). Default: ./strait.yaml if it exists.")
    var file: String?

    @Option(help: "Data directory (overrides `data` and STRAIT_DATA).")
    var data: String?

    @Option(help: "Region name (overrides `region` and STRAIT_REGION).")
    var region: String?

    var flags: [String: String] {
        var flags: [String: String] = [:]
        if let data { flags["data"] = data }
        if let region { flags["region"] = region }
        return flags
    }

    func load(extra: [String: String] = [:]) throws -> StraitConfiguration {
        do {
            return try StraitConfiguration.load(
                file: file,
                environment: ProcessInfo.processInfo.environment,
                flags: flags.merging(extra) { _, new in new }
            )
        } catch let error as ConfigurationError {
            printError("invalid configuration: \(error)")
            throw ExitCode(2)
        }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("strait: \(message)\n".utf8))
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the gateway.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Address to listen on (overrides `server.host` and STRAIT_HOST).")
    var host: String?

    @Option(help: "Port to listen on (overrides `server.port` and STRAIT_PORT).")
    var port: String?

    @Option(name: .customLong("log-level"), help: "Log level (overrides `log.level` and STRAIT_LOG_LEVEL).")
    var logLevel: String?

    @Option(help: "Proxy every path that is not Strait's own to this URL, through the firewall (overrides `proxy.upstream`).")
    var upstream: String?

    func run() async throws {
        var extra: [String: String] = [:]
        if let upstream { extra["upstream"] = upstream }
        if let host { extra["host"] = host }
        if let port { extra["port"] = port }
        if let logLevel { extra["log-level"] = logLevel }
        let config = try options.load(extra: extra)
        let level = config.logLevel
        switch config.logFormat {
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = ECSLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardOutput(label: label)
                handler.logLevel = level
                return handler
            }
        }
        let logger = Logger(label: "strait")
        let node: StraitNode
        do {
            node = try await buildNode(config: config, logger: logger) { outcome in
                switch outcome {
                case .generated(let keyID, let secret):
                    FileHandle.standardError.write(
                        Data(
                            """

                            strait: no admin API key existed, so one was generated (\(keyID)).
                            strait: it is shown only now and Strait keeps only its hash; store it safely:

                                \(secret)


                            """.utf8
                        )
                    )
                    logger.notice("admin key generated", metadata: ["event.action": "key.bootstrap", "key.id": .string(keyID)])
                case .installedConfigured(let keyID):
                    logger.notice("bootstrap admin key installed", metadata: ["event.action": "key.bootstrap", "key.id": .string(keyID)])
                case .adminExists, .configuredAlreadyInstalled:
                    break
                }
            }
        } catch let error as ConfigurationError {
            printError("invalid configuration: \(error)")
            throw ExitCode(2)
        } catch {
            printError("cannot start: \(String(reflecting: error))")
            throw ExitCode(1)
        }
        logger.info(
            "strait starting",
            metadata: [
                "event.action": "strait.start", "service.version": .string(straitVersion), "strait.region": .string(config.region.rawValue),
                "strait.store": .string(StoreMigrations.describe(config: config)),
            ]
        )
        defer { ECSLogHandler.LineWriter.standardOutput.flush() }
        do {
            try await node.run()
        } catch {
            logger.error("server stopped with an error", metadata: ["error.message": "\(String(reflecting: error))"])
            throw ExitCode(1)
        }
        logger.info("strait stopped", metadata: ["event.action": "strait.stop"])
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending schema migrations to the store.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try options.load()
        do {
            let applied = try await StoreMigrations.migrate(config: config)
            let target = StoreMigrations.describe(config: config)
            if applied.isEmpty {
                print("store \(target) is up to date")
            } else {
                print("applied \(applied.count) migration(s) to \(target): \(applied.joined(separator: ", "))")
            }
        } catch {
            printError("migration failed: \(String(reflecting: error))")
            throw ExitCode(1)
        }
    }
}

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Inspect the configuration.",
        subcommands: [Check.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the configuration file and print the effective configuration (secrets redacted)."
        )

        @OptionGroup var options: ConfigOptions

        @Argument(help: "Configuration file to check (same as --config).")
        var path: String?

        func run() async throws {
            var options = options
            if let path { options.file = path }
            if let file = options.file, !FileManager.default.fileExists(atPath: file) {
                printError("invalid configuration: \(file): no such file")
                throw ExitCode(2)
            }
            let config = try options.load()
            print("# effective configuration (highest precedence: flags, then STRAIT_* environment, then file, then defaults)")
            print(config.describe())
            print("# configuration is valid")
        }
    }
}

struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Work with the audit log (an RFC 9162 Merkle log with signed checkpoints).",
        subcommands: [Verify.self, Proof.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the log from storage and check its tree, every checkpoint and every stored transaction.",
            discussion: "Exits 0 when the log is intact, 1 listing each damaged entry otherwise, 2 when the store cannot be read."
        )

        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let config = try options.load()
            guard LedgerCommands.storeExists(config: config) else {
                printError("no store at \(config.sqlitePath)")
                throw ExitCode(2)
            }
            let report: LedgerVerificationReport
            do {
                report = try await LedgerCommands.verify(config: config)
            } catch {
                printError("cannot read the store: \(String(reflecting: error))")
                throw ExitCode(2)
            }
            if !report.isValid {
                print("FAILED: the audit log is not intact: \(report.violationCount) problem(s)")
                for violation in report.violations {
                    print("entry \(violation.index): \(violation.kind.rawValue): \(violation.detail)")
                }
                if report.violationCount > report.violations.count {
                    print("… and \(report.violationCount - report.violations.count) more")
                }
                throw ExitCode(1)
            }
            print(
                "OK: \(report.verifiedEntries) entries verified, \(report.verifiedCheckpoints) checkpoints verified, "
                    + "\(report.verifiedTransactions) transactions match their entries (\(report.erasedTransactions) erased)"
            )
            print("root: \(report.rootHash)")
        }
    }

    struct Proof: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an offline evidence bundle for one entry (C2SP tlog-proof).",
            discussion: """
                The bundle holds the entry's leaf bytes (extra), its inclusion proof and the signed checkpoint with \
                its cosignatures. Verify it with the log's public key, printed on stderr.
                """
        )

        @OptionGroup var options: ConfigOptions
        @Argument(help: "The entry's index.") var index: UInt64
        @Option(help: "Prove against the checkpoint of this tree size (default: the latest).") var treeSize: UInt64?
        @Option(name: .shortAndLong, help: "Write the bundle to this file (default: standard output).") var out: String?

        func run() async throws {
            let config = try options.load()
            guard LedgerCommands.storeExists(config: config) else {
                printError("no store at \(config.sqlitePath)")
                throw ExitCode(2)
            }
            let result: (bundle: String, vkey: String?)
            do {
                result = try await LedgerCommands.proofBundle(config: config, index: index, treeSize: treeSize)
            } catch let error as LedgerQueryError {
                printError(error.message)
                throw ExitCode(1)
            } catch {
                printError("cannot read the store: \(String(reflecting: error))")
                throw ExitCode(2)
            }
            if let out {
                do {
                    try result.bundle.write(toFile: out, atomically: true, encoding: .utf8)
                } catch {
                    printError("cannot write \(out): \(error.localizedDescription)")
                    throw ExitCode(2)
                }
            } else {
                print(result.bundle, terminator: "")
            }
            if let vkey = result.vkey { printError("log key: \(vkey)") }
        }
    }
}

struct Trace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow money through intermediate accounts from one payment (FIFO for mixed funds).",
        discussion: """
            Prints the graph (accounts, transfers, amounts attributed) and the checkpoint it was computed against, \
            as JSON, the same answer as GET /v1/trace. Only payments covered by the latest checkpoint take part.
            """
    )

    @OptionGroup var options: ConfigOptions
    @Option(help: "The payment to start from.") var transaction: String
    @Option(help: "forward (where the money went) or backward (where it came from).") var direction: String = "forward"
    @Option(help: "The deepest hop (1–10); the start payment is hop 1.") var maxHops: Int = TraceQuery.defaultMaxHops
    @Option(help: "How far in time the trace reaches, e.g. 24h or 30d.") var within: String = "30d"
    @Option(help: "Prune transfers carrying less than this many minor units of traced money.") var minAmount: Int64 = 1
    @Option(help: "The most transfers in the answer.") var maxTransfers: Int = TraceQuery.defaultMaxTransfers

    func run() async throws {
        let config = try options.load()
        guard LedgerCommands.storeExists(config: config) else {
            printError("no store at \(config.sqlitePath)")
            throw ExitCode(2)
        }
        guard let direction = TraceDirection(rawValue: direction) else {
            printError("--direction must be forward or backward")
            throw ExitCode(2)
        }
        guard let withinMillis = FundFlowService.parseDuration(within) else {
            printError("--within must be a duration such as 90m, 24h or 30d")
            throw ExitCode(2)
        }
        let query: TraceQuery
        do {
            query = try TraceQuery(
                transactionID: transaction, direction: direction, maxHops: maxHops, withinMillis: withinMillis, minAmountMinor: minAmount,
                maxTransfers: maxTransfers
            )
        } catch {
            printError(error.detail)
            throw ExitCode(2)
        }
        do {
            let answer = try await LedgerCommands.withStore(config: config) { store in
                try await TraceAnswer(FundFlowService.trace(query, store: store)).json(pretty: true)
            }
            print(answer)
        } catch let error as TraceError {
            printError(error.code == .notFound ? "no payment \(transaction) covered by the latest checkpoint (blocked payments are not traced)" : error.detail)
            throw ExitCode(1)
        } catch let error as LedgerQueryError {
            printError(error.message)
            throw ExitCode(1)
        } catch {
            printError("cannot read the store: \(String(reflecting: error))")
            throw ExitCode(2)
        }
    }
}

struct CatalogueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue",
        abstract: "Inspect the jurisdiction catalogue: check an organisation's file, compare versions, find compliance drift.",
        subcommands: [Check.self, Diff.self, Drift.self]
    )

    static func load(_ path: String, standalone: Bool) throws -> JurisdictionCatalogue {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("cannot read \(path)")
            throw ExitCode(2)
        }
        do {
            return try JurisdictionCatalogue.parse(Array(data), standalone: standalone)
        } catch {
            printError("\(path): \(error)")
            throw ExitCode(1)
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the shipped catalogue, or an organisation's file laid over it, and print what it changes."
        )
        @Argument(help: "An organisation's catalogue file (JSON) to lay over the shipped one.") var file: String?

        func run() async throws {
            let shipped = try JurisdictionCatalogue.bundled()
            guard let file else {
                print("catalogue \(shipped.version) (\(shipped.published)): \(shipped.jurisdictions.count) jurisdictions, \(shipped.rules.count) rules")
                return
            }
            let overlay = try CatalogueCommand.load(file, standalone: false)
            let merged: JurisdictionCatalogue
            do {
                merged = try shipped.merged(with: overlay)
            } catch {
                printError("\(file): \(error)")
                throw ExitCode(1)
            }
            print(merged.diff(from: shipped).lines.joined(separator: "\n"))
            print("valid: \(merged.rules.count) rules")
        }
    }

    struct Drift: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare a new catalogue with the one in force and list the region's transfers it would no longer allow (exit 1 if any)."
        )
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The new catalogue file (JSON).") var file: String
        @Flag(help: "The file is an organisation's overlay, laid over the catalogue in force.") var overlay = false

        func run() async throws {
            let config = try options.load()
            guard LedgerCommands.storeExists(config: config) else {
                printError("no store at \(config.sqlitePath); nothing to check")
                throw ExitCode(2)
            }
            let current: JurisdictionCatalogue
            do {
                current = try ResidencyCommands.catalogueInForce(config: config)
            } catch {
                printError("\(error)")
                throw ExitCode(2)
            }
            let loaded = try CatalogueCommand.load(file, standalone: !overlay)
            let next: JurisdictionCatalogue
            do {
                next = overlay ? try current.merged(with: loaded) : loaded
            } catch {
                printError("\(file): \(error)")
                throw ExitCode(1)
            }
            print("catalogue \(current.version) -> \(next.version)")
            for line in next.diff(from: current).lines { print(line) }
            let findings = try await ResidencyCommands.drift(config: config, under: next)
            for finding in findings {
                print(
                    "drift: \(finding.transferID) record \(finding.recordID ?? "-") \(finding.category) to \(finding.toRegion) (\(finding.toCountry)) "
                        + "went \(finding.was), now \(finding.now) [\(finding.rule ?? "no rule")]"
                )
            }
            print("\(Set(findings.map(\.transferID)).count) transfers drift (\(findings.count) categories)")
            if !findings.isEmpty { throw ExitCode(1) }
        }
    }

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What changed between two catalogue versions (+ added, - removed, ~ changed).")
        @Argument(help: "The older catalogue file.") var old: String
        @Argument(help: "The newer catalogue file.") var new: String

        func run() async throws {
            let before = try CatalogueCommand.load(old, standalone: true)
            let after = try CatalogueCommand.load(new, standalone: true)
            print(after.diff(from: before).lines.joined(separator: "\n"))
        }
    }
}

struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "This node's identity towards peer regions.",
        subcommands: [Key.self]
    )

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print this node's public key (base64) for the peers' `peers.<REGION>.public_key`; creates the key file if missing."
        )
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let config = try options.load()
            do {
                print(try nodePublicKey(config: config))
            } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
        }
    }
}

struct Version: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version.")

    func run() async throws {
        print("strait \(straitVersion)")
    }
}

struct ListsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lists",
        abstract: "Import sanctions and PEP lists into the store (versioned; each import in the ledger).",
        subcommands: [Import.self, Show.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a list, print what it holds and what changed since the stored version of its source, and store it.",
            discussion: """
                Formats: ofac-sdn (a directory with sdn.csv, alt.csv, add.csv, or sdn.csv with the others beside it, or the advanced \
                XML SDN_ADVANCED.XML), ofac-xml (the advanced XML), un (the UN \
                consolidated XML), eu (the EU consolidated financial sanctions XML), csv and json (generic layouts, see docs/screening.md). \
                Exits 0 on success, 1 when the file is not a list of that format, 2 when the store cannot be used. A running node puts \
                the new version in force within screening.reload_interval_s and screens every customer against it.
                """
        )

        @OptionGroup var options: ConfigOptions
        @Option(help: "ofac-sdn, ofac-xml, un, eu, csv or json.") var format: String
        @Option(help: "The list's name for csv and json (default: the file name).") var name: String?
        @Flag(help: "Print what would change without storing.") var dryRun = false
        @Argument(help: "The list's file (or the OFAC directory).") var path: String

        func run() async throws {
            guard let format = ScreeningCommands.Format(rawValue: format) else {
                printError("--format must be one of \(ScreeningCommands.Format.allCases.map(\.rawValue).joined(separator: ", "))")
                throw ExitCode(1)
            }
            let config = try options.load()
            let outcome: ScreeningCommands.ImportOutcome
            do {
                outcome = try await ScreeningCommands.importList(
                    config: config, format: format, path: path, name: name, dryRun: dryRun,
                    now: Timestamp(epochMilliseconds: Int64(Date().timeIntervalSince1970 * 1000))
                )
            } catch let error as ListImportError {
                printError("\(path): \(error)")
                throw ExitCode(1)
            } catch {
                printError("cannot import: \(String(reflecting: error))")
                throw ExitCode(2)
            }
            let report = outcome.report
            print("\(outcome.list.source) version \(outcome.list.version): \(outcome.list.entities.count) entities")
            let kinds = report.entitiesByKind.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ")
            print("  \(kinds); \(report.names) names (\(report.aliases) aliases, \(report.weakAliases) weak); \(report.birthDatesParsed) dates of birth (\(report.birthDatesUnparsed.count) unread); \(report.identifiers) identifiers")
            if !report.unresolvedCountries.isEmpty {
                print("  country names not resolved: \(report.unresolvedCountries.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", "))")
            }
            for skipped in report.skipped.prefix(20) { print("  skipped \(skipped.file):\(skipped.line): \(skipped.reason)") }
            if let diff = outcome.diff {
                print("changes since \(outcome.previousVersion ?? "the stored version"): \(diff.summary)")
            } else {
                print("first import of \(outcome.list.source)")
            }
            if dryRun {
                print("dry run: nothing stored")
            } else if outcome.unchanged {
                print("unchanged: this content is stored already (version \(outcome.stored?.version ?? "?"))")
            } else if let stored = outcome.stored {
                print("stored; ledger entry \(stored.auditIndex.map(String.init) ?? "?") (digest \(stored.digest))")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the stored list versions.")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let config = try options.load()
            guard LedgerCommands.storeExists(config: config) else {
                printError("no store at \(config.sqlitePath)")
                throw ExitCode(2)
            }
            for list in try await ScreeningCommands.storedLists(config: config) {
                print("\(list.source)\t\(list.version)\t\(list.entityCount) entities\timported \(list.importedAt) by \(list.actor)\tentry \(list.auditIndex.map(String.init) ?? "?")")
            }
        }
    }
}

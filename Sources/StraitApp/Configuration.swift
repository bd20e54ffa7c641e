// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Foundation
public import Ledger
public import Logging
public import Monitor
public import StraitCore
public import StraitStoreSQLite
public import StraitStorePostgres
public import Shield
import StraitHTTP
import Yams

/// A configuration problem: which key, and why.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key at fault (`server.port`), or empty for a file-level problem.
    public var key: String
    public var reason: String
    /// Where the bad value came from: a file path, an environment variable, a flag.
    public var source: String

    public init(key: String, reason: String, source: String) {
        self.key = key
        self.reason = reason
        self.source = source
    }

    public var description: String {
        key.isEmpty ? "\(source): \(reason)" : "\(source): \(key): \(reason)"
    }
}

/// A witness asked to cosign this log's checkpoints.
public struct WitnessEndpoint: Sendable, Hashable {
    /// The submission prefix (`…/witness`); requests go to `<url>/add-checkpoint`.
    public var url: URL
    public var key: NoteVerifier
}

/// A proxied route as configured (`proxy.route.<NAME>`, an entry of `proxy.routes`, or `proxy.upstream`).
public struct ProxyRouteSettings: Sendable, Hashable {
    public var name: String
    public var host: String?
    public var prefix: String
    public var upstreams: [URL]
    /// `block`, `detect` or `off`; nil: `shield.mode`.
    public var mode: String?
    /// nil: `shield.threshold`.
    public var threshold: Int?
    public var skipArguments: [String] = []
    public var disabledFamilies: [String] = []
    /// nil: no active health checks for this route.
    public var healthPath: String?
}

/// A peer node of another region, as configured under `peers.<REGION>`.
public struct PeerConfiguration: Sendable, Hashable {
    public var region: String
    public var url: URL
    /// Base64 of the peer's Ed25519 public key.
    public var publicKey: String
    public var jurisdiction: String
    public var country: String
    public var mechanisms: [String]
}

/// Where a configuration value came from.
public enum ConfigSource: Sendable, Hashable, CustomStringConvertible {
    case defaultValue
    case file(String)
    case environment(String)
    case flag(String)

    public var description: String {
        switch self {
        case .defaultValue: "default"
        case .file(let path): "file \(path)"
        case .environment(let name): "environment \(name)"
        case .flag(let name): "flag --\(name)"
        }
    }
}

/// Strait's effective configuration, read from `strait.yaml`, `STRAIT_…` variables and flags.
///
/// Precedence, highest first: command-line flags, environment variables, the file, defaults.
/// Every key is listed with its default in ``ConfigurationKey/all`` and docs/configuration.md.
///
/// ```swift
/// let config = try StraitConfiguration.load(file: "strait.yaml", environment: ProcessInfo.processInfo.environment, flags: ["port": "9090"])
/// ```
public struct StraitConfiguration: Sendable {
    public var region: RegionID
    public var dataDirectory: String
    public var host: String
    public var port: Int
    public var maxBodyBytes: Int
    public var storeKind: String
    /// The PostgreSQL settings when ``storeKind`` is `postgres`.
    public var postgres: PostgresStoreConfiguration?
    public var sqliteSynchronous: SQLiteStore.Synchronous
    public var sqliteBusyTimeoutMilliseconds: Int
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    /// The bootstrap admin key; never printed.
    public var bootstrapKey: String?
    public var keyCacheSeconds: Int
    /// The audit log's origin, e.g. `strait.local/eu/audit`.
    public var ledgerOrigin: String
    public var checkpointIntervalMilliseconds: Int
    /// Tiles the proof reader keeps in memory.
    public var tileCacheTiles: Int
    public var verifyLedgerOnStart: Bool
    /// This node's witness key name.
    public var witnessName: String
    /// Log keys this node witnesses.
    public var witnessedLogs: [NoteVerifier]
    /// Witnesses asked to cosign this log.
    public var witnesses: [WitnessEndpoint]
    public var reviewThresholdMajor: Int64
    public var reviewThresholdOverrides: [String: Int64]
    public var blockedCountries: [CountryCode]
    public var reviewCrossBorderSelfTransfers: Bool
    /// The catalogue jurisdiction this node is home to, if configured.
    public var jurisdiction: String?
    /// The country this node runs in, if configured.
    public var country: String?
    /// An organisation's catalogue overlay file.
    public var catalogueFile: String?
    public var tokenisePayments: Bool
    public var vaultMasterKeysFile: String?
    /// Inline master keys; never printed.
    public var vaultMasterKeys: String?
    public var vaultPurposes: [String]
    public var detokeniseRoles: [String]
    public var detokeniseRate: Int
    public var nodeKeyFile: String
    public var peers: [PeerConfiguration]
    /// Proxied routes, from `proxy.route.<NAME>`, `proxy.routes` and `proxy.upstream`.
    public var proxyRoutes: [ProxyRouteSettings]
    public var proxyTimeoutMilliseconds: Int
    public var proxyBodyTimeoutMilliseconds: Int
    public var proxyConnectTimeoutMilliseconds: Int
    public var healthIntervalMilliseconds: Int
    public var healthTimeoutMilliseconds: Int
    public var healthFailures: Int
    /// Seconds an idle client connection stays open.
    public var idleTimeoutSeconds: Int
    /// Transaction monitoring on the payment path, its scenario file and model.
    public var monitorEnabled: Bool
    public var monitorScenarios: String?
    public var monitorModel: String?
    /// IP-to-country files for logins without a country (`monitor.ip_countries`).
    public var monitorIPCountries: [String]
    /// Days of stored history learnt again at start (`monitor.history_days`; 0: none).
    public var monitorHistoryDays: Int
    /// How often an instance learns what the region's other instances stored (PostgreSQL).
    public var monitorFollowMilliseconds: Int
    /// How often the scenario file is checked for changes (0: never).
    public var monitorReloadSeconds: Int
    /// Customers, onboarding and name screening (`screening.enabled`).
    public var screeningEnabled: Bool
    /// The least score of a name match (`screening.threshold`).
    public var screeningThreshold: Double
    /// The youngest age at which a person is onboarded (`screening.minimum_age`).
    public var screeningMinimumAge: Int
    /// How often the store is checked for new list versions (`screening.reload_interval_s`; 0: only at start).
    public var screeningReloadSeconds: Int
    /// Re-screen every customer when new list versions are put in force (`screening.rescreen`).
    public var screeningRescreen: Bool
    /// Block payments whose payer is not an active customer (`screening.require_active_customer`).
    public var screeningRequireActiveCustomer: Bool
    public var trustedProxies: [String]
    public var shieldMode: String
    public var shieldThreshold: Int
    public var shieldMaxBodyBytes: Int
    public var shieldMaxArguments: Int
    public var shieldMaxDepth: Int
    public var shieldTracker: ClientTracker.Settings
    public var shieldAccountHeader: String
    public var shieldAllow: [String]
    public var shieldDeny: [String]
    public var shieldLedgerSamplesPerSecond: Int
    /// Each key's value as text and where it came from, for `strait config check`.
    public var provenance: [(key: String, value: String, source: ConfigSource)]

    /// Log output formats.
    public enum LogFormat: String, Sendable, CaseIterable {
        case json, text
    }

    /// The path of the SQLite database inside ``dataDirectory``.
    public var sqlitePath: String { (dataDirectory as NSString).appendingPathComponent("strait.sqlite") }

    /// Flag names accepted in `flags` and the key each sets.
    public static let flagKeys: [String: String] = [
        "host": "server.host", "port": "server.port", "data": "data", "region": "region", "log-level": "log.level", "upstream": "proxy.upstream",
    ]

    /// Reads the configuration.
    ///
    /// - Parameters:
    ///   - file: path of a YAML file, or `nil` for none (then `./strait.yaml` is read if it exists and `useDefaultFile`).
    ///   - environment: the process environment; only `STRAIT_…` variables listed in ``ConfigurationKey/all`` are read.
    ///   - flags: command-line overrides by flag name (see ``flagKeys``).
    /// - Throws: ``ConfigurationError`` naming the key and the reason.
    public static func load(
        file: String?, environment: [String: String], flags: [String: String] = [:], useDefaultFile: Bool = true
    ) throws -> StraitConfiguration {
        var values: [String: (Any, ConfigSource)] = [:]
        for key in ConfigurationKey.all where !key.path.contains("<") {
            if let value = key.defaultValue { values[key.path] = (value, .defaultValue) }
        }
        var filePath = file
        if filePath == nil, useDefaultFile, FileManager.default.fileExists(atPath: "strait.yaml") {
            filePath = "strait.yaml"
        }
        if let filePath {
            for (key, value) in try readFile(filePath) {
                values[key] = (value, .file(filePath))
            }
        }
        for key in ConfigurationKey.all {
            guard let name = key.environment, let value = environment[name], !value.isEmpty else { continue }
            values[key.path] = (value, .environment(name))
        }
        for (flag, value) in flags {
            guard let key = flagKeys[flag] else {
                throw ConfigurationError(key: flag, reason: "unknown flag", source: "command line")
            }
            values[key] = (value, .flag(flag))
        }
        return try StraitConfiguration(values: values)
    }

    /// Flattens a YAML file into dotted keys, rejecting unknown keys.
    static func readFile(_ path: String) throws -> [String: Any] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(key: "", reason: "cannot read the file (\(error.localizedDescription))", source: path)
        }
        let document: Any?
        do {
            document = try Yams.load(yaml: text)
        } catch {
            throw ConfigurationError(key: "", reason: "not valid YAML: \(error)", source: path)
        }
        guard let document else { return [:] }
        guard let root = document as? [String: Any] else {
            throw ConfigurationError(key: "", reason: "the top level must be a mapping of keys to values", source: path)
        }
        var flat: [String: Any] = [:]
        func walk(_ map: [String: Any], prefix: String) throws {
            for (name, value) in map {
                let key = prefix.isEmpty ? name : "\(prefix).\(name)"
                if let nested = value as? [String: Any] {
                    try walk(nested, prefix: key)
                } else {
                    guard ConfigurationKey.lookup(key) != nil else {
                        throw ConfigurationError(key: key, reason: "unknown key (see docs/configuration.md for the keys Strait reads)", source: path)
                    }
                    flat[key] = value
                }
            }
        }
        try walk(root, prefix: "")
        return flat
    }

    private init(values: [String: (Any, ConfigSource)]) throws {
        var provenance: [(String, String, ConfigSource)] = []
        func source(_ key: String) -> ConfigSource { values[key]?.1 ?? .defaultValue }
        func fail(_ key: String, _ reason: String) -> ConfigurationError {
            ConfigurationError(key: key, reason: reason, source: source(key).description)
        }
        func string(_ key: String) throws -> String? {
            guard let (value, _) = values[key] else { return nil }
            let text: String
            switch value {
            case let s as String: text = s
            case let i as Int: text = String(i)
            case let b as Bool: text = String(b)
            case let d as Double: text = String(d)
            default: throw fail(key, "must be a single value, not a list or mapping")
            }
            let isSecret = ConfigurationKey.lookup(key)?.isSecret ?? false
            provenance.append((key, isSecret ? "<redacted>" : text, source(key)))
            return text
        }
        func integer(_ key: String, _ range: ClosedRange<Int64>) throws -> Int64? {
            guard let text = try string(key) else { return nil }
            guard let value = Int64(text.trimmingCharacters(in: .whitespaces)) else {
                throw fail(key, "must be an integer (got \"\(text)\")")
            }
            guard range.contains(value) else { throw fail(key, "must be from \(range.lowerBound) to \(range.upperBound) (got \(value))") }
            return value
        }
        func boolean(_ key: String) throws -> Bool? {
            guard let text = try string(key) else { return nil }
            switch text.lowercased() {
            case "true", "yes", "on", "1": return true
            case "false", "no", "off", "0": return false
            default: throw fail(key, "must be true or false (got \"\(text)\")")
            }
        }
        func list(_ key: String) throws -> [String] {
            guard let (value, src) = values[key] else { return [] }
            let items: [String]
            switch value {
            case let array as [Any]:
                items = try array.map { item in
                    guard let text = item as? String else { throw fail(key, "must be a list of strings") }
                    return text
                }
            case let text as String:
                // From the environment: comma-separated; a default is written as YAML flow `[A, B]`.
                let trimmed = text.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                items = trimmed.isEmpty ? [] : trimmed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            default:
                throw fail(key, "must be a list of strings")
            }
            provenance.append((key, "[" + items.joined(separator: ", ") + "]", src))
            return items
        }

        guard let region = RegionID(rawValue: try string("region") ?? "local") else {
            throw fail("region", "must be 1–32 lower-case letters, digits or '-', starting with a letter")
        }
        self.region = region
        let data = try string("data") ?? "./.strait"
        guard !data.isEmpty else { throw fail("data", "must not be empty") }
        self.dataDirectory = data
        let host = try string("server.host") ?? "127.0.0.1"
        guard !host.isEmpty, !host.contains(" ") else { throw fail("server.host", "must be a host name or IP address") }
        self.host = host
        self.port = Int(try integer("server.port", 0...65_535) ?? 8080)
        self.maxBodyBytes = Int(try integer("server.max_body_bytes", 1_024...16_777_216) ?? 65_536)
        let kind = try string("store.kind") ?? "sqlite"
        guard kind == "sqlite" || kind == "postgres" else {
            throw fail("store.kind", "must be sqlite or postgres (got \"\(kind)\")")
        }
        self.storeKind = kind
        if kind == "postgres" {
            var pg = PostgresStoreConfiguration()
            pg.host = try string("store.postgres.host") ?? pg.host
            pg.port = Int(try integer("store.postgres.port", 1...65_535) ?? 5432)
            pg.database = try string("store.postgres.database") ?? pg.database
            pg.username = try string("store.postgres.user") ?? pg.username
            pg.password = try string("store.postgres.password")
            let tlsText = try string("store.postgres.tls") ?? "prefer"
            guard let tls = PostgresStoreConfiguration.TLSMode(rawValue: tlsText.lowercased()) else {
                throw fail("store.postgres.tls", "must be disable, prefer or require (got \"\(tlsText)\")")
            }
            pg.tls = tls
            pg.schema = try string("store.postgres.schema")
            if let schema = pg.schema, !schema.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) || schema.isEmpty {
                throw fail("store.postgres.schema", "must be letters, digits and '_'")
            }
            pg.poolSize = Int(try integer("store.postgres.pool_size", 1...200) ?? 10)
            pg.operationTimeout = .milliseconds(try integer("store.postgres.timeout_ms", 100...600_000) ?? 3_000)
            if let url = try string("store.postgres.url") {
                do {
                    pg = try PostgresStoreConfiguration(url: url, defaults: pg)
                } catch {
                    throw fail("store.postgres.url", error.reason)
                }
            }
            self.postgres = pg
        } else {
            self.postgres = nil
        }
        let syncText = try string("store.sqlite.synchronous") ?? "full"
        guard let sync = SQLiteStore.Synchronous(rawValue: syncText.lowercased()) else {
            throw fail("store.sqlite.synchronous", "must be full or normal (got \"\(syncText)\")")
        }
        self.sqliteSynchronous = sync
        self.sqliteBusyTimeoutMilliseconds = Int(try integer("store.sqlite.busy_timeout_ms", 0...600_000) ?? 5_000)
        let levelText = try string("log.level") ?? "info"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw fail("log.level", "must be one of trace, debug, info, notice, warning, error, critical (got \"\(levelText)\")")
        }
        self.logLevel = level
        let formatText = try string("log.format") ?? "json"
        guard let format = LogFormat(rawValue: formatText.lowercased()) else {
            throw fail("log.format", "must be json or text (got \"\(formatText)\")")
        }
        self.logFormat = format
        if let key = try string("auth.bootstrap_key") {
            guard key.utf8.count >= 16, key.utf8.count <= 256, !key.contains(where: \.isWhitespace) else {
                throw fail("auth.bootstrap_key", "must be 16–256 characters without spaces")
            }
            self.bootstrapKey = key
        } else {
            self.bootstrapKey = nil
        }
        self.keyCacheSeconds = Int(try integer("auth.key_cache_seconds", 0...3_600) ?? 10)
        // Documented defaults name the region: `strait.local/<region>/audit`.
        func inRegion(_ text: String) -> String { text.replacingOccurrences(of: "<region>", with: region.rawValue) }
        let origin = inRegion(try string("ledger.origin") ?? "strait.local/<region>/audit")
        guard Checkpoint.isValidOrigin(origin) else { throw fail("ledger.origin", "must be non-empty, without spaces or '+'") }
        self.ledgerOrigin = origin
        self.checkpointIntervalMilliseconds = Int(try integer("ledger.checkpoint_interval_ms", 100...60_000) ?? 500)
        self.verifyLedgerOnStart = try boolean("ledger.verify_on_start") ?? true
        self.tileCacheTiles = Int(try integer("ledger.tile_cache_mb", 1...65_536) ?? 64) * 64
        let witnessName = inRegion(try string("ledger.witness.name") ?? "strait.local/<region>/witness")
        guard Checkpoint.isValidOrigin(witnessName) else { throw fail("ledger.witness.name", "must be non-empty, without spaces or '+'") }
        self.witnessName = witnessName
        self.witnessedLogs = try list("ledger.witness.logs").map { vkey in
            guard let key = try? NoteVerifier(vkey: vkey), key.type == NoteVerifier.ed25519Type else {
                throw fail("ledger.witness.logs", "\(vkey.debugDescription) is not an Ed25519 note verifier key NAME+ID+KEY")
            }
            return key
        }
        self.witnesses = try list("ledger.witnesses").map { entry in
            let parts = entry.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard parts.count == 2, let url = URL(string: parts[0]), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw fail("ledger.witnesses", "\(entry.debugDescription) is not `URL VKEY` with an http(s) URL")
            }
            guard let key = try? NoteVerifier(vkey: parts[1]), key.type == NoteVerifier.cosignatureV1Type else {
                throw fail("ledger.witnesses", "\(parts[1].debugDescription) is not a cosignature/v1 verifier key")
            }
            return WitnessEndpoint(url: url, key: key)
        }
        self.reviewThresholdMajor = try integer("decision.review_threshold", 0...1_000_000_000_000) ?? 10_000
        var overrides: [String: Int64] = [:]
        for key in values.keys.sorted() where key.hasPrefix(ConfigurationKey.reviewThresholdPrefix) {
            let code = String(key.dropFirst(ConfigurationKey.reviewThresholdPrefix.count))
            guard Currency(code: code) != nil else { throw fail(key, "\(code) is not an active ISO 4217 currency code") }
            overrides[code] = try integer(key, 0...1_000_000_000_000)
        }
        self.reviewThresholdOverrides = overrides
        var countries: [CountryCode] = []
        for code in try list("decision.blocked_countries") {
            guard let country = CountryCode(rawValue: code) else {
                throw fail("decision.blocked_countries", "\(code) is not an ISO 3166-1 alpha-2 country code")
            }
            countries.append(country)
        }
        self.blockedCountries = countries
        self.reviewCrossBorderSelfTransfers = try boolean("decision.review_cross_border_self_transfers") ?? true
        if let jurisdiction = try string("residency.jurisdiction") {
            guard !jurisdiction.isEmpty, jurisdiction.count <= 16, !jurisdiction.contains(" ") else {
                throw fail("residency.jurisdiction", "must be a catalogue jurisdiction code such as EU or IN")
            }
            self.jurisdiction = jurisdiction
        } else {
            self.jurisdiction = nil
        }
        if let country = try string("residency.country") {
            guard CountryCode(rawValue: country) != nil else { throw fail("residency.country", "\(country) is not an ISO 3166-1 alpha-2 country code") }
            self.country = country
        } else {
            self.country = nil
        }
        self.catalogueFile = try string("residency.catalogue")
        self.tokenisePayments = try boolean("residency.tokenise_payments") ?? false
        self.vaultMasterKeysFile = try string("vault.master_keys_file")
        self.vaultMasterKeys = try string("vault.master_keys")
        let purposes = try list("vault.purposes")
        guard !purposes.isEmpty, purposes.allSatisfy({ !$0.isEmpty && $0.count <= 64 && !$0.contains(" ") }) else {
            throw fail("vault.purposes", "must be a non-empty list of purposes without spaces")
        }
        self.vaultPurposes = purposes
        let roles = try list("vault.detokenise_roles")
        for role in roles where !["service", "analyst", "auditor", "admin"].contains(role) {
            throw fail("vault.detokenise_roles", "\(role) is not a role (service, analyst, auditor, admin)")
        }
        self.detokeniseRoles = roles
        self.detokeniseRate = Int(try integer("vault.detokenise_rate", 1...10_000_000) ?? 100)
        self.nodeKeyFile = (try string("node.key_file") ?? "<data>/node.key").replacingOccurrences(of: "<data>", with: data)
        var peerNames: Set<String> = []
        for key in values.keys where key.hasPrefix(ConfigurationKey.peerPrefix) {
            let parts = key.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 3 { peerNames.insert(String(parts[1])) }
        }
        var peers: [PeerConfiguration] = []
        for name in peerNames.sorted() {
            let prefix = "peers.\(name)."
            guard RegionID(rawValue: name) != nil, name != region.rawValue else {
                throw fail(prefix + "url", "\(name) must be a region name other than this node's")
            }
            guard let urlText = try string(prefix + "url"), let url = URL(string: urlText), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw fail(prefix + "url", "must be an http(s) URL")
            }
            guard let key = try string(prefix + "public_key"), let raw = Data(base64Encoded: key), raw.count == 32 else {
                throw fail(prefix + "public_key", "must be the base64 Ed25519 public key the peer's `strait node key` prints")
            }
            guard let peerJurisdiction = try string(prefix + "jurisdiction"), !peerJurisdiction.isEmpty else {
                throw fail(prefix + "jurisdiction", "is required (the catalogue jurisdiction the peer is home to)")
            }
            guard let peerCountry = try string(prefix + "country"), CountryCode(rawValue: peerCountry) != nil else {
                throw fail(prefix + "country", "must be the ISO 3166-1 alpha-2 country the peer runs in")
            }
            peers.append(
                PeerConfiguration(
                    region: name, url: url, publicKey: key, jurisdiction: peerJurisdiction, country: peerCountry, mechanisms: try list(prefix + "mechanisms")
                )
            )
        }
        self.peers = peers
        var routes: [ProxyRouteSettings] = []
        func upstreamURL(_ text: String, _ key: String) throws -> URL {
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw fail(key, "\(text.debugDescription) is not an http(s) URL")
            }
            return url
        }
        func checkPrefix(_ prefix: String, _ key: String) throws {
            guard prefix.hasPrefix("/") else { throw fail(key, "\(prefix.debugDescription) is not a path prefix starting with /") }
            if ["/v1", "/peer", "/witness", "/healthz", "/readyz", "/metrics", "/openapi.yaml", "/console"].contains(where: { prefix == $0 || prefix.hasPrefix($0 + "/") }) {
                throw fail(key, "\(prefix) is one of Strait's own paths and is never proxied")
            }
        }
        let modes = ["block", "detect", "off"]
        let healthPath = try string("proxy.health.path") ?? "/"
        guard healthPath.hasPrefix("/") else { throw fail("proxy.health.path", "must be a path starting with /") }
        var routeNames: Set<String> = []
        for key in values.keys where key.hasPrefix(ConfigurationKey.routePrefix) {
            let parts = key.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 4 { routeNames.insert(String(parts[2])) }
        }
        for name in routeNames.sorted() {
            let prefixKey = "proxy.route.\(name)."
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw fail(prefixKey + "prefix", "\(name.debugDescription) is not a route name (letters, digits, '-', '_')")
            }
            guard let prefix = try string(prefixKey + "prefix") else { throw fail(prefixKey + "prefix", "is required") }
            try checkPrefix(prefix, prefixKey + "prefix")
            let upstreams = try list(prefixKey + "upstreams").map { try upstreamURL($0, prefixKey + "upstreams") }
            guard !upstreams.isEmpty else { throw fail(prefixKey + "upstreams", "is required (one or more upstream URLs)") }
            let mode = try string(prefixKey + "mode")?.lowercased()
            if let mode, !modes.contains(mode) { throw fail(prefixKey + "mode", "must be block, detect or off (got \"\(mode)\")") }
            let families = try list(prefixKey + "disabled_families")
            for family in families where AttackFamily(rawValue: family) == nil {
                throw fail(prefixKey + "disabled_families", "\(family) is not an attack family (\(AttackFamily.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let skipped = try list(prefixKey + "skip_arguments")
            for argument in skipped where argument.isEmpty || argument.contains(" ") {
                throw fail(prefixKey + "skip_arguments", "\(argument.debugDescription) is not an argument name")
            }
            let health = try string(prefixKey + "health_path") ?? healthPath
            guard health.isEmpty || health.hasPrefix("/") else { throw fail(prefixKey + "health_path", "must be empty or a path starting with /") }
            routes.append(
                ProxyRouteSettings(
                    name: name, host: try string(prefixKey + "host")?.lowercased(), prefix: prefix, upstreams: upstreams, mode: mode,
                    threshold: try integer(prefixKey + "threshold", 1...1_000).map(Int.init), skipArguments: skipped, disabledFamilies: families,
                    healthPath: health.isEmpty ? nil : health
                )
            )
        }
        for entry in try list("proxy.routes") {
            var parts = entry.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            var mode: String?
            if let last = parts.last, modes.contains(last) { mode = parts.removeLast() }
            guard (2...3).contains(parts.count), parts[parts.count - 2].hasPrefix("/") else {
                throw fail("proxy.routes", "\(entry.debugDescription) is not `[HOST] PREFIX URL [block|detect|off]`")
            }
            let prefix = parts[parts.count - 2]
            try checkPrefix(prefix, "proxy.routes")
            routes.append(
                ProxyRouteSettings(
                    name: prefix, host: parts.count == 3 ? parts[0].lowercased() : nil, prefix: prefix,
                    upstreams: [try upstreamURL(parts[parts.count - 1], "proxy.routes")], mode: mode, healthPath: healthPath
                )
            )
        }
        if let upstream = try string("proxy.upstream") {
            routes.append(ProxyRouteSettings(name: "upstream", host: nil, prefix: "/", upstreams: [try upstreamURL(upstream, "proxy.upstream")], mode: nil, healthPath: healthPath))
        }
        var seen: Set<String> = []
        for route in routes where !seen.insert("\(route.host ?? "*") \(route.prefix)").inserted {
            throw fail("proxy.routes", "two routes serve \(route.host ?? "any host") \(route.prefix)")
        }
        self.proxyRoutes = routes
        self.proxyConnectTimeoutMilliseconds = Int(try integer("proxy.connect_timeout_ms", 10...600_000) ?? 2_000)
        self.proxyBodyTimeoutMilliseconds = Int(try integer("proxy.body_timeout_ms", 100...3_600_000) ?? 30_000)
        self.healthIntervalMilliseconds = Int(try integer("proxy.health.interval_ms", 0...3_600_000) ?? 5_000)
        self.healthTimeoutMilliseconds = Int(try integer("proxy.health.timeout_ms", 100...600_000) ?? 2_000)
        self.healthFailures = Int(try integer("proxy.health.failures", 1...1_000) ?? 2)
        self.idleTimeoutSeconds = Int(try integer("server.idle_timeout_s", 1...86_400) ?? 60)
        self.monitorEnabled = try boolean("monitor.enabled") ?? true
        self.monitorScenarios = try string("monitor.scenarios").flatMap { $0.isEmpty ? nil : $0 }
        self.monitorModel = try string("monitor.model").flatMap { $0.isEmpty ? nil : $0 }
        self.monitorIPCountries = try list("monitor.ip_countries")
        self.monitorHistoryDays = Int(try integer("monitor.history_days", 0...3_650) ?? 400)
        self.monitorFollowMilliseconds = Int(try integer("monitor.follow_interval_ms", 50...600_000) ?? 1_000)
        self.monitorReloadSeconds = Int(try integer("monitor.reload_interval_s", 0...86_400) ?? 5)
        self.screeningEnabled = try boolean("screening.enabled") ?? true
        let threshold = try string("screening.threshold") ?? "0.82"
        guard let thresholdValue = Double(threshold.trimmingCharacters(in: .whitespaces)), (0.5...1.0).contains(thresholdValue) else {
            throw fail("screening.threshold", "must be a number from 0.5 to 1.0 (got \"\(threshold)\")")
        }
        self.screeningThreshold = thresholdValue
        self.screeningMinimumAge = Int(try integer("screening.minimum_age", 14...25) ?? 18)
        self.screeningReloadSeconds = Int(try integer("screening.reload_interval_s", 0...86_400) ?? 30)
        self.screeningRescreen = try boolean("screening.rescreen") ?? true
        self.screeningRequireActiveCustomer = try boolean("screening.require_active_customer") ?? false
        self.proxyTimeoutMilliseconds = Int(try integer("proxy.timeout_ms", 100...3_600_000) ?? 30_000)
        let trusted = try list("proxy.trusted_proxies")
        for block in trusted where CIDRBlock(block) == nil {
            throw fail("proxy.trusted_proxies", "\(block) is not an IP address or CIDR block")
        }
        self.trustedProxies = trusted
        let mode = (try string("shield.mode") ?? "block").lowercased()
        guard ["block", "detect", "off"].contains(mode) else { throw fail("shield.mode", "must be block, detect or off (got \"\(mode)\")") }
        self.shieldMode = mode
        self.shieldThreshold = Int(try integer("shield.threshold", 1...1_000) ?? 5)
        self.shieldMaxBodyBytes = Int(try integer("shield.max_body_bytes", 1_024...1_073_741_824) ?? 1_048_576)
        self.shieldMaxArguments = Int(try integer("shield.max_arguments", 1...1_000_000) ?? 1_024)
        self.shieldMaxDepth = Int(try integer("shield.max_depth", 1...1_000) ?? 32)
        var tracker = ClientTracker.Settings()
        tracker.perIP = Double(try integer("shield.rate_limit.per_ip", 0...10_000_000) ?? 100)
        tracker.perKey = Double(try integer("shield.rate_limit.per_key", 0...10_000_000) ?? 0)
        tracker.perAccount = Double(try integer("shield.rate_limit.per_account", 0...10_000_000) ?? 20)
        let afterBlocks = Int(try integer("shield.ban.after_blocks", 0...1_000_000) ?? 5)
        tracker.banAfterBlocks = afterBlocks == 0 ? Int.max : afterBlocks
        tracker.banWindowSeconds = Double(try integer("shield.ban.window_s", 1...86_400) ?? 60)
        tracker.banSeconds = Double(try integer("shield.ban.seconds", 1...2_592_000) ?? 600)
        self.shieldTracker = tracker
        self.shieldAccountHeader = try string("shield.account_header") ?? "X-Account-Id"
        guard !shieldAccountHeader.isEmpty, shieldAccountHeader.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw fail("shield.account_header", "must be a header name")
        }
        self.shieldLedgerSamplesPerSecond = Int(try integer("shield.ledger_samples_per_second", 0...100_000) ?? 10)
        self.shieldAllow = try list("shield.allow")
        self.shieldDeny = try list("shield.deny")
        for (key, blocks) in [("shield.allow", shieldAllow), ("shield.deny", shieldDeny)] {
            for block in blocks where CIDRBlock(block) == nil { throw fail(key, "\(block) is not an IP address or CIDR block") }
        }
        self.provenance = provenance.sorted { $0.0 < $1.0 }.map { (key: $0.0, value: $0.1, source: $0.2) }
    }

    /// The decision pipeline these settings describe.
    public func makePipeline() -> DecisionPipeline {
        var rules: [any TransactionRule] = [
            BlockedJurisdictionRule(countries: Set(blockedCountries)),
            AmountThresholdRule(defaultMajor: reviewThresholdMajor, overrides: reviewThresholdOverrides),
        ]
        if reviewCrossBorderSelfTransfers { rules.append(SelfTransferCrossBorderRule()) }
        return DecisionPipeline(rules: rules)
    }

    /// The effective configuration as YAML-like text, secrets redacted, each value with its source.
    public func describe() -> String {
        provenance.map { "\($0.key): \($0.value)    # \($0.source)" }.joined(separator: "\n")
    }
}


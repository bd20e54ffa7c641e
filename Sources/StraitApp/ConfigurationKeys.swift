// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// The type of a configuration value.
public enum ConfigValueKind: String, Sendable {
    case string, integer, boolean, stringList = "list of strings"
}

/// One documented configuration key: its YAML path, environment variable, type, default and meaning.
///
/// ``ConfigurationKey/all`` is the single source of truth: the loader rejects keys not listed
/// here, `strait config check` prints them, and docs/configuration.md documents them.
public struct ConfigurationKey: Sendable, Hashable {
    /// Dotted path in `strait.yaml`, e.g. `server.port`.
    public var path: String
    /// Environment variable that overrides it, e.g. `STRAIT_PORT`.
    public var environment: String?
    public var kind: ConfigValueKind
    /// Default as written in YAML; `nil` when unset by default.
    public var defaultValue: String?
    /// Secrets are redacted wherever the configuration is printed.
    public var isSecret: Bool
    public var summary: String

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.path == rhs.path }
    public func hash(into hasher: inout Hasher) { hasher.combine(path) }

    /// Keys under this prefix take a currency code as their last component.
    public static let reviewThresholdPrefix = "decision.review_thresholds."
    /// Keys under this prefix take a peer's region as their second component.
    public static let peerPrefix = "peers."
    /// Keys under this prefix take a proxied route's name as their third component.
    public static let routePrefix = "proxy.route."

    /// Every key Strait reads.
    public static let all: [ConfigurationKey] = [
        .init(path: "region", environment: "STRAIT_REGION", kind: .string, defaultValue: "local", isSecret: false,
              summary: "Name of this node's region (lower-case letters, digits, '-'; starts with a letter)."),
        .init(path: "data", environment: "STRAIT_DATA", kind: .string, defaultValue: "./.strait", isSecret: false,
              summary: "Directory for the node's data (the SQLite database). Created if missing."),
        .init(path: "server.host", environment: "STRAIT_HOST", kind: .string, defaultValue: "127.0.0.1", isSecret: false,
              summary: "Address to listen on."),
        .init(path: "server.idle_timeout_s", environment: nil, kind: .integer, defaultValue: "60", isSecret: false,
              summary: "Seconds a client connection may stay idle (also while sending a request's head) before it is closed."),
        .init(path: "server.port", environment: "STRAIT_PORT", kind: .integer, defaultValue: "8080", isSecret: false,
              summary: "TCP port to listen on (0 picks a free port)."),
        .init(path: "server.max_body_bytes", environment: "STRAIT_MAX_BODY_BYTES", kind: .integer, defaultValue: "65536", isSecret: false,
              summary: "Largest request body accepted, in bytes; larger bodies get 413."),
        .init(path: "store.kind", environment: "STRAIT_STORE", kind: .string, defaultValue: "sqlite", isSecret: false,
              summary: "Storage backend: `sqlite` (embedded, one process) or `postgres` (several instances of a region over one database)."),
        .init(path: "store.postgres.url", environment: "STRAIT_POSTGRES_URL", kind: .string, defaultValue: nil, isSecret: true,
              summary: "postgres://user:password@host:port/database?sslmode=disable|prefer|require; overrides the separate keys below."),
        .init(path: "store.postgres.host", environment: "STRAIT_POSTGRES_HOST", kind: .string, defaultValue: "127.0.0.1", isSecret: false,
              summary: "PostgreSQL host."),
        .init(path: "store.postgres.port", environment: "STRAIT_POSTGRES_PORT", kind: .integer, defaultValue: "5432", isSecret: false,
              summary: "PostgreSQL port."),
        .init(path: "store.postgres.database", environment: "STRAIT_POSTGRES_DATABASE", kind: .string, defaultValue: "strait", isSecret: false,
              summary: "Database name."),
        .init(path: "store.postgres.user", environment: "STRAIT_POSTGRES_USER", kind: .string, defaultValue: "strait", isSecret: false,
              summary: "User name."),
        .init(path: "store.postgres.password", environment: "STRAIT_POSTGRES_PASSWORD", kind: .string, defaultValue: nil, isSecret: true,
              summary: "Password."),
        .init(path: "store.postgres.tls", environment: "STRAIT_POSTGRES_TLS", kind: .string, defaultValue: "prefer", isSecret: false,
              summary: "`disable`, `prefer` (TLS when the server offers it) or `require` (certificate checked against the system trust store)."),
        .init(path: "store.postgres.schema", environment: "STRAIT_POSTGRES_SCHEMA", kind: .string, defaultValue: nil, isSecret: false,
              summary: "Schema (search_path) for Strait's tables; default: the server's (`public`)."),
        .init(path: "store.postgres.pool_size", environment: nil, kind: .integer, defaultValue: "10", isSecret: false,
              summary: "Most connections one instance opens."),
        .init(path: "store.postgres.timeout_ms", environment: nil, kind: .integer, defaultValue: "3000", isSecret: false,
              summary: "Longest a store operation may take before the request is answered 503 with Retry-After."),
        .init(path: "store.sqlite.synchronous", environment: "STRAIT_SQLITE_SYNCHRONOUS", kind: .string, defaultValue: "full", isSecret: false,
              summary: "`full`: an acknowledged write survives power loss; `normal`: it survives a process crash."),
        .init(path: "store.sqlite.busy_timeout_ms", environment: nil, kind: .integer, defaultValue: "5000", isSecret: false,
              summary: "How long to wait for a lock held by another process, in milliseconds."),
        .init(path: "log.level", environment: "STRAIT_LOG_LEVEL", kind: .string, defaultValue: "info", isSecret: false,
              summary: "trace, debug, info, notice, warning, error or critical."),
        .init(path: "log.format", environment: "STRAIT_LOG_FORMAT", kind: .string, defaultValue: "json", isSecret: false,
              summary: "`json`: one ECS JSON object per line; `text`: human-readable lines."),
        .init(path: "auth.bootstrap_key", environment: "STRAIT_BOOTSTRAP_KEY", kind: .string, defaultValue: nil, isSecret: true,
              summary: "The first admin API key (at least 16 characters). Installed when the store has no admin key; if unset, one is generated and printed once."),
        .init(path: "auth.key_cache_seconds", environment: nil, kind: .integer, defaultValue: "10", isSecret: false,
              summary: "How long a verified API key is cached; a revocation reaches other instances within this time."),
        .init(path: "ledger.origin", environment: "STRAIT_LEDGER_ORIGIN", kind: .string, defaultValue: "strait.local/<region>/audit", isSecret: false,
              summary: "The audit log's origin (first line of its checkpoints and its key name): no spaces or '+'. Fixed when the log's key is created."),
        .init(path: "ledger.checkpoint_interval_ms", environment: "STRAIT_LEDGER_CHECKPOINT_INTERVAL_MS", kind: .integer, defaultValue: "500", isSecret: false,
              summary: "How often a signed checkpoint is published while the log has new entries, in milliseconds (100–60000)."),
        .init(path: "ledger.tile_cache_mb", environment: "STRAIT_LEDGER_TILE_CACHE_MB", kind: .integer, defaultValue: "64", isSecret: false,
              summary: "Memory for tiles of the log's tree kept by the proof reader, in MiB (16 KiB per tile)."),
        .init(path: "ledger.verify_on_start", environment: "STRAIT_LEDGER_VERIFY_ON_START", kind: .boolean, defaultValue: "true", isSecret: false,
              summary: "Verify the log since its last checkpoint before serving, and refuse to start if it was tampered with."),
        .init(path: "ledger.witness.name", environment: "STRAIT_LEDGER_WITNESS_NAME", kind: .string, defaultValue: "strait.local/<region>/witness", isSecret: false,
              summary: "This node's name as a witness of other regions' logs (its cosignature key name)."),
        .init(path: "ledger.witness.logs", environment: "STRAIT_LEDGER_WITNESS_LOGS", kind: .stringList, defaultValue: "[]", isSecret: false,
              summary: "Verifier keys (`NAME+ID+KEY`) of the logs this node witnesses; empty: it witnesses none."),
        .init(path: "ledger.witnesses", environment: "STRAIT_LEDGER_WITNESSES", kind: .stringList, defaultValue: "[]", isSecret: false,
              summary: "Witnesses asked to cosign this log's checkpoints, each `URL VKEY` (the witness's submission prefix and cosignature key)."),
        .init(path: "decision.review_threshold", environment: "STRAIT_REVIEW_THRESHOLD", kind: .integer, defaultValue: "10000", isSecret: false,
              summary: "Payments at or above this many major units of their currency are held for review."),
        .init(path: "decision.review_thresholds.<CURRENCY>", environment: nil, kind: .integer, defaultValue: nil, isSecret: false,
              summary: "Per-currency review threshold in major units, e.g. `decision.review_thresholds.JPY: 1500000`."),
        .init(path: "decision.blocked_countries", environment: "STRAIT_BLOCKED_COUNTRIES", kind: .stringList, defaultValue: "[KP, IR, MM]", isSecret: false,
              summary: "ISO 3166-1 alpha-2 codes; a payment from or to one of them is blocked (default: the FATF call-for-action list)."),
        .init(path: "decision.review_cross_border_self_transfers", environment: nil, kind: .boolean, defaultValue: "true", isSecret: false,
              summary: "Hold for review a cross-border payment whose originator and beneficiary are the same party."),
        .init(path: "residency.jurisdiction", environment: "STRAIT_JURISDICTION", kind: .string, defaultValue: nil, isSecret: false,
              summary: "The catalogue jurisdiction this node is home to (e.g. `EU`, `IN`, `HK`): the law deciding what leaves its vault. Unset: the catalogue jurisdiction containing `residency.country`."),
        .init(path: "residency.country", environment: "STRAIT_COUNTRY", kind: .string, defaultValue: nil, isSecret: false,
              summary: "ISO 3166-1 alpha-2 country this node runs in. Unset: transfers from this node fail closed (no rule applies)."),
        .init(path: "residency.catalogue", environment: "STRAIT_CATALOGUE", kind: .string, defaultValue: nil, isSecret: false,
              summary: "An organisation's catalogue file (JSON) laid over the shipped catalogue; its changes are printed and the drift they cause is logged at start-up."),
        .init(path: "residency.tokenise_payments", environment: "STRAIT_TOKENISE_PAYMENTS", kind: .boolean, defaultValue: "false", isSecret: false,
              summary: "Replace payment accounts by deterministic tokens from their home region's vault (a peer whose countries include the party's country, else this node's) before a payment is stored."),
        .init(path: "vault.master_keys_file", environment: "STRAIT_VAULT_MASTER_KEYS_FILE", kind: .string, defaultValue: nil, isSecret: false,
              summary: "File of master keys, one `ID BASE64` line each (32 bytes); the last line is current. Unset and no `vault.master_keys`: `<data>/vault-master.keys` is created (development only)."),
        .init(path: "vault.master_keys", environment: "STRAIT_VAULT_MASTER_KEYS", kind: .string, defaultValue: nil, isSecret: true,
              summary: "Master keys inline, `ID:BASE64` separated by `;` (the last is current); overrides the file."),
        .init(path: "vault.purposes", environment: "STRAIT_VAULT_PURPOSES", kind: .stringList, defaultValue: "[aml-investigation, fraud-investigation, customer-support, payment-processing, regulatory-reporting, kyc-review]", isSecret: false,
              summary: "The purposes a caller may declare when detokenising or reading a record."),
        .init(path: "vault.detokenise_roles", environment: "STRAIT_VAULT_DETOKENISE_ROLES", kind: .stringList, defaultValue: "[analyst, admin]", isSecret: false,
              summary: "API key roles allowed to detokenise and read records in clear."),
        .init(path: "vault.detokenise_rate", environment: "STRAIT_VAULT_DETOKENISE_RATE", kind: .integer, defaultValue: "100", isSecret: false,
              summary: "Values per second one caller (API key or peer) may detokenise, with bursts of twice as many; beyond: 429 with Retry-After."),
        .init(path: "node.key_file", environment: "STRAIT_NODE_KEY_FILE", kind: .string, defaultValue: "<data>/node.key", isSecret: false,
              summary: "This node's Ed25519 key for signing requests to peers (base64 of the 32-byte seed), created if missing; `strait node key` prints its public key."),
        .init(path: "monitor.enabled", environment: "STRAIT_MONITOR_ENABLED", kind: .boolean, defaultValue: "true", isSecret: false,
              summary: "Judge every payment with Monitor's behaviour profiles, typologies and scenarios as well as the decision rules."),
        .init(path: "monitor.scenarios", environment: "STRAIT_MONITOR_SCENARIOS", kind: .string, defaultValue: nil, isSecret: false,
              summary: "Monitor's scenario file (YAML or JSON); unset: the shipped scenarios."),
        .init(path: "monitor.model", environment: "STRAIT_MONITOR_MODEL", kind: .string, defaultValue: nil, isSecret: false,
              summary: "A statistical model written by `strait monitor train` (JSON); unset: none."),
        .init(path: "monitor.ip_countries", environment: "STRAIT_MONITOR_IP_COUNTRIES", kind: .stringList, defaultValue: "[]", isSecret: false,
              summary: "IP-to-country files (Tor's geoip/geoip6, `low,high,CC` or `cidr,CC` CSV) that give a login without a country the country of its IP address."),
        .init(path: "monitor.history_days", environment: "STRAIT_MONITOR_HISTORY_DAYS", kind: .integer, defaultValue: "400", isSecret: false,
              summary: "Days of stored payments, logins and KYC outcomes learnt again when the node starts, so that profiles survive restarts (0: start empty)."),
        .init(path: "monitor.follow_interval_ms", environment: "STRAIT_MONITOR_FOLLOW_INTERVAL_MS", kind: .integer, defaultValue: "1000", isSecret: false,
              summary: "With PostgreSQL: how often an instance learns the payments, logins and KYC outcomes the region's other instances stored."),
        .init(path: "monitor.reload_interval_s", environment: "STRAIT_MONITOR_RELOAD_INTERVAL_S", kind: .integer, defaultValue: "5", isSecret: false,
              summary: "How often the scenario file is checked; a changed valid file is put in force without a restart and recorded in the ledger (0: never)."),
        .init(path: "screening.enabled", environment: "STRAIT_SCREENING_ENABLED", kind: .boolean, defaultValue: "true", isSecret: false,
              summary: "Serve customers (`/v1/customers`: onboarding, review, cards) and name screening (`/v1/screening`) against the imported lists."),
        .init(path: "screening.threshold", environment: "STRAIT_SCREENING_THRESHOLD", kind: .string, defaultValue: "0.82", isSecret: false,
              summary: "The least score (0.5–1.0) at which a listed name is a possible match; calibrate it with `strait screen compare`."),
        .init(path: "screening.minimum_age", environment: "STRAIT_SCREENING_MINIMUM_AGE", kind: .integer, defaultValue: "18", isSecret: false,
              summary: "The youngest age (14–25) at which a person is onboarded."),
        .init(path: "screening.reload_interval_s", environment: "STRAIT_SCREENING_RELOAD_INTERVAL_S", kind: .integer, defaultValue: "30", isSecret: false,
              summary: "How often the store is checked for list versions imported by `strait lists import` (0: only at start)."),
        .init(path: "screening.rescreen", environment: "STRAIT_SCREENING_RESCREEN", kind: .boolean, defaultValue: "true", isSecret: false,
              summary: "Screen every customer again when new list versions are put in force; new hits open alerts and cases."),
        .init(path: "screening.require_active_customer", environment: "STRAIT_SCREENING_REQUIRE_ACTIVE_CUSTOMER", kind: .boolean, defaultValue: "false", isSecret: false,
              summary: "Block every payment whose payer (`originator.partyId`) is not an active customer onboarded in this region."),
        .init(path: "proxy.upstream", environment: "STRAIT_UPSTREAM", kind: .string, defaultValue: nil, isSecret: false,
              summary: "One catch-all route: every path that is not Strait's own goes to this URL (`strait serve --upstream URL`)."),
        .init(path: "proxy.routes", environment: "STRAIT_PROXY_ROUTES", kind: .stringList, defaultValue: "[]", isSecret: false,
              summary: "Proxied routes, each `[HOST] PREFIX URL [block|detect|off]`; the longest matching prefix wins."),
        .init(path: "proxy.route.<NAME>.prefix", environment: nil, kind: .string, defaultValue: nil, isSecret: false,
              summary: "A named route (one block per route): the path prefix it serves, starting with `/` (required)."),
        .init(path: "proxy.route.<NAME>.host", environment: nil, kind: .string, defaultValue: nil, isSecret: false,
              summary: "The host name the route serves (without port); unset: any host."),
        .init(path: "proxy.route.<NAME>.upstreams", environment: nil, kind: .stringList, defaultValue: nil, isSecret: false,
              summary: "The route's upstream base URLs (required); requests go round-robin to the healthy ones."),
        .init(path: "proxy.route.<NAME>.mode", environment: nil, kind: .string, defaultValue: "shield.mode", isSecret: false,
              summary: "The firewall on this route: `block`, `detect` or `off`."),
        .init(path: "proxy.route.<NAME>.threshold", environment: nil, kind: .integer, defaultValue: "shield.threshold", isSecret: false,
              summary: "The anomaly score at which a request to this route is blocked."),
        .init(path: "proxy.route.<NAME>.skip_arguments", environment: nil, kind: .stringList, defaultValue: "[]", isSecret: false,
              summary: "Arguments not inspected on this route, by name (a query or form field, a JSON path such as `payment.memo`, `attachments.*` for a subtree), wherever they appear."),
        .init(path: "proxy.route.<NAME>.disabled_families", environment: nil, kind: .stringList, defaultValue: "[]", isSecret: false,
              summary: "Attack families not judged on this route (`sqli`, `xss`, `lfi`, `rfi`, `rce`, `ssti`, `ldap`, `nosql`, `php`, `java`, `nodejs`, `scanner`, `protocol`)."),
        .init(path: "proxy.route.<NAME>.health_path", environment: nil, kind: .string, defaultValue: "proxy.health.path", isSecret: false,
              summary: "The path health checks ask each upstream of this route for; empty: no active checks for the route."),
        .init(path: "proxy.timeout_ms", environment: "STRAIT_PROXY_TIMEOUT_MS", kind: .integer, defaultValue: "30000", isSecret: false,
              summary: "How long an upstream may take to answer before the client gets 504."),
        .init(path: "proxy.connect_timeout_ms", environment: nil, kind: .integer, defaultValue: "2000", isSecret: false,
              summary: "How long connecting to an upstream may take; a server that cannot be reached in that time counts as a failure."),
        .init(path: "proxy.body_timeout_ms", environment: nil, kind: .integer, defaultValue: "30000", isSecret: false,
              summary: "How long a client may take to send a proxied request's body before it gets 408 `request_timeout`."),
        .init(path: "proxy.health.interval_ms", environment: "STRAIT_PROXY_HEALTH_INTERVAL_MS", kind: .integer, defaultValue: "5000", isSecret: false,
              summary: "How often every upstream is asked for its health path (0: no active checks; failed requests still mark servers down)."),
        .init(path: "proxy.health.timeout_ms", environment: nil, kind: .integer, defaultValue: "2000", isSecret: false,
              summary: "How long a health check may take before it counts as a failure."),
        .init(path: "proxy.health.path", environment: nil, kind: .string, defaultValue: "/", isSecret: false,
              summary: "The path health checks ask for (any answer below 500 is healthy); routes may override it."),
        .init(path: "proxy.health.failures", environment: nil, kind: .integer, defaultValue: "2", isSecret: false,
              summary: "Consecutive failures (checks or requests) that mark an upstream down; one success brings it back."),
        .init(path: "proxy.trusted_proxies", environment: "STRAIT_PROXY_TRUSTED_PROXIES", kind: .stringList, defaultValue: "[]", isSecret: false,
              summary: "Addresses or CIDR blocks of proxies in front of Strait whose X-Forwarded-For is kept; from anyone else it is replaced."),
        .init(path: "shield.mode", environment: "STRAIT_SHIELD_MODE", kind: .string, defaultValue: "block", isSecret: false,
              summary: "The firewall on proxied routes: `block`, `detect` (log and count only) or `off`; a route may override it."),
        .init(path: "shield.threshold", environment: "STRAIT_SHIELD_THRESHOLD", kind: .integer, defaultValue: "5", isSecret: false,
              summary: "The anomaly score at which a request is blocked."),
        .init(path: "shield.max_body_bytes", environment: "STRAIT_SHIELD_MAX_BODY_BYTES", kind: .integer, defaultValue: "1048576", isSecret: false,
              summary: "Largest proxied request body; beyond it 413."),
        .init(path: "shield.max_arguments", environment: nil, kind: .integer, defaultValue: "1024", isSecret: false,
              summary: "Most named values in one proxied request; beyond it 400 `too_many_arguments`."),
        .init(path: "shield.max_depth", environment: nil, kind: .integer, defaultValue: "32", isSecret: false,
              summary: "Deepest JSON or XML nesting in a proxied request; beyond it 400 `too_deep`."),
        .init(path: "shield.rate_limit.per_ip", environment: "STRAIT_SHIELD_RATE_PER_IP", kind: .integer, defaultValue: "100", isSecret: false,
              summary: "Proxied requests per second per client IP, bursts of twice as many (0: no limit); beyond: 429 with Retry-After."),
        .init(path: "shield.rate_limit.per_key", environment: "STRAIT_SHIELD_RATE_PER_KEY", kind: .integer, defaultValue: "0", isSecret: false,
              summary: "Proxied requests per second per credential (the Authorization header, fingerprinted; 0: no limit)."),
        .init(path: "shield.rate_limit.per_account", environment: "STRAIT_SHIELD_RATE_PER_ACCOUNT", kind: .integer, defaultValue: "20", isSecret: false,
              summary: "Proxied requests per second per account named by `shield.account_header` (0: no limit)."),
        .init(path: "shield.account_header", environment: nil, kind: .string, defaultValue: "X-Account-Id", isSecret: false,
              summary: "The request header that names the customer account, for per-account limits and the many-accounts-per-IP signal."),
        .init(path: "shield.allow", environment: "STRAIT_SHIELD_ALLOW", kind: .stringList, defaultValue: "[]", isSecret: false,
              summary: "Client addresses or CIDR blocks neither rate-limited nor inspected (internal systems)."),
        .init(path: "shield.deny", environment: "STRAIT_SHIELD_DENY", kind: .stringList, defaultValue: "[]", isSecret: false,
              summary: "Client addresses or CIDR blocks always refused (403 `client_denied`)."),
        .init(path: "shield.ban.after_blocks", environment: nil, kind: .integer, defaultValue: "5", isSecret: false,
              summary: "Firewall blocks from one client within `shield.ban.window_s` that ban it (0: never)."),
        .init(path: "shield.ban.window_s", environment: nil, kind: .integer, defaultValue: "60", isSecret: false,
              summary: "The window, in seconds, for bans and intrusion signals."),
        .init(path: "shield.ban.seconds", environment: nil, kind: .integer, defaultValue: "600", isSecret: false,
              summary: "How long a ban lasts (403 `client_banned` with Retry-After)."),
        .init(path: "shield.ledger_samples_per_second", environment: nil, kind: .integer, defaultValue: "10", isSecret: false,
              summary: "Blocked requests recorded in the ledger per second at most (evidence for auditors); the rest are logged and counted. 0: none."),
        .init(path: "peers.<REGION>.url", environment: nil, kind: .string, defaultValue: nil, isSecret: false,
              summary: "Base URL of the peer node of region <REGION>."),
        .init(path: "peers.<REGION>.public_key", environment: nil, kind: .string, defaultValue: nil, isSecret: false,
              summary: "The peer's node public key (base64, as `strait node key` prints it); its requests must be signed with it."),
        .init(path: "peers.<REGION>.jurisdiction", environment: nil, kind: .string, defaultValue: nil, isSecret: false,
              summary: "The catalogue jurisdiction the peer is home to (required)."),
        .init(path: "peers.<REGION>.country", environment: nil, kind: .string, defaultValue: nil, isSecret: false,
              summary: "The country the peer runs in: the destination of data sent to it (required)."),
        .init(path: "peers.<REGION>.mechanisms", environment: nil, kind: .stringList, defaultValue: "[]", isSecret: false,
              summary: "Transfer mechanisms this organisation declared for data sent to the peer (e.g. `scc-2021/914`, `bcr`)."),
    ]

    /// The key at `path`, including the per-currency threshold pattern.
    public static func lookup(_ path: String) -> ConfigurationKey? {
        if path.hasPrefix(reviewThresholdPrefix) {
            return all.first { $0.path == "decision.review_thresholds.<CURRENCY>" }
        }
        if path.hasPrefix(routePrefix) {
            let parts = path.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            return all.first { $0.path == "proxy.route.<NAME>.\(parts[3])" }
        }
        if path.hasPrefix(peerPrefix) {
            let parts = path.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
            return all.first { $0.path == "peers.<REGION>.\(parts[2])" }
        }
        return all.first { $0.path == path }
    }
}

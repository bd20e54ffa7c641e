// swift-tools-version: 6.1
// Strait — an open-source compliance gateway for cross-border fintech.

import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Strait",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "strait", targets: ["strait"]),
        .executable(name: "strait-bench", targets: ["strait-bench"]),
        .executable(name: "strait-ledger-bench", targets: ["strait-ledger-bench"]),
        .executable(name: "strait-residency-bench", targets: ["strait-residency-bench"]),
        .executable(name: "strait-monitor-bench", targets: ["strait-monitor-bench"]),
        .executable(name: "strait-shield-bench", targets: ["strait-shield-bench"]),
        .executable(name: "strait-screening-bench", targets: ["strait-screening-bench"]),
        .executable(name: "strait-customers-bench", targets: ["strait-customers-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // Shared values: money, countries, identifiers, payment instructions, decisions. No I/O.
        .target(
            name: "StraitCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Transaction monitoring: rules and the decision pipeline.
        .target(name: "Monitor", dependencies: ["StraitCore"], swiftSettings: swiftSettings),
        // KYC screening: identity documents (machine-readable zones), and (next) lists, matching and
        // risk rating. No I/O.
        .target(name: "Screening", dependencies: ["StraitCore", "Monitor", "Residency"], swiftSettings: swiftSettings),
        // Data residency: data categories, content detectors for identifiers (check digits), and
        // (next) the jurisdiction catalogue, classification and transfer decisions. No I/O.
        .target(
            name: "Residency", dependencies: ["StraitCore"], resources: [.copy("Resources/catalogue.json")], swiftSettings: swiftSettings
        ),
        // Regional vaults: key providers, envelope encryption (AES-256-GCM), tokens, blind indexes. No I/O.
        .target(
            name: "Vault",
            dependencies: ["StraitCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Web application firewall: request parsing, normalisation, detectors, anomaly scoring. No I/O.
        .target(name: "Shield", dependencies: ["StraitCore"], swiftSettings: swiftSettings),
        // Tamper-evident audit log: event encoding, hash chain, verification.
        .target(
            name: "Ledger",
            dependencies: ["StraitCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Storage seams: protocols, in-memory implementations, errors.
        .target(
            name: "StraitStore",
            dependencies: ["StraitCore", "Ledger", "Monitor", "Residency", "Vault", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // SQLite (GRDB) implementation of the storage seams.
        .target(
            name: "StraitStoreSQLite",
            dependencies: [
                "StraitCore", "Ledger", "StraitStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // PostgreSQL (postgres-nio) implementation of the storage seams, for several instances per region.
        .target(
            name: "StraitStorePostgres",
            dependencies: [
                "StraitCore", "Ledger", "StraitStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP layer: request context, middleware, routes, error mapping.
        .target(
            name: "StraitHTTP",
            dependencies: [
                "StraitCore", "Monitor", "Ledger", "StraitStore", "Residency", "Vault", "Shield", "Screening",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/openapi.yaml")],
            swiftSettings: swiftSettings
        ),
        // Configuration, logging, metrics, services, buildApplication(config:).
        .target(
            name: "StraitApp",
            dependencies: [
                "StraitCore", "Monitor", "Ledger", "StraitStore", "StraitStoreSQLite", "StraitStorePostgres", "StraitHTTP", "Shield", "Residency", "Screening",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // The command-line tool.
        .executableTarget(
            name: "strait",
            dependencies: [
                "StraitApp", "StraitCore", "Ledger", "StraitStore", "StraitStoreSQLite", "StraitHTTP", "Residency", "Monitor", "Screening",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Load generator for POST /v1/transactions on loopback.
        .executableTarget(
            name: "strait-bench",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Ledger benchmarks on the embedded store: appends, proofs, checkpoint latency.
        .executableTarget(
            name: "strait-ledger-bench",
            dependencies: [
                "Ledger", "StraitCore", "StraitStore", "StraitStoreSQLite", "StraitStorePostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Residency benchmarks: payload classification.
        .executableTarget(
            name: "strait-residency-bench",
            dependencies: ["Residency", "StraitCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        // In-process benchmark of the firewall's inspection.
        .executableTarget(name: "strait-shield-bench", dependencies: ["Shield"], swiftSettings: swiftSettings),
        // In-process benchmark of Monitor's engine.
        .executableTarget(
            name: "strait-monitor-bench",
            dependencies: ["Monitor", "StraitCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        // Screening benchmark: name matching against the sanctions lists (recall, false positives, latency).
        .executableTarget(
            name: "strait-screening-bench",
            dependencies: ["Screening", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        // Customers benchmark: onboarding and re-screening every customer after a list update (SQLite, vault).
        .executableTarget(
            name: "strait-customers-bench",
            dependencies: [
                "Screening", "StraitCore", "StraitHTTP", "StraitStore", "StraitStoreSQLite", "Residency", "Vault",
                .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "StraitCoreTests", dependencies: ["StraitCore"], swiftSettings: swiftSettings),
        // Helpers shared by the test targets (long CPU-bound work on a thread of its own).
        .target(name: "StraitTestSupport", path: "Tests/StraitTestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "MonitorTests", dependencies: ["Monitor", "StraitCore", "StraitTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "ScreeningTests", dependencies: ["Screening", "StraitCore", "Monitor", "Residency", "StraitTestSupport"], exclude: ["Oracle", "Fixtures"], swiftSettings: swiftSettings),
        .testTarget(
            name: "VaultTests", dependencies: ["Vault", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ShieldTests", dependencies: ["Shield", "StraitCore", .product(name: "Yams", package: "Yams")], swiftSettings: swiftSettings
        ),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "StraitCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ResidencyTests", dependencies: ["Residency", "StraitCore"], exclude: ["Oracle"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StraitStoreTests",
            dependencies: [
                "StraitStore", "StraitStoreSQLite", "StraitStorePostgres", "StraitCore", "Ledger", "Monitor", "Residency", "Vault",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StraitAppTests",
            dependencies: [
                "StraitApp", "StraitHTTP", "StraitStore", "StraitStoreSQLite", "StraitStorePostgres", "StraitCore", "Ledger", "Monitor", "Screening",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)

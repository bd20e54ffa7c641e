// Strait — compliance gateway for cross-border fintech. Apache-2.0.

import Foundation

/// How to reach the PostgreSQL database of a region.
public struct PostgresStoreConfiguration: Sendable, Hashable {
    /// TLS to the server.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS if the server offers it.
        case prefer
        /// TLS or no connection (certificates are verified against the system trust store).
        case require
    }

    public var host: String
    public var port: Int
    public var database: String
    public var username: String
    /// Never printed.
    public var password: String?
    public var tls: TLSMode
    /// Most connections this instance opens.
    public var poolSize: Int
    /// Schema to use (`search_path`); `nil` uses the server's default (`public`).
    public var schema: String?
    /// Longest time a store operation may take (including waiting for a connection) before it
    /// fails as unavailable, so that requests get a 503 instead of hanging while the database is down.
    public var operationTimeout: Duration

    public init(
        host: String = "127.0.0.1", port: Int = 5432, database: String = "strait", username: String = "strait", password: String? = nil,
        tls: TLSMode = .prefer, poolSize: Int = 10, operationTimeout: Duration = .seconds(3), schema: String? = nil
    ) {
        self.schema = schema
        self.host = host
        self.port = port
        self.database = database
        self.username = username
        self.password = password
        self.tls = tls
        self.poolSize = poolSize
        self.operationTimeout = operationTimeout
    }

    /// Why a PostgreSQL URL is not usable.
    public struct URLError: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// Reads `postgres://user:password@host:port/database?sslmode=disable|prefer|require`.
    ///
    /// Fields absent from the URL keep the values of `defaults`.
    public init(url text: String, defaults: PostgresStoreConfiguration = .init()) throws(URLError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw URLError(reason: "must look like postgres://user:password@host:5432/database")
        }
        self = defaults
        if let host = components.host, !host.isEmpty { self.host = host }
        if let port = components.port {
            guard (1...65_535).contains(port) else { throw URLError(reason: "port must be from 1 to 65535") }
            self.port = port
        }
        if let user = components.user, !user.isEmpty { self.username = user.removingPercentEncoding ?? user }
        if let password = components.password { self.password = password.removingPercentEncoding ?? password }
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if !path.isEmpty { self.database = path }
        for item in components.queryItems ?? [] where item.name == "sslmode" {
            switch item.value {
            case "disable": tls = .disable
            case "prefer", "allow": tls = .prefer
            case "require", "verify-ca", "verify-full": tls = .require
            default: throw URLError(reason: "sslmode must be disable, prefer or require")
            }
        }
    }

    /// The URL with the password replaced by `***`, for printing.
    public var redactedURL: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }
}

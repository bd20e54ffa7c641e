// Strait — compliance gateway for cross-border fintech. Apache-2.0.

/// An error from a storage implementation, with a stable code.
///
/// `description` never includes customer data; the underlying reason is available through
/// `String(reflecting:)` for operators.
public struct StoreError: Error, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Stable error codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unavailable, corrupted, invalidRecord, closed, migrationFailed, notFound
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The store cannot be reached or refused the operation for a transient reason.
        public static let unavailable = Code(.unavailable)
        /// Stored data does not decode into a valid domain value.
        public static let corrupted = Code(.corrupted)
        /// A value handed to the store breaks one of its constraints.
        public static let invalidRecord = Code(.invalidRecord)
        /// The store is closed or shutting down.
        public static let closed = Code(.closed)
        /// A schema migration could not be applied.
        public static let migrationFailed = Code(.migrationFailed)
        /// The record named does not exist.
        public static let notFound = Code(.notFound)

        public var description: String { base.rawValue }
    }

    public var code: Code
    var reason: String
    var location: String

    public var description: String { "StoreError.\(code)" }
    public var debugDescription: String { "StoreError.\(code): \(reason) (\(location))" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    private init(code: Code, reason: String, file: String, line: Int) {
        self.code = code
        self.reason = reason
        self.location = "\(file):\(line)"
    }

    public static func unavailable(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        .init(code: .unavailable, reason: reason, file: file, line: line)
    }
    public static func corrupted(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        .init(code: .corrupted, reason: reason, file: file, line: line)
    }
    public static func invalidRecord(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        .init(code: .invalidRecord, reason: reason, file: file, line: line)
    }
    public static func closed(_ reason: String = "store is closed", file: String = #fileID, line: Int = #line) -> Self {
        .init(code: .closed, reason: reason, file: file, line: line)
    }
    public static func migrationFailed(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        .init(code: .migrationFailed, reason: reason, file: file, line: line)
    }
    public static func notFound(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        .init(code: .notFound, reason: reason, file: file, line: line)
    }
}

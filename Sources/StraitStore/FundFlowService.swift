// Strait — compliance gateway for cross-border fintech. Apache-2.0.

public import Ledger
import StraitCore

/// A fund-flow trace computed against a checkpoint: only payments whose audit entries the
/// checkpoint covers take part, so an auditor can replay the trace from the log as signed.
public struct CheckpointedTrace: Sendable {
    public var graph: TraceGraph
    public var checkpoint: StoredCheckpoint
}

/// Runs ``FundFlowTracer`` over a store against its latest checkpoint.
public enum FundFlowService {
    /// Traces `query`. When the latest checkpoint does not cover the whole log, `publish` is asked
    /// for a new one first, so the trace sees every payment stored so far (the HTTP API publishes on
    /// demand; the CLI, which does not sign, traces against the latest checkpoint as it is).
    ///
    /// - Throws: ``TraceError`` (`not_found`, `invalid_query`), ``LedgerQueryError`` `no_checkpoint`, ``StoreError``.
    public static func trace(
        _ query: TraceQuery, store: any StraitStore, publish: (@Sendable () async throws -> Void)? = nil
    ) async throws -> CheckpointedTrace {
        var checkpoint = try await store.latestCheckpoint()
        if let publish, try await store.auditHead().size > (checkpoint?.size ?? 0) || checkpoint == nil {
            try await publish()
            checkpoint = try await store.latestCheckpoint()
        }
        guard let checkpoint else {
            throw LedgerQueryError(code: "no_checkpoint", message: "no checkpoint has been published yet")
        }
        let source = CheckpointedTransfers(store: store, checkpointSize: checkpoint.size)
        let graph = try await FundFlowTracer().trace(query, source: source)
        return CheckpointedTrace(graph: graph, checkpoint: checkpoint)
    }

    /// Parses a duration such as `500ms`, `90s`, `15m`, `24h` or `30d` into milliseconds.
    public static func parseDuration(_ text: String) -> Int64? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            guard !number.isEmpty, number.allSatisfy(\.isASCII), let value = Int64(number), value >= 0 else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: factor)
            return overflow ? nil : product
        }
        return nil
    }
}

import Synchronization

/// A request, made from any thread, that running statements stop.
///
/// Pass one to `Transaction.run(_:_:cancellation:)` (or `query`,
/// `runScript`, and the `Store` shorthands) and call `cancel()` from
/// another thread or task. The statement stops at its next check and
/// throws `LoreError` `Cancelled`/`QueryCancelled`; like every failing
/// statement it leaves nothing behind, and the transaction may go on (or,
/// when the error leaves the `write` closure, nothing of it is committed).
///
/// ```swift
/// let cancellation = QueryCancellation()
/// Task.detached { try await Task.sleep(for: .seconds(5)); cancellation.cancel() }
/// let rows = try store.query("MATCH (a), (b) RETURN count(*)", cancellation: cancellation)
/// ```
///
/// Cost: statements check between rows, each operator at each row it hands
/// on (and a variable-length expansion at each step of its walk): one
/// relaxed atomic load, or only a nil test when no cancellation is given.
/// `cancel()` takes no lock and allocates nothing.
///
/// What can go wrong: work done inside one row runs to its end before the
/// statement stops, such as building a long list with `range()`, or
/// sorting the rows of an `ORDER BY` once all are read. A `cancel()` that
/// comes after a statement's last check does nothing: the statement returns
/// its result, and in a write transaction its changes stand. A cancellation
/// stays cancelled: a statement run with it later throws at once, so use a
/// new one for each statement to be stopped on its own.
public final class QueryCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Creates a cancellation that has not been requested.
    public init() {}

    /// Asks the statements running with this cancellation to stop. Safe
    /// from any thread; calling it again does nothing more.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    /// Whether `cancel()` was called.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }

    /// Throws `Cancelled`/`QueryCancelled` once `cancel()` was called.
    @inline(__always)
    func check() throws {
        if flag.load(ordering: .relaxed) { throw LoreError.cancelled }
    }
}

extension LoreError {
    /// The error of a statement stopped by its `QueryCancellation`.
    static var cancelled: LoreError { LoreError(.cancelled, "QueryCancelled", "the query was cancelled") }
}

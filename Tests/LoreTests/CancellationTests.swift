import Foundation
import Synchronization
import Testing

@testable import Lore

@Suite("Cancelling a running statement")
struct CancellationTests {
    /// Runs `body` on a thread of its own and cancels its cancellation from
    /// this one a moment after it started; returns what `body` gave, or nil
    /// when it did not end within a minute (it is then left running).
    ///
    /// The statements given are ones that would run for hours: whether the
    /// cancel lands before their first row or in the middle, only the
    /// cancellation ends them within the minute.
    private func runAndCancel<T: Sendable>(
        _ body: @escaping @Sendable (QueryCancellation) throws -> T
    ) -> Result<T, Error>? {
        let cancellation = QueryCancellation()
        let outcome = Mutex<Result<T, Error>?>(nil)
        let started = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            started.signal()
            let r = Result { try body(cancellation) }
            outcome.withLock { $0 = r }
            done.signal()
        }
        thread.stackSize = 16 << 20
        thread.start()
        started.wait()
        // Let it get under way; the outcome does not depend on this.
        Thread.sleep(forTimeInterval: 0.2)
        cancellation.cancel()
        guard done.wait(timeout: .now() + 60) == .success else { return nil }
        return outcome.withLock { $0 }
    }

    private func isCancelled<T>(_ result: Result<T, Error>?) -> Bool {
        guard case .failure(let e as LoreError)? = result else { return false }
        return e.kind == .cancelled && e.code == "QueryCancelled" && e.position == nil
    }

    private func nodeCount(_ store: Store) throws -> Value? {
        try store.query("MATCH (n) RETURN count(*) AS n").first?["n"]
    }

    @Test func aLongReadStopsWithCancelled() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try store.run("UNWIND range(1, 2000) AS i CREATE (:Item {i: i})")
            // 8 billion rows.
            let result = runAndCancel { c in
                try store.query("MATCH (a:Item), (b:Item), (c:Item) RETURN count(*) AS n", cancellation: c)
            }
            #expect(result != nil, "the query went on after the cancel")
            #expect(isCancelled(result), "\(String(describing: result))")
            // The store is as it was, and serves the next query.
            #expect(try nodeCount(store) == .int(2000))
        }
    }

    @Test func aVariableLengthWalkStopsWithCancelled() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            // Ten nodes, each linked to every other: the paths without a
            // repeated relationship from one node alone are beyond counting,
            // and they are all walked before the first row is handed on.
            try store.run("UNWIND range(1, 10) AS i CREATE (:P {i: i})")
            try store.run("MATCH (a:P), (b:P) WHERE a <> b CREATE (a)-[:L]->(b)")
            let result = runAndCancel { c in
                try store.query("MATCH (a:P {i: 1})-[*]->(b) RETURN count(*) AS n", cancellation: c)
            }
            #expect(result != nil, "the walk went on after the cancel")
            #expect(isCancelled(result), "\(String(describing: result))")
        }
    }

    @Test func aCancelledWriteLeavesNothingAndTheTransactionGoesOn() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try store.run("UNWIND range(1, 3000) AS i CREATE (:Item {i: i})")
            let result = runAndCancel { c in
                try store.write { tx -> [[Value]] in
                    try tx.run("CREATE (:Keep)")
                    // 9 million nodes, and as many property writes.
                    do {
                        try tx.run("MATCH (a:Item), (b:Item) CREATE (:Pair {a: a.i, b: b.i})", cancellation: c)
                        return []
                    } catch let e as LoreError where e.kind == .cancelled {
                        // Only the cancelled statement is undone.
                        return try tx.run("MATCH (k:Keep) OPTIONAL MATCH (p:Pair) RETURN count(k), count(p)").rows
                    }
                }
            }
            #expect(result != nil, "the write went on after the cancel")
            #expect(try result?.get() == [[.int(1), .int(0)]], "\(String(describing: result))")
            #expect(try store.query("MATCH (p:Pair) RETURN count(*) AS n").first?["n"] == .int(0))
            #expect(try store.query("MATCH (k:Keep) RETURN count(*) AS n").first?["n"] == .int(1))
            #expect(try store.check().isEmpty)
        }
    }

    @Test func aCancelledStatementOfItsOwnCommitsNothing() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try store.run("UNWIND range(1, 3000) AS i CREATE (:Item {i: i})")
            let result = runAndCancel { c in
                try store.run("MATCH (a:Item), (b:Item) SET a.seen = b.i", cancellation: c)
            }
            #expect(result != nil, "the write went on after the cancel")
            #expect(isCancelled(result), "\(String(describing: result))")
            #expect(
                try store.query("MATCH (a:Item) WHERE a.seen IS NOT NULL RETURN count(*) AS n").first?["n"] == .int(0))
            #expect(try store.check().isEmpty)
        }
    }

    @Test func aCancellationRequestedBeforehandStopsAtOnce() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            let cancellation = QueryCancellation()
            #expect(!cancellation.isCancelled)
            // Not requested: nothing changes.
            #expect(try store.run("RETURN 1 AS one", cancellation: cancellation).rows == [[.int(1)]])
            cancellation.cancel()
            #expect(cancellation.isCancelled)
            let error = #expect(throws: LoreError.self) {
                try store.run("CREATE (:Never)", cancellation: cancellation)
            }
            #expect(error?.kind == .cancelled)
            #expect(error?.description == "Cancelled (QueryCancelled): the query was cancelled")
            #expect(try nodeCount(store) == .int(0))
            // A script stops at its first statement.
            let scriptError = #expect(throws: LoreError.self) {
                try store.write { tx in
                    try tx.runScript("CREATE (:A);\nCREATE (:B);", cancellation: cancellation)
                }
            }
            #expect(scriptError?.kind == .cancelled)
            #expect(try nodeCount(store) == .int(0))
        }
    }
}

import Synchronization

/// Compiled statements by text, shared by all transactions of a store, so
/// that a statement run again skips parsing, binding and planning.
///
/// A plan is chosen from statistics; it is kept while the store's node
/// count stays within a factor of two of the count it was planned for, and
/// planned afresh after that. Holds at most `capacity` statements; when full
/// it starts over (a cache, not a registry).
final class PlanCache: Sendable {
    private struct Entry {
        var statement: CompiledStatement
        var nodeCount: Int64
    }
    private let entries = Mutex<[String: Entry]>([:])
    /// The node count of the latest snapshot a read asked about, with that
    /// snapshot's id: reads of one snapshot then skip the statistic's read.
    private let snapshotNodes = Mutex<(snapshot: Int, nodes: Int64)>((-1, 0))
    let capacity: Int

    init(capacity: Int = 1024) { self.capacity = capacity }

    func lookup(_ text: String, nodeCount: Int64) -> CompiledStatement? {
        entries.withLock { e in
            guard let entry = e[text] else { return nil }
            let n = max(entry.nodeCount, 1)
            guard nodeCount <= 2 * n + 64, 2 * nodeCount + 64 >= n else {
                e[text] = nil
                return nil
            }
            return entry.statement
        }
    }

    func store(_ text: String, _ statement: CompiledStatement, nodeCount: Int64) {
        entries.withLock { e in
            if e.count >= capacity { e.removeAll(keepingCapacity: true) }
            e[text] = Entry(statement: statement, nodeCount: nodeCount)
        }
    }

    /// The node count of read snapshot `snapshot` if it was noted, else
    /// `count()`'s, noted for the next read of that snapshot.
    func nodeCount(snapshot: Int, _ count: () throws -> Int64) rethrows -> Int64 {
        if let n = snapshotNodes.withLock({ $0.snapshot == snapshot ? $0.nodes : nil }) { return n }
        let n = try count()
        snapshotNodes.withLock { $0 = (snapshot, n) }
        return n
    }

    /// How many statements are cached.
    var count: Int { entries.withLock { $0.count } }
}

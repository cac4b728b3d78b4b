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

    /// How many statements are cached.
    var count: Int { entries.withLock { $0.count } }
}

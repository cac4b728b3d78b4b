import Testing

@testable import Lore

/// A statement's context, its evaluator and its storage transaction must be
/// freed when the statement ends: a cycle among them leaks a few kilobytes
/// per statement, which a long-running process that embeds the store
/// cannot afford.
@Suite("What a statement holds is freed when it ends")
struct StatementLifetimeTests {
    @Test func aContextThatEvaluatedIsFreedWithItsTransaction() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            let id = try store.write { tx in
                try tx.run("CREATE (n:P {name: 'a'}) RETURN id(n) AS id").rows[0][0]
            }
            guard case .int(let nodeID) = id else {
                Issue.record("no id came back: \(String(describing: id))")
                return
            }
            weak var context: QueryContext?
            weak var storage: StorageTransaction?
            try store.environment.read { kv in
                let s = StorageTransaction(
                    kv: kv, layout: store.layout, names: store.names, environment: store.environment)
                let c = QueryContext(storage: s, parameters: [:], subqueries: [], slotCount: 1)
                var row: [Datum] = [.node(UInt64(nodeID))]
                // Reading a property goes through the context's evaluator,
                // which is made (and kept) on first use.
                let name = try c.evaluator.evaluate(.property(.slot(0), "name"), &row)
                #expect(EvaluatorTests.Exact(name) == EvaluatorTests.Exact(Datum.string("a")))
                context = c
                storage = s
            }
            #expect(context == nil, "the statement's context outlived it")
            #expect(storage == nil, "the statement's storage transaction outlived it")
        }
    }
}

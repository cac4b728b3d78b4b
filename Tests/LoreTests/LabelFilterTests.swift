import Testing

@testable import Lore

/// A label test met on many rows switches, in a read-only transaction, from
/// reading each node's record to a bitmap of the label's nodes. Both must
/// give the same rows as a write transaction, which never switches.
@Suite("Label tests on many rows")
struct LabelFilterTests {
    /// 3,000 nodes reached from one hub; every second one is `:L`, every
    /// third one `:M`, so the `:L` ids are spread across many bitmap words
    /// and up to the last id.
    private func makeStore(_ dir: String) throws -> Store {
        let store = try Store(path: dir)
        try store.run(
            """
            CREATE (h:Hub)
            WITH h UNWIND range(0, 2999) AS i
            CREATE (h)-[:R]->(:N {i: i})
            """)
        try store.run("MATCH (n:N) WHERE n.i % 2 = 0 SET n:L")
        try store.run("MATCH (n:N) WHERE n.i % 3 = 0 SET n:M")
        // Many rows per node: each node also reached through 3 more hubs.
        try store.run("UNWIND range(1, 3) AS k CREATE (:Hub2 {k: k})")
        try store.run("MATCH (g:Hub2), (n:N) CREATE (g)-[:S]->(n)")
        return store
    }

    @Test func aBitmapGivesTheSameRowsAsRecordReads() throws {
        try withTemporaryDirectory { dir in
            let store = try makeStore(dir)
            let queries: [(String, Int64)] = [
                ("MATCH (:Hub)-[:R]->(n:L) RETURN count(*)", 1500),
                ("MATCH (:Hub)-[:R]->(n:L:M) RETURN count(*)", 500),
                ("MATCH (:Hub)-[:R]->(n:M:L) RETURN count(*)", 500),
                ("MATCH (:Hub)-[:R]->(n:Missing) RETURN count(*)", 0),
                ("MATCH (:Hub2)-[:S]->(n:L) RETURN count(*)", 4500),
                ("MATCH (:Hub2)-[:S]->(n:M) RETURN count(DISTINCT n)", 1000),
                ("MATCH (:Hub2)-[:S]->(n:L) WHERE n.i >= 2990 RETURN count(*)", 15),
            ]
            for (query, expected) in queries {
                let plan = try store.run("EXPLAIN " + query).plan ?? ""
                #expect(plan.contains("Filter "), "\(query): \(plan)")
                let read = try store.read { try $0.run(query).rows }
                let written = try store.write { try $0.run(query).rows }
                #expect(read == [[.int(expected)]], "\(query) in a read transaction")
                #expect(written == [[.int(expected)]], "\(query) in a write transaction")
            }
            // The last node carries :L: its bit is the highest one set.
            let last = try store.read {
                try $0.run("MATCH (:Hub)-[:R]->(n:L) RETURN max(n.i)").rows
            }
            #expect(last == [[.int(2998)]])
        }
    }
}

import Testing

@testable import Lore

/// `MATCH (n:L) RETURN n.p, count(*)` answered from the property index: it
/// must agree with the hash aggregation over every node.
@Suite("Group counts from the property index")
struct IndexGroupCountTests {
    private func bag(_ rows: [[Value]]) -> [String] { rows.map { "\($0)" }.sorted() }

    @Test func agreesWithAggregatingEveryNode() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            let long = String(repeating: "y", count: 450)
            try store.run(
                """
                UNWIND range(0, 299) AS i
                CREATE (:N {i: i, v: CASE i % 9
                    WHEN 0 THEN null WHEN 1 THEN i % 4 WHEN 2 THEN toFloat(i % 4) WHEN 3 THEN 'a' + toString((i / 9) % 3)
                    WHEN 4 THEN $long + toString(i % 5) WHEN 5 THEN 0.0 / 0.0 WHEN 6 THEN [i % 2, 'x']
                    WHEN 7 THEN i % 2 = 0 ELSE date('2026-01-0' + toString(1 + (i / 9) % 3)) END})
                """, ["long": .string(long)])
            try store.run("UNWIND range(1, 20) AS i CREATE (:M {v: i}), ({v: i})")
            for columns in ["n.v, count(*)", "n.v AS value, count(n) AS c, count(*) AS d", "count(*), n.v"] {
                let fast = "MATCH (n:N) RETURN \(columns)"
                let plan = try store.run("EXPLAIN " + fast).plan ?? ""
                #expect(plan.contains("NodeIndexGroupCount") && !plan.contains("Aggregation"), "\(plan)")
                let slow = "MATCH (n:N) WHERE n.i >= 0 RETURN \(columns)"
                #expect(!(try store.run("EXPLAIN " + slow).plan ?? "").contains("NodeIndexGroupCount"))
                let rows = try store.run(fast).rows
                #expect(bag(rows) == bag(try store.run(slow).rows))
                // null, 0..3 (ints and floats together), 3 strings, 5 long
                // strings, NaN, 2 lists, 2 booleans, 3 dates.
                #expect(rows.count == 1 + 4 + 3 + 5 + 1 + 2 + 2 + 3)
            }
            // Counts follow writes in the same transaction.
            try store.write { tx in
                try tx.run("MATCH (n:N) WHERE n.i < 10 DETACH DELETE n")
                try tx.run("CREATE (:N {v: 'a0'}), (:N)")
                #expect(
                    bag(try tx.run("MATCH (n:N) RETURN n.v, count(*)").rows)
                        == bag(try tx.run("MATCH (n:N) WHERE true RETURN n.v, count(*)").rows))
            }
            // An unknown label or property: no rows, or one null group.
            #expect(try store.run("MATCH (n:Nope) RETURN n.v, count(*)").rows.isEmpty)
            #expect(try store.run("MATCH (n:M) RETURN n.nope, count(*)").rows == [[.null, .int(20)]])
        }
    }

    @Test func otherShapesAggregateAsBefore() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try store.run("UNWIND range(1, 10) AS i CREATE (:N {v: i % 3, w: i})")
            for query in [
                "MATCH (n:N) RETURN n.v, count(DISTINCT n)",
                "MATCH (n:N) RETURN n.v, sum(n.w)",
                "MATCH (n:N) RETURN n.v, n.w, count(*)",
                "MATCH (n:N) RETURN n.v, count(n.v)",
                "MATCH (n) RETURN n.v, count(*)",
                "MATCH (n:N) RETURN n.v + 1, count(*)",
            ] {
                let plan = try store.run("EXPLAIN " + query).plan ?? ""
                #expect(!plan.contains("NodeIndexGroupCount"), "\(query)\n\(plan)")
            }
        }
    }
}

/// Counts grouped by the properties of an expansion's far end are taken
/// per element first; they must agree with counting every row.
@Suite("Counting per element first")
struct CountPerElementTests {
    @Test func agreesWithCountingEveryRow() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            // Hubs: node i of B is the target of many A's when i is small.
            // Fewer A's than B's: the plan starts at A and reaches B.
            try store.run(
                """
                UNWIND range(0, 59) AS i CREATE (:B {k: i % 7, j: CASE WHEN i % 3 = 0 THEN null ELSE i % 2 END, i: i})
                """)
            try store.run("UNWIND range(0, 29) AS i CREATE (:A {i: i})")
            try store.run(
                """
                MATCH (a:A), (b:B) WHERE b.i * b.i <= a.i * 6 OR (a.i + b.i) % 11 = 0
                CREATE (a)-[:R {w: CASE WHEN a.i % 4 = 0 THEN null ELSE a.i END}]->(b)
                """)
            try store.run("MATCH (b:B) WHERE b.i % 5 = 0 SET b:C")
            let cases: [(String, String)] = [
                (
                    "MATCH (a:A)-[:R]->(m:B) RETURN m.k, count(*)",
                    "MATCH (a:A)-[:R]->(m:B) RETURN m.k, size(collect(1))"
                ),
                (
                    "MATCH (a:A)-[r]-(m) RETURN m.k, m.j, count(r.w), count(*)",
                    "MATCH (a:A)-[r]-(m) RETURN m.k, m.j, size(collect(r.w)), size(collect(1))"
                ),
                (
                    "MATCH (a:A)-[:R]->(m:B) WHERE m.k + 0 > 2 AND m:C RETURN m.j AS j, count(a) AS n",
                    "MATCH (a:A)-[:R]->(m:B) WHERE m.k + 0 > 2 AND m:C RETURN m.j AS j, size(collect(a)) AS n"
                ),
                (
                    "MATCH (a:A)-[:R]->(m:B) RETURN m, m.k, count(*) ORDER BY count(*) DESC, m.i LIMIT 5",
                    "MATCH (a:A)-[:R]->(m:B) RETURN m, m.k, size(collect(1)) ORDER BY size(collect(1)) DESC, m.i LIMIT 5"
                ),
            ]
            for (number, (fast, slow)) in cases.enumerated() {
                let plan = try store.run("EXPLAIN " + fast).plan ?? ""
                #expect(plan.contains("= sum("), "\(fast)\n\(plan)")
                // count(r.w) needs the relationship's record: no fused count.
                #expect(plan.contains("ExpandCount") == (number != 1), "\(fast)\n\(plan)")
                let a = try store.run(fast).rows.map { "\($0)" }
                let b = try store.run(slow).rows.map { "\($0)" }
                #expect(a.sorted() == b.sorted(), "\(fast)")
                #expect(!a.isEmpty)
            }
            // Grouped by the scan's own node, or by two elements: as before.
            for query in [
                "MATCH (a:A)-[:R]->(m:B) RETURN a.i, count(*)",
                "MATCH (a:A)-[:R]->(m:B) RETURN a.i, m.k, count(*)",
                "MATCH (a:A)-[:R]->(m:B) RETURN m.k, sum(a.i)",
            ] {
                #expect(!(try store.run("EXPLAIN " + query).plan ?? "").contains("= sum(anon"), "\(query)")
            }
        }
    }
}

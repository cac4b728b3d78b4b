import Testing

@testable import Lore

/// ORDER BY on the property of a range seek, with LIMIT: the seek reads the
/// index in order, a chunk at a time, and the LIMIT stops it.
@Suite("Ordered range seeks")
struct OrderedSeekTests {
    /// The same query answered by sorting every row: the property is read
    /// through `coalesce`, which the planner cannot match to the index.
    private func sortedAnswer(_ store: Store, _ query: String, _ params: [String: Value]) throws -> [[Value]] {
        try store.run(query.replacingOccurrences(of: "ORDER BY n.v", with: "ORDER BY coalesce(n.v, 0)"), params).rows
    }

    @Test func chunksFollowOneAnotherAcrossTiesAndFilters() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            // 600 nodes, values 0..<150 four times over (ties cross chunk
            // ends), every third node filtered out, some with a float value.
            try store.run(
                "UNWIND range(0, 599) AS i CREATE (:N {i: i, v: CASE WHEN i % 7 = 0 THEN (i % 150) + 0.5 ELSE i % 150 END})"
            )
            for (order, limit) in [("", 5), (" DESC", 5), ("", 100), (" DESC", 250), (" DESC", 1000)] {
                let query =
                    "MATCH (n:N) WHERE n.v >= $lo AND n.v < $hi AND n.i % 3 <> 0 RETURN n.v, n.i ORDER BY n.v\(order) SKIP 2 LIMIT \(limit)"
                let params: [String: Value] = ["lo": .int(10), "hi": .double(140.5)]
                let plan = try store.run("EXPLAIN " + query, params).plan ?? ""
                #expect(plan.contains("ORDER BY N.v\(order)"), "\(plan)")
                #expect(!plan.contains("Top"), "\(plan)")
                let rows = try store.run(query, params).rows
                let expected = try sortedAnswer(store, query, params)
                // Ties may come in any order: the values must agree one by one.
                #expect(rows.map { $0[0] } == expected.map { $0[0] })
                #expect(rows.count == expected.count)
                #expect(rows.count == min(limit, 349))  // 351 rows pass the filter, 2 skipped
            }
        }
    }

    @Test func cutKeysAreOrderedByTheirWholeValue() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            // Strings longer than the index key: many share the cut prefix.
            let long = String(repeating: "x", count: 500)
            try store.run(
                "UNWIND range(0, 59) AS i CREATE (:N {v: CASE WHEN i % 2 = 0 THEN $long + toString(59 - i) ELSE 'a' + toString(i) END})",
                ["long": .string(long)])
            for order in ["", " DESC"] {
                let query = "MATCH (n:N) WHERE n.v > 'a3' AND n.v <= $hi RETURN n.v ORDER BY n.v\(order) LIMIT 25"
                let params: [String: Value] = ["hi": .string(long + "4")]
                #expect((try store.run("EXPLAIN " + query, params).plan ?? "").contains("ORDER BY N.v"))
                let rows = try store.run(query, params).rows
                #expect(rows == (try sortedAnswer(store, query, params)))
                #expect(rows.count == 25)
            }
        }
    }

    @Test func onlyTheDrivingSeekIsOrdered() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try store.run("UNWIND range(1, 50) AS i CREATE (:N {v: i})-[:R]->(:M {w: i})")
            // The seek feeds an expansion: still the outer loop.
            let hop =
                try store.run(
                    "EXPLAIN MATCH (n:N)-[:R]->(m:M) WHERE n.v > 10 RETURN m.w ORDER BY n.v DESC LIMIT 3"
                ).plan ?? ""
            #expect(hop.contains("ORDER BY N.v DESC") && !hop.contains("Top"), "\(hop)")
            #expect(
                try store.run("MATCH (n:N)-[:R]->(m:M) WHERE n.v > 10 RETURN m.w ORDER BY n.v DESC LIMIT 3").rows
                    == [[.int(50)], [.int(49)], [.int(48)]])
            // The node itself projected, and sorted by its property.
            for query in [
                "MATCH (n:N) WHERE n.v > 10 RETURN n ORDER BY n.v DESC LIMIT 2",
                "MATCH (n:N) WHERE n.v > 10 WITH n ORDER BY n.v DESC LIMIT 2 RETURN n.v",
            ] {
                let plan = try store.run("EXPLAIN " + query).plan ?? ""
                #expect(plan.contains("ORDER BY N.v DESC") && !plan.contains("Top"), "\(query)\n\(plan)")
            }
            #expect(
                try store.run("MATCH (n:N) WHERE n.v > 10 WITH n ORDER BY n.v DESC LIMIT 2 RETURN n.v").rows
                    == [[.int(50)], [.int(49)]])
            // Two sort keys, aggregation, or a seek below another scan: a top-k.
            for query in [
                "MATCH (n:N) WHERE n.v > 10 RETURN n.v ORDER BY n.v, n.v LIMIT 3",
                "MATCH (n:N) WHERE n.v > 10 RETURN n.v, count(*) ORDER BY n.v LIMIT 3",
                "MATCH (m:M) MATCH (n:N) WHERE n.v > m.w RETURN n.v ORDER BY n.v LIMIT 3",
                "MATCH (n:N) WHERE n.v > 10 RETURN n.v ORDER BY n.v",
            ] {
                let plan = try store.run("EXPLAIN " + query).plan ?? ""
                #expect(!plan.contains("ORDER BY"), "\(query)\n\(plan)")
            }
        }
    }
}

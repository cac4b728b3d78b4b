import Testing

@testable import Lore

@Suite("Query API")
struct QueryAPITests {
    struct Pair: Decodable, Equatable {
        let company: String
        let model: String
        let year: Int?
    }

    @Test func rowsDecodeIntoDecodableTypes() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try store.run(
                "CREATE (:Company {name: 'Zhipu AI'})-[:DEVELOPED {year: 2025}]->(:Model {name: 'GLM-4.5'}), (:Company {name: 'Moonshot AI'})-[:DEVELOPED]->(:Model {name: 'Kimi K2'})"
            )
            let pairs = try store.query(
                "MATCH (c:Company)-[r:DEVELOPED]->(m:Model) RETURN c.name AS company, m.name AS model, r.year AS year ORDER BY company",
                as: Pair.self)
            #expect(
                pairs == [
                    Pair(company: "Moonshot AI", model: "Kimi K2", year: nil),
                    Pair(company: "Zhipu AI", model: "GLM-4.5", year: 2025),
                ])
            struct Wrong: Decodable { let company: Int }
            #expect(throws: DecodingError.self) {
                _ = try store.query("MATCH (c:Company) RETURN c.name AS company", as: Wrong.self)
            }
            let rows = try store.query("MATCH (c:Company) RETURN c.name ORDER BY c.name")
            #expect(rows.map { $0["c.name"] } == ["Moonshot AI", "Zhipu AI"])
            #expect(rows[0][0] == "Moonshot AI")
        }
    }

    @Test func statementsAreCachedAndAFailingStatementLeavesNothing() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            for i in 0..<5 { try store.run("CREATE (:N {i: $i})", ["i": .int(Int64(i))]) }
            #expect(store.plans.count == 1)
            try store.write { tx in
                try tx.run("CREATE (:N {i: 100})")
                // The second statement fails at run time, after creating a node.
                #expect(throws: LoreError.self) { try tx.run("CREATE (:N {i: 200}) WITH 1 AS one RETURN 1 / 0") }
                #expect(try tx.run("MATCH (n:N) RETURN count(*)").rows == [[.int(6)]])
            }
            #expect(try store.check().isEmpty)
        }
    }

    @Test func aStatementOfThousandsOfClausesRuns() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            let creates = (0..<2000).map { "CREATE (:N {i: \($0)})" }.joined(separator: "\n")
            try store.run(creates)
            #expect(try store.run("MATCH (n:N) RETURN count(*), sum(n.i)").rows == [[.int(2000), .int(1_999_000)]])
        }
    }

    @Test func namesMadeByAFailedStatementAreForgottenWithIt() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try store.write { tx in
                // The statement interns a label and a key, then fails: both go.
                #expect(throws: LoreError.self) {
                    try tx.run("CREATE (:Fresh {p: 1}), (:Fresh {p: 3}) WITH 1 AS one RETURN 1 / 0")
                }
                #expect(try tx.labels().isEmpty)
                try tx.createNode(labels: ["Other"], properties: ["q": 1])
                try tx.createNode(labels: ["Fresh"], properties: ["p": 2])
                #expect(try tx.nodes(withLabel: "Fresh", where: "p", equals: 2).count == 1)
                #expect(try tx.run("MATCH (n:Fresh) RETURN n.p").rows == [[.int(2)]])
            }
            #expect(try store.check().isEmpty)
            #expect(try store.read { try $0.run("MATCH (n:Other) RETURN n.q").rows } == [[.int(1)]])
        }
    }

    @Test func explainAndProfileDescribeThePlan() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try store.run("UNWIND range(1, 10) AS i CREATE (:N {i: i})")
            let explain = try store.run("EXPLAIN MATCH (n:N) WHERE n.i = 3 RETURN n.i")
            #expect(explain.rows.isEmpty)
            #expect(explain.plan?.contains("NodeIndexSeek n N.i = 3") == true)
            let profile = try store.run("PROFILE MATCH (n:N) WHERE n.i > 7 RETURN n.i")
            #expect(profile.rows.count == 3)
            #expect(profile.plan?.contains("NodeIndexRangeSeek n N.i > 7 (rows: 3)") == true, "\(profile.plan ?? "")")
        }
    }
}

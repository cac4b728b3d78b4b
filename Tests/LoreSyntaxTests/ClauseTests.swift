import LoreSyntax
import Testing

@Suite("clauses and statements")
struct ClauseTests {
    @Test("MATCH with patterns in all directions, types, lengths and named paths")
    func match() {
        let statement = parsed(
            "OPTIONAL MATCH p = (a:A:B {k: 1})-[r:T|:U*1..3]->(b)<-[:S]-(c)--(d), (e)<-->(f) WHERE a.x > 1 RETURN p")
        guard case .match(let match)? = clauses(statement).first else {
            Issue.record("no match")
            return
        }
        #expect(match.optional)
        #expect(match.pattern.count == 2)
        let part = match.pattern[0]
        #expect(part.variable?.text == "p")
        #expect(part.element.start.labels.map(\.text) == ["A", "B"])
        #expect(part.element.start.properties != nil)
        let links = part.element.links
        #expect(links.map(\.relationship.direction) == [.outgoing, .incoming, .undirected])
        #expect(links[0].relationship.types.map(\.text) == ["T", "U"])
        #expect(links[0].relationship.length == PathLength(minimum: 1, maximum: 3))
        #expect(match.pattern[1].element.links[0].relationship.direction == .undirected)
        #expect(match.predicate != nil)
    }

    @Test(
        "variable lengths",
        arguments: [
            ("*", nil, nil), ("*2", 2, 2), ("*1..3", 1, 3), ("*..3", nil, 3), ("*2..", 2, nil),
        ] as [(String, Int64?, Int64?)])
    func lengths(text: String, minimum: Int64?, maximum: Int64?) {
        guard case .match(let match)? = clauses(parsed("MATCH (a)-[\(text)]->(b) RETURN a")).first else { return }
        #expect(match.pattern[0].element.links[0].relationship.length == PathLength(minimum: minimum, maximum: maximum))
    }

    @Test("projections keep the text of unaliased items as their column names")
    func columnNames() {
        let projection = returned("MATCH (n) RETURN n.name, count( * ), n.age AS age, 1+2")
        #expect(projection?.items.map(\.columnName) == ["n.name", "count( * )", "age", "1+2"])
    }

    @Test("WITH and RETURN: DISTINCT, *, ORDER BY, SKIP, LIMIT, WHERE")
    func projection() {
        let statement = parsed(
            "MATCH (n) WITH DISTINCT *, n.a AS a ORDER BY a DESC, n.b ASCENDING SKIP 1 LIMIT 2 WHERE a > 0 RETURN a")
        guard case .with(let with)? = clauses(statement).dropFirst().first else {
            Issue.record("no with")
            return
        }
        #expect(with.projection.distinct && with.projection.includesAll)
        #expect(with.projection.orderBy.map(\.direction) == [.descending, .ascending])
        #expect(with.projection.skip == int(1) && with.projection.limit == int(2))
        #expect(with.predicate != nil)
    }

    @Test("writing clauses")
    func writing() {
        let all = clauses(
            parsed("MATCH (n) SET n.a = 1, n = {b: 2}, n += {c: 3}, n:L:M REMOVE n.a, n:L DETACH DELETE n"))
        guard case .set(let set) = all[1], case .remove(let remove) = all[2], case .delete(let delete) = all[3] else {
            Issue.record("wrong clauses")
            return
        }
        #expect(
            set.items.map(\.kind) == [
                .property(target: prop(v("n"), "a"), value: int(1)),
                .replaceProperties(
                    variable: Name("n"), value: Expression(.map([MapEntry(key: Name("b"), value: int(2))]))),
                .mergeProperties(
                    variable: Name("n"), value: Expression(.map([MapEntry(key: Name("c"), value: int(3))]))),
                .labels(variable: Name("n"), labels: [Name("L"), Name("M")]),
            ])
        #expect(
            remove.items.map(\.kind) == [
                .property(prop(v("n"), "a")), .labels(variable: Name("n"), labels: [Name("L")]),
            ])
        #expect(delete.detach)
        let merge = clauses(parsed("MERGE (n:P {k: 1}) ON CREATE SET n.c = 1 ON MATCH SET n.m = 2"))
        guard case .merge(let mergeClause)? = merge.first else { return }
        #expect(mergeClause.actions.map(\.trigger) == [.onCreate, .onMatch])
    }

    @Test("UNWIND, UNION and UNION ALL")
    func unwindAndUnion() {
        guard case .query(let query)? = parsed("UNWIND [1, 2] AS x RETURN x UNION ALL RETURN 3 AS x")?.body else {
            return
        }
        #expect(query.unions.count == 1 && query.unions[0].all)
        #expect(
            syntaxError("RETURN 1 AS a UNION RETURN 2 AS a UNION ALL RETURN 3 AS a")?.code == .invalidClauseComposition)
    }

    @Test("schema commands, EXPLAIN, PROFILE and the optional ';'")
    func statements() {
        let create = parsed("CREATE CONSTRAINT company_key IF NOT EXISTS FOR (c:Company) REQUIRE c.key IS UNIQUE;")
        #expect(
            create?.body
                == .createConstraint(
                    CreateConstraint(
                        name: Name("company_key"), ifNotExists: true, variable: Name("c"), label: Name("Company"),
                        properties: [prop(v("c"), "key")])))
        let bare = parsed("create constraint for (c:Company) require c.key is unique")
        #expect(
            bare?.body
                == .createConstraint(
                    CreateConstraint(
                        name: nil, ifNotExists: false, variable: Name("c"), label: Name("Company"),
                        properties: [prop(v("c"), "key")])))
        #expect(
            parsed("DROP CONSTRAINT company_key IF EXISTS")?.body
                == .dropConstraint(DropConstraint(name: Name("company_key"), ifExists: true)))
        #expect(parsed("SHOW CONSTRAINTS")?.body == .showConstraints)
        #expect(parsed("EXPLAIN MATCH (n) RETURN n")?.mode == .explain)
        #expect(parsed("PROFILE MATCH (n) RETURN n")?.mode == .profile)
    }

    @Test(
        "clause order follows productions [4]-[6]",
        arguments: [
            "MATCH (n)", "RETURN 1 RETURN 2", "CREATE (n) MATCH (m) RETURN m", "MATCH (n) WITH n",
        ])
    func composition(text: String) {
        #expect(syntaxError(text)?.code == .invalidClauseComposition, "\(text)")
    }

    @Test(
        "unsupported openCypher constructs are named",
        arguments: [
            "CALL db.labels()", "MATCH (n) RETURN n {.name}", "MATCH (n) WHERE EXISTS { MATCH (n)-->() } RETURN n",
            "RETURN reduce(a = 0, x IN [1] | a + x)", "MATCH p = shortestPath((a)-[*]-(b)) RETURN p",
            "MATCH (n:A|B) RETURN n", "FOREACH (x IN [1] | CREATE ())",
        ])
    func unsupported(text: String) {
        #expect(syntaxError(text)?.code == .unsupportedConstruct, "\(text)")
    }
}

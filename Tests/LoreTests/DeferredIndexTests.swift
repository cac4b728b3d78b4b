import Testing

@testable import Lore

/// `createNode` and `createRelationship` hold their index entries back and
/// write them in key order later: whatever reads next must still see them.
@Suite("Index entries held back by record creation")
struct DeferredIndexTests {
    @Test func readsInTheSameTransactionSeeEveryHeldBackEntry() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try store.write { tx throws in
                let z = try tx.createNode(labels: ["Company"], properties: ["key": "zhipu-ai", "name": "Zhipu AI"])
                let g = try tx.createNode(labels: ["Model"], properties: ["key": "glm-4.5", "params": 355])
                let r = try tx.createRelationship("RELEASED", from: z, to: g)
                #expect(try tx.nodes(withLabel: "Company", where: "key", equals: "zhipu-ai") == [z])
                #expect(try tx.neighbours(of: z, type: "RELEASED") == [g])
                #expect(try tx.relationships(of: g, direction: .incoming).map(\.id) == [r])
                let h = try tx.createNode(labels: ["Model"], properties: ["key": "glm-4.6", "params": 355])
                try tx.createRelationship("RELEASED", from: z, to: h)
                let rows = try tx.query(
                    "MATCH (c:Company {key: 'zhipu-ai'})-[:RELEASED]->(m:Model) WHERE m.params = 355 RETURN m.key ORDER BY m.key"
                )
                #expect(rows.map { $0["m.key"] } == ["glm-4.5", "glm-4.6"])
                #expect(
                    Dictionary(uniqueKeysWithValues: try tx.labels().map { ($0.name, $0.count) })
                        == ["Company": 1, "Model": 2])
            }
            #expect(try store.check().isEmpty)
        }
    }

    @Test func aUniquenessConstraintStillSeesEveryEarlierNode() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try store.write { tx throws in
                #expect(try tx.createUniqueConstraint(name: "company_key", label: "Company", property: "key"))
                try tx.createNode(labels: ["Company"], properties: ["key": "a", "country": "China"])
                let error = try #require(throws: LoreError.self) {
                    try tx.createNode(labels: ["Company"], properties: ["key": "a"])
                }
                #expect(error.code == "UniquenessViolation")
                // The failed call left nothing behind; the transaction goes on.
                try tx.createNode(labels: ["Company"], properties: ["key": "b", "country": "China"])
                // A constraint declared after held-back duplicates finds them.
                let late = try #require(throws: LoreError.self) {
                    try tx.createUniqueConstraint(name: "company_country", label: "Company", property: "country")
                }
                #expect(late.kind == .constraintVerificationFailed)
            }
            try store.read { tx throws in
                #expect(try tx.nodes(withLabel: "Company").count == 2)
                #expect(try tx.nodes(withLabel: "Company", where: "country", equals: "China").count == 2)
            }
            #expect(try store.check().isEmpty)
        }
    }

    @Test func aStatementThatFailsAfterCreationsLosesNoneOfThem() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try store.write { tx throws in
                let a = try tx.createNode(labels: ["Person"], properties: ["key": "a", "age": 30])
                let b = try tx.createNode(labels: ["Person"], properties: ["key": "b", "age": 40])
                try tx.createRelationship("KNOWS", from: a, to: b)
                #expect(throws: LoreError.self) {
                    try tx.run("MATCH (p:Person) CREATE (q:Person {key: p.key + '!'}) WITH q RETURN 1 / 0")
                }
            }
            try store.read { tx throws in
                let rows = try tx.query("MATCH (p:Person {age: 40})<-[:KNOWS]-(q:Person) RETURN q.key")
                #expect(rows.map { $0["q.key"] } == ["a"])
                #expect(try tx.nodeCount() == 2)
            }
            #expect(try store.check().isEmpty)
        }
    }

    /// A load into a store that already holds data: new entries fall before,
    /// between and after the old keys, and some join old nodes' adjacency.
    @Test func aLoadIntoAFilledStoreKeepsEveryIndexInStep() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            var rng = SeededGenerator(seed: 7)
            var old: [NodeID] = []
            try store.write { tx throws in
                for i in 0..<300 {
                    old.append(
                        try tx.createNode(
                            labels: ["Item"], properties: ["key": .string("k\(i * 3)"), "n": .int(Int64(i % 17))]))
                }
                for i in 1..<old.count { try tx.createRelationship("NEXT", from: old[i - 1], to: old[i]) }
            }
            try store.write { tx throws in
                var new: [NodeID] = []
                for i in 0..<600 {
                    new.append(
                        try tx.createNode(
                            labels: ["Item"], properties: ["key": .string("k\(i * 3 + 1)"), "n": .int(Int64(i % 23))]))
                }
                for _ in 0..<2000 {
                    let pool = Bool.random(using: &rng) ? old : new
                    let a = pool.randomElement(using: &rng)!
                    let b = (Bool.random(using: &rng) ? old : new).randomElement(using: &rng)!
                    try tx.createRelationship(Bool.random(using: &rng) ? "NEXT" : "LINK", from: a, to: b)
                }
            }
            try store.read { tx throws in
                #expect(try tx.nodes(withLabel: "Item", where: "key", equals: "k4").count == 1)
                let fives = (0..<300).filter { $0 % 17 == 5 }.count + (0..<600).filter { $0 % 23 == 5 }.count
                #expect(try tx.nodes(withLabel: "Item", where: "n", equals: 5).count == fives)
                #expect(try tx.relationshipCount() == 299 + 2000)
            }
            #expect(try store.check().isEmpty)
        }
    }

    /// Written in key order, the indexes fill their pages: the same data
    /// takes less room than when each entry goes in as it comes.
    @Test func heldBackEntriesTakeLessRoomThanEntriesPutOneByOne() throws {
        var rng = SeededGenerator(seed: 11)
        let keys = (0..<4000).map { _ in "item-\(UInt32.random(in: 0...UInt32.max, using: &rng))" }
        let edges = (0..<12000).map { _ in
            (Int.random(in: 0..<4000, using: &rng), Int.random(in: 0..<4000, using: &rng))
        }
        func load(_ records: Bool) throws -> Int {
            try withTemporaryDirectory { dir in
                let store = try Store(path: dir)
                try store.write { tx throws in
                    if records {
                        let ids = try keys.map { try tx.createNode(labels: ["Item"], properties: ["key": .string($0)]) }
                        for (a, b) in edges { try tx.createRelationship("LINK", from: ids[a], to: ids[b]) }
                    } else {
                        // Statements write their entries as they go.
                        try tx.run(
                            "UNWIND $keys AS k CREATE (:Item {key: k})", ["keys": .list(keys.map { .string($0) })])
                        try tx.run(
                            """
                            UNWIND $edges AS e MATCH (a:Item {key: e[0]}), (b:Item {key: e[1]})
                            CREATE (a)-[:LINK]->(b)
                            """,
                            ["edges": .list(edges.map { .list([.string(keys[$0.0]), .string(keys[$0.1])]) })])
                    }
                }
                #expect(try store.check().isEmpty)
                return try store.usedBytes()
            }
        }
        let (held, oneByOne) = (try load(true), try load(false))
        #expect(held < oneByOne, "held back: \(held) bytes, one by one: \(oneByOne)")
    }
}

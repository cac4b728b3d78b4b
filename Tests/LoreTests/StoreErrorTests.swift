import Foundation
import LoreKV
import Testing

@testable import Lore

@Suite("Bad input gets a clear error and loses nothing")
struct StoreErrorTests {
    @Test func aPathThatIsAFileIsRefused() throws {
        try withTemporaryDirectory { dir in
            let file = dir + "/plain-file"
            _ = FileManager.default.createFile(atPath: file, contents: Data("hello".utf8))
            let error = try #require(throws: LoreError.self) { try Store(path: file) }
            #expect(error.kind == .ioError)
            #expect(error.code == "NotADirectory")
            #expect(error.message.contains(file))
            // Nothing was lost.
            #expect(FileManager.default.contents(atPath: file) == Data("hello".utf8))
        }
    }

    @Test func aDirectoryHoldingAnotherFileIsCorruptNotACrash() throws {
        try withTemporaryDirectory { dir in
            let garbage = Data((0..<65536).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            _ = FileManager.default.createFile(atPath: dir + "/data.mdb", contents: garbage)
            let error = try #require(throws: LoreError.self) { try Store(path: dir) }
            #expect(error.kind == .storageError)
            #expect(error.code == "Corrupted")
            #expect(FileManager.default.contents(atPath: dir + "/data.mdb") == garbage)
        }
    }

    @Test func anIncompatibleFormatVersionIsRefused() throws {
        try withTemporaryDirectory { dir in
            do {
                let store = try Store(path: dir)
                try store.write { tx in _ = try tx.createNode(labels: ["Kept"]) }
            }
            let env = try Environment(path: dir)
            let meta = try env.openDatabases([("meta", [])], create: false)[0]
            _ = try env.write { txn in try txn.put(meta, Array("format".utf8), [0, 0, 0, 99]) }
            let error = try #require(throws: LoreError.self) { try Store(path: dir) }
            #expect(error.kind == .storageError)
            #expect(error.code == "FormatVersion")
            #expect(error.message.contains("version 99"))
            // Put the version back: the data is still there.
            _ = try env.write { txn in try txn.put(meta, Array("format".utf8), [0, 0, 0, 1]) }
            #expect(try Store(path: dir).read { try $0.nodeCount() } == 1)
        }
    }

    @Test func aReadOnlyOpenOfNothingIsAClearError() throws {
        try withTemporaryDirectory { dir in
            var options = Store.Options()
            options.readOnly = true
            let error = try #require(throws: LoreError.self) { try Store(path: dir + "/absent", options: options) }
            #expect(error.kind == .ioError || error.kind == .storageError)
        }
    }

    @Test func writesInAReadTransactionAreRefused() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            let error = try #require(throws: LoreError.self) {
                try store.read { tx in try tx.createNode(labels: ["X"]) }
            }
            #expect(error.code == "ReadOnly")
        }
    }

    @Test func aNameTooLongForAKeyIsRefusedAndTheTransactionGoesOn() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try store.write { tx throws in
                let long = String(repeating: "k", count: 600)
                let error = try #require(throws: LoreError.self) { try tx.createNode(labels: [long]) }
                #expect(error.code == "NameTooLong")
                #expect(error.kind == .argumentError)
                _ = try tx.createNode(labels: ["Fine"])
            }
            #expect(try store.read { try $0.nodeCount() } == 1)
            #expect(try store.check().isEmpty)
        }
    }

    @Test func valuesLongerThanAKeyAreIndexedByPrefixAndRechecked() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            let shared = String(repeating: "p", count: 5000)
            let a = Value.string(shared + "a")
            let b = Value.string(shared + "b")
            let (ida, idb) = try store.write { tx throws in
                (
                    try tx.createNode(labels: ["Doc"], properties: ["text": a]),
                    try tx.createNode(labels: ["Doc"], properties: ["text": b])
                )
            }
            try store.read { tx throws in
                #expect(try tx.nodes(withLabel: "Doc", where: "text", equals: a) == [ida])
                #expect(try tx.nodes(withLabel: "Doc", where: "text", equals: b) == [idb])
                #expect(try tx.nodes(withLabel: "Doc", where: "text", equals: .string(shared)) == [])
                #expect(Set(try tx.nodes(withLabel: "Doc", where: "text", startingWith: shared)) == [ida, idb])
                #expect(try tx.nodes(withLabel: "Doc", where: "text", startingWith: shared + "b") == [idb])
                #expect(try tx.nodes(withLabel: "Doc", where: "text", from: .init(b), to: nil) == [idb])
                #expect(try tx.nodes(withLabel: "Doc", where: "text", from: nil, to: .init(a, inclusive: false)) == [])
            }
            #expect(try store.check().isEmpty)
        }
    }

    @Test func mapsAndNestedListsCannotBeStored() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try store.write { tx throws in
                #expect(throws: LoreError.self) { try tx.createNode(properties: ["m": ["a": 1]]) }
                #expect(throws: LoreError.self) { try tx.createNode(properties: ["l": [[1]]]) }
                let id = try tx.createNode(properties: ["ok": [1, 2.5, "x"]])
                let error = try #require(throws: LoreError.self) { try tx.setProperty("m", to: ["a": 1], on: id) }
                #expect(error.kind == .typeError)
            }
            #expect(try store.read { try $0.nodeCount() } == 1)
        }
    }

    @Test func missingEntitiesAreEntityNotFound() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try store.write { tx throws in
                let e1 = try #require(throws: LoreError.self) { try tx.setProperty("x", to: 1, on: NodeID(42)) }
                #expect(e1.kind == .entityNotFound)
                let e2 = try #require(throws: LoreError.self) {
                    try tx.createRelationship("R", from: NodeID(1), to: NodeID(2))
                }
                #expect(e2.kind == .entityNotFound)
                #expect(try tx.deleteNode(NodeID(5)) == false)
                #expect(try tx.node(NodeID(5)) == nil)
            }
            // Nodes made and deleted in one transaction: a relationship needs both ends still there.
            try store.write { tx throws in
                let a = try tx.createNode(labels: ["A"])
                let b = try tx.createNode(labels: ["A"])
                try tx.createRelationship("R", from: a, to: b)
                let beyond = NodeID(b.rawValue + 1)
                let e1 = try #require(throws: LoreError.self) { try tx.createRelationship("R", from: a, to: beyond) }
                #expect(e1.kind == .entityNotFound)
                try tx.deleteNode(b, detach: true)
                let e2 = try #require(throws: LoreError.self) { try tx.createRelationship("R", from: b, to: a) }
                #expect(e2.kind == .entityNotFound)
                try tx.createRelationship("R", from: a, to: try tx.createNode())
            }
            #expect(try store.check().isEmpty)
        }
    }

    @Test func aClosedTransactionCannotBeUsed() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            let escaped = try store.read { $0 }
            let error = try #require(throws: LoreError.self) { try escaped.nodeCount() }
            #expect(error.code == "TransactionClosed")
        }
    }
}

@Suite("Unique constraints")
struct UniqueConstraintTests {
    @Test func aViolationRollsBackTheTransactionAndKeepsEarlierData() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try store.write { tx throws in
                try tx.createUniqueConstraint(name: "company_key", label: "Company", property: "key")
                try tx.createNode(labels: ["Company"], properties: ["key": "zhipu-ai"])
            }
            let error = try #require(throws: LoreError.self) {
                try store.write { tx throws in
                    try tx.createNode(labels: ["Company"], properties: ["key": "moonshot-ai"])
                    try tx.createNode(labels: ["Company"], properties: ["key": "zhipu-ai"])
                }
            }
            #expect(error.kind == .constraintVerificationFailed)
            #expect(error.code == "UniquenessViolation")
            #expect(error.message.contains("zhipu-ai"))
            try store.read { tx throws in
                #expect(try tx.nodeCount() == 1)
                #expect(try tx.nodes(withLabel: "Company", where: "key", equals: "moonshot-ai").isEmpty)
            }
            #expect(try store.check().isEmpty)
        }
    }

    @Test func everyWayOfBreakingItIsCaught() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try store.write { tx throws in
                try tx.createUniqueConstraint(name: "k", label: "Company", property: "key")
                let a = try tx.createNode(labels: ["Company"], properties: ["key": 1])
                // 1.0 equals 1.
                #expect(throws: LoreError.self) { try tx.createNode(labels: ["Company"], properties: ["key": 1.0]) }
                let b = try tx.createNode(labels: ["Company"], properties: ["key": 2])
                #expect(throws: LoreError.self) { try tx.setProperty("key", to: 1, on: b) }
                // A node gaining the label.
                let c = try tx.createNode(labels: ["Other"], properties: ["key": 2])
                #expect(throws: LoreError.self) { try tx.addLabel("Company", to: c) }
                // Setting a node's value to itself is fine.
                try tx.setProperty("key", to: 1, on: a)
                // Other labels are free.
                try tx.createNode(labels: ["Model"], properties: ["key": 1])
                // A failed call changed nothing.
                #expect(try tx.node(b)?.properties["key"] == 2)
                #expect(try tx.node(c)?.labels == ["Other"])
            }
            #expect(try store.check().isEmpty)
        }
    }

    @Test func creatingItOverDuplicatesFailsAndNamesClash() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try store.write { tx throws in
                try tx.createNode(labels: ["Model"], properties: ["key": "glm"])
                try tx.createNode(labels: ["Model"], properties: ["key": "glm"])
                let e = try #require(throws: LoreError.self) {
                    try tx.createUniqueConstraint(name: "m", label: "Model", property: "key")
                }
                #expect(e.code == "ConstraintCreationFailed")
                try tx.createUniqueConstraint(name: "p", label: "Person", property: "key")
                #expect(
                    try tx.createUniqueConstraint(name: "p", label: "Person", property: "key", ifNotExists: true)
                        == false)
                #expect(throws: LoreError.self) {
                    try tx.createUniqueConstraint(name: "p", label: "Person", property: "name")
                }
                #expect(try tx.constraints() == [Constraint(name: "p", label: "Person", property: "key")])
                #expect(try tx.dropConstraint(name: "p"))
                #expect(throws: LoreError.self) { try tx.dropConstraint(name: "p") }
                #expect(try tx.dropConstraint(name: "p", ifExists: true) == false)
            }
        }
    }
}

@Suite("Map growth")
struct MapGrowthTests {
    @Test func aTinyMapGrowsThroughSeveralMapFullEventsUnseen() throws {
        try withTemporaryDirectory { dir in
            var options = Store.Options()
            options.initialMapSize = 256 << 10
            let store = try Store(path: dir, options: options)
            var runs = 0
            try store.write { tx throws in
                runs += 1
                for i in 0..<30_000 {
                    try tx.createNode(
                        labels: ["Bulk"],
                        properties: ["i": .int(Int64(i)), "pad": .string(String(repeating: "z", count: 40))])
                }
            }
            #expect(store.mapGrowthCount >= 3, "grew \(store.mapGrowthCount) times")
            #expect(runs == store.mapGrowthCount + 1)
            #expect(try store.read { try $0.nodeCount() } == 30_000)
            #expect(try store.check().isEmpty)
        }
    }
}

@Suite("Record API")
struct RecordAPITests {
    @Test func aNodeAndItsRelationshipsRoundTrip() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            let (z, g, r) = try store.write { tx throws in
                let z = try tx.createNode(
                    labels: ["Company"], properties: ["key": "zhipu-ai", "aliases": ["Z.ai", "Zhipu"]])
                let g = try tx.createNode(
                    labels: ["Model"],
                    properties: ["key": "glm-4.5", "released": .date(CalendarDate(iso: "2025-07-28")!)])
                let r = try tx.createRelationship("DEVELOPED", from: z, to: g, properties: ["source": "000.txt"])
                return (z, g, r)
            }
            try store.read { tx throws in
                let node = try #require(try tx.node(z))
                #expect(node.labels == ["Company"])
                #expect(node["aliases"] == ["Z.ai", "Zhipu"])
                #expect(
                    try tx.relationship(r)
                        == Relationship(id: r, type: "DEVELOPED", start: z, end: g, properties: ["source": "000.txt"]))
                #expect(try tx.neighbours(of: z, type: "DEVELOPED") == [g])
                #expect(try tx.neighbours(of: g, direction: .incoming) == [z])
                #expect(try tx.neighbours(of: z, type: "NOPE") == [])
            }
            // Detaching removes the relationship and every index entry.
            try store.write { tx throws in #expect(try tx.deleteNode(z, detach: true)) }
            try store.read { tx throws in
                #expect(try tx.relationship(r) == nil)
                #expect(try tx.relationshipCount() == 0)
                #expect(try tx.nodes(withLabel: "Company", where: "key", equals: "zhipu-ai").isEmpty)
                #expect(try tx.relationships(of: g).isEmpty)
            }
            #expect(try store.check().isEmpty)
        }
    }

    @Test func idsAreNeverReused() throws {
        try withTemporaryDirectory { dir in
            let first = try Store(path: dir).write { tx -> NodeID in
                let id = try tx.createNode()
                try tx.deleteNode(id)
                return id
            }
            let second = try Store(path: dir).write { tx in try tx.createNode() }
            #expect(second > first)
        }
    }
}

@Suite("Relationship types the store has never seen")
struct UnknownTypeTests {
    @Test func anUnknownTypeMatchesNothing() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            let a = try store.write { tx -> NodeID in
                let a = try tx.createNode(labels: ["A"])
                try tx.createRelationship("KNOWS", from: a, to: try tx.createNode())
                return a
            }
            try store.read { tx throws in
                #expect(try tx.relationships(of: a, types: ["NOPE"]).isEmpty)
                #expect(try tx.relationships(of: a, types: ["KNOWS", "KNOWS"]).count == 1)
                #expect(try tx.run("MATCH (a:A)-[r:NOPE]->() RETURN r").rows.isEmpty)
                #expect(try tx.run("MATCH (a:A)-[r:KNOWS|KNOWS]->() RETURN r").rows.count == 1)
                #expect(try tx.run("MATCH (a:A)-[r:NOPE|KNOWS]->() RETURN r").rows.count == 1)
            }
        }
    }
}

import Foundation
import Lore
import LoreKV
import Testing

@Suite("lore check")
struct CheckCommandTests {
    @Test func aConsistentStorePasses() throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir + "/s")
            try store.write { tx in
                let a = try tx.createNode(labels: ["Company"], properties: ["key": "a", "n": 1])
                let b = try tx.createNode(labels: ["Model"], properties: ["key": "b"])
                try tx.createRelationship("DEVELOPED", from: a, to: b)
            }
            let r = try run("lore", ["check", "--db", dir + "/s"])
            #expect(r.status == 0)
            #expect(r.output.contains("ok: 2 nodes, 1 relationships"))
        }
    }

    @Test func everyKindOfDisagreementIsReported() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/s"
            do {
                let store = try Store(path: path)
                try store.write { tx in
                    let a = try tx.createNode(labels: ["Company"], properties: ["key": "a"])
                    let b = try tx.createNode(labels: ["Model"], properties: ["key": "b"])
                    try tx.createRelationship("DEVELOPED", from: a, to: b)
                }
            }
            // Damage the indexes behind the store's back.
            let env = try Environment(path: path)
            let dbs = try env.openDatabases(
                [
                    ("label.idx", [.duplicateSort, .duplicateFixed]), ("out", [.duplicateSort, .duplicateFixed]),
                    ("stats", []),
                ], create: false)
            try env.write { txn in
                // A label entry for a node that does not exist.
                try txn.put(dbs[0], [0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 99])
                // Node 0 loses its outgoing adjacency.
                try txn.delete(dbs[1], [0, 0, 0, 0, 0, 0, 0, 0])
                // The node count is wrong.
                try txn.put(dbs[2], [1], [0, 0, 0, 0, 0, 0, 0, 7])
            }
            let r = try run("lore", ["check", "--db", path])
            #expect(r.status == 1)
            #expect(r.output.contains("label.idx: entry"))
            #expect(r.output.contains("out: 1 entries the records imply are missing"))
            #expect(r.output.contains("statistic nodes: stored 7, counted 2"))
            #expect(r.output.contains("3 problems found"))
        }
    }

    @Test func aMissingStoreIsAClearError() throws {
        try withTemporaryDirectory { dir in
            let r = try run("lore", ["check", "--db", dir + "/nothing-here"])
            #expect(r.status == 1)
            #expect(r.errors.contains("error:"))
        }
    }
}

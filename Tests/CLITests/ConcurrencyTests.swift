import Foundation
import Lore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Real processes sharing a store", .serialized)
struct ConcurrencyTests {
    @Test func aReaderKeepsItsSnapshotWhileAnotherProcessCommits() throws {
        try withTemporaryDirectory { dir in
            let db = dir + "/store"
            #expect(try run("lore-stress", ["write", db, "1", "100"]).status == 0)
            let reader = try Child("lore-stress", ["hold", db])
            #expect(reader.readLine() == "count 100")
            // Another process commits while the read transaction is open.
            let writer = try run("lore-stress", ["write", db, "3", "500"])
            #expect(writer.status == 0, "\(writer.errors)")
            #expect(writer.output.split(separator: "\n").last == "committed 2")
            reader.send("go")
            #expect(reader.readLine() == "count 100", "the open snapshot must not change")
            #expect(reader.readLine() == "count 1600", "a new reader sees the commits")
            #expect(reader.finish().status == 0)
            let check = try run("lore", ["check", "--db", db])
            #expect(check.status == 0, "\(check.output)")
        }
    }

    @Test func aWriterKilledMidTransactionLosesOnlyThatTransaction() throws {
        try withTemporaryDirectory { dir in
            let db = dir + "/store"
            let batch = 20_000
            let writer = try Child("lore-stress", ["write", db, "1000", String(batch)])
            var announced = -1
            while announced < 2, let line = writer.readLine() {
                if line.hasPrefix("committed ") { announced = Int(line.dropFirst(10)) ?? announced }
            }
            #expect(announced >= 2)
            // Let it get well into the next transaction, then kill it.
            usleep(150_000)
            writer.kill(SIGKILL)
            let ended = writer.finish()
            #expect(ended.status != 0)
            for line in ended.output.split(separator: "\n") where line.hasPrefix("committed ") {
                announced = Int(line.dropFirst(10)) ?? announced
            }

            let store = try Store(path: db)
            let issues = try store.check()
            #expect(issues.isEmpty, "\(issues)")
            let perBatch = try store.read { tx -> [Int64: Int] in
                var counts: [Int64: Int] = [:]
                for id in try tx.nodes(withLabel: "Batch") {
                    if case .int(let b)? = try tx.node(id)?.properties["batch"] { counts[b, default: 0] += 1 }
                }
                return counts
            }
            // Exactly the committed transactions: a prefix of whole batches,
            // at least every one announced (one more may have committed
            // between its commit and its announcement).
            let committed = perBatch.count
            #expect(
                committed >= announced + 1 && committed <= announced + 2, "announced \(announced), found \(committed)")
            #expect(Set(perBatch.keys) == Set((0..<Int64(committed)).map { $0 }))
            #expect(perBatch.values.allSatisfy { $0 == batch })
            let cli = try run("lore", ["check", "--db", db])
            #expect(cli.status == 0, "\(cli.output)")
        }
    }

    @Test func aStoreFollowsAnotherProcessGrowingTheMap() throws {
        try withTemporaryDirectory { dir in
            let db = dir + "/store"
            var options = Store.Options()
            options.initialMapSize = 1 << 20
            let store = try Store(path: db, options: options)
            try store.write { tx in _ = try tx.createNode(labels: ["Here"]) }
            let before = store.mapSize
            // Another process writes far more than the map held.
            let fill = try run("lore-stress", ["fill", db, "40000"])
            #expect(fill.status == 0, "\(fill.output) \(fill.errors)")
            // This process reads and writes on, adopting the larger map.
            #expect(try store.read { try $0.nodeCount() } == 40_001)
            try store.write { tx in _ = try tx.createNode(labels: ["Here"]) }
            #expect(store.mapSize > before)
            #expect(try store.check().isEmpty)
        }
    }
}

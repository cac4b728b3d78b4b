import ArgumentParser
import Lore

#if canImport(Glibc)
    import Glibc
#endif

/// `lore-bench bulk`: writes N nodes (a label, four typed properties, all
/// indexed), then R relationships per node (a type and one property), in
/// transactions of B records, and prints one JSON object: records per second
/// for each phase and the bytes of pages in use per node and per relationship.
struct Bulk: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write synthetic nodes and relationships in large transactions and report rates and sizes.")

    @Option(name: .long, help: "The store's directory (created).") var db: String
    @Option(name: .long, help: "Nodes to write.") var nodes = 100_000
    @Option(name: .customLong("rels-per-node"), help: "Relationships per node.") var relsPerNode = 5
    @Option(name: .long, help: "Records per transaction.") var batch = 50_000
    @Flag(name: .long, help: "Commit without waiting for the disk.") var relaxed = false

    func run() throws {
        var options = Store.Options()
        options.relaxedDurability = relaxed
        let store = try Store(path: db, options: options)
        let labels = ["Company", "Model", "Person", "Investor"]
        let baseBytes = try store.usedBytes()

        var ids: [NodeID] = []
        ids.reserveCapacity(nodes)
        let t0 = now()
        var done = 0
        while done < nodes {
            let upTo = min(nodes, done + batch)
            let made = try store.write { tx in
                try (done..<upTo).map { i in
                    try tx.createNode(
                        labels: [labels[i % labels.count]],
                        properties: [
                            "key": .string("entity-\(i)"), "name": .string("Entity number \(i)"),
                            "founded": .int(Int64(1990 + i % 35)), "valuation": .double(Double(i % 1000) * 1.5e6),
                        ])
                }
            }
            ids += made
            done = upTo
        }
        let t1 = now()
        let nodeBytes = try store.usedBytes() - baseBytes
        let compactNodeBytes = try compactedSize(store, db + ".nodes-copy")

        var rng = UInt64(42)
        func next() -> Int {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: rng >> 33)
        }
        let types = ["DEVELOPED", "INVESTED_IN", "USES"]
        let totalRels = nodes * relsPerNode
        done = 0
        let t2 = now()
        while done < totalRels {
            let upTo = min(totalRels, done + batch)
            try store.write { tx in
                for i in done..<upTo {
                    let from = ids[i / relsPerNode]
                    let to = ids[next() % ids.count]
                    try tx.createRelationship(
                        types[i % types.count], from: from, to: to, properties: ["weight": .int(Int64(i % 100))])
                }
            }
            done = upTo
        }
        let t3 = now()
        let relBytes = try store.usedBytes() - baseBytes - nodeBytes
        let compactBytes = try compactedSize(store, db + ".copy")
        let issues = try store.check(limit: 5)
        print(
            """
            {"nodes": \(nodes), "relationships": \(totalRels), "batch": \(batch), "durable": \(!relaxed), \
            "nodes_per_s": \(Int(Double(nodes) / (t1 - t0))), "relationships_per_s": \(Int(Double(totalRels) / (t3 - t2))), \
            "bytes_per_node": \(nodeBytes / max(nodes, 1)), "bytes_per_relationship": \(relBytes / max(totalRels, 1)), \
            "compacted_bytes_per_node": \(compactNodeBytes / max(nodes, 1)), \
            "compacted_bytes_per_relationship": \((compactBytes - compactNodeBytes) / max(totalRels, 1)), \
            "check_issues": \(issues.count)}
            """)
    }
}

/// The size of a compacted copy of the store (free pages left out).
func compactedSize(_ store: Store, _ path: String) throws -> Int {
    try store.backup(to: path)
    var st = stat()
    stat(path + "/data.mdb", &st)
    unlink(path + "/data.mdb")
    unlink(path + "/lock.mdb")
    rmdir(path)
    return Int(st.st_size)
}

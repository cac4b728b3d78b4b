import ArgumentParser
import Lore

/// `lore-bench import`: bulk load of a JSON Lines file in `lore import`'s
/// format through the record API.
///
/// Lines: `{"kind": "node", "key": K, "labels": [...], "props": {...}}` and
/// `{"kind": "rel", "type": T, "from": K, "to": K, "props": {...}}`; `key` is
/// stored as the property `key`. Records go in transactions of `--batch`
/// lines, committed without waiting for the disk; one sync at the end makes
/// the whole load durable. Keys map to node ids in memory.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bulk-load a JSON Lines file (lore import's format) and print the load's numbers as JSON.")

    @Option(name: .long, help: "The store's directory (created if missing).") var db: String
    @Option(name: .long, help: "Records per transaction.") var batch = 50_000
    @Argument(help: "The JSON Lines file.") var file: String

    func validate() throws {
        if batch < 1 { throw ValidationError("--batch must be at least 1") }
    }

    func run() throws {
        let t0 = now()
        guard let bytes = readBytes(file) else { throw ValidationError("cannot read \(file)") }
        var options = Store.Options()
        options.relaxedDurability = true
        options.initialMapSize = 1 << 30
        let store = try Store(path: db, options: options)

        // Line boundaries first: a batch is a range of lines.
        var lines: [Range<Int>] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            if i > start { lines.append(start..<i) }
            start = i + 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }

        var keys: [String: NodeID] = [:]
        var (nodeCount, relCount) = (0, 0)
        var done = 0
        while done < lines.count {
            let upTo = min(lines.count, done + batch)
            // A write may run its body again (when the map grows): keep its
            // effects local until it has committed.
            let (made, n, r) = try store.write { tx in
                var made: [String: NodeID] = [:]
                var (n, r) = (0, 0)
                for l in done..<upTo {
                    do {
                        let text = String(decoding: bytes[lines[l]], as: UTF8.self)
                        guard case .map(let record) = try JSONFormat.decode(text) else {
                            throw ValidationError("not a JSON object")
                        }
                        var props: [String: Value] = [:]
                        if case .map(let p)? = record["props"] { props = p }
                        switch record["kind"] {
                        case .string("node")?:
                            guard case .string(let key)? = record["key"] else {
                                throw ValidationError("a node needs a key")
                            }
                            var labels: [String] = []
                            if case .list(let ls)? = record["labels"] {
                                for case .string(let s) in ls { labels.append(s) }
                            }
                            props["key"] = .string(key)
                            made[key] = try tx.createNode(labels: labels, properties: props)
                            n += 1
                        case .string("rel")?:
                            guard case .string(let type)? = record["type"], case .string(let from)? = record["from"],
                                case .string(let to)? = record["to"]
                            else { throw ValidationError("a relationship needs type, from and to") }
                            guard let a = made[from] ?? keys[from], let b = made[to] ?? keys[to] else {
                                throw ValidationError("a relationship names a key no earlier node has")
                            }
                            try tx.createRelationship(type, from: a, to: b, properties: props)
                            r += 1
                        default:
                            throw ValidationError("kind must be \"node\" or \"rel\"")
                        }
                    } catch {
                        throw ValidationError("\(file):\(l + 1): \(error)")
                    }
                }
                return (made, n, r)
            }
            keys.merge(made) { _, new in new }
            nodeCount += n
            relCount += r
            done = upTo
            note("import: \(done) of \(lines.count) records")
        }
        try store.sync()
        let seconds = now() - t0
        print(
            """
            {"engine": "lore", "version": \(jsonString(benchVersion)), "nodes": \(nodeCount), \
            "relationships": \(relCount), "seconds": \(seconds), \
            "records_per_s": \(Int(Double(nodeCount + relCount) / seconds)), "used_bytes": \(try store.usedBytes())}
            """)
    }
}

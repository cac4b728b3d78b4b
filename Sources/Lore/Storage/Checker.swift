import LoreKV

/// Verifies that every index agrees with the records and every statistic
/// with a recount, on one snapshot.
///
/// Cost: a full read of every database, and memory for one entry per index
/// entry expected. Reports each disagreement; stops at `limit` of them.
struct Checker {
    let s: StorageTransaction
    let limit: Int
    var issues: [String] = []

    init(_ s: StorageTransaction, limit: Int = 1000) {
        self.s = s
        self.limit = limit
    }

    private mutating func report(_ message: String) {
        if issues.count < limit { issues.append(message) }
    }

    mutating func run() throws -> [String] {
        let layout = s.layout
        var expected: [StatKey: Int64] = [:]
        var labelEntries = Set<[UInt8]>()  // label ‖ node
        var propertyEntries = Set<[UInt8]>()  // prop key ‖ node
        var adjacencyOut = Set<[UInt8]>()  // node ‖ entry
        var adjacencyIn = Set<[UInt8]>()
        var typeEntries = Set<[UInt8]>()
        var maxNode: UInt64?
        var maxRel: UInt64?
        var constrained: [UInt32: [UInt32]] = [:]
        for c in try s.constraints() { constrained[c.label, default: []].append(c.key) }
        var uniqueSeen: [[UInt8]: UInt64] = [:]

        // Nodes: every record decodes; derive the index entries it implies.
        try s.kv.withCursor(layout.nodes) { c in
            var e = try c.first()
            while let (k, v) = e {
                defer { e = try? c.next() }
                guard k.count == 8 else {
                    report("nodes: key of \(k.count) bytes")
                    continue
                }
                let id = k.bigEndianU64(at: 0)
                maxNode = id
                guard let record = try? NodeRecord(decoding: v) else {
                    report("node \(id): record does not decode")
                    continue
                }
                expected[.nodes, default: 0] += 1
                for l in record.labels {
                    expected[.label(l), default: 0] += 1
                    labelEntries.insert(Layout.nameIdKey(l) + Layout.idKey(id))
                    if (try? s.name(of: l)) == nil { report("node \(id): label id \(l) has no name") }
                }
                let indexLabels = record.labels.isEmpty ? [0] : record.labels
                for (key, value) in record.properties {
                    if (try? s.name(of: key)) == nil { report("node \(id): property key id \(key) has no name") }
                    if !value.isStorable { report("node \(id): property \(key) holds a value that cannot be stored") }
                    expected[.nodeKey(key), default: 0] += 1
                    for l in indexLabels {
                        expected[.labelKey(l, key), default: 0] += 1
                        let pk = Layout.propertyKey(label: l, key: key, body: KeyEncoding.indexKeyBody(value))
                        propertyEntries.insert(pk + Layout.idKey(id))
                        if constrained[l]?.contains(key) == true {
                            var w = ByteWriter()
                            w.u32(l)
                            w.u32(key)
                            KeyEncoding.encode(value, into: &w)
                            if let other = uniqueSeen[w.bytes] {
                                report("unique constraint on (\(l), \(key)) broken by nodes \(other) and \(id)")
                            } else {
                                uniqueSeen[w.bytes] = id
                            }
                        }
                    }
                }
            }
        }
        // Distinct values per (label, key), from the expected entries.
        var bodies = Set<[UInt8]>()
        for entry in propertyEntries { bodies.insert(Array(entry.dropLast(8))) }
        for body in bodies {
            let label = body.withUnsafeBytes { $0.bigEndianU32(at: 0) }
            let key = body.withUnsafeBytes { $0.bigEndianU32(at: 4) }
            expected[.distinct(label, key), default: 0] += 1
        }

        // Relationships.
        try s.kv.withCursor(layout.rels) { c in
            var e = try c.first()
            while let (k, v) = e {
                defer { e = try? c.next() }
                guard k.count == 8 else {
                    report("rels: key of \(k.count) bytes")
                    continue
                }
                let id = k.bigEndianU64(at: 0)
                maxRel = id
                guard let r = try? RelationshipRecord(decoding: v) else {
                    report("relationship \(id): record does not decode")
                    continue
                }
                expected[.relationships, default: 0] += 1
                expected[.type(r.type), default: 0] += 1
                if (try? s.name(of: r.type)) == nil { report("relationship \(id): type id \(r.type) has no name") }
                for (key, _) in r.properties {
                    expected[.typeKey(r.type, key), default: 0] += 1
                    expected[.relationshipKey(key), default: 0] += 1
                }
                if (try? s.nodeExists(r.start)) != true {
                    report("relationship \(id): start node \(r.start) is missing")
                }
                if (try? s.nodeExists(r.end)) != true { report("relationship \(id): end node \(r.end) is missing") }
                adjacencyOut.insert(Layout.idKey(r.start) + Layout.adjacency(type: r.type, other: r.end, rel: id))
                adjacencyIn.insert(Layout.idKey(r.end) + Layout.adjacency(type: r.type, other: r.start, rel: id))
                typeEntries.insert(Layout.nameIdKey(r.type) + Layout.idKey(id))
            }
        }

        try compare(layout.labelIndex, "label.idx", labelEntries)
        try compare(layout.propertyIndex, "prop.idx", propertyEntries)
        try compare(layout.outgoing, "out", adjacencyOut)
        try compare(layout.incoming, "in", adjacencyIn)
        try compare(layout.typeIndex, "type.idx", typeEntries)

        // Statistics against the recount.
        var stored: [StatKey: Int64] = [:]
        try s.kv.withCursor(layout.stats) { c in
            var e = try c.first()
            while let (k, v) = e {
                if let key = StatKey(bytes: k), v.count == 8 {
                    stored[key] = Int64(bitPattern: v.bigEndianU64(at: 0))
                } else {
                    report("stats: unreadable entry")
                }
                e = try c.next()
            }
        }
        for key in Set(stored.keys).union(expected.keys) {
            let have = stored[key] ?? 0
            let want = expected[key] ?? 0
            if have != want { report("statistic \(key): stored \(have), counted \(want)") }
        }

        // Names both ways.
        var forward: [UInt32: [UInt8]] = [:]
        try s.kv.withCursor(layout.names) { c in
            var e = try c.first()
            while let (k, v) = e {
                if v.count == 4 { forward[v.bigEndianU32(at: 0)] = Array(k) } else { report("names: bad id") }
                e = try c.next()
            }
        }
        try s.kv.withCursor(layout.namesReverse) { c in
            var e = try c.first()
            var count = 0
            while let (k, v) = e {
                count += 1
                if k.count != 4 || forward[k.bigEndianU32(at: 0)] != Array(v) {
                    report("names: \(String(decoding: v, as: UTF8.self)) does not map back to its id")
                }
                e = try c.next()
            }
            if count != forward.count { report("names: \(forward.count) names but \(count) reverse entries") }
        }

        // Counters beyond every id in use.
        func counter(_ key: [UInt8]) throws -> UInt64 {
            guard let raw = try s.kv.get(layout.meta, key), raw.count == 8 else { return 0 }
            return raw.withUnsafeBytes { $0.bigEndianU64(at: 0) }
        }
        if let maxNode, try counter(Layout.nextNodeKey) <= maxNode {
            report("meta: next node id is not above node \(maxNode)")
        }
        if let maxRel, try counter(Layout.nextRelKey) <= maxRel {
            report("meta: next relationship id is not above \(maxRel)")
        }
        if let maxName = forward.keys.max(), try counter(Layout.nextNameKey) <= UInt64(maxName) {
            report("meta: next name id is not above \(maxName)")
        }
        return issues
    }

    /// Compares a duplicate-sorted index with the entries the records imply.
    private mutating func compare(_ db: Database, _ name: String, _ expected: Set<[UInt8]>) throws {
        var found = 0
        var extra: [String] = []
        try s.kv.withCursor(db) { c in
            var e = try c.first()
            while let (k, v) = e {
                found += 1
                let entry = Array(k) + Array(v)
                if !expected.contains(entry), extra.count < limit {
                    extra.append("\(name): entry \(hex(k)) → \(hex(v)) has no record behind it")
                }
                e = try c.next()
            }
        }
        for m in extra { report(m) }
        if found != expected.count || !extra.isEmpty {
            let missing = expected.count - (found - extra.count)
            if missing > 0 { report("\(name): \(missing) entries the records imply are missing") }
        }
    }

    private func hex(_ b: UnsafeRawBufferPointer) -> String {
        b.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}

extension Store {
    /// Verifies that every index agrees with the records and every statistic
    /// with a recount, on one snapshot; returns each disagreement found (an
    /// empty list: the store is consistent).
    ///
    /// Cost: reads the whole store; memory in proportion to its index entries.
    public func check(limit: Int = 1000) throws -> [String] {
        try wrap {
            try environment.read { kv in
                var checker = Checker(
                    StorageTransaction(kv: kv, layout: layout, names: names, environment: environment), limit: limit)
                return try checker.run()
            }
        }
    }
}

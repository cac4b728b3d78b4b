import Lore
import LoreKV

/// The floor: the benchmark's questions answered by hand on Lore's own
/// LMDB layout — cursor seeks and gets, no parser, no planner, values
/// decoded only where the answer needs them — so that the cost of the query
/// engine over the storage is a measured ratio.
///
/// Each answer is the same as the LQL query's (the row-count check holds it
/// to that): label conditions are checked, DISTINCT removes duplicates,
/// and rows are built as `[[Value]]`, as Lore returns them. Where a hand
/// writer would take a shortcut that a planner could also take, the floor
/// takes it, and says so: ids are deduplicated before records are read,
/// label membership of many nodes is tested against a bitmap built from
/// `label.idx`, a group count over one indexed property reads `prop.idx`
/// instead of the records. Name ids are looked up once, as Lore caches them.
final class Floor: QueryEngine {
    let env: Environment
    let meta, nodes, rels, labelIndex, propertyIndex, outgoing, incoming, typeIndex, stats: Database
    /// Every interned name (labels, types, property keys) and its id.
    let nameIDs: [String: UInt32]
    var name: String { "floor" }

    init(path: String) throws {
        env = try Environment(path: path)
        let dbs = try env.openDatabases(FloorLayout.specs, create: false)
        (meta, nodes, rels, labelIndex) = (dbs[0], dbs[3], dbs[4], dbs[5])
        (propertyIndex, outgoing, incoming, typeIndex, stats) = (dbs[6], dbs[7], dbs[8], dbs[9], dbs[10])
        nameIDs = try env.read { txn in
            try txn.withCursor(dbs[1]) { c in
                var all: [String: UInt32] = [:]
                var e = try c.first()
                while let (k, v) = e {
                    if v.count == 4 { all[String(decoding: k, as: UTF8.self)] = v.u32(at: 0) }
                    e = try c.next()
                }
                return all
            }
        }
    }

    /// The id of an interned name (label, type, property key).
    func id(_ name: String) throws -> UInt32 {
        guard let id = nameIDs[name] else { throw FloorError("the store has no name `\(name)`") }
        return id
    }

    func verify(_ q: BenchQuery) throws -> Int? {
        guard q.id == "merge_write" else { return nil }
        return try mergeWriteVerify().count
    }

    // MARK: building blocks

    /// A node's record, by a B-tree descent.
    @inline(__always)
    func record(_ txn: LoreKV.Transaction, _ id: UInt64) throws -> UnsafeRawBufferPointer? {
        try FloorKey.withID(id) { try txn.get(nodes, $0) }
    }

    /// A node's record through a cursor: cheap when ids come in order (LMDB
    /// searches the cursor's current page first).
    @inline(__always)
    func record(_ c: Cursor, _ id: UInt64) throws -> UnsafeRawBufferPointer? {
        try FloorKey.withID(id) { try c.seek(exactly: $0)?.value }
    }

    /// Calls `body` with each 8-byte id value of `key` in a dup-fixed index,
    /// a page of values at a time.
    func forEachID(_ c: Cursor, key: UnsafeRawBufferPointer, _ body: (UInt64) throws -> Void) throws {
        guard let (_, first) = try c.seek(exactly: key) else { return }
        try c.forEachValuePage(from: first) { page in
            var at = 0
            while at + 8 <= page.count {
                try body(page.u64(at: at))
                at += 8
            }
            return true
        }
    }

    /// The ids under an exact `prop.idx` key.
    func ids(_ txn: LoreKV.Transaction, _ key: [UInt8]) throws -> [UInt64] {
        var out: [UInt64] = []
        try txn.withCursor(propertyIndex) { c in
            try key.withUnsafeBytes { k in try forEachID(c, key: k) { out.append($0) } }
        }
        return out
    }

    /// The nodes of `label` whose string property `key` equals `value`.
    func seekString(_ txn: LoreKV.Transaction, label: UInt32, key: UInt32, _ value: String) throws -> [UInt64] {
        var k = FloorKey.propertyHead(label: label, key: key, capacity: 12 + value.utf8.count)
        FloorKey.string(value, into: &k)
        return try ids(txn, k)
    }

    /// Calls `body(other, rel)` for each adjacency entry of `node` of `type`
    /// in `db` (`out` or `in`).
    func forEachAdjacent(
        _ c: Cursor, _ node: UInt64, type: UInt32, _ body: (UInt64, UInt64) throws -> Void
    ) throws {
        try withUnsafeTemporaryAllocation(byteCount: FloorLayout.adjacencySize, alignment: 8) { start in
            start.initializeMemory(as: UInt8.self, repeating: 0)
            start.storeBytes(of: type.bigEndian, toByteOffset: 0, as: UInt32.self)
            try FloorKey.withID(node) { k in
                var e = try c.seek(key: k, valueAtLeast: UnsafeRawBufferPointer(start))
                while let (_, v) = e, v.count == FloorLayout.adjacencySize, v.u32(at: 0) == type {
                    try body(v.u64(at: 4), v.u64(at: 12))
                    e = try c.nextDuplicate()
                }
            }
        }
    }

    /// The members of `label` as a bitmap over node ids (from `label.idx`).
    func labelBitmap(_ txn: LoreKV.Transaction, _ label: UInt32) throws -> [UInt64] {
        var bits: [UInt64] = []
        try txn.withCursor(labelIndex) { c in
            var be = label.bigEndian
            try withUnsafeBytes(of: &be) { k in
                try forEachID(c, key: k) { id in
                    let w = Int(id >> 6)
                    if w >= bits.count { bits.append(contentsOf: repeatElement(0, count: w + 1 - bits.count)) }
                    bits[w] |= 1 << (id & 63)
                }
            }
        }
        return bits
    }

    @inline(__always)
    func contains(_ bits: [UInt64], _ id: UInt64) -> Bool {
        let w = Int(id >> 6)
        return w < bits.count && bits[w] & (1 << (id & 63)) != 0
    }

    func string(_ p: [String: Value], _ name: String) throws -> String {
        guard case .string(let s)? = p[name] else { throw FloorError("parameter `\(name)` is not a string") }
        return s
    }

    func number(_ p: [String: Value], _ name: String) throws -> Double {
        switch p[name] {
        case .double(let d)?: return d
        case .int(let i)? where i.magnitude < 1 << 53: return Double(i)
        default: throw FloorError("parameter `\(name)` is not a number the floor encodes")
        }
    }

    // MARK: the queries

    func prepare(_ q: BenchQuery) throws -> ((Int) throws -> [[Value]])? {
        let p = q.params
        switch q.id {
        case "point_lookup":
            let (company, key, name) = (try id("Company"), try id("key"), try id("name"))
            return { i in try self.pointLookup(company, key, name, try self.string(p[i], "key")) }
        case "label_eq":
            let (company, key, name, country) = (try id("Company"), try id("key"), try id("name"), try id("country"))
            return { i in try self.labelEqual(company, country, key, name, try self.string(p[i], "country")) }
        case "range_topk":
            let (model, key, size) = (try id("Model"), try id("key"), try id("params_b"))
            return { i in
                try self.rangeTop(model, size, key, lo: try self.number(p[i], "lo"), hi: try self.number(p[i], "hi"))
            }
        case "one_hop":
            let ids = (try id("Company"), try id("Model"), try id("RELEASED"), try id("key"), try id("name"))
            return { i in try self.oneHop(ids, try self.string(p[i], "key"), out: true) }
        case "one_hop_in":
            let ids = (try id("Model"), try id("Company"), try id("USES"), try id("key"), try id("name"))
            return { i in try self.oneHop(ids, try self.string(p[i], "key"), out: false) }
        case "three_hop":
            return { i in try self.threeHop(try self.string(p[i], "key")) }
        case "var_length":
            let ids = (try id("Model"), try id("DERIVED_FROM"), try id("key"))
            return { i in try self.ancestors(ids, try self.string(p[i], "key")) }
        case "prefix":
            let ids = (try id("Company"), try id("name"), try id("key"))
            return { i in try self.prefix(ids, try self.string(p[i], "prefix")) }
        case "group_label":
            let (company, country) = (try id("Company"), try id("country"))
            return { _ in try self.groupByIndexedProperty(company, country) }
        case "group_rel_prop":
            return { _ in try self.groupRelationshipProperty() }
        case "topk_degree":
            return { _ in try self.topDegree() }
        case "merge_write":
            return { i in try self.mergeWrite(p[i]) }
        default:
            return nil
        }
    }

    /// MATCH (c:Company {key: $key}) RETURN c.name
    func pointLookup(_ company: UInt32, _ key: UInt32, _ name: UInt32, _ value: String) throws -> [[Value]] {
        try env.read { txn in
            try seekString(txn, label: company, key: key, value).compactMap { id in
                try record(txn, id).map { [try NodeRecordView.property($0, name)] }
            }
        }
    }

    /// MATCH (c:Company) WHERE c.country = $country RETURN c.key, c.name
    func labelEqual(_ company: UInt32, _ country: UInt32, _ key: UInt32, _ name: UInt32, _ value: String) throws
        -> [[Value]]
    {
        try env.read { txn in
            let ids = try seekString(txn, label: company, key: country, value)
            return try txn.withCursor(nodes) { c in
                try ids.compactMap { id in
                    try record(c, id).map {
                        [try NodeRecordView.property($0, key), try NodeRecordView.property($0, name)]
                    }
                }
            }
        }
    }

    /// MATCH (m:Model) WHERE m.params_b >= $lo AND m.params_b < $hi
    /// RETURN m.key, m.params_b ORDER BY m.params_b DESC LIMIT 10:
    /// from the upper bound backwards through `prop.idx`, ten entries.
    func rangeTop(_ model: UInt32, _ size: UInt32, _ key: UInt32, lo: Double, hi: Double) throws -> [[Value]] {
        var head = FloorKey.propertyHead(label: model, key: size)
        head.append(FloorKey.numberTag)
        var low = FloorKey.propertyHead(label: model, key: size)
        FloorKey.number(lo, into: &low)
        var high = FloorKey.propertyHead(label: model, key: size)
        FloorKey.number(hi, into: &high)
        return try env.read { txn in
            var found: [UInt64] = []
            try txn.withCursor(propertyIndex) { c in
                var e = try high.withUnsafeBytes { try c.seek(atLeast: $0) }
                e = e == nil ? try c.last() : try c.previous()
                while found.count < 10, let (k, v) = e, k.starts(with: head), !k.lexicographicallyPrecedes(low) {
                    found.append(v.u64(at: 0))
                    e = try c.previous()
                }
            }
            return try found.compactMap { id in
                try record(txn, id).map {
                    [try NodeRecordView.property($0, key), try NodeRecordView.property($0, size)]
                }
            }
        }
    }

    /// MATCH (a:A {key: $key})-[:T]->(b:B) RETURN b.key, b.name (or <-[:T]-).
    func oneHop(
        _ ids: (from: UInt32, to: UInt32, type: UInt32, key: UInt32, name: UInt32), _ value: String, out: Bool
    ) throws -> [[Value]] {
        try env.read { txn in
            var rows: [[Value]] = []
            for start in try seekString(txn, label: ids.from, key: ids.key, value) {
                try txn.withCursor(out ? outgoing : incoming) { c in
                    try forEachAdjacent(c, start, type: ids.type) { other, _ in
                        if let r = try record(txn, other), try NodeRecordView.hasLabel(r, ids.to) {
                            rows.append([
                                try NodeRecordView.property(r, ids.key), try NodeRecordView.property(r, ids.name),
                            ])
                        }
                    }
                }
            }
            return rows
        }
    }

    /// MATCH (i:Investor {key: $key})-[:INVESTED_IN]->(c:Company)-[:USES]->(m:Model)<-[:RELEASED]-(o:Company)
    /// RETURN DISTINCT o.key: one level at a time, each level's ids
    /// deduplicated and label-checked before the next expansion (the three
    /// relationships differ in type, so no path can repeat one).
    func threeHop(_ value: String) throws -> [[Value]] {
        let (investor, company, model) = (try id("Investor"), try id("Company"), try id("Model"))
        let (invested, uses, released, key) = (try id("INVESTED_IN"), try id("USES"), try id("RELEASED"), try id("key"))
        return try env.read { txn in
            func step(_ from: [UInt64], _ db: Database, _ type: UInt32, _ label: UInt32) throws -> [UInt64] {
                var seen = Set<UInt64>()
                var next: [UInt64] = []
                try txn.withCursor(db) { c in
                    for n in from {
                        try forEachAdjacent(c, n, type: type) { other, _ in
                            if seen.insert(other).inserted { next.append(other) }
                        }
                    }
                }
                next.sort()
                return try txn.withCursor(nodes) { c in
                    try next.filter { id in try record(c, id).map { try NodeRecordView.hasLabel($0, label) } ?? false }
                }
            }
            let starts = try seekString(txn, label: investor, key: key, value)
            let companies = try step(starts, outgoing, invested, company)
            let models = try step(companies, outgoing, uses, model)
            let others = try step(models, incoming, released, company)
            return try txn.withCursor(nodes) { c in
                try others.compactMap { id in try record(c, id).map { [try NodeRecordView.property($0, key)] } }
            }
        }
    }

    /// MATCH (m:Model {key: $key})-[:DERIVED_FROM*1..3]->(a:Model) RETURN DISTINCT a.key:
    /// breadth first, three levels; a node is expanded at its first (least)
    /// depth, which is when every node within three steps is reached.
    func ancestors(_ ids: (model: UInt32, type: UInt32, key: UInt32), _ value: String) throws -> [[Value]] {
        try env.read { txn in
            var reached = Set<UInt64>()
            var found: [UInt64] = []
            try txn.withCursor(outgoing) { c in
                for start in try seekString(txn, label: ids.model, key: ids.key, value) {
                    var frontier = [start]
                    for _ in 1...3 where !frontier.isEmpty {
                        var next: [UInt64] = []
                        for n in frontier {
                            try forEachAdjacent(c, n, type: ids.type) { other, _ in
                                if reached.insert(other).inserted {
                                    next.append(other)
                                    found.append(other)
                                }
                            }
                        }
                        frontier = next
                    }
                }
            }
            return try found.compactMap { id in
                guard let r = try record(txn, id), try NodeRecordView.hasLabel(r, ids.model) else { return nil }
                return [try NodeRecordView.property(r, ids.key)]
            }
        }
    }

    /// MATCH (c:Company) WHERE c.name STARTS WITH $prefix RETURN c.key, c.name
    func prefix(_ ids: (company: UInt32, name: UInt32, key: UInt32), _ value: String) throws -> [[Value]] {
        var from = FloorKey.propertyHead(label: ids.company, key: ids.name)
        FloorKey.stringBody(value, into: &from)
        return try env.read { txn in
            var found: [UInt64] = []
            var cut = false
            try txn.withCursor(propertyIndex) { c in
                var e = try from.withUnsafeBytes { try c.seek(atLeast: $0) }
                while let (k, v) = e, k.starts(with: from) {
                    found.append(v.u64(at: 0))
                    if k.count - 8 >= FloorKey.maxValueBytes { cut = true }
                    e = try c.next()
                }
            }
            return try txn.withCursor(nodes) { c in
                try found.sorted().compactMap { id -> [Value]? in
                    guard let r = try record(c, id) else { return nil }
                    let name = try NodeRecordView.property(r, ids.name)
                    // A cut key matched on its first bytes only: re-check the value.
                    if cut, case .string(let s) = name, !s.utf8.starts(with: value.utf8) { return nil }
                    return [try NodeRecordView.property(r, ids.key), name]
                }
            }
        }
    }

    /// MATCH (c:Company) RETURN c.country AS country, count(*) AS n: from
    /// `prop.idx` alone (each distinct value's id count), the nodes without
    /// the property as the null group (the label's count from `stats` less
    /// those counted).
    func groupByIndexedProperty(_ label: UInt32, _ key: UInt32) throws -> [[Value]] {
        let head = FloorKey.propertyHead(label: label, key: key)
        return try env.read { txn in
            var rows: [[Value]] = []
            var counted = 0
            try txn.withCursor(propertyIndex) { c in
                var e = try head.withUnsafeBytes { try c.seek(atLeast: $0) }
                while let (k, _) = e, k.starts(with: head) {
                    let n = try c.duplicateCount()
                    guard k.count >= 11, k[8] == FloorKey.stringTag, k.count - 8 < FloorKey.maxValueBytes else {
                        throw FloorError("group_label: the floor groups by uncut string values only")
                    }
                    var bytes: [UInt8] = []
                    var i = 9
                    while i < k.count - 2 {
                        bytes.append(k[i])
                        i += k[i] == 0 ? 2 : 1
                    }
                    rows.append([.string(String(decoding: bytes, as: UTF8.self)), .int(Int64(n))])
                    counted += n
                    e = try c.nextKey()
                }
            }
            let all = try txn.get(stats, FloorKey.stat(0x10, label)).map { $0.withUnsafeBytes { Int($0.u64(at: 0)) } }
            if let all, all > counted { rows.append([.null, .int(Int64(all - counted))]) }
            return rows
        }
    }

    /// MATCH (:Investor)-[r:INVESTED_IN]->(:Company)
    /// RETURN r.round AS round, count(*) AS n, sum(r.amount) AS total:
    /// the type's relationships from `type.idx`, their records read in id
    /// order, the end labels tested against bitmaps.
    func groupRelationshipProperty() throws -> [[Value]] {
        let (investor, company, type) = (try id("Investor"), try id("Company"), try id("INVESTED_IN"))
        let (round, amount) = (try id("round"), try id("amount"))
        return try env.read { txn in
            let investors = try labelBitmap(txn, investor)
            let companies = try labelBitmap(txn, company)
            var groups: [Value: (count: Int64, sum: Int64)] = [:]
            try txn.withCursor(rels) { rc in
                try txn.withCursor(typeIndex) { tc in
                    var be = type.bigEndian
                    try withUnsafeBytes(of: &be) { k in
                        try forEachID(tc, key: k) { rel in
                            guard let raw = try FloorKey.withID(rel, { try rc.seek(exactly: $0)?.value }) else {
                                return
                            }
                            var r = RecordReader(raw)
                            _ = try r.varint()
                            let start = try r.varint()
                            let end = try r.varint()
                            guard contains(investors, start), contains(companies, end) else { return }
                            // Properties sorted by key id: read both in one pass.
                            var group = Value.null
                            var add: Int64 = 0
                            let n = try r.varint()
                            for _ in 0..<n {
                                let pk = UInt32(truncatingIfNeeded: try r.varint())
                                if pk == round {
                                    group = try r.value()
                                } else if pk == amount {
                                    guard case .int(let a) = try r.value() else {
                                        throw FloorError("group_rel_prop: the floor sums integers only")
                                    }
                                    add = a
                                } else {
                                    try r.skipValue()
                                }
                            }
                            groups[group, default: (0, 0)].count += 1
                            groups[group, default: (0, 0)].sum += add
                        }
                    }
                }
            }
            return groups.map { [$0.key, .int($0.value.count), .int($0.value.sum)] }
        }
    }

    /// MATCH (:Company)-[:USES]->(m:Model) RETURN m.key AS model, count(*) AS uses
    /// ORDER BY uses DESC LIMIT 10: each model's incoming USES entries
    /// counted (from a Company, by bitmap), the ten largest kept.
    func topDegree() throws -> [[Value]] {
        let (company, model, uses, key) = (try id("Company"), try id("Model"), try id("USES"), try id("key"))
        return try env.read { txn in
            let companies = try labelBitmap(txn, company)
            var top: [(id: UInt64, n: Int)] = []
            try txn.withCursor(incoming) { ic in
                try txn.withCursor(labelIndex) { lc in
                    var be = model.bigEndian
                    try withUnsafeBytes(of: &be) { k in
                        try forEachID(lc, key: k) { m in
                            var n = 0
                            try forEachAdjacent(ic, m, type: uses) { other, _ in
                                if contains(companies, other) { n += 1 }
                            }
                            if n > 0 && (top.count < 10 || n > top[top.count - 1].n) {
                                let at = top.firstIndex { $0.n < n } ?? top.count
                                top.insert((m, n), at: at)
                                if top.count > 10 { top.removeLast() }
                            }
                        }
                    }
                }
            }
            return try top.compactMap { t in
                try record(txn, t.id).map { [try NodeRecordView.property($0, key), .int(Int64(t.n))] }
            }
        }
    }

    /// MERGE (c:Company {key: $key}) ON CREATE SET c.name = $name
    /// WITH c MATCH (m:Model {key: $model}) MERGE (c)-[:USES]->(m),
    /// in one durable write transaction, keeping every index and statistic
    /// as Lore does (StorageTransaction.createNode and createRelationship).
    func mergeWrite(_ p: [String: Value]) throws -> [[Value]] {
        let (key, name, modelKey) = (try string(p, "key"), try string(p, "name"), try string(p, "model"))
        let (company, model, uses) = (try id("Company"), try id("Model"), try id("USES"))
        let (keyID, nameID) = (try id("key"), try id("name"))
        try env.write { txn in
            var deltas: [[UInt8]: Int64] = [:]
            func counter(_ k: [UInt8]) throws -> UInt64 {
                let n = try txn.get(meta, k).map { $0.withUnsafeBytes { $0.u64(at: 0) } } ?? 0
                var v: [UInt8] = []
                FloorKey.u64(n + 1, into: &v)
                try txn.put(meta, k, v)
                return n
            }
            var c = try seekString(txn, label: company, key: keyID, key).first
            if c == nil {
                let id = try counter(FloorLayout.nextNodeKey)
                var idKey: [UInt8] = []
                FloorKey.u64(id, into: &idKey)
                try txn.put(nodes, idKey, FloorRecord.node(label: company, strings: [(keyID, key), (nameID, name)]))
                var labelKey: [UInt8] = []
                FloorKey.u32(company, into: &labelKey)
                try txn.put(labelIndex, labelKey, idKey)
                for (k, s) in [(keyID, key), (nameID, name)] {
                    var pk = FloorKey.propertyHead(label: company, key: k)
                    FloorKey.string(s, into: &pk)
                    if try txn.get(propertyIndex, pk) == nil {
                        deltas[FloorKey.stat(0x13, company, k), default: 0] += 1
                    }
                    try txn.put(propertyIndex, pk, idKey)
                    deltas[FloorKey.stat(0x12, company, k), default: 0] += 1
                    deltas[FloorKey.stat(0x15, k), default: 0] += 1
                }
                deltas[[1], default: 0] += 1
                deltas[FloorKey.stat(0x10, company), default: 0] += 1
                c = id
            }
            let start = c!
            for m in try seekString(txn, label: model, key: keyID, modelKey) {
                var exists = false
                try txn.withCursor(outgoing) { oc in
                    try forEachAdjacent(oc, start, type: uses) { other, _ in if other == m { exists = true } }
                }
                if exists { continue }
                let rel = try counter(FloorLayout.nextRelKey)
                var relKey: [UInt8] = []
                FloorKey.u64(rel, into: &relKey)
                try txn.put(rels, relKey, FloorRecord.relationship(type: uses, start: start, end: m))
                for (from, to, db) in [(start, m, outgoing), (m, start, incoming)] {
                    var entry: [UInt8] = []
                    FloorKey.u32(uses, into: &entry)
                    FloorKey.u64(to, into: &entry)
                    FloorKey.u64(rel, into: &entry)
                    var fromKey: [UInt8] = []
                    FloorKey.u64(from, into: &fromKey)
                    try txn.put(db, fromKey, entry)
                }
                var typeKey: [UInt8] = []
                FloorKey.u32(uses, into: &typeKey)
                try txn.put(typeIndex, typeKey, relKey)
                deltas[[2], default: 0] += 1
                deltas[FloorKey.stat(0x11, uses), default: 0] += 1
            }
            for (k, d) in deltas {
                let old = try txn.get(stats, k).map { $0.withUnsafeBytes { Int64(bitPattern: $0.u64(at: 0)) } } ?? 0
                var v: [UInt8] = []
                FloorKey.u64(UInt64(bitPattern: old + d), into: &v)
                try txn.put(stats, k, v)
            }
        }
        return []
    }

    /// MATCH (c:Company)-[:USES]->(m:Model) WHERE c.key STARTS WITH 'company-new-'
    /// RETURN c.key, m.key
    func mergeWriteVerify() throws -> [[Value]] {
        let (company, model, uses, key) = (try id("Company"), try id("Model"), try id("USES"), try id("key"))
        var from = FloorKey.propertyHead(label: company, key: key)
        FloorKey.stringBody("company-new-", into: &from)
        return try env.read { txn in
            var starts: [(UInt64, Value)] = []
            try txn.withCursor(propertyIndex) { c in
                var e = try from.withUnsafeBytes { try c.seek(atLeast: $0) }
                while let (k, v) = e, k.starts(with: from) {
                    starts.append((v.u64(at: 0), .null))
                    e = try c.next()
                }
            }
            var rows: [[Value]] = []
            try txn.withCursor(outgoing) { oc in
                for (c, _) in starts {
                    guard let cr = try record(txn, c) else { continue }
                    let ck = try NodeRecordView.property(cr, key)
                    try forEachAdjacent(oc, c, type: uses) { m, _ in
                        if let mr = try record(txn, m), try NodeRecordView.hasLabel(mr, model) {
                            rows.append([ck, try NodeRecordView.property(mr, key)])
                        }
                    }
                }
            }
            return rows
        }
    }
}

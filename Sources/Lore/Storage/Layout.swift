import LoreKV

/// Every named database of a store and the format of its keys, in one place.
///
/// | db | key → value | serves |
/// | --- | --- | --- |
/// | `meta` | name → value | format version, id counters |
/// | `names` / `names.rev` | UTF-8 name ↔ u32 id | interned labels, types, keys |
/// | `nodes` | u64 node id → node record | fetching a node |
/// | `rels` | u64 rel id → relationship record | fetching a relationship |
/// | `label.idx` | u32 label → u64 node id (dup-fixed) | label scans |
/// | `prop.idx` | u32 label, u32 key, encoded value → u64 node id (dup-fixed) | equality, range and prefix seeks |
/// | `out` / `in` | u64 node id → u32 type, u64 other node, u64 rel id (dup-fixed) | expanding either way |
/// | `type.idx` | u32 type → u64 rel id (dup-fixed) | scanning relationships by type |
/// | `stats` | statistic key → i64 | counts for the planner and `check` |
/// | `schema` | constraint name → kind, label, key | unique constraints |
///
/// Integers in keys are big-endian, so byte order is numeric order. The
/// index databases keep their ids as sorted duplicate values of a fixed
/// size: LMDB packs those with no per-entry header, which keeps the
/// indexes about a third of the size of one-key-per-entry tables. A node
/// without labels has its properties indexed under label id 0.
struct Layout: Sendable {
    /// Bumped whenever the on-disk format changes incompatibly.
    static let formatVersion: UInt32 = 1

    let meta: Database
    let names: Database
    let namesReverse: Database
    let nodes: Database
    let rels: Database
    let labelIndex: Database
    let propertyIndex: Database
    let outgoing: Database
    let incoming: Database
    let typeIndex: Database
    let stats: Database
    let schema: Database

    static let specs: [(name: String, flags: Database.Flags)] = [
        ("meta", []),
        ("names", []),
        ("names.rev", []),
        ("nodes", []),
        ("rels", []),
        ("label.idx", [.duplicateSort, .duplicateFixed]),
        ("prop.idx", [.duplicateSort, .duplicateFixed]),
        ("out", [.duplicateSort, .duplicateFixed]),
        ("in", [.duplicateSort, .duplicateFixed]),
        ("type.idx", [.duplicateSort, .duplicateFixed]),
        ("stats", []),
        ("schema", []),
    ]

    init(_ dbs: [Database]) {
        precondition(dbs.count == Layout.specs.count)
        (meta, names, namesReverse, nodes, rels) = (dbs[0], dbs[1], dbs[2], dbs[3], dbs[4])
        (labelIndex, propertyIndex, outgoing, incoming, typeIndex) = (dbs[5], dbs[6], dbs[7], dbs[8], dbs[9])
        (stats, schema) = (dbs[10], dbs[11])
    }

    // MARK: keys

    static func idKey(_ id: UInt64) -> [UInt8] {
        var w = ByteWriter(capacity: 8)
        w.u64(id)
        return w.bytes
    }

    static func nameIdKey(_ id: UInt32) -> [UInt8] {
        var w = ByteWriter(capacity: 4)
        w.u32(id)
        return w.bytes
    }

    /// `prop.idx` key: label, property key, then the value's key body.
    static func propertyKey(label: UInt32, key: UInt32, body: [UInt8]) -> [UInt8] {
        var w = ByteWriter(capacity: 8 + body.count)
        w.u32(label)
        w.u32(key)
        w.append(body)
        return w.bytes
    }

    /// The 20-byte adjacency entry: type, the other node, the relationship.
    static func adjacency(type: UInt32, other: UInt64, rel: UInt64) -> [UInt8] {
        var w = ByteWriter(capacity: 20)
        w.u32(type)
        w.u64(other)
        w.u64(rel)
        return w.bytes
    }

    static let adjacencySize = 20

    /// Calls `body` with the 8-byte key of `id`, made on the stack: the
    /// allocation-free form of `idKey`.
    @inline(__always) @discardableResult
    static func withIDKey<T>(_ id: UInt64, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        var key = id.bigEndian
        return try withUnsafeBytes(of: &key, body)
    }

    /// Calls `body` with the 4-byte key of name `id`, made on the stack.
    @inline(__always) @discardableResult
    static func withNameIDKey<T>(_ id: UInt32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        var key = id.bigEndian
        return try withUnsafeBytes(of: &key, body)
    }

    /// Calls `body` with the adjacency entry of `adjacency(type:other:rel:)`,
    /// made on the stack.
    @inline(__always) @discardableResult
    static func withAdjacency<T>(
        type: UInt32, other: UInt64, rel: UInt64, _ body: (UnsafeRawBufferPointer) throws -> T
    ) rethrows -> T {
        // Five 4-byte words lie end to end, with no padding: 20 bytes.
        var entry = (
            type.bigEndian, UInt32(truncatingIfNeeded: other >> 32).bigEndian,
            UInt32(truncatingIfNeeded: other).bigEndian, UInt32(truncatingIfNeeded: rel >> 32).bigEndian,
            UInt32(truncatingIfNeeded: rel).bigEndian
        )
        return try withUnsafeBytes(of: &entry) { try body(UnsafeRawBufferPointer(rebasing: $0[..<adjacencySize])) }
    }

    /// Writes the `prop.idx` key of a value into `w` (emptied first): label,
    /// property key, then the value's key body, cut as `indexKeyBody` cuts.
    static func writePropertyKey(label: UInt32, key: UInt32, value: Value, into w: inout ByteWriter) {
        w.bytes.removeAll(keepingCapacity: true)
        w.u32(label)
        w.u32(key)
        KeyEncoding.encode(value, into: &w)
        if w.bytes.count > 8 + KeyEncoding.maxValueBytes {
            w.bytes.removeLast(w.bytes.count - 8 - KeyEncoding.maxValueBytes)
        }
    }

    // MARK: meta keys

    static let formatKey: [UInt8] = Array("format".utf8)
    static let nextNodeKey: [UInt8] = Array("next.node".utf8)
    static let nextRelKey: [UInt8] = Array("next.rel".utf8)
    static let nextNameKey: [UInt8] = Array("next.name".utf8)
}

/// The keys of the `stats` database: one counter each, kept exact in the
/// same transaction as the change it counts.
enum StatKey: Hashable {
    /// All nodes.
    case nodes
    /// All relationships.
    case relationships
    /// Nodes carrying a label.
    case label(UInt32)
    /// Relationships of a type.
    case type(UInt32)
    /// Nodes with a label (0: without labels) that hold a property key.
    case labelKey(UInt32, UInt32)
    /// Distinct values of a (label, key) pair in `prop.idx` (distinct key
    /// bodies: exact unless values longer than the key cut share a prefix).
    case distinct(UInt32, UInt32)
    /// Relationships of a type that hold a property key.
    case typeKey(UInt32, UInt32)
    /// Nodes holding a property key, whatever their labels.
    case nodeKey(UInt32)
    /// Relationships holding a property key, whatever their type.
    case relationshipKey(UInt32)

    var bytes: [UInt8] { withBytes { Array($0) } }

    /// Calls `body` with the key's bytes, built on the stack.
    func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        var buffer: (UInt64, UInt8) = (0, 0)
        return try withUnsafeMutableBytes(of: &buffer) { raw in
            let (tag, a, b): (UInt8, UInt32?, UInt32?)
            switch self {
            case .nodes: (tag, a, b) = (1, nil, nil)
            case .relationships: (tag, a, b) = (2, nil, nil)
            case .label(let l): (tag, a, b) = (0x10, l, nil)
            case .type(let t): (tag, a, b) = (0x11, t, nil)
            case .labelKey(let l, let k): (tag, a, b) = (0x12, l, k)
            case .distinct(let l, let k): (tag, a, b) = (0x13, l, k)
            case .typeKey(let t, let k): (tag, a, b) = (0x14, t, k)
            case .nodeKey(let k): (tag, a, b) = (0x15, k, nil)
            case .relationshipKey(let k): (tag, a, b) = (0x16, k, nil)
            }
            raw[0] = tag
            var count = 1
            if let a {
                raw.storeBytes(of: a.bigEndian, toByteOffset: 1, as: UInt32.self)
                count = 5
            }
            if let b {
                raw.storeBytes(of: b.bigEndian, toByteOffset: 5, as: UInt32.self)
                count = 9
            }
            return try body(UnsafeRawBufferPointer(rebasing: raw[0..<count]))
        }
    }

    /// A cheap, well-spread hash in 0..<256 for `StatDeltas`' cache.
    var slot: Int {
        let (tag, a, b): (UInt32, UInt32, UInt32)
        switch self {
        case .nodes: (tag, a, b) = (1, 0, 0)
        case .relationships: (tag, a, b) = (2, 0, 0)
        case .label(let l): (tag, a, b) = (3, l, 0)
        case .type(let t): (tag, a, b) = (4, t, 0)
        case .labelKey(let l, let k): (tag, a, b) = (5, l, k)
        case .distinct(let l, let k): (tag, a, b) = (6, l, k)
        case .typeKey(let t, let k): (tag, a, b) = (7, t, k)
        case .nodeKey(let k): (tag, a, b) = (8, k, 0)
        case .relationshipKey(let k): (tag, a, b) = (9, k, 0)
        }
        return Int((tag &* 0x9E37_79B1 ^ a &* 0x85EB_CA77 ^ b &* 0xC2B2_AE3D) >> 24)
    }

    init?(bytes b: UnsafeRawBufferPointer) {
        guard let tag = b.first else { return nil }
        switch (tag, b.count) {
        case (1, 1): self = .nodes
        case (2, 1): self = .relationships
        case (0x10, 5): self = .label(b.bigEndianU32(at: 1))
        case (0x11, 5): self = .type(b.bigEndianU32(at: 1))
        case (0x12, 9): self = .labelKey(b.bigEndianU32(at: 1), b.bigEndianU32(at: 5))
        case (0x13, 9): self = .distinct(b.bigEndianU32(at: 1), b.bigEndianU32(at: 5))
        case (0x14, 9): self = .typeKey(b.bigEndianU32(at: 1), b.bigEndianU32(at: 5))
        case (0x15, 5): self = .nodeKey(b.bigEndianU32(at: 1))
        case (0x16, 5): self = .relationshipKey(b.bigEndianU32(at: 1))
        default: return nil
        }
    }
}

/// A transaction's pending statistic changes. A bulk write bumps the same
/// few statistics for every record; a small direct-mapped cache takes
/// those bumps without hashing, and hands a statistic on to the map only
/// when another one needs its slot. Copies are independent (savepoints
/// keep one).
struct StatDeltas {
    private var settled: [StatKey: Int64] = [:]
    /// Empty until the first bump: read transactions never make one.
    private var recent: [(key: StatKey, delta: Int64)?] = []

    /// Adds `delta` to statistic `key`. Cost: a slot check; now and then a
    /// map update.
    mutating func add(_ key: StatKey, _ delta: Int64) {
        if recent.isEmpty { recent = Array(repeating: nil, count: 256) }
        let slot = key.slot
        if let entry = recent[slot] {
            if entry.key == key {
                recent[slot]!.delta += delta
                return
            }
            settled[entry.key, default: 0] += entry.delta
        }
        recent[slot] = (key, delta)
    }

    /// The pending change of `key`.
    subscript(key: StatKey) -> Int64 {
        var v = settled.isEmpty ? 0 : settled[key] ?? 0
        if !recent.isEmpty, let entry = recent[key.slot], entry.key == key { v += entry.delta }
        return v
    }

    /// Every statistic with a pending entry (some may be zero).
    var all: [StatKey: Int64] {
        var all = settled
        for case let entry? in recent { all[entry.key, default: 0] += entry.delta }
        return all
    }
}

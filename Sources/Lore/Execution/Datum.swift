/// A value inside the engine: like `Value`, but nodes, relationships and
/// paths are carried as ids and read from the store only when a property,
/// a label or the whole entity is asked for.
///
/// `==` and `hash` are openCypher's *equivalence* (the rule of DISTINCT and
/// grouping): numbers compare by value across Int and Double (`1` ≡ `1.0`),
/// null is equivalent to null, NaN to NaN, strings compare by UTF-8 bytes.
/// Ternary equality (`=`, where null gives null) is the evaluator's.
enum Datum: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case date(CalendarDate)
    case list([Datum])
    case map([String: Datum])
    case node(UInt64)
    case relationship(UInt64)
    /// A path: `nodes.count == relationships.count + 1`.
    case path(nodes: [UInt64], relationships: [UInt64])

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Converts a stored or parameter value. Nodes, relationships and paths
    /// given as parameters keep only their ids.
    init(_ value: Value) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .date(let d): self = .date(d)
        case .list(let items): self = .list(items.map(Datum.init))
        case .map(let m): self = .map(m.mapValues(Datum.init))
        case .node(let n): self = .node(n.id.rawValue)
        case .relationship(let r): self = .relationship(r.id.rawValue)
        case .path(let p):
            self = .path(nodes: p.nodes.map(\.id.rawValue), relationships: p.relationships.map(\.id.rawValue))
        }
    }

    /// The value when it holds no graph element; nil otherwise.
    var plainValue: Value? {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .date(let d): return .date(d)
        case .list(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items {
                guard let v = item.plainValue else { return nil }
                out.append(v)
            }
            return .list(out)
        case .map(let m):
            var out: [String: Value] = [:]
            for (k, item) in m {
                guard let v = item.plainValue else { return nil }
                out[k] = v
            }
            return .map(out)
        case .node, .relationship, .path: return nil
        }
    }

    /// The type name as LQL error messages write it.
    var typeName: String {
        switch self {
        case .null: return "NULL"
        case .bool: return "BOOLEAN"
        case .int: return "INTEGER"
        case .double: return "FLOAT"
        case .string: return "STRING"
        case .date: return "DATE"
        case .list: return "LIST"
        case .map: return "MAP"
        case .node: return "NODE"
        case .relationship: return "RELATIONSHIP"
        case .path: return "PATH"
        }
    }
}

extension Datum: Hashable {
    static func == (a: Datum, b: Datum) -> Bool {
        // The common keys of a hash table, compared without ordering them.
        switch (a, b) {
        case (.string(let x), .string(let y)): return x.sameBytes(as: y)
        case (.int(let x), .int(let y)): return x == y
        case (.node(let x), .node(let y)), (.relationship(let x), .relationship(let y)): return x == y
        default: return Datum.orderCompare(a, b) == 0
        }
    }

    func hash(into h: inout Hasher) {
        switch self {
        case .null: h.combine(0)
        case .bool(let b):
            h.combine(1)
            h.combine(b)
        // Equal numbers must hash alike whatever their type.
        case .int(let i):
            h.combine(2)
            h.combine(Double(i))
        case .double(let d):
            h.combine(2)
            h.combine(d.isNaN ? Double.nan.bitPattern : (d == 0 ? 0 : d).bitPattern)
        case .string(let s):
            h.combine(3)
            s.hashBytes(into: &h)
        case .date(let d):
            h.combine(4)
            h.combine(d.daysSinceEpoch)
        case .list(let items):
            h.combine(5)
            h.combine(items.count)
            for i in items { i.hash(into: &h) }
        case .map(let m):
            h.combine(6)
            for k in m.keys.sorted() {
                h.combine(k)
                m[k]!.hash(into: &h)
            }
        case .node(let id):
            h.combine(7)
            h.combine(id)
        case .relationship(let id):
            h.combine(8)
            h.combine(id)
        case .path(let n, let r):
            h.combine(9)
            h.combine(n)
            h.combine(r)
        }
    }
}

extension Datum {
    /// The rank of a value's type in openCypher's global sort order
    /// (ascending): maps, nodes, relationships, lists, paths, dates,
    /// strings, booleans, numbers, and null last.
    private var orderRank: Int {
        switch self {
        case .map: return 0
        case .node: return 1
        case .relationship: return 2
        case .list: return 3
        case .path: return 4
        case .date: return 5
        case .string: return 6
        case .bool: return 7
        case .int, .double: return 8
        case .null: return 9
        }
    }

    /// openCypher's total order for ORDER BY (ascending), which is also
    /// its equivalence when it returns 0: every pair of values compares,
    /// numbers by value (NaN after +infinity), strings by UTF-8 bytes.
    /// Returns -1, 0 or 1.
    static func orderCompare(_ a: Datum, _ b: Datum) -> Int {
        let ra = a.orderRank
        let rb = b.orderRank
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case (.null, .null): return 0
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.string(let x), .string(let y)):
            if x.sameBytes(as: y) { return 0 }
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1
        case (.date(let x), .date(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.node(let x), .node(let y)), (.relationship(let x), .relationship(let y)):
            return x == y ? 0 : (x < y ? -1 : 1)
        case (.list(let x), .list(let y)): return compareSequences(x, y)
        case (.path(let xn, let xr), .path(let yn, let yr)):
            let c = compareSequences(xn.map(Datum.node), yn.map(Datum.node))
            return c != 0 ? c : compareSequences(xr.map(Datum.relationship), yr.map(Datum.relationship))
        case (.map(let x), .map(let y)):
            let kx = x.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let ky = y.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let c = compareSequences(kx.map(Datum.string), ky.map(Datum.string))
            if c != 0 { return c }
            return compareSequences(kx.map { x[$0]! }, ky.map { y[$0]! })
        default: return compareNumbers(a, b)
        }
    }

    private static func compareSequences(_ x: [Datum], _ y: [Datum]) -> Int {
        for (p, q) in zip(x, y) {
            let c = orderCompare(p, q)
            if c != 0 { return c }
        }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }

    /// Exact numeric comparison across Int and Double; NaN is greatest and
    /// equal to itself (the order, not `=`).
    static func compareNumbers(_ a: Datum, _ b: Datum) -> Int {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.double(let x), .double(let y)):
            if x.isNaN || y.isNaN { return x.isNaN && y.isNaN ? 0 : (x.isNaN ? 1 : -1) }
            return x == y ? 0 : (x < y ? -1 : 1)
        case (.int(let i), .double(let d)): return compareIntDouble(i, d)
        case (.double(let d), .int(let i)): return -compareIntDouble(i, d)
        default: return 0
        }
    }

    private static func compareIntDouble(_ i: Int64, _ d: Double) -> Int {
        if d.isNaN { return -1 }
        if d >= 9_223_372_036_854_775_808.0 { return -1 }
        if d < -9_223_372_036_854_775_808.0 { return 1 }
        let t = d.rounded(.towardZero)
        let ti = Int64(t)
        if i != ti { return i < ti ? -1 : 1 }
        return d == t ? 0 : (d > t ? -1 : 1)
    }
}

import Lore

// A naive evaluator for the read queries the differential test generates.
//
// A query is described as a value (`ReadQuery`); `ReadQuery.text` writes it
// in LQL for the engine, and `NaiveEvaluator` evaluates the description
// directly over an in-memory copy of the graph: every node pattern scans
// all nodes, every relationship is found by walking lists, and predicates
// are applied after the whole pattern is matched. No planner, no index, no
// operator of the engine takes part, so agreement means the engine's access
// paths return what the plain semantics say.

// MARK: the query description

/// A node pattern: `(name:Label:Other {key: value})`, labels and property
/// optional.
struct NodeSpec {
    var name: String
    var labels: [String] = []
    var property: (key: String, value: Value)?
}

/// A relationship pattern between two node patterns, as written left to right.
struct RelationshipSpec {
    enum Arrow { case right, left, none }
    var name: String?
    var types: [String]
    var arrow: Arrow
    /// `*min..max` when variable length.
    var length: ClosedRange<Int>?
    var property: (key: String, value: Value)?
}

/// `(n0)-[r0]-(n1)-[r1]-(n2)...`: one more node than relationships.
struct PathSpec {
    var nodes: [NodeSpec]
    var relationships: [RelationshipSpec]
}

/// What a predicate or a column reads.
enum Operand {
    case property(String, String)
    case id(String)
    case value(Value)
}

enum Comparison: String, CaseIterable {
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

indirect enum Predicate {
    case compare(Operand, Comparison, Operand)
    case startsWith(Operand, String)
    case inList(Operand, [Value])
    case isNull(Operand)
    case and(Predicate, Predicate)
    case or(Predicate, Predicate)
    case not(Predicate)
}

enum Aggregate {
    case countStar
    case count(Operand, distinct: Bool)
    case sum(Operand)
    case avg(Operand)
    case min(Operand)
    case max(Operand)

    /// Whether the result is a float whose last bits depend on the order of
    /// the inputs.
    var isInexact: Bool {
        switch self {
        case .avg: return true
        case .sum(.property(_, let key)): return key == "f"
        default: return false
        }
    }
}

enum Column {
    case operand(Operand)
    case aggregate(Aggregate)
}

/// `MATCH parts WHERE predicate [OPTIONAL MATCH path WHERE predicate]
/// RETURN [DISTINCT] columns [ORDER BY ...] [SKIP n] [LIMIT n]`, columns
/// named c0, c1, ...
struct ReadQuery {
    var match: [PathSpec]
    var predicate: Predicate?
    var optional: (path: PathSpec, predicate: Predicate?)?
    var columns: [Column]
    var distinct = false
    /// Column indexes and whether descending.
    var orderBy: [(column: Int, descending: Bool)] = []
    var skip: Int?
    var limit: Int?

    /// Whether the order of the rows is fixed: ORDER BY names every column,
    /// so only equal rows may come in either order.
    var isOrdered: Bool { !orderBy.isEmpty && Set(orderBy.map(\.column)).count == columns.count }
}

// MARK: the text

extension ReadQuery {
    var text: String {
        var parts = ["MATCH " + match.map(\.text).joined(separator: ", ")]
        if let predicate { parts.append("WHERE " + predicate.text) }
        if let optional {
            parts.append("OPTIONAL MATCH " + optional.path.text)
            if let p = optional.predicate { parts.append("WHERE " + p.text) }
        }
        let items = columns.enumerated().map { "\($0.element.text) AS c\($0.offset)" }
        parts.append("RETURN " + (distinct ? "DISTINCT " : "") + items.joined(separator: ", "))
        if !orderBy.isEmpty {
            parts.append(
                "ORDER BY " + orderBy.map { "c\($0.column)" + ($0.descending ? " DESC" : "") }.joined(separator: ", "))
        }
        if let skip { parts.append("SKIP \(skip)") }
        if let limit { parts.append("LIMIT \(limit)") }
        return parts.joined(separator: " ")
    }
}

func literal(_ v: Value) -> String {
    switch v {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .double(let d): return "\(d)"
    case .string(let s): return "'" + s + "'"
    case .list(let items): return "[" + items.map(literal).joined(separator: ", ") + "]"
    default: fatalError("no literal for \(v)")
    }
}

extension NodeSpec {
    var text: String {
        var s = "(" + name
        for label in labels { s += ":" + label }
        if let property { s += " {\(property.key): \(literal(property.value))}" }
        return s + ")"
    }
}

extension RelationshipSpec {
    var text: String {
        var inner = name ?? ""
        if !types.isEmpty { inner += ":" + types.joined(separator: "|") }
        if let length { inner += "*\(length.lowerBound)..\(length.upperBound)" }
        if let property { inner += " {\(property.key): \(literal(property.value))}" }
        switch arrow {
        case .right: return "-[\(inner)]->"
        case .left: return "<-[\(inner)]-"
        case .none: return "-[\(inner)]-"
        }
    }
}

extension PathSpec {
    var text: String {
        var s = nodes[0].text
        for (i, r) in relationships.enumerated() { s += r.text + nodes[i + 1].text }
        return s
    }
}

extension Operand {
    var text: String {
        switch self {
        case .property(let name, let key): return "\(name).\(key)"
        case .id(let name): return "id(\(name))"
        case .value(let v): return literal(v)
        }
    }
}

extension Predicate {
    var text: String {
        switch self {
        case .compare(let a, let op, let b): return "\(a.text) \(op.rawValue) \(b.text)"
        case .startsWith(let a, let prefix): return "\(a.text) STARTS WITH \(literal(.string(prefix)))"
        case .inList(let a, let list): return "\(a.text) IN \(literal(.list(list)))"
        case .isNull(let a): return "\(a.text) IS NULL"
        case .and(let p, let q): return "(\(p.text) AND \(q.text))"
        case .or(let p, let q): return "(\(p.text) OR \(q.text))"
        case .not(let p): return "NOT (\(p.text))"
        }
    }
}

extension Column {
    var text: String {
        switch self {
        case .operand(let o): return o.text
        case .aggregate(let a):
            switch a {
            case .countStar: return "count(*)"
            case .count(let o, let distinct): return "count(\(distinct ? "DISTINCT " : "")\(o.text))"
            case .sum(let o): return "sum(\(o.text))"
            case .avg(let o): return "avg(\(o.text))"
            case .min(let o): return "min(\(o.text))"
            case .max(let o): return "max(\(o.text))"
            }
        }
    }
}

// MARK: the graph

/// Every node and relationship of a store, read through the record API.
struct GraphCopy {
    struct NodeCopy {
        var id: Int64
        var labels: Set<String>
        var properties: [String: Value]
    }
    struct RelationshipCopy {
        var id: Int64
        var type: String
        var start: Int
        var end: Int
        var properties: [String: Value]
    }
    var nodes: [NodeCopy] = []
    var relationships: [RelationshipCopy] = []
    /// Relationship indexes by the index of their start node, and of their end node.
    var outgoing: [[Int]] = []
    var incoming: [[Int]] = []

    init(_ tx: Transaction) throws {
        var index: [NodeID: Int] = [:]
        for id in try tx.allNodes() {
            guard let node = try tx.node(id) else { continue }
            index[id] = nodes.count
            nodes.append(NodeCopy(id: Int64(id.rawValue), labels: Set(node.labels), properties: node.properties))
        }
        outgoing = Array(repeating: [], count: nodes.count)
        incoming = Array(repeating: [], count: nodes.count)
        for id in try tx.allNodes() {
            for r in try tx.relationships(of: id, direction: .outgoing) {
                guard let start = index[r.start], let end = index[r.end] else { continue }
                outgoing[start].append(relationships.count)
                incoming[end].append(relationships.count)
                relationships.append(
                    RelationshipCopy(
                        id: Int64(r.id.rawValue), type: r.type, start: start, end: end, properties: r.properties))
            }
        }
    }
}

// MARK: the evaluation

/// Evaluates `ReadQuery` descriptions by brute force over a `GraphCopy`.
struct NaiveEvaluator {
    let graph: GraphCopy

    enum Binding: Equatable {
        case null
        case node(Int)
        case relationship(Int)
        case relationships([Int])
    }
    typealias Row = [String: Binding]

    func evaluate(_ q: ReadQuery) -> [[Value]] {
        var rows: [Row] = []
        matchParts(q.match[...], [:], used: [], into: &rows)
        if let p = q.predicate { rows = rows.filter { test(p, $0) == true } }
        if let (path, predicate) = q.optional {
            var extended: [Row] = []
            for row in rows {
                var found: [Row] = []
                matchPath(path, row, used: [], into: &found)
                if let predicate { found = found.filter { test(predicate, $0) == true } }
                if found.isEmpty {
                    var r = row
                    for n in path.nodes where r[n.name] == nil { r[n.name] = .null }
                    for rel in path.relationships { if let name = rel.name, r[name] == nil { r[name] = .null } }
                    found = [r]
                }
                extended += found
            }
            rows = extended
        }
        var result = project(q, rows)
        if q.distinct {
            var seen = Set<[Value]>()
            result = result.filter { seen.insert($0.map(equivalenceKey)).inserted }
        }
        if !q.orderBy.isEmpty {
            result.sort { a, b in
                for key in q.orderBy {
                    let c = orderCompare(a[key.column], b[key.column])
                    if c != 0 { return key.descending ? c > 0 : c < 0 }
                }
                return false
            }
        }
        if let skip = q.skip { result = Array(result.dropFirst(skip)) }
        if let limit = q.limit { result = Array(result.prefix(limit)) }
        return result
    }

    // MARK: patterns

    private func matchParts(_ parts: ArraySlice<PathSpec>, _ row: Row, used: Set<Int>, into rows: inout [Row]) {
        guard let first = parts.first else {
            rows.append(row)
            return
        }
        var partial: [(Row, Set<Int>)] = []
        matchPath(first, row, used: used) { partial.append(($0, $1)) }
        for (r, u) in partial { matchParts(parts.dropFirst(), r, used: u, into: &rows) }
    }

    private func matchPath(_ path: PathSpec, _ row: Row, used: Set<Int>, into rows: inout [Row]) {
        matchPath(path, row, used: used) { r, _ in rows.append(r) }
    }

    /// Calls `emit` with each way `path` matches given `row`, relationships
    /// pairwise distinct and not in `used`.
    private func matchPath(_ path: PathSpec, _ row: Row, used: Set<Int>, emit: (Row, Set<Int>) -> Void) {
        func step(_ i: Int, _ at: Int, _ row: Row, _ used: Set<Int>) {
            if i == path.relationships.count {
                emit(row, used)
                return
            }
            let spec = path.relationships[i]
            let next = path.nodes[i + 1]
            let length = spec.length ?? 1...1
            walk(from: at, spec, steps: length, taken: [], used: used) { end, rels in
                var r = row
                guard bindNode(next, end, &r) else { return }
                if let name = spec.name {
                    let b: Binding = spec.length == nil ? .relationship(rels[0]) : .relationships(rels)
                    if let old = r[name], old != b { return }
                    r[name] = b
                }
                step(i + 1, end, r, used.union(rels))
            }
        }
        for n in graph.nodes.indices {
            var r = row
            guard bindNode(path.nodes[0], n, &r) else { continue }
            step(0, n, r, used)
        }
    }

    /// Binds `spec` to node `n` in `row` if the node fits and the name is free
    /// or already names `n`.
    private func bindNode(_ spec: NodeSpec, _ n: Int, _ row: inout Row) -> Bool {
        let node = graph.nodes[n]
        if !node.labels.isSuperset(of: spec.labels) { return false }
        if let p = spec.property, equal(node.properties[p.key] ?? .null, p.value) != true { return false }
        if let old = row[spec.name] { return old == .node(n) }
        row[spec.name] = .node(n)
        return true
    }

    /// Walks `steps` relationships from node `at` and calls `emit` with the
    /// end node and the relationships taken, for each length in range.
    private func walk(
        from at: Int, _ spec: RelationshipSpec, steps: ClosedRange<Int>, taken: [Int], used: Set<Int>,
        emit: (Int, [Int]) -> Void
    ) {
        if steps.contains(taken.count) { emit(at, taken) }
        guard taken.count < steps.upperBound else { return }
        for (rel, other) in neighbours(at, spec.arrow) {
            let r = graph.relationships[rel]
            if !spec.types.isEmpty && !spec.types.contains(r.type) { continue }
            if used.contains(rel) || taken.contains(rel) { continue }
            if let p = spec.property, equal(r.properties[p.key] ?? .null, p.value) != true { continue }
            walk(from: other, spec, steps: steps, taken: taken + [rel], used: used, emit: emit)
        }
    }

    /// Relationships at node `n` in the direction of `arrow`, with the node
    /// at their other end; a self-loop once.
    private func neighbours(_ n: Int, _ arrow: RelationshipSpec.Arrow) -> [(Int, Int)] {
        var result: [(Int, Int)] = []
        if arrow != .left { result += graph.outgoing[n].map { ($0, graph.relationships[$0].end) } }
        if arrow != .right {
            for rel in graph.incoming[n] where arrow == .left || graph.relationships[rel].start != n {
                result.append((rel, graph.relationships[rel].start))
            }
        }
        return result
    }

    // MARK: expressions

    func value(_ o: Operand, _ row: Row) -> Value {
        switch o {
        case .value(let v): return v
        case .id(let name):
            switch row[name] {
            case .node(let n): return .int(graph.nodes[n].id)
            case .relationship(let r): return .int(graph.relationships[r].id)
            default: return .null
            }
        case .property(let name, let key):
            switch row[name] {
            case .node(let n): return graph.nodes[n].properties[key] ?? .null
            case .relationship(let r): return graph.relationships[r].properties[key] ?? .null
            default: return .null
            }
        }
    }

    /// Three-valued: nil is null.
    func test(_ p: Predicate, _ row: Row) -> Bool? {
        switch p {
        case .compare(let a, let op, let b):
            let x = value(a, row)
            let y = value(b, row)
            switch op {
            case .equal: return equal(x, y)
            case .notEqual: return equal(x, y).map { !$0 }
            case .less: return compare(x, y).map { $0 < 0 }
            case .lessOrEqual: return compare(x, y).map { $0 <= 0 }
            case .greater: return compare(x, y).map { $0 > 0 }
            case .greaterOrEqual: return compare(x, y).map { $0 >= 0 }
            }
        case .startsWith(let a, let prefix):
            guard case .string(let s) = value(a, row) else { return nil }
            return s.utf8.starts(with: prefix.utf8)
        case .inList(let a, let list):
            let x = value(a, row)
            var sawNull = false
            for item in list {
                switch equal(x, item) {
                case true?: return true
                case nil: sawNull = true
                case false?: break
                }
            }
            return sawNull ? nil : false
        case .isNull(let a):
            return value(a, row) == .null
        case .and(let p, let q):
            let x = test(p, row)
            let y = test(q, row)
            if x == false || y == false { return false }
            return x == true && y == true ? true : nil
        case .or(let p, let q):
            let x = test(p, row)
            let y = test(q, row)
            if x == true || y == true { return true }
            return x == false && y == false ? false : nil
        case .not(let p): return test(p, row).map { !$0 }
        }
    }

    // MARK: projection and aggregation

    private func project(_ q: ReadQuery, _ rows: [Row]) -> [[Value]] {
        let aggregates = q.columns.indices.filter { if case .aggregate = q.columns[$0] { true } else { false } }
        if aggregates.isEmpty {
            return rows.map { row in
                q.columns.map { c in
                    guard case .operand(let o) = c else { return .null }
                    return value(o, row)
                }
            }
        }
        let keys = q.columns.indices.filter { !aggregates.contains($0) }
        // Groups by equivalence; each shows the key values of its first row.
        var groups: [[Value]: [Row]] = [:]
        var order: [(key: [Value], shown: [Value])] = []
        for row in rows {
            let shown = keys.map { i -> Value in
                guard case .operand(let o) = q.columns[i] else { return .null }
                return value(o, row)
            }
            let key = shown.map(equivalenceKey)
            if groups[key] == nil { order.append((key, shown)) }
            groups[key, default: []].append(row)
        }
        // Without grouping keys, no rows still make one group.
        if keys.isEmpty && order.isEmpty {
            order = [([], [])]
            groups[[]] = []
        }
        return order.map { group in
            var out: [Value] = []
            var k = 0
            for c in q.columns {
                switch c {
                case .operand:
                    out.append(group.shown[k])
                    k += 1
                case .aggregate(let a): out.append(aggregate(a, groups[group.key]!))
                }
            }
            return out
        }
    }

    private func aggregate(_ a: Aggregate, _ rows: [Row]) -> Value {
        func values(_ o: Operand) -> [Value] { rows.map { value(o, $0) }.filter { $0 != .null } }
        switch a {
        case .countStar: return .int(Int64(rows.count))
        case .count(let o, let distinct):
            let v = values(o)
            return .int(Int64(distinct ? Set(v.map(equivalenceKey)).count : v.count))
        case .sum(let o):
            let v = values(o)
            if v.allSatisfy({ if case .int = $0 { true } else { false } }) {
                return .int(v.reduce(0) { if case .int(let i) = $1 { $0 + i } else { $0 } })
            }
            return .double(v.reduce(0.0) { $0 + number($1) })
        case .avg(let o):
            let v = values(o)
            return v.isEmpty ? .null : .double(v.reduce(0.0) { $0 + number($1) } / Double(v.count))
        case .min(let o): return values(o).min { orderCompare($0, $1) < 0 } ?? .null
        case .max(let o): return values(o).max { orderCompare($0, $1) < 0 } ?? .null
        }
    }
}

// MARK: comparison semantics

private func number(_ v: Value) -> Double {
    switch v {
    case .int(let i): return Double(i)
    case .double(let d): return d
    default: return .nan
    }
}

private func isNumber(_ v: Value) -> Bool {
    switch v {
    case .int, .double: return true
    default: return false
    }
}

/// `=`: null when either side is null; numbers compare by value across
/// Int and Double; values of different kinds are unequal.
func equal(_ a: Value, _ b: Value) -> Bool? {
    if a == .null || b == .null { return nil }
    if isNumber(a) && isNumber(b) { return referenceCompare(a, b) == 0 }
    return a == b
}

/// `<` and friends: null unless both are numbers, both strings or both
/// booleans.
func compare(_ a: Value, _ b: Value) -> Int? {
    switch (a, b) {
    case (.int, .int), (.int, .double), (.double, .int), (.double, .double), (.string, .string), (.bool, .bool):
        return referenceCompare(a, b)
    default: return nil
    }
}

/// A value standing for its class under DISTINCT and grouping, where
/// numbers are one class when `=` holds between them (1 and 1.0, 0 and
/// -0.0): a float that is a whole number in Int64's range stands as that
/// integer.
func equivalenceKey(_ v: Value) -> Value {
    switch v {
    case .double(let d):
        if d == d.rounded(), d >= -9_223_372_036_854_775_808.0, d < 9_223_372_036_854_775_808.0 {
            return .int(Int64(d))
        }
        return v
    case .list(let items): return .list(items.map(equivalenceKey))
    default: return v
    }
}

/// ORDER BY's order for the values the generated columns hold: null after
/// everything, then by `referenceCompare`.
func orderCompare(_ a: Value, _ b: Value) -> Int {
    switch (a == .null, b == .null) {
    case (true, true): return 0
    case (true, false): return 1
    case (false, true): return -1
    default: return referenceCompare(a, b)
    }
}

import Foundation
import Testing

@testable import Lore

/// Builds a random graph: nodes labelled from {A, B, C} (any subset) with
/// properties k (an integer 0...20, now and then a half like 7.5, rarely a
/// string or a boolean), s (a short string over "abc", rarely an integer)
/// and f (a quarter in -10...10), each sometimes missing; twice as many
/// relationships of type R or S, a few of them self-loops, with a property
/// w (0...5, sometimes missing). The odd types check that a seek returns
/// only values the predicate accepts.
private func makeGraph(_ tx: Transaction, nodes count: Int, _ rng: inout SeededGenerator) throws {
    var ids: [NodeID] = []
    for _ in 0..<count {
        let labels = ["A", "B", "C"].filter { _ in Int.random(in: 0..<10, using: &rng) < 4 }
        var properties: [String: Value] = [:]
        if Int.random(in: 0..<100, using: &rng) < 85 {
            let k = Int64.random(in: 0...20, using: &rng)
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<10: properties["k"] = .double(Double(k) + 0.5)
            case 10..<14: properties["k"] = .string(randomString(&rng))
            case 14..<16: properties["k"] = .bool(k % 2 == 0)
            case 16..<18: properties["k"] = edgeNumbers[Int.random(in: 0..<edgeNumbers.count, using: &rng)]
            default: properties["k"] = .int(k)
            }
        }
        if Int.random(in: 0..<100, using: &rng) < 80 {
            let odd = Int.random(in: 0..<100, using: &rng) < 3
            properties["s"] = odd ? .int(Int64.random(in: 0...20, using: &rng)) : .string(randomString(&rng))
        }
        if Int.random(in: 0..<100, using: &rng) < 80 {
            properties["f"] = .double(Double(Int.random(in: -40...40, using: &rng)) / 4)
        }
        ids.append(try tx.createNode(labels: labels, properties: properties))
    }
    for _ in 0..<(2 * count) {
        let start = ids[Int.random(in: 0..<ids.count, using: &rng)]
        let end = Int.random(in: 0..<30, using: &rng) == 0 ? start : ids[Int.random(in: 0..<ids.count, using: &rng)]
        var properties: [String: Value] = [:]
        if Int.random(in: 0..<100, using: &rng) < 80 { properties["w"] = .int(Int64.random(in: 0...5, using: &rng)) }
        let type = Int.random(in: 0..<10, using: &rng) < 6 ? "R" : "S"
        try tx.createRelationship(type, from: start, to: end, properties: properties)
    }
}

/// Numbers where Int and Double part: 2^53 and its neighbours, the ends of
/// Int64, and both zeros.
private let edgeNumbers: [Value] = [
    .int(1 << 53), .int((1 << 53) + 1), .double(9_007_199_254_740_992), .double(9_007_199_254_740_994),
    .int(Int64.max), .int(Int64.min), .double(9.223372036854775808e18), .double(-0.0), .int(0),
]

private func randomString(_ rng: inout SeededGenerator) -> String {
    String((0..<Int.random(in: 0...3, using: &rng)).map { _ in "abc".randomElement(using: &rng)! })
}

/// Random read queries of the shapes the planner treats specially: index
/// seeks (equality, ranges, prefixes), anchored expansions either way,
/// variable length, optional matches, joins, aggregation, DISTINCT and
/// top-k.
private struct QueryGenerator {
    var rng: SeededGenerator

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }

    mutating func label() -> String { pick(["A", "B", "C"]) }

    /// A value for k: mostly an integer, sometimes a float equal to one or
    /// between two.
    mutating func kValue() -> Value {
        switch int(0...9) {
        case 0: return .double(Double(int(0...20)) + 0.5)
        case 1: return .double(Double(int(0...20)))
        default: return .int(Int64(int(-1...21)))
        }
    }

    mutating func sValue() -> Value { .string(randomString(&rng)) }
    mutating func fValue() -> Value {
        chance(20) ? .int(Int64(int(-10...10))) : .double(Double(int(-40...40)) / 4)
    }

    /// A value to compare `key` with: mostly of the property's own kind,
    /// now and then of another kind, or null.
    mutating func value(for key: String) -> Value {
        switch int(0...99) {
        case 0..<3: return .null
        case 3..<6: return .bool(chance(50))
        case 6..<12: return typedValue(for: pick(["k", "s", "f"]))
        case 12..<16: return pick(edgeNumbers)
        default: return typedValue(for: key)
        }
    }

    mutating func typedValue(for key: String) -> Value {
        switch key {
        case "k": return kValue()
        case "s": return sValue()
        case "f": return fValue()
        default: return .int(Int64(int(0...5)))
        }
    }

    /// A property map anchor for a node: `{k: 3}` or `{s: 'ab'}`.
    mutating func anchor() -> (key: String, value: Value) {
        let key = pick(["k", "k", "s"])
        return (key, key == "k" ? .int(Int64(int(0...20))) : typedValue(for: key))
    }

    /// A predicate on one node, of the kinds an index can answer, now and
    /// then combined with AND, OR or NOT.
    mutating func nodePredicate(_ n: String, depth: Int = 0) -> Predicate {
        if depth < 2 && chance(25) {
            let p = nodePredicate(n, depth: depth + 1)
            switch int(0...2) {
            case 0: return .and(p, nodePredicate(n, depth: depth + 1))
            case 1: return .or(p, nodePredicate(n, depth: depth + 1))
            default: return .not(p)
            }
        }
        let key = pick(["k", "k", "k", "s", "f"])
        let prop = Operand.property(n, key)
        switch int(0...9) {
        case 0, 1: return .compare(prop, .equal, .value(value(for: key)))
        case 2: return .compare(.value(value(for: key)), .equal, prop)
        case 3:
            let op = pick([Comparison.less, .lessOrEqual, .greater, .greaterOrEqual])
            return chance(50)
                ? .compare(prop, op, .value(value(for: key))) : .compare(.value(value(for: key)), op, prop)
        case 4, 5:
            let lower = pick([Comparison.greater, .greaterOrEqual])
            let upper = pick([Comparison.less, .lessOrEqual])
            return .and(.compare(prop, lower, .value(value(for: key))), .compare(prop, upper, .value(value(for: key))))
        case 6: return .startsWith(.property(n, "s"), pick(["", "a", "b", "ab", "c", "ca"]))
        case 7: return .inList(prop, (0..<int(1...3)).map { _ in value(for: key) })
        case 8: return chance(50) ? .isNull(prop) : .not(.isNull(prop))
        default: return .compare(prop, .notEqual, .value(value(for: key)))
        }
    }

    mutating func relationshipPredicate(_ r: String) -> Predicate {
        let op = pick(Comparison.allCases)
        return .compare(.property(r, "w"), op, .value(.int(Int64(int(0...5)))))
    }

    /// A node pattern with a label (now and then two) in `percent` of cases.
    mutating func node(_ name: String, labelled percent: Int = 70, anchored: Int = 0) -> NodeSpec {
        var labels: [String] = chance(percent) ? [label()] : []
        if !labels.isEmpty && chance(10) { labels.append(label()) }
        return NodeSpec(name: name, labels: labels, property: chance(anchored) ? anchor() : nil)
    }

    mutating func relationship(_ name: String?, length: ClosedRange<Int>? = nil) -> RelationshipSpec {
        let types: [String] = pick([[], ["R"], ["S"], ["R", "S"]])
        let arrow = pick([RelationshipSpec.Arrow.right, .left, .none])
        let property: (key: String, value: Value)? = chance(15) ? ("w", .int(Int64(int(0...5)))) : nil
        return RelationshipSpec(name: name, types: types, arrow: arrow, length: length, property: property)
    }

    mutating func conjoin(_ predicates: [Predicate]) -> Predicate? {
        guard var p = predicates.first else { return nil }
        for q in predicates.dropFirst() { p = .and(p, q) }
        return p
    }

    mutating func query() -> ReadQuery {
        var nodes: [String] = []
        var rels: [String] = []
        var q: ReadQuery
        switch int(0...8) {
        case 0:
            // One node, found by a label and a predicate an index can answer.
            let n = node("n", labelled: 90, anchored: 20)
            q = ReadQuery(match: [PathSpec(nodes: [n], relationships: [])], predicate: nodePredicate("n"), columns: [])
            nodes = ["n"]
        case 1:
            // One hop, anchored at either end or at neither.
            let a = node("a", anchored: 40)
            let b = node("b", anchored: a.property == nil ? 40 : 0)
            var predicates: [Predicate] = []
            if chance(40) { predicates.append(nodePredicate(pick(["a", "b"]))) }
            if chance(30) { predicates.append(relationshipPredicate("r")) }
            if chance(15) {
                predicates.append(.compare(.property("a", "k"), pick(Comparison.allCases), .property("b", "k")))
            }
            q = ReadQuery(
                match: [PathSpec(nodes: [a, b], relationships: [relationship("r")])], predicate: conjoin(predicates),
                columns: [])
            nodes = ["a", "b"]
            rels = ["r"]
        case 2:
            // Two hops; the anchor may be in the middle or at the far end,
            // and the path may close a cycle back to its start.
            var specs = [node("a"), node("b"), node("c")]
            let cycle = chance(15)
            let anchored = int(0...2)
            specs[anchored].property = anchor()
            if specs[anchored].labels.isEmpty { specs[anchored].labels = [label()] }
            var predicates: [Predicate] = []
            if chance(40) { predicates.append(nodePredicate(pick(["a", "b"] + (cycle ? [] : ["c"])))) }
            if chance(20) { predicates.append(relationshipPredicate(pick(["r1", "r2"]))) }
            if cycle { specs[2] = NodeSpec(name: "a") }
            q = ReadQuery(
                match: [PathSpec(nodes: specs, relationships: [relationship("r1"), relationship("r2")])],
                predicate: conjoin(predicates), columns: [])
            nodes = cycle ? ["a", "b"] : ["a", "b", "c"]
            rels = ["r1", "r2"]
        case 3:
            // Variable length from an anchored or labelled start.
            var a = node("a", labelled: 100, anchored: 60)
            if a.property == nil && chance(50) { a.property = anchor() }
            let b = node("b", labelled: 50, anchored: 20)
            let length = pick([1...1, 1...2, 1...3, 2...3, 2...2])
            q = ReadQuery(
                match: [PathSpec(nodes: [a, b], relationships: [relationship(nil, length: length)])],
                predicate: chance(50) ? nodePredicate("b") : nil, columns: [])
            nodes = ["a", "b"]
        case 4:
            // OPTIONAL MATCH from the rows of a first MATCH.
            let a = node("a", labelled: 100, anchored: 30)
            let b = node("b", labelled: 50, anchored: 15)
            let optionalPredicate: Predicate? =
                chance(50) ? (chance(70) ? nodePredicate("b") : relationshipPredicate("r")) : nil
            q = ReadQuery(
                match: [PathSpec(nodes: [a], relationships: [])], predicate: chance(60) ? nodePredicate("a") : nil,
                optional: (
                    PathSpec(nodes: [NodeSpec(name: "a"), b], relationships: [relationship("r")]), optionalPredicate
                ),
                columns: [])
            nodes = ["a", "b"]
            rels = ["r"]
        case 5:
            // Two parts that share a node: their relationships must differ.
            let a = NodeSpec(name: "a", labels: [label()], property: anchor())
            let c = node("c", labelled: 50)
            q = ReadQuery(
                match: [
                    PathSpec(nodes: [a, NodeSpec(name: "b")], relationships: [relationship("r1")]),
                    PathSpec(nodes: [NodeSpec(name: "b"), c], relationships: [relationship("r2")]),
                ],
                predicate: chance(30) ? nodePredicate("c") : nil, columns: [])
            nodes = ["a", "b", "c"]
            rels = ["r1", "r2"]
        case 6:
            // OPTIONAL MATCH of two hops, its far end anchored or not.
            let a = node("a", labelled: 100, anchored: 50)
            let c = node("c", labelled: 50, anchored: 30)
            q = ReadQuery(
                match: [PathSpec(nodes: [a], relationships: [])], predicate: nil,
                optional: (
                    PathSpec(
                        nodes: [NodeSpec(name: "a"), node("b"), c],
                        relationships: [relationship("r1"), relationship("r2")]),
                    chance(40) ? nodePredicate(pick(["b", "c"])) : nil
                ),
                columns: [])
            nodes = ["a", "b", "c"]
            rels = ["r1", "r2"]
        case 8:
            // A range on one property, sorted by it and cut by LIMIT: the
            // seek reads the index in order (either way) and stops early.
            let n = NodeSpec(name: "n", labels: [label()], property: nil)
            let key = pick(["k", "k", "s", "f"])
            let prop = Operand.property("n", key)
            var range: Predicate =
                chance(30)
                ? .compare(prop, pick([.greater, .greaterOrEqual, .less, .lessOrEqual]), .value(value(for: key)))
                : .and(
                    .compare(prop, pick([.greater, .greaterOrEqual]), .value(value(for: key))),
                    .compare(prop, pick([.less, .lessOrEqual]), .value(value(for: key))))
            if chance(20) { range = .and(range, nodePredicate("n")) }
            let hop = chance(30)
            q = ReadQuery(
                match: [
                    hop
                        ? PathSpec(nodes: [n, node("b")], relationships: [relationship("r")])
                        : PathSpec(nodes: [n], relationships: [])
                ],
                predicate: range, columns: [.operand(prop)])
            q.orderBy = [(0, chance(50))]
            q.limit = int(0...12)
            if chance(30) { q.skip = int(0...3) }
            return q
        default:
            // A join of two parts through a predicate across them.
            let a = NodeSpec(name: "a", labels: [label()], property: anchor())
            let b = node("b", labelled: 100)
            let key = pick(["k", "s"])
            var join: Predicate =
                chance(60)
                ? .compare(.property("b", key), .equal, .property("a", key))
                : .compare(.property("a", key), pick([.less, .greaterOrEqual]), .property("b", key))
            if chance(30) { join = .and(join, nodePredicate("b")) }
            q = ReadQuery(
                match: [PathSpec(nodes: [a], relationships: []), PathSpec(nodes: [b], relationships: [])],
                predicate: join, columns: [])
            nodes = ["a", "b"]
        }
        addColumns(&q, nodes: nodes, relationships: rels)
        return q
    }

    mutating func operand(nodes: [String], relationships: [String]) -> Operand {
        if !relationships.isEmpty && chance(20) {
            let r = pick(relationships)
            return chance(30) ? .id(r) : .property(r, "w")
        }
        let n = pick(nodes)
        return chance(25) ? .id(n) : .property(n, pick(["k", "s", "f"]))
    }

    mutating func addColumns(_ q: inout ReadQuery, nodes: [String], relationships: [String]) {
        if chance(35) {
            // Grouping keys and aggregates.
            for _ in 0..<int(0...2) {
                let n = pick(nodes)
                q.columns.append(.operand(.property(n, pick(["s", "k"]))))
            }
            for _ in 0..<int(1...2) {
                let n = pick(nodes)
                let numeric = Operand.property(n, "f")
                let aggregate: Aggregate
                switch int(0...6) {
                case 0: aggregate = .countStar
                case 1: aggregate = .count(operand(nodes: nodes, relationships: relationships), distinct: chance(50))
                case 2:
                    aggregate = .sum(
                        relationships.isEmpty || chance(70) ? numeric : .property(pick(relationships), "w"))
                case 3: aggregate = .avg(numeric)
                case 4: aggregate = .min(operand(nodes: nodes, relationships: relationships))
                case 5: aggregate = .max(operand(nodes: nodes, relationships: relationships))
                default: aggregate = .count(.property(n, "s"), distinct: true)
                }
                q.columns.append(.aggregate(aggregate))
            }
        } else {
            for _ in 0..<int(1...3) { q.columns.append(.operand(operand(nodes: nodes, relationships: relationships))) }
            q.distinct = chance(25)
        }
        let exact = q.columns.allSatisfy { if case .aggregate(let a) = $0 { !a.isInexact } else { true } }
        if exact && chance(35) {
            q.orderBy = q.columns.indices.shuffled(using: &rng).map { ($0, chance(50)) }
            q.limit = int(0...10)
            if chance(30) { q.skip = int(0...3) }
        }
    }
}

/// Rows as a bag: sorted by a total order, so that equal bags line up.
private func bag(_ rows: [[Value]]) -> [[Value]] {
    rows.sorted { a, b in
        for (x, y) in zip(a, b) {
            let c = orderCompare(x, y)
            if c != 0 { return c < 0 }
        }
        return false
    }
}

/// Equal values, floats within a relative 1e-9 (sums and averages add in
/// any order). Numbers that are `=` match across Int and Double: a group or
/// a distinct row may show any member of its class, 1 or 1.0.
private func close(_ a: Value, _ b: Value) -> Bool {
    if case .double(let x) = a, case .double(let y) = b {
        return x == y || abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
    }
    if let same = equal(a, b), case .int = equivalenceKey(a) { return same }
    return a == b
}

private func sameRows(_ a: [[Value]], _ b: [[Value]]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { x, y in x.count == y.count && zip(x, y).allSatisfy(close) }
}

/// 200 queries a graph by default; `LORE_DIFFERENTIAL_QUERIES=N` runs N
/// instead, and `LORE_DIFFERENTIAL_VERBOSE=1` prints each query with its
/// row count and plan.
@Suite("The planned engine agrees with a naive evaluator on generated graphs")
struct DifferentialTests {
    @Test(arguments: [(UInt64(11), 200), (UInt64(23), 400), (UInt64(37), 600)])
    func randomReadQueriesAgree(seed: UInt64, nodes: Int) throws {
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            var rng = SeededGenerator(seed: seed)
            try store.write { tx in try makeGraph(tx, nodes: nodes, &rng) }
            let naive = NaiveEvaluator(graph: try store.read { tx in try GraphCopy(tx) })
            var generator = QueryGenerator(rng: SeededGenerator(seed: seed &* 7919))
            var compared = 0
            var mismatches: [String] = []
            let verbose = ProcessInfo.processInfo.environment["LORE_DIFFERENTIAL_VERBOSE"] != nil
            var nonEmpty = 0
            var operators: [String: Int] = [:]
            let count = ProcessInfo.processInfo.environment["LORE_DIFFERENTIAL_QUERIES"].flatMap { Int($0) } ?? 200
            for _ in 0..<count {
                let q = generator.query()
                let expected = naive.evaluate(q)
                let actual: [[Value]]
                do {
                    actual = try store.read { tx in try tx.run(q.text).rows }
                } catch {
                    mismatches.append("\(q.text)\n  engine threw \(error)")
                    continue
                }
                compared += 1
                if !expected.isEmpty { nonEmpty += 1 }
                let plan = try store.read { tx in try tx.run("EXPLAIN " + q.text).plan ?? "" }
                for op in [
                    "NodeIndexSeek", "NodeIndexRangeSeek", "NodeIndexPrefixSeek", "VarLengthExpand", "Optional", "Top",
                    "ORDER BY",
                ]
                where plan.contains(op + " ") || plan.contains(op + "\n") {
                    operators[op, default: 0] += 1
                }
                if verbose { print("\(q.text)\n  \(expected.count) rows\n\(plan)") }
                let agree = q.isOrdered ? sameRows(actual, expected) : sameRows(bag(actual), bag(expected))
                if !agree {
                    mismatches.append(
                        "\(q.text)\n  engine (\(actual.count) rows): \(actual.prefix(8))\n"
                            + "  naive (\(expected.count) rows): \(expected.prefix(8))")
                }
            }
            print(
                "differential seed \(seed): \(compared) queries compared (\(nonEmpty) with rows; plans using "
                    + operators.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    + "), \(mismatches.count) mismatches")
            for m in mismatches.prefix(10) { print(m) }
            #expect(mismatches.isEmpty, "\(mismatches.count) queries disagree; first: \(mismatches.first ?? "")")
            // The shapes the planner treats specially were all exercised.
            if count >= 200 {
                #expect(operators["ORDER BY", default: 0] > 0, "no ordered index seek was planned")
            }
        }
    }
}

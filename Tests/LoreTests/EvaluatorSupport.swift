import LoreSyntax
import Testing

@testable import Lore

// Shared by the evaluator test suites, which all nest in `EvaluatorTests`.
extension EvaluatorTests {
    /// An in-memory graph for evaluator tests: nodes, relationships, parameters
    /// and pattern subqueries given as closures.
    final class FakeGraph: EvaluationContext {
        struct Node {
            var labels: [String]
            var properties: [String: Datum]
        }
        struct Relationship {
            var type: String
            var start: UInt64
            var end: UInt64
            var properties: [String: Datum]
        }

        var parameters: [String: Datum] = [:]
        var nodes: [UInt64: Node] = [:]
        var relationships: [UInt64: Relationship] = [:]
        var subqueries: [Int: ([Datum]) -> [[Datum]]] = [:]

        func nodeProperty(_ id: UInt64, _ key: String) throws -> Datum { try node(id).properties[key] ?? .null }
        func nodeProperties(_ id: UInt64) throws -> [String: Datum] { try node(id).properties }
        func nodeLabels(_ id: UInt64) throws -> [String] { try node(id).labels }
        func relationshipType(_ id: UInt64) throws -> String { try relationship(id).type }
        func relationshipProperty(_ id: UInt64, _ key: String) throws -> Datum {
            try relationship(id).properties[key] ?? .null
        }
        func relationshipProperties(_ id: UInt64) throws -> [String: Datum] { try relationship(id).properties }
        func relationshipEnds(_ id: UInt64) throws -> (start: UInt64, end: UInt64) {
            let r = try relationship(id)
            return (r.start, r.end)
        }
        func subqueryRows(_ id: SubqueryID, _ row: [Datum]) throws -> [[Datum]] { subqueries[id.index]?(row) ?? [] }

        private func node(_ id: UInt64) throws -> Node {
            guard let n = nodes[id] else { throw LoreError(.entityNotFound, "NoSuchNode", "no node \(id)") }
            return n
        }
        private func relationship(_ id: UInt64) throws -> Relationship {
            guard let r = relationships[id] else {
                throw LoreError(.entityNotFound, "NoSuchRelationship", "no relationship \(id)")
            }
            return r
        }

        /// A small graph: (1:Person:Admin {name: 'Ada', age: 36})-[10:KNOWS
        /// {since: 2020}]->(2:Person {name: 'Bob'}), and (3) with no labels.
        static func sample() -> FakeGraph {
            let g = FakeGraph()
            g.nodes[1] = Node(labels: ["Person", "Admin"], properties: ["name": .string("Ada"), "age": .int(36)])
            g.nodes[2] = Node(labels: ["Person"], properties: ["name": .string("Bob")])
            g.nodes[3] = Node(labels: [], properties: [:])
            g.relationships[10] = Relationship(type: "KNOWS", start: 1, end: 2, properties: ["since": .int(2020)])
            return g
        }
    }

    /// A datum compared by type and value (Datum's own `==` is equivalence,
    /// under which `1` and `1.0` are the same); NaN equals NaN.
    struct Exact: Equatable, CustomStringConvertible {
        let datum: Datum
        init(_ datum: Datum) { self.datum = datum }

        static func == (a: Exact, b: Exact) -> Bool { same(a.datum, b.datum) }

        private static func same(_ a: Datum, _ b: Datum) -> Bool {
            switch (a, b) {
            case (.null, .null): return true
            case (.bool(let x), .bool(let y)): return x == y
            case (.int(let x), .int(let y)): return x == y
            case (.double(let x), .double(let y)): return x == y || (x.isNaN && y.isNaN)
            case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
            case (.date(let x), .date(let y)): return x == y
            case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy(same)
            case (.map(let x), .map(let y)):
                return x.count == y.count && x.allSatisfy { k, v in y[k].map { same(v, $0) } ?? false }
            case (.node(let x), .node(let y)), (.relationship(let x), .relationship(let y)): return x == y
            case (.path(let xn, let xr), .path(let yn, let yr)): return xn == yn && xr == yr
            default: return false
            }
        }

        var description: String { "\(datum)" }
    }
}

/// Builders and checks for the evaluator tests. (Test argument tables
/// spell values out as `Datum` cases: macros cannot see these.)
protocol EvaluatorChecks {}

extension EvaluatorChecks {

    /// Evaluates `e` over `row` against `graph`.
    func evaluate(
        _ e: BoundExpression, row: [Datum] = [], graph: EvaluatorTests.FakeGraph = EvaluatorTests.FakeGraph.sample()
    ) throws -> Datum {
        var r = row
        return try Evaluator(context: graph).evaluate(e, &r)
    }

    /// Expects `e` to evaluate to exactly `expected` (type included).
    func expectValue(
        _ e: BoundExpression, _ expected: Datum, row: [Datum] = [],
        graph: EvaluatorTests.FakeGraph = EvaluatorTests.FakeGraph.sample(),
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        do {
            let got = try evaluate(e, row: row, graph: graph)
            #expect(EvaluatorTests.Exact(got) == EvaluatorTests.Exact(expected), sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    /// Expects `body` to throw a LoreError of `kind` and `code`, at runtime.
    func expectError(
        _ kind: LoreError.Kind, _ code: String, sourceLocation: Testing.SourceLocation = #_sourceLocation,
        _ body: () throws -> Void
    ) {
        do {
            try body()
            Issue.record("expected \(kind.rawValue) (\(code)), got no error", sourceLocation: sourceLocation)
        } catch let error as LoreError {
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.phase == .runtime, sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected a LoreError, got \(error)", sourceLocation: sourceLocation)
        }
    }

    /// Expects evaluating `e` to throw a LoreError of `kind` and `code`.
    func expectError(
        _ e: BoundExpression, _ kind: LoreError.Kind, _ code: String, row: [Datum] = [],
        graph: EvaluatorTests.FakeGraph = EvaluatorTests.FakeGraph.sample(),
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        expectError(kind, code, sourceLocation: sourceLocation) { _ = try evaluate(e, row: row, graph: graph) }
    }

    func int(_ v: Int64) -> Datum { .int(v) }
    func dbl(_ v: Double) -> Datum { .double(v) }
    func str(_ v: String) -> Datum { .string(v) }
    func list(_ items: Datum...) -> Datum { .list(items) }
    func lit(_ d: Datum) -> BoundExpression { .literal(d) }
    func bin(_ op: BinaryOperator, _ a: Datum, _ b: Datum) -> BoundExpression { .binary(op, lit(a), lit(b)) }
    func call(_ f: ScalarFunction, _ args: Datum...) -> BoundExpression { .function(f, args.map(lit)) }
    func day(_ y: Int, _ m: Int, _ d: Int) -> Datum { .date(CalendarDate(year: y, month: m, day: d)!) }
}

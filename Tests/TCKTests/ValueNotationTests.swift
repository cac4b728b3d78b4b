import Lore
import Testing

@Suite("TCK value notation")
struct ValueNotationTests {
    @Test func scalars() throws {
        #expect(try ValueNotation.parse("null") == .null)
        #expect(try ValueNotation.parse(" true ") == .bool(true))
        #expect(try ValueNotation.parse("false") == .bool(false))
        #expect(try ValueNotation.parse("42") == .int(42))
        #expect(try ValueNotation.parse("-9223372036854775808") == .int(.min))
        #expect(try ValueNotation.parse("0x1F") == .int(31))
        #expect(try ValueNotation.parse("1.0") == .float(1.0))
        #expect(try ValueNotation.parse("-.5") == .float(-0.5))
        #expect(try ValueNotation.parse("1e-305") == .float(1e-305))
        #expect(try ValueNotation.parse("-1.2635418652381264e305") == .float(-1.2635418652381264e305))
        #expect(try ValueNotation.parse("1E3") == .float(1000))
        #expect(try ValueNotation.parse("Inf") == .float(.infinity))
        #expect(try ValueNotation.parse("-Inf") == .float(-.infinity))
        #expect(try ValueNotation.parse("Infinity") == .float(.infinity))
        guard case .float(let nan) = try ValueNotation.parse("NaN") else {
            Issue.record("NaN is a float")
            return
        }
        #expect(nan.isNaN)
    }

    @Test func strings() throws {
        #expect(try ValueNotation.parse("''") == .string(""))
        #expect(try ValueNotation.parse("'it\\'s'") == .string("it's"))
        #expect(try ValueNotation.parse("'a\\\\b'") == .string("a\\b"))
        #expect(try ValueNotation.parse("'\\u00e9\\t'") == .string("\u{e9}\t"))
        #expect(try ValueNotation.parse("\"double\"") == .string("double"))
        #expect(try ValueNotation.parse("'🧐🍌❖⋙⚐'") == .string("🧐🍌❖⋙⚐"))
        #expect(throws: ValueNotationError.self) { try ValueNotation.parse("'open") }
    }

    @Test func listsAndMaps() throws {
        #expect(try ValueNotation.parse("[]") == .list([]))
        #expect(
            try ValueNotation.parse("[1, 'a', [2.0, null]]")
                == .list([.int(1), .string("a"), .list([.float(2), .null])]))
        #expect(try ValueNotation.parse("{}") == .map([:]))
        #expect(try ValueNotation.parse("{a: 1, `b c`: [true]}") == .map(["a": .int(1), "b c": .list([.bool(true)])]))
        #expect(try ValueNotation.parse("{``: null}") == .map(["": .null]))
        #expect(throws: ValueNotationError.self) { try ValueNotation.parse("[1, 2") }
        #expect(throws: ValueNotationError.self) { try ValueNotation.parse("1 2") }
    }

    @Test func graphElements() throws {
        #expect(try ValueNotation.parse("()") == .node(.init(labels: [], properties: [:])))
        #expect(
            try ValueNotation.parse("(:B:A {name: 'x'})")
                == .node(.init(labels: ["A", "B"], properties: ["name": .string("x")])))
        #expect(try ValueNotation.parse("[:T]") == .relationship(.init(type: "T", properties: [:])))
        #expect(try ValueNotation.parse("[:T {k: 1}]") == .relationship(.init(type: "T", properties: ["k": .int(1)])))
        let path = try ValueNotation.parse("<(:A)-[:T]->(:B)<-[:S {n: 2}]-()>")
        guard case .path(let start, let steps) = path else {
            Issue.record("not a path: \(path)")
            return
        }
        #expect(start.labels == ["A"])
        #expect(steps.map(\.forward) == [true, false])
        #expect(steps.map(\.relationship.type) == ["T", "S"])
        #expect(path.description == "<(:A)-[:T]->(:B)<-[:S {n: 2}]-()>")
        #expect(try ValueNotation.parse("<()>") == .path(.init(labels: [], properties: [:]), []))
    }

    // MARK: matching

    private func node(_ id: UInt64, _ labels: [String], _ properties: [String: Value] = [:]) -> Node {
        Node(id: NodeID(id), labels: labels, properties: properties)
    }

    private func matches(_ actual: Value, _ notation: String, unorderedLists: Bool = false) throws -> Bool {
        ValueMatcher.matches(actual, try ValueNotation.parse(notation), unorderedLists: unorderedLists)
    }

    @Test func integersAndFloatsAreDistinct() throws {
        #expect(try matches(.int(1), "1"))
        #expect(try !matches(.int(1), "1.0"))
        #expect(try !matches(.double(1), "1"))
        #expect(try matches(.double(1), "1.0"))
        #expect(try matches(.double(.nan), "NaN"))
        #expect(try matches(.double(-.infinity), "-Inf"))
        #expect(try matches(.double(0.1 + 0.2), "0.30000000000000004"))
        #expect(try !matches(.double(0.1 + 0.2), "0.3"))
        #expect(try !matches(.string("1"), "1"))
        #expect(try matches(.null, "null"))
        #expect(try !matches(.null, "'null'"))
    }

    @Test func listsKeepOrderUnlessAskedNotTo() throws {
        #expect(try matches([1, 2], "[1, 2]"))
        #expect(try !matches([1, 2], "[2, 1]"))
        #expect(try matches([1, 2, 2], "[2, 1, 2]", unorderedLists: true))
        #expect(try !matches([1, 2, 2], "[2, 1, 1]", unorderedLists: true))
        #expect(try matches([[1, 2], 3], "[3, [2, 1]]", unorderedLists: true))
        #expect(try matches(["a": [1, 2]], "{a: [2, 1]}", unorderedLists: true))
        #expect(try !matches(["a": 1], "{a: 1, b: null}"))
    }

    @Test func graphElementsMatchWithoutIdentity() throws {
        let a = node(7, ["A", "B"], ["name": "x"])
        #expect(try matches(.node(a), "(:B:A {name: 'x'})"))
        #expect(try !matches(.node(a), "(:A {name: 'x'})"))
        #expect(try !matches(.node(a), "(:A:B)"))
        let r = Relationship(id: RelationshipID(3), type: "T", start: NodeID(7), end: NodeID(8), properties: ["k": 1])
        #expect(try matches(.relationship(r), "[:T {k: 1}]"))
        #expect(try !matches(.relationship(r), "[:T {k: 1.0}]"))
        let b = node(8, [])
        let forward = Path(nodes: [a, b], relationships: [r])
        #expect(try matches(.path(forward), "<(:A:B {name: 'x'})-[:T {k: 1}]->()>"))
        #expect(try !matches(.path(forward), "<(:A:B {name: 'x'})<-[:T {k: 1}]-()>"))
        let backward = Path(nodes: [b, a], relationships: [r])
        #expect(try matches(.path(backward), "<()<-[:T {k: 1}]-(:A:B {name: 'x'})>"))
        #expect(try matches(.date(CalendarDate(iso: "2026-01-08")!), "'2026-01-08'"))
    }

    @Test func parametersBecomeValues() throws {
        #expect(try ValueNotation.parse("[{a: 1}, 'x', 1.5]").parameterValue() == [["a": 1], "x", 1.5])
        #expect(throws: ValueNotationError.self) { try ValueNotation.parse("(:A)").parameterValue() }
    }

    @Test func sideEffectsCountTheTCKWay() throws {
        var before = GraphState()
        before.nodes = [1, 2]
        before.labels = ["N"]
        before.properties = [.init(isNode: true, id: 1, key: "num", value: 1)]
        var after = before
        after.nodes = [2, 3]
        after.labels = ["M"]
        after.properties = [
            .init(isNode: true, id: 1, key: "num", value: 2), .init(isNode: false, id: 1, key: "num", value: 1),
        ]
        let effects = SideEffects(from: before, to: after)
        #expect(
            effects
                == SideEffects(counts: [
                    "+nodes": 1, "-nodes": 1, "+labels": 1, "-labels": 1, "+properties": 2, "-properties": 1,
                ]))
        #expect(
            try SideEffects(table: [["+nodes", "1"], ["-properties", "0"]]) == SideEffects(counts: ["+nodes": 1]))
        #expect(SideEffects(from: before, to: before).isEmpty)
    }
}

import LoreSyntax
import Testing

@testable import Lore

/// The expression evaluator, case by case. Expected values come from the
/// openCypher TCK where a feature file is cited, otherwise from openCypher
/// as Neo4j implements it.
@Suite struct EvaluatorTests: EvaluatorChecks {
    // MARK: - Literals, parameters, slots

    @Test func literalsParametersAndSlots() {
        expectValue(lit(int(7)), int(7))
        let g = FakeGraph.sample()
        g.parameters["p"] = str("x")
        expectValue(.parameter("p"), str("x"), graph: g)
        expectValue(.slot(1), dbl(2.5), row: [.null, dbl(2.5)])
        expectValue(.list([lit(int(1)), .slot(0)]), list(int(1), str("a")), row: [str("a")])
        expectValue(
            .map([("a", lit(int(1))), ("b", lit(.null)), ("a", lit(int(2)))]), .map(["a": int(2), "b": .null]))
    }

    @Test func aMissingParameterIsAnError() {
        expectError(.parameter("nope"), .semanticError, "MissingParameter")
    }

    // MARK: - Property access (Graph6, Map1, Null1)

    @Test func propertyAccess() {
        expectValue(.property(lit(.node(1)), "name"), str("Ada"))
        expectValue(.property(lit(.node(1)), "missing"), .null)
        expectValue(.property(lit(.relationship(10)), "since"), int(2020))
        expectValue(.property(lit(.null), "x"), .null)
        // Map1 [1], [4]: missing keys are null, keys are case-sensitive.
        let m = Datum.map(["existing": int(42), "notMissing": .null, "Name": str("P")])
        expectValue(.property(lit(m), "existing"), int(42))
        expectValue(.property(lit(m), "notMissing"), .null)
        expectValue(.property(lit(m), "name"), .null)
        expectValue(.property(lit(m), "Name"), str("P"))
        // Temporal5 [1]: fields of a date.
        expectValue(.property(lit(day(1984, 10, 11)), "week"), int(41))
    }

    @Test(arguments: [
        Datum.int(123), Datum.double(42.45), .bool(true), Datum.string("string"),
        Datum.list([Datum.int(123), .bool(true)]),
    ])
    func propertyAccessOnANonMapIsATypeError(_ value: Datum) {
        // Map1 [6], Graph6 [9].
        expectError(.property(lit(value), "num"), .typeError, "InvalidArgumentType")
    }

    @Test func labelPredicates() {
        // Graph5 [1], [3], [5].
        expectValue(.hasLabels(lit(.node(1)), ["Admin"]), .bool(true))
        expectValue(.hasLabels(lit(.node(1)), ["Person", "Admin", "Person"]), .bool(true))
        expectValue(.hasLabels(lit(.node(2)), ["Person", "Admin"]), .bool(false))
        expectValue(.hasLabels(lit(.node(3)), ["Person"]), .bool(false))
        expectValue(.hasLabels(lit(.null), ["Person"]), .null)
        expectError(.hasLabels(lit(int(1)), ["A"]), .typeError, "InvalidArgumentType")
    }

    // MARK: - Indexing and slicing (List1, List2, Map2, Graph7)

    @Test func listIndexing() {
        let l = list(int(1), int(2), int(3))
        expectValue(.index(lit(l), lit(int(0))), int(1))
        expectValue(.index(lit(l), lit(int(-1))), int(3))
        expectValue(.index(lit(l), lit(int(-3))), int(1))
        expectValue(.index(lit(l), lit(int(3))), .null)
        expectValue(.index(lit(l), lit(int(-4))), .null)
        expectValue(.index(lit(l), lit(.null)), .null)
        expectValue(.index(lit(.null), lit(int(0))), .null)
        // List1 [2].
        expectValue(.index(.index(lit(list(list(int(1)))), lit(int(0))), lit(int(0))), int(1))
    }

    @Test(arguments: [
        .bool(true), Datum.double(4.7), Datum.string("1"), Datum.list([Datum.int(1)]), .map(["x": Datum.int(3)]),
    ])
    func indexingAListByANonIntegerIsATypeError(_ index: Datum) {
        // List1 [8], [9].
        expectError(.index(lit(list(int(1), int(2))), lit(index)), .typeError, "ListElementAccessByNonInteger")
    }

    @Test(arguments: [.bool(true), Datum.int(123), Datum.double(4.7), Datum.string("1")])
    func indexingANonListIsATypeError(_ value: Datum) {
        // List1 [6], Map2 [8].
        expectError(.index(lit(value), lit(int(0))), .typeError, "InvalidArgumentType")
    }

    @Test func mapAndEntityIndexing() {
        // Map2 [1], [3]-[5]; Graph7 [1].
        let m = Datum.map(["name": str("Mats"), "Name": str("Pontus")])
        expectValue(.index(lit(m), lit(str("name"))), str("Mats"))
        expectValue(.index(lit(m), lit(str("Name"))), str("Pontus"))
        expectValue(.index(lit(m), lit(str("nAMe"))), .null)
        expectValue(.index(lit(.null), lit(str("x"))), .null)
        expectValue(.index(lit(m), lit(.null)), .null)
        expectValue(.index(lit(.node(1)), .binary(.add, lit(str("nam")), lit(str("e")))), str("Ada"))
        expectValue(.index(lit(.relationship(10)), lit(str("since"))), int(2020))
        // Map2 [6], [7].
        expectError(.index(lit(m), lit(int(0))), .typeError, "MapElementAccessByNonString")
        expectError(.index(lit(m), lit(dbl(12.3))), .typeError, "MapElementAccessByNonString")
        expectError(.index(lit(.node(1)), lit(int(0))), .typeError, "MapElementAccessByNonString")
    }

    @Test func slicing() {
        let l = list(int(1), int(2), int(3), int(4), int(5))
        let s = list(int(1), int(2), int(3))
        func slice(_ l: Datum, _ from: Datum?, _ to: Datum?) -> BoundExpression {
            .slice(lit(l), from: from.map(lit), to: to.map(lit))
        }
        // List2 [1]-[8].
        expectValue(slice(l, int(1), int(3)), list(int(2), int(3)))
        expectValue(slice(s, int(1), nil), list(int(2), int(3)))
        expectValue(slice(s, nil, int(2)), list(int(1), int(2)))
        expectValue(slice(s, int(0), int(1)), list(int(1)))
        expectValue(slice(s, int(0), int(0)), list())
        expectValue(slice(s, int(-3), int(-1)), list(int(1), int(2)))
        expectValue(slice(s, int(3), int(1)), list())
        expectValue(slice(s, int(-5), int(5)), s)
        // List2 [9]: a null bound gives null.
        expectValue(slice(s, .null, .null), .null)
        expectValue(slice(s, int(1), .null), .null)
        expectValue(slice(s, .null, int(3)), .null)
        expectValue(slice(s, nil, .null), .null)
        expectValue(slice(s, .null, nil), .null)
        expectValue(slice(.null, int(0), int(1)), .null)
        expectError(slice(s, dbl(1.5), nil), .typeError, "ListElementAccessByNonInteger")
        expectError(slice(str("abc"), int(0), nil), .typeError, "InvalidArgumentType")
    }

    // MARK: - Arithmetic (Mathematical*, List4)

    @Test func integerArithmeticStaysInteger() {
        expectValue(bin(.add, int(99), int(5)), int(104))
        expectValue(bin(.subtract, int(3), int(5)), int(-2))
        expectValue(bin(.multiply, int(4), int(-3)), int(-12))
        expectValue(bin(.divide, int(7), int(2)), int(3))
        expectValue(bin(.divide, int(-7), int(2)), int(-3))
        expectValue(bin(.modulo, int(7), int(3)), int(1))
        expectValue(bin(.modulo, int(-7), int(3)), int(-1))
        expectValue(bin(.modulo, int(7), int(-3)), int(1))
        expectValue(bin(.modulo, int(.min), int(-1)), int(0))
        expectValue(bin(.power, int(2), int(3)), dbl(8))
        // Mathematical8 [1], [2]: 12 / 4 * 3 - 2 * 4 and 12 / 4 * (3 - 2 * 4).
        let left = BoundExpression.binary(.multiply, bin(.divide, int(12), int(4)), lit(int(3)))
        expectValue(.binary(.subtract, left, bin(.multiply, int(2), int(4))), int(1))
        let inner = BoundExpression.binary(.subtract, lit(int(3)), bin(.multiply, int(2), int(4)))
        expectValue(.binary(.multiply, bin(.divide, int(12), int(4)), inner), int(-15))
    }

    @Test func floatsAndMixedArithmetic() {
        expectValue(bin(.add, int(1), dbl(0.5)), dbl(1.5))
        expectValue(bin(.multiply, dbl(1.5), int(2)), dbl(3))
        expectValue(bin(.divide, int(1), dbl(2)), dbl(0.5))
        expectValue(bin(.divide, dbl(1), int(0)), dbl(.infinity))
        expectValue(bin(.divide, dbl(-1), dbl(0)), dbl(-.infinity))
        expectValue(bin(.divide, dbl(0), dbl(0)), dbl(.nan))
        expectValue(bin(.modulo, dbl(7.5), int(2)), dbl(1.5))
        expectValue(bin(.modulo, dbl(-7.5), int(2)), dbl(-1.5))
        expectValue(bin(.power, dbl(2), dbl(0.5)), dbl(2.0.squareRoot()))
        expectValue(.unary(.minus, lit(int(5))), int(-5))
        expectValue(.unary(.minus, lit(dbl(0.5))), dbl(-0.5))
        expectValue(.unary(.plus, lit(int(5))), int(5))
        expectValue(.unary(.minus, lit(.null)), .null)
    }

    @Test func arithmeticErrors() {
        expectError(bin(.add, int(.max), int(1)), .argumentError, "IntegerOverflow")
        expectError(bin(.subtract, int(.min), int(1)), .argumentError, "IntegerOverflow")
        expectError(bin(.multiply, int(.max), int(2)), .argumentError, "IntegerOverflow")
        expectError(bin(.divide, int(.min), int(-1)), .argumentError, "IntegerOverflow")
        expectError(.unary(.minus, lit(int(.min))), .argumentError, "IntegerOverflow")
        expectError(bin(.divide, int(1), int(0)), .argumentError, "DivisionByZero")
        expectError(bin(.modulo, int(1), int(0)), .argumentError, "DivisionByZero")
        expectError(bin(.subtract, str("a"), int(1)), .typeError, "InvalidArgumentType")
        expectError(bin(.add, .bool(true), int(1)), .typeError, "InvalidArgumentType")
        expectError(bin(.multiply, list(), int(1)), .typeError, "InvalidArgumentType")
        expectError(.unary(.minus, lit(str("a"))), .typeError, "InvalidArgumentType")
        expectError(.unary(.plus, lit(.bool(true))), .typeError, "InvalidArgumentType")
    }

    @Test func nullPropagatesThroughArithmetic() {
        for op in [BinaryOperator.add, .subtract, .multiply, .divide, .modulo, .power] {
            expectValue(bin(op, .null, int(1)), .null)
            expectValue(bin(op, int(1), .null), .null)
        }
        expectValue(bin(.add, list(int(1)), .null), .null)
    }

    @Test func concatenation() {
        expectValue(bin(.add, str("ab"), str("cd")), str("abcd"))
        expectValue(bin(.add, str("a"), int(1)), str("a1"))
        expectValue(bin(.add, dbl(1.5), str("a")), str("1.5a"))
        // List4 [1], [2].
        expectValue(
            bin(.add, list(int(1), int(10), int(100)), list(int(4), int(5))),
            list(int(1), int(10), int(100), int(4), int(5)))
        expectValue(
            bin(.add, list(.bool(false), .bool(true)), .bool(false)), list(.bool(false), .bool(true), .bool(false)))
        expectValue(bin(.add, int(0), list(int(1))), list(int(0), int(1)))
        // List6 [3]: [[], []] + [[]] has three elements.
        expectValue(bin(.add, list(list(), list()), list(list())), list(list(), list(), list()))
    }

    // MARK: - Comparison (Comparison1-2, List3)

    @Test func equalityAcrossTypes() {
        // Comparison1 [9], List3 [1].
        expectValue(bin(.equal, dbl(1), dbl(1)), .bool(true))
        expectValue(bin(.equal, int(1), dbl(1)), .bool(true))
        expectValue(bin(.equal, str("1.0"), dbl(1)), .bool(false))
        expectValue(bin(.equal, str("1"), int(1)), .bool(false))
        expectValue(bin(.equal, list(int(1), int(2)), str("foo")), .bool(false))
        expectValue(bin(.equal, .node(1), .node(1)), .bool(true))
        expectValue(bin(.equal, .node(1), .relationship(1)), .bool(false))
        expectValue(bin(.equal, day(2026, 1, 8), day(2026, 1, 8)), .bool(true))
        expectValue(bin(.equal, int(4_611_686_018_427_387_905), int(4_611_686_018_427_387_900)), .bool(false))
        // Null3 [2], [3].
        expectValue(bin(.equal, .null, .null), .null)
        expectValue(bin(.notEqual, .null, .null), .null)
        expectValue(bin(.notEqual, int(1), int(2)), .bool(true))
        // Comparison1 [14]: paths compare by their elements.
        expectValue(
            bin(.equal, .path(nodes: [1, 1], relationships: [9]), .path(nodes: [1, 1], relationships: [9])), .bool(true)
        )
    }

    @Test(arguments: [
        // Comparison1 [6] and List3.
        (Datum.list([Datum.int(1), Datum.int(2)]), Datum.list([Datum.int(1)]), Datum.bool(false)),
        (Datum.list([.null]), Datum.list([Datum.int(1)]), .null),
        (Datum.list([Datum.string("a")]), Datum.list([Datum.int(1)]), .bool(false)),
        (
            Datum.list([Datum.list([Datum.int(1)])]), Datum.list([Datum.list([Datum.int(1)]), Datum.list([.null])]),
            .bool(false)
        ),
        (
            Datum.list([Datum.list([Datum.int(1)]), Datum.list([Datum.int(2)])]),
            Datum.list([Datum.list([Datum.int(1)]), Datum.list([.null])]), .null
        ),
        (
            Datum.list([Datum.list([Datum.int(1)]), Datum.list([Datum.int(2), Datum.int(3)])]),
            Datum.list([Datum.list([Datum.int(1)]), Datum.list([.null])]), .bool(false)
        ),
        (Datum.list([Datum.int(1)]), Datum.list([Datum.int(1), .null]), .bool(false)),
        (Datum.list([Datum.int(1), Datum.int(2)]), Datum.list([.null, Datum.string("foo")]), .bool(false)),
        (Datum.list([Datum.int(1), Datum.int(2)]), Datum.list([.null, Datum.int(2)]), .null),
        (
            Datum.list([
                Datum.list([Datum.int(1), Datum.int(2)]), Datum.list([Datum.string("foo"), Datum.string("bar")]),
            ]),
            Datum.list([Datum.list([Datum.int(1), Datum.int(2)]), Datum.list([.null, Datum.string("bar")])]), .null
        ),
    ])
    func listEquality(_ a: Datum, _ b: Datum, _ expected: Datum) {
        expectValue(bin(.equal, a, b), expected)
    }

    static let mapEqualityCases: [([String: Datum], [String: Datum], Datum)] = [
        // Comparison1 [7].
        ([:], [:], Datum.bool(true)),
        (["k": .bool(true)], ["k": .bool(true)], .bool(true)),
        (["k": Datum.int(1)], ["k": Datum.int(1)], .bool(true)),
        (["k": Datum.double(1)], ["k": Datum.double(1)], .bool(true)),
        (["k": Datum.string("a"), "l": Datum.int(2)], ["k": Datum.string("a"), "l": Datum.int(2)], .bool(true)),
        ([:], ["k": .null], .bool(false)),
        (["k": .null], [:], .bool(false)),
        (["k": Datum.int(1)], ["k": Datum.int(1), "l": .null], .bool(false)),
        (["k": .null, "l": Datum.int(1)], ["l": Datum.int(1)], .bool(false)),
        (["k": .null], ["k": .null, "l": .null], .bool(false)),
        (["k": .null], ["k": .null], .null),
        (["k": Datum.int(1)], ["k": .null], .null),
        (["k": Datum.int(1), "l": .null], ["k": .null, "l": .null], .null),
        (["k": Datum.int(1), "l": .null], ["k": .null, "l": Datum.int(1)], .null),
        (["k": Datum.int(1), "l": .null], ["k": Datum.int(1), "l": Datum.int(1)], .null),
    ]

    @Test(arguments: mapEqualityCases)
    func mapEquality(_ a: [String: Datum], _ b: [String: Datum], _ expected: Datum) {
        expectValue(bin(.equal, .map(a), .map(b)), expected)
    }

    @Test(arguments: [Datum.int(1), Datum.double(1), Datum.double(.nan), Datum.string("a")])
    func nanEqualsNothing(_ other: Datum) {
        // Comparison1 [8].
        expectValue(bin(.equal, dbl(.nan), other), .bool(false))
        expectValue(bin(.notEqual, dbl(.nan), other), .bool(true))
    }

    @Test func ordering() {
        expectValue(bin(.less, int(1), dbl(3.14)), .bool(true))
        expectValue(bin(.lessOrEqual, int(1), int(1)), .bool(true))
        expectValue(bin(.greater, str("b"), str("a")), .bool(true))
        expectValue(bin(.greaterOrEqual, str("xx"), str("x")), .bool(true))
        expectValue(bin(.less, .bool(false), .bool(true)), .bool(true))
        expectValue(bin(.less, day(2020, 1, 1), day(2021, 1, 1)), .bool(true))
        // Comparison2 [6].
        expectValue(bin(.less, dbl(1), dbl(1)), .bool(false))
        expectValue(bin(.less, int(1), dbl(1)), .bool(false))
        expectValue(bin(.less, str("1.0"), dbl(1)), .null)
        expectValue(bin(.less, str("1"), int(1)), .null)
        // Comparison2 [3]: comparing across types yields null, except numbers.
        let values: [Datum] = [
            .node(1), .relationship(10), .path(nodes: [1], relationships: []), str(""), int(1),
            dbl(3.14), .bool(true), .null, list(), .map([:]),
        ]
        for (i, a) in values.enumerated() {
            for (j, b) in values.enumerated() where i != j && !(a.number != nil && b.number != nil) {
                expectValue(bin(.less, a, b), .null)
            }
        }
        expectValue(bin(.less, .node(1), .node(2)), .null)
        expectValue(bin(.less, .map([:]), .map([:])), .null)
    }

    @Test(arguments: [
        // Comparison2 [4]: lhs >= rhs.
        (Datum.list([Datum.int(1), Datum.int(0)]), Datum.list([Datum.int(1)]), Datum.bool(true)),
        (Datum.list([Datum.int(1), .null]), Datum.list([Datum.int(1)]), .bool(true)),
        (Datum.list([Datum.int(1), Datum.int(2)]), Datum.list([Datum.int(1), .null]), .null),
        (Datum.list([Datum.int(1), Datum.string("a")]), Datum.list([Datum.int(1), .null]), .null),
        (Datum.list([Datum.int(1), Datum.int(2)]), Datum.list([Datum.int(3), .null]), .bool(false)),
    ])
    func listOrdering(_ a: Datum, _ b: Datum, _ expected: Datum) {
        expectValue(bin(.greaterOrEqual, a, b), expected)
    }

    @Test func nanOrdering() {
        // Comparison2 [5].
        for other in [int(1), dbl(1), dbl(.nan)] {
            for op in [BinaryOperator.less, .lessOrEqual, .greater, .greaterOrEqual] {
                expectValue(bin(op, dbl(.nan), other), .bool(false))
            }
        }
        expectValue(bin(.greater, dbl(.nan), str("a")), .null)
    }

    @Test func staticEqualsAndCompare() {
        #expect(Evaluator.equals(int(1), dbl(1)) == true)
        #expect(Evaluator.equals(.null, int(1)) == nil)
        #expect(Evaluator.compare(int(1), int(2)) == -1)
        #expect(Evaluator.compare(str("b"), str("a")) == 1)
        #expect(Evaluator.compare(int(1), str("a")) == nil)
        #expect(Evaluator.compare(dbl(.nan), int(1)) == nil)
    }

    // MARK: - IN (List5, Null3)

    @Test(arguments: [
        (Datum.int(3), Datum.list([Datum.int(1), Datum.int(2), Datum.int(3)]), Datum.bool(true)),
        (Datum.int(1), Datum.list([Datum.string("1"), Datum.int(2)]), .bool(false)),
        (
            Datum.list([Datum.int(1), Datum.int(2)]),
            Datum.list([Datum.int(1), Datum.list([Datum.int(1), Datum.string("2")])]), .bool(false)
        ),
        (Datum.list([Datum.int(1)]), Datum.list([Datum.int(1), Datum.int(2)]), .bool(false)),
        (
            Datum.list([Datum.int(1)]), Datum.list([Datum.int(1), Datum.int(2), Datum.list([Datum.int(1)])]),
            .bool(true)
        ),
        (
            Datum.list([Datum.int(1), Datum.int(2)]),
            Datum.list([Datum.int(1), Datum.list([Datum.int(2), Datum.int(1)])]), .bool(false)
        ),
        (
            Datum.list([Datum.list([Datum.int(1), Datum.int(2)]), Datum.list([Datum.int(3), Datum.int(4)])]),
            Datum.list([
                Datum.int(5),
                Datum.list([Datum.list([Datum.int(1), Datum.int(2)]), Datum.list([Datum.int(3), Datum.int(4)])]),
            ]), .bool(true)
        ),
        (.null, Datum.list([.null]), .null),
        (Datum.list([.null]), Datum.list([Datum.list([.null])]), .null),
        (Datum.list([.null]), Datum.list([.null]), .null),
        (Datum.list([Datum.int(1)]), Datum.list([Datum.list([Datum.int(1), .null])]), .bool(false)),
        (Datum.int(3), Datum.list([Datum.int(1), .null, Datum.int(3)]), .bool(true)),
        (Datum.int(4), Datum.list([Datum.int(1), .null, Datum.int(3)]), .null),
        (
            Datum.list([Datum.int(1), Datum.int(2)]),
            Datum.list([Datum.list([.null, Datum.string("foo")]), Datum.list([Datum.int(1), Datum.int(2)])]),
            .bool(true)
        ),
        (
            Datum.list([Datum.int(1), Datum.int(2)]), Datum.list([Datum.list([.null, Datum.string("foo")])]),
            .bool(false)
        ),
        (Datum.list([Datum.int(1), Datum.int(2)]), Datum.list([Datum.list([.null, Datum.int(2)])]), .null),
        (
            Datum.list([Datum.int(1), Datum.int(2), .null]),
            Datum.list([Datum.int(1), Datum.list([Datum.int(1), Datum.int(2), .null])]), .null
        ),
        (Datum.list([]), Datum.list([Datum.list([])]), .bool(true)),
        (Datum.list([]), Datum.list([]), .bool(false)),
        (Datum.list([]), Datum.list([Datum.int(1), Datum.int(2), .null]), .null),
        // Null3 [4].
        (.null, .null, .null),
        (.null, Datum.list([Datum.int(1), Datum.int(2), Datum.int(3)]), .null),
        (.null, Datum.list([]), .bool(false)),
        (Datum.int(1), Datum.list([.null, Datum.int(1)]), .bool(true)),
        (Datum.int(5), Datum.list([Datum.int(1), Datum.int(2), Datum.int(3), .null]), .null),
    ])
    func membership(_ x: Datum, _ l: Datum, _ expected: Datum) {
        expectValue(bin(.in, x, l), expected)
    }

    @Test func inNeedsAList() {
        expectError(bin(.in, int(1), int(123)), .typeError, "InvalidArgumentType")
    }

    // MARK: - String predicates (String8-11) and regular expressions

    @Test func stringPredicates() {
        expectValue(bin(.startsWith, str("ABCDEF"), str("ABC")), .bool(true))
        expectValue(bin(.startsWith, str("ABCDEF"), str("")), .bool(true))
        expectValue(bin(.startsWith, str("AB"), str("ABC")), .bool(false))
        expectValue(bin(.endsWith, str("ABCDEF"), str("DEF")), .bool(true))
        expectValue(bin(.endsWith, str("ABCDEF"), str("ABC")), .bool(false))
        expectValue(bin(.contains, str("ABCDEF"), str("CD")), .bool(true))
        expectValue(bin(.contains, str(""), str("")), .bool(true))
        expectValue(bin(.contains, str("Foo\nFoo"), str("\n")), .bool(true))
        expectValue(bin(.contains, str("abcdef"), str("CD")), .bool(false))
        // Precomposed and decomposed é are different strings.
        expectValue(bin(.startsWith, str("\u{E9}t\u{E9}"), str("e\u{301}")), .bool(false))
        // String8-10 [8]: non-string operands give null.
        let operands: [Datum] = [int(1), dbl(3.14), .bool(true), list(), .map([:]), .null, str("a")]
        for op in [BinaryOperator.startsWith, .endsWith, .contains] {
            for a in operands {
                for b in operands where !(a == str("a") && b == str("a")) {
                    expectValue(bin(op, a, b), .null)
                }
            }
        }
    }

    @Test func regularExpressions() {
        expectValue(bin(.regexMatch, str("abc"), str("a.c")), .bool(true))
        expectValue(bin(.regexMatch, str("abcd"), str("a.c")), .bool(false))
        expectValue(bin(.regexMatch, str("ABC"), str("(?i)abc")), .bool(true))
        expectValue(bin(.regexMatch, str("a\nc"), str("a.c")), .bool(false))
        expectValue(bin(.regexMatch, str("e\u{301}"), str("..")), .bool(true))
        expectValue(bin(.regexMatch, str("\u{663}"), str("\\d")), .bool(false))
        expectValue(bin(.regexMatch, str("Ada"), str("A[a-z]+")), .bool(true))
        expectValue(bin(.regexMatch, int(1), str("1")), .null)
        expectValue(bin(.regexMatch, str("1"), .null), .null)
        expectError(bin(.regexMatch, str("a"), str("(")), .argumentError, "InvalidArgumentValue")
    }

    // MARK: - Logic (Boolean1-5, Null1-3)

    @Test func threeValuedLogic() {
        let t = lit(.bool(true))
        let f = lit(.bool(false))
        let n = lit(.null)
        expectValue(.and([t, t]), .bool(true))
        expectValue(.and([t, n]), .null)
        expectValue(.and([f, n]), .bool(false))
        expectValue(.and([n, f]), .bool(false))
        expectValue(.or([f, f]), .bool(false))
        expectValue(.or([n, t]), .bool(true))
        expectValue(.or([f, n]), .null)
        expectValue(.xor([t, f]), .bool(true))
        expectValue(.xor([t, t]), .bool(false))
        expectValue(.xor([t, n]), .null)
        expectValue(.xor([t, t, t]), .bool(true))
        expectValue(.unary(.not, t), .bool(false))
        expectValue(.unary(.not, n), .null)
        expectValue(.isNull(n, negated: false), .bool(true))
        expectValue(.isNull(t, negated: true), .bool(true))
        expectValue(.isNull(.property(lit(.map(["name": .null])), "name"), negated: false), .bool(true))
        expectError(.and([t, lit(int(1))]), .typeError, "InvalidArgumentType")
        expectError(.unary(.not, lit(str("x"))), .typeError, "InvalidArgumentType")
        expectError(.xor([n, lit(int(1))]), .typeError, "InvalidArgumentType")
    }

    @Test func truthAndPasses() throws {
        let graph = FakeGraph.sample()
        defer { withExtendedLifetime(graph) {} }
        let ev = Evaluator(context: graph)
        var row: [Datum] = []
        #expect(try ev.truth(lit(.null), &row) == nil)
        #expect(try ev.truth(lit(.bool(false)), &row) == false)
        #expect(try ev.passes(lit(.bool(true)), &row))
        #expect(try !ev.passes(lit(.null), &row))
        #expect(throws: LoreError.self) { try ev.passes(lit(int(1)), &row) }
    }

    // MARK: - CASE (Conditional2)

    @Test(arguments: [
        (Datum.int(-10), Datum.string("minus ten")), (Datum.int(0), Datum.string("zero")),
        (Datum.int(1), Datum.string("one")), (Datum.int(5), Datum.string("five")),
        (Datum.int(10), Datum.string("ten")), (Datum.int(3000), Datum.string("three thousand")),
        (Datum.int(-30), Datum.string("something else")),
        (Datum.int(3), Datum.string("something else")), (Datum.int(3001), Datum.string("something else")),
        (Datum.string("0"), Datum.string("something else")),
        (.bool(true), Datum.string("something else")), (Datum.double(10.1), Datum.string("something else")),
        (Datum.double(1), Datum.string("one")),
    ])
    func simpleCase(_ value: Datum, _ expected: Datum) {
        let alternatives: [(BoundExpression, BoundExpression)] = [
            (lit(int(-10)), lit(str("minus ten"))), (lit(int(0)), lit(str("zero"))), (lit(int(1)), lit(str("one"))),
            (lit(int(5)), lit(str("five"))), (lit(int(10)), lit(str("ten"))),
            (lit(int(3000)), lit(str("three thousand"))),
        ]
        expectValue(
            .caseWhen(subject: lit(value), alternatives: alternatives, otherwise: lit(str("something else"))),
            expected)
    }

    @Test func caseForms() {
        // A null subject matches no WHEN, not even WHEN null.
        expectValue(.caseWhen(subject: lit(.null), alternatives: [(lit(.null), lit(int(1)))], otherwise: nil), .null)
        expectValue(
            .caseWhen(
                subject: nil, alternatives: [(lit(.null), lit(int(1))), (bin(.less, int(1), int(2)), lit(int(2)))],
                otherwise: lit(int(3))), int(2))
        expectValue(
            .caseWhen(subject: nil, alternatives: [(lit(.bool(false)), lit(int(1)))], otherwise: lit(int(3))), int(3))
        expectValue(.caseWhen(subject: nil, alternatives: [(lit(.bool(false)), lit(int(1)))], otherwise: nil), .null)
    }

    // MARK: - Comprehensions and quantifiers (List12, Quantifier1-4)

    @Test func listComprehension() {
        let source = lit(list(int(1), int(2), int(3), .null))
        let x = BoundExpression.slot(1)
        expectValue(
            .listComprehension(
                slot: 1, source: source, predicate: nil, projection: .binary(.multiply, x, lit(int(10)))),
            list(int(10), int(20), int(30), .null), row: [str("outer"), .null])
        expectValue(
            .listComprehension(slot: 1, source: source, predicate: .binary(.greater, x, lit(int(1))), projection: nil),
            list(int(2), int(3)), row: [.null, .null])
        expectValue(
            .listComprehension(slot: 0, source: lit(.null), predicate: nil, projection: nil), .null, row: [.null])
        expectError(
            .listComprehension(slot: 0, source: lit(int(1)), predicate: nil, projection: nil), .typeError,
            "InvalidArgumentType", row: [.null])
        // List12 [6]: labels projected through toLower.
        expectValue(
            .listComprehension(
                slot: 0, source: call(.labels, .node(1)), predicate: nil, projection: .function(.toLower, [.slot(0)])),
            list(str("person"), str("admin")), row: [.null])
    }

    @Test func theComprehensionVariableIsRestored() throws {
        let graph = FakeGraph.sample()
        defer { withExtendedLifetime(graph) {} }
        let ev = Evaluator(context: graph)
        var row: [Datum] = [str("kept")]
        _ = try ev.evaluate(
            .listComprehension(slot: 0, source: lit(list(int(1))), predicate: nil, projection: nil), &row)
        #expect(Exact(row[0]) == Exact(str("kept")))
    }

    static let quantifierCases: [(Quantifier.Kind, Datum, Datum)] = [
        // x = 2 over each list: none (Quantifier1), single (2), any (3), all (4).
        (.none, Datum.list([.null]), .null), (.none, Datum.list([Datum.int(0), .null]), .null),
        (.none, Datum.list([Datum.int(2), .null]), .bool(false)),
        (.none, Datum.list([]), .bool(true)), (.none, Datum.list([Datum.int(1), Datum.int(3)]), .bool(true)),
        (.single, Datum.list([.null]), .null), (.single, Datum.list([Datum.int(2), .null]), .null),
        (.single, Datum.list([Datum.int(2)]), .bool(true)),
        (.single, Datum.list([Datum.int(2), Datum.int(2)]), .bool(false)),
        (.single, Datum.list([Datum.int(2), .null, Datum.int(2)]), .bool(false)),
        (.single, Datum.list([]), .bool(false)),
        (.any, Datum.list([.null]), .null), (.any, Datum.list([Datum.int(0), .null]), .null),
        (.any, Datum.list([Datum.int(2), .null]), .bool(true)),
        (.any, Datum.list([]), .bool(false)), (.any, Datum.list([Datum.int(1)]), .bool(false)),
        (.all, Datum.list([.null]), .null), (.all, Datum.list([Datum.int(2), .null]), .null),
        (.all, Datum.list([Datum.int(0), .null]), .bool(false)),
        (.all, Datum.list([]), .bool(true)), (.all, Datum.list([Datum.int(2), Datum.int(2)]), .bool(true)),
        (.all, .null, .null),
    ]

    @Test(arguments: quantifierCases)
    func quantifiers(_ kind: Quantifier.Kind, _ source: Datum, _ expected: Datum) {
        let predicate = BoundExpression.binary(.equal, .slot(0), lit(int(2)))
        expectValue(.quantifier(kind, slot: 0, source: lit(source), predicate: predicate), expected, row: [.null])
    }

    // MARK: - Pattern subqueries

    @Test func patternPredicatesAndComprehensions() {
        let g = FakeGraph.sample()
        // Subquery 0: the nodes (slot 1) that node slot 0 knows.
        g.subqueries[0] = { row in
            guard case .node(let id) = row[0] else { return [] }
            return g.relationships.values.filter { $0.start == id }.map { [row[0], .node($0.end)] }
        }
        expectValue(.patternExists(SubqueryID(index: 0)), .bool(true), row: [.node(1), .null], graph: g)
        expectValue(.patternExists(SubqueryID(index: 0)), .bool(false), row: [.node(2), .null], graph: g)
        let names = BoundExpression.patternComprehension(
            SubqueryID(index: 0), predicate: nil, projection: .property(.slot(1), "name"))
        expectValue(names, list(str("Bob")), row: [.node(1), .null], graph: g)
        let filtered = BoundExpression.patternComprehension(
            SubqueryID(index: 0), predicate: .binary(.equal, .property(.slot(1), "name"), lit(str("Zed"))),
            projection: lit(int(1)))
        expectValue(filtered, list(), row: [.node(1), .null], graph: g)
        // List6 [7]: size of a pattern comprehension.
        expectValue(.function(.size, [names]), int(1), row: [.node(1), .null], graph: g)
    }
}

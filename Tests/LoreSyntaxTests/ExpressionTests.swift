import LoreSyntax
import Testing

@Suite("expressions")
struct ExpressionTests {
    @Test("precedence follows productions [48]-[62]")
    func precedence() {
        #expect(parsedExpression("1 + 2 * 3") == bin(.add, int(1), bin(.multiply, int(2), int(3))))
        #expect(parsedExpression("1 - 2 - 3") == bin(.subtract, bin(.subtract, int(1), int(2)), int(3)))
        #expect(parsedExpression("2 ^ 3 ^ 2") == bin(.power, bin(.power, int(2), int(3)), int(2)))
        #expect(parsedExpression("-2 ^ 2") == bin(.power, int(-2), int(2)))
        #expect(parsedExpression("-x ^ 2") == bin(.power, Expression(.unary(.minus, v("x"))), int(2)))
        #expect(
            parsedExpression("a OR b XOR c AND NOT d")
                == Expression(
                    .or([
                        v("a"),
                        Expression(.xor([v("b"), Expression(.and([v("c"), Expression(.unary(.not, v("d")))]))])),
                    ])))
        #expect(parsedExpression("NOT a = b") == Expression(.unary(.not, bin(.equal, v("a"), v("b")))))
        #expect(parsedExpression("a + 1 IN l") == bin(.in, bin(.add, v("a"), int(1)), v("l")))
        #expect(parsedExpression("n.a.b") == prop(prop(v("n"), "a"), "b"))
    }

    @Test("comparisons chain")
    func chains() {
        #expect(
            parsedExpression("1 < x <= 3")
                == Expression(
                    .comparisonChain(
                        int(1),
                        [
                            ComparisonLink(operator: .less, operand: v("x")),
                            ComparisonLink(operator: .lessOrEqual, operand: int(3)),
                        ])))
        #expect(parsedExpression("(1 < x) <= 3") == bin(.lessOrEqual, bin(.less, int(1), v("x")), int(3)))
    }

    @Test("literals, including the extreme integers")
    func literals() {
        #expect(parsedExpression("-9223372036854775808") == int(.min))
        #expect(parsedExpression("9223372036854775807") == int(.max))
        #expect(parsedExpression("-0x8000000000000000") == int(.min))
        #expect(parsedExpression("0o17") == int(15))
        #expect(parsedExpression("1.5e3") == Expression(.float(1500)))
        #expect(parsedExpression("null") == Expression(.null))
        #expect(parsedExpression("TRUE") == Expression(.boolean(true)))
        #expect(parsedExpression("[1, 'a']") == Expression(.list([int(1), str("a")])))
        #expect(
            parsedExpression("{a: 1, `b c`: 2}")
                == Expression(
                    .map([MapEntry(key: Name("a"), value: int(1)), MapEntry(key: Name("b c"), value: int(2))])))
        #expect(parsedExpression("$name") == Expression(.parameter(.named("name"))))
        #expect(parsedExpression("$1") == Expression(.parameter(.positional(1))))
        #expect(throws: SyntaxError.self) { try Parser.parseExpression("9223372036854775808") }
        #expect(throws: SyntaxError.self) { try Parser.parseExpression("1.34E999") }
        // NaN and Infinity are names, not literals.
        #expect(parsedExpression("NaN") == v("NaN"))
    }

    @Test("predicates")
    func predicates() {
        #expect(parsedExpression("x IS NULL") == Expression(.isNull(v("x"), negated: false)))
        #expect(parsedExpression("x IS NOT NULL") == Expression(.isNull(v("x"), negated: true)))
        #expect(parsedExpression("s STARTS WITH 'a'") == bin(.startsWith, v("s"), str("a")))
        #expect(parsedExpression("s ENDS WITH 'a'") == bin(.endsWith, v("s"), str("a")))
        #expect(parsedExpression("s CONTAINS 'a'") == bin(.contains, v("s"), str("a")))
        #expect(parsedExpression("s =~ 'a.*'") == bin(.regexMatch, v("s"), str("a.*")))
        #expect(parsedExpression("n:A:B") == Expression(.hasLabels(v("n"), labels: [Name("A"), Name("B")])))
    }

    @Test("list operators")
    func listOperators() {
        #expect(parsedExpression("l[0]") == Expression(.index(v("l"), int(0))))
        #expect(parsedExpression("l[1..2]") == Expression(.slice(v("l"), from: int(1), to: int(2))))
        #expect(parsedExpression("l[..2]") == Expression(.slice(v("l"), from: nil, to: int(2))))
        #expect(parsedExpression("l[1..]") == Expression(.slice(v("l"), from: int(1), to: nil)))
    }

    @Test("functions: DISTINCT, count(*), namespaces, exists")
    func functions() {
        #expect(parsedExpression("count(DISTINCT x)") == call("count", v("x"), distinct: true))
        #expect(parsedExpression("count( * )") == Expression(.countStar))
        #expect(parsedExpression("toUpper('a')") == call("toUpper", str("a")))
        #expect(parsedExpression("exists(n.x)") == call("exists", prop(v("n"), "x")))
        guard case .functionCall(let namespaced)? = parsedExpression("date.truncate('day', d)")?.kind else {
            Issue.record("not a call")
            return
        }
        #expect(namespaced.qualifiedName == "date.truncate")
        #expect(namespaced.arguments.count == 2)
    }

    @Test("CASE, comprehensions and quantifiers")
    func compound() {
        #expect(
            parsedExpression("CASE x WHEN 1 THEN 'a' ELSE 'b' END")
                == Expression(
                    .caseExpression(
                        CaseExpression(
                            subject: v("x"), alternatives: [CaseAlternative(when: int(1), then: str("a"))],
                            otherwise: str("b")))))
        #expect(
            parsedExpression("[x IN l WHERE x > 1 | x * 2]")
                == Expression(
                    .listComprehension(
                        ListComprehension(
                            variable: Name("x"), source: v("l"), predicate: bin(.greater, v("x"), int(1)),
                            projection: bin(.multiply, v("x"), int(2))))))
        #expect(
            parsedExpression("any(x IN l WHERE x)")
                == Expression(
                    .quantifier(Quantifier(kind: .any, variable: Name("x"), source: v("l"), predicate: v("x")))))
        guard
            case .patternComprehension(let comprehension)? = parsedExpression("[p = (a)-[:T]->(b) WHERE b.x | b.name]")?
                .kind
        else {
            Issue.record("not a pattern comprehension")
            return
        }
        #expect(comprehension.variable?.text == "p")
        #expect(comprehension.pattern.links.count == 1)
        #expect(comprehension.projection == prop(v("b"), "name"))
        // A list holding a pattern is not a comprehension.
        guard case .list(let elements)? = parsedExpression("[(a)-->(b), 1]")?.kind else {
            Issue.record("not a list")
            return
        }
        #expect(elements.count == 2)
    }

    @Test("a parenthesized relationship pattern is a pattern predicate; other parentheses are grouping")
    func patternPredicates() {
        guard case .pattern(let pattern)? = parsedExpression("(a)-[:T]->()")?.kind else {
            Issue.record("not a pattern")
            return
        }
        #expect(pattern.links[0].relationship.types == [Name("T")])
        #expect(parsedExpression("(a) - 1") == bin(.subtract, v("a"), int(1)))
        #expect(parsedExpression("(a) < -1") == bin(.less, v("a"), int(-1)))
        #expect(parsedExpression("(a)") == v("a"))
    }

    @Test("ranges cover the expression as written, parentheses included")
    func ranges() {
        let expression = parsedExpression("(1 + 2) * x")
        #expect(expression?.range.start.column == 1)
        #expect(expression?.range.end.column == 12)
        guard case .binary(_, let lhs, let rhs)? = expression?.kind else { return }
        #expect(lhs.range.start.column == 1 && lhs.range.end.column == 8)
        #expect(rhs.range.start.column == 11)
    }
}

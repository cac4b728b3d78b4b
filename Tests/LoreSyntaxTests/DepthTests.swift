import LoreSyntax
import Testing

@Suite("nesting limits")
struct DepthTests {
    @Test("100,000 nested parentheses give NestedTooDeeply, not a crash")
    func deepParentheses() {
        let text = "RETURN " + String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        let error = syntaxError(text)
        #expect(error?.code == .nestedTooDeeply)
        #expect(error?.range.start.line == 1)
    }

    @Test("100,000 nested lists and maps give NestedTooDeeply")
    func deepLists() {
        let lists = "RETURN " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(syntaxError(lists)?.code == .nestedTooDeeply)
        let maps = "RETURN " + String(repeating: "{a: ", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        #expect(syntaxError(maps)?.code == .nestedTooDeeply)
        let mapsInParentheses =
            "RETURN " + String(repeating: "({a: ", count: 100_000) + "1" + String(repeating: "})", count: 100_000)
        #expect(syntaxError(mapsInParentheses)?.code == .nestedTooDeeply)
    }

    @Test("100,000 prefix operators give NestedTooDeeply")
    func deepPrefixOperators() {
        #expect(syntaxError("RETURN " + String(repeating: "-", count: 100_000) + "1")?.code == .nestedTooDeeply)
        #expect(syntaxError("RETURN " + String(repeating: "- ", count: 100_000) + "x")?.code == .nestedTooDeeply)
        #expect(syntaxError("RETURN " + String(repeating: "NOT ", count: 100_000) + "true")?.code == .nestedTooDeeply)
    }

    @Test("long left-associative chains are parsed without recursion and bounded")
    func longChains() {
        let sum = "RETURN 1" + String(repeating: "+1", count: 100_000)
        #expect(syntaxError(sum)?.code == .nestedTooDeeply)
        let property = "RETURN n" + String(repeating: ".a", count: 100_000)
        #expect(syntaxError(property)?.code == .nestedTooDeeply)
        // Boolean connectives are n-ary, so long generated conditions stay shallow.
        let disjunction = "MATCH (n) WHERE n.id = 0" + (1...20_000).map { " OR n.id = \($0)" }.joined() + " RETURN n"
        #expect(syntaxError(disjunction) == nil)
        let conjunction = "RETURN true" + String(repeating: " AND true", count: 100_000)
        #expect(syntaxError(conjunction) == nil)
        let list = "RETURN [" + (0..<100_000).map(String.init).joined(separator: ", ") + "]"
        #expect(syntaxError(list) == nil)
    }

    @Test("nesting just under the limit parses, prints and round-trips")
    func nestingUnderTheLimit() {
        let depth = 150
        let parentheses = "RETURN " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        checkRoundTrip(parentheses)
        let lists = "RETURN " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        checkRoundTrip(lists)
        let sum = "RETURN 1" + String(repeating: " + 1", count: depth)
        checkRoundTrip(sum)
        let negations = "RETURN " + String(repeating: "NOT ", count: depth) + "true"
        checkRoundTrip(negations)
        let mixed = "RETURN " + String(repeating: "[(-", count: 60) + "x" + String(repeating: ")]", count: 60)
        checkRoundTrip(mixed)
        let mapsInParentheses =
            "RETURN " + String(repeating: "({a: ", count: 60) + "1" + String(repeating: "})", count: 60)
        checkRoundTrip(mapsInParentheses)
    }
}

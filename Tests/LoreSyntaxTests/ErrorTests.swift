import LoreSyntax
import Testing

@Suite("error positions")
struct ErrorTests {
    /// Each malformed query with the code and line:column of its error.
    @Test(
        "malformed queries report line and column",
        arguments: [
            ("MATCH (n RETURN n", "UnexpectedSyntax", "1:10"),
            ("MATCH (n)\nRETURN n,", "UnexpectedSyntax", "2:10"),
            ("MATCH (n)\n  WHERE n.x = \nRETURN n", "UnexpectedSyntax", "3:1"),
            ("RETURN [, ]", "UnexpectedSyntax", "1:9"),
            ("RETURN {1}", "UnexpectedSyntax", "1:9"),
            ("MATCH (a)-[:LIKES..]->(c) RETURN c", "InvalidRelationshipPattern", "1:18"),
            ("MATCH (a)-[:LIKES*-2]->(c) RETURN c", "InvalidRelationshipPattern", "1:19"),
            ("RETURN 9223372036854775808", "IntegerOverflow", "1:8"),
            ("RETURN -9223372036854775809", "IntegerOverflow", "1:8"),
            ("RETURN 1.34E999", "FloatingPointOverflow", "1:8"),
            ("RETURN 'é' + 0x", "InvalidNumberLiteral", "1:14"),
            ("MATCH (n) RETURN n; MATCH (m) RETURN m", "UnexpectedSyntax", "1:21"),
            ("MATCH (n) RETURN n LIMIT", "UnexpectedSyntax", "1:25"),
            ("MATCH (n) RETURN n.", "UnexpectedSyntax", "1:20"),
            ("MATCH (match) RETURN 1", "UnexpectedSyntax", "1:8"),
            ("CREATE CONSTRAINT FOR (c:Company) REQUIRE c.key IS", "UnexpectedSyntax", "1:51"),
        ])
    func positions(text: String, code: String, location: String) {
        let error = syntaxError(text)
        #expect(error?.code.rawValue == code, "\(text): \(String(describing: error))")
        #expect(error.map { "\($0.range.start)" } == location, "\(text): \(String(describing: error))")
    }

    @Test("messages say what was expected and what was found")
    func messages() {
        #expect(syntaxError("MATCH (n RETURN n")?.message == "expected ')' to close the node pattern, found 'RETURN'")
        #expect(syntaxError("RETURN")?.message == "expected an expression, found end of input")
    }

    @Test("positions in a script refer to the whole script")
    func scriptPositions() {
        do throws(SyntaxError) {
            _ = try Parser.parseScript("CREATE (n);\n\nMATCH (n RETURN n;")
            Issue.record("expected an error")
        } catch {
            #expect(error.range.start == SourceLocation(line: 3, column: 10, offset: 22))
        }
    }
}

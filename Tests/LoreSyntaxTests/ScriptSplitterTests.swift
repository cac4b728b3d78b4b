import LoreSyntax
import Testing

@Suite("script splitter")
struct ScriptSplitterTests {
    @Test("splits at top-level ';' only")
    func splitting() {
        let script = """
            // setup
            CREATE (:A {s: 'a;b', t: "c;d"}); /* ; */
            MATCH (`x;y`) RETURN `x;y` // trailing ;
            ;
            ;  RETURN 1
            """
        let pieces = ScriptSplitter.split(script)
        #expect(
            pieces.map(\.text) == [
                "CREATE (:A {s: 'a;b', t: \"c;d\"})",
                "MATCH (`x;y`) RETURN `x;y` // trailing ;",
                "RETURN 1",
            ])
        #expect(pieces.map(\.start.description) == ["2:1", "3:1", "5:4"])
    }

    @Test("escaped quotes do not end strings")
    func escapes() {
        #expect(ScriptSplitter.split("RETURN 'a\\';b'; RETURN 2").map(\.text) == ["RETURN 'a\\';b'", "RETURN 2"])
    }

    @Test("a script parses statement by statement")
    func parseScript() throws {
        let statements = try Parser.parseScript("CREATE (a);\nMATCH (a) RETURN a;\n\n")
        #expect(statements.count == 2)
        #expect(statements[1].range.start == SourceLocation(line: 2, column: 1, offset: 12))
    }
}

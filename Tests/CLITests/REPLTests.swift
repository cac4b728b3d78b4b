import Foundation
import Testing

@Suite("The REPL under a terminal", .serialized)
struct REPLTests {
    typealias Step = TerminalSession.Step

    @Test func aMultiLineQueryShowsATable() throws {
        try withTemporaryDirectory { home in
            let r = try TerminalSession.run(
                "lore", ["demo"], home: home,
                steps: [
                    Step(send: "MATCH (c:Company)\n", expect: "...> "),
                    Step(send: "WHERE c.key = 'zhipu-ai'\n", expect: "...> "),
                    Step(send: "RETURN c.name AS name;\n", expect: "1 row"),
                ])
            #expect(r.ok == [true, true, true], "\(r.output)")
            #expect(r.output.contains("│ name     │"))
            #expect(r.output.contains("│ Zhipu AI │"))
            #expect(r.status == 0)
        }
    }

    @Test func aSyntaxErrorShowsTheLineAndACaret() throws {
        try withTemporaryDirectory { home in
            let r = try TerminalSession.run(
                "lore", ["demo"], home: home,
                steps: [
                    Step(send: "MATCH (c:Company) RETURN nope;\n", expect: "^"),
                    Step(send: "RETURN 1 AS one;\n", expect: "1 row"),
                ])
            #expect(r.ok == [true, true], "\(r.output)")
            #expect(r.output.contains("UndefinedVariable"))
            let caret = "  MATCH (c:Company) RETURN nope\r\n" + String(repeating: " ", count: 2 + 25) + "^"
            #expect(r.output.contains(caret), "\(r.output)")
        }
    }

    @Test func tabCompletesALabelFromTheStore() throws {
        try withTemporaryDirectory { home in
            let r = try TerminalSession.run(
                "lore", ["demo"], home: home,
                steps: [
                    Step(send: "MATCH (o:Organiz\t", expect: "ation"),
                    Step(send: ") RETURN count(*) AS n;\n", expect: "1 row"),
                ])
            #expect(r.ok == [true, true], "\(r.output)")
            #expect(r.output.contains("│ 7 │"), "\(r.output)")
        }
    }

    @Test
    func ctrlCAbandonsTheInputAndKeepsTheSession() throws {
        try withTemporaryDirectory { home in
            let r = try TerminalSession.run(
                "lore", ["demo"], home: home,
                steps: [
                    Step(send: "MATCH (c:Company)\n", expect: "...> "),
                    Step(send: "WHERE c.key = ", expect: "= "),
                    Step(send: "\u{03}", expect: "lore> "),
                    Step(send: "RETURN 'still here' AS s;\n", expect: "1 row"),
                ])
            #expect(r.ok == [true, true, true, true], "\(r.output)")
            #expect(r.output.contains("still here"))
            #expect(!r.output.contains("SyntaxError"))
        }
    }

    @Test func ctrlCDuringALongQueryReturnsToThePrompt() throws {
        try withTemporaryDirectory { home in
            let r = try TerminalSession.run(
                "lore", ["demo"], home: home,
                steps: [
                    // 127 nodes to the fifth power: 33 billion rows, which
                    // only Ctrl-C ends. A second of processor time shows it
                    // is running, not merely typed.
                    Step(send: "MATCH (a), (b), (c), (d), (e) RETURN count(*) AS n;\n", expect: "", busy: 1),
                    Step(send: "\u{03}", expect: "lore> "),
                    Step(send: "RETURN 'still here' AS s;\n", expect: "1 row"),
                ])
            #expect(r.ok == [true, true, true], "\(r.output)")
            #expect(r.output.contains("cancelled"), "\(r.output)")
            #expect(r.output.contains("still here"))
            // Only the second query printed a result.
            #expect(r.output.components(separatedBy: "1 row").count == 2, "\(r.output)")
        }
    }

    @Test func ctrlCStopsAWriteAndNothingOfItRemains() throws {
        try withTemporaryDirectory { home in
            let r = try TerminalSession.run(
                "lore", ["demo"], home: home,
                steps: [
                    Step(send: "MATCH (a), (b), (c), (d) CREATE (:Scratch);\n", expect: "", busy: 1),
                    Step(send: "\u{03}", expect: "lore> "),
                    Step(send: "MATCH (s:Scratch) RETURN count(*) AS n;\n", expect: "1 row"),
                    // The write lock was given back: a write goes through.
                    Step(send: "CREATE (:Kept);\n", expect: "1 node created"),
                ])
            #expect(r.ok == [true, true, true, true], "\(r.output)")
            #expect(r.output.contains("cancelled"), "\(r.output)")
            #expect(r.output.contains("│ 0 │"), "\(r.output)")
        }
    }

    @Test func ctrlCStopsAStatementInAnOpenTransactionAndKeepsIt() throws {
        try withTemporaryDirectory { home in
            let r = try TerminalSession.run(
                "lore", ["demo"], home: home,
                steps: [
                    Step(send: ":begin\n", expect: "lore*> "),
                    Step(send: "CREATE (:Kept);\n", expect: "1 node created"),
                    Step(send: "MATCH (a), (b), (c), (d) CREATE (:Scratch);\n", expect: "", busy: 1),
                    Step(send: "\u{03}", expect: "lore*> "),
                    Step(send: ":commit\n", expect: "committed"),
                    Step(
                        send:
                            "MATCH (k:Kept) OPTIONAL MATCH (s:Scratch) RETURN count(DISTINCT k) AS k, count(s) AS s;\n",
                        expect: "1 row"),
                ])
            #expect(r.ok.allSatisfy { $0 } && r.ok.count == 6, "\(r.ok) \(r.output)")
            #expect(r.output.contains("cancelled"), "\(r.output)")
            #expect(r.output.contains("│ 1 │ 0 │"), "\(r.output)")
        }
    }

    @Test func historySurvivesARestartPrivately() throws {
        try withTemporaryDirectory { home in
            let first = try TerminalSession.run(
                "lore", ["demo"], home: home,
                steps: [Step(send: "RETURN 'remembered' AS r;\n", expect: "1 row")])
            #expect(first.ok == [true])
            let path = home + "/.lore_history"
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            // Up arrow recalls the statement in a new session.
            let second = try TerminalSession.run(
                "lore", ["demo"], home: home,
                steps: [Step(send: "\u{1B}[A", expect: "remembered"), Step(send: "\n", expect: "1 row")])
            #expect(second.ok == [true, true], "\(second.output)")
        }
    }

    @Test func metaCommandsWork() throws {
        try withTemporaryDirectory { home in
            let r = try TerminalSession.run(
                "lore", ["demo"], home: home,
                steps: [
                    Step(send: ":help\n", expect: ":rollback"),
                    Step(send: ":schema\n", expect: "constraints"),
                    Step(send: ":param k => 'zhipu-ai'\n", expect: "k => 'zhipu-ai'"),
                    Step(send: "MATCH (c:Company {key: $k}) RETURN c.name;\n", expect: "1 row"),
                    Step(send: ":begin\n", expect: "lore*> "),
                    Step(send: "CREATE (:Scratch);\n", expect: "1 node created"),
                    Step(send: ":rollback\n", expect: "rolled back"),
                    Step(send: "MATCH (s:Scratch) RETURN count(*) AS n;\n", expect: "1 row"),
                    Step(send: ":format csv\n", expect: "lore> "),
                    Step(send: "RETURN 1 AS a, 'x,y' AS b;\n", expect: "\"x,y\""),
                    Step(send: ":explain MATCH (c:Company) RETURN c\n", expect: "NodeByLabelScan"),
                    Step(send: ":quit\n", expect: ""),
                ])
            #expect(r.ok.allSatisfy { $0 }, "\(r.ok) \(r.output)")
            #expect(r.output.contains("│ 0 │"))
        }
    }
}

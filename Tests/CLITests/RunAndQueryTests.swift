import Foundation
import Lore
import Testing

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private var knowledgeScripts: [String] {
    let dir = repository.appendingPathComponent("Fixtures/knowledge")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return names.filter { $0.hasSuffix(".lql") }.sorted().map { dir.appendingPathComponent($0).path }
}

@Suite("lore run and lore query")
struct RunAndQueryTests {
    @Test func theKnowledgeBaseLoadsTwiceToTheSameGraphAndChecksClean() throws {
        try withTemporaryDirectory { dir in
            let db = dir + "/kb"
            let first = try run("lore", ["run"] + knowledgeScripts + ["--db", db])
            #expect(first.status == 0, "\(first.errors)")
            let counts = try Store(path: db).read { tx in (try tx.nodeCount(), try tx.relationshipCount()) }
            #expect(counts.0 > 100 && counts.1 > 100)
            let second = try run("lore", ["run"] + knowledgeScripts + ["--db", db])
            #expect(second.status == 0)
            #expect(second.output.contains("0 nodes and 0 relationships created"))
            let again = try Store(path: db).read { tx in (try tx.nodeCount(), try tx.relationshipCount()) }
            #expect(again == counts)
            #expect(try run("lore", ["check", "--db", db]).status == 0)
        }
    }

    @Test func aBrokenScriptCommitsNothingAndNamesFileLineAndColumn() throws {
        try withTemporaryDirectory { dir in
            let good = dir + "/a.lql"
            let bad = dir + "/b.lql"
            try "CREATE (:Company {key: 'a'});\n".write(toFile: good, atomically: true, encoding: .utf8)
            try "// comment\nCREATE (:Company {key: 'b'});\nMATCH (c:Company)\nRETURN nope;\n".write(
                toFile: bad, atomically: true, encoding: .utf8)
            let r = try run("lore", ["run", good, bad, "--db", dir + "/db"])
            #expect(r.status == 1)
            #expect(r.errors.contains("\(bad):4:8"), "\(r.errors)")
            #expect(r.errors.contains("UndefinedVariable"))
            #expect(try Store(path: dir + "/db").read { try $0.nodeCount() } == 0)
        }
    }

    @Test func jsonOutputFollowsTheContract() throws {
        try withTemporaryDirectory { dir in
            let db = dir + "/db"
            _ = try run("lore", ["query", "--db", db, "CREATE (:M {key: 'x', n: 1, f: 1.0, d: date('2026-01-08')})"])
            let r = try run(
                "lore",
                [
                    "query", "--db", db, "--format", "json", "--params", #"{"k": "x"}"#,
                    "MATCH (m:M {key: $k}) RETURN m.n, m.f, m.d, m.key AS key",
                ])
            #expect(r.status == 0, "\(r.errors)")
            let lines = r.output.split(separator: "\n").map(String.init)
            #expect(lines.first == #"{"columns": ["m.n", "m.f", "m.d", "key"]}"#)
            #expect(lines.contains(#"{"row": [1, 1.0, {"~date": "2026-01-08"}, "x"]}"#))
            #expect(lines.last?.hasPrefix(#"{"summary": {"rows": 1, "nodesCreated": 0"#) == true)
            let e = try run("lore", ["query", "--db", db, "--format", "json", "MATCH (m) RETURN nope"])
            #expect(e.status == 1)
            #expect(e.output.contains(#""kind": "SyntaxError", "code": "UndefinedVariable""#))
            #expect(e.output.contains(#""line": 1, "column": 18, "phase": "compile""#))
        }
    }

    @Test func statementsComeFromStandardInputToo() throws {
        try withTemporaryDirectory { dir in
            let child = try Child("lore", ["query", "--db", dir + "/db", "--format", "json"])
            child.send("CREATE (:A {v: 1}); CREATE (:A {v: 2});\nMATCH (a:A) RETURN sum(a.v) AS total;")
            try child.closeInput()
            let r = child.finish()
            #expect(r.status == 0, "\(r.errors)")
            #expect(r.output.contains(#"{"row": [3]}"#))
        }
    }
}

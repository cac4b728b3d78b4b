import Foundation
import Lore
import Testing

/// Writes `text` to `dir/name` and returns the path.
private func file(_ dir: String, _ name: String, _ text: String) throws -> String {
    let path = dir + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite("lore subcommands, formats and exit statuses")
struct CommandTests {
    @Test func demoRunsStatementsFromStandardInputAndItsSuggestionsReturnRows() throws {
        let empty = try Child("lore", ["demo"])
        try empty.closeInput()
        let welcome = empty.finish()
        #expect(welcome.status == 0, "\(welcome.errors)")
        #expect(welcome.output.contains("127 nodes"))
        let suggestions = welcome.output.split(separator: "\n").filter { $0.hasPrefix("  MATCH") }
        #expect(suggestions.count == 3)
        for query in suggestions {
            let child = try Child("lore", ["demo", "--format", "json"])
            child.send(String(query))
            try child.closeInput()
            let r = child.finish()
            #expect(r.status == 0, "\(r.errors)")
            #expect(r.output.contains(#"{"row": "#), "\(query) returned no rows")
        }
        let table = try Child("lore", ["demo", "--format", "table"])
        table.send("MATCH (c:Company) RETURN count(*);")
        try table.closeInput()
        let t = table.finish()
        #expect(t.output.contains("│ count(*) │") && t.output.contains("│       34 │"), "\(t.output)")
    }

    @Test func everyFormatPrintsTheRows() throws {
        try withTemporaryDirectory { dir in
            let db = dir + "/db"
            let q = #"RETURN 1 AS n, 'a,"b"' AS s, null AS z, [1, 2] AS l, date('2026-01-08') AS d"#
            func query(_ format: String?) throws -> String {
                let r = try run("lore", ["query", "--db", db] + (format.map { ["--format", $0] } ?? []) + [q])
                #expect(r.status == 0, "\(r.errors)")
                return r.output
            }
            let tsv = "n\ts\tz\tl\td\n1\ta,\"b\"\t\t[1, 2]\tdate('2026-01-08')"
            #expect(try query(nil) == tsv, "without a terminal the default is tsv")
            #expect(try query("tsv") == tsv)
            #expect(try query("csv") == "n,s,z,l,d\n1,\"a,\"\"b\"\"\",,\"[1, 2]\",date('2026-01-08')")
            #expect(
                try query("markdown")
                    == "| n | s | z | l | d |\n| --- | --- | --- | --- | --- |\n| 1 | a,\"b\" |  | [1, 2] | date('2026-01-08') |"
            )
            let table = try query("table")
            #expect(table.contains("│ n │ s     │ z    │ l      │ d                  │"), "\(table)")
            #expect(table.hasSuffix("1 row"))
            #expect(!table.contains("\u{1B}["), "no colour without a terminal")
            let json = try query("json")
            #expect(json.contains(#"{"row": [1, "a,\"b\"", null, [1, 2], {"~date": "2026-01-08"}]}"#))
            let bad = try run("lore", ["query", "--db", db, "--format", "yaml", q])
            #expect(bad.status != 0)
        }
    }

    @Test func tablesRightAlignColumnsOfNumbers() throws {
        try withTemporaryDirectory { dir in
            let q = "UNWIND [1, 250, null, 3.5] AS x RETURN x, toString(x) AS s, [x] AS l"
            let r = try run("lore", ["query", "--db", dir + "/db", "--format", "table", q])
            #expect(r.status == 0, "\(r.errors)")
            let expected = """
                ┌──────┬──────┬────────┐
                │    x │ s    │ l      │
                ├──────┼──────┼────────┤
                │    1 │ 1    │ [1]    │
                │  250 │ 250  │ [250]  │
                │ null │ null │ [null] │
                │  3.5 │ 3.5  │ [3.5]  │
                └──────┴──────┴────────┘
                4 rows
                """
            #expect(r.output == expected, "\(r.output)")
        }
    }

    @Test func theShellReadsStatementsAndMetaCommandsFromAPipe() throws {
        try withTemporaryDirectory { dir in
            let db = dir + "/db"
            let child = try Child("lore", ["--db", db])
            child.send("CREATE (:A {v: 1}), (:A {v: 2});\n:param min => 2\nMATCH (a:A)\nWHERE a.v >= $min\nRETURN a.v;")
            child.send(":format csv\nMATCH (a:A) RETURN count(*) AS n;")
            try child.closeInput()
            let r = child.finish()
            #expect(r.status == 0, "\(r.errors)")
            #expect(r.output.contains("a.v\n2\n"))
            #expect(r.output.hasSuffix("n\n2"), "\(r.output)")

            let failing = try Child("lore", ["--db", db])
            failing.send("MATCH (a:A) RETURN nope;\nCREATE (:A {v: 3});")
            try failing.closeInput()
            let f = failing.finish()
            #expect(f.status == 1)
            #expect(f.errors.contains("UndefinedVariable"))
            #expect(f.errors.contains("  MATCH (a:A) RETURN nope\n                     ^"), "\(f.errors)")
            #expect(try Store(path: db).read { try $0.nodeCount() } == 2, "input after an error is not run")
        }
    }

    @Test func helpHasAnExampleForEverySubcommandAndVersionPrints() throws {
        for sub in ["shell", "run", "query", "import", "export", "backup", "check", "demo"] {
            let r = try run("lore", [sub, "--help"])
            #expect(r.status == 0)
            #expect(r.output.contains("Example"), "\(sub) --help has no example")
        }
        let v = try run("lore", ["--version"])
        #expect(v.status == 0 && v.output == "0.1.0")
        let unknown = try run("lore", ["frobnicate", "--db", "/nonexistent"])
        #expect(unknown.status != 0)
    }

    @Test func readOnlyRefusesWritesAndAllowsReads() throws {
        try withTemporaryDirectory { dir in
            let db = dir + "/db"
            #expect(try run("lore", ["query", "--db", db, "CREATE (:A)"]).status == 0)
            let read = try run("lore", ["query", "--db", db, "--read-only", "MATCH (a:A) RETURN count(*) AS n"])
            #expect(read.status == 0 && read.output == "n\n1", "\(read.errors)")
            let write = try run("lore", ["query", "--db", db, "--read-only", "CREATE (:A)"])
            #expect(write.status == 1)
            #expect(write.errors.contains("read-only"), "\(write.errors)")
            let missing = try run("lore", ["query", "--db", dir + "/none", "--read-only", "RETURN 1"])
            #expect(missing.status == 1)
            #expect(!FileManager.default.fileExists(atPath: dir + "/none/data.mdb"))
        }
    }

    @Test func errorsGoToStandardErrorWithExitStatusOne() throws {
        try withTemporaryDirectory { dir in
            let r = try run("lore", ["query", "--db", dir + "/db", "MATCH (n RETURN n"])
            #expect(r.status == 1)
            #expect(r.output.isEmpty)
            #expect(r.errors.hasPrefix("error: SyntaxError"), "\(r.errors)")
            let missing = try run("lore", ["run", dir + "/missing.lql", "--db", dir + "/db"])
            #expect(missing.status == 1)
            #expect(missing.errors.contains("IOError"))
        }
    }
}

@Suite("lore import, export and backup")
struct ImportExportTests {
    /// A graph with every stored value type, as import records.
    static func generatedRecords(nodes: Int = 300, relationships: Int = 600) -> [String] {
        var seed: UInt64 = 42
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33)
        }
        let strings = [
            "plain", "with 'single' and \"double\" quotes", "two\nlines", "tab\there", "智谱 AI ✓ — naïve",
            "comma, separated", "back\\slash", "123", "true", " padded ",
        ]
        var lines: [String] = [#"{"kind": "constraint", "name": "a_key", "label": "A", "property": "key"}"#]
        for i in 0..<nodes {
            var props: [String: Value] = [:]
            if next() % 4 != 0 { props["flag"] = .bool(next() % 2 == 0) }
            if next() % 4 != 0 { props["count"] = .int(Int64(next() % 100_000) - 50_000) }
            if next() % 4 != 0 { props["share"] = .double(Double(next() % 10_000) / 64.0 + 0.5) }
            if next() % 4 != 0 { props["text"] = .string(strings[next() % strings.count]) }
            if next() % 4 != 0 {
                props["day"] = .date(
                    CalendarDate(year: 2000 + next() % 26, month: 1 + next() % 12, day: 1 + next() % 28)!)
            }
            if next() % 4 != 0 {
                props["tags"] = .list((0..<(1 + next() % 3)).map { _ in .string(strings[next() % 5]) })
            }
            if next() % 4 != 0 { props["scores"] = .list((0..<(1 + next() % 3)).map { _ in .int(Int64(next() % 10)) }) }
            let labels = [["A"], ["B"], ["A", "B"]][i % 3]
            lines.append(
                #"{"kind": "node", "key": "k\#(i)", "labels": \#(JSONFormat.encode(.list(labels.map(Value.string)))), "props": \#(JSONFormat.encode(.map(props)))}"#
            )
        }
        for _ in 0..<relationships {
            var props: [String: Value] = [:]
            if next() % 2 == 0 { props["weight"] = .double(Double(next() % 100) / 4.0 + 0.25) }
            if next() % 2 == 0 { props["since"] = .date(CalendarDate(year: 2020, month: 1 + next() % 12, day: 1)!) }
            if next() % 2 == 0 { props["note"] = .string(strings[next() % strings.count]) }
            let type = next() % 2 == 0 ? "R" : "S"
            lines.append(
                #"{"kind": "rel", "type": "\#(type)", "from": "k\#(next() % nodes)", "to": "k\#(next() % nodes)", "props": \#(JSONFormat.encode(.map(props)))}"#
            )
        }
        return lines
    }

    /// The graph as sorted export lines: equal graphs, equal lines.
    static func canonical(_ db: String, constraints: Bool = true) throws -> [String] {
        let r = try run("lore", ["export", "--db", db, "--format", "jsonl"])
        #expect(r.status == 0, "\(r.errors)")
        return r.output.split(separator: "\n").map(String.init).filter { constraints || !$0.contains("constraint") }
            .sorted()
    }

    @Test func jsonlLqlAndCSVExportsLoadBackToTheSameGraph() throws {
        try withTemporaryDirectory { dir in
            let source = try file(dir, "graph.jsonl", Self.generatedRecords().joined(separator: "\n") + "\n")
            let imported = try run("lore", ["import", "--db", dir + "/a", source])
            #expect(imported.status == 0, "\(imported.errors)")
            #expect(imported.output.contains("imported 300 nodes and 600 relationships"), "\(imported.output)")
            let original = try Self.canonical(dir + "/a")
            #expect(original.count == 901)

            let jsonl = try run(
                "lore", ["export", "--db", dir + "/a", "--format", "jsonl", "--output", dir + "/e.jsonl"])
            #expect(jsonl.status == 0)
            #expect(try run("lore", ["import", "--db", dir + "/b", dir + "/e.jsonl"]).status == 0)
            #expect(try Self.canonical(dir + "/b") == original)

            let lql = try run("lore", ["export", "--db", dir + "/a", "--format", "lql", "--output", dir + "/e.lql"])
            #expect(lql.status == 0)
            let loaded = try run("lore", ["run", dir + "/e.lql", "--db", dir + "/c"])
            #expect(loaded.status == 0, "\(loaded.errors)")
            #expect(try Self.canonical(dir + "/c") == original)

            let csv = try run(
                "lore", ["export", "--db", dir + "/a", "--format", "neo4j-csv", "--output", dir + "/csv"])
            #expect(csv.status == 0, "\(csv.errors)")
            let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/csv").sorted()
            #expect(files == ["nodes_A.csv", "nodes_A_B.csv", "nodes_B.csv", "rels_R.csv", "rels_S.csv"])
            let header = try String(contentsOfFile: dir + "/csv/nodes_A.csv", encoding: .utf8).prefix { $0 != "\n" }
            #expect(header.hasPrefix("key:ID,:LABEL,"))
            for column in ["count:long", "day:date", "flag:boolean", "scores:long[]", "share:double", "tags:string[]"] {
                #expect(header.contains(column), "\(header)")
            }
            let rels = try String(contentsOfFile: dir + "/csv/rels_R.csv", encoding: .utf8)
            #expect(rels.hasPrefix(":START_ID,:END_ID,:TYPE,"))
            let csvLoad = try run("lore", ["import", "--db", dir + "/d"] + files.map { dir + "/csv/" + $0 })
            #expect(csvLoad.status == 0, "\(csvLoad.errors)")
            #expect(try Self.canonical(dir + "/d") == Self.canonical(dir + "/a", constraints: false))
            for db in ["a", "b", "c", "d"] { #expect(try run("lore", ["check", "--db", dir + "/" + db]).status == 0) }
        }
    }

    @Test func aMalformedLineStopsTheImportWithNothingCommitted() throws {
        try withTemporaryDirectory { dir in
            var lines = Self.generatedRecords(nodes: 20, relationships: 10)
            lines.insert(#"{"kind": "node", "key": "broken", "labels": ["A"], "props": {"#, at: 15)
            lines.append(#"{"kind": "rel", "type": "R", "from": "k1", "to": "nobody"}"#)
            let source = try file(dir, "bad.jsonl", lines.joined(separator: "\n"))
            let r = try run("lore", ["import", "--db", dir + "/db", source])
            #expect(r.status == 1)
            #expect(r.errors.contains("bad.jsonl:16:"), "\(r.errors)")
            #expect(try Store(path: dir + "/db").read { try $0.nodeCount() } == 0)

            let skipping = try run("lore", ["import", "--db", dir + "/db", source, "--skip-bad"])
            #expect(skipping.status == 0, "\(skipping.errors)")
            #expect(skipping.errors.contains("skipped \(source):16:"))
            #expect(
                skipping.errors.contains("skipped \(source):33: no node has the key \"nobody\""), "\(skipping.errors)")
            #expect(skipping.output.contains("imported 20 nodes and 10 relationships"))
            #expect(skipping.output.contains("2 bad records skipped"))
        }
    }

    @Test func jsonlLinesMayEndInCRLFBeBlankOrOutgrowTheReadBuffer() throws {
        try withTemporaryDirectory { dir in
            let long = String(repeating: "0123456789abcdef", count: 200_000)  // 3.2 MB, past the 1 MiB reads
            let text =
                #"{"kind": "node", "key": "a", "labels": ["A"]}"# + "\r\n" + "  \t\r\n" + "\u{A0}\u{2028}\n"
                + #"{"kind": "node", "key": "b", "labels": ["A"], "props": {"text": "\#(long)"}}"# + "\n\n"
                + #"{"kind": "rel", "type": "R", "from": "a", "to": "b"}"#
            let source = try file(dir, "lines.jsonl", text)
            let r = try run("lore", ["import", "--db", dir + "/db", source])
            #expect(r.status == 0, "\(r.errors)")
            #expect(r.output.contains("imported 2 nodes and 1 relationships"), "\(r.output)")
            let length = try run("lore", ["query", "--db", dir + "/db", "MATCH (n {key: 'b'}) RETURN size(n.text)"])
            #expect(length.output.hasSuffix("\(long.utf8.count)"), "\(length.output)")
            #expect(try run("lore", ["check", "--db", dir + "/db"]).status == 0)

            let bad = try file(dir, "bad.jsonl", text + "\r\n" + #"{"kind": "node", "key": "c", "#)
            let refused = try run("lore", ["import", "--db", dir + "/bad", bad])
            #expect(refused.status == 1)
            #expect(refused.errors.contains("bad.jsonl:7: expected a string at offset 29"), "\(refused.errors)")
        }
    }

    @Test func recordsAreReadAheadInBatchesYetStopAtTheFirstBadLine() throws {
        try withTemporaryDirectory { dir in
            // Far more lines than the reader holds in its queue, a bad one
            // early (the reader is still ahead when the import stops) and one
            // late (past several batches).
            let n = 30_000
            var lines = (0..<n).map { #"{"kind": "node", "key": "n\#($0)", "labels": ["A"], "props": {"i": \#($0)}}"# }
            lines += (1..<n).map { #"{"kind": "rel", "type": "NEXT", "from": "n\#($0 - 1)", "to": "n\#($0)"}"# }
            var early = lines
            early[2] = #"{"kind": "node", "key": 3}"#
            let earlySource = try file(dir, "early.jsonl", early.joined(separator: "\n") + "\n")
            let stopped = try run("lore", ["import", "--db", dir + "/early", earlySource])
            #expect(stopped.status == 1)
            #expect(stopped.errors.contains("early.jsonl:3: a node record needs a string"), "\(stopped.errors)")
            #expect(try Store(path: dir + "/early").read { try $0.nodeCount() } == 0)

            var late = lines
            late[n + 20_000] = #"{"kind": "rel", "type": "NEXT", "from": "n1", "to": "nobody"}"#
            let lateSource = try file(dir, "late.jsonl", late.joined(separator: "\n"))
            let skipping = try run("lore", ["import", "--db", dir + "/late", lateSource, "--skip-bad"])
            #expect(skipping.status == 0, "\(skipping.errors)")
            #expect(skipping.errors.contains("skipped \(lateSource):\(n + 20_001): no node has the key \"nobody\""))
            #expect(skipping.output.contains("imported \(n) nodes and \(n - 2) relationships"), "\(skipping.output)")
            let sum = try run("lore", ["query", "--db", dir + "/late", "MATCH (a)-[:NEXT]->(b) RETURN sum(b.i - a.i)"])
            #expect(sum.output.hasSuffix("\(n - 2)"), "\(sum.output)")
            #expect(try run("lore", ["check", "--db", dir + "/late"]).status == 0)
        }
    }

    @Test func csvFilesAreRecognisedByTheirHeaderAndNamedByTheirFile() throws {
        try withTemporaryDirectory { dir in
            let companies = try file(
                dir, "Company.csv",
                "key,name,founded,aliases:string[]\nzhipu-ai,Zhipu AI,2019,Z.ai;Zhipu\nmoonshot,\"Moonshot, AI\",2023,\n"
            )
            let models = try file(
                dir, "Model.csv", "key,name,open:boolean,released:date\nglm-4.5,GLM-4.5,true,2025-07-28\n")
            let developed = try file(
                dir, "DEVELOPED.csv", "from,to,note\nzhipu-ai,glm-4.5,\"first \"\"open\"\" one\"\n")
            let r = try run("lore", ["import", "--db", dir + "/db", developed, companies, models])
            #expect(r.status == 0, "\(r.errors)")
            let rows = try run(
                "lore",
                [
                    "query", "--db", dir + "/db",
                    "MATCH (c:Company)-[d:DEVELOPED]->(m:Model) RETURN c.name, c.founded, c.aliases, d.note, m.open, m.released",
                ])
            #expect(
                rows.output.hasSuffix(
                    "Zhipu AI\t2019\t['Z.ai', 'Zhipu']\tfirst \"open\" one\ttrue\tdate('2025-07-28')"), "\(rows.output)"
            )
            let bad = try file(dir, "Oops.csv", "name,key\nx,y\n")
            let refused = try run("lore", ["import", "--db", dir + "/db", bad])
            #expect(refused.status == 1)
            #expect(refused.errors.contains("header must start with"))
        }
    }

    @Test func aBackupTakenDuringAWriteLoopOpensAndChecks() throws {
        try withTemporaryDirectory { dir in
            let db = dir + "/store"
            let writer = try Child("lore-stress", ["write", db, "400", "500"])
            var committed = 0
            while committed < 2, let line = writer.readLine() {
                if line.hasPrefix("committed ") { committed = Int(line.dropFirst(10)) ?? committed }
            }
            let backup = try run("lore", ["backup", "--db", db, dir + "/copy"])
            writer.kill(SIGKILL)
            _ = writer.finish()
            #expect(backup.status == 0, "\(backup.errors)")
            #expect(backup.output.contains("backed up"))
            let check = try run("lore", ["check", "--db", dir + "/copy"])
            #expect(check.status == 0, "\(check.output)")
            let nodes = try Store(path: dir + "/copy").read { try $0.nodeCount() }
            #expect(nodes >= 1000 && nodes % 500 == 0, "whole transactions only: \(nodes)")
        }
    }
}

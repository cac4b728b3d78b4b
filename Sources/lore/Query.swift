import ArgumentParser
import Lore
import LoreSyntax

/// `lore query`: one statement, or the statements on standard input.
struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run LQL statements and print their results.",
        discussion: """
            Runs the statement given, or else every ;-terminated statement on standard input, \
            each in its own transaction. With --format json, prints one JSON object a line: \
            {"columns": [...]}, then {"row": [...]} per row, then {"summary": {...}}; an error \
            ends the output with {"error": {...}} and exit status 1.

            Examples:
              lore query --db ai.lore "MATCH (c:Company) RETURN c.name"
              echo 'MATCH (c:Company {key: $k}) RETURN c.name;' | lore query --db ai.lore --format json --params '{"k": "zhipu-ai"}'
            """
    )

    @Option(name: .long, help: "The store's directory.") var db: String
    @Option(name: .long, help: "Output format: table or json.") var format: String = "table"
    @Option(
        name: .long, parsing: .singleValue,
        help: "A parameter as name=value (the value in JSON; bare text is a string).")
    var param: [String] = []
    @Option(name: .long, help: "Parameters as a JSON object.") var params: String?
    @Argument(help: "The statement (default: read statements from standard input).") var statement: String?

    func run() throws {
        var parameters: [String: Value] = [:]
        do {
            if let params {
                guard case .map(let m) = try JSONFormat.decode(params) else {
                    throw LoreError(.argumentError, "InvalidParameters", "--params must be a JSON object")
                }
                parameters = m
            }
            for p in param {
                guard let eq = p.firstIndex(of: "=") else {
                    throw LoreError(.argumentError, "InvalidParameters", "--param takes name=value, not `\(p)`")
                }
                let text = String(p[p.index(after: eq)...])
                parameters[String(p[..<eq])] = (try? JSONFormat.decode(text)) ?? .string(text)
            }
        } catch {
            throw fail(error)
        }
        var statements: [(text: String, line: Int)] = []
        if let statement {
            statements = [(statement, 1)]
        } else {
            var input = ""
            while let line = readLine(strippingNewline: false) { input += line }
            statements = ScriptSplitter.split(input).map { ($0.text, $0.start.line) }
        }
        let store: Store
        do { store = try Store(path: db) } catch { throw fail(error) }
        for s in statements where !s.text.allSatisfy({ $0.isWhitespace || $0 == ";" }) {
            do {
                let result = try store.run(s.text, parameters)
                print(format == "json" ? json(result) : table(result))
            } catch {
                if format == "json", let e = error as? LoreError {
                    print(jsonError(e, lineOffset: s.line - 1))
                    throw ExitCode(1)
                }
                throw fail(error)
            }
        }
    }

    private func json(_ r: QueryResult) -> String {
        var lines = [#"{"columns": "# + JSONFormat.encode(.list(r.columns.map(Value.string))) + "}"]
        for row in r.rows { lines.append(#"{"row": "# + JSONFormat.encode(.list(row)) + "}") }
        let s = r.statistics
        lines.append(
            #"{"summary": {"rows": \#(r.rows.count), "nodesCreated": \#(s.nodesCreated), "nodesDeleted": \#(s.nodesDeleted), "#
                + #""relationshipsCreated": \#(s.relationshipsCreated), "relationshipsDeleted": \#(s.relationshipsDeleted), "#
                + #""propertiesSet": \#(s.propertiesSet), "labelsAdded": \#(s.labelsAdded), "labelsRemoved": \#(s.labelsRemoved)}}"#
        )
        if let plan = r.plan { lines.insert(#"{"plan": "# + JSONFormat.encode(.string(plan)) + "}", at: 0) }
        return lines.joined(separator: "\n")
    }

    private func jsonError(_ e: LoreError, lineOffset: Int) -> String {
        var fields = [
            #""kind": "# + JSONFormat.encode(.string(e.kind.rawValue)),
            #""code": "# + JSONFormat.encode(.string(e.code)),
            #""message": "# + JSONFormat.encode(.string(e.message)),
        ]
        if let p = e.position { fields += [#""line": \#(p.line + lineOffset)"#, #""column": \#(p.column)"#] }
        fields.append(#""phase": "# + JSONFormat.encode(.string(e.phase.rawValue)))
        return #"{"error": {"# + fields.joined(separator: ", ") + "}}"
    }

    private func table(_ r: QueryResult) -> String {
        if let plan = r.plan, r.rows.isEmpty { return plan }
        var cells = [r.columns]
        for row in r.rows {
            cells.append(row.map { v in if case .string(let s) = v { return s } else { return v.description } })
        }
        var widths = r.columns.map(\.count)
        for row in cells {
            for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], min(c.count, 60)) }
        }
        func line(_ row: [String]) -> String {
            "│ "
                + row.enumerated().map { i, c in
                    let t = c.count > 60 ? String(c.prefix(59)) + "…" : c
                    return t + String(repeating: " ", count: widths[i] - t.count)
                }.joined(separator: " │ ") + " │"
        }
        var out = [
            line(cells[0]), "├" + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: "┼") + "┤",
        ]
        for row in cells.dropFirst() { out.append(line(row)) }
        out.append("\(r.rows.count) row\(r.rows.count == 1 ? "" : "s")")
        if let plan = r.plan { out.append(plan) }
        return out.joined(separator: "\n")
    }
}

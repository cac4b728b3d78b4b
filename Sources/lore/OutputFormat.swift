import ArgumentParser
import Foundation
import Lore

/// How results are printed. Every subcommand that prints rows takes
/// `--format`; without it, a table on a terminal and tab-separated values
/// otherwise (TSV keeps one row a line and needs no quoting of commas, so
/// `cut -f` and `sort` work on it). JSON only when asked for.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json, csv, tsv, markdown

    /// The format to use when none is given.
    static var automatic: OutputFormat { Terminal.outputIsTerminal ? .table : .tsv }

    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Renders results in one output format. The only place where result values
/// become text for people or programs.
struct ResultFormatter {
    var format: OutputFormat
    /// The most terminal cells a table line may take (nil: no limit).
    var width: Int? = nil
    var colours: Colours = .none
    /// Whether the table ends with the row count (and the time when given).
    var showFooter = true

    /// The text for one statement's result, ending with a newline (empty when
    /// the format prints nothing for it).
    func render(_ r: QueryResult, elapsed: Duration? = nil) -> String {
        switch format {
        case .json: return json(r) + "\n"
        case .table: return table(r, elapsed: elapsed)
        case .csv: return delimited(r, separator: ",")
        case .tsv: return delimited(r, separator: "\t")
        case .markdown: return markdown(r)
        }
    }

    /// The text for an error: a JSON object in the JSON format (on standard
    /// output, per the contract), else nil (the caller prints the error's
    /// description on standard error).
    func renderError(_ e: LoreError, lineOffset: Int = 0) -> String? {
        guard format == .json else { return nil }
        var fields = [
            #""kind": "# + JSONFormat.encode(.string(e.kind.rawValue)),
            #""code": "# + JSONFormat.encode(.string(e.code)),
            #""message": "# + JSONFormat.encode(.string(e.message)),
        ]
        if let p = e.position { fields += [#""line": \#(p.line + lineOffset)"#, #""column": \#(p.column)"#] }
        fields.append(#""phase": "# + JSONFormat.encode(.string(e.phase.rawValue)))
        return #"{"error": {"# + fields.joined(separator: ", ") + "}}\n"
    }

    // MARK: JSON (DESIGN section 6)

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

    // MARK: table

    /// A cell's text: strings bare, everything else as an LQL literal.
    static func cellText(_ v: Value) -> String {
        if case .string(let s) = v { return s }
        return v.description
    }

    private func table(_ r: QueryResult, elapsed: Duration?) -> String {
        var out = ""
        if let plan = r.plan, r.rows.isEmpty || r.columns.isEmpty {
            return plan + (plan.hasSuffix("\n") ? "" : "\n") + footer(r, elapsed: elapsed)
        }
        if !r.columns.isEmpty {
            // Cells on one line: newlines and tabs shown as escapes.
            let header = r.columns.map(Self.flatten)
            let body = r.rows.map { $0.map { Self.flatten(Self.cellText($0)) } }
            var widths = header.map(displayWidth)
            for row in body {
                for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], displayWidth(c)) }
            }
            widths = widths.map { min($0, 60) }
            let rightAligned = header.indices.map { Self.holdsNumbers(r.rows, column: $0) }
            if let width {
                // "│ " + cells joined by " │ " + " │": 3 cells per column, plus 1.
                let budget = width - (3 * widths.count + 1)
                while widths.reduce(0, +) > budget, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }),
                    widths[widest] > 3
                {
                    widths[widest] -= 1
                }
            }
            func line(_ cells: [String], bold: Bool = false) -> String {
                "│ "
                    + cells.enumerated().map { i, c in
                        let t = truncate(c, toWidth: widths[i])
                        let padding = String(repeating: " ", count: max(0, widths[i] - displayWidth(t)))
                        let padded = rightAligned[i] ? padding + t : t + padding
                        return bold ? colours.bold(padded) : padded
                    }.joined(separator: " │ ") + " │\n"
            }
            func rule(_ left: String, _ middle: String, _ right: String) -> String {
                left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right + "\n"
            }
            out += rule("┌", "┬", "┐")
            out += line(header, bold: true)
            out += rule("├", "┼", "┤")
            for row in body { out += line(row) }
            out += rule("└", "┴", "┘")
        }
        if let plan = r.plan { out += plan + (plan.hasSuffix("\n") ? "" : "\n") }
        return out + footer(r, elapsed: elapsed)
    }

    /// Whether a column holds numbers (integers or floats) and nothing else
    /// but nulls: such a column is right-aligned, header included, so that
    /// digits line up by place as in sqlite3 and DuckDB.
    static func holdsNumbers(_ rows: [[Value]], column: Int) -> Bool {
        var found = false
        for row in rows where column < row.count {
            switch row[column] {
            case .int, .double: found = true
            case .null: continue
            default: return false
            }
        }
        return found
    }

    private func footer(_ r: QueryResult, elapsed: Duration?) -> String {
        guard showFooter else { return "" }
        var parts: [String] = []
        if !r.columns.isEmpty || !r.statistics.containsUpdates {
            parts.append("\(r.rows.count) row\(r.rows.count == 1 ? "" : "s")")
        }
        parts += Self.changes(r.statistics)
        var text = parts.joined(separator: ", ")
        if let elapsed { text += " " + colours.dim("(\(Self.describe(elapsed)))") }
        return text + "\n"
    }

    /// What a statement changed, in words ("2 nodes created").
    static func changes(_ s: QueryStatistics) -> [String] {
        var parts: [String] = []
        func add(_ n: Int, _ what: String) {
            if n > 0 { parts.append("\(n) \(what)") }
        }
        add(s.nodesCreated, s.nodesCreated == 1 ? "node created" : "nodes created")
        add(s.nodesDeleted, s.nodesDeleted == 1 ? "node deleted" : "nodes deleted")
        add(s.relationshipsCreated, s.relationshipsCreated == 1 ? "relationship created" : "relationships created")
        add(s.relationshipsDeleted, s.relationshipsDeleted == 1 ? "relationship deleted" : "relationships deleted")
        add(s.propertiesSet, s.propertiesSet == 1 ? "property set" : "properties set")
        add(s.propertiesRemoved, s.propertiesRemoved == 1 ? "property removed" : "properties removed")
        add(s.labelsAdded, s.labelsAdded == 1 ? "label added" : "labels added")
        add(s.labelsRemoved, s.labelsRemoved == 1 ? "label removed" : "labels removed")
        return parts
    }

    static func describe(_ d: Duration) -> String {
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        if seconds < 1e-3 { return String(format: "%.0f µs", seconds * 1e6) }
        if seconds < 1 { return String(format: "%.1f ms", seconds * 1e3) }
        return String(format: "%.2f s", seconds)
    }

    private static func flatten(_ s: String) -> String {
        guard s.contains(where: { $0 == "\n" || $0 == "\t" || $0 == "\r" }) else { return s }
        return s.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\t", with: "\\t")
    }

    // MARK: CSV, TSV, Markdown

    /// CSV (RFC 4180: fields with `,`, `"` or line breaks quoted, `"`
    /// doubled) or TSV (tab, newline, carriage return and backslash written
    /// as `\t`, `\n`, `\r`, `\\`). Null is an empty field; strings are bare;
    /// other values are LQL literals (`[1, 2]`, `date('2026-01-08')`).
    private func delimited(_ r: QueryResult, separator: Character) -> String {
        if let plan = r.plan, r.rows.isEmpty || r.columns.isEmpty { return plan + "\n" }
        guard !r.columns.isEmpty else { return "" }
        func field(_ v: Value) -> String {
            if case .null = v { return "" }
            return escape(Self.cellText(v))
        }
        func escape(_ s: String) -> String {
            if separator == "\t" {
                var out = ""
                for ch in s {
                    switch ch {
                    case "\t": out += "\\t"
                    case "\n": out += "\\n"
                    case "\r": out += "\\r"
                    case "\r\n": out += "\\r\\n"
                    case "\\": out += "\\\\"
                    default: out.append(ch)
                    }
                }
                return out
            }
            guard s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return s }
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var out = r.columns.map(escape).joined(separator: String(separator)) + "\n"
        for row in r.rows { out += row.map(field).joined(separator: String(separator)) + "\n" }
        return out
    }

    /// A GitHub-flavoured Markdown table (`|` escaped), then the row count.
    private func markdown(_ r: QueryResult) -> String {
        guard !r.columns.isEmpty else { return footer(r, elapsed: nil) }
        func cell(_ s: String) -> String {
            Self.flatten(s).replacingOccurrences(of: "|", with: "\\|")
        }
        var out = "| " + r.columns.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + r.columns.map { _ in " --- |" }.joined() + "\n"
        for row in r.rows {
            out +=
                "| "
                + row.map { v -> String in
                    if case .null = v { return "" }
                    return cell(Self.cellText(v))
                }.joined(separator: " | ") + " |\n"
        }
        return out
    }
}

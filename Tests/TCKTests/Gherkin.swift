import Foundation

// A reader for the part of Gherkin the openCypher TCK uses: one feature per
// file, an optional background, scenarios and scenario outlines with
// examples tables, steps with doc strings or data tables, tags and
// comments.
//
// Outlines are expanded here: each example row becomes its own scenario,
// with `<placeholders>` replaced in step text, doc strings and tables.

/// A step as written: its keyword-free text and what follows it.
struct GherkinStep: Sendable, Hashable {
    /// The keyword (`Given`, `When`, `Then`, `And`, `But`).
    var keyword: String
    /// The text after the keyword.
    var text: String
    /// The doc string (between `"""` lines), with its indentation removed.
    var docString: String?
    /// The data table, row by row, cells unescaped and trimmed.
    var table: [[String]]?
    /// The line of the step in its file, 1-based.
    var line: Int
}

/// One runnable scenario: a plain scenario, or one example row of an outline.
struct GherkinScenario: Sendable {
    /// The scenario's name as written (for an outline, with placeholders).
    var name: String
    /// The tags of the scenario, its feature and its examples table.
    var tags: Set<String>
    /// The background steps followed by the scenario's own steps.
    var steps: [GherkinStep]
    /// For an outline, the 1-based index of the example row across all of
    /// its examples tables; nil for a plain scenario.
    var exampleIndex: Int?
    /// The line of the `Scenario` keyword, 1-based.
    var line: Int
}

/// A feature file: its name and its scenarios, outlines expanded.
struct GherkinFeature: Sendable {
    var name: String
    var scenarios: [GherkinScenario]
}

/// A malformed feature file.
struct GherkinError: Error, CustomStringConvertible {
    var line: Int
    var message: String
    var description: String { "line \(line): \(message)" }
}

/// Reads feature files.
enum Gherkin {
    /// Parses the text of one feature file.
    static func parse(_ text: String) throws -> GherkinFeature {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        var reader = Reader(lines: lines)
        return try reader.feature()
    }

    /// Splits a table row into cells, Gherkin's way: `|` separates, `\|` is
    /// a bar, `\\` a backslash and `\n` a newline; other backslashes stay.
    static func cells(of row: String) -> [String] {
        var trimmed = Substring(row.trimmingWhitespace())
        guard trimmed.first == "|" else { return [] }
        trimmed = trimmed.dropFirst()
        var cells: [String] = []
        var current = ""
        var iterator = trimmed.makeIterator()
        while let ch = iterator.next() {
            switch ch {
            case "|":
                cells.append(current.trimmingWhitespace())
                current = ""
            case "\\":
                switch iterator.next() {
                case "|": current.append("|")
                case "\\": current.append("\\")
                case "n": current.append("\n")
                case let other?:
                    current.append("\\")
                    current.append(other)
                case nil: current.append("\\")
                }
            default: current.append(ch)
            }
        }
        return cells
    }
}

private struct Reader {
    var lines: [String]
    var index = 0
    var pendingTags: Set<String> = []

    init(lines: [String]) { self.lines = lines }

    /// The current line without surrounding whitespace, or nil at the end.
    var current: String? { index < lines.count ? lines[index].trimmingWhitespace() : nil }

    mutating func skipBlankAndComments() {
        while let line = current {
            if line.isEmpty || line.hasPrefix("#") {
                index += 1
            } else if line.hasPrefix("@") {
                for tag in line.split(whereSeparator: { $0 == " " || $0 == "\t" }) where tag.hasPrefix("@") {
                    pendingTags.insert(String(tag))
                }
                index += 1
            } else {
                return
            }
        }
    }

    mutating func takeTags() -> Set<String> {
        defer { pendingTags = [] }
        return pendingTags
    }

    static func keywordValue(_ line: String, _ keywords: [String]) -> String? {
        for keyword in keywords where line.hasPrefix(keyword + ":") {
            return String(line.dropFirst(keyword.count + 1)).trimmingWhitespace()
        }
        return nil
    }

    static let scenarioKeywords = ["Scenario Outline", "Scenario Template", "Scenario", "Example"]
    static let stepKeywords = ["Given", "When", "Then", "And", "But", "*"]

    mutating func feature() throws -> GherkinFeature {
        skipBlankAndComments()
        guard let line = current, let name = Reader.keywordValue(line, ["Feature"]) else {
            throw GherkinError(line: index + 1, message: "expected `Feature:`")
        }
        let featureTags = takeTags()
        index += 1
        var background: [GherkinStep] = []
        var scenarios: [GherkinScenario] = []
        while true {
            skipBlankAndComments()
            guard let line = current else { break }
            if Reader.keywordValue(line, ["Background"]) != nil {
                index += 1
                background = try steps()
            } else if let keyword = Reader.scenarioKeywords.first(where: { line.hasPrefix($0 + ":") }) {
                let tags = featureTags.union(takeTags())
                let start = index + 1
                let title = Reader.keywordValue(line, [keyword]) ?? ""
                index += 1
                let own = try steps()
                if keyword == "Scenario Outline" || keyword == "Scenario Template" {
                    scenarios += try examples(
                        name: title, tags: tags, steps: background + own, line: start)
                } else {
                    scenarios.append(
                        GherkinScenario(
                            name: title, tags: tags, steps: background + own, exampleIndex: nil, line: start))
                }
            } else if scenarios.isEmpty && background.isEmpty {
                index += 1  // the feature's free-text description
            } else {
                throw GherkinError(line: index + 1, message: "unexpected line `\(line)`")
            }
        }
        return GherkinFeature(name: name, scenarios: scenarios)
    }

    /// Steps up to the next scenario, background or examples keyword.
    mutating func steps() throws -> [GherkinStep] {
        var result: [GherkinStep] = []
        while true {
            skipBlankAndComments()
            guard let line = current else { return result }
            guard
                let keyword = Reader.stepKeywords.first(where: {
                    line.hasPrefix($0 + " ") || line.hasPrefix($0 + "\t")
                })
            else {
                return result
            }
            var step = GherkinStep(
                keyword: keyword, text: String(line.dropFirst(keyword.count)).trimmingWhitespace(),
                docString: nil, table: nil, line: index + 1)
            index += 1
            skipComments()
            if let next = current, next.hasPrefix("\"\"\"") || next.hasPrefix("```") {
                step.docString = try docString()
            } else if let next = current, next.hasPrefix("|") {
                step.table = table()
            }
            result.append(step)
        }
    }

    /// Skips comment lines only (blank lines end a step's argument search
    /// just as well, but Gherkin allows both before a doc string).
    mutating func skipComments() {
        while let line = current, line.isEmpty || line.hasPrefix("#") { index += 1 }
    }

    mutating func docString() throws -> String {
        let open = lines[index]
        let indent = open.prefix(while: { $0 == " " || $0 == "\t" }).count
        let fence = open.trimmingWhitespace().hasPrefix("```") ? "```" : "\"\"\""
        let start = index + 1
        index += 1
        var body: [String] = []
        while index < lines.count {
            let raw = lines[index]
            if raw.trimmingWhitespace() == fence {
                index += 1
                return body.joined(separator: "\n")
            }
            var text = Substring(raw)
            var dropped = 0
            while dropped < indent, let first = text.first, first == " " || first == "\t" {
                text = text.dropFirst()
                dropped += 1
            }
            body.append(String(text).replacingOccurrences(of: "\\\"\\\"\\\"", with: "\"\"\""))
            index += 1
        }
        throw GherkinError(line: start, message: "unterminated doc string")
    }

    mutating func table() -> [[String]] {
        var rows: [[String]] = []
        while let line = current {
            if line.hasPrefix("#") {
                index += 1
                continue
            }
            guard line.hasPrefix("|") else { break }
            rows.append(Gherkin.cells(of: line))
            index += 1
        }
        return rows
    }

    /// The examples tables of an outline, each row expanded to a scenario.
    mutating func examples(name: String, tags: Set<String>, steps: [GherkinStep], line: Int) throws
        -> [GherkinScenario]
    {
        var result: [GherkinScenario] = []
        var count = 0
        while true {
            skipBlankAndComments()
            guard let text = current, Reader.keywordValue(text, ["Examples", "Scenarios"]) != nil else { break }
            let exampleTags = tags.union(takeTags())
            index += 1
            skipBlankAndComments()
            let rows = table()
            guard let header = rows.first else {
                throw GherkinError(line: index + 1, message: "examples without a table")
            }
            for row in rows.dropFirst() {
                guard row.count == header.count else {
                    throw GherkinError(line: index + 1, message: "an example row has the wrong number of cells")
                }
                count += 1
                let values = Dictionary(zip(header, row), uniquingKeysWith: { first, _ in first })
                let expanded = steps.map { Reader.substitute($0, values) }
                result.append(
                    GherkinScenario(name: name, tags: exampleTags, steps: expanded, exampleIndex: count, line: line))
            }
        }
        if count == 0 && result.isEmpty {
            throw GherkinError(line: line, message: "scenario outline `\(name)` has no examples")
        }
        return result
    }

    static func substitute(_ step: GherkinStep, _ values: [String: String]) -> GherkinStep {
        var step = step
        step.text = substitute(step.text, values)
        step.docString = step.docString.map { substitute($0, values) }
        step.table = step.table?.map { $0.map { substitute($0, values) } }
        return step
    }

    /// Replaces each `<name>` whose name is a column of the example table.
    static func substitute(_ text: String, _ values: [String: String]) -> String {
        guard text.contains("<") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: ">"), let value = values[String(after[..<close])] {
                out += value
                rest = after[after.index(after: close)...]
            } else {
                out += "<"
                rest = after
            }
        }
        return out + rest
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and carriage returns.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}

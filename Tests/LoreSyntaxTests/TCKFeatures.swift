import Foundation

/// One query read from an openCypher TCK feature file.
struct TCKQuery: Sendable, CustomStringConvertible {
    /// The feature file's path relative to the TCK folder.
    var file: String
    /// The scenario's title, with the example row for outlines.
    var scenario: String
    /// The query text.
    var text: String
    /// True for `having executed:` setup queries.
    var isSetup: Bool
    /// The detail code when the scenario expects a compile-time SyntaxError.
    var expectedSyntaxError: String?

    var description: String { "\(file): \(scenario)" }
}

/// Reads the Gherkin of the TCK feature files: scenarios, outlines with
/// example tables, doc strings after `executing query:` and
/// `having executed:`, and compile-time SyntaxError expectations.
enum TCKFeatures {
    /// The TCK folder: `LORE_TCK_DIR`, else `shared/tck` next to an ancestor
    /// of this source file.
    static func directory(filePath: String = #filePath) -> URL? {
        if let path = ProcessInfo.processInfo.environment["LORE_TCK_DIR"] {
            return URL(fileURLWithPath: path)
        }
        var folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("shared/tck")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("tier1.txt").path) {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// The feature files a tier list names.
    static func files(tier: String, in directory: URL) throws -> [String] {
        let list = try String(contentsOf: directory.appendingPathComponent(tier), encoding: .utf8)
        return list.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty && !$0.hasPrefix("#")
        }
    }

    /// All queries of one feature file, outlines expanded.
    static func queries(file: String, in directory: URL) throws -> [TCKQuery] {
        let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        var result: [TCKQuery] = []
        var scenario: (title: String, queries: [(text: String, setup: Bool)], error: String?)? = nil
        var examples: [[String]] = []
        var inExamples = false
        var lastStep = ""
        var index = 0

        func flush() {
            guard let current = scenario else { return }
            if examples.count > 1 {
                let header = examples[0]
                for (number, row) in examples.dropFirst().enumerated() {
                    for query in current.queries {
                        var text = query.text
                        for (name, value) in zip(header, row) {
                            text = text.replacingOccurrences(of: "<\(name)>", with: value)
                        }
                        result.append(
                            TCKQuery(
                                file: file, scenario: "\(current.title) (example \(number + 1))", text: text,
                                isSetup: query.setup, expectedSyntaxError: current.error))
                    }
                }
            } else {
                for query in current.queries {
                    result.append(
                        TCKQuery(
                            file: file, scenario: current.title, text: query.text, isSetup: query.setup,
                            expectedSyntaxError: current.error))
                }
            }
            scenario = nil
            examples = []
            inExamples = false
        }

        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            index += 1
            if trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("Scenario:") || trimmed.hasPrefix("Scenario Outline:") {
                flush()
                let title = trimmed.drop(while: { $0 != ":" }).dropFirst().trimmingCharacters(in: .whitespaces)
                scenario = (title, [], nil)
                continue
            }
            if trimmed.hasPrefix("Examples:") {
                inExamples = true
                continue
            }
            if inExamples, trimmed.hasPrefix("|") {
                examples.append(cells(of: trimmed))
                continue
            }
            if trimmed == "\"\"\"" {
                let indent = line.prefix(while: { $0 == " " || $0 == "\t" }).count
                var body: [String] = []
                while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces) != "\"\"\"" {
                    let bodyLine = lines[index]
                    let leading = bodyLine.prefix(while: { $0 == " " || $0 == "\t" }).count
                    body.append(String(bodyLine.dropFirst(min(indent, leading))))
                    index += 1
                }
                index += 1
                let isQuery = lastStep.hasSuffix("executing query:")
                let isSetup = lastStep.hasSuffix("having executed:")
                if isQuery || isSetup {
                    scenario?.queries.append((body.joined(separator: "\n"), isSetup))
                }
                continue
            }
            if !trimmed.isEmpty && !trimmed.hasPrefix("|") { lastStep = trimmed }
            let marker = "a SyntaxError should be raised at compile time:"
            if let range = trimmed.range(of: marker) {
                scenario?.error = trimmed[range.upperBound...].trimmingCharacters(in: .whitespaces)
            }
        }
        flush()
        return result
    }

    /// Splits a table row on unescaped `|` and unescapes `\|` and `\\`.
    static func cells(of row: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var iterator = row.dropFirst().makeIterator()
        while let character = iterator.next() {
            if character == "\\" {
                if let next = iterator.next() {
                    if next == "|" || next == "\\" {
                        cell.append(next)
                    } else {
                        cell.append(character)
                        cell.append(next)
                    }
                }
            } else if character == "|" {
                cells.append(cell.trimmingCharacters(in: .whitespaces))
                cell = ""
            } else {
                cell.append(character)
            }
        }
        return cells
    }
}

import Foundation
import Testing

@testable import Lore

/// Runs the query test files of `Fixtures/Queries` (format: the README in
/// `Fixtures/Queries/knowledge`): each file against a fresh store built from
/// its dataset, each block's rows, errors or plan compared with the file.
@Suite("Query test files")
struct QueryFileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var files: [String] {
        let base = root.appendingPathComponent("Fixtures/Queries").path
        let all = FileManager.default.enumerator(atPath: base)?.compactMap { $0 as? String } ?? []
        return all.filter { $0.hasSuffix(".test") }.sorted()
    }

    /// Loads a dataset into `store` in one transaction.
    static func load(_ dataset: String, into store: Store) throws {
        switch dataset {
        case "knowledge":
            let dir = root.appendingPathComponent("Fixtures/knowledge").path
            let scripts = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".lql") }
                .sorted()
            try store.write { tx in
                for name in scripts {
                    let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
                    try tx.runScript(text, file: name)
                }
            }
        case "empty": break
        default: throw LoreError(.argumentError, "UnknownDataset", "no dataset named \(dataset)")
        }
    }

    @Test(arguments: files)
    func queryFile(_ file: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Fixtures/Queries/" + file), encoding: .utf8)
        let blocks = QueryFile.parse(text)
        #expect(!blocks.blocks.isEmpty, "\(file) holds no blocks")
        try withTemporaryDirectory { dir in
            let store = try Store(path: dir)
            try Self.load(blocks.dataset, into: store)
            for block in blocks.blocks {
                let location = "\(file):\(block.line)"
                switch block.kind {
                case .query(let sortRows):
                    let result: QueryResult
                    do {
                        result = try store.write { tx in try tx.run(block.statement) }
                    } catch {
                        Issue.record("\(location): \(error)")
                        continue
                    }
                    var actual = result.rows.map { $0.map(QueryFile.format).joined(separator: "\t") }
                    var expected = block.expected
                    if sortRows {
                        actual.sort()
                        expected.sort()
                    }
                    #expect(actual == expected, "\(location): \(block.statement)")
                case .statement:
                    do { try store.write { tx in _ = try tx.run(block.statement) } } catch {
                        Issue.record("\(location): \(error)")
                    }
                case .error(let kind, let code, let line, let column):
                    do {
                        _ = try store.write { tx in try tx.run(block.statement) }
                        Issue.record("\(location): expected \(kind) \(code), but the statement succeeded")
                    } catch let e as LoreError {
                        #expect(e.kind.rawValue == kind && e.code == code, "\(location): got \(e)")
                        #expect(
                            e.position == LoreError.Position(line: line, column: column),
                            "\(location): at \(String(describing: e.position))")
                    }
                case .explain:
                    let plan = try store.read { tx in try tx.run("EXPLAIN " + block.statement).plan ?? "" }
                    #expect(
                        plan.split(separator: "\n").map(String.init) == block.expected,
                        "\(location): the plan was\n\(plan)")
                }
            }
            #expect(try store.check().isEmpty)
        }
    }
}

/// A parsed `.test` file.
struct QueryFile {
    enum Kind {
        case query(sortRows: Bool)
        case statement
        case error(kind: String, code: String, line: Int, column: Int)
        case explain
    }
    struct Block {
        var kind: Kind
        var statement: String
        var expected: [String]
        var line: Int
    }
    var dataset = "empty"
    var blocks: [Block] = []

    static func parse(_ text: String) -> QueryFile {
        var file = QueryFile()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if line.hasPrefix("# dataset:") {
                file.dataset = line.dropFirst("# dataset:".count).trimmingCharacters(in: .whitespaces)
            }
            let words = line.split(separator: " ").map(String.init)
            var kind: Kind?
            switch words.first {
            case "query": kind = .query(sortRows: words.count > 1 && words[1] == "rowsort")
            case "statement": kind = .statement
            case "explain": kind = .explain
            case "error" where words.count >= 4:
                let pos = words[3].split(separator: ":").compactMap { Int($0) }
                kind = .error(kind: words[1], code: words[2], line: pos.first ?? 0, column: pos.last ?? 0)
            default: break
            }
            guard let kind else {
                i += 1
                continue
            }
            let start = i + 1
            i += 1
            var statement: [String] = []
            while i < lines.count, !lines[i].isEmpty, lines[i] != "----" {
                statement.append(lines[i])
                i += 1
            }
            var expected: [String] = []
            if i < lines.count, lines[i] == "----" {
                i += 1
                while i < lines.count, !lines[i].isEmpty {
                    expected.append(lines[i])
                    i += 1
                }
            }
            file.blocks.append(
                Block(kind: kind, statement: statement.joined(separator: "\n"), expected: expected, line: start))
        }
        return file
    }

    /// A value as the test files write it.
    static func format(_ v: Value) -> String {
        switch v {
        case .null: return "NULL"
        case .string(let s): return s
        case .date(let d): return d.description
        case .list(let items): return "[" + items.map(element).joined(separator: ", ") + "]"
        case .map(let m):
            return "{" + m.sorted { $0.key < $1.key }.map { "\($0.key): \(element($0.value))" }.joined(separator: ", ")
                + "}"
        default: return v.description
        }
    }

    private static func element(_ v: Value) -> String {
        switch v {
        case .string(let s): return Value.quote(s)
        case .date(let d): return d.description
        default: return format(v)
        }
    }
}

import Foundation
import Lore

/// How one scenario ended.
enum ScenarioStatus: Sendable, Equatable {
    case passed
    case failed(String)
    case skipped(String)

    var isPassed: Bool { self == .passed }
}

/// Runs one TCK scenario on a fresh store in a temporary directory.
///
/// Setup queries (`having executed`) run each in its own write transaction;
/// the query under test runs in a write transaction too, so writes work.
/// Its error, if any, is caught inside that transaction and the
/// transaction committed anyway, so that a statement that fails yet leaves
/// changes behind shows up as side effects.
struct ScenarioRunner {
    /// Runs one statement: the engine's `Transaction.run`, or a stand-in
    /// in the runner's own tests.
    typealias Executor = (Transaction, String, [String: Value]) throws -> QueryResult

    /// What running a query gave: a result or an error, and the side
    /// effects measured around it.
    private struct Execution {
        var result: Result<QueryResult, any Error>
        var sideEffects: SideEffects
    }

    private let store: Store
    private let executor: Executor
    private var parameters: [String: Value] = [:]
    private var last: Execution?

    private init(store: Store, executor: @escaping Executor) {
        self.store = store
        self.executor = executor
    }

    /// Runs `scenario` and says how it ended.
    static func run(_ scenario: GherkinScenario, executor: @escaping Executor = { try $0.run($1, $2) })
        -> ScenarioStatus
    {
        if scenario.tags.contains("@ignore") { return .skipped("tagged @ignore") }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("lore-tck-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            var options = Store.Options()
            options.initialMapSize = 1 << 20
            options.relaxedDurability = true
            var runner = ScenarioRunner(store: try Store(path: directory, options: options), executor: executor)
            for step in scenario.steps {
                if let failure = try runner.perform(step) {
                    return .failed("step `\(step.keyword) \(step.text)` (line \(step.line)): \(failure)")
                }
            }
            return .passed
        } catch {
            return .failed("the runner failed: \(error)")
        }
    }

    /// Performs one step; returns why it failed, or nil.
    private mutating func perform(_ step: GherkinStep) throws -> String? {
        let text = step.text
        switch text {
        case "an empty graph", "any graph":
            return nil
        case "having executed:":
            guard let query = step.docString else { return "the step has no query" }
            do {
                _ = try store.write { try executor($0, query, [:]) }
            } catch {
                return "the setup query failed: \(error)\n\(ScenarioRunner.indent(query))"
            }
            return nil
        case "parameters are:":
            for row in step.table ?? [] {
                guard row.count == 2 else { return "a parameter row needs a name and a value: \(row)" }
                do {
                    parameters[row[0]] = try ValueNotation.parse(row[1]).parameterValue()
                } catch {
                    return "cannot read the parameter `\(row[0])`: \(error)"
                }
            }
            return nil
        case "executing query:", "executing control query:":
            guard let query = step.docString else { return "the step has no query" }
            let before = try GraphState.snapshot(store)
            let parameters = self.parameters
            let executor = self.executor
            let result = try store.write { tx -> Result<QueryResult, any Error> in
                do {
                    return .success(try executor(tx, query, parameters))
                } catch {
                    return .failure(error)
                }
            }
            let after = try GraphState.snapshot(store)
            last = Execution(result: result, sideEffects: SideEffects(from: before, to: after))
            return nil
        case "the result should be empty":
            return try checkResult(expected: [[]], ordered: false, unorderedLists: false, columnsMatter: false)
        case "no side effects":
            return checkSideEffects(SideEffects())
        case "the side effects should be:":
            do {
                return checkSideEffects(try SideEffects(table: step.table ?? []))
            } catch {
                return "\(error)"
            }
        default:
            break
        }
        if let mode = ScenarioRunner.resultModes[text] {
            guard let table = step.table, !table.isEmpty else { return "the step has no table" }
            return try checkResult(expected: table, ordered: mode.ordered, unorderedLists: mode.unorderedLists)
        }
        if let expectation = ErrorExpectation(text) {
            return checkError(expectation)
        }
        if text.hasPrefix("the "), text.hasSuffix(" graph") {
            return "named graph not available"
        }
        return "unsupported step"
    }

    private static let resultModes: [String: (ordered: Bool, unorderedLists: Bool)] = [
        "the result should be, in any order:": (false, false),
        "the result should be, in order:": (true, false),
        "the result should be (ignoring element order for lists):": (false, true),
        "the result should be, in any order (ignoring element order for lists):": (false, true),
        "the result should be, in order (ignoring element order for lists):": (true, true),
    ]

    // MARK: checks

    /// The last query's result, or why there is none.
    private func lastResult() -> (result: QueryResult?, failure: String?) {
        guard let last else { return (nil, "no query was executed") }
        switch last.result {
        case .success(let result): return (result, nil)
        case .failure(let error): return (nil, "the query failed: \(error)")
        }
    }

    /// Compares the last result with a table whose first row names the
    /// columns.
    private func checkResult(
        expected table: [[String]], ordered: Bool, unorderedLists: Bool, columnsMatter: Bool = true
    )
        throws -> String?
    {
        let (found, failure) = lastResult()
        guard let result = found else { return failure }
        let columns = table[0]
        var rows: [[ExpectedValue]] = []
        for row in table.dropFirst() {
            do {
                rows.append(try row.map { try ValueNotation.parse($0) })
            } catch {
                return "cannot read the expected row \(row): \(error)"
            }
        }
        let rowsMatch =
            ordered
            ? result.rows.count == rows.count
                && zip(result.rows, rows).allSatisfy { ScenarioRunner.rowMatches($0, $1, unorderedLists) }
            : ValueMatcher.bagMatches(result.rows, rows) { ScenarioRunner.rowMatches($0, $1, unorderedLists) }
        if (!columnsMatter || result.columns == columns) && rowsMatch { return nil }
        var mode = ordered ? "in order" : "in any order"
        if unorderedLists { mode += ", ignoring element order for lists" }
        if !columnsMatter {
            return "expected no rows, got \(result.rows.count):\n" + ScenarioRunner.describe(result)
        }
        return "expected (\(mode)):\n" + ScenarioRunner.describe(table) + "\nactual:\n"
            + ScenarioRunner.describe(result)
    }

    private static func rowMatches(_ actual: [Value], _ expected: [ExpectedValue], _ unorderedLists: Bool) -> Bool {
        actual.count == expected.count
            && zip(actual, expected).allSatisfy { ValueMatcher.matches($0, $1, unorderedLists: unorderedLists) }
    }

    private func checkSideEffects(_ expected: SideEffects) -> String? {
        guard let last else { return "no query was executed" }
        if last.sideEffects == expected { return nil }
        return "expected side effects: \(expected); actual: \(last.sideEffects)"
    }

    private func checkError(_ expectation: ErrorExpectation) -> String? {
        guard let last else { return "no query was executed" }
        switch last.result {
        case .success(let result):
            return "expected \(expectation), but the query succeeded with:\n" + ScenarioRunner.describe(result)
        case .failure(let error):
            guard let error = error as? LoreError else {
                return "expected \(expectation), got a foreign error: \(error)"
            }
            guard expectation.matches(error) else {
                return "expected \(expectation), got \(error.kind.rawValue) at \(error.phase.rawValue): \(error.code)"
                    + " (\(error.message))"
            }
            if !last.sideEffects.isEmpty {
                return "the failing query left side effects: \(last.sideEffects)"
            }
            return nil
        }
    }

    // MARK: reporting

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }

    static func describe(_ table: [[String]]) -> String {
        table.map { "    | " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
    }

    static func describe(_ result: QueryResult) -> String {
        describe([result.columns] + result.rows.map { $0.map(\.description) })
    }
}

/// `a SyntaxError should be raised at compile time: UndefinedVariable`.
struct ErrorExpectation: Sendable, CustomStringConvertible {
    var kind: String
    /// The phase, or nil for `at any time`.
    var phase: LoreError.Phase?
    /// The detail code, or nil for `*` (any code).
    var code: String?

    init?(_ text: String) {
        let words = text.split(separator: " ", maxSplits: 2).map(String.init)
        guard words.count == 3, words[0] == "a" || words[0] == "an" else { return nil }
        let rest = words[2]
        let phases: [(String, LoreError.Phase?)] = [
            ("should be raised at compile time: ", .compile), ("should be raised at runtime: ", .runtime),
            ("should be raised at any time: ", nil),
        ]
        guard let (prefix, phase) = phases.first(where: { rest.hasPrefix($0.0) }) else { return nil }
        kind = words[1]
        self.phase = phase
        let code = String(rest.dropFirst(prefix.count)).trimmingWhitespace()
        self.code = code == "*" ? nil : code
    }

    /// Kind and code must be equal, and the phase too unless any is allowed.
    func matches(_ error: LoreError) -> Bool {
        error.kind.rawValue == kind && (code == nil || error.code == code) && (phase == nil || error.phase == phase)
    }

    var description: String {
        let when =
            switch phase {
            case .compile?: "compile time"
            case .runtime?: "runtime"
            case nil: "any time"
            }
        return "\(kind) at \(when): \(code ?? "*")"
    }
}

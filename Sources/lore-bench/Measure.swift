import ArgumentParser
import Lore

/// One query of the benchmark's query file (`Benchmarks/data/<N>/queries.json`).
struct BenchQuery {
    let id: String
    let cypher: String
    /// The parameter sets; run `r` (counted from 0 across warm-up and
    /// measured runs) uses `params[r % params.count]`. Never empty.
    let params: [[String: Value]]
    let write: Bool
    /// The row count a correct engine returns for each parameter set.
    let expectedRows: [Int]?
    /// For a write: the statement that checks, once after the measured runs,
    /// that the writes happened.
    let verifyCypher: String?

    /// Reads the query file.
    static func load(_ path: String) throws -> [BenchQuery] {
        guard let text = readFile(path) else { throw ValidationError("cannot read \(path)") }
        guard case .map(let top) = try JSONFormat.decode(text), case .list(let list)? = top["queries"] else {
            throw ValidationError("\(path) holds no \"queries\" list")
        }
        return try list.map { item in
            guard case .map(let q) = item, case .string(let id)? = q["id"], case .string(let cypher)? = q["cypher"]
            else { throw ValidationError("\(path): a query lacks \"id\" or \"cypher\"") }
            var params: [[String: Value]] = []
            if case .list(let ps)? = q["params"] {
                for p in ps {
                    guard case .map(let m) = p else { throw ValidationError("\(id): a parameter set is not an object") }
                    params.append(m)
                }
            }
            var expected: [Int]?
            switch q["expected_rows"] {
            case .list(let xs)?:
                expected = xs.compactMap { if case .int(let n) = $0 { Int(n) } else { nil } }
                if expected?.count != xs.count { throw ValidationError("\(id): expected_rows holds a non-integer") }
            case .int(let n)?: expected = Array(repeating: Int(n), count: max(params.count, 1))
            default: expected = nil
            }
            var verify: String?
            if case .map(let v)? = q["verify"], case .string(let c)? = v["cypher"] { verify = c }
            var write = false
            if case .bool(let w)? = q["write"] { write = w }
            return BenchQuery(
                id: id, cypher: cypher, params: params.isEmpty ? [[:]] : params, write: write, expectedRows: expected,
                verifyCypher: verify)
        }
    }
}

/// What runs the queries: Lore's query engine, or the hand-written floor.
protocol QueryEngine {
    /// `"lore"` or `"floor"`.
    var name: String { get }
    /// A function that runs `query` once with parameter set `i` and returns
    /// its rows, fully materialised; nil when this engine has no version of
    /// the query. Whatever can be done once per query is done here.
    func prepare(_ query: BenchQuery) throws -> ((Int) throws -> [[Value]])?
    /// The row count of the query's `verify` statement, run once; nil when
    /// there is none or this engine cannot run it.
    func verify(_ query: BenchQuery) throws -> Int?
}

/// The default mode: runs every query of the file, times it, checks its row
/// counts, and prints one JSON object.
struct Measure: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Run the benchmark query mix against a loaded store and print the timings as JSON.",
        discussion: """
            Runs each query of FILE.json in file order: W warm-up runs, then K measured runs, run r with \
            params[r % len(params)]. A read runs in its own read transaction, a write in its own durable \
            write transaction. Prints {"engine", "version", "queries": {"ID": {"n", "median_ns", \
            "p99_ns", "rows_avg", "rows", "verify_rows"}}, "errors": [...]}. Exits with status 1, after \
            printing, when a row count differs from the file's expected_rows.
            """
    )

    @Option(name: .long, help: "The store's directory.") var db: String
    @Option(name: .long, help: "The query file (Benchmarks/data/<N>/queries.json).") var queries: String
    @Option(name: .customLong("repeat"), help: "Measured runs per query.") var runs = 200

    @Option(name: .long, help: "Unmeasured runs per query, first.") var warmup = 20
    @Flag(name: .long, help: "Answer with the hand-written LMDB access instead of the query engine.")
    var floor = false
    @Option(name: .long, help: "Run only these query ids (comma-separated).") var only: String?
    @Flag(
        name: .customLong("main-thread"),
        help: "Run the queries on the main thread (by default a thread of their own; see below).")
    var mainThread = false

    func validate() throws {
        if runs < 1 { throw ValidationError("--repeat must be at least 1") }
        if warmup < 0 { throw ValidationError("--warmup must not be negative") }
    }

    func run() throws {
        // The queries run on a thread of their own, as an application's
        // queries usually do. On Linux the main thread is a costly place for
        // them: Lore's parser asks for the thread's stack bounds on every
        // parse, and for the main thread glibc answers by reading
        // /proc/self/maps (tens of microseconds a call).
        if mainThread { return try measureAll() }
        var outcome: Result<Void, Error> = .success(())
        onThread(stackBytes: 64 << 20) {
            outcome = Result { try measureAll() }
        }
        try outcome.get()
    }

    private func measureAll() throws {
        var list = try BenchQuery.load(queries)
        if let only {
            let ids = Set(only.split(separator: ",").map(String.init))
            list = list.filter { ids.contains($0.id) }
        }
        let engine: QueryEngine = floor ? try Floor(path: db) : try LoreEngine(path: db)
        var out: [String] = []
        var errors: [String] = []
        for q in list {
            guard let run = try engine.prepare(q) else {
                note("\(engine.name): \(q.id): no version of this query, left out")
                continue
            }
            let r = try measure(q, run, engine: engine, errors: &errors)
            out.append("\(jsonString(q.id)): \(r)")
        }
        print(
            """
            {"engine": \(jsonString(engine.name)), "version": \(jsonString(benchVersion)), \
            "repeat": \(runs), "warmup": \(warmup), \
            "queries": {\(out.joined(separator: ", "))}, \
            "errors": [\(errors.map(jsonString).joined(separator: ", "))]}
            """)
        if !errors.isEmpty {
            for e in errors { note("error: \(e)") }
            throw ExitCode(1)
        }
    }

    /// Runs one query's warm-up and measured runs; returns its JSON object.
    private func measure(
        _ q: BenchQuery, _ run: (Int) throws -> [[Value]], engine: QueryEngine, errors: inout [String]
    ) throws -> String {
        let n = q.params.count
        note("\(engine.name): \(q.id): \(warmup) + \(runs) runs")
        for r in 0..<warmup { _ = try run(r % n) }
        var times: [UInt64] = []
        times.reserveCapacity(runs)
        var rows = [Int?](repeating: nil, count: n)
        var total = 0
        var unstable = false
        for r in warmup..<(warmup + runs) {
            let i = r % n
            let t0 = nowNanoseconds()
            let result = try run(i)
            let t1 = nowNanoseconds()
            let count = result.count
            times.append(t1 - t0)
            total += count
            if let seen = rows[i] {
                if seen != count && !q.write { unstable = true }
            } else {
                rows[i] = count
            }
        }
        times.sort()
        let median =
            times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
        let p99 = times[max(0, Int((0.99 * Double(times.count)).rounded(.up)) - 1)]
        if let expected = q.expectedRows {
            for (i, got) in rows.enumerated() {
                if let got, i < expected.count, got != expected[i] {
                    errors.append("\(q.id) params[\(i)]: \(got) rows, expected \(expected[i])")
                }
            }
        }
        if unstable { errors.append("\(q.id): the row count of one parameter set changed between runs") }
        var fields = [
            "\"n\": \(runs)", "\"median_ns\": \(median)", "\"p99_ns\": \(p99)",
            "\"rows_avg\": \(Double(total) / Double(runs))",
            "\"rows\": [\(rows.map { $0.map(String.init) ?? "null" }.joined(separator: ", "))]",
        ]
        if unstable { fields.append("\"unstable_rows\": true") }
        if q.verifyCypher != nil, let v = try engine.verify(q) {
            let want = min(n, warmup + runs)
            if v != want { errors.append("\(q.id): the check after the writes found \(v) rows, expected \(want)") }
            fields.append("\"verify_rows\": \(v)")
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}

/// Lore's query engine: each run calls `Transaction.run` with the query's
/// text and the run's parameters, in a read transaction of its own or, for
/// a write, a durable write transaction of its own. The text is the same on
/// every run, so a plan cache keyed by the text is used where the engine has
/// one.
final class LoreEngine: QueryEngine {
    let store: Store
    var name: String { "lore" }

    init(path: String) throws { store = try Store(path: path) }

    func prepare(_ q: BenchQuery) throws -> ((Int) throws -> [[Value]])? {
        let store = self.store
        let text = q.cypher
        let params = q.params
        if q.write {
            return { i in try store.write { tx in try tx.run(text, params[i]).rows } }
        }
        return { i in try store.read { tx in try tx.run(text, params[i]).rows } }
    }

    func verify(_ q: BenchQuery) throws -> Int? {
        guard let text = q.verifyCypher else { return nil }
        return try store.read { tx in try tx.run(text).rows.count }
    }
}

/// The whole of a file as text, or nil.
func readFile(_ path: String) -> String? {
    guard let bytes = readBytes(path) else { return nil }
    return String(decoding: bytes, as: UTF8.self)
}

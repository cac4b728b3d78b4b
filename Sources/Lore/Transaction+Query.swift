import LoreSyntax

extension Transaction {
    /// Runs one LQL statement in this transaction and returns its result.
    ///
    /// The statement is atomic: if it throws, nothing it did remains and the
    /// transaction may go on. Parameters are named without the `$`. Plans are
    /// cached per statement text, so running the same text again skips
    /// parsing and planning.
    ///
    /// With a `cancellation`, another thread may stop the statement while it
    /// runs (see `QueryCancellation` for what that costs and when it acts).
    ///
    /// - Throws: `LoreError` with the kind, code and phase of the failure and
    ///   its position in `statement`; `Cancelled`/`QueryCancelled` (without a
    ///   position) when `cancellation` stopped it.
    @discardableResult
    public func run(
        _ statement: String, _ parameters: [String: Value] = [:], cancellation: QueryCancellation? = nil
    ) throws -> QueryResult {
        let s = try open()
        let compiled = try Transaction.compile(statement, s)
        if case .plan(_, _, _, _, let writes) = compiled.body, writes, s.isReadOnly, compiled.mode != .explain {
            throw LoreError(.semanticError, "ReadOnly", "cannot write in a read transaction", phase: .compile)
        }
        let point = try s.savepoint()
        do {
            let result = try Executor.run(compiled, s, parameters: parameters, cancellation: cancellation)
            try s.release(point)
            return result
        } catch var error as LoreError {
            s.rollback(to: point)
            if error.source == nil { error.source = statement }
            // A runtime error without a place of its own points at the
            // statement; a cancellation has no place in it.
            if error.position == nil, error.kind != .cancelled {
                error.position = LoreError.Position(line: 1, column: 1)
            }
            throw error
        } catch {
            s.rollback(to: point)
            throw error
        }
    }

    /// Runs one statement and returns its rows by column name.
    public func query(
        _ statement: String, _ parameters: [String: Value] = [:], cancellation: QueryCancellation? = nil
    ) throws -> [Row] {
        try run(statement, parameters, cancellation: cancellation).namedRows
    }

    static func compile(_ text: String, _ s: StorageTransaction) throws -> CompiledStatement {
        let count = { (try? s.statistic(.nodes)) ?? 0 }
        // A read transaction's statistics are those of its snapshot.
        let nodeCount =
            if let plans = s.plans, s.isReadOnly { plans.nodeCount(snapshot: s.kv.snapshotID, count) } else { count() }
        if let cached = s.plans?.lookup(text, nodeCount: nodeCount) { return cached }
        let compiled = try compileAfresh(text, s)
        s.plans?.store(text, compiled, nodeCount: nodeCount)
        return compiled
    }

    static func compileAfresh(_ text: String, _ s: StorageTransaction) throws -> CompiledStatement {
        let parsed: Statement
        do {
            parsed = try Parser.parse(text)
        } catch {
            throw LoreError(
                .syntaxError, error.code.rawValue, error.message, phase: .compile,
                position: LoreError.Position(line: error.range.start.line, column: error.range.start.column),
                source: text)
        }
        var binder = Binder(source: text)
        let bound = try binder.bind(parsed)
        var compiled = try Planner(statistics: PlannerStatistics(s)).plan(bound, mode: parsed.mode)
        compiled.slotNames = binder.slotNames
        return compiled
    }
}

extension Store {
    /// Runs one statement in its own write transaction and returns its
    /// result; nothing is committed when it throws (a `cancellation`
    /// included).
    @discardableResult
    public func run(
        _ statement: String, _ parameters: [String: Value] = [:], cancellation: QueryCancellation? = nil
    ) throws -> QueryResult {
        try write { tx in try tx.run(statement, parameters, cancellation: cancellation) }
    }

    /// Runs a read-only statement on a snapshot and returns its rows.
    public func query(
        _ statement: String, _ parameters: [String: Value] = [:], cancellation: QueryCancellation? = nil
    ) throws -> [Row] {
        try read { tx in try tx.query(statement, parameters, cancellation: cancellation) }
    }
}

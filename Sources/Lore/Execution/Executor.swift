#if canImport(Glibc)
    import Glibc
#endif

/// Builds operators from a plan and runs a compiled statement.
enum Executor {
    static func build(_ plan: PlanNode, _ c: QueryContext) throws -> Operator {
        switch plan {
        case .unit, .argument: return SingleRowOperator(c)
        case .allNodesScan(let input, let slot):
            return NodeScanOperator(c, try build(input, c), slot: slot, source: .all)
        case .nodeByLabelScan(let input, let slot, let label):
            return NodeScanOperator(c, try build(input, c), slot: slot, source: .label(label))
        case .nodeIndexSeek(let input, let slot, let label, let key, let seek):
            return NodeScanOperator(c, try build(input, c), slot: slot, source: .seek(label: label, key: key, seek))
        case .expand(let input, let spec): return ExpandOperator(c, try build(input, c), spec)
        case .filter(let input, let e): return FilterOperator(c, try build(input, c), e)
        case .project(let input, let items): return ProjectOperator(c, try build(input, c), items)
        case .aggregate(let input, let keys, let aggregates):
            return AggregateOperator(c, try build(input, c), keys: keys, aggregates: aggregates)
        case .distinct(let input, let slots): return DistinctOperator(c, try build(input, c), slots: slots)
        case .sort(let input, let keys): return SortOperator(c, try build(input, c), keys: keys, limit: nil)
        case .top(let input, let keys, let limit): return SortOperator(c, try build(input, c), keys: keys, limit: limit)
        case .skip(let input, let e): return SkipOperator(c, try build(input, c), e)
        case .limit(let input, let e): return LimitOperator(c, try build(input, c), e)
        case .optional(let input, let inner, let slots):
            return OptionalOperator(c, try build(input, c), inner: try build(inner, c), slots: slots)
        case .unwind(let input, let e, let slot): return UnwindOperator(c, try build(input, c), e, slot: slot)
        case .union(let parts, let columns, let output, let distinct):
            return UnionOperator(
                c, parts: try parts.map { try build($0, c) }, columns: columns, output: output, distinct: distinct)
        case .eager(let input): return EagerOperator(c, try build(input, c))
        case .create(let input, let pattern): return CreateOperator(c, try build(input, c), pattern)
        case .merge(let input, let match, let pattern, let onCreate, let onMatch):
            return MergeOperator(
                c, try build(input, c), match: try build(match, c), pattern: pattern, onCreate: onCreate,
                onMatch: onMatch)
        case .setItems(let input, let items): return SetOperator(c, try build(input, c), items)
        case .remove(let input, let items): return RemoveOperator(c, try build(input, c), items)
        case .delete(let input, let targets, let detach):
            return DeleteOperator(c, try build(input, c), targets, detach: detach)
        case .projectPath(let input, let path, let rels, let nodes):
            return ProjectPathOperator(c, try build(input, c), path: path, relationshipSlots: rels, nodeSlots: nodes)
        case .produceResults(let input, _): return try build(input, c)
        }
    }

    /// Runs a compiled statement in `storage` and returns its result; it
    /// throws `Cancelled` when `cancellation` is requested before the end.
    static func run(
        _ compiled: CompiledStatement, _ storage: StorageTransaction, parameters: [String: Value],
        cancellation: QueryCancellation? = nil
    ) throws -> QueryResult {
        try cancellation?.check()
        switch compiled.body {
        case .createConstraint(let name, let label, let property, let ifNotExists):
            if compiled.mode == .explain { return QueryResult(columns: [], rows: [], plan: "CreateConstraint") }
            let constraintName = name ?? "constraint_\(label)_\(property)".lowercased()
            _ = try storage.createUniqueConstraint(
                name: constraintName, label: label, key: property, ifNotExists: ifNotExists)
            return QueryResult(columns: [], rows: [])
        case .dropConstraint(let name, let ifExists):
            if compiled.mode == .explain { return QueryResult(columns: [], rows: [], plan: "DropConstraint") }
            if try !storage.dropConstraint(name: name) && !ifExists {
                throw LoreError(.semanticError, "ConstraintNotFound", "there is no constraint named `\(name)`")
            }
            return QueryResult(columns: [], rows: [])
        case .showConstraints:
            var rows: [[Value]] = []
            for c in try storage.constraints() {
                rows.append([
                    .string(c.name), .string("UNIQUENESS"), .string(try storage.name(of: c.label)),
                    .list([.string(try storage.name(of: c.key))]),
                ])
            }
            return QueryResult(columns: ["name", "type", "label", "properties"], rows: rows)
        case .plan(let plan, let subqueries, let slotCount, let columns, _):
            if compiled.mode == .explain {
                return QueryResult(columns: columns, rows: [], plan: PlanPrinter(names: compiled.slotNames).print(plan))
            }
            let context = QueryContext(
                storage: storage, parameters: parameters.mapValues(Datum.init), subqueries: subqueries,
                slotCount: slotCount, cancellation: cancellation)
            guard case .produceResults(_, let outputs) = plan else {
                preconditionFailure("a plan ends in ProduceResults")
            }
            let root = try build(plan, context)
            let start = DispatchTimeShim.now()
            try root.open(argument: nil)
            var rows: [[Value]] = []
            while let row = try root.next() {
                // A statement without RETURN runs to its end but yields no rows.
                if outputs.isEmpty { continue }
                rows.append(try outputs.map { try context.materialize(row[$0.slot]) })
            }
            var result = QueryResult(columns: columns, rows: rows, statistics: context.statistics)
            if compiled.mode == .profile {
                let elapsed = DispatchTimeShim.now() - start
                result.plan = PlanPrinter(names: compiled.slotNames).print(
                    plan, profile: root, totalNanoseconds: elapsed)
            }
            return result
        }
    }
}

/// A monotonic clock in nanoseconds.
enum DispatchTimeShim {
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

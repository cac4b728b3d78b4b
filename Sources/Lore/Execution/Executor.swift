#if canImport(Glibc)
    import Glibc
#endif

/// Builds operators from a plan and runs a compiled statement.
enum Executor {
    /// Builds the operators of `plan`.
    static func build(_ plan: PlanNode, _ c: QueryContext) throws -> Operator {
        // A statement of many clauses is a long chain of one-input operators:
        // it is built bottom up in a loop, not by a recursion per operator.
        var chain: [PlanNode] = []
        var node = plan
        while let input = node.chainedInput {
            chain.append(node)
            node = input
        }
        var op = try attach(node, to: nil, c)
        for n in chain.reversed() { op = try attach(n, to: op, c) }
        return op
    }

    /// The operator of `plan` reading from `input`, the operator already
    /// built for the plan's `chainedInput` (nil for plans without one).
    private static func attach(_ plan: PlanNode, to built: Operator?, _ c: QueryContext) throws -> Operator {
        var input: Operator { built! }
        switch plan {
        case .unit, .argument: return SingleRowOperator(c)
        case .allNodesScan(_, let slot):
            return NodeScanOperator(c, input, slot: slot, source: .all)
        case .nodeByLabelScan(_, let slot, let label):
            return NodeScanOperator(c, input, slot: slot, source: .label(label))
        case .nodeIndexSeek(_, let slot, let label, let key, let seek):
            return NodeScanOperator(c, input, slot: slot, source: .seek(label: label, key: key, seek))
        case .nodeIndexGroupCount(let label, let key, let valueSlot, let countSlots):
            return IndexGroupCountOperator(c, label: label, key: key, valueSlot: valueSlot, countSlots: countSlots)
        case .expand(_, let spec): return ExpandOperator(c, input, spec)
        case .expandCount(_, let spec, let countSlots):
            return ExpandCountOperator(c, input, spec, countSlots: countSlots)
        case .filter(_, let e): return FilterOperator(c, input, e)
        case .project(_, let items): return ProjectOperator(c, input, items)
        case .aggregate(_, let keys, let aggregates):
            return AggregateOperator(c, input, keys: keys, aggregates: aggregates)
        case .distinct(_, let slots): return DistinctOperator(c, input, slots: slots)
        case .sort(_, let keys): return SortOperator(c, input, keys: keys, limit: nil)
        case .top(_, let keys, let limit): return SortOperator(c, input, keys: keys, limit: limit)
        case .skip(_, let e): return SkipOperator(c, input, e)
        case .limit(_, let e): return LimitOperator(c, input, e)
        case .optional(_, let inner, let slots):
            return OptionalOperator(c, input, inner: try build(inner, c), slots: slots)
        case .unwind(_, let e, let slot): return UnwindOperator(c, input, e, slot: slot)
        case .union(let parts, let columns, let output, let distinct):
            return UnionOperator(
                c, parts: try parts.map { try build($0, c) }, columns: columns, output: output, distinct: distinct)
        case .eager: return EagerOperator(c, input)
        case .create(_, let pattern): return CreateOperator(c, input, pattern)
        case .merge(_, let match, let pattern, let onCreate, let onMatch):
            return MergeOperator(
                c, input, match: try build(match, c), pattern: pattern, onCreate: onCreate,
                onMatch: onMatch)
        case .setItems(_, let items): return SetOperator(c, input, items)
        case .remove(_, let items): return RemoveOperator(c, input, items)
        case .delete(_, let targets, let detach):
            return DeleteOperator(c, input, targets, detach: detach)
        case .projectPath(_, let path, let rels, let nodes):
            return ProjectPathOperator(c, input, path: path, relationshipSlots: rels, nodeSlots: nodes)
        case .produceResults: return input
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

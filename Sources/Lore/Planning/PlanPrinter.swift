/// Writes a plan as text, one operator a line, inputs indented below the
/// operator that reads them: the EXPLAIN output. With a profile, each line
/// adds the rows the operator produced.
struct PlanPrinter {
    /// Variable names by slot; unnamed slots print as `anon_N`.
    let names: [Int: String]

    func print(_ plan: PlanNode, profile: Operator? = nil, totalNanoseconds: UInt64? = nil) -> String {
        var lines: [String] = []
        write(plan, profile, depth: 0, &lines)
        if let totalNanoseconds { lines.append("Total time: \(Double(totalNanoseconds) / 1e6) ms") }
        return lines.joined(separator: "\n")
    }

    private func write(_ plan: PlanNode, _ op: Operator?, depth: Int, _ lines: inout [String]) {
        let (name, detail, children) = describe(plan)
        var line = String(repeating: "  ", count: depth) + name + (detail.isEmpty ? "" : " " + detail)
        if let op { line += " (rows: \(op.rows))" }
        lines.append(line)
        // Operators and plan nodes line up child by child, except
        // ProduceResults, which has no operator of its own.
        var childOps: [Operator?] = children.map { _ in nil }
        if let op {
            if case .produceResults = plan {
                childOps = [op]
            } else if let opt = op as? OptionalOperator {
                childOps = [opt.input, opt.inner]
            } else if let merge = op as? MergeOperator {
                childOps = [merge.input, merge.match]
            } else {
                for (i, input) in op.inputs.enumerated() where i < childOps.count { childOps[i] = input }
            }
        }
        for (i, child) in children.enumerated() { write(child, childOps[i], depth: depth + 1, &lines) }
    }

    private func describe(_ plan: PlanNode) -> (String, String, [PlanNode]) {
        switch plan {
        case .unit: return ("Unit", "", [])
        case .argument: return ("Argument", "", [])
        case .allNodesScan(let input, let slot): return ("AllNodesScan", "\(name(slot))", [input])
        case .nodeByLabelScan(let input, let slot, let label):
            return ("NodeByLabelScan", "\(name(slot)):\(label)", [input])
        case .nodeIndexSeek(let input, let slot, let label, let key, let seek):
            var what: String
            switch seek {
            case .equal(let e): what = "\(label).\(key) = \(text(e))"
            case .prefix(let e): what = "\(label).\(key) STARTS WITH \(text(e))"
            case .range(let lo, let hi), .orderedRange(let lo, let hi, _):
                var parts: [String] = []
                if let lo { parts.append("\(label).\(key) \(lo.inclusive ? ">=" : ">") \(text(lo.0))") }
                if let hi { parts.append("\(label).\(key) \(hi.inclusive ? "<=" : "<") \(text(hi.0))") }
                what = parts.joined(separator: " AND ")
            }
            let op: String
            switch seek {
            case .equal: op = "NodeIndexSeek"
            case .prefix: op = "NodeIndexPrefixSeek"
            case .range: op = "NodeIndexRangeSeek"
            case .orderedRange(_, _, let descending):
                op = "NodeIndexRangeSeek"
                what += descending ? " ORDER BY \(label).\(key) DESC" : " ORDER BY \(label).\(key)"
            }
            return (op, "\(name(slot)) \(what)", [input])
        case .nodeIndexGroupCount(let label, let key, let valueSlot, let countSlots):
            let counts = countSlots.map { "\(name($0)) = count(*)" }
            return (
                "NodeIndexGroupCount", "\(name(valueSlot)) = \(label).\(key), " + counts.joined(separator: ", "), []
            )
        case .expand(let input, let spec):
            let arrow: String
            let types = spec.types.isEmpty ? "" : ":" + spec.types.joined(separator: "|")
            let length = spec.length.map { "*\($0.min)..\($0.max.map(String.init) ?? "")" } ?? ""
            switch spec.direction {
            case .outgoing: arrow = "-[\(name(spec.relationship))\(types)\(length)]->"
            case .incoming: arrow = "<-[\(name(spec.relationship))\(types)\(length)]-"
            case .both: arrow = "-[\(name(spec.relationship))\(types)\(length)]-"
            }
            let op = spec.length != nil ? "VarLengthExpand" : (spec.toIsBound ? "ExpandInto" : "Expand")
            return (op, "(\(name(spec.from)))\(arrow)(\(name(spec.to)))", [input])
        case .expandCount(let input, let spec, let countSlots):
            let (_, detail, _) = describe(.expand(input, spec))
            return (
                "ExpandCount", detail + ", " + countSlots.map { "\(name($0)) = count(*)" }.joined(separator: ", "),
                [input]
            )
        case .filter(let input, let e): return ("Filter", text(e), [input])
        case .project(let input, let items):
            return (
                "Projection", items.map { "\(name($0.slot)) = \(text($0.expression))" }.joined(separator: ", "), [input]
            )
        case .aggregate(let input, let keys, let aggregates):
            let k = keys.map { "\(name($0.slot)) = \(text($0.expression))" }
            let a = aggregates.map {
                "\(name($0.slot)) = \($0.function.rawValue)(\($0.distinct ? "DISTINCT " : "")\($0.argument.map(text) ?? "*"))"
            }
            return (keys.isEmpty ? "Aggregation" : "HashAggregation", (k + a).joined(separator: ", "), [input])
        case .distinct(let input, let slots):
            return ("Distinct", slots.map { "\(name($0))" }.joined(separator: ", "), [input])
        case .sort(let input, let keys): return ("Sort", sortKeys(keys), [input])
        case .top(let input, let keys, let limit): return ("Top", "\(sortKeys(keys)) LIMIT \(text(limit))", [input])
        case .skip(let input, let e): return ("Skip", text(e), [input])
        case .limit(let input, let e): return ("Limit", text(e), [input])
        case .optional(let input, let inner, _): return ("Optional", "", [input, inner])
        case .unwind(let input, let e, let slot): return ("Unwind", "\(text(e)) AS \(name(slot))", [input])
        case .union(let parts, _, _, let distinct): return (distinct ? "Union" : "UnionAll", "", parts)
        case .eager(let input): return ("Eager", "", [input])
        case .create(let input, _): return ("Create", "", [input])
        case .merge(let input, let match, _, _, _): return ("Merge", "", [input, match])
        case .setItems(let input, _): return ("SetProperties", "", [input])
        case .remove(let input, _): return ("Remove", "", [input])
        case .delete(let input, _, let detach): return (detach ? "DetachDelete" : "Delete", "", [input])
        case .projectPath(let input, let path, _, _): return ("ProjectPath", "\(name(path.slot))", [input])
        case .produceResults(let input, let columns):
            return ("ProduceResults", columns.map(\.name).joined(separator: ", "), [input])
        }
    }

    private func sortKeys(_ keys: [(expression: BoundExpression, ascending: Bool)]) -> String {
        keys.map { text($0.expression) + ($0.ascending ? "" : " DESC") }.joined(separator: ", ")
    }

    func name(_ slot: Int) -> String { names[slot] ?? "anon_\(slot)" }

    /// A compact rendering of a bound expression: slots as `#n`.
    func text(_ e: BoundExpression) -> String {
        switch e {
        case .literal(let d): return d.plainValue?.description ?? d.typeName
        case .parameter(let name): return "$" + name
        case .slot(let s): return "\(name(s))"
        case .property(let x, let key): return text(x) + "." + key
        case .hasLabels(let x, let labels): return text(x) + labels.map { ":" + $0 }.joined()
        case .list(let xs): return "[" + xs.map(text).joined(separator: ", ") + "]"
        case .map(let entries): return "{" + entries.map { "\($0.0): \(text($0.1))" }.joined(separator: ", ") + "}"
        case .index(let a, let b): return "\(text(a))[\(text(b))]"
        case .slice(let a, let b, let c): return "\(text(a))[\(b.map(text) ?? "")..\(c.map(text) ?? "")]"
        case .unary(let op, let x): return op == .not ? "NOT \(text(x))" : op.rawValue + text(x)
        case .binary(let op, let a, let b): return "\(text(a)) \(op.rawValue) \(text(b))"
        case .and(let xs): return xs.map(text).joined(separator: " AND ")
        case .or(let xs): return "(" + xs.map(text).joined(separator: " OR ") + ")"
        case .xor(let xs): return "(" + xs.map(text).joined(separator: " XOR ") + ")"
        case .isNull(let x, let negated): return text(x) + (negated ? " IS NOT NULL" : " IS NULL")
        case .function(let f, let args): return f.rawValue + "(" + args.map(text).joined(separator: ", ") + ")"
        case .caseWhen: return "CASE ... END"
        case .listComprehension: return "[... IN ...]"
        case .quantifier(let kind, _, _, _): return "\(kind.rawValue)(...)"
        case .patternExists(let id): return "exists(pattern \(id.index))"
        case .patternComprehension(let id, _, _): return "[pattern \(id.index) | ...]"
        }
    }
}

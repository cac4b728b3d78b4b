import LoreSyntax

/// Turns a bound statement into a physical plan.
///
/// For each MATCH it picks, per connected part of the pattern, the start
/// node that the statistics say yields fewest rows — an index seek on an
/// equality, range or prefix predicate, else a label scan, else all nodes
/// — then expands relationship by relationship from bound nodes, and
/// applies each predicate as soon as the slots it reads are bound.
struct Planner {
    /// Counts the planner reads; all are exact counts kept by the store.
    let statistics: PlannerStatistics

    func plan(_ statement: BoundStatement, mode: Statement.Mode) throws -> CompiledStatement {
        switch statement {
        case .createConstraint(let name, let label, let property, let ifNotExists):
            return CompiledStatement(
                body: .createConstraint(name: name, label: label, property: property, ifNotExists: ifNotExists),
                mode: mode)
        case .dropConstraint(let name, let ifExists):
            return CompiledStatement(body: .dropConstraint(name: name, ifExists: ifExists), mode: mode)
        case .showConstraints:
            return CompiledStatement(body: .showConstraints, mode: mode)
        case .query(let parts, let unionAll, let slotCount, let subqueries):
            var writes = false
            var plans: [PlanNode] = []
            for part in parts {
                let (p, w) = try planSingle(part)
                plans.append(p)
                writes = writes || w
            }
            var root: PlanNode
            let columns = parts[0].columns
            if plans.count == 1 {
                root = plans[0]
            } else {
                root = .union(
                    plans, columns: parts.map { $0.columns.map(\.slot) }, output: columns.map(\.slot),
                    distinct: !unionAll)
            }
            root = .produceResults(root, columns: columns)
            let subplans = subqueries.map { sub -> PlanNode in
                let bound = Set(sub.pattern.nodes.filter(\.isBound).map(\.slot))
                    .union(sub.pattern.relationships.filter(\.isBound).map(\.slot))
                return planMatch(sub.pattern, predicate: sub.predicate, input: .argument, bound: bound)
            }
            return CompiledStatement(
                body: .plan(
                    root, subqueries: subplans, slotCount: slotCount, columns: columns.map(\.name), writes: writes),
                mode: mode)
        }
    }

    /// Write clauses sit between two eager operators: every row is read
    /// before any write, and every write is done before any row goes on,
    /// so a LIMIT after the writes cannot cut them short.
    private func planSingle(_ query: BoundSingleQuery) throws -> (PlanNode, Bool) {
        var plan = PlanNode.unit
        var bound = Set<Int>()
        var writes = false
        for clause in query.clauses {
            switch clause {
            case .match(let pattern, let predicate, let optional):
                if optional {
                    let inner = planMatch(pattern, predicate: predicate, input: .argument, bound: bound)
                    let introduced = newSlots(pattern).subtracting(bound)
                    plan = .optional(plan, inner: inner, slots: introduced.sorted())
                } else {
                    plan = planMatch(pattern, predicate: predicate, input: plan, bound: bound)
                }
                bound.formUnion(newSlots(pattern))
            case .unwind(let e, let slot):
                plan = .unwind(plan, e, slot: slot)
                bound.insert(slot)
            case .projection(let p):
                plan = planProjection(p, input: plan)
                bound.formUnion(p.items.map(\.slot))
            case .create(let pattern):
                writes = true
                plan = .eager(.create(eager(plan), pattern))
                bound.formUnion(newSlots(pattern))
            case .merge(let pattern, let onCreate, let onMatch):
                writes = true
                let match = planMatch(pattern, predicate: nil, input: .argument, bound: bound)
                plan = .eager(
                    .merge(eager(plan), match: match, pattern: pattern, onCreate: onCreate, onMatch: onMatch))
                bound.formUnion(newSlots(pattern))
            case .set(let items):
                writes = true
                plan = .eager(.setItems(eager(plan), items))
            case .remove(let items):
                writes = true
                plan = .eager(.remove(eager(plan), items))
            case .delete(let targets, let detach):
                writes = true
                plan = .eager(.delete(eager(plan), targets, detach: detach))
            }
        }
        return (plan, writes)
    }

    /// `plan` behind an eager operator, unless it ends in one already (as
    /// after another write clause).
    private func eager(_ plan: PlanNode) -> PlanNode {
        if case .eager = plan { return plan }
        return .eager(plan)
    }

    private func newSlots(_ pattern: BoundPattern) -> Set<Int> {
        Set(pattern.nodes.map(\.slot)).union(pattern.relationships.map(\.slot)).union(pattern.paths.map(\.slot))
    }

    // MARK: projections

    private func planProjection(_ p: BoundProjection, input: PlanNode) -> PlanNode {
        var plan = input
        if !p.aggregates.isEmpty {
            let keys = p.groupingItems.map { (p.items[$0].slot, p.items[$0].expression) }
            plan =
                indexGroupCount(keys, p.aggregates, input) ?? countPerElementFirst(keys, p.aggregates, input)
                ?? .aggregate(plan, keys: keys, aggregates: p.aggregates)
            let rest = p.items.indices.filter { !p.groupingItems.contains($0) }.map {
                (p.items[$0].slot, p.items[$0].expression)
            }
            if !rest.isEmpty { plan = .project(plan, rest) }
        } else {
            plan = .project(plan, p.items.map { ($0.slot, $0.expression) })
        }
        if p.distinct { plan = .distinct(plan, slots: p.items.map(\.slot)) }
        if !p.orderBy.isEmpty {
            if let limit = p.limit, let ordered = orderedByIndex(p, plan) {
                // The rows already come in order: the first k are the top k.
                let k = p.skip.map { BoundExpression.binary(.add, limit, $0) } ?? limit
                plan = .limit(ordered, k)
            } else if let limit = p.limit {
                // ORDER BY ... LIMIT k keeps only the best k: a top-k.
                let k = p.skip.map { BoundExpression.binary(.add, limit, $0) } ?? limit
                plan = .top(plan, keys: p.orderBy, limit: k)
            } else {
                plan = .sort(plan, keys: p.orderBy)
            }
        }
        if let skip = p.skip { plan = .skip(plan, skip) }
        // A top-k already stops at skip + limit rows.
        if let limit = p.limit, p.orderBy.isEmpty { plan = .limit(plan, limit) }
        if let predicate = p.predicate { plan = .filter(plan, predicate) }
        return plan
    }

    /// `MATCH (n:Label) RETURN n.key, count(*)`: counted from the property
    /// index (a count per distinct value) without reading the nodes. Nil for
    /// any other shape: other aggregates, a filter, several keys.
    private func indexGroupCount(
        _ keys: [(slot: Int, expression: BoundExpression)], _ aggregates: [BoundAggregate], _ input: PlanNode
    ) -> PlanNode? {
        guard case .nodeByLabelScan(.unit, let slot, let label) = input, keys.count == 1,
            case .property(.slot(slot), let key) = keys[0].expression
        else { return nil }
        for a in aggregates where a.distinct || a.extra != nil { return nil }
        for a in aggregates {
            switch (a.function, a.argument) {
            case (.countStar, _): continue
            case (.count, .slot(slot)?): continue
            default: return nil
            }
        }
        return .nodeIndexGroupCount(label: label, key: key, valueSlot: keys[0].slot, countSlots: aggregates.map(\.slot))
    }

    /// Counting grouped by properties of one element that an expansion
    /// reaches (`MATCH (:A)-[:R]->(m:B) RETURN m.key, count(*)`): first
    /// count per element id, which needs no record, then test the element's
    /// labels and read its properties once per element, not once per row,
    /// and add the counts up per key. Filters on the element alone move
    /// above the first count (they keep or drop all of an element's rows
    /// together). Nil unless every aggregate is a plain count and every key
    /// a property of (or) that one element.
    private func countPerElementFirst(
        _ keys: [(slot: Int, expression: BoundExpression)], _ aggregates: [BoundAggregate], _ input: PlanNode
    ) -> PlanNode? {
        var element: Int?
        var readsProperty = false
        for k in keys {
            let s: Int
            switch k.expression {
            case .property(.slot(let e), _):
                s = e
                readsProperty = true
            case .slot(let e): s = e
            default: return nil
            }
            if element == nil { element = s } else if element != s { return nil }
        }
        guard let element, readsProperty else { return nil }
        for a in aggregates where a.distinct || a.extra != nil || (a.function != .countStar && a.function != .count) {
            return nil
        }
        var late: [BoundExpression] = []
        var inner = input
        while case .filter(let below, let e) = inner, e.slots.isSubset(of: [element]), !e.usesSubquery {
            late.append(e)
            inner = below
        }
        // Only an expansion's far end repeats enough to be worth it.
        var reached = false
        var walk: PlanNode? = inner
        while let node = walk, !reached {
            if case .expand(_, let spec) = node, spec.to == element, !spec.toIsBound, spec.length == nil {
                reached = true
            }
            walk = node.chainedInput
        }
        guard reached else { return nil }
        var plan = PlanNode.aggregate(inner, keys: [(element, .slot(element))], aggregates: aggregates)
        if case .expand(let below, let spec) = inner, spec.to == element, !spec.toIsBound, spec.length == nil,
            !spec.relationshipIsBound,
            spec.distinctFrom.isEmpty, spec.from != element,
            aggregates.allSatisfy({
                switch ($0.function, $0.argument) {
                case (.countStar, _): return true
                case (.count, .slot(let s)?): return s == spec.to || s == spec.relationship || s == spec.from
                default: return false
                }
            })
        {
            // Counting the relationships themselves: no row per relationship.
            plan = .expandCount(below, spec, countSlots: aggregates.map(\.slot))
        }
        for e in late.reversed() { plan = .filter(plan, e) }
        // The per-element counts sit in the aggregates' own slots.
        let sums = aggregates.map {
            BoundAggregate(slot: $0.slot, function: .sum, argument: .slot($0.slot), distinct: false, extra: nil)
        }
        return .aggregate(plan, keys: keys, aggregates: sums)
    }

    /// The projection's plan reading its rows in ORDER BY order, when the
    /// one sort key is the property of a range seek that drives the whole
    /// plan (the outermost loop, under operators that keep their input's
    /// order): the seek then reads its index in that order, and a LIMIT can
    /// stop it early. Nil otherwise. A range holds no nulls, and only values
    /// of one type family, whose index order is ORDER BY's order.
    private func orderedByIndex(_ p: BoundProjection, _ plan: PlanNode) -> PlanNode? {
        guard p.orderBy.count == 1, p.aggregates.isEmpty, !p.distinct, case .project(let input, let items) = plan
        else { return nil }
        var key = p.orderBy[0].expression
        if case .slot(let s) = key, let item = items.first(where: { $0.slot == s }) { key = item.expression }
        // `RETURN n ORDER BY n.p`: n's column holds the matched node.
        if case .property(.slot(let s), let p) = key, let item = items.first(where: { $0.slot == s }),
            case .slot(let original) = item.expression
        {
            key = .property(.slot(original), p)
        }
        guard case .property(.slot(let slot), let property) = key else { return nil }
        let descending = !p.orderBy[0].ascending
        func rewrite(_ plan: PlanNode) -> PlanNode? {
            switch plan {
            case .nodeIndexSeek(.unit, let s, let label, let k, .range(let lo, let hi))
            where s == slot && k == property:
                return .nodeIndexSeek(
                    .unit, slot: s, label: label, key: k,
                    seek: .orderedRange(lower: lo, upper: hi, descending: descending))
            case .nodeIndexSeek(let input, let s, let label, let k, let seek):
                return rewrite(input).map { .nodeIndexSeek($0, slot: s, label: label, key: k, seek: seek) }
            case .nodeByLabelScan(let input, let s, let label):
                return rewrite(input).map { .nodeByLabelScan($0, slot: s, label: label) }
            case .allNodesScan(let input, let s): return rewrite(input).map { .allNodesScan($0, slot: s) }
            case .filter(let input, let e): return rewrite(input).map { .filter($0, e) }
            case .expand(let input, let spec): return rewrite(input).map { .expand($0, spec) }
            case .project(let input, let items): return rewrite(input).map { .project($0, items) }
            case .unwind(let input, let e, let s): return rewrite(input).map { .unwind($0, e, slot: s) }
            case .optional(let input, let inner, let slots):
                return rewrite(input).map { .optional($0, inner: inner, slots: slots) }
            case .projectPath(let input, let path, let rels, let nodes):
                return rewrite(input).map { .projectPath($0, path, relationshipSlots: rels, nodeSlots: nodes) }
            default: return nil
            }
        }
        return rewrite(input).map { .project($0, items) }
    }

    // MARK: patterns

    /// Plans a pattern match on top of `input`, whose rows bind `bound`.
    func planMatch(_ pattern: BoundPattern, predicate: BoundExpression?, input: PlanNode, bound initial: Set<Int>)
        -> PlanNode
    {
        var plan = input
        var bound = initial
        var conjuncts = predicate?.conjuncts ?? []
        // Property maps are equality predicates; labels of nodes are tests
        // unless a scan or seek uses them.
        for node in pattern.nodes {
            for (key, value) in node.properties {
                conjuncts.append(.binary(.equal, .property(.slot(node.slot), key), value))
            }
        }
        var labelTests: [Int: Set<String>] = [:]
        for node in pattern.nodes where !node.labels.isEmpty {
            labelTests[node.slot, default: []].formUnion(node.labels)
        }
        for rel in pattern.relationships where rel.length == nil {
            for (key, value) in rel.properties {
                conjuncts.append(.binary(.equal, .property(.slot(rel.slot), key), value))
            }
        }
        var expanded = Set<Int>()  // relationship indexes done
        var boundRels: [Int] = []  // relationship slots bound in this match

        func applyReady() {
            for (slot, labels) in labelTests where bound.contains(slot) {
                plan = .filter(plan, .hasLabels(.slot(slot), labels.sorted()))
                labelTests[slot] = nil
            }
            let allPatternBound =
                pattern.nodes.allSatisfy { bound.contains($0.slot) } && expanded.count == pattern.relationships.count
            var rest: [BoundExpression] = []
            for c in conjuncts {
                if c.slots.isSubset(of: bound) && (!c.usesSubquery || allPatternBound) {
                    plan = .filter(plan, c)
                } else {
                    rest.append(c)
                }
            }
            conjuncts = rest
        }

        applyReady()
        while pattern.nodes.contains(where: { !bound.contains($0.slot) })
            || expanded.count < pattern.relationships.count
        {
            // Expand from a bound node when a relationship allows it.
            if let (index, fromLeft) = nextExpansion(pattern, bound: bound, expanded: expanded) {
                let rel = pattern.relationships[index]
                let from = pattern.nodes[fromLeft ? rel.left : rel.right].slot
                let to = pattern.nodes[fromLeft ? rel.right : rel.left].slot
                var direction: Direction
                switch rel.direction {
                case .outgoing: direction = fromLeft ? .outgoing : .incoming
                case .incoming: direction = fromLeft ? .incoming : .outgoing
                case .undirected: direction = .both
                }
                let spec = ExpandSpec(
                    from: from, relationship: rel.slot, to: to, types: rel.types, direction: direction,
                    toIsBound: bound.contains(to), relationshipIsBound: rel.isBound || bound.contains(rel.slot),
                    length: rel.length, relationshipProperties: rel.length == nil ? [] : rel.properties,
                    distinctFrom: boundRels)
                plan = .expand(plan, spec)
                expanded.insert(index)
                bound.insert(to)
                bound.insert(rel.slot)
                boundRels.append(rel.slot)
                applyReady()
                continue
            }
            // Otherwise start a new connected part at its cheapest node.
            let candidates = pattern.nodes.filter { !bound.contains($0.slot) }
            guard !candidates.isEmpty else { break }
            var best: (cost: Double, plan: PlanNode, consumed: [Int], slot: Int, label: String?)?
            for node in candidates {
                let option = cheapestAccess(
                    node, labels: labelTests[node.slot] ?? [], conjuncts: conjuncts, bound: bound, input: plan)
                if best == nil || option.cost < best!.cost {
                    best = (option.cost, option.plan, option.consumed, node.slot, option.label)
                }
            }
            let chosen = best!
            plan = chosen.plan
            conjuncts = conjuncts.enumerated().filter { !chosen.consumed.contains($0.offset) }.map(\.element)
            if let label = chosen.label {
                labelTests[chosen.slot]?.remove(label)
                if labelTests[chosen.slot]?.isEmpty == true { labelTests[chosen.slot] = nil }
            }
            bound.insert(chosen.slot)
            applyReady()
        }
        // Named paths are built once their parts are bound; predicates on
        // them (length(p) = 1) can run only after that.
        for path in pattern.paths {
            plan = .projectPath(
                plan, path, relationshipSlots: path.relationships.map { pattern.relationships[$0].slot },
                nodeSlots: path.nodes.map { pattern.nodes[$0].slot })
        }
        for c in conjuncts { plan = .filter(plan, c) }
        return plan
    }

    /// A relationship not yet expanded with a bound end (the left end
    /// first), preferring ones whose both ends are bound.
    private func nextExpansion(_ pattern: BoundPattern, bound: Set<Int>, expanded: Set<Int>) -> (Int, Bool)? {
        var fallback: (Int, Bool)?
        for (i, rel) in pattern.relationships.enumerated() where !expanded.contains(i) {
            let leftBound = bound.contains(pattern.nodes[rel.left].slot)
            let rightBound = bound.contains(pattern.nodes[rel.right].slot)
            if leftBound && rightBound { return (i, true) }
            if fallback == nil && (leftBound || rightBound) { fallback = (i, leftBound) }
        }
        return fallback
    }

    /// The cheapest way to find the nodes of `node`: an index seek using a
    /// predicate, a label scan, or all nodes. Returns the plan, its cost
    /// estimate (rows), the conjuncts the seek makes redundant, and the label
    /// the access already guarantees.
    private func cheapestAccess(
        _ node: BoundNodePattern, labels: Set<String>, conjuncts: [BoundExpression], bound: Set<Int>, input: PlanNode
    ) -> (cost: Double, plan: PlanNode, consumed: [Int], label: String?) {
        let slot = node.slot
        var best: (cost: Double, plan: PlanNode, consumed: [Int], label: String?) = (
            Double(statistics.nodeCount) + 1, .allNodesScan(input, slot: slot), [], nil
        )
        for label in labels.sorted() {
            // A scan reads every entry of the label; a seek at least one key more.
            let count = Double(statistics.labelCount(label)) + 1
            // (At equal cost a label scan still wins: it needs no label test.)
            if count < best.cost || (count == best.cost && best.label == nil) {
                best = (count, .nodeByLabelScan(input, slot: slot, label: label), [], label)
            }
            // Collect seekable predicates per property key.
            var ranges: [String: (lower: (BoundExpression, Bool, Int)?, upper: (BoundExpression, Bool, Int)?)] = [:]
            for (i, c) in conjuncts.enumerated() {
                guard let (key, op, value) = propertyComparison(c, slot: slot), value.slots.isSubset(of: bound),
                    !value.usesSubquery
                else { continue }
                let withKey = Double(statistics.labelKeyCount(label, key))
                switch op {
                case .equal:
                    let cost = withKey / Double(max(statistics.distinctCount(label, key), 1))
                    if cost < best.cost {
                        best = (
                            cost, .nodeIndexSeek(input, slot: slot, label: label, key: key, seek: .equal(value)), [i],
                            label
                        )
                    }
                case .startsWith:
                    let cost = withKey / 10 + 1
                    if cost < best.cost {
                        best = (
                            cost, .nodeIndexSeek(input, slot: slot, label: label, key: key, seek: .prefix(value)), [i],
                            label
                        )
                    }
                case .less, .lessOrEqual: ranges[key, default: (nil, nil)].upper = (value, op == .lessOrEqual, i)
                case .greater, .greaterOrEqual:
                    ranges[key, default: (nil, nil)].lower = (value, op == .greaterOrEqual, i)
                default: break
                }
            }
            for (key, r) in ranges.sorted(by: { $0.key < $1.key }) {
                let withKey = Double(statistics.labelKeyCount(label, key))
                let cost = withKey / (r.lower != nil && r.upper != nil ? 9 : 3) + 1
                if cost < best.cost {
                    let seek = IndexSeek.range(
                        lower: r.lower.map { ($0.0, $0.1) }, upper: r.upper.map { ($0.0, $0.1) })
                    let consumed = [r.lower?.2, r.upper?.2].compactMap { $0 }
                    best = (
                        cost, .nodeIndexSeek(input, slot: slot, label: label, key: key, seek: seek), consumed, label
                    )
                }
            }
        }
        return best
    }

    /// `n.key OP value` or `value OP n.key` (flipped) for the node in `slot`.
    private func propertyComparison(_ e: BoundExpression, slot: Int) -> (String, BinaryOperator, BoundExpression)? {
        guard case .binary(let op, let a, let b) = e else { return nil }
        if case .property(.slot(let s), let key) = a, s == slot, !b.slots.contains(slot) { return (key, op, b) }
        if case .property(.slot(let s), let key) = b, s == slot, !a.slots.contains(slot) {
            let flipped: BinaryOperator
            switch op {
            case .less: flipped = .greater
            case .greater: flipped = .less
            case .lessOrEqual: flipped = .greaterOrEqual
            case .greaterOrEqual: flipped = .lessOrEqual
            case .equal: flipped = .equal
            default: return nil
            }
            return (key, flipped, a)
        }
        return nil
    }
}

/// The counts the planner bases its choices on.
struct PlannerStatistics {
    let nodeCount: Int64
    let labelCount: (String) -> Int64
    let labelKeyCount: (String, String) -> Int64
    let distinctCount: (String, String) -> Int64

    /// Reads the counts from a storage transaction (names unknown to the
    /// store count 0).
    init(_ s: StorageTransaction) {
        nodeCount = (try? s.statistic(.nodes)) ?? 0
        labelCount = { label in
            guard let l = try? s.existingName(label) else { return 0 }
            return (try? s.statistic(.label(l))) ?? 0
        }
        labelKeyCount = { label, key in
            guard let l = try? s.existingName(label), let k = try? s.existingName(key) else { return 0 }
            return (try? s.statistic(.labelKey(l, k))) ?? 0
        }
        distinctCount = { label, key in
            guard let l = try? s.existingName(label), let k = try? s.existingName(key) else { return 0 }
            return (try? s.statistic(.distinct(l, k))) ?? 0
        }
    }
}

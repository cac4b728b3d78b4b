import LoreSyntax

/// Resolves a parsed statement: variables to row slots, names to functions,
/// and the semantic checks of openCypher (undefined or rebound variables,
/// type conflicts, misplaced aggregates, projection rules). Errors are
/// compile-time `SyntaxError`s with the TCK's detail codes, positioned.
///
/// Every variable of the statement gets its own slot in one row layout, so
/// a projection can add new slots while older ones stay readable (ORDER BY
/// may still use them).
struct Binder {
    enum Kind: Equatable {
        case node, relationship, relationshipList, path, value
    }

    struct Variable {
        var slot: Int
        var kind: Kind
    }

    typealias Scope = [String: Variable]

    var slotCount = 0
    var subqueries: [BoundSubquery] = []
    /// The name of each named slot, for EXPLAIN.
    var slotNames: [Int: String] = [:]
    /// What the binder knows of a slot's type, for compile-time type errors.
    var slotTypes: [Int: StaticType] = [:]
    let source: String

    init(source: String) { self.source = source }

    mutating func newSlot() -> Int {
        defer { slotCount += 1 }
        return slotCount
    }

    func error(_ code: String, _ message: String, _ range: SourceRange, kind: LoreError.Kind = .syntaxError)
        -> LoreError
    {
        LoreError(
            kind, code, message, phase: .compile,
            position: LoreError.Position(line: range.start.line, column: range.start.column), source: source)
    }

    // MARK: statements

    mutating func bind(_ statement: Statement) throws -> BoundStatement {
        switch statement.body {
        case .query(let query): return try bind(query)
        case .createConstraint(let c):
            guard c.properties.count == 1, case .property(let target, let key) = c.properties[0].kind,
                case .variable(let v) = target.kind, v == c.variable.text
            else {
                throw error("UnexpectedSyntax", "a unique constraint names one property of its variable", c.range)
            }
            return .createConstraint(
                name: c.name?.text, label: c.label.text, property: key.text, ifNotExists: c.ifNotExists)
        case .dropConstraint(let d): return .dropConstraint(name: d.name.text, ifExists: d.ifExists)
        case .showConstraints: return .showConstraints
        }
    }

    mutating func bind(_ query: Query) throws -> BoundStatement {
        var parts = [try bind(query.first)]
        var unionAll: Bool?
        for union in query.unions {
            if let all = unionAll, all != union.all {
                throw error("InvalidClauseComposition", "UNION and UNION ALL cannot be mixed", union.range)
            }
            unionAll = union.all
            let part = try bind(union.query)
            if part.columns.map(\.name) != parts[0].columns.map(\.name) {
                throw error("DifferentColumnsInUnion", "all parts of a UNION must return the same columns", union.range)
            }
            parts.append(part)
        }
        return .query(parts: parts, unionAll: unionAll ?? false, slotCount: slotCount, subqueries: subqueries)
    }

    mutating func bind(_ query: SingleQuery) throws -> BoundSingleQuery {
        var scope = Scope()
        var clauses: [BoundClause] = []
        var columns: [(String, Int)] = []
        for clause in query.clauses {
            switch clause {
            case .match(let m):
                let (pattern, newScope) = try bindPattern(m.pattern, scope, mode: .match)
                let predicate = try m.predicate.map { try predicateExpression($0, newScope) }
                clauses.append(.match(pattern, predicate: predicate, optional: m.optional))
                scope = newScope
            case .unwind(let u):
                let e = try expression(u.expression, scope)
                if scope[u.variable.text] != nil {
                    throw error(
                        "VariableAlreadyBound", "variable `\(u.variable.text)` already declared", u.variable.range)
                }
                let slot = newSlot()
                scope[u.variable.text] = Variable(slot: slot, kind: .value)
                slotNames[slot] = u.variable.text
                clauses.append(.unwind(e, slot: slot))
            case .with(let w):
                let (projection, newScope) = try bindProjection(
                    w.projection, scope, predicate: w.predicate, isReturn: false, range: w.range)
                clauses.append(.projection(projection))
                scope = newScope
            case .return(let r):
                let (projection, _) = try bindProjection(
                    r.projection, scope, predicate: nil, isReturn: true, range: r.range)
                clauses.append(.projection(projection))
                columns = projection.items.map { ($0.name, $0.slot) }
            case .create(let c):
                let (pattern, newScope) = try bindPattern(c.pattern, scope, mode: .create)
                clauses.append(.create(pattern))
                scope = newScope
            case .merge(let m):
                let (pattern, newScope) = try bindPattern([m.pattern], scope, mode: .merge)
                var onCreate: [BoundSetItem] = []
                var onMatch: [BoundSetItem] = []
                for action in m.actions {
                    let items = try action.items.map { try setItem($0, newScope) }
                    if action.trigger == .onCreate { onCreate += items } else { onMatch += items }
                }
                clauses.append(.merge(pattern, onCreate: onCreate, onMatch: onMatch))
                scope = newScope
            case .set(let s):
                clauses.append(.set(try s.items.map { try setItem($0, scope) }))
            case .remove(let r):
                clauses.append(.remove(try r.items.map { try removeItem($0, scope) }))
            case .delete(let d):
                let targets = try d.expressions.map { e -> BoundExpression in
                    if case .hasLabels = e.kind {
                        throw error(
                            "InvalidDelete", "DELETE takes nodes, relationships or paths, not label tests", e.range)
                    }
                    let bound = try expression(e, scope)
                    if case .literal = bound {
                        throw error("InvalidArgumentType", "DELETE takes nodes, relationships or paths", e.range)
                    }
                    if case .slot(let s) = bound, let v = scope.values.first(where: { $0.slot == s }), v.kind == .value
                    {
                        // A value variable may still hold a node at runtime.
                    }
                    return bound
                }
                clauses.append(.delete(targets, detach: d.detach))
            }
        }
        return BoundSingleQuery(clauses: clauses, columns: columns)
    }

    // MARK: patterns

    enum PatternMode { case match, create, merge, expression }

    mutating func bindPattern(_ parts: [PatternPart], _ outer: Scope, mode: PatternMode) throws -> (BoundPattern, Scope)
    {
        var pattern = BoundPattern()
        var scope = outer
        var relsInPattern = Set<String>()
        for part in parts {
            var pathNodes: [Int] = []
            var pathRels: [Int] = []
            pathNodes.append(
                try bindNode(part.element.start, &pattern, &scope, outer, mode, alone: part.element.links.isEmpty))
            for link in part.element.links {
                let left = pathNodes.last!
                let right = try bindNode(link.node, &pattern, &scope, outer, mode)
                let rel = try bindRelationship(
                    link.relationship, left: left, right: right, &pattern, &scope, outer, mode, &relsInPattern)
                pathRels.append(rel)
                pathNodes.append(right)
            }
            if let name = part.variable {
                if scope[name.text] != nil {
                    throw error("VariableAlreadyBound", "variable `\(name.text)` already declared", name.range)
                }
                let slot = newSlot()
                scope[name.text] = Variable(slot: slot, kind: .path)
                slotNames[slot] = name.text
                slotTypes[slot] = .path
                pattern.paths.append(BoundPath(slot: slot, nodes: pathNodes, relationships: pathRels))
            }
        }
        return (pattern, scope)
    }

    private mutating func bindNode(
        _ node: NodePattern, _ pattern: inout BoundPattern, _ scope: inout Scope, _ outer: Scope, _ mode: PatternMode,
        alone: Bool = false
    ) throws -> Int {
        let properties = try propertyMap(node.properties, scope)
        var slot: Int
        var isBound = false
        if let name = node.variable {
            if let existing = scope[name.text] {
                guard existing.kind == .node || existing.kind == .value else {
                    throw error("VariableTypeConflict", "`\(name.text)` is not a node", name.range)
                }
                if let t = slotTypes[existing.slot], t != .node, t != .null {
                    throw error("VariableTypeConflict", "`\(name.text)` is a \(t.rawValue), not a node", name.range)
                }
                slot = existing.slot
                isBound = outer[name.text] != nil
                if (mode == .create || mode == .merge) && (!node.labels.isEmpty || !properties.isEmpty || alone) {
                    throw error("VariableAlreadyBound", "variable `\(name.text)` already declared", name.range)
                }
            } else {
                slot = newSlot()
                scope[name.text] = Variable(slot: slot, kind: .node)
                slotNames[slot] = name.text
                slotTypes[slot] = .node
            }
            if mode == .expression && outer[name.text] == nil {
                // Pattern predicates may not introduce named variables.
                throw error("UndefinedVariable", "variable `\(name.text)` not defined", name.range)
            }
        } else {
            slot = newSlot()
        }
        pattern.nodes.append(
            BoundNodePattern(
                slot: slot, labels: node.labels.map(\.text), properties: properties, isBound: isBound, range: node.range
            ))
        return pattern.nodes.count - 1
    }

    private mutating func bindRelationship(
        _ rel: RelationshipPattern, left: Int, right: Int, _ pattern: inout BoundPattern, _ scope: inout Scope,
        _ outer: Scope, _ mode: PatternMode, _ seen: inout Set<String>
    ) throws -> Int {
        if mode == .create || mode == .merge, let name = rel.variable, scope[name.text] != nil {
            throw error("VariableAlreadyBound", "variable `\(name.text)` already declared", name.range)
        }
        if mode == .create || mode == .merge {
            if rel.types.count != 1 {
                throw error(
                    "NoSingleRelationshipType", "a relationship must have exactly one type to be created", rel.range)
            }
            if rel.direction == .undirected && mode == .create {
                throw error("RequiresDirectedRelationship", "only directed relationships can be created", rel.range)
            }
            if rel.length != nil {
                throw error("CreatingVarLength", "variable-length relationships cannot be created", rel.range)
            }
        }
        let properties = try propertyMap(rel.properties, scope)
        var length: (Int, Int?)?
        if let l = rel.length {
            length = (Int(l.minimum ?? 1), l.maximum.map { Int($0) })
        }
        var slot: Int
        var isBound = false
        if let name = rel.variable {
            if seen.contains(name.text) {
                throw error(
                    "RelationshipUniquenessViolation", "relationship `\(name.text)` appears twice in one pattern",
                    name.range)
            }
            seen.insert(name.text)
            if let existing = scope[name.text] {
                let wanted: Kind = length == nil ? .relationship : .relationshipList
                guard existing.kind == wanted || existing.kind == .value else {
                    throw error("VariableTypeConflict", "`\(name.text)` is not a relationship", name.range)
                }
                if let t = slotTypes[existing.slot], t != (length == nil ? .relationship : .list), t != .null {
                    throw error(
                        "VariableTypeConflict", "`\(name.text)` is a \(t.rawValue), not a relationship", name.range)
                }
                if mode == .create || mode == .merge {
                    throw error("VariableAlreadyBound", "variable `\(name.text)` already declared", name.range)
                }
                slot = existing.slot
                isBound = true
            } else {
                if mode == .expression {
                    throw error("UndefinedVariable", "variable `\(name.text)` not defined", name.range)
                }
                slot = newSlot()
                scope[name.text] = Variable(slot: slot, kind: length == nil ? .relationship : .relationshipList)
                slotNames[slot] = name.text
                slotTypes[slot] = length == nil ? .relationship : .list
            }
        } else {
            slot = newSlot()
        }
        pattern.relationships.append(
            BoundRelationshipPattern(
                slot: slot, types: rel.types.map(\.text), direction: rel.direction, left: left, right: right,
                properties: properties, length: length, isBound: isBound, range: rel.range))
        return pattern.relationships.count - 1
    }

    private mutating func propertyMap(_ e: Expression?, _ scope: Scope) throws -> [(String, BoundExpression)] {
        guard let e else { return [] }
        switch e.kind {
        case .map(let entries): return try entries.map { ($0.key.text, try expression($0.value, scope)) }
        case .parameter:
            throw error("InvalidParameterUse", "a parameter cannot stand for a pattern's property map", e.range)
        default: throw error("UnexpectedSyntax", "a pattern's properties must be a map", e.range)
        }
    }

    // MARK: updates

    mutating func setItem(_ item: SetItem, _ scope: Scope) throws -> BoundSetItem {
        switch item.kind {
        case .property(let target, let value):
            guard case .property(let owner, let key) = target.kind else {
                throw error("UnexpectedSyntax", "SET needs a property", target.range)
            }
            return .property(target: try expression(owner, scope), key: key.text, value: try expression(value, scope))
        case .replaceProperties(let v, let value):
            return .replaceProperties(slot: try variable(v, scope).slot, value: try expression(value, scope))
        case .mergeProperties(let v, let value):
            return .mergeProperties(slot: try variable(v, scope).slot, value: try expression(value, scope))
        case .labels(let v, let labels):
            return .labels(slot: try variable(v, scope).slot, labels: labels.map(\.text))
        }
    }

    mutating func removeItem(_ item: RemoveItem, _ scope: Scope) throws -> BoundRemoveItem {
        switch item.kind {
        case .property(let target):
            guard case .property(let owner, let key) = target.kind else {
                throw error("UnexpectedSyntax", "REMOVE needs a property or labels", target.range)
            }
            return .property(target: try expression(owner, scope), key: key.text)
        case .labels(let v, let labels):
            return .labels(slot: try variable(v, scope).slot, labels: labels.map(\.text))
        }
    }

    func variable(_ name: Name, _ scope: Scope) throws -> Variable {
        guard let v = scope[name.text] else {
            throw error("UndefinedVariable", "variable `\(name.text)` not defined", name.range)
        }
        return v
    }

    // MARK: projections

    mutating func bindProjection(
        _ p: Projection, _ scope: Scope, predicate: Expression?, isReturn: Bool, range: SourceRange
    ) throws -> (BoundProjection, Scope) {
        var items: [(name: String, slot: Int, expression: BoundExpression)] = []
        var newScope = Scope()
        var aggregates = AggregateCollector()
        var grouping: [Int] = []
        var astItems: [(name: String, expression: Expression?, alias: Bool, range: SourceRange)] = []
        if p.includesAll {
            if isReturn && scope.isEmpty && p.items.isEmpty {
                throw error("NoVariablesInScope", "RETURN * and WITH * need variables in scope", range)
            }
            for name in scope.keys.sorted() { astItems.append((name, nil, false, range)) }
        }
        for item in p.items {
            if !isReturn && item.alias == nil {
                if case .variable = item.expression.kind {
                } else {
                    throw error("NoExpressionAlias", "expressions in WITH must be aliased (use AS)", item.range)
                }
            }
            astItems.append((item.columnName, item.expression, item.alias != nil, item.range))
        }
        var names = Set<String>()
        for item in astItems {
            if !names.insert(item.name).inserted {
                throw error("ColumnNameConflict", "multiple result columns have the name `\(item.name)`", item.range)
            }
        }
        for item in astItems {
            let bound: BoundExpression
            let before = aggregates.items.count
            if let e = item.expression {
                bound = try expression(e, scope, aggregates: &aggregates)
            } else {
                bound = .slot(scope[item.name]!.slot)
            }
            let slot = newSlot()
            if aggregates.items.count == before && !containsAggregateSlot(bound, aggregates) {
                grouping.append(items.count)
            }
            items.append((item.name, slot, bound))
            var kind: Kind = .value
            if case .slot(let s) = bound, let v = scope.values.first(where: { $0.slot == s }) { kind = v.kind }
            newScope[item.name] = Variable(slot: slot, kind: kind)
            slotNames[slot] = item.name
            if let t = staticType(bound) { slotTypes[slot] = t }
        }
        let aggregating = !aggregates.items.isEmpty
        // ORDER BY sees the projected names, and (without DISTINCT or
        // aggregation) the variables of before too.
        var orderScope = newScope
        if !aggregating && !p.distinct {
            for (k, v) in scope where orderScope[k] == nil { orderScope[k] = v }
        }
        var order: [(BoundExpression, Bool)] = []
        for s in p.orderBy {
            // An ORDER BY expression that repeats a projected one reads its column.
            if let i = p.items.firstIndex(where: { $0.expression == s.expression }),
                i + (p.includesAll ? astItems.count - p.items.count : 0) < items.count
            {
                let index = i + (astItems.count - p.items.count)
                order.append((.slot(items[index].slot), s.direction == .ascending))
                continue
            }
            var sortAggregates = aggregates
            // After aggregation or DISTINCT, ORDER BY may repeat a projected
            // expression (even inside a larger one): it reads that column.
            if aggregating || p.distinct {
                sortAggregates.projected = zip(astItems, items).compactMap { a, b in a.expression.map { ($0, b.slot) } }
            }
            let e = try expression(s.expression, orderScope, aggregates: &sortAggregates)
            sortAggregates.projected = []
            if !aggregating && sortAggregates.items.count > aggregates.items.count {
                throw error("InvalidAggregation", "ORDER BY cannot aggregate unless the projection does", s.range)
            }
            aggregates = sortAggregates
            order.append((e, s.direction == .ascending))
        }
        let skip = try p.skip.map { try constantCount($0, "SKIP", scope) }
        let limit = try p.limit.map { try constantCount($0, "LIMIT", scope) }
        let wherePredicate = try predicate.map { e -> BoundExpression in
            var none = AggregateCollector(forbidden: true)
            none.patternAllowed = true
            // WITH ... WHERE may read the variables of before as well.
            return try expression(e, scope.merging(newScope) { _, new in new }, aggregates: &none)
        }
        if aggregating {
            // Every projected item that does not aggregate is a grouping key;
            // aggregate items may only use grouping keys outside aggregates.
            for (index, item) in items.enumerated() where !grouping.contains(index) {
                try checkAggregationOperands(
                    item.expression, items: items, grouping: grouping, scope: scope, range: astItems[index].range)
            }
        }
        let projection = BoundProjection(
            items: items, groupingItems: aggregating ? grouping : [], aggregates: aggregates.items,
            distinct: p.distinct,
            orderBy: order.map { ($0.0, $0.1) }, skip: skip, limit: limit, predicate: wherePredicate, isReturn: isReturn
        )
        return (projection, newScope)
    }

    private func containsAggregateSlot(_ e: BoundExpression, _ collector: AggregateCollector) -> Bool { false }

    /// Rejects `RETURN n.x, count(*) + m.y` where m is not a grouping key.
    private func checkAggregationOperands(
        _ e: BoundExpression, items: [(name: String, slot: Int, expression: BoundExpression)], grouping: [Int],
        scope: Scope, range: SourceRange
    ) throws {
        var used = Set<Int>()
        collectSlots(e, into: &used)
        let keySlots = Set(
            grouping.flatMap { i -> [Int] in
                var s = Set<Int>()
                collectSlots(items[i].expression, into: &s)
                return Array(s)
            })
        let variableSlots = Set(scope.values.map(\.slot))
        for slot in used where variableSlots.contains(slot) && !keySlots.contains(slot) {
            throw error(
                "AmbiguousAggregationExpression",
                "an expression mixing aggregates and variables may only use variables that are grouping keys", range)
        }
    }

    private func collectSlots(_ e: BoundExpression, into set: inout Set<Int>) {
        switch e {
        case .slot(let s): set.insert(s)
        case .literal, .parameter, .patternExists: break
        case .property(let x, _), .hasLabels(let x, _), .unary(_, let x), .isNull(let x, _): collectSlots(x, into: &set)
        case .list(let xs), .and(let xs), .or(let xs), .xor(let xs), .function(_, let xs):
            for x in xs { collectSlots(x, into: &set) }
        case .map(let entries): for (_, x) in entries { collectSlots(x, into: &set) }
        case .index(let a, let b), .binary(_, let a, let b):
            collectSlots(a, into: &set)
            collectSlots(b, into: &set)
        case .slice(let a, let b, let c):
            collectSlots(a, into: &set)
            if let b { collectSlots(b, into: &set) }
            if let c { collectSlots(c, into: &set) }
        case .caseWhen(let s, let alts, let o):
            if let s { collectSlots(s, into: &set) }
            for (w, t) in alts {
                collectSlots(w, into: &set)
                collectSlots(t, into: &set)
            }
            if let o { collectSlots(o, into: &set) }
        case .listComprehension(_, let src, let p, let proj):
            collectSlots(src, into: &set)
            if let p { collectSlots(p, into: &set) }
            if let proj { collectSlots(proj, into: &set) }
        case .quantifier(_, _, let src, let p):
            collectSlots(src, into: &set)
            if let p { collectSlots(p, into: &set) }
        case .patternComprehension(_, let p, let proj):
            if let p { collectSlots(p, into: &set) }
            collectSlots(proj, into: &set)
        }
    }

    /// SKIP and LIMIT: a constant non-negative integer expression.
    private mutating func constantCount(_ e: Expression, _ what: String, _ scope: Scope) throws -> BoundExpression {
        var none = AggregateCollector(forbidden: true)
        let bound = try expression(e, scope, aggregates: &none)
        if !bound.slots.isEmpty || bound.usesSubquery {
            throw error("NonConstantExpression", "\(what) must not depend on the rows", e.range)
        }
        switch bound {
        case .literal(.int(let i)) where i < 0:
            throw error("NegativeIntegerArgument", "\(what) cannot be negative", e.range)
        case .literal(.double):
            throw error("InvalidArgumentType", "\(what) must be an integer", e.range)
        default: return bound
        }
    }
}

/// Collects the aggregate calls of a projection while its expressions bind.
struct AggregateCollector {
    var items: [BoundAggregate] = []
    var forbidden = false
    var inside = false
    /// Expressions already projected, with their columns' slots.
    var projected: [(Expression, Int)] = []
    /// Whether a pattern may stand here as a predicate.
    var patternAllowed = false
}

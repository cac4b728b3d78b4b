import LoreSyntax

extension Binder {
    /// Binds an expression where aggregates are not allowed.
    mutating func expression(_ e: Expression, _ scope: Scope) throws -> BoundExpression {
        var none = AggregateCollector(forbidden: true)
        return try expression(e, scope, aggregates: &none)
    }

    /// Binds an expression; aggregate calls are collected into `aggregates`
    /// (and replaced by the slot their result lands in) unless it forbids them.
    /// Operands whose type is known at compile time and wrong for their
    /// operator are `InvalidArgumentType` errors.
    mutating func expression(_ e: Expression, _ scope: Scope, aggregates: inout AggregateCollector) throws
        -> BoundExpression
    {
        if let (_, slot) = aggregates.projected.first(where: { $0.0 == e }) { return .slot(slot) }
        let bound = try bindExpression(e, scope, aggregates: &aggregates)
        try checkTypes(bound, e.range)
        return bound
    }

    /// Binds a WHERE predicate, where patterns may stand as conditions.
    mutating func predicateExpression(_ e: Expression, _ scope: Scope) throws -> BoundExpression {
        var none = AggregateCollector(forbidden: true)
        none.patternAllowed = true
        return try expression(e, scope, aggregates: &none)
    }

    /// The type an expression is known to have before it runs, if any.
    func staticType(_ e: BoundExpression) -> StaticType? {
        switch e {
        case .literal(let d):
            switch d {
            case .null: return .null
            case .bool: return .boolean
            case .int: return .integer
            case .double: return .float
            case .string: return .string
            case .list: return .list
            case .map: return .map
            default: return nil
            }
        case .slot(let s): return slotTypes[s]
        case .list, .listComprehension, .patternComprehension: return .list
        case .map: return .map
        case .and, .or, .xor, .isNull, .quantifier, .patternExists, .hasLabels: return .boolean
        case .unary(.not, _): return .boolean
        case .binary(let op, _, _):
            switch op {
            case .equal, .notEqual, .less, .greater, .lessOrEqual, .greaterOrEqual, .in, .startsWith, .endsWith,
                .contains, .regexMatch:
                return .boolean
            default: return nil
            }
        default: return nil
        }
    }

    private func checkTypes(_ e: BoundExpression, _ range: SourceRange) throws {
        func wrong(_ what: String, kind: LoreError.Kind = .syntaxError) -> LoreError {
            error("InvalidArgumentType", what, range, kind: kind)
        }
        func requireBoolean(_ x: BoundExpression) throws {
            if let t = staticType(x), t != .boolean, t != .null {
                throw wrong("expected a boolean, found \(t.rawValue)")
            }
        }
        switch e {
        case .and(let xs), .or(let xs), .xor(let xs): for x in xs { try requireBoolean(x) }
        case .unary(.not, let x): try requireBoolean(x)
        case .property(let target, let key):
            if let t = staticType(target), [.boolean, .integer, .float, .string, .list, .path].contains(t) {
                throw wrong(
                    "cannot read property `\(key)` of \(t.rawValue)", kind: t == .path ? .syntaxError : .typeError)
            }
        case .function(.labels, let args) where args.count == 1:
            if let t = staticType(args[0]), t != .node, t != .null {
                throw wrong("labels() needs a node, found \(t.rawValue)")
            }
        case .function(.type, let args) where args.count == 1:
            if let t = staticType(args[0]), t != .relationship, t != .null {
                throw wrong("type() needs a relationship, found \(t.rawValue)")
            }
        case .function(.size, let args) where args.count == 1:
            if let t = staticType(args[0]), t == .path {
                throw wrong("size() takes a list or a string, not a path; use length()")
            }
        case .quantifier(_, _, let source, _), .listComprehension(_, let source, _, _):
            if let t = staticType(source), t != .list, t != .null {
                throw wrong("a list is needed here, found \(t.rawValue)")
            }
        case .binary(.in, _, let list):
            if let t = staticType(list), t != .list, t != .null {
                throw wrong("IN needs a list on its right, found \(t.rawValue)")
            }
        case .function(let f, let args) where [.properties, .keys].contains(f) && args.count == 1:
            if let t = staticType(args[0]), [.boolean, .integer, .float, .string, .list, .path].contains(t) {
                throw wrong("\(f.rawValue)() needs a node, relationship or map, found \(t.rawValue)")
            }
        default: break
        }
    }

    private mutating func bindExpression(_ e: Expression, _ scope: Scope, aggregates: inout AggregateCollector) throws
        -> BoundExpression
    {
        // Patterns stand as predicates only directly under WHERE or under
        // boolean operators there.
        let patternAllowed = aggregates.patternAllowed
        aggregates.patternAllowed = false
        defer { aggregates.patternAllowed = patternAllowed }
        func sub(_ x: Expression) throws -> BoundExpression { try expression(x, scope, aggregates: &aggregates) }
        func logical(_ x: Expression) throws -> BoundExpression {
            aggregates.patternAllowed = patternAllowed
            defer { aggregates.patternAllowed = false }
            return try expression(x, scope, aggregates: &aggregates)
        }
        switch e.kind {
        case .null: return .literal(.null)
        case .boolean(let b): return .literal(.bool(b))
        case .integer(let i): return .literal(.int(i))
        case .float(let d): return .literal(.double(d))
        case .string(let s): return .literal(.string(s))
        case .parameter(.named(let name)): return .parameter(name)
        case .parameter(.positional(let i)): return .parameter(String(i))
        case .variable(let name):
            guard let v = scope[name] else {
                throw error("UndefinedVariable", "variable `\(name)` not defined", e.range)
            }
            return .slot(v.slot)
        case .list(let items):
            let bound = try items.map(sub)
            if bound.allSatisfy({ if case .literal = $0 { return true } else { return false } }) {
                return .literal(.list(bound.map { if case .literal(let d) = $0 { return d } else { return .null } }))
            }
            return .list(bound)
        case .map(let entries): return .map(try entries.map { ($0.key.text, try sub($0.value)) })
        case .property(let target, let key): return .property(try sub(target), key.text)
        case .hasLabels(let target, let labels):
            if case .variable(let name) = target.kind, let v = scope[name], v.kind != .node && v.kind != .value {
                throw error("InvalidArgumentType", "labels can only be tested on nodes", target.range)
            }
            return .hasLabels(try sub(target), labels.map(\.text))
        case .index(let a, let b): return .index(try sub(a), try sub(b))
        case .slice(let a, let from, let to): return .slice(try sub(a), from: try from.map(sub), to: try to.map(sub))
        case .unary(.not, let x): return .unary(.not, try logical(x))
        case .unary(let op, let x):
            let bound = try sub(x)
            if op == .minus, case .literal(.int(let i)) = bound, i != .min { return .literal(.int(-i)) }
            if op == .minus, case .literal(.double(let d)) = bound { return .literal(.double(-d)) }
            return .unary(op, bound)
        case .binary(let op, let a, let b): return .binary(op, try sub(a), try sub(b))
        case .comparisonChain(let first, let links):
            var operands = [try sub(first)]
            for link in links { operands.append(try sub(link.operand)) }
            var parts: [BoundExpression] = []
            for (i, link) in links.enumerated() { parts.append(.binary(link.operator, operands[i], operands[i + 1])) }
            return parts.count == 1 ? parts[0] : .and(parts)
        case .and(let xs): return .and(try xs.map(logical))
        case .or(let xs): return .or(try xs.map(logical))
        case .xor(let xs): return .xor(try xs.map(logical))
        case .isNull(let x, let negated): return .isNull(try sub(x), negated: negated)
        case .countStar:
            if aggregates.inside {
                throw error("NestedAggregation", "an aggregate cannot contain another aggregate", e.range)
            }
            return try aggregate(.countStar, argument: nil, distinct: false, extra: nil, e.range, &aggregates)
        case .functionCall(let call):
            let name = call.qualifiedName
            if let fn = AggregateFunction.named(name) {
                if aggregates.inside {
                    throw error("NestedAggregation", "an aggregate cannot contain another aggregate", e.range)
                }
                let expected = (fn == .percentileCont || fn == .percentileDisc) ? 2 : 1
                guard call.arguments.count == expected else {
                    throw error("InvalidNumberOfArguments", "\(name) takes \(expected) argument(s)", e.range)
                }
                if aggregates.forbidden {
                    throw error("InvalidAggregation", "aggregates are not allowed here", e.range)
                }
                aggregates.inside = true
                defer { aggregates.inside = false }
                let argument = try sub(call.arguments[0])
                let extra = expected == 2 ? try sub(call.arguments[1]) : nil
                return try aggregate(
                    fn, argument: argument, distinct: call.distinct, extra: extra, e.range, &aggregates)
            }
            guard let fn = ScalarFunction.named(name) else {
                throw error("UnknownFunction", "unknown function `\(name)`", call.name.range)
            }
            return .function(fn, try call.arguments.map(sub))
        case .caseExpression(let c):
            return .caseWhen(
                subject: try c.subject.map(sub),
                alternatives: try c.alternatives.map { (try sub($0.when), try sub($0.then)) },
                otherwise: try c.otherwise.map(sub))
        case .listComprehension(let lc):
            let source = try sub(lc.source)
            var inner = scope
            let slot = newSlot()
            inner[lc.variable.text] = Variable(slot: slot, kind: .value)
            slotNames[slot] = lc.variable.text
            let predicate = try lc.predicate.map { try expression($0, inner, aggregates: &aggregates) }
            let projection = try lc.projection.map { try expression($0, inner, aggregates: &aggregates) }
            return .listComprehension(slot: slot, source: source, predicate: predicate, projection: projection)
        case .quantifier(let q):
            let source = try sub(q.source)
            var inner = scope
            let slot = newSlot()
            inner[q.variable.text] = Variable(slot: slot, kind: .value)
            slotNames[slot] = q.variable.text
            let predicate = try q.predicate.map { try expression($0, inner, aggregates: &aggregates) }
            return .quantifier(q.kind, slot: slot, source: source, predicate: predicate)
        case .pattern(let element):
            guard patternAllowed else {
                throw error("UnexpectedSyntax", "a pattern can stand only as a predicate (in WHERE)", e.range)
            }
            let (pattern, _) = try bindPattern(
                [PatternPart(variable: nil, element: element, range: e.range)], scope, mode: .expression)
            subqueries.append(BoundSubquery(pattern: pattern, predicate: nil))
            return .patternExists(SubqueryID(index: subqueries.count - 1))
        case .patternComprehension(let pc):
            let (pattern, inner) = try bindPattern(
                [PatternPart(variable: pc.variable, element: pc.pattern, range: e.range)], scope, mode: .match)
            let predicate = try pc.predicate.map { try expression($0, inner, aggregates: &aggregates) }
            let projection = try expression(pc.projection, inner, aggregates: &aggregates)
            subqueries.append(BoundSubquery(pattern: pattern, predicate: nil))
            return .patternComprehension(
                SubqueryID(index: subqueries.count - 1), predicate: predicate, projection: projection)
        }
    }

    private mutating func aggregate(
        _ fn: AggregateFunction, argument: BoundExpression?, distinct: Bool, extra: BoundExpression?,
        _ range: SourceRange, _ aggregates: inout AggregateCollector
    ) throws -> BoundExpression {
        if aggregates.forbidden {
            throw error("InvalidAggregation", "aggregates are not allowed here", range)
        }
        let slot = newSlot()
        aggregates.items.append(
            BoundAggregate(slot: slot, function: fn, argument: argument, distinct: distinct, extra: extra))
        return .slot(slot)
    }
}

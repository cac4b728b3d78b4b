import LoreSyntax

/// Evaluates bound expressions over a row with openCypher's semantics:
/// null propagates, comparisons of incomparable values give null, logic is
/// three-valued.
///
/// Errors follow the TCK's naming: a wrong operand type for an operator is
/// a `TypeError` (`InvalidArgumentType`, `MapElementAccessByNonString`,
/// `ListElementAccessByNonInteger`); a wrong argument type for a function
/// is a `TypeError` (`InvalidArgumentValue`); a value of the right type
/// that is out of bounds is an `ArgumentError` (`NumberOutOfRange`,
/// `InvalidArgumentValue`); integer overflow and integer division by zero
/// are `ArgumentError`s (`IntegerOverflow`, `DivisionByZero`).
struct Evaluator {
    /// Not owned: a `QueryContext` keeps its evaluator, so owning the
    /// context back would be a reference cycle that leaks every statement's
    /// context, transaction and caches. Whoever makes an evaluator keeps
    /// its context alive while evaluating.
    unowned let context: EvaluationContext
    /// Compiled regular expressions, so that `=~` in a filter compiles its
    /// pattern once rather than once per row.
    let regexCache = RegexCache()

    /// The value of `e` on `row`. `row` is inout because comprehensions and
    /// quantifiers bind their variable in a slot of it.
    func evaluate(_ e: BoundExpression, _ row: inout [Datum]) throws -> Datum {
        switch e {
        case .literal(let d): return d
        case .parameter(let name):
            guard let v = context.parameters[name] else {
                throw LoreError(.semanticError, "MissingParameter", "expected a value for parameter $\(name)")
            }
            return v
        case .slot(let i): return row[i]
        case .property(let target, let key):
            return try property(of: try evaluate(target, &row), key)
        case .hasLabels(let target, let labels):
            switch try evaluate(target, &row) {
            case .null: return .null
            case .node(let id):
                return .bool(try context.nodeHasLabels(id, labels))
            case let other:
                throw Evaluator.typeError(
                    "InvalidArgumentType", "labels can only be tested on nodes, not on a \(other.typeName)")
            }
        case .list(let items):
            var out: [Datum] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try evaluate(item, &row)) }
            return .list(out)
        case .map(let entries):
            var out: [String: Datum] = [:]
            for (k, v) in entries { out[k] = try evaluate(v, &row) }
            return .map(out)
        case .index(let target, let index):
            let container = try evaluate(target, &row)
            let key = try evaluate(index, &row)
            return try element(of: container, at: key)
        case .slice(let target, let from, let to):
            let list = try evaluate(target, &row)
            let lower = try from.map { try evaluate($0, &row) }
            let upper = try to.map { try evaluate($0, &row) }
            return try Evaluator.slice(list, from: lower, to: upper)
        case .unary(.not, let operand):
            guard let t = try truth(operand, &row) else { return .null }
            return .bool(!t)
        case .unary(.minus, let operand):
            return try Evaluator.negate(try evaluate(operand, &row))
        case .unary(.plus, let operand):
            let v = try evaluate(operand, &row)
            switch v {
            case .null, .int, .double: return v
            default: throw Evaluator.typeError("InvalidArgumentType", "unary + needs a number, found a \(v.typeName)")
            }
        case .binary(let op, let l, let r):
            let a = try evaluate(l, &row)
            let b = try evaluate(r, &row)
            return try binary(op, a, b)
        case .and(let items):
            var sawNull = false
            for item in items {
                switch try truth(item, &row) {
                case false?: return .bool(false)
                case nil: sawNull = true
                default: break
                }
            }
            return sawNull ? .null : .bool(true)
        case .or(let items):
            var sawNull = false
            for item in items {
                switch try truth(item, &row) {
                case true?: return .bool(true)
                case nil: sawNull = true
                default: break
                }
            }
            return sawNull ? .null : .bool(false)
        case .xor(let items):
            var result: Bool? = false
            // Every operand is evaluated (and type-checked) even once the
            // answer is known to be null.
            for item in items {
                let t = try truth(item, &row)
                if let r = result, let t { result = r != t } else { result = nil }
            }
            return result.map(Datum.bool) ?? .null
        case .isNull(let operand, let negated):
            return .bool(try evaluate(operand, &row).isNull != negated)
        case .function(let f, let arguments):
            return try call(f, arguments, &row)
        case .caseWhen(let subject, let alternatives, let otherwise):
            if let subject {
                let value = try evaluate(subject, &row)
                for (when, then) in alternatives where Evaluator.equals(value, try evaluate(when, &row)) == true {
                    return try evaluate(then, &row)
                }
            } else {
                for (when, then) in alternatives where try truth(when, &row) == true {
                    return try evaluate(then, &row)
                }
            }
            return try otherwise.map { try evaluate($0, &row) } ?? .null
        case .listComprehension(let slot, let source, let predicate, let projection):
            return try comprehension(slot: slot, source: source, predicate: predicate, projection: projection, &row)
        case .quantifier(let kind, let slot, let source, let predicate):
            return try quantifier(kind, slot: slot, source: source, predicate: predicate, &row)
        case .patternExists(let id):
            return .bool(!(try context.subqueryRows(id, row)).isEmpty)
        case .patternComprehension(let id, let predicate, let projection):
            var out: [Datum] = []
            for var inner in try context.subqueryRows(id, row) {
                if let predicate, try !passes(predicate, &inner) { continue }
                out.append(try evaluate(projection, &inner))
            }
            return .list(out)
        }
    }

    /// A predicate's three-valued truth: true, false, or nil for null.
    func truth(_ e: BoundExpression, _ row: inout [Datum]) throws -> Bool? {
        switch try evaluate(e, &row) {
        case .bool(let b): return b
        case .null: return nil
        case let other:
            throw Evaluator.typeError("InvalidArgumentType", "expected a boolean, found a \(other.typeName)")
        }
    }

    /// Whether a WHERE predicate passes (only true does).
    func passes(_ e: BoundExpression, _ row: inout [Datum]) throws -> Bool { try truth(e, &row) == true }

    // MARK: - Access

    /// `value.key`: a property of a node or relationship, an entry of a
    /// map, a field of a date; null on null.
    func property(of value: Datum, _ key: String) throws -> Datum {
        switch value {
        case .null: return .null
        case .node(let id): return try context.nodeProperty(id, key)
        case .relationship(let id): return try context.relationshipProperty(id, key)
        case .map(let m): return m[key] ?? .null
        case .date(let d): return try Evaluator.dateField(d, key)
        case let other:
            throw Evaluator.typeError("InvalidArgumentType", "cannot read property `\(key)` of a \(other.typeName)")
        }
    }

    /// `container[key]`: a list element (negative indexes count from the
    /// end, out of range is null) or a map entry, node or relationship
    /// property by a string key.
    func element(of container: Datum, at key: Datum) throws -> Datum {
        switch (container, key) {
        case (.null, _), (_, .null): return .null
        case (.list(let items), .int(let i)):
            let n = Int64(items.count)
            let at = i < 0 ? i + n : i
            return at >= 0 && at < n ? items[Int(at)] : .null
        case (.list, _):
            throw Evaluator.typeError(
                "ListElementAccessByNonInteger", "a list index must be an integer, not a \(key.typeName)")
        case (.map, .string(let k)), (.node, .string(let k)), (.relationship, .string(let k)), (.date, .string(let k)):
            return try property(of: container, k)
        case (.map, _), (.node, _), (.relationship, _):
            throw Evaluator.typeError(
                "MapElementAccessByNonString", "a map key must be a string, not a \(key.typeName)")
        default:
            throw Evaluator.typeError("InvalidArgumentType", "cannot index into a \(container.typeName)")
        }
    }

    // MARK: - Comprehensions and quantifiers

    private func elements(of source: BoundExpression, _ row: inout [Datum], for what: String) throws -> [Datum]? {
        switch try evaluate(source, &row) {
        case .null: return nil
        case .list(let items): return items
        case let other:
            throw Evaluator.typeError("InvalidArgumentType", "\(what) needs a list, found a \(other.typeName)")
        }
    }

    private func comprehension(
        slot: Int, source: BoundExpression, predicate: BoundExpression?, projection: BoundExpression?,
        _ row: inout [Datum]
    ) throws -> Datum {
        guard let items = try elements(of: source, &row, for: "a list comprehension") else { return .null }
        let saved = row[slot]
        defer { row[slot] = saved }
        var out: [Datum] = []
        out.reserveCapacity(items.count)
        for item in items {
            row[slot] = item
            if let predicate, try !passes(predicate, &row) { continue }
            out.append(try projection.map { try evaluate($0, &row) } ?? item)
        }
        return .list(out)
    }

    /// `all`, `any`, `none` and `single` with three-valued logic: an
    /// element whose predicate is null makes the answer null unless the
    /// other elements decide it.
    private func quantifier(
        _ kind: Quantifier.Kind, slot: Int, source: BoundExpression, predicate: BoundExpression?,
        _ row: inout [Datum]
    ) throws -> Datum {
        guard let items = try elements(of: source, &row, for: "\(kind)") else { return .null }
        let saved = row[slot]
        defer { row[slot] = saved }
        var trues = 0
        var unknowns = 0
        for item in items {
            row[slot] = item
            let t: Bool? = try predicate.map { try truth($0, &row) } ?? true
            switch t {
            case true?:
                trues += 1
                switch kind {
                case .any: return .bool(true)
                case .none: return .bool(false)
                case .single where trues > 1: return .bool(false)
                default: break
                }
            case false?:
                if kind == .all { return .bool(false) }
            case nil:
                unknowns += 1
            }
        }
        if unknowns > 0 { return .null }
        switch kind {
        case .all: return .bool(true)
        case .any: return .bool(false)
        case .none: return .bool(true)
        case .single: return .bool(trues == 1)
        }
    }

    // MARK: - Errors

    static func typeError(_ code: String, _ message: String) -> LoreError { LoreError(.typeError, code, message) }

    static func argumentError(_ code: String, _ message: String) -> LoreError {
        LoreError(.argumentError, code, message)
    }
}

/// Regular expressions compiled by an evaluator, by pattern.
final class RegexCache {
    var compiled: [String: Regex<AnyRegexOutput>] = [:]
}

extension Datum {
    /// The value as a Double when it is a number.
    var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
}

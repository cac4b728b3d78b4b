import LoreSyntax

/// Evaluates bound expressions over a row with openCypher's semantics:
/// null propagates, comparisons of incomparable values give null, logic is
/// three-valued.
struct Evaluator {
    let context: EvaluationContext

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
            switch try evaluate(target, &row) {
            case .null: return .null
            case .node(let id): return try context.nodeProperty(id, key)
            case .relationship(let id): return try context.relationshipProperty(id, key)
            case .map(let m): return m[key] ?? .null
            case let other:
                throw LoreError(
                    .typeError, "InvalidArgumentType", "cannot read property `\(key)` of a \(other.typeName)")
            }
        case .hasLabels(let target, let labels):
            switch try evaluate(target, &row) {
            case .null: return .null
            case .node(let id):
                let have = try context.nodeLabels(id)
                return .bool(labels.allSatisfy(have.contains))
            case let other:
                throw LoreError(
                    .typeError, "InvalidArgumentType", "labels can only be tested on nodes, not on a \(other.typeName)")
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
            var result = false
            for item in items {
                guard let t = try truth(item, &row) else { return .null }
                result = result != t
            }
            return .bool(result)
        case .unary(.not, let operand):
            guard let t = try truth(operand, &row) else { return .null }
            return .bool(!t)
        case .isNull(let operand, let negated):
            return .bool(try evaluate(operand, &row).isNull != negated)
        case .binary(let op, let l, let r):
            return try binary(op, try evaluate(l, &row), try evaluate(r, &row))
        case .unary(.minus, let operand):
            switch try evaluate(operand, &row) {
            case .null: return .null
            case .int(let i):
                guard i != .min else {
                    throw LoreError(.argumentError, "IntegerOverflow", "integer overflow negating \(i)")
                }
                return .int(-i)
            case .double(let d): return .double(-d)
            case let other: throw LoreError(.typeError, "InvalidArgumentType", "cannot negate a \(other.typeName)")
            }
        case .unary(.plus, let operand): return try evaluate(operand, &row)
        default:
            throw LoreError(.semanticError, "Unsupported", "this expression is not supported yet")
        }
    }

    /// A predicate's three-valued truth: true, false, or nil for null.
    func truth(_ e: BoundExpression, _ row: inout [Datum]) throws -> Bool? {
        switch try evaluate(e, &row) {
        case .bool(let b): return b
        case .null: return nil
        case let other:
            throw LoreError(.typeError, "InvalidArgumentType", "expected a boolean, found a \(other.typeName)")
        }
    }

    /// Whether a WHERE predicate passes (only true does).
    func passes(_ e: BoundExpression, _ row: inout [Datum]) throws -> Bool { try truth(e, &row) == true }

    func binary(_ op: BinaryOperator, _ a: Datum, _ b: Datum) throws -> Datum {
        switch op {
        case .equal: return Evaluator.equals(a, b).map(Datum.bool) ?? .null
        case .notEqual: return Evaluator.equals(a, b).map { .bool(!$0) } ?? .null
        case .less, .greater, .lessOrEqual, .greaterOrEqual:
            guard let c = Evaluator.compare(a, b) else { return .null }
            switch op {
            case .less: return .bool(c < 0)
            case .greater: return .bool(c > 0)
            case .lessOrEqual: return .bool(c <= 0)
            default: return .bool(c >= 0)
            }
        case .add:
            switch (a, b) {
            case (.null, _), (_, .null): return .null
            case (.int(let x), .int(let y)):
                let (r, o) = x.addingReportingOverflow(y)
                if o { throw LoreError(.argumentError, "IntegerOverflow", "integer overflow adding \(x) and \(y)") }
                return .int(r)
            case (.string(let x), .string(let y)): return .string(x + y)
            case (.list(let x), .list(let y)): return .list(x + y)
            case (.list(let x), let y): return .list(x + [y])
            case (let x, .list(let y)): return .list([x] + y)
            default:
                if let x = a.number, let y = b.number { return .double(x + y) }
                throw LoreError(.typeError, "InvalidArgumentType", "cannot add a \(a.typeName) and a \(b.typeName)")
            }
        default:
            throw LoreError(.semanticError, "Unsupported", "operator \(op.rawValue) is not supported yet")
        }
    }

    /// openCypher's ternary equality: nil when the answer is unknown (null
    /// involved, or NaN).
    static func equals(_ a: Datum, _ b: Datum) -> Bool? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.list(let x), .list(let y)):
            guard x.count == y.count else { return false }
            var unknown = false
            for (p, q) in zip(x, y) {
                switch equals(p, q) {
                case false?: return false
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? nil : true
        default:
            if let x = a.number, let y = b.number, x.isNaN || y.isNaN { return false }
            if a.number != nil && b.number != nil { return Datum.compareNumbers(a, b) == 0 }
            return Datum.orderCompare(a, b) == 0
        }
    }

    /// openCypher's comparison for `<` and friends: nil when the values are
    /// not comparable (different types, null, NaN).
    static func compare(_ a: Datum, _ b: Datum) -> Int? {
        switch (a, b) {
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double):
            if let x = a.number, let y = b.number, x.isNaN || y.isNaN { return nil }
            return Datum.compareNumbers(a, b)
        case (.string, .string), (.bool, .bool), (.date, .date): return Datum.orderCompare(a, b)
        default: return nil
        }
    }
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

/// The running state of one aggregate over one group.
struct AggregateState {
    let function: AggregateFunction
    private var count: Int64 = 0
    private var sumInt: Int64 = 0
    private var sumDouble: Double = 0
    private var sawDouble = false
    private var best: Datum = .null
    private var items: [Datum] = []

    init(_ function: AggregateFunction) { self.function = function }

    /// Adds one input (the argument's value; ignored for `count(*)`).
    mutating func add(_ value: Datum) throws {
        if function == .countStar {
            count += 1
            return
        }
        if value.isNull { return }
        count += 1
        switch function {
        case .count, .countStar: break
        case .sum, .avg:
            switch value {
            case .int(let i):
                let (r, o) = sumInt.addingReportingOverflow(i)
                if o { throw LoreError(.argumentError, "IntegerOverflow", "integer overflow in \(function.rawValue)") }
                sumInt = r
            case .double(let d):
                sawDouble = true
                sumDouble += d
            default:
                throw LoreError(
                    .typeError, "InvalidArgumentType", "\(function.rawValue) needs numbers, found a \(value.typeName)")
            }
        case .min:
            if best.isNull || Datum.orderCompare(value, best) < 0 { best = value }
        case .max:
            if best.isNull || Datum.orderCompare(value, best) > 0 { best = value }
        case .collect: items.append(value)
        default:
            throw LoreError(.semanticError, "Unsupported", "\(function.rawValue) is not supported yet")
        }
    }

    /// The aggregate's value.
    func result() -> Datum {
        switch function {
        case .count, .countStar: return .int(count)
        case .sum: return sawDouble ? .double(sumDouble + Double(sumInt)) : .int(sumInt)
        case .avg: return count == 0 ? .null : .double((sumDouble + Double(sumInt)) / Double(count))
        case .min, .max: return best
        case .collect: return .list(items)
        default: return .null
        }
    }
}

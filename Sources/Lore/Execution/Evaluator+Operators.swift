import LoreSyntax

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The outcome of comparing two values with `<` and its kin.
enum ComparisonOutcome: Equatable {
    /// The values are ordered: -1, 0 or 1.
    case ordered(Int)
    /// Numbers one of which is NaN: every ordering comparison is false.
    case unordered
    /// The values cannot be compared (null, different types): null.
    case incomparable
}

extension Evaluator {
    /// A binary operator applied to two evaluated operands.
    func binary(_ op: BinaryOperator, _ a: Datum, _ b: Datum) throws -> Datum {
        switch op {
        case .equal: return Evaluator.equals(a, b).map(Datum.bool) ?? .null
        case .notEqual: return Evaluator.equals(a, b).map { .bool(!$0) } ?? .null
        case .less, .greater, .lessOrEqual, .greaterOrEqual:
            switch Evaluator.compareOutcome(a, b) {
            case .incomparable: return .null
            case .unordered: return .bool(false)
            case .ordered(let c):
                switch op {
                case .less: return .bool(c < 0)
                case .greater: return .bool(c > 0)
                case .lessOrEqual: return .bool(c <= 0)
                default: return .bool(c >= 0)
                }
            }
        case .add, .subtract, .multiply, .divide, .modulo, .power:
            return try Evaluator.arithmetic(op, a, b)
        case .in: return try Evaluator.membership(a, b)
        case .startsWith, .endsWith, .contains:
            guard case .string(let s) = a, case .string(let p) = b else { return .null }
            switch op {
            case .startsWith: return .bool(s.utf8.starts(with: p.utf8))
            case .endsWith: return .bool(s.utf8.reversed().starts(with: p.utf8.reversed()))
            default: return .bool(Evaluator.utf8Contains(s, p))
            }
        case .regexMatch:
            guard case .string(let s) = a, case .string(let p) = b else { return .null }
            return .bool(try s.wholeMatch(of: regex(p)) != nil)
        }
    }

    /// The compiled form of a pattern, with Java's matching rules: code
    /// points (not grapheme clusters) and ASCII-only `\d`, `\w`, `\s`.
    func regex(_ pattern: String) throws -> Regex<AnyRegexOutput> {
        if let r = regexCache.compiled[pattern] { return r }
        let r: Regex<AnyRegexOutput>
        do {
            r = try Regex(pattern).matchingSemantics(.unicodeScalar).asciiOnlyDigits().asciiOnlyWhitespace()
                .asciiOnlyWordCharacters()
        } catch {
            throw Evaluator.argumentError("InvalidArgumentValue", "invalid regular expression '\(pattern)': \(error)")
        }
        if regexCache.compiled.count > 64 { regexCache.compiled.removeAll() }
        regexCache.compiled[pattern] = r
        return r
    }

    static func utf8Contains(_ s: String, _ p: String) -> Bool {
        if p.isEmpty { return true }
        return Array(s.utf8).firstRange(of: Array(p.utf8)) != nil
    }

    // MARK: - Arithmetic

    static func negate(_ v: Datum) throws -> Datum {
        switch v {
        case .null: return .null
        case .int(let i):
            guard i != .min else { throw argumentError("IntegerOverflow", "integer overflow negating \(i)") }
            return .int(-i)
        case .double(let d): return .double(-d)
        default: throw typeError("InvalidArgumentType", "cannot negate a \(v.typeName)")
        }
    }

    /// `+ - * / % ^`: integers stay integers (overflow is an error,
    /// division truncates), a float operand makes the result a float, `^`
    /// is always a float; `+` also joins strings and lists.
    static func arithmetic(_ op: BinaryOperator, _ a: Datum, _ b: Datum) throws -> Datum {
        if a.isNull || b.isNull { return .null }
        if case .int(let x) = a, case .int(let y) = b {
            let (r, overflow): (Int64, Bool)
            switch op {
            case .add: (r, overflow) = x.addingReportingOverflow(y)
            case .subtract: (r, overflow) = x.subtractingReportingOverflow(y)
            case .multiply: (r, overflow) = x.multipliedReportingOverflow(by: y)
            case .divide:
                guard y != 0 else { throw argumentError("DivisionByZero", "division of \(x) by zero") }
                (r, overflow) = x.dividedReportingOverflow(by: y)
            case .modulo:
                guard y != 0 else { throw argumentError("DivisionByZero", "modulo of \(x) by zero") }
                // Int64.min % -1 overflows in hardware; the answer is 0.
                (r, overflow) = y == -1 ? (0, false) : x.remainderReportingOverflow(dividingBy: y)
            default: return .double(pow(Double(x), Double(y)))
            }
            if overflow {
                throw argumentError("IntegerOverflow", "integer overflow computing \(x) \(op.rawValue) \(y)")
            }
            return .int(r)
        }
        if let x = a.number, let y = b.number {
            switch op {
            case .add: return .double(x + y)
            case .subtract: return .double(x - y)
            case .multiply: return .double(x * y)
            case .divide: return .double(x / y)
            case .modulo: return .double(x.truncatingRemainder(dividingBy: y))
            default: return .double(pow(x, y))
            }
        }
        if op == .add {
            switch (a, b) {
            case (.list(let x), .list(let y)): return .list(x + y)
            case (.list(let x), _): return .list(x + [b])
            case (_, .list(let y)): return .list([a] + y)
            case (.string(let x), .string(let y)): return .string(x + y)
            case (.string(let x), .int), (.string(let x), .double): return .string(x + numberText(b))
            case (.int, .string(let y)), (.double, .string(let y)): return .string(numberText(a) + y)
            default: break
            }
        }
        throw typeError("InvalidArgumentType", "cannot compute \(a.typeName) \(op.rawValue) \(b.typeName)")
    }

    private static func numberText(_ v: Datum) -> String {
        switch v {
        case .int(let i): return String(i)
        case .double(let d): return formatDouble(d)
        default: return ""
        }
    }

    // MARK: - Comparison

    /// openCypher's ternary equality: nil when the answer is unknown (null
    /// involved where it matters). Values of different types are not
    /// equal; NaN equals nothing; maps are equal when they have the same
    /// keys and equal values; lists when they have the same length and
    /// equal elements.
    static func equals(_ a: Datum, _ b: Datum) -> Bool? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.list(let x), .list(let y)):
            guard x.count == y.count else { return false }
            return allEqual(zip(x, y))
        case (.map(let x), .map(let y)):
            guard x.count == y.count, x.keys.allSatisfy({ y[$0] != nil }) else { return false }
            return allEqual(x.map { ($0.value, y[$0.key]!) })
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double):
            if let x = a.number, let y = b.number, x.isNaN || y.isNaN { return false }
            return Datum.compareNumbers(a, b) == 0
        default:
            return Datum.orderCompare(a, b) == 0
        }
    }

    private static func allEqual<S: Sequence>(_ pairs: S) -> Bool? where S.Element == (Datum, Datum) {
        var unknown = false
        for (p, q) in pairs {
            switch equals(p, q) {
            case false?: return false
            case nil: unknown = true
            default: break
            }
        }
        return unknown ? nil : true
    }

    /// openCypher's comparison for `<` and friends: nil when the values are
    /// not comparable (different types, null, NaN).
    static func compare(_ a: Datum, _ b: Datum) -> Int? {
        if case .ordered(let c) = compareOutcome(a, b) { return c }
        return nil
    }

    /// Numbers compare by value, strings by code point, booleans (false
    /// first), dates; lists element by element (the first pair that
    /// differs decides, a shorter list that is a prefix comes first).
    /// Anything else — null, maps, graph elements, mixed types — is
    /// incomparable.
    static func compareOutcome(_ a: Datum, _ b: Datum) -> ComparisonOutcome {
        switch (a, b) {
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double):
            if let x = a.number, let y = b.number, x.isNaN || y.isNaN { return .unordered }
            return .ordered(Datum.compareNumbers(a, b))
        case (.string, .string), (.bool, .bool), (.date, .date): return .ordered(Datum.orderCompare(a, b))
        case (.list(let x), .list(let y)):
            for (p, q) in zip(x, y) {
                let c = compareOutcome(p, q)
                if c != .ordered(0) { return c }
            }
            return .ordered(x.count == y.count ? 0 : (x.count < y.count ? -1 : 1))
        default: return .incomparable
        }
    }

    /// `x IN list`: true when an element equals `x`; otherwise null when
    /// some comparison was unknown, else false.
    static func membership(_ x: Datum, _ list: Datum) throws -> Datum {
        switch list {
        case .null: return .null
        case .list(let items):
            var unknown = false
            for item in items {
                switch equals(x, item) {
                case true?: return .bool(true)
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? .null : .bool(false)
        default:
            throw typeError("InvalidArgumentType", "IN needs a list on its right, found a \(list.typeName)")
        }
    }
}

extension Evaluator {
    /// `list[from..to]`: bounds count from the end when negative, are
    /// clamped to the list, and an absent bound is the list's end; a null
    /// list or a null bound gives null.
    static func slice(_ value: Datum, from: Datum?, to: Datum?) throws -> Datum {
        guard case .list(let items) = value else {
            if value.isNull { return .null }
            throw typeError("InvalidArgumentType", "cannot slice a \(value.typeName)")
        }
        let n = Int64(items.count)
        func bound(_ d: Datum?, _ absent: Int64) throws -> Int64? {
            guard let d else { return absent }
            switch d {
            case .null: return nil
            case .int(let i): return Swift.min(Swift.max(i < 0 ? i + n : i, 0), n)
            default:
                throw typeError(
                    "ListElementAccessByNonInteger", "a slice bound must be an integer, not a \(d.typeName)")
            }
        }
        let lower = try bound(from, 0)
        let upper = try bound(to, n)
        guard let lower, let upper else { return .null }
        return lower < upper ? .list(Array(items[Int(lower)..<Int(upper)])) : .list([])
    }

    /// The most elements `range()` builds.
    static let rangeLimit: Int64 = 1 << 27

    /// `range(start, end, step)`: integers from `start` to `end` inclusive.
    static func range(_ arguments: [Datum]) throws -> Datum {
        if arguments.contains(where: \.isNull) { return .null }
        var ints: [Int64] = []
        for a in arguments {
            guard case .int(let i) = a else {
                throw argumentError("InvalidArgumentType", "range() needs integer arguments, found a \(a.typeName)")
            }
            ints.append(i)
        }
        let start = ints[0]
        let end = ints[1]
        let step = ints.count > 2 ? ints[2] : 1
        guard step != 0 else { throw argumentError("NumberOutOfRange", "range() needs a step other than 0") }
        if (step > 0 && start > end) || (step < 0 && start < end) { return .list([]) }
        let span = (Int128(end) - Int128(start)).magnitude
        let count = span / Int128(step).magnitude + 1
        guard count <= UInt128(rangeLimit) else {
            throw argumentError("NumberOutOfRange", "range() would build \(count) elements, more than \(rangeLimit)")
        }
        var out: [Datum] = []
        out.reserveCapacity(Int(count))
        var v = Int128(start)
        for _ in 0..<Int(count) {
            out.append(.int(Int64(v)))
            v += Int128(step)
        }
        return .list(out)
    }

    /// The list argument of a list function, nil for null.
    static func listArgument(_ v: Datum, _ function: ScalarFunction) throws -> [Datum]? {
        switch v {
        case .null: return nil
        case .list(let items): return items
        default: throw invalidArgument(function, v)
        }
    }
}

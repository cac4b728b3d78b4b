extension BoundExpression {
    /// The slots the expression reads.
    var slots: Set<Int> {
        var set = Set<Int>()
        collect(into: &set)
        return set
    }

    /// Whether the expression runs a pattern subquery.
    var usesSubquery: Bool {
        switch self {
        case .patternExists, .patternComprehension: return true
        case .literal, .parameter, .slot: return false
        case .property(let x, _), .hasLabels(let x, _), .unary(_, let x), .isNull(let x, _): return x.usesSubquery
        case .list(let xs), .and(let xs), .or(let xs), .xor(let xs), .function(_, let xs):
            return xs.contains { $0.usesSubquery }
        case .map(let entries): return entries.contains { $0.1.usesSubquery }
        case .index(let a, let b), .binary(_, let a, let b): return a.usesSubquery || b.usesSubquery
        case .slice(let a, let b, let c):
            return a.usesSubquery || (b?.usesSubquery ?? false) || (c?.usesSubquery ?? false)
        case .caseWhen(let s, let alts, let o):
            return (s?.usesSubquery ?? false) || alts.contains { $0.0.usesSubquery || $0.1.usesSubquery }
                || (o?.usesSubquery ?? false)
        case .listComprehension(_, let s, let p, let q):
            return s.usesSubquery || (p?.usesSubquery ?? false) || (q?.usesSubquery ?? false)
        case .quantifier(_, _, let s, let p): return s.usesSubquery || (p?.usesSubquery ?? false)
        }
    }

    private func collect(into set: inout Set<Int>) {
        switch self {
        case .slot(let s): set.insert(s)
        case .literal, .parameter, .patternExists: break
        case .property(let x, _), .hasLabels(let x, _), .unary(_, let x), .isNull(let x, _): x.collect(into: &set)
        case .list(let xs), .and(let xs), .or(let xs), .xor(let xs), .function(_, let xs):
            for x in xs { x.collect(into: &set) }
        case .map(let entries): for (_, x) in entries { x.collect(into: &set) }
        case .index(let a, let b), .binary(_, let a, let b):
            a.collect(into: &set)
            b.collect(into: &set)
        case .slice(let a, let b, let c):
            a.collect(into: &set)
            b?.collect(into: &set)
            c?.collect(into: &set)
        case .caseWhen(let s, let alts, let o):
            s?.collect(into: &set)
            for (w, t) in alts {
                w.collect(into: &set)
                t.collect(into: &set)
            }
            o?.collect(into: &set)
        case .listComprehension(_, let src, let p, let proj):
            src.collect(into: &set)
            p?.collect(into: &set)
            proj?.collect(into: &set)
        case .quantifier(_, _, let src, let p):
            src.collect(into: &set)
            p?.collect(into: &set)
        case .patternComprehension(_, let p, let proj):
            p?.collect(into: &set)
            proj.collect(into: &set)
        }
    }

    /// The conjuncts of a predicate (`a AND b AND c` gives three).
    var conjuncts: [BoundExpression] {
        if case .and(let xs) = self { return xs.flatMap(\.conjuncts) }
        return [self]
    }
}

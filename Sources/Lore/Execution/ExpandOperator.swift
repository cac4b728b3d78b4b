/// Follows relationships from a bound node: one hop, or with a length, a
/// depth-first walk of every path between the bounds in which no
/// relationship repeats. Reads adjacency entries only; records are read
/// later, if at all.
final class ExpandOperator: SingleInputOperator {
    let spec: ExpandSpec
    private var typeIDs: [UInt32?] = []
    private var typesKnown = true
    private var current: [Datum]?
    private var found: [(rel: Datum, other: UInt64)] = []
    private var position = 0

    init(_ context: QueryContext, _ input: Operator, _ spec: ExpandSpec) {
        self.spec = spec
        super.init(context, input)
    }

    override func reset() throws {
        current = nil
        found = []
        position = 0
        let ids = try ExpandOperator.typeIDs(spec.types, context.storage)
        typeIDs = ids ?? []
        typesKnown = ids != nil
    }

    override func produce() throws -> [Datum]? {
        while true {
            if current != nil, position < found.count {
                // The row is changed in place and handed out: when the
                // consumer has let go of the last one (most do, before
                // asking for the next), the buffer is unique and no copy
                // is made; one that keeps rows gets a copy on write.
                let (rel, other) = found[position]
                position += 1
                var row = current.take()!
                row[spec.relationship] = rel
                row[spec.to] = .node(other)
                current = row
                return row
            }
            guard var row = try input.next() else { return nil }
            current = row
            position = 0
            found = []
            guard typesKnown, case .node(let from) = row[spec.from] else { continue }
            var excluded = Set<UInt64>()
            for slot in spec.distinctFrom {
                switch row[slot] {
                case .relationship(let r): excluded.insert(r)
                case .list(let items): for case .relationship(let r) in items { excluded.insert(r) }
                default: break
                }
            }
            let target: UInt64? = spec.toIsBound ? (row[spec.to].nodeID ?? UInt64.max) : nil
            if spec.toIsBound && target == UInt64.max { continue }
            if let length = spec.length {
                try walk(from: from, length: length, target: target, excluded: excluded, row: &row)
            } else {
                let boundRel: UInt64? = spec.relationshipIsBound ? row[spec.relationship].relationshipID : nil
                if spec.relationshipIsBound && boundRel == nil { continue }
                for t in typeIDs {
                    try context.storage.forEachAdjacency(of: from, direction: spec.direction, type: t) {
                        _, other, rel, _ in
                        if excluded.contains(rel) { return true }
                        if let target, other != target { return true }
                        if let boundRel, rel != boundRel { return true }
                        found.append((.relationship(rel), other))
                        return true
                    }
                }
            }
        }
    }

    /// The ids to walk the adjacency lists with for relationship `types`:
    /// [nil] (any type) when none are given, else each type the store knows,
    /// once; nil when none of them is known, so that nothing matches.
    static func typeIDs(_ types: [String], _ storage: StorageTransaction) throws -> [UInt32?]? {
        if types.isEmpty { return [nil] }
        var known: [UInt32] = []
        for type in types {
            if let id = try storage.existingName(type), !known.contains(id) { known.append(id) }
        }
        return known.isEmpty ? nil : known.map { Optional($0) }
    }

    /// Every path of `length` hops from `from`, as lists of relationships.
    private func walk(
        from: UInt64, length: (min: Int, max: Int?), target: UInt64?, excluded: Set<UInt64>, row: inout [Datum]
    )
        throws
    {
        var pathRels: [UInt64] = []
        var used = excluded
        let maximum = length.max ?? Int.max
        var required: [(UInt32, Datum)] = []
        for (key, e) in spec.relationshipProperties {
            guard let k = try context.storage.existingName(key) else { return }
            required.append((k, try evaluator.evaluate(e, &row)))
        }
        func visit(_ node: UInt64, depth: Int) throws {
            try context.checkCancellation()
            if depth >= length.min && (target == nil || node == target) {
                found.append((.list(pathRels.map(Datum.relationship)), node))
            }
            if depth >= maximum { return }
            var next: [(UInt64, UInt64)] = []
            for t in typeIDs {
                try context.storage.forEachAdjacency(of: node, direction: spec.direction, type: t) { _, other, rel, _ in
                    if !used.contains(rel) { next.append((rel, other)) }
                    return true
                }
            }
            for (rel, other) in next {
                if !required.isEmpty {
                    guard let record = try context.storage.relationshipRecord(rel) else { continue }
                    let ok = required.allSatisfy { k, v in
                        record.value(k).map { Evaluator.equals(Datum($0), v) == true } ?? false
                    }
                    if !ok { continue }
                }
                used.insert(rel)
                pathRels.append(rel)
                try visit(other, depth: depth + 1)
                pathRels.removeLast()
                used.remove(rel)
            }
        }
        try visit(from, depth: 0)
    }
}

extension Datum {
    var nodeID: UInt64? {
        if case .node(let id) = self { return id }
        return nil
    }
    var relationshipID: UInt64? {
        if case .relationship(let id) = self { return id }
        return nil
    }
}

/// Groups rows by keys and computes aggregates per group; without keys,
/// one row even for no input.
final class AggregateOperator: SingleInputOperator {
    let keys: [(slot: Int, expression: BoundExpression)]
    let aggregates: [BoundAggregate]
    private var output = MaterializedRows()

    init(
        _ context: QueryContext, _ input: Operator, keys: [(slot: Int, expression: BoundExpression)],
        aggregates: [BoundAggregate]
    ) {
        self.keys = keys
        self.aggregates = aggregates
        super.init(context, input)
    }

    override func reset() throws { output.reset() }

    override func produce() throws -> [Datum]? {
        if !output.areMade {
            let made = try aggregate()
            output.hold(made)
        }
        return output.next()
    }

    /// Groups rows and folds each into its group's aggregate states. The
    /// states of all groups lie in one flat array, group after group, so
    /// that adding to one is a single indexed write.
    private func aggregate() throws -> [[Datum]] {
        let width = aggregates.count
        let anyDistinct = aggregates.contains { $0.distinct }
        let blank = aggregates.map { AggregateState($0.function) }
        var groups: [[Datum]: Int] = [:]
        // One key (the common case) is looked up as itself, not as an array.
        var singleKeyGroups: [Datum: Int] = [:]
        var firstRows: [[Datum]] = []
        var states: [AggregateState] = []
        var seen: [Set<Datum>] = []
        func open(_ row: [Datum]) -> Int {
            firstRows.append(row)
            states.append(contentsOf: blank)
            if anyDistinct { seen.append(contentsOf: repeatElement([], count: width)) }
            return firstRows.count - 1
        }
        while var row = try input.next() {
            let index: Int
            if keys.count == 1 {
                let key = try evaluator.evaluate(keys[0].expression, &row)
                if let i = singleKeyGroups[key] {
                    index = i
                } else {
                    var first = row
                    first[keys[0].slot] = key
                    index = open(first)
                    singleKeyGroups[key] = index
                }
            } else {
                var key: [Datum] = []
                key.reserveCapacity(keys.count)
                for k in keys { key.append(try evaluator.evaluate(k.expression, &row)) }
                if let i = groups[key] {
                    index = i
                } else {
                    var first = row
                    for (i, k) in keys.enumerated() { first[k.slot] = key[i] }
                    index = open(first)
                    groups[key] = index
                }
            }
            let base = index * width
            for i in 0..<width {
                let value = try aggregates[i].argument.map { try evaluator.evaluate($0, &row) } ?? .null
                if aggregates[i].distinct {
                    if value.isNull || !seen[base + i].insert(value).inserted { continue }
                }
                if let extra = aggregates[i].extra {
                    try states[base + i].add(value, percentile: try evaluator.evaluate(extra, &row))
                } else {
                    try states[base + i].add(value)
                }
            }
        }
        if firstRows.isEmpty && keys.isEmpty {
            var row = argument ?? [Datum](repeating: .null, count: context.slotCount)
            for (i, a) in aggregates.enumerated() { row[a.slot] = blank[i].result() }
            return [row]
        }
        return firstRows.enumerated().map { index, first in
            var row = first
            for (i, a) in aggregates.enumerated() { row[a.slot] = states[index * width + i].result() }
            return row
        }
    }
}

/// Drops rows whose values in `slots` were seen before.
final class DistinctOperator: SingleInputOperator {
    let slots: [Int]
    private var seen = Set<[Datum]>()
    init(_ context: QueryContext, _ input: Operator, slots: [Int]) {
        self.slots = slots
        super.init(context, input)
    }
    override func reset() throws { seen = [] }
    override func produce() throws -> [Datum]? {
        while let row = try input.next() {
            if seen.insert(slots.map { row[$0] }).inserted { return row }
        }
        return nil
    }
}

/// ORDER BY (all rows) or, with a limit, a top-k that keeps only the best
/// k rows while reading. Stable: equal rows keep their input order.
final class SortOperator: SingleInputOperator {
    let keys: [(expression: BoundExpression, ascending: Bool)]
    let limit: BoundExpression?
    private var output = MaterializedRows()

    init(
        _ context: QueryContext, _ input: Operator, keys: [(expression: BoundExpression, ascending: Bool)],
        limit: BoundExpression?
    ) {
        self.keys = keys
        self.limit = limit
        super.init(context, input)
    }

    override func reset() throws { output.reset() }

    private func precedes(_ a: (key: [Datum], seq: Int), _ b: (key: [Datum], seq: Int)) -> Bool {
        for (i, k) in keys.enumerated() {
            let c = Datum.orderCompare(a.key[i], b.key[i])
            if c != 0 { return k.ascending ? c < 0 : c > 0 }
        }
        return a.seq < b.seq
    }

    override func produce() throws -> [Datum]? {
        if !output.areMade {
            let made = try sorted()
            output.hold(made)
        }
        return output.next()
    }

    /// Every input row in order, or the best `limit` of them.
    private func sorted() throws -> [[Datum]] {
        var k = Int.max
        if let limit {
            var empty = argument ?? [Datum](repeating: .null, count: context.slotCount)
            k = try LimitOperator.count(try evaluator.evaluate(limit, &empty), "LIMIT")
        }
        var entries: [(key: [Datum], seq: Int, row: [Datum])] = []
        var seq = 0
        while var row = try input.next() {
            if k == 0 { continue }
            let key = try keys.map { try evaluator.evaluate($0.expression, &row) }
            let entry = (key: key, seq: seq, row: row)
            seq += 1
            if k == Int.max {
                entries.append(entry)
                continue
            }
            // Top-k: binary insertion into the k best so far.
            if entries.count == k, !precedes((entry.key, entry.seq), (entries[k - 1].key, entries[k - 1].seq)) {
                continue
            }
            var lo = 0
            var hi = entries.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if precedes((entries[mid].key, entries[mid].seq), (entry.key, entry.seq)) {
                    lo = mid + 1
                } else {
                    hi = mid
                }
            }
            entries.insert(entry, at: lo)
            if entries.count > k { entries.removeLast() }
        }
        if k == Int.max { entries.sort { precedes(($0.key, $0.seq), ($1.key, $1.seq)) } }
        return entries.map(\.row)
    }
}

/// SKIP n.
final class SkipOperator: SingleInputOperator {
    let count: BoundExpression
    private var toSkip = 0
    init(_ context: QueryContext, _ input: Operator, _ count: BoundExpression) {
        self.count = count
        super.init(context, input)
    }
    override func reset() throws {
        var empty = argument ?? [Datum](repeating: .null, count: context.slotCount)
        toSkip = try LimitOperator.count(try evaluator.evaluate(count, &empty), "SKIP")
    }
    override func produce() throws -> [Datum]? {
        while toSkip > 0 {
            guard try input.next() != nil else { return nil }
            toSkip -= 1
        }
        return try input.next()
    }
}

/// LIMIT n.
final class LimitOperator: SingleInputOperator {
    let count: BoundExpression
    private var left = 0
    init(_ context: QueryContext, _ input: Operator, _ count: BoundExpression) {
        self.count = count
        super.init(context, input)
    }
    override func reset() throws {
        var empty = argument ?? [Datum](repeating: .null, count: context.slotCount)
        left = try LimitOperator.count(try evaluator.evaluate(count, &empty), "LIMIT")
    }
    override func produce() throws -> [Datum]? {
        guard left > 0 else { return nil }
        left -= 1
        return try input.next()
    }

    /// A SKIP or LIMIT value: a non-negative integer.
    static func count(_ d: Datum, _ what: String) throws -> Int {
        switch d {
        case .int(let i) where i >= 0: return Int(i)
        case .int:
            throw LoreError(.syntaxError, "NegativeIntegerArgument", "\(what) cannot be negative")
        default:
            throw LoreError(
                .syntaxError, "InvalidArgumentType", "\(what) must be a non-negative integer, not a \(d.typeName)")
        }
    }
}

/// A physical operator: pulls rows from its input and hands out rows.
///
/// `open(argument:)` (re)starts it — operators below an OPTIONAL MATCH or a
/// MERGE are opened once per outer row, with that row as the argument —
/// and `next()` returns the next row or nil at the end. Rows are arrays of
/// every slot of the statement. `rows` counts the rows handed out, for
/// PROFILE.
class Operator {
    let context: QueryContext
    var argument: [Datum]?
    var rows = 0
    var nanoseconds: UInt64 = 0

    init(_ context: QueryContext) { self.context = context }

    /// The operators this one reads from.
    var inputs: [Operator] { [] }

    func open(argument: [Datum]?) throws {
        self.argument = argument
        for input in inputs { try input.open(argument: argument) }
        try reset()
    }

    /// Clears the operator's own state; called by `open`.
    func reset() throws {}

    /// The next row, or nil.
    final func next() throws -> [Datum]? {
        try context.checkCancellation()
        let row = try produce()
        if row != nil { rows += 1 }
        return row
    }

    func produce() throws -> [Datum]? { nil }

    var evaluator: Evaluator { context.evaluator }
}

/// The rows of an operator that must make all of them before handing out
/// the first (aggregation, sorting, counting, eager reads), handed out in
/// order. `reset()` forgets them, for the operator's next `open`.
///
/// The operator makes the rows itself and then `hold`s them, rather than
/// making them inside a method of this value: that would keep an access to
/// the operator's property open while all of its input is read, and every
/// checked access below would pay for it.
struct MaterializedRows {
    private var rows: [[Datum]]?
    private var position = 0

    /// Whether the rows are made (since the last `reset`).
    var areMade: Bool { rows != nil }

    mutating func reset() {
        rows = nil
        position = 0
    }

    /// Takes the rows to hand out.
    mutating func hold(_ made: [[Datum]]) {
        rows = made
        position = 0
    }

    /// The next row, or nil after the last (or before any are held).
    mutating func next() -> [Datum]? {
        guard let rows, position < rows.count else { return nil }
        defer { position += 1 }
        return rows[position]
    }
}

/// One row, once: the row handed to `open` (for the `Argument` of a
/// subquery, OPTIONAL MATCH or MERGE), or every slot null (for `Unit`, the
/// start of a query).
final class SingleRowOperator: Operator {
    private var done = false
    override func reset() throws { done = false }
    override func produce() throws -> [Datum]? {
        if done { return nil }
        done = true
        return argument ?? [Datum](repeating: .null, count: context.slotCount)
    }
}

/// An operator with one input whose rows it transforms one by one, or
/// expands into several.
class SingleInputOperator: Operator {
    let input: Operator
    init(_ context: QueryContext, _ input: Operator) {
        self.input = input
        super.init(context)
    }
    override var inputs: [Operator] { [input] }
}

/// For each input row, the row once per node id that `nodes` finds.
final class NodeScanOperator: SingleInputOperator {
    enum Source {
        case all
        case label(String)
        case seek(label: String, key: String, IndexSeek)
    }
    let slot: Int
    let source: Source
    private var current: [Datum]?
    private var ids: [UInt64] = []
    private var position = 0
    /// An ordered range seek in progress: its bounds and where the last
    /// chunk stopped.
    private var ordered: (lower: (Value, Bool)?, upper: (Value, Bool)?, next: RangeScanPosition)?
    private var chunk = NodeScanOperator.firstChunk
    static let firstChunk = 16

    init(_ context: QueryContext, _ input: Operator, slot: Int, source: Source) {
        self.slot = slot
        self.source = source
        super.init(context, input)
    }

    override func reset() throws {
        current = nil
        ids = []
        position = 0
        ordered = nil
    }

    override func produce() throws -> [Datum]? {
        while true {
            if current != nil, position < ids.count {
                // In place: once the consumer has let go of the row handed
                // out last, no copy is made (see `ExpandOperator`).
                var row = current.take()!
                row[slot] = .node(ids[position])
                position += 1
                current = row
                return row
            }
            if current != nil, let o = ordered,
                case .seek(let label, let key, .orderedRange(_, _, let descending)) = source,
                let l = try context.storage.existingName(label), let k = try context.storage.existingName(key)
            {
                // The next chunk of an ordered seek, each twice the last.
                chunk = min(chunk * 2, 4096)
                let (more, next) = try context.storage.seekRangeChunk(
                    label: l, key: k, lower: o.lower, upper: o.upper, descending: descending, after: o.next,
                    count: chunk)
                ids = more
                position = 0
                ordered = next.map { (o.lower, o.upper, $0) }
                continue
            }
            guard var row = try input.next() else { return nil }
            ordered = nil
            ids = try find(&row)
            position = 0
            current = row
        }
    }

    private func find(_ row: inout [Datum]) throws -> [UInt64] {
        let s = context.storage
        var ids: [UInt64] = []
        switch source {
        case .all:
            try s.forEachNode {
                ids.append($0)
                return true
            }
        case .label(let label):
            guard let l = try s.existingName(label) else { return [] }
            try s.forEachNode(label: l) {
                ids.append($0)
                return true
            }
        case .seek(let label, let key, let seek):
            guard let l = try s.existingName(label), let k = try s.existingName(key) else { return [] }
            switch seek {
            case .equal(let e):
                guard let v = try evaluator.evaluate(e, &row).plainValue, v.isStorable else { return [] }
                return try s.seekEqual(label: l, key: k, value: v)
            case .prefix(let e):
                guard case .string(let p) = try evaluator.evaluate(e, &row) else { return [] }
                return try s.seekPrefix(label: l, key: k, prefix: p)
            case .range(let lower, let upper), .orderedRange(let lower, let upper, _):
                func bound(_ b: (BoundExpression, inclusive: Bool)?) throws -> (Value, Bool)?? {
                    guard let b else { return .some(nil) }
                    let v = try evaluator.evaluate(b.0, &row)
                    switch v {
                    case .int, .double, .string, .date, .bool: return .some((v.plainValue!, b.inclusive))
                    default: return nil  // null or incomparable: no row matches
                    }
                }
                guard let lo = try bound(lower), let hi = try bound(upper) else { return [] }
                if lo == nil && hi == nil { return [] }
                if let lo, let hi, KeyEncoding.tag(of: lo.0) != KeyEncoding.tag(of: hi.0) { return [] }
                guard case .orderedRange(_, _, let descending) = seek else {
                    return try s.seekRange(label: l, key: k, lower: lo, upper: hi)
                }
                chunk = NodeScanOperator.firstChunk
                let (first, next) = try s.seekRangeChunk(
                    label: l, key: k, lower: lo, upper: hi, descending: descending, after: nil, count: chunk)
                ordered = next.map { (lo, hi, $0) }
                return first
            }
        }
        return ids
    }
}

/// Rows of value and count for each distinct value of a property among the
/// nodes of a label, from the property index and the statistics alone; the
/// nodes without the property make a row with a null value.
final class IndexGroupCountOperator: Operator {
    let label: String
    let key: String
    let valueSlot: Int
    let countSlots: [Int]
    private var output = MaterializedRows()

    init(_ context: QueryContext, label: String, key: String, valueSlot: Int, countSlots: [Int]) {
        self.label = label
        self.key = key
        self.valueSlot = valueSlot
        self.countSlots = countSlots
        super.init(context)
    }

    override func reset() throws { output.reset() }

    override func produce() throws -> [Datum]? {
        if !output.areMade {
            let made = try groups()
            output.hold(made)
        }
        return output.next()
    }

    private func groups() throws -> [[Datum]] {
        let s = context.storage
        guard let l = try s.existingName(label) else { return [] }
        let all = try s.statistic(.label(l))
        var counts: [(Datum, Int64)] = []
        var counted: Int64 = 0
        if let k = try s.existingName(key) {
            for (value, count) in try s.propertyValueCounts(label: l, key: k) {
                counts.append((Datum(value), count))
                counted += count
            }
        }
        if all > counted { counts.append((.null, all - counted)) }
        let blank = argument ?? [Datum](repeating: .null, count: context.slotCount)
        return counts.map { value, count in
            var row = blank
            row[valueSlot] = value
            for slot in countSlots { row[slot] = .int(count) }
            return row
        }
    }
}

/// Rows for which the predicate is true.
final class FilterOperator: SingleInputOperator {
    let predicate: BoundExpression
    /// For a label test in a read-only transaction (nothing can change
    /// under it): each node's answer, so that a node met on many rows — the
    /// far end of many relationships — has its record read once.
    private let labelTest: (slot: Int, labels: [String])?
    private var answers: [UInt64: Bool] = [:]
    static let maximumAnswers = 1 << 20
    /// Once the records read for the test outnumber a sixteenth of the
    /// nodes carrying the labels, the labels' index entries are read into
    /// one bitmap and the test becomes a bit test: reading the index costs
    /// at most a fraction of the record reads already spent.
    private var members: [UInt64]?
    private var recordsRead = 0
    private var nextReview = FilterOperator.firstReview
    static let firstReview = 128
    /// The largest bitmap built: 64 MiB, a bit for each of half a billion ids.
    static let maximumBitmapWords = 1 << 23

    init(_ context: QueryContext, _ input: Operator, _ predicate: BoundExpression) {
        self.predicate = predicate
        if case .hasLabels(.slot(let slot), let labels) = predicate, context.storage.isReadOnly, !labels.isEmpty {
            labelTest = (slot, labels)
        } else {
            labelTest = nil
        }
        super.init(context, input)
    }

    override func produce() throws -> [Datum]? {
        while var row = try input.next() {
            if let (slot, labels) = labelTest, case .node(let id) = row[slot] {
                if let members {
                    let word = Int(truncatingIfNeeded: id / 64)
                    if word < members.count, members[word] & (1 << (id % 64)) != 0 { return row }
                    continue
                }
                if let known = answers[id] {
                    if known { return row }
                    continue
                }
                let answer = try context.nodeHasLabels(id, labels)
                if answers.count < FilterOperator.maximumAnswers { answers[id] = answer }
                recordsRead += 1
                if recordsRead == nextReview {
                    nextReview *= 2
                    try reviewBitmap(labels)
                }
                if answer { return row }
                continue
            }
            if try evaluator.passes(predicate, &row) { return row }
        }
        return nil
    }

    /// Builds `members` when the labels' nodes are few enough next to the
    /// records read so far (see `members`).
    private func reviewBitmap(_ labels: [String]) throws {
        let storage = context.storage
        var ids: [UInt32] = []
        for label in labels {
            // A label never written: no node carries it, and every answer
            // is already false without reading a record.
            guard let l = try storage.existingName(label) else {
                members = []
                return
            }
            ids.append(l)
        }
        var counts: [Int64] = []
        for l in ids { counts.append(try storage.statistic(.label(l))) }
        guard counts.reduce(0, +) <= 16 * Int64(recordsRead) else { return }
        // The label with the fewest nodes bounds the bitmap; the others
        // are intersected with it.
        let order = zip(ids, counts).sorted { $0.1 < $1.1 }.map(\.0)
        guard var bits = try storage.labelBitmap(order[0], maximumWords: FilterOperator.maximumBitmapWords) else {
            return
        }
        for l in order.dropFirst() {
            guard let other = try storage.labelBitmap(l, maximumWords: FilterOperator.maximumBitmapWords) else {
                return
            }
            for i in bits.indices { bits[i] &= i < other.count ? other[i] : 0 }
        }
        members = bits
        answers = [:]
    }
}

/// Evaluates expressions into slots.
final class ProjectOperator: SingleInputOperator {
    let items: [(slot: Int, expression: BoundExpression)]
    init(_ context: QueryContext, _ input: Operator, _ items: [(slot: Int, expression: BoundExpression)]) {
        self.items = items
        super.init(context, input)
    }
    override func produce() throws -> [Datum]? {
        guard var row = try input.next() else { return nil }
        var values: [Datum] = []
        values.reserveCapacity(items.count)
        for item in items { values.append(try evaluator.evaluate(item.expression, &row)) }
        for (i, item) in items.enumerated() { row[item.slot] = values[i] }
        return row
    }
}

/// `UNWIND list AS x`: the row once per element (null: no row; a non-list:
/// the row once with the value).
final class UnwindOperator: SingleInputOperator {
    let expression: BoundExpression
    let slot: Int
    private var current: [Datum]?
    private var items: [Datum] = []
    private var position = 0

    init(_ context: QueryContext, _ input: Operator, _ expression: BoundExpression, slot: Int) {
        self.expression = expression
        self.slot = slot
        super.init(context, input)
    }

    override func reset() throws {
        current = nil
        items = []
        position = 0
    }

    override func produce() throws -> [Datum]? {
        while true {
            if current != nil, position < items.count {
                var row = current.take()!
                row[slot] = items[position]
                position += 1
                current = row
                return row
            }
            guard var row = try input.next() else { return nil }
            switch try evaluator.evaluate(expression, &row) {
            case .null: items = []
            case .list(let l): items = l
            case let other: items = [other]
            }
            position = 0
            current = row
        }
    }
}

/// Reads every input row when opened, before handing any out: writes
/// below it are done even if nothing above asks for a row (LIMIT 0).
final class EagerOperator: SingleInputOperator {
    private var buffer = MaterializedRows()
    override func reset() throws {
        var all: [[Datum]] = []
        while let row = try input.next() { all.append(row) }
        buffer.hold(all)
    }
    override func produce() throws -> [Datum]? { buffer.next() }
}

/// OPTIONAL MATCH: the inner rows for each input row, or the row with the
/// new slots null.
final class OptionalOperator: SingleInputOperator {
    let inner: Operator
    let slots: [Int]
    private var current: [Datum]?
    private var found = false

    init(_ context: QueryContext, _ input: Operator, inner: Operator, slots: [Int]) {
        self.inner = inner
        self.slots = slots
        super.init(context, input)
    }

    override var inputs: [Operator] { [input] }
    var allOperators: [Operator] { [input, inner] }

    override func reset() throws { current = nil }

    override func produce() throws -> [Datum]? {
        while true {
            if current != nil {
                if let row = try inner.next() {
                    found = true
                    return row
                }
                if !found {
                    var row = current!
                    for s in slots { row[s] = .null }
                    current = nil
                    return row
                }
                current = nil
            }
            guard let row = try input.next() else { return nil }
            current = row
            found = false
            try inner.open(argument: row)
        }
    }
}

/// The rows of each part in turn, columns copied to the output slots.
final class UnionOperator: Operator {
    let parts: [Operator]
    let columns: [[Int]]
    let output: [Int]
    let distinct: Bool
    private var index = 0
    private var seen = Set<[Datum]>()

    init(_ context: QueryContext, parts: [Operator], columns: [[Int]], output: [Int], distinct: Bool) {
        self.parts = parts
        self.columns = columns
        self.output = output
        self.distinct = distinct
        super.init(context)
    }

    override var inputs: [Operator] { parts }

    override func reset() throws {
        index = 0
        seen = []
    }

    override func produce() throws -> [Datum]? {
        while index < parts.count {
            if let row = try parts[index].next() {
                var out = row
                for (i, slot) in output.enumerated() { out[slot] = row[columns[index][i]] }
                if distinct && !seen.insert(output.map { out[$0] }).inserted { continue }
                return out
            }
            index += 1
        }
        return nil
    }
}

/// Builds a path value from the node and relationship slots of a pattern.
final class ProjectPathOperator: SingleInputOperator {
    let path: BoundPath
    let relationshipSlots: [Int]
    let nodeSlots: [Int]

    init(_ context: QueryContext, _ input: Operator, path: BoundPath, relationshipSlots: [Int], nodeSlots: [Int]) {
        self.path = path
        self.relationshipSlots = relationshipSlots
        self.nodeSlots = nodeSlots
        super.init(context, input)
    }

    override func produce() throws -> [Datum]? {
        guard var row = try input.next() else { return nil }
        guard case .node(let first) = row[nodeSlots[0]] else {
            row[path.slot] = .null
            return row
        }
        var nodes = [first]
        var rels: [UInt64] = []
        for slot in relationshipSlots {
            var hops: [UInt64] = []
            switch row[slot] {
            case .relationship(let r): hops = [r]
            case .list(let items):
                hops = items.compactMap { if case .relationship(let r) = $0 { return r } else { return nil } }
            default:
                row[path.slot] = .null
                return row
            }
            for r in hops {
                let (start, end) = try context.relationshipEnds(r)
                nodes.append(start == nodes.last! ? end : start)
                rels.append(r)
            }
        }
        row[path.slot] = .path(nodes: nodes, relationships: rels)
        return row
    }
}

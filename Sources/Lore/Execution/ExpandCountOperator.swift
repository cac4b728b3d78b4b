/// One hop from each input row's node, counted per node reached: a row per
/// distinct far-end node (in the order first reached) with the node in
/// `spec.to` and the number of relationships that reached it in each of
/// `countSlots`. Stands for an Expand under a count grouped by the far end,
/// without building a row per relationship.
final class ExpandCountOperator: SingleInputOperator {
    let spec: ExpandSpec
    let countSlots: [Int]
    private var output = MaterializedRows()

    init(_ context: QueryContext, _ input: Operator, _ spec: ExpandSpec, countSlots: [Int]) {
        self.spec = spec
        self.countSlots = countSlots
        super.init(context, input)
    }

    override func reset() throws { output.reset() }

    override func produce() throws -> [Datum]? {
        if !output.areMade {
            let made = try count()
            output.hold(made)
        }
        return output.next()
    }

    private func count() throws -> [[Datum]] {
        let s = context.storage
        guard let types = try ExpandOperator.typeIDs(spec.types, s) else { return [] }
        var reached = NodeCounts()
        while let row = try input.next() {
            guard case .node(let from) = row[spec.from] else { continue }
            for t in types {
                try s.forEachAdjacency(of: from, direction: spec.direction, type: t) { _, other, _, _ in
                    reached.add(other)
                    return true
                }
            }
        }
        let blank = argument ?? [Datum](repeating: .null, count: context.slotCount)
        return zip(reached.ids, reached.counts).map { node, n in
            var row = blank
            row[spec.to] = .node(node)
            for slot in countSlots { row[slot] = .int(n) }
            return row
        }
    }
}

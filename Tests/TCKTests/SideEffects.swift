import Lore

// Side effects are counted the TCK's way: by comparing what the graph holds
// before and after a query, not by trusting the engine's own statistics.
//
// - nodes and relationships: the ids that appeared or disappeared;
// - labels: the label *names* in use anywhere in the graph that appeared or
//   disappeared (creating two `:A` nodes in a graph without `:A` is +1;
//   removing `:N` from five nodes leaves -1 once no node has it);
// - properties: (element, key, value) facts that appeared or disappeared, so
//   overwriting a value counts +1 and -1, writing the same value counts
//   nothing, and deleting an element removes each of its properties.

/// What the graph holds, reduced to what side effects count.
struct GraphState: Sendable, Equatable {
    /// A property held by one node or relationship.
    struct PropertyFact: Sendable, Hashable {
        var isNode: Bool
        var id: UInt64
        var key: String
        var value: Value
    }

    var nodes: Set<UInt64> = []
    var relationships: Set<UInt64> = []
    var labels: Set<String> = []
    var properties: Set<PropertyFact> = []

    /// An empty graph.
    init() {}

    /// Reads the whole graph through the record API.
    init(_ tx: Transaction) throws {
        for id in try tx.allNodes() {
            guard let node = try tx.node(id) else { continue }
            nodes.insert(id.rawValue)
            labels.formUnion(node.labels)
            for (key, value) in node.properties {
                properties.insert(PropertyFact(isNode: true, id: id.rawValue, key: key, value: value))
            }
            for rel in try tx.relationships(of: id, direction: .outgoing) {
                relationships.insert(rel.id.rawValue)
                for (key, value) in rel.properties {
                    properties.insert(PropertyFact(isNode: false, id: rel.id.rawValue, key: key, value: value))
                }
            }
        }
    }

    /// Reads the state of `store` in a read transaction.
    static func snapshot(_ store: Store) throws -> GraphState {
        try store.read { try GraphState($0) }
    }
}

/// The counts of a TCK side effects table.
struct SideEffects: Sendable, Equatable, CustomStringConvertible {
    /// The keys the TCK uses, in the order it lists them.
    static let keys = [
        "+nodes", "-nodes", "+relationships", "-relationships", "+labels", "-labels", "+properties", "-properties",
    ]

    var counts: [String: Int]

    init(counts: [String: Int] = [:]) { self.counts = counts.filter { $0.value != 0 } }

    /// The changes from `before` to `after`.
    init(from before: GraphState, to after: GraphState) {
        self.init(counts: [
            "+nodes": after.nodes.subtracting(before.nodes).count,
            "-nodes": before.nodes.subtracting(after.nodes).count,
            "+relationships": after.relationships.subtracting(before.relationships).count,
            "-relationships": before.relationships.subtracting(after.relationships).count,
            "+labels": after.labels.subtracting(before.labels).count,
            "-labels": before.labels.subtracting(after.labels).count,
            "+properties": after.properties.subtracting(before.properties).count,
            "-properties": before.properties.subtracting(after.properties).count,
        ])
    }

    /// Reads a side effects table (`| +nodes | 1 |` rows); keys not listed
    /// are zero.
    init(table: [[String]]) throws {
        var counts: [String: Int] = [:]
        for row in table {
            guard row.count == 2, SideEffects.keys.contains(row[0]), let n = Int(row[1]) else {
                throw ValueNotationError(message: "bad side effects row \(row)", offset: 0)
            }
            counts[row[0], default: 0] += n
        }
        self.init(counts: counts)
    }

    var isEmpty: Bool { counts.isEmpty }

    var description: String {
        if counts.isEmpty { return "none" }
        return SideEffects.keys.compactMap { key in counts[key].map { "\(key) \($0)" } }.joined(separator: ", ")
    }
}

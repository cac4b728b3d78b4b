import LoreSyntax

/// The physical plan: a tree of operators, each pulling rows from its
/// input. Scans and seeks run once per input row (a nested loop), so a scan
/// below another reads the store again for each row it is given.
///
/// Plans are values: they hold no store state, so a prepared statement
/// keeps its plan and runs it again with new parameters.
indirect enum PlanNode: Sendable {
    /// One row with every slot null.
    case unit
    /// The row handed in by the enclosing operator (subqueries, OPTIONAL
    /// MATCH, MERGE).
    case argument
    case allNodesScan(PlanNode, slot: Int)
    case nodeByLabelScan(PlanNode, slot: Int, label: String)
    case nodeIndexSeek(PlanNode, slot: Int, label: String, key: String, seek: IndexSeek)
    /// `MATCH (n:Label) RETURN n.key, count(*)` from the property index
    /// alone: per distinct value of `key` among the nodes with `label`, a
    /// row with the value in `valueSlot` and its count in each of
    /// `countSlots`; a null row for the nodes without the property.
    case nodeIndexGroupCount(label: String, key: String, valueSlot: Int, countSlots: [Int])
    case expand(PlanNode, ExpandSpec)
    /// An expansion counted per far-end node: a row per node reached, with
    /// how many relationships reached it in each of `countSlots`.
    case expandCount(PlanNode, ExpandSpec, countSlots: [Int])
    case filter(PlanNode, BoundExpression)
    case project(PlanNode, [(slot: Int, expression: BoundExpression)])
    case aggregate(PlanNode, keys: [(slot: Int, expression: BoundExpression)], aggregates: [BoundAggregate])
    case distinct(PlanNode, slots: [Int])
    case sort(PlanNode, keys: [(expression: BoundExpression, ascending: Bool)])
    case top(PlanNode, keys: [(expression: BoundExpression, ascending: Bool)], limit: BoundExpression)
    case skip(PlanNode, BoundExpression)
    case limit(PlanNode, BoundExpression)
    /// For each input row, the rows of `inner` (fed the row as its
    /// argument), or the row with `slots` null when there are none.
    case optional(PlanNode, inner: PlanNode, slots: [Int])
    case unwind(PlanNode, BoundExpression, slot: Int)
    /// The rows of every part, each part's columns copied to `output`.
    case union([PlanNode], columns: [[Int]], output: [Int], distinct: Bool)
    /// Reads all of its input before passing any on, so that writes after
    /// it cannot change what the reads before it see.
    case eager(PlanNode)
    case create(PlanNode, BoundPattern)
    case merge(PlanNode, match: PlanNode, pattern: BoundPattern, onCreate: [BoundSetItem], onMatch: [BoundSetItem])
    case setItems(PlanNode, [BoundSetItem])
    case remove(PlanNode, [BoundRemoveItem])
    case delete(PlanNode, [BoundExpression], detach: Bool)
    case projectPath(PlanNode, BoundPath, relationshipSlots: [Int], nodeSlots: [Int])
    case produceResults(PlanNode, columns: [(name: String, slot: Int)])
}

extension PlanNode {
    /// The plan this one reads its rows from, for every plan with one main
    /// input (an OPTIONAL's or MERGE's inner plan and a UNION's parts are
    /// not it).
    var chainedInput: PlanNode? {
        switch self {
        case .unit, .argument, .nodeIndexGroupCount, .union: return nil
        case .allNodesScan(let input, _), .nodeByLabelScan(let input, _, _), .nodeIndexSeek(let input, _, _, _, _),
            .expand(let input, _), .expandCount(let input, _, _), .filter(let input, _), .project(let input, _),
            .aggregate(let input, _, _),
            .distinct(let input, _), .sort(let input, _), .top(let input, _, _), .skip(let input, _),
            .limit(let input, _), .optional(let input, _, _), .unwind(let input, _, _), .eager(let input),
            .create(let input, _), .merge(let input, _, _, _, _), .setItems(let input, _), .remove(let input, _),
            .delete(let input, _, _), .projectPath(let input, _, _, _), .produceResults(let input, _):
            return input
        }
    }
}

/// How an index seek finds its nodes.
enum IndexSeek: Sendable {
    case equal(BoundExpression)
    case range(lower: (BoundExpression, inclusive: Bool)?, upper: (BoundExpression, inclusive: Bool)?)
    /// A range read in value order, a chunk at a time, so that a LIMIT
    /// above can stop it early (ORDER BY on the indexed property).
    case orderedRange(
        lower: (BoundExpression, inclusive: Bool)?, upper: (BoundExpression, inclusive: Bool)?, descending: Bool)
    case prefix(BoundExpression)
}

/// One hop (or, with `length`, several) from a bound node.
struct ExpandSpec: Sendable {
    var from: Int
    var relationship: Int
    var to: Int
    var types: [String]
    var direction: Direction
    /// The end is already bound: check it instead of binding it.
    var toIsBound: Bool
    /// The relationship is already bound: check it instead of binding it.
    var relationshipIsBound: Bool
    var length: (min: Int, max: Int?)?
    /// Property equalities every traversed relationship must meet (for
    /// variable length; single hops use filters).
    var relationshipProperties: [(String, BoundExpression)]
    /// Relationship slots bound earlier in the same MATCH: a relationship
    /// may appear only once in a match.
    var distinctFrom: [Int]
}

/// A compiled statement: what the executor runs.
struct CompiledStatement: Sendable {
    enum Body: Sendable {
        case plan(PlanNode, subqueries: [PlanNode], slotCount: Int, columns: [String], writes: Bool)
        case createConstraint(name: String?, label: String, property: String, ifNotExists: Bool)
        case dropConstraint(name: String, ifExists: Bool)
        case showConstraints
    }
    var body: Body
    var mode: Statement.Mode
    /// Variable names by slot, for EXPLAIN.
    var slotNames: [Int: String] = [:]
}

import LoreSyntax

/// A node of a bound pattern. `isBound` when the variable already had a
/// value before the clause (then it is checked, not searched for).
struct BoundNodePattern: Sendable {
    var slot: Int
    var labels: [String]
    var properties: [(String, BoundExpression)]
    var isBound: Bool
    var range: SourceRange
}

/// A relationship of a bound pattern, between nodes `left` and `right`
/// (indexes into the pattern's nodes) in `direction` as written.
struct BoundRelationshipPattern: Sendable {
    var slot: Int
    var types: [String]
    var direction: RelationshipDirection
    var left: Int
    var right: Int
    var properties: [(String, BoundExpression)]
    /// Variable length: the bounds of `*min..max` (max nil: unbounded).
    var length: (min: Int, max: Int?)?
    var isBound: Bool
    var range: SourceRange
}

/// A named path `p = (...)-[...]-(...)`: the nodes and relationships in order.
struct BoundPath: Sendable {
    var slot: Int
    var nodes: [Int]
    var relationships: [Int]
}

/// The patterns of one clause.
struct BoundPattern: Sendable {
    var nodes: [BoundNodePattern] = []
    var relationships: [BoundRelationshipPattern] = []
    var paths: [BoundPath] = []
}

enum BoundSetItem: Sendable {
    case property(target: BoundExpression, key: String, value: BoundExpression)
    /// `n = map`: replace every property.
    case replaceProperties(slot: Int, value: BoundExpression)
    /// `n += map`: merge properties.
    case mergeProperties(slot: Int, value: BoundExpression)
    case labels(slot: Int, labels: [String])
}

enum BoundRemoveItem: Sendable {
    case property(target: BoundExpression, key: String)
    case labels(slot: Int, labels: [String])
}

/// One aggregate of a projection: its function, argument, and slot.
struct BoundAggregate: Sendable {
    var slot: Int
    var function: AggregateFunction
    var argument: BoundExpression?
    var distinct: Bool
    /// For percentileCont/percentileDisc: the percentile expression.
    var extra: BoundExpression?
}

/// `WITH` or `RETURN`.
struct BoundProjection: Sendable {
    /// Each output column: its name, its slot, and the expression that fills
    /// it (after aggregation, aggregates appear as their slots).
    var items: [(name: String, slot: Int, expression: BoundExpression)]
    /// Items free of aggregates, when the projection aggregates: the keys.
    var groupingItems: [Int]
    var aggregates: [BoundAggregate]
    var distinct: Bool
    var orderBy: [(expression: BoundExpression, ascending: Bool)]
    var skip: BoundExpression?
    var limit: BoundExpression?
    var predicate: BoundExpression?
    var isReturn: Bool

}

enum BoundClause: Sendable {
    case match(BoundPattern, predicate: BoundExpression?, optional: Bool)
    case unwind(BoundExpression, slot: Int)
    case projection(BoundProjection)
    case create(BoundPattern)
    case merge(BoundPattern, onCreate: [BoundSetItem], onMatch: [BoundSetItem])
    case set([BoundSetItem])
    case remove([BoundRemoveItem])
    case delete([BoundExpression], detach: Bool)
}

/// A query without UNION: its clauses, and its output columns when it ends
/// with RETURN.
struct BoundSingleQuery: Sendable {
    var clauses: [BoundClause]
    var columns: [(name: String, slot: Int)]
}

/// A pattern used inside an expression (a predicate or a comprehension).
struct BoundSubquery: Sendable {
    var pattern: BoundPattern
    var predicate: BoundExpression?
}

/// A statement after binding: ready for the planner.
enum BoundStatement: Sendable {
    case query(parts: [BoundSingleQuery], unionAll: Bool, slotCount: Int, subqueries: [BoundSubquery])
    case createConstraint(name: String?, label: String, property: String, ifNotExists: Bool)
    case dropConstraint(name: String, ifExists: Bool)
    case showConstraints
}

/// A type the binder can know before a statement runs.
enum StaticType: String, Sendable {
    case null = "NULL"
    case boolean = "BOOLEAN"
    case integer = "INTEGER"
    case float = "FLOAT"
    case string = "STRING"
    case list = "LIST"
    case map = "MAP"
    case node = "NODE"
    case relationship = "RELATIONSHIP"
    case path = "PATH"
}

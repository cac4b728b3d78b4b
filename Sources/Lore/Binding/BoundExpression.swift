import LoreSyntax

/// An expression after binding: variables resolved to row slots, function
/// names to functions, comparison chains to conjunctions, aggregates to the
/// slots their results land in. The evaluator runs it over a row.
indirect enum BoundExpression: Sendable {
    case literal(Datum)
    /// A `$name` or `$0` parameter (positional ones are named "0", "1", ...).
    case parameter(String)
    /// The value in a row slot.
    case slot(Int)
    /// `e.key` on a node, relationship or map (null on null).
    case property(BoundExpression, String)
    /// `e:A:B`: whether node `e` has every label.
    case hasLabels(BoundExpression, [String])
    case list([BoundExpression])
    case map([(String, BoundExpression)])
    /// `e[i]` on a list (negative counts from the end) or `e[k]` on a map,
    /// node or relationship.
    case index(BoundExpression, BoundExpression)
    /// `e[from..to]` on a list.
    case slice(BoundExpression, from: BoundExpression?, to: BoundExpression?)
    case unary(UnaryOperator, BoundExpression)
    /// Arithmetic, comparison, `IN`, `STARTS WITH`, `ENDS WITH`,
    /// `CONTAINS`, `=~` — all with openCypher's null rules.
    case binary(BinaryOperator, BoundExpression, BoundExpression)
    /// Three-valued logic over any number of operands.
    case and([BoundExpression])
    case or([BoundExpression])
    case xor([BoundExpression])
    case isNull(BoundExpression, negated: Bool)
    case function(ScalarFunction, [BoundExpression])
    /// `CASE subject WHEN v THEN r ... ELSE d END` (subject nil: the generic
    /// form, `WHEN predicate THEN r`).
    case caseWhen(
        subject: BoundExpression?, alternatives: [(BoundExpression, BoundExpression)], otherwise: BoundExpression?)
    /// `[x IN source WHERE predicate | projection]`; `x` lives in `slot`.
    case listComprehension(
        slot: Int, source: BoundExpression, predicate: BoundExpression?, projection: BoundExpression?)
    /// `all/any/none/single(x IN source WHERE predicate)`; `x` lives in `slot`.
    case quantifier(Quantifier.Kind, slot: Int, source: BoundExpression, predicate: BoundExpression?)
    /// A pattern used as a predicate: true when the subquery yields a row.
    case patternExists(SubqueryID)
    /// `[pattern WHERE predicate | projection]`: the projection for each row
    /// the subquery yields (which binds the pattern's variables in the row).
    case patternComprehension(SubqueryID, predicate: BoundExpression?, projection: BoundExpression)
}

/// Identifies a pattern subquery of a plan (pattern predicates and
/// comprehensions), run by the executor on the evaluator's behalf.
struct SubqueryID: Hashable, Sendable {
    let index: Int
}

/// The scalar functions of LQL. Names match case-insensitively.
enum ScalarFunction: String, Sendable, CaseIterable {
    // Graph elements.
    case id, labels, type, keys, properties, startNode, endNode, nodes, relationships, length
    // Lists and values.
    case size, coalesce, head, last, tail, range, reverse
    // Conversion.
    case toString, toInteger, toFloat, toBoolean
    // Strings.
    case toLower, toUpper, trim, ltrim, rtrim, substring, split, replace, left, right
    // Numbers.
    case abs, sign, ceil, floor, round, sqrt, exp, log, log10, rand, e, pi
    // Temporal.
    case date
    // Predicates.
    case exists

    /// The function named `name` (any case), or nil.
    static func named(_ name: String) -> ScalarFunction? {
        let lower = name.lowercased()
        return allCases.first { $0.rawValue.lowercased() == lower }
    }
}

/// The aggregate functions. `count(*)` is `countStar`.
enum AggregateFunction: String, Sendable, CaseIterable {
    case count, sum, avg, min, max, collect, stDev, stDevP, percentileCont, percentileDisc
    case countStar

    static func named(_ name: String) -> AggregateFunction? {
        let lower = name.lowercased()
        return allCases.first { $0 != .countStar && $0.rawValue.lowercased() == lower }
    }
}

/// What the evaluator needs from the running query: parameters, the graph
/// (read lazily by id), and pattern subqueries.
protocol EvaluationContext: AnyObject {
    /// The statement's parameters.
    var parameters: [String: Datum] { get }
    /// Property `key` of a node (null when absent).
    func nodeProperty(_ id: UInt64, _ key: String) throws -> Datum
    /// Every property of a node.
    func nodeProperties(_ id: UInt64) throws -> [String: Datum]
    /// The labels of a node.
    func nodeLabels(_ id: UInt64) throws -> [String]
    /// Whether a node carries every one of `labels`.
    func nodeHasLabels(_ id: UInt64, _ labels: [String]) throws -> Bool
    /// The type of a relationship.
    func relationshipType(_ id: UInt64) throws -> String
    /// Property `key` of a relationship (null when absent).
    func relationshipProperty(_ id: UInt64, _ key: String) throws -> Datum
    /// Every property of a relationship.
    func relationshipProperties(_ id: UInt64) throws -> [String: Datum]
    /// The start and end nodes of a relationship.
    func relationshipEnds(_ id: UInt64) throws -> (start: UInt64, end: UInt64)
    /// The rows a pattern subquery yields when started from `row`: each is
    /// `row` extended with the pattern's variables.
    func subqueryRows(_ id: SubqueryID, _ row: [Datum]) throws -> [[Datum]]
}

extension EvaluationContext {
    /// Label test through `nodeLabels`, for contexts without a faster way.
    func nodeHasLabels(_ id: UInt64, _ labels: [String]) throws -> Bool {
        let have = try nodeLabels(id)
        return labels.allSatisfy(have.contains)
    }
}

/// One LQL statement: a query or a schema command, optionally under
/// `EXPLAIN` or `PROFILE`.
public struct Statement: Sendable, Hashable {
    /// How the statement is to be run.
    public enum Mode: Sendable, Hashable {
        /// Run it.
        case run
        /// `EXPLAIN`: show the plan without running it.
        case explain
        /// `PROFILE`: run it and report rows and time per operator.
        case profile
    }

    /// What the statement does.
    public enum Body: Sendable, Hashable {
        /// A reading and/or writing query.
        case query(Query)
        /// `CREATE CONSTRAINT ...`
        case createConstraint(CreateConstraint)
        /// `DROP CONSTRAINT ...`
        case dropConstraint(DropConstraint)
        /// `SHOW CONSTRAINTS`
        case showConstraints
    }

    /// `.run`, `.explain` or `.profile`.
    public var mode: Mode
    /// What the statement does.
    public var body: Body
    /// Where the statement is written, without a trailing `;`.
    @SourceDetail public var range: SourceRange

    /// Creates a statement.
    public init(mode: Mode = .run, body: Body, range: SourceRange = .none) {
        self.mode = mode
        self.body = body
        self.range = range
    }
}

/// Single queries joined by `UNION` or `UNION ALL`.
public struct Query: Sendable, Hashable {
    /// The first single query.
    public var first: SingleQuery
    /// The unions after it, in order.
    public var unions: [Union]
    /// Where the query is written.
    @SourceDetail public var range: SourceRange

    /// Creates a query.
    public init(first: SingleQuery, unions: [Union] = [], range: SourceRange = .none) {
        self.first = first
        self.unions = unions
        self.range = range
    }
}

/// `UNION [ALL] query`.
public struct Union: Sendable, Hashable {
    /// True for `UNION ALL`, which keeps duplicate rows.
    public var all: Bool
    /// The single query after the keyword.
    public var query: SingleQuery
    /// Where the union is written, keyword included.
    @SourceDetail public var range: SourceRange

    /// Creates a union.
    public init(all: Bool, query: SingleQuery, range: SourceRange = .none) {
        self.all = all
        self.query = query
        self.range = range
    }
}

/// A sequence of clauses. The parser checks openCypher's clause order: a
/// query ends with `RETURN` or a writing clause, `RETURN` comes only last, and
/// a reading clause after a writing one needs a `WITH` between them.
public struct SingleQuery: Sendable, Hashable {
    /// The clauses in order; at least one.
    public var clauses: [Clause]
    /// Where the clauses are written.
    @SourceDetail public var range: SourceRange

    /// Creates a single query.
    public init(clauses: [Clause], range: SourceRange = .none) {
        self.clauses = clauses
        self.range = range
    }
}

/// A clause of a query.
public enum Clause: Sendable, Hashable {
    /// `[OPTIONAL] MATCH pattern [WHERE e]`
    case match(Match)
    /// `UNWIND e AS x`
    case unwind(Unwind)
    /// `WITH ...`
    case with(With)
    /// `RETURN ...`
    case `return`(Return)
    /// `CREATE pattern`
    case create(Create)
    /// `MERGE part [ON CREATE SET ...] [ON MATCH SET ...]`
    case merge(Merge)
    /// `SET items`
    case set(SetClause)
    /// `REMOVE items`
    case remove(Remove)
    /// `[DETACH] DELETE expressions`
    case delete(Delete)

    /// Where the clause is written.
    public var range: SourceRange {
        switch self {
        case .match(let clause): return clause.range
        case .unwind(let clause): return clause.range
        case .with(let clause): return clause.range
        case .return(let clause): return clause.range
        case .create(let clause): return clause.range
        case .merge(let clause): return clause.range
        case .set(let clause): return clause.range
        case .remove(let clause): return clause.range
        case .delete(let clause): return clause.range
        }
    }

    /// True for the clauses that change the graph.
    public var isUpdating: Bool {
        switch self {
        case .create, .merge, .set, .remove, .delete: return true
        case .match, .unwind, .with, .return: return false
        }
    }
}

/// `[OPTIONAL] MATCH pattern [WHERE predicate]`.
public struct Match: Sendable, Hashable {
    /// True for `OPTIONAL MATCH`.
    public var optional: Bool
    /// The comma-separated pattern parts.
    public var pattern: [PatternPart]
    /// The `WHERE` condition, if any.
    public var predicate: Expression?
    /// Where the clause is written.
    @SourceDetail public var range: SourceRange

    /// Creates a match clause.
    public init(
        optional: Bool = false, pattern: [PatternPart], predicate: Expression? = nil, range: SourceRange = .none
    ) {
        self.optional = optional
        self.pattern = pattern
        self.predicate = predicate
        self.range = range
    }
}

/// `UNWIND expression AS variable`.
public struct Unwind: Sendable, Hashable {
    /// The list to unwind.
    public var expression: Expression
    /// The variable bound to each element.
    public var variable: Name
    /// Where the clause is written.
    @SourceDetail public var range: SourceRange

    /// Creates an unwind clause.
    public init(expression: Expression, variable: Name, range: SourceRange = .none) {
        self.expression = expression
        self.variable = variable
        self.range = range
    }
}

/// `WITH projection [WHERE predicate]`.
public struct With: Sendable, Hashable {
    /// The projection, ordering and paging.
    public var projection: Projection
    /// The `WHERE` condition, if any, applied after projecting.
    public var predicate: Expression?
    /// Where the clause is written.
    @SourceDetail public var range: SourceRange

    /// Creates a with clause.
    public init(projection: Projection, predicate: Expression? = nil, range: SourceRange = .none) {
        self.projection = projection
        self.predicate = predicate
        self.range = range
    }
}

/// `RETURN projection`.
public struct Return: Sendable, Hashable {
    /// The projection, ordering and paging.
    public var projection: Projection
    /// Where the clause is written.
    @SourceDetail public var range: SourceRange

    /// Creates a return clause.
    public init(projection: Projection, range: SourceRange = .none) {
        self.projection = projection
        self.range = range
    }
}

/// What `WITH` and `RETURN` share: `[DISTINCT] (* | items) [ORDER BY ...] [SKIP n] [LIMIT n]`.
public struct Projection: Sendable, Hashable {
    /// True for `DISTINCT`.
    public var distinct: Bool
    /// True when `*` is written: all variables in scope are kept.
    public var includesAll: Bool
    /// The listed items (after `*, ` when both are written).
    public var items: [ProjectionItem]
    /// The `ORDER BY` keys.
    public var orderBy: [SortItem]
    /// The `SKIP` count expression.
    public var skip: Expression?
    /// The `LIMIT` count expression.
    public var limit: Expression?

    /// Creates a projection.
    public init(
        distinct: Bool = false, includesAll: Bool = false, items: [ProjectionItem], orderBy: [SortItem] = [],
        skip: Expression? = nil, limit: Expression? = nil
    ) {
        self.distinct = distinct
        self.includesAll = includesAll
        self.items = items
        self.orderBy = orderBy
        self.skip = skip
        self.limit = limit
    }
}

/// `expression [AS alias]` in `WITH` or `RETURN`.
public struct ProjectionItem: Sendable, Hashable {
    /// The projected value.
    public var expression: Expression
    /// The `AS` name, if any.
    public var alias: Name?
    /// The expression exactly as written, which names the column when there
    /// is no alias (openCypher: `RETURN count( * )` has column `count( * )`).
    @SourceDetail public var text: String
    /// Where the item is written, alias included.
    @SourceDetail public var range: SourceRange

    /// Creates an item; `text` defaults to nothing, meaning "print the expression".
    public init(expression: Expression, alias: Name? = nil, text: String = "", range: SourceRange = .none) {
        self.expression = expression
        self.alias = alias
        self.text = text
        self.range = range
    }

    /// The column name: the alias, else the text as written, else the printed expression.
    public var columnName: String {
        if let alias { return alias.text }
        return text.isEmpty ? Printer.print(expression) : text
    }
}

/// Sort direction of an `ORDER BY` key.
public enum SortDirection: Sendable, Hashable {
    /// `ASC`, `ASCENDING` or nothing.
    case ascending
    /// `DESC` or `DESCENDING`.
    case descending
}

/// One `ORDER BY` key.
public struct SortItem: Sendable, Hashable {
    /// The key.
    public var expression: Expression
    /// The direction.
    public var direction: SortDirection
    /// Where the key is written, direction included.
    @SourceDetail public var range: SourceRange

    /// Creates a sort key.
    public init(expression: Expression, direction: SortDirection = .ascending, range: SourceRange = .none) {
        self.expression = expression
        self.direction = direction
        self.range = range
    }
}

/// `CREATE pattern`.
public struct Create: Sendable, Hashable {
    /// The parts to create.
    public var pattern: [PatternPart]
    /// Where the clause is written.
    @SourceDetail public var range: SourceRange

    /// Creates a create clause.
    public init(pattern: [PatternPart], range: SourceRange = .none) {
        self.pattern = pattern
        self.range = range
    }
}

/// `MERGE part [ON CREATE SET ...] [ON MATCH SET ...]`.
public struct Merge: Sendable, Hashable {
    /// The pattern matched or created as a whole.
    public var pattern: PatternPart
    /// The `ON CREATE` / `ON MATCH` actions in written order.
    public var actions: [MergeAction]
    /// Where the clause is written.
    @SourceDetail public var range: SourceRange

    /// Creates a merge clause.
    public init(pattern: PatternPart, actions: [MergeAction] = [], range: SourceRange = .none) {
        self.pattern = pattern
        self.actions = actions
        self.range = range
    }
}

/// `ON CREATE SET items` or `ON MATCH SET items`.
public struct MergeAction: Sendable, Hashable {
    /// When the action applies.
    public enum Trigger: Sendable, Hashable {
        /// `ON CREATE`
        case onCreate
        /// `ON MATCH`
        case onMatch
    }

    /// When the action applies.
    public var trigger: Trigger
    /// The assignments.
    public var items: [SetItem]
    /// Where the action is written.
    @SourceDetail public var range: SourceRange

    /// Creates an action.
    public init(trigger: Trigger, items: [SetItem], range: SourceRange = .none) {
        self.trigger = trigger
        self.items = items
        self.range = range
    }
}

/// `SET items`.
public struct SetClause: Sendable, Hashable {
    /// The assignments, applied in order.
    public var items: [SetItem]
    /// Where the clause is written.
    @SourceDetail public var range: SourceRange

    /// Creates a set clause.
    public init(items: [SetItem], range: SourceRange = .none) {
        self.items = items
        self.range = range
    }
}

/// One assignment of `SET`.
public struct SetItem: Sendable, Hashable {
    /// The kinds of assignment.
    public enum Kind: Sendable, Hashable {
        /// `target.key = value`; `target` is a `.property` expression.
        case property(target: Expression, value: Expression)
        /// `variable = map`: replaces all properties.
        case replaceProperties(variable: Name, value: Expression)
        /// `variable += map`: adds and overwrites properties.
        case mergeProperties(variable: Name, value: Expression)
        /// `variable:Label:Other`
        case labels(variable: Name, labels: [Name])
    }

    /// What is assigned.
    public var kind: Kind
    /// Where the item is written.
    @SourceDetail public var range: SourceRange

    /// Creates an item.
    public init(_ kind: Kind, range: SourceRange = .none) {
        self.kind = kind
        self.range = range
    }
}

/// `REMOVE items`.
public struct Remove: Sendable, Hashable {
    /// The removals, applied in order.
    public var items: [RemoveItem]
    /// Where the clause is written.
    @SourceDetail public var range: SourceRange

    /// Creates a remove clause.
    public init(items: [RemoveItem], range: SourceRange = .none) {
        self.items = items
        self.range = range
    }
}

/// One removal of `REMOVE`.
public struct RemoveItem: Sendable, Hashable {
    /// The kinds of removal.
    public enum Kind: Sendable, Hashable {
        /// `target.key`; the expression is a `.property`.
        case property(Expression)
        /// `variable:Label:Other`
        case labels(variable: Name, labels: [Name])
    }

    /// What is removed.
    public var kind: Kind
    /// Where the item is written.
    @SourceDetail public var range: SourceRange

    /// Creates an item.
    public init(_ kind: Kind, range: SourceRange = .none) {
        self.kind = kind
        self.range = range
    }
}

/// `[DETACH] DELETE expressions`.
public struct Delete: Sendable, Hashable {
    /// True for `DETACH DELETE`, which also deletes the nodes' relationships.
    public var detach: Bool
    /// The nodes, relationships or paths to delete.
    public var expressions: [Expression]
    /// Where the clause is written.
    @SourceDetail public var range: SourceRange

    /// Creates a delete clause.
    public init(detach: Bool, expressions: [Expression], range: SourceRange = .none) {
        self.detach = detach
        self.expressions = expressions
        self.range = range
    }
}

/// `CREATE CONSTRAINT [name] [IF NOT EXISTS] FOR (n:Label) REQUIRE n.key IS UNIQUE`.
public struct CreateConstraint: Sendable, Hashable {
    /// The constraint's name, if given.
    public var name: Name?
    /// True for `IF NOT EXISTS`: an existing equal constraint is not an error.
    public var ifNotExists: Bool
    /// The node variable of `FOR (n:Label)`.
    public var variable: Name
    /// The label constrained.
    public var label: Name
    /// The `n.key` property expressions that must be unique together; one or more.
    public var properties: [Expression]
    /// Where the command is written.
    @SourceDetail public var range: SourceRange

    /// Creates the command.
    public init(
        name: Name?, ifNotExists: Bool, variable: Name, label: Name, properties: [Expression],
        range: SourceRange = .none
    ) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.variable = variable
        self.label = label
        self.properties = properties
        self.range = range
    }
}

/// `DROP CONSTRAINT name [IF EXISTS]`.
public struct DropConstraint: Sendable, Hashable {
    /// The constraint's name.
    public var name: Name
    /// True for `IF EXISTS`: a missing constraint is not an error.
    public var ifExists: Bool
    /// Where the command is written.
    @SourceDetail public var range: SourceRange

    /// Creates the command.
    public init(name: Name, ifExists: Bool, range: SourceRange = .none) {
        self.name = name
        self.ifExists = ifExists
        self.range = range
    }
}

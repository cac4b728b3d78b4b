/// What running one statement produced: its columns, its rows, and what it
/// changed.
///
/// A plain value: it outlives the transaction that made it.
public struct QueryResult: Sendable {
    /// The column names, as the query wrote them (`n.name`, or the alias).
    public var columns: [String]
    /// The rows, each with one value per column.
    public var rows: [[Value]]
    /// What the statement changed.
    public var statistics: QueryStatistics
    /// For `EXPLAIN` and `PROFILE`: the physical plan, one operator a line.
    public var plan: String?

    /// Creates a result.
    public init(columns: [String], rows: [[Value]], statistics: QueryStatistics = .init(), plan: String? = nil) {
        self.columns = columns
        self.rows = rows
        self.statistics = statistics
        self.plan = plan
    }

    /// The rows as `Row` values, addressable by column name.
    public var namedRows: [Row] { rows.map { Row(columns: columns, values: $0) } }
}

/// The changes one statement made, counted as openCypher counts them.
public struct QueryStatistics: Sendable, Hashable {
    /// Nodes created.
    public var nodesCreated = 0
    /// Nodes deleted.
    public var nodesDeleted = 0
    /// Relationships created.
    public var relationshipsCreated = 0
    /// Relationships deleted.
    public var relationshipsDeleted = 0
    /// Properties written (set to a value, including overwrites).
    public var propertiesSet = 0
    /// Properties removed (by `REMOVE`, or by setting them to null).
    public var propertiesRemoved = 0
    /// Labels added to nodes (a label a node already had does not count).
    public var labelsAdded = 0
    /// Labels removed from nodes.
    public var labelsRemoved = 0

    /// No changes.
    public init() {}

    /// Whether the statement changed anything.
    public var containsUpdates: Bool { self != QueryStatistics() }
}

/// One result row: values by position or by column name.
public struct Row: Sendable, Hashable {
    /// The column names.
    public let columns: [String]
    /// The values, one per column.
    public let values: [Value]

    /// Creates a row.
    public init(columns: [String], values: [Value]) {
        self.columns = columns
        self.values = values
    }

    /// The value at position `index`.
    public subscript(index: Int) -> Value { values[index] }

    /// The value of column `name`, or `.null` if there is no such column.
    public subscript(name: String) -> Value {
        guard let i = columns.firstIndex(of: name) else { return .null }
        return values[i]
    }
}

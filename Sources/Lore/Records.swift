/// The identity of a node: assigned in increasing order, never reused.
public struct NodeID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The id as stored.
    public let rawValue: UInt64
    /// Wraps a stored id.
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    /// Older nodes (smaller ids) sort first.
    public static func < (a: NodeID, b: NodeID) -> Bool { a.rawValue < b.rawValue }
    /// The id in decimal.
    public var description: String { String(rawValue) }
}

/// The identity of a relationship: assigned in increasing order, never reused.
public struct RelationshipID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The id as stored.
    public let rawValue: UInt64
    /// Wraps a stored id.
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    /// Older relationships (smaller ids) sort first.
    public static func < (a: RelationshipID, b: RelationshipID) -> Bool { a.rawValue < b.rawValue }
    /// The id in decimal.
    public var description: String { String(rawValue) }
}

/// A node as read: a plain value that outlives its transaction.
public struct Node: Sendable, Hashable {
    /// The node's id.
    public var id: NodeID
    /// Its labels, in the order they were added.
    public var labels: [String]
    /// Its properties.
    public var properties: [String: Value]

    /// Creates a node value.
    public init(id: NodeID, labels: [String], properties: [String: Value]) {
        self.id = id
        self.labels = labels
        self.properties = properties
    }

    /// The property `key`, or `.null`.
    public subscript(key: String) -> Value { properties[key] ?? .null }
}

/// A relationship as read: a plain value that outlives its transaction.
public struct Relationship: Sendable, Hashable {
    /// The relationship's id.
    public var id: RelationshipID
    /// Its type.
    public var type: String
    /// The node it starts at.
    public var start: NodeID
    /// The node it ends at.
    public var end: NodeID
    /// Its properties.
    public var properties: [String: Value]

    /// Creates a relationship value.
    public init(id: RelationshipID, type: String, start: NodeID, end: NodeID, properties: [String: Value]) {
        self.id = id
        self.type = type
        self.start = start
        self.end = end
        self.properties = properties
    }

    /// The property `key`, or `.null`.
    public subscript(key: String) -> Value { properties[key] ?? .null }
}

/// A path: nodes joined by relationships, `nodes.count == relationships.count + 1`.
public struct Path: Sendable, Hashable {
    /// The nodes along the path.
    public var nodes: [Node]
    /// The relationships between consecutive nodes.
    public var relationships: [Relationship]

    /// Creates a path value.
    public init(nodes: [Node], relationships: [Relationship]) {
        self.nodes = nodes
        self.relationships = relationships
    }
}

/// Which relationships of a node to follow.
public enum Direction: Sendable, Hashable {
    /// Relationships that start at the node.
    case outgoing
    /// Relationships that end at the node.
    case incoming
    /// Both; a self-loop is reported once.
    case both
}

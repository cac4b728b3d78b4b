/// One comma-separated part of a pattern, possibly named: `p = (a)-->(b)`.
public struct PatternPart: Sendable, Hashable {
    /// The path variable, if any.
    public var variable: Name?
    /// The chain of nodes and relationships.
    public var element: PatternElement
    /// Where the part is written.
    @SourceDetail public var range: SourceRange

    /// Creates a pattern part.
    public init(variable: Name?, element: PatternElement, range: SourceRange = .none) {
        self.variable = variable
        self.element = element
        self.range = range
    }
}

/// A node followed by zero or more relationship-node steps.
public struct PatternElement: Sendable, Hashable {
    /// The first node.
    public var start: NodePattern
    /// The steps after it, in written order.
    public var links: [PatternLink]
    /// Where the element is written.
    @SourceDetail public var range: SourceRange

    /// Creates a pattern element.
    public init(start: NodePattern, links: [PatternLink] = [], range: SourceRange = .none) {
        self.start = start
        self.links = links
        self.range = range
    }
}

/// One step of a pattern: a relationship and the node it leads to.
public struct PatternLink: Sendable, Hashable {
    /// The relationship.
    public var relationship: RelationshipPattern
    /// The node after it.
    public var node: NodePattern

    /// Creates a step.
    public init(relationship: RelationshipPattern, node: NodePattern) {
        self.relationship = relationship
        self.node = node
    }
}

/// `(variable:Label:Other {key: value})`, every part optional.
public struct NodePattern: Sendable, Hashable {
    /// The node variable, if any.
    public var variable: Name?
    /// The labels the node must carry (or gets, when created).
    public var labels: [Name]
    /// A map literal or a parameter, if any.
    public var properties: Expression?
    /// Where the node pattern is written, parentheses included.
    @SourceDetail public var range: SourceRange

    /// Creates a node pattern.
    public init(variable: Name?, labels: [Name] = [], properties: Expression? = nil, range: SourceRange = .none) {
        self.variable = variable
        self.labels = labels
        self.properties = properties
        self.range = range
    }
}

/// The direction a relationship pattern is written in.
public enum RelationshipDirection: Sendable, Hashable {
    /// `-->`: from the node on the left to the node on the right.
    case outgoing
    /// `<--`: from the node on the right to the node on the left.
    case incoming
    /// `--` (and `<-->`): either way.
    case undirected
}

/// `-[variable:TYPE|OTHER*1..3 {key: value}]->`.
public struct RelationshipPattern: Sendable, Hashable {
    /// The direction.
    public var direction: RelationshipDirection
    /// The relationship variable, if any.
    public var variable: Name?
    /// The allowed types; empty means any type.
    public var types: [Name]
    /// The length for a variable-length relationship; nil for a single hop.
    public var length: PathLength?
    /// A map literal or a parameter, if any.
    public var properties: Expression?
    /// Where the relationship is written, dashes and arrow heads included.
    @SourceDetail public var range: SourceRange

    /// Creates a relationship pattern.
    public init(
        direction: RelationshipDirection, variable: Name? = nil, types: [Name] = [], length: PathLength? = nil,
        properties: Expression? = nil, range: SourceRange = .none
    ) {
        self.direction = direction
        self.variable = variable
        self.types = types
        self.length = length
        self.properties = properties
        self.range = range
    }
}

/// The bounds of a variable-length relationship: `*` (both absent), `*2`
/// (both 2), `*1..3`, `*..3`, `*2..`.
public struct PathLength: Sendable, Hashable {
    /// The least number of hops; absent means 1.
    public var minimum: Int64?
    /// The greatest number of hops; absent means unbounded.
    public var maximum: Int64?
    /// Where `*...` is written.
    @SourceDetail public var range: SourceRange

    /// Creates bounds.
    public init(minimum: Int64?, maximum: Int64?, range: SourceRange = .none) {
        self.minimum = minimum
        self.maximum = maximum
        self.range = range
    }
}

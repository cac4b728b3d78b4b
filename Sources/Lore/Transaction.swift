/// A read or write transaction on a `Store`, valid only inside the closure
/// that received it.
///
/// Every method either does all it says or, when it throws, nothing: a
/// failed call leaves the transaction as it was, so the caller may go on or
/// give up (the closure's throw rolls everything back). Use a transaction on
/// the closure's thread only. Methods called after the closure returned
/// throw `StorageError`/`TransactionClosed`.
public final class Transaction {
    private var storage: StorageTransaction?

    init(_ storage: StorageTransaction) { self.storage = storage }

    func close() { storage = nil }

    /// Whether this transaction may only read.
    public var isReadOnly: Bool { storage?.isReadOnly ?? true }

    /// The storage transaction, with the index entries that record
    /// creation held back written out, so that whatever comes next sees
    /// every index complete.
    func open() throws -> StorageTransaction {
        let s = try openForCreation()
        if s.hasDeferredIndexes { try s.writeDeferredIndexes() }
        return s
    }

    /// The storage transaction as it is, for `createNode` and
    /// `createRelationship`, which hold back their index entries: a run of
    /// them (a load) writes its indexes in key order, later, all at once.
    private func openForCreation() throws -> StorageTransaction {
        guard let storage else {
            throw LoreError(.storageError, "TransactionClosed", "the transaction ended with its closure")
        }
        return storage
    }

    /// Properties as name ids, null values left out, in id order (the
    /// order records keep, so they take the array as it is).
    private func storableProperties(_ s: StorageTransaction, _ properties: [String: Value]) throws
        -> [(key: UInt32, value: Value)]
    {
        var result: [(key: UInt32, value: Value)] = []
        result.reserveCapacity(properties.count)
        for (k, v) in properties {
            if case .null = v { continue }
            // A new name or a bad value: take the path in key order, which
            // interns new names in a fixed order and reports the first bad key.
            guard v.isStorable, let id = s.knownName(k) else { return try storablePropertiesInKeyOrder(s, properties) }
            // Insertion in id order: records have few properties.
            var at = result.count
            while at > 0, result[at - 1].key > id { at -= 1 }
            result.insert((id, v), at: at)
        }
        return result
    }

    private func storablePropertiesInKeyOrder(_ s: StorageTransaction, _ properties: [String: Value]) throws
        -> [(key: UInt32, value: Value)]
    {
        var result: [(key: UInt32, value: Value)] = []
        for (k, v) in properties.sorted(by: { $0.key < $1.key }) {
            if case .null = v { continue }
            try Transaction.requireStorable(v, key: k)
            result.append((try s.intern(k), v))
        }
        return result
    }

    static func requireStorable(_ v: Value, key: String) throws {
        guard v.isStorable else {
            throw LoreError(
                .typeError, "InvalidPropertyType",
                "property `\(key)` cannot hold a \(v.typeName) value; properties hold booleans, numbers, strings, dates and lists of those"
            )
        }
    }

    // MARK: nodes

    /// Creates a node with `labels` and `properties` (null values are left
    /// out) and returns its id.
    ///
    /// Cost: one record write, plus one index entry per label and one per
    /// (label, property) pair. - Throws: `TypeError` for a map or nested
    /// list value; `ConstraintVerificationFailed` when a unique constraint
    /// would be broken.
    @discardableResult
    public func createNode(labels: [String] = [], properties: [String: Value] = [:]) throws -> NodeID {
        let s = try openForCreation()
        let props = try storableProperties(s, properties)
        let ids = try labels.map { try s.intern($0) }
        return NodeID(try s.createNode(labels: ids, properties: props, deferIndexes: true))
    }

    /// The node `id`, or nil if there is none. Cost: one lookup and decode.
    public func node(_ id: NodeID) throws -> Node? {
        let s = try open()
        guard let r = try s.nodeRecord(id.rawValue) else { return nil }
        return try materialize(s, id.rawValue, r)
    }

    func materialize(_ s: StorageTransaction, _ id: UInt64, _ r: NodeRecord) throws -> Node {
        var props: [String: Value] = [:]
        for (k, v) in r.properties { props[try s.name(of: k)] = v }
        return Node(id: NodeID(id), labels: try r.labels.map { try s.name(of: $0) }, properties: props)
    }

    /// Sets property `key` of node `id` to `value`; `.null` removes it.
    ///
    /// - Throws: `EntityNotFound`, `TypeError`, or a uniqueness violation.
    public func setProperty(_ key: String, to value: Value, on id: NodeID) throws {
        let s = try open()
        if case .null = value {
            try removeProperty(key, from: id)
            return
        }
        try Transaction.requireStorable(value, key: key)
        try s.setNodeProperty(id.rawValue, key: try s.intern(key), value: value)
    }

    /// Removes property `key` from node `id` (nothing if it had none).
    public func removeProperty(_ key: String, from id: NodeID) throws {
        let s = try open()
        guard let k = try s.existingName(key) else {
            guard try s.nodeExists(id.rawValue) else { throw s.missingNode(id.rawValue) }
            return
        }
        try s.setNodeProperty(id.rawValue, key: k, value: nil)
    }

    /// Adds `label` to node `id`; returns false if it had it already.
    @discardableResult
    public func addLabel(_ label: String, to id: NodeID) throws -> Bool {
        let s = try open()
        return try s.addLabel(id.rawValue, label: try s.intern(label))
    }

    /// Removes `label` from node `id`; returns false if it did not have it.
    @discardableResult
    public func removeLabel(_ label: String, from id: NodeID) throws -> Bool {
        let s = try open()
        guard let l = try s.existingName(label) else {
            guard try s.nodeExists(id.rawValue) else { throw s.missingNode(id.rawValue) }
            return false
        }
        return try s.removeLabel(id.rawValue, label: l)
    }

    /// Deletes node `id` and its index entries; with `detach`, its
    /// relationships too. Returns false if there was no such node.
    ///
    /// - Throws: `ConstraintVerificationFailed`/`DeleteConnectedNode` if the
    ///   node has relationships and `detach` is false.
    @discardableResult
    public func deleteNode(_ id: NodeID, detach: Bool = false) throws -> Bool {
        try open().deleteNode(id.rawValue, detach: detach)
    }

    // MARK: relationships

    /// Creates a relationship of `type` from `start` to `end`.
    ///
    /// Cost: one record write and four index entries (both adjacency lists,
    /// the type index). - Throws: `EntityNotFound` if either node is missing.
    @discardableResult
    public func createRelationship(
        _ type: String, from start: NodeID, to end: NodeID, properties: [String: Value] = [:]
    ) throws -> RelationshipID {
        let s = try openForCreation()
        let props = try storableProperties(s, properties)
        return RelationshipID(
            try s.createRelationship(
                type: try s.intern(type), start: start.rawValue, end: end.rawValue, properties: props,
                deferIndexes: true))
    }

    /// The relationship `id`, or nil.
    public func relationship(_ id: RelationshipID) throws -> Relationship? {
        let s = try open()
        guard let r = try s.relationshipRecord(id.rawValue) else { return nil }
        return try materialize(s, id.rawValue, r)
    }

    func materialize(_ s: StorageTransaction, _ id: UInt64, _ r: RelationshipRecord) throws -> Relationship {
        var props: [String: Value] = [:]
        for (k, v) in r.properties { props[try s.name(of: k)] = v }
        return Relationship(
            id: RelationshipID(id), type: try s.name(of: r.type), start: NodeID(r.start), end: NodeID(r.end),
            properties: props)
    }

    /// Sets property `key` of relationship `id`; `.null` removes it.
    public func setProperty(_ key: String, to value: Value, on id: RelationshipID) throws {
        let s = try open()
        if case .null = value {
            if let k = try s.existingName(key) {
                try s.setRelationshipProperty(id.rawValue, key: k, value: nil)
            } else if try s.relationshipRecord(id.rawValue) == nil {
                throw s.missingRelationship(id.rawValue)
            }
            return
        }
        try Transaction.requireStorable(value, key: key)
        try s.setRelationshipProperty(id.rawValue, key: try s.intern(key), value: value)
    }

    /// Deletes relationship `id`; returns false if there was none.
    @discardableResult
    public func deleteRelationship(_ id: RelationshipID) throws -> Bool {
        try open().deleteRelationship(id.rawValue)
    }

    /// The relationships of node `id` in `direction`, of any of `types`
    /// (all types when empty). Both directions list a self-loop once.
    ///
    /// Cost: a seek per direction and type, then one record read per
    /// relationship returned.
    public func relationships(of id: NodeID, direction: Direction = .both, types: [String] = []) throws
        -> [Relationship]
    {
        let s = try open()
        var ids: [UInt64] = []
        var typeIDs: [UInt32?] = types.isEmpty ? [nil] : []
        for type in types {
            // A type the store has never seen has no relationships.
            if let id = try s.existingName(type), !typeIDs.contains(id) { typeIDs.append(id) }
        }
        for t in typeIDs {
            try s.forEachAdjacency(of: id.rawValue, direction: direction, type: t) { _, _, rel, _ in
                ids.append(rel)
                return true
            }
        }
        return try ids.map { rel in
            guard let r = try s.relationshipRecord(rel) else { throw s.missingRelationship(rel) }
            return try materialize(s, rel, r)
        }
    }

    /// The ids of the nodes reached from `id` in `direction` over
    /// relationships of `type` (any type when nil), without reading records.
    /// Cost: one seek, then a few nanoseconds per neighbour.
    public func neighbours(of id: NodeID, direction: Direction = .outgoing, type: String? = nil) throws -> [NodeID] {
        let s = try open()
        var t: UInt32?
        if let type {
            guard let known = try s.existingName(type) else { return [] }
            t = known
        }
        var result: [NodeID] = []
        try s.forEachAdjacency(of: id.rawValue, direction: direction, type: t) { _, other, _, _ in
            result.append(NodeID(other))
            return true
        }
        return result
    }

    // MARK: scans and index seeks

    /// The ids of all nodes with `label`, in id order. Cost: one seek, then
    /// the ids packed 8 bytes each.
    public func nodes(withLabel label: String) throws -> [NodeID] {
        let s = try open()
        guard let l = try s.existingName(label) else { return [] }
        var result: [NodeID] = []
        try s.forEachNode(label: l) {
            result.append(NodeID($0))
            return true
        }
        return result
    }

    /// The ids of all nodes, in id order.
    public func allNodes() throws -> [NodeID] {
        let s = try open()
        var result: [NodeID] = []
        try s.forEachNode {
            result.append(NodeID($0))
            return true
        }
        return result
    }

    /// The nodes with `label` whose `property` equals `value` (numbers
    /// compare across Int and Double: 1 finds 1.0). Cost: one index seek and
    /// the matches.
    public func nodes(withLabel label: String, where property: String, equals value: Value) throws -> [NodeID] {
        let s = try open()
        guard let l = try s.existingName(label), let k = try s.existingName(property) else { return [] }
        return try s.seekEqual(label: l, key: k, value: value).map(NodeID.init)
    }

    /// One end of an index range: a value, and whether the range includes it.
    public struct Bound: Sendable {
        /// The bound value.
        public var value: Value
        /// Whether values equal to the bound are in the range.
        public var inclusive: Bool
        /// Creates a bound.
        public init(_ value: Value, inclusive: Bool = true) {
            self.value = value
            self.inclusive = inclusive
        }
    }

    /// The nodes with `label` whose `property` lies between `lower` and
    /// `upper` (either may be nil), in value order. Only values of the
    /// bounds' kind match: numbers with numbers, strings with strings, dates
    /// with dates. Cost: one seek, then the entries in range.
    public func nodes(withLabel label: String, where property: String, from lower: Bound?, to upper: Bound?) throws
        -> [NodeID]
    {
        let s = try open()
        guard lower != nil || upper != nil else {
            throw LoreError(.argumentError, "EmptyRange", "an index range needs at least one bound")
        }
        guard let l = try s.existingName(label), let k = try s.existingName(property) else { return [] }
        return try s.seekRange(
            label: l, key: k, lower: lower.map { ($0.value, $0.inclusive) },
            upper: upper.map { ($0.value, $0.inclusive) }
        ).map(NodeID.init)
    }

    /// The nodes with `label` whose string `property` starts with `prefix`,
    /// in value order.
    public func nodes(withLabel label: String, where property: String, startingWith prefix: String) throws -> [NodeID] {
        let s = try open()
        guard let l = try s.existingName(label), let k = try s.existingName(property) else { return [] }
        return try s.seekPrefix(label: l, key: k, prefix: prefix).map(NodeID.init)
    }

    // MARK: schema and statistics

    /// Every label in use with its node count, by name.
    public func labels() throws -> [(name: String, count: Int)] {
        try named { if case .label(let l) = $0 { return l } else { return nil } }
    }

    /// Every relationship type in use with its relationship count, by name.
    public func relationshipTypes() throws -> [(name: String, count: Int)] {
        try named { if case .type(let t) = $0 { return t } else { return nil } }
    }

    /// Every property key in use on nodes with the number of nodes holding it.
    public func propertyKeys() throws -> [(name: String, count: Int)] {
        try named { if case .nodeKey(let k) = $0 { return k } else { return nil } }
    }

    /// Every property key in use on relationships, with the number holding it.
    public func relationshipPropertyKeys() throws -> [(name: String, count: Int)] {
        try named { if case .relationshipKey(let k) = $0 { return k } else { return nil } }
    }

    private func named(_ pick: (StatKey) -> UInt32?) throws -> [(name: String, count: Int)] {
        let s = try open()
        var result: [(name: String, count: Int)] = []
        for (key, count) in try s.allStatistics() {
            if let id = pick(key) { result.append((try s.name(of: id), Int(count))) }
        }
        return result.sorted { $0.name < $1.name }
    }

    /// The number of nodes. Cost: one lookup.
    public func nodeCount() throws -> Int { Int(try open().statistic(.nodes)) }

    /// The number of relationships. Cost: one lookup.
    public func relationshipCount() throws -> Int { Int(try open().statistic(.relationships)) }

    /// Declares that no two `label` nodes may hold equal `property` values.
    /// Returns false when `ifNotExists` is set and the constraint exists.
    ///
    /// Cost: a scan of the (label, property) index to check existing data.
    /// - Throws: `ConstraintVerificationFailed` when existing nodes break it;
    ///   `SemanticError` when a constraint of that name or on that pair exists.
    @discardableResult
    public func createUniqueConstraint(name: String, label: String, property: String, ifNotExists: Bool = false)
        throws -> Bool
    {
        try open().createUniqueConstraint(name: name, label: label, key: property, ifNotExists: ifNotExists)
    }

    /// Drops the named constraint.
    ///
    /// - Throws: `SemanticError`/`ConstraintNotFound` when there is none and
    ///   `ifExists` is false.
    @discardableResult
    public func dropConstraint(name: String, ifExists: Bool = false) throws -> Bool {
        let dropped = try open().dropConstraint(name: name)
        if !dropped && !ifExists {
            throw LoreError(.semanticError, "ConstraintNotFound", "there is no constraint named `\(name)`")
        }
        return dropped
    }

    /// The declared constraints, by name.
    public func constraints() throws -> [Constraint] {
        let s = try open()
        return try s.constraints().map {
            Constraint(name: $0.name, label: try s.name(of: $0.label), property: try s.name(of: $0.key))
        }.sorted { $0.name < $1.name }
    }
}

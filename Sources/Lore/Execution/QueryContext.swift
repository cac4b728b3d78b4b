/// The state of one running statement: the storage transaction, the
/// parameters, the change counters, and the subquery plans. It is the
/// evaluator's window on the graph: records are read by id when a property
/// or label is asked for.
final class QueryContext: EvaluationContext {
    let storage: StorageTransaction
    let parameters: [String: Datum]
    var statistics = QueryStatistics()
    let subqueries: [PlanNode]
    let slotCount: Int
    /// Asked between rows whether the statement should stop.
    let cancellation: QueryCancellation?
    lazy var evaluator = Evaluator(context: self)
    /// The last node record read, by id: a row usually reads several
    /// properties of one node in a row.
    private var cachedNode: (id: UInt64, record: NodeRecord?)?
    /// Nodes and relationships deleted by this statement.
    var deletedNodes = Set<UInt64>()
    var deletedRelationships = Set<UInt64>()
    /// The types of relationships deleted by this statement, still readable.
    var deletedRelationshipTypes: [UInt64: String] = [:]

    init(
        storage: StorageTransaction, parameters: [String: Datum], subqueries: [PlanNode], slotCount: Int,
        cancellation: QueryCancellation? = nil
    ) {
        self.storage = storage
        self.parameters = parameters
        self.subqueries = subqueries
        self.slotCount = slotCount
        self.cancellation = cancellation
    }

    /// Throws `Cancelled` once the statement's cancellation was requested:
    /// a nil test, or one relaxed atomic load, so cheap enough for each row.
    @inline(__always)
    func checkCancellation() throws {
        try cancellation?.check()
    }

    func invalidate(_ node: UInt64) {
        if cachedNode?.id == node { cachedNode = nil }
    }

    func nodeRecord(_ id: UInt64) throws -> NodeRecord? {
        if let c = cachedNode, c.id == id { return c.record }
        let record = try storage.nodeRecord(id)
        cachedNode = (id, record)
        return record
    }

    private func deletedAccess(_ what: String) -> LoreError {
        LoreError(.entityNotFound, "DeletedEntityAccess", "the \(what) was deleted in this statement")
    }

    func nodeProperty(_ id: UInt64, _ key: String) throws -> Datum {
        if let c = cachedNode, c.id == id, let record = c.record {
            guard let k = try storage.existingName(key), let v = record.value(k) else { return .null }
            return Datum(v)
        }
        // Read the one property from the record's bytes; nothing else is built.
        let k = try storage.existingName(key)
        let found = try storage.withNodeRecord(id) { raw -> Value? in
            guard let k else { return nil }
            return try RecordEncoding.nodeProperty(k, in: raw)
        }
        guard let found else {
            if deletedNodes.contains(id) { throw deletedAccess("node") }
            return .null
        }
        return found.map(Datum.init) ?? .null
    }

    func nodeHasLabels(_ id: UInt64, _ labels: [String]) throws -> Bool {
        var ids: [UInt32] = []
        for label in labels {
            guard let l = try storage.existingName(label) else { return false }
            ids.append(l)
        }
        return try storage.withNodeRecord(id) { try RecordEncoding.nodeHasLabels(ids, in: $0) } ?? false
    }

    func nodeProperties(_ id: UInt64) throws -> [String: Datum] {
        guard let record = try nodeRecord(id) else { return [:] }
        var out: [String: Datum] = [:]
        for (k, v) in record.properties { out[try storage.name(of: k)] = Datum(v) }
        return out
    }

    func nodeLabels(_ id: UInt64) throws -> [String] {
        guard let record = try nodeRecord(id) else { return [] }
        return try record.labels.map { try storage.name(of: $0) }
    }

    func relationshipType(_ id: UInt64) throws -> String {
        guard let r = try storage.relationshipRecord(id) else {
            if let type = deletedRelationshipTypes[id] { return type }
            throw LoreError(.entityNotFound, "EntityNotFound", "relationship \(id) does not exist")
        }
        return try storage.name(of: r.type)
    }

    func relationshipProperty(_ id: UInt64, _ key: String) throws -> Datum {
        let k = try storage.existingName(key)
        let found = try storage.withRelationshipRecord(id) { raw -> Value? in
            guard let k else { return nil }
            return try RecordEncoding.relationshipProperty(k, in: raw)
        }
        guard let found else {
            if deletedRelationships.contains(id) { throw deletedAccess("relationship") }
            return .null
        }
        return found.map(Datum.init) ?? .null
    }

    func relationshipProperties(_ id: UInt64) throws -> [String: Datum] {
        guard let r = try storage.relationshipRecord(id) else { return [:] }
        var out: [String: Datum] = [:]
        for (k, v) in r.properties { out[try storage.name(of: k)] = Datum(v) }
        return out
    }

    func relationshipEnds(_ id: UInt64) throws -> (start: UInt64, end: UInt64) {
        guard let r = try storage.relationshipRecord(id) else {
            throw LoreError(.entityNotFound, "EntityNotFound", "relationship \(id) does not exist")
        }
        return (r.start, r.end)
    }

    func subqueryRows(_ id: SubqueryID, _ row: [Datum]) throws -> [[Datum]] {
        let op = try Executor.build(subqueries[id.index], self)
        try op.open(argument: row)
        var rows: [[Datum]] = []
        while let r = try op.next() { rows.append(r) }
        return rows
    }

    // MARK: results

    /// The public value of a datum: nodes and relationships read in full.
    func materialize(_ d: Datum) throws -> Value {
        switch d {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let x): return .double(x)
        case .string(let s): return .string(s)
        case .date(let x): return .date(x)
        case .list(let items): return .list(try items.map(materialize))
        case .map(let m): return .map(try m.mapValues(materialize))
        case .node(let id): return .node(try node(id))
        case .relationship(let id): return .relationship(try relationship(id))
        case .path(let nodes, let rels):
            return .path(Path(nodes: try nodes.map(node), relationships: try rels.map(relationship)))
        }
    }

    func node(_ id: UInt64) throws -> Node {
        guard let r = try nodeRecord(id) else { return Node(id: NodeID(id), labels: [], properties: [:]) }
        var props: [String: Value] = [:]
        for (k, v) in r.properties { props[try storage.name(of: k)] = v }
        return Node(id: NodeID(id), labels: try r.labels.map { try storage.name(of: $0) }, properties: props)
    }

    func relationship(_ id: UInt64) throws -> Relationship {
        guard let r = try storage.relationshipRecord(id) else {
            return Relationship(id: RelationshipID(id), type: "", start: NodeID(0), end: NodeID(0), properties: [:])
        }
        var props: [String: Value] = [:]
        for (k, v) in r.properties { props[try storage.name(of: k)] = v }
        return Relationship(
            id: RelationshipID(id), type: try storage.name(of: r.type), start: NodeID(r.start), end: NodeID(r.end),
            properties: props)
    }
}

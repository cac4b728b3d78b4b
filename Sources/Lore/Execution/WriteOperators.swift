/// The write operators: CREATE, MERGE, SET, REMOVE and DELETE. Each runs
/// over rows its input already read in full (an eager operator sits below
/// it), so that its writes cannot change what the reads before it see.
extension QueryContext {
    /// A value a property may hold; throws TypeError otherwise.
    func storable(_ d: Datum, key: String) throws -> Value? {
        if d.isNull { return nil }
        guard let v = d.plainValue, v.isStorable else {
            throw LoreError(
                .typeError, "InvalidPropertyType",
                "property `\(key)` cannot hold a \(d.typeName) value; properties hold booleans, numbers, strings, dates and lists of those"
            )
        }
        return v
    }

    func createNode(_ pattern: BoundNodePattern, _ row: inout [Datum]) throws -> UInt64 {
        var props: [(key: UInt32, value: Value)] = []
        for (key, e) in pattern.properties {
            if let v = try storable(try evaluator.evaluate(e, &row), key: key) {
                props.append((try storage.intern(key), v))
            }
        }
        let labels = try pattern.labels.map { try storage.intern($0) }
        let id = try storage.createNode(labels: labels, properties: props)
        statistics.nodesCreated += 1
        statistics.labelsAdded += Set(labels).count
        statistics.propertiesSet += Set(props.map(\.key)).count
        return id
    }

    /// Creates what `pattern` names that `row` does not bind yet.
    func createPattern(_ pattern: BoundPattern, _ row: inout [Datum]) throws {
        var made = Set<Int>()
        for node in pattern.nodes {
            if node.isBound || made.contains(node.slot) {
                guard row[node.slot].nodeID != nil else {
                    throw LoreError(.semanticError, "CreateOnNull", "cannot create a relationship to or from null")
                }
                continue
            }
            row[node.slot] = .node(try createNode(node, &row))
            made.insert(node.slot)
        }
        for rel in pattern.relationships {
            guard case .node(let left) = row[pattern.nodes[rel.left].slot],
                case .node(let right) = row[pattern.nodes[rel.right].slot]
            else {
                throw LoreError(.semanticError, "CreateOnNull", "cannot create a relationship to or from null")
            }
            var props: [(key: UInt32, value: Value)] = []
            for (key, e) in rel.properties {
                if let v = try storable(try evaluator.evaluate(e, &row), key: key) {
                    props.append((try storage.intern(key), v))
                }
            }
            let (start, end) = rel.direction == .incoming ? (right, left) : (left, right)
            let id = try storage.createRelationship(
                type: try storage.intern(rel.types[0]), start: start, end: end, properties: props)
            statistics.relationshipsCreated += 1
            statistics.propertiesSet += Set(props.map(\.key)).count
            row[rel.slot] = .relationship(id)
        }
        for path in pattern.paths {
            var nodes: [UInt64] = []
            var rels: [UInt64] = []
            for n in path.nodes { nodes.append(row[pattern.nodes[n].slot].nodeID ?? 0) }
            for r in path.relationships { rels.append(row[pattern.relationships[r].slot].relationshipID ?? 0) }
            row[path.slot] = .path(nodes: nodes, relationships: rels)
        }
    }

    func setProperty(_ target: Datum, _ key: String, _ value: Datum) throws {
        switch target {
        case .null: return
        case .node(let id):
            let v = try storable(value, key: key)
            if v == nil {
                guard let k = try storage.existingName(key) else { return }
                if try storage.setNodeProperty(id, key: k, value: nil) { statistics.propertiesRemoved += 1 }
            } else {
                try storage.setNodeProperty(id, key: try storage.intern(key), value: v)
                statistics.propertiesSet += 1
            }
            invalidate(id)
        case .relationship(let id):
            let v = try storable(value, key: key)
            if v == nil {
                guard let k = try storage.existingName(key) else { return }
                if try storage.setRelationshipProperty(id, key: k, value: nil) { statistics.propertiesRemoved += 1 }
            } else {
                try storage.setRelationshipProperty(id, key: try storage.intern(key), value: v)
                statistics.propertiesSet += 1
            }
        default:
            throw LoreError(.typeError, "InvalidArgumentType", "cannot set a property on a \(target.typeName)")
        }
    }

    func apply(_ item: BoundSetItem, _ row: inout [Datum]) throws {
        switch item {
        case .property(let target, let key, let value):
            let t = try evaluator.evaluate(target, &row)
            try setProperty(t, key, try evaluator.evaluate(value, &row))
        case .replaceProperties(let slot, let value), .mergeProperties(let slot, let value):
            let replace: Bool
            if case .replaceProperties = item { replace = true } else { replace = false }
            let target = row[slot]
            if target.isNull { return }
            var map: [String: Datum]
            switch try evaluator.evaluate(value, &row) {
            case .map(let m): map = m
            case .node(let id): map = try nodeProperties(id)
            case .relationship(let id): map = try relationshipProperties(id)
            case .null: map = [:]
            case let other:
                throw LoreError(
                    .typeError, "InvalidArgumentType", "SET needs a map of properties, not a \(other.typeName)")
            }
            if replace {
                let existing: [String: Datum]
                switch target {
                case .node(let id): existing = try nodeProperties(id)
                case .relationship(let id): existing = try relationshipProperties(id)
                default:
                    throw LoreError(.typeError, "InvalidArgumentType", "cannot set properties on a \(target.typeName)")
                }
                for key in existing.keys where map[key] == nil { try setProperty(target, key, .null) }
            }
            for (key, v) in map.sorted(by: { $0.key < $1.key }) { try setProperty(target, key, v) }
        case .labels(let slot, let labels):
            switch row[slot] {
            case .null: return
            case .node(let id):
                for label in labels where try storage.addLabel(id, label: try storage.intern(label)) {
                    statistics.labelsAdded += 1
                }
                invalidate(id)
            case let other:
                throw LoreError(
                    .typeError, "InvalidArgumentType", "labels can only be set on nodes, not on a \(other.typeName)")
            }
        }
    }
}

/// CREATE: creates the pattern once per input row.
final class CreateOperator: SingleInputOperator {
    let pattern: BoundPattern
    init(_ context: QueryContext, _ input: Operator, _ pattern: BoundPattern) {
        self.pattern = pattern
        super.init(context, input)
    }
    override func produce() throws -> [Datum]? {
        guard var row = try input.next() else { return nil }
        try context.createPattern(pattern, &row)
        return row
    }
}

/// MERGE: per input row, the matches of the pattern (running ON MATCH SET
/// on each), or else the pattern created (running ON CREATE SET).
final class MergeOperator: SingleInputOperator {
    let match: Operator
    let pattern: BoundPattern
    let onCreate: [BoundSetItem]
    let onMatch: [BoundSetItem]
    private var pending: [[Datum]] = []

    init(
        _ context: QueryContext, _ input: Operator, match: Operator, pattern: BoundPattern, onCreate: [BoundSetItem],
        onMatch: [BoundSetItem]
    ) {
        self.match = match
        self.pattern = pattern
        self.onCreate = onCreate
        self.onMatch = onMatch
        super.init(context, input)
    }

    override func reset() throws { pending = [] }

    override func produce() throws -> [Datum]? {
        while pending.isEmpty {
            guard var row = try input.next() else { return nil }
            for node in pattern.nodes where node.isBound && row[node.slot].isNull {
                throw LoreError(.semanticError, "MergeReadOwnWrites", "MERGE cannot use a null node")
            }
            try match.open(argument: row)
            var matches: [[Datum]] = []
            while let m = try match.next() { matches.append(m) }
            if matches.isEmpty {
                try context.createPattern(pattern, &row)
                for item in onCreate { try context.apply(item, &row) }
                pending = [row]
            } else {
                for var m in matches {
                    for item in onMatch { try context.apply(item, &m) }
                    pending.append(m)
                }
            }
        }
        return pending.removeFirst()
    }
}

/// SET.
final class SetOperator: SingleInputOperator {
    let items: [BoundSetItem]
    init(_ context: QueryContext, _ input: Operator, _ items: [BoundSetItem]) {
        self.items = items
        super.init(context, input)
    }
    override func produce() throws -> [Datum]? {
        guard var row = try input.next() else { return nil }
        for item in items { try context.apply(item, &row) }
        return row
    }
}

/// REMOVE.
final class RemoveOperator: SingleInputOperator {
    let items: [BoundRemoveItem]
    init(_ context: QueryContext, _ input: Operator, _ items: [BoundRemoveItem]) {
        self.items = items
        super.init(context, input)
    }
    override func produce() throws -> [Datum]? {
        guard var row = try input.next() else { return nil }
        for item in items {
            switch item {
            case .property(let target, let key):
                let t = try evaluator.evaluate(target, &row)
                try context.setProperty(t, key, .null)
            case .labels(let slot, let labels):
                guard case .node(let id) = row[slot] else { continue }
                for label in labels {
                    if let l = try context.storage.existingName(label), try context.storage.removeLabel(id, label: l) {
                        context.statistics.labelsRemoved += 1
                    }
                }
                context.invalidate(id)
            }
        }
        return row
    }
}

/// DELETE and DETACH DELETE. Reads every row first, then deletes the
/// relationships before the nodes, so that `DELETE a, r` works whatever
/// the order in which rows name them.
final class DeleteOperator: SingleInputOperator {
    let targets: [BoundExpression]
    let detach: Bool
    private var rowsOut = MaterializedRows()

    init(_ context: QueryContext, _ input: Operator, _ targets: [BoundExpression], detach: Bool) {
        self.targets = targets
        self.detach = detach
        super.init(context, input)
    }

    override func reset() throws { rowsOut.reset() }

    override func produce() throws -> [Datum]? {
        if !rowsOut.areMade {
            let made = try deleteAll()
            rowsOut.hold(made)
        }
        return rowsOut.next()
    }

    /// Reads every input row, deletes what they name, and returns them.
    private func deleteAll() throws -> [[Datum]] {
        var all: [[Datum]] = []
        var nodes: [UInt64] = []
        var rels: [UInt64] = []
        func collect(_ d: Datum) throws {
            switch d {
            case .null: break
            case .node(let id): nodes.append(id)
            case .relationship(let id): rels.append(id)
            case .path(let ns, let rs):
                nodes += ns
                rels += rs
            case .list(let items): for i in items { try collect(i) }
            default:
                throw LoreError(
                    .typeError, "InvalidArgumentType",
                    "DELETE takes nodes, relationships or paths, not a \(d.typeName)")
            }
        }
        while var row = try input.next() {
            for t in targets { try collect(try evaluator.evaluate(t, &row)) }
            all.append(row)
        }
        let s = context.storage
        for r in rels where !context.deletedRelationships.contains(r) {
            if let record = try s.relationshipRecord(r) {
                context.deletedRelationshipTypes[r] = try s.name(of: record.type)
            }
            if try s.deleteRelationship(r) { context.statistics.relationshipsDeleted += 1 }
            context.deletedRelationships.insert(r)
        }
        for n in nodes where !context.deletedNodes.contains(n) {
            if detach {
                var attached: [UInt64] = []
                try s.forEachAdjacency(of: n, direction: .both, type: nil) { _, _, rel, _ in
                    attached.append(rel)
                    return true
                }
                for r in Set(attached) where try s.deleteRelationship(r) {
                    context.statistics.relationshipsDeleted += 1
                    context.deletedRelationships.insert(r)
                }
            }
            if try s.deleteNode(n, detach: false) { context.statistics.nodesDeleted += 1 }
            context.deletedNodes.insert(n)
            context.invalidate(n)
        }
        return all
    }
}

import Testing

@testable import Lore

/// The plain in-memory model the store must agree with.
private struct Model {
    struct NodeState {
        var labels: [String]
        var props: [String: Value]
    }
    struct RelState {
        var type: String
        var start: NodeID
        var end: NodeID
        var props: [String: Value]
    }
    var nodes: [NodeID: NodeState] = [:]
    var rels: [RelationshipID: RelState] = [:]
}

private let labelPool = ["Company", "Model", "Person"]
private let keyPool = ["key", "name", "size", "when"]
private let typePool = ["DEVELOPED", "USES"]

/// Numeric-aware equality, as index seeks use it.
private func seekEqual(_ a: Value, _ b: Value) -> Bool {
    if case .double(let d) = a, d.isNaN { return false }
    if case .double(let d) = b, d.isNaN { return false }
    return referenceCompare(a, b) == 0 && sameFamily(a, b)
}

private func sameFamily(_ a: Value, _ b: Value) -> Bool {
    KeyEncoding.tag(of: a) == KeyEncoding.tag(of: b)
}

@Suite("Store against an in-memory model", .serialized)
struct StoreModelTests {
    /// Applies one random operation to both the store and the model.
    private func randomOperation(_ tx: Transaction, _ model: inout Model, _ rng: inout SeededGenerator) throws {
        let nodeIDs = Array(model.nodes.keys)
        let relIDs = Array(model.rels.keys)
        func randomNode() -> NodeID? { nodeIDs.isEmpty ? nil : nodeIDs[Int.random(in: 0..<nodeIDs.count, using: &rng)] }
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<30:
            var labels: [String] = []
            for l in labelPool where Bool.random(using: &rng) { labels.append(l) }
            var props: [String: Value] = [:]
            for k in keyPool where Int.random(in: 0..<3, using: &rng) > 0 { props[k] = randomStorableValue(&rng) }
            let id = try tx.createNode(labels: labels, properties: props)
            #expect(model.nodes[id] == nil, "a node id was reused")
            model.nodes[id] = .init(labels: labels, props: props)
        case 30..<45:
            guard let id = randomNode() else { return }
            let key = keyPool.randomElement(using: &rng)!
            if Int.random(in: 0..<4, using: &rng) == 0 {
                try tx.setProperty(key, to: .null, on: id)
                model.nodes[id]!.props[key] = nil
            } else {
                let v = randomStorableValue(&rng)
                try tx.setProperty(key, to: v, on: id)
                model.nodes[id]!.props[key] = v
            }
        case 45..<55:
            guard let id = randomNode() else { return }
            let label = labelPool.randomElement(using: &rng)!
            if Bool.random(using: &rng) {
                let added = try tx.addLabel(label, to: id)
                #expect(added == !model.nodes[id]!.labels.contains(label))
                if added { model.nodes[id]!.labels.append(label) }
            } else {
                let removed = try tx.removeLabel(label, from: id)
                #expect(removed == model.nodes[id]!.labels.contains(label))
                model.nodes[id]!.labels.removeAll { $0 == label }
            }
        case 55..<62:
            guard let id = randomNode() else { return }
            let connected = model.rels.values.contains { $0.start == id || $0.end == id }
            let detach = Bool.random(using: &rng)
            if connected && !detach {
                #expect(throws: LoreError.self) { try tx.deleteNode(id) }
                return
            }
            #expect(try tx.deleteNode(id, detach: detach))
            model.nodes[id] = nil
            model.rels = model.rels.filter { $0.value.start != id && $0.value.end != id }
        case 62..<85:
            guard let a = randomNode(), let b = randomNode() else { return }
            let type = typePool.randomElement(using: &rng)!
            var props: [String: Value] = [:]
            if Bool.random(using: &rng) { props["since"] = randomStorableValue(&rng) }
            let id = try tx.createRelationship(type, from: a, to: b, properties: props)
            #expect(model.rels[id] == nil, "a relationship id was reused")
            model.rels[id] = .init(type: type, start: a, end: b, props: props)
        case 85..<92:
            guard let id = relIDs.randomElement(using: &rng) else { return }
            #expect(try tx.deleteRelationship(id))
            model.rels[id] = nil
        default:
            guard let id = relIDs.randomElement(using: &rng) else { return }
            let v: Value = Bool.random(using: &rng) ? .null : randomStorableValue(&rng)
            try tx.setProperty("since", to: v, on: id)
            if case .null = v { model.rels[id]!.props["since"] = nil } else { model.rels[id]!.props["since"] = v }
        }
    }

    /// Every lookup, scan and seek of the store against the model.
    private func verify(_ store: Store, _ model: Model, _ rng: inout SeededGenerator) throws {
        try store.read { tx in
            #expect(try tx.nodeCount() == model.nodes.count)
            #expect(try tx.relationshipCount() == model.rels.count)
            #expect(Set(try tx.allNodes()) == Set(model.nodes.keys))
            for (id, state) in model.nodes {
                let node = try #require(try tx.node(id))
                #expect(node.labels == state.labels)
                #expect(node.properties == state.props)
            }
            for (id, state) in model.rels {
                let rel = try #require(try tx.relationship(id))
                #expect(rel.type == state.type && rel.start == state.start && rel.end == state.end)
                #expect(rel.properties == state.props)
            }
            // Label scans, and the label and key counts.
            var labelCounts: [String: Int] = [:]
            var keyCounts: [String: Int] = [:]
            for state in model.nodes.values {
                for l in state.labels { labelCounts[l, default: 0] += 1 }
                for k in state.props.keys { keyCounts[k, default: 0] += 1 }
            }
            for label in labelPool {
                let expected = model.nodes.filter { $0.value.labels.contains(label) }.keys.sorted()
                #expect(try tx.nodes(withLabel: label) == expected)
            }
            #expect(Dictionary(uniqueKeysWithValues: try tx.labels().map { ($0.name, $0.count) }) == labelCounts)
            #expect(Dictionary(uniqueKeysWithValues: try tx.propertyKeys().map { ($0.name, $0.count) }) == keyCounts)
            var typeCounts: [String: Int] = [:]
            for r in model.rels.values { typeCounts[r.type, default: 0] += 1 }
            #expect(
                Dictionary(uniqueKeysWithValues: try tx.relationshipTypes().map { ($0.name, $0.count) }) == typeCounts)
            // Equality, range and prefix seeks for values in use and random ones.
            let inUse = model.nodes.values.flatMap { $0.props.values }
            for _ in 0..<25 {
                let label = labelPool.randomElement(using: &rng)!
                let key = keyPool.randomElement(using: &rng)!
                let probe =
                    (!inUse.isEmpty && Bool.random(using: &rng))
                    ? inUse.randomElement(using: &rng)! : randomStorableValue(&rng)
                let candidates = model.nodes.filter { $0.value.labels.contains(label) }
                func props(_ id: NodeID) -> Value? { candidates[id]?.props[key] }
                let equal = candidates.keys.filter { props($0).map { seekEqual($0, probe) } ?? false }
                #expect(
                    Set(try tx.nodes(withLabel: label, where: key, equals: probe)) == Set(equal),
                    "\(label).\(key) = \(probe)")

                let other = randomStorableValue(&rng)
                guard sameFamily(probe, other) else { continue }
                let (lo, hi) = referenceCompare(probe, other) <= 0 ? (probe, other) : (other, probe)
                let loInclusive = Bool.random(using: &rng)
                let hiInclusive = Bool.random(using: &rng)
                func inRange(_ v: Value) -> Bool {
                    guard sameFamily(v, lo) else { return false }
                    if case .double(let d) = v, d.isNaN {
                        return referenceCompare(v, hi) < 0 || (hiInclusive && referenceCompare(v, hi) == 0)
                    }
                    let c1 = referenceCompare(v, lo)
                    let c2 = referenceCompare(v, hi)
                    return (c1 > 0 || (loInclusive && c1 == 0)) && (c2 < 0 || (hiInclusive && c2 == 0))
                }
                let nan: (Value) -> Bool = {
                    if case .double(let d) = $0 { return d.isNaN }
                    return false
                }
                if nan(lo) || nan(hi) { continue }
                let ranged = candidates.keys.filter { props($0).map(inRange) ?? false }
                let got = try tx.nodes(
                    withLabel: label, where: key, from: .init(lo, inclusive: loInclusive),
                    to: .init(hi, inclusive: hiInclusive))
                #expect(Set(got) == Set(ranged), "\(label).\(key) in \(lo)...\(hi)")
                #expect(got.count == Set(got).count)
                let open = candidates.keys.filter { id in
                    guard let v = props(id), sameFamily(v, lo) else { return false }
                    let c = referenceCompare(v, lo)
                    return c > 0 || (loInclusive && c == 0)
                }
                #expect(
                    Set(try tx.nodes(withLabel: label, where: key, from: .init(lo, inclusive: loInclusive), to: nil))
                        == Set(open))
                if case .string(let s) = probe {
                    let prefix = String(s.prefix(2))
                    let prefixed = candidates.keys.filter { id in
                        if case .string(let v)? = props(id) { return v.utf8.starts(with: prefix.utf8) }
                        return false
                    }
                    #expect(Set(try tx.nodes(withLabel: label, where: key, startingWith: prefix)) == Set(prefixed))
                }
            }
            // Adjacency both ways.
            for id in model.nodes.keys.shuffled(using: &rng).prefix(40) {
                let out = model.rels.filter { $0.value.start == id }.keys
                let inc = model.rels.filter { $0.value.end == id }.keys
                #expect(Set(try tx.relationships(of: id, direction: .outgoing).map(\.id)) == Set(out))
                #expect(Set(try tx.relationships(of: id, direction: .incoming).map(\.id)) == Set(inc))
                let both = try tx.relationships(of: id, direction: .both).map(\.id)
                #expect(both.count == Set(both).count, "a self-loop was listed twice")
                #expect(Set(both) == Set(out).union(inc))
                let used = model.rels.filter { $0.value.start == id && $0.value.type == "USES" }.keys
                #expect(Set(try tx.relationships(of: id, direction: .outgoing, types: ["USES"]).map(\.id)) == Set(used))
            }
        }
        let issues = try store.check()
        #expect(issues.isEmpty, "\(issues)")
    }

    @Test func randomOperationsAgreeWithTheModelAcrossReopens() throws {
        try withTemporaryDirectory { dir in
            var rng = SeededGenerator(seed: 2026)
            var model = Model()
            var operations = 0
            for round in 0..<4 {
                let store = try Store(path: dir)
                for batch in 0..<12 {
                    let rollBack = batch % 5 == 4
                    var draft = model
                    do {
                        try store.write { tx in
                            draft = model
                            for _ in 0..<60 { try randomOperation(tx, &draft, &rng) }
                            if rollBack { throw LoreError(.argumentError, "Test", "roll this batch back") }
                        }
                    } catch let e as LoreError where e.code == "Test" {}
                    if !rollBack { model = draft }
                    operations += 60
                    try verify(store, model, &rng)
                }
                _ = round
            }
            // And once more on a store opened afresh.
            let reopened = try Store(path: dir)
            try verify(reopened, model, &rng)
            #expect(operations >= 2000)
            #expect(model.nodes.count > 50)
        }
    }
}

import ArgumentParser
import Foundation
import Lore

/// `lore export`: the whole store, in a form that loads back.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the whole store as an LQL script, JSON Lines or neo4j-admin CSV files.",
        discussion: """
            Reads one snapshot. Loading the export into an empty store gives the same graph \
            (ids aside): `lore run` for lql, `lore import` for jsonl and neo4j-csv (or \
            neo4j-admin import for the latter).
              lql        constraints, then CREATE statements; relationships MATCH their ends by key
              jsonl      the import format: constraint, node and rel records, one a line
              neo4j-csv  a directory: nodes_<labels>.csv (key:ID, :LABEL, typed columns such as \
            founded:int, aliases:string[], day:date) and rels_<TYPE>.csv (:START_ID, :END_ID, :TYPE)
            A node whose `key` is not a unique string gets a reference of its own (_n<id>) that is \
            not stored. In neo4j-csv, a property whose values have different types within one \
            file is written as strings (with a warning), list items are separated by ;, and an \
            empty string reads back as no property.

            Examples:
              lore export --db ai.lore --format jsonl --output ai.jsonl
              lore export --db ai.lore --format lql > ai.lql
              lore export --db ai.lore --format neo4j-csv --output ai-csv/
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case lql, jsonl
        case neo4jCSV = "neo4j-csv"
        // DESIGN's name for the script format.
        case cypher
    }

    @Option(name: .long, help: "The store's directory.") var db: String
    @Option(name: .long, help: "lql, jsonl or neo4j-csv.") var format: Format
    @Option(name: .long, help: "The file (lql, jsonl; default: standard output) or directory (neo4j-csv).")
    var output: String?

    func run() throws {
        do {
            var options = Store.Options()
            options.readOnly = true
            let store = try Store(path: db, options: options)
            try store.read { tx in
                let graph = try Snapshot(tx)
                switch format {
                case .lql, .cypher: try write(graph.lql(), to: output)
                case .jsonl: try write(graph.jsonl(), to: output)
                case .neo4jCSV:
                    guard let output else {
                        throw LoreError(.argumentError, "MissingOutput", "neo4j-csv needs --output DIR")
                    }
                    try graph.neo4jCSV(into: output)
                }
            }
        } catch {
            throw fail(error)
        }
    }

    private func write(_ text: String, to path: String?) throws {
        guard let path else {
            emit(text)
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw LoreError(.ioError, "WriteFailed", "cannot write \(path)")
        }
    }
}

/// The whole graph read from one transaction, with a reference per node.
struct Snapshot {
    var constraints: [Constraint] = []
    var nodes: [Node] = []
    var relationships: [Relationship] = []
    /// Per node id: its key when that is a unique string, else `_n<id>`.
    var references: [NodeID: String] = [:]
    var keyed: Set<NodeID> = []

    init(_ tx: Transaction) throws {
        constraints = try tx.constraints()
        var seen = Set<RelationshipID>()
        var keyCounts: [String: Int] = [:]
        for id in try tx.allNodes() {
            guard let node = try tx.node(id) else { continue }
            nodes.append(node)
            if case .string(let k) = node["key"] { keyCounts[k, default: 0] += 1 }
            for r in try tx.relationships(of: id, direction: .outgoing) where seen.insert(r.id).inserted {
                relationships.append(r)
            }
        }
        relationships.sort { $0.id < $1.id }
        for node in nodes {
            if case .string(let k) = node["key"], keyCounts[k] == 1, !k.hasPrefix("_n") {
                references[node.id] = k
                keyed.insert(node.id)
            } else {
                references[node.id] = "_n\(node.id.rawValue)"
            }
        }
    }

    // MARK: JSON Lines

    func jsonl() -> String {
        var out = ""
        func string(_ s: String) -> String { JSONFormat.encode(.string(s)) }
        for c in constraints {
            out += #"{"kind": "constraint", "name": \#(string(c.name)), "label": \#(string(c.label)), "#
            out += #""property": \#(string(c.property))}"# + "\n"
        }
        for n in nodes {
            var props = n.properties
            let reference: String
            if keyed.contains(n.id) {
                props["key"] = nil
                reference = #""key": "# + string(references[n.id]!)
            } else {
                reference = #""ref": "# + string(references[n.id]!)
            }
            out +=
                #"{"kind": "node", \#(reference), "labels": \#(JSONFormat.encode(.list(n.labels.map(Value.string)))), "#
            out += #""props": \#(JSONFormat.encode(.map(props)))}"# + "\n"
        }
        for r in relationships {
            out += #"{"kind": "rel", "type": \#(string(r.type)), "from": \#(string(references[r.start]!)), "#
            out += #""to": \#(string(references[r.end]!)), "props": \#(JSONFormat.encode(.map(r.properties)))}"# + "\n"
        }
        return out
    }

    // MARK: LQL

    /// A name as LQL writes it, back-quoted unless a plain identifier.
    static func name(_ s: String) -> String {
        let plain =
            !s.isEmpty
            && s.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0))
            }
            && !("0"..."9").contains(s.unicodeScalars.first!)
        return plain ? s : "`" + s.replacingOccurrences(of: "`", with: "``") + "`"
    }

    private static let temporaryReference = "_lore_export_ref"

    func lql() -> String {
        var out = "// Exported by lore export --format lql. Load with: lore run FILE --db DIR\n"
        for c in constraints {
            out += "CREATE CONSTRAINT \(Self.name(c.name)) IF NOT EXISTS FOR (n:\(Self.name(c.label))) "
            out += "REQUIRE n.\(Self.name(c.property)) IS UNIQUE;\n"
        }
        var needsCleanup = false
        for n in nodes {
            var props = n.properties
            if !keyed.contains(n.id) {
                props[Self.temporaryReference] = .string(references[n.id]!)
                needsCleanup = true
            }
            out += "CREATE (" + n.labels.map { ":" + Self.name($0) }.joined() + Self.map(props) + ");\n"
        }
        for r in relationships {
            out += "MATCH " + match("a", r.start) + ", " + match("b", r.end)
            out += " CREATE (a)-[:\(Self.name(r.type))\(Self.map(r.properties))]->(b);\n"
        }
        if needsCleanup {
            out += "MATCH (n) WHERE n.\(Self.temporaryReference) IS NOT NULL REMOVE n.\(Self.temporaryReference);\n"
        }
        return out
    }

    private func match(_ variable: String, _ id: NodeID) -> String {
        let node = nodes.first { $0.id == id }
        let label = node?.labels.first.map { ":" + Self.name($0) } ?? ""
        let key = keyed.contains(id) ? "key" : Self.temporaryReference
        return "(\(variable)\(label) {\(key): \(Value.string(references[id]!))})"
    }

    private static func map(_ props: [String: Value]) -> String {
        guard !props.isEmpty else { return "" }
        return " {" + props.keys.sorted().map { "\(name($0)): \(literal(props[$0]!))" }.joined(separator: ", ") + "}"
    }

    /// A value as an LQL literal that reads back as the same value.
    static func literal(_ v: Value) -> String {
        switch v {
        case .double(let d) where d.isNaN: return "(0.0 / 0.0)"
        case .double(let d) where d.isInfinite: return d < 0 ? "(-1.0 / 0.0)" : "(1.0 / 0.0)"
        case .list(let items): return "[" + items.map(literal).joined(separator: ", ") + "]"
        default: return v.description
        }
    }

    // MARK: neo4j-admin CSV

    func neo4jCSV(into directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var nodeGroups: [[String]: [Node]] = [:]
        for n in nodes { nodeGroups[n.labels.sorted(), default: []].append(n) }
        for (labels, group) in nodeGroups.sorted(by: { $0.key.joined(separator: "+") < $1.key.joined(separator: "+") })
        {
            let allKeyed = group.allSatisfy { keyed.contains($0.id) }
            let columns = Self.columns(group.map(\.properties), skipping: allKeyed ? ["key"] : [], file: labels)
            var text = (allKeyed ? "key:ID" : ":ID") + ",:LABEL"
            for (key, type) in columns { text += "," + CSV.escape("\(key):\(type)") }
            text += "\n"
            for n in group {
                var fields = [CSV.escape(references[n.id]!), CSV.escape(n.labels.joined(separator: ";"))]
                for (key, type) in columns { fields.append(Self.field(n.properties[key], type)) }
                text += fields.joined(separator: ",") + "\n"
            }
            let name = labels.isEmpty ? "nodes" : "nodes_" + labels.joined(separator: "_")
            try write(text, to: directory + "/" + name + ".csv")
        }
        var relGroups: [String: [Relationship]] = [:]
        for r in relationships { relGroups[r.type, default: []].append(r) }
        for (type, group) in relGroups.sorted(by: { $0.key < $1.key }) {
            let columns = Self.columns(group.map(\.properties), skipping: [], file: [type])
            var text = ":START_ID,:END_ID,:TYPE"
            for (key, t) in columns { text += "," + CSV.escape("\(key):\(t)") }
            text += "\n"
            for r in group {
                var fields = [CSV.escape(references[r.start]!), CSV.escape(references[r.end]!), CSV.escape(r.type)]
                for (key, t) in columns { fields.append(Self.field(r.properties[key], t)) }
                text += fields.joined(separator: ",") + "\n"
            }
            try write(text, to: directory + "/rels_" + type + ".csv")
        }
    }

    private func write(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw LoreError(.ioError, "WriteFailed", "cannot write \(path)")
        }
    }

    /// The property columns of a file and their neo4j-admin types.
    private static func columns(_ records: [[String: Value]], skipping: Set<String>, file: [String]) -> [(
        String, String
    )] {
        var types: [String: String] = [:]
        for props in records {
            for (key, value) in props where !skipping.contains(key) {
                let t = type(value)
                if let known = types[key], known != t {
                    // An empty list says nothing of its item type.
                    if t == "string[]" && value == .list([]) && known.hasSuffix("[]") { continue }
                    if known == "string[]" && known != t && t.hasSuffix("[]")
                        && records.contains(where: { $0[key] == .list([]) })
                    {
                        types[key] = t
                        continue
                    }
                    if known != "string" {
                        emitError(
                            "warning: property \(key) in \(file.joined(separator: "+")) has values of types \(known) and \(t); written as strings\n"
                        )
                    }
                    types[key] = "string"
                } else {
                    types[key] = t
                }
            }
        }
        return types.keys.sorted().map { ($0, types[$0]!) }
    }

    private static func type(_ v: Value) -> String {
        switch v {
        case .bool: return "boolean"
        case .int: return "long"
        case .double: return "double"
        case .date: return "date"
        case .list(let items):
            guard let first = items.first else { return "string[]" }
            let t = type(first)
            return items.allSatisfy({ type($0) == t }) ? t + "[]" : "string[]"
        default: return "string"
        }
    }

    private static func field(_ v: Value?, _ type: String) -> String {
        guard let v else { return "" }
        return CSV.escape(plain(v))
    }

    private static func plain(_ v: Value) -> String {
        switch v {
        case .string(let s): return s
        case .date(let d): return d.description
        case .double(let d): return Value.double(d).description
        case .list(let items): return items.map(plain).joined(separator: ";")
        default: return v.description
        }
    }
}

import ArgumentParser
import Lore

#if canImport(Glibc)
    import Glibc
#endif

/// `lore demo`: a short tour of the library on a fresh store.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a small knowledge graph with the record API and walk it.",
        discussion: """
            Creates a store (a temporary directory unless --db is given), writes a few \
            companies, models and investors, then reads them back through label scans, \
            index seeks and adjacency, and runs the consistency check.

            Example:
              lore demo
              lore demo --db /tmp/demo.lore
            """
    )

    @Option(name: .long, help: "Where to build the store (default: a new temporary directory).")
    var db: String?

    func run() throws {
        do {
            let path = db ?? makeTemporaryDirectory()
            let store = try Store(path: path)
            try store.write { tx in
                try tx.createUniqueConstraint(name: "company_key", label: "Company", property: "key", ifNotExists: true)
                if try !tx.nodes(withLabel: "Company", where: "key", equals: "zhipu-ai").isEmpty { return }
                let zhipu = try tx.createNode(
                    labels: ["Company"],
                    properties: ["key": "zhipu-ai", "name": "Zhipu AI", "aliases": ["Z.ai", "Zhipu"], "founded": 2019])
                let moonshot = try tx.createNode(
                    labels: ["Company"],
                    properties: [
                        "key": "moonshot-ai", "name": "Moonshot AI", "aliases": ["Dark Side of the Moon"],
                        "founded": 2023,
                    ])
                let glm = try tx.createNode(labels: ["Model"], properties: ["key": "glm-4.5", "name": "GLM-4.5"])
                let kimi = try tx.createNode(labels: ["Model"], properties: ["key": "kimi-k2", "name": "Kimi K2"])
                let alibaba = try tx.createNode(
                    labels: ["Company", "Investor"], properties: ["key": "alibaba", "name": "Alibaba Group"])
                try tx.createRelationship("DEVELOPED", from: zhipu, to: glm)
                try tx.createRelationship("DEVELOPED", from: moonshot, to: kimi)
                try tx.createRelationship("INVESTED_IN", from: alibaba, to: moonshot, properties: ["currency": "USD"])
                try tx.createRelationship("COMPETES_WITH", from: zhipu, to: moonshot)
            }
            print("store: \(path)")
            try store.read { tx in
                print("\nlabels:")
                for (name, count) in try tx.labels() { print("  \(name): \(count)") }
                print("relationship types:")
                for (name, count) in try tx.relationshipTypes() { print("  \(name): \(count)") }
                print("\ncompanies founded from 2020 on (range seek on :Company(founded)):")
                for id in try tx.nodes(withLabel: "Company", where: "founded", from: .init(2020), to: nil) {
                    if let n = try tx.node(id) { print("  \(n["name"]) (founded \(n["founded"]))") }
                }
                print("models by developer (label scan, then adjacency):")
                for id in try tx.nodes(withLabel: "Company") {
                    guard let company = try tx.node(id) else { continue }
                    for rel in try tx.relationships(of: id, direction: .outgoing, types: ["DEVELOPED"]) {
                        if let model = try tx.node(rel.end) { print("  \(company["name"]) -> \(model["name"])") }
                    }
                }
                print("keys starting with 'moon' (prefix seek):")
                for id in try tx.nodes(withLabel: "Company", where: "key", startingWith: "moon") {
                    print("  \(try tx.node(id)?["key"] ?? .null)")
                }
            }
            let issues = try store.check()
            print("\ncheck: \(issues.isEmpty ? "every index agrees with the records" : issues.joined(separator: "\n"))")
        } catch {
            throw fail(error)
        }
    }

    private func makeTemporaryDirectory() -> String {
        var template = Array("/tmp/lore-demo-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buf in
            guard let base = buf.baseAddress, let p = mkdtemp(base) else { return "/tmp/lore-demo" }
            return String(cString: p)
        }
    }
}

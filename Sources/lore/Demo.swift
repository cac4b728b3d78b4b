import ArgumentParser
import Foundation
import Lore

#if canImport(Glibc)
    import Glibc
#endif

/// `lore demo`: the REPL on a fresh store built from the seed knowledge base.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the REPL on a fresh store holding the seed knowledge base.",
        discussion: """
            Builds Fixtures/knowledge/*.lql (files in name order, one transaction) into a new \
            temporary store, deleted on exit, or into --db to keep it. The knowledge base is \
            found under the current directory, else in the source tree lore was built from. \
            With standard input not a terminal, runs the ;-terminated statements read from it.

            Examples:
              lore demo
              echo 'MATCH (c:Company) RETURN count(*);' | lore demo
              lore demo --db ai.lore
            """
    )

    @Option(name: .long, help: "Build the store here and keep it (default: a temporary directory).")
    var db: String?

    @Option(name: .long, help: "Output format: \(OutputFormat.names) (default: table on a terminal, else tsv).")
    var format: OutputFormat?

    /// Three questions the welcome suggests; the tests check each returns rows.
    static let suggestions = [
        (
            "Who invested in Baichuan AI, in which round?",
            "MATCH (i:Investor)-[r:INVESTED_IN]->(:Company {key: 'baichuan-ai'}) RETURN i.name, r.round, r.year;"
        ),
        (
            "How many models has each company developed?",
            "MATCH (c:Company)-[:DEVELOPED]->(m:Model) RETURN c.name, count(m) AS models ORDER BY models DESC;"
        ),
        ("What else is Zhipu AI called?", "MATCH (c {key: 'zhipu-ai'}) RETURN c.name, c.aliases;"),
    ]

    func run() throws {
        let temporary = db == nil
        let path = db ?? makeTemporaryDirectory()
        defer { if temporary { try? FileManager.default.removeItem(atPath: path) } }
        let store: Store
        var counts = (0, 0)
        do {
            let files = try Self.knowledgeFiles()
            store = try Store(path: path)
            try store.write { tx in
                for file in files {
                    let text = String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self)
                    try tx.runScript(text, file: file)
                }
            }
            counts = try store.read { tx in (try tx.nodeCount(), try tx.relationshipCount()) }
        } catch {
            throw fail(error)
        }
        let c = Colours.current
        var welcome = c.bold("Lore demo") + ": the seed knowledge base (Chinese AI model-makers, 2022-2026), "
        welcome += "\(counts.0) nodes and \(counts.1) relationships"
        welcome += temporary ? " in a temporary store.\n" : " in \(path).\n"
        welcome += "End statements with ; and try:\n"
        for (question, query) in Self.suggestions { welcome += "  " + c.dim("// " + question) + "\n  " + query + "\n" }
        welcome += ":help lists the meta commands, :schema the labels and types, :quit leaves.\n"
        emit(welcome)
        let session = Session(store: store, readOnly: false, interactive: Terminal.inputIsTerminal, format: format)
        let status = session.loop()
        if status != 0 { throw ExitCode(status) }
    }

    /// The knowledge base's scripts, in name order: under the current
    /// directory, else under the source tree this command was built from.
    static func knowledgeFiles() throws -> [String] {
        let here = FileManager.default.currentDirectoryPath + "/Fixtures/knowledge"
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/knowledge").path
        for dir in [here, source] {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            let scripts = names.filter { $0.hasSuffix(".lql") }.sorted()
            if !scripts.isEmpty { return scripts.map { dir + "/" + $0 } }
        }
        throw LoreError(
            .ioError, "FileNotFound",
            "cannot find the knowledge base (Fixtures/knowledge/*.lql) under \(here) or \(source)")
    }
}

/// A new empty directory under the system's temporary directory.
func makeTemporaryDirectory(_ prefix: String = "lore") -> String {
    let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { buf in
        guard let p = mkdtemp(buf.baseAddress!) else { return "\(base)/\(prefix)-\(getpid())" }
        return String(cString: p)
    }
}

import ArgumentParser
import Foundation
import Lore

/// `lore run`: script files in one transaction.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run LQL script files in one transaction.",
        discussion: """
            Runs every ;-terminated statement of each file, files in the order given, all in one \
            write transaction: on the first error nothing is committed, and the error names the \
            file, line and column. Comments (// and /* */) are allowed.

            Example:
              lore run Fixtures/knowledge/*.lql --db ai.lore
            """
    )

    @Argument(help: "The script files.") var files: [String]
    @Option(name: .long, help: "The store's directory.") var db: String
    @Flag(name: .long, help: "Print nothing but errors.") var quiet = false

    func run() throws {
        var scripts: [(String, String)] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw fail(LoreError(.ioError, "FileNotFound", "cannot read \(file)"))
            }
            scripts.append((file, String(decoding: data, as: UTF8.self)))
        }
        do {
            let store = try Store(path: db)
            var statements = 0
            var totals = QueryStatistics()
            try store.write { tx in
                statements = 0
                totals = QueryStatistics()
                for (file, text) in scripts {
                    for r in try tx.runScript(text, file: file) {
                        statements += 1
                        let s = r.statistics
                        totals.nodesCreated += s.nodesCreated
                        totals.relationshipsCreated += s.relationshipsCreated
                        totals.propertiesSet += s.propertiesSet
                        totals.nodesDeleted += s.nodesDeleted
                        totals.relationshipsDeleted += s.relationshipsDeleted
                    }
                }
            }
            if !quiet {
                print(
                    "\(statements) statements from \(files.count) file\(files.count == 1 ? "" : "s"): "
                        + "\(totals.nodesCreated) nodes and \(totals.relationshipsCreated) relationships created, "
                        + "\(totals.propertiesSet) properties set")
            }
        } catch {
            throw fail(error)
        }
    }
}

import ArgumentParser
import Foundation
import Lore
import LoreSyntax

/// `lore run`: script files, in one transaction or statement by statement.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run LQL script files in one transaction.",
        discussion: """
            Runs every ;-terminated statement of each file, files in the order given, all in one \
            write transaction: on the first error nothing is committed, and the error names the \
            file, line and column. Comments (// and /* */) are allowed.

            --each commits statement by statement (what ran before an error stays). \
            --continue reports each failing statement and goes on (a failing statement leaves \
            nothing; the others are kept); the exit status is then 1 if any failed.

            Examples:
              lore run Fixtures/knowledge/*.lql --db ai.lore
              lore run --each --continue fixes.lql --db ai.lore
            """
    )

    @Argument(help: "The script files.") var files: [String]
    @Option(name: .long, help: "The store's directory.") var db: String
    @Flag(name: .long, help: "Commit statement by statement instead of all at once.") var each = false
    @Flag(name: .long, help: "Report failing statements and go on.") var `continue` = false
    @Flag(name: .long, help: "Print nothing but errors.") var quiet = false

    func run() throws {
        var scripts: [(file: String, pieces: [ScriptSplitter.Piece])] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw fail(LoreError(.ioError, "FileNotFound", "cannot read \(file)"))
            }
            scripts.append((file, ScriptSplitter.split(String(decoding: data, as: UTF8.self))))
        }
        var statements = 0
        var failures = 0
        var totals = QueryStatistics()
        var stderr = StandardError()
        do {
            let store = try Store(path: db)
            /// Runs one statement; returns false when it failed and was reported.
            func runOne(_ tx: Transaction, _ piece: ScriptSplitter.Piece, _ file: String) throws -> Bool {
                do {
                    for r in try tx.runScript(piece.text) {
                        statements += 1
                        let s = r.statistics
                        totals.nodesCreated += s.nodesCreated
                        totals.relationshipsCreated += s.relationshipsCreated
                        totals.propertiesSet += s.propertiesSet
                        totals.nodesDeleted += s.nodesDeleted
                        totals.relationshipsDeleted += s.relationshipsDeleted
                    }
                    return true
                } catch var error as LoreError {
                    // Positions within the statement become positions in the file.
                    let p = error.position ?? LoreError.Position(line: 1, column: 1)
                    let line = p.line + piece.start.line - 1
                    let column = p.line == 1 ? p.column + piece.start.column - 1 : p.column
                    error.position = LoreError.Position(line: line, column: column)
                    error.source = nil
                    error.message = "\(file):\(line):\(column): \(error.message)"
                    if !self.continue { throw error }
                    failures += 1
                    print("error: \(error)", to: &stderr)
                    return false
                }
            }
            if each {
                for (file, pieces) in scripts {
                    for piece in pieces {
                        try store.write { tx in _ = try runOne(tx, piece, file) }
                    }
                }
            } else {
                try store.write { tx in
                    statements = 0
                    failures = 0
                    totals = QueryStatistics()
                    for (file, pieces) in scripts {
                        for piece in pieces { _ = try runOne(tx, piece, file) }
                    }
                }
            }
        } catch {
            throw fail(error)
        }
        if !quiet {
            print(
                "\(statements) statements from \(files.count) file\(files.count == 1 ? "" : "s"): "
                    + "\(totals.nodesCreated) nodes and \(totals.relationshipsCreated) relationships created, "
                    + "\(totals.propertiesSet) properties set"
                    + (failures > 0 ? "; \(failures) failed" : ""))
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

import ArgumentParser
import Foundation
import Lore

#if canImport(Glibc)
    import Glibc
#endif

/// The `lore` command. With no subcommand, `lore shell`: the REPL.
@main
struct LoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lore",
        abstract: "An embedded knowledge store: LMDB records and indexes, queried in LQL.",
        discussion: """
            With no subcommand, `lore [--db PATH]` is `lore shell`: the REPL when standard input \
            is a terminal, else the statements read from standard input.
            """,
        version: "0.1.0",
        subcommands: [Shell.self, Run.self, Query.self, Import.self, Export.self, Backup.self, Check.self, Demo.self],
        defaultSubcommand: Shell.self
    )
}

/// `lore shell` (the default): the REPL, or the statements on standard input.
struct Shell: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The REPL (the default subcommand).",
        discussion: """
            The REPL on --db (a temporary store, deleted on exit, when none is given) when \
            standard input is a terminal: line editing, history in ~/.lore_history, multi-line \
            statements until ;, Tab completion, meta commands (:help lists them). Otherwise the \
            ;-terminated statements and meta commands read from standard input, like sqlite3: \
            the first error ends them, with exit status 1.

            Examples:
              lore --db ai.lore
              echo 'MATCH (c:Company) RETURN c.name;' | lore --db ai.lore --format csv
            """
    )

    @Option(name: .long, help: "The store's directory (default: a temporary store, deleted on exit).")
    var db: String?

    @Flag(name: .long, help: "Open the store for reading only.")
    var readOnly = false

    @Option(name: .long, help: "Output format: \(OutputFormat.names) (default: table on a terminal, else tsv).")
    var format: OutputFormat?

    func run() throws {
        let temporary = db == nil
        let path = db ?? makeTemporaryDirectory()
        defer { if temporary { try? FileManager.default.removeItem(atPath: path) } }
        let store: Store
        do {
            var options = Store.Options()
            options.readOnly = readOnly && !temporary
            store = try Store(path: path, options: options)
        } catch {
            throw fail(error)
        }
        let interactive = Terminal.inputIsTerminal
        if interactive {
            let place = temporary ? "a temporary store (deleted on exit; --db keeps one)" : path
            emit(
                "Lore \(LoreCommand.configuration.version) on \(place)\(readOnly ? ", read-only" : "").\n"
                    + "End statements with ;  :help lists the meta commands.\n")
        }
        let session = Session(store: store, readOnly: readOnly, interactive: interactive, format: format)
        let status = session.loop()
        if status != 0 { throw ExitCode(status) }
    }
}

/// Prints a LoreError the way every subcommand does, and exits 1.
func fail(_ error: Error) -> ExitCode {
    var stderr = StandardError()
    print("error: \(error)", to: &stderr)
    return ExitCode(1)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        bytes.withUnsafeMutableBytes { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

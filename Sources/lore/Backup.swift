import ArgumentParser
import Lore

/// `lore backup`: a consistent, compacted hot copy.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the store, consistent and compacted, while others read and write.",
        discussion: """
            Writes one snapshot of the store into DEST (a directory, created if missing; it must \
            not hold a store already). Other processes may keep reading and writing meanwhile. \
            The copy is a store: open it with --db DEST.

            Example:
              lore backup --db ai.lore /backups/ai-2026-01-08.lore
            """
    )

    @Option(name: .long, help: "The store's directory.") var db: String
    @Argument(help: "The directory to write the copy into.") var destination: String

    func run() throws {
        do {
            var options = Store.Options()
            options.readOnly = true
            let store = try Store(path: db, options: options)
            try store.backup(to: destination)
            let (nodes, rels) = try Store(path: destination, options: options).read { tx in
                (try tx.nodeCount(), try tx.relationshipCount())
            }
            print("backed up \(nodes) nodes and \(rels) relationships to \(destination)")
        } catch {
            throw fail(error)
        }
    }
}

import ArgumentParser
import Lore

/// `lore check`: verifies every index against the records.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify that every index agrees with the records and the statistics with the counts.",
        discussion: """
            Reads the whole store on one snapshot (safe while others write) and prints each \
            disagreement. Exits 0 when the store is consistent, 1 otherwise.

            Example:
              lore check --db ai.lore
            """
    )

    @Option(name: .long, help: "The store's directory.")
    var db: String

    @Option(name: .long, help: "Stop after this many disagreements.")
    var limit: Int = 1000

    func run() throws {
        do {
            var options = Store.Options()
            options.readOnly = true
            let store = try Store(path: db, options: options)
            let issues = try store.check(limit: limit)
            let (nodes, rels) = try store.read { tx in (try tx.nodeCount(), try tx.relationshipCount()) }
            if issues.isEmpty {
                print("ok: \(nodes) nodes, \(rels) relationships; every index agrees with the records")
                return
            }
            for issue in issues { print(issue) }
            print("\(issues.count) problem\(issues.count == 1 ? "" : "s") found")
            throw ExitCode(1)
        } catch let e as ExitCode {
            throw e
        } catch {
            throw fail(error)
        }
    }
}

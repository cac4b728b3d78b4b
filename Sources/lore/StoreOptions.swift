import ArgumentParser
import Foundation
import Lore

/// `--db` and `--read-only`, shared by the subcommands that open a store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The store's directory (created if missing, unless --read-only).")
    var db: String

    @Flag(name: .long, help: "Open the store for reading only; statements that write fail.")
    var readOnly = false

    func open() throws -> Store {
        var options = Store.Options()
        options.readOnly = readOnly
        return try Store(path: db, options: options)
    }
}

/// Runs one statement on its own: on a snapshot when it only reads, in the
/// write transaction when it writes (a read transaction refuses a writing
/// statement at compile time, before it does anything, and it is then run
/// again as a write). Reads never wait for a writer this way.
func runStatement(
    _ store: Store, _ text: String, _ parameters: [String: Value], readOnly: Bool,
    cancellation: QueryCancellation? = nil
) throws -> QueryResult {
    do {
        return try store.read { try $0.run(text, parameters, cancellation: cancellation) }
    } catch var e as LoreError where e.code == "ReadOnly" {
        if readOnly {
            e.message = "the store is open read-only; this statement writes"
            throw e
        }
        return try store.write { try $0.run(text, parameters, cancellation: cancellation) }
    }
}

/// Parameters from `--params JSON` and `--param name=value` options.
func parseParameters(json: String?, pairs: [String]) throws -> [String: Value] {
    var parameters: [String: Value] = [:]
    if let json {
        guard case .map(let m) = try JSONFormat.decode(json) else {
            throw LoreError(.argumentError, "InvalidParameters", "--params must be a JSON object")
        }
        parameters = m
    }
    for p in pairs {
        guard let eq = p.firstIndex(of: "=") else {
            throw LoreError(.argumentError, "InvalidParameters", "--param takes name=value, not `\(p)`")
        }
        let text = String(p[p.index(after: eq)...])
        parameters[String(p[..<eq])] = (try? JSONFormat.decode(text)) ?? .string(text)
    }
    return parameters
}

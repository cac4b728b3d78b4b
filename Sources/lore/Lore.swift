import ArgumentParser
import Lore

#if canImport(Glibc)
    import Glibc
#endif

/// The `lore` command.
@main
struct LoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lore",
        abstract: "An embedded knowledge store: LMDB records and indexes, queried in LQL.",
        version: "0.1.0",
        subcommands: [Run.self, Query.self, Check.self, Demo.self]
    )
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

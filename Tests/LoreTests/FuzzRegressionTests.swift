import Testing

@testable import Lore

/// Compiles `text` the way the fuzz target does: under `EXPLAIN` in a read
/// transaction of an empty store. Returns nil when it compiles, else the
/// `LoreError`; any other error fails the test, and a crash or hang is the
/// bug the input once found.
private func compileOnce(_ text: String) throws -> LoreError? {
    try withTemporaryDirectory { dir in
        let store = try Store(path: dir)
        do {
            _ = try store.read { tx in try tx.run("EXPLAIN " + text) }
            return nil
        } catch let error as LoreError {
            return error
        }
    }
}

@Suite("Inputs the fuzz target found compile or fail with a LoreError")
struct FuzzRegressionTests {
    /// A string ending in a lone backslash made the lexer loop forever.
    @Test(arguments: [
        "MATCH E ('R\\",
        "RETURN '\\",
        "RETURN \"abc\\",
    ])
    func aBackslashAtTheEndOfAnUnclosedString(_ text: String) throws {
        let error = try #require(try compileOnce(text))
        #expect(error.kind == .syntaxError)
    }
}

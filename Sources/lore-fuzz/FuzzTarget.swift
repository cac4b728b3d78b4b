// The fuzz target for the parser, binder and planner.
//
// Built with `-sanitize=fuzzer -D LIBFUZZER` (see .ci/fuzz), libFuzzer owns
// `main` and calls `LLVMFuzzerTestOneInput` for each input. Built plainly,
// the command replays the files named on its command line through the same
// body, so a crasher can be run again without the sanitizer.

import Lore
import LoreSyntax

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One empty store for the whole run, opened in a fresh directory under
/// `$TMPDIR` (or `/tmp`). The replay removes it; under libFuzzer, .ci/fuzz
/// removes the whole temporary directory.
let store: Store = {
    let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    var template = Array("\(base)/lore-fuzz-XXXXXX".utf8CString)
    let path = template.withUnsafeMutableBufferPointer { buffer -> String in
        guard let p = mkdtemp(buffer.baseAddress!) else { fatalError("cannot create a temporary directory") }
        return String(cString: p)
    }
    do {
        return try Store(path: path)
    } catch {
        fatalError("cannot open a store at \(path): \(error)")
    }
}()

/// Compiles `text` without running it: parses it, prints and parses the
/// printed form again, then binds and plans it under `EXPLAIN` in a read
/// transaction. Any thrown error is an answer; only a crash is a finding.
/// Returns what became of the text, for the replay.
@discardableResult
func compile(_ text: String) -> String {
    let statement: Statement
    do {
        statement = try Parser.parse(text)
    } catch {
        return "SyntaxError: \(error.message)"
    }
    _ = try? Parser.parse(Printer.print(statement))
    let explained: String
    switch statement.mode {
    case .run: explained = "EXPLAIN " + text
    case .explain: explained = text
    case .profile: return "not compiled: PROFILE runs the query"
    }
    do {
        _ = try store.read { tx in try tx.run(explained) }
        return "compiled"
    } catch {
        return "\(error)"
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    compile(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}

#if !LIBFUZZER
    import Foundation

    /// Replays inputs from files, `lore-fuzz FILE...`, printing for each
    /// whether it compiled or which error it got.
    @main
    enum Replay {
        static func main() {
            defer { try? FileManager.default.removeItem(atPath: store.path) }
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    print("lore-fuzz: cannot read \(path)")
                    exit(2)
                }
                print("\(path): \(compile(String(decoding: data, as: UTF8.self)))")
            }
        }
    }
#endif

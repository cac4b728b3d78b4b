import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The directory holding the built executables (`lore`, `lore-stress`): the
/// one the test binary itself was built into.
let productsDirectory: URL = {
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var dir = exe.deletingLastPathComponent()
    // The test binary may sit inside a bundle folder (`X.xctest/...`).
    while dir.path != "/" && !FileManager.default.fileExists(atPath: dir.appendingPathComponent("lore").path) {
        dir = dir.deletingLastPathComponent()
    }
    return dir
}()

/// A child process with line-by-line access to its standard output.
final class Child {
    let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    private let input = Pipe()
    private var buffer: [UInt8] = []

    init(_ executable: String, _ arguments: [String], user: String? = nil) throws {
        let path = productsDirectory.appendingPathComponent(executable).path
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(user)", "--regid=nogroup", "--clear-groups", path] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
        }
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
    }

    /// The next line of standard output, or nil at its end.
    func readLine() -> String? {
        while true {
            if let nl = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<nl], as: UTF8.self)
                buffer.removeSubrange(...nl)
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty {
                if buffer.isEmpty { return nil }
                defer { buffer = [] }
                return String(decoding: buffer, as: UTF8.self)
            }
            buffer.append(contentsOf: chunk)
        }
    }

    /// Sends a line to standard input.
    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Closes standard input, so the child sees its end.
    func closeInput() throws { try input.fileHandleForWriting.close() }

    /// Waits for the end; returns the exit status, the rest of standard
    /// output, and standard error.
    func finish() -> (status: Int32, output: String, errors: String) {
        var rest: [String] = []
        while let line = readLine() { rest.append(line) }
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, rest.joined(separator: "\n"), err)
    }

    func kill(_ signal: Int32) { _ = Glibc.kill(process.processIdentifier, signal) }
}

/// Runs an executable to its end, with nothing on standard input.
func run(_ executable: String, _ arguments: [String], user: String? = nil) throws -> (
    status: Int32, output: String, errors: String
) {
    let child = try Child(executable, arguments, user: user)
    try child.closeInput()
    return child.finish()
}

func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("lore-cli-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

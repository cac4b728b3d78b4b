import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

/// The `lore-bench` command: measurements of Lore on this machine.
///
///   lore-bench --db DIR --queries FILE.json --repeat K [--warmup W] [--floor]
///   lore-bench import --db DIR FILE.jsonl
///   lore-bench bulk --db DIR [--nodes N] [--rels-per-node R] [--batch B] [--relaxed]
///
/// Every mode prints one JSON object on standard output; progress and errors
/// go to standard error.
@main
struct LoreBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lore-bench",
        abstract: "Measure Lore: the benchmark query mix, bulk import and bulk writes.",
        version: benchVersion,
        subcommands: [Measure.self, Import.self, Bulk.self],
        defaultSubcommand: Measure.self
    )
}

/// The version reported in every JSON object this command prints.
let benchVersion = "0.1.0"

/// Monotonic time in nanoseconds.
@inline(__always)
func nowNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Monotonic time in seconds.
func now() -> Double { Double(nowNanoseconds()) / 1e9 }

/// Writes a line to standard error (progress and diagnostics; standard
/// output carries only the JSON result).
func note(_ message: String) {
    var bytes = Array((message + "\n").utf8)
    bytes.withUnsafeMutableBytes { _ = Glibc.write(2, $0.baseAddress, $0.count) }
}

/// A JSON string literal for `s`.
func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where u.value < 0x20:
            out +=
                "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count)
                + String(u.value, radix: 16)
        default: out.unicodeScalars.append(u)
        }
    }
    return out + "\""
}

/// The whole of a file, or nil when it cannot be read.
func readBytes(_ path: String) -> [UInt8]? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
        if n > 0 { out.append(contentsOf: chunk[0..<n]) }
        if n < chunk.count { break }
    }
    return ferror(f) == 0 ? out : nil
}

/// The closure a thread started by `onThread` runs.
private final class ThreadBody {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// Runs `body` on a new thread with a stack of `stackBytes` and waits for it.
/// The caller waits, so nothing `body` touches is used by two threads at once.
func onThread(stackBytes: Int, _ body: @escaping () -> Void) {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackBytes)
    let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    var thread = pthread_t()
    let rc = pthread_create(
        &thread, &attributes,
        { raw in
            Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, box)
    guard rc == 0 else {
        // No thread: run here instead.
        Unmanaged<ThreadBody>.fromOpaque(box).takeRetainedValue().body()
        return
    }
    pthread_join(thread, nil)
}

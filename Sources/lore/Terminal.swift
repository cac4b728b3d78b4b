import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the command knows about where it reads and writes.
enum Terminal {
    /// Whether standard input is a terminal (then `lore` opens the REPL).
    static var inputIsTerminal: Bool { isatty(0) == 1 }

    /// Whether standard output is a terminal (then tables are the default
    /// format, and colour may be used).
    static var outputIsTerminal: Bool { isatty(1) == 1 }

    /// Whether standard error is a terminal (then progress lines are drawn).
    static var errorIsTerminal: Bool { isatty(2) == 1 }

    /// Colour only on a terminal, and never when NO_COLOR is set (to anything).
    static var useColour: Bool {
        outputIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// The width of the terminal on standard output, else `COLUMNS`, else nil
    /// (no limit).
    static var width: Int? {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(columns), n > 0 { return n }
        return nil
    }
}

/// SGR escapes, applied only when `Terminal.useColour` allows.
struct Colours {
    let enabled: Bool

    static let current = Colours(enabled: Terminal.useColour)
    static let none = Colours(enabled: false)

    func bold(_ s: String) -> String { wrap(s, "1") }
    func dim(_ s: String) -> String { wrap(s, "2") }
    func red(_ s: String) -> String { wrap(s, "31") }
    func green(_ s: String) -> String { wrap(s, "32") }

    private func wrap(_ s: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }
}

/// Terminal cells a string takes: East Asian wide characters and most emoji
/// take two, combining marks and zero-width characters none.
func displayWidth(_ s: String) -> Int {
    var width = 0
    for u in s.unicodeScalars { width += cellWidth(u) }
    return width
}

private let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
    0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
    0x1F900...0x1F9FF, 0x20000...0x3FFFD,
]

func cellWidth(_ u: Unicode.Scalar) -> Int {
    let v = u.value
    if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
    switch u.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    if (0xFE00...0xFE0F).contains(v) { return 0 }
    for range in wideRanges where range.contains(v) { return 2 }
    return 1
}

/// The longest prefix of `s` that fits in `cells`, with `…` when cut.
func truncate(_ s: String, toWidth cells: Int) -> String {
    if displayWidth(s) <= cells { return s }
    guard cells > 0 else { return "" }
    var out = String.UnicodeScalarView()
    var used = 0
    for u in s.unicodeScalars {
        let w = cellWidth(u)
        if used + w > cells - 1 { break }
        out.append(u)
        used += w
    }
    return String(out) + "…"
}

/// Writes text to standard output at once (no buffering surprises when
/// standard error and standard output interleave on a terminal).
func emit(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeMutableBytes { Glibc.write(1, $0.baseAddress! + offset, $0.count - offset) }
        if n < 0 {
            if errno == EINTR { continue }
            return
        }
        offset += n
    }
}

/// Writes text to standard error.
func emitError(_ text: String) {
    var stderr = StandardError()
    stderr.write(text)
}

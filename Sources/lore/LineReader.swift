import CEditLine
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What reading one line of input gave.
enum LineInput: Equatable {
    case line(String)
    /// Ctrl-C: the user abandoned what they were typing.
    case interrupted
    case end
}

/// Where the REPL's lines come from.
protocol LineReader: AnyObject {
    /// Shows `prompt` (when interactive) and reads one line, without its newline.
    func readLine(prompt: String) -> LineInput
    /// Records a whole statement in the history.
    func remember(_ entry: String)
    /// Writes the history back to where it was loaded from.
    func saveHistory()
}

/// Lines from a pipe or file: no prompt, no editing, no history.
final class PlainLineReader: LineReader {
    func readLine(prompt: String) -> LineInput {
        guard let line = Swift.readLine(strippingNewline: true) else { return .end }
        // On a terminal, a Ctrl-C during the wait discarded what was typed
        // (the terminal flushes its input); it is not meant for this line.
        Interrupts.clear()
        return .line(line)
    }
    func remember(_ entry: String) {}
    func saveHistory() {}
}

/// Completion candidates for the word before the cursor, given the line so far.
typealias Completer = (_ lineBeforeCursor: String) -> [String]

/// A terminal line editor over libedit: emacs key bindings, history in a
/// file (created with mode 0600), and Tab completion.
///
/// libedit calls back through C function pointers that cannot capture
/// context, so the one active editor is reachable through `current`.
final class EditLineReader: LineReader {
    private let editor: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    private var promptBytes: [CChar] = [0]
    private let completer: Completer

    /// The editor libedit's callbacks speak to; only the main thread reads
    /// lines, so only it touches this.
    nonisolated(unsafe) private static var current: EditLineReader?

    init?(historyPath: String?, completer: @escaping Completer) {
        guard let el = el_init("lore", fdopen(0, "r"), fdopen(1, "w"), fdopen(2, "w")) else { return nil }
        guard let h = lore_history_open(1000) else {
            el_end(el)
            return nil
        }
        editor = el
        history = h
        self.historyPath = historyPath
        self.completer = completer
        EditLineReader.current = self
        if EditLineReader.input == 0, let name = ttyname(0) {
            let fd = open(name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
            if fd >= 0 { EditLineReader.input = fd }
        }
        lore_el_set_editor(el, "emacs")
        lore_el_set_history(el, h)
        lore_el_set_prompt(el) { _ in
            EditLineReader.current?.promptBytes.withUnsafeMutableBufferPointer { $0.baseAddress }
        }
        lore_el_set_getc(el) { _, out in EditLineReader.readCharacter(into: out) }
        lore_el_add_function(el, "lore-complete", "Complete the word before the cursor") { el, _ in
            EditLineReader.current?.complete(el) ?? UInt8(CC_ERROR)
        }
        lore_el_bind(el, "^I", "lore-complete")
        // The user's ~/.editrc, as every libedit program reads it.
        el_source(el, nil)
        if let historyPath, FileManager.default.fileExists(atPath: historyPath) {
            lore_history_load(h, historyPath)
        }
    }

    deinit {
        el_end(editor)
        history_end(history)
    }

    func readLine(prompt: String) -> LineInput {
        promptBytes = Array(prompt.utf8CString)
        // A Ctrl-C pressed before the prompt (at the end of a statement)
        // is not meant for this line.
        Interrupts.clear()
        EditLineReader.interrupted = false
        // The editing mode before the prompt shows, not at the first read:
        // keys typed in between would meet the terminal's line mode, which
        // turns a Ctrl-D into a NUL character and echoes keys twice.
        lore_el_prepare_terminal(editor, 1)
        var count: Int32 = 0
        let line = el_gets(editor, &count)
        if EditLineReader.interrupted {
            Interrupts.clear()
            emit("^C\n")
            clearLine()
            return .interrupted
        }
        // A Ctrl-C after Enter stays noted: it is meant for the statement.
        guard let line, count > 0 else { return .end }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return .line(text)
    }

    /// Deletes whatever the abandoned line held from libedit's buffer, so
    /// that the next line starts empty.
    private func clearLine() {
        guard let info = el_line(editor) else { return }
        let length = info.pointee.lastchar - info.pointee.buffer
        let cursor = info.pointee.cursor - info.pointee.buffer
        guard length > 0 else { return }
        el_cursor(editor, Int32(length - cursor))
        el_deletestr(editor, Int32(length))
    }

    func remember(_ entry: String) {
        lore_history_enter(history, entry)
    }

    func saveHistory() {
        guard let historyPath else { return }
        // Create it private before libedit writes to it.
        let fd = open(historyPath, O_WRONLY | O_CREAT, 0o600)
        if fd >= 0 { close(fd) }
        chmod(historyPath, 0o600)
        lore_history_save(history, historyPath)
    }

    /// Set when Ctrl-C ended the wait for a character; only the reading
    /// thread touches it.
    nonisolated(unsafe) private static var interrupted = false

    /// Where characters are read: the terminal of standard input opened
    /// again, non-blocking (see `Interrupts.readByte`), or standard input
    /// itself when that fails. Making standard input non-blocking instead
    /// would change it for every process that shares it, the shell
    /// included.
    nonisolated(unsafe) private static var input: Int32 = 0

    /// Reads one UTF-8 character from standard input for libedit; a Ctrl-C
    /// during the wait ends the line with an error, which `readLine` turns
    /// into `.interrupted`.
    private static func readCharacter(into out: UnsafeMutablePointer<wchar_t>?) -> Int32 {
        func byte() -> Int32? {
            switch Interrupts.readByte(from: input) {
            case .byte(let b): return Int32(b)
            case .end: return nil
            case .interrupted:
                interrupted = true
                return -1
            case .failed: return -1
            }
        }
        guard let first = byte() else { return 0 }
        if first < 0 { return -1 }
        var scalar = UInt32(first)
        var more = 0
        switch first {
        case 0xC0..<0xE0:
            scalar &= 0x1F
            more = 1
        case 0xE0..<0xF0:
            scalar &= 0x0F
            more = 2
        case 0xF0..<0xF8:
            scalar &= 0x07
            more = 3
        default: break
        }
        for _ in 0..<more {
            guard let next = byte(), next >= 0 else { return -1 }
            scalar = scalar << 6 | (UInt32(next) & 0x3F)
        }
        out?.pointee = wchar_t(bitPattern: scalar)
        return 1
    }

    /// Tab: completes the word before the cursor when one candidate (or a
    /// longer common prefix) fits; otherwise lists the candidates.
    private func complete(_ el: OpaquePointer?) -> UInt8 {
        guard let el, let info = el_line(el) else { return UInt8(CC_ERROR) }
        let length = info.pointee.cursor - info.pointee.buffer
        let before = String(
            decoding: UnsafeRawBufferPointer(start: info.pointee.buffer, count: length), as: UTF8.self)
        let word = String(before.reversed().prefix { Completion.isWordCharacter($0) }.reversed())
        let candidates = completer(before)
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let common = Completion.commonPrefix(candidates)
        if common.count > word.count {
            el_insertstr(el, String(common.dropFirst(word.count)))
            return UInt8(CC_REFRESH)
        }
        if candidates.count == 1 { return UInt8(CC_REFRESH) }
        emit("\n" + Completion.columns(candidates, width: Terminal.width ?? 80))
        return UInt8(CC_REDISPLAY)
    }
}

/// Where the history file lives: `~/.lore_history`.
func defaultHistoryPath() -> String? {
    guard let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else { return nil }
    return home + "/.lore_history"
}

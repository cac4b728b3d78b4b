/// The one error type of Lore: what went wrong, where, and when.
///
/// `kind` follows the openCypher TCK (`SyntaxError`, `SemanticError`,
/// `TypeError`, ...) plus `StorageError`, `IOError` and `Cancelled`; `code` is a stable
/// detail code (`UndefinedVariable`, `MapFull`, `UniquenessViolation`, ...)
/// that programs may match on; `message` is for people.
public struct LoreError: Error, Sendable, CustomStringConvertible {
    /// The class of error, as the TCK names them.
    public enum Kind: String, Sendable {
        case syntaxError = "SyntaxError"
        case semanticError = "SemanticError"
        case typeError = "TypeError"
        case argumentError = "ArgumentError"
        case constraintVerificationFailed = "ConstraintVerificationFailed"
        case entityNotFound = "EntityNotFound"
        case storageError = "StorageError"
        case ioError = "IOError"
        /// The statement was stopped by its `QueryCancellation`.
        case cancelled = "Cancelled"
    }

    /// When the error was found: compiling the statement, or running it.
    public enum Phase: String, Sendable {
        case compile
        case runtime
    }

    /// A position in a query text or file, 1-based.
    public struct Position: Sendable, Hashable {
        /// The line, from 1.
        public var line: Int
        /// The column, from 1, counted in Unicode scalars.
        public var column: Int
        /// Creates a position.
        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }
    }

    /// The class of error.
    public var kind: Kind
    /// A stable detail code.
    public var code: String
    /// What went wrong, for people.
    public var message: String
    /// Whether the statement failed to compile or failed while running.
    public var phase: Phase
    /// Where in the query (or file) the error is, when known.
    public var position: Position?
    /// The text the position refers to, to show the line with a caret.
    public var source: String?

    /// Creates an error.
    public init(
        _ kind: Kind, _ code: String, _ message: String, phase: Phase = .runtime,
        position: Position? = nil, source: String? = nil
    ) {
        self.kind = kind
        self.code = code
        self.message = message
        self.phase = phase
        self.position = position
        self.source = source
    }

    /// `Kind (Code): message`, then, when the position and source are known,
    /// the offending line with a caret under the column.
    public var description: String {
        var text = "\(kind.rawValue) (\(code)): \(message)"
        if let position {
            text += " (line \(position.line), column \(position.column))"
            if let source {
                let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
                if position.line >= 1, position.line <= lines.count {
                    let line = lines[position.line - 1]
                    text += "\n  \(line)\n  " + String(repeating: " ", count: max(0, position.column - 1)) + "^"
                }
            }
        }
        return text
    }
}

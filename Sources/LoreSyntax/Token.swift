/// The kinds of token the lexer produces.
public enum TokenKind: UInt8, Sendable, Hashable {
    /// An unquoted name; it may be a keyword (see `Token.keyword`).
    case name
    /// A back-quoted name; never a keyword. `text` is the name with quotes removed.
    case quotedName
    /// A decimal integer; `text` is the digits.
    case decimalInteger
    /// A hexadecimal integer; `text` is the digits after `0x`.
    case hexInteger
    /// An octal integer; `text` is the digits after `0o`.
    case octalInteger
    /// A float; `text` is the literal as written.
    case float
    /// A string; `text` is the decoded value.
    case string
    /// A parameter; `text` is the name or number after `$`.
    case parameter
    /// `(`
    case leftParen
    /// `)`
    case rightParen
    /// `[`
    case leftBracket
    /// `]`
    case rightBracket
    /// `{`
    case leftBrace
    /// `}`
    case rightBrace
    /// `,`
    case comma
    /// `.`
    case dot
    /// `..`
    case dotDot
    /// `:`
    case colon
    /// `|`
    case pipe
    /// `;`
    case semicolon
    /// `+`
    case plus
    /// `-`
    case minus
    /// `*`
    case star
    /// `/`
    case slash
    /// `%`
    case percent
    /// `^`
    case caret
    /// `=`
    case equal
    /// `<>`
    case notEqual
    /// `<`
    case less
    /// `>`
    case greater
    /// `<=`
    case lessEqual
    /// `>=`
    case greaterEqual
    /// `=~`
    case regexMatch
    /// `+=`
    case plusEqual
    /// The end of the text.
    case end
}

/// The words LQL gives a meaning to. Keywords are case-insensitive; a
/// back-quoted name is never a keyword.
public enum Keyword: String, Sendable, Hashable, CaseIterable {
    /// Keywords; the raw value is the upper-case spelling.
    case all = "ALL", and = "AND", any = "ANY", as_ = "AS", asc = "ASC", ascending = "ASCENDING"
    /// Keywords; the raw value is the upper-case spelling.
    case by = "BY", case_ = "CASE", constraint = "CONSTRAINT", constraints = "CONSTRAINTS"
    /// Keywords; the raw value is the upper-case spelling.
    case contains = "CONTAINS", count = "COUNT", create = "CREATE", delete = "DELETE", desc = "DESC"
    /// Keywords; the raw value is the upper-case spelling.
    case descending = "DESCENDING", detach = "DETACH", distinct = "DISTINCT", drop = "DROP"
    /// Keywords; the raw value is the upper-case spelling.
    case else_ = "ELSE", end = "END", ends = "ENDS", exists = "EXISTS", explain = "EXPLAIN"
    /// Keywords; the raw value is the upper-case spelling.
    case false_ = "FALSE", for_ = "FOR", if_ = "IF", in_ = "IN", is_ = "IS", limit = "LIMIT"
    /// Keywords; the raw value is the upper-case spelling.
    case match = "MATCH", merge = "MERGE", none = "NONE", not = "NOT", null = "NULL", on = "ON"
    /// Keywords; the raw value is the upper-case spelling.
    case optional = "OPTIONAL", or = "OR", order = "ORDER", profile = "PROFILE", remove = "REMOVE"
    /// Keywords; the raw value is the upper-case spelling.
    case require = "REQUIRE", return_ = "RETURN", set = "SET", show = "SHOW", single = "SINGLE"
    /// Keywords; the raw value is the upper-case spelling.
    case skip = "SKIP", starts = "STARTS", then = "THEN", true_ = "TRUE", union = "UNION"
    /// Keywords; the raw value is the upper-case spelling.
    case unique = "UNIQUE", unwind = "UNWIND", when = "WHEN", where_ = "WHERE", with = "WITH"
    /// Keywords; the raw value is the upper-case spelling.
    case xor = "XOR"
    // Reserved by openCypher without a use in LQL; kept so that they stay reserved.
    /// Keywords; the raw value is the upper-case spelling.
    case add = "ADD", do_ = "DO", mandatory = "MANDATORY", of = "OF", scalar = "SCALAR"

    /// True for openCypher's reserved words, which cannot name a variable
    /// unless back-quoted. `COUNT`, `ANY`, `NONE`, `SINGLE` and the schema
    /// words LQL adds (`CONSTRAINTS`, `SHOW`, `IF`, `EXPLAIN`, `PROFILE`) stay
    /// usable as names.
    public var isReserved: Bool {
        switch self {
        case .any, .count, .none, .single, .constraints, .show, .if_, .explain, .profile:
            return false
        default:
            return true
        }
    }

    /// Looks up a word, ignoring ASCII case. Costs one dictionary probe.
    static func lookUp<C: Collection<UInt8>>(_ bytes: C) -> Keyword? {
        guard bytes.count >= 2, bytes.count <= 11 else { return nil }
        var upper = [UInt8]()
        upper.reserveCapacity(bytes.count)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): upper.append(byte - 32)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): upper.append(byte)
            default: return nil
            }
        }
        return table[String(decoding: upper, as: UTF8.self)]
    }

    private static let table: [String: Keyword] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
}

/// One token of LQL text.
public struct Token: Sendable, Hashable {
    /// What kind of token this is.
    public var kind: TokenKind
    /// The token's text: the name, the decoded string, the digits, or the
    /// punctuation as written (see `TokenKind`).
    public var text: String
    /// The keyword an unquoted name spells, if any.
    public var keyword: Keyword?
    /// Where the token is, including quotes and prefixes such as `0x` or `$`.
    public var range: SourceRange

    /// Creates a token.
    public init(kind: TokenKind, text: String, keyword: Keyword? = nil, range: SourceRange) {
        self.kind = kind
        self.text = text
        self.keyword = keyword
        self.range = range
    }

    /// True for an unquoted name spelling `keyword`.
    @inlinable
    public func `is`(_ keyword: Keyword) -> Bool { self.keyword == keyword }

    /// A short description for error messages: `'MATCH'`, `name 'n'`, `end of input`.
    public var displayName: String {
        switch kind {
        case .end: return "end of input"
        case .name: return keyword != nil ? "'\(text)'" : "name '\(text)'"
        case .quotedName: return "name `\(text)`"
        case .string: return "string literal"
        case .decimalInteger, .hexInteger, .octalInteger: return "integer literal"
        case .float: return "float literal"
        case .parameter: return "parameter $\(text)"
        default: return "'\(text)'"
        }
    }
}

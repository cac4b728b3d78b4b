// swift-format-ignore-file: AlwaysUseLowerCamelCase

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
    case all = "ALL"
    case and = "AND"
    case any = "ANY"
    case as_ = "AS"
    case asc = "ASC"
    case ascending = "ASCENDING"
    /// Keywords; the raw value is the upper-case spelling.
    case by = "BY"
    case case_ = "CASE"
    case constraint = "CONSTRAINT"
    case constraints = "CONSTRAINTS"
    /// Keywords; the raw value is the upper-case spelling.
    case contains = "CONTAINS"
    case count = "COUNT"
    case create = "CREATE"
    case delete = "DELETE"
    case desc = "DESC"
    /// Keywords; the raw value is the upper-case spelling.
    case descending = "DESCENDING"
    case detach = "DETACH"
    case distinct = "DISTINCT"
    case drop = "DROP"
    /// Keywords; the raw value is the upper-case spelling.
    case else_ = "ELSE"
    case end = "END"
    case ends = "ENDS"
    case exists = "EXISTS"
    case explain = "EXPLAIN"
    /// Keywords; the raw value is the upper-case spelling.
    case false_ = "FALSE"
    case for_ = "FOR"
    case if_ = "IF"
    case in_ = "IN"
    case is_ = "IS"
    case limit = "LIMIT"
    /// Keywords; the raw value is the upper-case spelling.
    case match = "MATCH"
    case merge = "MERGE"
    case none = "NONE"
    case not = "NOT"
    case null = "NULL"
    case on = "ON"
    /// Keywords; the raw value is the upper-case spelling.
    case optional = "OPTIONAL"
    case or = "OR"
    case order = "ORDER"
    case profile = "PROFILE"
    case remove = "REMOVE"
    /// Keywords; the raw value is the upper-case spelling.
    case require = "REQUIRE"
    case return_ = "RETURN"
    case set = "SET"
    case show = "SHOW"
    case single = "SINGLE"
    /// Keywords; the raw value is the upper-case spelling.
    case skip = "SKIP"
    case starts = "STARTS"
    case then = "THEN"
    case true_ = "TRUE"
    case union = "UNION"
    /// Keywords; the raw value is the upper-case spelling.
    case unique = "UNIQUE"
    case unwind = "UNWIND"
    case when = "WHEN"
    case where_ = "WHERE"
    case with = "WITH"
    /// Keywords; the raw value is the upper-case spelling.
    case xor = "XOR"
    // Reserved by openCypher without a use in LQL; kept so that they stay reserved.
    /// Keywords; the raw value is the upper-case spelling.
    case add = "ADD"
    case do_ = "DO"
    case mandatory = "MANDATORY"
    case of = "OF"
    case scalar = "SCALAR"

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

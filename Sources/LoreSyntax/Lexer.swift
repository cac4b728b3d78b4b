/// Splits LQL text into tokens.
///
/// The lexer works on the UTF-8 bytes of the text and decodes Unicode scalars
/// only inside names, strings and unusual whitespace, so lexing costs one pass
/// over the bytes. Whitespace and comments (`// ...` to the end of the line,
/// `/* ... */`) separate tokens and are dropped.
///
/// Errors: `InvalidNumberLiteral` (`0x`, `12abc`), `InvalidUnicodeLiteral`
/// (a bad `\u` escape), `InvalidUnicodeCharacter` (a stray non-ASCII
/// character such as `—`), `UnexpectedSyntax` (an unterminated string, name or
/// comment, an unknown escape or ASCII character).
public struct Lexer: Sendable {
    let bytes: [UInt8]
    private var position = 0
    private var tracker: LocationTracker

    /// Prepares to lex `text`. Locations count from `start`, so a statement
    /// cut from a larger script reports positions in the script.
    public init(_ text: String, startingAt start: SourceLocation = .start) {
        self.bytes = Array(text.utf8)
        self.tracker = LocationTracker(start: start)
    }

    /// Lexes all of `text`; the last token has kind `.end`.
    public static func tokenize(
        _ text: String, startingAt start: SourceLocation = .start
    ) throws(SyntaxError) -> [Token] {
        var lexer = Lexer(text, startingAt: start)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    /// Returns the next token, or a token of kind `.end` once the text is used up.
    public mutating func next() throws(SyntaxError) -> Token {
        try skipTrivia()
        let start = position
        guard position < bytes.count else {
            return Token(kind: .end, text: "", range: range(start, start))
        }
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
            return lexName()
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try lexNumber()
        case UInt8(ascii: "`"):
            let name = try lexQuotedName()
            return Token(kind: .quotedName, text: name, range: range(start, position))
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return try lexString()
        case UInt8(ascii: "$"):
            return try lexParameter()
        case UInt8(ascii: "."):
            if peek(1) == UInt8(ascii: ".") { return punct(.dotDot, 2) }
            if let next = peek(1), isDigit(next) { return try lexNumber() }
            return punct(.dot, 1)
        case UInt8(ascii: "("): return punct(.leftParen, 1)
        case UInt8(ascii: ")"): return punct(.rightParen, 1)
        case UInt8(ascii: "["): return punct(.leftBracket, 1)
        case UInt8(ascii: "]"): return punct(.rightBracket, 1)
        case UInt8(ascii: "{"): return punct(.leftBrace, 1)
        case UInt8(ascii: "}"): return punct(.rightBrace, 1)
        case UInt8(ascii: ","): return punct(.comma, 1)
        case UInt8(ascii: ":"): return punct(.colon, 1)
        case UInt8(ascii: "|"): return punct(.pipe, 1)
        case UInt8(ascii: ";"): return punct(.semicolon, 1)
        case UInt8(ascii: "+"): return peek(1) == UInt8(ascii: "=") ? punct(.plusEqual, 2) : punct(.plus, 1)
        case UInt8(ascii: "-"): return punct(.minus, 1)
        case UInt8(ascii: "*"): return punct(.star, 1)
        case UInt8(ascii: "/"): return punct(.slash, 1)
        case UInt8(ascii: "%"): return punct(.percent, 1)
        case UInt8(ascii: "^"): return punct(.caret, 1)
        case UInt8(ascii: "="): return peek(1) == UInt8(ascii: "~") ? punct(.regexMatch, 2) : punct(.equal, 1)
        case UInt8(ascii: "<"):
            switch peek(1) {
            case UInt8(ascii: ">"): return punct(.notEqual, 2)
            case UInt8(ascii: "="): return punct(.lessEqual, 2)
            default: return punct(.less, 1)
            }
        case UInt8(ascii: ">"): return peek(1) == UInt8(ascii: "=") ? punct(.greaterEqual, 2) : punct(.greater, 1)
        case 0x80...:
            let (scalar, length) = decodeScalar(at: position)
            if let scalar, isNameStart(scalar) { return lexName() }
            throw SyntaxError(
                .invalidUnicodeCharacter,
                "character '\(scalar.map { String(Character($0)) } ?? "?")' is not part of the language",
                at: range(start, position + length))
        default:
            let shown = byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte \(byte)"
            throw SyntaxError(.unexpectedSyntax, "unexpected character \(shown)", at: range(start, start + 1))
        }
    }

    // MARK: Trivia

    // [104] Comment ::= '/*' ... '*/' | '//' [^#xA]*
    private mutating func skipTrivia() throws(SyntaxError) {
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C...0x1F:
                position += 1
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
                while position < bytes.count, bytes[position] != 0x0A { position += 1 }
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                let start = position
                position += 2
                while true {
                    guard position + 1 < bytes.count else {
                        throw SyntaxError(
                            .unexpectedSyntax, "comment is not closed with '*/'",
                            at: range(start, start + 2))
                    }
                    if bytes[position] == UInt8(ascii: "*"), bytes[position + 1] == UInt8(ascii: "/") {
                        position += 2
                        break
                    }
                    position += 1
                }
            case 0x80...:
                let (scalar, length) = decodeScalar(at: position)
                guard let scalar, scalar.properties.isWhitespace else { return }
                position += length
            default:
                return
            }
        }
    }

    // MARK: Names

    // [100] UnescapedSymbolicName ::= IdentifierStart IdentifierPart*
    // [101] IdentifierStart ::= [A-Za-z_] | XID_Start
    // [102] IdentifierPart ::= [A-Za-z0-9_] | XID_Continue
    private mutating func lexName() -> Token {
        let start = position
        var asciiOnly = true
        while position < bytes.count {
            let byte = bytes[position]
            if isASCIINamePart(byte) {
                position += 1
            } else if byte >= 0x80 {
                let (scalar, length) = decodeScalar(at: position)
                guard let scalar, scalar.properties.isXIDContinue else { break }
                asciiOnly = false
                position += length
            } else {
                break
            }
        }
        let slice = bytes[start..<position]
        // [105] ReservedWord and the other keywords are names the lexer tags.
        let keyword = asciiOnly ? Keyword.lookUp(slice) : nil
        return Token(
            kind: .name, text: String(decoding: slice, as: UTF8.self), keyword: keyword,
            range: range(start, position))
    }

    // [103] EscapedSymbolicName ::= ( '`' [^`]* '`' )+
    private mutating func lexQuotedName() throws(SyntaxError) -> String {
        let start = position
        position += 1
        var text: [UInt8] = []
        while true {
            guard position < bytes.count else {
                throw SyntaxError(.unexpectedSyntax, "name is not closed with '`'", at: range(start, start + 1))
            }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "`") {
                if peek(0) == UInt8(ascii: "`") {
                    text.append(byte)
                    position += 1
                } else {
                    return String(decoding: text, as: UTF8.self)
                }
            } else {
                text.append(byte)
            }
        }
    }

    // [82] Parameter ::= '$' ( SymbolicName | DecimalInteger ), lexed as one token
    private mutating func lexParameter() throws(SyntaxError) -> Token {
        let start = position
        position += 1
        guard let byte = peek(0) else {
            throw SyntaxError(.unexpectedSyntax, "expected a parameter name after '$'", at: range(start, position))
        }
        let name: String
        if byte == UInt8(ascii: "`") {
            name = try lexQuotedName()
        } else if isDigit(byte) {
            let digitsStart = position
            while let next = peek(0), isDigit(next) { position += 1 }
            if let next = peek(0), isASCIINamePart(next) {
                throw SyntaxError(
                    .unexpectedSyntax, "a parameter name cannot start with a digit", at: range(start, position + 1))
            }
            name = String(decoding: bytes[digitsStart..<position], as: UTF8.self)
        } else if isASCIINamePart(byte) || byte >= 0x80 {
            let (scalar, _) = decodeScalar(at: position)
            guard byte < 0x80 || (scalar.map(isNameStart) ?? false) else {
                throw SyntaxError(.unexpectedSyntax, "expected a parameter name after '$'", at: range(start, position))
            }
            name = lexName().text
        } else {
            throw SyntaxError(.unexpectedSyntax, "expected a parameter name after '$'", at: range(start, position))
        }
        return Token(kind: .parameter, text: name, range: range(start, position))
    }

    // MARK: Numbers

    // [90] NumberLiteral ::= DoubleLiteral | IntegerLiteral
    // [92] HexInteger ::= '0x' [0-9a-fA-F]+
    // [93] OctalInteger ::= '0o' [0-7]+
    // [94] DecimalInteger ::= '0' | [1-9] [0-9]*
    // [95] DoubleLiteral ::= ExponentDecimalReal | RegularDecimalReal
    // [96] ExponentDecimalReal ::= ( [0-9]+ | [0-9]* '.' [0-9]+ ) [eE] [+-]? [0-9]+
    // [97] RegularDecimalReal ::= [0-9]* '.' [0-9]+
    private mutating func lexNumber() throws(SyntaxError) -> Token {
        let start = position
        if bytes[position] == UInt8(ascii: "0"), let marker = peek(1),
            marker == UInt8(ascii: "x") || marker == UInt8(ascii: "o")
        {
            let hex = marker == UInt8(ascii: "x")
            position += 2
            let digitsStart = position
            while let next = peek(0), hex ? isHexDigit(next) : isOctalDigit(next) { position += 1 }
            let digitsEnd = position
            try rejectTrailingNamePart(start: start)
            guard digitsEnd > digitsStart else {
                throw SyntaxError(
                    .invalidNumberLiteral,
                    "expected \(hex ? "hexadecimal" : "octal") digits after '0\(hex ? "x" : "o")'",
                    at: range(start, position))
            }
            return Token(
                kind: hex ? .hexInteger : .octalInteger,
                text: String(decoding: bytes[digitsStart..<digitsEnd], as: UTF8.self),
                range: range(start, position))
        }
        var isFloat = false
        while let next = peek(0), isDigit(next) { position += 1 }
        if peek(0) == UInt8(ascii: "."), let next = peek(1), isDigit(next) {
            isFloat = true
            position += 1
            while let next = peek(0), isDigit(next) { position += 1 }
        }
        if let e = peek(0), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var look = 1
            if let sign = peek(1), sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { look = 2 }
            if let digit = peek(look), isDigit(digit) {
                isFloat = true
                position += look
                while let next = peek(0), isDigit(next) { position += 1 }
            }
        }
        try rejectTrailingNamePart(start: start)
        if !isFloat, position - start > 1, bytes[start] == UInt8(ascii: "0") {
            throw SyntaxError(
                .invalidNumberLiteral, "a decimal integer cannot start with 0; write 0o... for an octal integer",
                at: range(start, position))
        }
        return Token(
            kind: isFloat ? .float : .decimalInteger,
            text: String(decoding: bytes[start..<position], as: UTF8.self),
            range: range(start, position))
    }

    /// A number running straight into letters (`12abc`, `0x1G`) is one bad literal.
    private mutating func rejectTrailingNamePart(start: Int) throws(SyntaxError) {
        guard let next = peek(0), isASCIINamePart(next) else { return }
        while let next = peek(0), isASCIINamePart(next) { position += 1 }
        throw SyntaxError(
            .invalidNumberLiteral,
            "invalid number literal '\(String(decoding: bytes[start..<position], as: UTF8.self))'",
            at: range(start, position))
    }

    // MARK: Strings

    // [98] StringLiteral ::= '"' ( [^"\] | EscapedChar )* '"' | "'" ( [^'\] | EscapedChar )* "'"
    // [99] EscapedChar ::= '\' ( [\'"bBfFnNrRtT] | 'u' HexDigit{4} | 'U' HexDigit{8} )
    private mutating func lexString() throws(SyntaxError) -> Token {
        let start = position
        let quote = bytes[position]
        position += 1
        var value: [UInt8] = []
        var pendingHighSurrogate: (value: UInt32, start: Int)? = nil
        while true {
            guard position < bytes.count else {
                throw SyntaxError(
                    .unexpectedSyntax, "string is not closed with \(quote == UInt8(ascii: "'") ? "'" : "\"")",
                    at: range(start, start + 1))
            }
            let byte = bytes[position]
            if byte == quote {
                position += 1
                break
            }
            if byte != UInt8(ascii: "\\") {
                if let pending = pendingHighSurrogate {
                    throw SyntaxError(
                        .invalidUnicodeLiteral, "a high surrogate must be followed by a low surrogate",
                        at: range(pending.start, position))
                }
                value.append(byte)
                position += 1
                continue
            }
            let escapeStart = position
            guard let escaped = peek(1) else {
                position += 1  // a final backslash: reported as unterminated above
                continue
            }
            position += 2
            if pendingHighSurrogate != nil, escaped != UInt8(ascii: "u"), escaped != UInt8(ascii: "U") {
                throw SyntaxError(
                    .invalidUnicodeLiteral, "a high surrogate must be followed by a low surrogate",
                    at: range(pendingHighSurrogate!.start, escapeStart))
            }
            switch escaped {
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): value.append(escaped)
            case UInt8(ascii: "n"), UInt8(ascii: "N"): value.append(0x0A)
            case UInt8(ascii: "t"), UInt8(ascii: "T"): value.append(0x09)
            case UInt8(ascii: "r"), UInt8(ascii: "R"): value.append(0x0D)
            case UInt8(ascii: "b"), UInt8(ascii: "B"): value.append(0x08)
            case UInt8(ascii: "f"), UInt8(ascii: "F"): value.append(0x0C)
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = escaped == UInt8(ascii: "u") ? 4 : 8
                var code: UInt32 = 0
                for index in 0..<count {
                    guard let digit = peek(index), let digitValue = hexValue(digit) else {
                        throw SyntaxError(
                            .invalidUnicodeLiteral,
                            "expected \(count) hexadecimal digits after '\\\(Character(Unicode.Scalar(escaped)))'",
                            at: range(escapeStart, min(position + index + 1, bytes.count)))
                    }
                    code = code << 4 | UInt32(digitValue)
                }
                position += count
                if let pending = pendingHighSurrogate {
                    guard (0xDC00...0xDFFF).contains(code) else {
                        throw SyntaxError(
                            .invalidUnicodeLiteral, "a high surrogate must be followed by a low surrogate",
                            at: range(pending.start, position))
                    }
                    code = 0x10000 + ((pending.value - 0xD800) << 10) + (code - 0xDC00)
                    pendingHighSurrogate = nil
                } else if (0xD800...0xDBFF).contains(code) {
                    pendingHighSurrogate = (code, escapeStart)
                    continue
                }
                guard let scalar = Unicode.Scalar(code) else {
                    throw SyntaxError(
                        .invalidUnicodeLiteral, "'\\u' escape names no Unicode scalar",
                        at: range(escapeStart, position))
                }
                value.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw SyntaxError(
                    .unexpectedSyntax, "unknown escape sequence '\\\(Character(Unicode.Scalar(escaped)))'",
                    at: range(escapeStart, position))
            }
        }
        if let pending = pendingHighSurrogate {
            throw SyntaxError(
                .invalidUnicodeLiteral, "a high surrogate must be followed by a low surrogate",
                at: range(pending.start, position))
        }
        return Token(kind: .string, text: String(decoding: value, as: UTF8.self), range: range(start, position))
    }

    // MARK: Helpers

    private mutating func punct(_ kind: TokenKind, _ length: Int) -> Token {
        let start = position
        position += length
        return Token(
            kind: kind, text: String(decoding: bytes[start..<position], as: UTF8.self),
            range: range(start, position))
    }

    @inline(__always)
    private func peek(_ ahead: Int) -> UInt8? {
        position + ahead < bytes.count ? bytes[position + ahead] : nil
    }

    private mutating func range(_ start: Int, _ end: Int) -> SourceRange {
        let startLocation = tracker.location(at: start, in: bytes)
        return SourceRange(start: startLocation, end: tracker.location(at: end, in: bytes))
    }

    private func decodeScalar(at index: Int) -> (Unicode.Scalar?, Int) {
        decodeUTF8Scalar(bytes, at: index)
    }
}

/// Turns byte offsets into line and column, moving forward only, so that all
/// the locations of one pass cost one scan of the text.
struct LocationTracker: Sendable {
    private var offset = 0
    private var line: Int
    private var column: Int
    private let base: Int
    private var lastStart: SourceLocation?

    init(start: SourceLocation) {
        line = start.line
        column = start.column
        base = start.offset
    }

    mutating func location(at target: Int, in bytes: [UInt8]) -> SourceLocation {
        if target < offset {
            // Rare: a range that starts before the last end asked for. Rescan.
            self = LocationTracker(start: SourceLocation(line: 1, column: 1, offset: base))
        }
        while offset < target {
            let byte = bytes[offset]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            offset += 1
        }
        return SourceLocation(line: line, column: column, offset: base + offset)
    }
}

@inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
@inline(__always) func isOctalDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 8 }
@inline(__always) func isHexDigit(_ byte: UInt8) -> Bool { hexValue(byte) != nil }

func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
}

@inline(__always) func isASCIINamePart(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
        return true
    default:
        return false
    }
}

func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "_" || scalar.properties.isXIDStart
}

/// Decodes the scalar whose first byte is at `index`; returns nil and a
/// length of 1 for malformed UTF-8 (which `String` never holds).
func decodeUTF8Scalar(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar?, Int) {
    let lead = bytes[index]
    let length: Int
    var value: UInt32
    switch lead {
    case 0..<0x80: return (Unicode.Scalar(lead), 1)
    case 0xC0..<0xE0:
        length = 2
        value = UInt32(lead & 0x1F)
    case 0xE0..<0xF0:
        length = 3
        value = UInt32(lead & 0x0F)
    case 0xF0..<0xF8:
        length = 4
        value = UInt32(lead & 0x07)
    default: return (nil, 1)
    }
    guard index + length <= bytes.count else { return (nil, 1) }
    for offset in 1..<length {
        value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
    }
    return (Unicode.Scalar(value), length)
}

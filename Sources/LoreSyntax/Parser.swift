/// Reads LQL text into a syntax tree.
///
/// A hand-written recursive-descent parser over the tokens of `Lexer`. Each
/// parse function names the production of `Grammar/LQL.ebnf` it implements.
/// Parsing costs time linear in the text for ordinary queries; a few places
/// try a pattern first and fall back to an expression (`(a)-->(b)` against
/// `(a) - b`), and remember failed tries so that nesting cannot make that
/// costly.
///
/// Errors are `SyntaxError`s carrying a stable code and the range of the
/// offending text. Nesting deeper than `maximumDepth` is an error
/// (`NestedTooDeeply`), never a stack overflow, so every tree returned is at
/// most that deep. On threads with small stacks the parser also stops early
/// when little stack is left, with the same error.
///
/// A parser is a value used by one thread at a time; the static entry points
/// make a fresh one per call and are safe from any thread.
public struct Parser: Sendable {
    /// The deepest nesting of expressions the parser accepts. Each bracket,
    /// prefix operator, postfix operator and binary operator in a chain counts
    /// one level.
    public static let maximumDepth = 200

    var tokens: [Token]
    private var kinds: [TokenKind]
    private var keywords: [Keyword?]
    var index = 0
    var depth = 0
    /// Token indexes where trying a pattern has failed before.
    var failedPatternTries: Set<Int> = []
    private let stackGuard = StackGuard()
    private let bytes: [UInt8]
    private let baseOffset: Int

    /// Lexes `text`; locations count from `start`.
    ///
    /// - Throws: `SyntaxError` for text the lexer rejects.
    public init(_ text: String, startingAt start: SourceLocation = .start) throws(SyntaxError) {
        self.tokens = try Lexer.tokenize(text, startingAt: start)
        self.kinds = tokens.map(\.kind)
        self.keywords = tokens.map(\.keyword)
        self.bytes = Array(text.utf8)
        self.baseOffset = start.offset
    }

    /// Parses one statement, optionally ended by `;`.
    ///
    /// Cost: linear in the length of `text` for ordinary queries.
    /// - Parameters:
    ///   - text: the statement.
    ///   - start: the location of the text's first character, when it was cut
    ///     from a larger script (see `ScriptSplitter`).
    /// - Throws: `SyntaxError` when `text` is not one well-formed statement.
    public static func parse(_ text: String, startingAt start: SourceLocation = .start) throws(SyntaxError)
        -> Statement
    {
        var parser = try Parser(text, startingAt: start)
        let statement = try parser.parseStatement()
        if parser.currentKind != .end {
            throw parser.unexpected(expected: "end of statement")
        }
        return statement
    }

    /// Parses a standalone expression (no trailing text allowed).
    ///
    /// - Throws: `SyntaxError` when `text` is not one well-formed expression.
    public static func parseExpression(_ text: String) throws(SyntaxError) -> Expression {
        var parser = try Parser(text)
        let expression = try parser.parseExpression()
        if parser.currentKind != .end {
            throw parser.unexpected(expected: "end of expression")
        }
        return expression
    }

    /// Parses a script: statements separated by `;`, as `ScriptSplitter` cuts
    /// them; locations refer to the whole script.
    ///
    /// - Throws: the first statement's `SyntaxError`.
    public static func parseScript(_ text: String) throws(SyntaxError) -> [Statement] {
        var statements: [Statement] = []
        for piece in ScriptSplitter.split(text) {
            statements.append(try parse(piece.text, startingAt: piece.start))
        }
        return statements
    }

    /// The text of `range` as written, for ranges inside the parsed text.
    public func text(of range: SourceRange) -> String {
        let lower = max(0, min(bytes.count, range.start.offset - baseOffset))
        let upper = max(lower, min(bytes.count, range.end.offset - baseOffset))
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    // MARK: [1] Statement

    // [1] Statement ::= ( 'EXPLAIN' | 'PROFILE' )? ( Query | SchemaCommand ) ';'?
    /// Parses one statement at the current token.
    public mutating func parseStatement() throws(SyntaxError) -> Statement {
        let start = current.range.start
        var mode = Statement.Mode.run
        if skip(.explain) {
            mode = .explain
        } else if skip(.profile) {
            mode = .profile
        }
        let body: Statement.Body
        // [29] SchemaCommand ::= CreateConstraint | DropConstraint | ShowConstraints
        if at(.create), at(ahead: 1, .constraint) {
            body = .createConstraint(try parseCreateConstraint())
        } else if at(.drop) {
            body = .dropConstraint(try parseDropConstraint())
        } else if at(.show) {
            try parseShowConstraints()
            body = .showConstraints
        } else {
            body = .query(try parseQuery())
        }
        let statement = Statement(mode: mode, body: body, range: range(from: start))
        _ = accept(.semicolon)
        return statement
    }

    // MARK: [29] Schema commands

    // [30] CreateConstraint ::= 'CREATE' 'CONSTRAINT' SymbolicName? ( 'IF' 'NOT' 'EXISTS' )?
    //      'FOR' '(' Variable NodeLabel ')' 'REQUIRE' ConstraintProperties 'IS' 'UNIQUE'
    mutating func parseCreateConstraint() throws(SyntaxError) -> CreateConstraint {
        let start = current.range.start
        try expect(.create)
        try expect(.constraint)
        var name: Name? = nil
        if !at(.for_), !(at(.if_) && at(ahead: 1, .not)) {
            if at(.on) {
                throw SyntaxError(
                    .unsupportedConstruct,
                    "'CREATE CONSTRAINT ON ... ASSERT' is not supported; write 'FOR ... REQUIRE'",
                    at: current.range)
            }
            name = try parseSymbolicName(what: "a constraint name")
        }
        var ifNotExists = false
        if skip(.if_) {
            try expect(.not)
            try expect(.exists)
            ifNotExists = true
        }
        try expect(.for_)
        try expect(.leftParen, "'('")
        let variable = try parseVariable()
        try expect(.colon, "':' and a label")
        let label = try parseSchemaName(what: "a label")
        try expect(.rightParen, "')'")
        try expect(.require)
        let properties = try parseConstraintProperties()
        try expect(.is_)
        try expect(.unique)
        return CreateConstraint(
            name: name, ifNotExists: ifNotExists, variable: variable, label: label, properties: properties,
            range: range(from: start))
    }

    // [31] ConstraintProperties ::= PropertyExpression | '(' PropertyExpression ( ',' PropertyExpression )* ')'
    mutating func parseConstraintProperties() throws(SyntaxError) -> [Expression] {
        if skip(.leftParen) {
            var properties = [try parsePropertyExpression()]
            while skip(.comma) { properties.append(try parsePropertyExpression()) }
            try expect(.rightParen, "')'")
            return properties
        }
        return [try parsePropertyExpression()]
    }

    // [32] DropConstraint ::= 'DROP' 'CONSTRAINT' SymbolicName ( 'IF' 'EXISTS' )?
    mutating func parseDropConstraint() throws(SyntaxError) -> DropConstraint {
        let start = current.range.start
        try expect(.drop)
        try expect(.constraint)
        let name = try parseSymbolicName(what: "a constraint name")
        var ifExists = false
        if skip(.if_) {
            try expect(.exists)
            ifExists = true
        }
        return DropConstraint(name: name, ifExists: ifExists, range: range(from: start))
    }

    // [33] ShowConstraints ::= 'SHOW' 'CONSTRAINTS'
    mutating func parseShowConstraints() throws(SyntaxError) {
        try expect(.show)
        try expect(.constraints)
    }

    // MARK: Names

    // [84] Variable ::= SymbolicName
    mutating func parseVariable() throws(SyntaxError) -> Name {
        try parseSymbolicName(what: "a variable name")
    }

    // [89] SymbolicName ::= UnescapedSymbolicName | EscapedSymbolicName
    mutating func parseSymbolicName(what: String) throws(SyntaxError) -> Name {
        guard isSymbolicName(current) else { throw unexpected(expected: what) }
        let token = advance()
        return Name(token.text, range: token.range)
    }

    // [85] PropertyKeyName ::= SchemaName
    // [86] LabelName ::= SchemaName
    // [87] RelTypeName ::= SchemaName
    // [88] SchemaName ::= SymbolicName | ReservedWord
    mutating func parseSchemaName(what: String) throws(SyntaxError) -> Name {
        guard currentKind == .name || currentKind == .quotedName else { throw unexpected(expected: what) }
        let token = advance()
        return Name(token.text, range: token.range)
    }

    /// True when `token` can name a variable: a quoted name, or an unquoted
    /// name that is not a reserved word.
    func isSymbolicName(_ token: Token) -> Bool {
        token.kind == .quotedName || (token.kind == .name && !(token.keyword?.isReserved ?? false))
    }

    // MARK: Token helpers

    var current: Token { tokens[index] }

    // The kinds and keywords are kept apart from the tokens so that the
    // many look-ahead tests copy a byte, not a whole token.

    var currentKind: TokenKind { kinds[index] }

    func kind(ahead: Int) -> TokenKind { kinds[min(index + ahead, kinds.count - 1)] }

    func at(_ keyword: Keyword) -> Bool { keywords[index] == keyword }

    func at(ahead: Int, _ keyword: Keyword) -> Bool { keywords[min(index + ahead, keywords.count - 1)] == keyword }

    func peek(_ ahead: Int = 1) -> Token { tokens[min(index + ahead, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    mutating func accept(_ kind: TokenKind) -> Token? {
        currentKind == kind ? advance() : nil
    }

    mutating func accept(_ keyword: Keyword) -> Token? {
        at(keyword) ? advance() : nil
    }

    /// Consumes the current token if it has `kind`; cheaper than `accept` when the token is not needed.
    mutating func skip(_ kind: TokenKind) -> Bool {
        guard currentKind == kind else { return false }
        if index < tokens.count - 1 { index += 1 }
        return true
    }

    /// Consumes the current token if it spells `keyword`.
    mutating func skip(_ keyword: Keyword) -> Bool {
        guard at(keyword) else { return false }
        if index < tokens.count - 1 { index += 1 }
        return true
    }

    @discardableResult
    mutating func expect(_ kind: TokenKind, _ what: String) throws(SyntaxError) -> Token {
        guard currentKind == kind else { throw unexpected(expected: what) }
        return advance()
    }

    @discardableResult
    mutating func expect(_ keyword: Keyword) throws(SyntaxError) -> Token {
        guard at(keyword) else { throw unexpected(expected: "'\(keyword.rawValue)'") }
        return advance()
    }

    /// "expected X, found Y" at the current token.
    func unexpected(expected: String) -> SyntaxError {
        SyntaxError(.unexpectedSyntax, "expected \(expected), found \(current.displayName)", at: current.range)
    }

    /// The end of the last token consumed.
    var previousEnd: SourceLocation {
        index > 0 ? tokens[index - 1].range.end : current.range.start
    }

    /// From `start` to the end of the last token consumed.
    func range(from start: SourceLocation) -> SourceRange {
        SourceRange(start: start, end: max(start, previousEnd))
    }

    /// Counts one level of nesting; throws past `maximumDepth`.
    mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > Parser.maximumDepth || stackGuard.isExhausted() {
            throw SyntaxError(
                .nestedTooDeeply, "expression is nested deeper than \(Parser.maximumDepth) levels", at: current.range)
        }
    }
}

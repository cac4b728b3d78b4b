extension Parser {
    // [47] Expression ::= OrExpression
    /// Parses an expression at the current token.
    public mutating func parseExpression() throws(SyntaxError) -> Expression {
        try enter()
        defer { depth -= 1 }
        return try parseOr()
    }

    // [48] OrExpression ::= XorExpression ( 'OR' XorExpression )*
    mutating func parseOr() throws(SyntaxError) -> Expression {
        let first = try parseXor()
        guard at(.or) else { return first }
        var operands = [first]
        while skip(.or) { operands.append(try parseXor()) }
        return Expression(.or(operands), range: first.range.union(operands[operands.count - 1].range))
    }

    // [49] XorExpression ::= AndExpression ( 'XOR' AndExpression )*
    mutating func parseXor() throws(SyntaxError) -> Expression {
        let first = try parseAnd()
        guard at(.xor) else { return first }
        var operands = [first]
        while skip(.xor) { operands.append(try parseAnd()) }
        return Expression(.xor(operands), range: first.range.union(operands[operands.count - 1].range))
    }

    // [50] AndExpression ::= NotExpression ( 'AND' NotExpression )*
    mutating func parseAnd() throws(SyntaxError) -> Expression {
        let first = try parseNot()
        guard at(.and) else { return first }
        var operands = [first]
        while skip(.and) { operands.append(try parseNot()) }
        return Expression(.and(operands), range: first.range.union(operands[operands.count - 1].range))
    }

    // [51] NotExpression ::= 'NOT'* ComparisonExpression
    mutating func parseNot() throws(SyntaxError) -> Expression {
        let saved = depth
        defer { depth = saved }
        var starts: [SourceLocation] = []
        while at(.not) {
            try enter()
            starts.append(advance().range.start)
        }
        var expression = try parseComparison()
        for start in starts.reversed() {
            expression = Expression(
                .unary(.not, expression), range: SourceRange(start: start, end: expression.range.end))
        }
        return expression
    }

    // [52] ComparisonExpression ::= StringListNullPredicateExpression PartialComparisonExpression*
    // [53] PartialComparisonExpression ::= ( '=' | '<>' | '<' | '>' | '<=' | '>=' ) StringListNullPredicateExpression
    mutating func parseComparison() throws(SyntaxError) -> Expression {
        let first = try parseStringListNullPredicate()
        var links: [ComparisonLink] = []
        while let op = comparisonOperator(currentKind) {
            advance()
            links.append(ComparisonLink(operator: op, operand: try parseStringListNullPredicate()))
        }
        guard let last = links.last else { return first }
        let range = first.range.union(last.operand.range)
        if links.count == 1 {
            return Expression(.binary(last.operator, first, last.operand), range: range)
        }
        return Expression(.comparisonChain(first, links), range: range)
    }

    private func comparisonOperator(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .greater: return .greater
        case .lessEqual: return .lessOrEqual
        case .greaterEqual: return .greaterOrEqual
        default: return nil
        }
    }

    // [54] StringListNullPredicateExpression ::= AddOrSubtractExpression
    //      ( StringPredicateExpression | ListPredicateExpression | NullPredicateExpression )*
    mutating func parseStringListNullPredicate() throws(SyntaxError) -> Expression {
        let saved = depth
        defer { depth = saved }
        var expression = try parseAddOrSubtract()
        while true {
            let op: BinaryOperator
            // [55] StringPredicateExpression ::= ( 'STARTS' 'WITH' | 'ENDS' 'WITH' | 'CONTAINS' | '=~' ) AddOrSubtractExpression
            // [56] ListPredicateExpression ::= 'IN' AddOrSubtractExpression
            if at(.starts), at(ahead: 1, .with) {
                op = .startsWith
                advance()
            } else if at(.ends), at(ahead: 1, .with) {
                op = .endsWith
                advance()
            } else if at(.contains) {
                op = .contains
            } else if currentKind == .regexMatch {
                op = .regexMatch
            } else if at(.in_) {
                op = .in
            } else if at(.is_) {
                // [57] NullPredicateExpression ::= 'IS' 'NOT'? 'NULL'
                try enter()
                advance()
                let negated = skip(.not)
                let end = try expect(.null).range.end
                expression = Expression(
                    .isNull(expression, negated: negated), range: SourceRange(start: expression.range.start, end: end))
                continue
            } else {
                return expression
            }
            try enter()
            advance()
            let rhs = try parseAddOrSubtract()
            expression = Expression(.binary(op, expression, rhs), range: expression.range.union(rhs.range))
        }
    }

    // [58] AddOrSubtractExpression ::= MultiplyDivideModuloExpression ( ( '+' | '-' ) MultiplyDivideModuloExpression )*
    mutating func parseAddOrSubtract() throws(SyntaxError) -> Expression {
        let saved = depth
        defer { depth = saved }
        var expression = try parseMultiplyDivideModulo()
        while true {
            let op: BinaryOperator
            switch currentKind {
            case .plus: op = .add
            case .minus: op = .subtract
            default: return expression
            }
            try enter()
            advance()
            let rhs = try parseMultiplyDivideModulo()
            expression = Expression(.binary(op, expression, rhs), range: expression.range.union(rhs.range))
        }
    }

    // [59] MultiplyDivideModuloExpression ::= PowerOfExpression ( ( '*' | '/' | '%' ) PowerOfExpression )*
    mutating func parseMultiplyDivideModulo() throws(SyntaxError) -> Expression {
        let saved = depth
        defer { depth = saved }
        var expression = try parsePowerOf()
        while true {
            let op: BinaryOperator
            switch currentKind {
            case .star: op = .multiply
            case .slash: op = .divide
            case .percent: op = .modulo
            default: return expression
            }
            try enter()
            advance()
            let rhs = try parsePowerOf()
            expression = Expression(.binary(op, expression, rhs), range: expression.range.union(rhs.range))
        }
    }

    // [60] PowerOfExpression ::= UnaryAddOrSubtractExpression ( '^' UnaryAddOrSubtractExpression )*
    mutating func parsePowerOf() throws(SyntaxError) -> Expression {
        let saved = depth
        defer { depth = saved }
        var expression = try parseUnaryAddOrSubtract()
        while currentKind == .caret {
            try enter()
            advance()
            let rhs = try parseUnaryAddOrSubtract()
            expression = Expression(.binary(.power, expression, rhs), range: expression.range.union(rhs.range))
        }
        return expression
    }

    // [61] UnaryAddOrSubtractExpression ::= ( '+' | '-' )* NonArithmeticOperatorExpression
    mutating func parseUnaryAddOrSubtract() throws(SyntaxError) -> Expression {
        let saved = depth
        defer { depth = saved }
        var operators: [(UnaryOperator, SourceLocation)] = []
        while currentKind == .plus || currentKind == .minus {
            try enter()
            let token = advance()
            operators.append((token.kind == .plus ? .plus : .minus, token.range.start))
        }
        var expression: Expression
        if let (last, start) = operators.last, last == .minus, isNumberLiteral(currentKind),
            ![.leftBracket, .dot, .colon].contains(kind(ahead: 1))
        {
            // A minus before a number literal makes a negative literal, so
            // that -9223372036854775808 is in range.
            operators.removeLast()
            let token = advance()
            let range = SourceRange(start: start, end: token.range.end)
            expression = try numberLiteral(token, negated: true, range: range)
        } else {
            expression = try parseNonArithmeticOperatorExpression()
        }
        for (op, start) in operators.reversed() {
            expression = Expression(.unary(op, expression), range: SourceRange(start: start, end: expression.range.end))
        }
        return expression
    }

    // [62] NonArithmeticOperatorExpression ::= Atom ( ListOperatorExpression | PropertyLookup )* NodeLabels?
    mutating func parseNonArithmeticOperatorExpression() throws(SyntaxError) -> Expression {
        let saved = depth
        defer { depth = saved }
        var expression = try parseAtom()
        let start = expression.range.start
        while true {
            switch currentKind {
            case .leftBracket:
                try enter()
                expression = try parseListOperator(expression)
            case .dot:
                try enter()
                expression = try parsePropertyLookup(expression)
            case .colon:
                try enter()
                let labels = try parseNodeLabels()
                return Expression(.hasLabels(expression, labels: labels), range: range(from: start))
            default:
                return expression
            }
        }
    }

    // [63] ListOperatorExpression ::= '[' Expression ']' | '[' Expression? '..' Expression? ']'
    @inline(never)
    private mutating func parseListOperator(_ subject: Expression) throws(SyntaxError) -> Expression {
        let start = subject.range.start
        advance()
        var lower: Expression? = nil
        if currentKind != .dotDot {
            let index = try parseExpression()
            if currentKind != .dotDot {
                try expect(.rightBracket, "']'")
                return Expression(.index(subject, index), range: range(from: start))
            }
            lower = index
        }
        advance()
        let upper = currentKind == .rightBracket ? nil : try parseExpression()
        try expect(.rightBracket, "']'")
        return Expression(.slice(subject, from: lower, to: upper), range: range(from: start))
    }

    // [64] PropertyLookup ::= '.' PropertyKeyName
    @inline(never)
    private mutating func parsePropertyLookup(_ subject: Expression) throws(SyntaxError) -> Expression {
        advance()
        let key = try parseSchemaName(what: "a property name after '.'")
        return Expression(.property(subject, key: key), range: range(from: subject.range.start))
    }

    // [65] PropertyExpression ::= Atom PropertyLookup+
    mutating func parsePropertyExpression() throws(SyntaxError) -> Expression {
        let saved = depth
        defer { depth = saved }
        var expression = try parseAtom()
        let start = expression.range.start
        repeat {
            try enter()
            try expect(.dot, "'.' and a property name")
            let key = try parseSchemaName(what: "a property name after '.'")
            expression = Expression(.property(expression, key: key), range: range(from: start))
        } while currentKind == .dot
        return expression
    }

    // [66] Atom ::= Literal | Parameter | CaseExpression | 'COUNT' '(' '*' ')' | ListComprehension
    //             | PatternComprehension | Quantifier | RelationshipsPattern | ParenthesizedExpression
    //             | FunctionInvocation | Variable
    //
    // The recursive paths through the expression productions are kept in
    // small functions, with the rarer cases in helpers of their own, so that
    // each level of nesting costs little stack.
    mutating func parseAtom() throws(SyntaxError) -> Expression {
        switch currentKind {
        case .decimalInteger, .hexInteger, .octalInteger, .float, .string, .parameter:
            return try parseLiteralAtom()
        case .leftBracket:
            return try parseBracketed()
        case .leftBrace:
            return try parseMapLiteral()
        case .leftParen:
            return try parseParenthesizedOrPattern()
        case .quotedName:
            if kind(ahead: 1) == .leftParen || (kind(ahead: 1) == .dot && isFunctionNameAhead()) {
                return try parseFunctionInvocation()
            }
            let token = advance()
            return Expression(.variable(token.text), range: token.range)
        case .name:
            return try parseNameAtom()
        default:
            throw unexpected(expected: "an expression")
        }
    }

    // [67] Literal ::= BooleanLiteral | 'NULL' | NumberLiteral | StringLiteral | ListLiteral | MapLiteral
    @inline(never)
    private mutating func parseLiteralAtom() throws(SyntaxError) -> Expression {
        let token = advance()
        switch token.kind {
        case .string:
            // [98] StringLiteral (decoded by the lexer)
            return Expression(.string(token.text), range: token.range)
        case .parameter:
            // [82] Parameter ::= '$' ( SymbolicName | DecimalInteger )
            if let first = token.text.utf8.first, isDigit(first) {
                guard let position = Int(token.text) else {
                    throw SyntaxError(.integerOverflow, "parameter number is too large", at: token.range)
                }
                return Expression(.parameter(.positional(position)), range: token.range)
            }
            return Expression(.parameter(.named(token.text)), range: token.range)
        default:
            return try numberLiteral(token, negated: false, range: token.range)
        }
    }

    // [78] ParenthesizedExpression ::= '(' Expression ')'
    // or [37] RelationshipsPattern, tried first.
    private mutating func parseParenthesizedOrPattern() throws(SyntaxError) -> Expression {
        if let pattern = try tryPattern({ (parser: inout Parser) throws(SyntaxError) in
            try parser.parseRelationshipsPattern()
        }) {
            return Expression(.pattern(pattern), range: pattern.range)
        }
        let start = advance().range.start
        var inner = try parseExpression()
        try expect(.rightParen, "')'")
        inner.range = range(from: start)
        return inner
    }

    private mutating func parseNameAtom() throws(SyntaxError) -> Expression {
        let token = current
        switch token.keyword {
        // [68] BooleanLiteral ::= 'TRUE' | 'FALSE'
        case .true_:
            advance()
            return Expression(.boolean(true), range: token.range)
        case .false_:
            advance()
            return Expression(.boolean(false), range: token.range)
        case .null:
            advance()
            return Expression(.null, range: token.range)
        case .case_:
            return try parseCaseExpression()
        // [83] CountStar ::= 'COUNT' '(' '*' ')'
        case .count where kind(ahead: 1) == .leftParen && kind(ahead: 2) == .star:
            advance()
            advance()
            advance()
            try expect(.rightParen, "')' after 'count(*'")
            return Expression(.countStar, range: range(from: token.range.start))
        case .all, .any, .some(.none), .single:
            if kind(ahead: 1) == .leftParen, isSymbolicName(peek(2)), at(ahead: 3, .in_) {
                return try parseQuantifier()
            }
        case .exists where kind(ahead: 1) == .leftBrace:
            throw SyntaxError(.unsupportedConstruct, "EXISTS subqueries are not supported by LQL", at: token.range)
        default:
            break
        }
        if kind(ahead: 1) == .leftParen || (kind(ahead: 1) == .dot && isFunctionNameAhead()) {
            try checkFunctionName()
            return try parseFunctionInvocation()
        }
        try checkVariableName()
        advance()
        return Expression(.variable(token.text), range: token.range)
    }

    @inline(never)
    private func checkFunctionName() throws(SyntaxError) {
        let token = current
        if kind(ahead: 1) == .leftParen,
            ["reduce", "filter", "extract", "shortestpath", "allshortestpaths"].contains(token.text.lowercased())
        {
            throw SyntaxError(.unsupportedConstruct, "\(token.text)(...) is not supported by LQL", at: token.range)
        }
        if token.keyword?.isReserved ?? false, token.keyword != .exists {
            throw unexpected(expected: "an expression")
        }
    }

    @inline(never)
    private func checkVariableName() throws(SyntaxError) {
        if current.keyword?.isReserved ?? false {
            throw unexpected(expected: "an expression")
        }
        if kind(ahead: 1) == .leftBrace {
            throw SyntaxError(.unsupportedConstruct, "map projections are not supported by LQL", at: peek().range)
        }
    }

    /// True when the current name starts `a.b.c(`: a namespaced function call.
    private func isFunctionNameAhead() -> Bool {
        var ahead = 0
        while peek(ahead + 1).kind == .dot,
            peek(ahead + 2).kind == .name || peek(ahead + 2).kind == .quotedName
        {
            ahead += 2
        }
        return ahead > 0 && peek(ahead + 1).kind == .leftParen
    }

    // [79] FunctionInvocation ::= FunctionName '(' 'DISTINCT'? ( Expression ( ',' Expression )* )? ')'
    // [80] FunctionName ::= Namespace SymbolicName
    // [81] Namespace ::= ( SymbolicName '.' )*
    mutating func parseFunctionInvocation() throws(SyntaxError) -> Expression {
        let start = current.range.start
        var parts = [try parseSchemaName(what: "a function name")]
        while skip(.dot) {
            parts.append(try parseSchemaName(what: "a function name"))
        }
        try expect(.leftParen, "'('")
        let distinct = skip(.distinct)
        var arguments: [Expression] = []
        if currentKind != .rightParen {
            arguments.append(try parseExpression())
            while skip(.comma) { arguments.append(try parseExpression()) }
        }
        try expect(.rightParen, "')' or ',' in the argument list")
        let name = parts.removeLast()
        let call = FunctionCall(namespace: parts, name: name, distinct: distinct, arguments: arguments)
        return Expression(.functionCall(call), range: range(from: start))
    }

    // [75] Quantifier ::= ( 'ALL' | 'ANY' | 'NONE' | 'SINGLE' ) '(' FilterExpression ')'
    mutating func parseQuantifier() throws(SyntaxError) -> Expression {
        let start = current.range.start
        let kind: Quantifier.Kind
        switch advance().keyword {
        case .all: kind = .all
        case .any: kind = .any
        case .some(.none): kind = .none
        default: kind = .single
        }
        try expect(.leftParen, "'('")
        let (variable, source, predicate) = try parseFilterExpression()
        try expect(.rightParen, "')'")
        let quantifier = Quantifier(kind: kind, variable: variable, source: source, predicate: predicate)
        return Expression(.quantifier(quantifier), range: range(from: start))
    }

    // [76] FilterExpression ::= IdInColl Where?
    // [77] IdInColl ::= Variable 'IN' Expression
    mutating func parseFilterExpression() throws(SyntaxError) -> (Name, Expression, Expression?) {
        let variable = try parseVariable()
        try expect(.in_)
        let source = try parseExpression()
        let predicate = try parseWhere()
        return (variable, source, predicate)
    }

    // [71] CaseExpression ::= 'CASE' Expression? CaseAlternative+ ( 'ELSE' Expression )? 'END'
    mutating func parseCaseExpression() throws(SyntaxError) -> Expression {
        let start = current.range.start
        try expect(.case_)
        let subject = at(.when) ? nil : try parseExpression()
        var alternatives: [CaseAlternative] = []
        while skip(.when) {
            // [72] CaseAlternative ::= 'WHEN' Expression 'THEN' Expression
            let condition = try parseExpression()
            try expect(.then)
            let result = try parseExpression()
            alternatives.append(CaseAlternative(when: condition, then: result))
        }
        guard !alternatives.isEmpty else { throw unexpected(expected: "'WHEN'") }
        let otherwise = skip(.else_) ? try parseExpression() : nil
        try expect(.end)
        let expression = CaseExpression(subject: subject, alternatives: alternatives, otherwise: otherwise)
        return Expression(.caseExpression(expression), range: range(from: start))
    }

    /// Parses what starts with `[`: a list comprehension, a pattern
    /// comprehension or a list literal.
    mutating func parseBracketed() throws(SyntaxError) -> Expression {
        if isSymbolicName(peek()), at(ahead: 2, .in_) {
            return try parseListComprehension()
        }
        if kind(ahead: 1) == .leftParen
            || (isSymbolicName(peek()) && kind(ahead: 2) == .equal && kind(ahead: 3) == .leftParen),
            let comprehension = try parsePatternComprehension()
        {
            return comprehension
        }
        return try parseListLiteral()
    }

    // [73] ListComprehension ::= '[' FilterExpression ( '|' Expression )? ']'
    @inline(never)
    private mutating func parseListComprehension() throws(SyntaxError) -> Expression {
        let start = current.range.start
        advance()
        let (variable, source, predicate) = try parseFilterExpression()
        let projection = skip(.pipe) ? try parseExpression() : nil
        try expect(.rightBracket, "']' to close the list comprehension")
        let comprehension = ListComprehension(
            variable: variable, source: source, predicate: predicate, projection: projection)
        return Expression(.listComprehension(comprehension), range: range(from: start))
    }

    /// Parses a pattern comprehension, or returns nil (having consumed
    /// nothing) when the brackets hold no pattern.
    @inline(never)
    private mutating func parsePatternComprehension() throws(SyntaxError) -> Expression? {
        let start = current.range.start
        if let comprehension = try tryPattern({ (parser: inout Parser) throws(SyntaxError) in
            try parser.parsePatternComprehensionHead()
        }) {
            let projection = try parseExpression()
            try expect(.rightBracket, "']' to close the pattern comprehension")
            return Expression(
                .patternComprehension(
                    PatternComprehension(
                        variable: comprehension.variable, pattern: comprehension.pattern,
                        predicate: comprehension.predicate, projection: projection)),
                range: range(from: start))
        }
        return nil
    }

    // [69] ListLiteral ::= '[' ( Expression ( ',' Expression )* )? ']'
    private mutating func parseListLiteral() throws(SyntaxError) -> Expression {
        let start = current.range.start
        advance()
        var elements: [Expression] = []
        if currentKind != .rightBracket {
            elements.append(try parseExpression())
            while skip(.comma) { elements.append(try parseExpression()) }
        }
        try expect(.rightBracket, "',' or ']' in the list")
        return Expression(.list(elements), range: range(from: start))
    }

    // [74] PatternComprehension ::= '[' ( Variable '=' )? RelationshipsPattern Where? '|' Expression ']'
    /// Parses up to and including the `|`; the caller parses the projection.
    private mutating func parsePatternComprehensionHead() throws(SyntaxError)
        -> (variable: Name?, pattern: PatternElement, predicate: Expression?)
    {
        try expect(.leftBracket, "'['")
        var variable: Name? = nil
        if isSymbolicName(current), kind(ahead: 1) == .equal {
            variable = try parseVariable()
            advance()
        }
        let pattern = try parseRelationshipsPattern()
        let predicate = try parseWhere()
        try expect(.pipe, "'|' in the pattern comprehension")
        return (variable, pattern, predicate)
    }

    /// Tries `parse` at the current token; on failure restores the position
    /// and returns nil. Failed tries are remembered per token, so a nested
    /// construct is not re-tried when an outer one falls back.
    private mutating func tryPattern<T>(_ parse: (inout Parser) throws(SyntaxError) -> T) throws(SyntaxError) -> T? {
        let savedIndex = index
        let savedDepth = depth
        if failedPatternTries.contains(savedIndex) { return nil }
        do {
            return try parse(&self)
        } catch {
            if error.code == .nestedTooDeeply { throw error }
            index = savedIndex
            depth = savedDepth
            failedPatternTries.insert(savedIndex)
            return nil
        }
    }

    // [70] MapLiteral ::= '{' ( PropertyKeyName ':' Expression ( ',' PropertyKeyName ':' Expression )* )? '}'
    mutating func parseMapLiteral() throws(SyntaxError) -> Expression {
        let start = current.range.start
        try expect(.leftBrace, "'{'")
        var entries: [MapEntry] = []
        if currentKind != .rightBrace {
            repeat {
                let key = try parseSchemaName(what: "a property name")
                try expect(.colon, "':' after the property name")
                entries.append(MapEntry(key: key, value: try parseExpression()))
            } while skip(.comma)
        }
        try expect(.rightBrace, "',' or '}' in the map")
        return Expression(.map(entries), range: range(from: start))
    }

    // MARK: Literals

    func isNumberLiteral(_ kind: TokenKind) -> Bool {
        switch kind {
        case .decimalInteger, .hexInteger, .octalInteger, .float: return true
        default: return false
        }
    }

    // [90] NumberLiteral ::= DoubleLiteral | IntegerLiteral
    func numberLiteral(_ token: Token, negated: Bool, range: SourceRange) throws(SyntaxError) -> Expression {
        if token.kind == .float {
            guard let value = Double(token.text), value.isFinite else {
                throw SyntaxError(
                    .floatingPointOverflow, "float literal \(token.text) is too large", at: range)
            }
            return Expression(.float(negated ? -value : value), range: range)
        }
        return Expression(.integer(try integerValue(of: token, negated: negated, range: range)), range: range)
    }

    // [91] IntegerLiteral ::= HexInteger | OctalInteger | DecimalInteger
    func integerValue(of token: Token, negated: Bool, range: SourceRange) throws(SyntaxError) -> Int64 {
        let radix: UInt64
        switch token.kind {
        case .hexInteger: radix = 16
        case .octalInteger: radix = 8
        default: radix = 10
        }
        var magnitude: UInt64 = 0
        var overflow = false
        for byte in token.text.utf8 {
            let digit = UInt64(hexValue(byte) ?? 0)
            let (shifted, o1) = magnitude.multipliedReportingOverflow(by: radix)
            let (sum, o2) = shifted.addingReportingOverflow(digit)
            magnitude = sum
            if o1 || o2 {
                overflow = true
                break
            }
        }
        let limit = negated ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        if overflow || magnitude > limit {
            throw SyntaxError(.integerOverflow, "integer literal is too large for 64 bits", at: range)
        }
        return negated ? Int64(bitPattern: 0 &- magnitude) : Int64(magnitude)
    }
}

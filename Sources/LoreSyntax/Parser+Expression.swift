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
        guard current.is(.or) else { return first }
        var operands = [first]
        while accept(.or) != nil { operands.append(try parseXor()) }
        return Expression(.or(operands), range: first.range.union(operands[operands.count - 1].range))
    }

    // [49] XorExpression ::= AndExpression ( 'XOR' AndExpression )*
    mutating func parseXor() throws(SyntaxError) -> Expression {
        let first = try parseAnd()
        guard current.is(.xor) else { return first }
        var operands = [first]
        while accept(.xor) != nil { operands.append(try parseAnd()) }
        return Expression(.xor(operands), range: first.range.union(operands[operands.count - 1].range))
    }

    // [50] AndExpression ::= NotExpression ( 'AND' NotExpression )*
    mutating func parseAnd() throws(SyntaxError) -> Expression {
        let first = try parseNot()
        guard current.is(.and) else { return first }
        var operands = [first]
        while accept(.and) != nil { operands.append(try parseNot()) }
        return Expression(.and(operands), range: first.range.union(operands[operands.count - 1].range))
    }

    // [51] NotExpression ::= 'NOT'* ComparisonExpression
    mutating func parseNot() throws(SyntaxError) -> Expression {
        let saved = depth
        defer { depth = saved }
        var starts: [SourceLocation] = []
        while current.is(.not) {
            try enter()
            starts.append(advance().range.start)
        }
        var expression = try parseComparison()
        for start in starts.reversed() {
            expression = Expression(.unary(.not, expression), range: SourceRange(start: start, end: expression.range.end))
        }
        return expression
    }

    // [52] ComparisonExpression ::= StringListNullPredicateExpression PartialComparisonExpression*
    // [53] PartialComparisonExpression ::= ( '=' | '<>' | '<' | '>' | '<=' | '>=' ) StringListNullPredicateExpression
    mutating func parseComparison() throws(SyntaxError) -> Expression {
        let first = try parseStringListNullPredicate()
        var links: [ComparisonLink] = []
        while let op = comparisonOperator(current.kind) {
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
            if current.is(.starts), peek().is(.with) {
                op = .startsWith
                advance()
            } else if current.is(.ends), peek().is(.with) {
                op = .endsWith
                advance()
            } else if current.is(.contains) {
                op = .contains
            } else if current.kind == .regexMatch {
                op = .regexMatch
            } else if current.is(.in_) {
                op = .in
            } else if current.is(.is_) {
                // [57] NullPredicateExpression ::= 'IS' 'NOT'? 'NULL'
                try enter()
                advance()
                let negated = accept(.not) != nil
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
            switch current.kind {
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
            switch current.kind {
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
        while current.kind == .caret {
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
        while current.kind == .plus || current.kind == .minus {
            try enter()
            let token = advance()
            operators.append((token.kind == .plus ? .plus : .minus, token.range.start))
        }
        var expression: Expression
        if let (last, start) = operators.last, last == .minus, isNumberLiteral(current.kind),
            ![.leftBracket, .dot, .colon].contains(peek().kind)
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
            switch current.kind {
            case .leftBracket:
                // [63] ListOperatorExpression ::= '[' Expression ']' | '[' Expression? '..' Expression? ']'
                try enter()
                advance()
                if accept(.dotDot) != nil {
                    let upper = current.kind == .rightBracket ? nil : try parseExpression()
                    try expect(.rightBracket, "']'")
                    expression = Expression(.slice(expression, from: nil, to: upper), range: range(from: start))
                } else {
                    let lower = try parseExpression()
                    if accept(.dotDot) != nil {
                        let upper = current.kind == .rightBracket ? nil : try parseExpression()
                        try expect(.rightBracket, "']'")
                        expression = Expression(.slice(expression, from: lower, to: upper), range: range(from: start))
                    } else {
                        try expect(.rightBracket, "']'")
                        expression = Expression(.index(expression, lower), range: range(from: start))
                    }
                }
            case .dot:
                // [64] PropertyLookup ::= '.' PropertyKeyName
                try enter()
                advance()
                let key = try parseSchemaName(what: "a property name after '.'")
                expression = Expression(.property(expression, key: key), range: range(from: start))
            case .colon:
                try enter()
                let labels = try parseNodeLabels()
                return Expression(.hasLabels(expression, labels: labels), range: range(from: start))
            default:
                return expression
            }
        }
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
        } while current.kind == .dot
        return expression
    }

    // [66] Atom ::= Literal | Parameter | CaseExpression | 'COUNT' '(' '*' ')' | ListComprehension
    //             | PatternComprehension | Quantifier | RelationshipsPattern | ParenthesizedExpression
    //             | FunctionInvocation | Variable
    mutating func parseAtom() throws(SyntaxError) -> Expression {
        let token = current
        switch token.kind {
        case .decimalInteger, .hexInteger, .octalInteger, .float:
            advance()
            return try numberLiteral(token, negated: false, range: token.range)
        // [67] Literal ::= BooleanLiteral | 'NULL' | NumberLiteral | StringLiteral | ListLiteral | MapLiteral
        case .string:
            // [98] StringLiteral (decoded by the lexer)
            advance()
            return Expression(.string(token.text), range: token.range)
        case .parameter:
            // [82] Parameter ::= '$' ( SymbolicName | DecimalInteger )
            advance()
            if let first = token.text.utf8.first, isDigit(first) {
                guard let position = Int(token.text) else {
                    throw SyntaxError(.integerOverflow, "parameter number is too large", at: token.range)
                }
                return Expression(.parameter(.positional(position)), range: token.range)
            }
            return Expression(.parameter(.named(token.text)), range: token.range)
        case .leftBracket:
            return try parseBracketed()
        case .leftBrace:
            return try parseMapLiteral()
        case .leftParen:
            if let pattern = try tryPattern({ (parser: inout Parser) throws(SyntaxError) in try parser.parseRelationshipsPattern() }) {
                return Expression(.pattern(pattern), range: pattern.range)
            }
            // [78] ParenthesizedExpression ::= '(' Expression ')'
            let start = advance().range.start
            var inner = try parseExpression()
            try expect(.rightParen, "')'")
            inner.range = range(from: start)
            return inner
        case .quotedName:
            if peek().kind == .leftParen || (peek().kind == .dot && isFunctionNameAhead()) {
                return try parseFunctionInvocation()
            }
            advance()
            return Expression(.variable(token.text), range: token.range)
        case .name:
            return try parseNameAtom()
        default:
            throw unexpected(expected: "an expression")
        }
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
        case .count where peek().kind == .leftParen && peek(2).kind == .star:
            advance()
            advance()
            advance()
            try expect(.rightParen, "')' after 'count(*'")
            return Expression(.countStar, range: range(from: token.range.start))
        case .all, .any, .some(.none), .single:
            if peek().kind == .leftParen, isSymbolicName(peek(2)), peek(3).is(.in_) {
                return try parseQuantifier()
            }
        case .exists where peek().kind == .leftBrace:
            throw SyntaxError(.unsupportedConstruct, "EXISTS subqueries are not supported by LQL", at: token.range)
        default:
            break
        }
        if peek().kind == .leftParen || (peek().kind == .dot && isFunctionNameAhead()) {
            let lowered = token.text.lowercased()
            if peek().kind == .leftParen, ["reduce", "filter", "extract", "shortestpath", "allshortestpaths"].contains(lowered) {
                throw SyntaxError(.unsupportedConstruct, "\(token.text)(...) is not supported by LQL", at: token.range)
            }
            if token.keyword?.isReserved ?? false, token.keyword != .exists {
                throw unexpected(expected: "an expression")
            }
            return try parseFunctionInvocation()
        }
        if token.keyword?.isReserved ?? false {
            throw unexpected(expected: "an expression")
        }
        if peek().kind == .leftBrace {
            throw SyntaxError(
                .unsupportedConstruct, "map projections are not supported by LQL", at: peek().range)
        }
        advance()
        return Expression(.variable(token.text), range: token.range)
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
        while accept(.dot) != nil {
            parts.append(try parseSchemaName(what: "a function name"))
        }
        try expect(.leftParen, "'('")
        let distinct = accept(.distinct) != nil
        var arguments: [Expression] = []
        if current.kind != .rightParen {
            arguments.append(try parseExpression())
            while accept(.comma) != nil { arguments.append(try parseExpression()) }
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
        let subject = current.is(.when) ? nil : try parseExpression()
        var alternatives: [CaseAlternative] = []
        while accept(.when) != nil {
            // [72] CaseAlternative ::= 'WHEN' Expression 'THEN' Expression
            let condition = try parseExpression()
            try expect(.then)
            let result = try parseExpression()
            alternatives.append(CaseAlternative(when: condition, then: result))
        }
        guard !alternatives.isEmpty else { throw unexpected(expected: "'WHEN'") }
        let otherwise = accept(.else_) != nil ? try parseExpression() : nil
        try expect(.end)
        let expression = CaseExpression(subject: subject, alternatives: alternatives, otherwise: otherwise)
        return Expression(.caseExpression(expression), range: range(from: start))
    }

    /// Parses what starts with `[`: a list comprehension, a pattern
    /// comprehension or a list literal.
    mutating func parseBracketed() throws(SyntaxError) -> Expression {
        let start = current.range.start
        if isSymbolicName(peek()), peek(2).is(.in_) {
            // [73] ListComprehension ::= '[' FilterExpression ( '|' Expression )? ']'
            advance()
            let (variable, source, predicate) = try parseFilterExpression()
            let projection = accept(.pipe) != nil ? try parseExpression() : nil
            try expect(.rightBracket, "']' to close the list comprehension")
            let comprehension = ListComprehension(
                variable: variable, source: source, predicate: predicate, projection: projection)
            return Expression(.listComprehension(comprehension), range: range(from: start))
        }
        if peek().kind == .leftParen || (isSymbolicName(peek()) && peek(2).kind == .equal && peek(3).kind == .leftParen),
            let comprehension = try tryPattern({ (parser: inout Parser) throws(SyntaxError) in
                try parser.parsePatternComprehensionHead()
            })
        {
            let projection = try parseExpression()
            try expect(.rightBracket, "']' to close the pattern comprehension")
            return Expression(.patternComprehension(
                PatternComprehension(
                    variable: comprehension.variable, pattern: comprehension.pattern,
                    predicate: comprehension.predicate, projection: projection)),
                range: range(from: start))
        }
        // [69] ListLiteral ::= '[' ( Expression ( ',' Expression )* )? ']'
        advance()
        var elements: [Expression] = []
        if current.kind != .rightBracket {
            elements.append(try parseExpression())
            while accept(.comma) != nil { elements.append(try parseExpression()) }
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
        if isSymbolicName(current), peek().kind == .equal {
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
        if current.kind != .rightBrace {
            repeat {
                let key = try parseSchemaName(what: "a property name")
                try expect(.colon, "':' after the property name")
                entries.append(MapEntry(key: key, value: try parseExpression()))
            } while accept(.comma) != nil
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

extension Parser {
    // [34] Pattern ::= PatternPart ( ',' PatternPart )*
    mutating func parsePattern() throws(SyntaxError) -> [PatternPart] {
        var parts = [try parsePatternPart()]
        while skip(.comma) { parts.append(try parsePatternPart()) }
        return parts
    }

    // [35] PatternPart ::= ( Variable '=' )? PatternElement
    mutating func parsePatternPart() throws(SyntaxError) -> PatternPart {
        let start = current.range.start
        var variable: Name? = nil
        if isSymbolicName(current), kind(ahead: 1) == .equal {
            variable = try parseVariable()
            advance()
        }
        if currentKind == .name, !current.text.isEmpty, kind(ahead: 1) == .leftParen {
            let word = current.text.lowercased()
            if word == "shortestpath" || word == "allshortestpaths" {
                throw SyntaxError(.unsupportedConstruct, "\(current.text) is not supported by LQL", at: current.range)
            }
        }
        let element = try parsePatternElement()
        return PatternPart(variable: variable, element: element, range: range(from: start))
    }

    // [36] PatternElement ::= NodePattern PatternElementChain*
    mutating func parsePatternElement() throws(SyntaxError) -> PatternElement {
        let start = current.range.start
        if currentKind == .leftParen, kind(ahead: 1) == .leftParen {
            throw SyntaxError(
                .unsupportedConstruct, "a parenthesized pattern is not supported by LQL", at: current.range)
        }
        let first = try parseNodePattern()
        var links: [PatternLink] = []
        while atRelationshipStart {
            // [38] PatternElementChain ::= RelationshipPattern NodePattern
            let relationship = try parseRelationshipPattern()
            let node = try parseNodePattern()
            links.append(PatternLink(relationship: relationship, node: node))
        }
        return PatternElement(start: first, links: links, range: range(from: start))
    }

    // [37] RelationshipsPattern ::= NodePattern PatternElementChain+
    mutating func parseRelationshipsPattern() throws(SyntaxError) -> PatternElement {
        let element = try parsePatternElement()
        guard !element.links.isEmpty else { throw unexpected(expected: "a relationship pattern") }
        return element
    }

    var atRelationshipStart: Bool {
        currentKind == .minus || (currentKind == .less && kind(ahead: 1) == .minus)
    }

    // [39] NodePattern ::= '(' Variable? NodeLabels? Properties? ')'
    mutating func parseNodePattern() throws(SyntaxError) -> NodePattern {
        let start = current.range.start
        try expect(.leftParen, "'(' to start a node pattern")
        var variable: Name? = nil
        if isSymbolicName(current) { variable = try parseVariable() }
        let labels = try parseNodeLabels()
        if currentKind == .pipe {
            throw SyntaxError(
                .unsupportedConstruct, "label expressions with '|' are not supported by LQL", at: current.range)
        }
        let properties = try parseProperties()
        try expect(.rightParen, "')' to close the node pattern")
        return NodePattern(variable: variable, labels: labels, properties: properties, range: range(from: start))
    }

    // [44] NodeLabels ::= NodeLabel+
    // [45] NodeLabel ::= ':' LabelName
    mutating func parseNodeLabels() throws(SyntaxError) -> [Name] {
        var labels: [Name] = []
        while skip(.colon) {
            labels.append(try parseSchemaName(what: "a label name"))
        }
        return labels
    }

    // [42] Properties ::= MapLiteral | Parameter
    mutating func parseProperties() throws(SyntaxError) -> Expression? {
        switch currentKind {
        case .leftBrace: return try parseMapLiteral()
        case .parameter: return try parseAtom()
        default: return nil
        }
    }

    // [40] RelationshipPattern ::= '<'? '-' RelationshipDetail? '-' '>'?
    mutating func parseRelationshipPattern() throws(SyntaxError) -> RelationshipPattern {
        let start = current.range.start
        let incoming = skip(.less)
        try expect(.minus, "'-'")
        var detail = RelationshipPattern(direction: .undirected)
        if currentKind == .leftBracket {
            detail = try parseRelationshipDetail()
        }
        try expect(.minus, "'-' to close the relationship pattern")
        let outgoing = skip(.greater)
        switch (incoming, outgoing) {
        case (true, false): detail.direction = .incoming
        case (false, true): detail.direction = .outgoing
        default: detail.direction = .undirected
        }
        detail.range = range(from: start)
        return detail
    }

    // [41] RelationshipDetail ::= '[' Variable? RelationshipTypes? RangeLiteral? Properties? ']'
    mutating func parseRelationshipDetail() throws(SyntaxError) -> RelationshipPattern {
        try expect(.leftBracket, "'['")
        var variable: Name? = nil
        if isSymbolicName(current) { variable = try parseVariable() }
        var types: [Name] = []
        if skip(.colon) {
            // [43] RelationshipTypes ::= ':' RelTypeName ( '|' ':'? RelTypeName )*
            types.append(try parseSchemaName(what: "a relationship type"))
            while skip(.pipe) {
                _ = accept(.colon)
                types.append(try parseSchemaName(what: "a relationship type"))
            }
        }
        var length: PathLength? = nil
        if currentKind == .star {
            length = try parseRangeLiteral()
        } else if currentKind == .dotDot || currentKind == .decimalInteger {
            throw SyntaxError(
                .invalidRelationshipPattern, "a variable-length relationship needs '*' before its bounds",
                at: current.range)
        }
        let properties = try parseProperties()
        guard currentKind == .rightBracket else {
            throw unexpected(expected: "']' to close the relationship pattern")
        }
        advance()
        return RelationshipPattern(
            direction: .undirected, variable: variable, types: types, length: length, properties: properties)
    }

    // [46] RangeLiteral ::= '*' IntegerLiteral? ( '..' IntegerLiteral? )?
    mutating func parseRangeLiteral() throws(SyntaxError) -> PathLength {
        let start = current.range.start
        try expect(.star, "'*'")
        if currentKind == .minus {
            throw SyntaxError(
                .invalidRelationshipPattern, "a variable-length bound cannot be negative", at: current.range)
        }
        let minimum = try parseRangeBound()
        if skip(.dotDot) {
            if currentKind == .minus {
                throw SyntaxError(
                    .invalidRelationshipPattern, "a variable-length bound cannot be negative", at: current.range)
            }
            let maximum = try parseRangeBound()
            return PathLength(minimum: minimum, maximum: maximum, range: range(from: start))
        }
        return PathLength(minimum: minimum, maximum: minimum, range: range(from: start))
    }

    private mutating func parseRangeBound() throws(SyntaxError) -> Int64? {
        switch currentKind {
        case .decimalInteger, .hexInteger, .octalInteger:
            let token = advance()
            return try integerValue(of: token, negated: false, range: token.range)
        case .float:
            throw SyntaxError(
                .invalidRelationshipPattern, "a variable-length bound must be an integer", at: current.range)
        default:
            return nil
        }
    }
}

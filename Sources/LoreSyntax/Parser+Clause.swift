extension Parser {
    // MARK: [2] Query

    // [2] Query ::= SingleQuery Union*
    mutating func parseQuery() throws(SyntaxError) -> Query {
        let start = current.range.start
        let first = try parseSingleQuery()
        var unions: [Union] = []
        while at(.union) {
            let unionStart = current.range.start
            // [3] Union ::= 'UNION' 'ALL'? SingleQuery
            advance()
            let all = skip(.all)
            if let previous = unions.first, previous.all != all {
                throw SyntaxError(
                    .invalidClauseComposition, "UNION and UNION ALL cannot be mixed in one query",
                    at: range(from: unionStart))
            }
            let query = try parseSingleQuery()
            unions.append(Union(all: all, query: query, range: range(from: unionStart)))
        }
        return Query(first: first, unions: unions, range: range(from: start))
    }

    // [4] SingleQuery ::= SinglePartQuery | MultiPartQuery
    // [5] SinglePartQuery ::= ReadingClause* Return | ReadingClause* UpdatingClause+ Return?
    // [6] MultiPartQuery ::= ( ReadingClause* UpdatingClause* With )+ SinglePartQuery
    mutating func parseSingleQuery() throws(SyntaxError) -> SingleQuery {
        let start = current.range.start
        var clauses: [Clause] = []
        while let clause = try parseClause() {
            clauses.append(clause)
        }
        guard !clauses.isEmpty else {
            throw unexpected(expected: "a clause (MATCH, UNWIND, WITH, RETURN, CREATE, MERGE, SET, REMOVE, DELETE)")
        }
        try checkComposition(clauses)
        return SingleQuery(clauses: clauses, range: range(from: start))
    }

    /// Checks the clause order productions [4]-[6] describe.
    func checkComposition(_ clauses: [Clause]) throws(SyntaxError) {
        var updated = false
        for (position, clause) in clauses.enumerated() {
            switch clause {
            case .return:
                if position != clauses.count - 1 {
                    throw SyntaxError(
                        .invalidClauseComposition, "RETURN can only be used at the end of a query",
                        at: clauses[position + 1].range)
                }
            case .match, .unwind:
                if updated {
                    throw SyntaxError(
                        .invalidClauseComposition,
                        "a WITH is required between an updating clause and \(clauseName(clause))",
                        at: clause.range)
                }
            case .with:
                updated = false
            case .create, .merge, .set, .remove, .delete:
                updated = true
            }
        }
        let last = clauses[clauses.count - 1]
        switch last {
        case .return, .create, .merge, .set, .remove, .delete:
            break
        case .match, .unwind, .with:
            throw SyntaxError(
                .invalidClauseComposition,
                "a query cannot end with \(clauseName(last)); end it with RETURN or an updating clause",
                at: last.range)
        }
    }

    private func clauseName(_ clause: Clause) -> String {
        switch clause {
        case .match(let match): return match.optional ? "OPTIONAL MATCH" : "MATCH"
        case .unwind: return "UNWIND"
        case .with: return "WITH"
        case .return: return "RETURN"
        case .create: return "CREATE"
        case .merge: return "MERGE"
        case .set: return "SET"
        case .remove: return "REMOVE"
        case .delete: return "DELETE"
        }
    }

    // [7] ReadingClause ::= Match | Unwind
    // [8] UpdatingClause ::= Create | Merge | Delete | Set | Remove
    /// Parses a clause, or returns nil when the current token starts none.
    mutating func parseClause() throws(SyntaxError) -> Clause? {
        guard currentKind == .name else { return nil }
        switch current.keyword {
        case .match, .optional: return .match(try parseMatch())
        case .unwind: return .unwind(try parseUnwind())
        case .with: return .with(try parseWith())
        case .return_: return .return(try parseReturn())
        case .create: return .create(try parseCreate())
        case .merge: return .merge(try parseMerge())
        case .set: return .set(try parseSet())
        case .remove: return .remove(try parseRemove())
        case .delete, .detach: return .delete(try parseDelete())
        default:
            let word = current.text.uppercased()
            if ["CALL", "FOREACH", "LOAD", "USE", "FINISH", "YIELD"].contains(word) {
                throw SyntaxError(.unsupportedConstruct, "\(word) is not supported by LQL", at: current.range)
            }
            return nil
        }
    }

    // MARK: Reading

    // [9] Match ::= 'OPTIONAL'? 'MATCH' Pattern Where?
    mutating func parseMatch() throws(SyntaxError) -> Match {
        let start = current.range.start
        let optional = skip(.optional)
        try expect(.match)
        let pattern = try parsePattern()
        let predicate = try parseWhere()
        return Match(optional: optional, pattern: pattern, predicate: predicate, range: range(from: start))
    }

    // [10] Unwind ::= 'UNWIND' Expression 'AS' Variable
    mutating func parseUnwind() throws(SyntaxError) -> Unwind {
        let start = current.range.start
        try expect(.unwind)
        let expression = try parseExpression()
        try expect(.as_)
        let variable = try parseVariable()
        return Unwind(expression: expression, variable: variable, range: range(from: start))
    }

    // [11] Where ::= 'WHERE' Expression
    mutating func parseWhere() throws(SyntaxError) -> Expression? {
        guard skip(.where_) else { return nil }
        return try parseExpression()
    }

    // MARK: Writing

    // [12] Create ::= 'CREATE' Pattern
    mutating func parseCreate() throws(SyntaxError) -> Create {
        let start = current.range.start
        try expect(.create)
        if at(.constraint) {
            throw SyntaxError(
                .invalidClauseComposition, "CREATE CONSTRAINT must be a statement of its own", at: current.range)
        }
        let pattern = try parsePattern()
        return Create(pattern: pattern, range: range(from: start))
    }

    // [13] Merge ::= 'MERGE' PatternPart MergeAction*
    mutating func parseMerge() throws(SyntaxError) -> Merge {
        let start = current.range.start
        try expect(.merge)
        let pattern = try parsePatternPart()
        var actions: [MergeAction] = []
        while at(.on) {
            // [14] MergeAction ::= 'ON' ( 'MATCH' | 'CREATE' ) Set
            let actionStart = current.range.start
            advance()
            let trigger: MergeAction.Trigger
            if skip(.match) {
                trigger = .onMatch
            } else if skip(.create) {
                trigger = .onCreate
            } else {
                throw unexpected(expected: "'MATCH' or 'CREATE' after 'ON'")
            }
            let set = try parseSet()
            actions.append(MergeAction(trigger: trigger, items: set.items, range: range(from: actionStart)))
        }
        return Merge(pattern: pattern, actions: actions, range: range(from: start))
    }

    // [15] Set ::= 'SET' SetItem ( ',' SetItem )*
    mutating func parseSet() throws(SyntaxError) -> SetClause {
        let start = current.range.start
        try expect(.set)
        var items = [try parseSetItem()]
        while skip(.comma) { items.append(try parseSetItem()) }
        return SetClause(items: items, range: range(from: start))
    }

    // [16] SetItem ::= PropertyExpression '=' Expression | Variable '=' Expression
    //                | Variable '+=' Expression | Variable NodeLabels
    mutating func parseSetItem() throws(SyntaxError) -> SetItem {
        let start = current.range.start
        let target = try parseNonArithmeticOperatorExpression()
        switch target.kind {
        case .hasLabels(let subject, let labels):
            guard case .variable(let name) = subject.kind else { break }
            return SetItem(
                .labels(variable: Name(name, range: subject.range), labels: labels), range: range(from: start))
        case .property:
            try expect(.equal, "'='")
            let value = try parseExpression()
            return SetItem(.property(target: target, value: value), range: range(from: start))
        case .variable(let name):
            let variable = Name(name, range: target.range)
            if skip(.equal) {
                let value = try parseExpression()
                return SetItem(.replaceProperties(variable: variable, value: value), range: range(from: start))
            }
            if skip(.plusEqual) {
                let value = try parseExpression()
                return SetItem(.mergeProperties(variable: variable, value: value), range: range(from: start))
            }
            throw unexpected(expected: "'=', '+=', '.' or ':' after the variable")
        default:
            break
        }
        throw SyntaxError(
            .unexpectedSyntax, "expected a property, a variable or labels to set", at: target.range)
    }

    // [17] Remove ::= 'REMOVE' RemoveItem ( ',' RemoveItem )*
    mutating func parseRemove() throws(SyntaxError) -> Remove {
        let start = current.range.start
        try expect(.remove)
        var items = [try parseRemoveItem()]
        while skip(.comma) { items.append(try parseRemoveItem()) }
        return Remove(items: items, range: range(from: start))
    }

    // [18] RemoveItem ::= Variable NodeLabels | PropertyExpression
    mutating func parseRemoveItem() throws(SyntaxError) -> RemoveItem {
        let start = current.range.start
        let target = try parseNonArithmeticOperatorExpression()
        switch target.kind {
        case .hasLabels(let subject, let labels):
            if case .variable(let name) = subject.kind {
                return RemoveItem(
                    .labels(variable: Name(name, range: subject.range), labels: labels), range: range(from: start))
            }
        case .property:
            return RemoveItem(.property(target), range: range(from: start))
        default:
            break
        }
        throw SyntaxError(.unexpectedSyntax, "expected a property or labels to remove", at: target.range)
    }

    // [19] Delete ::= 'DETACH'? 'DELETE' Expression ( ',' Expression )*
    mutating func parseDelete() throws(SyntaxError) -> Delete {
        let start = current.range.start
        let detach = skip(.detach)
        try expect(.delete)
        var expressions = [try parseExpression()]
        while skip(.comma) { expressions.append(try parseExpression()) }
        return Delete(detach: detach, expressions: expressions, range: range(from: start))
    }

    // MARK: Projection

    // [20] With ::= 'WITH' ProjectionBody Where?
    mutating func parseWith() throws(SyntaxError) -> With {
        let start = current.range.start
        try expect(.with)
        let projection = try parseProjectionBody()
        let predicate = try parseWhere()
        return With(projection: projection, predicate: predicate, range: range(from: start))
    }

    // [21] Return ::= 'RETURN' ProjectionBody
    mutating func parseReturn() throws(SyntaxError) -> Return {
        let start = current.range.start
        try expect(.return_)
        let projection = try parseProjectionBody()
        return Return(projection: projection, range: range(from: start))
    }

    // [22] ProjectionBody ::= 'DISTINCT'? ProjectionItems Order? Skip? Limit?
    mutating func parseProjectionBody() throws(SyntaxError) -> Projection {
        let distinct = skip(.distinct)
        // [23] ProjectionItems ::= '*' ( ',' ProjectionItem )* | ProjectionItem ( ',' ProjectionItem )*
        var includesAll = false
        var items: [ProjectionItem] = []
        if skip(.star) {
            includesAll = true
        } else {
            items.append(try parseProjectionItem())
        }
        while skip(.comma) { items.append(try parseProjectionItem()) }
        var orderBy: [SortItem] = []
        if at(.order) {
            // [25] Order ::= 'ORDER' 'BY' SortItem ( ',' SortItem )*
            advance()
            try expect(.by)
            orderBy.append(try parseSortItem())
            while skip(.comma) { orderBy.append(try parseSortItem()) }
        }
        // [26] Skip ::= 'SKIP' Expression
        let skipCount: Expression? = skip(.skip) ? try parseExpression() : nil
        // [27] Limit ::= 'LIMIT' Expression
        let limitCount: Expression? = skip(.limit) ? try parseExpression() : nil
        return Projection(
            distinct: distinct, includesAll: includesAll, items: items, orderBy: orderBy, skip: skipCount,
            limit: limitCount)
    }

    // [24] ProjectionItem ::= Expression ( 'AS' Variable )?
    mutating func parseProjectionItem() throws(SyntaxError) -> ProjectionItem {
        let start = current.range.start
        let expression = try parseExpression()
        let text = text(of: expression.range)
        var alias: Name? = nil
        if skip(.as_) { alias = try parseVariable() }
        return ProjectionItem(expression: expression, alias: alias, text: text, range: range(from: start))
    }

    // [28] SortItem ::= Expression ( 'ASCENDING' | 'ASC' | 'DESCENDING' | 'DESC' )?
    mutating func parseSortItem() throws(SyntaxError) -> SortItem {
        let start = current.range.start
        let expression = try parseExpression()
        var direction = SortDirection.ascending
        if skip(.asc) || skip(.ascending) {
            direction = .ascending
        } else if skip(.desc) || skip(.descending) {
            direction = .descending
        }
        return SortItem(expression: expression, direction: direction, range: range(from: start))
    }
}

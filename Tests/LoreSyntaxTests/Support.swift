import LoreSyntax
import Testing

/// Parses a statement, recording an issue and returning nil on failure.
func parsed(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Statement? {
    do throws(SyntaxError) {
        return try Parser.parse(text)
    } catch {
        Issue.record("\(text)\n  \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Parses an expression, recording an issue and returning nil on failure.
func parsedExpression(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Expression? {
    do throws(SyntaxError) {
        return try Parser.parseExpression(text)
    } catch {
        Issue.record("\(text)\n  \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The error parsing `text` gives, or nil when it parses.
func syntaxError(_ text: String) -> SyntaxError? {
    do throws(SyntaxError) {
        _ = try Parser.parse(text)
        return nil
    } catch {
        return error
    }
}

/// The clauses of a single query without unions.
func clauses(_ statement: Statement?) -> [Clause] {
    guard let statement, case .query(let query) = statement.body else { return [] }
    return query.first.clauses
}

/// The only projection of `RETURN` at the end of `text`.
func returned(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Projection? {
    guard case .return(let ret)? = clauses(parsed(text, sourceLocation: sourceLocation)).last else { return nil }
    return ret.projection
}

/// Shorthands for building expected trees.
func v(_ name: String) -> Expression { Expression(.variable(name)) }
func int(_ value: Int64) -> Expression { Expression(.integer(value)) }
func str(_ value: String) -> Expression { Expression(.string(value)) }
func bin(_ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression) -> Expression {
    Expression(.binary(op, lhs, rhs))
}
func prop(_ subject: Expression, _ key: String) -> Expression { Expression(.property(subject, key: Name(key))) }
func call(_ name: String, _ arguments: Expression..., distinct: Bool = false) -> Expression {
    Expression(.functionCall(FunctionCall(name: Name(name), distinct: distinct, arguments: arguments)))
}

/// Asserts that parse, print, parse gives back an equal tree, with both printer modes.
func checkRoundTrip(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard let statement = parsed(text, sourceLocation: sourceLocation) else { return }
    for options in [Printer.Options(preservesColumnText: true), Printer.Options(preservesColumnText: false)] {
        let printed = Printer.print(statement, options: options)
        do throws(SyntaxError) {
            let again = try Parser.parse(printed)
            #expect(again == statement, "\(text)\n  printed: \(printed)", sourceLocation: sourceLocation)
            #expect(Printer.print(again, options: options) == printed, sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(text)\n  printed: \(printed)\n  \(error)", sourceLocation: sourceLocation)
        }
    }
}

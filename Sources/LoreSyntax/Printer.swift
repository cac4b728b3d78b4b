/// Turns syntax trees back into LQL text.
///
/// The output is canonical: keywords upper-case, single spaces, single-quoted
/// strings, and only the parentheses precedence needs. Parsing the output
/// gives a tree equal to the input (`==` ignores ranges). Cost: linear in the
/// size of the tree; recursion depth follows the tree's depth, which the
/// parser bounds by `Parser.maximumDepth`.
public enum Printer {
    /// Choices about the output.
    public struct Options: Sendable, Hashable {
        /// When true (the default), a `WITH`/`RETURN` item without alias is
        /// printed as its recorded source text, which keeps its column name;
        /// when false, every item's expression is printed canonically.
        public var preservesColumnText: Bool

        /// Creates options.
        public init(preservesColumnText: Bool = true) {
            self.preservesColumnText = preservesColumnText
        }
    }

    /// Prints a statement, without a trailing `;`.
    public static func print(_ statement: Statement, options: Options = Options()) -> String {
        var writer = Writer(options: options)
        writer.statement(statement)
        return writer.output
    }

    /// Prints a query.
    public static func print(_ query: Query, options: Options = Options()) -> String {
        var writer = Writer(options: options)
        writer.query(query)
        return writer.output
    }

    /// Prints a clause.
    public static func print(_ clause: Clause, options: Options = Options()) -> String {
        var writer = Writer(options: options)
        writer.clause(clause)
        return writer.output
    }

    /// Prints an expression.
    public static func print(_ expression: Expression) -> String {
        var writer = Writer(options: Options())
        writer.expression(expression)
        return writer.output
    }

    /// Prints a pattern element such as `(a)-[:T]->(b)`.
    public static func print(_ pattern: PatternElement) -> String {
        var writer = Writer(options: Options())
        writer.element(pattern)
        return writer.output
    }

    /// Quotes `name` with back-quotes when it is not a plain identifier or
    /// is a keyword; doubles back-quotes inside.
    public static func quoted(_ name: String) -> String {
        isPlainIdentifier(name) && Keyword.lookUp(Array(name.utf8)) == nil ? name : backQuoted(name)
    }

    static func backQuoted(_ name: String) -> String {
        var result = "`"
        for character in name {
            result.append(character)
            if character == "`" { result.append("`") }
        }
        return result + "`"
    }

    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isNameStart(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.properties.isXIDContinue }
    }

    /// Writes a string literal in single quotes with escapes.
    public static func stringLiteral(_ value: String) -> String {
        var result = "'"
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "'": result += "\\'"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "'"
    }
}

/// Precedence levels, loosest first, following productions [48]-[66].
private enum Level: Int, Comparable {
    case or = 1
    case xor, and, not, comparison, predicate, additive, multiplicative, power, unary, postfix, atom

    static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
}

private struct Writer {
    let options: Printer.Options
    var output = ""

    init(options: Printer.Options) {
        self.options = options
    }

    // MARK: Statements and clauses

    mutating func statement(_ statement: Statement) {
        switch statement.mode {
        case .run: break
        case .explain: output += "EXPLAIN "
        case .profile: output += "PROFILE "
        }
        switch statement.body {
        case .query(let query):
            self.query(query)
        case .createConstraint(let command):
            output += "CREATE CONSTRAINT "
            if let name = command.name { output += Printer.quoted(name.text) + " " }
            if command.ifNotExists { output += "IF NOT EXISTS " }
            output += "FOR (" + Printer.quoted(command.variable.text) + ":" + Printer.quoted(command.label.text)
            output += ") REQUIRE "
            if command.properties.count == 1 {
                expression(command.properties[0])
            } else {
                output += "("
                list(command.properties) { $0.expression($1) }
                output += ")"
            }
            output += " IS UNIQUE"
        case .dropConstraint(let command):
            output += "DROP CONSTRAINT " + Printer.quoted(command.name.text)
            if command.ifExists { output += " IF EXISTS" }
        case .showConstraints:
            output += "SHOW CONSTRAINTS"
        }
    }

    mutating func query(_ query: Query) {
        singleQuery(query.first)
        for union in query.unions {
            output += union.all ? " UNION ALL " : " UNION "
            singleQuery(union.query)
        }
    }

    mutating func singleQuery(_ query: SingleQuery) {
        for (position, clause) in query.clauses.enumerated() {
            if position > 0 { output += " " }
            self.clause(clause)
        }
    }

    mutating func clause(_ clause: Clause) {
        switch clause {
        case .match(let match):
            output += match.optional ? "OPTIONAL MATCH " : "MATCH "
            pattern(match.pattern)
            whereClause(match.predicate)
        case .unwind(let unwind):
            output += "UNWIND "
            expression(unwind.expression)
            output += " AS " + Printer.quoted(unwind.variable.text)
        case .with(let with):
            output += "WITH "
            projection(with.projection)
            whereClause(with.predicate)
        case .return(let ret):
            output += "RETURN "
            projection(ret.projection)
        case .create(let create):
            output += "CREATE "
            pattern(create.pattern)
        case .merge(let merge):
            output += "MERGE "
            patternPart(merge.pattern)
            for action in merge.actions {
                output += action.trigger == .onCreate ? " ON CREATE SET " : " ON MATCH SET "
                list(action.items) { $0.setItem($1) }
            }
        case .set(let set):
            output += "SET "
            list(set.items) { $0.setItem($1) }
        case .remove(let remove):
            output += "REMOVE "
            list(remove.items) { writer, item in
                switch item.kind {
                case .property(let target): writer.expression(target)
                case .labels(let variable, let labels): writer.labelled(variable, labels)
                }
            }
        case .delete(let delete):
            output += delete.detach ? "DETACH DELETE " : "DELETE "
            list(delete.expressions) { $0.expression($1) }
        }
    }

    mutating func whereClause(_ predicate: Expression?) {
        guard let predicate else { return }
        output += " WHERE "
        expression(predicate)
    }

    mutating func setItem(_ item: SetItem) {
        switch item.kind {
        case .property(let target, let value):
            expression(target)
            output += " = "
            expression(value)
        case .replaceProperties(let variable, let value):
            output += Printer.quoted(variable.text) + " = "
            expression(value)
        case .mergeProperties(let variable, let value):
            output += Printer.quoted(variable.text) + " += "
            expression(value)
        case .labels(let variable, let labels):
            labelled(variable, labels)
        }
    }

    mutating func labelled(_ variable: Name, _ labels: [Name]) {
        output += Printer.quoted(variable.text)
        for label in labels { output += ":" + Printer.quoted(label.text) }
    }

    mutating func projection(_ projection: Projection) {
        if projection.distinct { output += "DISTINCT " }
        if projection.includesAll {
            output += "*"
            if !projection.items.isEmpty { output += ", " }
        }
        list(projection.items) { writer, item in
            if item.alias == nil, writer.options.preservesColumnText, !item.text.isEmpty {
                writer.output += item.text
            } else {
                writer.expression(item.expression)
            }
            if let alias = item.alias { writer.output += " AS " + Printer.quoted(alias.text) }
        }
        if !projection.orderBy.isEmpty {
            output += " ORDER BY "
            list(projection.orderBy) { writer, item in
                writer.expression(item.expression)
                if item.direction == .descending { writer.output += " DESC" }
            }
        }
        if let skip = projection.skip {
            output += " SKIP "
            expression(skip)
        }
        if let limit = projection.limit {
            output += " LIMIT "
            expression(limit)
        }
    }

    mutating func list<T>(_ items: [T], _ write: (inout Writer, T) -> Void) {
        for (position, item) in items.enumerated() {
            if position > 0 { output += ", " }
            write(&self, item)
        }
    }

    // MARK: Patterns

    mutating func pattern(_ parts: [PatternPart]) {
        list(parts) { $0.patternPart($1) }
    }

    mutating func patternPart(_ part: PatternPart) {
        if let variable = part.variable { output += Printer.quoted(variable.text) + " = " }
        element(part.element)
    }

    mutating func element(_ element: PatternElement) {
        node(element.start)
        for link in element.links {
            relationship(link.relationship)
            node(link.node)
        }
    }

    mutating func node(_ node: NodePattern) {
        output += "("
        if let variable = node.variable { output += Printer.quoted(variable.text) }
        for label in node.labels { output += ":" + Printer.quoted(label.text) }
        if let properties = node.properties {
            if node.variable != nil || !node.labels.isEmpty { output += " " }
            expression(properties)
        }
        output += ")"
    }

    mutating func relationship(_ relationship: RelationshipPattern) {
        output += relationship.direction == .incoming ? "<-" : "-"
        let hasDetail =
            relationship.variable != nil || !relationship.types.isEmpty || relationship.length != nil
            || relationship.properties != nil
        if hasDetail {
            output += "["
            if let variable = relationship.variable { output += Printer.quoted(variable.text) }
            for (position, type) in relationship.types.enumerated() {
                output += (position == 0 ? ":" : "|") + Printer.quoted(type.text)
            }
            if let length = relationship.length {
                output += "*"
                switch (length.minimum, length.maximum) {
                case (nil, nil): break
                case (let low?, let high?) where low == high: output += "\(low)"
                case (let low, let high):
                    if let low { output += "\(low)" }
                    output += ".."
                    if let high { output += "\(high)" }
                }
            }
            if let properties = relationship.properties {
                if relationship.variable != nil || !relationship.types.isEmpty || relationship.length != nil {
                    output += " "
                }
                expression(properties)
            }
            output += "]"
        }
        output += relationship.direction == .outgoing ? "->" : "-"
    }

    // MARK: Expressions

    mutating func expression(_ expression: Expression) {
        self.expression(expression, atLeast: .or)
    }

    private func level(of expression: Expression) -> Level {
        switch expression.kind {
        case .or: return .or
        case .xor: return .xor
        case .and: return .and
        case .unary(.not, _): return .not
        case .unary: return .unary
        case .comparisonChain: return .comparison
        case .binary(let op, _, _):
            switch op {
            case .equal, .notEqual, .less, .greater, .lessOrEqual, .greaterOrEqual: return .comparison
            case .regexMatch, .in, .startsWith, .endsWith, .contains: return .predicate
            case .add, .subtract: return .additive
            case .multiply, .divide, .modulo: return .multiplicative
            case .power: return .power
            }
        case .isNull: return .predicate
        case .integer(let value): return value < 0 ? .unary : .atom
        case .float(let value): return value.sign == .minus ? .unary : .atom
        case .property, .index, .slice, .hasLabels: return .postfix
        // A pattern used as an operand is parenthesized: `(a)-->(b) - 1`
        // would read on as a longer pattern.
        case .pattern: return .or
        default: return .atom
        }
    }

    private mutating func expression(_ expression: Expression, atLeast minimum: Level) {
        let parenthesize = level(of: expression) < minimum
        if parenthesize { output += "(" }
        write(expression)
        if parenthesize { output += ")" }
    }

    private mutating func operands(_ operands: [Expression], _ separator: String, _ minimum: Level) {
        for (position, operand) in operands.enumerated() {
            if position > 0 { output += separator }
            expression(operand, atLeast: minimum)
        }
    }

    private mutating func postfixSubject(_ subject: Expression) {
        if case .hasLabels = subject.kind {
            output += "("
            write(subject)
            output += ")"
        } else {
            expression(subject, atLeast: .postfix)
        }
    }

    private mutating func write(_ expression: Expression) {
        switch expression.kind {
        case .null: output += "null"
        case .boolean(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .float(let value): output += floatText(value)
        case .string(let value): output += Printer.stringLiteral(value)
        case .parameter(.named(let name)): output += "$" + Printer.quoted(name)
        case .parameter(.positional(let position)): output += "$\(position)"
        case .variable(let name): output += Printer.quoted(name)
        case .list(let elements):
            output += "["
            list(elements) { $0.expression($1) }
            output += "]"
        case .map(let entries):
            output += "{"
            list(entries) { writer, entry in
                writer.output += Printer.quoted(entry.key.text) + ": "
                writer.expression(entry.value)
            }
            output += "}"
        case .property(let subject, let key):
            postfixSubject(subject)
            output += "." + Printer.quoted(key.text)
        case .hasLabels(let subject, let labels):
            postfixSubject(subject)
            for label in labels { output += ":" + Printer.quoted(label.text) }
        case .index(let subject, let index):
            postfixSubject(subject)
            output += "["
            self.expression(index)
            output += "]"
        case .slice(let subject, let from, let to):
            postfixSubject(subject)
            output += "["
            if let from { self.expression(from) }
            output += ".."
            if let to { self.expression(to) }
            output += "]"
        case .unary(.not, let operand):
            output += "NOT "
            self.expression(operand, atLeast: .not)
        case .unary(let op, let operand):
            output += op.rawValue
            switch operand.kind {
            case .integer, .float:
                output += "("
                write(operand)
                output += ")"
            default:
                self.expression(operand, atLeast: .unary)
            }
        case .binary(let op, let lhs, let rhs):
            let level = level(of: expression)
            switch level {
            case .comparison:
                self.expression(lhs, atLeast: .predicate)
                output += " \(op.rawValue) "
                self.expression(rhs, atLeast: .predicate)
            default:
                let next = Level(rawValue: level.rawValue + 1) ?? .atom
                // '^' is left-associative like the others (production [60]).
                self.expression(lhs, atLeast: level)
                output += " \(op.rawValue) "
                self.expression(rhs, atLeast: next)
            }
        case .comparisonChain(let first, let links):
            self.expression(first, atLeast: .predicate)
            for link in links {
                output += " \(link.operator.rawValue) "
                self.expression(link.operand, atLeast: .predicate)
            }
        case .and(let list): operands(list, " AND ", .not)
        case .or(let list): operands(list, " OR ", .xor)
        case .xor(let list): operands(list, " XOR ", .and)
        case .isNull(let operand, let negated):
            self.expression(operand, atLeast: .predicate)
            output += negated ? " IS NOT NULL" : " IS NULL"
        case .functionCall(let call):
            for part in call.namespace { output += functionNamePart(part.text) + "." }
            output += functionNamePart(call.name.text) + "("
            if call.distinct { output += "DISTINCT " }
            list(call.arguments) { $0.expression($1) }
            output += ")"
        case .countStar:
            output += "count(*)"
        case .caseExpression(let caseExpression):
            output += "CASE"
            if let subject = caseExpression.subject {
                output += " "
                self.expression(subject)
            }
            for alternative in caseExpression.alternatives {
                output += " WHEN "
                self.expression(alternative.when)
                output += " THEN "
                self.expression(alternative.then)
            }
            if let otherwise = caseExpression.otherwise {
                output += " ELSE "
                self.expression(otherwise)
            }
            output += " END"
        case .listComprehension(let comprehension):
            output += "[" + Printer.quoted(comprehension.variable.text) + " IN "
            self.expression(comprehension.source)
            if let predicate = comprehension.predicate {
                output += " WHERE "
                self.expression(predicate)
            }
            if let projection = comprehension.projection {
                output += " | "
                self.expression(projection)
            }
            output += "]"
        case .patternComprehension(let comprehension):
            output += "["
            if let variable = comprehension.variable { output += Printer.quoted(variable.text) + " = " }
            element(comprehension.pattern)
            if let predicate = comprehension.predicate {
                output += " WHERE "
                self.expression(predicate)
            }
            output += " | "
            self.expression(comprehension.projection)
            output += "]"
        case .quantifier(let quantifier):
            output += quantifier.kind.rawValue + "(" + Printer.quoted(quantifier.variable.text) + " IN "
            self.expression(quantifier.source)
            if let predicate = quantifier.predicate {
                output += " WHERE "
                self.expression(predicate)
            }
            output += ")"
        case .pattern(let pattern):
            element(pattern)
        }
    }

    /// Function names stay unquoted unless they are not plain identifiers or
    /// are reserved words other than `exists`.
    private func functionNamePart(_ name: String) -> String {
        guard Printer.isPlainIdentifier(name) else { return Printer.backQuoted(name) }
        if let keyword = Keyword.lookUp(Array(name.utf8)),
            keyword.isReserved || [.any, .none, .single].contains(keyword),
            keyword != .exists
        {
            return Printer.backQuoted(name)
        }
        return name
    }

    private func floatText(_ value: Double) -> String {
        // Swift prints the shortest text that reads back to the same value.
        var text = value.description
        if !text.contains(".") && !text.contains("e") { text += ".0" }
        return text
    }
}

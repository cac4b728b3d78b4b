import LoreSyntax
import Testing

/// A small, seeded generator of LQL sentences. Each function mirrors one
/// production of Grammar/LQL.ebnf (named in its comment) and writes tokens
/// separated by spaces; `budget` bounds the nesting.
struct SentenceGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    // SplitMix64: small, fast and reproducible.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    private mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    private mutating func pick(_ options: [String]) -> String { options[below(options.count)] }

    /// A keyword in a random letter case.
    private mutating func kw(_ word: String) -> String {
        switch below(4) {
        case 0: return word.lowercased()
        case 1: return word.prefix(1) + word.dropFirst().lowercased()
        default: return word
        }
    }

    private mutating func joined(_ count: Int, _ separator: String, _ make: (inout SentenceGenerator) -> String)
        -> String
    {
        (0..<count).map { _ in make(&self) }.joined(separator: separator)
    }

    // [1] Statement
    mutating func statement() -> String {
        var text = ""
        if chance(10) { text += kw(pick(["EXPLAIN", "PROFILE"])) + " " }
        text += chance(5) ? schemaCommand() : query()
        if chance(30) { text += " ;" }
        return text
    }

    // [29] SchemaCommand
    mutating func schemaCommand() -> String {
        switch below(3) {
        case 0:
            // [30] CreateConstraint, [31] ConstraintProperties
            let name = chance(50) ? symbolicName() + " " : ""
            let ifNotExists = chance(50) ? kw("IF") + " " + kw("NOT") + " " + kw("EXISTS") + " " : ""
            let properties = chance(70) ? "n.key" : "( n.a , n.b )"
            return kw("CREATE") + " " + kw("CONSTRAINT") + " " + name + ifNotExists + kw("FOR")
                + " ( n : " + schemaName() + " ) " + kw("REQUIRE") + " " + properties + " " + kw("IS") + " "
                + kw("UNIQUE")
        case 1:
            // [32] DropConstraint
            return kw("DROP") + " " + kw("CONSTRAINT") + " " + symbolicName()
                + (chance(50) ? " " + kw("IF") + " " + kw("EXISTS") : "")
        default:
            // [33] ShowConstraints
            return kw("SHOW") + " " + kw("CONSTRAINTS")
        }
    }

    // [2] Query, [3] Union
    mutating func query() -> String {
        var text = singleQuery()
        if chance(15) {
            let all = chance(50)
            for _ in 0..<(1 + below(2)) {
                text += " " + kw("UNION") + (all ? " " + kw("ALL") : "") + " " + singleQuery()
            }
        }
        return text
    }

    // [4] SingleQuery, [6] MultiPartQuery
    mutating func singleQuery() -> String {
        var parts: [String] = []
        for _ in 0..<below(3) {
            parts += (0..<below(2)).map { _ in readingClause() }
            parts += (0..<below(2)).map { _ in updatingClause() }
            parts.append(with())
        }
        parts.append(singlePartQuery())
        return parts.joined(separator: " ")
    }

    // [5] SinglePartQuery
    mutating func singlePartQuery() -> String {
        var parts = (0..<below(3)).map { _ in readingClause() }
        if chance(50) {
            parts.append(ret())
        } else {
            parts += (0..<(1 + below(2))).map { _ in updatingClause() }
            if chance(50) { parts.append(ret()) }
        }
        return parts.joined(separator: " ")
    }

    // [7] ReadingClause
    mutating func readingClause() -> String {
        if chance(70) {
            // [9] Match, [11] Where
            return (chance(30) ? kw("OPTIONAL") + " " : "") + kw("MATCH") + " " + pattern() + whereClause()
        }
        // [10] Unwind
        return kw("UNWIND") + " " + expression(2) + " " + kw("AS") + " " + variable()
    }

    mutating func whereClause() -> String {
        chance(50) ? " " + kw("WHERE") + " " + expression(3) : ""
    }

    // [8] UpdatingClause
    mutating func updatingClause() -> String {
        switch below(5) {
        case 0:
            // [12] Create
            return kw("CREATE") + " " + pattern()
        case 1:
            // [13] Merge, [14] MergeAction
            var text = kw("MERGE") + " " + patternPart()
            for _ in 0..<below(3) {
                text += " " + kw("ON") + " " + kw(pick(["MATCH", "CREATE"])) + " " + set()
            }
            return text
        case 2:
            return set()
        case 3:
            // [17] Remove, [18] RemoveItem
            return kw("REMOVE") + " "
                + joined(1 + below(2), " , ") { generator in
                    generator.chance(50)
                        ? generator.variable() + generator.nodeLabels() : generator.propertyExpression()
                }
        default:
            // [19] Delete
            return (chance(50) ? kw("DETACH") + " " : "") + kw("DELETE") + " "
                + joined(1 + below(2), " , ") { $0.expression(1) }
        }
    }

    // [15] Set, [16] SetItem
    mutating func set() -> String {
        kw("SET") + " "
            + joined(1 + below(2), " , ") { generator in
                switch generator.below(4) {
                case 0: return generator.propertyExpression() + " = " + generator.expression(2)
                case 1: return generator.variable() + " = " + generator.mapLiteral(1)
                case 2: return generator.variable() + " += " + generator.mapLiteral(1)
                default: return generator.variable() + generator.nodeLabels()
                }
            }
    }

    // [20] With
    mutating func with() -> String {
        kw("WITH") + " " + projectionBody() + whereClause()
    }

    // [21] Return
    mutating func ret() -> String {
        kw("RETURN") + " " + projectionBody()
    }

    // [22] ProjectionBody, [23] ProjectionItems, [25] Order, [26] Skip, [27] Limit
    mutating func projectionBody() -> String {
        var text = chance(20) ? kw("DISTINCT") + " " : ""
        if chance(15) {
            text += "*" + (chance(50) ? " , " + projectionItem() : "")
        } else {
            text += joined(1 + below(3), " , ") { $0.projectionItem() }
        }
        if chance(30) {
            text +=
                " " + kw("ORDER") + " " + kw("BY") + " "
                + joined(1 + below(2), " , ") { generator in
                    // [28] SortItem
                    generator.expression(2)
                        + (generator.chance(50)
                            ? " " + generator.kw(generator.pick(["ASC", "ASCENDING", "DESC", "DESCENDING"])) : "")
                }
        }
        if chance(20) { text += " " + kw("SKIP") + " " + pick(["1", "$skip", "0x2"]) }
        if chance(20) { text += " " + kw("LIMIT") + " " + pick(["10", "$limit", "1 + 1"]) }
        return text
    }

    // [24] ProjectionItem
    mutating func projectionItem() -> String {
        expression(3) + (chance(50) ? " " + kw("AS") + " " + variable() : "")
    }

    // [34] Pattern
    mutating func pattern() -> String {
        joined(1 + below(2), " , ") { $0.patternPart() }
    }

    // [35] PatternPart
    mutating func patternPart() -> String {
        (chance(20) ? variable() + " = " : "") + patternElement(links: below(3))
    }

    // [36] PatternElement, [37] RelationshipsPattern, [38] PatternElementChain
    mutating func patternElement(links: Int) -> String {
        var text = nodePattern()
        for _ in 0..<links { text += " " + relationshipPattern() + " " + nodePattern() }
        return text
    }

    // [39] NodePattern
    mutating func nodePattern() -> String {
        var text = "( "
        if chance(70) { text += variable() }
        if chance(40) { text += nodeLabels() }
        if chance(20) { text += " " + properties() }
        return text + " )"
    }

    // [42] Properties
    mutating func properties() -> String {
        chance(80) ? mapLiteral(1) : parameter()
    }

    // [44] NodeLabels, [45] NodeLabel
    mutating func nodeLabels() -> String {
        joined(1 + below(2), "") { " : " + $0.schemaName() }
    }

    // [40] RelationshipPattern, [41] RelationshipDetail
    mutating func relationshipPattern() -> String {
        var detail = ""
        if chance(70) {
            detail = "[ "
            if chance(60) { detail += variable() }
            if chance(60) {
                // [43] RelationshipTypes
                detail += " : " + schemaName()
                for _ in 0..<below(3) { detail += " |" + (chance(30) ? " :" : "") + " " + schemaName() }
            }
            if chance(30) { detail += " " + rangeLiteral() }
            if chance(20) { detail += " " + properties() }
            detail += " ]"
        }
        switch below(4) {
        case 0: return "< - " + detail + " -"
        case 1: return "- " + detail + " - >"
        case 2: return "- " + detail + " -"
        default: return "< - " + detail + " - >"
        }
    }

    // [46] RangeLiteral
    mutating func rangeLiteral() -> String {
        switch below(5) {
        case 0: return "*"
        case 1: return "* \(below(4))"
        case 2: return "* \(below(3)) .. \(3 + below(3))"
        case 3: return "* .. \(1 + below(3))"
        default: return "* \(below(3)) .."
        }
    }

    // [47] Expression, [48]-[50]: the boolean connectives
    mutating func expression(_ budget: Int) -> String {
        guard budget > 0, chance(40) else { return notExpression(budget) }
        let separator = " " + kw(pick(["OR", "XOR", "AND"])) + " "
        return joined(2 + below(2), separator) { $0.notExpression(budget - 1) }
    }

    // [51] NotExpression
    mutating func notExpression(_ budget: Int) -> String {
        String(repeating: kw("NOT") + " ", count: chance(15) ? 1 + below(2) : 0) + comparison(budget)
    }

    // [52] ComparisonExpression, [53] PartialComparisonExpression
    mutating func comparison(_ budget: Int) -> String {
        var text = predicate(budget)
        if budget > 0, chance(30) {
            for _ in 0..<(1 + below(2)) {
                text += " " + pick(["=", "<>", "<", ">", "<=", ">="]) + " " + predicate(budget - 1)
            }
        }
        return text
    }

    // [54] StringListNullPredicateExpression, [55]-[57]
    mutating func predicate(_ budget: Int) -> String {
        var text = additive(budget)
        if budget > 0, chance(25) {
            switch below(6) {
            case 0: text += " " + kw("STARTS") + " " + kw("WITH") + " " + additive(budget - 1)
            case 1: text += " " + kw("ENDS") + " " + kw("WITH") + " " + additive(budget - 1)
            case 2: text += " " + kw("CONTAINS") + " " + additive(budget - 1)
            case 3: text += " =~ " + additive(budget - 1)
            case 4: text += " " + kw("IN") + " " + additive(budget - 1)
            default: text += " " + kw("IS") + (chance(50) ? " " + kw("NOT") : "") + " " + kw("NULL")
            }
        }
        return text
    }

    // [58] AddOrSubtractExpression, [59] MultiplyDivideModuloExpression, [60] PowerOfExpression
    mutating func additive(_ budget: Int) -> String {
        guard budget > 0, chance(35) else { return unary(budget) }
        var text = unary(budget - 1)
        for _ in 0..<(1 + below(2)) {
            text += " " + pick(["+", "-", "*", "/", "%", "^"]) + " " + unary(budget - 1)
        }
        return text
    }

    // [61] UnaryAddOrSubtractExpression
    mutating func unary(_ budget: Int) -> String {
        String(repeating: pick(["-", "+"]) + " ", count: chance(15) ? 1 + below(2) : 0) + nonArithmetic(budget)
    }

    // [62] NonArithmeticOperatorExpression, [63] ListOperatorExpression, [64] PropertyLookup
    mutating func nonArithmetic(_ budget: Int) -> String {
        var text = atom(budget)
        if budget > 0 {
            for _ in 0..<(chance(30) ? 1 + below(2) : 0) {
                switch below(4) {
                case 0: text += " . " + schemaName()
                case 1: text += " [ " + expression(budget - 1) + " ]"
                case 2: text += " [ " + expression(budget - 1) + " .. " + expression(budget - 1) + " ]"
                default: text += " [ .. " + expression(budget - 1) + " ]"
                }
            }
            if chance(10) { text += nodeLabels() }
        }
        return text
    }

    // [65] PropertyExpression
    mutating func propertyExpression() -> String {
        variable() + joined(1 + below(2), "") { " . " + $0.schemaName() }
    }

    // [66] Atom
    mutating func atom(_ budget: Int) -> String {
        guard budget > 0 else { return chance(50) ? literal(0) : variable() }
        switch below(14) {
        case 0, 1: return literal(budget)
        case 2: return parameter()
        case 3:
            // [71] CaseExpression, [72] CaseAlternative
            var text = kw("CASE") + (chance(50) ? " " + expression(budget - 1) : "")
            for _ in 0..<(1 + below(2)) {
                text +=
                    " " + kw("WHEN") + " " + expression(budget - 1) + " " + kw("THEN") + " " + expression(budget - 1)
            }
            if chance(50) { text += " " + kw("ELSE") + " " + expression(budget - 1) }
            return text + " " + kw("END")
        case 4:
            // [83] CountStar
            return kw("COUNT") + " ( * )"
        case 5:
            // [73] ListComprehension
            return "[ " + filterExpression(budget - 1) + (chance(50) ? " | " + expression(budget - 1) : "") + " ]"
        case 6:
            // [74] PatternComprehension
            return "[ " + (chance(30) ? variable() + " = " : "") + patternElement(links: 1 + below(2))
                + whereClause() + " | " + expression(budget - 1) + " ]"
        case 7:
            // [75] Quantifier
            return kw(pick(["ALL", "ANY", "NONE", "SINGLE"])) + " ( " + filterExpression(budget - 1) + " )"
        case 8:
            // [37] RelationshipsPattern, inside parentheses so that a following '-' or '<' stays an operator
            return "( " + patternElement(links: 1 + below(2)) + " )"
        case 9:
            // [78] ParenthesizedExpression
            return "( " + expression(budget - 1) + " )"
        case 10:
            // [79] FunctionInvocation, [80] FunctionName, [81] Namespace
            let name = pick(["toUpper", "coalesce", "date.truncate", "exists", "`odd fn`", "a.b.c"])
            let arguments = joined(below(3), " , ") { $0.expression(budget - 1) }
            return name + " ( " + (chance(20) && !arguments.isEmpty ? kw("DISTINCT") + " " : "") + arguments + " )"
        default:
            return variable()
        }
    }

    // [76] FilterExpression, [77] IdInColl
    mutating func filterExpression(_ budget: Int) -> String {
        variable() + " " + kw("IN") + " " + expression(budget)
            + (budget > 0 && chance(50) ? " " + kw("WHERE") + " " + expression(budget - 1) : "")
    }

    // [67] Literal, [68] BooleanLiteral, [69] ListLiteral
    mutating func literal(_ budget: Int) -> String {
        switch below(budget > 0 ? 9 : 7) {
        case 0: return pick(["0", "1", "42", "9223372036854775807", "0x7F", "0o17"])
        case 1: return pick(["1.5", ".5", "1e10", "2.5E-3", "0.0"])
        case 2: return pick(["'text'", "\"dq\"", "'it\\'s'", "'\\u00E9\\n'", "''"])
        case 3: return kw(pick(["TRUE", "FALSE"]))
        case 4: return kw("NULL")
        case 5: return "( - 9223372036854775808 )"
        case 6: return "[ ]"
        case 7:
            // Parentheses keep `[x IN l, ...]` from reading as a comprehension.
            return "[ " + joined(1 + below(3), " , ") { "( " + $0.expression(budget - 1) + " )" } + " ]"
        default: return mapLiteral(budget)
        }
    }

    // [70] MapLiteral
    mutating func mapLiteral(_ budget: Int) -> String {
        "{ "
            + joined(below(3), " , ") { generator in
                generator.schemaName() + " : " + generator.expression(max(0, budget - 1))
            } + " }"
    }

    // [82] Parameter
    mutating func parameter() -> String { pick(["$p", "$0", "$`odd param`", "$limit"]) }

    // [84] Variable, [89] SymbolicName
    mutating func variable() -> String { pick(["n", "m", "x1", "`weird name`", "count", "café", "_y"]) }
    mutating func symbolicName() -> String { pick(["c1", "`my constraint`", "key_unique"]) }

    // [85]-[88] PropertyKeyName, LabelName, RelTypeName, SchemaName (reserved words allowed)
    mutating func schemaName() -> String { pick(["name", "Person", "KNOWS", "`odd name`", "MATCH", "where", "end"]) }
}

@Suite("sentences generated from the grammar")
struct GeneratorTests {
    @Test("generated sentences parse and round-trip", arguments: [1, 2, 3, 4] as [UInt64])
    func generatedSentences(seed: UInt64) {
        var generator = SentenceGenerator(seed: seed)
        for _ in 0..<400 {
            checkRoundTrip(generator.statement())
        }
    }
}

/// A name as written in the text: a variable, label, relationship type,
/// property key or map key. Back-quotes are removed.
public struct Name: Sendable, Hashable, CustomStringConvertible {
    /// The name without quotes.
    public var text: String
    /// Where the name is written (quotes included).
    @SourceDetail public var range: SourceRange

    /// Creates a name.
    public init(_ text: String, range: SourceRange = .none) {
        self.text = text
        self.range = range
    }

    /// The name without quotes.
    public var description: String { text }
}

/// An expression of LQL, with the range of text it was parsed from.
///
/// Equality compares meaning only: ranges and spacing take no part (see
/// `SourceDetail`). Trees from the parser are never deeper than
/// `Parser.maximumDepth`, so a recursive walk over them is safe.
public struct Expression: Sendable, Hashable {
    /// What the expression is.
    public var kind: Kind
    /// Where the expression is written.
    @SourceDetail public var range: SourceRange

    /// Creates an expression.
    public init(_ kind: Kind, range: SourceRange = .none) {
        self.kind = kind
        self.range = range
    }

    /// The kinds of expression, following openCypher's `Expression` productions.
    public indirect enum Kind: Sendable, Hashable {
        /// `null`
        case null
        /// `true` or `false`
        case boolean(Bool)
        /// An integer literal; `-9223372036854775808` is read as one literal.
        case integer(Int64)
        /// A float literal.
        case float(Double)
        /// A string literal, decoded.
        case string(String)
        /// `$name` or `$0`.
        case parameter(Parameter)
        /// A variable reference.
        case variable(String)
        /// `[a, b, c]`
        case list([Expression])
        /// `{key: value, ...}`, keys in written order.
        case map([MapEntry])
        /// `subject.key`
        case property(Expression, key: Name)
        /// `subject:Label:Other`, a label predicate.
        case hasLabels(Expression, labels: [Name])
        /// `subject[index]`
        case index(Expression, Expression)
        /// `subject[from..to]`; either bound may be absent.
        case slice(Expression, from: Expression?, to: Expression?)
        /// `NOT e`, `-e`, `+e`.
        case unary(UnaryOperator, Expression)
        /// A binary operator other than the boolean connectives.
        case binary(BinaryOperator, Expression, Expression)
        /// Two or more comparisons in a row, `a < b <= c`, meaning
        /// `a < b AND b <= c` with `b` evaluated once. A single comparison is
        /// a `.binary`.
        case comparisonChain(Expression, [ComparisonLink])
        /// `a AND b AND ...`, two or more operands, left to right.
        case and([Expression])
        /// `a OR b OR ...`, two or more operands.
        case or([Expression])
        /// `a XOR b XOR ...`, two or more operands.
        case xor([Expression])
        /// `e IS NULL` (`negated` false) or `e IS NOT NULL`.
        case isNull(Expression, negated: Bool)
        /// A function call, `f(x)`, `count(DISTINCT x)`, `date.truncate(...)`.
        case functionCall(FunctionCall)
        /// `count(*)`
        case countStar
        /// `CASE ... END`
        case caseExpression(CaseExpression)
        /// `[x IN list WHERE p | e]`
        case listComprehension(ListComprehension)
        /// `[p = (a)-->(b) WHERE q | e]`
        case patternComprehension(PatternComprehension)
        /// `all(x IN list WHERE p)` and its kin.
        case quantifier(Quantifier)
        /// A relationship pattern used as a predicate, `(a)-[:T]->()`.
        case pattern(PatternElement)
    }
}

/// A parameter reference.
public enum Parameter: Sendable, Hashable {
    /// `$name`
    case named(String)
    /// `$0`, `$1`, ...
    case positional(Int)
}

/// One `key: value` entry of a map literal.
public struct MapEntry: Sendable, Hashable {
    /// The key.
    public var key: Name
    /// The value.
    public var value: Expression

    /// Creates an entry.
    public init(key: Name, value: Expression) {
        self.key = key
        self.value = value
    }
}

/// Prefix operators.
public enum UnaryOperator: String, Sendable, Hashable {
    /// `NOT`
    case not = "NOT"
    /// `-`
    case minus = "-"
    /// `+`
    case plus = "+"
}

/// Binary operators; the boolean connectives are n-ary kinds of their own.
public enum BinaryOperator: String, Sendable, Hashable {
    /// `+`
    case add = "+"
    /// `-`
    case subtract = "-"
    /// `*`
    case multiply = "*"
    /// `/`
    case divide = "/"
    /// `%`
    case modulo = "%"
    /// `^`
    case power = "^"
    /// `=`
    case equal = "="
    /// `<>`
    case notEqual = "<>"
    /// `<`
    case less = "<"
    /// `>`
    case greater = ">"
    /// `<=`
    case lessOrEqual = "<="
    /// `>=`
    case greaterOrEqual = ">="
    /// `=~`, a regular expression match.
    case regexMatch = "=~"
    /// `IN`
    case `in` = "IN"
    /// `STARTS WITH`
    case startsWith = "STARTS WITH"
    /// `ENDS WITH`
    case endsWith = "ENDS WITH"
    /// `CONTAINS`
    case contains = "CONTAINS"

    /// True for `=`, `<>`, `<`, `>`, `<=`, `>=`, the operators that chain.
    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .greater, .lessOrEqual, .greaterOrEqual: return true
        default: return false
        }
    }
}

/// One further step of a comparison chain: the operator and its right operand.
public struct ComparisonLink: Sendable, Hashable {
    /// A comparison operator (`BinaryOperator.isComparison`).
    public var `operator`: BinaryOperator
    /// The right operand.
    public var operand: Expression

    /// Creates a link.
    public init(operator: BinaryOperator, operand: Expression) {
        self.operator = `operator`
        self.operand = operand
    }
}

/// A function call.
public struct FunctionCall: Sendable, Hashable {
    /// The namespace parts, `["date"]` in `date.truncate(...)`; usually empty.
    public var namespace: [Name]
    /// The function's own name, as written (function names are case-insensitive).
    public var name: Name
    /// True for `f(DISTINCT x)`.
    public var distinct: Bool
    /// The arguments in order.
    public var arguments: [Expression]

    /// Creates a call.
    public init(namespace: [Name] = [], name: Name, distinct: Bool = false, arguments: [Expression]) {
        self.namespace = namespace
        self.name = name
        self.distinct = distinct
        self.arguments = arguments
    }

    /// The dotted name, `date.truncate`.
    public var qualifiedName: String {
        (namespace.map(\.text) + [name.text]).joined(separator: ".")
    }
}

/// `CASE [subject] WHEN ... THEN ... [ELSE ...] END`.
public struct CaseExpression: Sendable, Hashable {
    /// The value compared against each `WHEN` (simple form); nil in the generic form.
    public var subject: Expression?
    /// The `WHEN ... THEN ...` pairs in order; at least one.
    public var alternatives: [CaseAlternative]
    /// The `ELSE` value.
    public var otherwise: Expression?

    /// Creates a case expression.
    public init(subject: Expression?, alternatives: [CaseAlternative], otherwise: Expression?) {
        self.subject = subject
        self.alternatives = alternatives
        self.otherwise = otherwise
    }
}

/// One `WHEN condition THEN result` of a `CASE`.
public struct CaseAlternative: Sendable, Hashable {
    /// The condition (generic form) or the value to compare with (simple form).
    public var when: Expression
    /// The result.
    public var then: Expression

    /// Creates an alternative.
    public init(when: Expression, then: Expression) {
        self.when = when
        self.then = then
    }
}

/// `[variable IN source WHERE predicate | projection]`.
public struct ListComprehension: Sendable, Hashable {
    /// The element variable.
    public var variable: Name
    /// The list iterated.
    public var source: Expression
    /// The filter, if any.
    public var predicate: Expression?
    /// The mapped value, if any; without it the elements are kept.
    public var projection: Expression?

    /// Creates a list comprehension.
    public init(variable: Name, source: Expression, predicate: Expression?, projection: Expression?) {
        self.variable = variable
        self.source = source
        self.predicate = predicate
        self.projection = projection
    }
}

/// `[path = pattern WHERE predicate | projection]`.
public struct PatternComprehension: Sendable, Hashable {
    /// The path variable, if any.
    public var variable: Name?
    /// The pattern; it has at least one relationship.
    public var pattern: PatternElement
    /// The filter, if any.
    public var predicate: Expression?
    /// The value collected for each match.
    public var projection: Expression

    /// Creates a pattern comprehension.
    public init(variable: Name?, pattern: PatternElement, predicate: Expression?, projection: Expression) {
        self.variable = variable
        self.pattern = pattern
        self.predicate = predicate
        self.projection = projection
    }
}

/// `all(...)`, `any(...)`, `none(...)` or `single(...)` over a list.
public struct Quantifier: Sendable, Hashable {
    /// Which quantifier.
    public enum Kind: String, Sendable, Hashable {
        /// Every element satisfies the predicate.
        case all
        /// At least one element does.
        case any
        /// No element does.
        case none
        /// Exactly one element does.
        case single
    }

    /// Which quantifier.
    public var kind: Kind
    /// The element variable.
    public var variable: Name
    /// The list.
    public var source: Expression
    /// The predicate; openCypher lets it be absent.
    public var predicate: Expression?

    /// Creates a quantifier.
    public init(kind: Kind, variable: Name, source: Expression, predicate: Expression?) {
        self.kind = kind
        self.variable = variable
        self.source = source
        self.predicate = predicate
    }
}

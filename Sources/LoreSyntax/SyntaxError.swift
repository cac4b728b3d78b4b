/// An error found while reading LQL text: the lexer or the parser met text
/// that is not in the language, or a construct LQL does not support.
///
/// `code` is stable and names the openCypher TCK detail code where one
/// applies, so that tests and callers can match on it; `message` is for
/// people and may change.
public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier for the kind of problem.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's name, e.g. `UnexpectedSyntax`.
        public var rawValue: String
        /// Wraps a name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The name.
        public var description: String { rawValue }

        /// The text does not fit the grammar at this point.
        public static let unexpectedSyntax = Code(rawValue: "UnexpectedSyntax")
        /// A number is malformed (`0x`, `12abc`).
        public static let invalidNumberLiteral = Code(rawValue: "InvalidNumberLiteral")
        /// An integer literal does not fit in 64 bits.
        public static let integerOverflow = Code(rawValue: "IntegerOverflow")
        /// A float literal is too large for a 64-bit float.
        public static let floatingPointOverflow = Code(rawValue: "FloatingPointOverflow")
        /// A `\u` escape is malformed or names no Unicode scalar.
        public static let invalidUnicodeLiteral = Code(rawValue: "InvalidUnicodeLiteral")
        /// A character outside strings and names is not part of the language.
        public static let invalidUnicodeCharacter = Code(rawValue: "InvalidUnicodeCharacter")
        /// A relationship pattern is malformed (`[:T..]`, `[*-2]`).
        public static let invalidRelationshipPattern = Code(rawValue: "InvalidRelationshipPattern")
        /// A parameter stands where parameters are not allowed.
        public static let invalidParameterUse = Code(rawValue: "InvalidParameterUse")
        /// Clauses appear in an order the grammar does not allow.
        public static let invalidClauseComposition = Code(rawValue: "InvalidClauseComposition")
        /// Expressions are nested deeper than `Parser.maximumDepth`.
        public static let nestedTooDeeply = Code(rawValue: "NestedTooDeeply")
        /// The construct is valid openCypher but outside LQL's subset.
        public static let unsupportedConstruct = Code(rawValue: "UnsupportedConstruct")
    }

    /// What went wrong, stable across releases.
    public var code: Code
    /// A sentence for people: what was expected and what was found.
    public var message: String
    /// Where in the text the problem is.
    public var range: SourceRange

    /// Creates an error.
    public init(_ code: Code, _ message: String, at range: SourceRange) {
        self.code = code
        self.message = message
        self.range = range
    }

    /// `line:column: Code: message`.
    public var description: String { "\(range.start): \(code): \(message)" }
}

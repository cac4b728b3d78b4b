import LoreSyntax
import Testing

@Suite("lexer")
struct LexerTests {
    func kinds(_ text: String) throws -> [TokenKind] {
        try Lexer.tokenize(text).map(\.kind)
    }

    @Test("punctuation and operators")
    func punctuation() throws {
        #expect(
            try kinds("( ) [ ] { } , . .. : | ; + - * / % ^ = <> < > <= >= =~ +=")
                == [
                    .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace, .comma, .dot,
                    .dotDot, .colon, .pipe, .semicolon, .plus, .minus, .star, .slash, .percent, .caret, .equal,
                    .notEqual, .less, .greater, .lessEqual, .greaterEqual, .regexMatch, .plusEqual, .end,
                ])
        // Arrows are single characters, so `<-` and `->` never swallow an operator.
        #expect(try kinds("<-->") == [.less, .minus, .minus, .greater, .end])
        #expect(try kinds("1..3") == [.decimalInteger, .dotDot, .decimalInteger, .end])
    }

    @Test("keywords are case-insensitive; quoted names never are keywords")
    func keywords() throws {
        let tokens = try Lexer.tokenize("match MATCH Match `match` matches")
        #expect(tokens.prefix(3).allSatisfy { $0.keyword == .match })
        #expect(tokens[3].kind == .quotedName && tokens[3].keyword == nil && tokens[3].text == "match")
        #expect(tokens[4].keyword == nil)
    }

    @Test("numbers")
    func numbers() throws {
        let tokens = try Lexer.tokenize("42 0x1F 0o17 1.5 .5 1e10 2.5E-3 1e+2 0")
        #expect(
            tokens.map(\.kind) == [
                .decimalInteger, .hexInteger, .octalInteger, .float, .float, .float, .float, .float, .decimalInteger,
                .end,
            ])
        #expect(tokens[1].text == "1F" && tokens[2].text == "17")
    }

    @Test("strings decode their escapes")
    func strings() throws {
        let tokens = try Lexer.tokenize(
            #"'a\'b' "c\"d" '\\ \n \t \r \b \f' '\u00E9' '\U0001F600' '\uD83D\uDE00' "it's""#)
        #expect(tokens.map(\.text).dropLast() == ["a'b", "c\"d", "\\ \n \t \r \u{8} \u{C}", "é", "😀", "😀", "it's"])
    }

    @Test("names: back-quoted with doubled quotes, Unicode letters, parameters")
    func names() throws {
        let tokens = try Lexer.tokenize("`weird name` `a``b` café _x $p $0 $`odd param`")
        #expect(tokens.map(\.text).dropLast() == ["weird name", "a`b", "café", "_x", "p", "0", "odd param"])
        #expect(tokens[4].kind == .parameter && tokens[5].kind == .parameter)
    }

    @Test("comments are skipped")
    func comments() throws {
        #expect(try kinds("a // line\n/* block\n */ b /**/ c") == [.name, .name, .name, .end])
    }

    @Test("locations: 1-based lines and columns in Unicode scalars, UTF-8 offsets")
    func locations() throws {
        let tokens = try Lexer.tokenize("é x\n  yé z")
        #expect(tokens[1].range.start == SourceLocation(line: 1, column: 3, offset: 3))
        #expect(tokens[2].range.start == SourceLocation(line: 2, column: 3, offset: 7))
        #expect(tokens[2].range.end == SourceLocation(line: 2, column: 5, offset: 10))
        #expect(tokens[3].range.start == SourceLocation(line: 2, column: 6, offset: 11))
        let shifted = try Lexer.tokenize("x", startingAt: SourceLocation(line: 3, column: 5, offset: 40))
        #expect(shifted[0].range.start == SourceLocation(line: 3, column: 5, offset: 40))
    }

    @Test(
        "lexical errors carry the TCK's codes",
        arguments: [
            ("RETURN 0x", "InvalidNumberLiteral"),
            ("RETURN 0x1A2b3j4D5E6f7", "InvalidNumberLiteral"),
            ("RETURN 9223372h54775808", "InvalidNumberLiteral"),
            ("RETURN 012", "InvalidNumberLiteral"),
            ("RETURN 9223372#54775808", "UnexpectedSyntax"),
            ("RETURN '\\uH'", "InvalidUnicodeLiteral"),
            ("RETURN '\\uD800'", "InvalidUnicodeLiteral"),
            ("RETURN 42 — 41", "InvalidUnicodeCharacter"),
            ("RETURN 'open", "UnexpectedSyntax"),
            ("RETURN `open", "UnexpectedSyntax"),
            ("RETURN 1 /* open", "UnexpectedSyntax"),
            ("RETURN '\\q'", "UnexpectedSyntax"),
        ])
    func lexicalErrors(text: String, code: String) {
        #expect(syntaxError(text)?.code.rawValue == code, "\(text)")
    }
}

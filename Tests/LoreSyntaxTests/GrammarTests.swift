import Foundation
import LoreSyntax
import Testing

/// One sentence exercising each production of Grammar/LQL.ebnf. The test
/// below fails when a production is added to the grammar without an entry.
let productionExamples: [String: String] = [
    "Statement": "EXPLAIN MATCH (n) RETURN n;",
    "Query": "RETURN 1 AS a UNION RETURN 2 AS a",
    "Union": "RETURN 1 AS a UNION ALL RETURN 2 AS a",
    "SingleQuery": "MATCH (n) RETURN n",
    "SinglePartQuery": "MATCH (n) CREATE (m) RETURN m",
    "MultiPartQuery": "MATCH (n) SET n.x = 1 WITH n MATCH (m) RETURN m",
    "ReadingClause": "UNWIND [1] AS x MATCH (n) RETURN n, x",
    "UpdatingClause": "CREATE (n) SET n.a = 1 REMOVE n.b DELETE n",
    "Match": "OPTIONAL MATCH (n:Person) WHERE n.age > 3 RETURN n",
    "Unwind": "UNWIND [1, 2] AS x RETURN x",
    "Where": "MATCH (n) WHERE n.name STARTS WITH 'A' RETURN n",
    "Create": "CREATE (a:A {name: 'x'})-[:T]->(b)",
    "Merge": "MERGE (n:Person {name: 'A'}) ON CREATE SET n.created = 1 ON MATCH SET n.seen = 2",
    "MergeAction": "MERGE (n) ON MATCH SET n.seen = true",
    "Set": "MATCH (n) SET n.a = 1, n = {b: 2}, n += {c: 3}, n:Label:Other",
    "SetItem": "MATCH (n) SET n.x.y = 1",
    "Remove": "MATCH (n) REMOVE n.a, n:Label",
    "RemoveItem": "MATCH (n) REMOVE n:A:B",
    "Delete": "MATCH (n) DETACH DELETE n",
    "With": "MATCH (n) WITH DISTINCT n.a AS a ORDER BY a SKIP 1 LIMIT 2 WHERE a > 0 RETURN a",
    "Return": "RETURN DISTINCT 1 AS x",
    "ProjectionBody": "MATCH (n) RETURN n ORDER BY n.a DESC SKIP 2 LIMIT 3",
    "ProjectionItems": "MATCH (n) RETURN *, n.a AS a",
    "ProjectionItem": "RETURN 1 + 2 AS three",
    "Order": "MATCH (n) RETURN n ORDER BY n.a ASC, n.b DESCENDING",
    "Skip": "RETURN 1 SKIP $skip",
    "Limit": "RETURN 1 LIMIT 10",
    "SortItem": "MATCH (n) RETURN n ORDER BY n.a ASCENDING",
    "SchemaCommand": "SHOW CONSTRAINTS",
    "CreateConstraint": "CREATE CONSTRAINT company_key IF NOT EXISTS FOR (c:Company) REQUIRE c.key IS UNIQUE",
    "ConstraintProperties": "CREATE CONSTRAINT FOR (c:Company) REQUIRE (c.a, c.b) IS UNIQUE",
    "DropConstraint": "DROP CONSTRAINT company_key IF EXISTS",
    "ShowConstraints": "SHOW CONSTRAINTS",
    "Pattern": "MATCH (a), (b) RETURN a, b",
    "PatternPart": "MATCH p = (a)-->(b) RETURN p",
    "PatternElement": "MATCH (a)-[r]->(b)<-[s]-(c) RETURN a",
    "RelationshipsPattern": "MATCH (a) WHERE (a)-[:T]->() RETURN a",
    "PatternElementChain": "MATCH (a)--(b)--(c) RETURN a",
    "NodePattern": "MATCH (n:A:B {name: 'x'}) RETURN n",
    "RelationshipPattern": "MATCH (a)<-[:T]-(b)-[:U]-(c)-->(d) RETURN a",
    "RelationshipDetail": "MATCH (a)-[r:T|U*1..3 {w: 1}]->(b) RETURN r",
    "Properties": "MATCH (n {a: 1})-[r $props]->() RETURN n",
    "RelationshipTypes": "MATCH (a)-[:A|:B|C]->(b) RETURN a",
    "NodeLabels": "MATCH (n:A:B) RETURN n",
    "NodeLabel": "MATCH (n:A) RETURN n",
    "RangeLiteral": "MATCH (a)-[*]->(b), (c)-[*2]->(d), (e)-[*..3]->(f), (g)-[*2..]->(h) RETURN a",
    "Expression": "RETURN 1",
    "OrExpression": "RETURN true OR false",
    "XorExpression": "RETURN true XOR false",
    "AndExpression": "RETURN true AND false",
    "NotExpression": "RETURN NOT NOT true",
    "ComparisonExpression": "RETURN 1 < 2 <= 3",
    "PartialComparisonExpression": "RETURN 1 = 1, 1 <> 2, 1 < 2, 2 > 1, 1 <= 1, 1 >= 1",
    "StringListNullPredicateExpression": "RETURN 'a' STARTS WITH 'a' IS NOT NULL",
    "StringPredicateExpression": "RETURN 'ab' ENDS WITH 'b', 'ab' CONTAINS 'a', 'ab' =~ 'a.*'",
    "ListPredicateExpression": "RETURN 1 IN [1, 2]",
    "NullPredicateExpression": "RETURN null IS NULL",
    "AddOrSubtractExpression": "RETURN 1 + 2 - 3",
    "MultiplyDivideModuloExpression": "RETURN 1 * 2 / 3 % 4",
    "PowerOfExpression": "RETURN 2 ^ 3",
    "UnaryAddOrSubtractExpression": "RETURN -1, +2, - -3",
    "NonArithmeticOperatorExpression": "MATCH (n) RETURN n.list[0].name, n:Label",
    "ListOperatorExpression": "RETURN [1, 2, 3][0], [1, 2, 3][1..2], [1, 2][..1], [1, 2][1..]",
    "PropertyLookup": "MATCH (n) RETURN n.name",
    "PropertyExpression": "MATCH (n) SET n.name = 'x'",
    "Atom": "MATCH (n) RETURN n",
    "Literal": "RETURN 1, 1.5, 'a', true, null, [1], {a: 1}",
    "BooleanLiteral": "RETURN true, FALSE",
    "ListLiteral": "RETURN [1, 'two', [3]]",
    "MapLiteral": "RETURN {name: 'x', `odd key`: 2}",
    "CaseExpression": "RETURN CASE 1 WHEN 1 THEN 'one' ELSE 'other' END",
    "CaseAlternative": "RETURN CASE WHEN true THEN 1 END",
    "ListComprehension": "RETURN [x IN range(1, 10) WHERE x % 2 = 0 | x * x]",
    "PatternComprehension": "MATCH (a) RETURN [p = (a)-->(b) WHERE b.x > 1 | b.name]",
    "Quantifier":
        "RETURN all(x IN [1] WHERE x > 0), any(x IN [1] WHERE x > 0), none(x IN [1] WHERE x > 0), single(x IN [1] WHERE x > 0)",
    "FilterExpression": "RETURN [x IN [1, 2] WHERE x > 1]",
    "IdInColl": "RETURN [x IN [1, 2]]",
    "ParenthesizedExpression": "RETURN (1 + 2) * 3",
    "FunctionInvocation": "MATCH (n) RETURN count(DISTINCT n), toUpper('a')",
    "FunctionName": "RETURN date.truncate('day', date('2026-01-08'))",
    "Namespace": "RETURN a.b.c(1)",
    "Parameter": "RETURN $name, $0",
    "CountStar": "MATCH (n) RETURN count(*)",
    "Variable": "MATCH (`weird name`) RETURN `weird name`",
    "PropertyKeyName": "MATCH (n) RETURN n.`odd key`, n.match",
    "LabelName": "MATCH (n:MATCH) RETURN n",
    "RelTypeName": "MATCH ()-[r:RETURN]->() RETURN r",
    "SchemaName": "MATCH (n:`Odd Label`) RETURN n",
    "SymbolicName": "MATCH (count) RETURN count",
    "NumberLiteral": "RETURN 1, 1.0",
    "IntegerLiteral": "RETURN 0x1F, 0o17, 42",
    "HexInteger": "RETURN 0xCAFE",
    "OctalInteger": "RETURN 0o777",
    "DecimalInteger": "RETURN 0, 123",
    "DoubleLiteral": "RETURN 1.5, 1e3",
    "ExponentDecimalReal": "RETURN 1e10, 1.5E-3, .5e2, 2e+2",
    "RegularDecimalReal": "RETURN 3.14, .5",
    "StringLiteral": "RETURN 'single', \"double\"",
    "EscapedChar": "RETURN '\\\\ \\' \\\" \\n \\t \\r \\b \\f \\u00E9 \\U0001F600'",
    "UnescapedSymbolicName": "MATCH (café_1) RETURN café_1",
    "IdentifierStart": "MATCH (_x) RETURN _x",
    "IdentifierPart": "MATCH (x_1) RETURN x_1",
    "EscapedSymbolicName": "MATCH (`a``b`) RETURN `a``b`",
    "Comment": "MATCH (n) // a comment\n/* another */ RETURN n",
    "ReservedWord": "MATCH (n:WHERE {RETURN: 1}) RETURN n.MATCH",
]

@Suite("the grammar file")
struct GrammarTests {
    static func grammarURL(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Grammar/LQL.ebnf")
    }

    /// The `[N] Name ::=` productions of the grammar, in order.
    static func productions() throws -> [(number: Int, name: String)] {
        let text = try String(contentsOf: grammarURL(), encoding: .utf8)
        var result: [(Int, String)] = []
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]"),
                let number = Int(trimmed[trimmed.index(after: trimmed.startIndex)..<close]),
                let definition = trimmed.range(of: "::=")
            else { continue }
            let name = trimmed[trimmed.index(after: close)..<definition.lowerBound].trimmingCharacters(in: .whitespaces)
            result.append((number, name))
        }
        return result
    }

    @Test("productions are numbered 1, 2, 3, ... and named once")
    func numbering() throws {
        let productions = try Self.productions()
        #expect(productions.count > 100)
        #expect(productions.map(\.number) == Array(1...productions.count))
        #expect(Set(productions.map(\.name)).count == productions.count)
    }

    @Test("every production has an example sentence, and every example parses")
    func everyProductionIsExercised() throws {
        let names = try Self.productions().map(\.name)
        let missing = names.filter { productionExamples[$0] == nil }
        #expect(missing.isEmpty, "productions without an example: \(missing)")
        let unknown = productionExamples.keys.filter { !names.contains($0) }
        #expect(unknown.isEmpty, "examples for productions not in the grammar: \(unknown)")
        for name in names {
            guard let sentence = productionExamples[name] else { continue }
            checkRoundTrip(sentence)
        }
    }

    @Test("every production the parser cites exists in the grammar under that number")
    func citationsMatchTheGrammar() throws {
        let productions = Dictionary(uniqueKeysWithValues: try Self.productions().map { ($0.number, $0.name) })
        let sources = Self.grammarURL().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/LoreSyntax")
        var cited = Set<Int>()
        for file in try FileManager.default.contentsOfDirectory(atPath: sources.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard trimmed.hasPrefix("// ["), let close = trimmed.firstIndex(of: "]") else { continue }
                let numberText = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 4)..<close]
                guard let number = Int(numberText) else { continue }
                let name =
                    trimmed[trimmed.index(after: close)...].trimmingCharacters(in: .whitespaces)
                    .split(separator: " ").first.map(String.init) ?? ""
                #expect(productions[number] == name, "\(file): [\(number)] \(name) is not in the grammar")
                cited.insert(number)
            }
        }
        let uncited = productions.keys.filter { !cited.contains($0) }.sorted()
        #expect(uncited.isEmpty, "productions no parse function cites: \(uncited)")
    }
}

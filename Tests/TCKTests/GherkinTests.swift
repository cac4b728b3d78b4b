import Foundation
import Testing

@Suite("Gherkin reader")
struct GherkinTests {
    static let sample = """
        #encoding: utf-8

        @featureTag
        Feature: Sample - things
          Some free text about the feature.

          Background:
            Given an empty graph

          Scenario: [1] Plain
            And having executed:
              \"\"\"
              CREATE (:A {name: 'x'})
              \"\"\"
            When executing query:
              \"\"\"
              MATCH (n)
                RETURN n
              \"\"\"
            # a comment between steps
            Then the result should be, in any order:
              | n                  |
              | (:A {name: 'x'})   |
              | 'a\\|b'            |
            And no side effects

          @ignore
          Scenario Outline: [2] Outline <what>
            When executing query:
              \"\"\"
              RETURN <value> AS v
              \"\"\"
            Then the result should be, in order:
              | v        |
              | <result> |

            Examples:
              | what | value | result |
              | one  | 1     | 1      |
              | two  | 2     | 2      |

            Examples:
              | what  | value | result |
              | three | 3     | 3      |

          Scenario: [1] Plain
            Then a SyntaxError should be raised at compile time: UndefinedVariable
        """

    @Test func readsScenariosOutlinesAndBackground() throws {
        let feature = try Gherkin.parse(GherkinTests.sample)
        #expect(feature.name == "Sample - things")
        #expect(feature.scenarios.count == 5)
        let plain = feature.scenarios[0]
        #expect(plain.name == "[1] Plain")
        #expect(plain.tags == ["@featureTag"])
        #expect(plain.exampleIndex == nil)
        #expect(plain.steps.map(\.text).first == "an empty graph")
        #expect(plain.steps.count == 5)
        #expect(plain.steps[1].docString == "CREATE (:A {name: 'x'})")
        #expect(plain.steps[2].docString == "MATCH (n)\n  RETURN n")
        #expect(plain.steps[3].table == [["n"], ["(:A {name: 'x'})"], ["'a|b'"]])
        #expect(plain.steps[4].text == "no side effects")

        let outline = Array(feature.scenarios[1...3])
        #expect(outline.map(\.exampleIndex) == [1, 2, 3])
        #expect(outline.allSatisfy { $0.tags == ["@featureTag", "@ignore"] && $0.name == "[2] Outline <what>" })
        #expect(outline[1].steps[1].docString == "RETURN 2 AS v")
        #expect(outline[2].steps[2].table == [["v"], ["3"]])
    }

    @Test func identifiersAreUniqueAndStable() throws {
        let feature = try Gherkin.parse(GherkinTests.sample)
        let ids = TCKSuite.identify(feature, path: "x/Sample.feature").map(\.identifier)
        #expect(
            ids == [
                "x/Sample.feature / [1] Plain [1]",
                "x/Sample.feature / [2] Outline <what> #1",
                "x/Sample.feature / [2] Outline <what> #2",
                "x/Sample.feature / [2] Outline <what> #3",
                "x/Sample.feature / [1] Plain [2]",
            ])
    }

    @Test func tableCellsUnescapeAsGherkinDoes() {
        #expect(Gherkin.cells(of: "  | a | 'b\\\\c' | '\\n' | '\\'' |  ") == ["a", "'b\\c'", "'\n'", "'\\''"])
        #expect(Gherkin.cells(of: "| |") == [""])
    }

    @Test func errorExpectations() throws {
        let e = try #require(ErrorExpectation("a SyntaxError should be raised at compile time: UndefinedVariable"))
        #expect(e.kind == "SyntaxError" && e.phase == .compile && e.code == "UndefinedVariable")
        let any = try #require(ErrorExpectation("a TypeError should be raised at any time: *"))
        #expect(any.phase == nil && any.code == nil)
        let runtime = try #require(
            ErrorExpectation("an EntityNotFound should be raised at runtime: DeletedEntityAccess"))
        #expect(runtime.kind == "EntityNotFound" && runtime.phase == .runtime)
        #expect(ErrorExpectation("the result should be empty") == nil)
    }

    @Test("Real feature files parse", .enabled(if: TCKLocation.isAvailable, "TCK folder not found"))
    func realFiles() throws {
        let delete1 = try TCKSuite.load("features/clauses/delete/Delete1.feature")
        #expect(delete1.count == 8)
        #expect(delete1.first?.identifier == "clauses/delete/Delete1.feature / [1] Delete nodes")
        let match5 = try TCKSuite.load("features/clauses/match/Match5.feature")
        #expect(match5.count == 29)
        // The background comes first in every scenario.
        #expect(
            match5.allSatisfy { $0.scenario.steps.prefix(2).map(\.text) == ["an empty graph", "having executed:"] })
        let temporal = try TCKSuite.load("features/expressions/temporal/Temporal1.feature")
        #expect(temporal.allSatisfy { !($0.scenario.steps.compactMap(\.docString).joined().contains("<")) })
    }

    @Test("Every expected value of tiers 1 and 2 reads", .enabled(if: TCKLocation.isAvailable, "TCK folder not found"))
    func everyExpectedValueReads() throws {
        var unreadable: [String] = []
        var cells = 0
        for path in try TCKLocation.tier("tier1.txt") + TCKLocation.tier("tier2.txt") {
            for item in try TCKSuite.load(path) {
                for step in item.scenario.steps {
                    guard let table = step.table else { continue }
                    let values: [String]
                    if step.text.hasPrefix("the result should be") {
                        values = table.dropFirst().flatMap { $0 }
                    } else if step.text == "parameters are:" {
                        values = table.compactMap { $0.last }
                    } else {
                        continue
                    }
                    for value in values {
                        cells += 1
                        do {
                            _ = try ValueNotation.parse(value)
                        } catch {
                            unreadable.append("\(item.identifier): \(value): \(error)")
                        }
                    }
                }
            }
        }
        #expect(cells > 3000)
        #expect(unreadable.isEmpty, "\(unreadable.prefix(20).joined(separator: "\n"))")
    }

    @Test("Tier totals match the TCK README", .enabled(if: TCKLocation.isAvailable, "TCK folder not found"))
    func tierTotals() throws {
        func total(_ tier: String) throws -> (scenarios: Int, ids: Set<String>) {
            var ids: Set<String> = []
            var count = 0
            for path in try TCKLocation.tier(tier) {
                let scenarios = try TCKSuite.load(path)
                count += scenarios.count
                ids.formUnion(scenarios.map(\.identifier))
            }
            return (count, ids)
        }
        let tier1 = try total("tier1.txt")
        #expect(tier1.scenarios == 1780)
        #expect(tier1.ids.count == tier1.scenarios, "identifiers are unique")
        let tier2 = try total("tier2.txt")
        #expect(tier2.scenarios == 1383)
        #expect(tier2.ids.count == tier2.scenarios, "identifiers are unique")
    }
}

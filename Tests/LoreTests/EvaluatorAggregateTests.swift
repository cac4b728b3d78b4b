import Testing

@testable import Lore

extension EvaluatorTests {
    /// The aggregate functions, fed value by value as the executor does.
    @Suite struct Aggregates: EvaluatorChecks {
        func aggregate(_ f: AggregateFunction, _ values: [Datum]) throws -> Datum {
            var state = AggregateState(f)
            for v in values { try state.add(v) }
            return state.result()
        }

        func expectAggregate(
            _ f: AggregateFunction, _ values: [Datum], _ expected: Datum,
            sourceLocation: Testing.SourceLocation = #_sourceLocation
        ) {
            do {
                #expect(Exact(try aggregate(f, values)) == Exact(expected), sourceLocation: sourceLocation)
            } catch {
                Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            }
        }

        @Test func counts() {
            // Aggregation1 [1].
            expectAggregate(.count, [int(33), .null, int(42)], int(2))
            expectAggregate(.countStar, [int(33), .null, int(42)], int(3))
            expectAggregate(.count, [], int(0))
        }

        @Test func sums() {
            // Aggregation3 [1], [2].
            expectAggregate(.sum, [int(33), .null, int(42)], int(75))
            expectAggregate(.sum, (1_000_000..<1_003_000).map { int(Int64($0)) }, int(3_004_498_500))
            expectAggregate(.sum, [int(1), dbl(0.5)], dbl(1.5))
            expectAggregate(.sum, [dbl(0.5), int(1)], dbl(1.5))
            expectAggregate(.sum, [], int(0))
            expectError(.argumentError, "IntegerOverflow") { _ = try aggregate(.sum, [int(.max), int(1)]) }
            expectError(.typeError, "InvalidArgumentValue") { _ = try aggregate(.sum, [str("a")]) }
        }

        @Test func averages() {
            expectAggregate(.avg, [int(1), int(2)], dbl(1.5))
            expectAggregate(.avg, [int(1), dbl(2), .null], dbl(1.5))
            expectAggregate(.avg, [int(.max), int(.max)], dbl(Double(Int64.max)))
            expectAggregate(.avg, [.null], .null)
            expectError(.typeError, "InvalidArgumentValue") { _ = try aggregate(.avg, [.bool(true)]) }
        }

        @Test func minAndMax() {
            // Aggregation2 [1]-[12].
            expectAggregate(.max, [int(1), int(2), int(0), .null, int(-1)], int(2))
            expectAggregate(.min, [int(1), int(2), int(0), .null, int(-1)], int(-1))
            expectAggregate(.max, [dbl(1), dbl(2), dbl(0.5), .null], dbl(2))
            expectAggregate(.min, [dbl(1), dbl(2), dbl(0.5), .null], dbl(0.5))
            expectAggregate(.max, [int(1), dbl(2), int(5), .null, dbl(3.2), dbl(0.1)], int(5))
            expectAggregate(.min, [int(1), dbl(2), int(5), .null, dbl(3.2), dbl(0.1)], dbl(0.1))
            let strings = [str("a"), str("b"), str("B"), .null, str("abc"), str("abc1")]
            expectAggregate(.max, strings, str("b"))
            expectAggregate(.min, strings, str("B"))
            let lists = [list(int(1)), list(int(2)), list(int(2), int(1))]
            expectAggregate(.max, lists, list(int(2), int(1)))
            expectAggregate(.min, lists, list(int(1)))
            let mixed = [int(1), str("a"), .null, list(int(1), int(2)), dbl(0.2), str("b")]
            expectAggregate(.max, mixed, int(1))
            expectAggregate(.min, mixed, list(int(1), int(2)))
            expectAggregate(.min, [.null], .null)
        }

        @Test func collect() {
            // Aggregation5 [1], Aggregation8 [3], [4].
            expectAggregate(.collect, [.null], list())
            expectAggregate(.collect, [.null, int(1), .null], list(int(1)))
            expectAggregate(.collect, [int(42), int(43), int(44)], list(int(42), int(43), int(44)))
        }

        @Test func standardDeviations() throws {
            let values = [int(2), int(4), int(4), int(4), int(5), int(5), int(7), int(9)]
            expectAggregate(.stDevP, values, dbl(2))
            guard case .double(let sample) = try aggregate(.stDev, values) else {
                Issue.record("stDev is not a float")
                return
            }
            #expect(Swift.abs(sample - (32.0 / 7).squareRoot()) < 1e-12)
            expectAggregate(.stDev, [int(3)], dbl(0))
            expectAggregate(.stDev, [], dbl(0))
            expectAggregate(.stDevP, [.null], dbl(0))
        }

        @Test(arguments: [(0.0, 10.0), (0.5, 20.0), (1.0, 30.0)])
        func percentiles(_ p: Double, _ expected: Double) throws {
            // Aggregation6 [1], [2].
            for f in [AggregateFunction.percentileDisc, .percentileCont] {
                var state = try AggregateState(f, percentile: p)
                for v in [dbl(10), dbl(20), dbl(30)] { try state.add(v) }
                #expect(Exact(state.result()) == Exact(dbl(expected)))
            }
        }

        @Test func percentileDetails() throws {
            var disc = try AggregateState(.percentileDisc, percentile: 0.5)
            var cont = try AggregateState(.percentileCont, percentile: 0.5)
            for v in [int(4), int(1), .null, int(3), int(2)] {
                try disc.add(v)
                try cont.add(v)
            }
            #expect(Exact(disc.result()) == Exact(int(2)))
            #expect(Exact(cont.result()) == Exact(dbl(2.5)))
            var empty = try AggregateState(.percentileCont, percentile: .int(1))
            #expect(Exact(empty.result()) == Exact(.null))
            expectError(.typeError, "InvalidArgumentValue") { try empty.add(str("x")) }
            var perRow = AggregateState(.percentileDisc)
            try perRow.add(int(7), percentile: dbl(0.9))
            #expect(Exact(perRow.result()) == Exact(int(7)))
        }

        @Test(arguments: [Datum.int(1000), Datum.int(-1), Datum.double(1.1)])
        func percentilesOutOfRange(_ p: Datum) {
            // Aggregation6 [3]-[5].
            expectError(.argumentError, "NumberOutOfRange") { _ = try AggregateState(.percentileCont, percentile: p) }
            expectError(.argumentError, "NumberOutOfRange") {
                var state = AggregateState(.percentileDisc)
                try state.add(dbl(0.9), percentile: p)
            }
        }
    }
}

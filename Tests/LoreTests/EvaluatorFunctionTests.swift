import Testing

@testable import Lore

extension EvaluatorTests {
    /// The scalar functions.
    @Suite struct Functions: EvaluatorChecks {
        @Test func graphElementFunctions() {
            expectValue(call(.id, .node(2)), int(2))
            expectValue(call(.id, .relationship(10)), int(10))
            // Graph3 [1], [2], [7].
            expectValue(call(.labels, .node(1)), list(str("Person"), str("Admin")))
            expectValue(call(.labels, .node(3)), list())
            expectValue(call(.labels, .null), .null)
            // Graph4 [1], [3].
            expectValue(call(.type, .relationship(10)), str("KNOWS"))
            expectValue(call(.type, .null), .null)
            expectValue(call(.startNode, .relationship(10)), .node(1))
            expectValue(call(.endNode, .relationship(10)), .node(2))
            // Graph9 [1]-[4].
            expectValue(call(.properties, .node(1)), .map(["name": str("Ada"), "age": int(36)]))
            expectValue(call(.properties, .relationship(10)), .map(["since": int(2020)]))
            expectValue(call(.properties, .map(["a": int(1)])), .map(["a": int(1)]))
            expectValue(call(.properties, .null), .null)
            let path = Datum.path(nodes: [1, 2], relationships: [10])
            expectValue(call(.nodes, path), list(.node(1), .node(2)))
            expectValue(call(.relationships, path), list(.relationship(10)))
            expectValue(call(.length, path), int(1))
            // Path3 [1]: a path of length zero.
            expectValue(call(.length, .path(nodes: [1], relationships: [])), int(0))
            // Path1 [1], Path2 [3].
            expectValue(call(.nodes, .null), .null)
            expectValue(call(.relationships, .null), .null)
        }

        @Test(arguments: [Datum.int(0), Datum.double(1), .bool(true), Datum.string(""), Datum.list([])])
        func graphFunctionsRejectOtherValues(_ value: Datum) {
            // Graph3 [9], Graph4 [6].
            expectError(call(.type, value), .typeError, "InvalidArgumentValue")
            expectError(call(.labels, value), .typeError, "InvalidArgumentValue")
            expectError(call(.id, value), .typeError, "InvalidArgumentValue")
            expectError(call(.startNode, value), .typeError, "InvalidArgumentValue")
            expectError(call(.length, value), .typeError, "InvalidArgumentValue")
            expectError(call(.properties, value), .typeError, "InvalidArgumentValue")
        }

        @Test func keys() {
            // Map3 [1]: a map literal keeps its written order.
            let literal = BoundExpression.map([
                ("name", lit(str("Alice"))), ("age", lit(int(38))), ("address", lit(.map(["city": str("London")]))),
            ])
            expectValue(.function(.keys, [literal]), list(str("name"), str("age"), str("address")))
            // Map3 [3], [4]: null values keep their keys.
            expectValue(call(.keys, .null), .null)
            expectValue(call(.keys, .map([:])), list())
            expectValue(call(.keys, .map(["l": .null, "k": int(1)])), list(str("k"), str("l")))
            // Graph8 [1], [5].
            expectValue(call(.keys, .node(1)), list(str("age"), str("name")))
            expectValue(call(.keys, .relationship(10)), list(str("since")))
            expectError(call(.keys, int(1)), .typeError, "InvalidArgumentValue")
        }

        @Test func listFunctions() {
            let l = list(int(1), int(2), int(3))
            // List6 [1], [4].
            expectValue(call(.size, l), int(3))
            expectValue(call(.size, .null), .null)
            expectValue(call(.size, str("h\u{E9}llo")), int(5))
            expectError(call(.size, int(1)), .typeError, "InvalidArgumentValue")
            expectError(call(.size, .path(nodes: [1], relationships: [])), .typeError, "InvalidArgumentValue")
            expectValue(call(.head, l), int(1))
            expectValue(call(.head, list()), .null)
            expectValue(call(.last, l), int(3))
            expectValue(call(.last, .null), .null)
            // List9 [1].
            expectValue(
                .function(.tail, [call(.tail, list(int(1), int(2), int(3), int(4), int(5)))]),
                list(int(3), int(4), int(5)))
            expectValue(call(.tail, list()), list())
            expectValue(call(.reverse, l), list(int(3), int(2), int(1)))
            // String3 [1].
            expectValue(call(.reverse, str("raksO")), str("Oskar"))
            expectValue(call(.reverse, .null), .null)
            expectError(call(.head, str("abc")), .typeError, "InvalidArgumentValue")
        }

        @Test func coalesce() {
            expectValue(call(.coalesce, .null, str("CEO"), str("x")), str("CEO"))
            expectValue(call(.coalesce, .null, .null), .null)
            // Later arguments are not evaluated once a value is found.
            expectValue(.function(.coalesce, [lit(int(1)), bin(.divide, int(1), int(0))]), int(1))
        }

        static let rangeCases: [([Datum], [Int64])] = [
            // List11 [1], [2].
            ([Datum.int(-1236), Datum.int(-1234)], [-1236, -1235, -1234]),
            ([Datum.int(0), Datum.int(-123)], []),
            ([Datum.int(0), Datum.int(0)], [0]),
            ([Datum.int(6), Datum.int(10)], [6, 7, 8, 9, 10]),
            ([Datum.int(1381), Datum.int(-3412), Datum.int(-1298)], [1381, 83, -1215, -2513]),
            ([Datum.int(10), Datum.int(-10), Datum.int(-3)], [10, 7, 4, 1, -2, -5, -8]),
            ([Datum.int(0), Datum.int(1), Datum.int(-123)], []),
            ([Datum.int(0), Datum.int(0), Datum.int(-1)], [0]),
            ([Datum.int(0), Datum.int(1), Datum.int(2)], [0]),
            ([Datum.int(-10), Datum.int(10), Datum.int(3)], [-10, -7, -4, -1, 2, 5, 8]),
            ([Datum.int(-3412), Datum.int(1381), Datum.int(1298)], [-3412, -2114, -816, 482]),
            ([Datum.int(.max - 1), Datum.int(.max)], [.max - 1, .max]),
            ([Datum.int(.min), Datum.int(.max), Datum.int(.max)], [.min, -1, .max - 1]),
        ]

        @Test(arguments: rangeCases)
        func rangeBuildsIntegers(_ args: [Datum], _ expected: [Int64]) {
            expectValue(.function(.range, args.map(lit)), .list(expected.map(Datum.int)))
        }

        @Test func rangeErrors() {
            // List11 [4], [5].
            expectError(call(.range, int(2), int(8), int(0)), .argumentError, "NumberOutOfRange")
            for bad in [Datum.bool(true), dbl(-1.1), dbl(0), str("xyz"), list(int(0)), .map(["start": int(0)])] {
                expectError(call(.range, bad, int(1), int(1)), .argumentError, "InvalidArgumentType")
                expectError(call(.range, int(0), bad, int(1)), .argumentError, "InvalidArgumentType")
                expectError(call(.range, int(0), int(1), bad), .argumentError, "InvalidArgumentType")
            }
            expectError(call(.range, int(0), int(.max)), .argumentError, "NumberOutOfRange")
            expectValue(call(.range, .null, int(1)), .null)
        }

        @Test func toStringConversion() {
            // TypeConversion4 [1]-[6].
            expectValue(call(.toString, int(42)), str("42"))
            expectValue(call(.toString, .bool(true)), str("true"))
            expectValue(call(.toString, dbl(2.3)), str("2.3"))
            expectValue(call(.toString, str("apa")), str("apa"))
            expectValue(call(.toString, .null), .null)
            expectValue(call(.toString, day(1984, 10, 11)), str("1984-10-11"))
            for (d, text) in [
                (1.0, "1.0"), (-0.5, "-0.5"), (0.001, "0.001"), (1234567.0, "1234567.0"), (1e7, "1.0E7"),
                (1.5e-4, "1.5E-4"), (123456789.125, "1.23456789125E8"), (0.0, "0.0"), (-0.0, "-0.0"),
                (Double.nan, "NaN"), (-Double.infinity, "-Infinity"), (1e300, "1.0E300"),
            ] {
                expectValue(call(.toString, dbl(d)), str(text))
            }
        }

        @Test(arguments: [Datum.list([]), .map([:]), .node(1), .relationship(10), .path(nodes: [1], relationships: [])])
        func conversionsRejectStructuredValues(_ value: Datum) {
            // TypeConversion1 [5], 2 [8], 3 [6], 4 [10].
            for f in [ScalarFunction.toString, .toInteger, .toFloat, .toBoolean] {
                expectError(call(f, value), .typeError, "InvalidArgumentValue")
            }
        }

        @Test func toIntegerConversion() {
            // TypeConversion2 [1]-[5].
            expectValue(call(.toInteger, dbl(82.9)), int(82))
            expectValue(call(.toInteger, dbl(-2.9)), int(-2))
            expectValue(call(.toInteger, str("foo")), .null)
            expectValue(call(.toInteger, str("")), .null)
            expectValue(call(.toInteger, str("42")), int(42))
            expectValue(call(.toInteger, str("2.9")), int(2))
            expectValue(call(.toInteger, str("1.7")), int(1))
            expectValue(call(.toInteger, str("9223372036854775807")), int(.max))
            expectValue(call(.toInteger, str("1e3")), int(1000))
            expectValue(call(.toInteger, int(2)), int(2))
            expectValue(call(.toInteger, .bool(true)), int(1))
            expectValue(call(.toInteger, dbl(.nan)), .null)
            expectValue(call(.toInteger, dbl(1e30)), .null)
            expectValue(call(.toInteger, .null), .null)
        }

        @Test func toFloatConversion() {
            // TypeConversion3 [1]-[4], [6].
            expectValue(call(.toFloat, dbl(3.4)), dbl(3.4))
            expectValue(call(.toFloat, int(3)), dbl(3))
            expectValue(call(.toFloat, str("5")), dbl(5))
            expectValue(call(.toFloat, str(" 2.5 ")), dbl(2.5))
            expectValue(call(.toFloat, str("foo")), .null)
            expectValue(call(.toFloat, str("")), .null)
            expectValue(call(.toFloat, str("inf")), .null)
            expectValue(call(.toFloat, str("-Infinity")), dbl(-.infinity))
            expectError(call(.toFloat, .bool(true)), .typeError, "InvalidArgumentValue")
        }

        @Test func toBooleanConversion() {
            // TypeConversion1 [1]-[5].
            expectValue(call(.toBoolean, .bool(false)), .bool(false))
            expectValue(call(.toBoolean, str("true")), .bool(true))
            expectValue(call(.toBoolean, str("FALSE")), .bool(false))
            for bad in [Datum.null, str(""), str(" tru "), str("f alse")] {
                expectValue(call(.toBoolean, bad), .null)
            }
            expectValue(call(.toBoolean, int(0)), .bool(false))
            expectError(call(.toBoolean, dbl(1)), .typeError, "InvalidArgumentValue")
        }

        @Test func stringFunctions() {
            expectValue(call(.toLower, str("AbC")), str("abc"))
            expectValue(call(.toUpper, str("AbC")), str("ABC"))
            expectValue(call(.trim, str(" \t a b \n")), str("a b"))
            expectValue(call(.ltrim, str("  a ")), str("a "))
            expectValue(call(.rtrim, str("  a ")), str("  a"))
            // String1 [1].
            expectValue(call(.substring, str("0123456789"), int(1)), str("123456789"))
            expectValue(call(.substring, str("0123456789"), int(1), int(3)), str("123"))
            expectValue(call(.substring, str("abc"), int(5)), str(""))
            expectValue(call(.substring, str("abc"), int(1), int(10)), str("bc"))
            expectValue(call(.left, str("hello"), int(2)), str("he"))
            expectValue(call(.right, str("hello"), int(2)), str("lo"))
            expectValue(call(.left, str("hi"), int(5)), str("hi"))
            // String4 [1].
            expectValue(call(.split, str("one1two"), str("1")), list(str("one"), str("two")))
            expectValue(call(.split, str("a,,b,"), str(",")), list(str("a"), str(""), str("b"), str("")))
            expectValue(call(.split, str("abc"), str("")), list(str("a"), str("b"), str("c")))
            expectValue(call(.split, str("a-b_c"), list(str("-"), str("_"))), list(str("a"), str("b"), str("c")))
            expectValue(call(.replace, str("hello"), str("l"), str("L")), str("heLLo"))
            expectValue(call(.replace, str("ab"), str(""), str("-")), str("-a-b-"))
            for f in [ScalarFunction.toLower, .toUpper, .trim, .ltrim, .rtrim] {
                expectValue(call(f, .null), .null)
                expectError(call(f, int(1)), .typeError, "InvalidArgumentValue")
            }
            expectValue(call(.substring, .null, int(1)), .null)
            expectValue(call(.split, .null, str(",")), .null)
            expectValue(call(.replace, str("a"), .null, str("b")), .null)
            expectError(call(.substring, str("abc"), int(-1)), .argumentError, "NumberOutOfRange")
            expectError(call(.substring, str("abc"), int(0), int(-1)), .argumentError, "NumberOutOfRange")
            expectError(call(.left, str("abc"), int(-1)), .argumentError, "NumberOutOfRange")
            expectError(call(.substring, str("abc"), dbl(1)), .typeError, "InvalidArgumentValue")
        }

        @Test func numericFunctions() {
            // Mathematical11 [1], Mathematical13 [1].
            expectValue(call(.abs, int(-1)), int(1))
            expectValue(call(.abs, dbl(-1.5)), dbl(1.5))
            expectValue(call(.sqrt, dbl(12.96)), dbl(3.6))
            expectValue(call(.sign, int(-7)), int(-1))
            expectValue(call(.sign, dbl(0.5)), int(1))
            expectValue(call(.sign, int(0)), int(0))
            expectValue(call(.ceil, dbl(1.1)), dbl(2))
            expectValue(call(.floor, int(3)), dbl(3))
            expectValue(call(.floor, dbl(-1.1)), dbl(-2))
            expectValue(call(.round, dbl(2.5)), dbl(3))
            expectValue(call(.round, dbl(-2.5)), dbl(-2))
            expectValue(call(.round, dbl(0.49999999999999994)), dbl(0))
            expectValue(call(.round, dbl(3.14159), int(2)), dbl(3.14))
            expectValue(call(.round, dbl(-1.5), int(0)), dbl(-2))
            expectValue(call(.round, dbl(-1.5), int(0), str("HALF_EVEN")), dbl(-2))
            expectValue(call(.round, dbl(1.25), int(1), str("HALF_DOWN")), dbl(1.2))
            expectError(call(.round, dbl(1), int(0), str("SIDEWAYS")), .argumentError, "InvalidArgumentValue")
            expectValue(call(.exp, int(0)), dbl(1))
            expectValue(call(.log, dbl(1)), dbl(0))
            expectValue(call(.log10, int(1000)), dbl(3))
            expectValue(call(.e), dbl(2.718281828459045))
            expectValue(call(.pi), dbl(Double.pi))
            expectError(call(.abs, int(.min)), .argumentError, "IntegerOverflow")
            for f in [ScalarFunction.abs, .sign, .ceil, .floor, .round, .sqrt, .exp, .log, .log10] {
                expectValue(call(f, .null), .null)
                expectError(call(f, str("1")), .typeError, "InvalidArgumentValue")
            }
            for _ in 0..<20 {
                guard case .double(let r) = try? evaluate(call(.rand)) else {
                    Issue.record("rand() is not a float")
                    return
                }
                #expect(r >= 0 && r < 1)
            }
        }

        @Test func exists() {
            expectValue(.function(.exists, [.property(lit(.node(1)), "name")]), .bool(true))
            expectValue(.function(.exists, [.property(lit(.node(1)), "nope")]), .bool(false))
        }

        @Test func wrongArgumentCounts() {
            expectError(call(.size), .syntaxError, "InvalidNumberOfArguments")
            expectError(call(.size, list(), list()), .syntaxError, "InvalidNumberOfArguments")
            expectError(call(.range, int(1)), .syntaxError, "InvalidNumberOfArguments")
            expectError(call(.pi, int(1)), .syntaxError, "InvalidNumberOfArguments")
            expectError(call(.coalesce), .syntaxError, "InvalidNumberOfArguments")
        }

        // MARK: - Dates (Temporal1, Temporal2, Temporal5)

        @Test(arguments: [
            ("2015-07-21", "2015-07-21"), ("20150721", "2015-07-21"), ("2015-07", "2015-07-01"),
            ("201507", "2015-07-01"),
            ("2015-W30-2", "2015-07-21"), ("2015W302", "2015-07-21"), ("2015-W30", "2015-07-20"),
            ("2015W30", "2015-07-20"), ("2015-202", "2015-07-21"), ("2015202", "2015-07-21"), ("2015", "2015-01-01"),
            ("+12015-07-21", "+12015-07-21"), ("-0044-03-15", "-0044-03-15"),
        ])
        func dateFromText(_ text: String, _ expected: String) {
            expectValue(.function(.toString, [call(.date, str(text))]), str(expected))
        }

        @Test(arguments: ["2015-13-01", "2015-02-29", "2015-W54", "2015-366", "15-01-01", "2015/01/01", "", "x"])
        func invalidDateText(_ text: String) {
            expectError(call(.date, str(text)), .argumentError, "InvalidArgumentValue")
        }

        static let dateFieldCases: [([String: Datum], String)] = [
            // Temporal1 [1], [4].
            (["year": Datum.int(1984), "month": Datum.int(10), "day": Datum.int(11)], "1984-10-11"),
            (["year": Datum.int(1984), "month": Datum.int(10)], "1984-10-01"),
            (["year": Datum.int(1984), "week": Datum.int(10), "dayOfWeek": Datum.int(3)], "1984-03-07"),
            (["year": Datum.int(1984), "week": Datum.int(10)], "1984-03-05"),
            (["year": Datum.int(1984)], "1984-01-01"),
            (["year": Datum.int(1984), "ordinalDay": Datum.int(202)], "1984-07-20"),
            (["year": Datum.int(1984), "quarter": Datum.int(3), "dayOfQuarter": Datum.int(45)], "1984-08-14"),
            (["year": Datum.int(1984), "quarter": Datum.int(3)], "1984-07-01"),
            (["year": Datum.int(1816), "week": Datum.int(1)], "1816-01-01"),
            (["year": Datum.int(1816), "week": Datum.int(52)], "1816-12-23"),
            (["year": Datum.int(1817), "week": Datum.int(1)], "1816-12-30"),
            (["year": Datum.int(1818), "week": Datum.int(53)], "1818-12-28"),
            (["year": Datum.int(1819), "week": Datum.int(1)], "1819-01-04"),
            (["dayOfWeek": Datum.int(2), "year": Datum.int(1817), "week": Datum.int(1)], "1816-12-31"),
            (
                [
                    "date": Datum.date(CalendarDate(year: 1816, month: 12, day: 30)!), "week": Datum.int(2),
                    "dayOfWeek": Datum.int(3),
                ], "1817-01-08"
            ),
            (["date": Datum.date(CalendarDate(year: 1816, month: 12, day: 31)!), "week": Datum.int(2)], "1817-01-07"),
            (
                [
                    "date": Datum.date(CalendarDate(year: 1816, month: 12, day: 31)!), "year": Datum.int(1817),
                    "week": Datum.int(2),
                ], "1817-01-07"
            ),
            (["date": Datum.date(CalendarDate(year: 2020, month: 5, day: 17)!), "day": Datum.int(1)], "2020-05-01"),
        ]

        @Test(arguments: dateFieldCases)
        func dateFromFields(_ fields: [String: Datum], _ expected: String) {
            expectValue(.function(.toString, [call(.date, .map(fields))]), str(expected))
        }

        @Test func dateErrorsAndPassThrough() {
            expectValue(call(.date, .null), .null)
            expectValue(call(.date, day(2026, 1, 8)), day(2026, 1, 8))
            expectError(
                call(.date, .map(["year": int(2015), "month": int(2), "day": int(29)])), .argumentError,
                "InvalidArgumentValue")
            expectError(call(.date, .map(["month": int(2)])), .argumentError, "InvalidArgumentValue")
            expectError(call(.date, .map(["year": int(2015), "hour": int(2)])), .argumentError, "InvalidArgumentValue")
            expectError(call(.date, .map(["year": str("2015")])), .typeError, "InvalidArgumentValue")
            expectError(call(.date, int(20_150_101)), .typeError, "InvalidArgumentValue")
            guard case .date(let today) = try? evaluate(call(.date)) else {
                Issue.record("date() is not a date")
                return
            }
            #expect(today.components.year >= 2025)
        }

        @Test func dateFields() {
            // Temporal5 [1], [2].
            let d = day(1984, 10, 11)
            let expected: [(String, Int64)] = [
                ("year", 1984), ("quarter", 4), ("month", 10), ("week", 41), ("weekYear", 1984), ("day", 11),
                ("ordinalDay", 285), ("weekDay", 4), ("dayOfQuarter", 11),
            ]
            for (field, value) in expected { expectValue(.property(lit(d), field), int(value)) }
            let newYear = day(1984, 1, 1)
            expectValue(.property(lit(newYear), "weekYear"), int(1983))
            expectValue(.property(lit(newYear), "week"), int(52))
            expectValue(.property(lit(newYear), "weekDay"), int(7))
            expectError(.property(lit(d), "hour"), .argumentError, "InvalidArgumentValue")
            // Temporal7 [1].
            expectValue(bin(.greater, day(1980, 12, 24), day(1984, 10, 11)), .bool(false))
            expectValue(bin(.lessOrEqual, day(1984, 10, 11), day(1984, 10, 11)), .bool(true))
        }
    }
}

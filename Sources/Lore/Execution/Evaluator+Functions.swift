#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension ScalarFunction {
    /// How many arguments the function takes.
    var arity: ClosedRange<Int> {
        switch self {
        case .rand, .e, .pi: return 0...0
        case .date: return 0...1
        case .coalesce: return 1...Int.max
        case .range: return 2...3
        case .substring, .round: return 2...3
        case .split, .left, .right: return 2...2
        case .replace: return 3...3
        default: return 1...1
        }
    }
}

extension Evaluator {
    /// A function applied to unevaluated arguments (`coalesce` stops at
    /// the first non-null one).
    func call(_ f: ScalarFunction, _ arguments: [BoundExpression], _ row: inout [Datum]) throws -> Datum {
        let arity = f == .round ? 1...3 : f.arity
        guard arity.contains(arguments.count) else {
            throw LoreError(
                .syntaxError, "InvalidNumberOfArguments",
                "\(f.rawValue)() takes \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity)")"
                    + " argument(s), not \(arguments.count)")
        }
        switch f {
        case .coalesce:
            for a in arguments {
                let v = try evaluate(a, &row)
                if !v.isNull { return v }
            }
            return .null
        case .keys:
            // A map written in place keeps its keys in written order.
            if case .map(let entries) = arguments[0] {
                var seen: Set<String> = []
                var keys: [Datum] = []
                for (k, _) in entries where seen.insert(k).inserted { keys.append(.string(k)) }
                return .list(keys)
            }
        default: break
        }
        var values: [Datum] = []
        values.reserveCapacity(arguments.count)
        for a in arguments { values.append(try evaluate(a, &row)) }
        return try apply(f, values)
    }

    /// A function applied to evaluated arguments.
    func apply(_ f: ScalarFunction, _ args: [Datum]) throws -> Datum {
        let x = args.first ?? .null
        switch f {
        // Graph elements.
        case .id:
            switch x {
            case .null: return .null
            case .node(let id), .relationship(let id): return .int(Int64(truncatingIfNeeded: id))
            default: throw Evaluator.invalidArgument(f, x)
            }
        case .labels:
            switch x {
            case .null: return .null
            case .node(let id): return .list(try context.nodeLabels(id).map(Datum.string))
            default: throw Evaluator.invalidArgument(f, x)
            }
        case .type:
            switch x {
            case .null: return .null
            case .relationship(let id): return .string(try context.relationshipType(id))
            default: throw Evaluator.invalidArgument(f, x)
            }
        case .keys:
            let m: [String: Datum]
            switch x {
            case .null: return .null
            case .node(let id): m = try context.nodeProperties(id)
            case .relationship(let id): m = try context.relationshipProperties(id)
            case .map(let map): m = map
            default: throw Evaluator.invalidArgument(f, x)
            }
            return .list(Evaluator.sortedKeys(m).map(Datum.string))
        case .properties:
            switch x {
            case .null: return .null
            case .node(let id): return .map(try context.nodeProperties(id))
            case .relationship(let id): return .map(try context.relationshipProperties(id))
            case .map: return x
            default: throw Evaluator.invalidArgument(f, x)
            }
        case .startNode, .endNode:
            switch x {
            case .null: return .null
            case .relationship(let id):
                let ends = try context.relationshipEnds(id)
                return .node(f == .startNode ? ends.start : ends.end)
            default: throw Evaluator.invalidArgument(f, x)
            }
        case .nodes, .relationships, .length:
            switch x {
            case .null: return .null
            case .path(let nodes, let relationships):
                switch f {
                case .nodes: return .list(nodes.map(Datum.node))
                case .relationships: return .list(relationships.map(Datum.relationship))
                default: return .int(Int64(relationships.count))
                }
            default: throw Evaluator.invalidArgument(f, x)
            }

        // Lists and values.
        case .size:
            switch x {
            case .null: return .null
            case .list(let items): return .int(Int64(items.count))
            case .string(let s): return .int(Int64(s.unicodeScalars.count))
            default: throw Evaluator.invalidArgument(f, x)
            }
        case .coalesce: return args.first { !$0.isNull } ?? .null
        case .head: return try Evaluator.listArgument(x, f).map { $0.first ?? .null } ?? .null
        case .last: return try Evaluator.listArgument(x, f).map { $0.last ?? .null } ?? .null
        case .tail: return try Evaluator.listArgument(x, f).map { .list(Array($0.dropFirst())) } ?? .null
        case .range: return try Evaluator.range(args)
        case .reverse:
            switch x {
            case .null: return .null
            case .list(let items): return .list(items.reversed())
            case .string(let s): return .string(Evaluator.string(s.unicodeScalars.reversed()))
            default: throw Evaluator.invalidArgument(f, x)
            }

        // Conversion.
        case .toString: return try Evaluator.toString(x)
        case .toInteger: return try Evaluator.toInteger(x)
        case .toFloat: return try Evaluator.toFloat(x)
        case .toBoolean: return try Evaluator.toBoolean(x)

        // Strings.
        case .toLower, .toUpper, .trim, .ltrim, .rtrim:
            guard let s = try Evaluator.stringArgument(x, f) else { return .null }
            switch f {
            case .toLower: return .string(s.lowercased())
            case .toUpper: return .string(s.uppercased())
            default:
                var scalars = Substring(s).unicodeScalars[...]
                if f != .rtrim { scalars = scalars.drop { $0.properties.isWhitespace } }
                if f != .ltrim {
                    while let last = scalars.last, last.properties.isWhitespace { scalars = scalars.dropLast() }
                }
                return .string(Evaluator.string(scalars))
            }
        case .substring:
            guard let s = try Evaluator.stringArgument(x, f) else { return .null }
            guard let start = try Evaluator.countArgument(args[1], f, "start") else { return .null }
            let scalars = Array(s.unicodeScalars)
            let from = Swift.min(start, scalars.count)
            var to = scalars.count
            if args.count > 2 {
                guard let length = try Evaluator.countArgument(args[2], f, "length") else { return .null }
                to = from + Swift.min(length, scalars.count - from)
            }
            return .string(Evaluator.string(scalars[from..<to]))
        case .left, .right:
            guard let s = try Evaluator.stringArgument(x, f) else { return .null }
            guard let length = try Evaluator.countArgument(args[1], f, "length") else { return .null }
            let scalars = Array(s.unicodeScalars)
            let n = Swift.min(length, scalars.count)
            return .string(Evaluator.string(f == .left ? scalars.prefix(n) : scalars.suffix(n)))
        case .split:
            guard let s = try Evaluator.stringArgument(x, f) else { return .null }
            let delimiters: [String]
            switch args[1] {
            case .null: return .null
            case .string(let d): delimiters = [d]
            case .list(let items):
                var ds: [String] = []
                for item in items {
                    guard case .string(let d) = item else { throw Evaluator.invalidArgument(f, item) }
                    ds.append(d)
                }
                delimiters = ds
            default: throw Evaluator.invalidArgument(f, args[1])
            }
            return .list(Evaluator.split(s, delimiters).map(Datum.string))
        case .replace:
            guard let s = try Evaluator.stringArgument(x, f),
                let search = try Evaluator.stringArgument(args[1], f),
                let replacement = try Evaluator.stringArgument(args[2], f)
            else { return .null }
            return .string(Evaluator.replace(s, search, replacement))

        // Numbers.
        case .abs:
            switch x {
            case .null: return .null
            case .int(let i):
                guard i != .min else {
                    throw Evaluator.argumentError("IntegerOverflow", "integer overflow in abs(\(i))")
                }
                return .int(Swift.abs(i))
            case .double(let d): return .double(Swift.abs(d))
            default: throw Evaluator.invalidArgument(f, x)
            }
        case .sign:
            switch x {
            case .null: return .null
            case .int(let i): return .int(i.signum())
            case .double(let d): return .int(d > 0 ? 1 : (d < 0 ? -1 : 0))
            default: throw Evaluator.invalidArgument(f, x)
            }
        case .ceil, .floor, .sqrt, .exp, .log, .log10:
            guard let d = try Evaluator.numberArgument(x, f) else { return .null }
            switch f {
            case .ceil: return .double(d.rounded(.up))
            case .floor: return .double(d.rounded(.down))
            case .sqrt: return .double(d.squareRoot())
            case .exp: return .double(exp(d))
            case .log: return .double(log(d))
            default: return .double(log10(d))
            }
        case .round: return try Evaluator.round(args)
        case .rand: return .double(Double.random(in: 0..<1))
        case .e: return .double(exp(1))
        case .pi: return .double(Double.pi)

        // Temporal.
        case .date:
            if args.isEmpty { return .date(Evaluator.today()) }
            return try Evaluator.date(x)

        // Predicates.
        case .exists: return .bool(!x.isNull)
        }
    }

    // MARK: - Arguments

    static func invalidArgument(_ f: ScalarFunction, _ v: Datum) -> LoreError {
        typeError("InvalidArgumentValue", "\(f.rawValue)() cannot take a \(v.typeName)")
    }

    static func stringArgument(_ v: Datum, _ f: ScalarFunction) throws -> String? {
        switch v {
        case .null: return nil
        case .string(let s): return s
        default: throw invalidArgument(f, v)
        }
    }

    static func numberArgument(_ v: Datum, _ f: ScalarFunction) throws -> Double? {
        switch v {
        case .null: return nil
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: throw invalidArgument(f, v)
        }
    }

    /// A non-negative integer argument (a position or length in a string).
    static func countArgument(_ v: Datum, _ f: ScalarFunction, _ name: String) throws -> Int? {
        switch v {
        case .null: return nil
        case .int(let i):
            guard i >= 0 else {
                throw argumentError("NumberOutOfRange", "\(f.rawValue)() needs a \(name) >= 0, not \(i)")
            }
            return Int(Swift.min(i, Int64(Int32.max)))
        default: throw invalidArgument(f, v)
        }
    }

    // MARK: - Strings

    static func string<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// Keys in UTF-8 byte order: stored maps have no order of their own,
    /// so a fixed one keeps results repeatable.
    static func sortedKeys(_ m: [String: Datum]) -> [String] {
        m.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Splits at every occurrence of any delimiter, keeping empty pieces;
    /// an empty delimiter splits into single characters.
    static func split(_ s: String, _ delimiters: [String]) -> [String] {
        let text = Array(s.unicodeScalars)
        let ds = delimiters.map { Array($0.unicodeScalars) }
        if ds.contains(where: \.isEmpty) && ds.allSatisfy(\.isEmpty) {
            return text.map { String(Character($0)) }
        }
        var pieces: [String] = []
        var pieceStart = 0
        var i = 0
        while i < text.count {
            if let d = ds.first(where: { !$0.isEmpty && text[i...].starts(with: $0) }) {
                pieces.append(string(text[pieceStart..<i]))
                i += d.count
                pieceStart = i
            } else {
                i += 1
            }
        }
        pieces.append(string(text[pieceStart..<text.count]))
        return pieces
    }

    /// Replaces every occurrence of `search`; an empty `search` matches
    /// before every character and at the end, as in Java.
    static func replace(_ s: String, _ search: String, _ replacement: String) -> String {
        let text = Array(s.unicodeScalars)
        let pattern = Array(search.unicodeScalars)
        let with = Array(replacement.unicodeScalars)
        var out: [Unicode.Scalar] = []
        if pattern.isEmpty {
            for c in text {
                out += with
                out.append(c)
            }
            out += with
            return string(out)
        }
        var i = 0
        while i < text.count {
            if text[i...].starts(with: pattern) {
                out += with
                i += pattern.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return string(out)
    }

    // MARK: - Conversion

    static func toString(_ v: Datum) throws -> Datum {
        switch v {
        case .null, .string: return v
        case .int(let i): return .string(String(i))
        case .double(let d): return .string(formatDouble(d))
        case .bool(let b): return .string(b ? "true" : "false")
        case .date(let d): return .string(d.description)
        default: throw invalidArgument(.toString, v)
        }
    }

    /// Floats as Java writes them: `1.0`, `0.001`, `1.0E7`, `1.5E-4`,
    /// `NaN`, `Infinity`, with the shortest digits that read back exactly.
    static func formatDouble(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        let sign = d.sign == .minus ? "-" : ""
        if d == 0 { return sign + "0.0" }
        let text = "\(Swift.abs(d))"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts[0]
        var digits = Array(whole + (parts.count > 1 ? parts[1] : ""))
        // The value is 0.digits × 10^point.
        var point = whole.count + exponent
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        let magnitude = Swift.abs(d)
        if magnitude >= 1e-3 && magnitude < 1e7 {
            if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(digits) }
            if point >= digits.count {
                return sign + String(digits) + String(repeating: "0", count: point - digits.count) + ".0"
            }
            return sign + String(digits[..<point]) + "." + String(digits[point...])
        }
        let rest = digits.count > 1 ? String(digits[1...]) : "0"
        return sign + String(digits[0]) + "." + rest + "E" + String(point - 1)
    }

    /// Reads a float as Java's `Double.parseDouble` does: surrounding
    /// blanks allowed, `NaN` and `Infinity` spelled so.
    static func parseDouble(_ s: String) -> Double? {
        let t = s.unicodeScalars.drop { $0.value <= 0x20 }
        var scalars = Substring.UnicodeScalarView(t)
        while let last = scalars.last, last.value <= 0x20 { scalars.removeLast() }
        let text = String(scalars)
        let letters = text.filter { $0.isLetter && $0 != "e" && $0 != "E" }
        if !letters.isEmpty {
            let body = text.hasPrefix("-") || text.hasPrefix("+") ? String(text.dropFirst()) : text
            guard body == "NaN" || body == "Infinity" else { return nil }
            return body == "NaN" ? .nan : (text.hasPrefix("-") ? -.infinity : .infinity)
        }
        return Double(text)
    }

    static func toInteger(_ v: Datum) throws -> Datum {
        switch v {
        case .null, .int: return v
        case .bool(let b): return .int(b ? 1 : 0)
        case .double(let d): return truncate(d).map(Datum.int) ?? .null
        case .string(let s):
            if let i = Int64(s) { return .int(i) }
            return parseDouble(s).flatMap(truncate).map(Datum.int) ?? .null
        default: throw invalidArgument(.toInteger, v)
        }
    }

    /// The integer part of `d`, nil when it is not a 64-bit integer.
    static func truncate(_ d: Double) -> Int64? {
        guard d.isFinite, d > -9_223_372_036_854_777_856.0, d < 9_223_372_036_854_775_808.0 else { return nil }
        return Int64(d.rounded(.towardZero))
    }

    static func toFloat(_ v: Datum) throws -> Datum {
        switch v {
        case .null, .double: return v
        case .int(let i): return .double(Double(i))
        case .string(let s): return parseDouble(s).map(Datum.double) ?? .null
        default: throw invalidArgument(.toFloat, v)
        }
    }

    static func toBoolean(_ v: Datum) throws -> Datum {
        switch v {
        case .null, .bool: return v
        case .int(let i): return .bool(i != 0)
        case .string(let s):
            switch s.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return .null
            }
        default: throw invalidArgument(.toBoolean, v)
        }
    }

    // MARK: - Numbers

    /// `round(x)` rounds half up (toward positive infinity) as Java's
    /// `Math.round`; `round(x, precision)` rounds to that many decimals,
    /// half away from zero; `round(x, precision, mode)` names the mode
    /// (`UP`, `DOWN`, `CEILING`, `FLOOR`, `HALF_UP`, `HALF_DOWN`,
    /// `HALF_EVEN`).
    static func round(_ args: [Datum]) throws -> Datum {
        guard let x = try numberArgument(args[0], .round) else { return .null }
        if args.count == 1 {
            let down = x.rounded(.down)
            return .double(x - down >= 0.5 ? down + 1 : down)
        }
        guard case .int(let precision) = args[1] else {
            if args[1].isNull { return .null }
            throw invalidArgument(.round, args[1])
        }
        var mode = "HALF_UP"
        if args.count > 2 {
            guard let m = try stringArgument(args[2], .round) else { return .null }
            mode = m.uppercased()
        }
        let scale = pow(10, Double(Swift.min(Swift.max(precision, -308), 308)))
        let scaled = x * scale
        guard let r = roundIntegral(scaled, mode) else {
            throw argumentError("InvalidArgumentValue", "round() does not know the rounding mode '\(mode)'")
        }
        guard x.isFinite, scaled.isFinite else { return .double(x) }
        return .double(r / scale)
    }

    /// `v` rounded to an integral value by a named rounding mode.
    private static func roundIntegral(_ v: Double, _ mode: String) -> Double? {
        let t = v.rounded(.towardZero)
        let fraction = Swift.abs(v - t)
        let away = t + (v < 0 ? -1 : 1)
        switch mode {
        case "UP": return fraction == 0 ? t : away
        case "DOWN": return t
        case "CEILING": return v.rounded(.up)
        case "FLOOR": return v.rounded(.down)
        case "HALF_UP": return fraction >= 0.5 ? away : t
        case "HALF_DOWN": return fraction > 0.5 ? away : t
        case "HALF_EVEN": return v.rounded(.toNearestOrEven)
        default: return nil
        }
    }
}

// MARK: - Dates

extension Evaluator {
    /// Today's date in UTC.
    static func today() -> CalendarDate {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let seconds = Int64(now.tv_sec)
        return CalendarDate(daysSinceEpoch: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    /// `date(x)`: a date from ISO 8601 text, from a map of fields, or
    /// the date itself.
    static func date(_ v: Datum) throws -> Datum {
        switch v {
        case .null, .date: return v
        case .string(let s):
            guard let d = parseDate(s) else {
                throw argumentError("InvalidArgumentValue", "'\(s)' is not a date")
            }
            return .date(d)
        case .map(let m): return .date(try dateFromFields(m))
        default: throw invalidArgument(.date, v)
        }
    }

    /// ISO weekday, Monday 1 to Sunday 7 (1970-01-01 was a Thursday).
    static func weekday(_ days: Int64) -> Int {
        let r = (days + 3) % 7
        return Int(r < 0 ? r + 7 : r) + 1
    }

    /// The ISO week-based year and week of a date.
    static func isoWeek(_ d: CalendarDate) -> (year: Int, week: Int) {
        let thursday = CalendarDate(daysSinceEpoch: d.daysSinceEpoch + Int64(4 - weekday(d.daysSinceEpoch)))
        let year = thursday.components.year
        let jan1 = CalendarDate(year: year, month: 1, day: 1)!
        return (year, Int((thursday.daysSinceEpoch - jan1.daysSinceEpoch) / 7) + 1)
    }

    /// The number of ISO weeks in a week-based year (52 or 53).
    static func weeksIn(year: Int) -> Int {
        guard let dec28 = CalendarDate(year: year, month: 12, day: 28) else { return 52 }
        return isoWeek(dec28).week
    }

    static func weekDate(year: Int, week: Int, day: Int) -> CalendarDate? {
        guard let jan4 = CalendarDate(year: year, month: 1, day: 4), (1...weeksIn(year: year)).contains(week),
            (1...7).contains(day)
        else { return nil }
        let monday = jan4.daysSinceEpoch - Int64(weekday(jan4.daysSinceEpoch) - 1)
        return CalendarDate(daysSinceEpoch: monday + Int64(week - 1) * 7 + Int64(day - 1))
    }

    static func ordinalDate(year: Int, day: Int) -> CalendarDate? {
        guard let jan1 = CalendarDate(year: year, month: 1, day: 1) else { return nil }
        let length = CalendarDate.daysIn(month: 2, year: year) == 29 ? 366 : 365
        guard (1...length).contains(day) else { return nil }
        return CalendarDate(daysSinceEpoch: jan1.daysSinceEpoch + Int64(day - 1))
    }

    static func quarterDate(year: Int, quarter: Int, day: Int) -> CalendarDate? {
        guard (1...4).contains(quarter), let first = CalendarDate(year: year, month: quarter * 3 - 2, day: 1) else {
            return nil
        }
        let next =
            quarter == 4
            ? CalendarDate(year: year + 1, month: 1, day: 1) : CalendarDate(year: year, month: quarter * 3 + 1, day: 1)
        let length = Int((next?.daysSinceEpoch ?? first.daysSinceEpoch + 92) - first.daysSinceEpoch)
        guard (1...length).contains(day) else { return nil }
        return CalendarDate(daysSinceEpoch: first.daysSinceEpoch + Int64(day - 1))
    }

    /// ISO 8601 dates, extended or basic: `2015-07-21`, `20150721`,
    /// `2015-07`, `201507`, `2015-W30-2`, `2015W302`, `2015-W30`,
    /// `2015W30`, `2015-202`, `2015202`, `2015`; a signed year may have
    /// more than four digits (`+12015-07-21`).
    static func parseDate(_ text: String) -> CalendarDate? {
        var s = Substring(text)
        var sign = 1
        var signed = false
        if let first = s.first, first == "+" || first == "-" {
            sign = first == "-" ? -1 : 1
            signed = true
            s = s.dropFirst()
        }
        guard s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "W") }) else { return nil }
        let yearLength = signed ? s.prefix { $0.isNumber }.count : 4
        guard yearLength >= 4, s.count >= yearLength, let y = Int(s.prefix(yearLength)) else { return nil }
        let year = sign * y
        var rest = s.dropFirst(yearLength)
        if rest.isEmpty { return CalendarDate(year: year, month: 1, day: 1) }
        let extended = rest.first == "-"
        if extended { rest = rest.dropFirst() }
        func number(_ part: Substring) -> Int? { part.allSatisfy(\.isNumber) ? Int(part) : nil }
        if rest.first == "W" {
            rest = rest.dropFirst()
            guard rest.count >= 2, let week = number(rest.prefix(2)) else { return nil }
            rest = rest.dropFirst(2)
            if rest.isEmpty { return weekDate(year: year, week: week, day: 1) }
            if extended {
                guard rest.first == "-" else { return nil }
                rest = rest.dropFirst()
            }
            guard rest.count == 1, let day = number(rest) else { return nil }
            return weekDate(year: year, week: week, day: day)
        }
        if rest.count == 3, let day = number(rest) { return ordinalDate(year: year, day: day) }
        guard rest.count >= 2, let month = number(rest.prefix(2)) else { return nil }
        rest = rest.dropFirst(2)
        if rest.isEmpty { return CalendarDate(year: year, month: month, day: 1) }
        if extended {
            guard rest.first == "-" else { return nil }
            rest = rest.dropFirst()
        }
        guard rest.count == 2, let day = number(rest) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// `date({year, month, day})` and its week (`week`, `dayOfWeek`),
    /// ordinal (`ordinalDay`) and quarter (`quarter`, `dayOfQuarter`)
    /// forms; `date` gives a base whose fields the others replace.
    static func dateFromFields(_ m: [String: Datum]) throws -> CalendarDate {
        var fields: [String: Int] = [:]
        var base: CalendarDate?
        let known = ["year", "month", "day", "week", "dayofweek", "ordinalday", "quarter", "dayofquarter"]
        for (key, value) in m {
            let k = key.lowercased()
            if k == "date" {
                switch value {
                case .date(let d): base = d
                case .null: break
                default: throw invalidArgument(.date, value)
                }
                continue
            }
            guard known.contains(k) else {
                throw argumentError("InvalidArgumentValue", "date() does not take a field `\(key)`")
            }
            switch value {
            case .int(let i):
                guard let v = Int(exactly: i), Swift.abs(v) <= 1_000_000 else {
                    throw argumentError("InvalidArgumentValue", "date() field `\(key)` is out of range: \(i)")
                }
                fields[k] = v
            case .null: break
            default: throw invalidArgument(.date, value)
            }
        }
        let result: CalendarDate?
        if fields["week"] != nil || fields["dayofweek"] != nil {
            let week = base.map(isoWeek)
            guard let year = fields["year"] ?? week?.year else { throw missingYear() }
            result = weekDate(
                year: year, week: fields["week"] ?? week?.week ?? 1,
                day: fields["dayofweek"] ?? base.map { weekday($0.daysSinceEpoch) } ?? 1)
        } else if fields["ordinalday"] != nil {
            guard let year = fields["year"] ?? base?.components.year else { throw missingYear() }
            result = ordinalDate(year: year, day: fields["ordinalday"]!)
        } else if fields["quarter"] != nil || fields["dayofquarter"] != nil {
            guard let year = fields["year"] ?? base?.components.year else { throw missingYear() }
            let quarter = fields["quarter"] ?? base.map { (quarterAndDay($0).quarter) } ?? 1
            let day = fields["dayofquarter"] ?? base.map { quarterAndDay($0).day } ?? 1
            result = quarterDate(year: year, quarter: quarter, day: day)
        } else {
            let parts = base?.components
            guard let year = fields["year"] ?? parts?.year else { throw missingYear() }
            if fields["day"] != nil && fields["month"] == nil && parts == nil {
                throw argumentError("InvalidArgumentValue", "date() needs a month with a day")
            }
            result = CalendarDate(
                year: year, month: fields["month"] ?? parts?.month ?? 1, day: fields["day"] ?? parts?.day ?? 1)
        }
        guard let result else {
            let written = sortedKeys(m).map { "\($0): \(m[$0]!)" }.joined(separator: ", ")
            throw argumentError("InvalidArgumentValue", "date() fields do not name a date: {\(written)}")
        }
        return result
    }

    private static func missingYear() -> LoreError {
        argumentError("InvalidArgumentValue", "date() needs a year")
    }

    static func quarterAndDay(_ d: CalendarDate) -> (quarter: Int, day: Int) {
        let (year, month, _) = d.components
        let quarter = (month - 1) / 3 + 1
        let first = CalendarDate(year: year, month: quarter * 3 - 2, day: 1)!
        return (quarter, Int(d.daysSinceEpoch - first.daysSinceEpoch) + 1)
    }

    /// A field of a date: `year`, `quarter`, `month`, `week`, `weekYear`,
    /// `day`, `ordinalDay`, `weekDay` (or `dayOfWeek`), `dayOfQuarter`.
    static func dateField(_ d: CalendarDate, _ key: String) throws -> Datum {
        let (year, month, day) = d.components
        switch key.lowercased() {
        case "year": return .int(Int64(year))
        case "month": return .int(Int64(month))
        case "day": return .int(Int64(day))
        case "quarter": return .int(Int64(quarterAndDay(d).quarter))
        case "dayofquarter": return .int(Int64(quarterAndDay(d).day))
        case "week": return .int(Int64(isoWeek(d).week))
        case "weekyear": return .int(Int64(isoWeek(d).year))
        case "weekday", "dayofweek": return .int(Int64(weekday(d.daysSinceEpoch)))
        case "ordinalday":
            let jan1 = CalendarDate(year: year, month: 1, day: 1)!
            return .int(d.daysSinceEpoch - jan1.daysSinceEpoch + 1)
        default:
            throw argumentError("InvalidArgumentValue", "a date has no field `\(key)`")
        }
    }
}

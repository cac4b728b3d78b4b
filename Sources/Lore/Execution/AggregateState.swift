/// The running state of one aggregate over one group.
///
/// Nulls are skipped by every aggregate but `count(*)`. DISTINCT is the
/// caller's: it passes each distinct value once.
///
/// Results on an empty group: `count` 0, `sum` 0, `stDev`/`stDevP` 0.0,
/// `collect` [], the others null.
struct AggregateState {
    let function: AggregateFunction
    /// The percentile of `percentileCont` and `percentileDisc`, 0.0 to 1.0.
    private(set) var percentile: Double
    private var count: Int64 = 0
    private var sumInt: Int64 = 0
    private var sumDouble: Double = 0
    /// Once a float is summed, the sum is a float.
    private var sumIsDouble = false
    private var mean: Double = 0
    private var squares: Double = 0
    private var best: Datum = .null
    private var items: [Datum] = []

    init(_ function: AggregateFunction) {
        self.function = function
        self.percentile = 0.5
    }

    /// An aggregate with its percentile (for `percentileCont` and
    /// `percentileDisc`); a percentile outside 0.0...1.0 is an
    /// `ArgumentError` (`NumberOutOfRange`).
    init(_ function: AggregateFunction, percentile: Double) throws {
        self.function = function
        self.percentile = try AggregateState.checkedPercentile(.double(percentile))
    }

    /// An aggregate with its percentile as evaluated; it must be a number
    /// in 0.0...1.0.
    init(_ function: AggregateFunction, percentile: Datum) throws {
        self.function = function
        self.percentile = try AggregateState.checkedPercentile(percentile)
    }

    static func checkedPercentile(_ p: Datum) throws -> Double {
        switch p {
        case .int, .double:
            let d = p.number!
            guard d >= 0, d <= 1 else {
                throw LoreError(
                    .argumentError, "NumberOutOfRange", "a percentile must be between 0.0 and 1.0, not \(d)")
            }
            return d
        case .null:
            throw LoreError(.argumentError, "NumberOutOfRange", "a percentile must be between 0.0 and 1.0, not null")
        default:
            throw LoreError(.typeError, "InvalidArgumentValue", "a percentile must be a number, not a \(p.typeName)")
        }
    }

    /// Adds one input with the percentile argument as evaluated on the same
    /// row (`percentileCont(x, p)`, `percentileDisc(x, p)`): the percentile
    /// is checked on every row, and the last one is used.
    mutating func add(_ value: Datum, percentile p: Datum) throws {
        percentile = try AggregateState.checkedPercentile(p)
        try add(value)
    }

    /// Adds one input (the argument's value; ignored for `count(*)`).
    mutating func add(_ value: Datum) throws {
        if function == .countStar {
            count += 1
            return
        }
        if value.isNull { return }
        switch function {
        case .count, .countStar: break
        case .sum, .avg:
            switch value {
            case .int(let i):
                if sumIsDouble {
                    sumDouble += Double(i)
                } else {
                    let (r, overflow) = sumInt.addingReportingOverflow(i)
                    if overflow {
                        guard function == .avg else {
                            throw LoreError(.argumentError, "IntegerOverflow", "integer overflow in sum()")
                        }
                        // An average of integers is a float anyway.
                        sumIsDouble = true
                        sumDouble = Double(sumInt) + Double(i)
                    } else {
                        sumInt = r
                    }
                }
            case .double(let d):
                if !sumIsDouble {
                    sumIsDouble = true
                    sumDouble = Double(sumInt)
                }
                sumDouble += d
            default: throw AggregateState.notANumber(function, value)
            }
        case .stDev, .stDevP:
            guard let x = value.number else { throw AggregateState.notANumber(function, value) }
            // Welford's running mean and sum of squared deviations.
            let n = Double(count + 1)
            let delta = x - mean
            mean += delta / n
            squares += delta * (x - mean)
        case .percentileCont, .percentileDisc:
            guard value.number != nil else { throw AggregateState.notANumber(function, value) }
            items.append(value)
        case .min:
            if best.isNull || Datum.orderCompare(value, best) < 0 { best = value }
        case .max:
            if best.isNull || Datum.orderCompare(value, best) > 0 { best = value }
        case .collect: items.append(value)
        }
        count += 1
    }

    private static func notANumber(_ f: AggregateFunction, _ v: Datum) -> LoreError {
        LoreError(.typeError, "InvalidArgumentValue", "\(f.rawValue)() needs numbers, found a \(v.typeName)")
    }

    /// The aggregate's value.
    func result() -> Datum {
        switch function {
        case .count, .countStar: return .int(count)
        case .sum: return sumIsDouble ? .double(sumDouble) : .int(sumInt)
        case .avg:
            guard count > 0 else { return .null }
            return .double((sumIsDouble ? sumDouble : Double(sumInt)) / Double(count))
        case .stDev: return .double(count > 1 ? (squares / Double(count - 1)).squareRoot() : 0)
        case .stDevP: return .double(count > 0 ? (squares / Double(count)).squareRoot() : 0)
        case .min, .max: return best
        case .collect: return .list(items)
        case .percentileDisc, .percentileCont:
            guard !items.isEmpty else { return .null }
            let sorted = items.sorted { Datum.compareNumbers($0, $1) < 0 }
            let n = sorted.count
            if function == .percentileDisc {
                let position = percentile * Double(n)
                var index = Int(position)
                if Double(index) == position && index > 0 { index -= 1 }
                return sorted[Swift.min(index, n - 1)]
            }
            let position = percentile * Double(n - 1)
            let lower = Int(position.rounded(.down))
            let upper = Int(position.rounded(.up))
            let low = sorted[lower].number!
            if lower == upper || upper >= n { return .double(low) }
            let high = sorted[upper].number!
            return .double(low * (Double(upper) - position) + high * (position - Double(lower)))
        }
    }
}

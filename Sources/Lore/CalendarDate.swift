/// A calendar date without time or zone (proleptic Gregorian), as written
/// `date('2026-01-08')` in LQL.
///
/// Stored as the number of days since 1970-01-01, so dates order and compare
/// as integers. Years run from -999,999 to 999,999.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let daysSinceEpoch: Int64

    /// Creates the date `daysSinceEpoch` days after 1970-01-01.
    public init(daysSinceEpoch: Int64) { self.daysSinceEpoch = daysSinceEpoch }

    /// Creates a date from its parts; nil when the day does not exist
    /// (2026-02-30) or the year is out of range.
    public init?(year: Int, month: Int, day: Int) {
        guard (-999_999...999_999).contains(year), (1...12).contains(month),
            (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        daysSinceEpoch = era * 146_097 + doe - 719_468
    }

    /// Parses `YYYY-MM-DD` (also `+YYYYY-MM-DD` and `-YYYY-MM-DD`, and the
    /// basic form `YYYYMMDD`); nil when the text is not such a date. Only
    /// ASCII digits count. Cost: one pass over the UTF-8 bytes.
    public init?(iso text: String) {
        var text = text
        guard let (year, month, day) = text.withUTF8(CalendarDate.isoFields) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The year, month and day an ISO date's digits give, before any range
    /// check; nil when the text has another shape or the year overflows.
    private static func isoFields(_ b: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
        var start = 0
        var sign = 1
        if let first = b.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            sign = first == UInt8(ascii: "-") ? -1 : 1
            start = 1
        }
        func number(_ from: Int, _ to: Int) -> Int? {
            var v = 0
            for i in from..<to {
                let digit = b[i] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                let (times10, o1) = v.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int(digit))
                if o1 || o2 { return nil }
                v = sum
            }
            return v
        }
        var (dash1, dash2) = (-1, -1)
        for i in start..<b.count where b[i] == UInt8(ascii: "-") {
            if dash1 < 0 {
                dash1 = i
            } else if dash2 < 0 {
                dash2 = i
            } else {
                return nil
            }
        }
        let fields: (Int?, Int?, Int?)
        if dash2 >= 0, dash1 - start >= 4, dash2 - dash1 == 3, b.count - dash2 == 3 {
            fields = (number(start, dash1), number(dash1 + 1, dash2), number(dash2 + 1, b.count))
        } else if dash1 < 0, b.count - start == 8 {
            fields = (number(start, start + 4), number(start + 4, start + 6), number(start + 6, start + 8))
        } else {
            return nil
        }
        guard let y = fields.0, let m = fields.1, let d = fields.2 else { return nil }
        return (sign * y, m, d)
    }

    /// The year, month (1-12) and day (1-31).
    public var components: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d))
    }

    /// ISO 8601: `2026-01-08`.
    public var description: String {
        let (y, m, d) = components
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        let year = y < 0 ? "-" + pad(-y, 4) : (y > 9999 ? "+" + String(y) : pad(y, 4))
        return "\(year)-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// Earlier dates sort first.
    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

import Testing

@testable import Lore

/// `CalendarDate(iso:)` as it was written on Characters: the oracle for the
/// byte reader that replaced it.
private func referenceISODate(_ text: String) -> CalendarDate? {
    var s = Substring(text)
    var sign = 1
    if s.first == "-" {
        sign = -1
        s = s.dropFirst()
    } else if s.first == "+" {
        s = s.dropFirst()
    }
    let parts = s.split(separator: "-", omittingEmptySubsequences: false)
    let y: Int?
    let m: Int?
    let d: Int?
    if parts.count == 3, parts[0].count >= 4, parts[1].count == 2, parts[2].count == 2 {
        (y, m, d) = (Int(parts[0]), Int(parts[1]), Int(parts[2]))
    } else if parts.count == 1, s.count == 8, s.allSatisfy(\.isASCII) {
        (y, m, d) = (Int(s.prefix(4)), Int(s.dropFirst(4).prefix(2)), Int(s.suffix(2)))
    } else {
        return nil
    }
    guard let y, let m, let d, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return nil }
    return CalendarDate(year: sign * y, month: m, day: d)
}

@Suite("ISO dates")
struct CalendarDateTests {
    @Test(arguments: [
        ("2026-01-08", "2026-01-08"), ("20260108", "2026-01-08"), ("+2026-01-08", "2026-01-08"),
        ("-0044-03-15", "-0044-03-15"), ("+12345-06-07", "+12345-06-07"), ("0000-02-29", "0000-02-29"),
        ("999999-12-31", "+999999-12-31"),
    ])
    func validDatesRead(text: String, printed: String) {
        #expect(CalendarDate(iso: text)?.description == printed)
    }

    @Test(arguments: [
        "", "2026", "2026-1-08", "2026-01-8", "26-01-08", "2026-02-30", "2026-13-01", "2026-00-10", "2026/01/08",
        "2026-01-08 ", " 2026-01-08", "--2026-01-08", "+-2026-01-08", "2026-01-08-", "1000000-01-01",
        "99999999999999999999-01-01", "2026٣-01-08", "２０２６-01-08", "2026-01-0é", "+2026",
    ])
    func otherTextsDoNot(text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test func agreesWithTheCharacterReader() {
        var rng = SeededGenerator(seed: 7)
        let alphabet: [String] = ["0", "1", "2", "9", "-", "+", " ", "é", "\u{301}", "٣", "x"]
        for _ in 0..<20_000 {
            var text = ""
            if Bool.random(using: &rng) {
                // Near a date: a valid one, then a few characters changed.
                text =
                    "\(Int.random(in: 1...9999, using: &rng))-0\(Int.random(in: 1...9, using: &rng))-1\(Int.random(in: 0...9, using: &rng))"
                var chars = Array(text)
                for _ in 0..<Int.random(in: 0...2, using: &rng) {
                    let at = Int.random(in: 0..<chars.count, using: &rng)
                    chars[at] = Character(alphabet.randomElement(using: &rng)!)
                }
                text = String(chars)
            } else {
                for _ in 0..<Int.random(in: 0...12, using: &rng) { text += alphabet.randomElement(using: &rng)! }
            }
            #expect(CalendarDate(iso: text) == referenceISODate(text), "\(text)")
        }
    }
}

import Foundation

@testable import Lore

/// A fresh temporary directory, removed when the value is dropped by `withTemporaryDirectory`.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("lore-test-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// SplitMix64: a small seeded generator, so that a failing run can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The order of stored values, written independently of the key encoding:
/// numbers exactly across Int and Double (NaN last), strings by UTF-8 bytes,
/// dates by day, false before true, lists element by element (shorter
/// first). Values of different families order by family: list, string,
/// boolean, number, date. Returns -1, 0 or 1.
func referenceCompare(_ a: Value, _ b: Value) -> Int {
    func family(_ v: Value) -> Int {
        switch v {
        case .list: return 0
        case .string: return 1
        case .bool: return 2
        case .int, .double: return 3
        case .date: return 4
        default: return 5
        }
    }
    let fa = family(a)
    let fb = family(b)
    if fa != fb { return fa < fb ? -1 : 1 }
    switch (a, b) {
    case (.list(let x), .list(let y)):
        for (p, q) in zip(x, y) {
            let c = referenceCompare(p, q)
            if c != 0 { return c }
        }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    case (.string(let x), .string(let y)):
        if x.utf8.elementsEqual(y.utf8) { return 0 }
        return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1
    case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
    case (.date(let x), .date(let y)): return x == y ? 0 : (x < y ? -1 : 1)
    case (.int(let x), .int(let y)): return x == y ? 0 : (x < y ? -1 : 1)
    case (.double(let x), .double(let y)): return compareDoubles(x, y)
    case (.int(let i), .double(let d)): return compareIntDouble(i, d)
    case (.double(let d), .int(let i)): return -compareIntDouble(i, d)
    default: return 0
    }
}

private func compareDoubles(_ x: Double, _ y: Double) -> Int {
    if x.isNaN || y.isNaN { return x.isNaN && y.isNaN ? 0 : (x.isNaN ? 1 : -1) }
    return x == y ? 0 : (x < y ? -1 : 1)
}

/// Compares an Int64 with a Double exactly, without rounding the Int.
private func compareIntDouble(_ i: Int64, _ d: Double) -> Int {
    if d.isNaN { return -1 }
    if d >= 9_223_372_036_854_775_808.0 { return -1 }
    if d < -9_223_372_036_854_775_808.0 { return 1 }
    let t = d.rounded(.towardZero)
    let ti = Int64(t)
    if i != ti { return i < ti ? -1 : 1 }
    return d == t ? 0 : (d > t ? -1 : 1)
}

/// A random storable value, skewed to edge cases: integers near 2^53 and
/// 2^63, whole doubles that equal integers, -0.0, NaN, strings with NUL
/// bytes and shared long prefixes, dates far from the epoch.
func randomStorableValue(_ rng: inout SeededGenerator, allowLists: Bool = true) -> Value {
    switch Int.random(in: 0..<(allowLists ? 11 : 10), using: &rng) {
    case 0: return .int(Int64.random(in: -20...20, using: &rng))
    case 1: return .int(Int64.random(in: Int64.min...Int64.max, using: &rng))
    case 2:
        let base: Int64 = [1 << 53, -(1 << 53), Int64.max - 2000, Int64.min + 2000][Int.random(in: 0..<4, using: &rng)]
        return .int(base &+ Int64.random(in: -1100...1100, using: &rng))
    case 3: return .double(Double(Int.random(in: -20...20, using: &rng)) / 2)
    case 4:
        let specials: [Double] = [
            0, -0.0, .nan, .infinity, -.infinity, 9_007_199_254_740_992, 9.223372036854775808e18, 1e300, -1e-300,
        ]
        return .double(specials[Int.random(in: 0..<specials.count, using: &rng)])
    case 5: return .double(Double.random(in: -1e6...1e6, using: &rng))
    case 6:
        let alphabet: [String] = ["a", "b", "\u{0}", "é", "z", "\u{1F600}", "A", " "]
        let n = Int.random(in: 0...5, using: &rng)
        return .string((0..<n).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }.joined())
    case 7:
        let long = String(repeating: "x", count: 420)
        return .string(long + String(Int.random(in: 0...3, using: &rng)))
    case 8: return .bool(Bool.random(using: &rng))
    case 9: return .date(CalendarDate(daysSinceEpoch: Int64.random(in: -800_000...800_000, using: &rng)))
    default:
        let n = Int.random(in: 0...3, using: &rng)
        return .list((0..<n).map { _ in randomStorableValue(&rng, allowLists: false) })
    }
}

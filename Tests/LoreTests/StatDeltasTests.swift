import Testing

@testable import Lore

@Suite("Pending statistics")
struct StatDeltasTests {
    @Test func theCacheLosesNoBumpAndCopiesStayApart() {
        var rng = SeededGenerator(seed: 11)
        var deltas = StatDeltas()
        var expected: [StatKey: Int64] = [:]
        var saved: (StatDeltas, [StatKey: Int64])? = nil
        // Far more keys than cache slots, so slots are shared and handed on.
        func randomKey() -> StatKey {
            let a = UInt32.random(in: 0..<40, using: &rng)
            let b = UInt32.random(in: 0..<40, using: &rng)
            switch Int.random(in: 0..<9, using: &rng) {
            case 0: return .nodes
            case 1: return .relationships
            case 2: return .label(a)
            case 3: return .type(a)
            case 4: return .labelKey(a, b)
            case 5: return .distinct(a, b)
            case 6: return .typeKey(a, b)
            case 7: return .nodeKey(a)
            default: return .relationshipKey(a)
            }
        }
        for step in 0..<50_000 {
            let key = randomKey()
            let delta = Int64.random(in: -3...5, using: &rng)
            deltas.add(key, delta)
            expected[key, default: 0] += delta
            if step == 20_000 { saved = (deltas, expected) }
            if step % 997 == 0 { #expect(deltas[key] == expected[key]) }
        }
        #expect(deltas.all.filter { $0.value != 0 } == expected.filter { $0.value != 0 })
        let (copy, then) = saved!
        #expect(copy.all.filter { $0.value != 0 } == then.filter { $0.value != 0 })
        #expect((0..<256).contains(StatKey.typeKey(.max, .max).slot))
    }
}

import Testing

@testable import Lore

@Suite("Pending statistics")
struct StatDeltasTests {
    @Test func statisticKeysKeepTheirStoredBytesAndDecodeBack() {
        let samples: [(StatKey, [UInt8])] = [
            (.nodes, [1]),
            (.relationships, [2]),
            (.label(0x0102_0304), [0x10, 1, 2, 3, 4]),
            (.type(7), [0x11, 0, 0, 0, 7]),
            (.labelKey(1, 0xFFFF_FFFF), [0x12, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF]),
            (.distinct(2, 3), [0x13, 0, 0, 0, 2, 0, 0, 0, 3]),
            (.typeKey(4, 5), [0x14, 0, 0, 0, 4, 0, 0, 0, 5]),
            (.nodeKey(6), [0x15, 0, 0, 0, 6]),
            (.relationshipKey(0x0A0B_0C0D), [0x16, 0x0A, 0x0B, 0x0C, 0x0D]),
        ]
        for (key, stored) in samples {
            #expect(key.bytes == stored)
            #expect(key.withBytes { Array($0) } == stored)
            #expect(stored.withUnsafeBytes { StatKey(bytes: $0) } == key)
        }
    }

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

import Testing

@testable import Lore

@Suite("Node counts")
struct NodeCountsTests {
    @Test func countsAgreeWithADictionaryInFirstMetOrder() {
        var rng = SeededGenerator(seed: 23)
        // Dense ids, sparse ids, ids that differ only in high bits, and the extremes.
        let pools: [[UInt64]] = [
            Array(0..<3_000),
            (0..<3_000).map { _ in UInt64.random(in: 0...UInt64.max, using: &rng) },
            (0..<200).map { UInt64($0) << 40 },
            [0, 1, .max, .max - 1],
        ]
        for pool in pools {
            var counts = NodeCounts()
            var expected: [UInt64: Int64] = [:]
            var order: [UInt64] = []
            for _ in 0..<20_000 {
                let id = pool.randomElement(using: &rng)!
                counts.add(id)
                if expected[id] == nil { order.append(id) }
                expected[id, default: 0] += 1
            }
            #expect(counts.ids == order)
            #expect(counts.count == order.count)
            #expect(counts.counts == order.map { expected[$0]! })
        }
    }
}

/// How many times each node id was met, in the order ids were first met.
///
/// An open-addressing table with linear probing and a multiplicative
/// (Fibonacci) hash: counting an id costs a multiply and, mostly, one
/// probe, where a `[UInt64: Int]` hashes each id with SipHash. Kept at most
/// half full; it doubles when it gets there.
struct NodeCounts {
    /// The ids met, first-met first, and their counts at the same index.
    private(set) var ids: [UInt64] = []
    private(set) var counts: [Int64] = []
    /// Index into `ids` plus one; 0 marks an empty slot.
    private var table = [Int](repeating: 0, count: 64)
    /// 64 minus log2 of the table size: a hash's top bits pick the slot.
    private var shift: UInt64 = 58

    var count: Int { ids.count }

    @inline(__always)
    private func slot(_ id: UInt64) -> Int { Int(truncatingIfNeeded: (id &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// Counts one more meeting of `id`.
    mutating func add(_ id: UInt64) {
        let mask = table.count &- 1
        var i = slot(id)
        while true {
            let e = table[i]
            if e == 0 { break }
            if ids[e &- 1] == id {
                counts[e &- 1] &+= 1
                return
            }
            i = (i &+ 1) & mask
        }
        ids.append(id)
        counts.append(1)
        table[i] = ids.count
        if ids.count &* 2 > table.count { grow() }
    }

    private mutating func grow() {
        shift -= 1
        table = [Int](repeating: 0, count: table.count * 2)
        let mask = table.count &- 1
        for (n, id) in ids.enumerated() {
            var i = slot(id)
            while table[i] != 0 { i = (i &+ 1) & mask }
            table[i] = n &+ 1
        }
    }
}

import LoreKV

/// The bounds of a range seek on a property index, encoded: the values of
/// one type family between an optional lower and upper bound.
struct IndexRange {
    /// The type tag every matching value's encoding starts with.
    let tag: UInt8
    private let lower: (encoding: [UInt8], inclusive: Bool)?
    private let upper: (encoding: [UInt8], inclusive: Bool)?

    /// The range between the bounds (either may be absent, not both), or
    /// nil when no value can match: no bound, bounds of two type families,
    /// or a NaN bound.
    init?(lower: (Value, Bool)?, upper: (Value, Bool)?, encode: (Value) -> [UInt8]) {
        guard let tag = (lower ?? upper).flatMap({ KeyEncoding.tag(of: $0.0) }) else { return nil }
        if let upper, KeyEncoding.tag(of: upper.0) != tag { return nil }
        for b in [lower, upper] { if case .double(let d)? = b?.0, d.isNaN { return nil } }
        self.tag = tag
        self.lower = lower.map { (encode($0.0), $0.1) }
        self.upper = upper.map { (encode($0.0), $0.1) }
    }

    /// Whether a value's full encoding lies within the bounds.
    func contains(_ encoding: [UInt8]) -> Bool {
        if let (l, inclusive) = lower {
            if encoding.lexicographicallyPrecedes(l) || (!inclusive && encoding == l) { return false }
        }
        if let (h, inclusive) = upper {
            if h.lexicographicallyPrecedes(encoding) || (!inclusive && encoding == h) { return false }
        }
        return true
    }

    /// The lower bound as an index key body (cut as keys are), else the
    /// tag alone: no key of the range sorts before it.
    var lowerKey: [UInt8] { lower.map { Array($0.encoding.prefix(KeyEncoding.maxValueBytes)) } ?? [tag] }

    /// The upper bound as an index key body (cut as keys are): no key of
    /// the range sorts after it. Nil without an upper bound.
    var upperKey: [UInt8]? { upper.map { Array($0.encoding.prefix(KeyEncoding.maxValueBytes)) } }
}

/// Where an ordered range scan stopped: the index key body of the last
/// value it handed out. The next chunk starts at the value after it.
struct RangeScanPosition: Sendable {
    var body: [UInt8]
}

extension StorageTransaction {
    /// One chunk of the nodes with `label` whose property `key` lies between
    /// the bounds (either may be absent, not both), in value order —
    /// descending when asked — so that ORDER BY ... LIMIT can stop early.
    ///
    /// Returns at least `count` ids unless the range ends first (whole runs of
    /// equal values are never split, so a chunk may hold more), and the
    /// position to pass back for the next chunk, or nil when the range is
    /// done. Ids of equal values come in ascending id order. Only values of
    /// the bounds' type family match, as in `seekRange`.
    ///
    /// Cost: one seek plus the entries visited; values whose key was cut at
    /// `KeyEncoding.maxValueBytes` are read from their records, to be checked
    /// and ordered by their whole value.
    func seekRangeChunk(
        label: UInt32, key: UInt32, lower: (Value, Bool)?, upper: (Value, Bool)?, descending: Bool,
        after position: RangeScanPosition?, count: Int
    ) throws -> (ids: [UInt64], next: RangeScanPosition?) {
        guard let range = IndexRange(lower: lower, upper: upper, encode: fullEncoding) else { return ([], nil) }
        let tag = range.tag
        let loCut = range.lowerKey
        let hiCut = range.upperKey
        let head = Layout.propertyKey(label: label, key: key, body: [])

        var ids: [UInt64] = []
        var last: [UInt8]?
        try kv.withCursor(layout.propertyIndex) { c in
            /// The key body under the cursor, if the cursor is on (label, key).
            func body(_ e: Cursor.Entry?) -> UnsafeRawBufferPointer? {
                guard let (k, _) = e, k.count >= 8, k.starts(with: head) else { return nil }
                return UnsafeRawBufferPointer(rebasing: k[8...])
            }
            // Ascending: the first key at or above `from`; descending: the
            // last key at or below it. `stepOverEqual`: skip a key equal to it.
            func start(_ from: [UInt8], stepOverEqual: Bool) throws -> Cursor.Entry? {
                let e = try (head + from).withUnsafeBytes { try c.seek(atLeast: $0) }
                if let b = body(e), b.elementsEqual(from) {
                    return stepOverEqual ? try (descending ? c.previousKey() : c.nextKey()) : e
                }
                if !descending { return e }
                return try e == nil ? c.last() : c.previousKey()
            }
            var e: Cursor.Entry?
            if let position {
                e = try start(position.body, stepOverEqual: true)
            } else if descending {
                e = try start(hiCut ?? [tag + 1], stepOverEqual: hiCut == nil)
            } else {
                e = try start(loCut, stepOverEqual: false)
            }
            while let b = body(e), b.first == tag {
                if descending {
                    if b.lexicographicallyPrecedes(loCut) { break }
                } else if let hiCut, hiCut.lexicographicallyPrecedes(b) {
                    break
                }
                var run: [UInt64] = []
                var d = try c.firstDuplicate()
                while let (_, v) = d, v.count == 8 {
                    run.append(v.bigEndianU64(at: 0))
                    d = try c.nextDuplicate()
                }
                if KeyEncoding.mayBeCut(b) {
                    // Values sharing a cut key: check and order them whole.
                    var whole: [(UInt64, [UInt8])] = []
                    for id in run {
                        if let v = try nodeRecord(id)?.value(key) {
                            let enc = fullEncoding(v)
                            if range.contains(enc) { whole.append((id, enc)) }
                        }
                    }
                    whole.sort {
                        $0.1 == $1.1
                            ? $0.0 < $1.0
                            : ($0.1.lexicographicallyPrecedes($1.1) != descending)
                    }
                    ids.append(contentsOf: whole.map(\.0))
                } else if range.contains(Array(b)) {
                    ids.append(contentsOf: run)
                }
                last = Array(b)
                if ids.count >= count { return }
                // The cursor stands on the key's last value: step to the
                // neighbouring key.
                e = try descending ? c.previousKey() : c.nextKey()
            }
            last = nil
        }
        return (ids, last.map { RangeScanPosition(body: $0) })
    }
}

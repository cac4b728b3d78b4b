import LoreKV

extension StorageTransaction {
    /// The distinct values of property `key` among the nodes with `label`,
    /// each with how many nodes hold it, in index order, read from the
    /// property index alone: a count per index key, and one record per key
    /// for the value as stored (so that 1 and 1.0, which share a key, show
    /// as the first node holding them has it). Nodes without the property
    /// are not counted (see the `.labelKey` statistic).
    ///
    /// Cost: one step per distinct value, plus one record read for each
    /// number or list (the key cannot tell `1` from `1.0`); strings,
    /// booleans and dates come from the key itself. Values whose key was
    /// cut at `KeyEncoding.maxValueBytes` read every record under the key,
    /// to tell them apart by their whole value.
    func propertyValueCounts(label: UInt32, key: UInt32) throws -> [(value: Value, count: Int64)] {
        let head = Layout.propertyKey(label: label, key: key, body: [])
        var result: [(value: Value, count: Int64)] = []
        try kv.withCursor(layout.propertyIndex) { c in
            var e = try head.withUnsafeBytes { try c.seek(atLeast: $0) }
            while let (k, v) = e, k.count > 8, k.starts(with: head), v.count == 8 {
                let first = v.bigEndianU64(at: 0)
                if KeyEncoding.mayBeCut(UnsafeRawBufferPointer(rebasing: k[8...])) {
                    var ids: [UInt64] = []
                    var d: Cursor.Entry? = e
                    while let (_, v) = d, v.count == 8 {
                        ids.append(v.bigEndianU64(at: 0))
                        d = try c.nextDuplicate()
                    }
                    var groups: [(encoding: [UInt8], value: Value, count: Int64)] = []
                    for id in ids {
                        guard let value = try nodeRecord(id)?.value(key) else { continue }
                        let encoding = fullEncoding(value)
                        if let i = groups.firstIndex(where: { $0.encoding == encoding }) {
                            groups[i].count += 1
                        } else {
                            groups.append((encoding, value, 1))
                        }
                    }
                    groups.sort { $0.encoding.lexicographicallyPrecedes($1.encoding) }
                    result.append(contentsOf: groups.map { ($0.value, $0.count) })
                } else {
                    let count = Int64(try c.duplicateCount())
                    if let value = try storedValue(k, node: first, key: key) { result.append((value, count)) }
                }
                e = try c.nextKey()
            }
        }
        return result
    }

    /// The value behind an uncut `prop.idx` key: decoded from the key when
    /// its type family has one stored form, else read from node `node`'s
    /// record (property `key` alone).
    private func storedValue(_ indexKey: UnsafeRawBufferPointer, node: UInt64, key: UInt32) throws -> Value? {
        let body = UnsafeRawBufferPointer(rebasing: indexKey[8...])
        switch body.first {
        case KeyEncoding.stringTag, KeyEncoding.boolTag, KeyEncoding.dateTag:
            if let value = KeyEncoding.decode(body) { return value }
        default: break
        }
        return try withNodeRecord(node) { try RecordEncoding.nodeProperty(key, in: $0) } ?? nil
    }
}

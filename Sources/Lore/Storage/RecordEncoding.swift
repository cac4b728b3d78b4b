/// The compact encoding of node and relationship records (not ordered).
///
/// A node record: varint label count, each label's name id (varint), varint
/// property count, then per property (sorted by key id) the key id and the
/// value. A relationship record: type id, start and end node ids, then the
/// properties the same way. A value is a tag and a body: false, true,
/// integer (zig-zag varint), double (8 bytes), string (varint length, UTF-8),
/// date (zig-zag varint days), list (varint count, then values).
enum RecordEncoding {
    static let falseTag: UInt8 = 1
    static let trueTag: UInt8 = 2
    static let intTag: UInt8 = 3
    static let doubleTag: UInt8 = 4
    static let stringTag: UInt8 = 5
    static let dateTag: UInt8 = 6
    static let listTag: UInt8 = 7

    static func encode(_ value: Value, into w: inout ByteWriter) {
        switch value {
        case .bool(let b): w.u8(b ? trueTag : falseTag)
        case .int(let i):
            w.u8(intTag)
            w.signedVarint(i)
        case .double(let d):
            w.u8(doubleTag)
            let bits = d.bitPattern
            for shift in stride(from: 0, to: 64, by: 8) { w.u8(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        case .string(let s):
            w.u8(stringTag)
            w.varint(UInt64(s.utf8.count))
            w.append(s.utf8)
        case .date(let d):
            w.u8(dateTag)
            w.signedVarint(d.daysSinceEpoch)
        case .list(let items):
            w.u8(listTag)
            w.varint(UInt64(items.count))
            for item in items { encode(item, into: &w) }
        case .null, .map, .node, .relationship, .path:
            preconditionFailure("not a storable value")
        }
    }

    static func decodeValue(_ r: inout ByteReader) throws(StorageCorruption) -> Value {
        switch try r.u8() {
        case falseTag: return .bool(false)
        case trueTag: return .bool(true)
        case intTag: return .int(try r.signedVarint())
        case doubleTag:
            let b = try r.bytes(8)
            var bits: UInt64 = 0
            for i in (0..<8).reversed() { bits = bits << 8 | UInt64(b[i]) }
            return .double(Double(bitPattern: bits))
        case stringTag:
            let n = try r.varint()
            guard n <= UInt64(r.buffer.count) else { throw StorageCorruption("string length out of range") }
            return .string(String(decoding: try r.bytes(Int(n)), as: UTF8.self))
        case dateTag: return .date(CalendarDate(daysSinceEpoch: try r.signedVarint()))
        case listTag:
            let n = try r.varint()
            guard n <= UInt64(r.buffer.count) else { throw StorageCorruption("list length out of range") }
            var items: [Value] = []
            items.reserveCapacity(Int(n))
            for _ in 0..<n { items.append(try decodeValue(&r)) }
            return .list(items)
        default: throw StorageCorruption("unknown value tag")
        }
    }

    /// Skips one value without building it.
    static func skipValue(_ r: inout ByteReader) throws(StorageCorruption) {
        switch try r.u8() {
        case falseTag, trueTag: return
        case intTag, dateTag: _ = try r.varint()
        case doubleTag: _ = try r.bytes(8)
        case stringTag: _ = try r.bytes(Int(clamping: try r.varint()))
        case listTag:
            let n = try r.varint()
            for _ in 0..<n { try skipValue(&r) }
        default: throw StorageCorruption("unknown value tag")
        }
    }

    /// Reads only property `key` from encoded properties (sorted by key),
    /// skipping the others without building them.
    static func findProperty(_ key: UInt32, _ r: inout ByteReader) throws(StorageCorruption) -> Value? {
        let n = try r.varint()
        for _ in 0..<n {
            let k = UInt32(truncatingIfNeeded: try r.varint())
            if k == key { return try decodeValue(&r) }
            if k > key { return nil }
            try skipValue(&r)
        }
        return nil
    }

    /// Node record: property `key` alone, or nil.
    static func nodeProperty(_ key: UInt32, in buffer: UnsafeRawBufferPointer) throws(StorageCorruption) -> Value? {
        var r = ByteReader(buffer)
        let labels = try r.varint()
        for _ in 0..<labels { _ = try r.varint() }
        return try findProperty(key, &r)
    }

    /// Node record: whether it carries every label of `labels`.
    static func nodeHasLabels(_ labels: [UInt32], in buffer: UnsafeRawBufferPointer) throws(StorageCorruption) -> Bool {
        var r = ByteReader(buffer)
        let n = try r.varint()
        var have: [UInt32] = []
        have.reserveCapacity(Int(min(n, 16)))
        for _ in 0..<n { have.append(UInt32(truncatingIfNeeded: try r.varint())) }
        return labels.allSatisfy(have.contains)
    }

    /// Relationship record: property `key` alone, or nil.
    static func relationshipProperty(_ key: UInt32, in buffer: UnsafeRawBufferPointer) throws(StorageCorruption)
        -> Value?
    {
        var r = ByteReader(buffer)
        _ = try r.varint()
        _ = try r.varint()
        _ = try r.varint()
        return try findProperty(key, &r)
    }

    static func encodeProperties(_ props: [(key: UInt32, value: Value)], into w: inout ByteWriter) {
        w.varint(UInt64(props.count))
        for (k, v) in isByKey(props) ? props : props.sorted(by: { $0.key < $1.key }) {
            w.varint(UInt64(k))
            encode(v, into: &w)
        }
    }

    /// Whether properties are in increasing key order, each key once.
    static func isByKey(_ props: [(key: UInt32, value: Value)]) -> Bool {
        var previous: UInt32? = nil
        for p in props {
            if let previous, previous >= p.key { return false }
            previous = p.key
        }
        return true
    }

    /// Properties in increasing key order; of a key given twice, the last.
    /// Cost: nothing when they are in order already, else a stable sort
    /// (by insertion for the few properties most records have).
    static func byKey(_ props: [(key: UInt32, value: Value)]) -> [(key: UInt32, value: Value)] {
        if isByKey(props) { return props }
        var sorted: [(key: UInt32, value: Value)]
        if props.count <= 16 {
            sorted = props
            for i in 1..<sorted.count {
                let p = sorted[i]
                var j = i
                while j > 0, sorted[j - 1].key > p.key {
                    sorted[j] = sorted[j - 1]
                    j -= 1
                }
                sorted[j] = p
            }
        } else {
            sorted = props.indices.sorted { (props[$0].key, $0) < (props[$1].key, $1) }.map { props[$0] }
        }
        if isByKey(sorted) { return sorted }
        var unique: [(key: UInt32, value: Value)] = []
        unique.reserveCapacity(sorted.count)
        for p in sorted {
            if let last = unique.last, last.key == p.key {
                unique[unique.count - 1] = p
            } else {
                unique.append(p)
            }
        }
        return unique
    }

    static func decodeProperties(_ r: inout ByteReader) throws(StorageCorruption) -> [(key: UInt32, value: Value)] {
        let n = try r.varint()
        guard n <= UInt64(r.buffer.count) else { throw StorageCorruption("property count out of range") }
        var props: [(key: UInt32, value: Value)] = []
        props.reserveCapacity(Int(n))
        for _ in 0..<n {
            let k = UInt32(truncatingIfNeeded: try r.varint())
            props.append((k, try decodeValue(&r)))
        }
        return props
    }
}

/// A node record decoded to name ids.
struct NodeRecord: Equatable {
    var labels: [UInt32]
    var properties: [(key: UInt32, value: Value)]

    static func == (a: NodeRecord, b: NodeRecord) -> Bool {
        a.labels == b.labels
            && a.properties.elementsEqual(b.properties, by: { $0.key == $1.key && $0.value == $1.value })
    }

    func encoded() -> [UInt8] {
        var w = ByteWriter(capacity: 64)
        encode(into: &w)
        return w.bytes
    }

    /// Writes the encoded record into `w`, emptied first.
    func encode(into w: inout ByteWriter) {
        w.bytes.removeAll(keepingCapacity: true)
        w.varint(UInt64(labels.count))
        for l in labels { w.varint(UInt64(l)) }
        RecordEncoding.encodeProperties(properties, into: &w)
    }

    init(labels: [UInt32], properties: [(key: UInt32, value: Value)]) {
        self.labels = labels
        self.properties = RecordEncoding.isByKey(properties) ? properties : properties.sorted { $0.key < $1.key }
    }

    init(decoding buffer: UnsafeRawBufferPointer) throws(StorageCorruption) {
        var r = ByteReader(buffer)
        let n = try r.varint()
        guard n <= UInt64(buffer.count) else { throw StorageCorruption("label count out of range") }
        labels = []
        for _ in 0..<n { labels.append(UInt32(truncatingIfNeeded: try r.varint())) }
        properties = try RecordEncoding.decodeProperties(&r)
    }

    func value(_ key: UInt32) -> Value? { properties.first { $0.key == key }?.value }

    mutating func set(_ key: UInt32, _ value: Value?) {
        if let i = properties.firstIndex(where: { $0.key == key }) {
            if let value { properties[i].value = value } else { properties.remove(at: i) }
        } else if let value {
            let at = properties.firstIndex { $0.key > key } ?? properties.count
            properties.insert((key, value), at: at)
        }
    }
}

/// A relationship record decoded to name ids.
struct RelationshipRecord {
    var type: UInt32
    var start: UInt64
    var end: UInt64
    var properties: [(key: UInt32, value: Value)]

    init(type: UInt32, start: UInt64, end: UInt64, properties: [(key: UInt32, value: Value)]) {
        self.type = type
        self.start = start
        self.end = end
        self.properties = RecordEncoding.isByKey(properties) ? properties : properties.sorted { $0.key < $1.key }
    }

    func encoded() -> [UInt8] {
        var w = ByteWriter(capacity: 48)
        encode(into: &w)
        return w.bytes
    }

    /// Writes the encoded record into `w`, emptied first.
    func encode(into w: inout ByteWriter) {
        w.bytes.removeAll(keepingCapacity: true)
        w.varint(UInt64(type))
        w.varint(start)
        w.varint(end)
        RecordEncoding.encodeProperties(properties, into: &w)
    }

    init(decoding buffer: UnsafeRawBufferPointer) throws(StorageCorruption) {
        var r = ByteReader(buffer)
        type = UInt32(truncatingIfNeeded: try r.varint())
        start = try r.varint()
        end = try r.varint()
        properties = try RecordEncoding.decodeProperties(&r)
    }

    func value(_ key: UInt32) -> Value? { properties.first { $0.key == key }?.value }

    mutating func set(_ key: UInt32, _ value: Value?) {
        if let i = properties.firstIndex(where: { $0.key == key }) {
            if let value { properties[i].value = value } else { properties.remove(at: i) }
        } else if let value {
            let at = properties.firstIndex { $0.key > key } ?? properties.count
            properties.insert((key, value), at: at)
        }
    }
}

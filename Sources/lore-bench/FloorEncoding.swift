import Lore
import LoreKV

// The few pieces of Lore's storage format that the floor reads and writes,
// restated here because lore-bench sees only Lore's public API. They mirror
// Sources/Lore/Storage/Layout.swift (database names and flags, key layouts,
// `stats` keys), KeyEncoding.swift (the order-preserving value encoding, for
// strings and numbers only) and RecordEncoding.swift (node and relationship
// records). A change of format there must be made here too; the benchmark's
// row-count check fails when the two disagree.

/// The named databases of a store, in Layout.specs order.
enum FloorLayout {
    static let specs: [(name: String, flags: Database.Flags)] = [
        ("meta", []),
        ("names", []),
        ("names.rev", []),
        ("nodes", []),
        ("rels", []),
        ("label.idx", [.duplicateSort, .duplicateFixed]),
        ("prop.idx", [.duplicateSort, .duplicateFixed]),
        ("out", [.duplicateSort, .duplicateFixed]),
        ("in", [.duplicateSort, .duplicateFixed]),
        ("type.idx", [.duplicateSort, .duplicateFixed]),
        ("stats", []),
        ("schema", []),
    ]
    static let adjacencySize = 20
    static let nextNodeKey: [UInt8] = Array("next.node".utf8)
    static let nextRelKey: [UInt8] = Array("next.rel".utf8)
}

/// A record or key the floor cannot read.
struct FloorError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension UnsafeRawBufferPointer {
    /// The big-endian UInt64 at `offset`.
    @inline(__always)
    func u64(at offset: Int) -> UInt64 {
        UInt64(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The big-endian UInt32 at `offset`.
    @inline(__always)
    func u32(at offset: Int) -> UInt32 {
        UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}

/// Big-endian keys, as Layout and KeyEncoding build them.
enum FloorKey {
    static func u32(_ v: UInt32, into k: inout [UInt8]) {
        for shift in stride(from: 24, through: 0, by: -8) { k.append(UInt8(truncatingIfNeeded: v >> UInt32(shift))) }
    }

    static func u64(_ v: UInt64, into k: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { k.append(UInt8(truncatingIfNeeded: v >> UInt64(shift))) }
    }

    /// `prop.idx` key head: label, property key.
    static func propertyHead(label: UInt32, key: UInt32, capacity: Int = 32) -> [UInt8] {
        var k: [UInt8] = []
        k.reserveCapacity(capacity)
        u32(label, into: &k)
        u32(key, into: &k)
        return k
    }

    static let stringTag: UInt8 = 0x20
    static let numberTag: UInt8 = 0x40
    /// KeyEncoding.maxValueBytes: longer value encodings are cut.
    static let maxValueBytes = 400

    /// The string body: tag, UTF-8 with 0x00 escaped as 0x00 0xFF (no
    /// terminator: a prefix of every longer string's encoding).
    static func stringBody(_ s: String, into k: inout [UInt8]) {
        k.append(stringTag)
        for b in s.utf8 {
            k.append(b)
            if b == 0 { k.append(0xff) }
        }
    }

    /// A string's whole value encoding, cut as the index cuts it.
    static func string(_ s: String, into k: inout [UInt8]) {
        let start = k.count
        stringBody(s, into: &k)
        k.append(0)
        k.append(0)
        if k.count - start > maxValueBytes { k.removeLast(k.count - start - maxValueBytes) }
    }

    /// A number's encoding: the order-preserving bits of the Double, then the
    /// 2-byte correction (0 for Doubles and for Ints within 2^53, the only
    /// ones the floor is asked about).
    static func number(_ d: Double, into k: inout [UInt8]) {
        k.append(numberTag)
        var bits = (d == 0 ? 0.0 : d).bitPattern
        bits = (bits & (1 << 63)) != 0 ? ~bits : bits | (1 << 63)
        u64(bits, into: &k)
        k.append(0x80)
        k.append(0)
    }

    /// The UInt64 as a `withUnsafeBytes` key, without a heap allocation.
    @inline(__always)
    static func withID<T>(_ id: UInt64, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        var be = id.bigEndian
        return try withUnsafeBytes(of: &be, body)
    }

    /// A `stats` key: tag, then ids (StatKey.bytes).
    static func stat(_ tag: UInt8, _ ids: UInt32...) -> [UInt8] {
        var k: [UInt8] = [tag]
        for id in ids { u32(id, into: &k) }
        return k
    }
}

/// Reads a node or relationship record (RecordEncoding) as far as needed.
struct RecordReader {
    let buffer: UnsafeRawBufferPointer
    var offset = 0

    init(_ buffer: UnsafeRawBufferPointer) { self.buffer = buffer }

    @inline(__always)
    mutating func byte() throws(FloorError) -> UInt8 {
        guard offset < buffer.count else { throw FloorError("record ends early") }
        defer { offset += 1 }
        return buffer[offset]
    }

    @inline(__always)
    mutating func varint() throws(FloorError) -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            v |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return v }
            shift += 7
            if shift > 63 { throw FloorError("varint too long") }
        }
    }

    mutating func skip(_ n: Int) throws(FloorError) {
        guard n >= 0, offset + n <= buffer.count else { throw FloorError("record ends early") }
        offset += n
    }

    /// Skips one value (tag and body).
    mutating func skipValue() throws(FloorError) {
        switch try byte() {
        case 1, 2: return
        case 3, 6: _ = try varint()
        case 4: try skip(8)
        case 5: try skip(Int(clamping: try varint()))
        case 7:
            let n = try varint()
            for _ in 0..<n { try skipValue() }
        default: throw FloorError("unknown value tag")
        }
    }

    /// Reads one value: false, true, int, double, string, date, list.
    mutating func value() throws(FloorError) -> Value {
        switch try byte() {
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3:
            let z = try varint()
            return .int(Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1))
        case 4:
            try skip(8)
            return .double(Double(bitPattern: buffer.loadUnaligned(fromByteOffset: offset - 8, as: UInt64.self)))
        case 5:
            let n = Int(clamping: try varint())
            try skip(n)
            return .string(
                String(decoding: UnsafeRawBufferPointer(rebasing: buffer[(offset - n)..<offset]), as: UTF8.self))
        case 6:
            let z = try varint()
            return .date(CalendarDate(daysSinceEpoch: Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1)))
        case 7:
            let n = try varint()
            var items: [Value] = []
            for _ in 0..<n { items.append(try value()) }
            return .list(items)
        default: throw FloorError("unknown value tag")
        }
    }

    /// From the start of the property list: the value of `key`, or null.
    /// Properties are sorted by key id, so the walk stops past it.
    mutating func property(_ key: UInt32) throws(FloorError) -> Value {
        let n = try varint()
        for _ in 0..<n {
            let k = UInt32(truncatingIfNeeded: try varint())
            if k == key { return try value() }
            if k > key { return .null }
            try skipValue()
        }
        return .null
    }
}

/// A node record: varint label count, label ids, then the properties.
enum NodeRecordView {
    /// Whether the node carries `label`.
    static func hasLabel(_ record: UnsafeRawBufferPointer, _ label: UInt32) throws(FloorError) -> Bool {
        var r = RecordReader(record)
        let n = try r.varint()
        for _ in 0..<n where try r.varint() == UInt64(label) { return true }
        return false
    }

    /// The value of property `key`, or null.
    static func property(_ record: UnsafeRawBufferPointer, _ key: UInt32) throws(FloorError) -> Value {
        var r = RecordReader(record)
        let n = try r.varint()
        for _ in 0..<n { _ = try r.varint() }
        return try r.property(key)
    }
}

/// Builds records for the floor's write.
enum FloorRecord {
    static func varint(_ v: UInt64, into w: inout [UInt8]) {
        var v = v
        while v >= 0x80 {
            w.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        w.append(UInt8(v))
    }

    /// A node with one label and string properties (sorted here by key id).
    static func node(label: UInt32, strings: [(UInt32, String)]) -> [UInt8] {
        var w: [UInt8] = []
        varint(1, into: &w)
        varint(UInt64(label), into: &w)
        varint(UInt64(strings.count), into: &w)
        for (k, s) in strings.sorted(by: { $0.0 < $1.0 }) {
            varint(UInt64(k), into: &w)
            w.append(5)
            varint(UInt64(s.utf8.count), into: &w)
            w.append(contentsOf: s.utf8)
        }
        return w
    }

    /// A relationship without properties: type, start, end, 0.
    static func relationship(type: UInt32, start: UInt64, end: UInt64) -> [UInt8] {
        var w: [UInt8] = []
        varint(UInt64(type), into: &w)
        varint(start, into: &w)
        varint(end, into: &w)
        varint(0, into: &w)
        return w
    }
}

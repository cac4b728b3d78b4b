/// The order-preserving encoding of property values in index keys.
///
/// For any two values `a` and `b` of the kinds a property may hold,
/// `encode(a) < encode(b)` (bytewise) exactly when `a` sorts before `b`, and
/// the encodings are equal exactly when the values are equal (numbers
/// compare across Int and Double: `1` and `1.0` encode alike). Each value is a
/// type tag, then a body:
///
/// - numbers: the order-preserving bits of the nearest Double, then a 2-byte
///   correction (the Int's distance from that Double, for integers beyond
///   2^53), so all numbers share one exact order;
/// - strings: UTF-8 with 0x00 escaped as 0x00 0xFF, then 0x00 0x00;
/// - dates: the day number, big-endian with the sign bit flipped;
/// - booleans: 0 or 1;
/// - lists: each element's encoding, then 0x00 (before every tag).
///
/// Keys longer than `maxValueBytes` are cut to that length; a cut key is
/// a lower bound of its value, cutting preserves order non-strictly, and
/// any key of exactly that length is re-checked against the record.
enum KeyEncoding {
    static let listTag: UInt8 = 0x10
    static let stringTag: UInt8 = 0x20
    static let boolTag: UInt8 = 0x30
    static let numberTag: UInt8 = 0x40
    static let dateTag: UInt8 = 0x50
    static let listEnd: UInt8 = 0x00

    /// The longest encoded value kept in a key. LMDB's keys hold 511 bytes;
    /// the index key adds 8 bytes of label and property ids.
    static let maxValueBytes = 400

    /// The tag a value's encoding starts with, nil for values that cannot be
    /// stored (null, maps, graph elements).
    static func tag(of value: Value) -> UInt8? {
        switch value {
        case .list: return listTag
        case .string: return stringTag
        case .bool: return boolTag
        case .int, .double: return numberTag
        case .date: return dateTag
        default: return nil
        }
    }

    /// Appends the encoding of `value` (which must be storable) to `w`.
    static func encode(_ value: Value, into w: inout ByteWriter) {
        switch value {
        case .bool(let b):
            w.u8(boolTag)
            w.u8(b ? 1 : 0)
        case .int(let i):
            w.u8(numberTag)
            encodeNumber(approximation: Double(i), correction: correction(of: i), into: &w)
        case .double(let d):
            w.u8(numberTag)
            encodeNumber(approximation: d, correction: 0, into: &w)
        case .string(let s):
            w.u8(stringTag)
            encodeStringBody(s, into: &w)
            w.u8(0)
            w.u8(0)
        case .date(let d):
            w.u8(dateTag)
            w.u64(UInt64(bitPattern: d.daysSinceEpoch) ^ (1 << 63))
        case .list(let items):
            w.u8(listTag)
            for item in items { encode(item, into: &w) }
            w.u8(listEnd)
        case .null, .map, .node, .relationship, .path:
            preconditionFailure("not a storable value")
        }
    }

    /// The encoding of `value`, cut to `maxValueBytes`.
    static func indexKeyBody(_ value: Value) -> [UInt8] {
        var w = ByteWriter(capacity: 16)
        encode(value, into: &w)
        if w.bytes.count > maxValueBytes { w.bytes.removeLast(w.bytes.count - maxValueBytes) }
        return w.bytes
    }

    /// Whether a key body may have been cut, so that its value must be read
    /// from the record.
    static func mayBeCut(_ body: UnsafeRawBufferPointer) -> Bool { body.count >= maxValueBytes }

    /// The string body without terminator: the key prefix shared by every
    /// string that starts with `prefix`.
    static func encodeStringBody(_ s: String, into w: inout ByteWriter) {
        for b in s.utf8 {
            w.u8(b)
            if b == 0 { w.u8(0xff) }
        }
    }

    /// The distance of `i` from the nearest Double, exact for every Int64.
    static func correction(of i: Int64) -> Int16 {
        let d = Double(i)
        if d >= 9_223_372_036_854_775_808.0 {
            // Double(i) rounded up to 2^63, which no Int64 holds: i - 2^63.
            return Int16(truncatingIfNeeded: (i - Int64.max) - 1)
        }
        return Int16(truncatingIfNeeded: i - Int64(d))
    }

    private static func encodeNumber(approximation d: Double, correction: Int16, into w: inout ByteWriter) {
        var bits: UInt64
        if d.isNaN {
            bits = UInt64.max  // after +infinity
        } else {
            let v = d == 0 ? 0.0 : d  // -0.0 == 0.0
            bits = v.bitPattern
            bits = (bits & (1 << 63)) != 0 ? ~bits : bits | (1 << 63)
        }
        w.u64(bits)
        w.u8(UInt8(truncatingIfNeeded: UInt16(bitPattern: correction) >> 8) ^ 0x80)
        w.u8(UInt8(truncatingIfNeeded: UInt16(bitPattern: correction)))
    }

    /// Decodes a complete (uncut) encoding; nil when it is cut or damaged.
    /// Numbers come back as the Int when the bits hold an integer that
    /// round-trips, else as the Double: the index cannot tell `1` from
    /// `1.0`, so callers that need the stored type read the record.
    static func decode(_ body: UnsafeRawBufferPointer) -> Value? {
        var r = ByteReader(body)
        guard let v = try? decodeValue(&r), r.isAtEnd else { return nil }
        return v
    }

    private static func decodeValue(_ r: inout ByteReader) throws(StorageCorruption) -> Value {
        switch try r.u8() {
        case boolTag: return .bool(try r.u8() != 0)
        case numberTag:
            var bits = try r.u64()
            let hi = try r.u8() ^ 0x80
            let lo = try r.u8()
            let corr = Int16(bitPattern: UInt16(hi) << 8 | UInt16(lo))
            if bits == UInt64.max { return .double(.nan) }
            bits = (bits & (1 << 63)) != 0 ? bits & ~(1 << 63) : ~bits
            let d = Double(bitPattern: bits)
            if corr != 0 {
                if d >= 9_223_372_036_854_775_808.0 { return .int(Int64.max &+ Int64(corr) &+ 1) }
                return .int(Int64(d) &+ Int64(corr))
            }
            return .double(d)
        case stringTag:
            var bytes: [UInt8] = []
            while true {
                let b = try r.u8()
                if b == 0 {
                    let next = try r.u8()
                    if next == 0 { break }
                    guard next == 0xff else { throw StorageCorruption("bad string escape") }
                }
                bytes.append(b)
            }
            return .string(String(decoding: bytes, as: UTF8.self))
        case dateTag:
            return .date(CalendarDate(daysSinceEpoch: Int64(bitPattern: try r.u64() ^ (1 << 63))))
        case listTag:
            var items: [Value] = []
            while r.offset < r.buffer.count, r.buffer[r.offset] != listEnd { items.append(try decodeValue(&r)) }
            _ = try r.u8()
            return .list(items)
        default:
            throw StorageCorruption("unknown key tag")
        }
    }
}

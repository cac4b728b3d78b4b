/// Appends fixed-width big-endian integers and varints to a byte array.
/// Big-endian so that byte order is numeric order in LMDB keys.
struct ByteWriter {
    var bytes: [UInt8]

    init(capacity: Int = 32) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func u8(_ v: UInt8) { bytes.append(v) }

    mutating func u32(_ v: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: v >> 24))
        bytes.append(UInt8(truncatingIfNeeded: v >> 16))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    mutating func u64(_ v: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(shift)))
        }
    }

    /// LEB128: 7 bits a byte, low bits first.
    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Zig-zag, then varint: small magnitudes of either sign stay short.
    mutating func signedVarint(_ v: Int64) { varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    mutating func append(_ other: some Sequence<UInt8>) { bytes.append(contentsOf: other) }
}

/// Reads what `ByteWriter` wrote, from a buffer in the map. Reading past the
/// end throws, so a damaged record gives an error rather than a crash.
struct ByteReader {
    let buffer: UnsafeRawBufferPointer
    var offset: Int = 0

    init(_ buffer: UnsafeRawBufferPointer) { self.buffer = buffer }

    var isAtEnd: Bool { offset >= buffer.count }

    mutating func u8() throws(StorageCorruption) -> UInt8 {
        guard offset < buffer.count else { throw StorageCorruption("record ends early") }
        defer { offset += 1 }
        return buffer[offset]
    }

    mutating func u32() throws(StorageCorruption) -> UInt32 {
        guard offset + 4 <= buffer.count else { throw StorageCorruption("record ends early") }
        var v: UInt32 = 0
        for i in 0..<4 { v = v << 8 | UInt32(buffer[offset + i]) }
        offset += 4
        return v
    }

    mutating func u64() throws(StorageCorruption) -> UInt64 {
        guard offset + 8 <= buffer.count else { throw StorageCorruption("record ends early") }
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(buffer[offset + i]) }
        offset += 8
        return v
    }

    /// A LEB128 varint. One byte (values below 128: most keys, counts and
    /// lengths) is read inline; longer ones by `longVarint`.
    @inline(__always)
    mutating func varint() throws(StorageCorruption) -> UInt64 {
        if offset < buffer.count {
            let b = buffer[offset]
            if b < 0x80 {
                offset += 1
                return UInt64(b)
            }
        }
        return try longVarint()
    }

    private mutating func longVarint() throws(StorageCorruption) -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try u8()
            if shift > 63 { throw StorageCorruption("varint too long") }
            v |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    mutating func signedVarint() throws(StorageCorruption) -> Int64 {
        let z = try varint()
        return Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1)
    }

    mutating func bytes(_ n: Int) throws(StorageCorruption) -> UnsafeRawBufferPointer {
        guard n >= 0, offset + n <= buffer.count else { throw StorageCorruption("record ends early") }
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + n])
    }
}

/// A stored record or key that cannot be decoded.
struct StorageCorruption: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension UnsafeRawBufferPointer {
    /// The big-endian UInt64 at `offset`.
    @inline(__always)
    func bigEndianU64(at offset: Int) -> UInt64 {
        UInt64(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The big-endian UInt32 at `offset`.
    @inline(__always)
    func bigEndianU32(at offset: Int) -> UInt32 {
        UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}

/// A unique constraint: no two nodes with `label` hold equal values of
/// `property` (numbers compare across Int and Double).
public struct Constraint: Sendable, Hashable {
    /// The constraint's name.
    public var name: String
    /// The label it governs.
    public var label: String
    /// The property that must be unique.
    public var property: String

    /// Creates a constraint description.
    public init(name: String, label: String, property: String) {
        self.name = name
        self.label = label
        self.property = property
    }
}

/// A constraint as stored: name ids.
struct ConstraintRecord: Hashable {
    static let uniqueKind: UInt8 = 1
    var name: String
    var label: UInt32
    var key: UInt32

    func encodedValue() -> [UInt8] {
        var w = ByteWriter(capacity: 9)
        w.u8(ConstraintRecord.uniqueKind)
        w.u32(label)
        w.u32(key)
        return w.bytes
    }

    init(name: String, label: UInt32, key: UInt32) {
        self.name = name
        self.label = label
        self.key = key
    }

    init(name: String, decoding b: UnsafeRawBufferPointer) throws(StorageCorruption) {
        guard b.count == 9, b[0] == ConstraintRecord.uniqueKind else {
            throw StorageCorruption("bad constraint record")
        }
        self.init(name: name, label: b.bigEndianU32(at: 1), key: b.bigEndianU32(at: 5))
    }
}

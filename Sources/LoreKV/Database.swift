import CLMDB

/// A handle on one named database of an environment: a sorted key space.
///
/// Handles are opened once, when the environment is opened, and stay valid
/// until it closes. They are plain values and may be shared across threads.
public struct Database: Sendable, Hashable {
    let dbi: MDB_dbi
    /// A small number naming this database within its environment, stable
    /// while the environment is open: for tables indexed by database.
    public var slot: Int { Int(dbi) }
    /// The database's name inside the environment.
    public let name: String
    /// Whether a key may hold several sorted values.
    public let flags: Flags

    /// How a database stores its keys and values.
    public struct Flags: OptionSet, Sendable, Hashable {
        /// The LMDB flag bits.
        public let rawValue: UInt32
        /// Creates flags from LMDB flag bits.
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// A key holds a sorted set of values (`MDB_DUPSORT`).
        public static let duplicateSort = Flags(rawValue: UInt32(MDB_DUPSORT))
        /// With `duplicateSort`: all values of the database have one size
        /// (`MDB_DUPFIXED`); LMDB then packs them, 0 bytes of overhead each.
        public static let duplicateFixed = Flags(rawValue: UInt32(MDB_DUPFIXED))
    }
}

/// Flags for `Transaction.put`.
public struct PutFlags: OptionSet, Sendable {
    /// The LMDB flag bits.
    public let rawValue: UInt32
    /// Creates flags from LMDB flag bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Fail (return `false`) if the key already exists (`MDB_NOOVERWRITE`).
    public static let noOverwrite = PutFlags(rawValue: UInt32(MDB_NOOVERWRITE))
    /// In a duplicate-sorted database, fail (return `false`) if the exact
    /// key/value pair already exists (`MDB_NODUPDATA`).
    public static let noDuplicateData = PutFlags(rawValue: UInt32(MDB_NODUPDATA))
    /// The key sorts after every existing key (`MDB_APPEND`): a fast path
    /// for bulk loads in key order. Out of order, the put fails.
    public static let append = PutFlags(rawValue: UInt32(MDB_APPEND))
    /// In a duplicate-sorted database, the value sorts after every value of
    /// its key (`MDB_APPENDDUP`): the key is still looked up, but its values
    /// are not searched. Out of order, the put fails (returns false).
    public static let appendDuplicate = PutFlags(rawValue: UInt32(MDB_APPENDDUP))
}

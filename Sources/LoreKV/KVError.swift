import CLMDB

#if canImport(Glibc)
    import Glibc
#endif

/// An error reported by LMDB or by the operating system beneath it.
///
/// `code` is LMDB's return code: one of the `MDB_*` codes (negative, from
/// -30799 to -30780) or a POSIX `errno` value (positive). The predicates
/// (`isMapFull`, `isCorrupted`, ...) name the cases a caller acts on;
/// `description` is LMDB's own message followed by the operation that failed.
public struct KVError: Error, Sendable, CustomStringConvertible {
    /// LMDB's return code, or an `errno` value.
    public let code: Int32
    /// What was being done: "mdb_env_open", "put into nodes", ...
    public let operation: String

    /// Creates an error for `code` raised while doing `operation`.
    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
    }

    /// The map is full: the environment must grow before the write can go on.
    /// A write transaction that saw this is unusable and must be aborted.
    public var isMapFull: Bool { code == MDB_MAP_FULL }
    /// Another process grew the map; this process must adopt the new size.
    public var isMapResized: Bool { code == MDB_MAP_RESIZED }
    /// The file is damaged, or is not an LMDB file.
    public var isCorrupted: Bool {
        code == MDB_CORRUPTED || code == MDB_PANIC || code == MDB_INVALID || code == MDB_PAGE_NOTFOUND
    }
    /// The file was written by an incompatible LMDB version.
    public var isVersionMismatch: Bool { code == MDB_VERSION_MISMATCH }
    /// Every reader slot is taken.
    public var isReadersFull: Bool { code == MDB_READERS_FULL }
    /// A single transaction dirtied more pages than LMDB allows; split it.
    public var isTransactionFull: Bool { code == MDB_TXN_FULL }
    /// A key (or a duplicate-sorted value) exceeds the maximum key size.
    public var isBadValueSize: Bool { code == MDB_BAD_VALSIZE }
    /// The device is full.
    public var isNoSpace: Bool { code == ENOSPC || code == EDQUOT }
    /// The operating system refused access.
    public var isPermissionDenied: Bool { code == EACCES || code == EPERM || code == EROFS }
    /// A path component is not a directory.
    public var isNotDirectory: Bool { code == ENOTDIR }
    /// Another process holds a lock that this open needs (only with exclusive opens).
    public var isBusy: Bool { code == EBUSY || code == EAGAIN }

    /// LMDB's message for the code, with the operation that failed.
    public var description: String {
        let message = String(cString: mdb_strerror(code))
        return "\(operation): \(message)"
    }
}

/// Throws a `KVError` unless `rc` is `MDB_SUCCESS`.
@inline(__always)
func check(_ rc: Int32, _ operation: @autoclosure () -> String) throws(KVError) {
    if rc != MDB_SUCCESS { throw KVError(code: rc, operation: operation()) }
}

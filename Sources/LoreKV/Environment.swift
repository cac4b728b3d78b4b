import CLMDB
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// An LMDB environment: one directory holding `data.mdb` and `lock.mdb`,
/// with its named databases.
///
/// One writer and many readers may use it at once, across threads and
/// processes; each reader sees a consistent snapshot. Read transactions are
/// opened with `MDB_NOTLS`, so they are not tied to the thread that began them
/// (but one transaction is still used by one thread at a time).
///
/// The map grows by itself: a write that meets `MDB_MAP_FULL` is rolled back,
/// the map doubled, and the write run again (see `write(_:)`). When another
/// process grows the map, the next transaction here adopts the new size.
/// Changing the map size waits for this process's open transactions to end.
public final class Environment: @unchecked Sendable {
    // @unchecked Sendable: an MDB_env may be used from any thread. Its map is
    // only resized while `remapLock` is held exclusively, and every
    // transaction holds that lock shared for its whole life; the growth
    // count is behind a Mutex, and each thread's reader count is its own.
    let env: OpaquePointer
    /// The directory of the environment.
    public let path: String
    /// Whether the environment was opened read-only.
    public let isReadOnly: Bool
    let remapLock = ReadWriteLock()
    /// Per thread, how many read transactions it holds here: a count kept
    /// in the key's thread-specific slot (no lock, a few instructions),
    /// read when the map must grow.
    private let readerCount: pthread_key_t
    private let growthCount = Mutex<Int>(0)

    /// How to open an environment.
    public struct Options: Sendable {
        /// The map size to start with, in bytes; it grows as data is written.
        public var initialMapSize: Int = 64 << 20
        /// The most named databases the environment will hold.
        public var maxDatabases: UInt32 = 16
        /// The most concurrent read transactions, over all processes.
        public var maxReaders: UInt32 = 256
        /// Open for reading only: writes fail, nothing on disk changes.
        public var readOnly: Bool = false
        /// Skip the fsync at commit (`MDB_NOSYNC`): a crash may lose the last
        /// transactions, but never corrupts the file.
        public var relaxedDurability: Bool = false
        /// Creates the default options.
        public init() {}
    }

    /// Opens (creating if needed) the environment in directory `path`.
    ///
    /// The directory is created when missing. Stale reader slots left by
    /// processes that died are cleared.
    ///
    /// - Throws: `KVError` when `path` is a file (`ENOTDIR`), cannot be read or
    ///   created (`EACCES`), holds a file that is not an LMDB environment
    ///   (`MDB_INVALID`) or one of another LMDB version (`MDB_VERSION_MISMATCH`).
    public init(path: String, options: Options = Options()) throws(KVError) {
        self.path = path
        self.isReadOnly = options.readOnly
        var st = stat()
        if stat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) != S_IFDIR {
                throw KVError(code: ENOTDIR, operation: "open \(path)")
            }
        } else if errno == ENOENT && !options.readOnly {
            if mkdir(path, 0o755) != 0 { throw KVError(code: errno, operation: "create directory \(path)") }
        } else {
            throw KVError(code: errno, operation: "open \(path)")
        }
        var handle: OpaquePointer?
        try check(mdb_env_create(&handle), "mdb_env_create")
        guard let handle else { throw KVError(code: ENOMEM, operation: "mdb_env_create") }
        var key = pthread_key_t()
        do {
            try check(mdb_env_set_maxdbs(handle, options.maxDatabases), "mdb_env_set_maxdbs")
            try check(mdb_env_set_maxreaders(handle, options.maxReaders), "mdb_env_set_maxreaders")
            try check(mdb_env_set_mapsize(handle, options.initialMapSize), "mdb_env_set_mapsize")
            var flags = UInt32(MDB_NOTLS)
            if options.readOnly { flags |= UInt32(MDB_RDONLY) }
            if options.relaxedDurability { flags |= UInt32(MDB_NOSYNC) }
            try check(mdb_env_open(handle, path, flags, 0o644), "open \(path)")
            var dead: Int32 = 0
            try check(mdb_reader_check(handle, &dead), "mdb_reader_check")
            // Last, so that no failure above leaves a key to delete.
            try check(pthread_key_create(&key, nil), "pthread_key_create")
        } catch {
            mdb_env_close(handle)
            throw error
        }
        self.env = handle
        self.readerCount = key
    }

    deinit {
        mdb_env_close(env)
        pthread_key_delete(readerCount)
    }

    /// Opens a named database, creating it if `create` is set and the
    /// environment is writable. Call this once per database, at start-up.
    ///
    /// - Throws: `KVError` with `MDB_NOTFOUND` when the database does not
    ///   exist and may not be created; `MDB_INCOMPATIBLE` when it exists with
    ///   other flags.
    public func openDatabases(_ specs: [(name: String, flags: Database.Flags)], create: Bool) throws -> [Database] {
        let body: (Transaction) throws -> [Database] = { txn in
            try specs.map { spec in
                var dbi: MDB_dbi = 0
                var flags = spec.flags.rawValue
                if create { flags |= UInt32(MDB_CREATE) }
                try check(mdb_dbi_open(txn.txn, spec.name, flags, &dbi), "open database \(spec.name)")
                return Database(dbi: dbi, name: spec.name, flags: spec.flags)
            }
        }
        if create { return try write(body) }
        // A handle opened in a transaction lives on only if that transaction
        // commits, read-only or not.
        let txn = try begin(readOnly: true)
        defer { txn.finish() }
        let dbs = try body(txn)
        try txn.commit()
        return dbs
    }

    /// The largest key LMDB accepts, in bytes (511 with default builds).
    /// Duplicate-sorted values have the same limit.
    public var maxKeySize: Int { Int(mdb_env_get_maxkeysize(env)) }

    /// The current map size in bytes.
    public var mapSize: Int {
        var info = MDB_envinfo()
        mdb_env_info(env, &info)
        return info.me_mapsize
    }

    /// How many times this process has grown the map.
    public var growthEvents: Int { growthCount.withLock { $0 } }

    /// Runs `body` in a read transaction on a snapshot of the last commit.
    ///
    /// Cost: about 30 ns to begin and end. The transaction and every buffer
    /// it returns are valid only inside `body`. A long read holds its snapshot
    /// (old pages are not reused meanwhile) and delays map growth in this
    /// process, but never blocks a writer.
    public func read<T>(_ body: (Transaction) throws -> T) throws -> T {
        let txn = try begin(readOnly: true)
        defer { txn.finish() }
        return try body(txn)
    }

    /// Runs `body` in the write transaction and commits it.
    ///
    /// Writers are serialised across threads and processes: this blocks until
    /// the write lock is free. If `body` throws, nothing is committed. When
    /// the map fills up, the transaction is rolled back, the map doubled, and
    /// `body` runs again from the start: `body` must not have effects outside
    /// the transaction that cannot be repeated.
    ///
    /// - Throws: what `body` throws, or `KVError` from the commit.
    public func write<T>(_ body: (Transaction) throws -> T) throws -> T {
        while true {
            let txn = try begin(readOnly: false)
            do {
                let result = try body(txn)
                if txn.sawMapFull { throw KVError(code: MDB_MAP_FULL, operation: "write") }
                try txn.commit()
                txn.finish()
                return result
            } catch {
                let mapFull = txn.sawMapFull || (error as? KVError)?.isMapFull == true
                txn.finish()
                if !mapFull { throw error }
                try grow()
            }
        }
    }

    /// Begins a transaction. The caller must call `finish()` on it.
    func begin(readOnly: Bool) throws(KVError) -> Transaction {
        while true {
            remapLock.lockShared()
            var txn: OpaquePointer?
            let rc = mdb_txn_begin(env, nil, readOnly ? UInt32(MDB_RDONLY) : 0, &txn)
            if rc == MDB_SUCCESS, let txn {
                if readOnly { noteReader(+1) }
                return Transaction(txn: txn, environment: self, readOnly: readOnly)
            }
            remapLock.unlock()
            if rc == MDB_MAP_RESIZED {
                // Another process grew the map: adopt its size, then retry.
                try resize(to: 0)
                continue
            }
            throw KVError(code: rc, operation: readOnly ? "begin read transaction" : "begin write transaction")
        }
    }

    /// Called by a transaction when it ends.
    func ended(_ txn: Transaction) {
        if txn.isReadOnly { noteReader(-1) }
        remapLock.unlock()
    }

    @inline(__always)
    private func noteReader(_ delta: Int) {
        let n = Int(bitPattern: pthread_getspecific(readerCount)) &+ delta
        pthread_setspecific(readerCount, UnsafeRawPointer(bitPattern: n))
    }

    /// Doubles the map size.
    func grow() throws(KVError) {
        try resize(to: mapSize * 2)
        growthCount.withLock { $0 += 1 }
    }

    /// Sets the map size (0: adopt the size another process set).
    private func resize(to size: Int) throws(KVError) {
        // A thread that holds a read transaction here would wait for itself.
        if Int(bitPattern: pthread_getspecific(readerCount)) != 0 {
            throw KVError(code: MDB_MAP_FULL, operation: "grow the map while this thread holds a read transaction")
        }
        remapLock.lockExclusive()
        defer { remapLock.unlock() }
        try check(mdb_env_set_mapsize(env, size), "mdb_env_set_mapsize")
    }

    /// Flushes written data to disk; needed only with relaxed durability.
    public func sync() throws(KVError) {
        try check(mdb_env_sync(env, 1), "mdb_env_sync")
    }

    /// Writes a consistent copy of the environment to directory `path`
    /// (which must exist and be empty), optionally compacted (free pages
    /// left out, pages renumbered). Runs in a read transaction: safe while
    /// others read and write. Cost: a full read of the data, a full write.
    public func copy(to path: String, compact: Bool) throws(KVError) {
        try check(mdb_env_copy2(env, path, compact ? UInt32(MDB_CP_COMPACT) : 0), "copy to \(path)")
    }

    /// Disk use: the bytes of pages in use, and the file size.
    public func usage() throws -> (usedBytes: Int, mapSize: Int) {
        var info = MDB_envinfo()
        var st = MDB_stat()
        mdb_env_info(env, &info)
        mdb_env_stat(env, &st)
        return ((info.me_last_pgno + 1) * Int(st.ms_psize), info.me_mapsize)
    }
}

extension Environment {
    /// Creates directory `path` if missing; returns whether it was created.
    ///
    /// - Throws: `KVError` with `ENOTDIR` when `path` is a file, or the
    ///   `errno` of `mkdir`.
    public static func makeDirectory(_ path: String) throws(KVError) -> Bool {
        var st = stat()
        if stat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) != S_IFDIR { throw KVError(code: ENOTDIR, operation: "open \(path)") }
            return false
        }
        if mkdir(path, 0o755) != 0 { throw KVError(code: errno, operation: "create directory \(path)") }
        return true
    }
}

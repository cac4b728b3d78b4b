import CLMDB

/// A transaction on an `Environment`: a consistent snapshot to read, and for
/// a write transaction, the changes that commit together.
///
/// Threading: use a transaction from one thread at a time, and only inside
/// the closure that received it. Buffers returned by `get` and by cursors
/// point into the map; they are valid until the transaction ends or, in a
/// write transaction, until the next write.
public final class Transaction {
    let txn: OpaquePointer
    unowned let environment: Environment
    /// Whether this transaction may only read.
    public let isReadOnly: Bool
    /// For a nested transaction: its parent, unusable until this one ends.
    private let parent: Transaction?
    private var finished = false
    /// Cursors that live as long as the transaction (see `cursor(on:)`),
    /// indexed by database handle (small numbers); closed before it ends.
    private var kept: [Cursor?] = []
    /// Set when an operation met `MDB_MAP_FULL`: the transaction must be
    /// rolled back and retried on a larger map, whatever the caller did with
    /// the error.
    private(set) var sawMapFull = false

    init(txn: OpaquePointer, environment: Environment, readOnly: Bool, parent: Transaction? = nil) {
        self.txn = txn
        self.environment = environment
        self.isReadOnly = readOnly
        self.parent = parent
    }

    /// The id of the commit this transaction reads (for a write
    /// transaction: the id its commit will have). Two read transactions
    /// with the same id see the same data, so what was derived from one
    /// holds for the other. Cost: a field read.
    public var snapshotID: Int { Int(mdb_txn_id(txn)) }

    /// Begins a transaction nested in this write transaction: its changes
    /// join this one's when `commitNested()` is called, and vanish with
    /// `abortNested()`. This transaction must not be used until the nested
    /// one ends. Cost: a few hundred nanoseconds, plus copies of the pages
    /// the nested transaction dirties.
    public func beginNested() throws(KVError) -> Transaction {
        precondition(!isReadOnly, "only write transactions nest")
        var child: OpaquePointer?
        let rc = mdb_txn_begin(environment.env, txn, 0, &child)
        guard rc == MDB_SUCCESS, let child else { throw fail(rc, "begin nested transaction") }
        return Transaction(txn: child, environment: environment, readOnly: false, parent: self)
    }

    /// Commits a nested transaction into its parent.
    public func commitNested() throws(KVError) {
        precondition(parent != nil && !finished)
        finished = true
        closeKept()
        let rc = mdb_txn_commit(txn)
        if rc != MDB_SUCCESS { throw fail(rc, "commit nested transaction") }
    }

    /// Rolls a nested transaction back; its parent is as it was before.
    public func abortNested() {
        precondition(parent != nil)
        if finished { return }
        finished = true
        closeKept()
        mdb_txn_abort(txn)
    }

    deinit {
        if parent == nil { finish() } else { abortNested() }
    }

    /// Ends the transaction, rolling back what was not committed.
    func finish() {
        if finished || parent != nil { return }
        finished = true
        closeKept()
        mdb_txn_abort(txn)
        environment.ended(self)
    }

    private func markMapFull() {
        sawMapFull = true
        parent?.markMapFull()
    }

    func commit() throws(KVError) {
        precondition(!finished)
        finished = true
        closeKept()
        let rc = mdb_txn_commit(txn)
        environment.ended(self)
        if rc != MDB_SUCCESS {
            if rc == MDB_MAP_FULL { sawMapFull = true }
            throw KVError(code: rc, operation: "commit")
        }
    }

    @inline(__always)
    func fail(_ rc: Int32, _ operation: @autoclosure () -> String) -> KVError {
        if rc == MDB_MAP_FULL { markMapFull() }
        return KVError(code: rc, operation: operation())
    }

    /// The value stored under `key`, or nil. For a duplicate-sorted
    /// database, the first value. Cost: one B-tree descent.
    public func get(_ db: Database, _ key: UnsafeRawBufferPointer) throws(KVError) -> UnsafeRawBufferPointer? {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val()
        let rc = mdb_get(txn, db.dbi, &k, &v)
        if rc == MDB_NOTFOUND { return nil }
        if rc != MDB_SUCCESS { throw fail(rc, "get from \(db.name)") }
        return UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size)
    }

    /// The value stored under `key`, copied out, or nil.
    public func get(_ db: Database, _ key: [UInt8]) throws -> [UInt8]? {
        try key.withUnsafeBytes { k in
            try get(db, k).map { Array($0) }
        }
    }

    /// Stores `value` under `key`. Returns false (and changes nothing) when
    /// `flags` forbid overwriting and the key or pair exists.
    ///
    /// - Throws: `KVError` for a key over `maxKeySize` (`MDB_BAD_VALSIZE`), a
    ///   full map (`MDB_MAP_FULL`, handled by `Environment.write`), a
    ///   read-only transaction (`EACCES`).
    @discardableResult
    public func put(
        _ db: Database, _ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, flags: PutFlags = []
    ) throws(KVError) -> Bool {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        let rc = mdb_put(txn, db.dbi, &k, &v, flags.rawValue)
        if rc == MDB_KEYEXIST { return false }
        if rc != MDB_SUCCESS { throw fail(rc, "put into \(db.name)") }
        return true
    }

    /// Stores `value` under `key` (byte arrays).
    @discardableResult
    public func put(_ db: Database, _ key: [UInt8], _ value: [UInt8], flags: PutFlags = []) throws -> Bool {
        try key.withUnsafeBytes { k in
            try value.withUnsafeBytes { v in try put(db, k, v, flags: flags) }
        }
    }

    /// Deletes `key` (with all its values), or in a duplicate-sorted
    /// database only the pair (`key`, `value`) when `value` is given.
    /// Returns false if there was nothing to delete.
    @discardableResult
    public func delete(_ db: Database, _ key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer? = nil)
        throws(KVError) -> Bool
    {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        let rc: Int32
        if let value {
            var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
            rc = mdb_del(txn, db.dbi, &k, &v)
        } else {
            rc = mdb_del(txn, db.dbi, &k, nil)
        }
        if rc == MDB_NOTFOUND { return false }
        if rc != MDB_SUCCESS { throw fail(rc, "delete from \(db.name)") }
        return true
    }

    /// Deletes `key` (byte arrays); see `delete(_:_:value:)`.
    @discardableResult
    public func delete(_ db: Database, _ key: [UInt8], value: [UInt8]? = nil) throws -> Bool {
        try key.withUnsafeBytes { k in
            guard let value else { return try delete(db, k, value: nil) }
            return try value.withUnsafeBytes { v in try delete(db, k, value: v) }
        }
    }

    /// Runs `body` with a cursor on `db`, closed when `body` returns.
    public func withCursor<T>(_ db: Database, _ body: (Cursor) throws -> T) throws -> T {
        var cursor: OpaquePointer?
        let rc = mdb_cursor_open(txn, db.dbi, &cursor)
        guard rc == MDB_SUCCESS, let cursor else { throw fail(rc, "open cursor on \(db.name)") }
        let c = Cursor(cursor: cursor, transaction: self, database: db)
        defer { mdb_cursor_close(cursor) }
        return try body(c)
    }

    /// A cursor on `db` that lives as long as this transaction: the same one
    /// on every call, closed by the transaction before it ends. A run of
    /// puts through it in key order finds each key from where the last one
    /// left it, on the same leaf page, instead of descending from the root.
    /// Cost: opening it, once; afterwards an array lookup.
    ///
    /// Use it for writes (`Cursor.put`); where it stands between calls is
    /// unspecified. It must not be used after the transaction ends, nor in
    /// a parent while a nested transaction is open.
    public func cursor(on db: Database) throws(KVError) -> Cursor {
        let slot = Int(db.dbi)
        if slot < kept.count, let c = kept[slot] { return c }
        var cursor: OpaquePointer?
        let rc = mdb_cursor_open(txn, db.dbi, &cursor)
        guard rc == MDB_SUCCESS, let cursor else { throw fail(rc, "open cursor on \(db.name)") }
        let c = Cursor(cursor: cursor, transaction: self, database: db)
        if slot >= kept.count { kept += Array(repeating: nil, count: slot + 1 - kept.count) }
        kept[slot] = c
        return c
    }

    private func closeKept() {
        for case let c? in kept { mdb_cursor_close(c.cursor) }
        kept = []
    }

    /// The number of entries in `db` (values, for duplicate-sorted ones).
    public func count(_ db: Database) throws(KVError) -> Int {
        var st = MDB_stat()
        let rc = mdb_stat(txn, db.dbi, &st)
        if rc != MDB_SUCCESS { throw fail(rc, "stat \(db.name)") }
        return st.ms_entries
    }

    /// Deletes every entry of `db`, keeping the database.
    public func clear(_ db: Database) throws(KVError) {
        let rc = mdb_drop(txn, db.dbi, 0)
        if rc != MDB_SUCCESS { throw fail(rc, "clear \(db.name)") }
    }
}

import CLMDB

/// A position in one database of a transaction, moved by seeks and steps.
///
/// Each move returns the entry it lands on, or nil when there is none. The
/// buffers point into the map and are valid until the transaction ends or,
/// in a write transaction, until the next write. A cursor is used inside the
/// `withCursor` closure that made it, on that closure's thread.
public final class Cursor {
    let cursor: OpaquePointer
    unowned let transaction: Transaction
    let database: Database

    /// One key and its value, pointing into the map.
    public typealias Entry = (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)

    init(cursor: OpaquePointer, transaction: Transaction, database: Database) {
        self.cursor = cursor
        self.transaction = transaction
        self.database = database
    }

    @inline(__always)
    private func move(_ op: MDB_cursor_op, key: UnsafeRawBufferPointer? = nil, value: UnsafeRawBufferPointer? = nil)
        throws(KVError) -> Entry?
    {
        var k = MDB_val(mv_size: key?.count ?? 0, mv_data: UnsafeMutableRawPointer(mutating: key?.baseAddress))
        var v = MDB_val(mv_size: value?.count ?? 0, mv_data: UnsafeMutableRawPointer(mutating: value?.baseAddress))
        let rc = mdb_cursor_get(cursor, &k, &v, op)
        if rc == MDB_NOTFOUND { return nil }
        if rc != MDB_SUCCESS { throw transaction.fail(rc, "cursor on \(database.name)") }
        return (
            UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size),
            UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size)
        )
    }

    /// The first entry of the database.
    public func first() throws(KVError) -> Entry? { try move(MDB_FIRST) }
    /// The last entry of the database.
    public func last() throws(KVError) -> Entry? { try move(MDB_LAST) }
    /// The next entry (the next value of the same key first, in a
    /// duplicate-sorted database).
    public func next() throws(KVError) -> Entry? { try move(MDB_NEXT) }
    /// The previous entry.
    public func previous() throws(KVError) -> Entry? { try move(MDB_PREV) }
    /// The entry under the cursor.
    public func current() throws(KVError) -> Entry? { try move(MDB_GET_CURRENT) }
    /// The first entry whose key is greater than or equal to `key`.
    public func seek(atLeast key: UnsafeRawBufferPointer) throws(KVError) -> Entry? {
        try move(MDB_SET_RANGE, key: key)
    }
    /// The entry with exactly `key` (its first value), or nil.
    public func seek(exactly key: UnsafeRawBufferPointer) throws(KVError) -> Entry? {
        try move(MDB_SET_KEY, key: key)
    }
    /// In a duplicate-sorted database: the first value of `key` that is
    /// greater than or equal to `value`.
    public func seek(key: UnsafeRawBufferPointer, valueAtLeast value: UnsafeRawBufferPointer) throws(KVError) -> Entry?
    {
        try move(MDB_GET_BOTH_RANGE, key: key, value: value)
    }
    /// The next value of the current key, or nil after its last.
    public func nextDuplicate() throws(KVError) -> Entry? { try move(MDB_NEXT_DUP) }
    /// The first value of the next key.
    public func nextKey() throws(KVError) -> Entry? { try move(MDB_NEXT_NODUP) }
    /// The last value of the current key.
    public func lastDuplicate() throws(KVError) -> Entry? { try move(MDB_LAST_DUP) }
    /// The first value of the current key.
    public func firstDuplicate() throws(KVError) -> Entry? { try move(MDB_FIRST_DUP) }
    /// The last value of the previous key, or nil before the first key.
    public func previousKey() throws(KVError) -> Entry? { try move(MDB_PREV_NODUP) }

    /// In a duplicate-fixed database: the values of the current key on the
    /// page the cursor stands on — the whole page, including values before
    /// the cursor — packed end to end; the cursor moves to the last of them.
    /// Empty when the key holds a single value (LMDB keeps no page of
    /// duplicates for it). Call after a seek; then `nextMultiple()` for the
    /// following pages. `forEachValuePage` does all of this.
    public func multiple() throws(KVError) -> UnsafeRawBufferPointer? { try move(MDB_GET_MULTIPLE)?.value }
    /// The next page of values of the current key; see `multiple()`.
    public func nextMultiple() throws(KVError) -> UnsafeRawBufferPointer? { try move(MDB_NEXT_MULTIPLE)?.value }

    /// In a duplicate-fixed database: calls `body` with the values of the
    /// current key from `current` on, packed end to end a page at a time,
    /// until it returns false. `current` is the value the cursor stands on,
    /// as the seek that placed it returned it.
    ///
    /// Cost: one call into LMDB per page of values (about 200 of 20 bytes),
    /// not one per value.
    ///
    /// - Throws: `KVError` from LMDB, or what `body` throws.
    @inlinable
    public func forEachValuePage(
        from current: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        guard let page = try multiple(), page.count > 0, let base = page.baseAddress else {
            // A key with one value has no page of duplicates.
            _ = try body(current)
            return
        }
        // The page starts at its first value, which may lie before `current`.
        var start = 0
        if let at = current.baseAddress, at >= base, at < base + page.count { start = at - base }
        guard try body(UnsafeRawBufferPointer(rebasing: page[start...])) else { return }
        while let next = try nextMultiple(), try body(next) {}
    }

    /// How many values the current key holds (duplicate-sorted databases).
    public func duplicateCount() throws(KVError) -> Int {
        var n: Int = 0
        let rc = mdb_cursor_count(cursor, &n)
        if rc != MDB_SUCCESS { throw transaction.fail(rc, "count on \(database.name)") }
        return n
    }

    /// Stores `value` under `key` and leaves the cursor on the new entry
    /// (so `duplicateCount()` then tells whether the key is new). Returns
    /// false, changing nothing, when `flags` forbid overwriting and the key
    /// or pair exists. Cost: as `Transaction.put`.
    ///
    /// - Throws: `KVError` as `Transaction.put`.
    @discardableResult
    public func put(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, flags: PutFlags = [])
        throws(KVError) -> Bool
    {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        let rc = mdb_cursor_put(cursor, &k, &v, flags.rawValue)
        if rc == MDB_KEYEXIST { return false }
        if rc != MDB_SUCCESS { throw transaction.fail(rc, "put into \(database.name)") }
        return true
    }

    /// Deletes the entry under the cursor; the cursor then stands on the
    /// entry that followed it (read it with `current()`).
    public func deleteCurrent() throws(KVError) {
        let rc = mdb_cursor_del(cursor, 0)
        if rc != MDB_SUCCESS { throw transaction.fail(rc, "delete from \(database.name)") }
    }
}

import LoreKV

/// A Lore database: one directory holding an LMDB environment.
///
/// Open it once per process and share it: `Store` is `Sendable`, and its
/// transactions may run on any thread. Any number of read transactions run
/// at once, each on a snapshot; one write transaction runs at a time across
/// all threads and processes. A long read never blocks a write.
///
/// ```swift
/// let store = try Store(path: "ai.lore")
/// let id = try store.write { tx in
///     try tx.createNode(labels: ["Company"], properties: ["key": "zhipu-ai"])
/// }
/// let node = try store.read { tx in try tx.node(id) }
/// ```
public final class Store: Sendable {
    let environment: Environment
    let layout: Layout
    let names = NameTable()
    let plans = PlanCache()

    /// The directory of the store.
    public var path: String { environment.path }

    /// How to open a store.
    public struct Options: Sendable {
        /// The map size to start with; it grows by itself as needed.
        public var initialMapSize: Int = 64 << 20
        /// Open for reading only: writes fail with `StorageError`/`ReadOnly`.
        public var readOnly = false
        /// Commit without waiting for the disk (for bulk loads): a crash may
        /// lose the last transactions but never damages the store.
        public var relaxedDurability = false
        /// Creates the default options: durable, writable, 64 MiB to start.
        public init() {}
    }

    /// Opens the store at `path`, creating the directory and the store if
    /// missing.
    ///
    /// - Throws: `LoreError` of kind `IOError` when `path` is a file
    ///   (`NotADirectory`) or may not be read or created (`PermissionDenied`);
    ///   `StorageError` when it holds a damaged or foreign file (`Corrupted`),
    ///   a store of another format version (`FormatVersion`), or is opened
    ///   read-only before it exists (`NotFound`).
    public init(path: String, options: Options = Options()) throws {
        var kvOptions = Environment.Options()
        kvOptions.initialMapSize = options.initialMapSize
        kvOptions.readOnly = options.readOnly
        kvOptions.relaxedDurability = options.relaxedDurability
        do {
            environment = try Environment(path: path, options: kvOptions)
            layout = Layout(try environment.openDatabases(Layout.specs, create: !options.readOnly))
        } catch {
            throw LoreError(storage: error, path: path)
        }
        try checkFormat(readOnly: options.readOnly)
    }

    private func checkFormat(readOnly: Bool) throws {
        let layout = self.layout
        let found: UInt32? = try wrap {
            try environment.read { kv in
                try kv.get(layout.meta, Layout.formatKey).map { bytes in
                    bytes.count == 4 ? bytes.withUnsafeBytes { $0.bigEndianU32(at: 0) } : UInt32.max
                }
            }
        }
        switch found {
        case Layout.formatVersion?: return
        case nil where !readOnly:
            try wrap {
                try environment.write { kv in
                    if try kv.get(layout.meta, Layout.formatKey) == nil {
                        try kv.put(layout.meta, Layout.formatKey, Layout.nameIdKey(Layout.formatVersion))
                    }
                }
            }
        case nil:
            throw LoreError(.storageError, "NotFound", "\(path) holds no Lore store")
        case let version?:
            throw LoreError(
                .storageError, "FormatVersion",
                "\(path) holds a store of format version \(version); this Lore reads version \(Layout.formatVersion)")
        }
    }

    /// Runs `body` in a read transaction on a consistent snapshot.
    ///
    /// Cost: about a microsecond to begin and end. Values returned are
    /// plain copies that outlive the transaction. Do not call `write` from
    /// inside `body` on the same thread while the map may need to grow.
    ///
    /// - Throws: what `body` throws, or `LoreError` from storage.
    public func read<T>(_ body: (Transaction) throws -> T) throws -> T {
        try wrap {
            try environment.read { kv in
                let tx = Transaction(
                    StorageTransaction(kv: kv, layout: layout, names: names, environment: environment, plans: plans))
                defer { tx.close() }
                return try body(tx)
            }
        }
    }

    /// Runs `body` in the write transaction and commits it when `body`
    /// returns; if `body` throws, nothing of it is kept.
    ///
    /// Blocks while another thread or process writes. Durable by default:
    /// the commit waits for the disk (two fsyncs). When the store's map must
    /// grow, the transaction is rolled back and `body` runs again, so `body`
    /// should have no effects outside the transaction.
    ///
    /// - Throws: what `body` throws, or `LoreError` from storage (a full
    ///   disk is `IOError`/`DiskFull`; the store is unchanged).
    public func write<T>(_ body: (Transaction) throws -> T) throws -> T {
        var created: [(String, UInt32)] = []
        let result = try wrap {
            try environment.write { kv in
                let storage = StorageTransaction(
                    kv: kv, layout: layout, names: names, environment: environment, plans: plans)
                let tx = Transaction(storage)
                defer { tx.close() }
                let result = try body(tx)
                try storage.flush()
                created = storage.createdNames
                return result
            }
        }
        names.remember(created)
        return result
    }

    /// How many times this process grew the store's map.
    public var mapGrowthCount: Int { environment.growthEvents }

    /// The current map size in bytes (the most the file may grow to before
    /// the next growth).
    public var mapSize: Int { environment.mapSize }

    /// Bytes of pages in use: the size of the data a copy would hold.
    public func usedBytes() throws -> Int { try wrap { try environment.usage().usedBytes } }

    /// Forces written data to disk; needed only with relaxed durability.
    public func sync() throws { try wrap { try environment.sync() } }

    /// Writes a compacted, consistent copy of the store into directory
    /// `destination` (created if missing; must be empty). Safe while other
    /// threads and processes read and write: the copy is one snapshot.
    public func backup(to destination: String) throws {
        try wrap {
            _ = try Environment.makeDirectory(destination)
            try environment.copy(to: destination, compact: true)
        }
    }

    /// Runs `body`, translating storage-layer errors into `LoreError`s;
    /// every other error (a caller's own, thrown from its closure) passes
    /// through unchanged.
    func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as KVError {
            throw LoreError(storage: e, path: path)
        } catch let e as StorageCorruption {
            throw LoreError(.storageError, "Corrupted", "\(path) is damaged: \(e.message)")
        }
    }
}

extension LoreError {
    /// Translates a storage-layer error.
    init(storage error: Error, path: String) {
        if let e = error as? LoreError {
            self = e
            return
        }
        guard let kv = error as? KVError else {
            self.init(.storageError, "Internal", "\(error)")
            return
        }
        if kv.isNoSpace {
            self.init(.ioError, "DiskFull", "the disk holding \(path) is full; the transaction was rolled back")
        } else if kv.isPermissionDenied {
            self.init(.ioError, "PermissionDenied", "no permission to use \(path) (\(kv))")
        } else if kv.isNotDirectory {
            self.init(.ioError, "NotADirectory", "\(path) is not a directory; a store is a directory")
        } else if kv.isCorrupted {
            self.init(.storageError, "Corrupted", "\(path) is damaged or not a Lore store (\(kv))")
        } else if kv.isVersionMismatch {
            self.init(.storageError, "FormatVersion", "\(path) was written by an incompatible LMDB version")
        } else if kv.isReadersFull {
            self.init(.storageError, "ReadersFull", "too many readers have \(path) open")
        } else if kv.isTransactionFull {
            self.init(.storageError, "TransactionFull", "the transaction is too large; split it into smaller ones")
        } else if kv.isBadValueSize {
            self.init(.storageError, "KeyTooLarge", "a key is too large for the store: \(kv)")
        } else if kv.isMapFull {
            self.init(.storageError, "MapFull", "the store could not grow: \(kv)")
        } else {
            self.init(.storageError, "LMDB", "\(kv)")
        }
    }
}

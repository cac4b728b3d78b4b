import LoreKV

/// One transaction over the store's layout: reads and writes records and
/// keeps every index and statistic in step with them.
///
/// Everything above the storage layer goes through this type; it is the
/// only user of `LoreKV`. Id counters and statistic deltas are kept in
/// memory and written by `flush()` just before commit, so that a bulk write
/// touches each counter once. `savepoint()`/`rollback(to:)` open and undo a
/// nested LMDB transaction together with that in-memory state.
final class StorageTransaction {
    private(set) var kv: LoreKV.Transaction
    let layout: Layout
    let names: NameTable
    private let environment: Environment

    private var localNames: [String: UInt32] = [:]
    private var localIds: [UInt32: String] = [:]
    /// Names found lately (committed or this transaction's own), in slots
    /// picked by length and first byte: a statement reads the same few
    /// names over and over, and a load the same keys, labels and types for
    /// every record. A slot is a comparison where the maps are a hash each
    /// (equal strings usually share their bits or storage).
    /// Empty until the first name is met (see `knownName`); then 32 slots
    /// in a write transaction, 16 in a read-only one, whose statements meet
    /// few names and where clearing 32 slots costs more than it saves. A
    /// name may sit in its slot or the next one. A read-only transaction
    /// starts with the slots an ended one gave back to `names`, and gives
    /// its own back when it ends: its names are all committed ones.
    private var recentNames: [(name: String, id: UInt32)?] = []
    /// Names interned by this transaction, for the shared cache after commit.
    private(set) var createdNames: [(String, UInt32)] = []
    private var nextNode: UInt64?
    /// The first node id this transaction allocated: from it up to
    /// `nextNode`, every id is a node unless `deletedNodes`.
    private var firstNewNode: UInt64?
    /// Whether this transaction deleted a node (undone or not).
    private var deletedNodes = false
    private var nextRel: UInt64?
    private var nextName: UInt32?
    private var countersDirty = false
    private var statDeltas = StatDeltas()
    private var constraintCache: [ConstraintRecord]?
    /// The last record read from `nodes` and from `rels`, in a read-only
    /// transaction (see `withRecord`).
    private var recentNode: (id: UInt64, raw: UnsafeRawBufferPointer)?
    private var recentRelationship: (id: UInt64, raw: UnsafeRawBufferPointer)?
    /// By database slot: which have been walked, and which kept cursors a
    /// walk is using (see `withReadCursor`).
    private var walkedBefore: UInt64 = 0
    private var cursorsInUse: UInt64 = 0
    /// Reused buffers for records and index keys, so that writing one
    /// allocates nothing once they have grown.
    /// Grown by the first write: a read transaction allocates nothing here,
    /// so its fixed cost stays a few allocations.
    private var recordBuffer = ByteWriter(capacity: 0)
    private var keyBuffer = ByteWriter(capacity: 0)
    /// Index entries of nodes and relationships created with
    /// `deferIndexes`, not yet written (see `writeDeferredIndexes`).
    private var deferred = DeferredIndexes()
    /// Whether `deferred` holds entries: every read of an index must write
    /// them first.
    var hasDeferredIndexes: Bool { !deferred.isEmpty }
    /// When held-back entries pass this many bytes, they are written.
    static let deferredIndexBudget = 512 << 20

    /// The store's compiled statements, when the transaction belongs to a store.
    let plans: PlanCache?

    init(kv: LoreKV.Transaction, layout: Layout, names: NameTable, environment: Environment, plans: PlanCache? = nil) {
        self.kv = kv
        self.layout = layout
        self.names = names
        self.environment = environment
        self.plans = plans
        if kv.isReadOnly { recentNames = names.takeSlots() }
    }

    deinit {
        if kv.isReadOnly && !recentNames.isEmpty { names.giveBack(recentNames) }
    }

    var isReadOnly: Bool { kv.isReadOnly }

    // MARK: savepoints

    /// The in-memory state a savepoint restores.
    struct Savepoint {
        fileprivate let parent: LoreKV.Transaction
        fileprivate let nextNode: UInt64?
        fileprivate let nextRel: UInt64?
        fileprivate let nextName: UInt32?
        fileprivate let countersDirty: Bool
        fileprivate let statDeltas: StatDeltas
        fileprivate let createdNames: Int
        fileprivate let constraintCache: [ConstraintRecord]?
    }

    /// Starts a nested transaction: everything done until `release` or
    /// `rollback` can be undone as one. Read transactions need none (they
    /// change nothing), and get nil.
    func savepoint() throws -> Savepoint? {
        if kv.isReadOnly { return nil }
        // What is undone must be in the store, not held back.
        try writeDeferredIndexes()
        let point = Savepoint(
            parent: kv, nextNode: nextNode, nextRel: nextRel, nextName: nextName, countersDirty: countersDirty,
            statDeltas: statDeltas, createdNames: createdNames.count, constraintCache: constraintCache)
        kv = try kv.beginNested()
        return point
    }

    /// Keeps what was done since `point`.
    func release(_ point: Savepoint?) throws {
        guard let point else { return }
        try kv.commitNested()
        kv = point.parent
    }

    /// Undoes everything done since `point`, in the store and in memory.
    func rollback(to point: Savepoint?) {
        guard let point else { return }
        kv.abortNested()
        kv = point.parent
        (nextNode, nextRel, nextName, countersDirty) = (
            point.nextNode, point.nextRel, point.nextName, point.countersDirty
        )
        statDeltas = point.statDeltas
        constraintCache = point.constraintCache
        for (name, id) in createdNames[point.createdNames...] {
            localNames[name] = nil
            localIds[id] = nil
        }
        if createdNames.count > point.createdNames && !recentNames.isEmpty {
            recentNames = Array(repeating: nil, count: recentNames.count)
        }
        createdNames.removeLast(createdNames.count - point.createdNames)
    }

    // MARK: names

    /// The id of an existing name, or nil. Cost: a cache probe; on a miss,
    /// one lookup in `names`.
    func existingName(_ name: String) throws -> UInt32? {
        if let id = knownName(name) { return id }
        guard let raw = try kv.get(layout.names, Array(name.utf8)), raw.count == 4 else { return nil }
        let id = raw.withUnsafeBytes { $0.bigEndianU32(at: 0) }
        if kv.isReadOnly {
            names.remember([(name, id)])
        } else {
            localNames[name] = id
            localIds[id] = name
        }
        return id
    }

    /// The id of a name this transaction has already met, or nil. Cost: a
    /// cache probe, never a read.
    func knownName(_ name: String) -> UInt32? {
        let utf8 = name.utf8
        let hash = utf8.count &* 31 &+ Int(utf8.first ?? 0) &* 7 &+ Int(utf8.last ?? 0)
        let mask = recentNames.count &- 1
        let (first, second) = (hash & mask, (hash &+ 1) & mask)
        if !recentNames.isEmpty {
            if let recent = recentNames[first], recent.name == name { return recent.id }
            if let recent = recentNames[second], recent.name == name { return recent.id }
        }
        guard let id = (localNames.isEmpty ? nil : localNames[name]) ?? names.id(of: name) else { return nil }
        if recentNames.isEmpty {
            recentNames = Array(repeating: nil, count: kv.isReadOnly ? 16 : 32)
            recentNames[hash & (recentNames.count - 1)] = (name, id)
        } else {
            // Two slots per name: the second one takes a name whose first
            // slot is taken, so that two names met in turn do not evict
            // each other.
            recentNames[recentNames[first] == nil || recentNames[second] != nil ? first : second] = (name, id)
        }
        return id
    }

    /// The id of `name`, interning it if new.
    ///
    /// - Throws: `LoreError` (`ArgumentError`/`NameTooLong`) for a name over
    ///   400 bytes of UTF-8, which no index key could hold.
    func intern(_ name: String) throws -> UInt32 {
        if let id = try existingName(name) { return id }
        try requireWritable()
        guard name.utf8.count <= 400 else {
            throw LoreError(
                .argumentError, "NameTooLong",
                "a label, type or property key may be at most 400 bytes of UTF-8; this one has \(name.utf8.count)")
        }
        if nextName == nil { nextName = try readCounter(Layout.nextNameKey).map(UInt32.init) ?? 1 }
        let id = nextName!
        nextName = id + 1
        countersDirty = true
        try kv.put(layout.names, Array(name.utf8), Layout.nameIdKey(id))
        try kv.put(layout.namesReverse, Layout.nameIdKey(id), Array(name.utf8))
        localNames[name] = id
        localIds[id] = name
        createdNames.append((name, id))
        return id
    }

    /// The name behind `id`.
    func name(of id: UInt32) throws -> String {
        if let s = names.name(of: id) ?? localIds[id] { return s }
        guard let raw = try kv.get(layout.namesReverse, Layout.nameIdKey(id)) else {
            throw LoreError(.storageError, "Corrupted", "name id \(id) is used but not defined")
        }
        let s = String(decoding: raw, as: UTF8.self)
        if kv.isReadOnly {
            names.remember([(s, id)])
        } else {
            localNames[s] = id
            localIds[id] = s
        }
        return s
    }

    // MARK: counters and statistics

    private func readCounter(_ key: [UInt8]) throws -> UInt64? {
        guard let raw = try kv.get(layout.meta, key), raw.count == 8 else { return nil }
        return raw.withUnsafeBytes { $0.bigEndianU64(at: 0) }
    }

    private func allocateNodeID() throws -> UInt64 {
        if nextNode == nil { nextNode = try readCounter(Layout.nextNodeKey) ?? 0 }
        if firstNewNode == nil { firstNewNode = nextNode }
        defer { nextNode! += 1 }
        countersDirty = true
        return nextNode!
    }

    private func allocateRelID() throws -> UInt64 {
        if nextRel == nil { nextRel = try readCounter(Layout.nextRelKey) ?? 0 }
        defer { nextRel! += 1 }
        countersDirty = true
        return nextRel!
    }

    @inline(__always)
    func bump(_ key: StatKey, _ delta: Int64) { statDeltas.add(key, delta) }

    /// Runs `body` on the pending statistics: one access for many bumps,
    /// where each `bump` is an access of its own (checked at run time, as
    /// for any stored property of a class). `body` must not call `bump`.
    @inline(__always)
    private func bumping<T>(_ body: (inout StatDeltas) throws -> T) rethrows -> T { try body(&statDeltas) }

    /// A statistic as of this transaction, pending changes included.
    func statistic(_ key: StatKey) throws -> Int64 {
        var v = statDeltas[key]
        if let raw = try key.withBytes({ try kv.get(layout.stats, $0) }), raw.count == 8 {
            v += Int64(bitPattern: raw.bigEndianU64(at: 0))
        }
        return v
    }

    /// Every non-zero statistic, pending changes included.
    func allStatistics() throws -> [StatKey: Int64] {
        var all: [StatKey: Int64] = [:]
        try kv.withCursor(layout.stats) { c in
            var e = try c.first()
            while let (k, v) = e {
                if let key = StatKey(bytes: k), v.count == 8 { all[key] = Int64(bitPattern: v.bigEndianU64(at: 0)) }
                e = try c.next()
            }
        }
        for (k, d) in statDeltas.all { all[k, default: 0] += d }
        return all.filter { $0.value != 0 }
    }

    /// Writes held-back index entries, the id counters and statistic
    /// deltas. Called once, before commit.
    func flush() throws {
        try writeDeferredIndexes()
        if countersDirty {
            if let n = nextNode { try kv.put(layout.meta, Layout.nextNodeKey, Layout.idKey(n)) }
            if let n = nextRel { try kv.put(layout.meta, Layout.nextRelKey, Layout.idKey(n)) }
            if let n = nextName { try kv.put(layout.meta, Layout.nextNameKey, Layout.idKey(UInt64(n))) }
            countersDirty = false
        }
        for (key, delta) in statDeltas.all where delta != 0 {
            let k = key.bytes
            var v = delta
            if let raw = try kv.get(layout.stats, k), raw.count == 8 {
                v += Int64(bitPattern: raw.withUnsafeBytes { $0.bigEndianU64(at: 0) })
            }
            if v == 0 {
                try kv.delete(layout.stats, k)
            } else {
                try kv.put(layout.stats, k, Layout.idKey(UInt64(bitPattern: v)))
            }
        }
        statDeltas = StatDeltas()
    }

    private func requireWritable() throws {
        if kv.isReadOnly {
            throw LoreError(.storageError, "ReadOnly", "cannot write in a read transaction")
        }
    }

    // MARK: constraints

    func constraints() throws -> [ConstraintRecord] {
        if let c = constraintCache { return c }
        var list: [ConstraintRecord] = []
        try kv.withCursor(layout.schema) { c in
            var e = try c.first()
            while let (k, v) = e {
                list.append(try ConstraintRecord(name: String(decoding: k, as: UTF8.self), decoding: v))
                e = try c.next()
            }
        }
        constraintCache = list
        return list
    }

    /// Declares a unique constraint; false if one of that name exists and
    /// `ifNotExists` is set.
    ///
    /// - Throws: `LoreError` when the name is taken (`EquivalentSchemaRuleAlreadyExists`
    ///   or `ConstraintAlreadyExists`), or when existing nodes already break
    ///   it (`ConstraintCreationFailed`).
    func createUniqueConstraint(name: String, label: String, key: String, ifNotExists: Bool) throws -> Bool {
        try requireWritable()
        let l = try intern(label)
        let k = try intern(key)
        let existing = try constraints()
        if let same = existing.first(where: { $0.name == name }) {
            if ifNotExists { return false }
            let code =
                (same.label == l && same.key == k) ? "EquivalentSchemaRuleAlreadyExists" : "ConstraintAlreadyExists"
            throw LoreError(.semanticError, code, "a constraint named `\(name)` already exists")
        }
        if existing.contains(where: { $0.label == l && $0.key == k }) {
            if ifNotExists { return false }
            throw LoreError(
                .semanticError, "EquivalentSchemaRuleAlreadyExists",
                "a unique constraint on :\(label)(\(key)) already exists")
        }
        // Existing data must already satisfy it.
        var duplicate: Value?
        try scanPropertyIndex(label: l, key: k, start: [], prefix: []) { body, ids in
            guard ids.count > 1 else { return true }
            if !KeyEncoding.mayBeCut(body) {
                duplicate = KeyEncoding.decode(body)
                return false
            }
            var seen = Set<[UInt8]>()
            for id in ids {
                guard let v = try nodeRecord(id)?.value(k) else { continue }
                if !seen.insert(fullEncoding(v)).inserted {
                    duplicate = v
                    return false
                }
            }
            return true
        }
        if let duplicate {
            throw LoreError(
                .constraintVerificationFailed, "ConstraintCreationFailed",
                "cannot create constraint `\(name)`: several :\(label) nodes have \(key) = \(duplicate)")
        }
        let record = ConstraintRecord(name: name, label: l, key: k)
        try kv.put(layout.schema, Array(name.utf8), record.encodedValue())
        constraintCache = nil
        return true
    }

    /// Drops the named constraint; false if there was none.
    func dropConstraint(name: String) throws -> Bool {
        try requireWritable()
        constraintCache = nil
        return try kv.delete(layout.schema, Array(name.utf8))
    }

    func fullEncoding(_ v: Value) -> [UInt8] {
        var w = ByteWriter()
        KeyEncoding.encode(v, into: &w)
        return w.bytes
    }

    /// Throws if giving node `id` (nil: a new node) these labels and
    /// properties would break a unique constraint.
    private func checkUnique(node id: UInt64?, labels: [UInt32], properties: [(key: UInt32, value: Value)]) throws {
        let all = try constraints()
        if all.isEmpty { return }
        for c in all where labels.contains(c.label) {
            guard let v = properties.first(where: { $0.key == c.key })?.value else { continue }
            for other in try seekEqual(label: c.label, key: c.key, value: v) where other != id {
                throw LoreError(
                    .constraintVerificationFailed, "UniquenessViolation",
                    "node \(other) already exists with label `\(try name(of: c.label))` and property `\(try name(of: c.key))` = \(v)"
                )
            }
        }
    }

    // MARK: nodes

    /// The node record of `id`, or nil.
    func nodeRecord(_ id: UInt64) throws -> NodeRecord? {
        try Layout.idKey(id).withUnsafeBytes { k in
            guard let raw = try kv.get(layout.nodes, k) else { return nil }
            do { return try NodeRecord(decoding: raw) } catch { throw corrupted("node \(id)", error) }
        }
    }

    /// Reads the raw record of node `id` and hands it to `body`; nil when
    /// there is no such node. The buffer is valid only inside `body`.
    func withNodeRecord<T>(_ id: UInt64, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T? {
        try withRecord(layout.nodes, id, { "node \(id)" }, body)
    }

    /// Reads the raw record of relationship `id` and hands it to `body`.
    func withRelationshipRecord<T>(_ id: UInt64, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T? {
        try withRecord(layout.rels, id, { "relationship \(id)" }, body)
    }

    /// `what` names the record in an error message; it is built only then.
    ///
    /// A read-only transaction's pages stay where they are until it ends, so
    /// the last record found in each database is kept and read again without
    /// a lookup: rows read several properties of one element in a row.
    private func withRecord<T>(
        _ db: Database, _ id: UInt64, _ what: () -> String, _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T? {
        let nodes = db == layout.nodes
        let recent = nodes ? recentNode : recentRelationship
        if let recent, recent.id == id {
            do { return try body(recent.raw) } catch let e as StorageCorruption { throw corrupted(what(), e) }
        }
        var key = id.bigEndian
        return try withUnsafeBytes(of: &key) { k in
            guard let raw = try lookUp(db, id, k, after: recent?.id) else { return nil }
            if kv.isReadOnly {
                if nodes { recentNode = (id, raw) } else { recentRelationship = (id, raw) }
            }
            do { return try body(raw) } catch let e as StorageCorruption { throw corrupted(what(), e) }
        }
    }

    /// The record of `id` in `db` (`nodes` or `rels`), read after the record
    /// of `last` (the one kept in `recentNode`/`recentRelationship`). In a
    /// read-only transaction, a read near that one (ids at most 32 apart) is
    /// a seek of the kept cursor on `db`, when no walk holds it: LMDB looks
    /// on the leaf page where the last seek left the cursor first, and
    /// descends from the root only when the key is not there. Rows often
    /// read records of nearby ids in turn (relationships created together,
    /// nodes loaded together), and those reads skip the descent. A read far
    /// from the last is a plain `get`, which costs less than a seek that
    /// finds the cursor on the wrong page; so is a statement's first read.
    private func lookUp(_ db: Database, _ id: UInt64, _ key: UnsafeRawBufferPointer, after last: UInt64?) throws
        -> UnsafeRawBufferPointer?
    {
        let slot = db.slot
        guard kv.isReadOnly, let last, id &- last &+ 32 <= 64, slot < 64, cursorsInUse & (1 << slot) == 0 else {
            return try kv.get(db, key)
        }
        return try kv.cursor(on: db).seek(exactly: key)?.value
    }

    /// Whether node `id` exists. Cost: none for a node this transaction
    /// created (while it has deleted none), else one lookup.
    func nodeExists(_ id: UInt64) throws -> Bool {
        if !deletedNodes, let first = firstNewNode, let next = nextNode, id >= first, id < next { return true }
        return try Layout.withIDKey(id) { try kv.get(layout.nodes, $0) != nil }
    }

    private func corrupted(_ what: String, _ error: Error) -> LoreError {
        let detail = (error as? StorageCorruption)?.message ?? "\(error)"
        return LoreError(.storageError, "Corrupted", "the record of \(what) is damaged: \(detail)")
    }

    private func putNode(_ id: UInt64, _ record: NodeRecord, append: Bool = false) throws {
        record.encode(into: &recordBuffer)
        try Layout.withIDKey(id) { k in
            let c = try kv.cursor(on: layout.nodes)
            _ = try recordBuffer.bytes.withUnsafeBytes { try c.put(k, $0, flags: append ? .append : []) }
        }
    }

    /// Creates a node. Labels and keys are name ids; properties hold storable
    /// values (callers validate). Returns the new id.
    ///
    /// With `deferIndexes`, its property index entries are held back (see
    /// `DeferredIndexes`), except those a uniqueness constraint checks. The
    /// caller must then call `writeDeferredIndexes()` before anything reads
    /// an index; `flush()` and `savepoint()` call it.
    func createNode(labels: [UInt32], properties: [(key: UInt32, value: Value)], deferIndexes: Bool = false) throws
        -> UInt64
    {
        try requireWritable()
        var unique: [UInt32] = []
        unique.reserveCapacity(labels.count)
        for l in labels where !unique.contains(l) { unique.append(l) }
        let record = NodeRecord(labels: unique, properties: RecordEncoding.byKey(properties))
        try checkUnique(node: nil, labels: record.labels, properties: record.properties)
        let id = try allocateNodeID()
        try putNode(id, record, append: true)
        try Layout.withIDKey(id) { idKey in
            for l in record.labels {
                try Layout.withNameIDKey(l) { try appendDuplicate(layout.labelIndex, $0, idKey) }
            }
        }
        let indexLabels = record.labels.isEmpty ? [0] : record.labels
        let c = try kv.cursor(on: layout.propertyIndex)
        let constrained = deferIndexes ? try constraints() : []
        try bumping { stats in
            for (k, v) in record.properties {
                stats.add(.nodeKey(k), 1)
                for l in indexLabels {
                    if deferIndexes && !constrained.contains(where: { $0.label == l && $0.key == k }) {
                        Layout.writePropertyKey(label: l, key: k, value: v, into: &keyBuffer)
                        deferred.addProperty(key: keyBuffer.bytes, node: id)
                    } else if try indexProperty(label: l, key: k, value: v, node: id, cursor: c) {
                        stats.add(.distinct(l, k), 1)
                    }
                    stats.add(.labelKey(l, k), 1)
                }
            }
            for l in record.labels { stats.add(.label(l), 1) }
            stats.add(.nodes, 1)
        }
        if deferIndexes && deferred.byteCount > Self.deferredIndexBudget { try writeDeferredIndexes() }
        return id
    }

    /// Adds `value` under `key` after the key's last value, without
    /// searching its values: for ids that only grow (label and type
    /// indexes) and for entries written in order. Should the value not
    /// sort last, it is put in its place.
    private func appendDuplicate(_ db: Database, _ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer)
        throws
    {
        let c = try kv.cursor(on: db)
        if try !c.put(key, value, flags: .appendDuplicate) { try c.put(key, value) }
    }

    /// Indexes `value` of node `node` under (label, key). The put itself
    /// tells whether the value is new to (label, key): its key then holds
    /// one node.
    private func addPropertyEntry(label: UInt32, key: UInt32, value: Value, node: UInt64) throws {
        let isNew = try kv.withCursor(layout.propertyIndex) {
            try indexProperty(label: label, key: key, value: value, node: node, cursor: $0)
        }
        if isNew { bump(.distinct(label, key), 1) }
        bump(.labelKey(label, key), 1)
    }

    /// Puts the `prop.idx` entry of `addPropertyEntry` through a cursor the
    /// caller opened (to index several values with one), leaving the
    /// statistics to the caller; true when the value is new to (label, key).
    private func indexProperty(label: UInt32, key: UInt32, value: Value, node: UInt64, cursor c: Cursor) throws -> Bool
    {
        Layout.writePropertyKey(label: label, key: key, value: value, into: &keyBuffer)
        return try keyBuffer.bytes.withUnsafeBytes { k in
            try Layout.withIDKey(node) { id in try c.put(k, id, flags: .noDuplicateData) && c.duplicateCount() == 1 }
        }
    }

    private func removePropertyEntry(label: UInt32, key: UInt32, value: Value, node: UInt64) throws {
        let k = Layout.propertyKey(label: label, key: key, body: KeyEncoding.indexKeyBody(value))
        try kv.delete(layout.propertyIndex, k, value: Layout.idKey(node))
        if try kv.get(layout.propertyIndex, k) == nil { bump(.distinct(label, key), -1) }
        bump(.labelKey(label, key), -1)
    }

    /// Sets (or with nil, removes) property `key` of node `id`. Returns
    /// whether anything changed.
    ///
    /// - Throws: `EntityNotFound` for a missing node; a uniqueness violation.
    @discardableResult
    func setNodeProperty(_ id: UInt64, key: UInt32, value: Value?) throws -> Bool {
        try requireWritable()
        guard var record = try nodeRecord(id) else { throw missingNode(id) }
        let old = record.value(key)
        if old == value { return false }
        if let value { try checkUnique(node: id, labels: record.labels, properties: [(key, value)]) }
        let indexLabels = record.labels.isEmpty ? [0] : record.labels
        if let old {
            bump(.nodeKey(key), -1)
            for l in indexLabels { try removePropertyEntry(label: l, key: key, value: old, node: id) }
        }
        if let value {
            bump(.nodeKey(key), 1)
            for l in indexLabels { try addPropertyEntry(label: l, key: key, value: value, node: id) }
        }
        record.set(key, value)
        try putNode(id, record)
        return true
    }

    /// Adds a label to node `id`; false if it had it.
    @discardableResult
    func addLabel(_ id: UInt64, label: UInt32) throws -> Bool {
        try requireWritable()
        guard var record = try nodeRecord(id) else { throw missingNode(id) }
        if record.labels.contains(label) { return false }
        try checkUnique(node: id, labels: [label], properties: record.properties)
        for (k, v) in record.properties {
            if record.labels.isEmpty { try removePropertyEntry(label: 0, key: k, value: v, node: id) }
            try addPropertyEntry(label: label, key: k, value: v, node: id)
        }
        try kv.put(layout.labelIndex, Layout.nameIdKey(label), Layout.idKey(id))
        bump(.label(label), 1)
        record.labels.append(label)
        try putNode(id, record)
        return true
    }

    /// Removes a label from node `id`; false if it did not have it.
    @discardableResult
    func removeLabel(_ id: UInt64, label: UInt32) throws -> Bool {
        try requireWritable()
        guard var record = try nodeRecord(id) else { throw missingNode(id) }
        guard let at = record.labels.firstIndex(of: label) else { return false }
        record.labels.remove(at: at)
        for (k, v) in record.properties {
            try removePropertyEntry(label: label, key: k, value: v, node: id)
            if record.labels.isEmpty { try addPropertyEntry(label: 0, key: k, value: v, node: id) }
        }
        try kv.delete(layout.labelIndex, Layout.nameIdKey(label), value: Layout.idKey(id))
        bump(.label(label), -1)
        try putNode(id, record)
        return true
    }

    /// Deletes node `id` with its index entries; with `detach`, its
    /// relationships first. Returns false if there was no such node.
    ///
    /// - Throws: `ConstraintVerificationFailed`/`DeleteConnectedNode` when
    ///   the node still has relationships and `detach` is false.
    @discardableResult
    func deleteNode(_ id: UInt64, detach: Bool) throws -> Bool {
        try requireWritable()
        guard let record = try nodeRecord(id) else { return false }
        var rels: [UInt64] = []
        try forEachAdjacency(of: id, direction: .both, type: nil) { _, _, rel, _ in
            rels.append(rel)
            return detach
        }
        if !rels.isEmpty {
            guard detach else {
                throw LoreError(
                    .constraintVerificationFailed, "DeleteConnectedNode",
                    "cannot delete node \(id), because it still has relationships; delete them first, or use DETACH DELETE"
                )
            }
            for rel in Set(rels) { try deleteRelationship(rel) }
        }
        let indexLabels = record.labels.isEmpty ? [0] : record.labels
        for (k, v) in record.properties {
            bump(.nodeKey(k), -1)
            for l in indexLabels { try removePropertyEntry(label: l, key: k, value: v, node: id) }
        }
        for l in record.labels {
            try kv.delete(layout.labelIndex, Layout.nameIdKey(l), value: Layout.idKey(id))
            bump(.label(l), -1)
        }
        try kv.delete(layout.nodes, Layout.idKey(id))
        deletedNodes = true
        bump(.nodes, -1)
        return true
    }

    func missingNode(_ id: UInt64) -> LoreError {
        LoreError(.entityNotFound, "EntityNotFound", "node \(id) does not exist")
    }

    func missingRelationship(_ id: UInt64) -> LoreError {
        LoreError(.entityNotFound, "EntityNotFound", "relationship \(id) does not exist")
    }

    // MARK: relationships

    func relationshipRecord(_ id: UInt64) throws -> RelationshipRecord? {
        try Layout.idKey(id).withUnsafeBytes { k in
            guard let raw = try kv.get(layout.rels, k) else { return nil }
            do { return try RelationshipRecord(decoding: raw) } catch { throw corrupted("relationship \(id)", error) }
        }
    }

    /// Creates a relationship between two existing nodes.
    ///
    /// - Throws: `EntityNotFound` when either end does not exist.
    ///
    /// With `deferIndexes`, its `out` and `in` entries are held back, as
    /// `createNode` holds back property entries.
    func createRelationship(
        type: UInt32, start: UInt64, end: UInt64, properties: [(key: UInt32, value: Value)],
        deferIndexes: Bool = false
    ) throws -> UInt64 {
        try requireWritable()
        guard try nodeExists(start) else { throw missingNode(start) }
        guard try nodeExists(end) else { throw missingNode(end) }
        let record = RelationshipRecord(
            type: type, start: start, end: end, properties: RecordEncoding.byKey(properties))
        let id = try allocateRelID()
        record.encode(into: &recordBuffer)
        try Layout.withIDKey(id) { idKey in
            let c = try kv.cursor(on: layout.rels)
            _ = try recordBuffer.bytes.withUnsafeBytes { try c.put(idKey, $0, flags: .append) }
            try Layout.withNameIDKey(type) { try appendDuplicate(layout.typeIndex, $0, idKey) }
        }
        if deferIndexes {
            deferred.outgoing.append(.init(node: start, type: type, other: end, rel: id))
            deferred.incoming.append(.init(node: end, type: type, other: start, rel: id))
        } else {
            try Layout.withIDKey(start) { k in
                let c = try kv.cursor(on: layout.outgoing)
                try Layout.withAdjacency(type: type, other: end, rel: id) { try c.put(k, $0) }
            }
            try Layout.withIDKey(end) { k in
                let c = try kv.cursor(on: layout.incoming)
                try Layout.withAdjacency(type: type, other: start, rel: id) { try c.put(k, $0) }
            }
        }
        bumping { stats in
            stats.add(.relationships, 1)
            stats.add(.type(type), 1)
            for (k, _) in record.properties {
                stats.add(.typeKey(type, k), 1)
                stats.add(.relationshipKey(k), 1)
            }
        }
        if deferIndexes && deferred.byteCount > Self.deferredIndexBudget { try writeDeferredIndexes() }
        return id
    }

    /// Writes the index entries held back by `createNode` and
    /// `createRelationship`, each database's in key order. A key past the
    /// database's last one is appended (`MDB_APPEND`), a further value of
    /// the same key after its last one (`MDB_APPENDDUP`); anything else is
    /// an ordinary put. Cost: a sort, then a put per entry, most of them
    /// without a tree search.
    func writeDeferredIndexes() throws {
        guard !deferred.isEmpty else { return }
        var d = deferred
        deferred = DeferredIndexes()
        try writeAdjacency(&d.outgoing, layout.outgoing)
        try writeAdjacency(&d.incoming, layout.incoming)
        d.sortProperties()
        let c = try kv.cursor(on: layout.propertyIndex)
        try d.keyBytes.withUnsafeBytes { bytes in
            var previous: UnsafeRawBufferPointer? = nil
            for p in d.properties {
                let key = UnsafeRawBufferPointer(rebasing: bytes[p.start..<p.start + p.count])
                let sameKey = previous.map { $0.elementsEqual(key) } ?? false
                let isNew = try Layout.withIDKey(p.node) { id in
                    if sameKey {
                        try appendDuplicate(layout.propertyIndex, key, id)
                        return false
                    }
                    if try c.put(key, id, flags: .append) { return true }
                    return try c.put(key, id, flags: .noDuplicateData) && c.duplicateCount() == 1
                }
                if isNew { bump(.distinct(key.bigEndianU32(at: 0), key.bigEndianU32(at: 4)), 1) }
                previous = key
            }
        }
    }

    private func writeAdjacency(_ entries: inout [DeferredIndexes.Adjacency], _ db: Database) throws {
        entries.sort()
        let c = try kv.cursor(on: db)
        var previous: UInt64? = nil
        for e in entries {
            try Layout.withIDKey(e.node) { k in
                try Layout.withAdjacency(type: e.type, other: e.other, rel: e.rel) { v in
                    if e.node == previous {
                        try appendDuplicate(db, k, v)
                    } else if try !c.put(k, v, flags: .append) {
                        try c.put(k, v)
                    }
                }
            }
            previous = e.node
        }
        entries = []
    }

    /// Deletes relationship `id`; false if there was none.
    @discardableResult
    func deleteRelationship(_ id: UInt64) throws -> Bool {
        try requireWritable()
        guard let r = try relationshipRecord(id) else { return false }
        try kv.delete(
            layout.outgoing, Layout.idKey(r.start), value: Layout.adjacency(type: r.type, other: r.end, rel: id))
        try kv.delete(
            layout.incoming, Layout.idKey(r.end), value: Layout.adjacency(type: r.type, other: r.start, rel: id))
        try kv.delete(layout.typeIndex, Layout.nameIdKey(r.type), value: Layout.idKey(id))
        try kv.delete(layout.rels, Layout.idKey(id))
        bump(.relationships, -1)
        bump(.type(r.type), -1)
        for (k, _) in r.properties {
            bump(.typeKey(r.type, k), -1)
            bump(.relationshipKey(k), -1)
        }
        return true
    }

    /// Sets (nil: removes) a property of relationship `id`.
    @discardableResult
    func setRelationshipProperty(_ id: UInt64, key: UInt32, value: Value?) throws -> Bool {
        try requireWritable()
        guard var r = try relationshipRecord(id) else { throw missingRelationship(id) }
        let old = r.value(key)
        if old == value { return false }
        if old == nil {
            bump(.typeKey(r.type, key), 1)
            bump(.relationshipKey(key), 1)
        } else if value == nil {
            bump(.typeKey(r.type, key), -1)
            bump(.relationshipKey(key), -1)
        }
        r.set(key, value)
        try kv.put(layout.rels, Layout.idKey(id), r.encoded())
        return true
    }

    /// Calls `body(type, other, rel, outgoing)` for each relationship of
    /// `node` in `direction`, optionally of one type, until it returns false.
    /// Both directions report a self-loop once. Cost: one seek, then the
    /// entries a page at a time, a few nanoseconds each; no record is read.
    func forEachAdjacency(
        of node: UInt64, direction: Direction, type: UInt32?,
        _ body: (_ type: UInt32, _ other: UInt64, _ rel: UInt64, _ outgoing: Bool) throws -> Bool
    ) throws {
        var go = true
        func walk(_ c: Cursor, outgoing: Bool) throws {
            try Layout.withIDKey(node) { k in
                let first: Cursor.Entry?
                if let type {
                    first = try Layout.withAdjacency(type: type, other: 0, rel: 0) {
                        try c.seek(key: k, valueAtLeast: $0)
                    }
                } else {
                    first = try c.seek(exactly: k)
                }
                guard let (_, value) = first else { return }
                // Entries sort by type first, and the walk starts at the
                // first one of `type`: the first of another type ends it.
                try c.forEachValuePage(from: value) { entries in
                    var at = 0
                    while at + Layout.adjacencySize <= entries.count {
                        let t = entries.bigEndianU32(at: at)
                        if let type, t != type { return false }
                        let other = entries.bigEndianU64(at: at + 4)
                        if !(direction == .both && !outgoing && other == node) {
                            go = try body(t, other, entries.bigEndianU64(at: at + 12), outgoing)
                            if !go { return false }
                        }
                        at += Layout.adjacencySize
                    }
                    return true
                }
            }
        }
        if direction != .incoming { try withReadCursor(layout.outgoing) { try walk($0, outgoing: true) } }
        if go && direction != .outgoing { try withReadCursor(layout.incoming) { try walk($0, outgoing: false) } }
    }

    /// Runs `body` with a cursor on `db`. In a read-only transaction that
    /// walks `db` more than once, that is the transaction's kept cursor when
    /// no other call holds it (a walk inside a walk gets a cursor of its
    /// own): opening and closing one per call would cost more than the
    /// walk of a node with a few relationships.
    private func withReadCursor<T>(_ db: Database, _ body: (Cursor) throws -> T) throws -> T {
        let slot = db.slot
        guard kv.isReadOnly, slot < 64 else { return try kv.withCursor(db, body) }
        let bit: UInt64 = 1 << slot
        guard walkedBefore & bit != 0, cursorsInUse & bit == 0 else {
            walkedBefore |= bit
            return try kv.withCursor(db, body)
        }
        let c = try kv.cursor(on: db)
        cursorsInUse |= bit
        defer { cursorsInUse &= ~bit }
        return try body(c)
    }

    // MARK: scans and seeks

    /// Calls `body` with each node id carrying `label`, in id order, until it
    /// returns false.
    func forEachNode(label: UInt32, _ body: (UInt64) throws -> Bool) throws {
        try kv.withCursor(layout.labelIndex) { c in
            try Layout.nameIdKey(label).withUnsafeBytes { k in
                var e = try c.seek(exactly: k)
                while let (_, v) = e, v.count == 8 {
                    if try !body(v.bigEndianU64(at: 0)) { return }
                    e = try c.nextDuplicate()
                }
            }
        }
    }

    /// The nodes carrying `label` as a bitmap: bit `id % 64` of word
    /// `id / 64` is set when node `id` carries it. Nil, reading nothing
    /// more, when the largest such id needs more than `maximumWords` words.
    ///
    /// Cost: the label's `label.idx` entries read a page at a time (a few
    /// nanoseconds each), and one bit per node id up to the largest one
    /// carrying the label. A bit test then answers "does this node carry
    /// the label" without reading its record.
    func labelBitmap(_ label: UInt32, maximumWords: Int) throws -> [UInt64]? {
        try kv.withCursor(layout.labelIndex) { c in
            try Layout.withNameIDKey(label) { k in
                guard try c.seek(exactly: k) != nil else { return [] }
                guard let (_, last) = try c.lastDuplicate(), last.count == 8 else { return [] }
                let words = Int(truncatingIfNeeded: last.bigEndianU64(at: 0) / 64) + 1
                guard words > 0, words <= maximumWords else { return nil }
                var bits = [UInt64](repeating: 0, count: words)
                func set(_ ids: UnsafeRawBufferPointer) {
                    var at = 0
                    while at + 8 <= ids.count {
                        let id = ids.bigEndianU64(at: at)
                        bits[Int(id / 64)] |= 1 << (id % 64)
                        at += 8
                    }
                }
                guard let (_, first) = try c.firstDuplicate() else { return bits }
                try c.forEachValuePage(from: first) { ids in
                    set(ids)
                    return true
                }
                return bits
            }
        }
    }

    /// Calls `body` with each node id, in id order, until it returns false.
    func forEachNode(_ body: (UInt64) throws -> Bool) throws {
        try kv.withCursor(layout.nodes) { c in
            var e = try c.first()
            while let (k, _) = e, k.count == 8 {
                if try !body(k.bigEndianU64(at: 0)) { return }
                e = try c.next()
            }
        }
    }

    /// Calls `body` with each relationship id, in id order.
    func forEachRelationship(_ body: (UInt64) throws -> Bool) throws {
        try kv.withCursor(layout.rels) { c in
            var e = try c.first()
            while let (k, _) = e, k.count == 8 {
                if try !body(k.bigEndianU64(at: 0)) { return }
                e = try c.next()
            }
        }
    }

    /// Calls `body` with each relationship id of `type`, in id order.
    func forEachRelationship(type: UInt32, _ body: (UInt64) throws -> Bool) throws {
        try kv.withCursor(layout.typeIndex) { c in
            try Layout.nameIdKey(type).withUnsafeBytes { k in
                var e = try c.seek(exactly: k)
                while let (_, v) = e, v.count == 8 {
                    if try !body(v.bigEndianU64(at: 0)) { return }
                    e = try c.nextDuplicate()
                }
            }
        }
    }

    /// Walks `prop.idx` for (label, key) from the value body `start` on, while
    /// the body begins with `prefix`, calling `body(valueBody, nodeIDs)` per
    /// distinct key until it returns false.
    func scanPropertyIndex(
        label: UInt32, key: UInt32, start: [UInt8], prefix: [UInt8],
        _ body: (UnsafeRawBufferPointer, [UInt64]) throws -> Bool
    ) throws {
        let head = Layout.propertyKey(label: label, key: key, body: [])
        let from = head + (start.isEmpty ? prefix : start)
        try kv.withCursor(layout.propertyIndex) { c in
            try from.withUnsafeBytes { f in
                var e = try c.seek(atLeast: f)
                while let (k, _) = e, k.count >= 8, k.starts(with: head) {
                    let valueBody = UnsafeRawBufferPointer(rebasing: k[8...])
                    if !valueBody.starts(with: prefix) { return }
                    var ids: [UInt64] = []
                    var d = try c.current()
                    while let (_, v) = d, v.count == 8 {
                        ids.append(v.bigEndianU64(at: 0))
                        d = try c.nextDuplicate()
                    }
                    if try !body(valueBody, ids) { return }
                    e = try c.nextKey()
                }
            }
        }
    }

    /// The nodes with `label` whose property `key` equals `value`
    /// (numerically across Int and Double). Cost: one seek plus the matches;
    /// values longer than the key cut are re-checked against their records.
    func seekEqual(label: UInt32, key: UInt32, value: Value) throws -> [UInt64] {
        guard value.isStorable else { return [] }
        if case .double(let d) = value, d.isNaN { return [] }
        let body = KeyEncoding.indexKeyBody(value)
        var result: [UInt64] = []
        let k = Layout.propertyKey(label: label, key: key, body: body)
        try kv.withCursor(layout.propertyIndex) { c in
            try k.withUnsafeBytes { kb in
                var e = try c.seek(exactly: kb)
                while let (_, v) = e, v.count == 8 {
                    result.append(v.bigEndianU64(at: 0))
                    e = try c.nextDuplicate()
                }
            }
        }
        if body.count >= KeyEncoding.maxValueBytes {
            let full = fullEncoding(value)
            result = try result.filter { id in try nodeRecord(id)?.value(key).map(fullEncoding) == full }
        }
        return result
    }

    /// The nodes with `label` whose property `key` lies between the bounds
    /// (either may be absent, not both), in value order. Only values of the
    /// bounds' type family match (numbers with numbers, strings with strings).
    func seekRange(label: UInt32, key: UInt32, lower: (Value, Bool)?, upper: (Value, Bool)?) throws -> [UInt64] {
        guard let range = IndexRange(lower: lower, upper: upper, encode: fullEncoding) else { return [] }
        let stop = range.upperKey
        var result: [UInt64] = []
        try scanPropertyIndex(label: label, key: key, start: range.lowerKey, prefix: [range.tag]) { body, ids in
            if let stop, stop.lexicographicallyPrecedes(body) { return false }
            if KeyEncoding.mayBeCut(body) {
                for id in ids {
                    if let v = try nodeRecord(id)?.value(key), range.contains(fullEncoding(v)) { result.append(id) }
                }
            } else if range.contains(Array(body)) {
                result.append(contentsOf: ids)
            }
            return true
        }
        return result
    }

    /// The nodes with `label` whose string property `key` starts with `prefix`.
    func seekPrefix(label: UInt32, key: UInt32, prefix: String) throws -> [UInt64] {
        var w = ByteWriter()
        w.u8(KeyEncoding.stringTag)
        KeyEncoding.encodeStringBody(prefix, into: &w)
        let p = Array(w.bytes.prefix(KeyEncoding.maxValueBytes))
        var result: [UInt64] = []
        try scanPropertyIndex(label: label, key: key, start: [], prefix: p) { body, ids in
            if KeyEncoding.mayBeCut(body) {
                for id in ids {
                    if case .string(let s)? = try nodeRecord(id)?.value(key), s.utf8.starts(with: prefix.utf8) {
                        result.append(id)
                    }
                }
            } else {
                result.append(contentsOf: ids)
            }
            return true
        }
        return result
    }
}

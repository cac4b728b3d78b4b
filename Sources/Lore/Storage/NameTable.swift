import Synchronization

/// The process-wide cache of interned names (labels, types, property keys).
///
/// A name's id never changes once committed, so the cache only ever grows.
/// It holds committed names only: a write transaction's new names join it
/// after that transaction commits.
final class NameTable: Sendable {
    /// A read transaction's name slots (see `StorageTransaction`).
    typealias Slots = [(name: String, id: UInt32)?]

    private struct State {
        var ids: [String: UInt32] = [:]
        var names: [UInt32: String] = [:]
        /// Slots handed back by ended read transactions.
        var spareSlots: [Slots] = []
    }
    private let state = Mutex(State())

    func id(of name: String) -> UInt32? { state.withLock { $0.ids[name] } }
    func name(of id: UInt32) -> String? { state.withLock { $0.names[id] } }

    /// Name slots left by an ended read transaction, or an empty array.
    /// A read transaction meets only committed names, so its slots hold
    /// nothing that another could not find here; taking them saves the next
    /// one its first lookups of the same names. Cost: a lock.
    func takeSlots() -> Slots { state.withLock { $0.spareSlots.popLast() ?? [] } }

    /// Keeps a read transaction's slots for the next one (a few sets at
    /// most: one per reader running at once).
    func giveBack(_ slots: Slots) {
        state.withLock { s in
            if s.spareSlots.count < 8 { s.spareSlots.append(slots) }
        }
    }

    func remember(_ pairs: some Sequence<(String, UInt32)>) {
        state.withLock { s in
            for (name, id) in pairs {
                s.ids[name] = id
                s.names[id] = name
            }
        }
    }
}

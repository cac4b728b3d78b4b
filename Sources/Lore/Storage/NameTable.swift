import Synchronization

/// The process-wide cache of interned names (labels, types, property keys).
///
/// A name's id never changes once committed, so the cache only ever grows.
/// It holds committed names only: a write transaction's new names join it
/// after that transaction commits.
final class NameTable: Sendable {
    private struct State {
        var ids: [String: UInt32] = [:]
        var names: [UInt32: String] = [:]
    }
    private let state = Mutex(State())

    func id(of name: String) -> UInt32? { state.withLock { $0.ids[name] } }
    func name(of id: UInt32) -> String? { state.withLock { $0.names[id] } }

    func remember(_ pairs: some Sequence<(String, UInt32)>) {
        state.withLock { s in
            for (name, id) in pairs {
                s.ids[name] = id
                s.names[id] = name
            }
        }
    }
}

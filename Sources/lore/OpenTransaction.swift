import Dispatch
import Foundation
import Lore
import Synchronization

/// A write transaction that spans statements, for the REPL's `:begin`.
///
/// `Store.write` scopes a transaction to a closure, and LMDB ties a write
/// transaction to its thread; so a dedicated thread holds the closure open
/// and runs the statements handed to it one at a time until `commit` (the
/// closure returns) or `rollback` (it throws). While it is open, other
/// writers (threads and processes) wait.
///
/// When the store's map must grow, `Store.write` rolls back and runs the
/// closure again; the closure then replays the statements that succeeded, so
/// the growth stays invisible.
final class OpenTransaction: Sendable {
    private enum Command: Sendable {
        case run(String, [String: Value], QueryCancellation?)
        case script(String, String, QueryCancellation?)
        case commit
        case rollback

        var withoutCancellation: Command {
            switch self {
            case .run(let text, let parameters, _): return .run(text, parameters, nil)
            case .script(let text, let file, _): return .script(text, file, nil)
            case .commit, .rollback: return self
            }
        }
    }

    private struct RolledBack: Error {}

    private struct State: Sendable {
        var command: Command?
        var reply: Result<[QueryResult], LoreError>?
        /// The statements that succeeded, for a replay after map growth.
        var log: [Command] = []
        var ended = false
    }

    private let state = Mutex(State())
    private let toWorker = DispatchSemaphore(value: 0)
    private let toCaller = DispatchSemaphore(value: 0)

    /// Starts the transaction; its first statement waits while another
    /// process holds the store's write lock.
    init(store: Store) {
        let thread = Thread { [self] in work(store) }
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// Runs a statement in the transaction. A failing statement leaves the
    /// transaction as it was before it; with a `cancellation`, Ctrl-C while
    /// it runs stops it (it throws `Cancelled`).
    func run(_ text: String, _ parameters: [String: Value], cancellation: QueryCancellation? = nil) throws
        -> QueryResult
    {
        try send(.run(text, parameters, cancellation), cancellation).first ?? QueryResult(columns: [], rows: [])
    }

    /// Runs a script in the transaction; on its first error the statements
    /// before it stay done (the transaction decides, at commit or rollback).
    func runScript(_ text: String, file: String, cancellation: QueryCancellation? = nil) throws -> [QueryResult] {
        try send(.script(text, file, cancellation), cancellation)
    }

    /// Commits. Throws when the commit failed (nothing was committed).
    func commit() throws { _ = try send(.commit, nil) }

    /// Rolls back everything since `:begin`.
    func rollback() { _ = try? send(.rollback, nil) }

    private func send(_ command: Command, _ cancellation: QueryCancellation?) throws -> [QueryResult] {
        let ended = state.withLock { s -> Bool in
            if !s.ended { s.command = command }
            return s.ended
        }
        if ended { throw LoreError(.storageError, "TransactionClosed", "the transaction has ended") }
        toWorker.signal()
        if let cancellation {
            Interrupts.wait(for: toCaller, cancelling: cancellation)
        } else {
            toCaller.wait()
        }
        let reply = state.withLock { s -> Result<[QueryResult], LoreError>? in
            defer { s.reply = nil }
            return s.reply
        }
        return try reply?.get() ?? []
    }

    private func work(_ store: Store) {
        var outcome: LoreError? = nil
        do {
            try store.write { tx in
                // After a rollback for map growth: the same statements again.
                for case let command in state.withLock({ $0.log }) { _ = try execute(command, tx) }
                var pending = state.withLock { $0.command }
                while true {
                    if pending == nil {
                        toWorker.wait()
                        pending = state.withLock { $0.command }
                    }
                    guard let command = pending else { continue }
                    switch command {
                    case .commit: return
                    case .rollback: throw RolledBack()
                    case .run, .script:
                        do {
                            let results = try execute(command, tx)
                            state.withLock {
                                // A replay must not be stopped by a Ctrl-C
                                // meant for the statement it repeats.
                                $0.log.append(command.withoutCancellation)
                                $0.reply = .success(results)
                                $0.command = nil
                            }
                        } catch let e as LoreError where e.kind == .storageError {
                            // The transaction itself failed (a full map among
                            // others): leave the closure with the command still
                            // pending, so that a growth runs it again.
                            throw e
                        } catch {
                            state.withLock {
                                $0.reply = .failure(
                                    error as? LoreError ?? LoreError(.storageError, "Internal", "\(error)"))
                                $0.command = nil
                            }
                        }
                        pending = nil
                        toCaller.signal()
                    }
                }
            }
        } catch is RolledBack {
        } catch {
            outcome = error as? LoreError ?? LoreError(.storageError, "Internal", "\(error)")
        }
        state.withLock {
            $0.ended = true
            if let outcome {
                var e = outcome
                e.message = "the transaction was rolled back: " + e.message
                $0.reply = .failure(e)
            } else {
                $0.reply = .success([])
            }
            $0.command = nil
        }
        toCaller.signal()
    }

    private func execute(_ command: Command, _ tx: Transaction) throws -> [QueryResult] {
        switch command {
        case .run(let text, let parameters, let cancellation):
            return [try tx.run(text, parameters, cancellation: cancellation)]
        case .script(let text, let file, let cancellation):
            return try tx.runScript(text, file: file, cancellation: cancellation)
        case .commit, .rollback: return []
        }
    }
}

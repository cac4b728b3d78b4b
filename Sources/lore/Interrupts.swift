import Dispatch
import Foundation
import Lore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Set by the SIGINT handler; read and cleared through `Interrupts`.
private let interruptFlag = Atomic<Bool>(false)

/// The write end of the wake-up pipe, for the SIGINT handler.
private let wakeWriteEnd = Atomic<Int32>(-1)

/// The read end of the wake-up pipe.
private let wakeReadEnd = Atomic<Int32>(-1)

/// Ctrl-C in the REPL. The SIGINT handler sets a flag and writes a byte to
/// a pipe; whoever waits for input waits on the terminal and that pipe
/// together, so a Ctrl-C ends the wait wherever it lands: before the wait
/// begins, during it, or on another thread.
///
/// (A flag checked around a blocking `read` cannot promise that: a signal
/// that arrives after the check and before the `read` leaves the `read`
/// waiting for the next key.)
enum Interrupts {
    /// Catches SIGINT, so that Ctrl-C stops what the REPL waits for instead
    /// of ending the process. Call it once, before reading input.
    ///
    /// The handler only stores to an atomic and writes to a pipe, both safe
    /// in a signal handler; with SA_RESTART, system calls of other threads
    /// (LMDB's writes among them) carry on as if nothing happened.
    static func install() {
        guard wakeReadEnd.load(ordering: .relaxed) < 0 else { return }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        for fd in ends {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wakeReadEnd.store(ends[0], ordering: .relaxed)
        wakeWriteEnd.store(ends[1], ordering: .relaxed)
        interruptFlag.store(false, ordering: .relaxed)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let saved = errno
            interruptFlag.store(true, ordering: .sequentiallyConsistent)
            var byte: UInt8 = 3
            // A full pipe already says it all; the result does not matter.
            _ = write(wakeWriteEnd.load(ordering: .relaxed), &byte, 1)
            errno = saved
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked; the REPL needs it.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Whether Ctrl-C was pressed since the last `clear()`.
    static var requested: Bool { interruptFlag.load(ordering: .sequentiallyConsistent) }

    /// Forgets the Ctrl-Cs pressed so far.
    static func clear() {
        interruptFlag.store(false, ordering: .sequentiallyConsistent)
        let fd = wakeReadEnd.load(ordering: .relaxed)
        guard fd >= 0 else { return }
        var bytes = [UInt8](repeating: 0, count: 64)
        while read(fd, &bytes, bytes.count) > 0 {}
    }

    /// What waiting for one byte of input gave.
    enum Byte {
        case byte(UInt8)
        case interrupted
        case end
        case failed
    }

    /// Waits for one byte of `input`, or for Ctrl-C, whichever comes first;
    /// a Ctrl-C pressed since the last `clear()` ends the wait at once.
    ///
    /// Give a non-blocking descriptor: the Ctrl-C that a terminal turns into
    /// SIGINT also empties its input, which may happen between `poll`
    /// finding a byte and the `read`; a blocking `read` would then wait for
    /// the next key.
    static func readByte(from input: Int32) -> Byte {
        let wake = wakeReadEnd.load(ordering: .relaxed)
        var fds = [
            pollfd(fd: input, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            if requested { return .interrupted }
            fds[0].revents = 0
            fds[1].revents = 0
            let ready = poll(&fds, wake >= 0 ? 2 : 1, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return .failed
            }
            if fds[1].revents != 0 { return .interrupted }
            guard fds[0].revents != 0 else { continue }
            var b: UInt8 = 0
            let n = read(input, &b, 1)
            if n == 1 { return .byte(b) }
            if n == 0 { return .end }
            if errno == EINTR || errno == EAGAIN { continue }
            return .failed
        }
    }
}

extension Interrupts {
    /// Waits until `done` is signalled; a Ctrl-C pressed meanwhile (or
    /// since the last `clear()`) cancels `cancellation`, and the wait goes
    /// on until the work has stopped.
    static func wait(for done: DispatchSemaphore, cancelling cancellation: QueryCancellation) {
        while done.wait(timeout: .now() + .milliseconds(20)) == .timedOut {
            if requested && !cancellation.isCancelled { cancellation.cancel() }
        }
    }

    /// Runs `body` on a thread of its own (with room for deep queries) and
    /// waits for its result; a Ctrl-C meanwhile cancels the cancellation
    /// `body` was given. Throws what `body` throws.
    static func run<T: Sendable>(_ body: @escaping @Sendable (QueryCancellation) throws -> T) throws -> T {
        let cancellation = QueryCancellation()
        let outcome = Mutex<Result<T, Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let result = Result { try body(cancellation) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        thread.stackSize = 16 << 20
        thread.start()
        wait(for: done, cancelling: cancellation)
        return try outcome.withLock { $0 }!.get()
    }
}

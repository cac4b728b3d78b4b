#if canImport(Glibc)
    import Glibc
#endif

/// A POSIX readers-writer lock.
///
/// Every transaction of an `Environment` holds it shared; changing the map
/// size holds it exclusively, because LMDB unmaps and remaps the file then,
/// and any pointer a live transaction handed out would dangle.
final class ReadWriteLock: @unchecked Sendable {
    // @unchecked Sendable: pthread_rwlock_t is made for use across threads; it
    // lives at a stable heap address for the lock's lifetime.
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        lock = .allocate(capacity: 1)
        lock.initialize(to: pthread_rwlock_t())
        pthread_rwlock_init(lock, nil)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    func lockShared() { pthread_rwlock_rdlock(lock) }
    func lockExclusive() { pthread_rwlock_wrlock(lock) }
    func unlock() { pthread_rwlock_unlock(lock) }
}

#if canImport(Glibc)
    import Glibc

    // glibc's pthread_getattr_np is a GNU extension the Glibc module does not
    // import; it has been stable since glibc 2.2.3.
    @_silgen_name("pthread_getattr_np")
    private func getThreadAttributes(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#elseif canImport(Darwin)
    import Darwin
#endif

#if canImport(Glibc)
    /// The thread-local slot holding each thread's stack floor.
    private let stackFloorKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
#endif

/// Watches how much of the current thread's stack is left, so that the
/// parser can refuse deep input before the stack runs out, whatever the
/// thread's stack size (8 MiB for a main thread, 512 KiB for many others).
struct StackGuard: Sendable {
    /// The stack the parser keeps free: enough for a level of nesting in an
    /// unoptimized build plus whatever runs after the parse.
    static let reserve: UInt = 256 * 1024

    /// The lowest address the parser may let the stack reach; 0 when the
    /// platform does not say, and then only `Parser.maximumDepth` applies.
    private let floor: UInt

    /// Finds the current thread's stack bounds: once per thread (asking
    /// glibc costs a read of /proc/self/maps on a main thread), then from a
    /// thread-local slot.
    init() {
        #if canImport(Glibc)
            if let cached = pthread_getspecific(stackFloorKey) {
                floor = UInt(bitPattern: cached) &- 1
                return
            }
        #endif
        if let low = StackGuard.stackLowestAddress() {
            floor = low + StackGuard.reserve
        } else {
            floor = 0
        }
        #if canImport(Glibc)
            // Stored plus one, so that a floor of 0 is not a missing value.
            pthread_setspecific(stackFloorKey, UnsafeRawPointer(bitPattern: floor &+ 1))
        #endif
    }

    /// True when the stack has come within `reserve` of its end.
    @inline(never)
    func isExhausted() -> Bool {
        var marker: UInt8 = 0
        let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        return here < floor
    }

    private static func stackLowestAddress() -> UInt? {
        #if canImport(Glibc)
            var attributes = pthread_attr_t()
            guard getThreadAttributes(pthread_self(), &attributes) == 0 else { return nil }
            defer { pthread_attr_destroy(&attributes) }
            var address: UnsafeMutableRawPointer? = nil
            var size = 0
            guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return nil }
            return UInt(bitPattern: address)
        #elseif canImport(Darwin)
            let thread = pthread_self()
            let top = UInt(bitPattern: pthread_get_stackaddr_np(thread))
            return top - UInt(pthread_get_stacksize_np(thread))
        #else
            return nil
        #endif
    }
}

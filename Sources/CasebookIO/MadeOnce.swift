import Dispatch
import Synchronization

/// A value made once, by whichever asks for it first, under a lock: the others wait for
/// it rather than make it again. `start()` asks for it on a thread of its own, so that
/// it is made while the caller goes on (a stage's listing, a check's context).
///
/// Once made, it is read without the lock: the rendering threads ask a stage for its
/// listing for each of 11,000 pages, and waited on each other for the lock.
final class MadeOnce<Value: Sendable>: @unchecked Sendable {
    private let make: @Sendable () -> Value
    private let lock = Mutex(())
    /// Set, with release ordering, once `made` is written; never written again after.
    private let ready = Atomic<Bool>(false)
    private var made: Value?

    init(_ make: @escaping @Sendable () -> Value) {
        self.make = make
    }

    var value: Value {
        if ready.load(ordering: .acquiring) { return made.unsafelyUnwrapped }
        return lock.withLock { _ in
            if let made { return made }
            let value = make()
            made = value
            ready.store(true, ordering: .releasing)
            return value
        }
    }

    /// Makes the value on a thread of Dispatch's pool, unless someone has.
    func start() {
        DispatchQueue.global().async { [self] in _ = value }
    }
}

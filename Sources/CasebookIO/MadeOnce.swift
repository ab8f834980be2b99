import Dispatch
import Synchronization

/// A value made once, by whichever asks for it first, under a lock: the others wait for
/// it rather than make it again. `start()` asks for it on a thread of its own, so that
/// it is made while the caller goes on (a stage's listing, a check's context).
final class MadeOnce<Value: Sendable>: Sendable {
    private let make: @Sendable () -> Value
    private let made = Mutex<Value?>(nil)

    init(_ make: @escaping @Sendable () -> Value) {
        self.make = make
    }

    var value: Value {
        made.withLock { made in
            if let made { return made }
            let value = make()
            made = value
            return value
        }
    }

    /// Makes the value on a thread of Dispatch's pool, unless someone has.
    func start() {
        DispatchQueue.global().async { [self] in _ = value }
    }
}

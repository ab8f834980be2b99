import Synchronization

/// Work a command starts on a thread of its own and awaits before it ends, such as a
/// cache saved while the build goes on.
final class BackgroundWork: Sendable {
    private let tasks = Mutex<[Task<Void, Never>]>([])

    func start(_ work: @escaping @Sendable () -> Void) {
        let task = Task.detached(priority: .userInitiated) { work() }
        tasks.withLock { $0.append(task) }
    }

    /// Waits for everything started so far.
    func finish() async {
        for task in tasks.withLock({ $0 }) { await task.value }
    }
}

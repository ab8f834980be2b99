@testable import CasebookIO
import Synchronization
import Testing

/// `parallelMap`: every core, results in input order, errors rethrown, nothing leaked.
@Suite struct ParallelMapTests {
    /// In input order for any count: none, fewer items than chunks, and counts that the
    /// chunks do not divide evenly.
    @Test(arguments: [0, 1, 2, 31, 32, 33, 1000, 10_007])
    func resultsKeepTheInputOrder(count: Int) throws {
        let items = Array(0..<count)
        #expect(try parallelMap(items) { $0 * 3 + 1 } == items.map { $0 * 3 + 1 })
    }

    /// An error thrown for an item is rethrown once every item is done.
    @Test func anErrorIsRethrown() {
        struct Odd: Error {}
        let done = Counter()
        #expect(throws: Odd.self) {
            try parallelMap(Array(0..<100)) { i -> Int in
                done.value.add(1, ordering: .relaxed)
                if i == 57 { throw Odd() }
                return i
            }
        }
        #expect(done.value.load(ordering: .relaxed) == 100)
    }

    /// Each result is freed once the array is, whether the map returned or threw.
    @Test func resultsAreFreedOnce() {
        let freed = Counter()
        final class Tracked: Sendable {
            let freed: Counter
            init(_ freed: Counter) { self.freed = freed }
            deinit { freed.value.add(1, ordering: .relaxed) }
        }
        do {
            let results = try? parallelMap(Array(0..<500)) { _ in Tracked(freed) }
            #expect(results?.count == 500)
        }
        #expect(freed.value.load(ordering: .relaxed) == 500)
        struct Stop: Error {}
        _ = try? parallelMap(Array(0..<500)) { i -> Tracked in
            if i == 250 { throw Stop() }
            return Tracked(freed)
        }
        #expect(freed.value.load(ordering: .relaxed) == 999)
    }

    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }
}

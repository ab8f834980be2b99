@testable import CasebookCore
import Synchronization
import Testing

/// The renderer's per-case memo: each value made once and the same to every thread,
/// however many ask at once; freed with the memo.
@Suite struct IndexMemoTests {
    final class Made: Sendable {
        let index: Int
        init(_ index: Int) { self.index = index }
    }

    @Test func everyThreadGetsTheFirstValueKept() async {
        let memo = IndexMemo<Made>(count: 500)
        let seen = await withTaskGroup(of: [ObjectIdentifier].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<500).map { i in ObjectIdentifier(memo.value(i) { Made(i) }) } }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(seen.count == 8)
        #expect(seen.allSatisfy { $0 == seen[0] })
        #expect((0..<500).allSatisfy { memo.value($0) { Made(-1) }.index == $0 })
    }

    @Test func valuesAreFreedWithTheMemo() {
        weak var kept: Made?
        do {
            let memo = IndexMemo<Made>(count: 3)
            let made = memo.value(1) { Made(1) }
            kept = made
            #expect(memo.value(1) { Made(2) } === made)
        }
        #expect(kept == nil)
    }
}

import Synchronization

/// Arrays of zeros lent to whichever thread asks, to be given back zeroed: for work done
/// once per page over an array as long as the showcase (scoring related cases), which
/// would otherwise allocate and zero a fresh one each time.
final class ScratchPool<Element: FixedWidthInteger & Sendable>: Sendable {
    private let arrays = Mutex<[[Element]]>([])

    /// An array of `count` zeros: one given back earlier, or a new one.
    func take(count: Int) -> [Element] {
        if let array = arrays.withLock({ $0.popLast() }), array.count == count { return array }
        return [Element](repeating: 0, count: count)
    }

    /// Takes back an array from `take`, which the caller has set to zeros again.
    func give(_ array: [Element]) {
        arrays.withLock { $0.append(array) }
    }
}

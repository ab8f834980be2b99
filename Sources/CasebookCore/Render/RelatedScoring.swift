/// The cases of one code, in display order (ascending indexes, each once), and, when
/// the list is long, the same as one bit per case of the showcase: whether a case is in
/// it is then one step, not a search.
struct CaseSet: Sendable {
    let cases: [Int]
    private let bits: [UInt64]?

    init(cases: [Int], caseCount: Int) {
        self.cases = cases
        // Bits cost no more memory than the list once it holds one case in 64.
        guard caseCount > 0, cases.count * 64 >= caseCount else {
            bits = nil
            return
        }
        var bits = [UInt64](repeating: 0, count: (caseCount + 63) / 64)
        for c in cases { bits[c >> 6] |= 1 << UInt64(c & 63) }
        self.bits = bits
    }

    func contains(_ c: Int) -> Bool {
        if let bits { return bits[c >> 6] & (1 << UInt64(c & 63)) != 0 }
        var low = 0, high = cases.count
        while low < high {
            let middle = (low + high) / 2
            if cases[middle] < c { low = middle + 1 } else { high = middle }
        }
        return low < cases.count && cases[low] == c
    }
}

/// A case's related cases: the few that lie in the most of its codes' sets (a set named
/// twice counts twice), ties in display order.
///
/// Counting every case of every set is quadratic in the showcase: a profession's set
/// grows with it (10,000 counts per case at 50,000 cases, 6 % of a build). Most of that
/// is not needed. The sets are read smallest first (an enterprise's, a handful, then a
/// sector's...), and a case is scored the first time it is met, by looking it up in the
/// sets not read yet: met first in the `j`-th of `m`, it is in none before, so it scores
/// at most `m - j`. Its lookups stop as soon as it could no longer rank, and the reading
/// stops when no case met later could: once the third best scores more than `m - j`, or
/// as much and comes earlier in display order.
/// The result is the same as counting every set.
enum RelatedScoring {
    /// `seen`: zeros, one per case of the showcase, given back zeroed.
    static func best(_ limit: Int, of index: Int, in sets: [CaseSet], seen: UnsafeMutableBufferPointer<UInt8>) -> [Int] {
        guard limit > 0 else { return [] }
        let sets = sets.sorted { $0.cases.count < $1.cases.count }
        var best = Ranking(limit: limit)
        var read = 0
        for (j, set) in sets.enumerated() {
            // A case met first here scores at most this; once the worst of the best scores
            // more, no case met from here on ranks.
            let most = Int32(sets.count - j)
            if best.isFull, best.worst.score > most { break }
            read = j + 1
            for other in set.cases {
                // In display order: once a case met here could not rank, no later one can
                // (a case left unread here is in none before, or could not rank there).
                guard best.admits(other, score: most) else { break }
                guard other != index, seen[other] == 0 else { continue }
                seen[other] = 1
                var score: Int32 = 1, left = most - 1
                var ranks = true
                var k = j + 1
                while ranks, k < sets.count {
                    left -= 1
                    if sets[k].contains(other) { score += 1 } else { ranks = best.admits(other, score: score + left) }
                    k += 1
                }
                if ranks { best.offer(other, score: score) }
            }
        }
        for set in sets[..<read] {
            for other in set.cases { seen[other] = 0 }
        }
        return best.ranked.map(\.index)
    }

    /// The best `limit` cases offered so far, by score, then display order.
    struct Ranking {
        let limit: Int
        private(set) var ranked: [(index: Int, score: Int32)] = []

        init(limit: Int) {
            self.limit = limit
            ranked.reserveCapacity(limit + 1)
        }

        var isFull: Bool { ranked.count == limit }
        var worst: (index: Int, score: Int32) { ranked[ranked.count - 1] }

        /// Whether a case of this score would rank (most do not: no search for their place).
        func admits(_ index: Int, score: Int32) -> Bool {
            !isFull || score > worst.score || (score == worst.score && index < worst.index)
        }

        mutating func offer(_ index: Int, score: Int32) {
            guard admits(index, score: score) else { return }
            let place = ranked.firstIndex { (score, $0.index) > ($0.score, index) } ?? ranked.count
            ranked.insert((index, score), at: place)
            if ranked.count > limit { ranked.removeLast() }
        }
    }
}

@testable import CasebookCore
import CasebookTestSupport
import Testing

/// Related cases scored from the few smallest sets and looked up in the rest are the
/// ones counting every case of every set gives, whatever the sizes of the sets: small
/// showcases (every set kept as bits), large ones (searched lists beside bits), sets
/// named twice, cases alone in their codes, ranks decided by display order.
@Suite struct RelatedScoringTests {
    /// Every case's codes: one of a few sectors, one of many enterprises, one to three
    /// of a few occupations and professions, as a showcase has them.
    static func showcase(_ count: Int, seed: UInt64) -> [[Int]] {
        var random = SplitMix(state: seed)
        let sectors = 6, enterprises = max(2, count / 12), occupations = 9, professions = 7
        return (0..<count).map { _ in
            var codes = [Int.random(in: 0..<sectors, using: &random), sectors + Int.random(in: 0..<enterprises, using: &random)]
            let base = sectors + enterprises
            for _ in 0..<Int.random(in: 1...3, using: &random) { codes.append(base + Int.random(in: 0..<occupations, using: &random)) }
            for _ in 0..<Int.random(in: 1...3, using: &random) { codes.append(base + occupations + Int.random(in: 0..<professions, using: &random)) }
            return codes  // an occupation or profession drawn twice is a set named twice
        }
    }

    /// Each case's best `limit` by counting every pair: ties in display order.
    static func counted(_ codes: [[Int]], limit: Int) -> [[Int]] {
        var holds = [[Bool]](repeating: [Bool](repeating: false, count: codes.count), count: codes.flatMap { $0 }.max()! + 1)
        for (i, own) in codes.enumerated() { for code in own { holds[code][i] = true } }
        return codes.indices.map { i in
            let scores = codes.indices.filter { $0 != i }.map { j in
                (j, codes[i].reduce(0) { $0 + (holds[$1][j] ? 1 : 0) })
            }
            return scores.filter { $0.1 > 0 }.sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }.prefix(limit).map(\.0)
        }
    }

    @Test(arguments: [(1, 1), (2, 2), (17, 3), (150, 4), (700, 5), (1_200, 6)])
    func theSameAsCountingEveryPair(count: Int, seed: UInt64) {
        let codes = Self.showcase(count, seed: seed)
        let members = (0..<(codes.flatMap { $0 }.max()! + 1)).map { code in codes.indices.filter { codes[$0].contains(code) } }
        let sets = members.map { CaseSet(cases: $0, caseCount: count) }
        var seen = [UInt8](repeating: 0, count: count)
        let counted = Self.counted(codes, limit: 5)
        for limit in [1, 3, 5] {
            let expected = counted.map { Array($0.prefix(limit)) }
            let scored = codes.indices.map { i in
                seen.withUnsafeMutableBufferPointer { RelatedScoring.best(limit, of: i, in: codes[i].map { sets[$0] }, seen: $0) }
            }
            #expect(scored == expected, "\(count) cases, best \(limit)")
            #expect(seen.allSatisfy { $0 == 0 }, "the marks are given back zeroed")
        }
    }

    /// Whether a case is in a set, as bits or by search, for every case of the showcase.
    @Test func aSetHoldsItsCasesAndNoOther() {
        var random = SplitMix(state: 7)
        for (count, size) in [(1_000, 3), (1_000, 15), (1_000, 16), (1_000, 400), (64, 1), (65, 2)] {
            let cases = Array((0..<count).shuffled(using: &random).prefix(size)).sorted()
            let set = CaseSet(cases: cases, caseCount: count)
            #expect((0..<count).filter(set.contains) == cases, "\(size) of \(count)")
        }
    }

    @Test func noSetsNoRelatedCases() {
        var seen = [UInt8](repeating: 0, count: 4)
        #expect(seen.withUnsafeMutableBufferPointer { RelatedScoring.best(3, of: 0, in: [], seen: $0) } == [])
        #expect(seen.withUnsafeMutableBufferPointer { RelatedScoring.best(0, of: 0, in: [CaseSet(cases: [0, 1], caseCount: 4)], seen: $0) } == [])
        let alone = CaseSet(cases: [2], caseCount: 4)
        #expect(seen.withUnsafeMutableBufferPointer { RelatedScoring.best(3, of: 2, in: [alone, alone], seen: $0) } == [])
    }
}

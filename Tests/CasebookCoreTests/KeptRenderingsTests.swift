@testable import CasebookCore
import Testing

/// The archive of renderings one build keeps for the next: every record found again
/// under its key, in the order written, and nothing under another key or context.
@Suite struct KeptRenderingsTests {
    /// Keys spread like the hashes they are, from a fixed seed.
    struct Keys: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var z = state
            z = (z ^ (z >> 33)) &* 0xff51afd7ed558ccd
            return z ^ (z >> 33)
        }
        mutating func key() -> StableKey { StableKey(a: next(), b: next()) }
    }

    func archive(_ records: [(key: StableKey, owner: StableKey, payload: [UInt8])], previous: KeptRenderings? = nil,
                 live: Set<StableKey> = [], context: String = "c") -> [UInt8] {
        var writer = KeptRenderings.Writer(context: context)
        for record in records { writer.add(key: record.key, owner: record.owner) { $0.write(raw: record.payload) } }
        return writer.finish(previous: previous, live: live)
    }

    @Test(arguments: [0, 1, 2, 7, 1000, 20_000])
    func everyRecordIsFoundUnderItsKeyInTheOrderWritten(count: Int) throws {
        var keys = Keys(state: UInt64(count))
        let owner = keys.key()
        var records: [(key: StableKey, owner: StableKey, payload: [UInt8])] = []
        for i in 0..<count {
            // Some keys twice and some three times (an item shown at several places), and
            // some sharing the first word, which the search guesses from.
            let key = i % 5 == 1 ? records[i - 1].key : i % 7 == 3 ? StableKey(a: records[i - 1].key.a, b: keys.next()) : keys.key()
            records.append((key, owner, Array("\(i)".utf8)))
        }
        if count > 2 { records.append((records[2].key, owner, Array("again".utf8))) }
        let kept = try #require(KeptRenderings(bytes: archive(records), context: "c"))
        #expect(kept.count == records.count)
        var expected: [StableKey: [[UInt8]]] = [:]
        for record in records { expected[record.key, default: []].append(record.payload) }
        for (key, payloads) in expected {
            #expect(kept.payloads(key).map(Array.init) == payloads)
            #expect(kept.firstPayload(key).map(Array.init) == payloads.first)
        }
        for _ in 0..<50 { #expect(kept.payloads(keys.key()).isEmpty) }
        #expect(kept.payloads(StableKey(a: 0, b: 0)).isEmpty)
        #expect(kept.payloads(StableKey(a: .max, b: .max)).isEmpty)
    }

    @Test func anotherContextOrDamagedBytesReadAsNoArchive() {
        var keys = Keys(state: 9)
        let bytes = archive((0..<100).map { _ in (keys.key(), keys.key(), [1, 2, 3]) })
        #expect(KeptRenderings(bytes: bytes, context: "c") != nil)
        #expect(KeptRenderings(bytes: bytes, context: "d") == nil)
        #expect(KeptRenderings(bytes: [], context: "c") == nil)
        for cut in [1, 8, 16, 48, bytes.count / 2] {
            #expect(KeptRenderings(bytes: Array(bytes.dropLast(cut)), context: "c") == nil, "\(cut) bytes cut")
        }
        var table = bytes
        table[table.count - 1] = 0xFF
        #expect(KeptRenderings(bytes: table, context: "c") == nil)
    }

    /// A build keeps what the last one kept under keys it did not write, of cases still
    /// there: the renderings of pages it did not render.
    @Test func recordsNotWrittenAgainAreCarriedWhileTheirCaseIsLive() throws {
        var keys = Keys(state: 3)
        let (kept, gone, rewritten, fresh) = (keys.key(), keys.key(), keys.key(), keys.key())
        let (live, dead) = (keys.key(), keys.key())
        let first = try #require(KeptRenderings(bytes: archive([(kept, live, [1]), (gone, dead, [2]), (rewritten, live, [3])]), context: "c"))
        let second = try #require(KeptRenderings(
            bytes: archive([(rewritten, live, [4]), (fresh, live, [5])], previous: first, live: [live]), context: "c"))
        #expect(second.payloads(kept).map(Array.init) == [[1]])
        #expect(second.payloads(gone).isEmpty)
        #expect(second.payloads(rewritten).map(Array.init) == [[4]])
        #expect(second.payloads(fresh).map(Array.init) == [[5]])
        #expect(second.count == 3)
    }
}

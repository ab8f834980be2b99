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

    typealias Record = (key: StableKey, range: Range<Int>, write: (inout ArchiveWriter) -> Void)

    /// A record of `key` at `at` in its page, with `value` for what it read from outside.
    func record(_ key: StableKey, at: Int, _ value: Int) -> Record {
        (key, at..<(at + 1), { $0.write(value) })
    }

    func archive(_ pages: [(path: String, records: [Record])], previous: KeptRenderings? = nil, context: String = "c") -> [UInt8] {
        var writer = KeptRenderings.Writer(context: context)
        for page in pages {
            var payloads = KeptRenderings.Payloads()
            for record in page.records { payloads.add(key: record.key, range: record.range, record.write) }
            writer.add(page: page.path, size: 1_000_000, print: StableKey(a: 1, b: UInt64(page.path.count)), payloads)
        }
        return writer.finish(previous: previous)
    }

    /// The value each record under `key` was written with, and the page it lies in.
    func found(_ kept: KeptRenderings, _ key: StableKey) -> [String] {
        kept.payloads(key).compactMap { payload in
            guard let place = kept.place(payload) else { return nil }
            var reader = ArchiveReader(place.rest)
            guard let value = try? reader.read(Int.self) else { return nil }
            return "\(kept.pages[place.page].path)@\(place.range.lowerBound)=\(value)"
        }
    }

    @Test(arguments: [0, 1, 2, 7, 1000, 20_000])
    func everyRecordIsFoundUnderItsKeyInTheOrderWritten(count: Int) throws {
        var keys = Keys(state: UInt64(count))
        var records: [Record] = []
        for i in 0..<count {
            // Some keys twice (an item shown at several places), and some sharing the
            // first word, which the lookup buckets by.
            let key = i % 5 == 1 ? records[i - 1].key : i % 7 == 3 ? StableKey(a: records[i - 1].key.a, b: keys.next()) : keys.key()
            records.append(record(key, at: i, i))
        }
        if count > 2 { records.append(record(records[2].key, at: 999_000, -1)) }
        let kept = try #require(KeptRenderings(bytes: archive([("p", records)]), context: "c"))
        #expect(kept.count == records.count)
        var expected: [StableKey: [String]] = [:]
        for (i, record) in records.enumerated() {
            expected[record.key, default: []].append("p@\(record.range.lowerBound)=\(i == count ? -1 : i)")
        }
        for (key, values) in expected { #expect(found(kept, key) == values) }
        for _ in 0..<50 { #expect(kept.payloads(keys.key()).isEmpty) }
        #expect(kept.payloads(StableKey(a: 0, b: 0)).isEmpty)
        #expect(kept.payloads(StableKey(a: .max, b: .max)).isEmpty)
    }

    /// A fingerprint (four lanes over long byte strings) changes with any byte changed,
    /// in each lane, in the words and bytes past the last whole step, and with the
    /// length; the same bytes give the same fingerprint, short or long.
    @Test(arguments: [1_000, 70, 40])
    func aFingerprintSeesEveryByte(_ count: Int) {
        func print(_ bytes: [UInt8]) -> StableKey {
            var print = Fingerprint()
            print.add(bytes)
            return print.key
        }
        var generator = Keys(state: 7)
        let page = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(print(page) == print(page))
        var prints: Set<StableKey> = [print(page)]
        let changes = Set([0, 8, 16, 24, 31, 32, count - 9, count - 8, count - 1])
        for index in changes {
            var changed = page
            changed[index] ^= 1
            prints.insert(print(changed))
        }
        prints.insert(print(page + [0]))
        prints.insert(print(Array(page.dropLast())))
        prints.insert(print([]))
        #expect(prints.count == changes.count + 4)
    }

    /// A text is fingerprinted as its UTF-8 bytes, whatever its storage (small, native,
    /// made from a slice, bridged from an array); the hex form is the two numbers, each
    /// as sixteen lower-case digits.
    @Test func aTextIsFingerprintedAsItsBytesAndShownAsSixteenDigitsTwice() {
        let long = String(repeating: "产教融合 order-class ", count: 9)
        for text in ["", "a", "cases/x.md", "职业", long, String(long.dropFirst(3)), String(decoding: Array(long.utf8), as: UTF8.self)] {
            var asText = Fingerprint(), asBytes = Fingerprint()
            asText.add(text)
            asBytes.add(Array(text.utf8))
            #expect(asText.key == asBytes.key, "\(text)")
            let key = asText.key
            let expected = [key.a, key.b].map { String(repeating: "0", count: 16 - String($0, radix: 16).count) + String($0, radix: 16) }.joined()
            #expect(asText.hex == expected)
        }
        var small = Fingerprint()
        small.add(numbers: [1])
        #expect(small.hex.count == 32 && small.hex.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func anotherContextOrDamagedBytesReadAsNoArchive() {
        var keys = Keys(state: 9)
        let bytes = archive([("p", (0..<100).map { record(keys.key(), at: $0, $0) })])
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

    /// A build that renders a page says anew where its items lie; the records of the
    /// pages it did not render, which the site keeps as they were, are carried over.
    @Test func recordsOfPagesNotRenderedAgainAreCarried() throws {
        var keys = Keys(state: 3)
        let (a, b, c) = (keys.key(), keys.key(), keys.key())
        let first = try #require(KeptRenderings(bytes: archive([("report", [record(a, at: 1, 1), record(b, at: 2, 2)]),
                                                                ("compare", [record(c, at: 3, 3), record(a, at: 4, 4)])]), context: "c"))
        #expect(found(first, a) == ["report@1=1", "compare@4=4"])
        let second = try #require(KeptRenderings(bytes: archive([("report", [record(a, at: 5, 5)])], previous: first), context: "c"))
        #expect(found(second, a) == ["report@5=5", "compare@4=4"])
        #expect(found(second, b).isEmpty)
        #expect(found(second, c) == ["compare@3=3"])
        #expect(second.pages.map(\.path) == ["report", "compare"])
    }
}

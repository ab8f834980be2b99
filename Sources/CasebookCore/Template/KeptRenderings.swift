/// What the list items of the last build wrote (`TemplateFragments`), kept for the next
/// one: a whole-site page that shows every case (the report, compare) is mostly the same
/// rows and digests build after build, and a build after one case changed copies them
/// instead of rendering 40,000 of them again.
///
/// Each record is one rendering of one item in one section, under a key made of what the
/// item shows (`KeptFragments.Identity`: its case file's fingerprint, what kind of view,
/// which variant) and the section's place in the templates; an item that shows
/// differently at different places has several records under the same key. The whole
/// archive holds under one `context`: the templates, schema, registries, site
/// configuration, options and the tool; another context reads as no archive.
///
/// Laid out for reading back with no work: the header, the records' payloads as they
/// were written during the build, then a table of fixed-width entries sorted by key
/// (key, owner, offset, length: six little-endian words), then the table's place and
/// length. Opening the archive reads that last word pair; a lookup is a binary search.
public final class KeptRenderings: Sendable {
    public let context: String
    private let bytes: [UInt8]
    /// Where the table of records starts, and how many it has.
    private let table: Int
    let count: Int

    static let header = "casebook kept renderings 2"
    static let entryWords = 6

    /// The archive in `bytes`, when it is one of `context`; nil otherwise.
    public init?(bytes: [UInt8], context: String) {
        var reader = ArchiveReader(bytes)
        guard (try? reader.read(String.self)) == Self.header, (try? reader.read(String.self)) == context,
              bytes.count >= 16 else { return nil }
        let table = Int(truncatingIfNeeded: Self.word(bytes, at: bytes.count - 16))
        let count = Int(truncatingIfNeeded: Self.word(bytes, at: bytes.count - 8))
        guard table >= 0, count >= 0, count <= bytes.count / (Self.entryWords * 8),
              table + count * Self.entryWords * 8 == bytes.count - 16 else { return nil }
        self.context = context
        self.bytes = bytes
        self.table = table
        self.count = count
    }

    private static func word(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }

    private func word(_ record: Int, _ index: Int) -> UInt64 {
        Self.word(bytes, at: table + (record * Self.entryWords + index) * 8)
    }

    private func key(_ record: Int) -> StableKey { StableKey(a: word(record, 0), b: word(record, 1)) }
    private func owner(_ record: Int) -> StableKey { StableKey(a: word(record, 2), b: word(record, 3)) }

    private func payload(_ record: Int) -> ArraySlice<UInt8>? {
        let offset = Int(truncatingIfNeeded: word(record, 4)), length = Int(truncatingIfNeeded: word(record, 5))
        guard offset >= 0, length >= 0, offset <= table, length <= table - offset else { return nil }
        return bytes[offset..<(offset + length)]
    }

    /// The payloads kept under `key`, in the order they were written.
    func payloads(_ key: StableKey) -> [ArraySlice<UInt8>] {
        records(key).compactMap(payload)
    }

    /// The records under `key`. Keys are hashes, spread evenly over their range: the
    /// search guesses where a key lies from its value and narrows from there, a few
    /// looks at 100,000 records where halving took seventeen, each a miss of the cache.
    private func records(_ key: StableKey) -> Range<Int> {
        func less(_ record: Int) -> Bool {
            let found = self.key(record)
            return (found.a, found.b) < (key.a, key.b)
        }
        // The first record not less than `key` lies in low...high.
        var low = 0, high = count
        while low < high {
            let lowKey = self.key(low).a
            if key.a < lowKey { break }
            let highKey = self.key(high - 1).a
            if key.a > highKey { low = high; break }
            var guess = (low + high) / 2
            if lowKey < highKey {
                let share = Double(key.a - lowKey) / Double(highKey - lowKey)
                guess = min(high - 1, low + Int(share * Double(high - 1 - low)))
            }
            if less(guess) {
                low = guess + 1
            } else if guess > low, !less(guess - 1) {
                high = guess
            } else {
                low = guess
                break
            }
        }
        var end = low
        while end < count, self.key(end) == key { end += 1 }
        return low..<end
    }

    /// The first record of `key` and the bytes of its payload, as they lie, for a
    /// writer that keeps it again (`Writer.add(key:owner:raw:)`).
    func firstPayload(_ key: StableKey) -> ArraySlice<UInt8>? {
        records(key).first.flatMap(payload)
    }

    /// An archive being written, one record at a time, while a build renders.
    struct Writer: Sendable {
        private(set) var archive = ArchiveWriter()
        private var records: [(key: StableKey, owner: StableKey, payload: Payload)] = []

        /// Where a record's payload lies: in `archive`, or in the last build's archive,
        /// copied over when finished (not on the rendering threads).
        private enum Payload {
            case written(Range<Int>)
            case previous(Range<Int>)
        }

        init(context: String) {
            archive.write(KeptRenderings.header)
            archive.write(context)
        }

        /// Adds a record whose payload `write` writes.
        mutating func add(key: StableKey, owner: StableKey, _ write: (inout ArchiveWriter) -> Void) {
            let offset = archive.bytes.count
            write(&archive)
            records.append((key, owner, .written(offset..<archive.bytes.count)))
        }

        /// Adds a record whose payload is one of the archive `finish(previous:live:)` is given.
        mutating func add(key: StableKey, owner: StableKey, kept payload: ArraySlice<UInt8>) {
            records.append((key, owner, .previous(payload.startIndex..<payload.endIndex)))
        }

        /// The archive: these records, and those of `previous` under keys not written
        /// here whose owner is `live` still, so that a page this build did not render
        /// keeps its items' renderings for the build that renders it, and those of a case
        /// that changed or went are dropped.
        consuming func finish(previous: KeptRenderings?, live: Set<StableKey>) -> [UInt8] {
            if let previous {
                let written = Set(records.map(\.key))
                for record in 0..<previous.count {
                    let key = previous.key(record), owner = previous.owner(record)
                    guard !written.contains(key), live.contains(owner), let payload = previous.payload(record) else { continue }
                    add(key: key, owner: owner, kept: payload)
                }
            }
            var placed: [(key: StableKey, owner: StableKey, range: Range<Int>)] = []
            placed.reserveCapacity(records.count)
            for record in records {
                switch record.payload {
                case .written(let range):
                    placed.append((record.key, record.owner, range))
                case .previous(let range):
                    guard let previous, range.upperBound <= previous.table else { continue }
                    let offset = archive.bytes.count
                    archive.write(raw: previous.bytes[range])
                    placed.append((record.key, record.owner, offset..<archive.bytes.count))
                }
            }
            // By key, and in the order written under the same key.
            let order = placed.indices.sorted { i, j in
                let a = placed[i].key, b = placed[j].key
                return (a.a, a.b, i) < (b.a, b.b, j)
            }
            let table = archive.bytes.count
            for i in order {
                let record = placed[i]
                for word in [record.key.a, record.key.b, record.owner.a, record.owner.b,
                             UInt64(record.range.lowerBound), UInt64(record.range.count)] {
                    archive.write(word: word)
                }
            }
            archive.write(word: UInt64(table))
            archive.write(word: UInt64(placed.count))
            return archive.bytes
        }
    }
}

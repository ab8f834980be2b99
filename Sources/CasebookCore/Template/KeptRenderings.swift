/// Where the list items of the last build's whole-site pages were written, kept for the
/// next build: the report, compare and the case list show every case, and are mostly the
/// same rows and digests build after build; a build after one case changed copies those
/// bytes out of the pages the last build wrote (the output folder, which holds them until
/// the new site is swapped in) instead of rendering 40,000 items again.
///
/// Each record is one rendering of one item in one section, under a key made of what the
/// item shows (`KeptFragments.Identity`: its case file's fingerprint, what kind of view,
/// which variant) and the section's place in the templates; an item that shows
/// differently at different places has several records under the same key. A record
/// holds where the rendering lies (a page of the site, by number, an offset and a
/// length) and what it read from outside the item (`StableNames.writeOutside`); the bytes
/// stay in the page, so keeping them costs a build nothing but this index. A page is
/// read back only when it has the size and fingerprint it had when written. The whole archive holds
/// under one `context`: the templates, schema, registries, site configuration, options
/// and the tool; another context reads as no archive.
///
/// Laid out for reading back with no work: the header, the records' payloads, the pages
/// (each path, size and fingerprint), a table of fixed-width entries sorted by key (key,
/// offset and length of the payload: four little-endian words), then where the pages
/// and the table start and the table's length. A lookup looks at the few entries of the
/// bucket of the key's first bits.
public final class KeptRenderings: Sendable {
    public let context: String
    private let bytes: [UInt8]
    /// Where the payloads end (the pages start), where the table of records starts, and
    /// how many it has.
    private let table: Int
    private let entries: Int
    let count: Int

    static let header = "casebook kept renderings 3"
    static let entryWords = 4

    /// The pages the records lie in, by number: each path in the site, its size and the
    /// fingerprint of its bytes, which a page read back must have.
    let pages: [(path: String, size: Int, print: StableKey)]

    /// The archive in `bytes`, when it is one of `context`; nil otherwise.
    public init?(bytes: [UInt8], context: String) {
        var reader = ArchiveReader(bytes)
        guard (try? reader.read(String.self)) == Self.header, (try? reader.read(String.self)) == context,
              bytes.count >= 24 else { return nil }
        let pagesAt = Int(truncatingIfNeeded: Self.word(bytes, at: bytes.count - 24))
        let table = Int(truncatingIfNeeded: Self.word(bytes, at: bytes.count - 16))
        let count = Int(truncatingIfNeeded: Self.word(bytes, at: bytes.count - 8))
        guard pagesAt >= 0, pagesAt <= table, table >= 0, count >= 0, count <= bytes.count / (Self.entryWords * 8),
              table + count * Self.entryWords * 8 == bytes.count - 24 else { return nil }
        var pageReader = ArchiveReader(bytes[pagesAt..<table])
        guard let pageCount = try? pageReader.read(Int.self), pageCount >= 0, pageCount <= table - pagesAt else { return nil }
        var pages: [(path: String, size: Int, print: StableKey)] = []
        for _ in 0..<pageCount {
            guard let path = try? pageReader.read(String.self), let size = try? pageReader.read(Int.self),
                  let print = try? pageReader.readKey() else { return nil }
            pages.append((path, size, print))
        }
        guard pageReader.isAtEnd else { return nil }
        self.pages = pages
        self.context = context
        self.bytes = bytes
        self.table = pagesAt
        self.count = count
        self.entries = table
        // About one record a bucket of the keys' first bits.
        var bits = 0
        while bits < 20, 1 << bits < count { bits += 1 }
        shift = UInt64(64 - bits)
        var directory = [Int32](repeating: Int32(count), count: (1 << bits) + 1)
        var record = 0
        for bucket in 0..<(1 << bits) {
            while record < count, Self.word(bytes, at: entries + record * Self.entryWords * 8) >> shift < bucket { record += 1 }
            directory[bucket] = Int32(record)
        }
        self.directory = directory
    }

    /// The first record of each bucket of keys by their first bits (`shift`), then the count.
    private let directory: [Int32]
    private let shift: UInt64

    private static func word(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }

    private func word(_ record: Int, _ index: Int) -> UInt64 {
        Self.word(bytes, at: entries + (record * Self.entryWords + index) * 8)
    }

    private func key(_ record: Int) -> StableKey { StableKey(a: word(record, 0), b: word(record, 1)) }

    private func payload(_ record: Int) -> ArraySlice<UInt8>? {
        let offset = Int(truncatingIfNeeded: word(record, 2)), length = Int(truncatingIfNeeded: word(record, 3))
        guard offset >= 0, length >= 0, offset <= table, length <= table - offset else { return nil }
        return bytes[offset..<(offset + length)]
    }

    /// The number of the page a payload lies in, which it starts with, without taking the
    /// rest apart (`place`); nil when it cannot be read.
    func page(of payload: ArraySlice<UInt8>) -> Int? {
        var reader = ArchiveReader(payload)
        return try? reader.read(Int.self)
    }

    /// The payloads kept under `key`, in the order they were written.
    func payloads(_ key: StableKey) -> [ArraySlice<UInt8>] {
        var found: [ArraySlice<UInt8>] = []
        forEachPayload(key, limit: .max) { found.append($0) }
        return found
    }

    /// The first payload kept under `key`.
    func firstPayload(_ key: StableKey) -> ArraySlice<UInt8>? {
        var first: ArraySlice<UInt8>?
        forEachPayload(key, limit: 1) { first = $0 }
        return first
    }

    /// The first `limit` payloads kept under `key`, in order, each handed to `use`
    /// without gathering them in an array (one lookup for each item of the report).
    func forEachPayload(_ key: StableKey, limit: Int, _ use: (ArraySlice<UInt8>) -> Void) {
        var left = limit
        for record in records(key) where left > 0 {
            guard let payload = payload(record) else { continue }
            use(payload)
            left -= 1
        }
    }

    /// The records under `key`: the keys are hashes, spread evenly, and the table is
    /// sorted by them, so the few records of the bucket of its first bits hold it.
    /// (Halving the table took seventeen looks at 100,000 records, each a miss of the
    /// cache: 2 % of a build after one case changed.)
    private func records(_ key: StableKey) -> Range<Int> {
        let bucket = Int(key.a >> shift)
        var low = Int(directory[bucket])
        let end = Int(directory[bucket + 1])
        while low < end {
            let found = self.key(low)
            if (found.a, found.b) >= (key.a, key.b) { break }
            low += 1
        }
        var high = low
        while high < end, self.key(high) == key { high += 1 }
        return low..<high
    }

    /// Where a payload says its rendering lies: the page, by number in `pages`, the
    /// range in it, and the rest of the payload (what it read from outside).
    func place(_ payload: ArraySlice<UInt8>) -> (page: Int, range: Range<Int>, rest: ArraySlice<UInt8>)? {
        var reader = ArchiveReader(payload)
        guard let page = try? reader.read(Int.self), pages.indices.contains(page),
              let offset = try? reader.read(Int.self), let length = try? reader.read(Int.self),
              offset >= 0, length >= 0, offset <= pages[page].size - length else { return nil }
        return (page, offset..<(offset + length), reader.rest())
    }

    /// The records of one page's items, made on the thread that rendered it and added to
    /// the archive at once (`Writer.add(page:size:print:_:)`): each payload without
    /// its page number, which the archive gives.
    struct Payloads {
        fileprivate var bytes = ArchiveWriter()
        fileprivate var records: [(key: StableKey, payload: Range<Int>)] = []

        /// A record of an item at `range` in the page, with what `write` writes of what
        /// it read from outside.
        mutating func add(key: StableKey, range: Range<Int>, _ write: (inout ArchiveWriter) -> Void) {
            let start = bytes.bytes.count
            bytes.write(range.lowerBound)
            bytes.write(range.count)
            write(&bytes)
            records.append((key, start..<bytes.bytes.count))
        }
    }

    /// An archive being written, one page at a time, while a build renders.
    struct Writer: Sendable {
        private(set) var archive = ArchiveWriter()
        private var records: [(key: StableKey, payload: Range<Int>)] = []
        private var pages: [(path: String, size: Int, print: StableKey)] = []

        /// The bytes of an entry of the table.
        static let tableEntry = KeptRenderings.entryWords * 8

        init(context: String) {
            archive.write(KeptRenderings.header)
            archive.write(context)
        }

        /// Adds the records of the items of one page (`path`, `size` bytes of fingerprint
        /// `print`).
        mutating func add(page path: String, size: Int, print: StableKey, _ payloads: Payloads) {
            let page = pages.count
            pages.append((path, size, print))
            var pageNumber = ArchiveWriter()
            pageNumber.write(page)
            for record in payloads.records {
                let offset = archive.bytes.count
                archive.write(raw: pageNumber.bytes)
                archive.write(raw: payloads.bytes.bytes[record.payload])
                records.append((record.key, offset..<archive.bytes.count))
            }
        }

        /// The archive: these records, and those of `previous` that lie in pages this
        /// build did not render (which the site keeps as they were).
        consuming func finish(previous: KeptRenderings?) -> [UInt8] {
            if let previous {
                // Whether each page of the last build was rendered again, asked once per
                // page, not once per record (70,000 paths hashed at 10,000 cases).
                let rendered = Set(pages.map(\.path))
                let renderedAgain = previous.pages.map { rendered.contains($0.path) }
                var renumbered: [Int: Int] = [:]
                for record in 0..<previous.count {
                    // The page first: after one case changed, nearly every record lies in
                    // a page rendered again, and was taken apart whole to find that out.
                    guard let payload = previous.payload(record), let number = previous.page(of: payload),
                          renderedAgain.indices.contains(number), !renderedAgain[number],
                          let place = previous.place(payload) else { continue }
                    let page = renumbered[place.page] ?? {
                        pages.append(previous.pages[place.page])
                        renumbered[place.page] = pages.count - 1
                        return pages.count - 1
                    }()
                    let offset = archive.bytes.count
                    archive.write(page)
                    archive.write(place.range.lowerBound)
                    archive.write(place.range.count)
                    archive.write(raw: place.rest)
                    records.append((previous.key(record), offset..<archive.bytes.count))
                }
            }
            let pagesAt = archive.bytes.count
            archive.write(pages.count)
            for page in pages {
                archive.write(page.path)
                archive.write(page.size)
                archive.write(key: page.print)
            }
            // By key, and in the order written under the same key: the keys sorted as
            // they are, not through the records (each comparison read two of them).
            var order = records.indices.map { (records[$0].key.a, records[$0].key.b, $0) }
            order.sort { $0 < $1 }
            let table = archive.bytes.count
            archive.reserve(records.count * Self.tableEntry + 24)
            for (_, _, i) in order {
                let record = records[i]
                archive.write(word: record.key.a)
                archive.write(word: record.key.b)
                archive.write(word: UInt64(record.payload.lowerBound))
                archive.write(word: UInt64(record.payload.count))
            }
            archive.write(word: UInt64(pagesAt))
            archive.write(word: UInt64(table))
            archive.write(word: UInt64(records.count))
            return archive.bytes
        }
    }
}

extension ArchiveWriter {
    mutating func write(key: StableKey) {
        write(unsigned: key.a)
        write(unsigned: key.b)
    }
}

extension ArchiveReader {
    mutating func readKey() throws(ArchiveError) -> StableKey {
        StableKey(a: try readUnsigned(), b: try readUnsigned())
    }
}

/// A code list: the codes of one classification with their level, title and parent.
public struct Registry: Sendable {
    public struct Entry: Sendable, Hashable {
        public var code: String
        public var level: String
        public var title: String
        public var parent: String?

        public init(code: String, level: String, title: String, parent: String?) {
            self.code = code
            self.level = level
            self.title = title
            self.parent = parent
        }
    }

    public let name: String
    /// Entries in the order of the source listing.
    public let entries: [Entry]
    private let index: [String: Int]
    private let childIndexes: [String: [Int]]

    public init(name: String, entries: [Entry]) {
        self.name = name
        self.entries = entries
        var index: [String: Int] = [:]
        var children: [String: [Int]] = [:]
        for (i, entry) in entries.enumerated() {
            index[entry.code] = index[entry.code] ?? i
            if let parent = entry.parent { children[parent, default: []].append(i) }
        }
        self.index = index
        self.childIndexes = children
    }

    public subscript(code: String) -> Entry? {
        index[code].map { entries[$0] }
    }

    /// The level of `code`, read where it lies: `self[code]?.level` copied the whole entry,
    /// retaining its texts, which every core checking cases shares (each code of 10,000
    /// cases is looked up).
    public func level(of code: String) -> String? {
        index[code].map { entries[$0].level }
    }

    /// The parent of `code`, likewise.
    public func parent(of code: String) -> String? {
        index[code].flatMap { entries[$0].parent }
    }

    public func children(of code: String) -> [Entry] {
        (childIndexes[code] ?? []).map { entries[$0] }
    }

    /// The levels in the order they first appear (top level first).
    public var levels: [String] {
        var seen: Set<String> = []
        return entries.compactMap { seen.insert($0.level).inserted ? $0.level : nil }
    }

    /// The chain of ancestors of a code, nearest first.
    public func ancestors(of code: String) -> [Entry] {
        var result: [Entry] = []
        var current = self[code]?.parent
        var seen: Set<String> = [code]
        while let c = current, seen.insert(c).inserted, let entry = self[c] {
            result.append(entry)
            current = entry.parent
        }
        return result
    }

    /// Whether `code` lies under `ancestor` in the hierarchy.
    public func isWithin(_ code: String, _ ancestor: String) -> Bool {
        // Up the parents in place, as `ancestors(of:)` goes (a code not listed ends the
        // chain, a cycle goes no further than every entry), without copying each entry.
        var current = parent(of: code)
        var steps = 0
        while let c = current, c != code, steps < entries.count, index[c] != nil {
            if c == ancestor { return true }
            current = parent(of: c)
            steps += 1
        }
        return false
    }
}

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
        ancestors(of: code).contains { $0.code == ancestor }
    }
}

extension Registry {
    /// Codes at `level` that share the longest prefix with `code`: the neighbours an
    /// author most likely meant (`2151` → the other unit groups of 215).
    public func nearestCodes(to code: String, atLevel level: String?, limit: Int = 4) -> [Entry] {
        let candidates = entries.filter { level == nil || $0.level == level }
        let scored = candidates.map { ($0, Self.commonPrefixLength($0.code, code)) }
        guard let best = scored.map(\.1).max(), best > 0 else {
            return Array(candidates.sorted { Self.editDistance($0.code, code) < Self.editDistance($1.code, code) }.prefix(limit))
        }
        return Array(scored.filter { $0.1 == best }.map(\.0).prefix(limit))
    }

    /// Entries whose code starts with the query, or whose title holds every word of it
    /// (case-insensitive, a word may be a prefix), at `level` when one is given.
    public func search(_ query: String, atLevel level: String? = nil) -> [Entry] {
        let q = query.trimmingSpaces
        guard !q.isEmpty else { return [] }
        let pool = entries.filter { level == nil || $0.level == level }
        let byCode = pool.filter { $0.code.lowercased().hasPrefix(q.lowercased()) }
        if !byCode.isEmpty { return byCode }
        let words = Self.words(q)
        return pool.filter { entry in
            let titleWords = Self.words(entry.title)
            return words.allSatisfy { w in titleWords.contains { $0.hasPrefix(w) } }
        }
    }

    /// "2512 Software Developers": a code with its title, for messages and hints.
    public func describe(_ code: String) -> String {
        self[code].map { "\($0.code) (\($0.title))" } ?? code
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    static func commonPrefixLength(_ a: String, _ b: String) -> Int {
        zip(a, b).prefix { $0 == $1 }.count
    }

    /// Levenshtein distance, for "did you mean" hints on keys and ids.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// The closest of `candidates` to `word` by edit distance, if it is close enough to be
/// what the author meant.
public func closest(to word: String, in candidates: some Sequence<String>) -> String? {
    let limit = Swift.max(2, word.count / 3)
    let ranked = candidates
        .map { ($0, Registry.editDistance(word.lowercased(), $0.lowercased())) }
        .filter { $0.1 <= limit }
        .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
    return ranked.first?.0
}

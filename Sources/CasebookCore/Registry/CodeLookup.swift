/// What `casebook codes` prints: the matches at the tier's level, each with its parent,
/// then the neighbours of the best match (its siblings), so an author sees the choices.
public struct CodeLookup: Sendable {
    public var registry: Registry
    public var level: String?

    public init(registry: Registry, level: String?) {
        self.registry = registry
        self.level = level
    }

    public func report(for query: String, limit: Int = 25) -> (output: String, found: Bool) {
        var matches = registry.search(query, atLevel: level)
        var note = ""
        if matches.isEmpty, level != nil {
            matches = registry.search(query)
            if !matches.isEmpty { note = " (none at level \(level!); other levels shown)" }
        }
        guard !matches.isEmpty else {
            return ("no \(registry.name) code matches '\(query)'\(level.map { " at level \($0)" } ?? "")\n", false)
        }
        let width = matches.prefix(limit).map(\.code.count).max() ?? 4
        var out = "\(registry.name)\(level.map { " \($0) codes" } ?? "") matching '\(query)'\(note):\n"
        for entry in matches.prefix(limit) { out += line(entry, width: width) }
        if matches.count > limit { out += "  … and \(matches.count - limit) more; narrow the query\n" }
        if matches.count <= 5, let first = matches.first, let parent = first.parent, let p = registry[parent] {
            let siblings = registry.children(of: parent).filter { s in !matches.contains(s) && (level == nil || s.level == level) }
            if !siblings.isEmpty {
                out += "nearby in \(p.code) \(p.title):\n"
                let w = siblings.map(\.code.count).max() ?? width
                for s in siblings { out += line(s, width: w, showParent: false) }
            }
        }
        return (out, true)
    }

    private func line(_ entry: Registry.Entry, width: Int, showParent: Bool = true) -> String {
        let pad = String(repeating: " ", count: max(0, width - entry.code.count))
        var text = "  \(entry.code)\(pad)  \(entry.title)"
        if level == nil || entry.level != level { text += " [\(entry.level)]" }
        if showParent, let parent = entry.parent, let p = registry[parent] { text += "  (in \(p.code) \(p.title))" }
        return text + "\n"
    }
}

internal import Yams

/// Parses YAML text into located `YAMLNode`s: the one place that calls Yams.
///
/// Yams composes an alias by sharing the anchored node, so a "billion laughs" document
/// composes at once; the conversion here counts every node it visits, aliases expanded,
/// and refuses a document past `nodeLimit` before the walk can grow exponential.
public struct YAMLComposer: Sendable {
    /// SPEC §4: front matter whose aliases expand to more nodes than this is refused.
    public static let defaultNodeLimit = 100_000
    /// Expanded nesting deeper than libyaml's own limit is refused as well, which keeps
    /// the recursive conversion far from the end of a thread's stack.
    public static let depthLimit = 1_000

    public var nodeLimit: Int

    public init(nodeLimit: Int = YAMLComposer.defaultNodeLimit) {
        self.nodeLimit = nodeLimit
    }

    /// A YAML problem, located in the YAML text (1-based line and column).
    public struct Failure: Error, Sendable, Hashable {
        public var line: Int
        public var column: Int
        public var message: String
        public var hint: String? = nil
    }

    /// The document's root, nil for an empty document. `lineOffset` is added to every
    /// line, node and failure alike, for YAML that starts below line 1 of its file.
    public func compose(_ yaml: String, lineOffset: Int = 0) throws(Failure) -> YAMLNode? {
        if let at = Self.aliasedKeyPosition(in: yaml) {
            throw Failure(
                line: at.line + lineOffset, column: at.column,
                message: "an alias inside a mapping key is not supported",
                hint: "write the key out; aliases may be used as values")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch let error as YamlError {
            var located = failure(for: error, in: yaml, lineOffset: lineOffset)
            located.line += lineOffset
            throw located
        } catch {
            throw Failure(line: 1 + lineOffset, column: 1, message: "YAML could not be read")
        }
        guard let root else { return nil }
        var budget = Budget(remaining: nodeLimit, lineOffset: lineOffset)
        return try convert(root, depth: 0, budget: &budget)
    }

    private struct Budget {
        var remaining: Int
        var lineOffset: Int
    }

    private func convert(_ node: Node, depth: Int, budget: inout Budget) throws(Failure) -> YAMLNode {
        let mark = (line: (node.mark?.line ?? 1) + budget.lineOffset, column: node.mark?.column ?? 1)
        budget.remaining -= 1
        guard budget.remaining >= 0 else {
            throw Failure(
                line: mark.line, column: mark.column,
                message: "aliases expand to more than \(nodeLimit) nodes; write the values out or use fewer aliases")
        }
        guard depth < Self.depthLimit else {
            throw Failure(
                line: mark.line, column: mark.column,
                message: "nesting deeper than \(Self.depthLimit) levels")
        }
        switch node {
        case .scalar(let s):
            return YAMLNode(.scalar(Self.scalar(s)), line: mark.line, column: mark.column)
        case .sequence(let seq):
            var items: [YAMLNode] = []
            items.reserveCapacity(seq.count)
            for item in seq { items.append(try convert(item, depth: depth + 1, budget: &budget)) }
            return YAMLNode(.sequence(items), line: mark.line, column: mark.column)
        case .mapping(let map):
            var pairs: [YAMLPair] = []
            pairs.reserveCapacity(map.count)
            for (key, value) in map {
                let k = try convert(key, depth: depth + 1, budget: &budget)
                let v = try convert(value, depth: depth + 1, budget: &budget)
                pairs.append(YAMLPair(key: k, value: v))
            }
            return YAMLNode(.mapping(pairs), line: mark.line, column: mark.column)
        case .alias:
            // Yams resolves aliases while composing; an unresolved one is an empty value.
            return YAMLNode(.scalar(YAMLScalar(text: "", style: .plain)), line: mark.line, column: mark.column)
        }
    }

    private static func scalar(_ s: Node.Scalar) -> YAMLScalar {
        let style: YAMLScalar.Style =
            switch s.style {
            case .plain, .any: .plain
            case .singleQuoted, .doubleQuoted: .quoted
            case .literal, .folded: .block
            }
        let tag = s.tag.description
        return YAMLScalar(text: s.string, style: style, tag: tag.isEmpty ? nil : tag)
    }
}

extension YAMLComposer {
    /// Where an alias may end up inside a mapping key, if anywhere. Yams hashes every key
    /// to find duplicates, and hashing an aliased key walks its whole expansion, which a
    /// "billion laughs" key makes exponential. Keys of front matter are names, so any alias
    /// in key position (`*a: x`, `? *a`, `[*a]: x`) is refused before Yams sees it.
    static func aliasedKeyPosition(in yaml: String) -> (line: Int, column: Int)? {
        guard yaml.utf8.contains(UInt8(ascii: "*")) else { return nil }
        let hasAlias = yaml.lines.contains { line in
            let bytes = Array(line.utf8)
            return bytes.indices.contains { i in
                bytes[i] == UInt8(ascii: "*") && i + 1 < bytes.count && isAnchorByte(bytes[i + 1])
                    && (i == 0 || [UInt8(ascii: " "), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: "\t")].contains(bytes[i - 1]))
            }
        }
        guard hasAlias else { return nil }
        for (index, line) in yaml.lines.enumerated() {
            let bytes = Array(line.utf8)
            let indent = bytes.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "-") }.count
            // An explicit key: `? …`.
            if indent < bytes.count, bytes[indent] == UInt8(ascii: "?"),
               indent + 1 == bytes.count || bytes[indent + 1] == UInt8(ascii: " ") {
                return (index + 1, indent + 1)
            }
            for i in bytes.indices {
                // `*alias :` or a flow collection closed right before `:`.
                if bytes[i] == UInt8(ascii: "*"), i + 1 < bytes.count, isAnchorByte(bytes[i + 1]) {
                    var j = i + 1
                    while j < bytes.count, isAnchorByte(bytes[j]) { j += 1 }
                    while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
                    if j < bytes.count, bytes[j] == UInt8(ascii: ":") { return (index + 1, i + 1) }
                }
                if bytes[i] == UInt8(ascii: "]") || bytes[i] == UInt8(ascii: "}") {
                    var j = i + 1
                    while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
                    if j < bytes.count, bytes[j] == UInt8(ascii: ":"),
                       j + 1 == bytes.count || bytes[j + 1] == UInt8(ascii: " ") { return (index + 1, i + 1) }
                }
            }
        }
        return nil
    }

    private static func isAnchorByte(_ b: UInt8) -> Bool {
        !(b == UInt8(ascii: " ") || b == UInt8(ascii: ",") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]")
            || b == UInt8(ascii: "{") || b == UInt8(ascii: "}") || b == UInt8(ascii: ":") || b == UInt8(ascii: "\t"))
    }

    fileprivate func failure(for error: YamlError, in yaml: String, lineOffset: Int) -> Failure {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }
            return Failure(line: mark.line, column: mark.column, message: detail.joined(separator: ": "))
        case .reader(let problem, let offset, _, _):
            let (line, column) = Self.position(ofUTF8Offset: offset ?? 0, in: yaml)
            return Failure(line: line, column: column, message: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let second = secondOccurrence(of: key, firstAt: context.mark, in: yaml) ?? context.mark
            return Failure(
                line: second.line, column: second.column,
                message: "duplicate key '\(key)' (first at line \(context.mark.line + lineOffset))",
                hint: "a mapping may hold each key once; remove or rename one of them")
        default:
            return Failure(line: 1, column: 1, message: "YAML could not be read")
        }
    }

    /// Yams reports a duplicate key where it first occurs; the SPEC wants the second. Make
    /// the first occurrence unique and parse again: the key that then matches is the second.
    private func secondOccurrence(of key: String, firstAt mark: Mark, in yaml: String) -> Mark? {
        let marker = "\u{2063}casebook-first\u{2063}"
        var lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        var scalars = Array(lines[mark.line - 1].unicodeScalars)
        var at = mark.column - 1
        guard at >= 0, at <= scalars.count else { return nil }
        if at < scalars.count, scalars[at] == "\"" || scalars[at] == "'" { at += 1 }
        scalars.insert(contentsOf: marker.unicodeScalars, at: at)
        lines[mark.line - 1] = String(String.UnicodeScalarView(scalars))
        let edited = lines.joined(separator: "\n")
        do {
            guard let root = try Yams.compose(yaml: edited, .basic, .default, .utf8) else { return nil }
            var remaining = nodeLimit
            return Self.findSibling(of: marker, key: key, in: root, remaining: &remaining)
        } catch YamlError.duplicatedKeysInMapping(let again, let context) where again.contains(key) {
            return context.mark
        } catch {
            return nil
        }
    }

    /// Walks the re-parsed tree for the mapping holding the marked key, visiting at most
    /// `remaining` nodes so that aliases cannot make the search exponential.
    private static func findSibling(of marker: String, key: String, in node: Node, depth: Int = 0, remaining: inout Int) -> Mark? {
        remaining -= 1
        guard remaining > 0, depth < depthLimit else { return nil }
        switch node {
        case .mapping(let map):
            if map.keys.contains(where: { $0.scalar?.string.hasPrefix(marker) == true }) {
                return map.keys.first { $0.scalar?.string == key }?.mark
            }
            for (k, v) in map {
                if let m = findSibling(of: marker, key: key, in: k, depth: depth + 1, remaining: &remaining) { return m }
                if let m = findSibling(of: marker, key: key, in: v, depth: depth + 1, remaining: &remaining) { return m }
            }
            return nil
        case .sequence(let seq):
            for item in seq {
                if let m = findSibling(of: marker, key: key, in: item, depth: depth + 1, remaining: &remaining) { return m }
            }
            return nil
        default:
            return nil
        }
    }

    static func position(ofUTF8Offset offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var consumed = 0
        for scalar in text.unicodeScalars {
            if consumed >= offset { break }
            consumed += String(scalar).utf8.count
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}

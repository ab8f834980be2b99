internal import CYaml

/// Parses YAML text into located `YAMLNode`s: the one place that calls libyaml (the copy
/// Yams builds), event by event, into casebook's own nodes.
///
/// An alias is composed by sharing the anchored node (a copy of a value whose arrays are
/// shared), so a "billion laughs" document composes at once; a walk afterwards counts
/// every node, aliases expanded, and refuses a document past `nodeLimit` before anything
/// walks it further.
public struct YAMLComposer: Sendable {
    /// SPEC §4: front matter whose aliases expand to more nodes than this is refused.
    public static let defaultNodeLimit = 100_000
    /// Expanded nesting deeper than libyaml's own limit is refused as well, which keeps
    /// the recursive walks over nodes far from the end of a thread's stack.
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
        var text = yaml
        let composed: Result<YAMLNode?, Failure> = text.withUTF8 { bytes in
            let events = EventReader(yaml: yaml, bytes: bytes, lineOffset: lineOffset)
            return Result { () throws(Failure) -> YAMLNode? in try events.singleRoot() }
        }
        let root: YAMLNode?
        switch composed {
        case .success(let node): root = node
        case .failure(var failure):
            failure.line += lineOffset
            throw failure
        }
        guard let root else { return nil }
        var remaining = nodeLimit
        try walk(root, depth: 0, remaining: &remaining)
        return root
    }

    /// Visits every node, aliases expanded, in document order: the first node past
    /// `nodeLimit` or nested deeper than `depthLimit` fails there.
    private func walk(_ node: YAMLNode, depth: Int, remaining: inout Int) throws(Failure) {
        remaining -= 1
        guard remaining >= 0 else {
            throw Failure(
                line: node.line, column: node.column,
                message: "aliases expand to more than \(nodeLimit) nodes; write the values out or use fewer aliases")
        }
        guard depth < Self.depthLimit else {
            throw Failure(line: node.line, column: node.column, message: "nesting deeper than \(Self.depthLimit) levels")
        }
        switch node.kind {
        case .scalar: return
        case .sequence(let items):
            for item in items { try walk(item, depth: depth + 1, remaining: &remaining) }
        case .mapping(let pairs):
            for pair in pairs {
                try walk(pair.key, depth: depth + 1, remaining: &remaining)
                try walk(pair.value, depth: depth + 1, remaining: &remaining)
            }
        }
    }
}

/// libyaml's events for one text, composed into nodes as Yams composed them: the same
/// marks, the same messages, the same refusal of duplicate keys and of a second document.
private final class EventReader {
    private var parser = yaml_parser_t()
    private let yaml: String
    private let lineOffset: Int
    private var anchors: [String: YAMLNode] = [:]
    private var started = false

    /// `bytes` (the UTF-8 of `yaml`) must outlive the reader.
    init(yaml: String, bytes: UnsafeBufferPointer<UInt8>, lineOffset: Int) {
        self.yaml = yaml
        self.lineOffset = lineOffset
        yaml_parser_initialize(&parser)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
    }

    deinit { yaml_parser_delete(&parser) }

    private struct Mark {
        var line: Int
        var column: Int
    }

    private enum Event {
        case streamEnd, documentStart(Mark), documentEnd
        case alias(String, Mark)
        case scalar(YAMLScalar, anchor: String?, Mark)
        case sequenceStart(anchor: String?, Mark), sequenceEnd
        case mappingStart(anchor: String?, Mark), mappingEnd

        var mark: Mark {
            switch self {
            case .documentStart(let m), .alias(_, let m), .scalar(_, _, let m), .sequenceStart(_, let m), .mappingStart(_, let m): m
            default: Mark(line: 1, column: 1)
            }
        }
    }

    /// The one document of the text, nil when it holds none.
    func singleRoot() throws(YAMLComposer.Failure) -> YAMLNode? {
        guard case .documentStart = try next() else { return nil }
        let root = try node(from: try next())
        _ = try next()  // the document's end
        let after = try next()
        if case .streamEnd = after { return root }
        throw YAMLComposer.Failure(line: after.mark.line, column: after.mark.column,
                                   message: "expected a single document in the stream: but found another document")
    }

    private func node(from event: Event) throws(YAMLComposer.Failure) -> YAMLNode {
        switch event {
        case .alias(let anchor, let mark):
            guard let node = anchors[anchor] else {
                throw YAMLComposer.Failure(line: mark.line, column: mark.column, message: "found undefined alias")
            }
            return node
        case .scalar(let scalar, let anchor, let mark):
            return register(YAMLNode(.scalar(scalar), line: mark.line + lineOffset, column: mark.column), anchor)
        case .sequenceStart(let anchor, let mark):
            var items: [YAMLNode] = []
            while true {
                let event = try next()
                if case .sequenceEnd = event { break }
                items.append(try node(from: event))
            }
            return register(YAMLNode(.sequence(items), line: mark.line + lineOffset, column: mark.column), anchor)
        case .mappingStart(let anchor, let mark):
            var pairs: [YAMLPair] = []
            while true {
                let event = try next()
                if case .mappingEnd = event { break }
                let key = try node(from: event)
                pairs.append(YAMLPair(key: key, value: try node(from: try next())))
            }
            try checkDuplicates(pairs)
            return register(YAMLNode(.mapping(pairs), line: mark.line + lineOffset, column: mark.column), anchor)
        case .streamEnd, .documentStart, .documentEnd, .sequenceEnd, .mappingEnd:
            throw YAMLComposer.Failure(line: event.mark.line, column: event.mark.column, message: "YAML could not be read")
        }
    }

    private func register(_ node: YAMLNode, _ anchor: String?) -> YAMLNode {
        if let anchor { anchors[anchor] = node }
        return node
    }

    /// A key written twice in one mapping is refused at its second place; of several,
    /// the first in order of their text, as Yams chose.
    private func checkDuplicates(_ pairs: [YAMLPair]) throws(YAMLComposer.Failure) {
        guard pairs.count > 1 else { return }
        if Self.scalarKeysDiffer(pairs) { return }
        let identities = pairs.map { KeyIdentity($0.key) }
        // Where each key was first written: by comparing with the keys before it in the
        // small mappings of front matter (no hashing, no dictionary), by hash in large ones.
        let firstPlace: [Int]
        if pairs.count <= 16 {
            firstPlace = identities.indices.map { i in identities[..<i].firstIndex(of: identities[i]) ?? i }
        } else {
            var seen: [KeyIdentity: Int] = [:]
            firstPlace = identities.indices.map { i in
                if let first = seen[identities[i]] { return first }
                seen[identities[i]] = i
                return i
            }
        }
        var duplicates: [(key: KeyIdentity, text: String, first: YAMLNode, second: YAMLNode)] = []
        for (i, first) in firstPlace.enumerated() where first != i && !duplicates.contains(where: { $0.key == identities[i] }) {
            duplicates.append((identities[i], pairs[i].key.scalar?.text ?? "<uncovertable>", pairs[first].key, pairs[i].key))
        }
        guard let chosen = duplicates.min(by: { $0.text < $1.text }) else { return }
        throw YAMLComposer.Failure(
            line: chosen.second.line - lineOffset, column: chosen.second.column,
            message: "duplicate key '\(chosen.text)' (first at line \(chosen.first.line))",
            hint: "a mapping may hold each key once; remove or rename one of them")
    }

    /// Whether the keys are all scalars of different texts, so none can be another's
    /// duplicate: told by comparing the texts in place, lengths first, for the small
    /// mappings of front matter; making each key's identity first was 2 % of a check.
    /// False when unsure (many keys, a collection as a key, two texts alike).
    private static func scalarKeysDiffer(_ pairs: [YAMLPair]) -> Bool {
        guard pairs.count <= 16 else { return false }
        for i in pairs.indices {
            guard case .scalar(let key) = pairs[i].key.kind else { return false }
            for j in 0..<i {
                guard case .scalar(let earlier) = pairs[j].key.kind else { return false }
                if key.text.utf8.count == earlier.text.utf8.count, key.text == earlier.text { return false }
            }
        }
        return true
    }

    /// What makes two keys the same key: a scalar's text and tag (quoted and plain
    /// scalars are both strings), a collection's items.
    private enum KeyIdentity: Hashable {
        case scalar(tag: String, text: String)
        case sequence([KeyIdentity])
        case mapping([KeyIdentity])

        init(_ node: YAMLNode) {
            switch node.kind {
            case .scalar(let s): self = .scalar(tag: s.tag ?? "tag:yaml.org,2002:str", text: s.text)
            case .sequence(let items): self = .sequence(items.map(KeyIdentity.init))
            case .mapping(let pairs): self = .mapping(pairs.flatMap { [KeyIdentity($0.key), KeyIdentity($0.value)] })
            }
        }
    }

    /// The next event, its strings copied; a problem of the text is a failure located
    /// as Yams located it.
    private func next() throws(YAMLComposer.Failure) -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { throw failure() }
        defer { yaml_event_delete(&event) }
        let mark = Mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return try next()
        case YAML_STREAM_END_EVENT: return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart(mark)
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT: return .alias(Self.string(event.data.alias.anchor) ?? "", mark)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let style: YAMLScalar.Style =
                switch data.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE, YAML_DOUBLE_QUOTED_SCALAR_STYLE: .quoted
                case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: .block
                default: .plain
                }
            // As Yams: a quoted scalar without a tag is a string; otherwise the tag written.
            let tag = data.quoted_implicit == 1 ? "tag:yaml.org,2002:str" : Self.string(data.tag)
            return .scalar(YAMLScalar(text: text, style: style, tag: tag?.isEmpty == false ? tag : nil),
                           anchor: Self.string(data.anchor), mark)
        case YAML_SEQUENCE_START_EVENT: return .sequenceStart(anchor: Self.string(event.data.sequence_start.anchor), mark)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_START_EVENT: return .mappingStart(anchor: Self.string(event.data.mapping_start.anchor), mark)
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        default: return try next()
        }
    }

    private static func string(_ pointer: UnsafePointer<UInt8>?) -> String? {
        guard let pointer else { return nil }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: strlen(pointer)), as: UTF8.self)
    }

    /// The parser's problem, as Yams reported it: context and problem, at the problem's mark.
    private func failure() -> YAMLComposer.Failure {
        let problem = parser.problem.map { String(cString: $0) } ?? ""
        switch parser.error {
        case YAML_READER_ERROR:
            // Yams counted the offset in characters; the position is found from it as before.
            let utf8 = yaml.utf8
            let index = utf8.index(utf8.startIndex, offsetBy: parser.problem_offset, limitedBy: utf8.endIndex)?.samePosition(in: yaml)
            let offset = index.map { yaml.distance(from: yaml.startIndex, to: $0) } ?? 0
            let (line, column) = YAMLComposer.position(ofUTF8Offset: offset, in: yaml)
            return YAMLComposer.Failure(line: line, column: column, message: problem)
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            let context = parser.context.map { String(cString: $0) }
            let detail = [context, problem].compactMap { $0 }.filter { !$0.isEmpty }
            return YAMLComposer.Failure(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1,
                                        message: detail.joined(separator: ": "))
        default:
            return YAMLComposer.Failure(line: 1, column: 1, message: "YAML could not be read")
        }
    }
}

extension YAMLComposer {
    /// Where an alias may end up inside a mapping key, if anywhere. Duplicate keys are
    /// found by comparing keys whole, and an aliased key compares its whole expansion,
    /// which a "billion laughs" key makes exponential. Keys of front matter are names, so
    /// any alias in key position (`*a: x`, `? *a`, `[*a]: x`) is refused before parsing.
    static func aliasedKeyPosition(in yaml: String) -> (line: Int, column: Int)? {
        // Over the contiguous bytes: through the UTF-8 view, this scan of every front
        // matter for a `*` was a percent of a check.
        let star = UInt8(ascii: "*")
        guard yaml.utf8.withContiguousStorageIfAvailable({ $0.contains(star) }) ?? yaml.utf8.contains(star) else { return nil }
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

/// Turns template text into nodes. Whitespace follows the Mustache spec (and the
/// implementation the theme was written for): a section, inverted section, comment,
/// partial, parent, block or set-delimiter tag alone on its line takes the line with it,
/// and a standalone partial's indentation is given to each line of the partial.
struct TemplateParser {
    private let chars: [Character]
    private var position = 0

    init(_ text: String) {
        chars = Array(text)
    }

    /// What an enclosing tag asks of the text inside it.
    private struct State {
        var sectionName: String?
        var sectionTransforms: [String] = []
        var newLine = true
        /// Inside `{{<parent}}…{{/parent}}`, where only `{{$blocks}}` may stand.
        var inParentTopLevel = false
        /// Inside a block of a parent tag: its first line's indentation is removed from
        /// every line.
        var inParent = false
        var parentIndent: Int?
        var start: [Character] = ["{", "{"]
        var end: [Character] = ["}", "}"]

        func entering(section name: String, newLine: Bool, transforms: [String] = []) -> State {
            var state = self
            state.sectionName = name
            state.sectionTransforms = transforms
            state.inParentTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func entering(parent name: String) -> State {
            var state = self
            state.sectionName = name
            state.sectionTransforms = []
            state.newLine = true
            state.inParent = true
            state.inParentTopLevel = true
            return state
        }
    }

    /// A section's or the whole template's nodes, and the name its closing tag had.
    mutating func parseAll() throws(TemplateSyntaxError) -> [TemplateNode] {
        try parse(State())
    }

    private mutating func parse(_ initial: State) throws(TemplateSyntaxError) -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        var state = initial
        var whitespaceBefore: [Character] = []
        func text(_ characters: [Character]) -> TemplateNode { .text(Array(String(characters).utf8)) }

        while !atEnd {
            if state.newLine {
                let whitespace = read(while: { $0 == " " || $0 == "\t" })
                if state.inParent, !state.inParentTopLevel {
                    if let indent = state.parentIndent {
                        whitespaceBefore = Array(whitespace.dropFirst(indent))
                    } else {
                        state.parentIndent = whitespace.count
                    }
                } else {
                    whitespaceBefore = whitespace
                }
            }
            let before = readUntilTagOrNewline(state)
            if current.isNewline {
                nodes.append(text(whitespaceBefore + before + [current]))
                state.newLine = true
                position += 1
                continue
            }
            if !before.isEmpty {
                nodes.append(text(whitespaceBefore + before))
                whitespaceBefore = []
                state.newLine = false
            }
            if atEnd { break }

            let tagStart = location(of: position - state.start.count)
            var standalone = false
            func flushWhitespace() {
                if !whitespaceBefore.isEmpty { nodes.append(text(whitespaceBefore)); whitespaceBefore = [] }
            }
            switch current {
            case "#", "^":
                let inverted = current == "^"
                position += 1
                let (name, transforms) = try parseName(state)
                if isStandalone(state) { standalone = true } else { flushWhitespace() }
                let body = try parse(state.entering(section: name, newLine: standalone, transforms: transforms))
                nodes.append(.section(try path(name, transforms), body, inverted: inverted))

            case "/":
                position += 1
                let namePosition = position
                let (name, transforms) = try parseName(state)
                guard name == state.sectionName, transforms == state.sectionTransforms else {
                    position = namePosition
                    let close = transforms.reversed().reduce(name) { "\($1)(\($0))" }
                    let open = state.sectionName.map { n in state.sectionTransforms.reversed().reduce(n) { "\($1)(\($0))" } }
                    throw error(.closeDoesNotMatch(open: open, close: close))
                }
                if !isStandalone(state) { flushWhitespace() }
                return nodes

            case "!":
                position += 1
                guard skip(past: state.end) else { throw error(.unfinishedTag) }
                standalone = isStandalone(state)

            case "{", "&":
                flushWhitespace()
                let triple = current == "{"
                position += 1
                let (name, transforms) = try parseName(state)
                if triple, !read("}") { throw error(.unfinishedTag) }
                nodes.append(.variable(try path(name, transforms), escaped: false))

            case ">", "<":
                let isParent = current == "<"
                position += 1
                _ = read(while: \.isWhitespace)
                let reference = TemplateReference(name: try parsePartialName(state), line: tagStart.line, column: tagStart.column)
                if !whitespaceBefore.isEmpty { nodes.append(text(whitespaceBefore)) }
                standalone = isStandalone(state)
                let indentation = Array(String(whitespaceBefore).utf8)
                whitespaceBefore = []
                guard isParent else {
                    nodes.append(.partial(reference, indentation: standalone ? indentation : nil, overrides: nil))
                    break
                }
                let inside = try parse(state.entering(parent: reference.name))
                var overrides: [String: [TemplateNode]] = [:]
                for node in inside {
                    switch node {
                    case .block(let block, let body, _): overrides[block] = body
                    case .text: break
                    default: throw error(.notABlockInParent, at: tagStart)
                    }
                }
                nodes.append(.partial(reference, indentation: indentation, overrides: overrides))

            case "$":
                position += 1
                let (name, transforms) = try parseName(state)
                guard transforms.isEmpty else { throw error(.transformOnBlock, at: tagStart) }
                if state.inParentTopLevel {
                    standalone = isStandalone(state)
                    let body = try parse(state.entering(section: name, newLine: standalone))
                    nodes.append(.block(name, body, indentation: []))
                } else {
                    if !whitespaceBefore.isEmpty { nodes.append(text(whitespaceBefore)) }
                    standalone = isStandalone(state)
                    let body = try parse(state.entering(section: name, newLine: standalone))
                    nodes.append(.block(name, body, indentation: Array(String(whitespaceBefore).utf8)))
                    whitespaceBefore = []
                }

            case "=":
                position += 1
                state = try setDelimiters(state)
                standalone = isStandalone(state)

            case "%":
                throw error(.unsupportedPragma, at: tagStart)

            default:
                flushWhitespace()
                let (name, transforms) = try parseName(state)
                nodes.append(.variable(try path(name, transforms), escaped: true))
            }
            state.newLine = standalone
        }
        if let open = state.sectionName { throw error(.sectionNotClosed(open)) }
        return nodes
    }

    // MARK: names

    private static let nameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    private static let partialNameCharacters = nameCharacters.union("()/")

    /// A tag's name and transforms: `uppercased(title)` is ("title", ["uppercased"]).
    private mutating func parseName(_ state: State) throws(TemplateSyntaxError) -> (String, [String]) {
        _ = read(while: \.isWhitespace)
        let namePosition = position
        let text = read(while: { Self.nameCharacters.contains($0) || $0 == "(" || $0 == ")" })
        _ = read(while: \.isWhitespace)
        guard read(state.end) else { throw error(.unfinishedTag) }

        var transforms: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "(") {
            transforms.append(String(rest[..<open]))
            rest = rest[rest.index(after: open)...]
        }
        let closing = rest.drop { $0 != ")" }
        let name = String(rest.prefix { $0 != ")" })
        guard closing.count == transforms.count, closing.allSatisfy({ $0 == ")" }),
              transforms.allSatisfy({ !$0.isEmpty && !$0.contains(")") }) else {
            position = namePosition
            throw error(.unfinishedTag)
        }
        for transform in transforms where !TemplateValue.transformNames.contains(transform) {
            position = namePosition
            throw error(.unknownTransform(transform, suggestion: closest(to: transform, in: TemplateValue.transformNames.sorted())))
        }
        return (name, transforms)
    }

    private mutating func parsePartialName(_ state: State) throws(TemplateSyntaxError) -> String {
        _ = read(while: \.isWhitespace)
        let name = String(read(while: { Self.partialNameCharacters.contains($0) }))
        _ = read(while: \.isWhitespace)
        guard read(state.end), !name.isEmpty else { throw error(.unfinishedTag) }
        return name
    }

    private func path(_ name: String, _ transforms: [String]) throws(TemplateSyntaxError) -> TemplatePath {
        if name == "." { return TemplatePath(start: .current, keys: [], transforms: transforms) }
        if name.isEmpty {
            guard !transforms.isEmpty else { throw error(.unfinishedTag) }
            return TemplatePath(start: .position, keys: [], transforms: transforms)
        }
        let keys = name.split(separator: ".").map(String.init)
        return TemplatePath(start: name.hasPrefix(".") ? .anchored : .stack, keys: keys, transforms: transforms)
    }

    private mutating func setDelimiters(_ state: State) throws(TemplateSyntaxError) -> State {
        _ = read(while: \.isWhitespace)
        let start = read(while: { !$0.isWhitespace && $0 != "=" })
        _ = read(while: \.isWhitespace)
        let end = read(while: { !$0.isWhitespace && $0 != "=" })
        _ = read(while: \.isWhitespace)
        guard !start.isEmpty, !end.isEmpty, read("="), read(state.end) else { throw error(.invalidSetDelimiter) }
        var state = state
        state.start = start
        state.end = end
        state.inParentTopLevel = false
        return state
    }

    // MARK: reading

    private var atEnd: Bool { position >= chars.count }
    private var current: Character { atEnd ? "\0" : chars[position] }

    private mutating func read(while predicate: (Character) -> Bool) -> [Character] {
        let start = position
        while !atEnd, predicate(chars[position]) { position += 1 }
        return Array(chars[start..<position])
    }

    /// Reads `string` if it comes next.
    private mutating func read(_ string: [Character]) -> Bool {
        guard position + string.count <= chars.count, Array(chars[position..<position + string.count]) == string else { return false }
        position += string.count
        return true
    }

    private mutating func read(_ character: Character) -> Bool { read([character]) }

    /// Skips to just after the next `string`; false when the text ends first.
    private mutating func skip(past string: [Character]) -> Bool {
        while !atEnd {
            if read(string) { return true }
            position += 1
        }
        return false
    }

    /// Text up to a newline (left unread) or an opening delimiter (read).
    private mutating func readUntilTagOrNewline(_ state: State) -> [Character] {
        var text: [Character] = []
        while !atEnd {
            let c = chars[position]
            if c.isNewline { break }
            if c == state.start[0], read(state.start) { break }
            text.append(c)
            position += 1
        }
        return text
    }

    /// Whether the tag just read stands alone on its line; if so, the rest of the line
    /// (spaces and the newline) is read with it.
    private mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if atEnd { return true }
        var end = position
        while end < chars.count, chars[end] == " " || chars[end] == "\t" { end += 1 }
        if end < chars.count, chars[end].isNewline {
            position = end + 1
            return true
        }
        return false
    }

    // MARK: errors

    private func location(of index: Int) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for c in chars[..<min(max(index, 0), chars.count)] {
            if c.isNewline { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    private func error(_ kind: TemplateSyntaxError.Kind) -> TemplateSyntaxError {
        error(kind, at: location(of: position))
    }

    private func error(_ kind: TemplateSyntaxError.Kind, at location: (line: Int, column: Int)) -> TemplateSyntaxError {
        TemplateSyntaxError(kind: kind, line: location.line, column: location.column)
    }
}

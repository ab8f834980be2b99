/// Splits a file into front matter and body by whole lines (SPEC §2.2): front matter
/// exists only when line 1 is `---` and ends at the next line that is `---`; trailing
/// spaces are allowed on both.
public struct FrontMatterSplitter: Sendable {
    public var composer: YAMLComposer

    public init(composer: YAMLComposer = YAMLComposer()) {
        self.composer = composer
    }

    public enum Requirement: Sendable { case required, optional }

    /// The document, or the one diagnostic that stops reading it (CB001–CB004).
    public func split(_ file: SourceFile, frontMatter requirement: Requirement = .required) -> Result<Document, Diagnostic> {
        let text: String
        switch file.decodedText() {
        case .success(let t): text = t
        case .failure(let d): return .failure(d)
        }
        let start = SourceLocation(path: file.path, line: 1, column: 1)
        let lines = text.lines
        guard let first = lines.first, Self.isDelimiter(first) else {
            if requirement == .optional {
                return .success(Document(path: file.path, text: text, frontMatter: nil, body: text, bodyFirstLine: 1))
            }
            let blankFirst = lines.first.map { $0.allSatisfy(\.isWhitespace) } ?? true
            return .failure(Diagnostic(
                .cb001, at: start, "front matter missing: line 1 must be `---`",
                hint: text.isEmpty
                    ? "the file is empty; start it with a `---` line, the fields, and a closing `---`"
                    : blankFirst && lines.contains(where: Self.isDelimiter)
                        ? "remove the blank lines before the opening `---`"
                        : "start the file with a `---` line, the fields, and a closing `---`"))
        }
        guard let close = lines.indices.dropFirst().first(where: { Self.isDelimiter(lines[$0]) }) else {
            return .failure(Diagnostic(
                .cb001, at: start, "front matter not closed: no line `---` after line 1",
                hint: "end the front matter with a line `---` before the body"))
        }
        let yaml = lines[1..<close].joined(separator: "\n") + (close > 1 ? "\n" : "")
        let root: YAMLNode?
        do {
            root = try composer.compose(yaml, lineOffset: 1)
        } catch {
            return .failure(Diagnostic(
                .cb002, at: SourceLocation(path: file.path, line: error.line, column: error.column),
                "YAML syntax error: \(error.message)",
                hint: error.hint ?? (error.message.contains("mapping values are not allowed")
                    ? "a value that holds `: ` must be quoted: title: \"Cloud operations: a case\"" : nil)))
        }
        guard let root, root.mapping != nil else {
            let what = root.map { "front matter is \($0.shapeName), not a mapping" } ?? "front matter is empty, not a mapping"
            return .failure(Diagnostic(
                .cb003, at: root.map { SourceLocation(path: file.path, line: $0.line, column: $0.column) } ?? start,
                what, hint: "write the fields as `key: value` lines"))
        }
        let body = lines[(close + 1)...].joined(separator: "\n")
        return .success(Document(path: file.path, text: text, frontMatter: root, body: body, bodyFirstLine: close + 2))
    }

    static func isDelimiter(_ line: Substring) -> Bool {
        guard line.hasPrefix("---") else { return false }
        return line.dropFirst(3).allSatisfy { $0 == " " || $0 == "\t" }
    }
}

extension String {
    /// The lines of the text, split on LF over UTF-8 (much faster than by Character).
    public var lines: [Substring] {
        utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
    }
}

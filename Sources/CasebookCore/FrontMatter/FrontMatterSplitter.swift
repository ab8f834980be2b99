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
        guard let (yamlRange, close, bodyStart) = Self.delimiters(in: text) else {
            return missingDelimiter(text, file: file, requirement: requirement)
        }
        let yaml = String(text[yamlRange])
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
        return .success(Document(path: file.path, text: text, frontMatter: root, body: text[bodyStart...], bodyFirstLine: close + 2))
    }

    /// The front matter between the `---` of line 1 and the next `---` line (its lines
    /// with their newlines), the index of the closing line, and where the body starts;
    /// nil when either delimiter is missing. A scan of the bytes: splitting the whole
    /// file into lines was a tenth of checking a case.
    static func delimiters(in text: String) -> (Range<String.Index>, Int, String.Index)? {
        var text = text
        text.makeContiguousUTF8()
        // Offsets into the bytes (first line of YAML, the closing line and its number,
        // the body), found over the buffer itself rather than through String's indexes.
        let found = text.utf8.withContiguousStorageIfAvailable { bytes -> (Int, Int, Int, Int)? in
            var lineStart = 0
            var line = 0
            var yamlStart = 0
            while true {
                var end = lineStart
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                let isDelimiter = Self.isDelimiter(UnsafeBufferPointer(rebasing: bytes[lineStart..<end]))
                let next = end == bytes.count ? end : end + 1
                if line == 0 {
                    guard isDelimiter else { return nil }
                    yamlStart = next
                } else if isDelimiter {
                    return (yamlStart, lineStart, line, next)
                }
                guard end != bytes.count else { return nil }
                lineStart = next
                line += 1
            }
        }
        guard let (yamlStart, yamlEnd, line, body) = found ?? nil else { return nil }
        let utf8 = text.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        return (index(yamlStart)..<index(yamlEnd), line, index(body))
    }

    /// The document without front matter (when optional) or the diagnostic that says
    /// which delimiter is missing.
    private func missingDelimiter(_ text: String, file: SourceFile, requirement: Requirement) -> Result<Document, Diagnostic> {
        let start = SourceLocation(path: file.path, line: 1, column: 1)
        let lines = text.lines
        guard let first = lines.first, Self.isDelimiter(first) else {
            if requirement == .optional {
                return .success(Document(path: file.path, text: text, frontMatter: nil, body: text[...], bodyFirstLine: 1))
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
        return .failure(Diagnostic(
            .cb001, at: start, "front matter not closed: no line `---` after line 1",
            hint: "end the front matter with a line `---` before the body"))
    }

    /// Whether a line is a front matter delimiter: `---`, then only spaces and tabs.
    static func isDelimiter(_ line: Substring) -> Bool {
        var line = line
        return line.withUTF8 { isDelimiter($0) }
    }

    /// The same test of a line's UTF-8 bytes: `---`, then only spaces and tabs.
    static func isDelimiter(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.count >= 3 && line[0] == UInt8(ascii: "-") && line[1] == UInt8(ascii: "-") && line[2] == UInt8(ascii: "-")
            && line[3...].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }
}

extension String {
    /// The lines of the text, split on LF over UTF-8 (much faster than by Character).
    public var lines: [Substring] {
        utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
    }
}

import CasebookCore
import CasebookTestSupport
import Testing

@Suite struct FrontMatterTests {
    let splitter = FrontMatterSplitter()

    func split(_ text: String) -> Result<Document, Diagnostic> {
        splitter.split(SourceFile(path: "x.md", text: text))
    }

    @Test func bodyKeepsItsFirstLine() throws {
        let document = try split("---\na: 1\n---\n# Title\n").get()
        #expect(document.bodyFirstLine == 4)
        #expect(document.body == "# Title\n")
    }

    @Test func byteOrderMarkAndCRLFAreAccepted() throws {
        let document = try splitter.split(SourceFile(path: "x.md", bytes: [0xEF, 0xBB, 0xBF] + Array("---\r\na: 1\r\n---\r\nBody\r\n".utf8))).get()
        #expect(document.frontMatter?.mapping?.first?.value.scalar?.text == "1")
        #expect(document.body == "Body\n")
    }

    @Test func delimitersMayHaveTrailingSpaces() throws {
        _ = try split("---  \na: 1\n--- \t\nBody\n").get()
    }

    @Test func aBlankLineBeforeTheDelimiterMeansNoFrontMatter() {
        guard case .failure(let d) = split("\n---\na: 1\n---\n") else { Issue.record("split"); return }
        #expect(d.code == .cb001)
        #expect(d.hint?.contains("blank") == true)
    }

    @Test func dashesInsideALineDoNotClose() throws {
        let document = try split("---\ntitle: a --- b\n---\nx --- y\n").get()
        #expect(document.frontMatter?.mapping?.first?.value.scalar?.text == "a --- b")
    }

    @Test func codesKeepTheirSourceText() throws {
        let document = try split("---\na: 0612\nb: \"0612\"\nc: 063\nd: 1e3\n---\n").get()
        let texts = document.frontMatter?.mapping?.map { $0.value.scalar?.text }
        #expect(texts == ["0612", "0612", "063", "1e3"])
    }

    @Test func positionsAreFileLines() throws {
        let document = try split("---\ntitle: x\ntiers:\n  sector: 63\n---\n").get()
        let tiers = try #require(document.frontMatter?.mapping?[1].value)
        #expect((tiers.mapping?[0].value.line, tiers.mapping?[0].value.column) == (4, 11))
    }

    /// The composer over libyaml's events: what it refuses, and where it says so.
    @Test(arguments: [
        // A key written twice: at its second place, naming the first (a file line: the
        // YAML starts at line 11 here); of several, the first by text.
        ("b: 1\na: 1\nb: 2\na: 2\n", 4, 1, "duplicate key 'a' (first at line 12)"),
        ("a: 1\nx: 0\na: 2\na: 3\n", 3, 1, "duplicate key 'a' (first at line 11)"),
        ("'a': 1\na: 2\n", 2, 1, "duplicate key 'a' (first at line 11)"),
        ("n:\n  k: 1\n  k: 2\n", 3, 3, "duplicate key 'k' (first at line 12)"),
        // Keys that are collections, and a key alike in text to another but not a duplicate.
        ("? [a, b]\n: 1\nc: 2\n? [a, b]\n: 3\n", 4, 3, "duplicate key '<uncovertable>' (first at line 11)"),
        ("'1': x\n!!int 1: y\n1: z\n", 3, 1, "duplicate key '1' (first at line 11)"),
        // Large mappings are checked by hash, small ones by comparison: the same answer.
        ((0..<18).map { "k\($0): 1\n" }.joined() + "k9: 2\nk3: 2\n", 20, 1, "duplicate key 'k3' (first at line 14)"),
        ("{k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, k9: 9, k10: 10, k11: 11, k12: 12, k13: 13, k14: 14, k15: 15, k16: 16, k5: 6}\n",
         1, 135, "duplicate key 'k5' (first at line 11)"),
        ("a: *nowhere\n", 1, 4, "found undefined alias"),
        ("a: 1\n--- \nb: 2\n", 2, 1, "expected a single document in the stream: but found another document"),
        ("a: [1, 2\n", 2, 1, "while parsing a flow sequence: did not find expected ',' or ']'"),
    ])
    func composerProblems(_ yaml: String, _ line: Int, _ column: Int, _ message: String) {
        do {
            _ = try YAMLComposer().compose(yaml, lineOffset: 10)
            Issue.record("no failure for \(yaml)")
        } catch {
            #expect((error.line, error.column, error.message) == (line + 10, column, message))
        }
    }

    @Test func aliasesShareTheAnchoredNode() throws {
        let root = try #require(try YAMLComposer().compose("a: &x [1, {b: 2}]\nc: *x\n"))
        let pairs = try #require(root.mapping)
        #expect(pairs[1].value == pairs[0].value)
        #expect((pairs[1].value.line, pairs[1].value.column) == (1, 4))  // where the anchor is written
        #expect(try YAMLComposer().compose("") == nil)
        #expect(try YAMLComposer().compose("# only a comment\n") == nil)
    }

    @Test(arguments: [("93.5", 93.5), ("1e3", 1000.0), ("-2.5", -2.5), (".5", 0.5)])
    func floatsResolve(_ text: String, _ value: Double) {
        #expect(YAMLScalar(text: text, style: .plain).resolved == .float(value))
    }

    @Test func quotedScalarsAreStrings() {
        #expect(YAMLScalar(text: "true", style: .quoted).resolved == .string("true"))
        #expect(YAMLScalar(text: "true", style: .plain).resolved == .bool(true))
        #expect(YAMLScalar(text: "12", style: .plain, tag: "tag:yaml.org,2002:str").resolved == .string("12"))
    }

    @Test(arguments: ["2024-02-29", "2023-07-15T10:00:00Z", "2023-07-15T10:00:00.5+08:00", "2023-07-15 10:00:00Z"])
    func validDates(_ text: String) {
        #expect(CaseDate(parsing: text) != nil)
    }

    @Test(arguments: ["2023-02-29", "2023-13-01", "2023-7-15", "15/07/2023", "2023-07-15T25:00:00Z", "2023-07-15Tnoon"])
    func invalidDates(_ text: String) {
        #expect(CaseDate(parsing: text) == nil)
    }
}

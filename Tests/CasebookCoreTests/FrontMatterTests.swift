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

import CasebookCore
import CasebookTestSupport
import Testing

/// Input that must never crash, hang or eat memory (issue: hostile input).
@Suite struct HostileInputTests {
    func check(_ bytes: [UInt8]) -> [Diagnostic] {
        var sources = Fixture.sources(cases: [:])
        sources.cases = [ContentFile(relativePath: "cases/x.md", file: SourceFile(path: "content/cases/x.md", bytes: bytes))]
        return SiteChecker().check(sources).diagnostics
    }

    func check(_ text: String) -> [Diagnostic] { check(Array(text.utf8)) }

    @Test func invalidUTF8() {
        #expect(check([0x2D, 0x2D, 0x2D, 0x0A, 0xFF, 0xFE, 0x0A]).map(\.code) == [.cb004])
    }

    @Test func binaryFileNamedMarkdown() {
        var bytes: [UInt8] = []
        var seed: UInt32 = 12345
        for _ in 0..<65_536 { seed = seed &* 1_103_515_245 &+ 12345; bytes.append(UInt8(truncatingIfNeeded: seed >> 16)) }
        let codes = check(bytes).map(\.code)
        #expect(codes.count == 1)
        #expect(codes.allSatisfy { [.cb001, .cb004].contains($0) })
    }

    @Test func binaryWithNULsAfterDelimiter() {
        let codes = check(Array("---\n".utf8) + [0, 1, 2, 0, 0x0A] + Array("---\n".utf8)).map(\.code)
        #expect(codes == [.cb002])
    }

    @Test func fiveMegabyteCase() {
        let body = String(repeating: "A paragraph of a very long case report, repeated many times over.\n\n", count: 80_000)
        let diagnostics = check(Fixture.baseCase + body)
        #expect(diagnostics == [])
    }

    @Test func fiveMegabyteFrontMatter() {
        let tags = "tags: [" + Array(repeating: "tag", count: 1_000_000).joined(separator: ", ") + "]\n"
        let diagnostics = check(Fixture.baseCase(replacing: "metrics:", with: tags + "metrics:"))
        #expect(diagnostics.map(\.code) == [.cb002])  // the node limit
    }

    @Test(arguments: ["[", "{a: "])
    func tenThousandDeepNesting(_ opener: String) {
        let yaml = "deep: " + String(repeating: opener, count: 10_000) + "\n"
        let diagnostics = check("---\n" + yaml + "---\nBody\n")
        #expect(diagnostics.map(\.code) == [.cb002])
    }

    @Test func tenThousandDeepBlockNesting() {
        var yaml = ""
        for depth in 0..<10_000 { yaml += String(repeating: " ", count: depth) + "k:\n" }
        #expect(check("---\n" + yaml + "---\nBody\n").map(\.code) == [.cb002])
    }

    @Test func billionLaughs() {
        var yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let diagnostics = check("---\n" + yaml + "---\nBody\n")
        #expect(diagnostics.map(\.code) == [.cb002])
        #expect(diagnostics.first?.message.contains("100000") == true)
    }

    /// Yams hashes keys to find duplicates: an aliased bomb as a key must be refused first.
    @Test(arguments: ["? *a9\n: x\n", "*a9 : x\n", "x: {*a9 : 1}\n", "[*a9, *a9]: x\n"])
    func billionLaughsAsAKey(_ key: String) {
        var yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let diagnostics = check("---\n" + yaml + key + "---\nBody\n")
        #expect(diagnostics.map(\.code) == [.cb002])
        #expect(diagnostics.first?.location.line == 12)
    }

    @Test func aliasesAsValuesStillWork() {
        let text = Fixture.baseCase(replacing: "  students_enrolled: 120", with: "  students_enrolled: &n 120\n  graduates: *n")
        #expect(check(text) == [])
    }

    @Test func deepAliasChain() {
        var yaml = "a0: &a0 [x]\n"
        for i in 1..<3_000 { yaml += "a\(i): &a\(i) [*a\(i - 1)]\n" }
        #expect(check("---\n" + yaml + "---\nBody\n").map(\.code) == [.cb002])
    }

    @Test func frontMatterIsAList() {
        #expect(check("---\n- a\n- b\n---\nBody\n").map(\.code) == [.cb003])
    }

    @Test func frontMatterIsAScalar() {
        #expect(check("---\njust text\n---\nBody\n").map(\.code) == [.cb003])
    }

    @Test func emptyFrontMatter() {
        #expect(check("---\n---\nBody\n").map(\.code) == [.cb003])
    }

    @Test func emptyFile() {
        #expect(check("").map(\.code) == [.cb001])
    }

    @Test func wrongShapesDoNotCascade() {
        let text = Fixture.baseCase(replacing: "tiers:", with: "partners: {name: x}\ntags: {a: b}\ntiers:")
        #expect(check(text).map(\.code) == [.cb003, .cb003])
    }
}

import CasebookCore
import CasebookIO
import CasebookTestSupport
import Testing

@Suite struct SiteLoaderTests {
    @Test func everyShippedCasePasses() async throws {
        let loader = SiteLoader(fileSystem: LocalFileSystem())
        let sources = try loader.load(content: Repository.root + "/content")
        let result = await SiteCheck(checker: SiteChecker(), jobs: 2).run(sources)
        #expect(result.diagnostics == [])
        #expect(result.cases.count == sources.cases.count)
        #expect(result.cases.count >= 12)
        #expect(Set(result.cases.compactMap { $0.tiers[.industry]?.first }).count >= 5)
        #expect(Set(result.cases.map(\.model)).count >= 6)
        #expect(result.pages.count >= 1)
    }

    @Test func pathsAreShownAsTyped() throws {
        let fs = InMemoryFileSystem(files: [
            "content/site.yml": Fixture.siteYAML, "content/schema.yml": Fixture.schemaYAML,
            "content/enterprises.yml": Fixture.enterprisesYAML, "content/cases/a.md": Fixture.baseCase,
            "content/media/logo.svg": "<svg/>", "content/registries/local.csv": "code,level,title,parent\n",
        ])
        let sources = try SiteLoader(fileSystem: fs).load(content: "content")
        #expect(sources.cases.map(\.file.path) == ["content/cases/a.md"])
        #expect(sources.media == ["media/logo.svg"])
        #expect(sources.otherFiles.keys.sorted() == ["registries/local.csv"])
        let outside = try SiteLoader(fileSystem: fs).load(content: "/site/content/../content")
        #expect(outside.cases.map(\.file.path) == ["content/cases/a.md"])
    }

    @Test func missingFolderThrows() {
        #expect(throws: FileSystemError.self) {
            try SiteLoader(fileSystem: InMemoryFileSystem()).load(content: "nowhere")
        }
    }

    @Test func resultDoesNotDependOnJobs() async throws {
        var cases: [String: String] = [:]
        for i in 0..<40 {
            cases["c\(i).md"] = i % 3 == 0 ? Fixture.baseCase(replacing: "sector: 63", with: "sector: 10") : Fixture.baseCase
        }
        let sources = Fixture.sources(cases: cases)
        let one = await SiteCheck(checker: SiteChecker(), jobs: 1).run(sources).diagnostics
        let many = await SiteCheck(checker: SiteChecker(), jobs: 7).run(sources).diagnostics
        #expect(one == many)
        #expect(one.map(\.code) == Array(repeating: .cb022, count: 14))
    }

    @Test func displayPaths() {
        let paths = DisplayPath(currentDirectory: "/work/site")
        #expect(paths.display("/work/site/content/cases/a.md") == "content/cases/a.md")
        #expect(paths.display("content/./cases/../cases/a.md") == "content/cases/a.md")
        #expect(paths.display("/elsewhere/a.md") == "/elsewhere/a.md")
    }
}

import CasebookCore
import CasebookIO
import CasebookTestSupport
import Foundation
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

    /// The settings are handed over before a case file is read, with no cases, pages or
    /// media; a check whose context is made from them alone while the cases load finds
    /// what one that makes it from all the sources finds.
    @Test func theSettingsComeFirstAndPrepareTheCheck() async throws {
        let fs = InMemoryFileSystem(files: [
            "content/site.yml": Fixture.siteYAML, "content/schema.yml": Fixture.schemaYAML,
            "content/enterprises.yml": Fixture.enterprisesYAML, "content/cases/a.md": Fixture.baseCase,
            "content/cases/b.md": Fixture.baseCase(replacing: "sector: 63", with: "sector: 10"),
            "content/pages/about.md": "# About\n", "content/media/logo.svg": "<svg/>",
        ])
        var check = SiteCheck(checker: SiteChecker(), jobs: 2)
        var handed: SiteSources?
        let sources = try SiteLoader(fileSystem: fs).load(content: "content", settings: { settings in
            handed = settings
            check = check.preparing(settings)
            // Written after the settings were handed over: what the load then reads.
            try? fs.write(Array(Fixture.secondCase.utf8), to: "content/cases/a.md")
        })
        let settings = try #require(handed)
        #expect(settings.cases.isEmpty && settings.pages.isEmpty && settings.media.isEmpty)
        #expect(settings.schema == sources.schema && settings.siteConfig == sources.siteConfig && settings.enterprises == sources.enterprises)
        #expect(sources.cases.first?.file.bytes == Array(Fixture.secondCase.utf8))
        let prepared = await check.run(sources), plain = await SiteCheck(checker: SiteChecker(), jobs: 2).run(sources)
        #expect(!plain.diagnostics.isEmpty && prepared.diagnostics == plain.diagnostics)
        #expect(prepared.cases.map(\.id) == plain.cases.map(\.id) && prepared.schema?.metrics.count == plain.schema?.metrics.count)
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

    /// Nothing outside the content folder is read (SPEC §6): a symbolic link that leads
    /// out is skipped, one that stays inside is read; plain files are known as such from
    /// the listing.
    @Test func linksOutOfTheContentFolderAreSkipped() throws {
        let fm = FileManager.default
        let root = NSTemporaryDirectory() + "casebook-loader-\(UUID().uuidString)"
        let content = root + "/content", outside = root + "/outside"
        defer { try? fm.removeItem(atPath: root) }
        for folder in [content + "/cases", content + "/drafts", content + "/registries", outside] {
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let fs = LocalFileSystem()
        for (path, text) in [("content/site.yml", Fixture.siteYAML), ("content/schema.yml", Fixture.schemaYAML),
                             ("content/enterprises.yml", Fixture.enterprisesYAML), ("content/cases/a.md", Fixture.baseCase),
                             ("content/drafts/b.md", Fixture.secondCase), ("content/registries/local.csv", "code,level,title,parent\n"),
                             ("outside/c.md", Fixture.baseCase), ("outside/x.csv", "code,level,title,parent\n")] {
            try fs.write(Array(text.utf8), to: root + "/" + path)
        }
        try fm.createSymbolicLink(atPath: content + "/cases/b.md", withDestinationPath: "../drafts/b.md")
        try fm.createSymbolicLink(atPath: content + "/cases/c.md", withDestinationPath: outside + "/c.md")
        try fm.createSymbolicLink(atPath: content + "/registries/x.csv", withDestinationPath: outside + "/x.csv")
        try fm.createSymbolicLink(atPath: content + "/linked", withDestinationPath: outside)

        let entries = try fs.entries(of: content + "/cases")
        #expect(entries.map(\.name) == ["a.md", "b.md", "c.md"] && entries.map(\.kind) == [.file, nil, nil])
        // The plain file's inode as the listing gives it, that of the file itself.
        #expect(entries[0].inode != nil && entries[0].inode == fs.status(of: content + "/cases/a.md")?.inode && entries[1].inode == nil)
        let sources = try SiteLoader(fileSystem: fs).load(content: content)
        #expect(sources.cases.map(\.relativePath) == ["cases/a.md", "cases/b.md"])
        #expect(sources.cases.map(\.file.bytes) == [Array(Fixture.baseCase.utf8), Array(Fixture.secondCase.utf8)])
        #expect(sources.otherFiles.keys.sorted() == ["registries/local.csv"])
    }

    /// A case file with the stamp it is known by is loaded unread and read when its bytes
    /// are asked for; a stamp younger than the settle time is not kept (a write in the
    /// same tick of the clock could keep it), and another stamp means the file is read.
    @Test func aFileWithItsKnownStampIsReadOnlyWhenAsked() throws {
        let root = NSTemporaryDirectory() + "casebook-stamps-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/content/cases", withIntermediateDirectories: true)
        try Fixture.baseCase.write(toFile: root + "/content/cases/a.md", atomically: true, encoding: .utf8)
        try Fixture.secondCase.write(toFile: root + "/content/cases/b.md", atomically: true, encoding: .utf8)
        let fs = LocalFileSystem()
        var loader = SiteLoader(fileSystem: fs)

        let fresh = try loader.load(content: root + "/content", known: { _ in nil })
        #expect(fresh.cases.allSatisfy { $0.stamp == nil && !$0.file.isDeferred })

        loader.settleTime = -3_600_000_000_000  // as if an hour had passed
        let stamped = try loader.load(content: root + "/content", known: { _ in nil })
        #expect(stamped.cases.allSatisfy { $0.stamp != nil && !$0.file.isDeferred })
        let known = Dictionary(uniqueKeysWithValues: stamped.cases.map { ($0.relativePath, $0.stamp!) })
        let unread = try loader.load(content: root + "/content", known: { known[$0] })
        #expect(unread.cases.allSatisfy { $0.file.isDeferred })
        #expect(unread.cases.map(\.file.count) == stamped.cases.map(\.file.bytes.count))
        #expect(unread.cases.map(\.file) == stamped.cases.map(\.file))

        try (Fixture.secondCase + "\nMore.\n").write(toFile: root + "/content/cases/b.md", atomically: true, encoding: .utf8)
        let changed = try loader.load(content: root + "/content", known: { known[$0] })
        #expect(changed.cases.map(\.file.isDeferred) == [true, false])
        #expect(String(decoding: changed.cases[1].file.bytes, as: UTF8.self).hasSuffix("More.\n"))
        #expect(changed.cases[1].stamp != known["cases/b.md"])
    }

    @Test func missingFolderThrows() {
        #expect(throws: FileSystemError.self) {
            try SiteLoader(fileSystem: InMemoryFileSystem()).load(content: "nowhere")
        }
    }

    /// The same diagnostics whatever the jobs, and as the check on one thread gives them:
    /// links are resolved side by side, each case's against every case of the site.
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

        var linked: [String: String] = [:]
        for i in 0..<40 {
            let links = "See [the next](c\((i + 1) % 40).md), [a gap](gone-\(i % 4).md), [a draft](c\((i + 5) % 40).md)"
                + (i % 5 == 0 ? " and [away](../../away.md)" : "") + ".\n"
            linked["c\(i).md"] = (i % 7 == 2 ? Fixture.baseCase(replacing: "title: Base case", with: "title: Base case\ndraft: true") : Fixture.baseCase)
                + links
        }
        let linkedSources = Fixture.sources(cases: linked)
        let serial = SiteChecker().check(linkedSources).diagnostics
        for jobs in [1, 2, 7] {
            #expect(await SiteCheck(checker: SiteChecker(), jobs: jobs).run(linkedSources).diagnostics == serial)
        }
        #expect(serial.filter { $0.code == .cb041 }.count > 40)
        #expect(serial.contains { $0.message.contains("a draft") } && serial.contains { $0.message.contains("out of the content folder") })
    }

    @Test func displayPaths() {
        let paths = DisplayPath(currentDirectory: "/work/site")
        #expect(paths.display("/work/site/content/cases/a.md") == "content/cases/a.md")
        #expect(paths.display("content/./cases/../cases/a.md") == "content/cases/a.md")
        #expect(paths.display("/elsewhere/a.md") == "/elsewhere/a.md")
    }
}

import CasebookCore
import CasebookIO
import CasebookTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing

/// Each case's check outcome kept between builds: it must read back as what checking the
/// file gives, and a build must check only the case files that changed.
@Suite struct CheckCacheTests {
    /// Case files with every kind of outcome: valid, with warnings and errors, with links
    /// good and broken, CRLF line ends and a BOM, no front matter, not UTF-8.
    static let cases: [String: String] = [
        "plain.md": Fixture.baseCase,
        "second.md": Fixture.secondCase,
        "warned.md": Fixture.baseCase(replacing: "sector: 63", with: "sector: 62").replacingOccurrences(of: "title: Base case", with: "id: named-by-id\ntitle: Warned"),
        "unknown-sector.md": Fixture.baseCase(replacing: "sector: 63", with: "sector: 10"),
        "linked.md": Fixture.baseCase + "\nSee [the other](second.md), [a gap](missing.md) and ![x](../media/none.png).\n",
        "crlf.md": "\u{FEFF}" + Fixture.secondCase.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: "Software", with: "Crlf Software"),
        "bare.md": "No front matter at all.\n",
        "broken.md": "---\ntitle: [unclosed\n---\nBody\n",
        "wrong.md": Fixture.baseCase(replacing: "sector: 63", with: "sector: [63, nine]"),
    ]

    func check(_ sources: SiteSources) -> [SiteChecker.CaseOutcome] {
        let checker = SiteChecker()
        let context = checker.prepare(sources)
        return sources.cases.map { checker.checkCase($0, in: context) }
    }

    @Test func outcomesReadBackAsChecked() throws {
        var sources = Fixture.sources(cases: Self.cases)
        sources.cases.append(ContentFile(relativePath: "cases/latin1.md",
                                         file: SourceFile(path: "content/cases/latin1.md", bytes: Array("---\ntitle: caf".utf8) + [0xE9, 0x0A])))
        sources.cases += try SiteLoader(fileSystem: LocalFileSystem()).load(content: Repository.root + "/content").cases
        let outcomes = check(sources)
        #expect(outcomes.contains { $0.text == nil } && outcomes.contains { $0.value == nil && $0.text != nil })
        #expect(outcomes.contains { !$0.diagnostics.isEmpty && $0.value != nil } && outcomes.contains { $0.idLocation != nil })
        for outcome in outcomes {
            var writer = ArchiveWriter()
            outcome.archive(into: &writer)
            var reader = ArchiveReader(writer.bytes)
            let back = try SiteChecker.CaseOutcome(file: outcome.file, from: &reader)
            #expect(reader.isAtEnd)
            #expect(back.value == outcome.value, "\(outcome.file.relativePath)")
            #expect(back.text == outcome.text, "\(outcome.file.relativePath)")
            #expect(back.diagnostics == outcome.diagnostics, "\(outcome.file.relativePath)")
            #expect(back.links == outcome.links && back.bodyFirstLine == outcome.bodyFirstLine && back.idLocation == outcome.idLocation)
        }
    }

    @Test func damagedArchivesAreRefused() {
        let outcome = check(Fixture.sources(cases: ["a.md": Fixture.baseCase]))[0]
        var writer = ArchiveWriter()
        outcome.archive(into: &writer)
        for cut in [1, writer.bytes.count / 2, writer.bytes.count - 1] {
            var reader = ArchiveReader(Array(writer.bytes.prefix(cut)))
            #expect(throws: ArchiveError.self) { try SiteChecker.CaseOutcome(file: outcome.file, from: &reader) }
        }
    }

    /// Texts read back as written, short and long, in any script; bytes that are not
    /// UTF-8 (a lone continuation, a surrogate, an overlong form, a cut sequence) are
    /// refused, never read back repaired.
    @Test func textsReadBackExactlyAndBrokenUTF8IsRefused() throws {
        for text in ["", "a", "职业教育 · Ständige Konferenz", String(repeating: "产教融合 ", count: 400), "e\u{301}\r\n\u{0}"] {
            var writer = ArchiveWriter()
            writer.write(text)
            var reader = ArchiveReader(writer.bytes)
            #expect(try reader.read(String.self) == text)
            #expect(reader.isAtEnd)
        }
        // A cut four-byte form comes back as one replacement character, of the same
        // length: told by the bytes, in the last word and in a later one.
        let sameLength: [UInt8] = [0xF0, 0x90, 0x80, 0x41]
        for broken: [UInt8] in [[0x80], [0x61, 0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xE8, 0x81], [0xEF, 0xBF, 0xBD, 0xFF],
                                sameLength, Array(repeating: 0x61, count: 20) + sameLength, sameLength + Array(repeating: 0x61, count: 20)] {
            var writer = ArchiveWriter()
            writer.write(bytes: broken)
            var reader = ArchiveReader(writer.bytes)
            #expect(throws: ArchiveError.self, "\(broken)") { try reader.read(String.self) }
        }
    }

    /// A run that changed a few outcomes adds them at the end of the cache, and reading it
    /// back gives the last one of each path; once a quarter of the file is outcomes
    /// replaced since, or a path went away, it is written whole again.
    @Test func fewChangesAreAddedAtTheEnd() throws {
        let root = NSTemporaryDirectory() + "casebook-outcomes-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fileSystem = LocalFileSystem()
        let cache = CheckCache(fileSystem: fileSystem, content: root + "/content")
        func entry(_ n: Int) -> CheckCache.Outcomes.Entry {
            .init(print: "print-\(n)", archive: Array(repeating: UInt8(n % 256), count: 100)[...], stamp: nil)
        }
        func same(_ a: CheckCache.Outcomes?, _ b: CheckCache.Outcomes) -> Bool {
            guard let a, a.context == b.context, a.entries.count == b.entries.count else { return false }
            return b.entries.allSatisfy { path, entry in
                a.entries[path].map { $0.print == entry.print && Array($0.archive) == Array(entry.archive) } ?? false
            }
        }
        func size() -> Int { fileSystem.size(of: cache.path) ?? 0 }
        var outcomes = CheckCache.Outcomes(context: "context", entries: Dictionary(uniqueKeysWithValues: (0..<8).map { ("cases/c\($0).md", entry($0)) }))
        cache.update(outcomes, earlier: nil)
        let whole = size()
        #expect(same(cache.load(), outcomes) && cache.load()?.replaced == 0)

        // One change, then another: each added at the end.
        for (step, n) in [(1, 3), (2, 5)] {
            let earlier = try #require(cache.load())
            let before = size()
            outcomes.entries["cases/c\(n).md"] = entry(100 + n)
            cache.update(outcomes, earlier: earlier)
            #expect(size() > before && size() - before < whole / 4)
            #expect(same(cache.load(), outcomes) && cache.load()?.replaced == step)
        }
        // A third would make more than a quarter of eight replaced: written whole (a few
        // bytes longer, for the longer prints; an entry is over a hundred).
        var earlier = try #require(cache.load())
        outcomes.entries["cases/c6.md"] = entry(106)
        cache.update(outcomes, earlier: earlier)
        #expect(size() < whole + 100 && same(cache.load(), outcomes) && cache.load()?.replaced == 0)
        // A case gone: written whole, without it.
        earlier = try #require(cache.load())
        outcomes.entries["cases/c0.md"] = nil
        cache.update(outcomes, earlier: earlier)
        #expect(size() < whole && same(cache.load(), outcomes) && cache.load()?.replaced == 0)
        // What was added and cut short reads as no outcomes at all, never as some.
        earlier = try #require(cache.load())
        outcomes.entries["cases/c1.md"] = entry(101)
        cache.update(outcomes, earlier: earlier)
        let full = try fileSystem.read(cache.path)
        try fileSystem.write(Array(full.dropLast(3)), to: cache.path)
        #expect(cache.load() == nil)
    }

    /// A check with the outcomes kept reads only the case files whose stamps changed
    /// (`FileStamp`), and those whose diagnostics show their lines. The file system here
    /// says it is an hour later, so that the stamps of files just copied count as settled.
    @Test func aCheckReadsOnlyTheCaseFilesThatChanged() async throws {
        let folder = try Repository.copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let content = folder + "/content"
        let fileSystem = ProbedFileSystem(later: ProbedFileSystem.anHour)
        let cache = CheckCache(fileSystem: fileSystem, content: content)
        func check(in other: ProbedFileSystem? = nil) async throws -> (diagnostics: [Diagnostic], reads: Int) {
            let fileSystem = other ?? fileSystem
            fileSystem.caseReads.withLock { $0 = 0 }
            let loading = CheckCache.Loading(cache)
            let sources = try SiteLoader(fileSystem: fileSystem).load(content: content, known: CheckCache.Outcomes.known(from: loading, keeping: true))
            let earlier = loading.outcomes
            let checked = await SiteCheck(checker: SiteChecker(), jobs: 2)
                .run(sources, prints: CheckCache.Prints(sources, tool: "test", earlier: earlier), earlier: earlier)
            cache.keep(checked.outcomes, checked: checked.checked, earlier: earlier)
            let diagnostics = checked.result.diagnostics
            _ = checked.result.sourceTexts  // what the diagnostics show
            return (diagnostics, fileSystem.caseReads.withLock { $0 })
        }
        let cases = try FileManager.default.contentsOfDirectory(atPath: content + "/cases").filter { $0.hasSuffix(".md") }.sorted()
        #expect(try await check() == ([], cases.count))
        #expect(try await check() == ([], 0))
        let edited = content + "/cases/" + cases[1]
        let text = try String(contentsOfFile: edited, encoding: .utf8)
        try text.replacingOccurrences(of: "\ntitle: ", with: "\ntitel: x\ntitle: ").write(toFile: edited, atomically: true, encoding: .utf8)
        let warned = try await check()
        #expect(warned.reads == 1 && warned.diagnostics.map(\.code) == [.cb011])
        // The warning's file is read again for its caret line, the others are not.
        let again = try await check()
        #expect(again.reads == 1 && again.diagnostics == warned.diagnostics)
        // From another working folder the diagnostics show the files by other paths:
        // checked afresh, not taken from the cache.
        let elsewhere = ProbedFileSystem(currentDirectory: folder, later: ProbedFileSystem.anHour)
        let moved = try await check(in: elsewhere)
        #expect(moved.diagnostics.map(\.location.path) == ["content/cases/" + cases[1]])
        #expect(moved.reads == cases.count)
        #expect(try await check(in: elsewhere).reads == 1)
    }

    /// A build checks only the case files that changed, and gives what a build without
    /// the cache gives (the file system says it is an hour later, as above).
    @Test func aBuildChecksOnlyChangedCases() async throws {
        let folder = try Repository.copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let content = folder + "/content"
        let fileSystem = ProbedFileSystem(later: ProbedFileSystem.anHour)
        let cache = CheckCache(fileSystem: fileSystem, output: folder + "/site")
        let build = SiteBuild(fileSystem: fileSystem, jobs: 2, includeDrafts: false)
        func run() async throws -> SiteBuild.Result {
            let result = try await build.run(content: content, templates: nil, earlier: CheckCache.Loading(cache),
                                             keepOutcomes: { try? cache.save($0) })
            let fresh = try await SiteBuild(fileSystem: LocalFileSystem(), jobs: 2, includeDrafts: false)
                .run(content: content, templates: nil)
            #expect(result.check.diagnostics == fresh.check.diagnostics)
            #expect(result.check.cases == fresh.check.cases)
            #expect(result.check.sourceTexts == fresh.check.sourceTexts)
            #expect(result.files?.map(\.bytes) == fresh.files?.map(\.bytes))
            return result
        }
        let cases = try FileManager.default.contentsOfDirectory(atPath: content + "/cases").filter { $0.hasSuffix(".md") }.sorted()
        // Whether there are outcomes to read, known before they are read: a build then
        // checks every case, and makes what checking one needs while the cases load.
        #expect(!CheckCache.Loading(cache).found)
        #expect(try await run().checked == cases.count)
        #expect(CheckCache.Loading(cache).found)
        #expect(try await run().checked == 0)

        let edited = content + "/cases/" + cases[0]
        let text = try String(contentsOfFile: edited, encoding: .utf8)
        try text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: Renamed ").write(toFile: edited, atomically: true, encoding: .utf8)
        #expect(try await run().checked == 1)

        // Written in place with as many bytes, its modification time put back to the
        // nanosecond: the status-change time still tells.
        var before = stat()
        #expect(stat(edited, &before) == 0)
        let handle = try #require(FileHandle(forUpdatingAtPath: edited))
        let current = try String(contentsOfFile: edited, encoding: .utf8)
        let swapped = current.replacingOccurrences(of: "title: Renamed ", with: "title: Renamez ")
        #expect(swapped.utf8.count == current.utf8.count && swapped != current)
        try handle.write(contentsOf: Data(swapped.utf8))
        try handle.close()
        let times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, edited, times, 0) == 0)
        var after = stat()
        #expect(stat(edited, &after) == 0 && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec && after.st_size == before.st_size)
        #expect(try await run().checked == 1)
        // A broken link and an unknown field: diagnostics come back from the kept outcome too.
        try (text + "\n[gone](nowhere.md)\n").replacingOccurrences(of: "\ntitle: ", with: "\ntitel: x\ntitle: ")
            .write(toFile: edited, atomically: true, encoding: .utf8)
        let broken = try await run()
        #expect(broken.checked == 1 && Set(broken.check.diagnostics.map(\.code)).isSuperset(of: [.cb011, .cb041]))
        #expect(try await run().checked == 0)

        // What every case is checked against changed: each is checked again.
        try (try String(contentsOfFile: content + "/site.yml", encoding: .utf8) + "\n").write(toFile: content + "/site.yml", atomically: true, encoding: .utf8)
        #expect(try await run().checked == cases.count)

        // A damaged cache is no cache.
        try FileManager.default.removeItem(atPath: cache.path)
        try Data("casebook case outcomes 1 and then nonsense".utf8).write(to: URL(fileURLWithPath: cache.path))
        #expect(cache.load() == nil)
        #expect(try await run().checked == cases.count)
    }
}

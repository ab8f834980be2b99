import CasebookCore
import CasebookIO
import CasebookTestSupport
import Foundation
import Testing

/// The atomic writer (SPEC §6) on an in-memory file system.
@Suite struct SiteWriterTests {
    func file(_ path: String, _ text: String) -> OutputFile { OutputFile(path: path, bytes: Array(text.utf8)) }

    @Test func replacesTheOutputWithExactlyTheNewFiles() throws {
        let fs = InMemoryFileSystem(files: ["/site/out/index.html": "old", "/site/out/stale/index.html": "stale", "/site/out/same.css": "same"])
        let outcome = try SiteWriter(fileSystem: fs).write([file("index.html", "new"), file("same.css", "same"), file("a/b.json", "{}")], to: "/site/out")
        #expect(outcome.written == 2)
        #expect(outcome.unchanged == 1)
        #expect(try fs.read("/site/out/index.html") == Array("new".utf8))
        #expect(try fs.read("/site/out/a/b.json") == Array("{}".utf8))
        #expect(fs.kind(of: "/site/out/stale/index.html") == nil)
        #expect(fs.kind(of: "/site/.out.staging") == nil)
    }

    @Test(arguments: ["../escape.html", "/etc/passwd", "a/../../b", "a//b", ".hidden", ""])
    func refusesPathsOutsideTheOutput(_ path: String) throws {
        let fs = InMemoryFileSystem(files: ["/site/out/index.html": "old"])
        #expect(throws: FileSystemError.self) { try SiteWriter(fileSystem: fs).write([file(path, "x")], to: "/site/out") }
        #expect(try fs.read("/site/out/index.html") == Array("old".utf8))
        #expect(fs.kind(of: "/site/.out.staging") == nil)
    }

    @Test func buildsTheSameSiteWhateverTheJobs() async throws {
        let fs = LocalFileSystem()
        let one = try await SiteBuild(fileSystem: fs, jobs: 1, includeDrafts: false).run(content: Repository.root + "/content", templates: nil)
        let four = try await SiteBuild(fileSystem: fs, jobs: 4, includeDrafts: false).run(content: Repository.root + "/content", templates: nil)
        #expect(one.files != nil)
        #expect(one.files == four.files)
        #expect(one.pageCount == (one.files ?? []).filter { $0.path.hasSuffix(".html") }.count)
    }

    /// The old site goes on every build: a tree as large as a showcase's (its folders
    /// spread over the cores), whose symbolic links are removed, never followed.
    @Test func removesALargeTreeWithoutFollowingLinks() throws {
        let fs = LocalFileSystem()
        let root = NSTemporaryDirectory() + "casebook-remove-\(UUID().uuidString)"
        let tree = root + "/site", outside = root + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try fs.write(Array("keep".utf8), to: outside + "/keep.txt")
        for i in 0..<300 {
            try fs.createDirectory(tree + "/cases/case-\(i)/figures")
            try fs.writeNew(Array("page \(i)".utf8), to: tree + "/cases/case-\(i)/index.html")
            try fs.writeNew([], to: tree + "/cases/case-\(i)/figures/chart.svg")
        }
        try fs.writeNew(Array("home".utf8), to: tree + "/index.html")
        try FileManager.default.createSymbolicLink(atPath: tree + "/cases/linked", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: tree + "/linked-file", withDestinationPath: outside + "/keep.txt")

        try fs.removeItem(tree)
        #expect(!FileManager.default.fileExists(atPath: tree))
        #expect(try fs.read(outside + "/keep.txt") == Array("keep".utf8))
        try fs.removeItem(tree)  // nothing there: nothing to do
        try fs.removeItem(root)
        #expect(!FileManager.default.fileExists(atPath: root))
    }

    /// The files of a folder (relative paths) with their text, links named as links.
    func tree(_ root: String) throws -> [String: String] {
        var found: [String: String] = [:]
        let manager = FileManager.default
        for case let path as String in manager.enumerator(atPath: root)?.allObjects ?? [] {
            let full = root + "/" + path
            let attributes = try manager.attributesOfItem(atPath: full)
            if attributes[.type] as? FileAttributeType == .typeSymbolicLink {
                found[path] = "link"
            } else if attributes[.type] as? FileAttributeType == .typeRegular {
                found[path] = try String(contentsOfFile: full, encoding: .utf8)
            }
        }
        return found
    }

    /// With a `previous` folder the replaced site is kept there, and the next stage
    /// starts from it: the staged site is still exactly what was added and kept, kept
    /// files stay the output's own (same file), and nothing is written through a link
    /// found there.
    @Test func aStageStartingFromThePreviousSiteLandsExactlyTheNewOne() throws {
        let fs = LocalFileSystem()
        let root = NSTemporaryDirectory() + "casebook-previous-\(UUID().uuidString)"
        defer { try? fs.removeItem(root) }
        let output = root + "/site", previous = root + "/.casebook-cache/site.previous", outside = root + "/outside"
        try fs.createDirectory(outside)
        try fs.write(Array("outside".utf8), to: outside + "/c.html")
        let writer = SiteWriter(fileSystem: fs)

        // A first build, and one that changes a file: the old site is kept aside.
        var stage = try writer.stage(output, previous: previous)
        for f in [file("a.html", "a1"), file("b/c.html", "c1"), file("d/e/f.html", "f1")] { try stage.add(f) }
        _ = try stage.commit()
        #expect(fs.kind(of: previous) == nil)
        stage = try writer.stage(output, previous: previous)
        try stage.add(file("a.html", "a2"))
        try stage.keep("b/c.html")
        try stage.keep("d/e/f.html")
        try stage.add(file("g.html", "g2"))
        _ = try stage.commit()
        #expect(try tree(output) == ["a.html": "a2", "b/c.html": "c1", "d/e/f.html": "f1", "g.html": "g2"])
        #expect(try tree(previous) == ["a.html": "a1", "b/c.html": "c1", "d/e/f.html": "f1"])
        #expect(fs.isSameFile(previous + "/b/c.html", output + "/b/c.html"))

        // What the kept folder holds besides the site, and links where the site's folders go.
        try fs.createDirectory(previous + "/x")
        try fs.write(Array("stale".utf8), to: previous + "/x/leftover.html")
        try fs.removeItem(previous + "/b")
        try FileManager.default.createSymbolicLink(atPath: previous + "/b", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: previous + "/link", withDestinationPath: outside)

        stage = try writer.stage(output, previous: previous)
        #expect(fs.kind(of: previous) == nil)
        try stage.keep("a.html")
        try stage.add(file("b/c.html", "c3"))
        try stage.keep("g.html")
        try stage.add(file("h/i.html", "i3"))
        let outcome = try stage.commit()
        #expect(outcome.written == 2 && outcome.unchanged == 2)
        #expect(try tree(output) == ["a.html": "a2", "b/c.html": "c3", "g.html": "g2", "h/i.html": "i3"])
        #expect(fs.isSameFile(previous + "/a.html", output + "/a.html"))
        #expect(try tree(outside) == ["c.html": "outside"])
        #expect(fs.kind(of: root + "/.site.staging") == nil)

        // A build that stops gives the folder back for the next one.
        stage = try writer.stage(output, previous: previous)
        try stage.add(file("a.html", "a4"))
        stage.abandon()
        #expect(try tree(output) == ["a.html": "a2", "b/c.html": "c3", "g.html": "g2", "h/i.html": "i3"])
        #expect(fs.kind(of: previous) == .directory)
        #expect(fs.kind(of: root + "/.site.staging") == nil)
        stage = try writer.stage(output, previous: previous)
        try stage.keep("a.html")
        _ = try stage.commit()
        #expect(try tree(output) == ["a.html": "a2"])
    }
}

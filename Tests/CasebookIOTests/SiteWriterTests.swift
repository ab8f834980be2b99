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
}

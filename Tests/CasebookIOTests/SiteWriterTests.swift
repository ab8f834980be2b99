import CasebookCore
import CasebookIO
import CasebookTestSupport
import Foundation
import Synchronization
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

    @Test(arguments: ["../escape.html", "/etc/passwd", "a/../../b", "a//b", ".hidden", "", "a/", "a/.git/config", "a/./b"])
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

    /// A build tells its sink to prepare once, before the first file comes (while the
    /// check links the cases: a reused stage is listed then, beside the check's last
    /// step and the model).
    @Test func aBuildPreparesItsSinkOnceBeforeTheFirstFile() async throws {
        final class Recorder: OutputSink {
            let events = Mutex<[String]>([])
            func prepare() { events.withLock { $0.append("prepare") } }
            func add(_ file: OutputFile) throws { events.withLock { $0.append(file.path) } }
        }
        let sink = Recorder()
        let result = try await SiteBuild(fileSystem: LocalFileSystem(), jobs: 2, includeDrafts: false)
            .run(content: Repository.root + "/content", templates: nil, sink: sink)
        let events = sink.events.withLock { $0 }
        #expect(events.first == "prepare" && events.dropFirst().allSatisfy { $0 != "prepare" })
        #expect(events.count == result.sizes.count + 1)
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

    /// A reused stage begins with one listing of what it holds: the local file system's,
    /// in C by descriptor, tells what the listing by paths a level at a time tells
    /// (`ProbedFileSystem` has no listing of its own), links not followed, and each
    /// entry's folder before it.
    @Test func aTreeIsListedAsEveryFolderTellsIt() throws {
        let fs = LocalFileSystem()
        let root = NSTemporaryDirectory() + "casebook-tree-\(UUID().uuidString)"
        defer { try? fs.removeItem(root) }
        let tree = root + "/site", outside = root + "/outside"
        try FileManager.default.createDirectory(atPath: outside + "/inner", withIntermediateDirectories: true)
        try fs.write(Array("x".utf8), to: outside + "/inner/x.txt")
        for i in 0..<40 {
            try fs.createDirectory(tree + "/cases/case-\(i)/figures")
            try fs.writeNew(Array("page \(i)".utf8), to: tree + "/cases/case-\(i)/index.html")
            try fs.writeNew([], to: tree + "/cases/case-\(i)/figures/chart.svg")
        }
        try fs.createDirectory(tree + "/empty")
        try fs.writeNew(Array("home".utf8), to: tree + "/index.html")
        try fs.writeNew(Array("ünïcode".utf8), to: tree + "/ünï cödé.html")
        try FileManager.default.createSymbolicLink(atPath: tree + "/cases/linked", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: tree + "/linked-file", withDestinationPath: outside + "/inner/x.txt")

        let listed = try fs.tree(of: tree)
        let byPaths = try ProbedFileSystem().tree(of: tree)
        // The same entries (numbered in another order: their folders' numbers differ).
        func told(_ tree: [TreeEntry]) -> [String: String] {
            Dictionary(uniqueKeysWithValues: tree.map { ($0.path, "\(String(describing: $0.kind)) \(String(describing: $0.inode))") })
        }
        #expect(listed.count == 40 * 4 + 6 && told(listed) == told(byPaths))
        for (index, entry) in listed.enumerated() {
            #expect(entry.parent < index)
            #expect(entry.parent < 0 ? !entry.path.contains("/") : listed[entry.parent].path + "/" == entry.path.prefix(listed[entry.parent].path.count + 1))
            #expect(entry.parent < 0 || listed[entry.parent].kind == .directory)
        }
        #expect(listed.first { $0.path == "cases/linked" }?.kind == nil && listed.first { $0.path == "linked-file" }?.kind == nil)
        #expect(listed.first { $0.path == "ünï cödé.html" }?.inode == fs.status(of: tree + "/ünï cödé.html")?.inode)
        #expect(!listed.contains { $0.path.hasPrefix("cases/linked/") })
        #expect(throws: FileSystemError.self) { try fs.tree(of: root + "/nothing") }
    }

    /// A rendered page is compared with the output's piece by piece: equal only when every
    /// byte is, in every piece and at the very end, and never through a link.
    @Test func comparesAFileWithBytesPieceByPiece() throws {
        let fs = LocalFileSystem()
        let root = NSTemporaryDirectory() + "casebook-compare-\(UUID().uuidString)"
        try fs.createDirectory(root)
        defer { try? fs.removeItem(root) }
        let piece = LocalFileSystem.comparedPiece
        let big = (0..<(piece * 2 + 17)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        try fs.writeNew(big, to: root + "/big")
        try fs.writeNew([], to: root + "/empty")
        #expect(fs.hasContents(root + "/big", equalTo: big))
        #expect(fs.hasContents(root + "/empty", equalTo: []))
        #expect(!fs.hasContents(root + "/empty", equalTo: [0]))
        for at in [0, piece - 1, piece, piece * 2, big.count - 1] {
            var other = big
            other[at] ^= 1
            #expect(!fs.hasContents(root + "/big", equalTo: other), "a difference at \(at)")
        }
        #expect(!fs.hasContents(root + "/big", equalTo: Array(big.dropLast())))
        #expect(!fs.hasContents(root + "/big", equalTo: big + [0]))
        #expect(!fs.hasContents(root + "/missing", equalTo: []))
        #expect(!fs.hasContents(root, equalTo: []))
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: root + "/big")
        #expect(!fs.hasContents(root + "/link", equalTo: big))
    }

    /// A page of the last build mapped from its file holds exactly its bytes, and stays
    /// readable when the file is replaced (as a build's swap replaces the output's).
    @Test func aMappedFileHoldsItsBytes() throws {
        let fs = LocalFileSystem()
        let root = NSTemporaryDirectory() + "casebook-map-\(UUID().uuidString)"
        try fs.createDirectory(root)
        defer { try? fs.removeItem(root) }
        let big = (0..<(3 * 4096 + 5)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        try fs.writeNew(big, to: root + "/big")
        try fs.writeNew([], to: root + "/empty")
        let mapped = try fs.readMapped(root + "/big")
        #expect(mapped.withUnsafeBytes(Array.init) == big)
        #expect(try fs.readMapped(root + "/empty").count == 0)
        #expect(throws: FileSystemError.self) { try fs.readMapped(root + "/missing") }
        #expect(throws: FileSystemError.self) { try fs.readMapped(root) }
        try fs.write([1, 2, 3], to: root + "/big")
        #expect(mapped.withUnsafeBytes(Array.init) == big)
        #expect(try fs.readMapped(root + "/big").withUnsafeBytes(Array.init) == [1, 2, 3])
        // Where files cannot be mapped, a copy.
        let memory = InMemoryFileSystem(files: ["/site/a": "ab"])
        #expect(try memory.readMapped("/site/a").withUnsafeBytes(Array.init) == Array("ab".utf8))
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

    /// A reused stage lists the folder it begins as once: a kept file found there as the
    /// output's own (by inode) stays without another look, and whatever stands where the
    /// site now has a file or a folder (a folder, a file, an empty folder) is replaced;
    /// the rest goes at the swap.
    /// `prepared`: listed in the background from `prepare()`, as a build does once its
    /// check has passed, rather than when the first file comes.
    @Test(arguments: [false, true])
    func aReusedStageKnowsWhatItHeldFromOneListing(prepared: Bool) throws {
        let fs = ProbedFileSystem()
        let root = NSTemporaryDirectory() + "casebook-held-\(UUID().uuidString)"
        defer { try? fs.removeItem(root) }
        let output = root + "/site", previous = root + "/.casebook-cache/site.previous"
        let writer = SiteWriter(fileSystem: fs)
        let first = [file("a.html", "a1"), file("b/c.html", "c1"), file("d/e/f.html", "f1"), file("k.html", "k1"), file("m/n.html", "n1")]
        for _ in 0..<2 {
            let stage = try writer.stage(output, previous: previous)
            for f in first { try stage.add(f) }
            _ = try stage.commit()
        }
        try fs.createDirectory(previous + "/empty")
        #expect(fs.isSameFile(previous + "/a.html", output + "/a.html"))

        let stage = try writer.stage(output, previous: previous)
        if prepared { stage.prepare() }
        let asked = fs.asked.withLock { $0 }
        try stage.keep("a.html", existing: fs.status(of: output + "/a.html"))
        try stage.keep("b/c.html", existing: fs.status(of: output + "/b/c.html"))
        // The kept files' folders and the files themselves: not one question each.
        #expect(fs.asked.withLock { $0 } == asked)
        try stage.add(file("d", "d3"))
        try stage.add(file("k.html/index.html", "k3"))
        try stage.add(file("empty", "e3"))
        try stage.add(file("m/o.html", "o3"))
        let outcome = try stage.commit()
        #expect(outcome.unchanged == 2 && outcome.written == 4)
        #expect(try tree(output) == ["a.html": "a1", "b/c.html": "c1", "d": "d3", "k.html/index.html": "k3", "empty": "e3", "m/o.html": "o3"])
        #expect(fs.isSameFile(previous + "/a.html", output + "/a.html") && fs.isSameFile(previous + "/b/c.html", output + "/b/c.html"))
    }

    /// A reused stage writes a changed page over its own old file where it lies, when
    /// that file is no other's (the old output's, linked because it did not change, is
    /// never written through), and the output stays as it was until the commit.
    @Test func aReusedStageWritesOverOnlyItsOwnFiles() throws {
        let fs = LocalFileSystem()
        let root = NSTemporaryDirectory() + "casebook-overwrite-\(UUID().uuidString)"
        defer { try? fs.removeItem(root) }
        let output = root + "/site", previous = root + "/.casebook-cache/site.previous"
        let writer = SiteWriter(fileSystem: fs)
        for files in [[file("a.html", "a1 of the first build"), file("b.html", "b1")], [file("a.html", "a2"), file("b.html", "b1")]] {
            let stage = try writer.stage(output, previous: previous)
            for f in files { try stage.add(f) }
            _ = try stage.commit()
        }
        // The stage starts as the first build's site: its a.html its own, its b.html the
        // output's too.
        let ownA = try #require(fs.status(of: previous + "/a.html")?.inode)
        #expect(fs.isSameFile(previous + "/b.html", output + "/b.html"))
        let stage = try writer.stage(output, previous: previous)
        stage.prepare()
        try stage.add(file("a.html", "a3"))
        try stage.add(file("b.html", "b3"))
        #expect(try tree(output) == ["a.html": "a2", "b.html": "b1"])
        let outcome = try stage.commit()
        #expect(outcome.written == 2)
        #expect(try tree(output) == ["a.html": "a3", "b.html": "b3"])
        #expect(fs.status(of: output + "/a.html")?.inode == ownA)
        #expect(try tree(previous) == ["a.html": "a2", "b.html": "b1"])
    }
}

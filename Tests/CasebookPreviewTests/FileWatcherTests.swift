@testable import CasebookPreview
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The watcher reports created, changed, deleted and renamed files, a burst as one batch,
/// with inotify and with polling.
@Suite(.serialized) struct FileWatcherTests {
    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "casebook-watch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path + "/cases", withIntermediateDirectories: true)
        try "old".write(toFile: path + "/cases/a.md", atomically: false, encoding: .utf8)
        return path
    }

    @Test(arguments: [false, true])
    func reportsEveryKindOfChange(polling: Bool) async throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let watcher = FileWatcher(roots: [root], quiet: .milliseconds(60), pollInterval: .milliseconds(50), forcePolling: polling)
        let stream = watcher.changes()
        var batches = stream.makeAsyncIterator()
        try await Task.sleep(for: .milliseconds(200))  // let the watch start

        // An editor's save: write a temporary file, rename it over the original, touch it.
        try "new".write(toFile: root + "/cases/.a.md.swp", atomically: false, encoding: .utf8)
        try "new text".write(toFile: root + "/cases/a.md.tmp", atomically: false, encoding: .utf8)
        #expect(rename(root + "/cases/a.md.tmp", root + "/cases/a.md") == 0)
        try FileManager.default.removeItem(atPath: root + "/cases/.a.md.swp")
        let saved = try #require(await batches.next())
        #expect(saved.contains(root + "/cases/a.md"))
        #expect(!saved.contains { $0.hasSuffix(".swp") })

        try "b".write(toFile: root + "/cases/b.md", atomically: false, encoding: .utf8)
        #expect(try #require(await batches.next()).contains(root + "/cases/b.md"))

        try FileManager.default.moveItem(atPath: root + "/cases/b.md", toPath: root + "/cases/c.md")
        let renamed = try #require(await batches.next())
        #expect(renamed.isSuperset(of: [root + "/cases/b.md", root + "/cases/c.md"]))

        try FileManager.default.removeItem(atPath: root + "/cases/c.md")
        #expect(try #require(await batches.next()).contains(root + "/cases/c.md"))

        try FileManager.default.createDirectory(atPath: root + "/media/new", withIntermediateDirectories: true)
        try "svg".write(toFile: root + "/media/new/x.svg", atomically: false, encoding: .utf8)
        var seen: Set<String> = []
        while !seen.contains(root + "/media/new/x.svg"), let batch = await batches.next() { seen.formUnion(batch) }
        #expect(seen.contains(root + "/media/new/x.svg"))
    }
}

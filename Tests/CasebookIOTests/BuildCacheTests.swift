import CasebookCore
import CasebookIO
import Foundation
import Testing

/// The record of a build, kept for the next one.
@Suite struct BuildCacheTests {
    /// Written with its paths sorted once, the record is what archiving each of its
    /// dictionaries gives, and reads back as it was; pages that are not all among the
    /// files are archived as a dictionary of their own.
    @Test(arguments: [false, true])
    func aRecordReadsBackAsWritten(strayPage: Bool) throws {
        var files: [String: Int] = ["index.html": 10, "media/logo.svg": 3]
        var pages: [String: String] = ["index.html": "a"]
        for i in [7, 3, 11, 1, 5] {
            files["cases/case-\(i)/index.html"] = 100 + i
            pages["cases/case-\(i)/index.html"] = "inputs \(i)"
        }
        if strayPage { pages["gone/index.html"] = "stray" }
        let record = BuildCache.Record(fingerprint: "print", pageCount: 7, caseCount: 5, files: files, pages: pages)
        let bytes = BuildCache.encoded(record)

        var expected = ArchiveWriter()
        expected.write("casebook build 2")
        expected.write(record.fingerprint)
        expected.write(record.pageCount)
        expected.write(record.caseCount)
        expected.write(record.files)
        expected.write(record.pages)
        expected.write(record.diagnostics)
        expected.write(record.related)
        #expect(bytes == expected.bytes)

        var reader = ArchiveReader(bytes)
        #expect(try reader.read(String.self) == "casebook build 2")
        #expect(try reader.read(BuildCache.Record.self) == record)
        #expect(reader.isAtEnd)
    }

    /// Read on a thread of its own, the record is the one `load()` reads; a page asked
    /// about through it is reusable exactly when `reusable` says so of that record; with
    /// no record saved there is none, and no page is reusable.
    @Test func theRecordReadAsideIsTheOneSaved() throws {
        let root = NSTemporaryDirectory() + "casebook-record-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fileSystem = LocalFileSystem()
        let output = root + "/site"
        try fileSystem.createDirectory(output + "/cases/a")
        try fileSystem.write(Array("<p>a</p>".utf8), to: output + "/cases/a/index.html")
        try fileSystem.write(Array("<p>home</p>".utf8), to: output + "/index.html")
        let cache = BuildCache(fileSystem: fileSystem, output: output)

        let none = BuildCache.Loading(cache)
        #expect(none.record == nil)
        #expect(none.reusable("index.html", inputs: "home", output: output) == nil)

        let record = BuildCache.Record(fingerprint: "print", pageCount: 2, caseCount: 1,
                                       files: ["index.html": 11, "cases/a/index.html": 7],
                                       pages: ["index.html": "home", "cases/a/index.html": "a"])
        try cache.save(encoded: BuildCache.encoded(record))
        let loading = BuildCache.Loading(cache)
        #expect(loading.record == cache.load())
        #expect(loading.record == record)
        for (path, inputs) in [("index.html", "home"), ("index.html", "other"), ("cases/a/index.html", "a"), ("gone.html", "a")] {
            let direct = cache.reusable(path, inputs: inputs, in: record, output: output)
            #expect(loading.reusable(path, inputs: inputs, output: output)?.size == direct?.size)
        }
        // The page of the wrong size (the record says 7 bytes, the output holds 8) is not reused.
        #expect(loading.reusable("cases/a/index.html", inputs: "a", output: output) == nil)
        #expect(loading.reusable("index.html", inputs: "home", output: output)?.size == 11)
    }
}

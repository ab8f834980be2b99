import CasebookCore
@testable import CasebookIO
import CasebookTestSupport
import Foundation
import Synchronization
import Testing

/// The incremental site of `serve` must always equal a full build of the same folder.
@Suite struct LiveSiteTests {
    func copyOfShowcase() throws -> String {
        try Repository.copyOfShowcase(emptyTemplates: true)
    }

    /// The files a full build renders (media aside, which serve reads from the folder).
    func fullBuild(_ folder: String) async throws -> SiteBuild.Result {
        try await SiteBuild(fileSystem: LocalFileSystem(), jobs: 2, includeDrafts: true)
            .run(content: folder + "/content", templates: folder + "/templates")
    }

    /// What serve rendered last: the renderer, and every file it served, by path.
    struct Served {
        var renderer: SiteRenderer
        var files: [String: [UInt8]]
    }

    /// How many pages a renderer read back from the last one's, to copy items out of.
    final class ReadBack: Sendable {
        let count = Atomic<Int>(0)
    }

    /// Compares the live site with a full build, rendering it the way serve does: from
    /// the previous model with edited cases swapped in when possible, and the rows,
    /// digests and export parts copied out of the pages the previous renderer served.
    func expectSame(_ live: LiveSite, _ folder: String, step: String, served previous: inout Served?, readBack: ReadBack) async throws {
        let full = try await fullBuild(folder)
        #expect(live.result.diagnostics == full.check.diagnostics, "diagnostics after \(step)")
        guard let files = full.files, let theme = live.theme, live.result.diagnostics.errorCount == 0 else {
            #expect(full.files == nil, "a full build succeeded where the live site has errors, after \(step)")
            return
        }
        var served: (@Sendable (String) -> [UInt8]?)?
        if let pages = previous?.files {
            served = { path in
                readBack.count.add(1, ordering: .relaxed)
                return pages[path]
            }
        }
        let renderer = live.renderer(theme: theme, after: previous?.renderer, rendered: served, baseURL: nil)
        let rendered = renderer.renderAll()
        previous = Served(renderer: renderer, files: Dictionary(rendered.map { ($0.path, $0.bytes) }) { first, _ in first })
        let expected = files.filter { !$0.path.hasPrefix("media/") }
        #expect(rendered.sorted { $0.path < $1.path } == expected, "files after \(step)")
    }

    func edit(_ path: String, _ change: (String) -> String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try change(text).write(toFile: path, atomically: true, encoding: .utf8)
    }

    func replacingFirstLine(_ text: String, starting prefix: String, with line: String) -> String {
        var lines = text.components(separatedBy: "\n")
        if let i = lines.firstIndex(where: { $0.hasPrefix(prefix) }) { lines[i] = line }
        return lines.joined(separator: "\n")
    }

    @Test func randomEditsGiveTheSameSiteAsAFullBuild() async throws {
        let folder = try copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let content = folder + "/content"
        var live = try LiveSite(fileSystem: LocalFileSystem(), content: content, templates: folder + "/templates", includeDrafts: true)
        var served: Served?
        let readBack = ReadBack()
        var inPlace = 0
        try await expectSame(live, folder, step: "loading", served: &served, readBack: readBack)
        var random = SplitMix(state: 2026)
        var created = 0
        for step in 0..<24 {
            let cases = try FileManager.default.contentsOfDirectory(atPath: content + "/cases").filter { $0.hasSuffix(".md") }.sorted()
            let path = content + "/cases/" + cases[Int(random.next() % UInt64(cases.count))]
            var changed: Set<String> = [path]
            let kind = Int(random.next() % 8)
            switch kind {
            case 0: try edit(path) { replacingFirstLine($0, starting: "  students_enrolled:", with: "  students_enrolled: \(random.next() % 900 + 1)") }
            case 1: try edit(path) { replacingFirstLine($0, starting: "title:", with: "title: Edited case \(step)") }
            case 2 where cases.count > 8: try FileManager.default.removeItem(atPath: path)
            case 3:
                created += 1
                let new = content + "/cases/added-case-\(created).md"
                try FileManager.default.copyItem(atPath: path, toPath: new)
                try edit(new) { replacingFirstLine($0, starting: "title:", with: "title: Added case \(created)") }
                changed = [new]
            case 4: try edit(path) { replacingFirstLine($0, starting: "  sector:", with: "  sector: 10") }  // an error, maybe
            case 5: try edit(content + "/site.yml") { replacingFirstLine($0, starting: "title:", with: "title: Showcase \(step)") }
                changed = [content + "/site.yml"]
            case 6: try edit(content + "/pages/about.md") { $0 + "\nMore about it, step \(step).\n" }
                changed = [content + "/pages/about.md"]
            default:
                try "{{<layout}}{{$main}}<h1>Step \(step): {{title}}</h1>{{/main}}{{/layout}}\n"
                    .write(toFile: folder + "/templates/page.mustache", atomically: true, encoding: .utf8)
                changed = [folder + "/templates/page.mustache"]
            }
            _ = try live.apply(changed)
            if !live.editedInPlace.isEmpty { inPlace += 1 }
            if live.result.diagnostics.errorCount > 0 { served = nil }  // serve keeps no model through errors
            try await expectSame(live, folder, step: "step \(step) (edit \(kind))", served: &served, readBack: readBack)
        }
        #expect(inPlace >= 3, "the series should exercise edits in place")
        // The whole-site pages were copied from, not only rendered afresh.
        #expect(readBack.count.load(ordering: .relaxed) > 0)
    }

    /// With the binary's identity, a preview starts from the outcomes `casebook check`
    /// keeps, checking only the case files that changed, and sees what a full check sees.
    @Test func aPreviewStartsFromKeptOutcomes() throws {
        let folder = try copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let content = folder + "/content"
        func start() throws -> LiveSite {
            let kept = try LiveSite(fileSystem: LocalFileSystem(), content: content, templates: nil, includeDrafts: true, tool: "test")
            let fresh = try LiveSite(fileSystem: LocalFileSystem(), content: content, templates: nil, includeDrafts: true)
            #expect(kept.result.diagnostics == fresh.result.diagnostics && kept.result.cases == fresh.result.cases)
            return kept
        }
        let cases = try FileManager.default.contentsOfDirectory(atPath: content + "/cases").filter { $0.hasSuffix(".md") }
        #expect(try start().checkedAtStart == cases.count)
        #expect(FileManager.default.fileExists(atPath: folder + "/.casebook-cache/content.cases"))
        #expect(try start().checkedAtStart == 0)
        try edit(content + "/cases/" + cases[0]) { replacingFirstLine($0, starting: "title:", with: "title: Edited while not served") }
        #expect(try start().checkedAtStart == 1)
    }

    /// A save an editor makes through a temporary file beside the case, reported with
    /// it, is still an edit in place; temporary and hidden files alone change nothing.
    @Test func anEditorsTemporaryFileChangesNothing() throws {
        let folder = try copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let content = folder + "/content"
        var live = try LiveSite(fileSystem: LocalFileSystem(), content: content, templates: folder + "/templates", includeDrafts: true)
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: content + "/cases").filter { $0.hasSuffix(".md") }.sorted().first)
        let path = content + "/cases/" + name
        try edit(path) { replacingFirstLine($0, starting: "title:", with: "title: Saved through a temporary file") }
        #expect(try live.apply([path, content + "/cases/XXw2S0pF"]) == .site)
        #expect(live.editedInPlace.map(\.title) == ["Saved through a temporary file"])
        let noise = ["/cases/XXw2S0pF", "/cases/.\(name).swp", "/cases/4913", "/cases/\(name)~", "/pages/notes.txt", "/.git/index"]
        #expect(try live.apply(Set(noise.map { content + $0 })) == .nothing)
        #expect(LiveSite.isSiteFile("cases/a.md") && LiveSite.isSiteFile("pages/about.md") && LiveSite.isSiteFile("media/lab/plan.svg"))
        #expect(LiveSite.isSiteFile("schema.yml") && LiveSite.isSiteFile("registries/x.csv"))
        #expect(!LiveSite.isSiteFile("cases/sub/a.md") && !LiveSite.isSiteFile("media/.DS_Store") && !LiveSite.isSiteFile("cases"))
    }

    @Test func aStylesheetChangeIsOnlyStyles() throws {
        let folder = try copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var live = try LiveSite(fileSystem: LocalFileSystem(), content: folder + "/content", templates: folder + "/templates", includeDrafts: true)
        try FileManager.default.createDirectory(atPath: folder + "/templates/assets", withIntermediateDirectories: true)
        try "body { color: red; }\n".write(toFile: folder + "/templates/assets/site.css", atomically: true, encoding: .utf8)
        #expect(try live.apply([folder + "/templates/assets/site.css"]) == .styles)
        #expect(live.theme?.assets["assets/site.css"] == Array("body { color: red; }\n".utf8))
        #expect(try live.apply([folder + "/elsewhere.txt"]) == .nothing)
        let page = folder + "/content/pages/about.md"
        try "# About\n\nChanged.\n".write(toFile: page, atomically: true, encoding: .utf8)
        #expect(try live.apply([page]) == .site)
    }
}

import CasebookTestSupport
import Foundation
import Testing

/// A build after an edit renders only the pages whose inputs changed and takes the
/// others from the last build; whatever the edit, the result is the site a full build
/// (`--no-cache`) makes, byte for byte.
@Suite(.serialized) struct IncrementalBuildTests {
    /// An author's edit of the copied showcase: a file and a change of its text.
    struct Edit: CustomStringConvertible, Sendable {
        var description: String
        var file: String
        var change: @Sendable (String) -> String?

        /// Replaces the first match of `pattern` (a regular expression) with `template`.
        static func replacing(_ description: String, in file: String, _ pattern: String, with template: String) -> Edit {
            Edit(description: description, file: file) { text in
                guard let regex = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]),
                      let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
                let replacement = regex.replacementString(for: match, in: text, offset: 0, template: template)
                return (text as NSString).replacingCharacters(in: match.range, with: replacement)
            }
        }
    }

    static let cloud = "content/cases/cloud-ops-order-class.md"
    static let tea = "content/cases/tea-processing-joint-lab.md"

    static let edits: [Edit] = [
        .replacing("a metric of one case", in: cloud, #"students_enrolled: (\d+)"#, with: "students_enrolled: 1$1"),
        .replacing("a metric that makes a case the best", in: tea, #"students_enrolled: (\d+)"#, with: "students_enrolled: 99999"),
        .replacing("a metric no card shows", in: cloud, #"courses_codeveloped: (\d+)"#, with: "courses_codeveloped: 1$1"),
        .replacing("the summary of one case", in: cloud, "^summary: (.*)$", with: "summary: Revised. $1"),
        .replacing("the model of a case", in: tea, "^model: joint-lab$", with: "model: training-centre"),
        .replacing("the region of a case", in: cloud, "^region: .*$", with: "region: Hohhot, Inner Mongolia, China"),
        .replacing("a partner of a case", in: tea, "Jadebrook Tea and Foods,", with: "Jadebrook Tea & Foods,"),
        .replacing("the title of one case", in: tea, "^title: (.*)$", with: "title: $1, revised"),
        .replacing("a heading of a body", in: cloud, "^## Background$", with: "## Where it began"),
        .replacing("the sector of a case", in: cloud, "^  sector: 63$", with: "  sector: 62"),
        .replacing("the profession of a case", in: tea, "^  profession: (.*)$", with: "  profession: 0612"),
        .replacing("the occupations of a case", in: cloud, "^  occupation: .*$", with: "  occupation: [2522, 3511, 2145]"),
        .replacing("the date of a case", in: tea, "^date: .*$", with: "date: 2019-01-02"),
        .replacing("the id of a case", in: cloud, "^title:", with: "id: cloud-renamed\ntitle:"),
        .replacing("a free page", in: "content/pages/about.md", "^(#+ .*)$", with: "$1 (updated)"),
        .replacing("the site title", in: "content/site.yml", "^title: .*$", with: "title: Renamed Showcase"),
        .replacing("an enterprise name", in: "content/enterprises.yml", "name: NorthCloud Data Services", with: "name: NorthCloud Data Systems"),
        .replacing("a case turned draft", in: tea, "^title:", with: "draft: true\ntitle:"),
    ]

    func build(_ folder: String, _ arguments: [String] = []) throws -> CLI.Run {
        let run = try CLI.run(["build"] + arguments, in: folder, environment: ["NO_COLOR": "1"])
        #expect(run.status == 0, "\(run.stderr)")
        return run
    }

    @Test func afterEachEditTheSiteIsWhatAFullBuildMakes() throws {
        let folder = try CLI.copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try build(folder)
        for edit in Self.edits {
            let path = folder + "/" + edit.file
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let changed = try #require(edit.change(text), "\(edit) finds nothing to change")
            try changed.write(toFile: path, atomically: true, encoding: .utf8)

            let incremental = try build(folder)
            _ = try build(folder, ["--no-cache", "--output", "full"])
            let site = try CLI.tree(folder + "/site"), full = try CLI.tree(folder + "/full")
            let differing = Set(site.keys).union(full.keys).filter { site[$0] != full[$0] }.sorted()
            #expect(differing.isEmpty, "after \(edit): \(differing.prefix(10))")
            if edit.description == "a metric of one case" {
                // Its page, its sector's, industry's… pages, and the whole-site ones: not the
                // other cases.
                #expect(incremental.stderr.contains("files rendered, the others unchanged"), "\(incremental.stderr)")
                let rendered = incremental.stderr.firstMatch(of: /; (\d+) of (\d+) files rendered/)
                let (done, total) = (Int(rendered?.1 ?? "") ?? 0, Int(rendered?.2 ?? "") ?? 0)
                #expect(done > 0 && done * 3 < total, "\(incremental.stderr)")
            }
        }
    }

    /// The files a build rendered, from its summary line.
    static func renderedCount(_ run: CLI.Run) -> Int? {
        run.stderr.firstMatch(of: /; (\d+) of \d+ files rendered/).flatMap { Int($0.1) }
    }

    /// The case list and the pages of the cases related to a case show its card alone:
    /// an edit no card shows (a metric that is no headline) leaves them as they were,
    /// and renders fewer files than one of a headline metric of the same case.
    @Test func anEditNoCardShowsLeavesTheCaseListAlone() throws {
        let folder = try CLI.copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try build(folder)
        var counts: [Int] = []
        for (pattern, template) in [(#"courses_codeveloped: (\d+)"#, "courses_codeveloped: 1$1"), (#"students_enrolled: (\d+)"#, "students_enrolled: 1$1")] {
            let path = folder + "/" + Self.cloud
            let edit = Edit.replacing("", in: Self.cloud, pattern, with: template)
            try #require(edit.change(try String(contentsOfFile: path, encoding: .utf8))).write(toFile: path, atomically: true, encoding: .utf8)
            let run = try build(folder)
            counts.append(try #require(Self.renderedCount(run), "\(run.stderr)"))
        }
        // The headline metric's edit renders the case list and the related cases' pages too.
        #expect(counts[0] + 2 <= counts[1], "\(counts)")
        _ = try build(folder, ["--no-cache", "--output", "full"])
        let site = try CLI.tree(folder + "/site"), full = try CLI.tree(folder + "/full")
        #expect(Set(site.keys).union(full.keys).filter { site[$0] != full[$0] }.isEmpty)
    }

    /// What a build copies cases' parts out of is the last build's site as it wrote it: a
    /// site written since without the cache, of other content, or a page edited by hand,
    /// is not copied from, even where its pages have the sizes the cache remembers.
    @Test(arguments: ["a build without the cache", "a page edited by hand"])
    func aSiteChangedSinceTheLastBuildIsNotCopiedFrom(_ change: String) throws {
        let folder = try CLI.copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try build(folder)
        #expect(try FileManager.default.attributesOfItem(atPath: folder + "/.casebook-cache/site.renderings")[.size] as? Int ?? 0 > 0)
        let path = folder + "/" + Self.cloud
        let original = try String(contentsOfFile: path, encoding: .utf8)
        // The same number of digits: every page keeps its size.
        let changed = try #require(Edit.replacing("", in: Self.cloud, #"students_enrolled: (\d)(\d*)"#, with: "students_enrolled: 9$2").change(original))
        #expect(changed != original)
        if change == "a build without the cache" {
            try changed.write(toFile: path, atomically: true, encoding: .utf8)
            _ = try build(folder, ["--no-cache"])
            try original.write(toFile: path, atomically: true, encoding: .utf8)
        } else {
            let report = folder + "/site/report/index.html"
            let page = try String(contentsOfFile: report, encoding: .utf8)
            let edited = page.replacingOccurrences(of: "Partners: ", with: "Partners! ")
            #expect(edited != page && edited.utf8.count == page.utf8.count)
            try edited.write(toFile: report, atomically: true, encoding: .utf8)
            try changed.write(toFile: path, atomically: true, encoding: .utf8)
        }
        _ = try build(folder)
        _ = try build(folder, ["--no-cache", "--output", "full"])
        let site = try CLI.tree(folder + "/site"), full = try CLI.tree(folder + "/full")
        #expect(Set(site.keys).union(full.keys).filter { site[$0] != full[$0] }.sorted().isEmpty, "after \(change)")
    }

    /// A template override re-renders every page, and so does a change of options.
    @Test func sharedInputsRenderEverything() throws {
        let folder = try CLI.copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try build(folder)
        try FileManager.default.createDirectory(atPath: folder + "/templates", withIntermediateDirectories: true)
        let card = try String(contentsOfFile: Repository.root + "/templates/case-card.mustache", encoding: .utf8)
        try card.replacingOccurrences(of: "<article", with: "<article data-edited").write(
            toFile: folder + "/templates/case-card.mustache", atomically: true, encoding: .utf8)
        let run = try build(folder)
        #expect(!run.stderr.contains("files rendered"), "\(run.stderr)")
        #expect(String(decoding: try #require(CLI.tree(folder + "/site")["index.html"]), as: UTF8.self).contains("data-edited"))
    }
}

import CasebookTestSupport
import Foundation
import Testing

/// `casebook build` as CI runs it: the committed site, atomic and deterministic output,
/// nothing written on errors, overrides of the theme.
@Suite(.serialized) struct BuildCommandTests {
    /// The site/ folder in the repository is exactly what a fresh build of content/ gives.
    @Test func committedSiteEqualsAFreshBuild() throws {
        let output = NSTemporaryDirectory() + "casebook-site-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: output) }
        // --no-cache: a fresh build, and no cache left beside the output in the temporary folder.
        let result = try CLI.run(["build", "--output", output, "--no-cache"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Built "))
        let fresh = try CLI.tree(output)
        let committed = try CLI.tree(Repository.root + "/site")
        let differing = Set(fresh.keys).union(committed.keys).filter { fresh[$0] != committed[$0] }.sorted()
        #expect(differing.isEmpty, "site/ differs from a fresh build in \(differing.prefix(20)); run `make site` and commit site/")
    }

    @Test func buildsAreByteIdenticalWhateverTheJobs() throws {
        let folder = try CLI.copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CLI.run(["build", "--jobs", "1", "--output", "one"], in: folder).status == 0)
        #expect(try CLI.run(["build", "--jobs", "4", "--output", "four"], in: folder).status == 0)
        let one = try CLI.tree(folder + "/one")
        #expect(one.count > 100)
        #expect(one == (try CLI.tree(folder + "/four")))
    }

    @Test func aBuildWithErrorsWritesNothing() throws {
        let folder = try CLI.copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CLI.run(["build"], in: folder).status == 0)
        let before = try CLI.tree(folder + "/site")
        let times = try CLI.modificationTimes(folder + "/site")
        try CLI.edit(folder, ["  sector: 63\n": "  sector: 10\n"])
        let failed = try CLI.run(["build"], in: folder, environment: ["NO_COLOR": "1"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("error[CB022]"))
        #expect(failed.stderr.hasSuffix("1 error, 0 warnings in 15 cases; nothing written\n"))
        #expect(try CLI.tree(folder + "/site") == before)
        #expect(try CLI.modificationTimes(folder + "/site") == times)
        #expect(!FileManager.default.fileExists(atPath: folder + "/.site.staging"))
    }

    @Test func unchangedFilesKeepTheirModificationTime() throws {
        let folder = try CLI.copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CLI.run(["build"], in: folder).status == 0)
        let first = try CLI.modificationTimes(folder + "/site")
        Thread.sleep(forTimeInterval: 0.05)
        try CLI.edit(folder, ["title: Cloud Operations Talent Order Class": "title: Cloud Operations Order Class"])
        #expect(try CLI.run(["build"], in: folder).status == 0)
        let second = try CLI.modificationTimes(folder + "/site")
        #expect(Set(first.keys) == Set(second.keys))
        #expect(second["assets/site.css"] == first["assets/site.css"])
        #expect(second["cases/nursing-joint-programme/index.html"] == first["cases/nursing-joint-programme/index.html"])
        #expect(second["cases/cloud-ops-order-class/index.html"] != first["cases/cloud-ops-order-class/index.html"])
        #expect(!FileManager.default.fileExists(atPath: folder + "/.site.staging"))
    }

    @Test func staleFilesOfTheOldSiteGo() throws {
        let folder = try CLI.copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CLI.run(["build"], in: folder).status == 0)
        try FileManager.default.removeItem(atPath: folder + "/content/cases/tea-processing-joint-lab.md")
        #expect(try CLI.run(["build"], in: folder).status == 0)
        #expect(!FileManager.default.fileExists(atPath: folder + "/site/cases/tea-processing-joint-lab/index.html"))
    }

    @Test func theOutputMayNotHoldTheInputs() throws {
        let folder = try CLI.copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CLI.run(["build", "--output", "content"], in: folder).status == 2)
        #expect(try CLI.run(["build", "--output", "."], in: folder).status == 2)
        try "keep me".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: folder + "/mine", withIntermediateDirectories: true)
        try "mine".write(toFile: folder + "/mine/file.txt", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["build", "--output", "mine"], in: folder).status == 2)
        #expect(FileManager.default.fileExists(atPath: folder + "/mine/file.txt"))
        #expect(try CLI.run(["build", "--templates", "nowhere"], in: folder).status == 2)
    }

    @Test func aSiteTemplateOverridesTheDefaultOne() throws {
        let folder = try CLI.copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/templates", withIntermediateDirectories: true)
        try "{{<layout}}{{$main}}<h1>Custom: {{title}}</h1>{{/main}}{{/layout}}\n"
            .write(toFile: folder + "/templates/case.mustache", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["build", "--base-url", "https://cases.example.com/x"], in: folder).status == 0)
        let page = try String(contentsOfFile: folder + "/site/cases/cloud-ops-order-class/index.html", encoding: .utf8)
        #expect(page.contains("<h1>Custom: Cloud Operations Talent Order Class</h1>"))
        let feed = try String(contentsOfFile: folder + "/site/feed.xml", encoding: .utf8)
        #expect(feed.contains("<id>https://cases.example.com/x/</id>"))

        try "{{<layout}}{{$main}}{{>chian}}{{/main}}{{/layout}}\n"
            .write(toFile: folder + "/templates/case.mustache", atomically: true, encoding: .utf8)
        let broken = try CLI.run(["build"], in: folder, environment: ["NO_COLOR": "1"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("templates/case.mustache:1:21: error[CB060]: template case names a partial 'chian' that does not exist"))
        #expect(broken.stderr.contains("did you mean 'chain'?"))
    }

    @Test func aSecondBuildWithNothingChangedRendersNothing() throws {
        let folder = try CLI.copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CLI.run(["build"], in: folder).status == 0)
        let tree = try CLI.tree(folder + "/site")
        let times = try CLI.modificationTimes(folder + "/site")
        #expect(FileManager.default.fileExists(atPath: folder + "/.casebook-cache/site.build"))

        let again = try CLI.run(["build"], in: folder)
        #expect(again.status == 0)
        #expect(again.stderr.hasSuffix("; nothing changed since the last build\n"), "\(again.stderr)")
        #expect(again.stderr.hasPrefix("Built 122 pages from 15 cases in "))
        #expect(try CLI.tree(folder + "/site") == tree)
        #expect(try CLI.modificationTimes(folder + "/site") == times)

        // Whatever the pages are made from counts: content, options, the output itself.
        for (arguments, change) in [(["build", "--base-url", "https://other.example/"], "a base URL"), (["build"], "back to the first base URL")] {
            let run = try CLI.run(arguments, in: folder)
            #expect(run.status == 0 && !run.stderr.contains("nothing changed"), "\(change) must rebuild")
        }
        try FileManager.default.removeItem(atPath: folder + "/site/feed.xml")
        #expect(!(try CLI.run(["build"], in: folder).stderr.contains("nothing changed")))
        #expect(FileManager.default.fileExists(atPath: folder + "/site/feed.xml"))
        try CLI.edit(folder, ["title: Cloud Operations Talent Order Class": "title: Cloud Ops Order Class"])
        #expect(!(try CLI.run(["build"], in: folder).stderr.contains("nothing changed")))
        #expect(try CLI.run(["build"], in: folder).stderr.contains("nothing changed"))
        #expect(!(try CLI.run(["build", "--no-cache"], in: folder).stderr.contains("nothing changed")))

        // Diagnostics and exit codes are always fresh, cache or not.
        try CLI.edit(folder, ["  enterprise: northcloud\n": "  enterprise: quillbyte\n"])
        let checked = try CLI.run(["build"], in: folder, environment: ["NO_COLOR": "1"])
        #expect(checked.status == 0)
        let cached = try CLI.run(["build"], in: folder, environment: ["NO_COLOR": "1"])
        #expect(cached.stderr.contains("warning[CB024]") && cached.stderr.contains("nothing changed"))
        // The same report, source lines and carets included, but for the summary line.
        #expect(checked.stderr.split(separator: "\n").dropLast() == cached.stderr.split(separator: "\n").dropLast())
        for format in ["json", "github"] {
            let fresh = try CLI.run(["build", "--no-cache", "--format", format], in: folder)
            #expect(try CLI.run(["build", "--format", format], in: folder).stdout == fresh.stdout, "\(format)")
        }
        #expect(try CLI.run(["build", "--strict"], in: folder).status == 1)

        // Removing the cache changes nothing but the time.
        try FileManager.default.removeItem(atPath: folder + "/.casebook-cache")
        let before = try CLI.tree(folder + "/site")
        #expect(!(try CLI.run(["build"], in: folder).stderr.contains("nothing changed")))
        #expect(try CLI.tree(folder + "/site") == before)

        // A build that fails keeps its check outcomes, written beside the swap they
        // wait for no more: the next build re-checks only what was fixed.
        let outcomes = folder + "/.casebook-cache/site.cases"
        try FileManager.default.removeItem(atPath: outcomes)
        try CLI.edit(folder, ["\ntitle: ": "\nheadline: "])  // no title: an error
        #expect(try CLI.run(["build"], in: folder).status == 1)
        #expect(FileManager.default.fileExists(atPath: outcomes))
        #expect(try CLI.tree(folder + "/site") == before)
    }
}

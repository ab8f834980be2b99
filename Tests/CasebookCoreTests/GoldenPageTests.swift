import CasebookCore
import CasebookTestSupport
import Foundation
import SnapshotTesting
import Testing

/// Golden files of a small fixture site: any change to a template, a view model or an
/// export shows as a diff of `__Snapshots__/GoldenPageTests/` to review. After an intended
/// change, re-record with `SNAPSHOT_TESTING_RECORD=all swift test --filter GoldenPageTests`.
@Suite struct GoldenPageTests {
    static let site: [String: String] = {
        let sources = Fixture.sources(cases: ["base-case.md": Fixture.baseCase, "lab.md": Fixture.secondCase],
                                      pages: SiteRenderTests.pages, media: ["media/lab plan.svg"])
        return Fixture.site(sources) ?? [:]
    }()

    static let pages = [
        "index.html", "cases/index.html", "cases/lab/index.html", "industries/index.html", "sectors/62/index.html",
        "compare/index.html", "report/index.html", "about/index.html", "404.html",
        "data/cases.json", "data/cases.csv", "data/schema.json", "feed.xml", "sitemap.xml",
    ]

    @Test(arguments: pages)
    func page(_ path: String) throws {
        let text = try #require(Self.site[path])
        let name = path.replacingOccurrences(of: "/", with: "_")
        assertSnapshot(of: text, as: .lines, named: name)
    }
}

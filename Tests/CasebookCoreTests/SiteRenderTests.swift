import CasebookCore
import CasebookTestSupport
import Foundation
import Testing

/// The pages and exports of SPEC §5 and the guarantees of §6, on small in-memory sites.
@Suite struct SiteRenderTests {
    static let pages = ["about.md": "---\ntitle: About\nsummary: What this is.\n---\nSee [the base case](../cases/base-case.md).\n"]

    static func twoCaseSite(drafts: Bool = false) -> [String: String] {
        let sources = Fixture.sources(cases: ["base-case.md": Fixture.baseCase, "lab.md": Fixture.secondCase],
                                      pages: pages, media: ["media/lab plan.svg"])
        return Fixture.site(sources, drafts: drafts)!
    }

    /// Threads take the largest jobs first; each job is still rendered exactly once.
    /// Models and partner roles are keys; pages show them as words.
    @Test(arguments: [("order-class", "Order class"), ("rd-contract", "R&D contract"), ("rd", "R&D"), ("joint-lab", "Joint lab"),
                      ("-industry--college-", "Industry college"), ("9-to-5", "9 to 5"), ("", ""), ("école-rd", "École R&D")])
    func modelKeysShowAsWords(_ key: String, _ label: String) {
        #expect(SiteModel.modelLabel(key) == label)
    }

    @Test func largestFirstIsTheSameJobs() throws {
        let sources = Fixture.sources(cases: ["base-case.md": Fixture.baseCase, "lab.md": Fixture.secondCase], pages: Self.pages)
        let renderer = Fixture.renderer(sources)
        let reordered = renderer.jobsLargestFirst
        #expect(reordered.count == renderer.jobs.count && Set(reordered) == Set(renderer.jobs))
        #expect(reordered.first == .report)
    }

    /// The sitemap lists addresses and dates: a build after a case's metrics or text
    /// changed reuses it, one after a date or a new term renders it again.
    @Test func theSitemapIsMadeOfAddressesAndDates() throws {
        func inputs(_ base: String) -> SiteRenderer.Inputs {
            let sources = Fixture.sources(cases: ["base-case.md": base, "lab.md": Fixture.secondCase], pages: Self.pages)
            return Fixture.renderer(sources).inputs(of: .sitemap)
        }
        let original = inputs(Fixture.baseCase)
        #expect(inputs(Fixture.baseCase.replacingOccurrences(of: "students_enrolled: 120", with: "students_enrolled: 121")) == original)
        #expect(inputs(Fixture.baseCase.replacingOccurrences(of: "title: Base case", with: "title: Another title")) == original)
        #expect(inputs(Fixture.baseCase.replacingOccurrences(of: "date: 2023-07-15", with: "date: 2023-07-16")) != original)
        #expect(inputs(Fixture.baseCase.replacingOccurrences(of: "sector: 63", with: "sector: 58")) != original)
    }

    /// An earlier renderer's related cases are taken as they are when scored from the
    /// same codes (here deliberately wrong, to see which are used), and scored again when
    /// a code changed.
    @Test func relatedCasesOfAnEarlierBuildHoldWhileTheCodesDo() throws {
        func renderer(_ base: String, related: RelatedCases? = nil) -> SiteRenderer {
            let sources = Fixture.sources(cases: ["base-case.md": base, "lab.md": Fixture.secondCase], pages: Self.pages)
            return SiteRenderer(model: SiteModel(result: SiteChecker().check(sources), includeDrafts: false),
                                theme: Theme.compile().0!, related: related)
        }
        let scored = renderer(Fixture.baseCase).relatedCases
        #expect(scored.lists == [[1], [0]])
        let wrong = RelatedCases(inputs: scored.inputs, lists: [[], []])
        let metricEdit = Fixture.baseCase.replacingOccurrences(of: "students_enrolled: 120", with: "students_enrolled: 121")
        #expect(renderer(metricEdit, related: wrong).inputs(of: .case(0)) == .some(cases: [0], facts: ""))
        let codeEdit = Fixture.baseCase.replacingOccurrences(of: "occupation: 2522", with: "occupation: 2519")
        #expect(renderer(codeEdit, related: wrong).inputs(of: .case(0)) == .some(cases: [0], cards: [1], facts: ""))
        #expect(renderer(codeEdit).relatedCases.inputs != scored.inputs)
    }

    /// Each case's related cases are the three sharing the most sector, enterprise,
    /// occupation and profession codes, ties in display order, as counting every pair
    /// of cases by hand gives: the scores one case leaves behind never count for the next.
    @Test func relatedCasesShareTheMostCodes() throws {
        let sectors = ["58", "61", "62", "63"], occupations = ["2511", "2512", "2513", "2519", "2522"]
        let professions = ["0611", "0612", "0613"], enterprises = ["northcloud", "quillbyte"]
        var cases: [String: String] = [:]
        for i in 0..<17 {
            let occupation = Set([occupations[i % 5], occupations[(i * 3 + 1) % 5]]).sorted()
            let profession = Set([professions[(i / 2) % 3], professions[(i * 7) % 3]]).sorted()
            cases["case-\(i).md"] = Fixture.baseCase
                .replacingOccurrences(of: "title: Base case", with: "title: Case \(i)")
                .replacingOccurrences(of: "sector: 63", with: "sector: \(sectors[(i * 5) % 4])")
                .replacingOccurrences(of: "enterprise: northcloud", with: "enterprise: \(enterprises[i % 3 == 0 ? 1 : 0])")
                .replacingOccurrences(of: "occupation: 2522", with: "occupation: [\(occupation.joined(separator: ", "))]")
                .replacingOccurrences(of: "profession: 0612", with: "profession: [\(profession.joined(separator: ", "))]")
        }
        let renderer = Fixture.renderer(Fixture.sources(cases: cases))
        let model = renderer.model
        #expect(model.cases.count == 17)
        let tiers: [Tier] = [.sector, .enterprise, .occupation, .profession]
        let expected = model.cases.indices.map { i in
            let scores = model.cases.indices.filter { $0 != i }.map { j in
                (j, tiers.reduce(0) { $0 + Set(model.cases[i].tiers[$1] ?? []).intersection(model.cases[j].tiers[$1] ?? []).count })
            }
            return scores.filter { $0.1 > 0 }.sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }.prefix(3).map(\.0)
        }
        // Scored one after another with the same renderer's score arrays.
        #expect(renderer.relatedCases.lists == expected)
    }

    @Test func everyPageOfTheSpecIsBuilt() throws {
        let site = Self.twoCaseSite()
        for path in ["index.html", "cases/index.html", "cases/base-case/index.html", "cases/lab/index.html",
                     "industries/index.html", "industries/J/index.html", "sectors/63/index.html", "sectors/62/index.html",
                     "enterprises/quillbyte/index.html", "occupations/2519/index.html", "professions/0613/index.html",
                     "compare/index.html", "report/index.html", "about/index.html", "data/cases.json", "data/cases.csv",
                     "data/schema.json", "feed.xml", "sitemap.xml", "404.html", "assets/site.css", "assets/site.js"] {
            #expect(site[path] != nil, "missing \(path)")
        }
        // A page exists only for terms a published case uses.
        #expect(site["industries/C/index.html"] == nil)
    }

    @Test func casePageShowsTheLinkageChainAndRewritesLinks() throws {
        let page = try #require(Self.twoCaseSite()["cases/lab/index.html"])
        #expect(page.contains("<a href=\"../../sectors/62/index.html\"><span class=\"code\">62</span> Computer programming, consultancy and related activities</a>"))
        #expect(page.contains("href=\"../../cases/base-case/index.html#background\""))
        #expect(page.contains("href=\"../../about/index.html\""))
        #expect(page.contains("src=\"../../media/lab%20plan.svg\""))
        #expect(page.contains("<h2 id=\"background\">Background</h2>"))
        #expect(page.contains("<a href=\"#results\">Results</a>"))
        #expect(page.contains("CNY 1,200,000.50"))
        #expect(page.contains("91.5%"))
        #expect(page.contains("6 weeks"))
        #expect(page.contains("Related cases"))
    }

    @Test func bestValuesAreMarkedByBetterWithTies() throws {
        var third = Fixture.secondCase.replacingOccurrences(of: "title: Software Testing Joint Lab", with: "title: Third")
        third = third.replacingOccurrences(of: "students_enrolled: 80", with: "students_enrolled: 120")
        third = third.replacingOccurrences(of: "weeks_to_productivity: 6", with: "weeks_to_productivity: 4")
        let sources = Fixture.sources(cases: ["base-case.md": Fixture.baseCase, "lab.md": Fixture.secondCase, "third.md": third],
                                      pages: Self.pages, media: ["media/lab plan.svg"])
        let compare = try #require(Fixture.site(sources)?["compare/index.html"])
        // Students enrolled: 120 twice (a tie, both best), 80 not best.
        #expect(compare.components(separatedBy: "<td class=\"num best\" data-value=\"120\">120<span class=\"visually-hidden\"> (best)</span></td>").count - 1 == 2)
        #expect(compare.contains("<td class=\"num\" data-value=\"80\">80</td>"))
        // Weeks to productivity: lower is better.
        #expect(compare.contains("<td class=\"num best\" data-value=\"4\">4 weeks<span class=\"visually-hidden\"> (best)</span></td>"))
        #expect(compare.contains("<td class=\"num\" data-value=\"6\">6 weeks</td>"))
        // Missing values are a dash, left out of the aggregate: the median of 6 and 4.
        #expect(compare.contains("<td class=\"num missing\"><span aria-hidden=\"true\">—</span>"))
        #expect(compare.contains("Median 5 weeks<span class=\"agg-count\">2 of 3 reporting</span>"))
        #expect(compare.contains("Sum 320<span class=\"agg-count\">3 of 3 reporting</span>"))
        #expect(compare.contains("<svg viewBox="))
    }

    @Test func draftsAreLeftOutUnlessAskedFor() {
        let draft = Fixture.secondCase.replacingOccurrences(of: "tags: [testing]", with: "tags: [testing]\ndraft: true")
            .replacingOccurrences(of: "See [the base case](base-case.md#background) and [about](../pages/about.md).", with: "Draft.")
        let sources = Fixture.sources(cases: ["base-case.md": Fixture.baseCase, "lab.md": draft], pages: Self.pages, media: ["media/lab plan.svg"])
        #expect(Fixture.site(sources)?["cases/lab/index.html"] == nil)
        let withDrafts = Fixture.site(sources, drafts: true)
        #expect(withDrafts?["cases/lab/index.html"]?.contains("Draft: this case is not published.") == true)
    }

    @Test func payloadsFromContentAreEscapedEverywhere() throws {
        let payload = "<script>alert(1)</script>"
        let attack = "\"><img src=x onerror=alert(1)>"
        var c = Fixture.baseCase
            .replacingOccurrences(of: "title: Base case", with: "title: \"\(payload)\"")
            .replacingOccurrences(of: "summary: A valid case used by the tests.", with: "summary: '\(attack)'")
            .replacingOccurrences(of: "model: order-class", with: "model: order-class\nregion: '\(attack)'\ntags: ['\(payload)', '</script><script>x()</script>']\npartners:\n  - {name: '\(payload)', role: university}")
        c = c.replacingOccurrences(of: "Body text.", with: "Body <script>alert(2)</script> [x](javascript:alert(3))")
        let enterprises = "northcloud: {name: '\(payload)', sector: \"63\"}\n"
        let schema = Fixture.schemaYAML.replacingOccurrences(of: "label: Students enrolled", with: "label: '\(payload)'")
        let site = try #require(Fixture.site(Fixture.sources(cases: ["base-case.md": c], schema: schema, enterprises: enterprises, site: "title: '\(payload)'\nbase_url: https://example.org/\n")))
        // Everything but the theme's own assets and the CSV, which is data, not markup.
        for (path, text) in site where !path.hasPrefix("assets/") && path != "data/cases.csv" {
            #expect(!text.contains("<script>alert"), "raw payload in \(path)")
            #expect(!text.contains("<img src=x"), "raw attribute payload in \(path)")
            #expect(!text.contains("javascript:alert"), "dangerous URL in \(path)")
            #expect(!text.contains("</script><script>x()"), "script break-out in \(path)")
        }
        let page = try #require(site["cases/base-case/index.html"])
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("\\u003c/script\\u003e\\u003cscript\\u003ex()"))  // the JSON-LD keyword
    }

    @Test func csvCellsAreSafeInASpreadsheet() throws {
        let c = Fixture.baseCase.replacingOccurrences(of: "title: Base case", with: "title: \"=HYPERLINK(\\\"http://x\\\")\"")
            .replacingOccurrences(of: "model: order-class", with: "model: order-class\nregion: '+1, -2'\ntags: ['@x']")
        let csv = try #require(Fixture.site(Fixture.sources(cases: ["base-case.md": c]))?["data/cases.csv"])
        let row = try #require(csv.components(separatedBy: "\r\n").dropFirst().first)
        #expect(row.hasPrefix("base-case,\"'=HYPERLINK(\"\"http://x\"\")\",2023-07-15,order-class,\"'+1, -2\",J,"))
        #expect(Exports.csvText("-5") == "'-5")
        #expect(Exports.csvText("@SUM(A1)") == "'@SUM(A1)")
        #expect(Exports.csvText("plain") == "plain")
    }

    @Test func exportsParseAndCarryTheSchema() throws {
        let site = Self.twoCaseSite()
        let cases = try #require(JSONSerialization.jsonObject(with: Data(site["data/cases.json"]!.utf8)) as? [[String: Any]])
        #expect(cases.map { $0["id"] as? String } == ["lab", "base-case"])
        let metrics = try #require(cases.first?["metrics"] as? [String: Any])
        #expect(metrics["enterprise_investment"] as? Double == 1_200_000.5)
        #expect(metrics["graduates"] == nil)
        let schema = try #require(JSONSerialization.jsonObject(with: Data(site["data/schema.json"]!.utf8)) as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: Any])
        let metricProperties = try #require((properties["metrics"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(metricProperties.keys.contains("weeks_to_productivity"))
        let models = try #require((properties["model"] as? [String: Any])?["enum"] as? [String])
        #expect(models.contains("joint-lab"))
        let factor = try #require(((properties["factors"] as? [String: Any])?["properties"] as? [String: Any])?["policy"] as? [String: Any])
        #expect(factor["maximum"] as? Int == 5)
        #expect(site["feed.xml"]!.contains("<link href=\"https://example.org/cases/lab/\"/>"))
        #expect(site["sitemap.xml"]!.contains("<loc>https://example.org/sectors/62/</loc>"))
        #expect(!site["sitemap.xml"]!.contains("404"))
    }

    @Test func notFoundLinksByThePathOfBaseURL() throws {
        let sources = Fixture.sources(cases: ["base-case.md": Fixture.baseCase], site: "title: T\nbase_url: https://example.org/showcase/\n")
        let page = try #require(Fixture.site(sources)?["404.html"])
        #expect(page.contains("href=\"/showcase/assets/site.css\""))
        #expect(page.contains("href=\"/showcase/cases/index.html\""))
    }

    @Test func outputDoesNotDependOnInputOrder() {
        let a = Fixture.sources(cases: ["base-case.md": Fixture.baseCase, "lab.md": Fixture.secondCase], pages: Self.pages, media: ["media/lab plan.svg"])
        var b = a
        b.cases.reverse()
        #expect(Fixture.site(a) == Fixture.site(b))
    }

    @Test func codesBecomeSafePathSegments() {
        #expect(Route.segment("0612") == "0612")
        #expect(Route.segment("../x") == "_2E_2E_2Fx")
        #expect(Route.segment("") == "_")
        #expect(Route.term(.sector, "a/b") == "sectors/a_2Fb/index.html")
    }

    /// No id, link or path can leave the content or output folders (SPEC §6).
    @Test(arguments: ["../../../etc/passwd", "../site.yml", "/etc/passwd", "..%2F..%2Fsite.yml", "../media/../../x.md"])
    func linksOutOfTheContentAreRejected(_ destination: String) {
        let c = Fixture.baseCase.replacingOccurrences(of: "Body text.", with: "See [x](\(destination)).")
        #expect(Fixture.diagnostics(cases: ["base-case.md": c]).map(\.code) == [.cb041])
    }

    @Test(arguments: ["../escape", "a/b", "..", "UPPER"])
    func idsThatAreNotSlugsAreRejected(_ id: String) {
        let c = Fixture.baseCase.replacingOccurrences(of: "title: Base case", with: "id: '\(id)'\ntitle: Base case")
        #expect(Fixture.diagnostics(cases: ["base-case.md": c]).map(\.code) == [.cb012])
    }

    /// A value left as a `TODO` is reported wherever it lies (a field, a list, a mapping
    /// in a list), and its field is otherwise left alone; other values that merely hold
    /// the word are not.
    @Test func placeholdersAreReportedWhereverTheyLie() {
        let c = Fixture.baseCase
            .replacingOccurrences(of: "summary: A valid case used by the tests.", with: "summary: TODO")
            .replacingOccurrences(of: "model: order-class", with: """
                model: order-class
                tags: [alpha, TODO later, todo]
                partners:
                  - {name: Northcloud, role: enterprise}
                  - {name: TODO, role: university}
                region: Not TODO
                """)
        let diagnostics = Fixture.diagnostics(cases: ["base-case.md": c])
        #expect(diagnostics.map(\.code) == [.cb012, .cb012, .cb012])
        #expect(diagnostics.map(\.message) == ["summary is still a placeholder: 'TODO'", "tags is still a placeholder: 'TODO later'",
                                               "partners is still a placeholder: 'TODO'"])
        #expect(diagnostics.map(\.location.line) == [3, 6, 9])
    }

    @Test func aPageMayNotTakeTheSiteOwnFolders() {
        let diagnostics = Fixture.diagnostics(cases: ["base-case.md": Fixture.baseCase], pages: ["compare.md": "# Compare\n"])
        #expect(diagnostics.map(\.code) == [.cb012])
    }
}

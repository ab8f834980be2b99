import CasebookCore
import Testing

/// Where a body's relative link leads (SPEC §2.2), and what it is allowed to reach.
@Suite struct LinkCheckerTests {
    @Test(arguments: [
        ("other.md", "cases/a.md", "cases/other.md"),
        ("./other.md#results", "cases/a.md", "cases/other.md"),
        ("../pages/about.md?x=1#y", "cases/a.md", "pages/about.md"),
        ("../media//lab%20plan.svg", "cases/a.md", "media/lab plan.svg"),
        ("sub/./../other.md", "cases/a.md", "cases/other.md"),
        ("../media/plan-é.svg", "cases/a.md", "media/plan-é.svg"),
        ("../media/%E6%96%87.svg", "cases/a.md", "media/文.svg"),
        ("?only", "cases/a.md", "cases"),
        ("", "pages/about.md", "pages"),
        ("a.md", "top.md", "a.md"),
    ])
    func aLinkResolvesFromItsFilesFolder(_ destination: String, _ from: String, _ expected: String) {
        #expect(LinkChecker.resolve(destination, from: from) == expected)
    }

    @Test(arguments: ["../../site.yml", "/etc/passwd", "../../../x", "..%2F..%2Fx/../../.."])
    func aLinkOutOfTheContentFolderResolvesToNothing(_ destination: String) {
        #expect(LinkChecker.resolve(destination, from: "cases/a.md") == nil)
    }

    @Test func whatALinkReaches() {
        let checker = LinkChecker(cases: ["cases/b.md"], drafts: ["cases/d.md"], pages: ["pages/about.md"], media: ["media/x.svg"])
        func check(_ destination: String, draft: Bool = false) -> Result<LinkChecker.Target, LinkChecker.LinkProblem> {
            checker.check(destination, from: "cases/a.md", isDraft: draft)
        }
        #expect(check("b.md#top") == .success(.case("cases/b.md")))
        #expect(check("../pages/about.md") == .success(.page("pages/about.md")))
        #expect(check("../media/x.svg") == .success(.media("media/x.svg")))
        #expect(check("#results") == .success(.fragment))
        #expect(check("https://example.org/a.md") == .success(.external))
        #expect(check("mailto:team@example.org") == .success(.external))
        #expect(check("//cdn.example.org/x.js") == .success(.external))
        #expect(check("d.md") == .failure(.draft("cases/d.md")))
        #expect(check("d.md", draft: true) == .success(.case("cases/d.md")))
        #expect(check("c.md") == .failure(.missing("cases/c.md")))
        #expect(check("../../x.md") == .failure(.outside))
        // A scheme is letters first, then letters, digits, + - and .; anything else is a path.
        #expect(check("1x:y") == .failure(.missing("cases/1x:y")))
        #expect(check("x+1.b-c:y") == .success(.external))
        #expect(check("café:menu") == .success(.external))
    }
}

import CasebookCore
import Testing

/// Bodies through cmark in safe mode (SPEC §6), with heading ids and rewritten links.
@Suite struct MarkdownRenderTests {
    func html(_ body: String) -> String {
        Markdown.render(body) { _, _ in nil }.html
    }

    @Test func rawHTMLIsOmitted() {
        let out = html("<script>alert(1)</script>\n\nText <img src=x onerror=alert(2)> here.\n")
        #expect(!out.contains("<script"))
        #expect(!out.contains("<img src=x"))
        #expect(out.contains("Text"))
    }

    @Test(arguments: ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4="])
    func dangerousURLsAreDropped(_ url: String) {
        let out = html("[click](\(url)) and ![img](\(url))")
        #expect(!out.lowercased().contains(url.lowercased().prefix(10)))
    }

    @Test func imageDataURLsAreKept() {
        #expect(html("![dot](data:image/png;base64,iVBORw0KGgo=)").contains("src=\"data:image/png;base64,iVBORw0KGgo=\""))
    }

    @Test func headingsGetUniqueIDs() {
        let rendered = Markdown.render("## Background\n\n## Results & Impact\n\n### Background\n\n## 结果\n") { _, _ in nil }
        #expect(rendered.headings.map(\.id) == ["background", "results-impact", "background-2", "结果"])
        #expect(rendered.html.contains("<h2 id=\"background\">Background</h2>"))
        #expect(rendered.html.contains("<h3 id=\"background-2\">Background</h3>"))
        #expect(rendered.html.contains("<h2 id=\"results-impact\">Results &amp; Impact</h2>"))
    }

    @Test(arguments: [
        ("Step 2: BUILD & ship", "step-2-build-ship"),
        ("  --Ünïcode Café 2030-- ", "ünïcode-café-2030"),
        ("产教融合 2.0 Joint-Lab", "产教融合-2-0-joint-lab"),
        ("¡¿ — !?", "section"),
    ])
    func slugsKeepLettersAndDigitsOfAnyScript(_ text: String, _ slug: String) {
        #expect(Markdown.slug(text) == slug)
    }

    @Test func headingTextInCodeIsNotMistakenForATag() {
        let rendered = Markdown.render("Write `<h2>` like this.\n\n## Real\n") { _, _ in nil }
        #expect(rendered.html.contains("<code>&lt;h2&gt;</code>"))
        #expect(rendered.html.contains("<h2 id=\"real\">Real</h2>"))
    }

    @Test func linksAreRewritten() {
        let rendered = Markdown.render("[a](other.md#x) ![b](../media/b.png) [c](https://example.org)") { destination, isImage in
            destination.hasPrefix("https:") ? nil : (isImage ? "IMG:" : "LINK:") + destination
        }
        #expect(rendered.html.contains("href=\"LINK:other.md#x\""))
        #expect(rendered.html.contains("src=\"IMG:../media/b.png\""))
        #expect(rendered.html.contains("href=\"https://example.org\""))
    }
}

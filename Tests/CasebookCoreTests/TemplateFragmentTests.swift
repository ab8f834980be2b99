@testable import CasebookCore
import CasebookTestSupport
import Synchronization
import Testing

/// List items whose output is kept and copied (`TemplateFragments`) must write what a
/// render without them writes, whatever they read from around them.
@Suite struct TemplateFragmentTests {
    /// An immutable view that lets its output be kept.
    final class Item: TemplateObject, Sendable {
        let fields: [String: String]
        init(_ fields: [String: String]) { self.fields = fields }
        func value(forKey lookup: String) -> TemplateValue { fields[lookup].map { .text($0) } ?? .missing }
        let kept = KeptFragments()
        var keptFragments: KeptFragments? { kept }
    }

    typealias Fields = TemplateEngineTests.Fields

    func theme(_ templates: [String: String]) throws -> Theme {
        try Theme(library: templates.mapValues { try Template($0) }, assets: [:])
    }

    func page(root: String, _ items: [Item], extra: [String: TemplateValue] = [:]) -> Fields {
        Fields(fields: ["root": .text(root), "items": .list(items)].merging(extra) { a, _ in a })
    }

    /// Renders `view` with `fragments` and without, expects the same bytes, and returns them.
    @discardableResult
    func render(_ theme: Theme, _ view: Fields, _ fragments: TemplateFragments, template: String = "page") -> String {
        let kept = String(decoding: theme.render(view, template: template, fragments: fragments), as: UTF8.self)
        let fresh = String(decoding: theme.render(view, template: template), as: UTF8.self)
        #expect(kept == fresh)
        return kept
    }

    @Test func anItemIsCopiedOnlyWhereWhatItReadsOutsideIsTheSame() throws {
        let theme = try theme(["page": "{{#items}}<a href=\"{{root}}{{url}}\">{{name}}</a>{{#note}} ({{note}}){{/note}}{{^last()}}, {{/last()}}{{/items}}\n"])
        let a = Item(["name": "A & co", "url": "a/"]), b = Item(["name": "B", "url": "b/"])
        let fragments = TemplateFragments()

        #expect(render(theme, page(root: "../", [a, b]), fragments) == "<a href=\"../a/\">A &amp; co</a>, <a href=\"../b/\">B</a>\n")
        #expect(fragments.count == 2)
        // The same page again: both copied, nothing new kept.
        render(theme, page(root: "../", [a, b]), fragments)
        #expect(fragments.count == 2)
        // Another root only: copied, with the root it shows written in its place.
        #expect(render(theme, page(root: "../../", [a, b]), fragments) == "<a href=\"../../a/\">A &amp; co</a>, <a href=\"../../b/\">B</a>\n")
        #expect(render(theme, page(root: "<&>", [a, b]), fragments) == "<a href=\"&lt;&amp;&gt;a/\">A &amp; co</a>, <a href=\"&lt;&amp;&gt;b/\">B</a>\n")
        #expect(render(theme, page(root: "", [a, b]), fragments) == "<a href=\"a/\">A &amp; co</a>, <a href=\"b/\">B</a>\n")
        #expect(fragments.count == 2)
        // Another root, another place in the list, a note from the page where the item has none.
        #expect(render(theme, page(root: "../../", [b, a]), fragments) == "<a href=\"../../b/\">B</a>, <a href=\"../../a/\">A &amp; co</a>\n")
        #expect(render(theme, page(root: "../", [b, a], extra: ["note": .text("page")]), fragments)
            == "<a href=\"../b/\">B</a> (page), <a href=\"../a/\">A &amp; co</a> (page)\n")
        #expect(fragments.count == 6)
        // A variant kept earlier is found again.
        render(theme, page(root: "../../", [b, a]), fragments)
        #expect(fragments.count == 6)
    }

    /// What the items of a list find outside them is looked up once for the list, and
    /// anew for each list: the same items in lists whose surroundings answer otherwise
    /// (a note, none, another note) each show their own list's answer, and an item that
    /// has the key itself shows its own.
    @Test func eachListAnswersForItsOwnItems() throws {
        let theme = try theme(["page": "{{#groups}}{{label}}:{{#items}}{{name}}{{#note}}({{note}}){{/note}}{{^last()}},{{/last()}}{{/items}}|{{/groups}}\n"])
        let a = Item(["name": "a"]), b = Item(["name": "b"]), c = Item(["name": "c", "note": "own"])
        func group(_ label: String, note: String?, _ items: [Item]) -> Fields {
            Fields(fields: ["label": .text(label), "items": .list(items)].merging(note.map { ["note": .text($0)] } ?? [:]) { a, _ in a })
        }
        let view = Fields(fields: ["groups": .list([
            group("x", note: "n", [a, b, c]), group("y", note: nil, [a, b, c]), group("z", note: "m", [c, b, a]), group("w", note: "n", [b, a]),
        ])])
        let fragments = TemplateFragments()
        let expected = "x:a(n),b(n),c(own)|y:a,b,c(own)|z:c(own),b(m),a(m)|w:b(n),a(n)|\n"
        #expect(render(theme, view, fragments) == expected)
        #expect(render(theme, view, fragments) == expected)
    }

    /// What a kept item shows from outside is written afresh where it is copied, also
    /// inside an indented partial, where a root with a line break moves the indentation.
    @Test func whatAnItemShowsFromOutsideIsWrittenWhereItIsCopied() throws {
        let theme = try theme([
            "page": "{{#items}}[{{root}}{{{root}}}{{count}}]\n  {{>link}}\n{{/items}}",
            "link": "<a href=\"{{root}}{{url}}\">\n{{root}}{{name}}\n</a>",
        ])
        let a = Item(["name": "A", "url": "a/"]), b = Item(["name": "B", "url": "b/"])
        let fragments = TemplateFragments()
        for root in ["../", "", "x\ny", "<\n", "../"] {
            for count in [TemplateValue.int(3), .missing, .bool(true), .list([a])] {
                render(theme, page(root: root, [a, b], extra: ["count": count]), fragments)
            }
        }
        // Kept once each: the indented partial's roots are kept as they were, and a
        // different one there renders the item afresh.
        #expect(fragments.count > 2)
    }

    @Test func anItemThatShowsAnObjectOrABlockFromOutsideIsNotKept() throws {
        let theme = try theme([
            "page": "{{#items}}{{name}} by {{#owner}}{{name}}{{/owner}};{{/items}}",
            "layout": "{{#items}}[{{$mark}}-{{/mark}}{{name}}]{{/items}}",
            "child": "{{<layout}}{{$mark}}*{{/mark}}{{/layout}}",
        ])
        let a = Item(["name": "A"])
        let fragments = TemplateFragments()
        let owner = TemplateValue.object(Fields(fields: ["name": .text("Ada")]))
        #expect(render(theme, page(root: "", [a], extra: ["owner": owner]), fragments) == "A by Ada;")
        #expect(render(theme, page(root: "", [a]), fragments, template: "child") == "[*A]")
        #expect(render(theme, page(root: "", [a]), fragments, template: "layout") == "[-A]")
        #expect(fragments.count == 0)
    }

    /// A key that several parts of an item lack (a row's cells without a value) is one
    /// question to the page around it: when the page comes to have it, the item is
    /// rendered afresh, every part showing it.
    @Test func aKeyAnItemLacksInSeveralPlacesIsAskedOfEachPage() throws {
        let theme = try theme(["page": "{{#items}}{{name}}:{{#cells}}[{{#value}}{{value}}{{/value}}{{^value}}-{{/value}}]{{/cells}};{{/items}}"])
        let cells = TemplateValue.list([Fields(fields: [:]), Fields(fields: ["value": .text("2")]), Fields(fields: [:])])
        final class Row: TemplateObject, @unchecked Sendable {  // immutable
            let cells: TemplateValue
            let kept = KeptFragments()
            init(_ cells: TemplateValue) { self.cells = cells }
            func value(forKey lookup: String) -> TemplateValue { lookup == "name" ? .text("r") : lookup == "cells" ? cells : .missing }
            var keptFragments: KeptFragments? { kept }
        }
        let row = Row(cells)
        let fragments = TemplateFragments()
        let plain = Fields(fields: ["items": .list([row])])
        let valued = Fields(fields: ["items": .list([row]), "value": .text("v")])
        #expect(render(theme, plain, fragments) == "r:[-][2][-];")
        #expect(render(theme, valued, fragments) == "r:[v][2][v];")
        #expect(render(theme, plain, fragments) == "r:[-][2][-];")
        #expect(fragments.count == 2)
    }

    @Test func nestedItemsAreRenderedInsideTheOuterOne() throws {
        let theme = try theme(["page": "{{#items}}<{{name}}:{{#items}}{{name}}{{^last()}},{{/last()}}{{/items}}>{{/items}}"])
        let inner = Item(["name": "i"])
        let outer = Fields(fields: ["name": .text("o"), "items": .list([inner, inner])])
        let fragments = TemplateFragments()
        let view = Fields(fields: ["items": .list([outer, outer])])
        #expect(render(theme, view, fragments) == "<o:i,i><o:i,i>")
        // The inner item shows at two places of its list: two variants, copied the second time round.
        #expect(fragments.count == 2)
    }

    /// Every page of a site, rendered by a renderer that keeps cards and table rows, is
    /// the page rendered without them.
    @Test func everyPageOfASiteIsTheSameWithFragments() throws {
        let sources = Fixture.sources(cases: ["base-case.md": Fixture.baseCase, "lab.md": Fixture.secondCase],
                                      pages: SiteRenderTests.pages, media: ["media/lab plan.svg"])
        let renderer = Fixture.renderer(sources, drafts: true)
        let theme = renderer.theme
        for _ in 0..<2 {
            for job in renderer.jobsLargestFirst {
                guard let page = renderer.page(job) else { continue }
                #expect(renderer.render(job).bytes == theme.render(page.view, template: page.template), "\(page.path)")
            }
        }
        #expect(renderer.fragments.count > 0)
    }

    /// Compare shows the report's table rows: it is not the job beside the report (two
    /// threads would write every row at once), and once the report is rendered it
    /// copies them instead of keeping rows of its own.
    @Test func compareCopiesTheReportsRows() throws {
        let sources = Fixture.sources(cases: ["base-case.md": Fixture.baseCase, "lab.md": Fixture.secondCase], pages: SiteRenderTests.pages)
        let order = Fixture.renderer(sources).jobsLargestFirst
        #expect(try #require(order.firstIndex(of: .compare)) > order.firstIndex(of: .report)! + 1)

        let renderer = Fixture.renderer(sources)
        _ = renderer.render(.report)
        let kept = renderer.fragments.count
        _ = renderer.render(.compare)
        #expect(kept > 0 && renderer.fragments.count == kept)
    }

    /// An item that says what it shows, for renderings kept across builds.
    final class LastingItem: TemplateObject, Sendable {
        let fields: [String: String]
        let kept: KeptFragments
        init(_ name: String, identity: KeptFragments.Identity?, once: Bool = false) {
            fields = ["name": name, "url": name.lowercased() + "/"]
            kept = KeptFragments(identity: identity, once: once)
        }
        func value(forKey lookup: String) -> TemplateValue { fields[lookup].map { .text($0) } ?? .missing }
        var keptFragments: KeptFragments? { kept }
    }

    /// What one build's items wrote, the next build's items of the same identity copy
    /// out of the page the last build wrote: the items below show other names under the
    /// same identities only to tell a copy from a new rendering (items of one identity
    /// show the same, by contract).
    @Test func renderingsKeptByOneBuildAreCopiedByTheNext() throws {
        let theme = try theme(["page": "<h1>{{title}}</h1>{{#items}}<a href=\"{{root}}{{url}}\">{{name}}</a>{{#note}} ({{note}}){{/note}}{{^last()}}, {{/last()}}{{/items}}\n"])
        let owner = StableKey(a: 1, b: 2)
        func view(_ names: [String], root: String = "../../", lasting: Bool = true, once: Bool = false,
                  extra: [String: TemplateValue] = [:]) -> Fields {
            let items = names.enumerated().map { i, name in
                LastingItem(name, identity: lasting ? KeptFragments.Identity(owner: owner, kind: "item", variant: [i]) : nil, once: once)
            }
            return Fields(fields: ["root": .text(root), "items": .list(items), "title": .text("T")].merging(extra) { a, _ in a })
        }
        func text(_ view: Fields, _ fragments: TemplateFragments) -> String {
            String(decoding: theme.render(view, template: "page", fragments: fragments, page: "p"), as: UTF8.self)
        }
        let written = Mutex<[String: [UInt8]]>([:])
        let first = TemplateFragments(library: theme.library, previous: nil, context: "c") { _ in nil }
        let page = theme.render(view(["A & co", "B"], root: "../"), template: "page", fragments: first, page: "p")
        #expect(String(decoding: page, as: UTF8.self) == "<h1>T</h1><a href=\"../a &amp; co/\">A &amp; co</a>, <a href=\"../b/\">B</a>\n")
        written.withLock { $0["p"] = page }
        let kept = try #require(KeptRenderings(bytes: first.archive(), context: "c"))
        #expect(kept.count == 2)

        // Copied out of the page, the root written afresh.
        let next = { TemplateFragments(library: theme.library, previous: kept, context: "c") { path in written.withLock { $0[path] }.map(PageBytes.init) } }
        let copied = "<h1>T</h1><a href=\"../../a &amp; co/\">A &amp; co</a>, <a href=\"../../b/\">B</a>\n"
        let copying = next()
        #expect(text(view(["X", "Y"]), copying) == copied)
        #expect(copying.count == 2)
        // Items shown once in a build (digests) are copied the same, and not kept for
        // another place.
        let copyingOnce = next()
        #expect(text(view(["X", "Y"], once: true), copyingOnce) == copied)
        #expect(copyingOnce.count == 0)
        // What an item reads from outside it is compared: another place in the list, or a
        // note from the page, renders it afresh.
        #expect(text(view(["X", "Y", "Z"]), next()) == "<h1>T</h1><a href=\"../../a &amp; co/\">A &amp; co</a>, <a href=\"../../y/\">Y</a>, <a href=\"../../z/\">Z</a>\n")
        #expect(text(view(["X", "Y"], extra: ["note": .text("n")]), next()) == "<h1>T</h1><a href=\"../../x/\">X</a> (n), <a href=\"../../y/\">Y</a> (n)\n")
        // Nothing is copied under another context, for items that do not say what they
        // show, or out of a page that is not the one written (another site of the same size).
        let fresh = "<h1>T</h1><a href=\"../../x/\">X</a>, <a href=\"../../y/\">Y</a>\n"
        #expect(text(view(["X", "Y"]), TemplateFragments(library: theme.library, previous: kept, context: "d") { path in written.withLock { $0[path] }.map(PageBytes.init) }) == fresh)
        #expect(text(view(["X", "Y"], lasting: false), next()) == fresh)
        #expect(text(view(["X", "Y"]), TemplateFragments()) == fresh)
        let other = Array(page.reversed())
        #expect(text(view(["X", "Y"]), TemplateFragments(library: theme.library, previous: kept, context: "c") { _ in PageBytes(other) }) == fresh)

        // A build that renders the page again says where its items lie now; one that does
        // not keeps where they lay.
        let second = next()
        let again = theme.render(view(["X", "Y"], root: ""), template: "page", fragments: second, page: "p")
        let moved = try #require(KeptRenderings(bytes: second.archive(), context: "c"))
        #expect(moved.count == 2)
        written.withLock { $0["p"] = again }
        #expect(text(view(["Q", "R"]), TemplateFragments(library: theme.library, previous: moved, context: "c") { path in written.withLock { $0[path] }.map(PageBytes.init) })
            == "<h1>T</h1><a href=\"../../a &amp; co/\">A &amp; co</a>, <a href=\"../../b/\">B</a>\n")
        #expect(KeptRenderings(bytes: TemplateFragments(library: theme.library, previous: moved, context: "c") { _ in nil }.archive(), context: "c")?.count == 2)
    }

    /// A page whose items lie in several pages of the last build copies each out of its
    /// own page, however they alternate (each rendering thread remembers the page it
    /// copied from last).
    @Test func itemsFromSeveralPagesAreCopiedEachFromItsOwn() throws {
        let theme = try theme(["page": "{{#items}}[{{name}}]{{/items}}"])
        func item(_ name: String, owner: UInt64) -> LastingItem {
            LastingItem(name, identity: KeptFragments.Identity(owner: StableKey(a: owner, b: 0), kind: "item", variant: []))
        }
        func page(_ items: [LastingItem]) -> Fields { Fields(fields: ["items": .list(items)]) }
        let first = TemplateFragments(library: theme.library, previous: nil, context: "c") { _ in nil }
        var written: [String: [UInt8]] = [:]
        written["p"] = theme.render(page([item("first A", owner: 1), item("first B", owner: 2)]), template: "page", fragments: first, page: "p")
        written["q"] = theme.render(page([item("first C", owner: 3), item("first D", owner: 4)]), template: "page", fragments: first, page: "q")
        let kept = try #require(KeptRenderings(bytes: first.archive(), context: "c"))
        let pages = written
        let next = TemplateFragments(library: theme.library, previous: kept, context: "c") { pages[$0].map(PageBytes.init) }
        // Other names under the same identities, to tell each copy from a new rendering.
        let mixed = page([item("A", owner: 1), item("C", owner: 3), item("B", owner: 2), item("D", owner: 4), item("E", owner: 5)])
        #expect(String(decoding: theme.render(mixed, template: "page", fragments: next, page: "r"), as: UTF8.self)
            == "[first A][first C][first B][first D][E]")
    }

    /// A part of an export decided by its identity alone is copied out of the file the
    /// last build wrote.
    @Test func partsAreCopiedFromWhereTheLastBuildWroteThem() throws {
        let theme = try theme(["page": ""])
        let identity = KeptFragments.Identity(owner: StableKey(a: 3, b: 4), kind: "json")
        let first = TemplateFragments(library: theme.library, previous: nil, context: "c") { _ in nil }
        let file: [UInt8] = [0, 1, 2, 3]
        first.located(page: "data/x", bytes: file, parts: [(identity, 1..<3)])
        let kept = try #require(KeptRenderings(bytes: first.archive(), context: "c"))
        let next = TemplateFragments(library: theme.library, previous: kept, context: "c") { $0 == "data/x" ? PageBytes(file) : nil }
        #expect(next.part(identity).map(Array.init) == [1, 2])
        #expect(next.part(KeptFragments.Identity(owner: StableKey(a: 3, b: 4), kind: "csv")) == nil)
        #expect(TemplateFragments().part(identity) == nil)
        let changed = TemplateFragments(library: theme.library, previous: kept, context: "c") { _ in PageBytes([0, 5, 6, 3]) }
        #expect(changed.part(identity) == nil)
    }
}

@testable import CasebookCore
import CasebookTestSupport
import Mustache
import Testing

/// The template engine is held to the Mustache implementation the theme was written
/// for (swift-mustache): the same bytes for every page of a site and for templates that
/// exercise each rule of the language, whitespace above all.
@Suite struct TemplateEngineTests {
    /// A view made of a dictionary, for templates written in a test.
    final class Fields: TemplateObject {
        let fields: [String: TemplateValue]
        init(fields: [String: TemplateValue]) { self.fields = fields }
        func value(forKey lookup: String) -> TemplateValue { fields[lookup] ?? .missing }
    }

    /// Shows a template value to swift-mustache.
    struct Reference: MustacheParent {
        let object: any TemplateObject
        func child(named name: String) -> Any? { Self.convert(object.value(forKey: name)) }

        static func convert(_ value: TemplateValue) -> Any? {
            value.swiftValue(object: { Reference(object: $0) }, list: { l in (0..<l.count).map { convert(l.item(at: $0)) as Any } })
        }
    }

    static var data: Fields { Fields(fields: [
        "name": .text(#"<b>"Tom" & 'Jerry'</b>"#),
        "title": .text("Outer title"),
        "flag": .bool(true),
        "off": .bool(false),
        "count": .int(3),
        "items": .list(["alpha", "beta", "gamma"]),
        "none": .list([String]()),
        "person": .object(Fields(fields: ["name": .text("Ada"), "title": .text("Inner title")])),
        "people": .list([Fields(fields: ["name": .text("Ada")]), Fields(fields: ["name": .text("Grace"), "nick": .text("amazing")])]),
    ]) }

    static let partials = [
        "part": "line1\n{{#items}}\n{{.}}\n{{/items}}\nline2\n",
        "outer": "a\n  {{>inner}}\nb\n",
        "inner": "x\n{{#flag}}\ny {{name}}\n{{/flag}}\n",
        "parent": "<h1>{{$title}}Default{{/title}}</h1>\n<main>\n  {{$body}}\n  default body\n  {{/body}}\n</main>\n{{$footer}}foot{{/footer}}\n",
        "grandparent": "[{{$title}}grand{{/title}}]\n{{$body}}{{/body}}",
        "middle": "{{<grandparent}}{{$title}}middle {{$sub}}sub{{/sub}}{{/title}}{{/grandparent}}",
    ]

    static let templates: [String] = [
        "Hello {{name}}!\n",
        "{{{name}}} {{&name}} {{ name }}",
        "{{#items}}\n  - {{.}}\n{{/items}}\n",
        "  {{#flag}}\n  yes\n  {{/flag}}\n  {{^flag}}\n  no\n  {{/flag}}\n",
        "{{#off}}never{{/off}}{{^off}}shown{{/off}}{{^missing}}absent{{/missing}}{{#missing}}x{{/missing}}",
        "{{#items}}{{.}}{{^last()}}, {{/last()}}{{/items}}",
        "{{#items}}{{index()}}{{#first()}}*{{/first()}}{{#even()}}e{{/even()}}{{#odd()}}o{{/odd()}}{{/items}}",
        "{{^empty(items)}}has{{/empty(items)}}{{#empty(none)}}none{{/empty(none)}}{{^none}}empty list{{/none}}",
        "{{uppercased(name)}} {{lowercased(title)}} {{count(items)}} {{#reversed(items)}}{{.}}{{/reversed(items)}} {{first(items)}} {{last(items)}}",
        "{{plusone(count)}} {{minusone(count)}} {{#equalzero(count)}}zero{{/equalzero(count)}}{{#odd(count)}}odd{{/odd(count)}}",
        "{{! comment }}\n  {{! standalone }}\nafter {{! inline }} text\n",
        "{{=<% %>=}}\n<% name %> {{name}}\n<%={{ }}=%>\n{{title}}\n",
        "begin\n  {{>part}}\nend\n",
        "  {{>outer}}\n",
        "inline {{>inner}} end",
        "{{<parent}}\n{{$title}}Child{{/title}}\n{{$body}}\n  body line\n    second\n{{/body}}\n{{/parent}}\n",
        "{{<parent}}{{/parent}}",
        "{{<middle}}{{$sub}}child{{/sub}}{{/middle}}|{{<middle}}{{/middle}}",
        "{{person.name}} {{#person}}{{name}} {{title}} {{.title}}{{/person}} {{title}}",
        "{{#people}}{{name}}{{#nick}} ({{.}}){{/nick}}{{^nick}} -{{/nick}}; {{/people}}[{{missing.x}}][{{person.missing}}]",
        "{{#flag}}\r\nline\r\n{{/flag}}\r\nend\r\n",
        "{{#title}}{{.}}!{{/title}}{{#count}}{{.}}{{/count}}",
        "{{flag}} {{off}} {{count}}",
        "| {{#flag}}  inline  {{/flag}} |\n",
        "  {{#items}}\n  {{#flag}}\n    {{.}}\n  {{/flag}}\n  {{/items}}\n",
    ]

    func ours(_ template: String) throws -> String {
        var library = try Self.partials.mapValues { try Template($0) }
        library["main"] = try Template(template)
        var renderer = TemplateRenderer(library: library)
        renderer.render(library["main"]!, with: Self.data.templateValue)
        return String(decoding: renderer.out, as: UTF8.self)
    }

    func reference(_ template: String) throws -> String {
        var templates = try Self.partials.mapValues { try MustacheTemplate(string: $0) }
        templates["main"] = try MustacheTemplate(string: template)
        return MustacheLibrary(templates: templates).render(Reference(object: Self.data), withTemplate: "main") ?? "(no template)"
    }

    @Test(arguments: templates)
    func rendersAsTheReference(_ template: String) throws {
        let ours = try ours(template)
        #expect(ours == (try reference(template)))
        #expect(!ours.isEmpty)
    }

    @Test func escapesTheFiveCharacters() throws {
        #expect(try ours("{{name}}") == "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;")
        #expect(try ours("{{{name}}}") == #"<b>"Tom" & 'Jerry'</b>"#)
        #expect(try ours("{{#items}}{{.}}{{^last()}}, {{/last()}}{{/items}}") == "alpha, beta, gamma")
    }

    /// Every page of a site, through the default theme, byte for byte.
    @Test func everyPageOfASiteRendersAsTheReference() throws {
        let sources = Fixture.sources(cases: ["base-case.md": Fixture.baseCase, "lab.md": Fixture.secondCase],
                                      pages: SiteRenderTests.pages, media: ["media/lab plan.svg"])
        let renderer = Fixture.renderer(sources, drafts: true)
        let theme = renderer.theme
        var templates: [String: MustacheTemplate] = [:]
        for (name, bytes) in DefaultTheme.files where name.hasSuffix(".mustache") {
            templates[String(name.dropLast(".mustache".count))] = try MustacheTemplate(string: String(decoding: bytes, as: UTF8.self))
        }
        let library = MustacheLibrary(templates: templates)
        var pages = 0
        for job in renderer.jobs {
            guard let page = renderer.page(job) else { continue }
            guard case .object(let view) = page.view.templateValue else { Issue.record("\(job) has no view"); continue }
            let ours = String(decoding: theme.render(page.view, template: page.template), as: UTF8.self)
            let expected = library.render(Reference(object: view), withTemplate: page.template)
            #expect(ours == expected, "\(page.path)")
            pages += 1
        }
        #expect(pages > 20)
    }

    // MARK: errors

    func error(_ template: String) -> TemplateSyntaxError? {
        do { _ = try Template(template); return nil } catch { return error }
    }

    @Test func aSectionLeftOpenIsReportedAtTheEnd() throws {
        let e = try #require(error("<ul>\n{{#items}}\n<li>{{.}}</li>\n"))
        #expect(e.kind == .sectionNotClosed("items"))
        #expect((e.line, e.column) == (4, 1))
        #expect(e.message == "the section {{#items}} is not closed")
    }

    @Test func aClosingTagThatDoesNotMatchIsReportedAtItsName() throws {
        let e = try #require(error("{{<layout}}{{$main}}\n<p>{{#a}}</p>{{/b}}\n{{/main}}{{/layout}}\n"))
        #expect(e.kind == .closeDoesNotMatch(open: "a", close: "b"))
        #expect((e.line, e.column) == (2, 17))
    }

    @Test func anUnknownTransformIsAnErrorWithTheClosestName() throws {
        let e = try #require(error("x\n{{#items}}{{^lats()}}, {{/lats()}}{{/items}}"))
        #expect(e.kind == .unknownTransform("lats", suggestion: "last"))
        #expect(e.hint == "did you mean 'last'?")
        #expect(e.line == 2)
    }

    @Test func otherMistakes() {
        #expect(error("{{name")?.kind == .unfinishedTag)
        #expect(error("{{/name}}")?.kind == .closeDoesNotMatch(open: nil, close: "name"))
        #expect(error("{{<parent}}{{name}}{{/parent}}")?.kind == .notABlockInParent)
        #expect(error("{{=<% =}}")?.kind == .invalidSetDelimiter)
        #expect(error("{{% CONTENT_TYPE: TEXT }}")?.kind == .unsupportedPragma)
        #expect(error("{{$uppercased(x)}}{{/uppercased(x)}}")?.kind == .transformOnBlock)
    }

    @Test func referencesListEveryPartialAndParentWithItsPosition() throws {
        let template = try Template("{{<layout}}{{$main}}\n  {{>case-card}}\n{{#a}}{{>chain}}{{/a}}\n{{/main}}{{/layout}}")
        #expect(template.references == [
            TemplateReference(name: "layout", line: 1, column: 1),
            TemplateReference(name: "case-card", line: 2, column: 3),
            TemplateReference(name: "chain", line: 3, column: 7),
        ])
    }
}

extension TemplateValue {
    /// The Swift value behind a template value, objects and lists through the closures.
    func swiftValue(object: (any TemplateObject) -> Any = { $0 }, list: (any TemplateList) -> Any = { $0 }) -> Any? {
        switch self {
        case .missing: nil
        case .text(let s): s
        case .int(let n): n
        case .bool(let b): b
        case .object(let o): object(o)
        case .list(let l): list(l)
        }
    }
}

import CasebookCore
import CasebookTestSupport
import Testing

/// One test per diagnostic code: the code, the line and the column, on a small fixture.
@Suite struct DiagnosticCodeTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var code: DiagnosticCode
        var cases: [String: String]
        var line: Int
        var column: Int
        var file = "content/cases/base.md"
        var enterprises: String? = nil
        /// A template of the theme to replace, by file name, for CB060.
        var template: (name: String, text: String)? = nil
        var testDescription: String { "\(code.rawValue) at \(line):\(column)" }
    }

    static func base(_ old: String, _ new: String) -> [String: String] {
        ["base.md": Fixture.baseCase(replacing: old, with: new)]
    }

    static let examples: [Example] = [
        Example(code: .cb001, cases: ["base.md": "# No front matter\n"], line: 1, column: 1),
        Example(code: .cb001, cases: ["base.md": "---\ntitle: never closed\n"], line: 1, column: 1),
        Example(code: .cb002, cases: base("title: Base case", "title: [unclosed"), line: 3, column: 8),
        Example(code: .cb002, cases: base("summary:", "title: Again\nsummary:"), line: 3, column: 1),
        Example(code: .cb003, cases: ["base.md": "---\n- a list\n---\nBody\n"], line: 2, column: 1),
        Example(code: .cb003, cases: base("title: Base case", "title: [a, b]"), line: 2, column: 8),
        Example(code: .cb004, cases: ["base.md": Fixture.baseCase], line: 1, column: 1),  // replaced below
        Example(code: .cb010, cases: base("title: Base case\n", ""), line: 1, column: 1),
        Example(code: .cb010, cases: base("  profession: 0612\n", ""), line: 6, column: 1),
        Example(code: .cb011, cases: base("title: Base case", "title: Base case\ncolour: red"), line: 3, column: 1),
        Example(code: .cb012, cases: base("date: 2023-07-15", "date: 2023-02-30"), line: 4, column: 7),
        Example(code: .cb012, cases: base("model: order-class", "model: order-clas"), line: 5, column: 8),
        Example(code: .cb020, cases: base("occupation: 2522", "occupation: 2599"), line: 10, column: 15),
        Example(code: .cb021, cases: base("industry: J", "industry: 62"), line: 7, column: 13),
        Example(code: .cb022, cases: base("sector: 63", "sector: 10"), line: 8, column: 11),
        Example(code: .cb023, cases: base("enterprise: northcloud", "enterprise: nortcloud"), line: 9, column: 15),
        Example(code: .cb024, cases: base("enterprise: northcloud", "enterprise: quillbyte"), line: 9, column: 15),
        Example(code: .cb030, cases: base("  students_enrolled: 120", "  students_enrolled: 120\n  student_enroled: 5"), line: 14, column: 3),
        Example(code: .cb031, cases: base("students_enrolled: 120", "students_enrolled: many"), line: 13, column: 22),
        Example(code: .cb032, cases: base("students_enrolled: 120", "students_enrolled: -5"), line: 13, column: 22),
        Example(code: .cb032, cases: base("students_enrolled: 120", "students_enrolled: 11111111111111111168"), line: 13, column: 22),
        Example(code: .cb033, cases: base("students_enrolled: 120", "graduates: 100"), line: 12, column: 1),
        Example(code: .cb034, cases: base("metrics:", "factors: {policy: 7}\nmetrics:"), line: 12, column: 19),
        Example(code: .cb034, cases: base("metrics:", "factors: {polcy: 3}\nmetrics:"), line: 12, column: 11),
        Example(code: .cb040, cases: ["a.md": Fixture.baseCase, "b.md": Fixture.baseCase(replacing: "title:", with: "id: a\ntitle:")],
                line: 2, column: 5, file: "content/cases/b.md"),
        Example(code: .cb041, cases: base("Body text.", "See [the other](missing-case.md)."), line: 17, column: 17),
        Example(code: .cb042, cases: ["base.md": String(Fixture.baseCase.prefix { $0 != "#" })], line: 14, column: 1),
        Example(code: .cb050, cases: ["base.md": Fixture.baseCase], line: 2, column: 1, file: "content/enterprises.yml",
                enterprises: "northcloud: {name: NorthCloud, sector: \"63\"}\nbroken: {name: No Sector}\n"),
        Example(code: .cb060, cases: [:], line: 2, column: 17, file: "templates/case.mustache",
                template: ("case.mustache", "{{<layout}}{{$main}}\n<p>{{#a}}</p>{{/b}}\n{{/main}}{{/layout}}\n")),
        Example(code: .cb060, cases: [:], line: 3, column: 1, file: "templates/case.mustache",
                template: ("case.mustache", "{{<layout}}{{$main}}\n<h1>x</h1>\n{{>chian}}\n{{/main}}{{/layout}}\n")),
    ]

    @Test(arguments: examples)
    func reportsCodeAtLocation(_ example: Example) {
        var cases = example.cases
        if example.code == .cb004 {
            let diagnostics = SiteChecker().check(Self.invalidUTF8Sources()).diagnostics
            #expect(diagnostics.map(\.code) == [.cb004])
            #expect(diagnostics.first.map { ($0.location.line, $0.location.column) } ?? (0, 0) == (3, 13))
            return
        }
        cases = example.cases
        let diagnostics = example.template.map { Theme.compile(overrides: [$0.name: SourceFile(path: "templates/" + $0.name, text: $0.text)]).1 }
            ?? Fixture.diagnostics(cases: cases, enterprises: example.enterprises)
        #expect(diagnostics.count == 1, "\(diagnostics)")
        let d = try! #require(diagnostics.first)
        #expect(d.code == example.code)
        #expect(d.location.path == example.file)
        #expect(d.location.line == example.line)
        #expect(d.location.column == example.column)
        #expect(d.severity == example.code.severity)
    }

    static func invalidUTF8Sources() -> SiteSources {
        var bytes = Array(Fixture.baseCase.utf8)
        let at = Array("---\ntitle: Base case\nsummary".utf8).count
        bytes.insert(contentsOf: [0x20, 0xC3, 0x28], at: at + 4)  // "summary: A " + space, then a broken sequence at column 13
        var sources = Fixture.sources(cases: [:])
        sources.cases = [ContentFile(relativePath: "cases/base.md", file: SourceFile(path: "content/cases/base.md", bytes: bytes))]
        return sources
    }

    @Test func everyCodeHasAnExample() {
        #expect(Set(Self.examples.map(\.code)) == Set(DiagnosticCode.allCases))
    }

    @Test func baseCaseIsValid() {
        #expect(Fixture.diagnostics(cases: ["base.md": Fixture.baseCase]) == [])
    }
}

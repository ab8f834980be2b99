public import CasebookCore
import Foundation

/// Paths of the repository and of the shared data beside it.
public enum Repository {
    /// The package root, found from this file's path.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `../shared` from the package root.
    public static let shared = root + "/../shared"

    /// A new temporary folder holding a copy of the shipped `content/` (and an empty
    /// `templates/` when asked), for tests that edit a site; the caller removes it.
    public static func copyOfShowcase(emptyTemplates: Bool = false) throws -> String {
        let folder = NSTemporaryDirectory() + "casebook-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: root + "/content", toPath: folder + "/content")
        if emptyTemplates { try FileManager.default.createDirectory(atPath: folder + "/templates", withIntermediateDirectories: true) }
        return folder
    }
}

/// A small valid site in memory: the showcase's configuration files and one base case,
/// which a test edits to make exactly the problem it is about.
public enum Fixture {
    public static let siteYAML = """
        title: Test showcase
        base_url: https://example.org/
        """

    public static let enterprisesYAML = """
        northcloud: {name: NorthCloud Data Services, sector: "63", country: CN, size: large}
        quillbyte: {name: Quillbyte Software, sector: "62"}
        """

    /// The shipped schema, read from `content/schema.yml`.
    public static var schemaYAML: String {
        (try? String(contentsOfFile: Repository.root + "/content/schema.yml", encoding: .utf8)) ?? ""
    }

    public static let baseCase = """
        ---
        title: Base case
        summary: A valid case used by the tests.
        date: 2023-07-15
        model: order-class
        tiers:
          industry: J
          sector: 63
          enterprise: northcloud
          occupation: 2522
          profession: 0612
        metrics:
          students_enrolled: 120
        ---
        ## Background

        Body text.

        """

    /// Sources of a site whose cases are `cases` (file name → text) besides nothing else.
    public static func sources(cases: [String: String], pages: [String: String] = [:], media: Set<String> = [],
                               schema: String? = nil, enterprises: String? = nil, site: String? = nil) -> SiteSources {
        SiteSources(
            siteConfig: SourceFile(path: "content/site.yml", text: site ?? siteYAML),
            schema: SourceFile(path: "content/schema.yml", text: schema ?? schemaYAML),
            enterprises: SourceFile(path: "content/enterprises.yml", text: enterprises ?? enterprisesYAML),
            cases: cases.map { ContentFile(relativePath: "cases/\($0.key)", file: SourceFile(path: "content/cases/\($0.key)", text: $0.value)) },
            pages: pages.map { ContentFile(relativePath: "pages/\($0.key)", file: SourceFile(path: "content/pages/\($0.key)", text: $0.value)) },
            media: media)
    }

    /// The base case with one line replaced: `replacing` → `with`.
    public static func baseCase(replacing old: String, with new: String) -> String {
        precondition(baseCase.contains(old), "the base case has no '\(old)'")
        return baseCase.replacingOccurrences(of: old, with: new)
    }

    /// Checks a site made of these cases and returns its diagnostics.
    public static func diagnostics(cases: [String: String], pages: [String: String] = [:], media: Set<String> = [],
                                   schema: String? = nil, enterprises: String? = nil, drafts: Bool = false) -> [Diagnostic] {
        SiteChecker(includeDrafts: drafts)
            .check(sources(cases: cases, pages: pages, media: media, schema: schema, enterprises: enterprises))
            .diagnostics
    }
}

extension Fixture {
    /// The files of the site built from these sources with the default theme, by path;
    /// nil when the check or the theme has errors.
    public static func site(_ sources: SiteSources, drafts: Bool = false, templates: [String: String] = [:]) -> [String: String]? {
        let result = SiteChecker(includeDrafts: drafts).check(sources)
        let (theme, problems) = Theme.compile(overrides: templates.mapValues { SourceFile(path: "templates/x", text: $0) })
        guard let theme, result.diagnostics.errorCount == 0, problems.errorCount == 0 else { return nil }
        let renderer = SiteRenderer(model: SiteModel(result: result, includeDrafts: drafts), theme: theme)
        return Dictionary(uniqueKeysWithValues: renderer.renderAll().map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
    }

    /// A renderer of these sources with the default theme, the model keeping drafts when
    /// `drafts` is true.
    public static func renderer(_ sources: SiteSources, drafts: Bool = false) -> SiteRenderer {
        SiteRenderer(model: SiteModel(result: SiteChecker().check(sources), includeDrafts: drafts), theme: Theme.compile().0!)
    }

    /// A second case for sites of more than one: another enterprise, occupation and
    /// profession in the same industry, with more metrics.
    public static let secondCase = """
        ---
        title: Software Testing Joint Lab
        summary: A joint lab where students test the enterprise's products.
        date: 2024-03-01
        model: joint-lab
        region: Shenzhen, China
        partners:
          - {name: Example University, role: university}
          - {name: Quillbyte Software, role: enterprise}
        tiers:
          industry: J
          sector: 62
          enterprise: quillbyte
          occupation: [2519, 2522]
          profession: [0613, 0612]
        factors: {policy: 3, culture: 4, organization: 4}
        metrics:
          students_enrolled: 80
          employment_rate: 91.5%
          weeks_to_productivity: 6
          enterprise_investment: 1200000.5
        tags: [testing]
        ---
        ## Background

        See [the base case](base-case.md#background) and [about](../pages/about.md).

        ## Results

        ### Numbers

        ![Diagram](../media/lab%20plan.svg)
        """
}

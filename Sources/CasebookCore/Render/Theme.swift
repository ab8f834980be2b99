/// The compiled templates and assets of a build: the default theme carried in the tool,
/// with any file of the site's own templates folder taking the place of the one of the
/// same name.
public struct Theme: Sendable {
    /// Compiled templates by name (`case`, `case-card`), partials and pages alike.
    public var library: [String: Template]
    /// Files under `assets/`, by their path in the output (`assets/site.css`).
    public var assets: [String: [UInt8]]

    /// The page templates the renderer asks for by name.
    public static let pageTemplates = ["home", "cases", "case", "tier", "term", "compare", "report", "page", "not-found"]

    /// Compiles the default theme overridden by `overrides` (files by their path inside
    /// the templates folder: `case.mustache`, `assets/site.css`). Every template that fails
    /// to parse or names a partial that does not exist is a CB060 diagnostic.
    public static func compile(overrides: [String: SourceFile] = [:]) -> (Theme?, [Diagnostic]) {
        var files: [String: SourceFile] = [:]
        for (name, bytes) in DefaultTheme.files {
            files[name] = SourceFile(path: "templates/" + name, bytes: bytes)
        }
        for (name, file) in overrides { files[name] = file }

        var templates: [String: (Template, SourceFile)] = [:]
        var assets: [String: [UInt8]] = [:]
        var diagnostics: [Diagnostic] = []
        for name in files.keys.sorted() {
            let file = files[name]!
            if name.hasPrefix("assets/") { assets[name] = file.bytes; continue }
            guard name.hasSuffix(".mustache") else { continue }
            let text: String
            switch file.decodedText() {
            case .failure(let d): diagnostics.append(d); continue
            case .success(let t): text = t
            }
            do {
                templates[String(name.dropLast(".mustache".count))] = (try Template(text), file)
            } catch {
                diagnostics.append(Diagnostic(
                    .cb060, at: SourceLocation(path: file.path, line: error.line, column: error.column),
                    "template \(name) does not parse: \(error.message)", hint: error.hint))
            }
        }
        for (name, (template, file)) in templates.sorted(by: { $0.key < $1.key }) {
            for reference in template.references where templates[reference.name] == nil {
                let known = templates.keys.sorted()
                diagnostics.append(Diagnostic(
                    .cb060, at: SourceLocation(path: file.path, line: reference.line, column: reference.column),
                    "template \(name) names a partial '\(reference.name)' that does not exist",
                    hint: closest(to: reference.name, in: known).map { "did you mean '\($0)'?" }
                        ?? "partials are the .mustache files of the templates folder, named without the extension",
                    span: reference.name.count + 3))
            }
        }
        for name in pageTemplates where templates[name] == nil && !diagnostics.contains(where: { $0.location.path.hasSuffix("/\(name).mustache") }) {
            diagnostics.append(Diagnostic(.cb060, at: SourceLocation(path: "templates/\(name).mustache", line: 1, column: 1),
                                          "the page template \(name).mustache is missing"))
        }
        diagnostics.sort()
        guard diagnostics.allSatisfy({ $0.severity != .error }) else { return (nil, diagnostics) }
        return (Theme(library: templates.mapValues(\.0), assets: assets), diagnostics)
    }

    /// Renders a page template with its view, as UTF-8; list items that `fragments`
    /// holds from an earlier page are copied from there (the same bytes). With `page`,
    /// its path in the site, where the items lie in it is noted for the next build when
    /// `fragments` outlast this one (`TemplateFragments.located`).
    public func render(_ view: some TemplateValueConvertible, template: String, fragments: TemplateFragments? = nil,
                       page: String? = nil) -> [UInt8] {
        guard let compiled = library[template] else { return [] }
        // Room for the page as large as it was last time, when that is known: the report
        // of 10,000 cases (31 MB) was copied as it grew.
        var renderer = TemplateRenderer(library: library, fragments: fragments, capacity: page.flatMap { fragments?.previousSize(of: $0) } ?? 0,
                                        locating: page != nil)
        renderer.render(compiled, with: view.templateValue)
        if let page, renderer.locating { fragments?.located(page: page, bytes: renderer.out, renderer.locations) }
        return renderer.out
    }
}

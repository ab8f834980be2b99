public import Mustache

/// The compiled templates and assets of a build: the default theme carried in the tool,
/// with any file of the site's own templates folder taking the place of the one of the
/// same name.
public struct Theme: Sendable {
    public var library: MustacheLibrary
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

        var templates: [String: (MustacheTemplate, SourceFile, String)] = [:]
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
                templates[String(name.dropLast(".mustache".count))] = (try MustacheTemplate(string: text), file, text)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(Diagnostic(
                    .cb060, at: SourceLocation(path: file.path, line: error.context.lineNumber, column: error.context.columnNumber),
                    "template \(name) does not parse: \(describe(error.error))",
                    hint: "check that every {{#section}} and {{<parent}} is closed by a matching {{/name}}"))
            } catch {
                diagnostics.append(Diagnostic(.cb060, at: SourceLocation(path: file.path, line: 1, column: 1),
                                              "template \(name) does not parse: \(error)"))
            }
        }
        for (name, (_, file, text)) in templates.sorted(by: { $0.key < $1.key }) {
            for reference in partialReferences(in: text) where templates[reference.name] == nil {
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
        return (Theme(library: MustacheLibrary(templates: templates.mapValues(\.0)), assets: assets), diagnostics)
    }

    /// Renders a page template with its view.
    public func render(_ view: Any, template: String) -> String {
        library.render(view, withTemplate: template) ?? ""
    }

    /// Partial (`{{>name}}`) and parent (`{{<name}}`) tags in a template, with their
    /// 1-based line and column. A scan of the text, as the parser keeps its tokens private.
    static func partialReferences(in text: String) -> [(name: String, line: Int, column: Int)] {
        var result: [(String, Int, Int)] = []
        let scalars = Array(text.unicodeScalars)
        var line = 1, column = 1, i = 0
        while i < scalars.count {
            if scalars[i] == "{", i + 2 < scalars.count, scalars[i + 1] == "{", scalars[i + 2] == ">" || scalars[i + 2] == "<" {
                var j = i + 3
                var name = ""
                while j < scalars.count, scalars[j] != "}" { name.unicodeScalars.append(scalars[j]); j += 1 }
                let trimmed = name.trimmingSpaces
                if !trimmed.isEmpty, !trimmed.hasPrefix("*") { result.append((trimmed, line, column)) }
            }
            if scalars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        return result
    }

    static func describe(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: "a closing tag does not match the section it closes"
        case .unfinishedName?: "a tag is not finished"
        case .expectedSectionEnd?: "a section is not closed"
        case .invalidSetDelimiter?: "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection?: "a transform is applied to an inheritance section"
        case .illegalTokenInsideInheritSection?, .textInsideInheritSection?: "a parent tag holds something other than {{$blocks}}"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?: "a {{% config }} tag is not understood"
        case nil: "\(error)"
        }
    }
}

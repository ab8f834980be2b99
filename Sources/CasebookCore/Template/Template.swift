/// A compiled Mustache template: parsed once into a flat program (`TemplateProgram`), rendered many times.
///
/// The language is Mustache as the theme's documentation describes it: variables
/// (`{{x}}` escaped, `{{{x}}}` and `{{&x}}` not), dotted names, `{{.}}`, sections and
/// inverted sections, comments, partials with standalone indentation, set delimiters,
/// template inheritance (`{{<parent}}{{$block}}…{{/block}}{{/parent}}`) and transforms
/// (`{{^last()}}`, `{{uppercased(name)}}`), with the whitespace rules of the Mustache spec.
public struct Template: Sendable {
    /// The parsed template as a render runs it.
    let program: TemplateProgram
    /// Every partial and parent tag, with its position, in document order.
    public let references: [TemplateReference]

    /// Parses `text`; throws `TemplateSyntaxError` at the line and column of the problem.
    public init(_ text: String) throws(TemplateSyntaxError) {
        var parser = TemplateParser(text)
        let nodes = try parser.parseAll()
        program = TemplateProgram(nodes)
        references = Self.references(in: nodes)
    }

    private static func references(in nodes: [TemplateNode]) -> [TemplateReference] {
        var found: [TemplateReference] = []
        func walk(_ nodes: [TemplateNode]) {
            for node in nodes {
                switch node {
                case .text, .variable: break
                case .section(_, let body, _): walk(body)
                case .block(_, let body, _): walk(body)
                case .partial(let reference, _, let overrides):
                    found.append(reference)
                    for name in (overrides ?? [:]).keys.sorted() { walk(overrides![name]!) }
                }
            }
        }
        walk(nodes)
        return found.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }
}

/// A `{{>name}}` or `{{<name}}` tag: the template it names and where it stands.
public struct TemplateReference: Sendable, Hashable {
    public var name: String
    public var line: Int
    public var column: Int
}

/// A name as a tag writes it, resolved once at parse time.
struct TemplatePath: Sendable, Hashable {
    enum Start: Sendable, Hashable {
        /// `{{.}}`: the current value.
        case current
        /// `{{.name}}`: a key of the current value only.
        case anchored
        /// `{{name}}`: the first value up the context stack that has the key.
        case stack
        /// `{{last()}}`: no name, only transforms, which apply to the position in a list.
        case position
    }
    var start: Start
    var keys: [String]
    /// Applied innermost first: `a(b(name))` is `["a", "b"]`.
    var transforms: [String]
}

indirect enum TemplateNode: Sendable {
    case text([UInt8])
    case variable(TemplatePath, escaped: Bool)
    case section(TemplatePath, [TemplateNode], inverted: Bool)
    /// `{{$name}}default{{/name}}` outside a parent tag: a block a child template may replace.
    case block(String, [TemplateNode], indentation: [UInt8])
    /// `{{>name}}` (no overrides) or `{{<name}}…{{/name}}` (overrides by block name).
    /// The indentation is that of a standalone tag, given to every line of the partial.
    case partial(TemplateReference, indentation: [UInt8]?, overrides: [String: [TemplateNode]]?)
}

/// Why a template does not parse, and where.
public struct TemplateSyntaxError: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case closeDoesNotMatch(open: String?, close: String)
        case unfinishedTag
        case sectionNotClosed(String)
        case invalidSetDelimiter
        case transformOnBlock
        case notABlockInParent
        case unknownTransform(String, suggestion: String?)
        case unsupportedPragma
    }
    public var kind: Kind
    public var line: Int
    public var column: Int

    public var message: String {
        switch kind {
        case .closeDoesNotMatch(let open?, let close): "the closing tag {{/\(close)}} does not match the open section {{#\(open)}}"
        case .closeDoesNotMatch(nil, let close): "the closing tag {{/\(close)}} closes no open section"
        case .unfinishedTag: "a tag is not finished"
        case .sectionNotClosed(let name): "the section {{#\(name)}} is not closed"
        case .invalidSetDelimiter: "a set-delimiter tag is malformed"
        case .transformOnBlock: "a transform is applied to a {{$block}}"
        case .notABlockInParent: "a parent tag {{<name}} holds something other than {{$blocks}}"
        case .unknownTransform(let name, _): "'\(name)' is not a transform"
        case .unsupportedPragma: "{{% pragma }} tags are not supported"
        }
    }

    public var hint: String {
        switch kind {
        case .unknownTransform(_, let suggestion?): "did you mean '\(suggestion)'?"
        case .unknownTransform: "the transforms are " + TemplateValue.transformNames.sorted().joined(separator: ", ")
        case .unfinishedTag: "a tag is a name between {{ and }}: letters, digits, and . - _ ? ( )"
        default: "check that every {{#section}} and {{<parent}} is closed by a matching {{/name}}"
        }
    }
}

/// Collects the diagnostics of one file, and reads located YAML on its behalf.
///
/// For `site.yml`, `schema.yml`, `enterprises.yml` and registry files (`configFile`),
/// every problem is CB050 except an unknown key, which stays CB011 (SPEC §4).
public struct Reporter: Sendable {
    public let path: String
    public let configFile: Bool
    public private(set) var diagnostics: [Diagnostic] = []

    public init(path: String, configFile: Bool = false) {
        self.path = path
        self.configFile = configFile
    }

    public func location(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(path: path, line: node.line, column: node.column)
    }

    public mutating func report(_ code: DiagnosticCode, at node: YAMLNode, _ message: String, hint: String? = nil) {
        report(code, at: location(node), message, hint: hint, span: Self.span(of: node))
    }

    public mutating func report(
        _ code: DiagnosticCode, at location: SourceLocation, _ message: String, hint: String? = nil, span: Int = 1
    ) {
        let effective: DiagnosticCode = configFile && code != .cb011 ? .cb050 : code
        diagnostics.append(Diagnostic(effective, at: location, message, hint: hint, span: span))
    }

    /// How many columns a caret under this node covers: its text when on one line.
    static func span(of node: YAMLNode) -> Int {
        guard let s = node.scalar, !s.text.contains("\n") else { return 1 }
        return s.text.unicodeScalars.count + (s.style == .quoted ? 2 : 0)
    }
}

extension Reporter {
    /// The pairs of a mapping by key, reporting the wrong shape (CB003), non-scalar keys
    /// (CB003) and unknown keys (CB011, with the closest known key). Nil when `node` is
    /// not a mapping.
    public mutating func fields(
        of node: YAMLNode, named name: String, known: [String]?
    ) -> YAMLFields? {
        if node.isNull { return YAMLFields() }  // `field:` with nothing after it: an empty mapping
        guard let pairs = node.mapping else {
            report(.cb003, at: node, "\(name) must be a mapping, not \(node.shapeName)",
                   hint: "write it as `key: value` lines or `{key: value}`")
            return nil
        }
        var result = YAMLFields(minimumCapacity: pairs.count)
        for pair in pairs {
            guard let key = pair.keyText else {
                report(.cb003, at: pair.key, "a key in \(name) is \(pair.key.shapeName), not a name")
                continue
            }
            // Lengths first: two names of different lengths are told apart without a
            // call (every other comparison of unequal strings is one).
            if let known, !known.contains(where: { $0.utf8.count == key.utf8.count && $0 == key }) {
                let suggestion = closest(to: key, in: known)
                report(.cb011, at: pair.key, "unknown field '\(key)' in \(name)",
                       hint: suggestion.map { "did you mean '\($0)'?" } ?? "known fields: \(known.joined(separator: ", "))")
                continue
            }
            result[key] = pair
        }
        return result
    }

    /// Reports each of `required` that `fields` lacks (CB010), at `anchor`.
    public mutating func requireKeys(
        _ required: [String], in fields: YAMLFields, of name: String, at anchor: SourceLocation
    ) {
        for key in required {
            let pair = fields[key]
            guard pair?.value.isNull ?? true else { continue }
            if let pair {
                report(.cb010, at: pair.key, "required field '\(key)' of \(name) has no value")
            } else {
                report(.cb010, at: anchor, "required field '\(key)' missing from \(name)")
            }
        }
    }

    /// The text of a scalar field; reports a list or mapping (CB003). Nil for null.
    /// `field` is made only for a report: most are interpolated ("a sector code"), and
    /// a check asks this of every field of 10,000 cases.
    public mutating func text(_ node: YAMLNode, field: @autoclosure () -> String) -> String? {
        guard let scalar = node.scalar else {
            report(.cb003, at: node, "\(field()) must be a single value, not \(node.shapeName)")
            return nil
        }
        return scalar.resolved == .null ? nil : scalar.text
    }

    /// A boolean field (`true` / `false`); anything else is CB012.
    public mutating func bool(_ node: YAMLNode, field: String) -> Bool? {
        guard let text = text(node, field: field) else { return nil }
        if case .bool(let b) = node.scalar!.resolved { return b }
        report(.cb012, at: node, "\(field) must be true or false, not '\(text)'")
        return nil
    }

    /// A list of scalars; a single scalar counts as a list of one when `allowSingle`.
    public mutating func list(_ node: YAMLNode, field: @autoclosure () -> String, allowSingle: Bool) -> [YAMLNode]? {
        if let items = node.sequence { return items }
        if node.isNull { return [] }
        if allowSingle, node.scalar != nil { return [node] }
        report(.cb003, at: node, "\(field()) must be a list, not \(node.shapeName)",
               hint: "write it as `[a, b]` or as `- item` lines")
        return nil
    }
}

extension YAMLNode {
    public var isNull: Bool { scalar?.resolved == .null }
}

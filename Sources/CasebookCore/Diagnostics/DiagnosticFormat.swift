/// How diagnostics are written (SPEC §4): for people, for programs, for GitHub Actions.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    case human, json, github
}

/// Writes diagnostics in each format. Pure: the caller prints.
public struct DiagnosticFormatter: Sendable {
    public var format: DiagnosticFormat
    /// ANSI colour, for a terminal without `NO_COLOR`.
    public var color: Bool
    /// The text of each file by path, for the source line under a human diagnostic.
    public var sourceTexts: [String: String]

    public init(format: DiagnosticFormat, color: Bool = false, sourceTexts: [String: String] = [:]) {
        self.format = format
        self.color = color
        self.sourceTexts = sourceTexts
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        switch format {
        case .human: diagnostics.map(human).joined()
        case .json: json(diagnostics)
        case .github: diagnostics.map(github).joined()
        }
    }

    /// `2 errors, 1 warning in 14 cases`.
    public static func summary(_ diagnostics: [Diagnostic], cases: Int) -> String {
        let e = diagnostics.errorCount, w = diagnostics.warningCount
        let counted = "\(plural(e, "error")), \(plural(w, "warning"))"
        return "\(counted) in \(plural(cases, "case"))"
    }

    public static func plural(_ n: Int, _ noun: String) -> String {
        "\(formatCount(n)) \(noun)\(n == 1 ? "" : "s")"
    }

    /// `1,234`: thousands separated by commas.
    public static func formatCount(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}

extension DiagnosticFormatter {
    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func human(_ d: Diagnostic) -> String {
        let tone = d.severity == .error ? "1;31" : "1;33"
        var out = paint("\(d.location):", "1") + " " + paint("\(d.severity.rawValue)[\(d.code.rawValue)]", tone)
            + paint(": \(d.message)", "1") + "\n"
        let text = sourceTexts[d.location.path]
        if let text, let source = Self.line(d.location.line, of: text) {
            let number = String(d.location.line)
            let gutter = String(repeating: " ", count: number.count)
            out += paint("\(gutter) |", "1;34") + "\n"
            out += paint("\(number) |", "1;34") + " \(Self.printable(source))\n"
            out += paint("\(gutter) |", "1;34") + " " + paint(Self.caret(under: source, column: d.location.column, span: d.span), tone) + "\n"
        }
        if let hint = d.hint {
            out += paint("\(text == nil ? "" : String(repeating: " ", count: String(d.location.line).count) + " ")= hint:", "1;36") + " \(hint)\n"
        }
        return out
    }

    /// Line `number` (from 1) of `text`, found over bytes: a report of a thousand warnings
    /// split their files into lines a thousand times.
    static func line(_ number: Int, of text: String) -> String? {
        guard number >= 1 else { return nil }
        let utf8 = text.utf8
        var start = utf8.startIndex
        for _ in 1..<number {
            guard let newline = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            start = utf8.index(after: newline)
        }
        let end = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
        return String(text[start..<end])
    }

    /// Spaces up to the column (tabs kept, wide characters counted twice), then carets.
    static func caret(under line: String, column: Int, span: Int) -> String {
        let scalars = Array(line.unicodeScalars)
        var pad = ""
        for s in scalars.prefix(max(0, column - 1)) {
            pad += s == "\t" ? "\t" : String(repeating: " ", count: width(s))
        }
        let covered = scalars.dropFirst(max(0, column - 1)).prefix(span)
        let carets = max(1, covered.reduce(0) { $0 + width($1) })
        return pad + String(repeating: "^", count: carets)
    }

    /// Control characters shown as `�` so a binary line cannot drive the terminal.
    static func printable(_ line: String) -> String {
        String(String.UnicodeScalarView(line.unicodeScalars.map {
            ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F ? "\u{FFFD}" : $0
        }))
    }

    static func width(_ s: Unicode.Scalar) -> Int {
        switch s.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x20000...0x3FFFD: 2
        default: 1
        }
    }

    func github(_ d: Diagnostic) -> String {
        let level = d.severity == .error ? "error" : "warning"
        let message = d.message + (d.hint.map { " (hint: \($0))" } ?? "")
        return "::\(level) file=\(Self.githubProperty(d.location.path)),line=\(d.location.line),col=\(d.location.column),title=\(d.code.rawValue)::\(Self.githubData(message))\n"
    }

    /// Workflow-command escaping: `%`, CR and LF in data; also `:` and `,` in properties.
    static func githubData(_ s: String) -> String {
        s.replacingAll("%", "%25").replacingAll("\r", "%0D").replacingAll("\n", "%0A")
    }

    static func githubProperty(_ s: String) -> String {
        githubData(s).replacingAll(":", "%3A").replacingAll(",", "%2C")
    }

    func json(_ diagnostics: [Diagnostic]) -> String {
        guard !diagnostics.isEmpty else { return "[]\n" }
        let items = diagnostics.map { d in
            "  {\"file\": \(JSON.string(d.location.path)), \"line\": \(d.location.line), \"column\": \(d.location.column), "
                + "\"severity\": \(JSON.string(d.severity.rawValue)), \"code\": \(JSON.string(d.code.rawValue)), "
                + "\"message\": \(JSON.string(d.message)), \"hint\": \(d.hint.map(JSON.string) ?? "null")}"
        }
        return "[\n" + items.joined(separator: ",\n") + "\n]\n"
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

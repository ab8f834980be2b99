import CasebookCore
import CasebookTestSupport
import Foundation
import Testing

/// The examples of docs/diagnostics.md really produce the code they document.
///
/// A block ```` ```yaml example=CB022 ```` holds fields that replace or add to the base
/// case's (tier keys under `tiers`, metric keys under `metrics`, `-key` removes one); a
/// block ```` ```text example=CB041 file=cases/x.md ```` is a whole file of the site.
@Suite struct DocumentedExampleTests {
    struct Example: Sendable, CustomTestStringConvertible {
        var code: String
        var file: String?
        var text: String
        var testDescription: String { "\(code)\(file.map { " in \($0)" } ?? "")" }
    }

    static let examples: [Example] = {
        guard let doc = try? String(contentsOfFile: Repository.root + "/docs/diagnostics.md", encoding: .utf8) else { return [] }
        var result: [Example] = []
        var current: Example?
        for line in doc.split(separator: "\n", omittingEmptySubsequences: false) {
            if var example = current {
                if line.hasPrefix("```") { result.append(example); current = nil } else { example.text += line + "\n"; current = example }
                continue
            }
            guard line.hasPrefix("```"), line.contains("example=") else { continue }
            let words = line.dropFirst(3).split(separator: " ")
            let attributes = Dictionary(words.compactMap { w -> (String, String)? in
                let kv = w.split(separator: "=", maxSplits: 1)
                return kv.count == 2 ? (String(kv[0]), String(kv[1])) : nil
            }, uniquingKeysWith: { a, _ in a })
            current = Example(code: attributes["example"] ?? "", file: attributes["file"], text: "")
        }
        return result
    }()

    static let tierKeys: Set<String> = Set(Tier.allCases.map(\.rawValue))

    static func metricKeys() -> Set<String> {
        Set(Schema.parse(SourceFile(path: "schema.yml", text: Fixture.schemaYAML)).0?.metrics.map(\.key) ?? [])
    }

    /// The base case with the snippet's fields applied.
    static func apply(_ snippet: String, to base: String) -> String {
        var lines = base.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let metrics = metricKeys()
        var fields: [(key: String, lines: [String])] = []
        for line in snippet.split(separator: "\n") {
            if line.first?.isWhitespace == true, !fields.isEmpty { fields[fields.count - 1].lines.append(String(line)); continue }
            let key = String(line.prefix { $0 != ":" })
            fields.append((key, [String(line)]))
        }
        for (rawKey, fieldLines) in fields {
            let remove = rawKey.hasPrefix("-")
            let key = remove ? String(rawKey.dropFirst()) : rawKey
            let nested = tierKeys.contains(key) ? "tiers" : metrics.contains(key) ? "metrics" : nil
            let indent = nested == nil ? "" : "  "
            let replacement = fieldLines.map { indent + ($0.hasPrefix("-") ? String($0.dropFirst()) : $0) }
            let closing = lines.indices.dropFirst().first { lines[$0] == "---" } ?? lines.count
            let index = lines[..<closing].firstIndex { $0.hasPrefix(indent + key + ":") && !(indent.isEmpty && $0.hasPrefix(" ")) }
            if let index {
                var end = index + 1
                while end < closing, lines[end].hasPrefix(indent + " "), nested == nil || lines[end].hasPrefix(indent + "  ") { end += 1 }
                lines.replaceSubrange(index..<end, with: remove ? [] : replacement)
            } else if !remove {
                let anchor = nested.flatMap { n in lines.firstIndex { $0 == n + ":" }.map { $0 + 1 } } ?? closing
                lines.insert(contentsOf: replacement, at: anchor)
            }
        }
        return lines.joined(separator: "\n")
    }

    @Test func everyCodeButCB004HasAnExample() {
        let documented = Set(Self.examples.map(\.code))
        let expected = Set(DiagnosticCode.allCases.map(\.rawValue)).subtracting(["CB004"])
        #expect(expected.isSubset(of: documented), "missing: \(expected.subtracting(documented).sorted())")
    }

    @Test(arguments: examples)
    func exampleProducesItsCode(_ example: Example) {
        var cases = ["base-case.md": Fixture.baseCase]
        var enterprises: String?
        var schema: String?
        switch example.file {
        case nil: cases["base-case.md"] = Self.apply(example.text, to: Fixture.baseCase)
        case let file? where file.hasPrefix("cases/"): cases[String(file.dropFirst(6))] = example.text
        case "enterprises.yml": enterprises = example.text
        case "schema.yml": schema = example.text
        case let file? where file.hasPrefix("templates/"):
            let name = String(file.dropFirst("templates/".count))
            let (_, diagnostics) = Theme.compile(overrides: [name: SourceFile(path: file, text: example.text)])
            #expect(diagnostics.map(\.code.rawValue).contains(example.code), "\(diagnostics)")
            return
        case let file?: Issue.record("unsupported example file \(file)"); return
        }
        let diagnostics = Fixture.diagnostics(cases: cases, schema: schema, enterprises: enterprises ?? Self.showcaseEnterprises)
        #expect(diagnostics.map(\.code.rawValue).contains(example.code), "\(diagnostics)")
    }

    static let showcaseEnterprises = (try? String(contentsOfFile: Repository.root + "/content/enterprises.yml", encoding: .utf8))
}

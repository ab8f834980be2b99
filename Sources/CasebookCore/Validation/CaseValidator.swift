/// Checks one case document against the schema and registries (SPEC §2.2, §3), and
/// builds the typed `Case` from it. Every problem is reported; none stops the others.
public struct CaseValidator: Sendable {
    public let schema: Schema
    /// Registries by name: built-in, site CSV files, and the enterprises.
    public let registries: [String: Registry]

    public init(schema: Schema, registries: [String: Registry]) {
        self.schema = schema
        self.registries = registries
    }

    static let fields = ["title", "summary", "date", "period", "region", "model", "partners", "tiers",
                         "factors", "metrics", "tags", "draft", "id"]
    static let roles = ["university", "enterprise", "government", "research-institute", "association"]
    static let partnerFields = ["name", "role"]
    static let tierNames = Tier.allCases.map(\.rawValue)

    /// The case (nil when it has errors) and every diagnostic of the document.
    /// `fileID` is the file name without `.md`, the id unless `id` is set.
    public func validate(_ document: Document, fileID: String) -> (Case?, [Diagnostic]) {
        var r = Reporter(path: document.path)
        guard let root = document.frontMatter,
              let f = r.fields(of: root, named: "the front matter", known: Self.fields) else {
            return (nil, r.diagnostics)
        }
        let top = SourceLocation(path: document.path, line: 1, column: 1)
        r.requireKeys(["title", "summary", "date", "model", "tiers"], in: f, of: "the case", at: top)
        let placeholders = Set(f.keys.filter { reportPlaceholders(in: f[$0]!.value, field: $0, reporter: &r) })
        // An empty value (`period:`) is no value: required fields were reported above.
        func field(_ key: String) -> YAMLPair? {
            placeholders.contains(key) ? nil : f[key].flatMap { $0.value.isNull ? nil : $0 }
        }

        let title = field("title").flatMap { readText($0.value, field: "title", length: 1...200, reporter: &r) }
        let summary = field("summary").flatMap { readText($0.value, field: "summary", length: 1...400, reporter: &r) }
        let date = field("date").flatMap { readDate($0.value, reporter: &r) }
        let period = field("period").flatMap { readPeriod($0, reporter: &r) }
        let region = field("region").flatMap { r.text($0.value, field: "region") }
        let model = field("model").flatMap { readModel($0.value, reporter: &r) }
        let partners = field("partners").flatMap { readPartners($0.value, reporter: &r) } ?? []
        let tiers = readTiers(field("tiers"), top: top, reporter: &r)
        let factors = field("factors").flatMap { readFactors($0.value, reporter: &r) } ?? [:]
        let metrics = placeholders.contains("metrics") ? [:] : readMetrics(field("metrics"), top: top, reporter: &r)
        let tags = field("tags").flatMap { r.list($0.value, field: "tags", allowSingle: true) }?
            .compactMap { r.text($0, field: "a tag") } ?? []
        let draft = field("draft").flatMap { r.bool($0.value, field: "draft") } ?? false
        let id = readID(field("id"), fileID: fileID, top: top, reporter: &r)

        if document.body.allSatisfy(\.isWhitespace) {
            r.report(.cb042, at: SourceLocation(path: document.path, line: max(1, document.bodyFirstLine - 1), column: 1),
                     "case body is empty", hint: "write the case report below the closing `---`")
        }
        guard r.diagnostics.errorCount == 0, let title, let summary, let date, let model, let tiers, let id else {
            return (nil, r.diagnostics)
        }
        let value = Case(
            id: id, path: document.path, title: title, summary: summary, date: date, period: period,
            region: region, model: model, partners: partners, tiers: tiers, factors: factors, metrics: metrics,
            tags: tags, draft: draft, bodyText: FileText(slice: document.body), bodyFirstLine: document.bodyFirstLine)
        return (value, r.diagnostics)
    }
}

extension CaseValidator {
    /// A scalar left as `TODO…` (as `casebook new` writes it) is CB012 wherever it is.
    /// Returns whether the field held one, so its other checks are skipped.
    func reportPlaceholders(in node: YAMLNode, field: String, reporter r: inout Reporter) -> Bool {
        // A scalar that is no placeholder, as most fields are, needs no stack.
        if case .scalar(let s) = node.kind, !s.text.utf8.starts(with: "TODO".utf8) { return false }
        // Nested values in document order, by a stack (front matter may nest deeply),
        // pushed in reverse without an array made for each mapping.
        var found = false
        var stack = [node]
        while let n = stack.popLast() {
            switch n.kind {
            case .scalar(let s) where s.text.utf8.starts(with: "TODO".utf8):
                r.report(.cb012, at: n, "\(field) is still a placeholder: '\(s.text)'",
                         hint: "replace the TODO with the case's value")
                found = true
            case .scalar: break
            case .sequence(let items): stack.append(contentsOf: items.reversed())
            case .mapping(let pairs): for pair in pairs.reversed() { stack.append(pair.value) }
            }
        }
        return found
    }

    func readText(_ node: YAMLNode, field: String, length: ClosedRange<Int>, reporter r: inout Reporter) -> String? {
        guard node.scalar != nil else { _ = r.text(node, field: field); return nil }
        let value = node.isNull ? "" : node.scalar!.text
        guard length.contains(value.count) else {
            r.report(.cb012, at: node, "\(field) has \(value.count) characters; it must have \(length.lowerBound)–\(length.upperBound)",
                     hint: value.isEmpty ? "write a \(field)" : "shorten it to \(length.upperBound) characters")
            return nil
        }
        return value
    }

    func readDate(_ node: YAMLNode, reporter r: inout Reporter) -> CaseDate? {
        guard let text = r.text(node, field: "date") else {
            r.report(.cb012, at: node, "date is empty", hint: "write it as YYYY-MM-DD")
            return nil
        }
        guard let date = CaseDate(parsing: text) else {
            r.report(.cb012, at: node, "date '\(text)' is not a real calendar date",
                     hint: "write it as YYYY-MM-DD, e.g. 2023-07-15, or as an RFC 3339 timestamp")
            return nil
        }
        return date
    }

    func readPeriod(_ pair: YAMLPair, reporter r: inout Reporter) -> Case.Period? {
        guard let f = r.fields(of: pair.value, named: "period", known: ["start", "end"]) else { return nil }
        r.requireKeys(["start"], in: f, of: "period", at: r.location(pair.key))
        func month(_ key: String) -> CaseMonth?? {
            guard let node = f[key]?.value, let text = r.text(node, field: "period.\(key)") else { return .none }
            if key == "end", text == "ongoing" { return .some(nil) }
            guard let m = CaseMonth(parsing: text) else {
                r.report(.cb012, at: node, "period.\(key) '\(text)' is not a month",
                         hint: key == "end" ? "write YYYY-MM or ongoing" : "write YYYY-MM, e.g. 2021-09")
                return .none
            }
            return .some(m)
        }
        guard let start = month("start") ?? nil else { _ = month("end"); return nil }
        let end = month("end") ?? nil
        if let end, end < start {
            r.report(.cb012, at: f["end"]!.value, "period ends (\(end)) before it starts (\(start))",
                     hint: "the end must be \(start) or later")
            return nil
        }
        return Case.Period(start: start, end: end)
    }

    func readModel(_ node: YAMLNode, reporter r: inout Reporter) -> String? {
        guard let text = r.text(node, field: "model") else {
            r.report(.cb012, at: node, "model is empty", hint: "one of \(schema.models.joined(separator: ", "))")
            return nil
        }
        guard schema.models.contains(text) else {
            r.report(.cb012, at: node, "model '\(text)' is not one of the schema's models",
                     hint: closest(to: text, in: schema.models).map { "did you mean '\($0)'?" }
                        ?? "one of \(schema.models.joined(separator: ", "))")
            return nil
        }
        return text
    }

    func readPartners(_ node: YAMLNode, reporter r: inout Reporter) -> [Case.Partner]? {
        guard let items = r.list(node, field: "partners", allowSingle: false) else { return nil }
        return items.compactMap { item in
            guard let f = r.fields(of: item, named: "a partner", known: Self.partnerFields) else { return nil }
            r.requireKeys(["name", "role"], in: f, of: "a partner", at: r.location(item))
            guard let name = f["name"].flatMap({ r.text($0.value, field: "name") }),
                  let roleNode = f["role"]?.value, let role = r.text(roleNode, field: "role") else { return nil }
            guard Self.roles.contains(role) else {
                r.report(.cb012, at: roleNode, "partner role '\(role)' is not a known role",
                         hint: closest(to: role, in: Self.roles).map { "did you mean '\($0)'?" }
                            ?? "one of \(Self.roles.joined(separator: ", "))")
                return nil
            }
            return Case.Partner(name: name, role: role)
        }
    }

    func readFactors(_ node: YAMLNode, reporter r: inout Reporter) -> [String: Int]? {
        guard let f = r.fields(of: node, named: "factors", known: nil) else { return nil }
        let keys = schema.factors.map(\.key)
        let scale = schema.factorScale
        var result: [String: Int] = [:]
        for (key, pair) in f.sorted(by: { $0.key < $1.key }) {
            guard keys.contains(key) else {
                r.report(.cb034, at: pair.key, "unknown factor '\(key)'",
                         hint: closest(to: key, in: keys).map { "did you mean '\($0)'?" } ?? "factors: \(keys.joined(separator: ", "))")
                continue
            }
            guard case .int(let score)? = pair.value.scalar?.resolved, scale.contains(score) else {
                r.report(.cb034, at: pair.value, "factor \(key) is '\(pair.value.scalar?.text ?? pair.value.shapeName)', not an integer from \(scale.lowerBound) to \(scale.upperBound)",
                         hint: "score it on the scale \(scale.lowerBound)–\(scale.upperBound)")
                continue
            }
            result[key] = score
        }
        return result
    }

    func readID(_ pair: YAMLPair?, fileID: String, top: SourceLocation, reporter r: inout Reporter) -> String? {
        if let pair {
            guard let text = r.text(pair.value, field: "id") else { return nil }
            guard isSlug(text) else {
                r.report(.cb012, at: pair.value, "id '\(text)' is not a slug",
                         hint: "use lower-case letters, digits and single hyphens, e.g. \(Self.slugified(text))")
                return nil
            }
            return text
        }
        guard isSlug(fileID) else {
            r.report(.cb012, at: top, "file name '\(fileID).md' is not a slug, so it cannot be the case's id",
                     hint: "rename the file to \(Self.slugified(fileID)).md or set `id`")
            return nil
        }
        return fileID
    }

    static func slugified(_ text: String) -> String {
        let parts = text.lowercased().unicodeScalars.split { !(("a"..."z").contains($0) || ("0"..."9").contains($0)) }
        let slug = parts.map { String(String.UnicodeScalarView($0)) }.joined(separator: "-")
        return slug.isEmpty ? "case" : slug
    }
}

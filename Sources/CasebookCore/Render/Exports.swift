/// The data exports of SPEC §5: every case as JSON and CSV, and a JSON Schema of the
/// front matter for editors.
public enum Exports {
    static func metricJSON(_ value: MetricValue) -> JSONValue {
        switch value {
        case .integer(let i), .rating(let i): .int(i)
        case .number(let d), .percent(let d), .money(let d): .double(d)
        case .boolean(let b): .bool(b)
        }
    }

    /// Case `index`'s part of an export (`kind`) as the last build wrote it, to be copied
    /// at once (it lies in the last build's page, held while the export is made); nil:
    /// written afresh (`SiteRenderer.export`).
    public typealias CasePart = (_ index: Int, _ kind: String) -> UnsafeRawBufferPointer?

    /// Where case `index`'s part lies in the export, told as it is written.
    public typealias PartPlaced = (_ index: Int, _ range: Range<Int>) -> Void

    /// `data/cases.json`: an array of cases; a metric a case does not report is absent.
    /// Written case by case into the bytes, without a tree of values first.
    /// `capacity`: the bytes to make room for at once (its size in the last build).
    public static func casesJSON(_ model: SiteModel, part: CasePart = { _, _ in nil }, placed: PartPlaced = { _, _ in },
                                 capacity: Int = 0) -> [UInt8] {
        var json = JSONWriter(pretty: true, capacity: capacity + 1)
        let schema = ExportSchema(model)
        let cases = model.cases
        json.array { json in
            for i in cases.indices {
                if let kept = part(i, "json") {
                    placed(i, json.element(raw: kept))
                } else {
                    // Each case borrowed where it lies: `for c in model.cases` copied every case.
                    placed(i, json.elementObject { write(cases[i], of: schema, into: &$0) })
                }
            }
        }
        return json.endingLine()
    }

    /// What the exports look up for every case, out of the model: the closures that
    /// write a case's fields copied a captured model, all of it, several times a case.
    private struct ExportSchema {
        /// Each tier's registry, in `Tier.allCases` order.
        let registries: [Registry?]
        let metricKeys: [String]
        let factorKeys: [String]

        init(_ model: SiteModel) {
            registries = Tier.allCases.map(model.registry(of:))
            metricKeys = model.schema.metrics.map(\.key)
            factorKeys = model.schema.factors.map(\.key)
        }
    }

    /// The fields of one case of `cases.json`.
    private static func write(_ c: Case, of schema: ExportSchema, into json: inout JSONWriter) {
        do {
            json.field("id", string: c.id)
            json.field("title", string: c.title)
            json.field("summary", string: c.summary)
            json.field("date", string: c.date.description)
            json.field("url", string: Route.folder(Route.case(c.id)))
            json.field("model", string: c.model)
            json.field("region", c.region.map { .string($0) } ?? .null)
            if let period = c.period {
                json.field("period", object: { json in
                    json.field("start", string: period.start.description)
                    json.field("end", period.end.map { .string($0.description) } ?? .null)
                })
            }
            json.field("partners", array: { json in
                for partner in c.partners {
                    json.elementObject { json in
                        json.field("name", string: partner.name)
                        json.field("role", string: partner.role)
                    }
                }
            })
            let registries = schema.registries
            json.field("tiers", object: { json in
                for (t, tier) in Tier.allCases.enumerated() {
                    json.field(tier.rawValue, array: { json in
                        for code in c.tiers[tier] ?? [] {
                            json.elementObject { json in
                                json.field("code", string: code)
                                json.field("title", string: SiteModel.title(of: code, in: registries[t]))
                            }
                        }
                    })
                }
            })
            let metricKeys = schema.metricKeys, factorKeys = schema.factorKeys
            json.field("metrics", object: { json in
                for key in metricKeys {
                    if let value = c.metrics[key] { json.field(key, metricJSON(value)) }
                }
            })
            json.field("factors", object: { json in
                for key in factorKeys {
                    if let score = c.factors[key] { json.field(key, .int(score)) }
                }
            })
            json.field("tags", array: { json in
                for tag in c.tags { json.element(.string(tag)) }
            })
            if c.draft { json.field("draft", .bool(true)) }
        }
    }

    /// `data/cases.csv` (RFC 4180, CRLF): one row per case, one column per metric and
    /// factor; a tier with several codes joins them with `; `.
    public static func casesCSV(_ model: SiteModel, part: CasePart = { _, _ in nil }, placed: PartPlaced = { _, _ in },
                                capacity: Int = 0) -> [UInt8] {
        // Cells written straight into the bytes, each row ended by CRLF.
        func row(_ cells: [String], into out: inout [UInt8]) {
            for (i, cell) in cells.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: cell.utf8)
            }
            out.append(contentsOf: [0x0D, 0x0A])
        }
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        var header = ["id", "title", "date", "model", "region"]
        for tier in Tier.allCases { header += [tier.rawValue, tier.rawValue + "_title"] }
        header += model.schema.metrics.map(\.key) + model.schema.factors.map { "factor_" + $0.key }
        row(header.map(csvText), into: &out)
        let schema = ExportSchema(model)
        for i in model.cases.indices {
            let start = out.count
            if let kept = part(i, "csv") {
                out.append(contentsOf: kept)
            } else {
                // Each case borrowed where it lies: `for c in model.cases` copied every case.
                row(csvCells(model.cases[i], of: schema), into: &out)
            }
            placed(i, start..<out.count)
        }
        return out
    }

    /// One case's cells of `cases.csv`, in the header's order.
    private static func csvCells(_ c: Case, of schema: ExportSchema) -> [String] {
        var cells = [c.id, c.title, c.date.description, c.model, c.region ?? ""].map(csvText)
        for (t, tier) in Tier.allCases.enumerated() {
            let codes = c.tiers[tier] ?? []
            let registry = schema.registries[t]
            cells.append(csvText(codes.joined(separator: "; ")))
            cells.append(csvText(codes.map { SiteModel.title(of: $0, in: registry) }.joined(separator: "; ")))
        }
        for key in schema.metricKeys {
            switch c.metrics[key] {
            case nil: cells.append("")
            case .boolean(let b)?: cells.append(b ? "true" : "false")
            case .integer(let n)?, .rating(let n)?: cells.append(String(n))
            case .number(let x)?, .percent(let x)?, .money(let x)?: cells.append(JSON.number(x))
            }
        }
        for key in schema.factorKeys { cells.append(c.factors[key].map(String.init) ?? "") }
        return cells
    }

    /// A text cell: quoted when it holds a comma, quote or line break, and prefixed with
    /// `'` when it begins with a character a spreadsheet would read as a formula.
    public static func csvText(_ text: String) -> String {
        var cell = text
        if let first = cell.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first) {
            cell = "'" + cell
        }
        // Bytes, not Characters: a cell needs quotes when it holds `,`, `"`, LF or CR.
        guard cell.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else { return cell }
        return "\"" + cell.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// `data/schema.json`: a JSON Schema (draft-07, which YAML language servers read) of
    /// a case's front matter, with the schema's metric keys, models, factor scale and the
    /// codes each tier accepts.
    public static func schemaJSON(_ model: SiteModel) -> String {
        let schema = model.schema
        func codes(_ tier: Tier) -> JSONValue {
            guard let spec = schema.tiers[tier], let registry = model.registries[spec.registry] else { return .object([("type", .string("string"))]) }
            let entries = registry.entries.filter { spec.level == nil || $0.level == spec.level }
            // A YAML editor reads `sector: 63` and `profession: 0612` as numbers; casebook reads
            // codes as written, so the schema accepts the number form of an all-digit code too.
            var values: [JSONValue] = entries.map { .string($0.code) }
            var numbers: Set<Int> = []
            for entry in entries where entry.code.allSatisfy(\.isASCIIDigit) {
                if let n = Int(entry.code), numbers.insert(n).inserted { values.append(.int(n)) }
            }
            let one = JSONValue.object([("type", .array([.string("string"), .string("integer")])), ("enum", .array(values))])
            return spec.many ? .object([("oneOf", .array([one, .object([("type", .string("array")), ("minItems", .int(1)), ("items", one)])]))]) : one
        }
        func metric(_ m: Metric) -> JSONValue {
            var fields: [(String, JSONValue)] = [("title", .string(m.label))]
            switch m.kind {
            case .integer, .rating: fields.append(("type", .string("integer")))
            case .number, .money: fields.append(("type", .string("number")))
            case .percent: fields.append(("type", .array([.string("number"), .string("string")])))
            case .boolean: fields.append(("type", .string("boolean")))
            }
            if m.kind == .percent {
                fields.append(("pattern", .string("^[0-9]+(\\.[0-9]+)?%$")))
                fields.append(("minimum", .int(0)))
                fields.append(("maximum", .int(100)))
            } else if m.kind == .rating {
                fields.append(("minimum", .int(schema.factorScale.lowerBound)))
                fields.append(("maximum", .int(schema.factorScale.upperBound)))
            } else {
                if let min = m.min { fields.append(("minimum", .double(min))) } else if m.kind == .money { fields.append(("minimum", .int(0))) }
                if let max = m.max { fields.append(("maximum", .double(max))) }
            }
            if let unit = m.unit { fields.append(("description", .string("in \(unit)"))) }
            return .object(fields)
        }
        let string = JSONValue.object([("type", .string("string"))])
        let month = JSONValue.object([("type", .string("string")), ("pattern", .string("^[0-9]{4}-[0-9]{2}$"))])
        let end = JSONValue.object([("type", .string("string")), ("pattern", .string("^([0-9]{4}-[0-9]{2}|ongoing)$"))])
        let scale = JSONValue.object([("type", .string("integer")), ("minimum", .int(schema.factorScale.lowerBound)),
                                      ("maximum", .int(schema.factorScale.upperBound))])
        let document = JSONValue.object([
            ("$schema", .string("http://json-schema.org/draft-07/schema#")),
            ("title", .string("\(model.config.title): case front matter")),
            ("type", .string("object")),
            ("required", .array(["title", "summary", "date", "model", "partners", "tiers", "metrics"].map { .string($0) })),
            ("additionalProperties", .bool(false)),
            ("properties", .object([
                ("id", .object([("type", .string("string")), ("pattern", .string("^[a-z0-9]+(-[a-z0-9]+)*$"))])),
                ("title", string), ("summary", string),
                ("date", .object([("type", .string("string")), ("pattern", .string("^[0-9]{4}-[0-9]{2}-[0-9]{2}"))])),
                ("period", .object([("type", .string("object")), ("required", .array([.string("start")])), ("additionalProperties", .bool(false)),
                                    ("properties", .object([("start", month), ("end", end)]))])),
                ("region", string),
                ("model", .object([("enum", .array(schema.models.map { .string($0) }))])),
                ("partners", .object([("type", .string("array")), ("items", .object([
                    ("type", .string("object")), ("required", .array([.string("name"), .string("role")])), ("additionalProperties", .bool(false)),
                    ("properties", .object([("name", string), ("role", .object([("enum", .array(CaseValidator.roles.map { .string($0) }))]))])),
                ]))])),
                ("tiers", .object([("type", .string("object")), ("required", .array(Tier.allCases.map { .string($0.rawValue) })),
                                   ("additionalProperties", .bool(false)),
                                   ("properties", .object(Tier.allCases.map { ($0.rawValue, codes($0)) }))])),
                ("factors", .object([("type", .string("object")), ("additionalProperties", .bool(false)),
                                     ("properties", .object(schema.factors.map { ($0.key, scale) }))])),
                ("metrics", .object([("type", .string("object")), ("additionalProperties", .bool(false)),
                                     ("required", .array(schema.metrics.filter(\.required).map { .string($0.key) })),
                                     ("properties", .object(schema.metrics.map { ($0.key, metric($0)) }))])),
                ("tags", .object([("type", .string("array")), ("items", string)])),
                ("draft", .object([("type", .string("boolean"))])),
            ])),
        ])
        return document.text(pretty: true) + "\n"
    }
}

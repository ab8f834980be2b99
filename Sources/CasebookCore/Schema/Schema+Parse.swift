extension Schema {
    static let topFields = ["tiers", "registries", "dimensions", "factors", "models", "currency", "metrics"]
    static let tierFields = ["label", "registry", "level", "many", "within"]
    static let metricFields = ["key", "label", "type", "min", "max", "unit", "dimension", "required", "headline", "better"]

    /// The schema and its problems (CB050; unknown keys CB011). Nil when it cannot be used.
    public static func parse(_ file: SourceFile) -> (Schema?, [Diagnostic]) {
        switch ConfigFile.root(of: file) {
        case .failure(let d): return (nil, [d])
        case .success(let root):
            var reporter = Reporter(path: file.path, configFile: true)
            let schema = parse(root, reporter: &reporter)
            return (reporter.diagnostics.errorCount == 0 ? schema : nil, reporter.diagnostics)
        }
    }

    private static func parse(_ root: YAMLNode, reporter r: inout Reporter) -> Schema? {
        guard let top = r.fields(of: root, named: "schema.yml", known: topFields) else { return nil }
        r.requireKeys(["tiers", "models", "metrics"], in: top, of: "schema.yml", at: r.location(root))
        var schema = Schema.standard
        schema.registryFiles = [:]
        if let pair = top["registries"], let regs = r.fields(of: pair.value, named: "registries", known: nil) {
            for (name, reg) in regs.sorted(by: { $0.key < $1.key }) {
                guard let f = r.fields(of: reg.value, named: "registry \(name)", known: ["file"]) else { continue }
                r.requireKeys(["file"], in: f, of: "registry \(name)", at: r.location(reg.key))
                if let file = f["file"].flatMap({ r.text($0.value, field: "file") }) {
                    if file.hasPrefix("/") || file.split(separator: "/").contains("..") {
                        r.report(.cb050, at: f["file"]!.value, "registry file '\(file)' lies outside the content folder",
                                 hint: "give a path relative to the content folder, without `..`")
                    } else {
                        schema.registryFiles[name] = file
                    }
                }
            }
        }
        if let pair = top["tiers"], let tiers = r.fields(of: pair.value, named: "tiers", known: Tier.allCases.map(\.rawValue)) {
            for tier in Tier.allCases {
                guard let t = tiers[tier.rawValue] else {
                    r.report(.cb050, at: r.location(pair.key), "tier '\(tier.rawValue)' missing from tiers",
                             hint: "all five tiers are required: industry, sector, enterprise, occupation, profession")
                    continue
                }
                guard let f = r.fields(of: t.value, named: "tier \(tier.rawValue)", known: tierFields) else { continue }
                r.requireKeys(["registry"], in: f, of: "tier \(tier.rawValue)", at: r.location(t.key))
                var spec = TierSpec(tier: tier, label: Schema.standard.tiers[tier]!.label, registry: "", level: nil, many: false)
                spec.location = r.location(t.key)
                if let v = f["label"].flatMap({ r.text($0.value, field: "label") }) { spec.label = v }
                if let v = f["registry"].flatMap({ r.text($0.value, field: "registry") }) { spec.registry = v }
                spec.level = f["level"].flatMap { r.text($0.value, field: "level") }
                if let v = f["many"].flatMap({ r.bool($0.value, field: "many") }) { spec.many = v }
                if let w = f["within"], let v = r.text(w.value, field: "within") {
                    if let within = Tier(rawValue: v), within < tier {
                        spec.within = within
                    } else {
                        r.report(.cb050, at: w.value, "within '\(v)' of tier \(tier.rawValue) is not a tier above it")
                    }
                }
                schema.tiers[tier] = spec
            }
        }
        if let pair = top["dimensions"], let dims = r.fields(of: pair.value, named: "dimensions", known: nil) {
            schema.dimensions = pair.value.mapping!.compactMap { p in
                guard let key = p.keyText, dims[key] != nil else { return nil }
                guard let f = r.fields(of: p.value, named: "dimension \(key)", known: ["label"]) else { return nil }
                return Dimension(key: key, label: f["label"].flatMap { r.text($0.value, field: "label") } ?? key)
            }
        }
        if let pair = top["factors"], let f = r.fields(of: pair.value, named: "factors", known: ["scale", "keys"]) {
            if let s = f["scale"] {
                let bounds = s.value.sequence?.compactMap { $0.scalar?.resolved }
                if let bounds, bounds.count == 2, case .int(let lo) = bounds[0], case .int(let hi) = bounds[1], lo < hi {
                    schema.factorScale = lo...hi
                } else {
                    r.report(.cb050, at: s.value, "factors.scale must be two integers [low, high]", hint: "for example `scale: [1, 5]`")
                }
            }
            if let k = f["keys"], r.fields(of: k.value, named: "factors.keys", known: nil) != nil {
                schema.factors = k.value.mapping!.compactMap { p in
                    p.keyText.map { Factor(key: $0, label: p.value.scalar?.text ?? $0) }
                }
            }
        }
        if let pair = top["models"], let items = r.list(pair.value, field: "models", allowSingle: false) {
            schema.models = items.compactMap { r.text($0, field: "a model") }
        }
        if let pair = top["currency"], let c = r.text(pair.value, field: "currency") { schema.currency = c }
        if let pair = top["metrics"], let items = r.list(pair.value, field: "metrics", allowSingle: false) {
            var seen: Set<String> = []
            for item in items {
                guard let metric = parseMetric(item, schema: schema, reporter: &r) else { continue }
                if !seen.insert(metric.key).inserted {
                    r.report(.cb050, at: item, "metric '\(metric.key)' is defined twice")
                    continue
                }
                schema.metrics.append(metric)
            }
        }
        return schema
    }

    private static func parseMetric(_ node: YAMLNode, schema: Schema, reporter r: inout Reporter) -> Metric? {
        guard let f = r.fields(of: node, named: "a metric", known: metricFields) else { return nil }
        let errorsBefore = r.diagnostics.errorCount
        r.requireKeys(["key", "label", "type", "dimension"], in: f, of: "a metric", at: r.location(node))
        let key = f["key"].flatMap { r.text($0.value, field: "key") } ?? ""
        var metric = Metric(key: key, label: key, kind: .integer, dimension: "", unit: nil, min: nil, max: nil,
                            required: false, headline: false, better: .higher)
        if let v = f["label"].flatMap({ r.text($0.value, field: "label") }) { metric.label = v }
        if let t = f["type"], let v = r.text(t.value, field: "type") {
            if let kind = Metric.Kind(rawValue: v) { metric.kind = kind } else {
                r.report(.cb050, at: t.value, "metric \(key): unknown type '\(v)'",
                         hint: "one of \(Metric.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let d = f["dimension"], let v = r.text(d.value, field: "dimension") {
            metric.dimension = v
            if !schema.dimensions.contains(where: { $0.key == v }) {
                r.report(.cb050, at: d.value, "metric \(key): unknown dimension '\(v)'",
                         hint: closest(to: v, in: schema.dimensions.map(\.key)).map { "did you mean '\($0)'?" }
                            ?? "dimensions: \(schema.dimensions.map(\.key).joined(separator: ", "))")
            }
        }
        metric.unit = f["unit"].flatMap { r.text($0.value, field: "unit") }
        for bound in ["min", "max"] {
            guard let b = f[bound] else { continue }
            let value: Double? = switch b.value.scalar?.resolved {
            case .int(let i): Double(i)
            case .float(let d) where d.isFinite: d
            default: nil
            }
            if let value { if bound == "min" { metric.min = value } else { metric.max = value } } else {
                r.report(.cb050, at: b.value, "metric \(key): \(bound) must be a number")
            }
        }
        if let v = f["required"].flatMap({ r.bool($0.value, field: "required") }) { metric.required = v }
        if let v = f["headline"].flatMap({ r.bool($0.value, field: "headline") }) { metric.headline = v }
        if let b = f["better"], let v = r.text(b.value, field: "better") {
            if let better = Metric.Better(rawValue: v) { metric.better = better } else {
                r.report(.cb050, at: b.value, "metric \(key): better must be higher or lower, not '\(v)'")
            }
        }
        return r.diagnostics.errorCount == errorsBefore ? metric : nil
    }
}

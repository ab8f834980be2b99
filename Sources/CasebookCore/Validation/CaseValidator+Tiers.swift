extension CaseValidator {
    /// The five tiers' codes, or nil when any tier has an error.
    func readTiers(_ pair: YAMLPair?, top: SourceLocation, reporter r: inout Reporter) -> [Tier: [String]]? {
        guard let pair, let f = r.fields(of: pair.value, named: "tiers", known: Self.tierNames) else {
            return nil
        }
        let errorsBefore = r.diagnostics.errorCount
        var codes: [Tier: [(code: String, node: YAMLNode)]] = [:]
        for tier in Tier.allCases {
            guard let spec = schema.tiers[tier] else { continue }
            guard let tierPair = f[tier.rawValue], !tierPair.value.isNull else {
                r.report(.cb010, at: f[tier.rawValue].map { r.location($0.key) } ?? r.location(pair.key),
                         "required tier '\(tier.rawValue)' missing from tiers",
                         hint: "all five tiers are required; find codes with `casebook codes \(tier.rawValue) <words>`")
                continue
            }
            let nodes: [YAMLNode]
            if spec.many {
                guard let items = r.list(tierPair.value, field: "tiers.\(tier.rawValue)", allowSingle: true) else { continue }
                nodes = items
            } else {
                guard tierPair.value.scalar != nil else {
                    r.report(.cb003, at: tierPair.value, "tiers.\(tier.rawValue) takes one code, not \(tierPair.value.shapeName)")
                    continue
                }
                nodes = [tierPair.value]
            }
            if nodes.isEmpty {
                r.report(.cb010, at: tierPair.key, "tier '\(tier.rawValue)' has an empty list",
                         hint: "give at least one code")
                continue
            }
            var valid: [(String, YAMLNode)] = []
            for node in nodes {
                guard let code = r.text(node, field: "a \(tier.rawValue) code") else {
                    r.report(.cb010, at: node, "tier '\(tier.rawValue)' has an empty code")
                    continue
                }
                if check(code, at: node, tier: tier, spec: spec, reporter: &r) { valid.append((code, node)) }
            }
            codes[tier] = valid
        }
        let outside = checkWithin(codes, reporter: &r)
        // A sector outside its industry is the root cause of any enterprise mismatch.
        if !outside.contains(.sector) { checkEnterpriseSectors(codes, reporter: &r) }
        guard r.diagnostics.errorCount == errorsBefore else { return nil }
        return codes.mapValues { $0.map(\.code) }
    }

    /// Whether the code is in the tier's registry at the tier's level (CB020, CB021, CB023).
    private func check(_ code: String, at node: YAMLNode, tier: Tier, spec: Schema.TierSpec, reporter r: inout Reporter) -> Bool {
        guard let registry = registries[spec.registry] else { return false }  // reported as CB050 on the schema
        guard let entryLevel = registry.level(of: code) else {
            if tier == .enterprise {
                let suggestion = closest(to: code, in: registry.entries.map(\.code))
                r.report(.cb023, at: node, "enterprise '\(code)' is not in \(schema.registryFiles[spec.registry] ?? spec.registry)",
                         hint: suggestion.map { "did you mean '\($0)' (\(registry[$0]!.title))?" }
                            ?? "add it to \(schema.registryFiles[spec.registry] ?? "the enterprise registry") first")
            } else {
                let near = registry.nearestCodes(to: code, atLevel: spec.level).map { "\($0.code) \($0.title)" }
                r.report(.cb020, at: node, "\(tier.rawValue) code \(code) is not in \(registry.name)",
                         hint: near.isEmpty ? "look codes up with `casebook codes \(tier.rawValue) <words>`"
                            : "closest \(spec.level.map { "\($0) codes" } ?? "codes"): \(near.joined(separator: "; "))")
            }
            return false
        }
        if let level = spec.level, entryLevel != level {
            let entry = registry[code]!
            let examples = registry.children(of: code).filter { $0.level == level }.prefix(3)
                .map { "\($0.code) \($0.title)" }
            let upward = registry.ancestors(of: code).first { $0.level == level }.map { "\($0.code) \($0.title)" }
            let suggestion = upward.map { [$0] } ?? Array(examples)
            r.report(.cb021, at: node,
                     "\(tier.rawValue) code \(code) (\(entry.title)) is a \(entry.level), but the \(tier.rawValue) tier takes a \(level) of \(registry.name)",
                     hint: suggestion.isEmpty ? nil : "\(level) codes here: \(suggestion.joined(separator: "; "))")
            return false
        }
        return true
    }

    /// `within`: each code of a tier must lie under a code of the tier it names (CB022).
    /// Returns the tiers that had a code outside its parent tier.
    private func checkWithin(_ codes: [Tier: [(code: String, node: YAMLNode)]], reporter r: inout Reporter) -> Set<Tier> {
        var outside: Set<Tier> = []
        for tier in Tier.allCases {
            guard let spec = schema.tiers[tier], let outer = spec.within, let registry = registries[spec.registry],
                  let inner = codes[tier], let outerCodes = codes[outer], !outerCodes.isEmpty,
                  schema.tiers[outer]?.registry == spec.registry else { continue }
            for (code, node) in inner where !outerCodes.contains(where: { registry.isWithin(code, $0.code) }) {
                outside.insert(tier)
                let parents = outerCodes.map { registry.describe($0.code) }.joined(separator: ", ")
                let outerLevel = schema.tiers[outer]?.level
                var hints: [String] = []
                if let o = outerCodes.first, let range = childRange(of: o.code, level: spec.level, in: registry) {
                    hints.append("\(outer.rawValue) \(o.code) has \(range)")
                }
                if let actual = registry.ancestors(of: code).first(where: { $0.level == outerLevel }) {
                    hints.append("or did you mean \(outer.rawValue) \(actual.code) (\(actual.title))?")
                }
                r.report(.cb022, at: node,
                         "\(tier.rawValue) \(registry.describe(code)) is not in \(outer.rawValue) \(parents)",
                         hint: hints.isEmpty ? nil : hints.joined(separator: "; "))
            }
        }
        return outside
    }

    /// "divisions 58–63": the codes directly under a code at a level, as a range.
    private func childRange(of code: String, level: String?, in registry: Registry) -> String? {
        let children = registry.children(of: code).filter { level == nil || $0.level == level }
        guard let first = children.first, let last = children.last else { return nil }
        let noun = level.map { $0.hasSuffix("s") ? $0 : ($0.hasSuffix("y") ? String($0.dropLast()) + "ies" : $0 + "s") } ?? "codes"
        return first.code == last.code ? "only \(level ?? "code") \(first.code)" : "\(noun) \(first.code)–\(last.code)"
    }

    /// An enterprise registered with a sector other than the case's is a warning (CB024).
    private func checkEnterpriseSectors(_ codes: [Tier: [(code: String, node: YAMLNode)]], reporter r: inout Reporter) {
        guard let spec = schema.tiers[.enterprise], let registry = registries[spec.registry],
              let sectors = codes[.sector], let sector = sectors.first?.code,
              let sectorRegistry = schema.tiers[.sector].flatMap({ registries[$0.registry] }) else { return }
        for (id, node) in codes[.enterprise] ?? [] {
            guard let registered = registry.parent(of: id), registered != sector else { continue }
            r.report(.cb024, at: node,
                     "enterprise \(id) (\(registry[id]!.title)) is registered in sector \(sectorRegistry.describe(registered)), not the case's sector \(sectorRegistry.describe(sector))",
                     hint: "check the case's sector, or the enterprise's sector in \(schema.registryFiles[spec.registry] ?? "the enterprise registry")")
        }
    }
}

/// The file `casebook new` writes: every field of SPEC §2.2, each value a `TODO`
/// placeholder that `check` reports (CB012) until it is replaced.
public struct CaseTemplate: Sendable {
    public var schema: Schema

    public init(schema: Schema) {
        self.schema = schema
    }

    public var text: String {
        let models = schema.models.isEmpty ? "see schema.yml" : schema.models.joined(separator: ", ")
        let scale = "\(schema.factorScale.lowerBound)–\(schema.factorScale.upperBound)"
        var lines = [
            "---",
            "title: TODO the case's title (1–200 characters)",
            "summary: TODO one or two sentences on who worked together, on what, with what result",
            "date: TODO YYYY-MM-DD",
            "period: {start: TODO YYYY-MM, end: TODO YYYY-MM or ongoing}",
            "region: TODO city, province, country",
            "model: TODO one of \(models)",
            "partners:",
            "  - {name: TODO the university, role: university}",
            "  - {name: TODO the enterprise, role: enterprise}",
            "tiers:",
        ]
        for tier in Tier.allCases {
            let spec = schema.tiers[tier]
            let what = [spec?.registry, spec?.level].compactMap { $0 }.joined(separator: " ")
            lines.append("  \(tier.rawValue): TODO   # \(what); look it up: casebook codes \(tier.rawValue) <words>")
        }
        if !schema.factors.isEmpty {
            lines.append("factors:")
            for factor in schema.factors { lines.append("  \(factor.key): TODO \(scale)   # \(factor.label)") }
        }
        lines.append("metrics:   # delete the lines of metrics the case does not report: missing is not 0")
        for metric in schema.metrics {
            let unit = metric.unit.map { ", \($0)" } ?? ""
            lines.append("  \(metric.key): TODO \(metric.kind.rawValue)\(unit)   # \(metric.label)\(metric.required ? " (required)" : "")")
        }
        lines += [
            "tags: [TODO]",
            "draft: true   # set to false, or delete, to publish",
            "---",
            "## Background",
            "",
            "TODO: the industry, the skills gap and the partners before the cooperation.",
            "",
            "## Cooperation model",
            "",
            "TODO: who contributes what, and how the cooperation is governed.",
            "",
            "## Implementation",
            "",
            "TODO: curriculum, equipment, schedule, problems met.",
            "",
            "## Outcomes",
            "",
            "TODO: results, with the figures of the metrics above.",
            "",
            "## Lessons",
            "",
            "TODO: what others can learn from this case.",
            "",
        ]
        return lines.joined(separator: "\n")
    }
}

extension CaseValidator {
    /// Typed metric values; reports unknown metrics (CB030), wrong types (CB031), values
    /// out of range (CB032) and required metrics the case lacks (CB033).
    func readMetrics(_ pair: YAMLPair?, top: SourceLocation, reporter r: inout Reporter) -> [String: MetricValue] {
        let required = schema.metrics.filter(\.required)
        guard let pair else {
            for metric in required {
                r.report(.cb033, at: top, "required metric '\(metric.key)' missing: the case has no metrics",
                         hint: "add `metrics:` with `\(metric.key): <\(metric.kind.rawValue)>`")
            }
            return [:]
        }
        guard let f = r.fields(of: pair.value, named: "metrics", known: nil) else { return [:] }
        var values: [String: MetricValue] = [:]
        values.reserveCapacity(f.count)
        // In no particular order: the site's diagnostics are sorted by place once all
        // are found, and each metric's is at its own place.
        for (key, entry) in f {
            guard let metric = schema.metric(key) else {
                r.report(.cb030, at: entry.key, "unknown metric '\(key)'",
                         hint: closest(to: key, in: schema.metrics.map(\.key)).map { "did you mean '\($0)'?" }
                            ?? "metrics of this schema: \(schema.metrics.map(\.key).joined(separator: ", "))")
                continue
            }
            if entry.value.isNull { continue }  // not reported: missing, never 0
            if let value = value(of: entry.value, for: metric, reporter: &r) { values[key] = value }
        }
        for metric in required where f[metric.key]?.value.isNull ?? true {
            r.report(.cb033, at: r.location(pair.key), "required metric '\(metric.key)' missing",
                     hint: "add `\(metric.key): <\(metric.kind.rawValue)>` under metrics")
        }
        return values
    }

    /// An optional sign and decimal digits only.
    static func isWholeNumber(_ text: String) -> Bool {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
    }

    private func value(of node: YAMLNode, for metric: Metric, reporter r: inout Reporter) -> MetricValue? {
        let resolved = node.scalar?.resolved
        let shown = node.scalar?.text ?? node.shapeName
        func wrongType(_ expected: String, hint: String? = nil) -> MetricValue? {
            r.report(.cb031, at: node, "metric \(metric.key) is '\(shown)', not \(expected)", hint: hint)
            return nil
        }
        let number: Double?
        switch resolved {
        case .int(let i): number = Double(i)
        case .float(let d) where d.isFinite: number = d
        default: number = nil
        }
        let value: MetricValue
        switch metric.kind {
        case .integer:
            guard case .int(let i)? = resolved else {
                if Self.isWholeNumber(shown) {
                    // Digits, but more than a 64-bit integer holds: a value out of range.
                    r.report(.cb032, at: node, "metric \(metric.key) is \(shown), too large a number",
                             hint: "whole numbers go up to \(String(decoding: NumberFormat.thousands(UInt64(Int.max)), as: UTF8.self)); check for extra digits")
                    return nil
                }
                return wrongType("a whole number", hint: Self.separatorHint(shown) ?? "write a whole number, e.g. 120")
            }
            value = .integer(i)
        case .number:
            guard let number else { return wrongType("a number", hint: Self.separatorHint(shown)) }
            value = .number(number)
        case .money:
            guard let number else {
                return wrongType("an amount", hint: Self.separatorHint(shown) ?? "write the amount in \(schema.currency) as a number, e.g. 2500000")
            }
            value = .money(number)
        case .percent:
            var p = number
            if p == nil, case .string(let s)? = resolved, s.hasSuffix("%") {
                let inner = YAMLScalar(text: String(s.dropLast()).trimmingSpaces, style: .plain).resolved
                switch inner {
                case .int(let i): p = Double(i)
                case .float(let d) where d.isFinite: p = d
                default: break
                }
            }
            guard let p else { return wrongType("a percentage", hint: "write it as 93.5 or 93.5%") }
            value = .percent(p)
        case .rating:
            guard case .int(let i)? = resolved else {
                return wrongType("an integer rating", hint: "a whole number from \(schema.factorScale.lowerBound) to \(schema.factorScale.upperBound)")
            }
            value = .rating(i)
        case .boolean:
            guard case .bool(let b)? = resolved else { return wrongType("true or false") }
            value = .boolean(b)
        }
        return inRange(value, node: node, metric: metric, reporter: &r) ? value : nil
    }

    private func inRange(_ value: MetricValue, node: YAMLNode, metric: Metric, reporter r: inout Reporter) -> Bool {
        guard let x = value.numeric else { return true }
        var lo = metric.min
        var hi = metric.max
        switch metric.kind {
        case .percent: lo = Swift.max(lo ?? 0, 0); hi = Swift.min(hi ?? 100, 100)
        case .money: lo = Swift.max(lo ?? 0, 0)
        case .rating: lo = Swift.max(lo ?? -.infinity, Double(schema.factorScale.lowerBound))
                      hi = Swift.min(hi ?? .infinity, Double(schema.factorScale.upperBound))
        default: break
        }
        if let lo, x < lo {
            r.report(.cb032, at: node, "metric \(metric.key) is \(node.scalar?.text ?? ""), below its minimum \(NumberFormat.plain(lo))",
                     hint: hi.map { "the valid range is \(NumberFormat.plain(lo))–\(NumberFormat.plain($0))" } ?? "it must be \(NumberFormat.plain(lo)) or more")
            return false
        }
        if let hi, x > hi {
            r.report(.cb032, at: node, "metric \(metric.key) is \(node.scalar?.text ?? ""), above its maximum \(NumberFormat.plain(hi))",
                     hint: lo.map { "the valid range is \(NumberFormat.plain($0))–\(NumberFormat.plain(hi))" } ?? "it must be \(NumberFormat.plain(hi)) or less")
            return false
        }
        return true
    }

    /// "write 2500000 without separators" when a number was written with commas.
    static func separatorHint(_ text: String) -> String? {
        let digits = text.filter { $0 != "," && $0 != "_" && $0 != " " }
        guard digits != text, Double(digits) != nil else { return nil }
        return "write \(digits) without separators"
    }
}

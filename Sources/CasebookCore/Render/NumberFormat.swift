/// Display of metric values (SPEC §3.2): thousands separators; `number` with up to 2
/// decimals and `percent` with up to 1, trailing zeros dropped; `money` with 2 decimals
/// only when they are not zero. Written by hand so the output never depends on a locale.
public enum NumberFormat {
    /// `1,234`, `1,234.5`, `-0.25`: `value` rounded half away from zero to at most
    /// `decimals` places, trailing zeros dropped unless `keepDecimals`.
    public static func grouped(_ value: Double, decimals: Int, keepDecimals: Bool = false) -> String {
        guard value.isFinite else { return "—" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e18 else { return value.description }  // beyond exact grouping
        let total = UInt64(scaled)
        let whole = total / UInt64(scale)
        var fraction = String(total % UInt64(scale))
        fraction = String(repeating: "0", count: max(0, decimals - fraction.count)) + fraction
        if !keepDecimals { while fraction.hasSuffix("0") { fraction.removeLast() } }
        let sign = value < 0 && total > 0 ? "-" : ""
        return sign + thousands(String(whole)) + (decimals > 0 && !fraction.isEmpty ? "." + fraction : "")
    }

    /// Inserts `,` every three digits from the right.
    static func thousands(_ digits: String) -> String {
        let chars = Array(digits)
        var out = ""
        for (i, c) in chars.enumerated() {
            if i > 0, (chars.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// A value as SPEC §3.2 shows it, with the metric's unit after it.
    public static func display(_ value: MetricValue, metric: Metric, schema: Schema) -> String {
        let text: String
        switch value {
        case .integer(let i): text = grouped(Double(i), decimals: 0)
        case .number(let d): text = grouped(d, decimals: 2)
        case .percent(let d): text = grouped(d, decimals: 1) + "%"
        case .money(let d): text = money(d, currency: schema.currency)
        case .rating(let r): text = "\(r) / \(schema.factorScale.upperBound)"
        case .boolean(let b): text = b ? "yes" : "no"
        }
        return withUnit(text, metric.unit)
    }

    /// An aggregate (a sum or a median) of a metric, shown like its values; a median of
    /// ratings may fall between two scores, so it keeps one decimal.
    public static func display(aggregate: Double, metric: Metric, schema: Schema) -> String {
        let text: String
        switch metric.kind {
        case .integer: text = grouped(aggregate, decimals: 0)
        case .number: text = grouped(aggregate, decimals: 2)
        case .percent: text = grouped(aggregate, decimals: 1) + "%"
        case .money: text = money(aggregate, currency: schema.currency)
        case .rating: text = grouped(aggregate, decimals: 1) + " / \(schema.factorScale.upperBound)"
        case .boolean: text = grouped(aggregate, decimals: 0)
        }
        return withUnit(text, metric.unit)
    }

    static func money(_ value: Double, currency: String) -> String {
        let cents = grouped(value, decimals: 2, keepDecimals: true)
        let text = cents.hasSuffix(".00") ? String(cents.dropLast(3)) : cents
        return currency.isEmpty ? text : currency + " " + text
    }

    static func withUnit(_ text: String, _ unit: String?) -> String {
        guard let unit, !unit.isEmpty else { return text }
        return text + " " + unit
    }
}

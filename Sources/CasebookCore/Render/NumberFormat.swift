/// Display of metric values (SPEC §3.2): thousands separators; `number` with up to 2
/// decimals and `percent` with up to 1, trailing zeros dropped; `money` with 2 decimals
/// only when they are not zero. Written by hand so the output never depends on a locale.
public enum NumberFormat {
    /// `120`, `0.25`, `1e+20`: a whole number without a fraction, any other as Swift
    /// prints it (the shortest text that reads back the same). How `cases.json`,
    /// `cases.csv`, the tables' sort keys and the diagnostics' ranges write numbers.
    static func plain(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : x.description
    }

    /// `1,234`, `1,234.5`, `-0.25`: `value` rounded half away from zero to at most
    /// `decimals` places, trailing zeros dropped unless `keepDecimals`.
    public static func grouped(_ value: Double, decimals: Int, keepDecimals: Bool = false) -> String {
        guard value.isFinite else { return "—" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e18 else { return value.description }  // beyond exact grouping
        let total = UInt64(scaled)
        // Written as bytes: every cell of every comparison table passes through here.
        var fraction: [UInt8] = []
        var rest = total % UInt64(scale)
        for _ in 0..<decimals {
            fraction.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        }
        fraction.reverse()
        if !keepDecimals { while fraction.last == UInt8(ascii: "0") { fraction.removeLast() } }
        var out: [UInt8] = value < 0 && total > 0 ? [UInt8(ascii: "-")] : []
        out += thousands(total / UInt64(scale))
        if !fraction.isEmpty {
            out.append(UInt8(ascii: "."))
            out += fraction
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The digits of `whole` with `,` every three from the right.
    static func thousands(_ whole: UInt64) -> [UInt8] {
        var digits: [UInt8] = []
        var n = whole
        repeat {
            if digits.count % 4 == 3 { digits.append(UInt8(ascii: ",")) }
            digits.append(UInt8(ascii: "0") + UInt8(n % 10))
            n /= 10
        } while n > 0
        return digits.reversed()
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

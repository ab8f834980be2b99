/// The aggregate of one metric over a set of cases (SPEC §3.2): the sum for `integer`
/// and `money`, the median for `number`, `percent` and `rating`, "k of n" for
/// `boolean`. Cases that do not report the metric are left out, never counted as 0.
public struct Aggregate: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case sum(Double)
        case median(Double)
        /// How many of the reporting cases say yes.
        case yes(Int)
    }

    public var value: Value?
    /// How many cases reported the metric.
    public var count: Int

    public init(metric: Metric, values: [MetricValue]) {
        count = values.count
        guard !values.isEmpty else { value = nil; return }
        switch metric.kind {
        case .integer, .money:
            value = .sum(values.compactMap(\.numeric).reduce(0, +))
        case .number, .percent, .rating:
            value = .median(Self.median(values.compactMap(\.numeric)))
        case .boolean:
            value = .yes(values.filter { $0 == .boolean(true) }.count)
        }
    }

    /// The median; the mean of the two middle values for an even count.
    public static func median(_ numbers: [Double]) -> Double {
        let sorted = numbers.sorted()
        guard !sorted.isEmpty else { return 0 }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// "Sum CNY 2,500,000", "Median 93.5%", "7 of 9 yes"; nil when no case reported it.
    public func display(metric: Metric, schema: Schema) -> String? {
        switch value {
        case nil: nil
        case .sum(let s): "Sum " + NumberFormat.display(aggregate: s, metric: metric, schema: schema)
        case .median(let m): "Median " + NumberFormat.display(aggregate: m, metric: metric, schema: schema)
        case .yes(let k): "\(NumberFormat.grouped(Double(k), decimals: 0)) of \(NumberFormat.grouped(Double(count), decimals: 0)) yes"
        }
    }
}

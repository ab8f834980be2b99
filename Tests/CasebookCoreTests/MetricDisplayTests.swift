import CasebookCore
import Testing

/// Number display and aggregates as SPEC §3.2 writes them.
@Suite struct MetricDisplayTests {
    static let schema: Schema = {
        var s = Schema.standard
        s.currency = "CNY"
        return s
    }()

    func metric(_ kind: Metric.Kind, unit: String? = nil, better: Metric.Better = .higher) -> Metric {
        Metric(key: "m", label: "M", kind: kind, dimension: "d", unit: unit, min: nil, max: nil, required: false, headline: false, better: better)
    }

    @Test(arguments: [
        (MetricValue.integer(1234), Metric.Kind.integer, "1,234"),
        (.integer(-1234567), .integer, "-1,234,567"),
        (.integer(0), .integer, "0"),
        (.integer(999), .integer, "999"),
        (.integer(1000), .integer, "1,000"),
        (.integer(100_000), .integer, "100,000"),
        (.number(-0.25), .number, "-0.25"),
        (.number(-0.001), .number, "0"),
        (.number(0.05), .number, "0.05"),
        (.number(1234.5), .number, "1,234.5"),
        (.number(2.006), .number, "2.01"),
        (.number(3), .number, "3"),
        (.percent(93.5), .percent, "93.5%"),
        (.percent(90), .percent, "90%"),
        (.percent(93.46), .percent, "93.5%"),
        (.money(2_500_000), .money, "CNY 2,500,000"),
        (.money(1_200_000.5), .money, "CNY 1,200,000.50"),
        (.rating(4), .rating, "4 / 5"),
        (.boolean(true), .boolean, "yes"),
        (.boolean(false), .boolean, "no"),
    ])
    func display(_ value: MetricValue, _ kind: Metric.Kind, _ expected: String) {
        #expect(NumberFormat.display(value, metric: metric(kind), schema: Self.schema) == expected)
    }

    @Test func unitFollowsTheValue() {
        #expect(NumberFormat.display(.integer(1200), metric: metric(.integer, unit: "h"), schema: Self.schema) == "1,200 h")
    }

    @Test func sumsLeaveMissingValuesOut() {
        let a = Aggregate(metric: metric(.integer), values: [.integer(10), .integer(5)])
        #expect(a.value == .sum(15))
        #expect(a.count == 2)
        #expect(a.display(metric: metric(.integer), schema: Self.schema) == "Sum 15")
        #expect(Aggregate(metric: metric(.money), values: [.money(1.5), .money(2)]).display(metric: metric(.money), schema: Self.schema) == "Sum CNY 3.50")
    }

    @Test func mediansTakeTheMeanOfTheMiddleTwo() {
        #expect(Aggregate(metric: metric(.percent), values: [.percent(90), .percent(80), .percent(95)]).value == .median(90))
        #expect(Aggregate(metric: metric(.percent), values: [.percent(90), .percent(80), .percent(95), .percent(85)]).value == .median(87.5))
        #expect(Aggregate(metric: metric(.rating), values: [.rating(3), .rating(4)]).display(metric: metric(.rating), schema: Self.schema) == "Median 3.5 / 5")
    }

    @Test func booleansCountYes() {
        let a = Aggregate(metric: metric(.boolean), values: [.boolean(true), .boolean(false), .boolean(true)])
        #expect(a.display(metric: metric(.boolean), schema: Self.schema) == "2 of 3 yes")
    }

    @Test func noValuesNoAggregate() {
        let a = Aggregate(metric: metric(.integer), values: [])
        #expect(a.value == nil)
        #expect(a.display(metric: metric(.integer), schema: Self.schema) == nil)
    }
}

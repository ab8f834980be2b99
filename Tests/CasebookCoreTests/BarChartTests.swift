@testable import CasebookCore
import CasebookTestSupport
import Foundation
import Testing

/// A chart shows the best twenty of the cases reporting a metric, best first and ties in
/// display order, whichever way the metric is better: what sorting every value gives.
@Suite struct BarChartTests {
    @Test(arguments: [3, 20, 21, 45])
    func theBestBarsInTheOrderOfAFullSort(_ count: Int) throws {
        var cases: [String: String] = [:]
        for i in 0..<count {
            // Few distinct values, so that most bars tie with others.
            cases["case-\(i).md"] = Fixture.baseCase
                .replacingOccurrences(of: "title: Base case", with: "title: Case \(i)")
                .replacingOccurrences(of: "students_enrolled: 120", with: "students_enrolled: \((i * 7) % 5 * 10 + 10)\n  weeks_to_productivity: \((i * 3) % 4 + 2)")
        }
        let renderer = Fixture.renderer(Fixture.sources(cases: cases))
        #expect(renderer.model.cases.count == count)
        for key in ["students_enrolled", "weeks_to_productivity"] {
            let metric = try #require(renderer.model.schema.metrics.first { $0.key == key })
            let reported = renderer.model.cases.indices.compactMap { i in renderer.model.cases[i].metrics[key].map { (case: i, value: $0) } }
            let higher = metric.better == .higher
            let sorted = reported.sorted { a, b in
                let (x, y) = (a.value.numeric ?? 0, b.value.numeric ?? 0)
                return x != y ? (higher ? x > y : x < y) : a.case < b.case
            }
            let chart = try #require(renderer.barChart(metric, of: reported))
            #expect(chart.bars.map(\.label) == sorted.prefix(SiteRenderer.chartLimit).map { renderer.model.cases[$0.case].title }, "\(key)")
            #expect(chart.bars.filter(\.best).count == sorted.filter { $0.value.numeric == sorted[0].value.numeric }.prefix(SiteRenderer.chartLimit).count)
            #expect(chart.note?.contains(count > SiteRenderer.chartLimit ? "of \(count) cases" : "\(count) cases") == true)
        }
    }
}

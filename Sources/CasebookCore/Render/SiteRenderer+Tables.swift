import Synchronization

extension SiteRenderer {
    /// One table per dimension of the cases at `indexes` × the dimension's metrics that at
    /// least one of them reports, with the best value of each column marked by the
    /// metric's `better` (ties included; booleans have no best) and the aggregates of
    /// SPEC §3.2 in the footer.
    func comparisonTables(for indexes: [Int], idPrefix: String, charts: Bool, sortable: Bool) -> [ComparisonTable] {
        // Those of every case in display order (compare and the report) are made once.
        let everyCase = indexes.count == model.cases.count && indexes.elementsEqual(model.cases.indices)
        let parts = everyCase ? allCasesTables.value { tableParts(for: indexes) } : tableParts(for: indexes)
        return parts.map { table in
            ComparisonTable(
                id: "\(idPrefix)-\(table.dimension.key)", caption: table.dimension.label,
                columns: table.metrics.map { ComparisonColumn(key: $0.key, label: $0.label, unit: Self.unitToShow($0),
                                                              better: $0.kind == .boolean ? nil : $0.better.rawValue) },
                rows: table.rows, aggregates: table.aggregates,
                charts: charts ? zip(table.metrics, table.reported).compactMap { barChart($0, of: $1) } : [], sortable: sortable)
        }
    }

    /// What a table of one dimension shows, whatever its page: its metrics, the values
    /// reported of each, its rows and its footer.
    struct TableParts: Sendable {
        var dimension: Schema.Dimension
        var metrics: [Metric]
        var reported: [[(case: Int, value: MetricValue)]]
        var rows: [LazyView<ComparisonRow>]
        var aggregates: [AggregateCell]
    }

    private func tableParts(for indexes: [Int]) -> [TableParts] {
        // Each case's values by the schema's metric index, read once per case: a table
        // looks at every value of a column four times (present? best? aggregate, chart).
        let values = indexes.map(metricValues)
        let this = RendererReference(self)
        return model.schema.dimensions.compactMap { dimension in
            let columns = model.schema.metrics.indices.filter { m in
                model.schema.metrics[m].dimension == dimension.key && values.contains { $0[m] != nil }
            }
            guard !columns.isEmpty else { return nil }
            let metrics = columns.map { model.schema.metrics[$0] }
            let reported = columns.map { m in indexes.indices.compactMap { row in values[row][m].map { (case: indexes[row], value: $0) } } }
            let best = zip(metrics, reported).map { metric, column in bestValue(of: metric, in: column.map(\.value)) }
            let rows = indexes.indices.map { row in
                self.row(indexes[row], columns: columns, best: columns.indices.map { column in
                    best[column] != nil && values[row][columns[column]]?.numeric == best[column]
                }, made: this)
            }
            let aggregates = zip(metrics, reported).map { metric, column in
                let aggregate = Aggregate(metric: metric, values: column.map(\.value))
                return AggregateCell(display: aggregate.display(metric: metric, schema: model.schema) ?? "—",
                                     count: "\(count(aggregate.count)) of \(count(indexes.count))")
            }
            return TableParts(dimension: dimension, metrics: metrics, reported: reported, rows: rows, aggregates: aggregates)
        }
    }

    /// A case's values by metric of the schema, nil where it reports nothing: made once
    /// per case, from the metrics it reports (about half the schema's), each put in its
    /// slot; asking the case for every metric of the schema hashed each key twice as
    /// often, and copied every metric, for 10,000 cases.
    func metricValues(_ index: Int) -> [MetricValue?] {
        valueCache.value(index) {
            var values = [MetricValue?](repeating: nil, count: model.schema.metrics.count)
            // The case's fields read in place: `let c = model.cases[index]` copies all of them.
            for (key, value) in model.cases[index].metrics {
                if let slot = metricSlots[key] { values[slot] = value }
            }
            return values
        }
    }

    /// Case `index`'s row of a table of `columns` (schema metric indexes), with the cells
    /// `best` marked: one object wherever the same row shows, so that its output is
    /// written once and copied after (`fragments`), and made only when rendered (a row
    /// the last build's page holds is copied without its cells being formatted).
    /// `made`: this renderer, for the row's closure to make it with.
    func row(_ index: Int, columns: [Int], best: [Bool], made this: RendererReference) -> LazyView<ComparisonRow> {
        rowCache.value(index) { RowVariants() }.row(columns: columns, best: best) {
            LazyView(identity: identity(index, "row", columns + [-1] + best.map { $0 ? 1 : 0 }), once: false) {
                // The case read in place: `let model = ...` copied the whole model.
                let id = this.renderer.model.cases[index].id
                let shown = this.renderer.cells(index)
                return ComparisonRow(title: this.renderer.model.cases[index].title, url: Route.case(id), printURL: Route.folder(Route.case(id)),
                                     cells: zip(columns, best).map { m, isBest in
                    guard let cell = shown[m] else { return Self.missingCell }
                    return isBest == cell.best ? cell : ComparisonCell(display: cell.display, value: cell.value, best: isBest, missing: cell.missing)
                })
            }
        }
    }

    /// The rows of one case made so far, by columns and best cells: a few a case (a table
    /// per dimension, and the pages whose tables mark one of its cells best). Looked up
    /// beside the case, not in one table of every row of the site: that table's lock,
    /// hashing and probing were a fifth of building the comparison tables.
    final class RowVariants: Sendable {
        private let rows = Mutex<[(columns: [Int], best: [Bool], row: LazyView<ComparisonRow>)]>([])

        func row(columns: [Int], best: [Bool], make: () -> LazyView<ComparisonRow>) -> LazyView<ComparisonRow> {
            func find(_ rows: [(columns: [Int], best: [Bool], row: LazyView<ComparisonRow>)]) -> LazyView<ComparisonRow>? {
                rows.first { $0.columns == columns && $0.best == best }?.row
            }
            if let found = rows.withLock({ find($0) }) { return found }
            let made = make()
            return rows.withLock { rows in
                if let found = find(rows) { return found }
                rows.append((columns, best, made))
                return made
            }
        }
    }

    /// The cell of a metric a case does not report: one for every table.
    static let missingCell = ComparisonCell(display: "—", value: nil, best: false, missing: true)

    /// A case's values as table cells show them (display text, sort key), by metric of the
    /// schema, nil where it reports nothing: made once per case, shared by the tables of
    /// its term pages, compare and the report.
    func cells(_ index: Int) -> [ComparisonCell?] {
        cellCache.value(index) {
            let metrics = model.cases[index].metrics
            return model.schema.metrics.map { metric in
                metrics[metric.key].map { value in
                    ComparisonCell(display: NumberFormat.display(value, metric: metric, schema: model.schema),
                                   value: value.numeric.map(NumberFormat.plain) ?? (value == .boolean(true) ? "1" : "0"), best: false, missing: false)
                }
            }
        }
    }

    /// A metric's unit for a heading, unless its label already says it ("Weeks to
    /// productivity" in weeks).
    static func unitToShow(_ metric: Metric) -> String? {
        guard let unit = metric.unit, !metric.label.lowercased().contains(unit.lowercased()) else { return nil }
        return unit
    }

    /// The best value of a column, or nil for booleans and columns with fewer than two values.
    func bestValue(of metric: Metric, in values: [MetricValue]) -> Double? {
        guard metric.kind != .boolean else { return nil }
        let numbers = values.compactMap(\.numeric)
        guard numbers.count >= 2 else { return nil }
        return metric.better == .higher ? numbers.max() : numbers.min()
    }

    /// The most charted bars: beyond this, a chart shows the best cases and says so.
    static let chartLimit = 20

    /// A horizontal bar chart of a metric over the cases that report it, best first;
    /// nil for booleans.
    func barChart(_ metric: Metric, of reported: [(case: Int, value: MetricValue)]) -> BarChart? {
        guard metric.kind != .boolean, !reported.isEmpty else { return nil }
        // Best first, then by position: a total order. Only the bars shown are kept in
        // order as the values go by (sorting every value of 10,000 cases for twenty bars
        // was a fifth of the comparison tables' time).
        func before(_ a: (Int, MetricValue), _ b: (Int, MetricValue)) -> Bool {
            let (x, y) = (a.1.numeric ?? 0, b.1.numeric ?? 0)
            return x != y ? (metric.better == .higher ? x > y : x < y) : a.0 < b.0
        }
        var shown: [(Int, MetricValue)] = []
        shown.reserveCapacity(Self.chartLimit + 1)
        for item in reported.lazy.map({ ($0.case, $0.value) }) {
            guard shown.count < Self.chartLimit || before(item, shown[shown.count - 1]) else { continue }
            var (low, high) = (0, shown.count)  // the first bar the item goes before
            while low < high {
                let mid = (low + high) / 2
                if before(item, shown[mid]) { high = mid } else { low = mid + 1 }
            }
            shown.insert(item, at: low)
            if shown.count > Self.chartLimit { shown.removeLast() }
        }
        let maximum = max(reported.compactMap { $0.value.numeric }.max() ?? 0, 0)
        let best = shown.first?.1.numeric
        let (width, labelWidth, barArea, rowHeight) = (640, 240, 290, 24)
        let bars = shown.enumerated().map { row, item in
            let (i, value) = item
            let share = maximum > 0 ? max(0, value.numeric ?? 0) / maximum : 0
            let barWidth = share * Double(barArea)
            let title = model.cases[i].title
            return Bar(label: title, shortLabel: title.count > 28 ? String(title.prefix(27)) + "…" : title,
                       display: NumberFormat.display(value, metric: metric, schema: model.schema),
                       y: row * rowHeight + 4, textY: row * rowHeight + 20,
                       barWidth: NumberFormat.grouped(barWidth, decimals: 1).filter { $0 != "," },
                       valueX: NumberFormat.grouped(Double(labelWidth) + barWidth + 6, decimals: 1).filter { $0 != "," },
                       best: reported.count > 1 && value.numeric == best)
        }
        let note = reported.count > Self.chartLimit
            ? "The \(Self.chartLimit) \(metric.better == .higher ? "highest" : "lowest") of \(count(reported.count)) cases reporting."
            : "\(count(reported.count)) \(reported.count == 1 ? "case" : "cases") reporting\(metric.better == .lower ? "; lower is better" : "")."
        return BarChart(id: "chart-\(metric.key)", title: metric.label + (Self.unitToShow(metric).map { " (\($0))" } ?? ""), note: note,
                        width: width, height: bars.count * rowHeight + 8, labelWidth: labelWidth, bars: bars)
    }

    /// Industries × professions: how many published cases join each pair.
    func coverageMatrix() -> CoverageMatrix {
        matrixCache.value(make: makeCoverageMatrix)
    }

    private func makeCoverageMatrix() -> CoverageMatrix {
        let industries = model.terms[.industry] ?? []
        let professions = model.terms[.profession] ?? []
        let columnIndex = Dictionary(uniqueKeysWithValues: professions.enumerated().map { ($1.code, $0) })
        var counts = [[Int]](repeating: [Int](repeating: 0, count: professions.count), count: industries.count)
        for (row, industry) in industries.enumerated() {
            for i in industry.cases {
                for code in Set(model.cases[i].tiers[.profession] ?? []) { if let column = columnIndex[code] { counts[row][column] += 1 } }
            }
        }
        let peak = counts.flatMap { $0 }.max() ?? 0
        return CoverageMatrix(
            rowLabel: model.label(of: .industry), columnLabel: model.label(of: .profession),
            columns: professions.map { termLink(.profession, $0.code) },
            rows: industries.enumerated().map { row, industry in
                CoverageRow(term: termLink(.industry, industry.code), cells: counts[row].map { n in
                    CoverageCell(count: n == 0 ? "" : count(n), empty: n == 0, shade: n == 0 || peak == 0 ? 0 : 1 + (n * 3) / peak)
                }, total: count(industry.cases.count))
            })
    }

    func compareView() -> CompareView {
        CompareView(count: count(model.cases.count),
                    tables: comparisonTables(for: Array(model.cases.indices), idPrefix: "compare", charts: true, sortable: true),
                    matrix: coverageMatrix())
    }

    func reportView() -> ReportView {
        ReportView(
            asOf: model.cases.map(\.date).max()?.description ?? "",
            figures: headlineFigures(), matrix: coverageMatrix(),
            tables: comparisonTables(for: Array(model.cases.indices), idPrefix: "report", charts: false, sortable: false),
            digest: model.cases.indices.map { [this = RendererReference(self)] i in
                LazyView(identity: identity(i, "digest")) {
                    let parts = this.renderer.parts(i)
                    return CaseDigest(card: this.renderer.card(i), chain: parts.chain, partners: parts.partners,
                                      metrics: parts.metricGroups.flatMap(\.metrics))
                }
            })
    }
}

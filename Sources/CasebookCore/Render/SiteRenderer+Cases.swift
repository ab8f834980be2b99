extension SiteRenderer {
    /// The case given where it lies in the model (`let c = model.cases[index]` copied it).
    func card(for c: Case) -> CaseCard {
        func link(_ tier: Tier) -> TermLink? {
            c.tiers[tier]?.first.map { termLink(tier, $0) }
        }
        let headline = model.schema.metrics.filter(\.headline).compactMap { metric in
            c.metrics[metric.key].map { Figure(label: metric.label, value: NumberFormat.display($0, metric: metric, schema: model.schema), note: nil) }
        }
        return CaseCard(
            id: c.id, title: c.title, summary: c.summary, url: Route.case(c.id), date: c.date.description,
            year: String(c.date.year), model: SiteModel.modelLabel(c.model), region: c.region,
            industry: link(.industry), sector: link(.sector), draft: c.draft, headline: headline)
    }

    /// Adds to `print` all that `card(for:)` shows of `c`: a page that shows cases only
    /// by their cards (the case list, the cases related to a case) is fingerprinted
    /// with these instead of the whole case file, so that editing what no card shows
    /// (the body, a metric that is no headline) leaves it as it was (the case list is
    /// 4.9 MB at 10,000 cases). The registries' titles and the schema's labels are every
    /// page's inputs. Keep the two in step: a test edits each of these.
    public static func addCardFacts(of c: Case, in schema: Schema, to print: inout Fingerprint) {
        print.add(c.id)
        print.add(c.title)
        print.add(c.summary)
        print.add(c.date.description)
        print.add(c.model)
        print.add(c.region ?? "\u{0}")
        print.add(c.tiers[.industry]?.first ?? "\u{0}")
        print.add(c.tiers[.sector]?.first ?? "\u{0}")
        print.add(number: c.draft ? 1 : 0)
        for metric in schema.metrics where metric.headline {
            print.add(c.metrics[metric.key].map { NumberFormat.display($0, metric: metric, schema: schema) } ?? "\u{0}")
        }
    }

    // MARK: /cases/

    func caseListView() -> CaseListView {
        let this = RendererReference(self)
        let rows = model.cases.indices.map { i in
            LazyView(identity: identity(i, "case row")) {
                let tiers = this.renderer.model.cases[i].tiers
                return CaseRow(card: this.renderer.card(i), industryCode: tiers[.industry]?.first ?? "", sectorCode: tiers[.sector]?.first ?? "",
                               modelKey: this.renderer.model.cases[i].model, region: this.renderer.model.cases[i].region ?? "")
            }
        }
        // The value of each case by its index: a closure given the case itself copied it.
        func facet(_ key: String, _ label: String, _ value: (Int) -> String?, title: (String) -> String) -> Facet {
            var counts: [String: Int] = [:]
            for i in model.cases.indices { if let v = value(i), !v.isEmpty { counts[v, default: 0] += 1 } }
            return Facet(key: key, label: label, options: counts.keys.sorted().map {
                FacetOption(value: $0, label: title($0), count: count(counts[$0]!))
            })
        }
        let facets = [
            facet("industry", model.label(of: .industry), { model.cases[$0].tiers[.industry]?.first }) {
                "\($0) \(model.title(of: .industry, code: $0))"
            },
            facet("sector", model.label(of: .sector), { model.cases[$0].tiers[.sector]?.first }) {
                "\($0) \(model.title(of: .sector, code: $0))"
            },
            facet("model", "Model", { model.cases[$0].model }) { SiteModel.modelLabel($0) },
            facet("region", "Region", { model.cases[$0].region }) { $0 },
            facet("year", "Year", { String(model.cases[$0].date.year) }) { $0 },
        ]
        return CaseListView(count: count(model.cases.count), facets: facets, rows: rows)
    }

    // MARK: a case

    func casePage(_ index: Int) -> PageSource {
        casePage(index, model.cases[index])
    }

    /// The case given where it lies in the model (`let c = model.cases[index]` copied it).
    private func casePage(_ index: Int, _ c: Case) -> PageSource {
        html(Route.case(c.id), "case", title: c.title, description: c.summary, jsonLD: jsonLD(for: c), draft: c.draft, caseView(index, c))
    }

    func caseView(_ index: Int) -> CaseView {
        caseView(index, model.cases[index])
    }

    private func caseView(_ index: Int, _ c: Case) -> CaseView {
        let body = renderBody(c.body, from: c.relativePath, page: Route.case(c.id))
        return CaseView(
            card: card(index), period: c.period.map { "\($0.start) – \($0.end.map(\.description) ?? "ongoing")" },
            tags: c.tags, chain: parts(index).chain, metricGroups: parts(index).metricGroups,
            factors: model.schema.factors.compactMap { factor in
                c.factors[factor.key].map { score in
                    let scale = model.schema.factorScale
                    let share = scale.upperBound > scale.lowerBound
                        ? Double(score - scale.lowerBound) / Double(scale.upperBound - scale.lowerBound) * 100 : 100
                    return FactorView(label: factor.label, score: String(score), display: "\(score) / \(scale.upperBound)",
                                      percent: NumberFormat.grouped(share, decimals: 0))
                }
            },
            partners: parts(index).partners, bodyHTML: body.html, toc: toc(body.headings),
            related: related(to: index).map { card($0) })
    }

    /// What a case's page and its digest in the report both show.
    struct CaseParts: Sendable {
        var chain: [ChainTier]
        var metricGroups: [MetricGroup]
        var partners: [PartnerView]
    }

    /// Makes ahead of rendering what the pages share of case `index`: its card, chain,
    /// partners, metrics and table cells. The report shows them for every case, and made
    /// there they were made one case after another on one thread, which held up a build
    /// after one case changed (the report is most of its rendering, 0.25 s of making
    /// views at 10,000 cases); threads make them side by side first (`SiteBuild`).
    /// With the last build's renderings to copy from, the pages that show every case copy
    /// nearly every digest and row instead of showing their views: only the metric values
    /// the tables' best cells are found from are read ahead, and a view is made only when
    /// a page renders it.
    public func prepare(_ index: Int) {
        // The values the tables' best cells are found from, which the report would
        // otherwise read case after case on its one thread.
        _ = metricValues(index)
        guard !fragments.restores else { return }
        _ = cells(index)
        _ = card(index)
        _ = parts(index)
    }

    /// Case `index`'s chain, metrics and partners, made once for its page and the report.
    func parts(_ index: Int) -> CaseParts {
        partsCache.value(index) {
            CaseParts(chain: chain(of: model.cases[index]), metricGroups: metricGroups(index), partners: partners(of: model.cases[index]))
        }
    }

    func chain(of c: Case) -> [ChainTier] {
        Tier.allCases.map { tier in
            ChainTier(tier: tier.rawValue, label: model.label(of: tier), indexURL: Route.tierIndex(tier),
                      terms: (c.tiers[tier] ?? []).map { termLink(tier, $0) })
        }
    }

    /// Case `index`'s metrics by dimension, shown as its table cells show them (made once).
    func metricGroups(_ index: Int) -> [MetricGroup] {
        let shown = cells(index)
        let metrics = model.schema.metrics
        return dimensionMetrics.compactMap { dimension in
            let figures = dimension.metrics.compactMap { m in
                shown[m].map { Figure(label: metrics[m].label, value: $0.display, note: nil) }
            }
            return figures.isEmpty ? nil : MetricGroup(label: dimension.label, metrics: figures)
        }
    }

    func partners(of c: Case) -> [PartnerView] {
        c.partners.map { PartnerView(name: $0.name, role: SiteModel.modelLabel($0.role)) }
    }

    func toc(_ headings: [Markdown.Heading]) -> [TocEntry] {
        let entries = headings.filter { $0.level == 2 || $0.level == 3 }
        guard entries.count >= 2 else { return [] }
        return entries.map { TocEntry(text: $0.text, id: $0.id, sub: $0.level == 3) }
    }

    /// Up to three cases that share the most sector, enterprise, occupation and
    /// profession codes with the case; ties in display order.
    func related(to index: Int) -> [Int] {
        if let knownRelated { return knownRelated[index] }
        // Asked twice per case page in a build: for its fingerprint and for its view.
        return relatedCache.value(index) { scoreRelated(to: index) }
    }

    /// Every case's related cases, for a later renderer (`init(model:theme:related:)`).
    public var relatedCases: RelatedCases {
        RelatedCases(inputs: relatedInputs, lists: model.cases.indices.map(related(to:)))
    }

    /// What related cases are scored from (`RelatedCases.inputs(of:)`), made the first
    /// time it is asked for: a build asks while it has a core to spare, before its pages
    /// render, since it keeps `relatedCases` for the next one.
    public var relatedInputs: String {
        relatedInputsOnce.value { RelatedCases.inputs(of: model) }
    }

    /// What `scoreRelated` reads: each case's codes of the tiers it scores by, in
    /// display order. Keep the two in step.
    static let relatedTiers: [Tier] = [.sector, .enterprise, .occupation, .profession]

    private func scoreRelated(to index: Int) -> [Int] {
        let byTier = relatedSets.value {
            Self.relatedTiers.map { tier in (model.terms[tier] ?? []).map { CaseSet(cases: $0.cases, caseCount: model.cases.count) } }
        }
        var sets: [CaseSet] = []
        for (tier, inTier) in zip(Self.relatedTiers, byTier) {
            guard let codes = model.cases[index].tiers[tier], let byCode = model.termIndex[tier] else { continue }
            for code in codes {
                if let t = byCode[code] { sets.append(inTier[t]) }
            }
        }
        // The marks of cases met are lent by a pool and given back zeroed: an array
        // allocated and zeroed for each case page grew with the square of the showcase.
        var seen = relatedMarks.take(count: model.cases.count)
        let best = seen.withUnsafeMutableBufferPointer { RelatedScoring.best(3, of: index, in: sets, seen: $0) }
        relatedMarks.give(seen)
        return best
    }

    /// The body as HTML, with relative links to cases, pages and media rewritten to the
    /// URLs of the built site, relative to `page`.
    func renderBody(_ body: String, from relativePath: String, page: String) -> Markdown.Rendered {
        let root = Route.root(of: page)
        return Markdown.render(body) { destination, _ in
            if destination.isEmpty || destination.hasPrefix("#") || LinkChecker.hasScheme(destination) || destination.hasPrefix("//") {
                return nil
            }
            let fragment = destination.firstIndex(of: "#").map { String(destination[$0...]) } ?? ""
            guard let target = LinkChecker.resolve(destination, from: relativePath) else { return "#" }
            if let i = model.caseByPath[target] { return root + Route.case(model.cases[i].id) + fragment }
            if let p = model.pages.first(where: { $0.relativePath == target }) { return root + Route.page(p.name) + fragment }
            if target.hasPrefix("media/") { return root + target.split(separator: "/").map { Route.percentEncoded(String($0)) }.joined(separator: "/") }
            return "#"
        }
    }

    /// schema.org metadata for the page head; `JSON.string` escapes `<`, `>` and `&`, so
    /// nothing in it can close the `<script>` element.
    func jsonLD(for c: Case) -> String {
        JSONValue.object([
            ("@context", .string("https://schema.org")), ("@type", .string("Article")),
            ("headline", .string(c.title)), ("description", .string(c.summary)),
            ("datePublished", .string(c.date.description)), ("keywords", .array(c.tags.map { .string($0) })),
        ]).text()
    }

    // MARK: tiers

    func tierIndexPage(_ tier: Tier) -> PageSource {
        html(Route.tierIndex(tier), "tier", title: model.label(of: tier).pluralLabel,
             description: "Every \(model.label(of: tier).lowercased()) with published cases.", tierIndexView(tier))
    }

    func tierIndexView(_ tier: Tier) -> TierIndexView {
        let terms = model.terms[tier] ?? []
        return TierIndexView(
            tier: tier.rawValue, label: model.label(of: tier), count: count(terms.count),
            parentLabel: terms.contains { $0.parent != nil } ? terms.first { $0.parent != nil }.map { model.label(of: $0.parent!.tier) } : nil,
            terms: terms.map { term in
                TermRow(term: termLink(tier, term.code), parent: term.parent.map { termLink($0.tier, $0.code) }, count: count(term.cases.count))
            })
    }

    func termPage(_ tier: Tier, _ index: Int) -> PageSource {
        let term = model.terms[tier]![index]
        return html(Route.term(tier, term.code), "term", title: "\(term.code) \(term.title)",
                    description: "\(model.label(of: tier)) \(term.code): \(term.title)", termView(tier, index))
    }

    func termView(_ tier: Tier, _ index: Int) -> TermView {
        let term = model.terms[tier]![index]
        return TermView(
            tier: tier.rawValue, tierLabel: model.label(of: tier), tierURL: Route.tierIndex(tier),
            term: termLink(tier, term.code), parentLabel: term.parent.map { model.label(of: $0.tier) },
            parent: term.parent.map { termLink($0.tier, $0.code) }, count: count(term.cases.count),
            cases: term.cases.map { card($0) }, tables: comparisonTables(for: term.cases, idPrefix: "term", charts: false, sortable: true))
    }

    // MARK: free pages

    func freePage(_ index: Int) -> PageSource {
        let page = model.pages[index]
        let path = Route.page(page.name)
        var body = page.body
        if page.titleFromHeading, let line = body.split(separator: "\n", omittingEmptySubsequences: false).firstIndex(where: { $0.hasPrefix("# ") }) {
            body = body.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset != line }.map(\.element).joined(separator: "\n")
        }
        let rendered = renderBody(body, from: page.relativePath, page: path)
        return html(path, "page", title: page.title, description: page.summary ?? "",
                    FreePageView(summary: page.summary, bodyHTML: rendered.html, toc: toc(rendered.headings)))
    }
}

/// Each case's related cases (model indexes), with a fingerprint of what they were scored
/// from, so that a later build of a model with the same fingerprint takes them as they are.
public struct RelatedCases: Sendable, Equatable {
    public var inputs: String
    public var lists: [[Int]]

    public init(inputs: String, lists: [[Int]]) {
        self.inputs = inputs
        self.lists = lists
    }

    /// The fingerprint of what related cases are scored from: every published case's
    /// codes of the tiers `SiteRenderer.relatedTiers`, in display order.
    public static func inputs(of model: SiteModel) -> String {
        var print = Fingerprint()
        print.add("related")
        print.add(number: model.cases.count)
        // Each case's codes read in place: `for c in model.cases` copied every case,
        // field by field, on the thread that makes the renderer.
        for index in model.cases.indices {
            for tier in SiteRenderer.relatedTiers {
                let codes = model.cases[index].tiers[tier] ?? []
                print.add(number: codes.count)
                for code in codes { print.add(code) }
            }
        }
        return print.hex
    }
}

extension RelatedCases: Archivable {
    public func archive(into writer: inout ArchiveWriter) {
        writer.write(inputs)
        writer.write(lists)
    }

    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        self.init(inputs: try reader.read(), lists: try reader.read())
    }
}

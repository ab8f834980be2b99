/// The view models the templates render, with every string still raw (Mustache's `{{x}}`
/// escapes it) except the fields named `…HTML` or `svg…`, which the renderer has already
/// made safe. docs/theming.md lists every key.
///
/// They are immutable objects, not structs: a template lookup that yields a view, or a
/// list item, then passes one reference instead of copying every field into a box, and a
/// card or table row shown on many pages is one object, whose output the template engine
/// can keep and copy (`TemplateFragments`).
///
/// Every URL here is relative to the site root; templates prefix it with `{{root}}`.

/// What every page has; the layout uses these, and the page's own view is `content`.
public final class PageView<Content: Sendable>: Sendable {
    public let site: SiteView
    /// The way back to the site root from this page: `""`, `"../"`, `"../../"`.
    public let root: String
    /// The page's folder URL relative to the root: `cases/cloud-ops/`.
    public let path: String
    public let title: String
    /// The `<title>`: the page's title and the site's.
    public let fullTitle: String
    /// Nil when empty: a Mustache section shows an empty string.
    public let description: String?
    /// The page kind (`home`, `case`, `term`…), used as the body's class.
    public let kind: String
    public let nav: [NavItem]
    /// JSON-LD for the page head, already escaped so that it cannot close its `<script>`.
    public let jsonLDHTML: String?
    /// Whether the page shows a draft (only with `--drafts`).
    public let draft: Bool
    public let content: Content

    public init(site: SiteView, root: String, path: String, title: String, fullTitle: String, description: String? = nil, kind: String, nav: [NavItem], jsonLDHTML: String? = nil, draft: Bool, content: Content) {
        self.site = site
        self.root = root
        self.path = path
        self.title = title
        self.fullTitle = fullTitle
        self.description = description
        self.kind = kind
        self.nav = nav
        self.jsonLDHTML = jsonLDHTML
        self.draft = draft
        self.content = content
    }
}

public final class SiteView: Sendable {
    public let title: String
    public let description: String?
    public let language: String
    public let author: String?
    public let caseCount: String

    public init(title: String, description: String? = nil, language: String, author: String? = nil, caseCount: String) {
        self.title = title
        self.description = description
        self.language = language
        self.author = author
        self.caseCount = caseCount
    }
}

public final class NavItem: Sendable {
    public let label: String
    public let url: String
    /// The entry is this very page.
    public let current: Bool
    /// The page lies in the entry's section (a case under Cases).
    public let section: Bool

    public init(label: String, url: String, current: Bool, section: Bool) {
        self.label = label
        self.url = url
        self.current = current
        self.section = section
    }
}

/// A code of a tier, linked to its page.
public final class TermLink: Sendable {
    public let code: String
    public let title: String
    public let url: String
    /// Whether the code means something to a reader: false for enterprise ids, whose
    /// title (the name) says it all.
    public let showCode: Bool

    public init(code: String, title: String, url: String, showCode: Bool) {
        self.code = code
        self.title = title
        self.url = url
        self.showCode = showCode
    }
}

/// A labelled value: a headline figure, a metric of a case.
public final class Figure: Sendable {
    public let label: String
    public let value: String
    public let note: String?

    public init(label: String, value: String, note: String? = nil) {
        self.label = label
        self.value = value
        self.note = note
    }
}

public final class CaseCard: Sendable {
    public let id: String
    public let title: String
    public let summary: String
    public let url: String
    public let date: String
    public let year: String
    public let model: String
    public let region: String?
    public let industry: TermLink?
    public let sector: TermLink?
    public let draft: Bool
    public let headline: [Figure]
    /// Its output on the pages that list it, written once (`TemplateFragments`).
    let kept = KeptFragments()

    public init(id: String, title: String, summary: String, url: String, date: String, year: String, model: String, region: String? = nil, industry: TermLink? = nil, sector: TermLink? = nil, draft: Bool, headline: [Figure]) {
        self.id = id
        self.title = title
        self.summary = summary
        self.url = url
        self.date = date
        self.year = year
        self.model = model
        self.region = region
        self.industry = industry
        self.sector = sector
        self.draft = draft
        self.headline = headline
    }
}

// MARK: home

public final class HomeView: Sendable {
    public let figures: [Figure]
    public let latest: [CaseCard]
    public let coverage: [TierCoverage]

    public init(figures: [Figure], latest: [CaseCard], coverage: [TierCoverage]) {
        self.figures = figures
        self.latest = latest
        self.coverage = coverage
    }
}

public final class TierCoverage: Sendable {
    public let label: String
    public let plural: String
    public let url: String
    public let count: String
    /// The most used terms of the tier.
    public let top: [TermLink]

    public init(label: String, plural: String, url: String, count: String, top: [TermLink]) {
        self.label = label
        self.plural = plural
        self.url = url
        self.count = count
        self.top = top
    }
}

// MARK: /cases/

public final class CaseListView: Sendable {
    public let count: String
    public let facets: [Facet]
    public let rows: [LazyView<CaseRow>]

    public init(count: String, facets: [Facet], rows: [LazyView<CaseRow>]) {
        self.count = count
        self.facets = facets
        self.rows = rows
    }
}

public final class Facet: Sendable {
    public let key: String
    public let label: String
    public let options: [FacetOption]

    public init(key: String, label: String, options: [FacetOption]) {
        self.key = key
        self.label = label
        self.options = options
    }
}

public final class FacetOption: Sendable {
    public let value: String
    public let label: String
    public let count: String

    public init(value: String, label: String, count: String) {
        self.value = value
        self.label = label
        self.count = count
    }
}

public final class CaseRow: Sendable {
    public let card: CaseCard
    public let industryCode: String
    public let sectorCode: String
    public let modelKey: String
    public let region: String

    public init(card: CaseCard, industryCode: String, sectorCode: String, modelKey: String, region: String) {
        self.card = card
        self.industryCode = industryCode
        self.sectorCode = sectorCode
        self.modelKey = modelKey
        self.region = region
    }
}

// MARK: a case

public final class CaseView: Sendable {
    public let card: CaseCard
    public let period: String?
    public let tags: [String]
    public let chain: [ChainTier]
    public let metricGroups: [MetricGroup]
    public let factors: [FactorView]
    public let partners: [PartnerView]
    public let bodyHTML: String
    public let toc: [TocEntry]
    public let related: [CaseCard]

    public init(card: CaseCard, period: String? = nil, tags: [String], chain: [ChainTier], metricGroups: [MetricGroup], factors: [FactorView], partners: [PartnerView], bodyHTML: String, toc: [TocEntry], related: [CaseCard]) {
        self.card = card
        self.period = period
        self.tags = tags
        self.chain = chain
        self.metricGroups = metricGroups
        self.factors = factors
        self.partners = partners
        self.bodyHTML = bodyHTML
        self.toc = toc
        self.related = related
    }
}

/// One tier of the linkage chain: its label and the case's codes in it.
public final class ChainTier: Sendable {
    public let tier: String
    public let label: String
    public let indexURL: String
    public let terms: [TermLink]

    public init(tier: String, label: String, indexURL: String, terms: [TermLink]) {
        self.tier = tier
        self.label = label
        self.indexURL = indexURL
        self.terms = terms
    }
}

public final class MetricGroup: Sendable {
    public let label: String
    public let metrics: [Figure]

    public init(label: String, metrics: [Figure]) {
        self.label = label
        self.metrics = metrics
    }
}

public final class FactorView: Sendable {
    public let label: String
    public let score: String
    public let display: String
    /// The score as a share of the scale, 0–100, for a bar.
    public let percent: String

    public init(label: String, score: String, display: String, percent: String) {
        self.label = label
        self.score = score
        self.display = display
        self.percent = percent
    }
}

public final class PartnerView: Sendable {
    public let name: String
    public let role: String

    public init(name: String, role: String) {
        self.name = name
        self.role = role
    }
}

public final class TocEntry: Sendable {
    public let text: String
    public let id: String
    public let sub: Bool

    public init(text: String, id: String, sub: Bool) {
        self.text = text
        self.id = id
        self.sub = sub
    }
}

// MARK: tier indexes and terms

public final class TierIndexView: Sendable {
    public let tier: String
    public let label: String
    public let count: String
    public let parentLabel: String?
    public let terms: [TermRow]

    public init(tier: String, label: String, count: String, parentLabel: String? = nil, terms: [TermRow]) {
        self.tier = tier
        self.label = label
        self.count = count
        self.parentLabel = parentLabel
        self.terms = terms
    }
}

public final class TermRow: Sendable {
    public let term: TermLink
    public let parent: TermLink?
    public let count: String

    public init(term: TermLink, parent: TermLink? = nil, count: String) {
        self.term = term
        self.parent = parent
        self.count = count
    }
}

public final class TermView: Sendable {
    public let tier: String
    public let tierLabel: String
    public let tierURL: String
    public let term: TermLink
    public let parentLabel: String?
    public let parent: TermLink?
    public let count: String
    public let cases: [CaseCard]
    public let tables: [ComparisonTable]

    public init(tier: String, tierLabel: String, tierURL: String, term: TermLink, parentLabel: String? = nil, parent: TermLink? = nil, count: String, cases: [CaseCard], tables: [ComparisonTable]) {
        self.tier = tier
        self.tierLabel = tierLabel
        self.tierURL = tierURL
        self.term = term
        self.parentLabel = parentLabel
        self.parent = parent
        self.count = count
        self.cases = cases
        self.tables = tables
    }
}

// MARK: comparison, charts, coverage

public final class ComparisonTable: Sendable {
    public let id: String
    public let caption: String
    public let columns: [ComparisonColumn]
    public let rows: [LazyView<ComparisonRow>]
    public let aggregates: [AggregateCell]
    public let charts: [BarChart]
    /// Whether the table's columns sort with JS (not in the printed report).
    public let sortable: Bool

    public init(id: String, caption: String, columns: [ComparisonColumn], rows: [LazyView<ComparisonRow>], aggregates: [AggregateCell], charts: [BarChart], sortable: Bool) {
        self.id = id
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.aggregates = aggregates
        self.charts = charts
        self.sortable = sortable
    }
}

public final class ComparisonColumn: Sendable {
    public let key: String
    public let label: String
    public let unit: String?
    /// "higher" or "lower": which end is best; nil for booleans.
    public let better: String?

    public init(key: String, label: String, unit: String? = nil, better: String? = nil) {
        self.key = key
        self.label = label
        self.unit = unit
        self.better = better
    }
}

public final class ComparisonRow: Sendable {
    public let title: String
    public let url: String
    /// The case's folder URL, written out when the report is printed.
    public let printURL: String
    public let cells: [ComparisonCell]

    public init(title: String, url: String, printURL: String, cells: [ComparisonCell]) {
        self.title = title
        self.url = url
        self.printURL = printURL
        self.cells = cells
    }
}

public final class ComparisonCell: Sendable {
    public let display: String
    /// The raw number for sorting; nil when the case does not report the metric.
    public let value: String?
    public let best: Bool
    public let missing: Bool

    public init(display: String, value: String? = nil, best: Bool, missing: Bool) {
        self.display = display
        self.value = value
        self.best = best
        self.missing = missing
    }
}

public final class AggregateCell: Sendable {
    public let display: String
    public let count: String

    public init(display: String, count: String) {
        self.display = display
        self.count = count
    }
}

/// A horizontal bar chart drawn as inline SVG: the geometry is computed here, so the
/// template only writes the elements.
public final class BarChart: Sendable {
    public let id: String
    public let title: String
    public let note: String?
    public let width: Int
    public let height: Int
    public let labelWidth: Int
    public let bars: [Bar]

    public init(id: String, title: String, note: String? = nil, width: Int, height: Int, labelWidth: Int, bars: [Bar]) {
        self.id = id
        self.title = title
        self.note = note
        self.width = width
        self.height = height
        self.labelWidth = labelWidth
        self.bars = bars
    }
}

public final class Bar: Sendable {
    public let label: String
    public let shortLabel: String
    public let display: String
    public let y: Int
    public let textY: Int
    public let barWidth: String
    public let valueX: String
    public let best: Bool

    public init(label: String, shortLabel: String, display: String, y: Int, textY: Int, barWidth: String, valueX: String, best: Bool) {
        self.label = label
        self.shortLabel = shortLabel
        self.display = display
        self.y = y
        self.textY = textY
        self.barWidth = barWidth
        self.valueX = valueX
        self.best = best
    }
}

public final class CoverageMatrix: Sendable {
    public let rowLabel: String
    public let columnLabel: String
    public let columns: [TermLink]
    public let rows: [CoverageRow]

    public init(rowLabel: String, columnLabel: String, columns: [TermLink], rows: [CoverageRow]) {
        self.rowLabel = rowLabel
        self.columnLabel = columnLabel
        self.columns = columns
        self.rows = rows
    }
}

public final class CoverageRow: Sendable {
    public let term: TermLink
    public let cells: [CoverageCell]
    public let total: String

    public init(term: TermLink, cells: [CoverageCell], total: String) {
        self.term = term
        self.cells = cells
        self.total = total
    }
}

public final class CoverageCell: Sendable {
    public let count: String
    public let empty: Bool
    /// 0–4: how dark the cell is shaded.
    public let shade: Int

    public init(count: String, empty: Bool, shade: Int) {
        self.count = count
        self.empty = empty
        self.shade = shade
    }
}

public final class CompareView: Sendable {
    public let count: String
    public let tables: [ComparisonTable]
    public let matrix: CoverageMatrix

    public init(count: String, tables: [ComparisonTable], matrix: CoverageMatrix) {
        self.count = count
        self.tables = tables
        self.matrix = matrix
    }
}

// MARK: report, pages

public final class ReportView: Sendable {
    public let asOf: String
    public let figures: [Figure]
    public let matrix: CoverageMatrix
    public let tables: [ComparisonTable]
    public let digest: [LazyView<CaseDigest>]

    public init(asOf: String, figures: [Figure], matrix: CoverageMatrix, tables: [ComparisonTable], digest: [LazyView<CaseDigest>]) {
        self.asOf = asOf
        self.figures = figures
        self.matrix = matrix
        self.tables = tables
        self.digest = digest
    }
}

public final class CaseDigest: Sendable {
    public let card: CaseCard
    public let chain: [ChainTier]
    public let partners: [PartnerView]
    public let metrics: [Figure]

    public init(card: CaseCard, chain: [ChainTier], partners: [PartnerView], metrics: [Figure]) {
        self.card = card
        self.chain = chain
        self.partners = partners
        self.metrics = metrics
    }
}

public final class FreePageView: Sendable {
    public let summary: String?
    public let bodyHTML: String
    public let toc: [TocEntry]

    public init(summary: String? = nil, bodyHTML: String, toc: [TocEntry]) {
        self.summary = summary
        self.bodyHTML = bodyHTML
        self.toc = toc
    }
}

public final class NotFoundView: Sendable {
    public let latest: [CaseCard]

    public init(latest: [CaseCard]) {
        self.latest = latest
    }
}

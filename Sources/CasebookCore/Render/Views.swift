/// The view models the templates render: plain values with every string still raw
/// (Mustache's `{{x}}` escapes it) except the fields named `…HTML` or `svg…`, which the
/// renderer has already made safe. docs/theming.md lists every key.
///
/// Every URL here is relative to the site root; templates prefix it with `{{root}}`.

/// What every page has; the layout uses these, and the page's own view is `content`.
public struct PageView<Content: Sendable>: Sendable {
    public var site: SiteView
    /// The way back to the site root from this page: `""`, `"../"`, `"../../"`.
    public var root: String
    /// The page's folder URL relative to the root: `cases/cloud-ops/`.
    public var path: String
    public var title: String
    /// The `<title>`: the page's title and the site's.
    public var fullTitle: String
    /// Nil when empty: a Mustache section shows an empty string.
    public var description: String?
    /// The page kind (`home`, `case`, `term`…), used as the body's class.
    public var kind: String
    public var nav: [NavItem]
    /// JSON-LD for the page head, already escaped so that it cannot close its `<script>`.
    public var jsonLDHTML: String?
    /// Whether the page shows a draft (only with `--drafts`).
    public var draft: Bool
    public var content: Content
}

public struct SiteView: Sendable {
    public var title: String
    public var description: String?
    public var language: String
    public var author: String?
    public var caseCount: String
}

public struct NavItem: Sendable {
    public var label: String
    public var url: String
    /// The entry is this very page.
    public var current: Bool
    /// The page lies in the entry's section (a case under Cases).
    public var section: Bool
}

/// A code of a tier, linked to its page.
public struct TermLink: Sendable {
    public var code: String
    public var title: String
    public var url: String
    /// Whether the code means something to a reader: false for enterprise ids, whose
    /// title (the name) says it all.
    public var showCode: Bool
}

/// A labelled value: a headline figure, a metric of a case.
public struct Figure: Sendable {
    public var label: String
    public var value: String
    public var note: String?
}

public struct CaseCard: Sendable {
    public var id: String
    public var title: String
    public var summary: String
    public var url: String
    public var date: String
    public var year: String
    public var model: String
    public var region: String?
    public var industry: TermLink?
    public var sector: TermLink?
    public var draft: Bool
    public var headline: [Figure]
}

// MARK: home

public struct HomeView: Sendable {
    public var figures: [Figure]
    public var latest: [CaseCard]
    public var coverage: [TierCoverage]
}

public struct TierCoverage: Sendable {
    public var label: String
    public var plural: String
    public var url: String
    public var count: String
    /// The most used terms of the tier.
    public var top: [TermLink]
}

// MARK: /cases/

public struct CaseListView: Sendable {
    public var count: String
    public var facets: [Facet]
    public var rows: [CaseRow]
}

public struct Facet: Sendable {
    public var key: String
    public var label: String
    public var options: [FacetOption]
}

public struct FacetOption: Sendable {
    public var value: String
    public var label: String
    public var count: String
}

public struct CaseRow: Sendable {
    public var card: CaseCard
    public var industryCode: String
    public var sectorCode: String
    public var modelKey: String
    public var region: String
}

// MARK: a case

public struct CaseView: Sendable {
    public var card: CaseCard
    public var period: String?
    public var tags: [String]
    public var chain: [ChainTier]
    public var metricGroups: [MetricGroup]
    public var factors: [FactorView]
    public var partners: [PartnerView]
    public var bodyHTML: String
    public var toc: [TocEntry]
    public var related: [CaseCard]
}

/// One tier of the linkage chain: its label and the case's codes in it.
public struct ChainTier: Sendable {
    public var tier: String
    public var label: String
    public var indexURL: String
    public var terms: [TermLink]
}

public struct MetricGroup: Sendable {
    public var label: String
    public var metrics: [Figure]
}

public struct FactorView: Sendable {
    public var label: String
    public var score: String
    public var display: String
    /// The score as a share of the scale, 0–100, for a bar.
    public var percent: String
}

public struct PartnerView: Sendable {
    public var name: String
    public var role: String
}

public struct TocEntry: Sendable {
    public var text: String
    public var id: String
    public var sub: Bool
}

// MARK: tier indexes and terms

public struct TierIndexView: Sendable {
    public var tier: String
    public var label: String
    public var count: String
    public var parentLabel: String?
    public var terms: [TermRow]
}

public struct TermRow: Sendable {
    public var term: TermLink
    public var parent: TermLink?
    public var count: String
}

public struct TermView: Sendable {
    public var tier: String
    public var tierLabel: String
    public var tierURL: String
    public var term: TermLink
    public var parentLabel: String?
    public var parent: TermLink?
    public var count: String
    public var cases: [CaseCard]
    public var tables: [ComparisonTable]
}

// MARK: comparison, charts, coverage

public struct ComparisonTable: Sendable {
    public var id: String
    public var caption: String
    public var columns: [ComparisonColumn]
    public var rows: [ComparisonRow]
    public var aggregates: [AggregateCell]
    public var charts: [BarChart]
    /// Whether the table's columns sort with JS (not in the printed report).
    public var sortable: Bool
}

public struct ComparisonColumn: Sendable {
    public var key: String
    public var label: String
    public var unit: String?
    /// "higher" or "lower": which end is best; nil for booleans.
    public var better: String?
}

public struct ComparisonRow: Sendable {
    public var title: String
    public var url: String
    /// The case's folder URL, written out when the report is printed.
    public var printURL: String
    public var cells: [ComparisonCell]
}

public struct ComparisonCell: Sendable {
    public var display: String
    /// The raw number for sorting; nil when the case does not report the metric.
    public var value: String?
    public var best: Bool
    public var missing: Bool
}

public struct AggregateCell: Sendable {
    public var display: String
    public var count: String
}

/// A horizontal bar chart drawn as inline SVG: the geometry is computed here, so the
/// template only writes the elements.
public struct BarChart: Sendable {
    public var id: String
    public var title: String
    public var note: String?
    public var width: Int
    public var height: Int
    public var labelWidth: Int
    public var bars: [Bar]
}

public struct Bar: Sendable {
    public var label: String
    public var shortLabel: String
    public var display: String
    public var y: Int
    public var textY: Int
    public var barWidth: String
    public var valueX: String
    public var best: Bool
}

public struct CoverageMatrix: Sendable {
    public var rowLabel: String
    public var columnLabel: String
    public var columns: [TermLink]
    public var rows: [CoverageRow]
}

public struct CoverageRow: Sendable {
    public var term: TermLink
    public var cells: [CoverageCell]
    public var total: String
}

public struct CoverageCell: Sendable {
    public var count: String
    public var empty: Bool
    /// 0–4: how dark the cell is shaded.
    public var shade: Int
}

public struct CompareView: Sendable {
    public var count: String
    public var tables: [ComparisonTable]
    public var matrix: CoverageMatrix
}

// MARK: report, pages

public struct ReportView: Sendable {
    public var asOf: String
    public var figures: [Figure]
    public var matrix: CoverageMatrix
    public var tables: [ComparisonTable]
    public var digest: [CaseDigest]
}

public struct CaseDigest: Sendable {
    public var card: CaseCard
    public var chain: [ChainTier]
    public var partners: [PartnerView]
    public var metrics: [Figure]
}

public struct FreePageView: Sendable {
    public var summary: String?
    public var bodyHTML: String
    public var toc: [TocEntry]
}

public struct NotFoundView: Sendable {
    public var latest: [CaseCard]
}

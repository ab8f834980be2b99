/// The default theme carried in the tool: the same files as the repository's `templates/`
/// (the `Theme` folder is a link to it), embedded so a site with only `content/` builds
/// anywhere. A test checks this table lists every file of `templates/`.
enum DefaultTheme {
    static let files: [String: [UInt8]] = [
        "layout.mustache": PackageResources.layout_mustache,
        "home.mustache": PackageResources.home_mustache,
        "cases.mustache": PackageResources.cases_mustache,
        "case.mustache": PackageResources.case_mustache,
        "tier.mustache": PackageResources.tier_mustache,
        "term.mustache": PackageResources.term_mustache,
        "compare.mustache": PackageResources.compare_mustache,
        "report.mustache": PackageResources.report_mustache,
        "page.mustache": PackageResources.page_mustache,
        "not-found.mustache": PackageResources.not_found_mustache,
        "case-card.mustache": PackageResources.case_card_mustache,
        "chain.mustache": PackageResources.chain_mustache,
        "metric-table.mustache": PackageResources.metric_table_mustache,
        "comparison.mustache": PackageResources.comparison_mustache,
        "chart.mustache": PackageResources.chart_mustache,
        "matrix.mustache": PackageResources.matrix_mustache,
        "figures.mustache": PackageResources.figures_mustache,
        "toc.mustache": PackageResources.toc_mustache,
        "assets/site.css": PackageResources.site_css,
        "assets/site.js": PackageResources.site_js,
        "assets/favicon.svg": PackageResources.favicon_svg,
    ]
}

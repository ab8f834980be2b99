import Synchronization

/// A file of the built site: its path under the output folder and its bytes.
public struct OutputFile: Sendable, Hashable {
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// Turns a `SiteModel` into the files of SPEC §5. Each page is one `Job`, rendered on
/// its own, so a caller may spread the jobs over threads; the result depends only on the
/// model and the theme.
public struct SiteRenderer: Sendable {
    public enum Job: Sendable, Hashable {
        case home, caseList, compare, report, notFound
        case `case`(Int)
        case tierIndex(Tier)
        case term(Tier, Int)
        case page(Int)
        case casesJSON, casesCSV, schemaJSON, feed, sitemap
        case asset(String)
    }

    public let model: SiteModel
    public let theme: Theme
    /// Case cards, which many pages share, made once and only when a page asks: a
    /// preview after an edit renders a few pages, not every card of the site.
    private let cardCache: IndexMemo<CaseCard>
    /// Each case's table cells, likewise (`cells(_:)`).
    let cellCache: IndexMemo<[ComparisonCell?]>
    /// `metricValues(_:)` of each case.
    let valueCache: IndexMemo<[MetricValue?]>
    /// Each case's related cases (`related(to:)`).
    let relatedCache: IndexMemo<[Int]>
    /// Zeroed marks of every case, for scoring related cases without allocating and
    /// zeroing them per case page (`scoreRelated`).
    let relatedMarks = ScratchPool<UInt8>()
    /// The cases of each code of the tiers related cases are scored by (`relatedTiers`,
    /// in their order), made once.
    let relatedSets = Once<[[CaseSet]]>()
    /// What related cases are scored from (`RelatedCases.inputs(of:)`), made when first
    /// needed (`relatedInputs`): to take an earlier renderer's related cases, or to give
    /// them to a later one (a preview's renderer after each edit does neither: 0.01 s at
    /// 10,000 cases).
    let relatedInputsOnce = Once<String>()
    /// Each case's related cases as an earlier renderer scored them from the same inputs.
    let knownRelated: [[Int]]?
    /// The navigation of the pages below each top folder (`nav(current:)`).
    let navCache = Memo<String, [NavItem]>()
    /// The headline figures (home and report) and the coverage matrix (compare and
    /// report), made once each: every case's partners and codes go into them.
    let figuresCache = Once<[Figure]>()
    let matrixCache = Once<CoverageMatrix>()
    /// The tables of every case, but for their ids and charts (compare and report).
    let allCasesTables = Once<[TableParts]>()
    /// The navigation's entries, made once: every page asks for them.
    let navEntries: [(label: String, url: String)]
    /// Each case's chain, metric groups and partners (`parts(_:)`).
    let partsCache: IndexMemo<CaseParts>
    /// Each case's table rows, by columns and best cells (`row(_:columns:best:)`).
    let rowCache: IndexMemo<RowVariants>
    /// The output of cards and table rows, written once and copied on every other page
    /// that shows them.
    let fragments: TemplateFragments
    /// Each case's file fingerprint, as the owner of its views' renderings that outlast
    /// the build (`KeptRenderings`); nil when none do.
    let owners: [StableKey]?
    /// Every term's link, made once: each case's card and chain show ten, and a showcase
    /// has some hundreds of terms for ten thousand cases.
    let termLinks: [Tier: [String: TermLink]]
    /// The metrics of each dimension of the schema, by index, in the schema's order.
    let dimensionMetrics: [(label: String, metrics: [Int])]
    /// Each metric's index in the schema, by key (`metricValues(_:)`).
    let metricSlots: [String: Int]

    /// `related`: each case's related cases as an earlier renderer scored them
    /// (`relatedCases`); used when they were scored from the same inputs, which an
    /// incremental build or a preview after an edit of a case's text usually finds, so
    /// that the fingerprint of every case page does not score every case again.
    ///
    /// `lasting`: when the whole-site pages' rows, digests and export parts are to be
    /// kept for the next build (`keptRenderings()`).
    public init(model: SiteModel, theme: Theme, related: RelatedCases? = nil, lasting: Lasting? = nil) {
        self.model = model
        self.theme = theme
        let lasting = lasting.flatMap { $0.owners.count == model.cases.count ? $0 : nil }
        owners = lasting?.owners
        fragments = lasting.map {
            TemplateFragments(library: theme.library, previous: $0.previous, context: $0.context, readPage: $0.readPage)
        } ?? TemplateFragments()
        let count = model.cases.count
        cardCache = IndexMemo(count: count)
        cellCache = IndexMemo(count: count)
        valueCache = IndexMemo(count: count)
        relatedCache = IndexMemo(count: count)
        partsCache = IndexMemo(count: count)
        rowCache = IndexMemo(count: count)
        navEntries = Self.navEntries(of: model)
        termLinks = Dictionary(uniqueKeysWithValues: Tier.allCases.map { tier in
            (tier, Dictionary((model.terms[tier] ?? []).map { ($0.code, Self.makeTermLink(tier, $0.code, in: model)) }) { first, _ in first })
        })
        dimensionMetrics = model.schema.dimensions.map { dimension in
            (dimension.label, model.schema.metrics.indices.filter { model.schema.metrics[$0].dimension == dimension.key })
        }
        metricSlots = Dictionary(model.schema.metrics.indices.map { (model.schema.metrics[$0].key, $0) }) { first, _ in first }
        if let related, related.lists.count == model.cases.count,
           related.inputs == relatedInputsOnce.value(make: { RelatedCases.inputs(of: model) }) {
            knownRelated = related.lists
        } else {
            knownRelated = nil
        }
    }

    func card(_ index: Int) -> CaseCard {
        cardCache.value(index) { card(for: model.cases[index]) }
    }

    /// The name across builds of a view of case `index` that shows only what its file
    /// says (under the context of `KeptRenderings`) and `variant`.
    func identity(_ index: Int, _ kind: String, _ variant: [Int] = []) -> KeptFragments.Identity? {
        owners.map { KeptFragments.Identity(owner: $0[index], kind: kind, variant: variant) }
    }

    /// An export written case by case, each case's part copied from where the last
    /// build wrote it when it can be (`TemplateFragments.part`), and where each lies noted
    /// for the next build.
    func export(_ path: String, kind: String, _ make: (Exports.CasePart, Exports.PartPlaced, _ capacity: Int) -> [UInt8]) -> OutputFile {
        guard fragments.lasts else { return OutputFile(path: path, bytes: make({ _, _ in nil }, { _, _ in }, 0)) }
        var parts: [(identity: KeptFragments.Identity, range: Range<Int>)] = []
        parts.reserveCapacity(model.cases.count)
        let bytes = make({ index, _ in identity(index, kind).flatMap(fragments.part) }, { index, range in
            if let identity = identity(index, kind) { parts.append((identity, range)) }
        }, fragments.previousSize(of: path) ?? 0)
        fragments.located(page: path, bytes: bytes, parts: parts)
        return OutputFile(path: path, bytes: bytes)
    }

    /// What makes the renderings of a build's rows, digests and export parts outlast it.
    public struct Lasting: Sendable {
        /// Each case's file fingerprint, in the model's order: what its views show
        /// besides the context.
        public var owners: [StableKey]
        /// What they show besides (`KeptRenderings.context`).
        public var context: String
        /// Where the last build's pages held theirs.
        public var previous: KeptRenderings?
        /// Reads a page of the last build, by its path in the site.
        public var readPage: @Sendable (String) -> PageBytes?

        public init(owners: [StableKey], context: String, previous: KeptRenderings?, readPage: @escaping @Sendable (String) -> PageBytes?) {
            self.owners = owners
            self.context = context
            self.previous = previous
            self.readPage = readPage
        }
    }

    /// Where this build's whole-site pages hold their cases' rows, digests and parts,
    /// with where the last build's pages that this one did not render hold theirs, for
    /// the next build (`KeptRenderings`); once.
    public func keptRenderings() -> [UInt8] {
        fragments.archive()
    }

    /// Every job of the site, in output-path order of their kind.
    public var jobs: [Job] {
        var jobs: [Job] = [.home, .caseList, .compare, .report, .notFound]
        jobs += model.cases.indices.map { .case($0) }
        for tier in Tier.allCases {
            jobs.append(.tierIndex(tier))
            jobs += (model.terms[tier] ?? []).indices.map { .term(tier, $0) }
        }
        jobs += model.pages.indices.map { .page($0) }
        jobs += [.casesJSON, .casesCSV, .schemaJSON, .feed, .sitemap]
        jobs += theme.assets.keys.sorted().map { .asset($0) }
        return jobs
    }

    public func render(_ job: Job) -> OutputFile {
        if let page = page(job) {
            // The pages that show every case note where their items lie, for the next build.
            // (Compare's rows are the report's: noted once.)
            let locating = job == .report || job == .caseList
            return OutputFile(path: page.path, bytes: theme.render(page.view, template: page.template, fragments: fragments,
                                                                   page: locating ? page.path : nil))
        }
        switch job {
        case .casesJSON: return export("data/cases.json", kind: "json") { Exports.casesJSON(model, part: $0, placed: $1, capacity: $2) }
        case .casesCSV: return export("data/cases.csv", kind: "csv") { Exports.casesCSV(model, part: $0, placed: $1, capacity: $2) }
        case .schemaJSON: return OutputFile(path: "data/schema.json", bytes: Array(Exports.schemaJSON(model).utf8))
        case .feed: return OutputFile(path: "feed.xml", bytes: Array(Feeds.atom(model).utf8))
        case .sitemap: return OutputFile(path: "sitemap.xml", bytes: Array(Feeds.sitemap(model, pages: htmlPaths).utf8))
        case .asset(let name): return OutputFile(path: name, bytes: theme.assets[name] ?? [])
        default: preconditionFailure("\(job) is a page")
        }
    }

    /// The HTML page a job makes, before rendering; nil for exports, feeds and assets.
    func page(_ job: Job) -> PageSource? {
        switch job {
        case .home: html(Route.home, "home", title: model.config.title, description: model.config.description, homeView())
        case .caseList: html(Route.cases, "cases", title: "Cases", description: "Every case, with filters.", caseListView())
        case .compare: html(Route.compare, "compare", title: "Compare", description: "Cases compared by dimension.", compareView())
        case .report: html(Route.report, "report", title: "Report", description: model.config.description, reportView())
        case .notFound: notFound()
        case .case(let i): casePage(i)
        case .tierIndex(let tier): tierIndexPage(tier)
        case .term(let tier, let i): termPage(tier, i)
        case .page(let i): freePage(i)
        case .casesJSON, .casesCSV, .schemaJSON, .feed, .sitemap, .asset: nil
        }
    }

    /// Where a job's file lands, without rendering it.
    public func path(of job: Job) -> String {
        switch job {
        case .home: Route.home
        case .caseList: Route.cases
        case .compare: Route.compare
        case .report: Route.report
        case .notFound: Route.notFound
        case .case(let i): Route.case(model.cases[i].id)
        case .tierIndex(let tier): Route.tierIndex(tier)
        case .term(let tier, let i): Route.term(tier, model.terms[tier]![i].code)
        case .page(let i): Route.page(model.pages[i].name)
        case .casesJSON: "data/cases.json"
        case .casesCSV: "data/cases.csv"
        case .schemaJSON: "data/schema.json"
        case .feed: "feed.xml"
        case .sitemap: "sitemap.xml"
        case .asset(let name): name
        }
    }

    /// `jobs` with those that show every case first, the largest first (the report, the
    /// exports, the case list): threads that take jobs in this order finish together,
    /// instead of one starting the report when the others are done. Compare comes after
    /// the smaller ones: its tables' rows are the report's, and a thread that starts it
    /// once the report is under way copies the rows the report has written
    /// (`fragments`) instead of writing every row a second time alongside it (a 10,000
    /// case build: compare 0.53 → 0.08 s, the build 3.95 → 3.74 s).
    public var jobsLargestFirst: [Job] {
        let largest: [Job] = [.report, .casesJSON, .casesCSV, .caseList, .sitemap, .feed, .home, .compare]
        return largest + jobs.filter { !largest.contains($0) }
    }

    /// Renders every job in order: the whole site, single-threaded.
    public func renderAll() -> [OutputFile] {
        jobs.map(render)
    }

    /// The HTML pages of the site other than 404, for the sitemap.
    var htmlPaths: [String] {
        jobs.map(path(of:)).filter { $0.hasSuffix(".html") && $0 != Route.notFound }
    }

    // MARK: the common frame

    func html<Content: Sendable & TemplateValueConvertible>(
        _ path: String, _ template: String, title: String, description: String, root: String? = nil,
        jsonLD: String? = nil, draft: Bool = false, _ content: Content
    ) -> PageSource {
        let view = PageView(
            site: siteView, root: root ?? Route.root(of: path), path: Route.folder(path), title: title,
            fullTitle: path == Route.home ? title : "\(title) · \(model.config.title)",
            description: description.isEmpty ? nil : description, kind: template, nav: nav(current: path), jsonLDHTML: jsonLD, draft: draft,
            content: content)
        return PageSource(path: path, template: template, view: view)
    }

    var siteView: SiteView {
        SiteView(title: model.config.title, description: model.config.description.nonEmpty,
                 language: model.config.language, author: model.config.author.nonEmpty, caseCount: count(model.cases.count))
    }

    /// The navigation's entries: labels and URLs.
    static func navEntries(of model: SiteModel) -> [(label: String, url: String)] {
        var items: [(String, String)] = [("Cases", Route.cases)]
        items += Tier.allCases.map { (model.label(of: $0).pluralLabel, Route.tierIndex($0)) }
        items += [("Compare", Route.compare), ("Report", Route.report)]
        items += model.pages.map { ($0.title, Route.page($0.name)) }
        return items
    }

    func nav(current path: String) -> [NavItem] {
        let top = path.split(separator: "/").first.map(String.init) ?? ""
        let make = {
            navEntries.map { label, url in
                NavItem(label: label, url: url, current: url == path,
                        section: url != path && url.split(separator: "/").first.map(String.init) == top && path != Route.home)
            }
        }
        // Every page below an entry that is not the entry itself (a case, a term) has
        // the same navigation as the others there: made once for each.
        guard path != Route.home, !navEntries.contains(where: { $0.url == path }) else { return make() }
        return navCache.value(top, make: make)
    }

    func count(_ n: Int) -> String { NumberFormat.grouped(Double(n), decimals: 0) }

    func termLink(_ tier: Tier, _ code: String) -> TermLink {
        termLinks[tier]?[code] ?? Self.makeTermLink(tier, code, in: model)
    }

    static func makeTermLink(_ tier: Tier, _ code: String, in model: SiteModel) -> TermLink {
        TermLink(code: code, title: model.title(of: tier, code: code), url: Route.term(tier, code), showCode: tier != .enterprise)
    }

    // MARK: home

    func homeView() -> HomeView {
        HomeView(figures: headlineFigures(), latest: model.cases.indices.prefix(6).map(card), coverage: Tier.allCases.map { tier in
            let terms = model.terms[tier] ?? []
            let top = terms.sorted { ($0.cases.count, $1.code) > ($1.cases.count, $0.code) }.prefix(3)
            return TierCoverage(label: model.label(of: tier), plural: model.label(of: tier).pluralLabel,
                                url: Route.tierIndex(tier), count: count(terms.count),
                                top: top.map { termLink(tier, $0.code) })
        })
    }

    /// Published cases, distinct institutions, distinct enterprises, each headline sum.
    func headlineFigures() -> [Figure] {
        figuresCache.value(make: makeHeadlineFigures)
    }

    private func makeHeadlineFigures() -> [Figure] {
        let institutions = Set(model.cases.indices.flatMap { i in
            model.cases[i].partners.filter { ["university", "research-institute"].contains($0.role) }.map(\.name)
        })
        var figures = [
            Figure(label: "Published cases", value: count(model.cases.count), note: nil),
            Figure(label: "Institutions", value: count(institutions.count), note: "universities and research institutes"),
            Figure(label: "Enterprises", value: count((model.terms[.enterprise] ?? []).count), note: nil),
        ]
        for metric in model.schema.metrics where metric.headline {
            let aggregate = Aggregate(metric: metric, values: model.values(of: metric, in: Array(model.cases.indices)))
            guard let value = aggregate.value else { continue }
            let display: String
            switch value {
            case .sum(let s), .median(let s): display = NumberFormat.display(aggregate: s, metric: metric, schema: model.schema)
            case .yes(let k): display = count(k)
            }
            figures.append(Figure(label: metric.label, value: display, note: "\(count(aggregate.count)) cases reporting"))
        }
        return figures
    }

    // MARK: 404

    func notFound() -> PageSource {
        // Served at any depth, so it links by the path of base_url, not relatively.
        let base = model.config.baseURL
        var root = "/"
        if let scheme = base.firstRange(of: "://") {
            let rest = base[scheme.upperBound...]
            root = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
        } else if base.hasPrefix("/") {
            root = base
        }
        return html(Route.notFound, "not-found", title: "Page not found", description: "", root: root,
                    NotFoundView(latest: model.cases.indices.prefix(3).map(card)))
    }
}

extension String {
    /// Nil for the empty string, which a Mustache section would show.
    var nonEmpty: String? { isEmpty ? nil : self }

    /// "Industry" → "Industries", "Sector" → "Sectors": the label of a tier's index.
    var pluralLabel: String {
        if hasSuffix("y"), let last = dropLast().last, !"aeiou".contains(last) { return dropLast() + "ies" }
        return hasSuffix("s") ? self : self + "s"
    }
}

/// An HTML page before rendering: where it lands, its template and its view.
struct PageSource {
    var path: String
    var template: String
    var view: any TemplateValueConvertible
}

/// Views a renderer has made, by case index, shared by the threads rendering its pages:
/// a slot per case, read without a lock (with one lock for all, the two threads of a
/// build queued on it for every card, row and cell).
final class IndexMemo<Value: Sendable>: @unchecked Sendable {
    private final class Box {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Each slot is 0 or a retained `Box`, set once.
    private let slots: UnsafeMutablePointer<Atomic<Int>>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: max(1, count))
        for i in 0..<count { (slots + i).initialize(to: Atomic(0)) }
    }

    deinit {
        for i in 0..<count {
            let bits = slots[i].load(ordering: .relaxed)
            if bits != 0 { Unmanaged<Box>.fromOpaque(UnsafeRawPointer(bitPattern: bits)!).release() }
        }
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// The value for `index`, made by `make` the first time it is asked for; when two
    /// threads make it at once, both get the first one kept.
    func value(_ index: Int, make: () -> Value) -> Value {
        precondition(index >= 0 && index < count, "no case \(index)")
        let bits = slots[index].load(ordering: .acquiring)
        if bits != 0 { return Unmanaged<Box>.fromOpaque(UnsafeRawPointer(bitPattern: bits)!).takeUnretainedValue().value }
        let made = Unmanaged.passRetained(Box(make()))
        let (kept, found) = slots[index].compareExchange(expected: 0, desired: Int(bitPattern: made.toOpaque()), ordering: .acquiringAndReleasing)
        if kept { return made.takeUnretainedValue().value }
        made.release()
        return Unmanaged<Box>.fromOpaque(UnsafeRawPointer(bitPattern: found)!).takeUnretainedValue().value
    }
}

/// Views a renderer has made, by another key, shared by the threads rendering its pages.
final class Memo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let values = Mutex<[Key: Value]>([:])

    /// The value under `key`, made by `make` the first time it is asked for; when two
    /// threads make it at once, both get the first one kept.
    func value(_ key: Key, make: () -> Value) -> Value {
        if let value = values.withLock({ $0[key] }) { return value }
        let made = make()
        return values.withLock { values in
            if let value = values[key] { return value }
            values[key] = made
            return made
        }
    }
}

/// A value of the whole site, made the first time it is asked for; when two threads
/// make it at once, both get the first one kept.
final class Once<Value: Sendable>: Sendable {
    private let held = Mutex<Value?>(nil)

    func value(make: () -> Value) -> Value {
        if let value = held.withLock({ $0 }) { return value }
        let made = make()
        return held.withLock { held in
            if let value = held { return value }
            held = made
            return made
        }
    }
}

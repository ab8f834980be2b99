public import CasebookCore

/// A site kept in memory between edits, for `casebook serve`: after a change it re-reads
/// and re-checks only the files that changed, then relinks the site (duplicate ids and
/// links, from per-case results kept here) and recompiles the theme only when a template
/// changed. `result` and `theme` always equal what a full build of the folder would use.
public struct LiveSite: Sendable {
    public let fileSystem: any FileSystem
    /// The content and templates folders, absolute.
    public let contentRoot: String
    public let templatesRoot: String?
    public let checker: SiteChecker

    public private(set) var sources: SiteSources
    public private(set) var result: CheckResult
    public private(set) var theme: Theme?
    private var context: SiteChecker.Context
    private var outcomes: [String: SiteChecker.CaseOutcome]
    private var pages: [String: (Page?, Document?, [Diagnostic])]
    private var overrides: [String: SourceFile]
    private var themeDiagnostics: [Diagnostic]
    private let linkCache = LinkCache()
    /// The cases the last update edited in place (same id, draft flag and file set), so
    /// that a renderer can swap them into its model instead of making it again; empty
    /// after any other update.
    public private(set) var editedInPlace: [Case] = []
    /// How many case files the first build checked; the others' outcomes were kept.
    public private(set) var checkedAtStart = 0
    /// What the pages' kept renderings are fingerprinted as made by (`renderer(theme:after:rendered:baseURL:)`).
    private let tool: String
    /// Each case file's fingerprint (`CheckCache.Prints`) as the owner of its views'
    /// renderings (`SiteBuild.owner`), by its path in the content folder, made again for
    /// a file only when it changes.
    private var caseOwners: [String: StableKey]

    /// What an update touched, so the server can choose between a reload and a style swap.
    public enum Change: Sendable, Hashable {
        case nothing
        /// Only stylesheets of the theme changed.
        case styles
        case site
    }

    /// With `tool` (the casebook binary's identity), the case files' outcomes are taken
    /// from those `casebook check` keeps where they hold, and the cache gets them all:
    /// the preview of a large showcase starts without checking every case again.
    public init(fileSystem: any FileSystem, content: String, templates: String?, includeDrafts: Bool, tool: String? = nil) throws {
        let loader = SiteLoader(fileSystem: fileSystem)
        self.fileSystem = fileSystem
        self.contentRoot = loader.paths.absolute(content)
        self.templatesRoot = templates.map { loader.paths.absolute($0) }
        self.checker = SiteChecker(includeDrafts: includeDrafts)
        self.tool = tool ?? "casebook"
        self.sources = try loader.load(content: content)
        self.context = checker.prepare(sources)
        let cache = CheckCache(fileSystem: fileSystem, content: fileSystem.absolute(contentRoot))
        let prints = CheckCache.Prints(sources, tool: self.tool)
        self.caseOwners = prints.cases.mapValues(SiteBuild.owner)
        let kept = tool.map { _ in (cache: cache, prints: prints) }
        (self.outcomes, self.checkedAtStart) = Self.checkCases(sources, checker: checker, context: context, kept: kept)
        let checker = self.checker
        self.pages = Dictionary(uniqueKeysWithValues: sources.pages.map { ($0.relativePath, checker.checkPage($0)) })
        self.overrides = try templates.map { try loader.loadTemplates(folder: $0) } ?? [:]
        (self.theme, self.themeDiagnostics) = Theme.compile(overrides: overrides)
        self.result = Self.link(checker: checker, sources: sources, context: context, outcomes: outcomes, pages: pages,
                                themeDiagnostics: themeDiagnostics, overrides: overrides, linkCache: linkCache)
    }

    /// The model to render the current result with: `previous` with the cases edited in
    /// place swapped in when that is possible, else a new one. Equal either way to what a
    /// full build makes.
    public func model(after previous: SiteModel?, baseURL: String?) -> SiteModel {
        if let previous, !editedInPlace.isEmpty,
           let model = editedInPlace.reduce(Optional(previous), { model, edited in model?.replacing(edited) }) {
            return model
        }
        return SiteBuild.model(for: result, includeDrafts: checker.includeDrafts, baseURL: baseURL)
    }

    /// The renderer of the current result (`theme` compiled from its templates), made the
    /// way an incremental build makes its own from the last build: the model of
    /// `model(after:baseURL:)`, and the rows, digests and export parts of the whole-site
    /// pages copied out of the pages `previous` rendered (`rendered` gives them by path,
    /// as they were served) where the case they show is the same file, instead of
    /// rendered again (the report of 10,000 cases, nearly all of it). What it renders
    /// equals what a renderer made afresh renders.
    public func renderer(theme: Theme, after previous: SiteRenderer?, rendered: (@Sendable (String) -> [UInt8]?)?,
                         baseURL: String?) -> SiteRenderer {
        let model = model(after: previous?.model, baseURL: baseURL)
        // What a case's rows and digests show besides its file: what checking it reads,
        // the options and the templates (not the media).
        let context = SiteBuild.renderingsContext(check: CheckCache.Prints.context(of: sources, tool: tool), templates: overrides,
                                                  includeDrafts: checker.includeDrafts, baseURL: baseURL)
        // By index: `map` over the cases copies each one, every field of it.
        let owners = model.cases.indices.map { caseOwners[model.cases[$0].relativePath] ?? SiteBuild.owner("") }
        // Taken once: later pages of the previous renderer are not noted for another.
        let kept = previous.flatMap { KeptRenderings(bytes: $0.keptRenderings(), context: context) }
        let lasting = SiteRenderer.Lasting(owners: owners, context: context, previous: kept,
                                           readPage: { path in rendered?(path).map { PageBytes($0) } })
        return SiteRenderer(model: model, theme: theme, lasting: lasting)
    }

    /// Applies changes to files (absolute paths, as a watcher reports them).
    public mutating func apply(_ changed: Set<String>) throws -> Change {
        let loader = SiteLoader(fileSystem: fileSystem)
        var contentPaths: [String] = []
        var templatesChanged = false
        for path in changed {
            // A file the site is not made of (an editor's temporary file beside the case
            // it saves) changes nothing: counted, it made every save of a case a change
            // of two files, never an edit in place.
            if let relative = Self.relative(path, to: contentRoot), Self.isSiteFile(relative) { contentPaths.append(relative) }
            if let root = templatesRoot, Self.relative(path, to: root) != nil { templatesChanged = true }
        }
        guard !contentPaths.isEmpty || templatesChanged else { return .nothing }
        var stylesOnly = contentPaths.isEmpty
        if templatesChanged, let root = templatesRoot {
            let old = overrides
            overrides = (try? loader.loadTemplates(folder: root)) ?? [:]
            let changedNames = Set(old.keys).union(overrides.keys).filter { old[$0]?.bytes != overrides[$0]?.bytes }
            stylesOnly = stylesOnly && !changedNames.isEmpty && changedNames.allSatisfy { $0.hasSuffix(".css") }
            (theme, themeDiagnostics) = Theme.compile(overrides: overrides)
        }
        editedInPlace = []
        if contentPaths.contains(where: Self.isConfiguration) {
            // The configuration, schema, enterprises or a registry: everything depends on it.
            sources = try loader.load(content: contentRoot)
            context = checker.prepare(sources)
            caseOwners = CheckCache.Prints(sources, tool: tool).cases.mapValues(SiteBuild.owner)
            outcomes = Self.checkCases(sources, checker: checker, context: context, kept: nil).outcomes
            pages = Dictionary(uniqueKeysWithValues: sources.pages.map { ($0.relativePath, checker.checkPage($0)) })
            relink()
        } else {
            let before = contentPaths.allSatisfy { $0.hasPrefix("cases/") } && !templatesChanged
                ? contentPaths.compactMap { outcomes[$0] } : []
            for relative in Set(contentPaths).sorted() { try update(relative, loader: loader) }
            let edits = before.compactMap { old in outcomes[old.file.relativePath].map { (old: old, new: $0) } }
            if !before.isEmpty, before.count == contentPaths.count, edits.count == before.count, let updated = checker.relink(result, replacing: edits) {
                result = updated
                editedInPlace = edits.compactMap(\.new.value)
                return .site
            }
            relink()
        }
        editedInPlace = []
        return stylesOnly ? .styles : .site
    }

    /// Every case file's outcome, checked on every core or taken from `kept`'s cache,
    /// which then holds them all.
    private static func checkCases(_ sources: SiteSources, checker: SiteChecker, context: SiteChecker.Context,
                                   kept: (cache: CheckCache, prints: CheckCache.Prints)?) -> (outcomes: [String: SiteChecker.CaseOutcome], checked: Int) {
        let prints = kept?.prints
        let earlier = kept?.cache.load()
        typealias Made = (outcome: SiteChecker.CaseOutcome, entry: CheckCache.Outcomes.Entry?, checked: Bool)
        let made = (try? parallelMap(sources.cases) { file -> Made in
            guard let prints else { return (checker.checkCase(file, in: context), nil, true) }
            let made = CheckCache.outcome(of: file, checker: checker, context: context, prints: prints, earlier: earlier)
            return (made.outcome, made.entry, made.checked)
        }) ?? []
        if let kept, let prints {
            let outcomes = CheckCache.Outcomes(context: prints.context, cases: sources.cases, entries: made.compactMap(\.entry))
            kept.cache.keep(outcomes, checked: made.count { $0.checked }, earlier: earlier)
        }
        return (Dictionary(uniqueKeysWithValues: zip(sources.cases, made).map { ($0.relativePath, $1.outcome) }), made.count { $0.checked })
    }

    /// Re-reads one file of cases/, pages/ or media/ (or forgets it when it is gone).
    private mutating func update(_ relative: String, loader: SiteLoader) throws {
        let file = try loader.loadFile(content: contentRoot, relative: relative)
        if relative.hasPrefix("media/") {
            if file != nil { sources.media.insert(relative) } else { sources.media.remove(relative) }
            return
        }
        let isCase = relative.hasPrefix("cases/")
        guard relative.hasSuffix(".md"), relative.split(separator: "/").count == 2 else { return }
        var list = isCase ? sources.cases : sources.pages
        list.removeAll { $0.relativePath == relative }
        if let file { list.append(ContentFile(relativePath: relative, file: file)) }
        list.sort { $0.relativePath < $1.relativePath }
        if isCase {
            sources.cases = list
            outcomes[relative] = file.map { checker.checkCase(ContentFile(relativePath: relative, file: $0), in: context) }
            caseOwners[relative] = file.map { SiteBuild.owner(CheckCache.Prints.print(of: $0)) }
        } else {
            sources.pages = list
            pages[relative] = file.map { checker.checkPage(ContentFile(relativePath: relative, file: $0)) }
        }
    }

    private mutating func relink() {
        result = Self.link(checker: checker, sources: sources, context: context, outcomes: outcomes, pages: pages,
                           themeDiagnostics: themeDiagnostics, overrides: overrides, linkCache: linkCache)
    }

    /// The steps across all cases, from the per-file results, with the theme's problems.
    private static func link(
        checker: SiteChecker, sources: SiteSources, context: SiteChecker.Context,
        outcomes: [String: SiteChecker.CaseOutcome], pages: [String: (Page?, Document?, [Diagnostic])],
        themeDiagnostics: [Diagnostic], overrides: [String: SourceFile], linkCache: LinkCache
    ) -> CheckResult {
        let caseOutcomes = sources.cases.compactMap { outcomes[$0.relativePath] }
        let pageOutcomes = sources.pages.compactMap { file in pages[file.relativePath].map { (file: file, result: $0) } }
        var result = checker.link(caseOutcomes, pages: pageOutcomes, sources: sources, context: context, linkCache: linkCache)
        result.add(themeDiagnostics: themeDiagnostics, templates: overrides)
        return result
    }

    /// A file of the content folder that the loader reads: a Markdown file of cases/ or
    /// pages/, a file under media/, or a configuration file (`isConfiguration`); none
    /// that is hidden or in a hidden folder.
    static func isSiteFile(_ relative: String) -> Bool {
        let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.contains(where: { $0.isEmpty || $0.hasPrefix(".") }) else { return false }
        switch segments.first {
        case "cases", "pages": return segments.count == 2 && relative.hasSuffix(".md")
        case "media": return segments.count > 1
        default: return isConfiguration(relative)
        }
    }

    /// site.yml, schema.yml, enterprises.yml or a registry: a file the loader reads outside
    /// cases/, pages/ and media/.
    static func isConfiguration(_ relative: String) -> Bool {
        guard !relative.hasPrefix("cases/"), !relative.hasPrefix("pages/"), !relative.hasPrefix("media/"),
              !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { return false }
        return SiteLoader.registryExtensions.contains { relative.hasSuffix($0) }
    }

    static func relative(_ path: String, to root: String) -> String? {
        guard path.hasPrefix(root + "/") else { return nil }
        return String(path.dropFirst(root.count + 1))
    }
}

extension CheckResult {
    /// Adds the problems of the theme, with the text of each template that has one.
    mutating func add(themeDiagnostics: [Diagnostic], templates: [String: SourceFile]) {
        guard !themeDiagnostics.isEmpty else { return }
        diagnostics = (diagnostics + themeDiagnostics).sorted()
        for d in themeDiagnostics {
            if let file = templates.values.first(where: { $0.path == d.location.path }) {
                sourceTexts[d.location.path] = String(decoding: file.bytes, as: UTF8.self)
            }
        }
    }
}

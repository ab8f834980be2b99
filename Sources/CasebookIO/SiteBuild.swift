public import CasebookCore
import Synchronization

/// A whole build: load and check the site, compile the theme, render every page over
/// `jobs` concurrent tasks. Nothing is written here: the caller lands `files` with
/// `SiteWriter` once it has decided that the diagnostics allow it.
public struct SiteBuild: Sendable {
    public var fileSystem: any FileSystem
    public var jobs: Int
    public var includeDrafts: Bool
    /// Overrides `base_url` of site.yml.
    public var baseURL: String?
    /// What made the pages, for the fingerprint: the tool's version and build.
    public var tool: String
    /// Whether what a build made (every view, card and row of the site) is freed after
    /// it; a command that exits when the build is done leaves that to the exit.
    public var freesMemory: Bool

    public init(fileSystem: any FileSystem, jobs: Int, includeDrafts: Bool, baseURL: String? = nil, tool: String = "casebook",
                freesMemory: Bool = true) {
        self.fileSystem = fileSystem
        self.jobs = max(1, jobs)
        self.includeDrafts = includeDrafts
        self.baseURL = baseURL
        self.tool = tool
        self.freesMemory = freesMemory
    }

    public struct Result: Sendable {
        /// The check of the content, with template problems among its diagnostics.
        public var check: CheckResult
        /// The files of the site, or nil when there were errors or they went to a sink.
        public var files: [OutputFile]?
        /// The path and size of every file of the site, written to a sink or not.
        public var sizes: [String: Int] = [:]
        public var pageCount: Int
        public var caseCount: Int
        /// A fingerprint of everything the pages are made from (nil when there were errors).
        public var fingerprint: String? = nil
        /// The output already holds this build: nothing was rendered.
        public var unchanged = false
        /// Each page's fingerprint of its inputs (`SiteRenderer.inputs(of:)`), by path,
        /// for the next build to reuse the pages whose inputs stay the same.
        public var pageInputs: [String: String] = [:]
        /// How many files were rendered; the others were reused from the last build.
        public var rendered = 0
        /// How many case files were checked; the others' outcomes were those of the last build.
        public var checked = 0
        /// Each case's related cases, for the next build (`related` of `run`).
        public var related: RelatedCases? = nil
        /// Makes the archive of where this build's whole-site pages hold their items, for
        /// the next build (`KeptRenderings`, `lastBuild` of `run`); nil when none is kept.
        public var renderings: (@Sendable () -> [UInt8])? = nil
    }

    /// Builds the site of `content` with the theme overridden by `templates` (nil: the
    /// default theme alone). `progress` is told how many of the pages are done.
    /// `unchangedIf` is asked, before anything is checked, for the diagnostics of the last
    /// build when it was made of exactly these inputs (the fingerprint) and the output
    /// still holds it; then nothing is checked or rendered, and those are reported. With a
    /// `sink`, each file goes there as soon as it is rendered (on the rendering thread)
    /// and is not kept: writing overlaps rendering, and memory holds a few pages, not
    /// the site. `reuse` is asked for each file with the fingerprint of its inputs; when
    /// it answers with a size, the sink already holds that file from the last build and
    /// it is not rendered. A case file whose outcome is among `earlier` (the last build's,
    /// still being read while the case files are stamped) is not checked again, nor read
    /// when it has the stamp kept there; `keepOutcomes` is given every case file's
    /// outcome as soon as the check is done, when they are not those of `earlier`, to
    /// save for the next build while this one goes on; `report`
    /// is given the check, with the templates' problems, as soon as it is done, to report
    /// while the pages render (it is the result's `check`). `related` are
    /// the related cases of the last build, taken as they are when scored from the same
    /// codes (`SiteRenderer.init(model:theme:related:)`), asked for once the site model
    /// is made (they may still be being read). `lastBuild`, when given, says
    /// where the last build's whole-site pages hold their rows, digests and parts
    /// (`KeptRenderings`) and reads those pages, and the result says where this one's do.
    public func run(content: String, templates: String?, unchangedIf: (String) -> [Diagnostic]? = { _ in nil },
                    earlier loading: CheckCache.Loading? = nil,
                    keepOutcomes: (@Sendable (CheckCache.Outcomes) -> Void)? = nil,
                    report: (@Sendable (CheckResult) -> Void)? = nil, related: @autoclosure () -> RelatedCases? = nil,
                    lastBuild: LastBuild? = nil,
                    sink: (any OutputSink)? = nil, reuse: (@Sendable (_ path: String, _ inputs: String) -> Int?)? = nil,
                    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) async throws -> Result {
        let loader = SiteLoader(fileSystem: fileSystem)
        // A case file that still has the stamp kept with its last outcome is not read (nor
        // fingerprinted) unless something asks for its bytes. Files are stamped when there
        // are outcomes to keep them with. When every case is to be checked (no outcomes
        // kept), what checking one reads besides its file is made from the settings while
        // the case files load; else the check makes it if it needs it (a build with
        // nothing changed does not: made at once, it took 0.007 s of its 0.1 s).
        var siteCheck = SiteCheck(checker: SiteChecker(includeDrafts: includeDrafts), jobs: jobs, freesMemory: freesMemory)
        let sources = try loader.load(content: content, known: CheckCache.Outcomes.known(from: loading, keeping: keepOutcomes != nil),
                                      settings: { if loading?.found != true { siteCheck = siteCheck.preparing($0) } })
        let earlier = loading?.outcomes
        let overrides = try templates.map { try loader.loadTemplates(folder: $0) } ?? [:]
        let media = try loader.loadMedia(sources, content: content)
        let prints = fingerprints(sources, templates: overrides, media: media, earlier: earlier)
        let fingerprint = prints.build
        if let diagnostics = unchangedIf(fingerprint) {
            return Result(check: .replayed(diagnostics, sources: sources), files: nil, pageCount: 0, caseCount: 0,
                          fingerprint: fingerprint, unchanged: true)
        }
        // The sink prepares (a reused stage is listed) while the check links the cases on
        // one thread and the model is made on one thread: listing ten thousand folders is
        // 0.05 s of one core, which then waited for the cores rendering begins with.
        var (check, all, checked) = await siteCheck.run(sources, prints: prints.check, earlier: earlier, linking: { sink?.prepare() })
        if all.differ(from: earlier, checked: checked) { keepOutcomes?(all) }
        let (theme, themeDiagnostics) = Theme.compile(overrides: overrides)
        check.add(themeDiagnostics: themeDiagnostics, templates: overrides)
        report?(check)
        guard let theme, check.diagnostics.errorCount == 0 else {
            return Result(check: check, files: nil, pageCount: 0, caseCount: check.caseFileCount, checked: checked)
        }
        let model = Self.model(for: check, includeDrafts: includeDrafts, baseURL: baseURL)
        // What the renderer is made with and what the pages' inputs are fingerprinted
        // with, made side by side: each a pass over every case (0.01 s at 10,000 cases),
        // one after the other on one thread.
        // By index: `map` over the cases copies each one, every field of it.
        let caseprints = model.cases.indices.map { prints.check.cases[model.cases[$0].relativePath] ?? "" }
        async let owners = lastBuild == nil ? [] : caseprints.map(Self.owner)
        async let previous = lastBuild?.renderings().flatMap { KeptRenderings(bytes: $0, context: prints.renderings) }
        async let shared = PageInputs.Shared(model: model, prints: prints, caseprints: caseprints)
        let lasting: SiteRenderer.Lasting? = if let lastBuild {
            SiteRenderer.Lasting(owners: await owners, context: prints.renderings, previous: await previous, readPage: lastBuild.readPage)
        } else {
            nil
        }
        let renderer = SiteRenderer(model: model, theme: theme, related: related(), lasting: lasting)
        // Made beside the pages' fingerprint bases, for the related cases kept at the end.
        async let relatedInputs = renderer.relatedInputs
        let inputs = PageInputs(renderer: renderer, shared: await shared)
        _ = await relatedInputs
        var (files, sizes, pageInputs, rendered) = try await render(renderer, inputs: inputs, sink: sink, reuse: reuse, progress: progress)
        for file in media {
            if let sink { try sink.add(file) } else { files.append(file) }
            sizes[file.path] = file.bytes.count
        }
        let pages = sizes.keys.filter { $0.hasSuffix(".html") }.count
        var result = Result(check: check, files: sink == nil ? files.sorted { $0.path < $1.path } : nil, sizes: sizes, pageCount: pages,
                            caseCount: renderer.model.cases.count, fingerprint: fingerprint, pageInputs: pageInputs,
                            rendered: rendered + media.count, checked: checked,
                            related: renderer.relatedCases)
        if lasting != nil {
            let kept = renderer
            result.renderings = { kept.keptRenderings() }
        }
        // The renderer's memos (every card, row and kept fragment of the site) are
        // hundreds of thousands of small objects: freed on another thread while the
        // caller saves caches and swaps the output in (0.15 s at 10,000 cases), or not at
        // all when the process exits next, where that thread was busy while the caches
        // were saved.
        if freesMemory {
            releaseInBackground(consume renderer, consume inputs, consume sources)
        } else {
            keepUntilExit(consume renderer, consume inputs, consume sources)
        }
        return result
    }

    /// Renders every job over `jobs` tasks that each take the next job when done with
    /// one: the few pages as large as the rest together (report, compare) cannot hold
    /// up a share of the others. The views every case's pages share are made first, side
    /// by side (`SiteRenderer.prepare`), not by the report alone.
    func render(_ renderer: SiteRenderer, inputs: PageInputs, sink: (any OutputSink)?,
                reuse: (@Sendable (_ path: String, _ inputs: String) -> Int?)?,
                progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?) async throws
        -> (files: [OutputFile], sizes: [String: Int], inputs: [String: String], rendered: Int) {
        _ = await concurrentMap(Array(renderer.model.cases.indices), jobs: jobs) { renderer.prepare($0) }
        let work = renderer.jobsLargestFirst
        let counters = JobCounters()
        let step = max(1, work.count / 100)
        typealias Share = (files: [OutputFile], sizes: [(String, Int)], inputs: [(String, String)], rendered: Int)
        return try await withThrowingTaskGroup(of: Share.self) { group in
            for _ in 0..<min(jobs, work.count) {
                group.addTask {
                    var share: Share = ([], [], [], 0)
                    while true {
                        let index = counters.next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard index < work.count else { break }
                        let job = work[index]
                        let path = renderer.path(of: job)
                        let print = inputs.fingerprint(of: job)
                        share.inputs.append((path, print))
                        if let size = reuse?(path, print) {
                            share.sizes.append((path, size))
                        } else {
                            let file = renderer.render(job)
                            share.sizes.append((file.path, file.bytes.count))
                            share.rendered += 1
                            if let sink { try sink.add(file) } else { share.files.append(file) }
                        }
                        let done = counters.done.wrappingAdd(1, ordering: .relaxed).newValue
                        if done % step == 0 || done == work.count { progress?(done, work.count) }
                    }
                    return share
                }
            }
            var files: [OutputFile] = []
            var sizes: [String: Int] = [:]
            var prints: [String: String] = [:]
            var rendered = 0
            for try await share in group {
                files += share.files
                for (path, size) in share.sizes { sizes[path] = size }
                for (path, print) in share.inputs { prints[path] = print }
                rendered += share.rendered
            }
            return (files, sizes, prints, rendered)
        }
    }

    /// Fingerprints of what the pages are made from: of each case file, of everything
    /// but the case files, and of the whole build.
    struct Prints: Sendable {
        /// Everything the build is made from: the tool, the options, every content file,
        /// every template override and every media file, each with its path.
        var build: String
        /// The same without the case files: `renderings`, the free pages and the media.
        var shared: String
        /// What a case's cards, rows and digests show besides its file
        /// (`KeptRenderings.context`): what checking it reads, the options and the templates.
        var renderings: String
        /// Each case file's, and that of what checking a case reads besides.
        var check: CheckCache.Prints
    }

    func fingerprints(_ sources: SiteSources, templates: [String: SourceFile], media: [OutputFile],
                      earlier: CheckCache.Outcomes? = nil) -> Prints {
        let check = CheckCache.Prints(sources, tool: tool, earlier: earlier)
        let renderings = Self.renderingsContext(check: check.context, templates: templates, includeDrafts: includeDrafts, baseURL: baseURL)
        var shared = Fingerprint()
        shared.add(renderings)
        for file in sources.pages.map(\.file) { shared.add(file.path, file.bytes) }
        for file in media { shared.add(file.path, file.bytes) }
        var build = Fingerprint()
        build.add(shared.hex)
        for file in sources.cases { build.add(check.cases[file.relativePath]!) }
        return Prints(build: build.hex, shared: shared.hex, renderings: renderings, check: check)
    }

    /// What a case's cards, rows and digests show besides its file (`Prints.renderings`):
    /// what checking it reads (`check`, `CheckCache.Prints.context`), the options and the
    /// templates.
    static func renderingsContext(check: String, templates: [String: SourceFile], includeDrafts: Bool, baseURL: String?) -> String {
        var renderings = Fingerprint()
        renderings.add(check)
        renderings.add("drafts=\(includeDrafts) base_url=\(baseURL ?? "")")
        for name in templates.keys.sorted() { renderings.add(name, templates[name]!.bytes) }
        return renderings.hex
    }

    /// The renderer of a clean check: what `build` renders and `serve` serves.
    public static func renderer(for check: CheckResult, theme: Theme, includeDrafts: Bool, baseURL: String?,
                                related: RelatedCases? = nil) -> SiteRenderer {
        SiteRenderer(model: model(for: check, includeDrafts: includeDrafts, baseURL: baseURL), theme: theme, related: related)
    }

    /// A case file's fingerprint as the owner of its renderings (`KeptFragments.Identity`).
    static func owner(_ print: String) -> StableKey {
        var key = Fingerprint()
        key.add(print)
        return key.key
    }

    /// The site model of a clean check, with `base_url` overridden when asked.
    public static func model(for check: CheckResult, includeDrafts: Bool, baseURL: String?) -> SiteModel {
        var model = SiteModel(result: check, includeDrafts: includeDrafts)
        if let baseURL { model.config.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/" }
        return model
    }
}

/// What a build keeps of the last one to copy from: where its whole-site pages hold
/// their items (`KeptRenderings`), and those pages.
public struct LastBuild: Sendable {
    public var renderings: @Sendable () -> [UInt8]?
    /// A file of the last build's site, by its path in the site.
    public var readPage: @Sendable (String) -> PageBytes?

    public init(renderings: @escaping @Sendable () -> [UInt8]?, readPage: @escaping @Sendable (String) -> PageBytes?) {
        self.renderings = renderings
        self.readPage = readPage
    }
}

/// Where rendered files go as they are made (the writer's staging folder).
public protocol OutputSink: Sendable {
    /// Called once every case is checked, while the check links them and before the site
    /// model is made, when pages are likely to come (the check may still fail, and then
    /// none do): what the sink needs before its first file can start in the background.
    func prepare()
    func add(_ file: OutputFile) throws
}

extension OutputSink {
    public func prepare() {}
}

/// The next job to take and how many are done, shared by the rendering tasks.
private final class JobCounters: Sendable {
    let next = Atomic<Int>(0)
    let done = Atomic<Int>(0)
}

/// The fingerprint of each page's inputs: what every page shares (`Prints.shared`, and
/// the published cases with their ids, in order, which links, navigation and counts
/// show) and what `SiteRenderer.inputs(of:)` says the page shows besides.
struct PageInputs: Sendable {
    let renderer: SiteRenderer
    let shared: Shared

    /// What every page's fingerprint starts from, made before the renderer is.
    struct Shared: Sendable {
        let common: String
        let allCases: String
        /// Each case's file fingerprint, in the model's order.
        let caseprints: [String]
        /// What each case's card shows (`SiteRenderer.addCardFacts`), likewise.
        let cardprints: [StableKey]
        let allCards: String

        init(model: SiteModel, prints: SiteBuild.Prints, caseprints: [String]) {
            self.caseprints = caseprints
            var common = Fingerprint()
            common.add(prints.shared)
            for i in model.cases.indices {
                common.add(model.cases[i].relativePath)
                common.add(model.cases[i].id)
            }
            self.common = common.hex
            var all = Fingerprint()
            all.add(self.common)
            for print in caseprints { all.add(print) }
            allCases = all.hex
            cardprints = model.cases.indices.map { i in
                var print = Fingerprint()
                SiteRenderer.addCardFacts(of: model.cases[i], in: model.schema, to: &print)
                return print.key
            }
            var cards = Fingerprint()
            cards.add(self.common)
            for print in cardprints { cards.add(print) }
            allCards = cards.hex
        }
    }

    init(renderer: SiteRenderer, shared: Shared) {
        self.renderer = renderer
        self.shared = shared
    }

    func fingerprint(of job: SiteRenderer.Job) -> String {
        switch renderer.inputs(of: job) {
        case .allCases:
            return shared.allCases
        case .allCards:
            return shared.allCards
        case .some(let cases, let cards, let facts):
            var print = Fingerprint()
            print.add(shared.common)
            for i in cases { print.add(shared.caseprints[i]) }
            print.add(number: cards.count)
            for i in cards { print.add(shared.cardprints[i]) }
            print.add(facts)
            return print.hex
        }
    }
}

/// Keeps `values` to the end of the process, never freeing them (`SiteBuild.freesMemory`,
/// `SiteCheck.freesMemory`): pass each with `consume`.
func keepUntilExit<each T>(_ values: repeat each T) {
    _ = Unmanaged.passRetained(Held((repeat each values)))
}

private final class Held<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Frees `values` on a thread of the global pool, so that freeing them does not hold up
/// the caller: pass each with `consume`, so that the task holds the last reference.
/// A process that exits first does not free them at all, which is as good.
public func releaseInBackground<each T: Sendable>(_ values: repeat each T) {
    let held = (repeat each values)
    Task.detached(priority: .utility) { withExtendedLifetime(held) {} }
}

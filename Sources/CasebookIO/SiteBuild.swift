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

    public init(fileSystem: any FileSystem, jobs: Int, includeDrafts: Bool, baseURL: String? = nil, tool: String = "casebook") {
        self.fileSystem = fileSystem
        self.jobs = max(1, jobs)
        self.includeDrafts = includeDrafts
        self.baseURL = baseURL
        self.tool = tool
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
    }

    /// Builds the site of `content` with the theme overridden by `templates` (nil: the
    /// default theme alone). `progress` is told how many of the pages are done.
    /// `unchangedIf` is asked, once the content is known to be clean, whether the output
    /// already holds the build of this fingerprint; then nothing is rendered. With a
    /// `sink`, each file goes there as soon as it is rendered (on the rendering thread)
    /// and is not kept: writing overlaps rendering, and memory holds a few pages, not
    /// the site.
    public func run(content: String, templates: String?, unchangedIf: (String) -> Bool = { _ in false },
                    sink: (any OutputSink)? = nil,
                    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) async throws -> Result {
        let loader = SiteLoader(fileSystem: fileSystem)
        let sources = try loader.load(content: content)
        var check = await SiteCheck(checker: SiteChecker(includeDrafts: includeDrafts), jobs: jobs).run(sources)
        let overrides = try templates.map { try loader.loadTemplates(folder: $0) } ?? [:]
        let (theme, themeDiagnostics) = Theme.compile(overrides: overrides)
        check.add(themeDiagnostics: themeDiagnostics, templates: overrides)
        guard let theme, check.diagnostics.errorCount == 0 else {
            return Result(check: check, files: nil, pageCount: 0, caseCount: check.caseFileCount)
        }
        let media = try loader.loadMedia(sources, content: content)
        let fingerprint = fingerprint(sources, templates: overrides, media: media)
        if unchangedIf(fingerprint) {
            return Result(check: check, files: nil, pageCount: 0, caseCount: check.cases.filter { includeDrafts || !$0.draft }.count,
                          fingerprint: fingerprint, unchanged: true)
        }
        let renderer = Self.renderer(for: check, theme: theme, includeDrafts: includeDrafts, baseURL: baseURL)
        var (files, sizes) = try await render(renderer, sink: sink, progress: progress)
        for file in media {
            if let sink { try sink.add(file) } else { files.append(file) }
            sizes[file.path] = file.bytes.count
        }
        let pages = sizes.keys.filter { $0.hasSuffix(".html") }.count
        return Result(check: check, files: sink == nil ? files.sorted { $0.path < $1.path } : nil, sizes: sizes, pageCount: pages,
                      caseCount: renderer.model.cases.count, fingerprint: fingerprint)
    }

    /// Renders every job over `jobs` tasks that each take the next job when done with
    /// one: the few pages as large as the rest together (report, compare) cannot hold
    /// up a share of the others.
    func render(_ renderer: SiteRenderer, sink: (any OutputSink)?,
                progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?) async throws -> ([OutputFile], [String: Int]) {
        let work = renderer.jobs
        let counters = JobCounters()
        let step = max(1, work.count / 100)
        return try await withThrowingTaskGroup(of: ([OutputFile], [(String, Int)]).self) { group in
            for _ in 0..<min(jobs, work.count) {
                group.addTask {
                    var files: [OutputFile] = []
                    var sizes: [(String, Int)] = []
                    while true {
                        let index = counters.next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard index < work.count else { break }
                        let file = renderer.render(work[index])
                        sizes.append((file.path, file.bytes.count))
                        if let sink { try sink.add(file) } else { files.append(file) }
                        let done = counters.done.wrappingAdd(1, ordering: .relaxed).newValue
                        if done % step == 0 || done == work.count { progress?(done, work.count) }
                    }
                    return (files, sizes)
                }
            }
            var files: [OutputFile] = []
            var sizes: [String: Int] = [:]
            for try await (some, sized) in group {
                files += some
                for (path, size) in sized { sizes[path] = size }
            }
            return (files, sizes)
        }
    }

    /// Everything the pages are made from: the tool, the options, every content file,
    /// every template override and every media file, each with its path.
    func fingerprint(_ sources: SiteSources, templates: [String: SourceFile], media: [OutputFile]) -> String {
        var print = Fingerprint()
        print.add(tool)
        print.add("drafts=\(includeDrafts) base_url=\(baseURL ?? "")")
        let files = [sources.siteConfig, sources.schema, sources.enterprises].compactMap { $0 }
            + sources.otherFiles.keys.sorted().map { sources.otherFiles[$0]! }
            + sources.cases.map(\.file) + sources.pages.map(\.file)
        for file in files {
            print.add(file.path)
            print.add(file.bytes)
        }
        for name in templates.keys.sorted() {
            print.add(name)
            print.add(templates[name]!.bytes)
        }
        for file in media {
            print.add(file.path)
            print.add(file.bytes)
        }
        return print.hex
    }

    /// The renderer of a clean check: what `build` renders and `serve` serves.
    public static func renderer(for check: CheckResult, theme: Theme, includeDrafts: Bool, baseURL: String?) -> SiteRenderer {
        SiteRenderer(model: model(for: check, includeDrafts: includeDrafts, baseURL: baseURL), theme: theme)
    }

    /// The site model of a clean check, with `base_url` overridden when asked.
    public static func model(for check: CheckResult, includeDrafts: Bool, baseURL: String?) -> SiteModel {
        var model = SiteModel(result: check, includeDrafts: includeDrafts)
        if let baseURL { model.config.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/" }
        return model
    }
}

/// Where rendered files go as they are made (the writer's staging folder).
public protocol OutputSink: Sendable {
    func add(_ file: OutputFile) throws
}

/// The next job to take and how many are done, shared by the rendering tasks.
private final class JobCounters: Sendable {
    let next = Atomic<Int>(0)
    let done = Atomic<Int>(0)
}

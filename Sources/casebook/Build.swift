import ArgumentParser
import CasebookCore
import CasebookIO
import Foundation
import Synchronization

/// `casebook build`: validate, then render the content with the theme into the output
/// folder, atomically; with errors nothing is written.
struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the content, then render the site into the output folder.")

    @OptionGroup var options: ContentOptions

    @Option(help: "A templates folder whose files override the default theme (default: templates, when it exists).")
    var templates: String?

    @Option(help: "The output folder, replaced as a whole.")
    var output: String = "site"

    @Option(help: "Override base_url of site.yml (used in feed.xml and sitemap.xml).")
    var baseURL: String?

    @Flag(help: "Render everything, without reading the cache of the last build; the cache is forgotten.")
    var noCache = false

    func run() async throws {
        // The case outcomes are saved as soon as the check is done, on a thread of their
        // own (11 MB at 10,000 cases), and kept even when the build fails: the next
        // attempt re-checks only what was fixed. A cache that cannot be written only
        // costs time.
        let saving = BackgroundWork(), reporting = BackgroundWork()
        do {
            try await build(saving: saving, reporting: reporting)
        } catch {
            await reporting.finish()
            await saving.finish()
            throw error
        }
    }

    /// The build of `run`; `saving` holds what it saves in the background and `reporting`
    /// the diagnostics it prints there, each awaited before the process ends.
    func build(saving: BackgroundWork, reporting: BackgroundWork) async throws {
        let started = ContinuousClock.now
        let fileSystem = LocalFileSystem()
        let paths = DisplayPath(currentDirectory: fileSystem.currentDirectory)
        let templatesFolder = ContentOptions.templatesFolder(templates, fileSystem: fileSystem, paths: paths)
        try checkOutputFolder(fileSystem: fileSystem, paths: paths, templates: templatesFolder)

        let outputPath = paths.absolute(output)
        let build = SiteBuild(fileSystem: fileSystem, jobs: options.jobs, includeDrafts: options.drafts, baseURL: baseURL,
                              tool: Self.toolIdentity, freesMemory: false)
        let cache = noCache ? nil : BuildCache(fileSystem: fileSystem, output: outputPath)
        let checkCache = noCache ? nil : CheckCache(fileSystem: fileSystem, output: outputPath)
        // The last build's case outcomes and its record read on threads of their own
        // (0.01 s at 10,000 cases) while the case files are stamped.
        let earlier = checkCache.map(CheckCache.Loading.init)
        let last = cache.map(BuildCache.Loading.init)
        let progress = Console.progressOnStderr ? ProgressLine() : nil
        let reported = Mutex<ExitCode?>(nil)
        let result: SiteBuild.Result
        // Files are written into a staging folder as they are rendered; it replaces the
        // output only when the build is clean, and goes otherwise.
        let stage: SiteWriter.Stage
        do {
            stage = try SiteWriter(fileSystem: fileSystem).stage(outputPath, previous: cache?.previousSite)
        } catch let error as FileSystemError {
            throw UsageError(message: "cannot write beside \(output): \(error.reason)")
        }
        do {
            // A page whose inputs are those of the last build is taken from the output
            // as it is, without rendering.
            var reuse: (@Sendable (String, String) -> Int?)?
            if let last {
                reuse = { path, inputs in
                    guard let status = last.reusable(path, inputs: inputs, output: outputPath),
                          (try? stage.keep(path, existing: status)) != nil else { return nil }
                    return status.size
                }
            }
            var keepOutcomes: (@Sendable (CheckCache.Outcomes) -> Void)?
            if let checkCache {
                keepOutcomes = { outcomes in saving.start { checkCache.update(outcomes, earlier: earlier?.outcomes) } }
            }
            // Without a progress line to keep apart from them, the diagnostics are reported
            // as soon as the check is done, while the pages render (0.01 s for a thousand
            // warnings).
            var report: (@Sendable (CheckResult) -> Void)?
            if progress == nil {
                report = { [options] check in reporting.start { reported.withLock { $0 = options.report(check) } } }
            }
            result = try await build.run(
                content: options.content, templates: templatesFolder,
                unchangedIf: { fingerprint in
                    guard let cache, let record = last?.record, record.fingerprint == fingerprint,
                          cache.isIntact(record, output: outputPath) else {
                        return nil
                    }
                    return record.diagnostics
                },
                earlier: earlier,
                keepOutcomes: keepOutcomes, report: report,
                related: last?.record?.related, lastBuild: cache.map { cache in
                    LastBuild(renderings: { cache.loadRenderings() },
                              readPage: { path in try? fileSystem.readMapped(outputPath + "/" + path) })
                },
                sink: stage, reuse: reuse,
                progress: { done, total in progress?.show("Rendering \(done)/\(total) files") })
        } catch let error as FileSystemError {
            progress?.clear()
            stage.abandon()
            guard !error.path.hasPrefix(stage.staging) else {
                Console.error("error: \(error.description)")
                throw ExitCode(1)
            }
            throw UsageError(message: "cannot read \(error.path): \(error.reason)")
        } catch {
            stage.abandon()
            throw error
        }
        progress?.clear()
        // Where the whole-site pages hold their rows, digests and parts, and the record of
        // this build (every file's size and inputs, sorted: 0.04 s at 10,000 cases), made
        // while the diagnostics are reported and the site is swapped in, and saved once
        // it is.
        async let renderings: [UInt8]? = { result.renderings.map { $0() } }()
        let diagnostics = result.check.diagnostics
        async let recordBytes: [UInt8]? = {
            guard cache != nil, !result.unchanged, let fingerprint = result.fingerprint else { return nil }
            return BuildCache.encoded(BuildCache.Record(fingerprint: fingerprint, pageCount: result.pageCount, caseCount: result.caseCount,
                                                        files: result.sizes, pages: result.pageInputs, diagnostics: diagnostics,
                                                        related: result.related))
        }()
        await reporting.finish()
        let exit = reported.withLock { $0 } ?? options.report(result.check)
        if exit == .success, result.unchanged, let record = last?.record {
            stage.abandon()
            Console.error(summary(pages: record.pageCount, cases: record.caseCount, warnings: diagnostics.warningCount, started: started)
                          + "; nothing changed since the last build")
            await saving.finish()
            endWithoutFreeing(.success)
        }
        guard exit == .success, result.fingerprint != nil else {
            stage.abandon()
            Console.error(DiagnosticFormatter.summary(diagnostics, cases: result.check.caseFileCount) + "; nothing written")
            throw ExitCode(1)
        }
        do {
            _ = try stage.commit()
        } catch let error as FileSystemError {
            Console.error("error: \(error.description)")
            throw ExitCode(1)
        }
        // A cache that cannot be written only costs the next build its shortcut.
        if let cache, let bytes = await recordBytes { try? cache.save(encoded: bytes) }
        if noCache { BuildCache(fileSystem: fileSystem, output: outputPath).forget() }
        if let cache, let renderings = await renderings { try? cache.saveRenderings(renderings) }
        await saving.finish()
        let reused = result.sizes.count - result.rendered
        Console.error(summary(pages: result.pageCount, cases: result.caseCount, warnings: diagnostics.warningCount, started: started)
                      + (reused > 0 ? "; \(NumberFormat.grouped(Double(result.rendered), decimals: 0)) of "
                            + "\(NumberFormat.grouped(Double(result.sizes.count), decimals: 0)) files rendered, the others unchanged" : ""))
        endWithoutFreeing(.success)
    }

    /// `Built 1,234 pages from 200 cases in 0.84 s (3 warnings)`.
    func summary(pages: Int, cases: Int, warnings: Int, started: ContinuousClock.Instant) -> String {
        let seconds = (ContinuousClock.now - started).inSeconds
        var summary = "Built \(NumberFormat.grouped(Double(pages), decimals: 0)) pages from "
            + "\(NumberFormat.grouped(Double(cases), decimals: 0)) cases in \(NumberFormat.grouped(seconds, decimals: 2, keepDecimals: true)) s"
        if warnings > 0 { summary += " (\(NumberFormat.grouped(Double(warnings), decimals: 0)) warning\(warnings == 1 ? "" : "s"))" }
        return summary
    }

    /// The tool's version and this very binary (its size and time), so that a new build
    /// of casebook never reuses pages an older one made.
    static var toolIdentity: String {
        let path = Bundle.main.executablePath ?? CommandLine.arguments[0]
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        let time = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "casebook \(Casebook.configuration.version) \(size) \(time)"
    }

    /// The output folder is replaced as a whole, so it must not hold the inputs, and an
    /// existing folder must look like a built site.
    func checkOutputFolder(fileSystem: LocalFileSystem, paths: DisplayPath, templates: String?) throws {
        let out = fileSystem.absolute(paths.absolute(output))
        for input in [options.content] + (templates.map { [$0] } ?? []) {
            let inside = fileSystem.absolute(paths.absolute(input))
            if inside == out || inside.hasPrefix(out == "/" ? "/" : out + "/") {
                throw UsageError(message: "the output folder \(output) holds the input \(input); choose another --output")
            }
        }
        guard fileSystem.kind(of: out) == .directory else {
            if fileSystem.kind(of: out) == .file { throw UsageError(message: "the output \(output) is a file, not a folder") }
            return
        }
        let entries = (try? fileSystem.contents(of: out)) ?? []
        if !entries.isEmpty, !entries.contains("index.html") {
            throw UsageError(message: "the output folder \(output) is not empty and has no index.html; refusing to replace it")
        }
    }
}

/// A one-line progress display on a terminal's stderr, rewritten in place.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()

    func show(_ text: String) {
        lock.withLock { Console.errorRaw("\r\u{1B}[2K" + text) }
    }

    func clear() {
        lock.withLock { Console.errorRaw("\r\u{1B}[2K") }
    }
}

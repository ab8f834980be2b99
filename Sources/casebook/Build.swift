import ArgumentParser
import CasebookCore
import CasebookIO
import Foundation

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

    func run() async throws {
        let started = ContinuousClock.now
        let fileSystem = LocalFileSystem()
        let paths = DisplayPath(currentDirectory: fileSystem.currentDirectory)
        let templatesFolder = templates ?? (fileSystem.kind(of: paths.absolute("templates")) == .directory ? "templates" : nil)
        try checkOutputFolder(fileSystem: fileSystem, paths: paths, templates: templatesFolder)

        let build = SiteBuild(fileSystem: fileSystem, jobs: options.jobs, includeDrafts: options.drafts, baseURL: baseURL)
        let progress = Console.progressOnStderr ? ProgressLine() : nil
        let result: SiteBuild.Result
        do {
            result = try await build.run(content: options.content, templates: templatesFolder) { done, total in
                progress?.show("Rendering \(done)/\(total) files")
            }
        } catch let error as FileSystemError {
            progress?.clear()
            throw UsageError(message: "cannot read \(error.path): \(error.reason)")
        }
        progress?.clear()
        let exit = options.report(result.check)
        let diagnostics = result.check.diagnostics
        guard exit == .success, let files = result.files else {
            Console.error(DiagnosticFormatter.summary(diagnostics, cases: result.check.caseFileCount) + "; nothing written")
            throw ExitCode(1)
        }
        do {
            _ = try SiteWriter(fileSystem: fileSystem).write(files, to: paths.absolute(output))
        } catch let error as FileSystemError {
            Console.error("error: \(error.description)")
            throw ExitCode(1)
        }
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        var summary = "Built \(NumberFormat.grouped(Double(result.pageCount), decimals: 0)) pages from "
            + "\(NumberFormat.grouped(Double(result.caseCount), decimals: 0)) cases in \(NumberFormat.grouped(seconds, decimals: 2, keepDecimals: true)) s"
        let warnings = diagnostics.warningCount
        if warnings > 0 { summary += " (\(NumberFormat.grouped(Double(warnings), decimals: 0)) warning\(warnings == 1 ? "" : "s"))" }
        Console.error(summary)
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

import ArgumentParser
import CasebookCore
import CasebookIO
import CasebookPreview
import Foundation

/// `casebook serve`: a live preview. Builds in memory (never into site/), serves on
/// 127.0.0.1:8000, rebuilds what changed on every save and reloads open pages; problems
/// show in the terminal and as an overlay on every page until they are fixed.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the site with live reload while you edit.")

    @Option(help: "The content folder.")
    var content: String = "content"

    @Option(help: "A templates folder whose files override the default theme (default: templates, when it exists).")
    var templates: String?

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port).")
    var port: Int = 8000

    @Flag(help: "Log requests for assets and data too, not only pages and errors.")
    var verbose = false

    @Flag(help: "Poll files for changes instead of using inotify.")
    var poll = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let fileSystem = LocalFileSystem()
        let paths = DisplayPath(currentDirectory: fileSystem.currentDirectory)
        let templatesFolder = ContentOptions.templatesFolder(templates, fileSystem: fileSystem, paths: paths)
        guard fileSystem.kind(of: paths.absolute(content)) == .directory else {
            throw UsageError(message: "cannot read the content folder \(content): no such folder")
        }
        if let templatesFolder, fileSystem.kind(of: paths.absolute(templatesFolder)) != .directory {
            throw UsageError(message: "cannot read the templates folder \(templatesFolder): no such folder")
        }
        let color = Console.colorOnStderr
        let onRebuild: @Sendable (Set<String>, LiveSite.Change, CheckResult, Duration) -> Void = { changed, change, result, elapsed in
            Self.report(changed: Set(changed.map(paths.display)), change, result, elapsed, color: color)
        }
        let printLine: @Sendable (String) -> Void = { line in Console.error(line) }
        let log = Console.progressOnStderr || verbose ? printLine : nil
        let server = PreviewServer(
            content: content, templates: templatesFolder, host: host, port: port, fileSystem: fileSystem,
            onRebuild: onRebuild, onError: { message in Console.error("error: " + message) },
            log: log, logAssets: verbose, polling: poll, tool: Build.toolIdentity)
        do {
            try await server.run { port in
                Console.error("Serving \(content) at http://\(host):\(port)/ — drafts shown; Ctrl-C to stop")
            }
        } catch let error as PreviewServer.BindError {
            let taken = "\(error)".contains("Address already in use") || "\(error)".contains("EADDRINUSE") || "\(error)".contains("errno: 98")
            throw UsageError(message: taken
                ? "port \(port) on \(host) is already in use; stop the other server or choose another with --port \(port + 1)"
                : error.description)
        } catch let error as FileSystemError {
            throw UsageError(message: "cannot read \(error.path): \(error.reason)")
        }
        Console.error("Stopped.")
    }

    /// The diagnostics and one summary line, on the terminal: every diagnostic after the
    /// first build, then those of the files just saved (and every error), so a save
    /// does not repeat a page of old warnings.
    static func report(changed: Set<String>, _ change: LiveSite.Change, _ result: CheckResult, _ elapsed: Duration, color: Bool) {
        let initial = changed.isEmpty
        let shown = initial ? result.diagnostics
            : result.diagnostics.filter { $0.severity == .error || changed.contains($0.location.path) }
        let formatter = DiagnosticFormatter(format: .human, color: color, sourceTexts: result.sourceTexts)
        Console.errorRaw(formatter.render(shown))
        let ms = elapsed.inSeconds * 1000
        let what = initial ? "Built" : change == .styles ? "Styles updated" : "Rebuilt"
        Console.error("\(what) in \(NumberFormat.grouped(ms, decimals: 0)) ms: "
                      + DiagnosticFormatter.summary(result.diagnostics, cases: result.caseFileCount))
    }
}

public import ArgumentParser
import CasebookCore
import CasebookIO
import Foundation

/// Options shared by the commands that read a site.
struct ContentOptions: ParsableArguments {
    @Option(help: "The content folder.")
    var content: String = "content"

    @Option(help: "How diagnostics are written: human, json or github.")
    var format: DiagnosticFormat = .human

    @Flag(help: "Treat warnings as errors (exit 1).")
    var strict = false

    @Flag(help: "Include draft cases.")
    var drafts = false

    @Option(help: "Concurrent jobs (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be 1 or more") }
    }

    /// The templates folder to read: the one named, or `./templates` when it exists, or
    /// none (the default theme alone).
    static func templatesFolder(_ named: String?, fileSystem: LocalFileSystem, paths: DisplayPath) -> String? {
        named ?? (fileSystem.kind(of: paths.absolute("templates")) == .directory ? "templates" : nil)
    }

    /// Prints the diagnostics in the chosen format; exit 1 on errors, or on warnings
    /// under `--strict`.
    func report(_ result: CheckResult) -> ExitCode {
        let formatter = DiagnosticFormatter(
            format: format, color: format == .human && Console.colorOnStderr, sourceTexts: result.sourceTexts)
        let rendered = formatter.render(result.diagnostics)
        if format == .human { Console.errorRaw(rendered) } else { Console.out(rendered) }
        let failed = result.diagnostics.errorCount > 0 || (strict && result.diagnostics.warningCount > 0)
        return failed ? ExitCode(1) : .success
    }
}

extension DiagnosticFormat: ExpressibleByArgument {}

import ArgumentParser
import CasebookCore
import CasebookIO

/// `casebook check`: validate only, with the same diagnostics and exit codes as `build`.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate every case against the five-tier schema; write nothing of the site.")

    @OptionGroup var options: ContentOptions

    @Flag(help: "Check every case file, even those unchanged since the last check.")
    var noCache = false

    func run() async throws {
        let fileSystem = LocalFileSystem()
        let sources: SiteSources
        do {
            sources = try SiteLoader(fileSystem: fileSystem).load(content: options.content)
        } catch let error as FileSystemError {
            throw UsageError(message: "cannot read the content folder \(error.path): \(error.reason)")
        }
        let check = SiteCheck(checker: SiteChecker(includeDrafts: options.drafts), jobs: options.jobs, freesMemory: false)
        let result: CheckResult
        if noCache {
            result = await check.run(sources)
        } else {
            // Each case file's outcome is kept beside the content folder; only the files
            // that changed since are parsed and validated again.
            let paths = DisplayPath(currentDirectory: fileSystem.currentDirectory)
            let cache = CheckCache(fileSystem: fileSystem, content: fileSystem.absolute(paths.absolute(options.content)))
            // Read while what checking a case reads besides is made, each 0.01 s at
            // 10,000 cases on one thread.
            async let read = cache.load()
            let context = check.checker.prepare(sources)
            let earlier = await read
            let checked = await check.run(sources, context: context, prints: CheckCache.Prints(sources, tool: Build.toolIdentity),
                                          earlier: earlier)
            result = checked.result
            cache.keep(checked.outcomes, checked: checked.checked, earlier: earlier)
        }
        let exit = options.report(result)
        Console.error(DiagnosticFormatter.summary(result.diagnostics, cases: result.caseFileCount))
        endWithoutFreeing(exit)
    }
}

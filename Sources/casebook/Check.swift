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
        // Each case file's outcome is kept beside the content folder; only the files that
        // changed since are read, parsed and validated again.
        let paths = DisplayPath(currentDirectory: fileSystem.currentDirectory)
        let cache = noCache ? nil : CheckCache(fileSystem: fileSystem, content: fileSystem.absolute(paths.absolute(options.content)))
        // Read on a thread of their own while the case files are stamped.
        let loading = cache.map(CheckCache.Loading.init)
        let sources: SiteSources
        // When every case is to be checked (no outcomes kept), what checking one reads
        // besides its file is made from the settings while the case files load.
        var check = SiteCheck(checker: SiteChecker(includeDrafts: options.drafts), jobs: options.jobs, freesMemory: false)
        do {
            sources = try SiteLoader(fileSystem: fileSystem).load(content: options.content,
                                                                  known: CheckCache.Outcomes.known(from: loading, keeping: cache != nil),
                                                                  settings: { if loading?.found != true { check = check.preparing($0) } })
        } catch let error as FileSystemError {
            throw UsageError(message: "cannot read the content folder \(error.path): \(error.reason)")
        }
        let result: CheckResult
        let earlier = loading?.outcomes
        if let cache {
            let checked = await check.run(sources, prints: CheckCache.Prints(sources, tool: Build.toolIdentity, earlier: earlier),
                                          earlier: earlier)
            result = checked.result
            cache.keep(checked.outcomes, checked: checked.checked, earlier: earlier)
        } else {
            result = await check.run(sources)
        }
        let exit = options.report(result)
        Console.error(DiagnosticFormatter.summary(result.diagnostics, cases: result.caseFileCount))
        endWithoutFreeing(exit)
    }
}

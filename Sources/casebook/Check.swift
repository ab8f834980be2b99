import ArgumentParser
import CasebookCore

/// `casebook check`: validate only, with the same diagnostics and exit codes as `build`.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate every case against the five-tier schema; write nothing.")

    @OptionGroup var options: ContentOptions

    func run() async throws {
        let (result, exit) = try await options.checkSite()
        Console.error(DiagnosticFormatter.summary(result.diagnostics, cases: result.caseFileCount))
        throw exit
    }
}

import ArgumentParser

/// The `casebook` command: subcommands only; the work is in the libraries.
struct Casebook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "casebook",
        abstract: "Check and publish industry–education integration case showcases.",
        version: "0.1.0",
        subcommands: [Build.self, Check.self, Serve.self, Codes.self, New.self])
}

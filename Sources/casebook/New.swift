import ArgumentParser
import CasebookCore
import CasebookIO

/// `casebook new <id>`: a case file with every field, placeholders marked TODO.
struct New: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write content/cases/<id>.md with every field and TODO placeholders.")

    @Argument(help: "The new case's id: lower-case letters, digits and hyphens.")
    var id: String

    @Option(help: "The content folder.")
    var content: String = "content"

    func run() async throws {
        guard isSlug(id) else {
            throw UsageError(message: "'\(id)' is not a valid id: use lower-case letters, digits and single hyphens")
        }
        let fileSystem = LocalFileSystem()
        guard fileSystem.kind(of: content) == .directory else {
            throw UsageError(message: "no content folder at \(content)")
        }
        let path = "\(content)/cases/\(id).md"
        guard fileSystem.kind(of: path) == nil else {
            Console.error("error: \(path) already exists")
            throw ExitCode(1)
        }
        var schema = Schema.standard
        if let file = try? fileSystem.read(content + "/schema.yml"),
           let parsed = Schema.parse(SourceFile(path: content + "/schema.yml", bytes: file)).0 {
            schema = parsed
        }
        try fileSystem.createDirectory(content + "/cases")
        try fileSystem.write(Array(CaseTemplate(schema: schema).text.utf8), to: path)
        Console.error("Wrote \(path). Fill in every TODO; `casebook check` lists those left.")
    }
}

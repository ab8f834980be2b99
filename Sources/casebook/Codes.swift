import ArgumentParser
import CasebookCore
import CasebookIO

/// `casebook codes <tier> <query>`: look a code up in the tier's registry.
struct Codes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Look a code up by code prefix or words of its title in a tier's registry.",
        discussion: "Example: casebook codes occupation software")

    @Argument(help: "The tier: industry, sector, enterprise, occupation or profession.")
    var tier: String

    @Argument(help: "A code prefix (25, 2512) or words of the title (software developers).")
    var query: [String]

    @Option(help: "The content folder whose schema and registries to use, when there is one.")
    var content: String = "content"

    func run() async throws {
        guard let tier = Tier(rawValue: tier) ?? Tier.allCases.first(where: { $0.plural == self.tier }) else {
            throw UsageError(message: "unknown tier '\(self.tier)'; tiers: \(Tier.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let (spec, registry) = try lookup(tier)
        let lookup = CodeLookup(registry: registry, level: spec.level)
        let text = lookup.report(for: query.joined(separator: " "))
        Console.out(text.output)
        if !text.found { throw ExitCode(1) }
    }

    /// The tier's registry: the site's when the content folder has a schema, else built in.
    private func lookup(_ tier: Tier) throws -> (Schema.TierSpec, Registry) {
        let fileSystem = LocalFileSystem()
        if fileSystem.kind(of: content + "/schema.yml") == .file,
           let sources = try? SiteLoader(fileSystem: fileSystem).load(content: content) {
            let context = SiteChecker().prepare(sources)
            if let spec = context.schema?.tiers[tier], let registry = context.registries[spec.registry] {
                return (spec, registry)
            }
        }
        let spec = Schema.standard.tiers[tier]!
        guard let registry = BuiltInRegistries.registry(named: spec.registry) else {
            throw UsageError(message: "the \(tier.rawValue) tier uses the site's \(spec.registry) registry; run from a site folder or give --content")
        }
        return (spec, registry)
    }
}

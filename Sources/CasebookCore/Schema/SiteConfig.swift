/// `content/site.yml` (SPEC §2.1).
public struct SiteConfig: Sendable, Hashable {
    public var title: String
    public var description: String
    public var baseURL: String
    public var language: String
    public var author: String

    public init(title: String = "Case Showcase", description: String = "", baseURL: String = "/",
                language: String = "en", author: String = "") {
        self.title = title
        self.description = description
        self.baseURL = baseURL
        self.language = language
        self.author = author
    }

    static let fields = ["title", "description", "base_url", "language", "author"]

    /// The configuration and its problems (CB050; unknown keys CB011).
    public static func parse(_ file: SourceFile) -> (SiteConfig, [Diagnostic]) {
        var reporter = Reporter(path: file.path, configFile: true)
        var config = SiteConfig()
        switch ConfigFile.root(of: file) {
        case .failure(let d): return (config, [d])
        case .success(let root):
            guard let fields = reporter.fields(of: root, named: "site.yml", known: fields) else {
                return (config, reporter.diagnostics)
            }
            reporter.requireKeys(["title"], in: fields, of: "site.yml", at: reporter.location(root))
            func value(_ key: String) -> String? {
                fields[key].flatMap { reporter.text($0.value, field: key) }
            }
            if let v = value("title") { config.title = v }
            if let v = value("description") { config.description = v }
            if let v = value("base_url") { config.baseURL = v.hasSuffix("/") ? v : v + "/" }
            if let v = value("language") { config.language = v }
            if let v = value("author") { config.author = v }
            return (config, reporter.diagnostics)
        }
    }
}

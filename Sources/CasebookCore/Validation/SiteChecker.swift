/// Checks a whole site: configuration, schema, registries, every case and page, and what
/// only shows across cases (duplicate ids, links). The pure core of `casebook check`.
public struct SiteChecker: Sendable {
    public var includeDrafts: Bool
    public var splitter = FrontMatterSplitter()

    public init(includeDrafts: Bool = false) {
        self.includeDrafts = includeDrafts
    }

    /// What checking needs before the cases: read once, shared by every case.
    public struct Context: Sendable {
        public var config: SiteConfig
        public var schema: Schema?
        public var registries: [String: Registry]
        public var enterprises: [Enterprise]
        public var diagnostics: [Diagnostic]
    }

    /// The outcome of checking one case file: what the steps across cases need of it,
    /// and no more (no YAML tree), so that a build can keep it between runs.
    public struct CaseOutcome: Sendable {
        public var file: ContentFile
        /// The file's text (BOM dropped, LF line ends) when it split into front matter
        /// and body: the source of caret lines and of link positions. Read from the
        /// file each time when the outcome came from the cache (`FileText`).
        public var text: String? { textSource?.value }
        var textSource: FileText?
        /// Whether there is a `text`, without reading it.
        public var hasText: Bool { textSource != nil }
        /// The file line on which the body starts.
        public var bodyFirstLine: Int = 1
        /// Where the front matter's `id` is written, for a duplicate id (CB040).
        public var idLocation: SourceLocation?
        public var value: Case?
        public var diagnostics: [Diagnostic]
        /// The links of the body, found once here so that relinking the site after an
        /// edit does not parse every body again.
        public var links: [Markdown.Link] = []

        public init(file: ContentFile, text: String?, bodyFirstLine: Int, idLocation: SourceLocation?, value: Case?,
                    diagnostics: [Diagnostic], links: [Markdown.Link]) {
            self.file = file
            self.textSource = text.map(FileText.init)
            self.bodyFirstLine = bodyFirstLine
            self.idLocation = idLocation
            self.value = value
            self.diagnostics = diagnostics
            self.links = links
        }

        /// An outcome whose text is held as `textHeld` (`FileText`).
        init(file: ContentFile, textHeld text: FileText?, bodyFirstLine: Int, idLocation: SourceLocation?, value: Case?,
             diagnostics: [Diagnostic], links: [Markdown.Link]) {
            self.init(file: file, text: String?.none, bodyFirstLine: bodyFirstLine, idLocation: idLocation, value: value,
                      diagnostics: diagnostics, links: links)
            textSource = text
        }
    }

    /// Site configuration, schema, registries and enterprises.
    public func prepare(_ sources: SiteSources) -> Context {
        var diagnostics: [Diagnostic] = []
        func missing(_ name: String) -> Diagnostic {
            Diagnostic(.cb050, at: SourceLocation(path: "\(sources.contentPath)/\(name)", line: 1, column: 1),
                       "\(name) not found in \(sources.contentPath)", hint: "create \(sources.contentPath)/\(name); see docs/schema.md")
        }
        var config = SiteConfig()
        if let file = sources.siteConfig {
            let (c, d) = SiteConfig.parse(file)
            config = c
            diagnostics += d
        } else {
            diagnostics.append(missing("site.yml"))
        }
        guard let schemaFile = sources.schema else {
            return Context(config: config, schema: nil, registries: [:], enterprises: [], diagnostics: diagnostics + [missing("schema.yml")])
        }
        let (parsed, schemaDiagnostics) = Schema.parse(schemaFile)
        diagnostics += schemaDiagnostics
        guard let schema = parsed else {
            return Context(config: config, schema: nil, registries: [:], enterprises: [], diagnostics: diagnostics)
        }
        var registries: [String: Registry] = [:]
        var enterprises: [Enterprise] = []
        let sectorSpec = schema.tiers[.sector]
        // CSV registries first, so the enterprise file can be checked against the sectors.
        for (name, file) in schema.registryFiles.sorted(by: { $0.key < $1.key }) where !file.hasSuffix(".yml") {
            guard let source = sources.otherFiles[file] else { diagnostics.append(missing(file)); continue }
            let (registry, d) = Registry.parse(name: name, csv: String(decoding: source.bytes, as: UTF8.self), path: source.path)
            registries[name] = registry
            diagnostics += d
        }
        for spec in schema.tiers.values.sorted(by: { $0.tier < $1.tier })
        where registries[spec.registry] == nil && schema.registryFiles[spec.registry] == nil {
            if let builtIn = BuiltInRegistries.registry(named: spec.registry) { registries[spec.registry] = builtIn }
        }
        for (name, file) in schema.registryFiles.sorted(by: { $0.key < $1.key }) where file.hasSuffix(".yml") {
            let source = file == "enterprises.yml" ? sources.enterprises : sources.otherFiles[file]
            guard let source else { diagnostics.append(missing(file)); continue }
            let (list, d) = Enterprise.parse(source, sectors: sectorSpec.flatMap { registries[$0.registry] }, sectorLevel: sectorSpec?.level)
            enterprises = list
            registries[name] = Enterprise.registry(list, name: name)
            diagnostics += d
        }
        for spec in schema.tiers.values.sorted(by: { $0.tier < $1.tier }) {
            let at = spec.location ?? SourceLocation(path: schemaFile.path, line: 1, column: 1)
            guard let registry = registries[spec.registry] else {
                if !schema.registryFiles.keys.contains(spec.registry) {
                    diagnostics.append(Diagnostic(
                        .cb050, at: at, "tier \(spec.tier.rawValue): unknown registry '\(spec.registry)'",
                        hint: "built-in registries: \(BuiltInRegistries.names.joined(separator: ", ")); or declare it under registries"))
                }
                continue
            }
            if let level = spec.level, !registry.levels.contains(level), !registry.entries.isEmpty {
                diagnostics.append(Diagnostic(
                    .cb050, at: at, "tier \(spec.tier.rawValue): registry \(spec.registry) has no level '\(level)'",
                    hint: "levels of \(spec.registry): \(registry.levels.joined(separator: ", "))"))
            }
        }
        return Context(config: config, schema: schema, registries: registries, enterprises: enterprises, diagnostics: diagnostics)
    }

    /// One case file: split, then validate. Pure, so cases can be checked in parallel.
    public func checkCase(_ file: ContentFile, in context: Context) -> CaseOutcome {
        let document: Document
        switch splitter.split(file.file) {
        case .failure(let d):
            return CaseOutcome(file: file, text: nil, bodyFirstLine: 1, idLocation: nil, value: nil, diagnostics: [d], links: [])
        case .success(let doc): document = doc
        }
        let idLocation = document.frontMatter?.mapping?.first { $0.keyText == "id" }
            .map { SourceLocation(path: document.path, line: $0.value.line, column: $0.value.column) }
        guard let schema = context.schema else {
            return CaseOutcome(file: file, text: document.text, bodyFirstLine: document.bodyFirstLine, idLocation: idLocation,
                               value: nil, diagnostics: [], links: [])
        }
        let validator = CaseValidator(schema: schema, registries: context.registries)
        var (value, diagnostics) = validator.validate(document, fileID: Self.fileID(file.relativePath))
        value?.relativePath = file.relativePath
        return CaseOutcome(file: file, text: document.text, bodyFirstLine: document.bodyFirstLine, idLocation: idLocation,
                           value: value, diagnostics: diagnostics, links: Markdown.links(in: document.body))
    }

    /// One free page: optional front matter with `title` and `summary`.
    public func checkPage(_ file: ContentFile) -> (Page?, Document?, [Diagnostic]) {
        switch splitter.split(file.file, frontMatter: .optional) {
        case .failure(let d): return (nil, nil, [d])
        case .success(let document):
            var r = Reporter(path: file.file.path)
            var title: String?
            var summary: String?
            if let root = document.frontMatter, let f = r.fields(of: root, named: "the page's front matter", known: ["title", "summary"]) {
                title = f["title"].flatMap { r.text($0.value, field: "title") }
                summary = f["summary"].flatMap { r.text($0.value, field: "summary") }
            }
            let name = Self.fileID(file.relativePath)
            let heading = document.body.split(separator: "\n").first { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)).trimmingSpaces }
            if Route.reserved.contains(name) {
                r.report(.cb012, at: SourceLocation(path: file.file.path, line: 1, column: 1),
                         "page name '\(name)' is taken by the site's own /\(name)/ pages",
                         hint: "rename the file, e.g. pages/about-\(name).md")
            }
            let page = Page(name: name, path: file.file.path, relativePath: file.relativePath,
                            title: title ?? heading ?? name, titleFromHeading: title == nil && heading != nil,
                            summary: summary, body: String(document.body), bodyFirstLine: document.bodyFirstLine)
            return (r.diagnostics.errorCount == 0 ? page : nil, document, r.diagnostics)
        }
    }

    static func fileID(_ relativePath: String) -> String {
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    }
}

public import CasebookCore

/// Reads a content folder into `SiteSources` (SPEC §2). Nothing outside the folder is
/// read: a symbolic link whose target lies outside it is skipped.
public struct SiteLoader: Sendable {
    public let fileSystem: any FileSystem
    public let paths: DisplayPath
    /// How old a file's times must be for its stamp to be trusted (`FileStamp`), in
    /// nanoseconds: file systems keep times by the tick of a coarse clock (a second on
    /// some), so a file written again within the tick it was stamped in could keep its
    /// stamp.
    public var settleTime: Int64 = 3_000_000_000

    public init(fileSystem: any FileSystem) {
        self.fileSystem = fileSystem
        self.paths = DisplayPath(currentDirectory: fileSystem.currentDirectory)
    }

    /// Extensions of the content root's other files that may be site registries.
    static let registryExtensions = [".csv", ".yml", ".yaml"]

    /// The site's sources; throws when the content folder cannot be read at all.
    /// `known` gives the stamp a case file had when its check outcome was kept: a file
    /// that still has it is not read here (`SourceFile.isDeferred`), only if its bytes
    /// are asked for. Each case file has its stamp when the file system tells one that
    /// has settled. `settings`, when given, is handed the site's settings (site.yml, the
    /// schema, the enterprises and the other registries, with no cases, pages or media)
    /// as soon as they are read, before the case files are: for what is made of those
    /// alone (`SiteChecker.prepare`) to be made while the cases load.
    public func load(content: String, known: (@Sendable (_ relativePath: String) -> FileStamp?)? = nil,
                     settings: ((SiteSources) -> Void)? = nil) throws -> SiteSources {
        let root = paths.absolute(content)
        guard fileSystem.kind(of: root) == .directory else {
            throw FileSystemError(path: paths.display(root), reason: "no such folder")
        }
        let inside = walkConfinement(to: root)
        // Paths found by listing are plain names below the root: shown as the root's
        // display path and the relative path, not normalized one by one.
        let shownRoot = paths.display(root)
        let shownPrefix = shownRoot == "." ? "" : shownRoot.hasSuffix("/") ? shownRoot : shownRoot + "/"
        /// A file the listing found to be a file inside the folder.
        @Sendable func listed(_ relative: String) throws -> SourceFile {
            SourceFile(path: shownPrefix + relative, bytes: try fileSystem.read(root + "/" + relative))
        }
        func file(_ relative: String) throws -> SourceFile? {
            let path = root + "/" + relative
            guard fileSystem.kind(of: path) == .file, inside(path) else { return nil }
            return try listed(relative)
        }
        let settled = known == nil ? 0 : fileSystem.now - settleTime
        func markdown(in folder: String, stamped: Bool) throws -> [ContentFile] {
            let names = try listFiles(root + "/" + folder, inside: inside, recursive: false).filter { $0.hasSuffix(".md") }
            // Read on every core: ten thousand small files are mostly system calls.
            return try parallelMap(names.map { folder + "/" + $0 }) { relative -> ContentFile? in
                let path = root + "/" + relative
                do {
                    guard stamped, let stamp = fileSystem.stamp(of: path), stamp.isSettled(before: settled) else {
                        return ContentFile(relativePath: relative, file: try listed(relative))
                    }
                    // Stamped before it is read: a write in between gives it another
                    // stamp by the next build.
                    guard known?(relative) == stamp else {
                        return ContentFile(relativePath: relative, file: try listed(relative), stamp: stamp)
                    }
                    let file = SourceFile(path: shownPrefix + relative, count: stamp.size) { (try? fileSystem.read(path)) ?? [] }
                    return ContentFile(relativePath: relative, file: file, stamp: stamp)
                } catch where fileSystem.kind(of: path) == nil {
                    return nil  // removed since the listing, as by an editor saving
                }
            }.compactMap { $0 }
        }
        var others: [String: SourceFile] = [:]
        for relative in try listFiles(root, inside: inside, recursive: true, skipping: ["cases", "pages", "media"])
        where Self.registryExtensions.contains(where: relative.hasSuffix)
            && !["site.yml", "schema.yml", "enterprises.yml"].contains(relative) {
            others[relative] = try listed(relative)
        }
        var sources = SiteSources(
            siteConfig: try file("site.yml"), schema: try file("schema.yml"), enterprises: try file("enterprises.yml"),
            otherFiles: others, cases: [], pages: [], media: [], contentPath: paths.display(root))
        settings?(sources)
        sources.cases = try markdown(in: "cases", stamped: known != nil)
        sources.pages = try markdown(in: "pages", stamped: false)
        sources.media = Set(try listFiles(root + "/media", inside: inside, recursive: true).map { "media/" + $0 })
        return sources
    }

    /// The files of a templates folder that override the default theme, by their path
    /// inside it: `*.mustache` at its top and everything under `assets/`. Nothing outside
    /// the folder is read.
    public func loadTemplates(folder: String) throws -> [String: SourceFile] {
        let root = paths.absolute(folder)
        guard fileSystem.kind(of: root) == .directory else {
            throw FileSystemError(path: paths.display(root), reason: "no such folder")
        }
        let inside = walkConfinement(to: root)
        var files: [String: SourceFile] = [:]
        let names = try listFiles(root, inside: inside, recursive: false).filter { $0.hasSuffix(".mustache") }
            + (try listFiles(root + "/assets", inside: inside, recursive: true)).map { "assets/" + $0 }
        for name in names {
            let path = root + "/" + name
            files[name] = SourceFile(path: paths.display(path), bytes: try fileSystem.read(path))
        }
        return files
    }

    /// One file of the content folder by its relative path; nil when it is not there (or
    /// lies outside the folder through a symbolic link).
    public func loadFile(content: String, relative: String) throws -> SourceFile? {
        let root = paths.absolute(content)
        let path = root + "/" + relative
        let hidden = relative.split(separator: "/").contains { $0.hasPrefix(".") || $0 == ".." }
        guard !hidden, fileSystem.kind(of: path) == .file, confinement(to: root)(path) else { return nil }
        return SourceFile(path: paths.display(path), bytes: try fileSystem.read(path))
    }

    /// The bytes of the files under `media/`, as output files of the same path.
    public func loadMedia(_ sources: SiteSources, content: String) throws -> [OutputFile] {
        let root = paths.absolute(content)
        return try sources.media.sorted().map { OutputFile(path: $0, bytes: try fileSystem.read(root + "/" + $0)) }
    }

    /// Whether a path, symbolic links resolved, stays inside `root`.
    func confinement(to root: String) -> @Sendable (String) -> Bool {
        let realRoot = fileSystem.absolute(root)
        return { path in
            let real = fileSystem.absolute(path)
            return real == realRoot || real.hasPrefix(realRoot == "/" ? "/" : realRoot + "/")
        }
    }

    /// The same test for paths reached by walking down from the root, each folder on the
    /// way already found inside: only an entry that is itself a symbolic link can lead
    /// out, so only those are resolved (resolving every path was a tenth of `check`).
    func walkConfinement(to root: String) -> @Sendable (String) -> Bool {
        let full = confinement(to: root)
        return { path in !fileSystem.isSymbolicLink(path) || full(path) }
    }

    /// Relative paths of the files under a folder that stay inside the content folder,
    /// sorted; hidden entries are skipped.
    func listFiles(_ folder: String, inside: (String) -> Bool, recursive: Bool, skipping: Set<String> = []) throws -> [String] {
        guard fileSystem.kind(of: folder) == .directory, inside(folder) else { return [] }
        var result: [String] = []
        for entry in try fileSystem.entries(of: folder) where !entry.name.hasPrefix(".") && !skipping.contains(entry.name) {
            let path = folder + "/" + entry.name
            // A plain file or folder (not a link) in a folder inside is inside: only
            // the others are asked where they lead.
            let kind: FileKind?
            if let known = entry.kind {
                kind = known
            } else {
                guard inside(path) else { continue }
                kind = fileSystem.kind(of: path)
            }
            switch kind {
            case .file: result.append(entry.name)
            case .directory where recursive:
                result += try listFiles(path, inside: inside, recursive: true).map { entry.name + "/" + $0 }
            default: break
            }
        }
        return result
    }
}

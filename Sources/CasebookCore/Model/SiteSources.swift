/// A content file: its path inside the content folder (`cases/cloud-ops.md`) and the file.
public struct ContentFile: Sendable, Hashable {
    public var relativePath: String
    public var file: SourceFile

    public init(relativePath: String, file: SourceFile) {
        self.relativePath = relativePath
        self.file = file
    }
}

/// Everything a site folder holds, as read by a loader: the input of checking.
public struct SiteSources: Sendable {
    public var siteConfig: SourceFile?
    public var schema: SourceFile?
    public var enterprises: SourceFile?
    /// Other files of the content folder by relative path (site registries among them).
    public var otherFiles: [String: SourceFile]
    /// `cases/*.md` in path order.
    public var cases: [ContentFile]
    /// `pages/*.md` in path order.
    public var pages: [ContentFile]
    /// Relative paths of the files under `media/`.
    public var media: Set<String>
    /// The display path of the content folder, for problems about missing files.
    public var contentPath: String

    public init(siteConfig: SourceFile? = nil, schema: SourceFile? = nil, enterprises: SourceFile? = nil,
                otherFiles: [String: SourceFile] = [:], cases: [ContentFile] = [], pages: [ContentFile] = [],
                media: Set<String> = [], contentPath: String = "content") {
        self.siteConfig = siteConfig
        self.schema = schema
        self.enterprises = enterprises
        self.otherFiles = otherFiles
        self.cases = cases.sorted { $0.relativePath < $1.relativePath }
        self.pages = pages.sorted { $0.relativePath < $1.relativePath }
        self.media = media
        self.contentPath = contentPath
    }
}

/// A free page of `content/pages/`.
public struct Page: Sendable, Hashable {
    /// The file name without `.md`: the page is rendered at `/<name>/`.
    public var name: String
    public var path: String
    /// The path inside the content folder: `pages/about.md`.
    public var relativePath: String
    public var title: String
    /// Whether the title is the body's first `# ` heading, which the page then leaves out.
    public var titleFromHeading: Bool
    public var summary: String?
    public var body: String
    public var bodyFirstLine: Int
}

/// A content file: its path inside the content folder (`cases/cloud-ops.md`) and the file.
public struct ContentFile: Sendable, Hashable {
    public var relativePath: String
    public var file: SourceFile
    /// What the file system told of the file when it was loaded, when that can tell a
    /// change (`FileStamp`): kept with its check outcome.
    public var stamp: FileStamp?

    public init(relativePath: String, file: SourceFile, stamp: FileStamp? = nil) {
        self.relativePath = relativePath
        self.file = file
        self.stamp = stamp
    }
}

/// What changes whenever a file's bytes do, as the file system tells it: the size, the
/// modification and status-change times (nanoseconds) and the file's identity. A file
/// with the stamp it had when it was read is taken to hold the same bytes, as `make`,
/// `git status` and `rsync` take it; a stamp is trusted only once its times are a few
/// seconds old (`isSettled`), so that a write within the same tick of the file system's
/// clock cannot go unseen.
public struct FileStamp: Sendable, Hashable {
    public var size: Int
    public var modified: Int64
    public var changed: Int64
    public var inode: UInt64
    public var device: UInt64

    public init(size: Int, modified: Int64, changed: Int64, inode: UInt64, device: UInt64) {
        self.size = size
        self.modified = modified
        self.changed = changed
        self.inode = inode
        self.device = device
    }

    /// Whether both times lie before `time` (nanoseconds, the same clock).
    public func isSettled(before time: Int64) -> Bool {
        modified < time && changed < time
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

public import CasebookCore

/// The file operations casebook needs, so tests can run on memory.
public protocol FileSystem: Sendable {
    /// The kind of entry at `path`, nil when nothing is there. Symbolic links are
    /// reported as what they point to only when the target stays inside `root`.
    func kind(of path: String) -> FileKind?
    /// Names of the entries of a directory, sorted.
    func contents(of directory: String) throws -> [String]
    /// The entries of a directory, sorted by name, each with what listing it tells of it.
    func entries(of directory: String) throws -> [FolderEntry]
    /// Everything in the folder at `root` (an absolute path), links not followed, each
    /// folder before what it holds (in no other order).
    func tree(of root: String) throws -> [TreeEntry]
    func read(_ path: String) throws -> [UInt8]
    /// The file's bytes, read-only, mapped from the file where the file system can
    /// (`PageBytes`): for a large file that parts are copied out of.
    func readMapped(_ path: String) throws -> PageBytes
    /// Whether the plain file at `path` (not a link) holds exactly `bytes`.
    func hasContents(_ path: String, equalTo bytes: [UInt8]) -> Bool
    /// The size in bytes of the file at `path`, nil when there is no file.
    func size(of path: String) -> Int?
    /// The size and identity of the plain file at `path` (not a link), nil when there is
    /// no such file.
    func status(of path: String) -> FileStatus?
    /// What tells a change of the file at `path` (links followed, as `read` does): nil
    /// when there is no file, or the file system cannot tell (then files are read).
    func stamp(of path: String) -> FileStamp?
    /// Now, in nanoseconds on the clock of `FileStamp`'s times.
    var now: Int64 { get }
    /// Writes a file atomically: readers see the old bytes or the new, never a part.
    func write(_ bytes: [UInt8], to path: String) throws
    /// Writes a file in a folder nobody reads yet (the writer's staging folder), without
    /// the temporary file and rename that `write` costs.
    func writeNew(_ bytes: [UInt8], to path: String) throws
    /// Adds `bytes` at the end of the file at `path`, which must exist.
    func append(_ bytes: [UInt8], to path: String) throws
    /// Writes `bytes` over the plain file at `path` (not a link) where it lies, when
    /// that is the only name of its file (no other hard link): true when it did; false
    /// when it did not and wrote nothing.
    func overwrite(_ bytes: [UInt8], at path: String) throws -> Bool
    func createDirectory(_ path: String) throws
    /// Removes a file or a folder with everything in it; nothing there is not an error.
    func removeItem(_ path: String) throws
    /// Gives an existing file a second name in the same file system (a hard link), so
    /// the new name keeps the file's modification time.
    func linkFile(from existing: String, to new: String) throws
    /// Whether the two paths name one and the same file (hard links of it), not a link.
    func isSameFile(_ path: String, _ other: String) -> Bool
    /// Puts the folder `staging` at `target` in one step. Whatever was at `target`
    /// ends up at `staging` (to be removed by the caller).
    func replaceDirectory(_ target: String, with staging: String) throws
    /// The absolute form of `path`, with `.` and `..` resolved (symbolic links too).
    func absolute(_ path: String) -> String
    /// Whether the entry at `path` is itself a symbolic link (true when unsure).
    func isSymbolicLink(_ path: String) -> Bool
    /// Whether the entry at `path` is a folder itself, not a link to one.
    func isFolderItself(_ path: String) -> Bool
    var currentDirectory: String { get }
}

public enum FileKind: Sendable, Hashable { case file, directory }

/// An entry of a folder as its listing tells: a name, and whether it is a plain file or
/// a folder, not a symbolic link (nil when it is a link or the listing does not say:
/// then `kind(of:)` and `isSymbolicLink(_:)` must be asked).
public struct FolderEntry: Sendable, Hashable {
    public var name: String
    public var kind: FileKind?
    /// The entry's inode number as the listing gives it, when it does.
    public var inode: UInt64?

    public init(name: String, kind: FileKind?, inode: UInt64? = nil) {
        self.name = name
        self.kind = kind
        self.inode = inode
    }
}

/// An entry of a folder tree (`FileSystem.tree(of:)`).
public struct TreeEntry: Sendable, Hashable {
    /// Relative to the tree's folder.
    public var path: String
    /// A plain file or a folder itself; nil for a link or anything else.
    public var kind: FileKind?
    /// The entry's inode number, when the listing gives it.
    public var inode: UInt64?
    /// The number of the entry of the folder it is in (its index in the list), -1 for
    /// the tree's own folder.
    public var parent: Int

    public init(path: String, kind: FileKind?, inode: UInt64?, parent: Int) {
        self.path = path
        self.kind = kind
        self.inode = inode
        self.parent = parent
    }
}

/// A plain file's size, and its inode number where files have one: two names of one
/// folder tree with the same inode number are links of the same file.
public struct FileStatus: Sendable, Hashable {
    public var size: Int
    public var inode: UInt64?

    public init(size: Int, inode: UInt64?) {
        self.size = size
        self.inode = inode
    }
}

/// A file that could not be read or written, or a folder that is not there.
public struct FileSystemError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

extension FileSystem {
    public func isSymbolicLink(_ path: String) -> Bool { true }

    /// Never: a new file is written instead.
    public func overwrite(_ bytes: [UInt8], at path: String) throws -> Bool { false }

    /// The file read and written again with `bytes` after it.
    public func append(_ bytes: [UInt8], to path: String) throws {
        try write(try read(path) + bytes, to: path)
    }

    /// A copy, where files cannot be mapped.
    public func readMapped(_ path: String) throws -> PageBytes {
        PageBytes(try read(path))
    }

    public func isFolderItself(_ path: String) -> Bool {
        kind(of: path) == .directory && !isSymbolicLink(path)
    }

    /// The size alone, where files have no identity.
    public func status(of path: String) -> FileStatus? {
        size(of: path).map { FileStatus(size: $0, inode: nil) }
    }

    /// Never: every file is read.
    public func stamp(of path: String) -> FileStamp? { nil }

    public var now: Int64 { 0 }

    /// The whole file read and compared.
    public func hasContents(_ path: String, equalTo bytes: [UInt8]) -> Bool {
        size(of: path) == bytes.count && (try? read(path)) == bytes
    }

    /// Never, where files have no identity: a caller then links the file again.
    public func isSameFile(_ path: String, _ other: String) -> Bool { false }

    /// Names only: every entry is asked about.
    public func entries(of directory: String) throws -> [FolderEntry] {
        try contents(of: directory).map { FolderEntry(name: $0, kind: nil) }
    }

    public func writeNew(_ bytes: [UInt8], to path: String) throws {
        try write(bytes, to: path)
    }

    /// A level of folders at a time, each level's folders listed side by side; an
    /// entry its folder's listing does not tell the kind of is asked about.
    public func tree(of root: String) throws -> [TreeEntry] {
        var tree: [TreeEntry] = []
        var level: [(path: String, number: Int)] = [("", -1)]
        while !level.isEmpty {
            let listed = try parallelMap(level.map(\.path)) { relative in
                let here = relative.isEmpty ? root : root + "/" + relative
                return try entries(of: here).map { entry in
                    let path = relative.isEmpty ? entry.name : relative + "/" + entry.name
                    let full = here + "/" + entry.name
                    let kind = entry.kind ?? (isSymbolicLink(full) ? nil : self.kind(of: full))
                    return (path, kind, entry.kind == nil ? nil : entry.inode)
                }
            }
            let parents = level.map(\.number)
            level = []
            for (folder, entries) in zip(parents, listed) {
                for (path, kind, inode) in entries {
                    if kind == .directory { level.append((path, tree.count)) }
                    tree.append(TreeEntry(path: path, kind: kind, inode: inode, parent: folder))
                }
            }
        }
        return tree
    }
}

/// The folder of a path (relative or absolute), "" when it names none.
func parentFolder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[..<slash])
}

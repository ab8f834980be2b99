import CasebookCore
import CasebookIO
import Synchronization

/// The local file system, watched: it counts the questions a stage asks of one path at a
/// time (`asked`) and the case files read (`caseReads`); when told, it is in another
/// working folder, and later than the clock says (`later`, in nanoseconds), so that the
/// stamps of files just written count as settled.
final class ProbedFileSystem: FileSystem {
    let base = LocalFileSystem()
    let asked = Mutex(0)
    let caseReads = Mutex(0)
    let currentDirectory: String
    let later: Int64

    init(currentDirectory: String? = nil, later: Int64 = 0) {
        self.currentDirectory = currentDirectory ?? base.currentDirectory
        self.later = later
    }

    /// An hour later than the clock says.
    static let anHour: Int64 = 3_600_000_000_000

    var now: Int64 { base.now + later }
    func stamp(of path: String) -> FileStamp? { base.stamp(of: path) }
    func read(_ path: String) throws -> [UInt8] {
        if path.contains("/cases/") { caseReads.withLock { $0 += 1 } }
        return try base.read(path)
    }
    func kind(of path: String) -> FileKind? { base.kind(of: path) }
    func contents(of directory: String) throws -> [String] { try base.contents(of: directory) }
    func entries(of directory: String) throws -> [FolderEntry] { try base.entries(of: directory) }
    func readMapped(_ path: String) throws -> PageBytes { try base.readMapped(path) }
    func hasContents(_ path: String, equalTo bytes: [UInt8]) -> Bool { base.hasContents(path, equalTo: bytes) }
    func size(of path: String) -> Int? { base.size(of: path) }
    func status(of path: String) -> FileStatus? { base.status(of: path) }
    func write(_ bytes: [UInt8], to path: String) throws { try base.write(bytes, to: path) }
    func writeNew(_ bytes: [UInt8], to path: String) throws { try base.writeNew(bytes, to: path) }
    func append(_ bytes: [UInt8], to path: String) throws { try base.append(bytes, to: path) }
    func overwrite(_ bytes: [UInt8], at path: String) throws -> Bool { try base.overwrite(bytes, at: path) }
    func createDirectory(_ path: String) throws { try base.createDirectory(path) }
    func removeItem(_ path: String) throws { try base.removeItem(path) }
    func linkFile(from existing: String, to new: String) throws { try base.linkFile(from: existing, to: new) }
    func replaceDirectory(_ target: String, with staging: String) throws { try base.replaceDirectory(target, with: staging) }
    func absolute(_ path: String) -> String { base.absolute(path) }

    func isSameFile(_ path: String, _ other: String) -> Bool {
        asked.withLock { $0 += 1 }
        return base.isSameFile(path, other)
    }

    func isSymbolicLink(_ path: String) -> Bool {
        asked.withLock { $0 += 1 }
        return base.isSymbolicLink(path)
    }

    func isFolderItself(_ path: String) -> Bool {
        asked.withLock { $0 += 1 }
        return base.isFolderItself(path)
    }
}

public import CasebookCore
import CFileSwap
import Foundation
import Synchronization

/// The real file system, through Foundation.
public struct LocalFileSystem: FileSystem {
    public init() {}

    public var currentDirectory: String { FileManager.default.currentDirectoryPath }

    public func kind(of path: String) -> FileKind? {
        // stat(2) itself, following links as FileManager.fileExists does: loading a
        // site asks this of every case file.
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT == S_IFDIR ? .directory : .file
    }

    public func contents(of directory: String) throws -> [String] {
        try entries(of: directory).map(\.name)
    }

    /// readdir(3) itself, with the type it reports: loading a site lists ten thousand
    /// case files, and a stat and an lstat of each (to know it is a plain file inside
    /// the folder) were most of the listing's time.
    public func entries(of directory: String) throws -> [FolderEntry] {
        guard let stream = opendir(directory) else { throw FileSystemError(path: directory, reason: "cannot list the folder") }
        defer { closedir(stream) }
        var entries: [FolderEntry] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) { String(cString: $0) }
            }
            guard name != ".", name != ".." else { continue }
            let kind: FileKind? = switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): .file
            case Int32(DT_DIR): .directory
            default: nil  // a link, or a file system that does not say
            }
            entries.append(FolderEntry(name: name, kind: kind, inode: kind == nil ? nil : UInt64(entry.pointee.d_ino)))
        }
        return entries.sorted { $0.name < $1.name }
    }

    /// In one call of C, depth first, each folder opened by descriptor from the one it
    /// is in and read in one go (`casebook_list_tree`): for a site of 10,000 cases, 11,000
    /// folders, listed by path a level at a time this took twice the processor time.
    public func tree(of root: String) throws -> [TreeEntry] {
        var records: UnsafeMutablePointer<UInt8>?
        var count = 0
        guard casebook_list_tree(root, &records, &count) == 0, let records else {
            throw FileSystemError(path: root, reason: "cannot list the folder")
        }
        defer { free(records) }
        let bytes = UnsafeRawBufferPointer(start: records, count: count)
        let header = Int(CASEBOOK_TREE_HEADER)
        var tree: [TreeEntry] = []
        var offset = 0
        while offset + header <= count {
            let parent = Int(bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
            let inode = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt64.self)
            let kind = bytes[offset + 12]
            let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 13, as: UInt16.self))
            let start = offset + header
            guard start + length <= count, parent < tree.count else { break }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]), as: UTF8.self)
            let path = parent < 0 ? name : tree[parent].path + "/" + name
            let fileKind: FileKind? = switch Int32(kind) {
            case CASEBOOK_TREE_FILE: .file
            case CASEBOOK_TREE_FOLDER: .directory
            default: nil
            }
            tree.append(TreeEntry(path: path, kind: fileKind, inode: fileKind == nil ? nil : inode, parent: parent))
            offset = start + length
        }
        guard offset == count else { throw FileSystemError(path: root, reason: "cannot list the folder") }
        return tree
    }

    /// Mapped privately and read-only: the file's own pages, not copied (`PageBytes`).
    public func readMapped(_ path: String) throws -> PageBytes {
        let (fd, info) = try opened(path)
        defer { close(fd) }
        let size = Int(info.st_size)
        // A plain file with bytes maps as it is; anything else is read.
        guard info.st_mode & S_IFMT == S_IFREG, size > 0,
              let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            return PageBytes(try read(path))
        }
        return PageBytes(bytes: UnsafeRawBufferPointer(start: mapped, count: size)) { munmap(UnsafeMutableRawPointer(mutating: $0.baseAddress), $0.count) }
    }

    /// `path` opened for reading, with its status; a folder is no file to read.
    private func opened(_ path: String) throws -> (fd: Int32, status: stat) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemError(path: path, reason: "cannot read the file") }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT != S_IFDIR else {
            close(fd)
            throw FileSystemError(path: path, reason: "cannot read the file")
        }
        return (fd, info)
    }

    public func read(_ path: String) throws -> [UInt8] {
        // Straight into the array, sized by fstat(2) (through Data it was read, then
        // copied): loading a site reads every case file.
        let (fd, info) = try opened(path)
        defer { close(fd) }
        // One byte more than fstat says, to see the end in the same call.
        let expected = max(Int(info.st_size), 0)
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: expected + 1) { buffer, count in
            count = 0
            while count < buffer.count {
                let n = Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
                if n < 0, errno == EINTR { continue }
                if n < 0 { failed = true }
                if n <= 0 { return }
                count += n
            }
        }
        // A file that grew since fstat: the rest in chunks.
        var chunk = [UInt8](repeating: 0, count: bytes.count > expected ? 65_536 : 0)
        while !failed, !chunk.isEmpty {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { failed = true }
            if n <= 0 { break }
            bytes += chunk[..<n]
        }
        guard !failed else { throw FileSystemError(path: path, reason: "cannot read the file") }
        return bytes
    }

    /// Read a piece at a time into one buffer and compared as it comes, up to the first
    /// difference: a build compares each page it rendered with the output's (the report,
    /// 31 MB at 10,000 cases, after one case changed differs in its first lines), and
    /// reading each whole into a new array was 3 % of that build, most of it the
    /// kernel filling fresh memory.
    public func hasContents(_ path: String, equalTo bytes: [UInt8]) -> Bool {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == bytes.count else { return false }
        let piece = min(Self.comparedPiece, bytes.count + 1)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: piece, alignment: 16)
        defer { buffer.deallocate() }
        return bytes.withUnsafeBytes { expected in
            var done = 0
            while true {
                let n = Glibc.read(fd, buffer.baseAddress!, piece)
                if n < 0, errno == EINTR { continue }
                // The end where fstat said, and not before.
                if n == 0 { return done == expected.count }
                guard n > 0, n <= expected.count - done,
                      memcmp(buffer.baseAddress!, expected.baseAddress! + done, n) == 0 else { return false }
                done += n
            }
        }
    }

    /// The piece `hasContents` reads at a time.
    public static let comparedPiece = 1 << 18

    public func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) != 0 || info.st_mode & S_IFMT == S_IFLNK
    }

    /// One lstat(2): a reused staging folder asks this of each of its 11,000 folders.
    public func isFolderItself(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    public func isSameFile(_ path: String, _ other: String) -> Bool {
        var a = stat(), b = stat()
        guard lstat(path, &a) == 0, lstat(other, &b) == 0, a.st_mode & S_IFMT == S_IFREG else { return false }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    /// One lstat(2), as `size(of:)`.
    public func status(of path: String) -> FileStatus? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileStatus(size: Int(info.st_size), inode: UInt64(info.st_ino))
    }

    public func stamp(of path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileStamp(size: Int(info.st_size), modified: Self.nanoseconds(info.st_mtim), changed: Self.nanoseconds(info.st_ctim),
                         inode: UInt64(info.st_ino), device: UInt64(info.st_dev))
    }

    public var now: Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Self.nanoseconds(time)
    }

    private static func nanoseconds(_ time: timespec) -> Int64 {
        Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    public func size(of path: String) -> Int? {
        // lstat(2) itself (a link is not a file here, as before): an incremental build
        // asks this of every file of the site.
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// A temporary file beside `path`, renamed into its place: the bytes are written as
    /// they are (`Data(bytes).write(options: .atomic)` copied them first, 80 MB of the
    /// caches a build keeps).
    public func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".\(getpid()).\(Self.temporaries.wrappingAdd(1, ordering: .relaxed).newValue).tmp"
        do {
            try writeNew(bytes, to: temporary)
            guard rename(temporary, path) == 0 else { throw FileSystemError(path: path, reason: "cannot write the file") }
        } catch {
            unlink(temporary)
            throw FileSystemError(path: path, reason: "cannot write the file")
        }
    }

    /// Tells the temporary files of one process apart.
    private static let temporaries = Atomic<Int>(0)

    public func writeNew(_ bytes: [UInt8], to path: String) throws {
        try write(bytes, to: path, flags: O_CREAT | O_TRUNC)
    }

    /// Written from the start, then cut to the new length: on tmpfs, the file's pages are
    /// written into rather than freed and taken again.
    public func overwrite(_ bytes: [UInt8], at path: String) throws -> Bool {
        let fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink == 1 else { return false }
        try write(bytes, to: fd, path: path)
        guard ftruncate(fd, off_t(bytes.count)) == 0 else { throw FileSystemError(path: path, reason: "cannot write the file") }
        return true
    }

    /// One write(2) with O_APPEND: the bytes land after whatever the file holds.
    public func append(_ bytes: [UInt8], to path: String) throws {
        try write(bytes, to: path, flags: O_APPEND)
    }

    private func write(_ bytes: [UInt8], to path: String, flags: Int32) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC | flags, 0o644)
        guard fd >= 0 else { throw FileSystemError(path: path, reason: "cannot write the file") }
        defer { close(fd) }
        try write(bytes, to: fd, path: path)
    }

    /// All of `bytes` written at `fd`'s offset.
    private func write(_ bytes: [UInt8], to fd: Int32, path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw FileSystemError(path: path, reason: "cannot write the file") }
            done += n
        }
    }

    public func createDirectory(_ path: String) throws {
        // One system call when the parent exists, as it does for nearly every folder of
        // a site written in path order; FileManager checks each component first.
        if mkdir(path, 0o755) == 0 { return }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FileSystemError(path: path, reason: "cannot create the folder")
        }
    }

    public func removeItem(_ path: String) throws {
        // A site of ten thousand cases is twenty thousand entries: removed by descriptor
        // in C, the folders two levels down spread over every core (the old site goes on
        // every build), then whatever is left in one pass.
        if isDirectory(path) {
            let folders = ((try? contents(of: path)) ?? []).map { path + "/" + $0 }.filter(isDirectory)
            let inner = folders.flatMap { folder in ((try? contents(of: folder)) ?? []).map { folder + "/" + $0 } }
            let chunks = ProcessInfo.processInfo.activeProcessorCount * 4
            if inner.count >= 256, chunks > 4 {
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    for i in stride(from: chunk, to: inner.count, by: chunks) { _ = casebook_remove_tree(inner[i]) }
                }
            }
        }
        guard casebook_remove_tree(path) == 0 else {
            throw FileSystemError(path: path, reason: "cannot remove it")
        }
    }

    /// Whether `path` is a folder itself, not a symbolic link to one.
    private func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    public func linkFile(from existing: String, to new: String) throws {
        guard link(existing, new) == 0 else {
            throw FileSystemError(path: new, reason: "cannot link it to \(existing)")
        }
    }

    public func replaceDirectory(_ target: String, with staging: String) throws {
        if kind(of: target) == nil {
            guard rename(staging, target) == 0 else { throw FileSystemError(path: target, reason: "cannot move the new site into place") }
            return
        }
        if casebook_exchange_paths(staging, target) == 0 { return }
        // No atomic exchange here: two renames, with the old site kept until the new is in place.
        let aside = staging + ".old"
        try removeItem(aside)
        guard rename(target, aside) == 0 else { throw FileSystemError(path: target, reason: "cannot move the old site aside") }
        guard rename(staging, target) == 0 else {
            _ = rename(aside, target)
            throw FileSystemError(path: target, reason: "cannot move the new site into place")
        }
        guard rename(aside, staging) == 0 else { throw FileSystemError(path: aside, reason: "cannot tidy the old site away") }
    }

    public func absolute(_ path: String) -> String {
        let base = path.hasPrefix("/") ? path : currentDirectory + "/" + path
        return URL(fileURLWithPath: base).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

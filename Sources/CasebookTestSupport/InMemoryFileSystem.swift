public import CasebookIO
import Synchronization

/// A file system in memory, for tests: absolute paths to bytes; folders are implied.
public final class InMemoryFileSystem: FileSystem {
    private let files: Mutex<[String: [UInt8]]>
    public let currentDirectory: String

    public init(files: [String: String] = [:], currentDirectory: String = "/site") {
        self.currentDirectory = currentDirectory
        let absolute = DisplayPath(currentDirectory: currentDirectory)
        self.files = Mutex(Dictionary(uniqueKeysWithValues: files.map { (absolute.absolute($0.key), Array($0.value.utf8)) }))
    }

    public func kind(of path: String) -> FileKind? {
        let path = absolute(path)
        return files.withLock { files in
            if files[path] != nil { return .file }
            return files.keys.contains { $0.hasPrefix(path == "/" ? "/" : path + "/") } ? .directory : nil
        }
    }

    public func contents(of directory: String) throws -> [String] {
        let prefix = absolute(directory) == "/" ? "/" : absolute(directory) + "/"
        let names = files.withLock { files in
            Set(files.keys.filter { $0.hasPrefix(prefix) }.compactMap { $0.dropFirst(prefix.count).split(separator: "/").first.map(String.init) })
        }
        return names.sorted()
    }

    public func read(_ path: String) throws -> [UInt8] {
        guard let bytes = files.withLock({ $0[absolute(path)] }) else {
            throw FileSystemError(path: path, reason: "no such file")
        }
        return bytes
    }

    public func size(of path: String) -> Int? {
        files.withLock { $0[absolute(path)]?.count }
    }

    public func write(_ bytes: [UInt8], to path: String) throws {
        files.withLock { $0[absolute(path)] = bytes }
    }

    public func createDirectory(_ path: String) throws {}

    public func removeItem(_ path: String) throws {
        let path = absolute(path)
        files.withLock { files in
            for key in files.keys where key == path || key.hasPrefix(path + "/") { files[key] = nil }
        }
    }

    public func linkFile(from existing: String, to new: String) throws {
        try write(try read(existing), to: new)
    }

    public func replaceDirectory(_ target: String, with staging: String) throws {
        let (target, staging) = (absolute(target), absolute(staging))
        files.withLock { files in
            let old = files.filter { $0.key.hasPrefix(target + "/") }
            let new = files.filter { $0.key.hasPrefix(staging + "/") }
            for key in old.keys { files[key] = nil }
            for key in new.keys { files[key] = nil }
            for (key, bytes) in new { files[target + key.dropFirst(staging.count)] = bytes }
            for (key, bytes) in old { files[staging + key.dropFirst(target.count)] = bytes }
        }
    }

    public func absolute(_ path: String) -> String {
        DisplayPath(currentDirectory: currentDirectory).absolute(path)
    }
}

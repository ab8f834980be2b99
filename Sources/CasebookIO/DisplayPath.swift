/// Paths as the user would type them from the current directory (SPEC §4): relative
/// when the file lies under it, absolute otherwise.
public struct DisplayPath: Sendable {
    public let currentDirectory: String

    public init(currentDirectory: String) {
        self.currentDirectory = Self.normalized(currentDirectory)
    }

    /// The absolute, lexically normalized form of a path typed from the current directory.
    public func absolute(_ path: String) -> String {
        Self.normalized(path.hasPrefix("/") ? path : currentDirectory + "/" + path)
    }

    public func display(_ path: String) -> String {
        let absolute = absolute(path)
        if absolute == currentDirectory { return "." }
        let prefix = currentDirectory == "/" ? "/" : currentDirectory + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }

    /// `.` and `..` resolved, doubled and trailing slashes dropped; symbolic links kept.
    public static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}

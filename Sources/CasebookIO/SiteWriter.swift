public import CasebookCore

/// Lands a build in the output folder atomically (SPEC §6): every file is written into a
/// staging folder beside the output, then the two are swapped in one step, so a crash,
/// kill or full disk leaves either the old site or the new one, never a mix. A file
/// whose bytes did not change is linked from the old output, keeping its modification
/// time, so sync tools and CDNs see only what changed.
public struct SiteWriter: Sendable {
    public let fileSystem: any FileSystem

    public init(fileSystem: any FileSystem) {
        self.fileSystem = fileSystem
    }

    /// What a write did: how many files changed and how many were kept as they were.
    public struct Outcome: Sendable, Hashable {
        public var written: Int
        public var unchanged: Int
    }

    /// Replaces the folder at `output` (an absolute path) with exactly `files`.
    public func write(_ files: [OutputFile], to output: String) throws -> Outcome {
        for file in files where !Self.isConfined(file.path) {
            throw FileSystemError(path: file.path, reason: "refusing to write outside the output folder")
        }
        let name = output.split(separator: "/").last.map(String.init) ?? "site"
        let parent = String(output.dropLast(name.count + 1))
        let staging = (parent.isEmpty ? "" : parent) + "/." + name + ".staging"
        try fileSystem.removeItem(staging)  // left over from an interrupted build
        try fileSystem.createDirectory(staging)
        var folders: Set<String> = [""]
        var outcome = Outcome(written: 0, unchanged: 0)
        do {
            for file in files.sorted(by: { $0.path < $1.path }) {
                let folder = file.path.split(separator: "/").dropLast().joined(separator: "/")
                if folders.insert(folder).inserted { try fileSystem.createDirectory(staging + "/" + folder) }
                let old = output + "/" + file.path
                if fileSystem.kind(of: old) == .file, (try? fileSystem.read(old)) == file.bytes,
                   (try? fileSystem.linkFile(from: old, to: staging + "/" + file.path)) != nil {
                    outcome.unchanged += 1
                } else {
                    try fileSystem.write(file.bytes, to: staging + "/" + file.path)
                    outcome.written += 1
                }
            }
            try fileSystem.replaceDirectory(output, with: staging)
        } catch {
            try? fileSystem.removeItem(staging)
            throw error
        }
        try fileSystem.removeItem(staging)
        return outcome
    }

    /// A relative path of plain segments: no `..`, no `.`, no hidden or empty segment.
    static func isConfined(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && !$0.hasPrefix(".") }
    }
}

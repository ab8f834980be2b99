public import CasebookCore
import Synchronization

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
        let stage = try stage(output)
        do {
            _ = try parallelMap(files) { try stage.add($0) }
            return try stage.commit()
        } catch {
            stage.abandon()
            throw error
        }
    }

    /// A staging folder beside `output` (an absolute path) to add files to, from any
    /// thread, before `commit` puts it in the output's place.
    public func stage(_ output: String) throws -> Stage {
        let name = output.split(separator: "/").last.map(String.init) ?? "site"
        let parent = String(output.dropLast(name.count + 1))
        let staging = (parent.isEmpty ? "" : parent) + "/." + name + ".staging"
        try fileSystem.removeItem(staging)  // left over from an interrupted build
        try fileSystem.createDirectory(staging)
        return Stage(fileSystem: fileSystem, output: output, staging: staging)
    }

    /// A build being landed: files go into the staging folder as they come; `commit`
    /// swaps it with the output, `abandon` removes it and leaves the output as it was.
    public final class Stage: OutputSink {
        let fileSystem: any FileSystem
        let output: String
        /// The folder the files go to until `commit`: `.site.staging` beside `site`.
        public let staging: String
        private let state = Mutex((folders: Set<String>([""]), outcome: Outcome(written: 0, unchanged: 0)))
        /// Whether there is an old output to compare files with: a first build (or one
        /// after the output was removed, as CI does) asks nothing of it for each file.
        private let hasOutput: Bool

        init(fileSystem: any FileSystem, output: String, staging: String) {
            self.fileSystem = fileSystem
            self.output = output
            self.staging = staging
            hasOutput = fileSystem.kind(of: output) == .directory
        }

        /// Writes one file, or links the old output's file when its bytes did not change.
        public func add(_ file: OutputFile) throws {
            let target = try place(file.path)
            let old = output + "/" + file.path
            if hasOutput, fileSystem.size(of: old) == file.bytes.count, (try? fileSystem.read(old)) == file.bytes,
               (try? fileSystem.linkFile(from: old, to: target)) != nil {
                state.withLock { $0.outcome.unchanged += 1 }
            } else {
                try fileSystem.writeNew(file.bytes, to: target)
                state.withLock { $0.outcome.written += 1 }
            }
        }

        /// Takes the output's file at `path` into the new site as it is (a hard link, so
        /// its modification time stays): for a page whose inputs did not change.
        public func keep(_ path: String) throws {
            try fileSystem.linkFile(from: output + "/" + path, to: try place(path))
            state.withLock { $0.outcome.unchanged += 1 }
        }

        /// Where `path` goes in the staging folder, once it is known to stay inside and
        /// its folder exists.
        private func place(_ path: String) throws -> String {
            guard SiteWriter.isConfined(path) else {
                throw FileSystemError(path: path, reason: "refusing to write outside the output folder")
            }
            let folder = path.split(separator: "/").dropLast().joined(separator: "/")
            try state.withLock { state in
                guard !state.folders.contains(folder) else { return }
                try fileSystem.createDirectory(staging + "/" + folder)
                state.folders.insert(folder)
            }
            return staging + "/" + path
        }

        /// Puts the staged site in the output's place.
        public func commit() throws -> Outcome {
            do {
                try fileSystem.replaceDirectory(output, with: staging)
            } catch {
                abandon()
                throw error
            }
            try fileSystem.removeItem(staging)
            return state.withLock { $0.outcome }
        }

        /// Removes the staging folder; the output stays as it was.
        public func abandon() {
            try? fileSystem.removeItem(staging)
        }
    }

    /// A relative path of plain segments: no `..`, no `.`, no hidden or empty segment.
    static func isConfined(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && !$0.hasPrefix(".") }
    }
}

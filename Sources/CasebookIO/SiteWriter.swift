public import CasebookCore
import Foundation
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
        let name = output.split(separator: "/").last.map(String.init) ?? "site"
        let parent = String(output.dropLast(name.count + 1))
        let staging = (parent.isEmpty ? "" : parent) + "/." + name + ".staging"
        try fileSystem.removeItem(staging)  // left over from an interrupted build
        try fileSystem.createDirectory(staging)
        let files = files.sorted { $0.path < $1.path }
        var outcome = Outcome(written: 0, unchanged: 0)
        do {
            var folders: Set<String> = [""]
            for file in files {
                let folder = file.path.split(separator: "/").dropLast().joined(separator: "/")
                if folders.insert(folder).inserted { try fileSystem.createDirectory(staging + "/" + folder) }
            }
            outcome = try land(files, from: output, in: staging)
            try fileSystem.replaceDirectory(output, with: staging)
        } catch {
            try? fileSystem.removeItem(staging)
            throw error
        }
        try fileSystem.removeItem(staging)
        return outcome
    }

    /// Writes (or links, when unchanged) every file into the staging folder, spread over
    /// the cores: at 10,000 cases this is 11,000 files and 400 MB.
    private func land(_ files: [OutputFile], from output: String, in staging: String) throws -> Outcome {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8, files.count))
        let total = Mutex((outcome: Outcome(written: 0, unchanged: 0), error: (any Error)?.none))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var outcome = Outcome(written: 0, unchanged: 0)
            do {
                for file in stride(from: worker, to: files.count, by: workers).lazy.map({ files[$0] }) {
                    let old = output + "/" + file.path
                    if fileSystem.kind(of: old) == .file, (try? fileSystem.read(old)) == file.bytes,
                       (try? fileSystem.linkFile(from: old, to: staging + "/" + file.path)) != nil {
                        outcome.unchanged += 1
                    } else {
                        try fileSystem.writeNew(file.bytes, to: staging + "/" + file.path)
                        outcome.written += 1
                    }
                }
            } catch {
                total.withLock { if $0.error == nil { $0.error = error } }
            }
            total.withLock { $0.outcome.written += outcome.written; $0.outcome.unchanged += outcome.unchanged }
        }
        return try total.withLock { total in
            if let error = total.error { throw error }
            return total.outcome
        }
    }

    /// A relative path of plain segments: no `..`, no `.`, no hidden or empty segment.
    static func isConfined(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && !$0.hasPrefix(".") }
    }
}

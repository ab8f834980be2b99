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
    /// thread, before `commit` puts it in the output's place. With `previous` (a folder
    /// beside the output, see `Stage`), the site the last build replaced is kept there
    /// and the next stage starts from it.
    public func stage(_ output: String, previous: String? = nil) throws -> Stage {
        let name = output.split(separator: "/").last.map(String.init) ?? "site"
        let parent = String(output.dropLast(name.count + 1))
        let staging = (parent.isEmpty ? "" : parent) + "/." + name + ".staging"
        try fileSystem.removeItem(staging)  // left over from an interrupted build
        if let previous, fileSystem.kind(of: previous) == .directory, !fileSystem.isSymbolicLink(previous),
           (try? fileSystem.replaceDirectory(staging, with: previous)) != nil {
            return Stage(fileSystem: fileSystem, output: output, staging: staging, previous: previous, reused: true)
        }
        try fileSystem.createDirectory(staging)
        return Stage(fileSystem: fileSystem, output: output, staging: staging, previous: previous, reused: false)
    }

    /// A build being landed: files go into the staging folder as they come; `commit`
    /// swaps it with the output, `abandon` removes it and leaves the output as it was.
    ///
    /// With a `previous` folder, the old site that `commit` swaps out is moved there
    /// instead of removed, and the next stage starts from it (`reused`) instead of from
    /// an empty folder: most of its files are already the output's (hard links to the
    /// same files), so a build that changed a few pages neither links ten thousand
    /// files into new folders nor removes the ten thousand of the old site (0.15 s and
    /// more of a build after one case of 10,000 changed). Whatever the folder holds, the
    /// staged site is exactly the files added and kept: a file is replaced, never
    /// written through (it may be the output's own), and what was not added or kept is
    /// removed before the swap.
    public final class Stage: OutputSink {
        let fileSystem: any FileSystem
        let output: String
        /// The folder the files go to until `commit`: `.site.staging` beside `site`.
        public let staging: String
        /// Where the replaced site is kept for the next stage; nil to remove it.
        let previous: String?
        /// Whether the staging folder started as `previous`, with files in it.
        let reused: Bool
        private struct State {
            var folders: Set<String> = [""]
            /// Each file added or kept (only when `reused`: the others are removed).
            var placed: Set<String> = []
            var outcome = Outcome(written: 0, unchanged: 0)
        }
        private let state = Mutex(State())
        /// Files kept as the stage held them, counted without the lock (`keep`).
        private let keptAsHeld = Atomic<Int>(0)
        /// Whether there is an old output to compare files with: a first build (or one
        /// after the output was removed, as CI does) asks nothing of it for each file.
        private let hasOutput: Bool
        /// What a reused staging folder held when the stage began (`Held.list`); nil
        /// when it could not be listed, and then each file and folder is asked about as
        /// it is placed. Listed in the background from `prepare()`.
        private var held: Listing? { listing.value }
        private let listing: MadeOnce<Listing?>

        /// An entry of the folder a reused stage began as.
        enum Held: Equatable {
            /// A plain file, with its inode number when the listing gave it.
            case file(inode: UInt64?)
            /// A folder itself, not a link to one.
            case folder
            /// A link or anything else: never written through, always replaced.
            case other
        }

        init(fileSystem: any FileSystem, output: String, staging: String, previous: String?, reused: Bool) {
            self.fileSystem = fileSystem
            self.output = output
            self.staging = staging
            self.previous = previous
            self.reused = reused
            hasOutput = fileSystem.kind(of: output) == .directory
            listing = MadeOnce { [staging] in reused ? try? Listing(staging, fileSystem: fileSystem) : nil }
        }

        /// Starts listing what a reused staging folder holds, on a thread of its own: a
        /// build calls it once every case is checked, when one of its cores is free while
        /// the cases are linked and the site model is made on the other (listing ten
        /// thousand folders is 0.05 s that way, and on a build's critical path when done
        /// first, beside the check of each case).
        public func prepare() {
            if reused { listing.start() }
        }

        /// Writes one file, or links the old output's file when its bytes did not change.
        ///
        /// A file a reused stage holds at that path, which is no other file's name (not
        /// the output's), is written over where it lies: removing it and writing a new
        /// one freed its memory and took as much again (a build after one case of 10,000
        /// changed writes 77 MB of whole-site pages over those of two builds before).
        public func add(_ file: OutputFile) throws {
            let held = self.held
            let target = try place(file.path, held: held)
            let there = reused && (held == nil || held?[file.path] != nil)
            let old = output + "/" + file.path
            if hasOutput, fileSystem.hasContents(old, equalTo: file.bytes) {
                if there { try fileSystem.removeItem(target) }
                if (try? fileSystem.linkFile(from: old, to: target)) != nil {
                    state.withLock { $0.outcome.unchanged += 1 }
                    return
                }
            } else if there, case .file? = held?[file.path], (try? fileSystem.overwrite(file.bytes, at: target)) == true {
                state.withLock { $0.outcome.written += 1 }
                return
            } else if there {
                try fileSystem.removeItem(target)
            }
            try fileSystem.writeNew(file.bytes, to: target)
            state.withLock { $0.outcome.written += 1 }
        }

        /// Takes the output's file at `path` into the new site as it is (a hard link, so
        /// its modification time stays): for a page whose inputs did not change.
        /// `existing`: that file's status, when the caller has it.
        public func keep(_ path: String, existing status: FileStatus? = nil) throws {
            // Most often already there, from the stage this one started as: known by its
            // inode from the listing, without a system call for each page (the stage and
            // the output are beside each other, on one file system), and marked as placed
            // without the lock (the rendering threads waited on each other for it).
            let held = self.held
            let index = held?.index(of: path)
            let known = index.flatMap { held?.entries[$0] }
            if let inode = status?.inode, let held, let index, known == .file(inode: inode) {
                guard SiteWriter.isConfined(path) else {
                    throw FileSystemError(path: path, reason: "refusing to write outside the output folder")
                }
                held.mark(index)
                keptAsHeld.add(1, ordering: .relaxed)
                return
            }
            let existing = output + "/" + path
            let target = try place(path, held: held)
            if reused {
                if held == nil || known != nil {
                    if fileSystem.isSameFile(target, existing) {
                        state.withLock { $0.outcome.unchanged += 1 }
                        return
                    }
                    try fileSystem.removeItem(target)
                }
            }
            try fileSystem.linkFile(from: existing, to: target)
            state.withLock { $0.outcome.unchanged += 1 }
        }

        /// Where `path` goes in the staging folder, once it is known to stay inside and
        /// its folder exists.
        /// `held`: the listing (`held`), taken once by the caller.
        private func place(_ path: String, held: Listing?) throws -> String {
            guard SiteWriter.isConfined(path) else {
                throw FileSystemError(path: path, reason: "refusing to write outside the output folder")
            }
            // The folder's name made before the lock, which both rendering threads take
            // for each of 11,000 pages.
            let folder = parentFolder(of: path)
            try state.withLock { state in
                if reused { state.placed.insert(path) }
                try makeFolder(folder, held: held, &state)
            }
            return staging + "/" + path
        }

        /// Makes `folder` (relative) a folder of the staging folder. In a reused stage its
        /// parents are made sure of first, and whatever stands in the way (a file, a link)
        /// is removed: nothing is ever written through a link.
        private func makeFolder(_ folder: String, held: Listing?, _ state: inout State) throws {
            guard !state.folders.contains(folder) else { return }
            if held?[folder] == .folder {
                // A folder itself when the stage began, and so were those it is in.
                var known = folder
                while !known.isEmpty, state.folders.insert(known).inserted { known = parentFolder(of: known) }
                return
            }
            let full = staging + "/" + folder
            if reused {
                try makeFolder(parentFolder(of: folder), held: held, &state)
                if !fileSystem.isFolderItself(full) {
                    try fileSystem.removeItem(full)
                    try fileSystem.createDirectory(full)
                }
            } else {
                try fileSystem.createDirectory(full)
            }
            state.folders.insert(folder)
        }

        /// Puts the staged site in the output's place; the old site goes to `previous`
        /// when there is one, else it is removed.
        public func commit() throws -> Outcome {
            do {
                if reused { try removeLeftovers() }
                try fileSystem.replaceDirectory(output, with: staging)
            } catch {
                // Not given back to `previous`: what failed may be in that folder.
                try? fileSystem.removeItem(staging)
                throw error
            }
            if let previous, fileSystem.kind(of: staging) == .directory {
                try? fileSystem.removeItem(previous)
                try? fileSystem.createDirectory(parentFolder(of: previous))
                if (try? fileSystem.replaceDirectory(previous, with: staging)) != nil { return outcome }
            }
            try fileSystem.removeItem(staging)
            return outcome
        }

        private var outcome: Outcome {
            var outcome = state.withLock { $0.outcome }
            outcome.unchanged += keptAsHeld.load(ordering: .relaxed)
            return outcome
        }

        /// Removes what the folder the stage started as held besides the files added and
        /// kept, and the folders none of them is in: a level of folders at a time, each
        /// level's folders listed side by side (a site of 10,000 cases has as many).
        private func removeLeftovers() throws {
            let (placed, placedFolders) = state.withLock { ($0.placed, $0.folders) }
            if let held {
                // What the folder held is known: what goes is removed without listing it
                // again, a folder with everything in it. Only what lies in a folder of
                // the site is looked at: anything in another folder goes with it, or went
                // when a file of the site took that folder's place. The folders of the
                // files kept as held are the site's too. By the listing's numbers, not
                // paths: 22,000 entries at 10,000 cases, looked at once the pages are
                // all written, when nothing else is left to do.
                var inSite = [Bool](repeating: false, count: held.entries.count)
                func enter(_ index: Int) {
                    var index = index
                    while index >= 0, !inSite[index] {
                        inSite[index] = true
                        index = held.parents[index]
                    }
                }
                for index in held.entries.indices where held.isMarked(index) { enter(held.parents[index]) }
                for folder in placedFolders { if let index = held.index(of: folder) { enter(index) } }
                var isPlaced = held.entries.indices.map(held.isMarked)
                for path in placed { if let index = held.index(of: path) { isPlaced[index] = true } }
                let goes = held.paths.indices.filter { index in
                    let parent = held.parents[index]
                    return !isPlaced[index] && !inSite[index] && (parent < 0 || inSite[parent])
                }.map { held.paths[$0] }
                _ = try parallelMap(goes) { try fileSystem.removeItem(staging + "/" + $0) }
                return
            }
            /// Removes what goes from one folder; gives its folders that stay.
            let folders = placedFolders
            @Sendable func sweep(_ relative: String) throws -> [String] {
                let here = relative.isEmpty ? staging : staging + "/" + relative
                var inner: [String] = []
                for entry in try fileSystem.entries(of: here) {
                    let path = relative.isEmpty ? entry.name : relative + "/" + entry.name
                    let full = here + "/" + entry.name
                    // A link is none of the site's files or folders: it goes.
                    let kind = entry.kind ?? (fileSystem.isSymbolicLink(full) ? nil : fileSystem.kind(of: full))
                    if kind == .directory, folders.contains(path) {
                        inner.append(path)
                    } else if kind != .file || !placed.contains(path) {
                        try fileSystem.removeItem(full)
                    }
                }
                return inner
            }
            var level = [""]
            while !level.isEmpty {
                level = try parallelMap(level, sweep).flatMap { $0 }
            }
        }

        /// Removes the staging folder, or gives it back to `previous` when it was that;
        /// the output stays as it was.
        public func abandon() {
            if reused, let previous, fileSystem.kind(of: previous) == nil,
               (try? fileSystem.replaceDirectory(previous, with: staging)) != nil {
                return
            }
            try? fileSystem.removeItem(staging)
        }
    }

    /// A relative path of plain segments: no `..`, no `.`, no hidden or empty segment.
    /// Over the bytes, without splitting: asked of each of a build's 11,000 files.
    static func isConfined(_ path: String) -> Bool {
        var atSegmentStart = true
        for byte in path.utf8 {
            if atSegmentStart, byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".") { return false }
            atSegmentStart = byte == UInt8(ascii: "/")
        }
        return !atSegmentStart
    }
}

extension SiteWriter.Stage {
    /// What the folder a reused stage began as held, by relative path, with a mark for
    /// each entry the new site takes as it is (`keep`): set without a lock by the one
    /// thread that places that path (a site places each of its paths once), read once
    /// every file is placed.
    final class Listing: @unchecked Sendable {
        let paths: [String]
        let entries: [Held]
        /// The number of the folder each entry is in, -1 for the stage's own.
        let parents: [Int]
        private let indexes: [String: Int]
        private let marks: UnsafeMutableBufferPointer<Bool>

        /// Everything in the folder at `root` (an absolute path), links not followed
        /// (`FileSystem.tree(of:)`).
        convenience init(_ root: String, fileSystem: any FileSystem) throws {
            self.init(try Held.list(root, fileSystem: fileSystem))
        }

        init(_ listed: [(path: String, held: Held, parent: Int)]) {
            paths = listed.map(\.path)
            entries = listed.map(\.held)
            parents = listed.map(\.parent)
            indexes = Dictionary(listed.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
            marks = .allocate(capacity: listed.count)
            marks.initialize(repeating: false)
        }

        deinit { marks.deallocate() }

        func index(of path: String) -> Int? { indexes[path] }

        subscript(path: String) -> Held? { indexes[path].map { entries[$0] } }

        func mark(_ index: Int) { marks[index] = true }

        func isMarked(_ index: Int) -> Bool { marks[index] }
    }
}

extension SiteWriter.Stage.Held {
    /// Everything in the folder at `root` (an absolute path), with its path relative to
    /// it and the number of the folder it is in (-1 for `root`). Links are not followed.
    static func list(_ root: String, fileSystem: any FileSystem) throws -> [(path: String, held: Self, parent: Int)] {
        try fileSystem.tree(of: root).map { entry in
            let held: Self = switch entry.kind {
            case .file: .file(inode: entry.inode)
            case .directory: .folder
            case nil: .other
            }
            return (entry.path, held, entry.parent)
        }
    }
}

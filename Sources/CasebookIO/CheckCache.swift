public import CasebookCore

/// Each case file's check outcome from the last run (`SiteChecker.CaseOutcome`,
/// archived), so that a build, a check or a preview re-parses and re-validates only the
/// case files that changed. An outcome holds while its file's fingerprint is the same and
/// so is everything checking a case reads besides (`context`: the tool, site.yml,
/// schema.yml, enterprises.yml and the registries). Kept in `.casebook-cache/` beside the
/// output (build) or the content folder (check, serve); a missing, stale or damaged file
/// only means checking every case again.
///
/// A run that changed a few outcomes adds them at the end of the file rather than writing
/// all of them again (11 MB at 10,000 cases, for one case edited): the last one of each
/// path holds. The file is written whole again once a quarter of what it holds is
/// outcomes replaced since.
public struct CheckCache: Sendable {
    public let fileSystem: any FileSystem
    public let path: String

    /// The outcomes of one build: each case file's, by its path in the content folder,
    /// with the fingerprint of the file it was made from.
    public struct Outcomes: Sendable {
        public var context: String
        public var entries: [String: Entry]
        /// How many entries the file these were read from holds besides these: outcomes
        /// of the same paths replaced by ones added after them.
        public var replaced = 0

        public struct Entry: Sendable {
            public var print: String
            /// `CaseOutcome.archive(into:)`.
            public var archive: ArraySlice<UInt8>
            /// The file's stamp when it was read, when one had settled: a file that still
            /// has it is not read again (`SiteLoader.load(content:known:)`).
            public var stamp: FileStamp?

            public init(print: String, archive: ArraySlice<UInt8>, stamp: FileStamp?) {
                self.print = print
                self.archive = archive
                self.stamp = stamp
            }
        }

        /// What a loader is told of the case files (`SiteLoader.load(content:known:)`):
        /// the stamps `earlier` keeps, looked up once a file is stamped (the outcomes are
        /// read meanwhile, `Loading`); none known when there are no outcomes yet but these
        /// are to be kept (so that every file is stamped for the next run); nil when no
        /// outcomes are kept at all (no file is stamped).
        public static func known(from earlier: Loading?, keeping: Bool) -> (@Sendable (_ relativePath: String) -> FileStamp?)? {
            guard let earlier else { return keeping ? { @Sendable _ in nil } : nil }
            return { relativePath in earlier.outcomes?.entries[relativePath]?.stamp }
        }

        public init(context: String, entries: [String: Entry] = [:]) {
            self.context = context
            self.entries = entries
        }

        /// Whether these outcomes, of which `checked` were checked anew and the others
        /// taken from `earlier`, are not simply `earlier`'s (a file was checked, one went
        /// away, or one has another stamp).
        public func differ(from earlier: Outcomes?, checked: Int) -> Bool {
            guard checked == 0, let earlier, entries.count == earlier.entries.count else { return true }
            return entries.contains { earlier.entries[$0.key]?.stamp != $0.value.stamp }
        }

        /// The entries that are not `earlier`'s (another fingerprint or stamp, or a path it
        /// has not); nil when `earlier` has a path these have not, or another context.
        func changes(since earlier: Outcomes) -> [(path: String, entry: Entry)]? {
            guard context == earlier.context, earlier.entries.keys.allSatisfy({ entries[$0] != nil }) else { return nil }
            return entries.filter { path, entry in
                guard let old = earlier.entries[path] else { return true }
                return old.print != entry.print || old.stamp != entry.stamp
            }.map { ($0.key, $0.value) }.sorted { $0.path < $1.path }
        }

        /// The entries of `cases`, in the same order.
        init(context: String, cases: [ContentFile], entries: [Entry]) {
            self.init(context: context, entries: Dictionary(uniqueKeysWithValues: zip(cases.map(\.relativePath), entries)))
        }

        /// The outcome kept for `file` when it was made from the same file under the
        /// same context; nil otherwise, or when it cannot be read back.
        public func outcome(of file: ContentFile, print: String, context: String) -> SiteChecker.CaseOutcome? {
            guard context == self.context, let entry = entries[file.relativePath], entry.print == print else { return nil }
            var reader = ArchiveReader(entry.archive)
            guard let outcome = try? SiteChecker.CaseOutcome(file: file, from: &reader), reader.isAtEnd else { return nil }
            return outcome
        }
    }

    /// The fingerprints an outcome is kept under.
    public struct Prints: Sendable {
        /// Each case file's (its path and bytes), by its path in the content folder.
        public var cases: [String: String]
        /// What checking a case reads besides its file: the tool, site.yml, schema.yml,
        /// enterprises.yml and the registries; and the content folder as diagnostics show
        /// it (it depends on the working folder), which a file loaded unread takes its
        /// fingerprint from the cache without.
        public var context: String

        /// The fingerprints of `sources` checked by `tool` (its version and build); that
        /// of a file loaded unread is the one `earlier` keeps for it (it was loaded unread
        /// for having the stamp kept there).
        public init(_ sources: SiteSources, tool: String, earlier: Outcomes? = nil) {
            self.context = Self.context(of: sources, tool: tool)
            // Side by side: every case file's bytes, 25 MB at 10,000 cases.
            let prints: [String] = (try? parallelMap(sources.cases) { (file: ContentFile) -> String in
                if file.file.isDeferred, let entry = earlier?.entries[file.relativePath], entry.stamp == file.stamp {
                    return entry.print
                }
                return Self.print(of: file.file)
            }) ?? []
            cases = Dictionary(uniqueKeysWithValues: zip(sources.cases.map(\.relativePath), prints))
        }

        /// What checking a case of `sources` reads besides its file, fingerprinted (`context`).
        static func context(of sources: SiteSources, tool: String) -> String {
            var context = Fingerprint()
            context.add(tool)
            context.add(sources.contentPath)
            let configuration = [sources.siteConfig, sources.schema, sources.enterprises].compactMap { $0 }
                + sources.otherFiles.keys.sorted().map { sources.otherFiles[$0]! }
            for file in configuration { context.add(file.path, file.bytes) }
            return context.hex
        }

        /// A case file's fingerprint: its path and bytes.
        static func print(of file: SourceFile) -> String {
            var print = Fingerprint()
            print.add(file.path, file.bytes)
            return print.hex
        }
    }

    static let header = "casebook case outcomes 3"

    /// The outcomes `casebook build` keeps for the output folder `output` (an absolute
    /// path): `.casebook-cache/<output name>.cases` beside it.
    public init(fileSystem: any FileSystem, output: String) {
        self.fileSystem = fileSystem
        self.path = BuildCache.file(output, suffix: ".cases")
    }

    /// The outcomes `casebook check` and `serve` keep for the content folder `content`
    /// (an absolute path): `.casebook-cache/<content folder name>.cases` beside it.
    public init(fileSystem: any FileSystem, content: String) {
        self.fileSystem = fileSystem
        self.path = BuildCache.file(content, suffix: ".cases")
    }

    /// The outcomes of `load()`, read on a thread of their own from the moment this is
    /// made: a build lists and stamps the case files meanwhile, and waits for them only
    /// where it needs them (reading 11 MB at 10,000 cases was 0.01 s in which one core
    /// waited).
    public final class Loading: Sendable {
        private let made: MadeOnce<Outcomes?>
        /// Whether there are outcomes to read (the cache's file is there): when there are
        /// not, every case is to be checked.
        public let found: Bool

        public init(_ cache: CheckCache) {
            found = cache.fileSystem.kind(of: cache.path) == .file
            made = MadeOnce { cache.load() }
            made.start()
        }

        /// The outcomes, once read.
        public var outcomes: Outcomes? { made.value }
    }

    public func load() -> Outcomes? {
        guard let bytes = try? fileSystem.read(path) else { return nil }
        var reader = ArchiveReader(bytes)
        do throws(ArchiveError) {
            guard try reader.read(String.self) == Self.header else { return nil }
            var outcomes = Outcomes(context: try reader.read())
            // The whole set, then each set of changes added since, in order.
            var read = 0
            repeat {
                let count: Int = try reader.read()
                outcomes.entries.reserveCapacity(max(0, count))
                for _ in 0..<count {
                    let relativePath: String = try reader.read()
                    outcomes.entries[relativePath] = Outcomes.Entry(print: try reader.read(), archive: try reader.readBytes(),
                                                                    stamp: try reader.read())
                }
                read += count
            } while !reader.isAtEnd
            outcomes.replaced = read - outcomes.entries.count
            return outcomes
        } catch {
            return nil
        }
    }

    /// Keeps `outcomes` for the next run unless they are what `earlier` held already.
    /// A cache that cannot be written only costs the next run its shortcut.
    public func keep(_ outcomes: Outcomes, checked: Int, earlier: Outcomes?) {
        guard outcomes.differ(from: earlier, checked: checked) else { return }
        update(outcomes, earlier: earlier)
    }

    /// Keeps `outcomes`, which differ from `earlier` (read from this cache), for the next
    /// run: the changes added at the end of the file while they are few, else every
    /// outcome written anew.
    public func update(_ outcomes: Outcomes, earlier: Outcomes?) {
        if let earlier, let changes = outcomes.changes(since: earlier),
           earlier.replaced + changes.count <= outcomes.entries.count / 4,
           (try? add(changes)) != nil {
            return
        }
        try? save(outcomes)
    }

    /// Adds the entries at the end of the file, after those they replace.
    func add(_ changes: [(path: String, entry: Outcomes.Entry)]) throws {
        var writer = ArchiveWriter()
        write(changes, into: &writer)
        try fileSystem.append(writer.bytes, to: path)
    }

    private func write(_ entries: [(path: String, entry: Outcomes.Entry)], into writer: inout ArchiveWriter) {
        writer.write(entries.count)
        for (relativePath, entry) in entries {
            writer.write(relativePath)
            writer.write(entry.print)
            writer.write(bytes: entry.archive)
            writer.write(entry.stamp)
        }
    }

    public func save(_ outcomes: Outcomes) throws {
        var writer = ArchiveWriter()
        // Room for it all at once: grown as it was written, the 11 MB of 10,000 cases
        // were copied over and over into fresh memory.
        writer.reserve(outcomes.entries.values.reduce(0) { $0 + $1.archive.count + $1.print.utf8.count + 128 } + 1024)
        writer.write(Self.header)
        writer.write(outcomes.context)
        write(outcomes.entries.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, into: &writer)
        try fileSystem.createDirectory(parentFolder(of: path))
        try fileSystem.write(writer.bytes, to: path)
    }
}

extension CheckCache {
    /// One case file's outcome: the one `earlier` keeps for that very file under the
    /// same context, or else a new check of it; with its archived entry for the next run.
    static func outcome(of file: ContentFile, checker: SiteChecker, context: @autoclosure () -> SiteChecker.Context, prints: Prints,
                        earlier: Outcomes?) -> (outcome: SiteChecker.CaseOutcome, entry: Outcomes.Entry, checked: Bool) {
        let print = prints.cases[file.relativePath] ?? ""
        if let earlier, let outcome = earlier.outcome(of: file, print: print, context: prints.context) {
            // A file loaded unread whose diagnostics are to be shown is read here, side by
            // side with the other cases, not when the check gathers the caret lines' texts
            // on one thread (a thousand files at 10,000 cases).
            if file.file.isDeferred, !outcome.diagnostics.isEmpty { _ = file.file.bytes }
            var entry = earlier.entries[file.relativePath]!
            entry.stamp = file.stamp
            return (outcome, entry, false)
        }
        let outcome = checker.checkCase(file, in: context())
        var writer = ArchiveWriter()
        outcome.archive(into: &writer)
        return (outcome, Outcomes.Entry(print: print, archive: writer.bytes[...], stamp: file.stamp), true)
    }
}

extension SiteCheck {
    /// The check, taking each case file's outcome from `earlier` when it holds one for
    /// that very file under the same context; also gives every outcome, archived, for
    /// the next run, and how many case files were checked.
    public func run(_ sources: SiteSources, prints: CheckCache.Prints, earlier: CheckCache.Outcomes?, linking: () -> Void = {}) async
        -> (result: CheckResult, outcomes: CheckCache.Outcomes, checked: Int) {
        let (result, extras) = await run(sources, linking: linking) { file, checker, context in
            // Taken apart, not read field by field: `made.outcome` was a copy of the outcome.
            let (outcome, entry, checked) = CheckCache.outcome(of: file, checker: checker, context: context(), prints: prints, earlier: earlier)
            return (outcome, (entry, checked))
        }
        let kept = CheckCache.Outcomes(context: prints.context, cases: sources.cases, entries: extras.map(\.0))
        return (result, kept, extras.count { $0.1 })
    }
}

public import CasebookCore

/// Each case file's check outcome from the last build (`SiteChecker.CaseOutcome`,
/// archived), so that a build re-parses and re-validates only the case files that
/// changed. An outcome holds while its file's fingerprint is the same and so is
/// everything checking a case reads besides (`context`: the tool, site.yml, schema.yml,
/// enterprises.yml and the registries). Kept beside the build cache, in
/// `.casebook-cache/<output name>.cases`; a missing, stale or damaged file only means
/// checking every case again.
public struct CheckCache: Sendable {
    public let fileSystem: any FileSystem
    public let path: String

    /// The outcomes of one build: each case file's, by its path in the content folder,
    /// with the fingerprint of the file it was made from.
    public struct Outcomes: Sendable {
        public var context: String
        public var entries: [String: Entry]

        public struct Entry: Sendable {
            public var print: String
            /// `CaseOutcome.archive(into:)`.
            public var archive: ArraySlice<UInt8>
        }

        public init(context: String, entries: [String: Entry] = [:]) {
            self.context = context
            self.entries = entries
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

    static let header = "casebook case outcomes 1"

    /// The outcomes kept for the output folder `output` (an absolute path).
    public init(fileSystem: any FileSystem, output: String) {
        self.fileSystem = fileSystem
        self.path = BuildCache.file(output, suffix: ".cases")
    }

    public func load() -> Outcomes? {
        guard let bytes = try? fileSystem.read(path) else { return nil }
        var reader = ArchiveReader(bytes)
        do throws(ArchiveError) {
            guard try reader.read(String.self) == Self.header else { return nil }
            var outcomes = Outcomes(context: try reader.read())
            let count: Int = try reader.read()
            outcomes.entries.reserveCapacity(max(0, count))
            for _ in 0..<count {
                let relativePath: String = try reader.read()
                outcomes.entries[relativePath] = Outcomes.Entry(print: try reader.read(), archive: try reader.readBytes())
            }
            return reader.isAtEnd ? outcomes : nil
        } catch {
            return nil
        }
    }

    public func save(_ outcomes: Outcomes) throws {
        var writer = ArchiveWriter()
        writer.write(Self.header)
        writer.write(outcomes.context)
        writer.write(outcomes.entries.count)
        for relativePath in outcomes.entries.keys.sorted() {
            let entry = outcomes.entries[relativePath]!
            writer.write(relativePath)
            writer.write(entry.print)
            writer.write(bytes: entry.archive)
        }
        try fileSystem.createDirectory(String(path[..<path.lastIndex(of: "/")!]))
        try fileSystem.write(writer.bytes, to: path)
    }
}

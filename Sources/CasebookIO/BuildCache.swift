public import CasebookCore

/// Remembers the last build of an output folder (SPEC §6 leaves the output as it was
/// when nothing changed): a fingerprint of everything the pages are made from, and the
/// size of every file written, each page's inputs, and the diagnostics. When a build
/// finds the same fingerprint and the output still holds those files, it reports the
/// same diagnostics (the same inputs and tool give the same ones, so they are as fresh as
/// a new check) and renders and writes nothing; otherwise it renders only the pages whose
/// inputs changed. The cache lives beside the output, in `.casebook-cache/`; removing it
/// changes nothing but the time the next build takes.
public struct BuildCache: Sendable {
    public let fileSystem: any FileSystem
    /// The cache file: `<parent of output>/.casebook-cache/<output name>.build`.
    public let path: String
    /// Where the site a build replaced is kept for the next build to start from
    /// (`SiteWriter.Stage`): `<parent of output>/.casebook-cache/<output name>.previous/`.
    public let previousSite: String
    /// What the last build's cards, table rows and digests wrote (`KeptRenderings`), for
    /// the next build to copy: `<parent of output>/.casebook-cache/<output name>.renderings`.
    public let renderings: String

    public struct Record: Sendable, Equatable {
        public var fingerprint: String
        public var pageCount: Int
        public var caseCount: Int
        /// Each file of the output by path, with its size.
        public var files: [String: Int]
        /// Each page's fingerprint of its inputs, by path.
        public var pages: [String: String]?
        /// What the check of these inputs found.
        public var diagnostics: [Diagnostic]?
        /// Each case's related cases.
        public var related: RelatedCases?

        public init(fingerprint: String, pageCount: Int, caseCount: Int, files: [String: Int], pages: [String: String]? = nil,
                    diagnostics: [Diagnostic]? = nil, related: RelatedCases? = nil) {
            self.fingerprint = fingerprint
            self.pageCount = pageCount
            self.caseCount = caseCount
            self.files = files
            self.pages = pages
            self.diagnostics = diagnostics
            self.related = related
        }
    }

    /// The cache of the output folder `output` (an absolute path).
    public init(fileSystem: any FileSystem, output: String) {
        self.fileSystem = fileSystem
        self.path = Self.file(output, suffix: ".build")
        self.previousSite = Self.file(output, suffix: ".previous")
        self.renderings = Self.file(output, suffix: ".renderings")
    }

    /// `<parent of output>/.casebook-cache/<output name><suffix>`.
    static func file(_ output: String, suffix: String) -> String {
        let name = output.split(separator: "/").last.map(String.init) ?? "site"
        let parent = String(output.dropLast(name.count + 1))
        return parent + "/.casebook-cache/" + name + suffix
    }

    static let header = "casebook build 2"

    public func load() -> Record? {
        guard let bytes = try? fileSystem.read(path) else { return nil }
        var reader = ArchiveReader(bytes)
        guard (try? reader.read(String.self)) == Self.header, let record = try? reader.read(Record.self), reader.isAtEnd else {
            return nil
        }
        return record
    }

    /// The bytes of `record` that `save(encoded:)` writes, made apart from the saving so
    /// that a build makes them while its site is swapped in.
    public static func encoded(_ record: Record) -> [UInt8] {
        var writer = ArchiveWriter()
        writer.write(Self.header)
        writer.write(record)
        return writer.bytes
    }

    public func save(encoded bytes: [UInt8]) throws {
        try fileSystem.createDirectory(parentFolder(of: path))
        try fileSystem.write(bytes, to: path)
    }

    /// Forgets the last build: a build without the cache replaced the output, which the
    /// record and the renderings no longer describe (a site of the same sizes would pass
    /// for the one they remember).
    public func forget() {
        try? fileSystem.removeItem(path)
        try? fileSystem.removeItem(renderings)
    }

    /// The renderings the last build kept; nil when there are none to read.
    public func loadRenderings() -> [UInt8]? {
        try? fileSystem.read(renderings)
    }

    public func saveRenderings(_ bytes: [UInt8]) throws {
        try fileSystem.createDirectory(parentFolder(of: renderings))
        try fileSystem.write(bytes, to: renderings)
    }

    /// The status of the file at `path` in `output` when the last build made it from the
    /// same inputs and the output still holds it as it was written (its size).
    public func reusable(_ path: String, inputs: String, in record: Record, output: String) -> FileStatus? {
        guard record.pages?[path] == inputs, let size = record.files[path],
              let status = fileSystem.status(of: output + "/" + path), status.size == size else { return nil }
        return status
    }

    /// The record of the last build, read on a thread of its own from the moment this is
    /// made: a build lists and stamps the case files meanwhile, and waits for it only
    /// where it needs it (decoding the 1.5 MB record of 10,000 cases was 0.007 s before
    /// the first case file was listed).
    public final class Loading: Sendable {
        private let cache: BuildCache
        private let made: MadeOnce<Held?>

        /// The record in an object, so that each page asking about it (`reusable`)
        /// reads it in place: a copy of the record was a retain of each of its tables.
        private final class Held: Sendable {
            let record: Record
            init(_ record: Record) { self.record = record }
        }

        public init(_ cache: BuildCache) {
            self.cache = cache
            made = MadeOnce { cache.load().map(Held.init) }
            made.start()
        }

        /// The record, once read; nil when there is none to read.
        public var record: Record? { made.value?.record }

        /// `BuildCache.reusable` with the record read; nil when there is none.
        public func reusable(_ path: String, inputs: String, output: String) -> FileStatus? {
            guard let held = made.value else { return nil }
            return cache.reusable(path, inputs: inputs, in: held.record, output: output)
        }
    }

    /// Whether `output` still holds every file of the record, each of the same size.
    public func isIntact(_ record: Record, output: String) -> Bool {
        record.files.allSatisfy { fileSystem.size(of: output + "/" + $0.key) == $0.value }
    }
}

/// In the compact form of `Archivable`: a build of 10,000 cases reads and writes the
/// record of 11,000 files.
extension BuildCache.Record: Archivable {
    /// As each dictionary archives itself (its entries by key), but with the paths sorted
    /// once for both: the pages' are among the files', and sorting 11,000 paths twice
    /// took 0.01 s at the end of every build.
    public func archive(into writer: inout ArchiveWriter) {
        writer.write(fingerprint)
        writer.write(pageCount)
        writer.write(caseCount)
        let paths = files.keys.sorted()
        writer.write(files.count)
        for path in paths {
            writer.write(path)
            writer.write(files[path]!)
        }
        if let pages, pages.keys.allSatisfy({ files[$0] != nil }) {
            writer.write(true)
            writer.write(pages.count)
            for path in paths {
                guard let inputs = pages[path] else { continue }
                writer.write(path)
                writer.write(inputs)
            }
        } else {
            writer.write(pages)
        }
        writer.write(diagnostics)
        writer.write(related)
    }

    public init(from reader: inout ArchiveReader) throws(ArchiveError) {
        self.init(fingerprint: try reader.read(), pageCount: try reader.read(), caseCount: try reader.read(), files: try reader.read(),
                  pages: try reader.read(), diagnostics: try reader.read(), related: try reader.read())
    }
}

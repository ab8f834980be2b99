public import CasebookCore
public import CasebookIO
import Synchronization

/// The state `serve` shares between its watcher and its requests: the live site, the
/// last good renderer, the current diagnostics, and the pages that listen for rebuilds.
public actor PreviewSite {
    private var live: LiveSite
    private let baseURL: String
    public private(set) var snapshot: Snapshot
    private var listeners: [Int: AsyncStream<String>.Continuation] = [:]
    private var nextListener = 0

    /// One state of the site, immutable: requests render from it without waiting on the
    /// actor. Pages are rendered on request and kept until the next rebuild.
    public struct Snapshot: Sendable {
        public let version: Int
        /// The last build without errors; nil while there has been none.
        public let renderer: SiteRenderer?
        let jobs: [String: SiteRenderer.Job]
        let cache: PageCache
        /// The diagnostics of the latest rebuild, and the overlay when they hold errors.
        public let diagnostics: [Diagnostic]
        let overlay: String?

        /// The bytes of a site file, rendered once per snapshot.
        func file(_ path: String) -> [UInt8]? {
            guard let renderer, let job = jobs[path] else { return nil }
            if let bytes = cache.get(path) { return bytes }
            let bytes = renderer.render(job).bytes
            cache.set(path, bytes)
            return bytes
        }
    }

    public init(live: LiveSite, baseURL: String) {
        self.live = live
        self.baseURL = baseURL
        self.snapshot = Self.snapshot(of: live, version: 0, previous: nil, baseURL: baseURL)
    }

    public var contentRoot: String { live.contentRoot }
    public var fileSystem: any FileSystem { live.fileSystem }
    public var result: CheckResult { live.result }

    /// Applies a batch of changed files and tells the listening pages.
    public func apply(_ changed: Set<String>) throws -> LiveSite.Change {
        let change = try live.apply(changed)
        guard change != .nothing else { return change }
        snapshot = Self.snapshot(of: live, version: snapshot.version + 1, previous: snapshot, baseURL: baseURL)
        let event = change == .styles && snapshot.overlay == nil ? "styles" : "reload"
        for listener in listeners.values { listener.yield("event: \(event)\ndata: \(snapshot.version)\n\n") }
        return change
    }

    /// Server-sent events for one page: a reload (or a style swap) per rebuild, and a
    /// comment every 15 s so that proxies keep the connection open.
    public func events() -> AsyncStream<String> {
        let id = nextListener
        nextListener += 1
        let (stream, continuation) = AsyncStream<String>.makeStream()
        continuation.yield(": connected to casebook serve\n\n")
        listeners[id] = continuation
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(15))
                continuation.yield(": ping\n\n")
            }
        }
        continuation.onTermination = { [weak self] _ in
            heartbeat.cancel()
            Task { await self?.removeListener(id) }
        }
        return stream
    }

    private func removeListener(_ id: Int) {
        listeners[id] = nil
    }

    /// Ends every event stream, so the server can stop.
    public func closeListeners() {
        for listener in listeners.values { listener.finish() }
        listeners = [:]
    }

    static func snapshot(of live: LiveSite, version: Int, previous: Snapshot?, baseURL: String) -> Snapshot {
        let diagnostics = live.result.diagnostics
        guard diagnostics.errorCount == 0, let theme = live.theme else {
            return Snapshot(version: version, renderer: previous?.renderer, jobs: previous?.jobs ?? [:], cache: previous?.cache ?? PageCache(),
                            diagnostics: diagnostics, overlay: Overlay.html(diagnostics, sourceTexts: live.result.sourceTexts))
        }
        // The whole-site pages the last snapshot served are copied from, item by item, as
        // an incremental build copies from the last build's pages.
        var rendered: (@Sendable (String) -> [UInt8]?)?
        if let cache = previous?.cache { rendered = { cache.get($0) } }
        let renderer = live.renderer(theme: theme, after: previous?.renderer, rendered: rendered, baseURL: baseURL)
        // An edit in place keeps every page where it was.
        let jobs = !live.editedInPlace.isEmpty && previous?.overlay == nil && previous?.renderer != nil
            ? previous!.jobs
            : Dictionary(renderer.jobs.map { (renderer.path(of: $0), $0) }, uniquingKeysWith: { a, _ in a })
        return Snapshot(version: version, renderer: renderer, jobs: jobs, cache: PageCache(), diagnostics: diagnostics, overlay: nil)
    }
}

/// Rendered pages of one snapshot, shared by concurrent requests.
final class PageCache: Sendable {
    private let pages = Mutex<[String: [UInt8]]>([:])
    func get(_ path: String) -> [UInt8]? { pages.withLock { $0[path] } }
    func set(_ path: String, _ bytes: [UInt8]) { pages.withLock { $0[path] = bytes } }
}

public import CasebookCore
public import CasebookIO
import Foundation
import Hummingbird
import Logging

/// `casebook serve`: builds the site in memory (never into site/), serves it, watches the
/// content and templates, rebuilds what changed and tells open pages to reload.
public struct PreviewServer: Sendable {
    public var content: String
    public var templates: String?
    public var host: String
    public var port: Int
    public var fileSystem: any FileSystem
    /// Told about the first build and every rebuild: the files that changed (empty for
    /// the first build), what that changed, the check, and how long it took.
    public var onRebuild: @Sendable (_ changed: Set<String>, LiveSite.Change, CheckResult, Duration) -> Void
    /// Told when the watcher cannot re-read the content (the folder went away, say).
    public var onError: @Sendable (String) -> Void
    public var log: (@Sendable (String) -> Void)?
    public var logAssets: Bool
    /// Poll the files instead of using inotify.
    public var polling: Bool
    /// The casebook binary's identity: when set, the first build takes the case files'
    /// outcomes that `casebook check` keeps (`LiveSite`).
    public var tool: String?

    public init(content: String, templates: String?, host: String, port: Int, fileSystem: any FileSystem,
                onRebuild: @escaping @Sendable (Set<String>, LiveSite.Change, CheckResult, Duration) -> Void,
                onError: @escaping @Sendable (String) -> Void,
                log: (@Sendable (String) -> Void)?, logAssets: Bool = false, polling: Bool = false, tool: String? = nil) {
        self.content = content
        self.templates = templates
        self.host = host
        self.port = port
        self.fileSystem = fileSystem
        self.onRebuild = onRebuild
        self.onError = onError
        self.log = log
        self.logAssets = logAssets
        self.polling = polling
        self.tool = tool
    }

    /// The address is in use, or cannot be bound.
    public struct BindError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Builds, then serves until cancelled or interrupted (SIGINT, SIGTERM); `onReady`
    /// gets the port the server listens on once it does.
    public func run(onReady: @escaping @Sendable (Int) -> Void) async throws {
        let started = ContinuousClock.now
        let live = try LiveSite(fileSystem: fileSystem, content: content, templates: templates, includeDrafts: true, tool: tool)
        let site = PreviewSite(live: live, baseURL: port == 0 ? "/" : "http://\(host):\(port)/")
        onRebuild([], .site, live.result, ContinuousClock.now - started)
        let responder = PreviewResponder(site: site, contentRoot: live.contentRoot, fileSystem: fileSystem, log: log, logAssets: logAssets)
        var logger = Logger(label: "casebook.serve")
        logger.logLevel = .critical
        let ready = Flag()
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: "casebook", reuseAddress: false),
            onServerRunning: { channel in
                ready.set()
                onReady(channel.localAddress?.port ?? 0)
            },
            logger: logger)
        let roots = [live.contentRoot] + (live.templatesRoot.map { [$0] } ?? [])
        let watcher = FileWatcher(roots: roots, forcePolling: polling)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await batch in watcher.changes() {
                    let start = ContinuousClock.now
                    do {
                        let change = try await site.apply(batch)
                        if change != .nothing { onRebuild(batch, change, await site.result, ContinuousClock.now - start) }
                    } catch {
                        onError("cannot read the changes: \(error)")
                    }
                }
            }
            group.addTask {
                do {
                    try await app.runService()
                } catch where !ready.isSet {
                    throw BindError(description: "cannot listen on \(host):\(port): \(error)")
                }
                await site.closeListeners()
            }
            // The server ends on a signal; then stop watching too.
            try await group.next()
            group.cancelAll()
        }
    }
}

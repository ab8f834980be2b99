import CasebookCore
public import CasebookIO
import Foundation
public import Hummingbird
import ServiceLifecycle

/// Answers the preview's requests from the current snapshot: site files with their
/// content types, `index.html` for folders, the site's 404 page, the event stream, and
/// on every HTML page the reload script and, while there are errors, the overlay.
public struct PreviewResponder: HTTPResponder {
    public typealias Context = BasicRequestContext

    let site: PreviewSite
    let contentRoot: String
    let fileSystem: any FileSystem
    /// Where request log lines go (nil: no log); assets are logged only with `logAssets`.
    let log: (@Sendable (String) -> Void)?
    let logAssets: Bool

    public init(site: PreviewSite, contentRoot: String, fileSystem: any FileSystem,
                log: (@Sendable (String) -> Void)? = nil, logAssets: Bool = false) {
        self.site = site
        self.contentRoot = contentRoot
        self.fileSystem = fileSystem
        self.log = log
        self.logAssets = logAssets
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let response = await answer(request)
        if let log {
            let isPage = response.headers[.contentType]?.hasPrefix("text/html") == true
            if isPage || logAssets || response.status.code >= 400 {
                let ms = (ContinuousClock.now - started).inSeconds * 1000
                log("\(request.method) \(request.uri.path) \(response.status.code) \(NumberFormat.grouped(ms, decimals: 1, keepDecimals: true)) ms")
            }
        }
        return response
    }

    func answer(_ request: Request) async -> Response {
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        let path = request.uri.path
        if path == Overlay.eventsPath { return await events() }
        if path == "/__casebook/status" { return await status(request) }
        let snapshot = await site.snapshot
        guard let file = SitePath.resolve(path) else { return notFound(snapshot, request) }
        if let bytes = snapshot.file(file) ?? media(file) {
            return send(bytes, type: SitePath.contentType(of: file), status: .ok, snapshot: snapshot, request: request)
        }
        if !path.hasSuffix("/"), snapshot.jobs[file + "/index.html"] != nil {
            return Response(status: .movedPermanently, headers: [.location: path + "/"])
        }
        if snapshot.renderer == nil, file.hasSuffix(".html") {
            return send([], type: "text/html; charset=utf-8", status: .internalServerError, snapshot: snapshot, request: request)
        }
        return notFound(snapshot, request)
    }

    /// A file under media/, read from the content folder as it is now.
    func media(_ file: String) -> [UInt8]? {
        guard file.hasPrefix("media/") else { return nil }
        return (try? SiteLoader(fileSystem: fileSystem).loadFile(content: contentRoot, relative: file))?.bytes
    }

    func notFound(_ snapshot: PreviewSite.Snapshot, _ request: Request) -> Response {
        let page = snapshot.file(Route.notFound) ?? Array("<!DOCTYPE html><title>Not found</title><h1>Not found</h1>".utf8)
        return send(page, type: "text/html; charset=utf-8", status: .notFound, snapshot: snapshot, request: request)
    }

    func send(_ bytes: [UInt8], type: String, status: HTTPResponse.Status, snapshot: PreviewSite.Snapshot, request: Request) -> Response {
        var body = bytes
        if type.hasPrefix("text/html") {
            let html = bytes.isEmpty
                ? Array("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body></body></html>".utf8)
                : bytes
            body = Overlay.inject((snapshot.overlay ?? "") + Overlay.script, into: html)
        }
        let headers: HTTPFields = [.contentType: type, .contentLength: String(body.count), .cacheControl: "no-store"]
        guard request.method != .head else { return Response(status: status, headers: headers, body: ResponseBody()) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    func events() async -> Response {
        let stream = await site.events()
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                // Ends when the server shuts down, so an open page never holds up Ctrl-C.
                for await event in stream.cancelOnGracefulShutdown() { try await writer.write(ByteBuffer(string: event)) }
                try await writer.finish(nil)
            })
    }

    /// `{"version": N, "errors": E, "warnings": W}`: for scripts and tests that wait for a rebuild.
    func status(_ request: Request) async -> Response {
        let snapshot = await site.snapshot
        let json = "{\"version\": \(snapshot.version), \"errors\": \(snapshot.diagnostics.errorCount), \"warnings\": \(snapshot.diagnostics.warningCount)}\n"
        return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
    }
}

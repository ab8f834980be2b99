import CasebookCore
import CasebookIO
@testable import CasebookPreview
import CasebookTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The preview server's routing, in process (Hummingbird's router test client) and once
/// over a real socket.
@Suite struct PreviewResponderTests {
    /// A served copy of the showcase; `folder` is removed by the caller.
    struct Served {
        var folder: String
        var site: PreviewSite
        var app: Application<PreviewResponder>
    }

    func serve() async throws -> Served {
        let folder = try Repository.copyOfShowcase()
        let live = try LiveSite(fileSystem: LocalFileSystem(), content: folder + "/content", templates: nil, includeDrafts: true)
        let site = PreviewSite(live: live, baseURL: "/")
        let responder = PreviewResponder(site: site, contentRoot: live.contentRoot, fileSystem: LocalFileSystem())
        return Served(folder: folder, site: site, app: Application(responder: responder))
    }

    func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test func servesPagesWithTypesAndTheReloadScript() async throws {
        let served = try await serve()
        defer { try? FileManager.default.removeItem(atPath: served.folder) }
        try await served.app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(text(response).contains("Industry–Education Integration Case Showcase"))
                #expect(text(response).contains("new EventSource(\"/__casebook/events\")"))
                #expect(!text(response).contains("casebook-overlay"))
            }
            for (uri, type) in [("/cases/cloud-ops-order-class/", "text/html; charset=utf-8"), ("/assets/site.css", "text/css; charset=utf-8"),
                                ("/assets/site.js", "text/javascript; charset=utf-8"), ("/data/cases.json", "application/json"),
                                ("/data/cases.csv", "text/csv; charset=utf-8"), ("/feed.xml", "application/atom+xml"),
                                ("/sitemap.xml", "application/xml"), ("/media/five-tier-linkage.svg", "image/svg+xml"),
                                ("/sectors/63/index.html", "text/html; charset=utf-8")] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.headers[.contentType] == type, "\(uri)")
                }
            }
            try await client.execute(uri: "/cases/cloud-ops-order-class", method: .get) { response in
                #expect(response.status == .movedPermanently)
                #expect(response.headers[.location] == "/cases/cloud-ops-order-class/")
            }
            try await client.execute(uri: "/", method: .head) { response in
                #expect(response.status == .ok)
                #expect(Int(response.headers[.contentLength] ?? "0") ?? 0 > 1000)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
            }
        }
    }

    @Test(arguments: ["/no/such/page/", "/../content/site.yml", "/%2e%2e/site.yml", "/cases/%2E%2E/%2E%2E/site.yml",
                      "/..%2fsite.yml", "/media/..%2f..%2fsite.yml", "/media/%2e%2e/site.yml", "/.%2e/.%2e/etc/passwd",
                      "/%00", "/media/..\\..\\site.yml", "/cases/.hidden", "/%zz"])
    func missingAndEscapingPathsGetTheSite404(_ uri: String) async throws {
        let served = try await serve()
        defer { try? FileManager.default.removeItem(atPath: served.folder) }
        try await served.app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .notFound)
                #expect(text(response).contains("Page not found"))
                #expect(!text(response).contains("base_url"))
            }
        }
    }

    @Test func errorsShowAsAnOverlayUntilFixed() async throws {
        let served = try await serve()
        defer { try? FileManager.default.removeItem(atPath: served.folder) }
        let path = served.folder + "/content/cases/cloud-ops-order-class.md"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try original.replacingOccurrences(of: "  sector: 63\n", with: "  sector: 10\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try await served.site.apply([path]) == .site)
        try await served.app.test(.router) { client in
            try await client.execute(uri: "/cases/nursing-joint-programme/", method: .get) { response in
                #expect(response.status == .ok)
                let page = text(response)
                #expect(page.contains("id=\"casebook-overlay\""))
                #expect(page.contains("cloud-ops-order-class.md</code>") || page.contains("cloud-ops-order-class.md:14:11"))
                #expect(page.contains("error[CB022]"))
                #expect(page.contains("14 |   sector: 10"))
                #expect(page.contains("hint: industry J has divisions 58–63"))
                // The last good build is still served underneath.
                #expect(page.contains("Harbourside"))
            }
        }
        try original.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try await served.site.apply([path]) == .site)
        try await served.app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(!text(response).contains("casebook-overlay"))
            }
        }
    }

    @Test func draftsAreShownAndMarked() async throws {
        let served = try await serve()
        defer { try? FileManager.default.removeItem(atPath: served.folder) }
        let source = served.folder + "/content/cases/cloud-ops-order-class.md"
        let draft = served.folder + "/content/cases/a-draft.md"
        let text = try String(contentsOfFile: source, encoding: .utf8).replacingOccurrences(of: "tags: [", with: "draft: true\ntags: [")
        try text.write(toFile: draft, atomically: true, encoding: .utf8)
        #expect(try await served.site.apply([draft]) == .site)
        try await served.app.test(.router) { client in
            try await client.execute(uri: "/cases/a-draft/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(self.text(response).contains("Draft: this case is not published."))
            }
        }
        try FileManager.default.removeItem(atPath: draft)
        _ = try await served.site.apply([draft])
        try await served.app.test(.router) { client in
            try await client.execute(uri: "/cases/a-draft/", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func manyConcurrentRequests() async throws {
        let served = try await serve()
        defer { try? FileManager.default.removeItem(atPath: served.folder) }
        try await served.app.test(.router) { client in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for i in 0..<64 {
                    let uri = ["/", "/compare/", "/cases/", "/report/"][i % 4]
                    group.addTask { try await client.execute(uri: uri, method: .get) { $0.status } }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.count == 64)
            #expect(statuses.allSatisfy { $0 == .ok })
        }
    }

    @Test func servesOverARealSocket() async throws {
        let served = try await serve()
        defer { try? FileManager.default.removeItem(atPath: served.folder) }
        try await served.app.test(.live) { client in
            try await client.execute(uri: "/cases/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(text(response).contains("data-case-table"))
            }
        }
    }

    @Test func sitePathsResolveFoldersAndRefuseEscapes() {
        #expect(SitePath.resolve("/") == "index.html")
        #expect(SitePath.resolve("/cases/x/") == "cases/x/index.html")
        #expect(SitePath.resolve("/cases/x/index.html?v=2") == "cases/x/index.html")
        #expect(SitePath.resolve("/media/lab%20plan.svg") == "media/lab plan.svg")
        #expect(SitePath.resolve("/a/../b") == nil)
        #expect(SitePath.resolve("/%2e%2e/b") == nil)
        #expect(SitePath.resolve("relative") == nil)
    }

    /// The reload script and overlay go before the page's last `</body>`, or at its end
    /// when it has none; the rest of the page is kept byte for byte.
    @Test func additionsGoBeforeTheLastClosingBody() {
        func inject(_ addition: String, _ page: String) -> String {
            String(decoding: Overlay.inject(addition, into: Array(page.utf8)), as: UTF8.self)
        }
        #expect(inject("<s>", "<html><body>é</body></html>") == "<html><body>é<s></body></html>")
        #expect(inject("<s>", "<pre></body></pre><body>x</body>\n") == "<pre></body></pre><body>x<s></body>\n")
        #expect(inject("<s>", "no tag, 中文") == "no tag, 中文<s>")
        #expect(inject("<s>", "</body>") == "<s></body>")
        #expect(inject("<s>", "") == "<s>")
        #expect(inject("", "<body></body>") == "<body></body>")
    }
}

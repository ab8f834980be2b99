/// Maps a request path to a file of the site, and refuses every way out of it: `..`,
/// `.`, hidden names, backslashes and NULs, percent-encoded or not.
enum SitePath {
    /// The site-relative file for a URL path (`/cases/x/` → `cases/x/index.html`), or nil
    /// when the path tries to leave the site or is malformed.
    static func resolve(_ urlPath: String) -> String? {
        let raw = urlPath.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard raw.hasPrefix("/"), let decoded = percentDecoded(raw) else { return nil }
        var segments: [Substring] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if segment.hasPrefix(".") || segment.contains("\\") || segment.contains("\0") { return nil }
            segments.append(segment)
        }
        let path = segments.joined(separator: "/")
        if decoded.hasSuffix("/") || path.isEmpty { return path.isEmpty ? "index.html" : path + "/index.html" }
        return path
    }

    /// Strict percent-decoding: nil for a malformed escape or bytes that are not UTF-8.
    static func percentDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard iterator.count >= 2, let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) else { return nil }
            bytes.append(value)
            iterator = iterator.dropFirst(2)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The Content-Type of a site file, by its extension.
    static func contentType(of path: String) -> String {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "csv": return "text/csv; charset=utf-8"
        case "xml": return path.hasSuffix("feed.xml") ? "application/atom+xml" : "application/xml"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "pdf": return "application/pdf"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "woff2": return "font/woff2"
        default: return "application/octet-stream"
        }
    }
}

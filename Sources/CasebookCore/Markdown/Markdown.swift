internal import CCmark

/// The one boundary with libcmark: every call into C is in this file, and no C pointer
/// leaves it. Strings that cmark lends are copied before the tree is freed.
public enum Markdown {
    /// A link or image destination in a body, with the body line of its block.
    public struct Link: Sendable, Hashable {
        public var destination: String
        public var isImage: Bool
        /// 1-based line, counted from the body's first line, of the block holding the link.
        public var blockLine: Int
    }

    /// A heading of a rendered body, for its table of contents.
    public struct Heading: Sendable, Hashable {
        public var level: Int
        public var text: String
        public var id: String
    }

    /// A body rendered to HTML, with its headings.
    public struct Rendered: Sendable, Hashable {
        public var html: String
        public var headings: [Heading]
    }

    /// Every link and image of a CommonMark document, in document order: a body that is
    /// part of its file's text, read where it lies.
    public static func links(in body: Substring) -> [Link] {
        var links: [Link] = []
        withDocument(body, options: CMARK_OPT_SOURCEPOS) { root in
            var blockLine = 1
            walk(root) { node, type in
                let line = Int(cmark_node_get_start_line(node))
                if line > 0, type != CMARK_NODE_LINK, type != CMARK_NODE_IMAGE { blockLine = line }
                guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE else { return }
                links.append(Link(destination: url(of: node), isImage: type == CMARK_NODE_IMAGE,
                                  blockLine: line > 0 ? line : blockLine))
            }
        }
        return links
    }

    /// Renders a body in cmark's safe mode: raw HTML is omitted and `javascript:`,
    /// `vbscript:`, `file:` and non-image `data:` URLs are dropped by cmark itself.
    /// `rewrite` maps a link or image destination to the URL to write (nil keeps it).
    /// Headings get ids, unique within the body, made from their text.
    public static func render(_ body: String, rewrite: (_ destination: String, _ isImage: Bool) -> String?) -> Rendered {
        var headings: [Heading] = []
        var html = ""
        withDocument(body, options: CMARK_OPT_DEFAULT) { root in
            var used: [String: Int] = [:]
            walk(root) { node, type in
                switch type {
                case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                    if let url = rewrite(url(of: node), type == CMARK_NODE_IMAGE) {
                        cmark_node_set_url(node, url)
                    }
                case CMARK_NODE_HEADING:
                    let text = plainText(of: node)
                    var id = slug(text)
                    if let n = used[id] { used[id] = n + 1; id += "-\(n + 1)" } else { used[id] = 1 }
                    headings.append(Heading(level: Int(cmark_node_get_heading_level(node)), text: text, id: id))
                default: break
                }
            }
            if let rendered = cmark_render_html(root, CMARK_OPT_DEFAULT) {
                // The ids go in on cmark's own bytes, made a String once.
                let bytes = UnsafeRawPointer(rendered).assumingMemoryBound(to: UInt8.self)
                var count = 0
                while bytes[count] != 0 { count += 1 }
                html = addingIDs(headings, to: UnsafeBufferPointer(start: bytes, count: count))
                cmark_get_default_mem_allocator().pointee.free(rendered)
            }
        }
        return Rendered(html: html, headings: headings)
    }

    /// Safe mode omits raw HTML, so every `<hN>` in cmark's output is a heading node, in
    /// document order: the ids go onto them in that order.
    static func addingIDs(_ headings: [Heading], to html: UnsafeBufferPointer<UInt8>) -> String {
        guard !headings.isEmpty else { return String(decoding: html, as: UTF8.self) }
        var result: [UInt8] = []
        result.reserveCapacity(html.count + headings.count * 24)
        var done = 0
        for heading in headings {
            let tag = Array("<h\(heading.level)>".utf8)
            guard let at = firstIndex(of: tag, in: html, from: done) else { break }
            result += html[done..<at]
            result += "<h\(heading.level) id=\"\(heading.id)\">".utf8
            done = at + tag.count
        }
        result += html[done...]
        return String(decoding: result, as: UTF8.self)
    }

    /// Where `needle` first occurs in `bytes` at or after `start`.
    private static func firstIndex(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var i = start
        while i <= bytes.count - needle.count {
            if bytes[i] == first {
                var matched = 1
                while matched < needle.count, bytes[i + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// A heading id: lower-case letters and digits of any script, words joined by `-`.
    public static func slug(_ text: String) -> String {
        var out = ""
        var pendingDash = false
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                // Most headings are ASCII: letters and digits kept, lower-cased, without
                // asking Unicode's tables or making a string per letter.
                let byte = UInt8(scalar.value)
                let letterOrDigit = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                guard letterOrDigit else { pendingDash = true; continue }
                if pendingDash, !out.isEmpty { out += "-" }
                pendingDash = false
                out.unicodeScalars.append(Unicode.Scalar(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte))
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingDash, !out.isEmpty { out += "-" }
                pendingDash = false
                out.unicodeScalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            } else {
                pendingDash = true
            }
        }
        return out.isEmpty ? "section" : out
    }

    private static func withDocument(_ body: String, options: Int32, _ use: (OpaquePointer) -> Void) {
        withDocument(body[...], options: options, use)
    }

    private static func withDocument(_ body: Substring, options: Int32, _ use: (OpaquePointer) -> Void) {
        var text = body
        guard let root = text.withUTF8({ bytes in
            bytes.withMemoryRebound(to: CChar.self) { cmark_parse_document($0.baseAddress, $0.count, options) }
        }) else { return }
        defer { cmark_node_free(root) }
        use(root)
    }

    /// Calls `visit` on entering each node, in document order.
    private static func walk(_ root: OpaquePointer, _ visit: (OpaquePointer, cmark_node_type) -> Void) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            visit(node, cmark_node_get_type(node))
        }
    }

    private static func url(of node: OpaquePointer) -> String {
        cmark_node_get_url(node).map { String(cString: $0) } ?? ""
    }

    /// The text of a node's inlines, without markup.
    private static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        walk(node) { child, type in
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(child) {
                text += String(cString: literal)
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            }
        }
        return text
    }
}

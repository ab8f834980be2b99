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

    /// Every link and image of a CommonMark document, in document order.
    public static func links(in body: String) -> [Link] {
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_SOURCEPOS
        var text = body
        guard let root = text.withUTF8({ bytes in
            bytes.withMemoryRebound(to: CChar.self) { cmark_parse_document($0.baseAddress, $0.count, options) }
        }) else { return [] }
        defer { cmark_node_free(root) }
        guard let iterator = cmark_iter_new(root) else { return [] }
        defer { cmark_iter_free(iterator) }
        var links: [Link] = []
        var blockLine = 1
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let line = Int(cmark_node_get_start_line(node))
            if line > 0, type != CMARK_NODE_LINK, type != CMARK_NODE_IMAGE { blockLine = line }
            guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE else { continue }
            let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            links.append(Link(destination: url, isImage: type == CMARK_NODE_IMAGE, blockLine: line > 0 ? line : blockLine))
        }
        return links
    }
}

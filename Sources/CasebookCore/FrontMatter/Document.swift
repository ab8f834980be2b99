/// A case or page split into its front matter and body, positions kept.
public struct Document: Sendable, Hashable {
    public var path: String
    /// The whole file as text (BOM dropped, LF line ends): the source of caret lines.
    public var text: String
    /// The front matter's root node; nil when the file has none (pages may omit it).
    public var frontMatter: YAMLNode?
    /// The text after the front matter: part of `text`, not a copy of it.
    public var body: Substring
    /// The file line on which `body` starts, so body positions map to file lines.
    public var bodyFirstLine: Int

    public init(path: String, text: String, frontMatter: YAMLNode?, body: Substring, bodyFirstLine: Int) {
        self.path = path
        self.text = text
        self.frontMatter = frontMatter
        self.body = body
        self.bodyFirstLine = bodyFirstLine
    }
}

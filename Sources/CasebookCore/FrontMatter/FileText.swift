/// A file's text, or the end of it (a case's body), held either as text or as the file
/// itself and decoded (`SourceFile.decodedText`) each time it is read.
///
/// A check whose outcomes come from the cache (`CheckCache`) holds every case's text and
/// body this way: only the few a page or a diagnostic shows are ever decoded. Decoding
/// and copying all of them, 50 MB at 10,000 cases, was a fifth of the check of a build
/// after one case changed.
public struct FileText: Sendable, Hashable {
    private enum Source: Sendable {
        case text(String)
        /// Part of a text that is held anyway (a case's body in its file's text, which the
        /// check outcome keeps): copied out only when read.
        case slice(Substring)
        /// The file's text, or its last `suffix` UTF-8 bytes.
        case file(SourceFile, suffix: Int?)
    }

    private let source: Source

    public init(_ text: String) {
        source = .text(text)
    }

    /// Part of a text, not copied until read: a check of 10,000 cases copied every body
    /// out of its file's text (45 MB) for pages a check never renders.
    public init(slice: Substring) {
        source = .slice(slice)
    }

    /// The text of `file`, which decoded before (the outcome it belongs to was made
    /// from these very bytes), or its last `suffix` UTF-8 bytes.
    public init(file: SourceFile, suffix: Int? = nil) {
        source = .file(file, suffix: suffix)
    }

    public var value: String {
        switch source {
        case .text(let text):
            return text
        case .slice(let slice):
            return String(slice)
        case .file(let file, let suffix):
            let text = (try? file.decodedText().get()) ?? String(decoding: file.bytes, as: UTF8.self)
            guard let suffix else { return text }
            let utf8 = text.utf8
            return String(utf8[utf8.index(utf8.endIndex, offsetBy: -min(max(suffix, 0), utf8.count))...]) ?? ""
        }
    }

    /// The length of `value` in UTF-8 bytes, without copying a part out to count it.
    public var utf8Count: Int {
        switch source {
        case .text(let text): text.utf8.count
        case .slice(let slice): slice.utf8.count
        case .file: value.utf8.count
        }
    }

    /// Texts are equal when they read the same, however they are held.
    public static func == (a: FileText, b: FileText) -> Bool {
        a.value == b.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }
}

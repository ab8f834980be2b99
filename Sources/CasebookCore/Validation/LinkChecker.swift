/// Resolves the relative links of bodies (SPEC §2.2): a link must reach a case, a page or
/// a file under `media/`; anything else is CB041.
public struct LinkChecker: Sendable, Equatable {
    /// Relative paths of the published cases (`cases/x.md`).
    public var cases: Set<String>
    /// Relative paths of draft cases, which published cases may not link to.
    public var drafts: Set<String>
    public var pages: Set<String>
    public var media: Set<String>

    public init(cases: Set<String>, drafts: Set<String>, pages: Set<String>, media: Set<String>) {
        self.cases = cases
        self.drafts = drafts
        self.pages = pages
        self.media = media
    }

    /// What a link's destination resolves to, inside the content folder.
    public enum Target: Sendable, Hashable {
        case external
        case fragment
        case `case`(String)
        case page(String)
        case media(String)
    }

    /// The content-relative path a destination names from `relativePath`'s folder, or nil
    /// when it leaves the content folder. Split as bytes: `/`, `#`, `?` and `.` are ASCII,
    /// and splitting a path into Characters was most of the time of checking a showcase's
    /// links.
    public static func resolve(_ destination: String, from relativePath: String) -> String? {
        let slash = UInt8(ascii: "/")
        var parts = relativePath.utf8.split(separator: slash).dropLast().map { String(decoding: $0, as: UTF8.self) }
        let bytes = destination.utf8
        let path = bytes[..<(bytes.firstIndex { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") } ?? bytes.endIndex)]
        guard path.first != slash else { return nil }
        for component in path.split(separator: slash) {
            if component.elementsEqual(".".utf8) { continue }
            if component.elementsEqual("..".utf8) {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
                continue
            }
            parts.append(percentDecoded(String(decoding: component, as: UTF8.self)))
        }
        return parts.joined(separator: "/")
    }

    /// Checks one destination; the diagnostic message when it reaches nothing allowed.
    public func check(_ destination: String, from relativePath: String, isDraft: Bool) -> Result<Target, LinkProblem> {
        if destination.isEmpty || destination.hasPrefix("#") { return .success(.fragment) }
        if Self.hasScheme(destination) || destination.hasPrefix("//") { return .success(.external) }
        guard let target = Self.resolve(destination, from: relativePath) else {
            return .failure(.outside)
        }
        if cases.contains(target) { return .success(.case(target)) }
        if drafts.contains(target) { return isDraft ? .success(.case(target)) : .failure(.draft(target)) }
        if pages.contains(target) { return .success(.page(target)) }
        if target.hasPrefix("media/"), media.contains(target) { return .success(.media(target)) }
        return .failure(.missing(target))
    }

    public enum LinkProblem: Error, Sendable, Hashable {
        case outside, draft(String), missing(String)
    }

    /// A URL scheme before the first `:` — a letter, then letters, digits, `+`, `-` and
    /// `.` — so the link leaves the site. ASCII schemes are read as bytes.
    static func hasScheme(_ s: String) -> Bool {
        let bytes = s.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let scheme = bytes[..<colon]
        guard let first = scheme.first else { return false }
        guard scheme.allSatisfy({ $0 < 0x80 }) else {
            let text = s[..<colon]
            return text.first!.isLetter && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
        }
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
        return isLetter(first) && scheme.allSatisfy {
            isLetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
        }
    }

    static func percentDecoded(_ s: String) -> String {
        guard s.contains("%") else { return s }
        var bytes: [UInt8] = []
        var utf8 = Array(s.utf8)[...]
        while let b = utf8.first {
            if b == UInt8(ascii: "%"), utf8.count >= 3,
               let v = UInt8(String(decoding: utf8.dropFirst().prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(v)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(b)
                utf8 = utf8.dropFirst()
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Where each page lands in the output (SPEC §5). URLs are folders with `index.html`;
/// every path here is relative to the site root, and links between pages are made
/// relative with `link(to:from:)`, so the site works from any sub-path and `file://`.
public enum Route {
    public static let home = "index.html"
    public static let cases = "cases/index.html"
    public static let compare = "compare/index.html"
    public static let report = "report/index.html"
    public static let notFound = "404.html"

    public static func `case`(_ id: String) -> String { "cases/\(id)/index.html" }
    public static func tierIndex(_ tier: Tier) -> String { "\(tier.plural)/index.html" }
    public static func term(_ tier: Tier, _ code: String) -> String { "\(tier.plural)/\(segment(code))/index.html" }
    public static func page(_ name: String) -> String { "\(name)/index.html" }

    /// Top-level folders the site itself uses; a free page may not take one of them.
    public static let reserved: Set<String> = Set(["cases", "compare", "report", "data", "assets", "media"] + Tier.allCases.map(\.plural))

    /// A code as one safe path segment. Registry codes are letters and digits, but a
    /// site registry may hold anything: every other byte is written `_XX`, so no code
    /// can name `..`, a slash or a hidden file.
    public static func segment(_ code: String) -> String {
        var out = ""
        for byte in code.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "_" + hex(byte)
            }
        }
        return out.isEmpty ? "_" : out
    }

    /// Two upper-case hex digits.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
    }

    /// A path segment of a link, percent-encoded except for unreserved characters.
    public static func percentEncoded(_ segment: String) -> String {
        var out = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + hex(byte)
            }
        }
        return out
    }

    /// The prefix that leads from the page at `path` back to the site root: `../../`.
    public static func root(of path: String) -> String {
        String(repeating: "../", count: path.utf8.filter { $0 == UInt8(ascii: "/") }.count)
    }

    /// The folder URL a visitor sees: `cases/x/` for `cases/x/index.html`.
    public static func folder(_ path: String) -> String {
        path == home ? "" : path.hasSuffix("/index.html") ? String(path.dropLast("index.html".count)) : path
    }
}

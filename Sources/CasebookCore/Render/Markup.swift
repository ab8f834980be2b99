/// Escaping for text and attribute values written outside templates (feeds, sitemap,
/// the preview's overlay), where Mustache does not escape for us.
public enum Markup {
    /// Text and attribute values for XML and HTML: `&`, `<`, `>`, quotes; control
    /// characters, which XML 1.0 does not allow, are dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters are not allowed in XML 1.0.
                if scalar.value < 0x20, scalar != "\n", scalar != "\t", scalar != "\r" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

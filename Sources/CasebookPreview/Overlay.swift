public import CasebookCore

/// What serve adds to every HTML page it sends (never to the built files): the script
/// that listens for rebuilds, and, while the content has errors, an overlay listing them.
public enum Overlay {
    /// The server-sent-events endpoint the pages listen on.
    public static let eventsPath = "/__casebook/events"

    /// Reloads the page when a rebuild lands; swaps only the stylesheets when only they
    /// changed, so the reader keeps their place.
    static let script = """
        <script>(function () {
          if (!window.EventSource) return;
          var events = new EventSource("\(eventsPath)");
          events.addEventListener("reload", function () { window.location.reload(); });
          events.addEventListener("styles", function () {
            var links = document.querySelectorAll('link[rel="stylesheet"]');
            for (var i = 0; i < links.length; i++) {
              links[i].href = links[i].href.split("?")[0] + "?v=" + Date.now();
            }
          });
        })();</script>
        """

    /// The overlay for these diagnostics: each with file:line:column, message, hint and the
    /// source line, every text escaped.
    public static func html(_ diagnostics: [Diagnostic], sourceTexts: [String: String]) -> String {
        let errors = diagnostics.errorCount, warnings = diagnostics.warningCount
        var items = ""
        for d in diagnostics {
            let line = sourceTexts[d.location.path].flatMap { text -> String? in
                let lines = text.lines
                return d.location.line - 1 < lines.count ? String(lines[d.location.line - 1]) : nil
            }
            items += "<li class=\"cb-\(d.severity.rawValue)\"><p><code>\(Markup.escape(d.location.path)):\(d.location.line):\(d.location.column)</code> "
                + "<strong>\(d.severity.rawValue)[\(d.code.rawValue)]</strong> \(Markup.escape(d.message))</p>"
            if let line { items += "<pre>\(d.location.line) | \(Markup.escape(line))</pre>" }
            if let hint = d.hint { items += "<p class=\"cb-hint\">hint: \(Markup.escape(hint))</p>" }
            items += "</li>"
        }
        return """
            <div id="casebook-overlay" role="alertdialog" aria-labelledby="casebook-overlay-title" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,24,32,.94);color:#f5f7fa;font:15px/1.5 system-ui,sans-serif;padding:2rem">
            <style>#casebook-overlay ol{list-style:none;padding:0;max-width:60rem}#casebook-overlay li{background:#1f2633;border-left:4px solid #ff6b6b;margin:0 0 1rem;padding:.75rem 1rem}#casebook-overlay li.cb-warning{border-color:#f0b400}#casebook-overlay code,#casebook-overlay pre{font-family:ui-monospace,Menlo,Consolas,monospace;color:#ffd479}#casebook-overlay pre{margin:.25rem 0;white-space:pre-wrap}#casebook-overlay .cb-hint{color:#9fe0a8;margin:.25rem 0 0}</style>
            <h1 id="casebook-overlay-title" style="font-size:1.4rem;margin:0 0 1rem">The site has \(errors) error\(errors == 1 ? "" : "s")\(warnings > 0 ? " and \(warnings) warning\(warnings == 1 ? "" : "s")" : "")</h1>
            <p>The preview shows the last good build. Fix the file and this page updates by itself.</p>
            <ol>\(items)</ol>
            </div>
            """
    }

    /// The page and the additions before `</body>` (or at the end when there is none).
    static func inject(_ addition: String, into html: String) -> String {
        guard let range = html.ranges(of: "</body>").last else { return html + addition }
        return String(html[..<range.lowerBound]) + addition + String(html[range.lowerBound...])
    }
}

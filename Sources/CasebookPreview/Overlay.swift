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

    /// The overlay for these diagnostics, each as the terminal shows it (file:line:column,
    /// message, source line and caret, hint), every text escaped.
    public static func html(_ diagnostics: [Diagnostic], sourceTexts: [String: String]) -> String {
        let errors = diagnostics.errorCount, warnings = diagnostics.warningCount
        // Each diagnostic exactly as the terminal shows it: location, message, source line, caret, hint.
        let formatter = DiagnosticFormatter(format: .human, color: false, sourceTexts: sourceTexts)
        let items = diagnostics.map { d in
            "<li class=\"cb-\(d.severity.rawValue)\"><pre>\(Markup.escape(formatter.render([d])))</pre></li>"
        }.joined()
        return """
            <div id="casebook-overlay" role="alertdialog" aria-labelledby="casebook-overlay-title" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#141820;color:#f5f7fa;font:15px/1.5 system-ui,sans-serif;padding:2rem">
            <style>#casebook-overlay ol{list-style:none;padding:0;max-width:60rem}#casebook-overlay li{background:#1f2633;border-left:4px solid #ff6b6b;margin:0 0 1rem;padding:.75rem 1rem}#casebook-overlay li.cb-warning{border-color:#f0b400}#casebook-overlay pre{font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;color:#f5f7fa;margin:0;white-space:pre-wrap;overflow-wrap:anywhere}</style>
            <h1 id="casebook-overlay-title" style="font-size:1.4rem;margin:0 0 1rem">The site has \(errors) error\(errors == 1 ? "" : "s")\(warnings > 0 ? " and \(warnings) warning\(warnings == 1 ? "" : "s")" : "")</h1>
            <p>The preview shows the last good build. Fix the file and this page updates by itself.</p>
            <ol>\(items)</ol>
            </div>
            """
    }

    /// The page and the additions before its last `</body>` (or at the end when there is
    /// none). Over the bytes, from the end, where the tag is: searched for as text, from
    /// the start and character by character, it took 0.4 s of the 31 MB report of 10,000
    /// cases on every request.
    static func inject(_ addition: String, into html: [UInt8]) -> [UInt8] {
        let tag = Array("</body>".utf8)
        var at = html.count - tag.count
        while at >= 0, !html[at..<(at + tag.count)].elementsEqual(tag) { at -= 1 }
        let split = at >= 0 ? at : html.count
        var page: [UInt8] = []
        page.reserveCapacity(html.count + addition.utf8.count)
        page += html[..<split]
        page += addition.utf8
        page += html[split...]
        return page
    }
}

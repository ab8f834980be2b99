/// The Atom feed and the sitemap: the only files with absolute URLs (from `base_url`).
public enum Feeds {
    /// How many of the newest cases the feed carries.
    public static let feedLimit = 50

    /// `feed.xml`: the newest cases. Its dates come from the cases, never the clock.
    public static func atom(_ model: SiteModel) -> String {
        let base = model.config.baseURL
        let updated = model.cases.map(\.date).max().map(timestamp) ?? "1970-01-01T00:00:00Z"
        var xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>\(Markup.escape(model.config.title))</title>
          <subtitle>\(Markup.escape(model.config.description))</subtitle>
          <link href="\(Markup.escape(base))"/>
          <link rel="self" href="\(Markup.escape(base + "feed.xml"))"/>
          <id>\(Markup.escape(base))</id>
          <updated>\(updated)</updated>
          <author><name>\(Markup.escape(model.config.author.isEmpty ? model.config.title : model.config.author))</name></author>

        """
        for c in model.cases.prefix(feedLimit) {
            let url = base + Route.folder(Route.case(c.id))
            xml += """
              <entry>
                <title>\(Markup.escape(c.title))</title>
                <link href="\(Markup.escape(url))"/>
                <id>\(Markup.escape(url))</id>
                <updated>\(timestamp(c.date))</updated>
                <summary>\(Markup.escape(c.summary))</summary>
              </entry>

            """
        }
        return xml + "</feed>\n"
    }

    /// `sitemap.xml`: every HTML page but 404.
    public static func sitemap(_ model: SiteModel, pages: [String]) -> String {
        let dates = Dictionary(model.cases.indices.map { (Route.case(model.cases[$0].id), model.cases[$0].date.description) },
                               uniquingKeysWith: { a, _ in a })
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in pages {
            xml += "  <url><loc>\(Markup.escape(model.config.baseURL + Route.folder(page)))</loc>"
            if let date = dates[page] { xml += "<lastmod>\(date)</lastmod>" }
            xml += "</url>\n"
        }
        return xml + "</urlset>\n"
    }

    static func timestamp(_ date: CaseDate) -> String { date.description + "T00:00:00Z" }
}

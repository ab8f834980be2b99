extension SiteRenderer {
    /// What a job's file is made from beyond what every page shares (configuration,
    /// schema, registries, templates, free pages, media, and the list of published cases
    /// with their ids): the cases whose content it shows, and any other fact of the
    /// model it shows. A build fingerprints these to reuse the file of the last build
    /// when none changed, so whoever changes what a view shows changes this too; a test
    /// holds incremental builds byte-identical to full ones after random edits.
    public enum Inputs: Sendable, Hashable {
        /// Every published case: compare, report, exports, feeds, home.
        case allCases
        /// Every published case's card (`addCardFacts`): the case list, whose rows are
        /// cards and whose filters count what the cards show.
        case allCards
        /// These cases (model indices, in order), the cards of those (likewise), and a
        /// description of anything else.
        case some(cases: [Int], cards: [Int] = [], facts: String)
    }

    public func inputs(of job: Job) -> Inputs {
        switch job {
        case .case(let i):
            // The case and the cards of its related cases.
            return .some(cases: [i], cards: related(to: i), facts: "")
        case .term(let tier, let i):
            return .some(cases: model.terms[tier]![i].cases, facts: "")
        case .tierIndex(let tier):
            // Each term with its number of cases.
            let terms = model.terms[tier] ?? []
            return .some(cases: [], facts: terms.map { "\($0.code)\t\($0.cases.count)" }.joined(separator: "\n"))
        case .page, .asset, .schemaJSON:
            return .some(cases: [], facts: "")
        case .sitemap:
            // Every page's address, and each case's date (its `lastmod`): not what a
            // case says, so that editing a case's text or metrics leaves it as it is.
            // Each case's fields read in place: `model.cases.map` copied every case.
            let dates = model.cases.indices.map { "\(model.cases[$0].id)\t\(model.cases[$0].date)" }
            return .some(cases: [], facts: (htmlPaths + dates).joined(separator: "\n"))
        case .caseList:
            return .allCards
        case .home, .compare, .report, .notFound, .casesJSON, .casesCSV, .feed:
            return .allCases
        }
    }
}

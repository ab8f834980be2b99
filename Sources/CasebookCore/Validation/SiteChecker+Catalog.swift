import Synchronization

/// Everything checked about a site: the typed values a renderer consumes, and the
/// diagnostics of every file, sorted.
public struct CheckResult: Sendable {
    public var config: SiteConfig
    public var schema: Schema?
    public var registries: [String: Registry]
    public var enterprises: [Enterprise]
    /// Valid cases, drafts included (each carries `draft`), in path order.
    public var cases: [Case]
    public var pages: [Page]
    public var diagnostics: [Diagnostic]
    /// How many case files were read.
    public var caseFileCount: Int
    /// The text of every file that has a diagnostic, for caret lines.
    public var sourceTexts: [String: String]
    /// What the links were checked against, for relinking after an edit.
    public var linkTargets: LinkChecker? = nil
}

extension CheckResult {
    /// The result of a check of `sources` made before, from its diagnostics alone: what
    /// a build of unchanged inputs reports (the same diagnostics, with their source lines)
    /// without checking again. It holds no cases, so it cannot be rendered.
    public static func replayed(_ diagnostics: [Diagnostic], sources: SiteSources) -> CheckResult {
        let files = [sources.siteConfig, sources.schema, sources.enterprises].compactMap { $0 }
            + Array(sources.otherFiles.values) + sources.cases.map(\.file) + sources.pages.map(\.file)
        let paths = Set(diagnostics.map(\.location.path))
        var texts: [String: String] = [:]
        for file in files where paths.contains(file.path) { texts[file.path] = String(decoding: file.bytes, as: UTF8.self) }
        return CheckResult(config: SiteConfig(), schema: nil, registries: [:], enterprises: [], cases: [], pages: [],
                           diagnostics: diagnostics, caseFileCount: sources.cases.count, sourceTexts: texts)
    }
}

extension SiteChecker {
    /// Checks the whole site in one pass; `checkCases` lets a caller run the per-case
    /// step concurrently (the result must keep the input order).
    public func check(
        _ sources: SiteSources,
        checkCases: (_ files: [ContentFile], _ step: @Sendable (ContentFile) -> CaseOutcome) -> [CaseOutcome] = { files, step in files.map(step) }
    ) -> CheckResult {
        let context = prepare(sources)
        let checker = self
        let outcomes = checkCases(sources.cases) { checker.checkCase($0, in: context) }
        let pageOutcomes = sources.pages.map { (file: $0, result: checkPage($0)) }
        return link(outcomes, pages: pageOutcomes, sources: sources, context: context)
    }

    /// What links of the site resolve against: every case file that parsed, valid or
    /// not (a link to a case with an error is that case's problem, not the link's), the
    /// drafts apart unless they are published, the free pages and the media.
    public func linkTargets(of outcomes: [CaseOutcome], sources: SiteSources) -> LinkChecker {
        var draftPaths = Set<String>()
        var allCasePaths = Set<String>(minimumCapacity: outcomes.count)
        // By index, not `for outcome in outcomes`: an outcome is a large value, and a
        // loop over them copied every field of each (a tenth of a 10,000-case check).
        for i in outcomes.indices {
            allCasePaths.insert(outcomes[i].file.relativePath)
            if outcomes[i].value?.draft == true { draftPaths.insert(outcomes[i].file.relativePath) }
        }
        return LinkChecker(
            cases: includeDrafts ? allCasePaths : allCasePaths.subtracting(draftPaths),
            drafts: includeDrafts ? [] : draftPaths,
            pages: Set(sources.pages.map(\.relativePath)), media: sources.media)
    }

    /// The links of a case's body that do not resolve against `targets` (CB041).
    public func linkProblems(of outcome: CaseOutcome, targets: LinkChecker) -> [Diagnostic] {
        linkProblems(of: outcome, isDraft: outcome.value?.draft ?? false, checker: targets)
    }

    /// The steps that need all cases at once: duplicate ids (CB040) and links (CB041).
    /// `linked`: the link targets and each case's link problems, when the caller worked
    /// them out already (on every core: `linkProblems(of:targets:)`).
    public func link(
        _ outcomes: [CaseOutcome], pages: [(file: ContentFile, result: (Page?, Document?, [Diagnostic]))],
        sources: SiteSources, context: Context, linkCache: LinkCache? = nil,
        linked: (targets: LinkChecker, problems: [[Diagnostic]])? = nil
    ) -> CheckResult {
        var diagnostics = context.diagnostics
        var firstByID: [String: String] = [:]
        var cases: [Case] = []
        cases.reserveCapacity(outcomes.count)
        for i in outcomes.indices {
            diagnostics += outcomes[i].diagnostics
            guard let value = outcomes[i].value else { continue }
            if let first = firstByID[value.id] {
                let at = outcomes[i].idLocation ?? SourceLocation(path: value.path, line: 1, column: 1)
                diagnostics.append(Diagnostic(
                    .cb040, at: at, "case id '\(value.id)' is already used by \(first)",
                    hint: "give one of the two cases another id (file name or `id:`)", span: value.id.count))
                continue
            }
            firstByID[value.id] = value.path
            cases.append(value)
        }
        var validPages: [Page] = []
        var pageTexts: [String: String] = [:]
        for (_, (page, document, d)) in pages {
            diagnostics += d
            if let document { pageTexts[document.path] = document.text }
            if let page { validPages.append(page) }
        }
        let checker = linked?.targets ?? linkTargets(of: outcomes, sources: sources)
        if let linked, linked.problems.count == outcomes.count {
            for problems in linked.problems { diagnostics += problems }
        } else {
            linkCache?.use(checker)
            for i in outcomes.indices where outcomes[i].hasText {
                let isDraft = outcomes[i].value?.draft ?? false
                diagnostics += linkCache?.problems(of: outcomes[i], isDraft: isDraft) {
                    linkProblems(of: outcomes[i], isDraft: isDraft, checker: checker)
                } ?? linkProblems(of: outcomes[i], isDraft: isDraft, checker: checker)
            }
        }
        for (file, (_, document, _)) in pages {
            guard let document else { continue }
            diagnostics += linkProblems(in: document.path, text: document.text, bodyFirstLine: document.bodyFirstLine,
                                        links: Markdown.links(in: document.body), relativePath: file.relativePath,
                                        isDraft: false, checker: checker)
        }
        diagnostics.sort()
        // The texts of the files with diagnostics, for their caret lines.
        let withDiagnostics = Set(diagnostics.map(\.location.path))
        var texts = pageTexts.filter { withDiagnostics.contains($0.key) }
        for i in outcomes.indices where withDiagnostics.contains(outcomes[i].file.file.path) {
            if let text = outcomes[i].text { texts[outcomes[i].file.file.path] = text }
        }
        let pending = withDiagnostics.filter { texts[$0] == nil }
        if !pending.isEmpty {
            for file in Self.allFiles(in: sources) where pending.contains(file.path) {
                texts[file.path] = String(decoding: file.bytes, as: UTF8.self)
            }
        }
        return CheckResult(
            config: context.config, schema: context.schema, registries: context.registries,
            enterprises: context.enterprises, cases: cases, pages: validPages, diagnostics: diagnostics,
            caseFileCount: outcomes.count, sourceTexts: texts, linkTargets: checker)
    }

    /// `previous` with edited cases put in place, when an edit kept each case's id and
    /// draft flag and the set of files stayed the same: then nothing else in the site can
    /// change, and only the edited files' diagnostics and values are replaced. Nil when a
    /// full `link` is needed.
    public func relink(_ previous: CheckResult, replacing edits: [(old: CaseOutcome, new: CaseOutcome)]) -> CheckResult? {
        guard let targets = previous.linkTargets else { return nil }
        var result = previous
        for (old, new) in edits {
            guard let before = old.value, let after = new.value, before.id == after.id, before.draft == after.draft,
                  let text = new.text, let path = Optional(new.file.file.path),
                  !previous.diagnostics.contains(where: { $0.code == .cb040 && $0.location.path == path }),
                  let index = result.cases.firstIndex(where: { $0.relativePath == after.relativePath }) else { return nil }
            result.cases[index] = after
            let problems = new.diagnostics + linkProblems(of: new, isDraft: after.draft, checker: targets)
            result.diagnostics = (result.diagnostics.filter { $0.location.path != path } + problems).sorted()
            result.sourceTexts[path] = problems.isEmpty ? nil : text
        }
        return result
    }

    private func linkProblems(of outcome: CaseOutcome, isDraft: Bool, checker: LinkChecker) -> [Diagnostic] {
        // The text only where a link does not resolve: read from the file for an
        // outcome from the cache (`FileText`).
        guard outcome.hasText else { return [] }
        return linkProblems(in: outcome.file.file.path, text: outcome.text ?? "", bodyFirstLine: outcome.bodyFirstLine,
                            links: outcome.links, relativePath: outcome.file.relativePath, isDraft: isDraft, checker: checker)
    }

    /// CB041 for each link of a body (starting at file line `bodyFirstLine` of `text`)
    /// that does not resolve, at the destination's place in the file.
    private func linkProblems(in path: String, text: @autoclosure () -> String, bodyFirstLine: Int, links: [Markdown.Link], relativePath: String,
                              isDraft: Bool, checker: LinkChecker) -> [Diagnostic] {
        guard !links.isEmpty else { return [] }
        var lines: [Substring] = []
        var searchFrom: [String: (line: Int, column: Int)] = [:]
        var result: [Diagnostic] = []
        for link in links {
            let problem: LinkChecker.LinkProblem
            switch checker.check(link.destination, from: relativePath, isDraft: isDraft) {
            case .success: continue
            case .failure(let p): problem = p
            }
            // Locate the destination's text, from the link's block onwards.
            if lines.isEmpty { lines = text().lines }
            let blockLine = bodyFirstLine + link.blockLine - 1
            let start = max(searchFrom[link.destination].map { $0.line } ?? blockLine, blockLine)
            var at = (line: blockLine, column: 1)
            for index in (start - 1)..<lines.count {
                let line = String(lines[index])
                let from = index + 1 == searchFrom[link.destination]?.line ? searchFrom[link.destination]!.column : 0
                if let column = Self.column(of: link.destination, in: line, from: from) {
                    at = (index + 1, column)
                    searchFrom[link.destination] = (index + 1, column)
                    break
                }
            }
            let message: String
            let hint: String
            switch problem {
            case .outside:
                message = "link '\(link.destination)' leads out of the content folder"
                hint = "link to a case (`other-case.md`), a page (`../pages/about.md`) or a file under media/"
            case .draft(let target):
                message = "link '\(link.destination)' leads to \(target), a draft, which is not published"
                hint = "publish the draft, remove the link, or build with --drafts"
            case .missing(let target):
                message = "link '\(link.destination)' leads to \(target), which does not exist"
                let candidates = checker.cases.union(checker.pages).union(checker.media)
                hint = closest(to: target, in: candidates).map { "did you mean '\(Self.relative($0, from: relativePath))'?" }
                    ?? "a relative link must reach a case, a page or a file under media/"
            }
            result.append(Diagnostic(.cb041, at: SourceLocation(path: path, line: at.line, column: at.column),
                                     message, hint: hint, span: link.destination.unicodeScalars.count))
        }
        return result
    }

    /// 1-based column (in Unicode scalars) of `needle` in `line`, searching after `from`.
    static func column(of needle: String, in line: String, from: Int) -> Int? {
        let hay = Array(line.unicodeScalars), n = Array(needle.unicodeScalars)
        guard !n.isEmpty, hay.count >= n.count else { return nil }
        for i in from...(hay.count - n.count) where hay[i..<(i + n.count)].elementsEqual(n) { return i + 1 }
        return nil
    }

    /// `target` written as a link from the folder of `relativePath`.
    static func relative(_ target: String, from relativePath: String) -> String {
        let fromDir = relativePath.split(separator: "/").dropLast()
        let parts = target.split(separator: "/")
        let common = zip(fromDir, parts).prefix { $0 == $1 }.count
        return (Array(repeating: "..", count: fromDir.count - common) + parts.dropFirst(common).map(String.init)).joined(separator: "/")
    }

    static func allFiles(in sources: SiteSources) -> [SourceFile] {
        [sources.siteConfig, sources.schema, sources.enterprises].compactMap { $0 }
            + sources.otherFiles.values + sources.cases.map(\.file) + sources.pages.map(\.file)
    }
}

/// The link problems of each case from the last relink, reused for a case whose text did
/// not change while the set of cases, pages and media stayed the same: what keeps a
/// relink after one edit from resolving every link of the site again.
public final class LinkCache: Sendable {
    private struct Entry {
        var bytes: [UInt8]
        var isDraft: Bool
        var problems: [Diagnostic]
    }

    private let state = Mutex<(checker: LinkChecker?, entries: [String: Entry])>((nil, [:]))

    public init() {}

    /// Starts a relink: the entries hold only while the link targets are the same.
    func use(_ checker: LinkChecker) {
        state.withLock { state in
            if state.checker != checker { state = (checker, [:]) }
        }
    }

    func problems(of outcome: SiteChecker.CaseOutcome, isDraft: Bool, compute: () -> [Diagnostic]) -> [Diagnostic] {
        let file = outcome.file.file
        let cached: [Diagnostic]? = state.withLock { state in
            guard let entry = state.entries[file.path], entry.isDraft == isDraft, entry.bytes == file.bytes else { return nil }
            return entry.problems
        }
        if let cached { return cached }
        let problems = compute()
        state.withLock { $0.entries[file.path] = Entry(bytes: file.bytes, isDraft: isDraft, problems: problems) }
        return problems
    }
}

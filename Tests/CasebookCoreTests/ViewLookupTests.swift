@testable import CasebookCore
import CasebookTestSupport
import Synchronization
import Testing

/// The views answer template lookups by hand (Views+Template.swift, for speed); every
/// stored property must be reachable under its own name, or a template would silently
/// show nothing for it.
@Suite struct ViewLookupTests {
    /// Walks a value with Mirror and checks each view on the way.
    func check(_ value: Any, path: String, seen: inout Set<String>) {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            if let inner = mirror.children.first?.value { check(inner, path: path, seen: &seen) }
            return
        }
        if mirror.displayStyle == .collection {
            for item in mirror.children.prefix(2) { check(item.value, path: path + "[]", seen: &seen) }
            return
        }
        guard mirror.displayStyle == .class, String(describing: type(of: value)) != "String" else { return }
        // A view made when a page renders it shows what the view it makes shows.
        if let lazy = value as? any LazilyMade {
            check(lazy.madeView, path: path, seen: &seen)
            return
        }
        let typeName = String(describing: type(of: value))
        guard let parent = value as? any TemplateObject else {
            Issue.record("\(typeName) at \(path) does not answer template lookups")
            return
        }
        for child in mirror.children {
            // What the renderer keeps of a view's output is not for templates to show.
            guard let label = child.label, !(child.value is KeptFragments) else { continue }
            let reflected = Mirror(reflecting: child.value)
            let expected: Any? = reflected.displayStyle == .optional ? reflected.children.first?.value : child.value
            let answered = parent.value(forKey: label).swiftValue()
            #expect((answered != nil) == (expected != nil), "\(typeName).\(label) at \(path)")
            if let answered, let expected {
                // Views are classes: the same object, or the same text, number or flag.
                if let object = expected as? AnyObject, Mirror(reflecting: expected).displayStyle == .class {
                    #expect((answered as? AnyObject) === object, "\(typeName).\(label) at \(path)")
                } else {
                    #expect(String(describing: answered) == String(describing: expected), "\(typeName).\(label) at \(path)")
                }
            }
            seen.insert(typeName)
            check(child.value, path: path + "." + label, seen: &seen)
        }
    }

    @Test func everyPropertyOfEveryViewIsReachable() throws {
        let sources = Fixture.sources(cases: ["base-case.md": Fixture.baseCase, "lab.md": Fixture.secondCase],
                                      pages: SiteRenderTests.pages, media: ["media/lab plan.svg"])
        let result = SiteChecker().check(sources)
        let (theme, _) = Theme.compile()
        let renderer = SiteRenderer(model: SiteModel(result: result, includeDrafts: false), theme: try #require(theme))
        var seen: Set<String> = []
        let views: [Any] = [renderer.homeView(), renderer.caseListView(), renderer.compareView(), renderer.reportView(),
                            NotFoundView(latest: [renderer.card(0), renderer.card(1)]), renderer.siteView, renderer.nav(current: Route.cases),
                            renderer.caseView(0), renderer.caseView(1), renderer.tierIndexView(.sector), renderer.termView(.industry, 0),
                            FreePageView(summary: "s", bodyHTML: "b", toc: [TocEntry(text: "t", id: "i", sub: true)])]
        for view in views { check(view, path: String(describing: type(of: view)), seen: &seen) }
        #expect(seen.count >= 20, "\(seen.sorted())")
    }

    /// A view made on first use is made once, whoever asks first and however many ask
    /// at once, and answers for it before and after (the lookups after read it unlocked).
    @Test func aLazyViewIsMadeOnceAndAnswersWhatItsViewAnswers() async {
        final class Named: TemplateObject, Sendable {
            let name: String
            init(_ name: String) { self.name = name }
            func value(forKey key: String) -> TemplateValue { key == "name" ? .text(name) : .missing }
        }
        let made = Mutex(0)
        let lazy = LazyView(identity: nil) {
            made.withLock { $0 += 1 }
            return Named("joint lab")
        }
        #expect(made.withLock { $0 } == 0)
        let answers = await withTaskGroup(of: [String?].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<100).map { _ in lazy.value(forKey: "name").swiftValue() as? String } }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(answers.count == 800 && answers.allSatisfy { $0 == "joint lab" })
        #expect(lazy.value(forKey: "title").swiftValue() == nil)
        #expect(lazy.view.name == "joint lab")
        #expect(made.withLock { $0 } == 1)
    }
}

/// A view made on first use (`LazyView`), for the walk to look into.
protocol LazilyMade { var madeView: Any { get } }
extension LazyView: LazilyMade { var madeView: Any { view } }

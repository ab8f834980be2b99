import Benchmark
import CasebookCore
import CasebookIO

/// The hot steps of a build, each on the cases of the shipped showcase (`content/`),
/// one case per iteration, so that throughput reads as cases per second.
let benchmarks: @Sendable () -> Void = {
    let showcase = Showcase.load()
    let files = showcase.sources.cases
    let count = files.count
    let configuration = Benchmark.Configuration(metrics: [.throughput, .wallClock, .mallocCountTotal], maxDuration: .seconds(3))

    Benchmark("front matter + YAML", configuration: configuration) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(showcase.checker.splitter.split(files[i % count].file))
        }
    }

    Benchmark("validation", configuration: configuration) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(showcase.validator.validate(showcase.documents[i % count], fileID: files[i % count].relativePath))
        }
    }

    // Bodies are slices of their file's text; made strings once, as a case page does.
    let bodies = showcase.documents.map { String($0.body) }
    Benchmark("cmark (body to HTML)", configuration: configuration) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(Markdown.render(bodies[i % count]) { _, _ in nil })
        }
    }

    Benchmark("template render (case page)", configuration: configuration) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(showcase.renderer.render(.case(i % showcase.renderer.model.cases.count)))
        }
    }

    Benchmark("template render (industry page)", configuration: configuration) { benchmark in
        let industries = showcase.renderer.model.terms[.industry]?.count ?? 1
        for i in benchmark.scaledIterations {
            blackHole(showcase.renderer.render(.term(.industry, i % industries)))
        }
    }
}

/// The shipped showcase, loaded and checked once.
struct Showcase {
    let sources: SiteSources
    let checker: SiteChecker
    let documents: [Document]
    let validator: CaseValidator
    let renderer: SiteRenderer

    static func load() -> Showcase {
        let repository = #filePath.split(separator: "/").dropLast(5).joined(separator: "/")
        let fileSystem = LocalFileSystem()
        let sources = try! SiteLoader(fileSystem: fileSystem).load(content: "/" + repository + "/content")
        let checker = SiteChecker()
        let context = checker.prepare(sources)
        let documents = sources.cases.map { try! checker.splitter.split($0.file).get() }
        let check = checker.check(sources)
        let theme = Theme.compile().0!
        return Showcase(sources: sources, checker: checker, documents: documents,
                        validator: CaseValidator(schema: context.schema!, registries: context.registries),
                        renderer: SiteBuild.renderer(for: check, theme: theme, includeDrafts: false, baseURL: nil))
    }
}

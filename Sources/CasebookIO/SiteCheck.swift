public import CasebookCore
import Foundation
import Synchronization

/// Runs `SiteChecker` with the per-case step spread over `jobs` concurrent tasks; the
/// result is the same, in the same order, whatever the number of jobs.
public struct SiteCheck: Sendable {
    public var checker: SiteChecker
    public var jobs: Int

    public init(checker: SiteChecker, jobs: Int) {
        self.checker = checker
        self.jobs = max(1, jobs)
    }

    public func run(_ sources: SiteSources) async -> CheckResult {
        await run(sources) { file, checker, context in (checker.checkCase(file, in: context), ()) }.result
    }

    /// The check with each case file's outcome made by `step`, which may take it from
    /// elsewhere than `checkCase`, and gives something besides, kept in input order.
    public func run<Extra: Sendable>(
        _ sources: SiteSources,
        step: @escaping @Sendable (ContentFile, SiteChecker, SiteChecker.Context) -> (SiteChecker.CaseOutcome, Extra)
    ) async -> (result: CheckResult, extras: [Extra]) {
        let context = checker.prepare(sources)
        let checker = self.checker
        let results = await concurrentMap(sources.cases, jobs: jobs) { step($0, checker, context) }
        let pages = sources.pages.map { (file: $0, result: checker.checkPage($0)) }
        return (checker.link(results.map(\.0), pages: pages, sources: sources, context: context), results.map(\.1))
    }
}

/// `items.map(transform)` over up to `jobs` concurrent tasks, results in input order.
public func concurrentMap<T: Sendable, R: Sendable>(
    _ items: [T], jobs: Int, _ transform: @escaping @Sendable (T) -> R
) async -> [R] {
    guard jobs > 1, items.count > 1 else { return items.map(transform) }
    // Sixteen chunks a task: a task that finishes its last chunk early waits at most
    // one small chunk for the others (with four, a fifth of a 10,000-case check).
    let chunkSize = max(1, (items.count + jobs * 16 - 1) / (jobs * 16))
    let chunks = stride(from: 0, to: items.count, by: chunkSize).map { Array(items[$0..<min($0 + chunkSize, items.count)]) }
    return await withTaskGroup(of: (Int, [R]).self) { group in
        var next = 0
        var results = [[R]](repeating: [], count: chunks.count)
        func start(_ index: Int) {
            let chunk = chunks[index]
            group.addTask { (index, chunk.map(transform)) }
        }
        while next < min(jobs, chunks.count) { start(next); next += 1 }
        while let (index, mapped) = await group.next() {
            results[index] = mapped
            if next < chunks.count { start(next); next += 1 }
        }
        return results.flatMap { $0 }
    }
}

/// `items.map(transform)` on every core, for synchronous callers (reading files, writing
/// them): results in input order; the first error thrown, if any, is rethrown once all
/// items are done.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) throws -> R) throws -> [R] {
    let results = Mutex([Result<R, any Error>?](repeating: nil, count: items.count))
    DispatchQueue.concurrentPerform(iterations: items.count) { i in
        let result = Result { try transform(items[i]) }
        results.withLock { $0[i] = result }
    }
    return try results.withLock { $0 }.map { try $0!.get() }
}

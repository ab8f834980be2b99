public import CasebookCore
import Foundation
import Synchronization

/// Runs `SiteChecker` with the per-case step spread over `jobs` concurrent tasks; the
/// result is the same, in the same order, whatever the number of jobs.
public struct SiteCheck: Sendable {
    public var checker: SiteChecker
    public var jobs: Int
    /// Whether every case's outcome is freed once the result is made; a command that
    /// exits when the check is done leaves that to the exit (10,000 outcomes took the
    /// last 0.02 s of a check, on one thread).
    public var freesMemory: Bool

    /// What checking a case reads besides its file, when `preparing(_:)` began making it.
    private var prepared: MadeOnce<SiteChecker.Context>?

    public init(checker: SiteChecker, jobs: Int, freesMemory: Bool = true) {
        self.checker = checker
        self.jobs = max(1, jobs)
        self.freesMemory = freesMemory
    }

    /// This check, with what checking a case reads besides its file (`SiteChecker.prepare`)
    /// made from the site's settings alone (`SiteLoader.load(settings:)`) on a thread of
    /// its own, while the case files load: made when a check of every case began, every
    /// core waited for it (the first 0.015 s of checking 10,000 cases).
    public func preparing(_ settings: SiteSources) -> SiteCheck {
        var check = self
        let checker = self.checker
        let prepared = MadeOnce { checker.prepare(settings) }
        prepared.start()
        check.prepared = prepared
        return check
    }

    public func run(_ sources: SiteSources) async -> CheckResult {
        await run(sources) { file, checker, context in (checker.checkCase(file, in: context()), ()) }.result
    }

    /// The check with each case file's outcome made by `step`, which may take it from
    /// elsewhere than `checkCase`, and gives something besides, kept in input order.
    /// `step` asks for what checking a case reads besides its file only when it checks
    /// one: made once, side by side with the steps (site.yml, the schema, a thousand
    /// enterprises and the registries took 0.01 s at 10,000 cases on one thread before
    /// any outcome was taken from the cache).
    /// `linking` is called once every case's step is done, before the steps across cases
    /// (links, duplicate ids), which run on one thread: for the caller to start work of
    /// its own on the other cores.
    public func run<Extra: Sendable>(
        _ sources: SiteSources, linking: () -> Void = {},
        step: @escaping @Sendable (ContentFile, SiteChecker, () -> SiteChecker.Context) -> (SiteChecker.CaseOutcome, Extra)
    ) async -> (result: CheckResult, extras: [Extra]) {
        let checker = self.checker
        let prepared = self.prepared ?? MadeOnce { checker.prepare(sources) }
        async let made: Void = { _ = prepared.value }()
        let (outcomes, extras) = await concurrentMap(sources.cases, jobs: jobs) { step($0, checker, { prepared.value }) }
        await made
        let context = prepared.value
        let pages = sources.pages.map { (file: $0, result: checker.checkPage($0)) }
        // Each case's links resolved side by side: on one thread, between the cases'
        // checks and the site's, they were a tenth of a 10,000-case check's wall time.
        let targets = checker.linkTargets(of: outcomes, sources: sources)
        // Each outcome read where it lies: `outcomes[i]` as an argument was a copy of it.
        let problems = await concurrentMap(Array(outcomes.indices), jobs: jobs) { [outcomes] i in
            outcomes.withUnsafeBufferPointer { checker.linkProblems(of: $0[i], targets: targets) }
        }
        linking()
        let result = checker.link(outcomes, pages: pages, sources: sources, context: context, linked: (targets, problems))
        if !freesMemory { keepUntilExit(consume outcomes) }
        return (result, extras)
    }
}

/// `items.map(transform)` over up to `jobs` concurrent tasks, results in input order.
public func concurrentMap<T: Sendable, R: Sendable>(
    _ items: [T], jobs: Int, _ transform: @escaping @Sendable (T) -> R
) async -> [R] {
    guard jobs > 1, items.count > 1 else { return items.map(transform) }
    let slots = await concurrentFill(items, jobs: jobs, transform)
    defer { slots.deallocate() }
    return [R](unsafeUninitializedCapacity: slots.count) { out, count in
        out.baseAddress!.moveInitialize(from: slots.baseAddress!, count: slots.count)
        count = slots.count
    }
}

/// `concurrentMap` of a transform that makes pairs, as the array of the first of each
/// pair and the array of the second.
public func concurrentMap<T: Sendable, A: Sendable, B: Sendable>(
    _ items: [T], jobs: Int, _ transform: @escaping @Sendable (T) -> (A, B)
) async -> ([A], [B]) {
    let slots = await concurrentFill(items, jobs: max(1, jobs), transform)
    defer { slots.deallocate() }
    var firsts: [A] = [], seconds: [B] = []
    firsts.reserveCapacity(slots.count)
    seconds.reserveCapacity(slots.count)
    for i in slots.indices {
        // Moved, not copied: a case's outcome is a large value.
        let (a, b) = (slots.baseAddress! + i).move()
        firsts.append(consume a)
        seconds.append(consume b)
    }
    return (firsts, seconds)
}

/// The results of `transform` over `items`, in input order, made over up to `jobs`
/// concurrent tasks straight into a buffer the caller moves them out of and frees:
/// results are large values (a case's check outcome), and gathering them chunk by chunk
/// copied each one, field by field, on one thread.
private func concurrentFill<T: Sendable, R: Sendable>(
    _ items: [T], jobs: Int, _ transform: @escaping @Sendable (T) -> R
) async -> UnsafeMutableBufferPointer<R> {
    let slots = UnsafeMutableBufferPointer<R>.allocate(capacity: items.count)
    let base = Slots(base: slots.baseAddress)
    // Sixteen chunks a task: a task that finishes its last chunk early waits at most
    // one small chunk for the others (with four, a fifth of a 10,000-case check).
    let chunkSize = max(1, (items.count + jobs * 16 - 1) / (jobs * 16))
    let chunks = stride(from: 0, to: items.count, by: chunkSize).map { $0..<min($0 + chunkSize, items.count) }
    await withTaskGroup(of: Void.self) { group in
        var next = 0
        func start(_ range: Range<Int>) {
            group.addTask {
                // Each item read where it lies: `items[i]` as an argument was a copy of
                // it (a case file's every field retained, 10,000 times).
                items.withUnsafeBufferPointer { items in
                    for i in range { (base.base! + i).initialize(to: transform(items[i])) }
                }
            }
        }
        while next < min(jobs, chunks.count) { start(chunks[next]); next += 1 }
        while await group.next() != nil {
            if next < chunks.count { start(chunks[next]); next += 1 }
        }
    }
    return slots
}

/// The results buffer, written by the tasks of `concurrentFill` at disjoint indexes.
private struct Slots<R>: @unchecked Sendable {
    let base: UnsafeMutablePointer<R>?
}

/// `items.map(transform)` on every core, for synchronous callers (reading files, writing
/// them): results in input order; the first error thrown, if any, is rethrown once all
/// items are done.
///
/// Each result goes straight into its own slot of a buffer, without a lock: stored under
/// one lock for all, the 10,000 stamps of a build's case files waited on each other.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) throws -> R) throws -> [R] {
    let slots = UnsafeMutableBufferPointer<Result<R, any Error>>.allocate(capacity: items.count)
    defer {
        slots.deinitialize()
        slots.deallocate()
    }
    let base = Slots(base: slots.baseAddress)
    // A few chunks a core, so that a core that finishes early takes over a small one.
    let chunks = min(items.count, ProcessInfo.processInfo.activeProcessorCount * 16)
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        // Each item read where it lies, not copied as an argument.
        items.withUnsafeBufferPointer { items in
            for i in (items.count * chunk / chunks)..<(items.count * (chunk + 1) / chunks) {
                (base.base! + i).initialize(to: Result { try transform(items[i]) })
            }
        }
    }
    return try slots.map { try $0.get() }
}

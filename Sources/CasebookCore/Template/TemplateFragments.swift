import Synchronization

/// What a list item wrote the first time a section showed it, copied when the same
/// section shows the same item again: a case's card on its five term pages and beside
/// the cases related to it, a table row on every page that compares its case.
///
/// Only items that say so (`TemplateObject.keptFragments`) are kept: views that are
/// immutable objects, so that the same object always answers the same; each holds its
/// renderings itself (`KeptFragments`). What an item's output reads from outside it is
/// looked up again where the bytes are copied: a variable it shows (`{{root}}` from the
/// page) is a hole in the kept bytes, written afresh at each copy, so that a card is
/// written once for the pages of every depth; a section's test (`{{^last()}}` from its
/// place in the list, a key the item lacks) is kept beside the bytes, and a difference
/// renders the item afresh. An item that reads a whole object
/// or list from outside, or a `{{$block}}`, is not kept at all. So a render with
/// fragments writes the same bytes as one without, which a test checks page by page.
///
/// Items that also say what they show across builds (`KeptFragments.Identity`) outlast
/// the build on the pages that note where they lie (`Theme.render(page:)`): the next
/// build finds their renderings in those pages (`KeptRenderings`, `restore`).
///
/// Shared by the threads rendering the pages of one build.
public final class TemplateFragments: Sendable {
    /// Tells the renderings kept for this table from those of another (a later build's
    /// renderer showing the same item): never the same for two tables.
    let generation: UInt64
    private let kept = Atomic<Int>(0)

    private static let generations = Atomic<UInt64>(0)

    /// The library's sections and paths by number, for the renderings kept across
    /// builds; nil when none are (`init()`).
    private let names: StableNames?
    /// Where the last build's renderings lie (`KeptRenderings`).
    private let previous: KeptRenderings?
    /// Reads a page the last build wrote, by its path in the site.
    private let readPage: (@Sendable (String) -> PageBytes?)?
    /// The last build's pages, by number in `previous`, each read when first asked for;
    /// empty when a page could not be read or is not the page it was (its size and
    /// fingerprint). A lock per page: with one for all, the thread reading the report
    /// (31 MB at 10,000 cases) held up every restore of the other thread's pages.
    private let pages: [PageSlot]

    private final class PageSlot: Sendable {
        /// Nil until read; then the page, or nil when it is not as it was written.
        let page = Mutex<PageBytes??>(nil)
    }
    /// Where this build's renderings lie, page by page, for the next build.
    private let lasting: Mutex<KeptRenderings.Writer>

    /// Renderings for this build alone.
    public init() {
        generation = Self.generations.wrappingAdd(1, ordering: .relaxed).newValue
        names = nil
        previous = nil
        readPage = nil
        pages = []
        lasting = Mutex(KeptRenderings.Writer(context: ""))
    }

    /// Renderings that outlast the build: those `previous` says the last build wrote of
    /// the items of `library`'s sections are read from its pages (`readPage`) and found
    /// here as if this build had made them; `archive()` gives, under `context`, where the
    /// pages of this build that note it (`Theme.render(page:)`) hold them.
    public init(library: [String: Template], previous: KeptRenderings?, context: String,
                readPage: @escaping @Sendable (String) -> PageBytes?) {
        generation = Self.generations.wrappingAdd(1, ordering: .relaxed).newValue
        names = StableNames(library)
        self.previous = previous?.context == context ? previous : nil
        self.readPage = readPage
        pages = (self.previous?.pages ?? []).map { _ in PageSlot() }
        lasting = Mutex(KeptRenderings.Writer(context: context))
    }

    /// Whether renderings outlast the build.
    var lasts: Bool { names != nil }

    /// Whether there are the last build's renderings to copy from.
    var restores: Bool { previous != nil }

    /// The section, by the address of its operation in its program: stable while the compiled
    /// templates live, which they do as long as the renderer that owns this table.
    typealias Body = UInt

    /// A lookup that went outside the item, with what it found.
    struct Escape: Sendable {
        var path: TemplatePath
        var found: Snapshot
    }

    /// A value a lookup found, in a form that can be compared.
    enum Snapshot: Equatable, Sendable {
        case missing, text(String), int(Int), bool(Bool)

        /// Nil for objects and lists, which are not compared.
        init?(_ value: TemplateValue) {
            switch value {
            case .missing: self = .missing
            case .text(let s): self = .text(s)
            case .int(let n): self = .int(n)
            case .bool(let b): self = .bool(b)
            case .object, .list: return nil
            }
        }
    }

    /// A variable the item showed from outside it (`{{root}}`), where its output lies in
    /// the kept bytes: what it shows where the bytes are copied is written in its place.
    struct Hole: Sendable {
        var offset: Int
        var length: Int
        var path: TemplatePath
        var escaped: Bool
    }

    /// An object, so that handing one out of the table is a single retain. Sendable:
    /// its bytes are never written and live as long as it (`owner`).
    final class Entry: @unchecked Sendable {
        /// Lookups from outside that decide what the item writes (sections): each must
        /// find the same for the bytes to be copied.
        let escapes: [Escape]
        /// Variables shown from outside, in order.
        let holes: [Hole]
        /// What it wrote, holes and all (their offsets count from its start), valid
        /// while `owner` lives: a page of the last build, or a copy of this build's.
        let bytes: UnsafeRawBufferPointer
        private let owner: PageBytes

        init(escapes: [Escape], holes: [Hole], in owner: PageBytes, at range: Range<Int>) {
            self.escapes = escapes
            self.holes = holes
            self.owner = owner
            bytes = owner.slice(range)
        }
    }

    /// How many renderings of one item in one section are kept (with another `{{root}}`,
    /// another place in the list); past that the latest replaces the last kept.
    static let variantsKept = 4

    func entries(of item: KeptFragments, in body: Body) -> [Entry] {
        item.entries(generation: generation, body: body)
    }

    func keep(_ entry: Entry, of item: KeptFragments, in body: Body) {
        if item.keep(entry, generation: generation, body: body) { kept.add(1, ordering: .relaxed) }
    }

    /// What the last build wrote of `item` in `body`, kept here too; none when it wrote
    /// nothing where it can be read back (or the item does not say what it shows).
    /// `last`: the page the caller's thread found last, asked for again without the
    /// page's lock and its retains (most items of a page lie in one page of the last build).
    func restore(_ item: KeptFragments, in body: Body, last: inout LastPage) -> [Entry] {
        guard let names, let previous, let identity = item.identity, let section = names.sections[body] else { return [] }
        var entries: [Entry] = []
        previous.forEachPayload(Self.key(identity, section), limit: Self.variantsKept) { payload in
            guard let place = previous.place(payload), let page = page(place.page, last: &last), place.range.upperBound <= page.count,
                  let entry = try? names.entry(outside: place.rest, in: page, at: place.range) else { return }
            // An item shown once in the build is not looked for again.
            if !item.once { keep(entry, of: item, in: body) }
            entries.append(entry)
        }
        return entries
    }

    /// The size of the page at `path` in the last build, when it holds kept renderings.
    func previousSize(of path: String) -> Int? {
        previous?.pages.first { $0.path == path }?.size
    }

    /// The page of the last build one rendering thread found last (`restore`).
    struct LastPage {
        fileprivate var number = -1
        fileprivate var page: PageBytes?
    }

    /// `page(_:)`, from `last` when it is that page.
    private func page(_ number: Int, last: inout LastPage) -> PageBytes? {
        if number == last.number { return last.page }
        last = LastPage(number: number, page: page(number))
        return last.page
    }

    /// Page `number` of the last build, read once; nil when it is not as it was written.
    /// Held as long as this table: what is copied out of it points into it.
    private func page(_ number: Int) -> PageBytes? {
        guard let previous, let readPage else { return nil }
        return pages[number].page.withLock { page in
            if let page { return page }
            let (path, size, print) = previous.pages[number]
            let read = readPage(path).flatMap { $0.count == size && $0.withUnsafeBytes(Self.print) == print ? $0 : nil }
            page = .some(read)
            return read
        }
    }

    /// Bytes that only `identity` decides (a case's part of an export), where the last
    /// build wrote them, valid while this table lives; nil when they are to be written
    /// afresh.
    public func part(_ identity: KeptFragments.Identity) -> UnsafeRawBufferPointer? {
        guard let previous, let payload = previous.firstPayload(Self.key(identity, Self.partSection)),
              let place = previous.place(payload), place.rest.isEmpty, let page = page(place.page),
              place.range.upperBound <= page.count else { return nil }
        return page.slice(place.range)
    }

    /// The section number of parts (`part(_:)`), which no template section has.
    static let partSection = -1

    /// Where a rendering of an item lies in the page being written.
    struct Location {
        var item: KeptFragments
        var body: Body
        var range: Range<Int>
        var escapes: [Escape]
        /// Where what it shows from outside lies in it, in this page.
        var holes: [Hole]
    }

    /// The fingerprint of a page, which it must have when read back: the output folder
    /// may hold another site of the same size (a build with `--no-cache`).
    static func print(_ page: [UInt8]) -> StableKey {
        page.withUnsafeBytes(print)
    }

    static func print(_ page: UnsafeRawBufferPointer) -> StableKey {
        var print = Fingerprint()
        print.add(page)
        return print.key
    }

    /// Notes where the renderings of the items of page `path` (`bytes`) lie, for the
    /// next build; those of items that do not say what they show are left out.
    func located(page path: String, bytes: [UInt8], _ locations: [Location]) {
        guard let names else { return }
        var payloads = KeptRenderings.Payloads()
        for location in locations {
            guard let identity = location.item.identity, let section = names.sections[location.body],
                  names.canName(location.escapes, location.holes) else { continue }
            payloads.add(key: Self.key(identity, section), range: location.range) {
                names.writeOutside(location.escapes, location.holes, into: &$0)
            }
        }
        note(page: path, bytes: bytes, payloads)
    }

    /// Notes where the parts (`part(_:)`) of a file of the site lie, likewise.
    public func located(page path: String, bytes: [UInt8], parts: [(identity: KeptFragments.Identity, range: Range<Int>)]) {
        guard names != nil else { return }
        var payloads = KeptRenderings.Payloads()
        for part in parts {
            payloads.add(key: Self.key(part.identity, Self.partSection), range: part.range) { _ in }
        }
        note(page: path, bytes: bytes, payloads)
    }

    private func note(page path: String, bytes: [UInt8], _ payloads: KeptRenderings.Payloads) {
        let print = Self.print(bytes)
        lasting.withLock { $0.add(page: path, size: bytes.count, print: print, payloads) }
    }

    /// The archive for the next build (`KeptRenderings`): where this build's pages hold
    /// their items, and where the last build's pages this one did not render do. Empty
    /// for renderings of this build alone.
    public func archive() -> [UInt8] {
        guard names != nil else { return [] }
        // Taken out, not copied.
        var writer = KeptRenderings.Writer(context: "")
        lasting.withLock { swap(&$0, &writer) }
        return writer.finish(previous: previous)
    }

    static func key(_ identity: KeptFragments.Identity, _ section: Int) -> StableKey {
        var print = Fingerprint()
        print.add(identity.key)
        print.add(number: section)
        return print.key
    }

    /// How many renderings are kept, for tests.
    var count: Int { kept.load(ordering: .relaxed) }
}

/// The renderings `TemplateFragments` kept of one item, held by the item: finding them
/// is a lock no other thread is likely to hold and a look at the item's few sections.
/// In one table of every item of the site, each lookup was a hash and a probe that
/// mostly missed the processor's cache (3 % of a 10,000-case build).
public final class KeptFragments: Sendable {
    private struct State {
        /// The table they were kept for; those of an earlier one are dropped.
        var generation: UInt64 = 0
        var sections: [(body: TemplateFragments.Body, entries: [TemplateFragments.Entry])] = []
    }

    private let state = Mutex(State())
    /// What the item shows, for keeping its renderings across builds; nil: for this build only.
    let identity: Identity?

    /// An item's name across builds: everything it shows is decided by its owner (its
    /// case file's fingerprint, under the context of `KeptRenderings`) and by `kind` and
    /// `variant` (a table row's columns and best cells). Two items of the same identity
    /// must show the same: an identity that leaves out something the item shows would
    /// copy stale output.
    public struct Identity: Sendable {
        let key: StableKey

        public init(owner: StableKey, kind: String, variant: [Int] = []) {
            var print = Fingerprint()
            print.add(owner)
            print.add(kind)
            print.add(numbers: variant)
            key = print.key
        }
    }

    /// Whether the item shows once in a build (a digest in the report): its renderings
    /// are only noted where they lie for the next build, not kept to be copied in this one.
    let once: Bool

    public init(identity: Identity? = nil, once: Bool = false) {
        self.identity = identity
        self.once = once
    }

    fileprivate func entries(generation: UInt64, body: TemplateFragments.Body) -> [TemplateFragments.Entry] {
        state.withLock { state in
            guard state.generation == generation else { return [] }
            return state.sections.first { $0.body == body }?.entries ?? []
        }
    }

    /// Whether the entry was added (not put in the place of another).
    fileprivate func keep(_ entry: TemplateFragments.Entry, generation: UInt64, body: TemplateFragments.Body) -> Bool {
        state.withLock { state in
            if state.generation != generation { state = State(generation: generation) }
            guard let i = state.sections.firstIndex(where: { $0.body == body }) else {
                state.sections.append((body, [entry]))
                return true
            }
            if state.sections[i].entries.count < TemplateFragments.variantsKept {
                state.sections[i].entries.append(entry)
                return true
            }
            state.sections[i].entries[TemplateFragments.variantsKept - 1] = entry
            return false
        }
    }
}

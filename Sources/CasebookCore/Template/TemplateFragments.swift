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
/// Shared by the threads rendering the pages of one build.
public final class TemplateFragments: Sendable {
    /// Tells the renderings kept for this table from those of another (a later build's
    /// renderer showing the same item): never the same for two tables.
    let generation: UInt64
    private let kept = Atomic<Int>(0)

    private static let generations = Atomic<UInt64>(0)

    public init() {
        generation = Self.generations.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// The section's body, by the address of its node array: stable while the compiled
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

    /// An object, so that handing one out of the table is a single retain.
    final class Entry: Sendable {
        /// Lookups from outside that decide what the item writes (sections): each must
        /// find the same for the bytes to be copied.
        let escapes: [Escape]
        /// Variables shown from outside, in order.
        let holes: [Hole]
        let bytes: [UInt8]

        init(escapes: [Escape], holes: [Hole], bytes: [UInt8]) {
            self.escapes = escapes
            self.holes = holes
            self.bytes = bytes
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

    public init() {}

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

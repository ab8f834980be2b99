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

    /// The library's sections and paths by number, for the renderings kept across
    /// builds; nil when none are (`init()`).
    private let names: StableNames?
    /// What the last build kept (`KeptRenderings`).
    private let previous: KeptRenderings?
    /// What this build keeps for the next: each rendering of an item that says what it
    /// shows (`KeptFragments.identity`), written as it is kept (while `names` is not nil).
    private let lasting: Mutex<KeptRenderings.Writer>

    /// Renderings for this build alone.
    public init() {
        generation = Self.generations.wrappingAdd(1, ordering: .relaxed).newValue
        names = nil
        previous = nil
        lasting = Mutex(KeptRenderings.Writer(context: ""))
    }

    /// Renderings that outlast the build: those `previous` kept of the items of `library`'s
    /// sections are found here as if this build had made them, and `archive(live:)` gives
    /// what this build kept for the next, under `context` (`KeptRenderings`).
    public init(library: [String: Template], previous: KeptRenderings?, context: String) {
        generation = Self.generations.wrappingAdd(1, ordering: .relaxed).newValue
        names = StableNames(library)
        self.previous = previous?.context == context ? previous : nil
        lasting = Mutex(KeptRenderings.Writer(context: context))
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
        /// Offsets (of holes) count from its start index, which is not 0 in bytes read
        /// back from `KeptRenderings`.
        let bytes: ArraySlice<UInt8>

        init(escapes: [Escape], holes: [Hole], bytes: ArraySlice<UInt8>) {
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
        keep(entry, of: item, in: body, payload: nil)
    }

    /// Keeps `entry`, and for the next build too when the item says what it shows:
    /// `payload` when it was read back as that (`restore`), else written anew.
    private func keep(_ entry: Entry, of item: KeptFragments, in body: Body, payload: ArraySlice<UInt8>?) {
        guard item.keep(entry, generation: generation, body: body) else { return }
        kept.add(1, ordering: .relaxed)
        guard let names, let identity = item.identity, let section = names.sections[body] else { return }
        let key = Self.key(identity, section)
        if let payload {
            lasting.withLock { $0.add(key: key, owner: identity.owner, kept: payload) }
        } else if names.canName(entry) {
            lasting.withLock { $0.add(key: key, owner: identity.owner) { names.write(entry, into: &$0) } }
        }
    }

    /// What the last build kept of `item` in `body`, kept here too; none when it kept
    /// nothing (or the item does not say what it shows).
    func restore(_ item: KeptFragments, in body: Body) -> [Entry] {
        guard let names, let previous, let identity = item.identity, let section = names.sections[body] else { return [] }
        var entries: [Entry] = []
        for payload in previous.payloads(Self.key(identity, section)).prefix(Self.variantsKept) {
            guard let entry = try? names.entry(from: payload) else { continue }
            keep(entry, of: item, in: body, payload: payload)
            entries.append(entry)
        }
        return entries
    }

    /// Bytes that only `identity` decides (a case's part of an export): those the last
    /// build kept under it, or what `make` makes; kept for the next build either way.
    public func part(_ identity: KeptFragments.Identity?, make: () -> [UInt8]) -> ArraySlice<UInt8> {
        guard names != nil, let identity else { return make()[...] }
        let key = Self.key(identity, Self.partSection)
        if let kept = previous?.firstPayload(key) {
            lasting.withLock { $0.add(key: key, owner: identity.owner, kept: kept) }
            return kept
        }
        let bytes = make()
        lasting.withLock { $0.add(key: key, owner: identity.owner) { $0.write(raw: bytes) } }
        return bytes[...]
    }

    /// The section number of parts (`part(_:make:)`), which no template section has.
    static let partSection = -1

    /// The archive for the next build (`KeptRenderings`): this build's renderings, and
    /// those the last one kept that this one did not make, of the cases still `live`
    /// (their files' fingerprints). Empty for renderings of this build alone.
    public func archive(live: Set<StableKey>) -> [UInt8] {
        guard names != nil else { return [] }
        // Taken out, not copied: finishing it in place of a copy would copy 50 MB.
        var writer = KeptRenderings.Writer(context: "")
        lasting.withLock { swap(&$0, &writer) }
        return writer.finish(previous: previous, live: live)
    }

    static func key(_ identity: KeptFragments.Identity, _ section: Int) -> StableKey {
        var print = Fingerprint()
        print.add(identity.key)
        print.add(numbers: [section])
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
        public let owner: StableKey
        let key: StableKey

        public init(owner: StableKey, kind: String, variant: [Int] = []) {
            self.owner = owner
            var print = Fingerprint()
            print.add(owner)
            print.add(kind)
            print.add(numbers: variant)
            key = print.key
        }
    }

    public init(identity: Identity? = nil) {
        self.identity = identity
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

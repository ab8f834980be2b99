import Synchronization

/// What a list item wrote the first time a section showed it, copied when the same
/// section shows the same item again: a case's card on its five term pages and beside
/// the cases related to it, a table row on every page that compares its case.
///
/// Only items that say so (`TemplateObject.fragment`) are kept: views that are immutable
/// objects, so that the same object always answers the same. What an item's output
/// reads from outside it is looked up again where the bytes are copied: a variable it
/// shows (`{{root}}` from the page) is a hole in the kept bytes, written afresh at each
/// copy, so that a card is written once for the pages of every depth; a section's test
/// (`{{^last()}}` from its place in the list, a key the item lacks) is kept beside the
/// bytes, and a difference renders the item afresh. An item that reads a whole object
/// or list from outside, or a `{{$block}}`, is not kept at all. So a render with
/// fragments writes the same bytes as one without, which a test checks page by page.
///
/// Shared by the threads rendering the pages of one build.
public final class TemplateFragments: Sendable {
    struct Key: Hashable {
        /// The section's body, by the address of its node array (stable while the
        /// compiled templates live, which they do as long as the renderer that owns this).
        var body: UInt
        var item: ObjectIdentifier
    }

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
        /// Holds the item, so that no other object takes its identity while the entry lives.
        let item: any TemplateObject & Sendable & AnyObject
        /// Lookups from outside that decide what the item writes (sections): each must
        /// find the same for the bytes to be copied.
        let escapes: [Escape]
        /// Variables shown from outside, in order.
        let holes: [Hole]
        let bytes: [UInt8]

        init(item: any TemplateObject & Sendable & AnyObject, escapes: [Escape], holes: [Hole], bytes: [UInt8]) {
            self.item = item
            self.escapes = escapes
            self.holes = holes
            self.bytes = bytes
        }
    }

    /// How many renderings of one item in one section are kept (with another `{{root}}`,
    /// another place in the list); past that the latest replaces the last kept.
    static let variantsKept = 4

    /// The table in parts, each behind its own lock, chosen by the item: every card and
    /// row of a page takes a lock, and with one lock the threads of a build queued there.
    private let shards = (0..<16).map { _ in Shard() }

    private final class Shard: Sendable {
        let entries = Mutex<[Key: [Entry]]>([:])
    }

    public init() {}

    private func shard(_ key: Key) -> Shard {
        // Objects are 16-byte aligned: the bits above those tell neighbours apart.
        shards[Int(truncatingIfNeeded: UInt(bitPattern: key.item) >> 4) & (shards.count - 1)]
    }

    func entries(for key: Key) -> [Entry] {
        shard(key).entries.withLock { $0[key] ?? [] }
    }

    func keep(_ entry: Entry, for key: Key) {
        shard(key).entries.withLock { all in
            var kept = all[key] ?? []
            if kept.count < Self.variantsKept { kept.append(entry) } else { kept[kept.count - 1] = entry }
            all[key] = kept
        }
    }

    /// How many renderings are kept, for tests.
    var count: Int { shards.reduce(0) { sum, shard in sum + shard.entries.withLock { $0.values.reduce(0) { $0 + $1.count } } } }
}

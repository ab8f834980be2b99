/// The pairs of a YAML mapping by key (`Reporter.fields`), in the document's order, a
/// key written twice standing for its last pair. A mapping of front matter has a few
/// keys and is asked for each of them once: its keys are compared (lengths first), not
/// hashed. As a dictionary, every case's dozen fields, tiers, metrics and partners were
/// hashed into tables and hashed again to look each up: 5 % of a check of 10,000 cases.
public struct YAMLFields: Sequence, Sendable {
    public typealias Element = (key: String, value: YAMLPair)
    private var pairs: [Element] = []

    public init(minimumCapacity: Int = 0) {
        pairs.reserveCapacity(minimumCapacity)
    }

    public var count: Int { pairs.count }
    public var isEmpty: Bool { pairs.isEmpty }
    /// The keys, each once, in the document's order.
    public var keys: [String] { pairs.map(\.key) }

    public subscript(key: String) -> YAMLPair? {
        get { index(of: key).map { pairs[$0].value } }
        set {
            switch (index(of: key), newValue) {
            case (let i?, let value?): pairs[i].value = value
            case (let i?, nil): pairs.remove(at: i)
            case (nil, let value?): pairs.append((key, value))
            case (nil, nil): break
            }
        }
    }

    public func makeIterator() -> IndexingIterator<[Element]> { pairs.makeIterator() }

    private func index(of key: String) -> Int? {
        let length = key.utf8.count
        return pairs.firstIndex { $0.key.utf8.count == length && $0.key == key }
    }
}

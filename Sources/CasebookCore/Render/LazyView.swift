import Synchronization

/// A list item of a page that shows every case, made only when the page renders it: an
/// item the last build's page holds is copied from there (`KeptRenderings`) without its
/// view being made, so that a build after one case changed does not make 10,000 digests,
/// case rows and table rows to copy 10,000 renderings. Shows what its view shows; it is
/// kept, not the view, under `identity`: once a page when it shows on one page only
/// (within a build there is nothing to copy), else for every page that shows it.
public final class LazyView<View: TemplateObject & Sendable>: TemplateObject, Sendable {
    private let kept: KeptFragments
    private let make: @Sendable () -> View
    private let made = Mutex<View?>(nil)
    /// The address of the view `made` holds, once it is made (0 before): read without the
    /// lock, which every lookup took (2 % of a full build's time).
    private let published = Atomic<Int>(0)

    public init(identity: KeptFragments.Identity?, once: Bool = true, _ make: @escaping @Sendable () -> View) {
        kept = KeptFragments(identity: identity, once: once)
        self.make = make
    }

    /// The view, made on first use.
    public var view: View {
        made.withLock { made in
            if let view = made { return view }
            let view = make()
            made = view
            published.store(Int(bitPattern: Unmanaged.passUnretained(view).toOpaque()), ordering: .releasing)
            return view
        }
    }

    public func value(forKey key: String) -> TemplateValue {
        // `made` holds the view as long as this lives.
        if let view = UnsafeRawPointer(bitPattern: published.load(ordering: .acquiring)) {
            return Unmanaged<View>.fromOpaque(view)._withUnsafeGuaranteedRef { $0.value(forKey: key) }
        }
        return view.value(forKey: key)
    }

    /// Nothing to keep of a view shown once a build that no later build copies.
    public var keptFragments: KeptFragments? { kept.identity == nil && kept.once ? nil : kept }
}

/// The renderer behind one reference, for the closures of a page's lazy views: a closure
/// that captured the renderer itself copied every one of its fields (some thirty
/// references, each retained) into a context of its own, for each of 50,000 views at
/// 10,000 cases.
final class RendererReference: Sendable {
    let renderer: SiteRenderer

    init(_ renderer: SiteRenderer) {
        self.renderer = renderer
    }
}

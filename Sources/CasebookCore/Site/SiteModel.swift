/// What the site shows, derived from a clean check: the published cases in display order
/// and, per tier, every term a published case uses. Pure and deterministic: the order
/// never depends on the file system or on hashing.
public struct SiteModel: Sendable {
    /// A code of a tier that at least one published case uses.
    public struct Term: Sendable, Hashable {
        public var tier: Tier
        public var code: String
        public var title: String
        /// The term one tier up, for a sector (its industry) or an enterprise (its sector).
        public var parent: TermRef?
        /// Indexes into `cases`, in display order.
        public var cases: [Int]
    }

    public struct TermRef: Sendable, Hashable {
        public var tier: Tier
        public var code: String
        public var title: String
    }

    public var config: SiteConfig
    public var schema: Schema
    public var registries: [String: Registry]
    public var enterprises: [String: Enterprise]
    /// Published cases (and drafts when asked for), newest first, then by id.
    public var cases: [Case]
    /// Pages of `content/pages/`, by name.
    public var pages: [Page]
    public var terms: [Tier: [Term]]
    /// Where each code sits in `terms[tier]`.
    var termIndex: [Tier: [String: Int]] = [:]
    /// Where each case's id sits in `cases`.
    public var caseIndex: [String: Int]
    /// Where each case's file (`cases/x.md`) sits in `cases`, for rewriting links.
    public var caseByPath: [String: Int]

    public init(result: CheckResult, includeDrafts: Bool) {
        let schema = result.schema ?? .standard
        self.config = result.config
        self.schema = schema
        self.registries = result.registries
        self.enterprises = Dictionary(result.enterprises.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Filter and sort positions, not the cases themselves: copying a case copies all
        // its fields, so each is copied once, into its place.
        let all = result.cases
        // Newest first, then by id: the dates compared as numbers gathered once, and the
        // ids in place only between cases of the same day (each comparison made two
        // tuples of a date and a string, a retain and a release of each id, 140,000
        // times at 10,000 cases, on the one thread that makes the model).
        let dates = all.indices.map { all[$0].date }
        let order = all.indices.filter { includeDrafts || !all[$0].draft }
            .sorted { dates[$0] != dates[$1] ? dates[$0] > dates[$1] : all[$0].id < all[$1].id }
        let cases = order.map { all[$0] }
        self.cases = cases
        self.pages = result.pages.sorted { $0.name < $1.name }
        self.caseIndex = Dictionary(cases.indices.map { (cases[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        self.caseByPath = Dictionary(cases.indices.map { (cases[$0].relativePath, $0) }, uniquingKeysWith: { a, _ in a })
        // Each case's codes read in one pass over its tiers, each code's list found once
        // and added to in place: looking each tier up in every case, and each code twice,
        // took 0.02 s at 10,000 cases, on the one thread a build then runs.
        var byCode = [[String: [Int]]](repeating: [:], count: Tier.allCases.count)
        for index in cases.indices {
            for (tier, codes) in cases[index].tiers {
                let slot = Tier.allCases.firstIndex(of: tier)!
                for code in codes { byCode[slot][code, default: []].appendOnce(index) }
            }
        }
        var terms: [Tier: [Term]] = [:]
        for (slot, tier) in Tier.allCases.enumerated() {
            terms[tier] = byCode[slot].sorted { $0.key < $1.key }.map { code, cases in
                Term(tier: tier, code: code, title: "", parent: nil, cases: cases)
            }
        }
        self.terms = terms
        for tier in Tier.allCases {
            termIndex[tier] = Dictionary(uniqueKeysWithValues: terms[tier]!.enumerated().map { ($1.code, $0) })
            self.terms[tier] = terms[tier]!.map { term in
                var term = term
                term.title = title(of: tier, code: term.code)
                term.parent = parent(of: tier, code: term.code)
                return term
            }
        }
    }

    /// The model with an edited case in place of the old one, when the edit leaves the
    /// order of the cases and every term as they were (same id, date, codes and draft
    /// flag); nil when the model must be made again.
    public func replacing(_ edited: Case) -> SiteModel? {
        guard let index = caseByPath[edited.relativePath] else { return nil }
        let old = cases[index]
        guard old.id == edited.id, old.date == edited.date, old.tiers == edited.tiers, old.draft == edited.draft else { return nil }
        var model = self
        model.cases[index] = edited
        return model
    }

    /// The official title of a code in its tier's registry (an enterprise's name).
    public func title(of tier: Tier, code: String) -> String {
        Self.title(of: code, in: registry(of: tier))
    }

    /// The registry a tier's codes come from, if the schema names one that is loaded.
    func registry(of tier: Tier) -> Registry? {
        schema.tiers[tier].flatMap { registries[$0.registry] }
    }

    /// A code's title in `registry`, or the code itself when it has none there.
    static func title(of code: String, in registry: Registry?) -> String {
        registry?[code]?.title ?? code
    }

    func parent(of tier: Tier, code: String) -> TermRef? {
        switch tier {
        case .sector:
            guard let spec = schema.tiers[.sector], let registry = registries[spec.registry],
                  let industryLevel = schema.tiers[.industry]?.level,
                  let industry = registry.ancestors(of: code).first(where: { $0.level == industryLevel }) else { return nil }
            return TermRef(tier: .industry, code: industry.code, title: industry.title)
        case .enterprise:
            guard let sector = enterprises[code]?.sector else { return nil }
            return TermRef(tier: .sector, code: sector, title: title(of: .sector, code: sector))
        default:
            return nil
        }
    }

    public func term(_ tier: Tier, _ code: String) -> Term? {
        termIndex[tier]?[code].map { terms[tier]![$0] }
    }

    /// Published metric values of `metric` over the cases at `indexes`.
    public func values(of metric: Metric, in indexes: [Int]) -> [MetricValue] {
        indexes.compactMap { cases[$0].metrics[metric.key] }
    }

    /// The tier's label from the schema.
    public func label(of tier: Tier) -> String {
        schema.tiers[tier]?.label ?? tier.rawValue.capitalizedFirst
    }

    /// A model's display name: `order-class` → "Order class", `rd-contract` → "R&D contract".
    public static func modelLabel(_ model: String) -> String {
        // Over bytes (a label for every card and partner of the site): `-` never stands
        // inside another character's UTF-8.
        var out: [UInt8] = []
        out.reserveCapacity(model.utf8.count + 2)
        for word in model.utf8.split(separator: UInt8(ascii: "-")) {
            if !out.isEmpty { out.append(UInt8(ascii: " ")) }
            if word.elementsEqual("rd".utf8) { out.append(contentsOf: "R&D".utf8) } else { out.append(contentsOf: word) }
        }
        guard let first = out.first, first < 0x80 else { return String(decoding: out, as: UTF8.self).capitalizedFirst }
        if first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") { out[0] = first - 32 }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Array where Element == Int {
    /// Appends `index` unless it is the last already (a case listing a code twice).
    mutating func appendOnce(_ index: Int) {
        if last != index { append(index) }
    }
}

extension String {
    /// The string with its first character upper-cased.
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}

/// The site's five-tier schema (`content/schema.yml`, SPEC §3).
public struct Schema: Sendable, Hashable {
    public struct TierSpec: Sendable, Hashable {
        public var tier: Tier
        public var label: String
        public var registry: String
        public var level: String?
        public var many: Bool
        public var within: Tier?
        /// Where the tier is defined in schema.yml, for problems found later.
        public var location: SourceLocation? = nil
    }

    public struct Dimension: Sendable, Hashable {
        public var key: String
        public var label: String
    }

    public struct Factor: Sendable, Hashable {
        public var key: String
        public var label: String
    }

    public var tiers: [Tier: TierSpec]
    /// Site registries by name: the file, relative to the content folder.
    public var registryFiles: [String: String]
    public var dimensions: [Dimension]
    public var factorScale: ClosedRange<Int>
    public var factors: [Factor]
    public var models: [String]
    public var currency: String
    public var metrics: [Metric]

    public func metric(_ key: String) -> Metric? {
        // By index: `first(where:)` handed each metric to its test, a copy retaining all
        // its texts (a case's metrics looked up among all of them, 10,000 cases, while
        // every core checking cases shares them).
        for i in metrics.indices where metrics[i].key == key { return metrics[i] }
        return nil
    }

    /// The schema of SPEC §3 with the built-in registries, for commands run without a site.
    public static let standard = Schema(
        tiers: [
            .industry: TierSpec(tier: .industry, label: "Industry", registry: "isic-rev4", level: "section", many: false),
            .sector: TierSpec(tier: .sector, label: "Sector", registry: "isic-rev4", level: "division", many: false, within: .industry),
            .enterprise: TierSpec(tier: .enterprise, label: "Enterprise", registry: "enterprises", level: nil, many: true),
            .occupation: TierSpec(tier: .occupation, label: "Occupation", registry: "isco-08", level: "unit", many: true),
            .profession: TierSpec(tier: .profession, label: "Profession", registry: "isced-f-2013", level: "detailed", many: true),
        ],
        registryFiles: ["enterprises": "enterprises.yml"],
        dimensions: [], factorScale: 1...5, factors: [], models: [], currency: "", metrics: [])
}

/// A metric of the schema (SPEC §3.2).
public struct Metric: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case integer, number, percent, money, rating, boolean
    }

    public enum Better: String, Sendable, Hashable, CaseIterable { case higher, lower }

    public var key: String
    public var label: String
    public var kind: Kind
    public var dimension: String
    public var unit: String?
    public var min: Double?
    public var max: Double?
    public var required: Bool
    public var headline: Bool
    public var better: Better

    public init(key: String, label: String, kind: Kind, dimension: String, unit: String? = nil, min: Double? = nil,
                max: Double? = nil, required: Bool = false, headline: Bool = false, better: Better = .higher) {
        self.key = key
        self.label = label
        self.kind = kind
        self.dimension = dimension
        self.unit = unit
        self.min = min
        self.max = max
        self.required = required
        self.headline = headline
        self.better = better
    }
}

extension Schema.TierSpec {
    init(tier: Tier, label: String, registry: String, level: String?, many: Bool) {
        self.init(tier: tier, label: label, registry: registry, level: level, many: many, within: nil)
    }
}

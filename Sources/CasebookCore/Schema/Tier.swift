/// The five tiers of the linkage, in their order (SPEC §3).
public enum Tier: String, Sendable, Hashable, CaseIterable, Comparable {
    case industry, sector, enterprise, occupation, profession

    public static func < (lhs: Tier, rhs: Tier) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The plural used in URLs and headings: `/industries/`.
    public var plural: String {
        switch self {
        case .industry: "industries"
        case .sector: "sectors"
        case .enterprise: "enterprises"
        case .occupation: "occupations"
        case .profession: "professions"
        }
    }
}

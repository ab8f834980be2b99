/// An enterprise of `content/enterprises.yml` (SPEC §3.1).
public struct Enterprise: Sendable, Hashable {
    public var id: String
    public var name: String
    public var sector: String
    public var country: String?
    public var size: String?
    public var url: String?

    static let fields = ["name", "sector", "country", "size", "url"]

    /// The enterprises and their problems (CB050; unknown keys CB011). `sectors` is the
    /// sector tier's registry, against which each enterprise's sector is checked.
    public static func parse(_ file: SourceFile, sectors: Registry?, sectorLevel: String?) -> ([Enterprise], [Diagnostic]) {
        let root: YAMLNode
        switch ConfigFile.root(of: file) {
        case .failure(let d): return ([], [d])
        case .success(let r): root = r
        }
        var r = Reporter(path: file.path, configFile: true)
        guard let pairs = root.mapping else {
            r.report(.cb050, at: root, "enterprises.yml must be a mapping of id to enterprise, not \(root.shapeName)")
            return ([], r.diagnostics)
        }
        var result: [Enterprise] = []
        for pair in pairs {
            guard let id = pair.keyText, isSlug(id) else {
                r.report(.cb050, at: pair.key, "enterprise id '\(pair.keyText ?? "?")' is not a slug",
                         hint: "use lower-case letters, digits and single hyphens")
                continue
            }
            guard let f = r.fields(of: pair.value, named: "enterprise \(id)", known: fields) else { continue }
            r.requireKeys(["name", "sector"], in: f, of: "enterprise \(id)", at: r.location(pair.key))
            guard let name = f["name"].flatMap({ r.text($0.value, field: "name") }),
                  let sectorNode = f["sector"]?.value, let sector = r.text(sectorNode, field: "sector") else { continue }
            if let sectors {
                if let entry = sectors[sector] {
                    if let level = sectorLevel, entry.level != level {
                        r.report(.cb050, at: sectorNode, "enterprise \(id): sector \(sector) is a \(entry.level), not a \(level)")
                    }
                } else {
                    let near = sectors.nearestCodes(to: sector, atLevel: sectorLevel).map { "\($0.code) \($0.title)" }
                    r.report(.cb050, at: sectorNode, "enterprise \(id): sector \(sector) is not in \(sectors.name)",
                             hint: near.isEmpty ? nil : "closest: \(near.joined(separator: "; "))")
                }
            }
            result.append(Enterprise(
                id: id, name: name, sector: sector,
                country: f["country"].flatMap { r.text($0.value, field: "country") },
                size: f["size"].flatMap { r.text($0.value, field: "size") },
                url: f["url"].flatMap { r.text($0.value, field: "url") }))
        }
        return (result, r.diagnostics)
    }

    /// The enterprises as a registry, so the enterprise tier is checked like the others.
    public static func registry(_ enterprises: [Enterprise], name: String) -> Registry {
        Registry(name: name, entries: enterprises.map {
            Registry.Entry(code: $0.id, level: "enterprise", title: $0.name, parent: $0.sector)
        })
    }
}

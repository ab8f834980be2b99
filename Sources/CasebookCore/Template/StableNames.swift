/// The sections and paths of a template library by number, the same in every run over the
/// same templates (which `KeptRenderings`' context includes): a rendering kept by one
/// build names its section and the paths it read from outside by these numbers, where a
/// build knows them by address.
struct StableNames: Sendable {
    /// Each section's number, by its place in its program (`TemplateFragments.Body`).
    private(set) var sections: [UInt: Int] = [:]
    private(set) var paths: [TemplatePath] = []
    private var pathNumbers: [TemplatePath: Int] = [:]

    /// Numbers every section and path of `library`, templates in name order and each
    /// template's operations in order (a partial's overridden blocks after it, in name
    /// order, as in the tree the parser made).
    init(_ library: [String: Template]) {
        for name in library.keys.sorted() {
            let program = library[name]!.program
            for index in program.all {
                let operation = program.operations[index]
                switch operation.kind {
                case .text, .block, .partial:
                    break
                case .variable:
                    number(program.paths[operation.a])
                case .section:
                    number(program.paths[operation.a])
                    sections[program.section(at: index)] = sections.count
                }
            }
        }
    }

    private mutating func number(_ path: TemplatePath) {
        if pathNumbers[path] == nil {
            pathNumbers[path] = paths.count
            paths.append(path)
        }
    }

    /// Whether every path a rendering read from outside has a number here, so that
    /// `writeOutside` can write them.
    func canName(_ escapes: [TemplateFragments.Escape], _ holes: [TemplateFragments.Hole]) -> Bool {
        escapes.allSatisfy { pathNumbers[$0.path] != nil } && holes.allSatisfy { pathNumbers[$0.path] != nil }
    }

    /// What a rendering read from outside its item, as `KeptRenderings` keeps it beside
    /// where the rendering lies (`canName` first): the lookups that decided what it
    /// wrote, and the variables it shows, each where it lies in the rendering.
    func writeOutside(_ escapes: [TemplateFragments.Escape], _ holes: [TemplateFragments.Hole], into writer: inout ArchiveWriter) {
        writer.write(escapes.count)
        for escape in escapes {
            writer.write(pathNumbers[escape.path]!)
            switch escape.found {
            case .missing: writer.write(0)
            case .text(let text): writer.write(1); writer.write(text)
            case .int(let n): writer.write(2); writer.write(n)
            case .bool(let b): writer.write(3); writer.write(b)
            }
        }
        writer.write(holes.count)
        for hole in holes {
            writer.write(pathNumbers[hole.path]!)
            writer.write(hole.offset)
            writer.write(hole.length)
            writer.write(hole.escaped)
        }
    }

    /// The rendering of `bytes` with what it read from outside as `writeOutside` wrote it.
    func entry(outside: ArraySlice<UInt8>, in page: PageBytes, at range: Range<Int>) throws(ArchiveError) -> TemplateFragments.Entry {
        var reader = ArchiveReader(outside)
        var escapes: [TemplateFragments.Escape] = []
        for _ in 0..<(try reader.read(Int.self)) {
            let path = try self.path(try reader.read())
            let found: TemplateFragments.Snapshot
            switch try reader.read(Int.self) {
            case 0: found = .missing
            case 1: found = .text(try reader.read())
            case 2: found = .int(try reader.read())
            case 3: found = .bool(try reader.read())
            case let other: throw ArchiveError(reason: "\(other) is not a kind of value")
            }
            escapes.append(.init(path: path, found: found))
        }
        var holes: [TemplateFragments.Hole] = []
        for _ in 0..<(try reader.read(Int.self)) {
            let path = try self.path(try reader.read())
            let offset: Int = try reader.read(), length: Int = try reader.read()
            holes.append(.init(offset: offset, length: length, path: path, escaped: try reader.read()))
        }
        guard reader.isAtEnd,
              holes.allSatisfy({ $0.offset >= 0 && $0.length >= 0 && $0.offset + $0.length <= range.count }),
              zip(holes, holes.dropFirst()).allSatisfy({ $0.offset + $0.length <= $1.offset }) else {
            throw ArchiveError(reason: "a hole lies outside its rendering")
        }
        return .init(escapes: escapes, holes: holes, in: page, at: range)
    }

    private func path(_ number: Int) throws(ArchiveError) -> TemplatePath {
        guard paths.indices.contains(number) else { throw ArchiveError(reason: "no path \(number)") }
        return paths[number]
    }
}

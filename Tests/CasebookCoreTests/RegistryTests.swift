import CasebookCore
import CasebookTestSupport
import Testing

@Suite struct RegistryTests {
    /// The per-level counts of shared/data/classifications/README.md.
    @Test(arguments: [
        ("isic-rev4", ["section": 21, "division": 88, "group": 238, "class": 419]),
        ("isco-08", ["major": 10, "sub-major": 43, "minor": 130, "unit": 436]),
        ("isced-f-2013", ["broad": 12, "narrow": 58, "detailed": 149]),
        ("csco-2022", ["major": 8, "medium": 72, "minor": 335, "detailed": 1632]),
    ])
    func builtInCounts(_ name: String, _ counts: [String: Int]) throws {
        let registry = try #require(BuiltInRegistries.registry(named: name))
        var actual: [String: Int] = [:]
        for entry in registry.entries { actual[entry.level, default: 0] += 1 }
        #expect(actual == counts)
    }

    @Test func builtInFilesParseWithoutProblems() {
        for name in BuiltInRegistries.names {
            #expect(BuiltInRegistries.registry(named: name)?.entries.isEmpty == false)
        }
    }

    /// A code lies within another when that one is among its ancestors, read in place
    /// without the list of them: the same answer for every pair of codes of a registry
    /// with a cycle, a parent that is not listed and codes that are not there.
    @Test func withinIsAmongTheAncestors() throws {
        func entry(_ code: String, _ parent: String?) -> Registry.Entry {
            Registry.Entry(code: code, level: "level-\(code)", title: "Title \(code)", parent: parent)
        }
        let registry = Registry(name: "test", entries: [
            entry("a", "b"), entry("b", "c"), entry("c", "a"), entry("d", "gone"), entry("e", nil), entry("f", "e"), entry("g", "f"),
        ])
        let codes = ["a", "b", "c", "d", "e", "f", "g", "gone", "x"]
        for code in codes {
            #expect(registry.level(of: code) == registry[code]?.level && registry.parent(of: code) == registry[code]?.parent)
            for other in codes {
                #expect(registry.isWithin(code, other) == registry.ancestors(of: code).contains { $0.code == other }, "\(code) in \(other)")
            }
        }
        #expect(registry.isWithin("g", "e") && registry.isWithin("a", "c") && !registry.isWithin("a", "a") && !registry.isWithin("d", "gone"))
    }

    @Test func hierarchy() throws {
        let isic = try #require(BuiltInRegistries.registry(named: "isic-rev4"))
        #expect(isic.isWithin("63", "J"))
        #expect(!isic.isWithin("10", "J"))
        #expect(isic["0111"] == nil || isic["0111"]?.level == "class")
        let isced = try #require(BuiltInRegistries.registry(named: "isced-f-2013"))
        #expect(isced["0619"]?.level == "detailed")
        #expect(isced["0688"]?.level == "detailed")
    }

    @Test func nearestCodesShareTheLongestPrefix() throws {
        let isco = try #require(BuiltInRegistries.registry(named: "isco-08"))
        let near = isco.nearestCodes(to: "2518", atLevel: "unit").map(\.code)
        #expect(near == ["2511", "2512", "2513", "2514"])
    }

    @Test func titleSearch() throws {
        let isco = try #require(BuiltInRegistries.registry(named: "isco-08"))
        #expect(isco.search("software", atLevel: "unit").map(\.code).contains("2512"))
        #expect(isco.search("25", atLevel: "unit").allSatisfy { $0.code.hasPrefix("25") })
    }

    @Test func codeLookupShowsNeighbours() throws {
        let isco = try #require(BuiltInRegistries.registry(named: "isco-08"))
        let (output, found) = CodeLookup(registry: isco, level: "unit").report(for: "software developers")
        #expect(found)
        #expect(output.contains("2512  Software Developers"))
        #expect(output.contains("nearby in 251"))
        #expect(output.contains("2511"))
    }

    @Test func siteRegistryProblemsAreCB050() {
        let (registry, diagnostics) = Registry.parse(
            name: "local", csv: "code,level,title,parent\nA,top,Alpha,\nA1,sub,\"Alpha, one\",A\nA1,sub,Again,A\nB1,sub,Orphan,B\n",
            path: "content/local.csv")
        #expect(registry["A1"]?.title == "Alpha, one")
        #expect(diagnostics.map(\.code) == [.cb050, .cb050])
        #expect(diagnostics.map(\.location.line) == [4, 5])
        let (_, unclosed) = Registry.parse(name: "local", csv: "code,level,title,parent\n\"open,x,y\n", path: "x.csv")
        #expect(unclosed.map(\.code) == [.cb050])
    }

    @Test func csvQuoting() throws {
        let rows = try CSVParser.parse("a,\"b \"\"q\"\"\",c\r\n1,2,3\n")
        #expect(rows.map(\.fields) == [["a", "b \"q\"", "c"], ["1", "2", "3"]])
    }
}

import CasebookCore
import CasebookTestSupport
import Foundation
import Testing

/// Every input of the official YAML test suite as front matter (../shared/data/yaml-test-suite):
/// never a crash or hang, always an error, and the codes its manifest expects.
@Suite struct YAMLTestSuiteTests {
    struct Entry: Decodable, Sendable, CustomTestStringConvertible {
        struct Expect: Decodable, Sendable { var exit: Int; var codes_any: [String]?; var why: String }
        var name: String
        var file: String
        var is_error: Bool
        var expect: Expect
        var testDescription: String { name }
    }

    struct Manifest: Decodable { var tests: [Entry] }

    static let folder = Repository.shared + "/data/yaml-test-suite"

    static let entries: [Entry] = {
        guard let data = FileManager.default.contents(atPath: folder + "/manifest.json"),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else { return [] }
        return manifest.tests
    }()

    /// Inputs the suite calls invalid that LibYAML 0.2.5 (inside Yams) accepts: they parse
    /// as a mapping, so the case is reported for its missing fields instead of CB002/CB003.
    /// Named here so the list stays exact: the test fails if one starts being refused.
    static let invalidButAcceptedByLibYAML: Set<String> = [
        "9C9N-bare", "DK95-01", "QB6E-bare", "S98Z", "SU5Z", "X4QW",
    ]

    /// Inputs the suite calls valid (their root is not a mapping, or empty: CB003 expected)
    /// that LibYAML refuses with a syntax error, so casebook reports CB002 for them.
    static let validButRefusedByLibYAML: Set<String> = [
        "5T43", "6BCT", "6CA3", "6LVF", "8XYN-bare", "9SA2-bare", "CFD4", "DBG4", "DK3J",
        "FP8R", "HM87-00", "HWV9", "M2N8-00", "NJ66-bare", "QT73", "R4YG", "UKK6-00", "Y79Y-010",
    ]

    @Test func manifestIsThere() {
        #expect(Self.entries.count == 472)
    }

    @Test(arguments: entries)
    func suiteInput(_ entry: Entry) throws {
        let bytes = try #require(FileManager.default.contents(atPath: Self.folder + "/cases/" + (entry.file as NSString).lastPathComponent))
        var sources = Fixture.sources(cases: ["base.md": Fixture.baseCase])
        let name = (entry.file as NSString).lastPathComponent
        sources.cases = [ContentFile(relativePath: "cases/\(name)", file: SourceFile(path: "content/cases/\(name)", bytes: [UInt8](bytes)))]
        let diagnostics = SiteChecker().check(sources).diagnostics
        #expect(diagnostics.errorCount > 0, "exit 1 expected")
        guard let codes = entry.expect.codes_any else { return }
        let reported = Set(diagnostics.map(\.code.rawValue))
        if Self.invalidButAcceptedByLibYAML.contains(entry.name) {
            #expect(reported.isDisjoint(with: codes), "now refused: remove \(entry.name) from the list")
            #expect(reported.contains("CB010"))
        } else if Self.validButRefusedByLibYAML.contains(entry.name) {
            #expect(reported == ["CB002"], "now parsed: remove \(entry.name) from the list")
        } else {
            #expect(!reported.isDisjoint(with: codes), "expected one of \(codes), got \(reported.sorted())")
        }
    }
}

@testable import CasebookCore
import Testing

/// A mapping's fields by key, as the validators read them: each key once, in the
/// document's order, the last pair of a key written twice, and no key of another length
/// or spelling answering for it.
@Suite struct YAMLFieldsTests {
    func pairs(_ yaml: String) throws -> [YAMLPair] {
        try #require(try YAMLComposer().compose(yaml)?.mapping)
    }

    @Test func keysAreFoundByNameInTheDocumentsOrder() throws {
        var reporter = Reporter(path: "x.md")
        let node = try #require(try YAMLComposer().compose("title: T\nab: 1\nba: 2\nabc: 3\nmetrics: {a: 1}\n"))
        let read = reporter.fields(of: node, named: "the front matter", known: nil)
        let fields = try #require(read)
        #expect(fields.keys == ["title", "ab", "ba", "abc", "metrics"])
        #expect(fields.count == 5)
        #expect(fields["ab"]?.value.scalar?.text == "1")
        #expect(fields["ba"]?.value.scalar?.text == "2")
        #expect(fields["abc"]?.value.scalar?.text == "3")
        #expect(fields["a"] == nil)
        #expect(fields["abcd"] == nil)
        #expect(fields["Title"] == nil)
        #expect(fields.map(\.key) == fields.keys)
        // An empty value is an empty mapping; a list is no mapping (CB003).
        let empty = reporter.fields(of: try #require(try YAMLComposer().compose("~")), named: "x", known: nil)
        #expect(empty?.isEmpty == true)
        let list = reporter.fields(of: try #require(try YAMLComposer().compose("[1, 2]")), named: "x", known: nil)
        #expect(list == nil)
        #expect(reporter.diagnostics.map(\.code) == [.cb003])
    }

    @Test func aKeySetTwiceKeepsItsPlaceAndTheLastPair() throws {
        let given = try pairs("a: 1\nb: 2\nc: 3\n")
        var fields = YAMLFields()
        fields["a"] = given[0]
        fields["b"] = given[1]
        fields["a"] = given[2]
        #expect(fields.keys == ["a", "b"])
        #expect(fields["a"] == given[2])
        fields["a"] = nil
        fields["z"] = nil
        #expect(fields.keys == ["b"])
        #expect(fields["b"] == given[1])
    }
}

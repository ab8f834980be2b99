import CasebookTestSupport
import Foundation
import Testing

/// Runs the built `casebook` binary as a user or CI would, and checks streams and exit codes.
@Suite(.serialized) struct CommandLineTests {
    @Test func showcasePasses() throws {
        let result = try CLI.run(["check"])
        #expect(result.status == 0)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("0 errors, 0 warnings in "))
    }

    @Test func brokenCaseGivesTheExpectedDiagnostics() throws {
        let folder = try CLI.copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try CLI.edit(folder, ["  sector: 63\n": "  sector: 10\n", "  graduates: 112\n": "  graduats: 112\n"])

        let human = try CLI.run(["check"], in: folder, environment: ["NO_COLOR": "1"])
        #expect(human.status == 1)
        #expect(human.stderr.contains("""
            content/cases/cloud-ops-order-class.md:14:11: error[CB022]: sector 10 (Manufacture of food products) is not in industry J (Information and communication)
               |
            14 |   sector: 10
               |           ^^
               = hint: industry J has divisions 58–63; or did you mean industry C (Manufacturing)?
            """))
        #expect(!human.stderr.contains("\u{1B}["))
        #expect(human.stderr.hasSuffix("2 errors, 0 warnings in 15 cases\n"))

        let json = try CLI.run(["check", "--format", "json"], in: folder)
        #expect(json.status == 1)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(items.map { $0["code"] as? String } == ["CB022", "CB030"])
        #expect(items.first?["line"] as? Int == 14)
        #expect(items.first?["column"] as? Int == 11)
        #expect(Set(items.first?.keys.map { $0 } ?? []) == ["file", "line", "column", "severity", "code", "message", "hint"])

        let github = try CLI.run(["check", "--format", "github"], in: folder)
        #expect(github.stdout.hasPrefix("::error file=content/cases/cloud-ops-order-class.md,line=14,col=11,title=CB022::sector 10"))
    }

    @Test func warningsFailOnlyUnderStrict() throws {
        let folder = try CLI.copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try CLI.edit(folder, ["  enterprise: northcloud\n": "  enterprise: quillbyte\n"])
        #expect(try CLI.run(["check"], in: folder).status == 0)
        #expect(try CLI.run(["check", "--strict"], in: folder).status == 1)
    }

    @Test func badCommandLinesExitTwo() throws {
        #expect(try CLI.run(["check", "--content", "/nonexistent/folder"]).status == 2)
        #expect(try CLI.run(["check", "--format", "xml"]).status == 2)
        #expect(try CLI.run(["check", "--jobs", "0"]).status == 2)
        #expect(try CLI.run(["frobnicate"]).status == 2)
        #expect(try CLI.run(["codes", "galaxy", "x"]).status == 2)
        #expect(try CLI.run(["--help"]).status == 0)
    }

    @Test func codesFindsOccupationsByTitleWords() throws {
        let result = try CLI.run(["codes", "occupation", "software"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("2512  Software Developers"))
        #expect(result.stdout.contains("2513  Web and Multimedia Developers"))
        let prefix = try CLI.run(["codes", "sector", "6"])
        #expect(prefix.stdout.contains("62  Computer programming, consultancy and related activities"))
        #expect(try CLI.run(["codes", "occupation", "zzzz"]).status == 1)
    }

    @Test func newCaseIsFlaggedUntilFilledIn() throws {
        let folder = try CLI.copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let created = try CLI.run(["new", "my-new-case"], in: folder)
        #expect(created.status == 0)
        let text = try String(contentsOfFile: folder + "/content/cases/my-new-case.md", encoding: .utf8)
        for field in ["title", "summary", "date", "period", "region", "model", "partners", "tiers", "factors", "metrics", "tags", "draft"] {
            #expect(text.contains("\n\(field):"), "\(field) missing from the template")
        }
        let check = try CLI.run(["check", "--format", "json"], in: folder)
        #expect(check.status == 1)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [[String: Any]])
        #expect(!items.isEmpty)
        #expect(items.allSatisfy { ($0["file"] as? String) == "content/cases/my-new-case.md" && ($0["code"] as? String) == "CB012" })
        #expect(try CLI.run(["new", "my-new-case"], in: folder).status == 1)
        #expect(try CLI.run(["new", "Not A Slug"], in: folder).status == 2)
    }
}

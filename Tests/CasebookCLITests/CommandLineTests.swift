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

    /// `check` keeps each case's outcome beside the content folder; what it reports with
    /// them is what a check from scratch reports, after every kind of edit.
    @Test func checkWithKeptOutcomesReportsAsFromScratch() throws {
        let folder = try CLI.copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func expectSameAsFromScratch(_ status: Int32, _ step: String) throws {
            for format in ["human", "json"] {
                let kept = try CLI.run(["check", "--format", format], in: folder, environment: ["NO_COLOR": "1"])
                let scratch = try CLI.run(["check", "--format", format, "--no-cache"], in: folder, environment: ["NO_COLOR": "1"])
                #expect(kept.status == status, "\(step)")
                #expect(kept.status == scratch.status && kept.stdout == scratch.stdout && kept.stderr == scratch.stderr, "\(step)")
            }
        }
        try expectSameAsFromScratch(0, "first")
        #expect(FileManager.default.fileExists(atPath: folder + "/.casebook-cache/content.cases"))
        try expectSameAsFromScratch(0, "again")
        try CLI.edit(folder, ["  sector: 63\n": "  sector: 10\n"])
        try expectSameAsFromScratch(1, "an error")
        // A link to a case that then goes away: the linking case did not change.
        try CLI.edit(folder, ["  sector: 10\n": "  sector: 63\n"])
        let path = folder + "/content/cases/cloud-ops-order-class.md"
        try (try String(contentsOfFile: path, encoding: .utf8) + "\nSee [the lab](gone-soon.md).\n").write(toFile: path, atomically: true, encoding: .utf8)
        try (try String(contentsOfFile: path, encoding: .utf8)).replacingOccurrences(of: "title: ", with: "title: Gone soon ")
            .write(toFile: folder + "/content/cases/gone-soon.md", atomically: true, encoding: .utf8)
        try expectSameAsFromScratch(0, "a new case and a link to it")
        try FileManager.default.removeItem(atPath: folder + "/content/cases/gone-soon.md")
        try expectSameAsFromScratch(1, "the link broken by a removal")
        // What every case is checked against: the enterprise's sector.
        let enterprises = folder + "/content/enterprises.yml"
        try (try String(contentsOfFile: enterprises, encoding: .utf8)).replacingOccurrences(of: "sector: 63", with: "sector: 62")
            .write(toFile: enterprises, atomically: true, encoding: .utf8)
        try expectSameAsFromScratch(1, "enterprises changed")
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

    /// Package.swift links tcmalloc when the system has it (`make` installs it): the
    /// binary must then load it ahead of the C library, whose malloc it replaces.
    @Test func binaryRunsOnTcmallocWhenTheSystemHasIt() throws {
        let present = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib"]
            .contains { FileManager.default.fileExists(atPath: $0 + "/libtcmalloc_minimal.so.4") }
        try #require(present, "libtcmalloc_minimal.so.4 is not installed (make deps installs it)")
        // The dynamic loader lists what it loads, in its search order, instead of running.
        let loaded = try CLI.run(["--version"], environment: ["LD_TRACE_LOADED_OBJECTS": "1"]).stdout
        let tcmalloc = try #require(loaded.range(of: "libtcmalloc_minimal.so.4"), "not linked:\n\(loaded)")
        let libc = try #require(loaded.range(of: "libc.so.6"))
        #expect(tcmalloc.lowerBound < libc.lowerBound)
    }
}

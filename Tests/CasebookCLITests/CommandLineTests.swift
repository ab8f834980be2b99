import CasebookTestSupport
import Foundation
import Testing

/// Runs the built `casebook` binary as a user or CI would, and checks streams and exit codes.
@Suite(.serialized) struct CommandLineTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: String {
        // Test bundles are built beside the products.
        let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundlePath
        let folder = bundle.map { ($0 as NSString).deletingLastPathComponent } ?? Repository.root + "/.build/debug"
        return folder + "/casebook"
    }

    func run(_ arguments: [String], in directory: String = Repository.root, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A copy of the shipped content in a temporary folder.
    func copyOfShowcase() throws -> String {
        let folder = NSTemporaryDirectory() + "casebook-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repository.root + "/content", toPath: folder + "/content")
        return folder
    }

    /// Replaces lines of the copied cloud-ops case, as an author's edit would.
    func edit(_ folder: String, _ replacements: [String: String]) throws {
        let path = folder + "/content/cases/cloud-ops-order-class.md"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        for (old, new) in replacements {
            #expect(text.contains(old))
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func showcasePasses() throws {
        let result = try run(["check"])
        #expect(result.status == 0)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("0 errors, 0 warnings in "))
    }

    @Test func brokenCaseGivesTheExpectedDiagnostics() throws {
        let folder = try copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try edit(folder, ["  sector: 63\n": "  sector: 10\n", "  graduates: 112\n": "  graduats: 112\n"])

        let human = try run(["check"], in: folder, environment: ["NO_COLOR": "1"])
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

        let json = try run(["check", "--format", "json"], in: folder)
        #expect(json.status == 1)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(items.map { $0["code"] as? String } == ["CB022", "CB030"])
        #expect(items.first?["line"] as? Int == 14)
        #expect(items.first?["column"] as? Int == 11)
        #expect(Set(items.first?.keys.map { $0 } ?? []) == ["file", "line", "column", "severity", "code", "message", "hint"])

        let github = try run(["check", "--format", "github"], in: folder)
        #expect(github.stdout.hasPrefix("::error file=content/cases/cloud-ops-order-class.md,line=14,col=11,title=CB022::sector 10"))
    }

    @Test func warningsFailOnlyUnderStrict() throws {
        let folder = try copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try edit(folder, ["  enterprise: northcloud\n": "  enterprise: quillbyte\n"])
        #expect(try run(["check"], in: folder).status == 0)
        #expect(try run(["check", "--strict"], in: folder).status == 1)
    }

    @Test func badCommandLinesExitTwo() throws {
        #expect(try run(["check", "--content", "/nonexistent/folder"]).status == 2)
        #expect(try run(["check", "--format", "xml"]).status == 2)
        #expect(try run(["check", "--jobs", "0"]).status == 2)
        #expect(try run(["frobnicate"]).status == 2)
        #expect(try run(["codes", "galaxy", "x"]).status == 2)
        #expect(try run(["--help"]).status == 0)
    }

    @Test func codesFindsOccupationsByTitleWords() throws {
        let result = try run(["codes", "occupation", "software"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("2512  Software Developers"))
        #expect(result.stdout.contains("2513  Web and Multimedia Developers"))
        let prefix = try run(["codes", "sector", "6"])
        #expect(prefix.stdout.contains("62  Computer programming, consultancy and related activities"))
        #expect(try run(["codes", "occupation", "zzzz"]).status == 1)
    }

    @Test func newCaseIsFlaggedUntilFilledIn() throws {
        let folder = try copyOfShowcase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let created = try run(["new", "my-new-case"], in: folder)
        #expect(created.status == 0)
        let text = try String(contentsOfFile: folder + "/content/cases/my-new-case.md", encoding: .utf8)
        for field in ["title", "summary", "date", "period", "region", "model", "partners", "tiers", "factors", "metrics", "tags", "draft"] {
            #expect(text.contains("\n\(field):"), "\(field) missing from the template")
        }
        let check = try run(["check", "--format", "json"], in: folder)
        #expect(check.status == 1)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [[String: Any]])
        #expect(!items.isEmpty)
        #expect(items.allSatisfy { ($0["file"] as? String) == "content/cases/my-new-case.md" && ($0["code"] as? String) == "CB012" })
        #expect(try run(["new", "my-new-case"], in: folder).status == 1)
        #expect(try run(["new", "Not A Slug"], in: folder).status == 2)
    }
}

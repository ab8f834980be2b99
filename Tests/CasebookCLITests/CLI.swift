import CasebookTestSupport
import Foundation
import Testing

/// Runs the built `casebook` binary as a user or CI would.
enum CLI {
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

    static func run(_ arguments: [String], in directory: String = Repository.root, environment: [String: String] = [:]) throws -> Run {
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
    static func copyOfShowcase() throws -> String {
        try Repository.copyOfShowcase()
    }

    /// Replaces lines of the copied cloud-ops case, as an author's edit would.
    static func edit(_ folder: String, _ replacements: [String: String]) throws {
        let path = folder + "/content/cases/cloud-ops-order-class.md"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        for (old, new) in replacements {
            #expect(text.contains(old))
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Every file under a folder by relative path, with its bytes.
    static func tree(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = folder + "/" + relative
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = FileManager.default.contents(atPath: path)
            }
        }
        return files
    }

    /// Modification times of every file under a folder.
    static func modificationTimes(_ folder: String) throws -> [String: Date] {
        var times: [String: Date] = [:]
        for relative in try tree(folder).keys {
            times[relative] = try FileManager.default.attributesOfItem(atPath: folder + "/" + relative)[.modificationDate] as? Date
        }
        return times
    }
}

import CasebookTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `casebook serve`'s command line: what it says when it cannot start.
@Suite(.serialized) struct ServeCommandTests {
    /// A socket listening on a free port of 127.0.0.1, and that port.
    func occupiedPort() throws -> (socket: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(bound)
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test func aTakenPortIsAClearErrorWithStatusTwo() throws {
        let (fd, port) = try occupiedPort()
        defer { close(fd) }
        let result = try CLI.run(["serve", "--port", String(port)])
        #expect(result.status == 2)
        #expect(result.stderr.contains("port \(port) on 127.0.0.1 is already in use"), "\(result.stderr)")
    }

    @Test func aMissingFolderIsStatusTwo() throws {
        #expect(try CLI.run(["serve", "--content", "/nonexistent/content"]).status == 2)
        #expect(try CLI.run(["serve", "--templates", "/nonexistent/templates"]).status == 2)
        #expect(try CLI.run(["serve", "--port", "70000"]).status == 2)
    }
}

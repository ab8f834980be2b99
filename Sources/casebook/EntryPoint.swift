import ArgumentParser
import Foundation

/// Parses the command line and maps every outcome to SPEC §7's exit codes: 0 success,
/// 1 problems in the content, 2 a bad command line or an unreadable input folder.
@main
enum EntryPoint {
    static func main() async {
        do {
            var command = try Casebook.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let error as UsageError {
            Console.error("error: \(error.message)")
            Foundation.exit(2)
        } catch {
            let code = Casebook.exitCode(for: error)
            if code == .success {
                print(Casebook.fullMessage(for: error))
                Foundation.exit(0)
            }
            Console.error(Casebook.fullMessage(for: error))
            Foundation.exit(2)
        }
    }
}

/// A command line that names something that is not there (exit code 2).
struct UsageError: Error {
    var message: String
}

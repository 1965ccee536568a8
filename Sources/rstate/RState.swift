import ArgumentParser
import Glibc
import RStateCore

@main
struct RState: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rstate",
    abstract: "The operations tool for Redis-backed apps.",
    discussion: """
      Connection settings come from flags, then the environment (REDIS_URL, REDIS_HOST, \
      REDIS_PORT, REDIS_DB, REDIS_USERNAME, REDIS_PASSWORD, REDISCLI_AUTH, \
      REDIS_SOCKET_TIMEOUT, REDIS_SOCKET_CONNECT_TIMEOUT), then a .env file in the working \
      directory, then redis://127.0.0.1:6379/0. Help is --help or -?, since -h is the host, \
      as in redis-cli.

      \(ExitStatus.table)
      """,
    version: RStateVersion.current,
    subcommands: [
      Ping.self, Info.self, Exec.self, Keys.self, Namespaces.self, TTL.self, Flush.self,
      Health.self, Migrate.self, Repl.self,
    ],
    defaultSubcommand: Repl.self,
    helpNames: [.long, .customShort("?")]
  )

  /// Parses, runs, and turns failures into one line on stderr and the status from
  /// `ExitStatus`; argument-parser keeps its own handling of help and usage errors.
  static func main() {
    let command: any ParsableCommand
    do {
      command = try parseAsRoot()
    } catch {
      if exitCode(for: error) != .success,
        let code = ExitStatus.parsingFailure(arguments: CommandLine.arguments)
      {
        Terminal.diagnostic(fullMessage(for: error))
        Glibc.exit(code)
      }
      exit(withError: error)
    }
    do {
      var runnable = command
      try runnable.run()
    } catch let error as RStateError {
      Terminal.diagnostic("rstate: \(error)")
      Glibc.exit(ExitStatus.code(for: error, in: type(of: command)))
    } catch {
      exit(withError: error)
    }
  }
}

enum RStateVersion {
  static let current = "0.1.0"
}

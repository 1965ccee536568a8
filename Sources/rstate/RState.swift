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
      REDIS_SOCKET_TIMEOUT, REDIS_SOCKET_CONNECT_TIMEOUT), then the nearest .env file (the \
      working directory or a parent, up to the repository root), then redis://127.0.0.1:6379/0. Help is --help or -?, since -h is the host, \
      as in redis-cli. With no subcommand (options only, or nothing) rstate runs the shell, \
      as redis-cli does.

      \(ExitStatus.table)
      """,
    version: RStateVersion.current,
    subcommands: [
      Ping.self, Info.self, Exec.self, Keys.self, Namespaces.self, TTL.self, Flush.self,
      Health.self, Migrate.self, Repl.self,
    ],
    helpNames: [.long, .customShort("?")]
  )

  /// Parses, runs, and turns every failure into one line on stderr and the status from
  /// `ExitStatus`; argument-parser keeps its own printing of help.
  static func main() {
    let command: any ParsableCommand
    do {
      command = try parse(Array(CommandLine.arguments.dropFirst()))
    } catch {
      exitReporting(error, code: ExitStatus.parsingFailure(arguments: CommandLine.arguments))
    }
    do {
      var runnable = command
      try runnable.run()
    } catch let error as RStateError {
      Terminal.diagnostic("rstate: \(error)" + DefaultAddress.suffix(for: error))
      Glibc.exit(ExitStatus.code(for: error, in: type(of: command)))
    } catch {
      exitReporting(error, code: nil)
    }
  }

  /// argument-parser's exits: help and versions as it prints them; its errors as one
  /// `rstate: ...` line naming the help to read (its own form is three lines), through the
  /// same redaction as every other message, since they can quote a mistyped URL.
  static func exitReporting(_ error: any Error, code override: Int32?) -> Never {
    let code = exitCode(for: error)
    if code == .success {
      let text = fullMessage(for: error)
      if !text.isEmpty { Terminal.write(text + "\n") }
      Glibc.exit(code.rawValue)
    }
    let lines = message(for: error).split(whereSeparator: \.isNewline).map {
      $0.trimmingPrefix(" ")
    }
    if !lines.isEmpty {
      let text = lines.joined(separator: "; ")
      Terminal.diagnostic("rstate: \(lowercasedFirst(text)); see '\(helpCommand) --help'")
    }
    Glibc.exit(override ?? code.rawValue)
  }

  /// `rstate SUBCOMMAND` for the subcommand the arguments name, else `rstate`.
  private static var helpCommand: String {
    let names = configuration.subcommands.compactMap { $0.configuration.commandName }
    guard let first = CommandLine.arguments.dropFirst().first, names.contains(first) else {
      return "rstate"
    }
    return "rstate \(first)"
  }

  /// "Missing value …" as rstate writes messages; "ERR …" and other acronyms stay.
  private static func lowercasedFirst(_ text: String) -> String {
    guard let first = text.first, let second = text.dropFirst().first, !second.isUppercase
    else { return text }
    return first.lowercased() + text.dropFirst()
  }
}

extension RState {
  /// Parses with the named subcommand alone when that succeeds: the same command as parsing
  /// from the root, without the root building the subcommand's option set twice more (for
  /// swift-argument-parser's pass-through check), half of `rstate ping`'s start-up. Whatever
  /// does not parse cleanly (help, mistakes) is parsed again from the root, so that messages
  /// and usage name `rstate`.
  static func parse(_ arguments: [String]) throws -> any ParsableCommand {
    let routedArguments = routed(arguments)
    if let name = routedArguments.first,
      let subcommand = configuration.subcommands.first(where: {
        $0.configuration.commandName == name
      }),
      let command = try? subcommand.parseAsRoot(Array(routedArguments.dropFirst()))
    {
      return command
    }
    return try parseAsRoot(routedArguments)
  }

  /// Words that the root command answers itself.
  static let rootWords: Set<String> = [
    "help", "--help", "-?", "--version", "--generate-completion-script",
    "--experimental-dump-help",
  ]

  /// `rstate` with no subcommand runs the shell: arguments that name no subcommand go to
  /// `repl`. Routed here rather than with `defaultSubcommand`, with which
  /// swift-argument-parser builds the shell's whole option set on every run, a fifth of what
  /// `rstate ping` spends starting up.
  static func routed(_ arguments: [String]) -> [String] {
    guard let first = arguments.first else { return [Repl.configuration.commandName!] }
    let names = configuration.subcommands.compactMap { $0.configuration.commandName }
    if names.contains(first) || rootWords.contains(first)
      || first.hasPrefix("--generate-completion-script=")
    {
      return arguments
    }
    return [Repl.configuration.commandName!] + arguments
  }
}

enum RStateVersion {
  static let current = "0.1.0"
}

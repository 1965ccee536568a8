import ArgumentParser
import Glibc
import RStateCore

@main
struct RState: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rstate",
    abstract: "The operations tool for Redis-backed apps.",
    usage: """
      rstate [<options>] <subcommand> [<args>]
      or: rstate [<options>] <redis-command> [<arg> ...]
      or: rstate [<options>]    (the shell)
      """,
    discussion: """
      Connection settings come from flags, then the environment (REDIS_URL, REDIS_HOST, \
      REDIS_PORT, REDIS_DB, REDIS_USERNAME, REDIS_PASSWORD, REDISCLI_AUTH, \
      REDIS_SOCKET_TIMEOUT, REDIS_SOCKET_CONNECT_TIMEOUT), then the nearest .env file (the \
      working directory or a parent, up to the repository root), then redis://127.0.0.1:6379/0. Help is --help or -?, since -h is the host, \
      as in redis-cli.

      Options may come before the subcommand: rstate -a PW ping is rstate ping -a PW. A first \
      word that is not an rstate subcommand is a Redis command, run as rstate exec runs it and \
      printed as redis-cli prints it: rstate -p 6380 DBSIZE. Subcommands are lowercase; a \
      name they share with Redis (ping, info, keys, ttl, exec, migrate) spelt in any other \
      way is Redis's command: rstate info is rstate's summary, rstate INFO the server's text \
      as redis-cli prints it. With no command (options only, or nothing) rstate runs the \
      shell, as redis-cli does.

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
      let route = Route(Array(CommandLine.arguments.dropFirst()))
      exitReporting(error, code: ExitStatus.parsingFailure(command: route.subcommand))
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
    let route = Route(Array(CommandLine.arguments.dropFirst()))
    let lines = message(for: error).split(whereSeparator: \.isNewline).map {
      Suggestions.rewritingUnknownOption(
        String($0.drop { $0 == " " }), in: route.subcommand, named: route.named)
    }
    if !lines.isEmpty {
      let text = lines.joined(separator: "; ")
      Terminal.diagnostic("rstate: \(lowercasedFirst(text)); see '\(helpCommand) --help'")
    }
    Glibc.exit(override ?? code.rawValue)
  }

  /// `rstate SUBCOMMAND` for the subcommand the arguments go to (`exec` for a Redis command),
  /// else `rstate`.
  private static var helpCommand: String {
    let route = Route(Array(CommandLine.arguments.dropFirst()))
    if let word = route.redisCommand, !route.afterUnknownOption,
      Suggestions.subcommand(near: word) != nil
    {
      return "rstate"
    }
    guard let name = route.subcommand, route.named || route.redisCommand != nil,
      Route.subcommandNames.contains(name)
    else { return "rstate" }
    return "rstate \(name)"
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
    let route = Route(arguments)
    if let word = route.redisCommand, !route.afterUnknownOption,
      let guess = Suggestions.subcommand(near: word)
    {
      throw ValidationError(
        "'\(word)' is not an rstate command or a Redis command (did you mean '\(guess)'?)")
    }
    let routedArguments = route.arguments
    if let name = route.subcommand,
      let subcommand = configuration.subcommands.first(where: {
        $0.configuration.commandName == name
      }),
      let command = try? subcommand.parseAsRoot(Array(routedArguments.dropFirst()))
    {
      return command
    }
    do {
      return try parseAsRoot(routedArguments)
    } catch {
      guard let name = route.subcommand, name != Exec.configuration.commandName,
        !Self.parserMessagePrefixes.contains(where: message(for: error).hasPrefix),
        let subcommand = configuration.subcommands.first(where: {
          $0.configuration.commandName == name
        }),
        let unknown = Suggestions.firstUnknownOption(
          in: Array(routedArguments.dropFirst()), of: subcommand)
      else { throw error }
      throw ValidationError("Unknown option '\(unknown)'")
    }
  }

  /// How argument-parser's own errors begin; any other message is a command's validation.
  static let parserMessagePrefixes = [
    "Unknown option", "Missing value", "Missing expected", "The option", "The value",
    "Unexpected", "Value to be set", "Error:",
  ]

  /// Words that the root command answers itself.
  static let rootWords: Set<String> = [
    "help", "--help", "-?", "--version", "--generate-completion-script",
    "--experimental-dump-help",
  ]

  /// The arguments as argument-parser gets them: see `Route`.
  static func routed(_ arguments: [String]) -> [String] { Route(arguments).arguments }
}

enum RStateVersion {
  static let current = "0.1.0"
}

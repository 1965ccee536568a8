import ArgumentParser
import Glibc
import RStateCore

extension RState {
  struct Exec: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "exec",
      abstract: "Run one Redis command and print the reply exactly as redis-cli does.",
      discussion: """
        Terminal output is redis-cli's: (integer), (nil), (error), quoted and escaped strings, \
        numbered nested arrays. Piped output is raw, as with redis-cli. Everything after the \
        command name is passed to the server untouched, even words that begin with '-' \
        (rstate exec ZRANGEBYSCORE z -inf +inf), and arguments are sent as the exact bytes \
        given. Unlike redis-cli, an error reply exits with status 1. `rstate [options] \
        COMMAND [ARG...]` is the same when COMMAND is not an rstate subcommand (PING, INFO, \
        KEYS, TTL in capitals are Redis's: rstate -p 6380 DBSIZE, rstate INFO).
        """,
      // -h is the host, as in redis-cli.
      helpNames: [.long, .customShort("?")]
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Connection") var database: DatabaseOption

    @OptionGroup(title: "Output") var replyFormat: ReplyFormatOptions

    @Flag(name: .customShort("x"), help: "Read the last argument from standard input.")
    var stdinArgument = false

    @Argument(
      parsing: .captureForPassthrough,
      help: ArgumentHelp("The command and its arguments.", valueName: "command"))
    var words: [String] = []

    func validate() throws {
      // Words after the options go to the server untouched, so argument-parser does not see
      // a help flag there; one before the command is a request for this help, not a command.
      if let first = words.first, first == "--help" || first == "-?" {
        throw CleanExit.helpRequest(self)
      }
      if words.isEmpty { throw ValidationError("Missing the command to run, as in: exec GET key") }
      // No Redis command begins with '-': a word that does is an option exec does not have
      // (argument-parser captures it with the command), not a command to send.
      if let first = words.first, first.hasPrefix("-"), first != "-" {
        throw ValidationError("Unknown option '\(first)'")
      }
    }

    func run() throws {
      var arguments = Self.rawArguments(matching: words)
      if stdinArgument {
        arguments.append(try TextFile.readAll(fd: STDIN_FILENO, name: "standard input"))
      }
      let command = Command(arguments)
      let client = try connection.connect(db: database.db)
      if MessageStream.starts(command) {
        return try Self.stream(command, client: client, format: replyFormat.format)
      }
      let reply = try client.send(command)
      let format = replyFormat.format
      Terminal.write(ReplyFormat.render(reply, as: format, for: command))
      if let advice = reply.serverError?.clusterAdvice { Terminal.diagnostic("rstate: " + advice) }
      if reply.isError { throw ExitCode.failure }
    }

    /// The command words as the exact bytes the shell passed: argument-parser hands us
    /// Strings, which would replace invalid UTF-8, so take the same trailing words from argv.
    static func rawArguments(matching words: [String]) -> [[UInt8]] {
      let argv = (0..<Int(CommandLine.argc)).map { index -> [UInt8] in
        guard let pointer = CommandLine.unsafeArgv[index] else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: strlen(pointer)))
          .map { UInt8(bitPattern: $0) }
      }
      let tail = argv.suffix(words.count)
      let matches =
        tail.count == words.count
        && zip(tail, words).allSatisfy { String(decoding: $0, as: UTF8.self) == $1 }
      return matches ? Array(tail) : words.map { Array($0.utf8) }
    }
  }
}

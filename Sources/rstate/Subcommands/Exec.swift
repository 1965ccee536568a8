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
        given. Unlike redis-cli, an error reply exits with status 1 (with -r, after the last \
        run; with -e, at once, its text on stderr). `rstate [options] COMMAND [ARG...]` is the \
        same when COMMAND is not an rstate subcommand (PING, INFO, KEYS, TTL in capitals are \
        Redis's: rstate -p 6380 DBSIZE, rstate -r 3 -i 0.5 INCR hits, rstate --csv INFO).

        The output flags --csv, --json and --quoted-json print one line per reply as \
        redis-cli 7 does (an error reply is ERROR,"…" or error:"…"); INFO, CLIENT LIST and \
        the other texts redis-cli prints as they are stay so in every mode.
        """,
      // -h is the host, as in redis-cli.
      helpNames: [.long, .customShort("?")]
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Connection") var database: DatabaseOption

    @OptionGroup(title: "Output") var replyFormat: ReplyFormatOptions

    @OptionGroup(title: "Running the command") var oneShot: OneShotOptions

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
      let command = Command(try oneShot.arguments(from: Self.rawArguments(matching: words)))
      let client = try connection.connect(db: database.db)
      if MessageStream.starts(command) {
        return try Self.stream(command, client: client, format: replyFormat.format)
      }
      let format = replyFormat.format
      if oneShot.repeatCount != 1 { Repetition.allowStopping() }
      var remaining = oneShot.repeatCount
      var sawError = false
      // Negative: until Ctrl-C, SIGTERM or the reader going away, as redis-cli's -r -1.
      while remaining != 0 {
        if remaining > 0 { remaining -= 1 }
        let reply = try client.send(command)
        if case .error(let message) = reply, oneShot.errorsToStderr {
          // redis-cli's -e: the error's text alone (up to a NUL, as C prints it) on stderr,
          // and no further runs.
          Terminal.diagnostic(String(decoding: message.prefix { $0 != 0 }, as: UTF8.self))
          if let advice = reply.serverError?.clusterAdvice {
            Terminal.diagnostic("rstate: " + advice)
          }
          throw ExitCode.failure
        }
        // Each reply goes out as it comes (write(2), no buffer); a reader gone stops a repeat.
        guard Terminal.writeReply(ReplyFormat.render(reply, as: format, for: command)) else {
          break
        }
        if let advice = reply.serverError?.clusterAdvice {
          Terminal.diagnostic("rstate: " + advice)
        }
        if reply.isError { sawError = true }
        sleep(seconds: oneShot.interval)
      }
      if sawError { throw ExitCode.failure }
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

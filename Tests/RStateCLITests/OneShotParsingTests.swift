import ArgumentParser
import RStateCore
import Testing

@testable import rstate

/// redis-cli's one-shot and output flags as the parser and the router read them.
@Suite struct OneShotParsingTests {
  func exec(_ arguments: [String]) throws -> RState.Exec {
    try #require(try RState.parse(arguments) as? RState.Exec)
  }

  /// The router skips the values of -r, -i, -X, -d and -D, so the command is found after them.
  @Test func flagsBeforeTheCommand() throws {
    let repeated = try exec(["-r", "3", "-i", "0.1", "INCR", "x"])
    #expect(repeated.words == ["INCR", "x"])
    #expect(repeated.oneShot.repeatCount == 3)
    #expect(repeated.oneShot.interval == 0.1)
    let forever = try exec(["-r", "-1", "-X", "@", "-d", "-", "-D", "", "SET", "k", "@"])
    #expect(forever.oneShot.repeatCount == -1)
    #expect(forever.oneShot.stdinTag == "@")
    #expect(forever.replyFormat.separator == "-")
    #expect(forever.replyFormat.terminator == "")
    #expect(forever.words == ["SET", "k", "@"])
    let csv = try exec(["--csv", "LRANGE", "l", "0", "-1"])
    #expect(csv.replyFormat.format == .csv)
    #expect(csv.words == ["LRANGE", "l", "0", "-1"])
    let flags = try exec(["-e", "--quoted-input", "-x", "exec", "SET", "k"])
    #expect(flags.words == ["SET", "k"])
    #expect(
      flags.oneShot.errorsToStderr && flags.oneShot.quotedInput && flags.oneShot.stdinArgument)
  }

  /// The last output flag wins, as in redis-cli; -d/-D shape raw output only.
  @Test func theLastOutputFlagWins() throws {
    #expect(try exec(["--csv", "--raw", "GET", "k"]).replyFormat.format == .raw)
    #expect(try exec(["--raw", "--csv", "GET", "k"]).replyFormat.format == .csv)
    #expect(try exec(["--raw", "--no-raw", "GET", "k"]).replyFormat.format == .standard)
    #expect(try exec(["--json", "--quoted-json", "GET", "k"]).replyFormat.format == .quotedJSON)
    let delimited = try exec(["--raw", "-d", ",", "-D", "", "GET", "k"]).replyFormat.format
    #expect(delimited == ReplyFormat(.raw, separator: [0x2C], terminator: []))
    #expect(try exec(["--csv", "-d", ",", "GET", "k"]).replyFormat.format == .csv)
  }

  /// --json and --quoted-json imply RESP3 unless -2 is given, wherever -2 stands.
  @Test func jsonImpliesRESP3() throws {
    #expect(try exec(["--json", "GET", "k"]).replyFormat.protocolVersion == .resp3)
    #expect(try exec(["--quoted-json", "GET", "k"]).replyFormat.protocolVersion == .resp3)
    #expect(try exec(["-2", "--json", "GET", "k"]).replyFormat.protocolVersion == .resp2)
    #expect(try exec(["--json", "-2", "GET", "k"]).replyFormat.protocolVersion == .resp2)
    #expect(try exec(["--csv", "GET", "k"]).replyFormat.protocolVersion == .resp2)
    #expect(try exec(["-3", "--csv", "GET", "k"]).replyFormat.protocolVersion == .resp3)
    let shell = try #require(try RState.parse(["--json"]) as? RState.Repl)
    #expect(shell.replyFormat.protocolVersion == .resp3)
  }

  /// Flags that need a command say so when they reach the shell or another subcommand.
  @Test(arguments: ["-r", "-i", "-e", "-x", "-X", "--quoted-input"])
  func oneShotFlagsWithoutACommandSayWhatTheyNeed(flag: String) {
    let message = Suggestions.rewritingUnknownOption(
      "Unknown option '\(flag)'", in: "repl", named: false)
    #expect(message.hasPrefix("unknown option '\(flag)': "))
    #expect(message.contains("rstate "))
  }
}

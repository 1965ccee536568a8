import ArgumentParser
import Testing

@testable import rstate

@Suite struct ParsingTests {
  @Test func execPassesDashWordsThrough() throws {
    let parsed = try RState.parse([
      "exec", "-p", "7000", "ZRANGEBYSCORE", "z", "-inf", "+inf", "-x",
    ])
    let exec = try #require(parsed as? RState.Exec)
    #expect(exec.words == ["ZRANGEBYSCORE", "z", "-inf", "+inf", "-x"])
    #expect(exec.connection.port == "7000")
    #expect(!exec.stdinArgument)
  }

  @Test func redisCLILetters() throws {
    let parsed = try RState.parse([
      "ping", "-h", "cache", "-p", "6380", "-n", "2", "-a", "pw", "-u", "redis://x", "-s", "/s",
      "-t", "1.5",
    ])
    let ping = try #require(parsed as? RState.Ping)
    #expect(ping.connection.host == "cache")
    #expect(ping.connection.port == "6380")
    #expect(ping.database.db == "2")
    #expect(ping.connection.password == "pw")
    #expect(ping.connection.url == "redis://x")
    #expect(ping.connection.socket == "/s")
    #expect(ping.connection.connectTimeout == "1.5")
  }

  /// With no subcommand the shell runs, with the flags given; a word that is not a
  /// subcommand is the shell's (and refused there, as before).
  @Test func noSubcommandMeansTheShell() throws {
    #expect(try RState.parse([]) is RState.Repl)
    let shell = try #require(try RState.parse(["-p", "6380", "--no-raw"]) as? RState.Repl)
    #expect(shell.connection.port == "6380")
    #expect(throws: (any Error).self) { try RState.parse(["-p", "6380", "ping"]) }
    #expect(try RState.parse(["ping", "-p", "6380"]) is RState.Ping)
    #expect(RState.routed(["--version"]) == ["--version"])
    #expect(RState.routed(["help", "ping"]) == ["help", "ping"])
  }

  @Test func questionMarkIsHelpBecauseDashHIsTheHost() {
    let parsed = try? RState.parse(["ping", "-?"])
    #expect(parsed.map { String(describing: type(of: $0)) } == "HelpCommand")
    let help = RState.helpMessage(for: RState.Ping.self, columns: 80)
    #expect(help.contains("-h, --host <host>"))
    #expect(help.contains("-?, --help"))
  }

  @Test(arguments: [
    (["ping", "--all-nodes", "--count", "2"], "--all-nodes cannot be used with --count or --wait"),
    (["ping", "--json"], "--json needs --count"),
    (["info", "--raw", "--json"], "--raw and --json cannot be used together"),
    (["exec", "--raw", "--no-raw", "PING"], "--raw and --no-raw cannot be used together"),
    (["exec"], "Missing the command to run, as in: exec GET key"),
    (
      ["ping", "--env-file", "x", "--no-env-file"],
      "--env-file and --no-env-file cannot be used together"
    ),
  ])
  func usageErrors(arguments: [String], message: String) {
    do {
      _ = try RState.parse(arguments)
      Issue.record("expected a usage error for \(arguments)")
    } catch {
      #expect(RState.message(for: error) == message)
      #expect(RState.exitCode(for: error) == ExitCode.validationFailure)
    }
  }

  @Test func exitStatusTableIsInTheHelp() {
    let help = RState.helpMessage(columns: 80)
    #expect(help.contains("EXIT STATUS:"))
    #expect(help.contains("64  usage error"))
    #expect(ExitStatus.usage == 64)
  }
}

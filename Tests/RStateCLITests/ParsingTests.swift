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

  /// A negative number was "Missing value for '--count <n>'" (argument-parser took it for
  /// a flag); numbers out of range (or no whole number at all) name the flag and the range.
  @Test(arguments: [
    (
      ["keys", "--count", "-5"],
      "'-5' is invalid for '--count <n>': must be a whole number from 1 to 1000000"
    ),
    (
      ["keys", "--count=-5"],
      "'-5' is invalid for '--count <n>': must be a whole number from 1 to 1000000"
    ),
    (
      ["keys", "--count", "1e300"],
      "'1e300' is invalid for '--count <n>': must be a whole number from 1 to 1000000"
    ),
    (
      ["keys", "--count", "inf"],
      "'inf' is invalid for '--count <n>': must be a whole number from 1 to 1000000"
    ),
    (
      ["ttl", "--pattern", "*", "--count", "nan"],
      "'nan' is invalid for '--count <n>': must be a whole number from 1 to 1000000"
    ),
    (
      ["keys", "--limit", "-1"],
      "'-1' is invalid for '--limit <limit>': must be a whole number of 1 or more"
    ),
    (
      ["keys", "--limit", "0"],
      "'0' is invalid for '--limit <limit>': must be a whole number of 1 or more"
    ),
    (
      ["ttl", "--pattern", "*", "--set", "-5"],
      "'-5' is invalid for '--set <seconds>': must be a whole number from 1 to 3153600000"
    ),
    (
      ["ttl", "--pattern", "*", "--set", "9300000000000000"],
      "'9300000000000000' is invalid for '--set <seconds>': must be a whole number from 1 to 3153600000"
    ),
    (
      ["ns", "--sample", "-1"],
      "'-1' is invalid for '--sample <n>': must be a whole number from 1 to 10000000"
    ),
    (
      ["flush", "--pattern", "*", "--count", "0"],
      "'0' is invalid for '--count <n>': must be a whole number from 1 to 1000000"
    ),
  ])
  func numbersOutOfRangeNameTheFlagAndRange(arguments: [String], message: String) {
    do {
      _ = try RState.parse(arguments)
      Issue.record("expected a usage error for \(arguments)")
    } catch {
      #expect(RState.message(for: error) == "The value " + message)
      #expect(RState.exitCode(for: error) == ExitCode.validationFailure)
    }
  }

  /// Negative values of the connection options reach the settings resolver, which names the
  /// range (tested in SettingsResolverTests).
  @Test func negativeConnectionNumbersAreValues() throws {
    let parsed = try RState.parse([
      "keys", "-p", "-5", "-n", "-1", "-t", "-1", "--socket-timeout", "-2",
    ])
    let keys = try #require(parsed as? RState.Keys)
    #expect(keys.connection.port == "-5")
    #expect(keys.database.db == "-1")
    #expect(keys.connection.connectTimeout == "-1")
    #expect(keys.connection.socketTimeout == "-2")
    let flush = try #require(try RState.parse(["flush", "-n", "-3", "--db"]) as? RState.Flush)
    #expect(flush.databaseNumber == "-3")
  }

  @Test func typesAreCheckedBeforeAnythingIsScanned() throws {
    do {
      _ = try RState.parse(["keys", "--type", "hsh"])
      Issue.record("expected a usage error")
    } catch {
      #expect(
        RState.message(for: error)
          == "--type hsh is not a Redis type (did you mean hash?): give one of string, list, "
          + "set, zset, hash, stream, or a module's 9-character type name as TYPE shows it")
      #expect(RState.exitCode(for: error) == ExitCode.validationFailure)
    }
    #expect(throws: (any Error).self) {
      try RState.parse(["ttl", "--pattern", "*", "--summary", "--type", "strings2"])
    }
    for type in ["string", "HASH", "zset", "stream", "ReJSON-RL", "MBbloom--"] {
      #expect((try? RState.parse(["keys", "--type", type])) is RState.Keys, "\(type)")
    }
  }

  /// `exec --help` took --help for the command to send and connected to 127.0.0.1:6379.
  @Test(arguments: [["exec", "--help"], ["exec", "-?"], ["exec", "-p", "1", "--help", "x"]])
  func execHelpIsHelp(arguments: [String]) {
    do {
      _ = try RState.parse(arguments)
      Issue.record("expected help")
    } catch {
      #expect(RState.exitCode(for: error) == ExitCode.success)
      #expect(RState.fullMessage(for: error).contains("OVERVIEW: Run one Redis command"))
    }
    // After the command name, --help is an argument like any other.
    let echo = try? RState.parse(["exec", "ECHO", "--help"]) as? RState.Exec
    #expect(echo?.words == ["ECHO", "--help"])
  }

  @Test func exitStatusTableIsInTheHelp() {
    let help = RState.helpMessage(columns: 80)
    #expect(help.contains("EXIT STATUS:"))
    #expect(help.contains("64  usage error"))
    #expect(ExitStatus.usage == 64)
  }
}
